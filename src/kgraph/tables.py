"""Claims and entities of a built graph as rows: JSON lines, CSV or an aligned table."""
from __future__ import annotations

import csv
import io
import json

from rdflib import Graph, URIRef
from rdflib.namespace import DCTERMS, OWL, RDF, RDFS, SKOS

from .vocab import CLAIM_CLASSES, ENTITY_CLASSES, KG, OA

CLAIM_COLUMNS = ["id", "kind", "claimant", "target", "charge", "role", "event", "quantity", "value", "date",
                 "doc", "quote", "start", "end", "sources", "status", "confidence", "cameo", "report"]
ENTITY_COLUMNS = ["id", "label", "type", "kind", "aliases", "wikidata", "docs"]
KIND_OF_CLASS = {cls: kind for kind, cls in CLAIM_CLASSES.items()}


def claim_rows(graph: Graph, unique: bool = False) -> list[dict]:
    """One row per claim and document that states it (`unique`: one row per claim)."""
    rows = []
    for claim in sorted(set(graph.subjects(RDF.type, KG.Claim))):
        kind = next((KIND_OF_CLASS[c] for c in graph.objects(claim, RDF.type) if c in KIND_OF_CLASS), None)
        spans = sorted((evidence_of(graph, e) for e in graph.objects(claim, KG.evidence)), key=lambda s: (s[0], s[1]))
        docs = list(dict.fromkeys(span[0] for span in spans))
        base = {
            "id": str(claim),
            "kind": kind,
            "claimant": label(graph, graph.value(claim, KG.claimant)),
            "target": label(graph, graph.value(claim, KG.target)),
            "charge": charge_of(graph, claim),
            "role": text(graph.value(claim, KG.role)),
            "event": label(graph, graph.value(claim, KG.event)),
            "quantity": text(graph.value(claim, KG.quantity)),
            "value": number(graph.value(claim, KG.value)),
            "date": text(graph.value(claim, KG.claimDate)),
            "sources": len(docs),
            "status": local_name(graph.value(claim, KG.epistemicStatus)).lower() or None,
            "confidence": number(graph.value(claim, KG.confidence)),
            "cameo": text(graph.value(claim, KG.cameoCode)),
            "report": label(graph, graph.value(claim, KG.statedIn)),
        }
        for doc in docs[:1] if unique else docs:
            first = next(span for span in spans if span[0] == doc)
            rows.append({**base, "doc": doc, "quote": first[3], "start": first[1], "end": first[2]})
    return [{column: row.get(column) for column in CLAIM_COLUMNS} for row in rows]


def entity_rows(graph: Graph) -> list[dict]:
    """One row per actor, place, event and report."""
    rows = []
    classes = {KG[name]: name for name in ENTITY_CLASSES}
    for node in sorted({s for c in classes for s in graph.subjects(RDF.type, c)}):
        names = [classes[c] for c in graph.objects(node, RDF.type) if c in classes]
        specific = max(names, key=lambda n: (len(ENTITY_CLASSES[n]), n))
        wikidata = graph.value(node, OWL.sameAs)
        rows.append({
            "id": str(node),
            "label": text(graph.value(node, RDFS.label)),
            "type": ENTITY_CLASSES[specific][0],
            "kind": specific if specific != ENTITY_CLASSES[specific][0] else None,
            "aliases": sorted(str(a) for a in graph.objects(node, SKOS.altLabel)),
            "wikidata": str(wikidata).rsplit("/", 1)[-1] if wikidata else None,
            "docs": sorted(doc_id(graph, d) for d in graph.objects(node, KG.mentionedIn)),
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


def evidence_of(graph: Graph, evidence: URIRef) -> tuple[str, int, int, str]:
    """(doc id, start, end, quote) of an evidence node."""
    doc = doc_id(graph, graph.value(evidence, OA.hasSource))
    start = end = 0
    quote = ""
    for selector in graph.objects(evidence, OA.hasSelector):
        if (selector, RDF.type, OA.TextPositionSelector) in graph:
            start, end = int(graph.value(selector, OA.start)), int(graph.value(selector, OA.end))
        elif (selector, RDF.type, OA.TextQuoteSelector) in graph:
            quote = str(graph.value(selector, OA.exact))
    return doc, start, end, quote


def charge_of(graph: Graph, claim: URIRef) -> str | None:
    labels = sorted(str(graph.value(c, SKOS.prefLabel) or local_name(c)) for c in graph.objects(claim, KG.charge))
    free = text(graph.value(claim, KG.chargeText)) or text(graph.value(claim, KG.demand))
    if labels:
        return "; ".join(labels)
    return free


def doc_id(graph: Graph, document) -> str:
    identifier = graph.value(document, DCTERMS.identifier)
    return str(identifier) if identifier else local_name(document)


def label(graph: Graph, node) -> str | None:
    if node is None:
        return None
    value = graph.value(node, RDFS.label)
    return str(value) if value is not None else local_name(node)


def text(value) -> str | None:
    return None if value is None else str(value)


def number(value) -> float | int | None:
    if value is None:
        return None
    result = float(value.toPython())
    return int(result) if result.is_integer() else result


def local_name(node) -> str:
    if node is None:
        return ""
    value = str(node)
    return value.rsplit("#", 1)[-1].rsplit("/", 1)[-1]

