"""The claims of a built graph as small records, read with SPARQL: what the analysis and the view start from."""
from __future__ import annotations

from collections import defaultdict
from dataclasses import dataclass

from rdflib import Graph

from kgraph.read.tables import entity_rows, local_name, number
from kgraph.vocab import CLAIM_CLASSES, PREFIXES

KIND_OF_CLASS = {str(cls): kind for kind, cls in CLAIM_CLASSES.items()}
UNNAMED = "unnamed source"

CLAIMS_QUERY = """
SELECT ?claim ?class ?claimant ?target ?event ?role ?quantity ?value ?status ?date ?text WHERE {
  VALUES ?class { kg:Accusation kg:ResponsibilityAttribution kg:Denial kg:FigureClaim kg:Appeal }
  ?claim a ?class .
  OPTIONAL { ?claim kg:claimant ?claimant }
  OPTIONAL { ?claim kg:target ?target }
  OPTIONAL { ?claim kg:event ?event }
  OPTIONAL { ?claim kg:role ?role }
  OPTIONAL { ?claim kg:quantity ?quantity }
  OPTIONAL { ?claim kg:value ?value }
  OPTIONAL { ?claim kg:epistemicStatus ?status }
  OPTIONAL { ?claim kg:claimDate ?date }
  OPTIONAL { ?claim kg:chargeText|kg:demand ?text }
}"""
CHARGES_QUERY = """
SELECT ?claim ?charge ?label WHERE {
  ?claim a kg:Claim ; kg:charge ?charge .
  OPTIONAL { ?charge skos:prefLabel ?label }
}"""
SOURCES_QUERY = "SELECT ?claim ?doc WHERE { ?claim a kg:Claim ; prov:wasDerivedFrom ?doc }"
# Evidence in three plain queries joined in Python: rdflib evaluates OPTIONAL groups over selectors
# in time quadratic in the number of spans (150 s for 3,000), plain patterns in linear time.
SPANS_QUERY = "SELECT ?claim ?span ?doc WHERE { ?claim kg:evidence ?span . ?span oa:hasSource ?doc }"
QUOTES_QUERY = "SELECT ?span ?quote WHERE { ?span oa:hasSelector ?q . ?q a oa:TextQuoteSelector ; oa:exact ?quote }"
POSITIONS_QUERY = """
SELECT ?span ?start ?end WHERE {
  ?span oa:hasSelector ?p . ?p a oa:TextPositionSelector ; oa:start ?start ; oa:end ?end
}
"""
REFUTES_QUERY = "SELECT ?denial ?claim WHERE { ?denial a kg:Denial ; kg:refutes ?claim }"
PART_OF_QUERY = "SELECT ?part ?whole WHERE { ?part kg:partOf ?whole }"
DOCUMENTS_QUERY = """
SELECT ?doc ?id ?date WHERE {
  ?doc a kg:Document .
  OPTIONAL { ?doc dcterms:identifier ?id }
  OPTIONAL { ?doc dcterms:date ?date }
}"""


@dataclass(frozen=True)
class Span:
    """Words of one document that state a claim."""

    doc: str
    quote: str
    start: int
    end: int
    date: str | None = None  # the document's publication date


@dataclass(frozen=True)
class StatedClaim:
    """One claim node: who said what about whom, where; entity fields hold IRIs."""

    id: str
    kind: str
    claimant: str | None = None
    target: str | None = None
    event: str | None = None
    charge: str | None = None  # labels of its charge concepts, or the words used
    role: str | None = None
    quantity: str | None = None
    value: float | int | None = None
    status: str = "asserted"
    date: str | None = None  # when it was said: its own date, else its first document's date
    docs: tuple[str, ...] = ()
    spans: tuple[Span, ...] = ()
    refutes: tuple[str, ...] = ()

    @property
    def sources(self) -> int:
        return len(self.docs)

    @property
    def other(self) -> str | None:
        """The other end of the claim's edge: the event for a figure, the target otherwise."""
        return self.event if self.kind == "figure" else self.target


@dataclass(frozen=True)
class Corpus:
    """Every claim of a graph, with the labels and classes of the entities they name."""

    claims: tuple[StatedClaim, ...]
    entities: dict[str, tuple[str, str]]  # IRI -> (label, class family such as ArmedGroup)
    part_of: tuple[tuple[str, str], ...] = ()
    documents: int = 0

    def label(self, node: str | None) -> str:
        if node is None:
            return UNNAMED
        return self.entities.get(node, (local_name(node), ""))[0]

    def type_of(self, node: str) -> str:
        return self.entities.get(node, ("", "Organisation"))[1]


def read_corpus(graph: Graph) -> Corpus:
    """Claims, entities, partOf links and the number of documents of a graph, in a stable order."""
    documents = {str(row.doc): (str(row.id or local_name(row.doc)), text(row.date))
                 for row in select(graph, DOCUMENTS_QUERY)}
    charges = grouped(graph, CHARGES_QUERY, lambda row: str(row.label or local_name(row.charge)))
    sources = grouped(graph, SOURCES_QUERY, lambda row: str(row.doc))
    spans = evidence_spans(graph, documents)
    refutes = grouped(graph, REFUTES_QUERY, lambda row: str(row.claim), key="denial")
    claims = {}
    for row in select(graph, CLAIMS_QUERY):
        claim = str(row.claim)
        docs = sorted({documents.get(d, (local_name(d), None)) for d in sources.get(claim, [])})
        claims[claim] = StatedClaim(
            id=claim, kind=KIND_OF_CLASS[str(row["class"])],
            claimant=text(row.claimant), target=text(row.target), event=text(row.event),
            charge="; ".join(sorted(set(charges[claim]))) if claim in charges else text(row.text),
            role=text(row.role), quantity=text(row.quantity), value=number(row.value),
            status=local_name(row.status).lower() or "asserted",
            date=claim_date(text(row.date), [d for _, d in docs if d]),
            docs=tuple(d for d, _ in docs), spans=tuple(sorted(set(spans.get(claim, [])), key=span_order)),
            refutes=tuple(sorted(set(refutes.get(claim, [])))),
        )
    entities = {row["id"]: (row["label"] or local_name(row["id"]), row["type"]) for row in entity_rows(graph)}
    part_of = tuple(sorted((str(r.part), str(r.whole)) for r in select(graph, PART_OF_QUERY)))
    return Corpus(tuple(claims[c] for c in sorted(claims)), entities, part_of, len(documents))


def claim_date(own: str | None, document_dates: list[str]) -> str | None:
    """The claim's own date when it names at least a month, else the first date it was published."""
    if own and len(own) >= 7:
        return own
    return min(document_dates, default=None) or own


def span_order(span: Span) -> tuple[str, int, int, str]:
    return span.doc, span.start, span.end, span.quote


def evidence_spans(graph: Graph, documents: dict[str, tuple[str, str | None]]) -> dict[str, list[Span]]:
    """Each claim's evidence spans, with the quote, offsets, document id and date of each."""
    quotes = {str(row.span): str(row.quote) for row in select(graph, QUOTES_QUERY)}
    positions = {str(row.span): (int(row.start), int(row.end)) for row in select(graph, POSITIONS_QUERY)}
    spans: dict[str, list[Span]] = defaultdict(list)
    for row in select(graph, SPANS_QUERY):
        doc, date = documents.get(str(row.doc), (local_name(row.doc), None))
        start, end = positions.get(str(row.span), (0, 0))
        spans[str(row.claim)].append(Span(doc, quotes.get(str(row.span), ""), start, end, date))
    return dict(spans)


def select(graph: Graph, query: str):
    return graph.query(query, initNs=dict(PREFIXES))


def grouped(graph: Graph, query: str, value, key: str = "claim") -> dict[str, list]:
    """Rows of a query collected per claim (or per `key` variable)."""
    groups: dict[str, list] = defaultdict(list)
    for row in select(graph, query):
        groups[str(row[key])].append(value(row))
    return dict(groups)


def text(value) -> str | None:
    return None if value is None else str(value)
