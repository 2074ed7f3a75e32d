"""The one read model of a built graph: claims with their evidence, the entities they name and the
documents that state them, read once with plain SPARQL from any store (a graph file, an Oxigraph
store folder, an rdflib Graph). Tables, explain, export, analyse and view all start from `read_corpus`.
"""
from __future__ import annotations

from collections import defaultdict
from dataclasses import dataclass

import pyoxigraph as ox
from rdflib import Graph, URIRef
from rdflib.namespace import DCTERMS, OWL, PROV, RDF, RDFS, SKOS

from kgraph.rdf.terms import Term
from kgraph.store import GraphStore, as_store, require_kgraph_graph
from kgraph.vocab import ENTITY_CLASSES, KG, KIND_OF_CLASS

UNNAMED = "unnamed source"
CLAIM_CLASSES_QUERY = "SELECT DISTINCT ?claim ?class WHERE { ?claim a kg:Claim , ?class }"
EVIDENCE_QUERY = """
SELECT ?claim ?evidence ?source ?start ?end ?quote WHERE {
  ?claim kg:evidence ?evidence .
  OPTIONAL { ?evidence oa:hasSource ?source }
  OPTIONAL { ?evidence oa:hasSelector ?position .
             ?position a oa:TextPositionSelector ; oa:start ?start ; oa:end ?end }
  OPTIONAL { ?evidence oa:hasSelector ?selector . ?selector a oa:TextQuoteSelector ; oa:exact ?quote }
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
    kind: str | None  # a key of vocab.CLAIM_CLASSES; None for a kg:Claim of no known class
    claimant: str | None = None
    target: str | None = None
    event: str | None = None
    charge: str | None = None  # labels of its charge concepts, or the words used
    role: str | None = None
    quantity: str | None = None
    value: float | int | None = None
    status: str = "asserted"
    date: str | None = None  # when it was said: its own day, else first published (see `claim_date`)
    docs: tuple[str, ...] = ()
    spans: tuple[Span, ...] = ()  # one per evidence node, in document and offset order
    refutes: tuple[str, ...] = ()
    period: str | None = None  # a month or year the words name ("since June"), not when it was said
    said_on: str | None = None  # the day its own words or tense date it to, if any
    confidence: float | int | None = None
    cameo: str | None = None
    report: str | None = None  # IRI of the report it was stated in

    @property
    def sources(self) -> int:
        return len(self.docs)

    @property
    def other(self) -> str | None:
        """The other end of the claim's edge: the event for a figure, the target otherwise."""
        return self.event if self.kind == "figure" else self.target


@dataclass(frozen=True)
class ReadEntity:
    """An actor, place, event or report of the graph; `type` is its family (the table's `type`)."""

    id: str
    label: str | None
    type: str
    kind: str | None = None  # the specific class when it is not the family (ArmedForces)
    aliases: tuple[str, ...] = ()
    wikidata: str | None = None
    docs: tuple[str, ...] = ()


@dataclass(frozen=True)
class Corpus:
    """Every claim of a graph, with the entities they name."""

    claims: tuple[StatedClaim, ...]
    entities: dict[str, ReadEntity]
    part_of: tuple[tuple[str, str], ...] = ()
    documents: int = 0
    labels: dict[str, str] | None = None  # the rdfs:label of any node, entity or not

    def label(self, node: str | None) -> str:
        if node is None:
            return UNNAMED
        entity = self.entities.get(node)
        return (entity.label if entity else None) or (self.labels or {}).get(node) or local_name(node)

    def type_of(self, node: str) -> str:
        entity = self.entities.get(node)
        return entity.type if entity else "Organisation"


class Facts:
    """The objects of a predicate, per subject, fetched once with one SPARQL query."""

    def __init__(self, store: GraphStore) -> None:
        self.store = store
        self.cache: dict[str, dict[str, list[Term]]] = {}

    def of(self, predicate: URIRef) -> dict[str, list[Term]]:
        if str(predicate) not in self.cache:
            groups: dict[str, list[Term]] = defaultdict(list)
            query = f"SELECT DISTINCT ?s ?o WHERE {{ ?s <{predicate}> ?o }}"  # DISTINCT: a server's union may repeat
            for subject, value in self.store.query(query).rows:
                groups[term_text(subject)].append(value)  # type: ignore[arg-type]
            self.cache[str(predicate)] = {node: sorted(values, key=term_text) for node, values in groups.items()}
        return self.cache[str(predicate)]

    def values(self, node: str, predicate: URIRef) -> list[Term]:
        return self.of(predicate).get(node, [])

    def value(self, node: str, predicate: URIRef) -> Term | None:
        """The first object in text order, so a node with two values reads the same every time."""
        return next(iter(self.values(node, predicate)), None)

    def text(self, node: str, predicate: URIRef) -> str | None:
        return text(self.value(node, predicate))


def read_corpus(source: GraphStore | Graph) -> Corpus:
    """Claims, entities, partOf links and the number of documents of a graph, in a stable order.

    InputError when the graph is not one kgraph built (the ontology file, another Turtle file).
    """
    store = as_store(source)
    require_kgraph_graph(store)
    facts = Facts(store)
    documents = read_documents(facts)
    spans = evidence_spans(facts, documents)
    kinds: dict[str, str | None] = {}
    for node, cls in store.query(CLAIM_CLASSES_QUERY).rows:
        kinds.setdefault(term_text(node), None)
        if term_text(cls) in KIND_OF_CLASS:
            kinds[term_text(node)] = KIND_OF_CLASS[term_text(cls)]
    claims = tuple(read_claim(facts, claim, kind, spans.get(claim, []), documents)
                   for claim, kind in sorted(kinds.items()))
    part_of = tuple(sorted((node, term_text(whole)) for node, wholes in facts.of(KG.partOf).items()
                           for whole in wholes))
    labels = {node: term_text(values[0]) for node, values in facts.of(RDFS.label).items()}
    return Corpus(claims, read_entities(facts), part_of, len(documents), labels)


def read_documents(facts: Facts) -> dict[str, str | None]:
    """Each document's IRI -> its publication date."""
    return {node: facts.text(node, DCTERMS.date)
            for node, types in facts.of(RDF.type).items() if any(term_text(t) == str(KG.Document) for t in types)}


def doc_id(facts: Facts, document: Term) -> str:
    return facts.text(term_text(document), DCTERMS.identifier) or local_name(document)


def read_claim(facts: Facts, claim: str, kind: str | None, spans: list[Span],
               documents: dict[str, str | None]) -> StatedClaim:
    derived = facts.values(claim, PROV.wasDerivedFrom)
    docs = tuple(dict.fromkeys([span.doc for span in spans] + sorted(doc_id(facts, d) for d in derived)))
    published = [date for d in derived if (date := documents.get(term_text(d)))]
    own = facts.text(claim, KG.claimDate)
    return StatedClaim(
        id=claim, kind=kind, claimant=facts.text(claim, KG.claimant), target=facts.text(claim, KG.target),
        event=facts.text(claim, KG.event), charge=charge_of(facts, claim), role=facts.text(claim, KG.role),
        quantity=facts.text(claim, KG.quantity), value=number(facts.value(claim, KG.value)),
        status=local_name(facts.value(claim, KG.epistemicStatus)).lower() or "asserted",
        date=claim_date(own, published), period=period_of(own),
        said_on=own if own and len(own) == 10 else None, docs=docs, spans=tuple(spans),
        refutes=tuple(term_text(c) for c in facts.values(claim, KG.refutes)),
        confidence=number(facts.value(claim, KG.confidence)), cameo=facts.text(claim, KG.cameoCode),
        report=facts.text(claim, KG.statedIn),
    )


def claim_date(own: str | None, published: list[str]) -> str | None:
    """When a claim was made: its own date when that is a day, else the first date it was published.

    A month or a year of its own (kg:claimDate 2012-06 from "15 killed since June" in an article
    of 2012-09-11) is a period the words name, kept as `period`; it stands in for the date only
    when no publication date is known. The named query claims-by-date dates claims the same way.
    """
    if own and len(own) == 10:
        return own
    return min(published, default=None) or own


def period_of(own: str | None) -> str | None:
    """A claim's own date when it is a month or a year rather than a day."""
    return own if own and len(own) < 10 else None


def evidence_spans(facts: Facts, documents: dict[str, str | None]) -> dict[str, list[Span]]:
    """Each claim's evidence spans (one per evidence node), with the document id and date of each."""
    by_evidence: dict[tuple[str, str], set[Span]] = defaultdict(set)
    for claim, evidence, source, start, end, quote in facts.store.query(EVIDENCE_QUERY).rows:
        doc = doc_id(facts, source) if source is not None else ""
        date = documents.get(term_text(source)) if source is not None else None
        span = Span(doc, text(quote) or "", int(number(start) or 0), int(number(end) or 0), date)
        by_evidence[term_text(claim), term_text(evidence)].add(span)
    spans: dict[str, list[Span]] = defaultdict(list)
    for (node, _), found in sorted(by_evidence.items()):
        spans[node].append(min(found, key=span_order))  # one span per evidence node, even with two selectors
    return {node: sorted(found, key=span_order) for node, found in spans.items()}


def span_order(span: Span) -> tuple[str, int, int, str]:
    return span.doc, span.start, span.end, span.quote


def read_entities(facts: Facts) -> dict[str, ReadEntity]:
    """Every actor, place, event and report, by IRI, typed by its most specific class."""
    classes = {str(KG[name]): name for name in ENTITY_CLASSES}
    entities = {}
    for node, types in sorted(facts.of(RDF.type).items()):
        names = [classes[term_text(t)] for t in types if term_text(t) in classes]
        if not names:
            continue
        specific = max(names, key=lambda n: (len(ENTITY_CLASSES[n]), n))
        wikidata = facts.text(node, OWL.sameAs)
        entities[node] = ReadEntity(
            id=node, label=facts.text(node, RDFS.label), type=ENTITY_CLASSES[specific][0],
            kind=specific if specific != ENTITY_CLASSES[specific][0] else None,
            aliases=tuple(sorted(term_text(a) for a in facts.values(node, SKOS.altLabel))),
            wikidata=wikidata.rsplit("/", 1)[-1] if wikidata else None,
            docs=tuple(sorted(doc_id(facts, d) for d in facts.values(node, KG.mentionedIn))),
        )
    return entities


def charge_of(facts: Facts, claim: str) -> str | None:
    """Labels of the charge concepts, or else the words the article used for the charge or demand."""
    concepts = facts.values(claim, KG.charge)
    labels = sorted(facts.text(term_text(c), SKOS.prefLabel) or local_name(c) for c in concepts)
    if labels:
        return "; ".join(labels)
    return facts.text(claim, KG.chargeText) or facts.text(claim, KG.demand)


def term_text(term) -> str:
    """The IRI, lexical form or blank node id of a term (pyoxigraph or rdflib)."""
    if isinstance(term, (ox.NamedNode, ox.BlankNode, ox.Literal)):
        return term.value
    return str(term)


def text(value) -> str | None:
    return None if value is None else term_text(value)


def number(value) -> float | int | None:
    """A numeric literal (pyoxigraph or rdflib) as an int when it is whole, else a float."""
    if value is None:
        return None
    result = float(value.value) if isinstance(value, ox.Literal) else float(value.toPython())
    return int(result) if result.is_integer() else result


def local_name(node) -> str:
    if node is None:
        return ""
    value = term_text(node)
    return value.rsplit("#", 1)[-1].rsplit("/", 1)[-1]
