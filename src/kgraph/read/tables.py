"""Claims and entities of a built graph as rows: JSON lines, CSV or an aligned table.

The rows are read with plain SPARQL through the store interface (store.py), so they come out the
same from a graph file, an Oxigraph store folder or an rdflib Graph.
"""
from __future__ import annotations

import csv
import io
import json
from collections import defaultdict

import pyoxigraph as ox
from rdflib import Graph, URIRef
from rdflib.namespace import DCTERMS, OWL, RDF, RDFS, SKOS

from kgraph.rdf.terms import Term
from kgraph.store import GraphStore, as_store
from kgraph.vocab import CLAIM_CLASSES, ENTITY_CLASSES, KG

CLAIM_COLUMNS = ["id", "kind", "claimant", "target", "charge", "role", "event", "quantity", "value", "date",
                 "doc", "quote", "start", "end", "sources", "status", "confidence", "cameo", "report"]
ENTITY_COLUMNS = ["id", "label", "type", "kind", "aliases", "wikidata", "docs"]
KIND_OF_CLASS = {str(cls): kind for kind, cls in CLAIM_CLASSES.items()}
CLAIM_CLASSES_QUERY = "SELECT DISTINCT ?claim ?class WHERE { ?claim a kg:Claim , ?class }"
EVIDENCE_QUERY = """
SELECT ?claim ?evidence ?source ?start ?end ?quote WHERE {
  ?claim kg:evidence ?evidence .
  OPTIONAL { ?evidence oa:hasSource ?source }
  OPTIONAL { ?evidence oa:hasSelector ?position .
             ?position a oa:TextPositionSelector ; oa:start ?start ; oa:end ?end }
  OPTIONAL { ?evidence oa:hasSelector ?selector . ?selector a oa:TextQuoteSelector ; oa:exact ?quote }
}"""


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
            self.cache[str(predicate)] = dict(groups)
        return self.cache[str(predicate)]

    def values(self, node: str, predicate: URIRef) -> list[Term]:
        return sorted(self.of(predicate).get(node, []), key=term_text)

    def value(self, node: str, predicate: URIRef) -> Term | None:
        """The first object in text order, so a node with two values reads the same every time."""
        return next(iter(self.values(node, predicate)), None)

    def label(self, node: Term | None) -> str | None:
        if node is None:
            return None
        value = self.value(term_text(node), RDFS.label)
        return term_text(value) if value is not None else local_name(node)


def claim_rows(source: GraphStore | Graph, unique: bool = False) -> list[dict]:
    """One row per claim and document that states it (`unique`: one row per claim)."""
    facts = Facts(as_store(source))
    spans = evidence_spans(facts)
    kinds: dict[str, str | None] = {}
    for node, cls in facts.store.query(CLAIM_CLASSES_QUERY).rows:
        kinds.setdefault(term_text(node), None)
        if term_text(cls) in KIND_OF_CLASS:
            kinds[term_text(node)] = KIND_OF_CLASS[term_text(cls)]
    rows = []
    for claim in sorted(kinds):
        claim_spans = sorted(spans.get(claim, []), key=lambda s: (s[0], s[1]))
        docs = list(dict.fromkeys(span[0] for span in claim_spans))
        base: dict[str, object] = {"id": claim, "kind": kinds[claim], "sources": len(docs),
                                   "charge": charge_of(facts, claim)}
        for column, (predicate, read) in CLAIM_FACTS.items():
            base[column] = read(facts, facts.value(claim, predicate))
        for doc in docs[:1] if unique else docs:
            first = next(span for span in claim_spans if span[0] == doc)
            rows.append({**base, "doc": doc, "quote": first[3], "start": first[1], "end": first[2]})
    return [{column: row.get(column) for column in CLAIM_COLUMNS} for row in rows]


def entity_rows(source: GraphStore | Graph) -> list[dict]:
    """One row per actor, place, event and report."""
    facts = Facts(as_store(source))
    classes = {str(KG[name]): name for name in ENTITY_CLASSES}
    rows = []
    for node, types in sorted(facts.of(RDF.type).items()):
        names = [classes[term_text(t)] for t in types if term_text(t) in classes]
        if not names:
            continue
        specific = max(names, key=lambda n: (len(ENTITY_CLASSES[n]), n))
        wikidata = facts.value(node, OWL.sameAs)
        label = facts.value(node, RDFS.label)
        rows.append({
            "id": node,
            "label": text(label),
            "type": ENTITY_CLASSES[specific][0],
            "kind": specific if specific != ENTITY_CLASSES[specific][0] else None,
            "aliases": sorted(term_text(a) for a in facts.values(node, SKOS.altLabel)),
            "wikidata": term_text(wikidata).rsplit("/", 1)[-1] if wikidata else None,
            "docs": sorted(doc_id(facts, d) for d in facts.values(node, KG.mentionedIn)),
        })
    return rows


def format_rows(rows: list[dict], columns: list[str], fmt: str) -> str:
    """Rows as jsonl, csv, or an aligned table for people."""
    if fmt == "jsonl":
        return "".join(json.dumps(row, ensure_ascii=False) + "\n" for row in rows)
    if fmt == "csv":
        buffer = io.StringIO()
        writer = csv.DictWriter(buffer, fieldnames=columns, lineterminator="\n")
        writer.writeheader()
        for row in rows:
            writer.writerow({k: "; ".join(v) if isinstance(v, list) else v for k, v in row.items()})
        return buffer.getvalue()
    if fmt == "table":
        return aligned([[cell(row.get(c)) for c in columns] for row in rows], columns)
    raise ValueError(f"unknown format {fmt!r}")


def aligned(cells: list[list[str]], header: list[str], width: int = 40) -> str:
    """Columns padded to their widest cell (cut at `width` characters)."""
    cells = [[value if len(value) <= width else value[: width - 1] + "…" for value in row] for row in cells]
    widths = [max([len(h)] + [len(row[i]) for row in cells]) for i, h in enumerate(header)]
    lines = ["  ".join(h.ljust(w) for h, w in zip(header, widths)).rstrip(),
             "  ".join("-" * w for w in widths)]
    lines += ["  ".join(v.ljust(w) for v, w in zip(row, widths)).rstrip() for row in cells]
    return "\n".join(lines) + "\n"


def cell(value) -> str:
    if value is None:
        return ""
    if isinstance(value, list):
        return "; ".join(map(str, value))
    return " ".join(str(value).split())


def evidence_spans(facts: Facts) -> dict[str, list[tuple[str, int, int, str]]]:
    """(doc id, start, end, quote) of every evidence span, per claim."""
    by_evidence: dict[tuple[str, str], set[tuple[str, int, int, str]]] = defaultdict(set)
    for claim, evidence, source, start, end, quote in facts.store.query(EVIDENCE_QUERY).rows:
        doc = doc_id(facts, source) if source is not None else ""
        span = (doc, int(number(start) or 0), int(number(end) or 0), text(quote) or "")
        by_evidence[term_text(claim), term_text(evidence)].add(span)
    spans: dict[str, list[tuple[str, int, int, str]]] = defaultdict(list)
    for (claim_id, _), found in sorted(by_evidence.items()):
        spans[claim_id].append(min(found))  # one span per evidence node, even if it has two selectors of a kind
    return dict(spans)


def charge_of(facts: Facts, claim: str) -> str | None:
    """Labels of the charge concepts, or else the words the article used for the charge or demand."""
    concepts = facts.values(claim, KG.charge)
    labels = sorted(text(facts.value(term_text(c), SKOS.prefLabel)) or local_name(c) for c in concepts)
    if labels:
        return "; ".join(labels)
    return text(facts.value(claim, KG.chargeText)) or text(facts.value(claim, KG.demand))


def doc_id(facts: Facts, document: Term) -> str:
    identifier = facts.value(term_text(document), DCTERMS.identifier)
    return term_text(identifier) if identifier is not None else local_name(document)


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


def status_name(facts: Facts, value) -> str | None:
    return local_name(value).lower() or None


CLAIM_FACTS = {  # column: (predicate, how its first value reads)
    "claimant": (KG.claimant, Facts.label),
    "target": (KG.target, Facts.label),
    "role": (KG.role, lambda facts, value: text(value)),
    "event": (KG.event, Facts.label),
    "quantity": (KG.quantity, lambda facts, value: text(value)),
    "value": (KG.value, lambda facts, value: number(value)),
    "date": (KG.claimDate, lambda facts, value: text(value)),
    "status": (KG.epistemicStatus, status_name),
    "confidence": (KG.confidence, lambda facts, value: number(value)),
    "cameo": (KG.cameoCode, lambda facts, value: text(value)),
    "report": (KG.statedIn, Facts.label),
}
