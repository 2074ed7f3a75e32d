"""Claims and entities of a built graph as rows: JSON lines, CSV or an aligned table.

The rows come from the one read model (claims.py), so they say what explain, export, analyse and
the view say, from a graph file, an Oxigraph store folder or an rdflib Graph alike.
"""
from __future__ import annotations

import csv
import io
import json

from rdflib import Graph

from kgraph.read.claims import Corpus, Span, StatedClaim, read_corpus
from kgraph.store import GraphStore

CLAIM_COLUMNS = ["id", "kind", "claimant", "target", "charge", "role", "event", "quantity", "value", "date",
                 "period", "doc", "quote", "start", "end", "sources", "status", "confidence", "cameo", "report"]
ENTITY_COLUMNS = ["id", "label", "type", "kind", "aliases", "wikidata", "docs"]


def claim_rows(source: GraphStore | Graph | Corpus, unique: bool = False) -> list[dict]:
    """One row per claim and document that states it (`unique`: one row per claim)."""
    corpus = source if isinstance(source, Corpus) else read_corpus(source)
    rows = []
    for claim in corpus.claims:
        base = claim_base(corpus, claim)
        docs = list(dict.fromkeys(span.doc for span in claim.spans))
        for doc in docs[:1] if unique else docs:
            first = next(span for span in claim.spans if span.doc == doc)
            rows.append({**base, "doc": doc, "quote": first.quote, "start": first.start, "end": first.end,
                         "date": row_date(claim, first)})
    return [{column: row.get(column) for column in CLAIM_COLUMNS} for row in rows]


def claim_base(corpus: Corpus, claim: StatedClaim) -> dict[str, object]:
    """A claim's columns but its document's: entities by label."""
    def label(node: str | None) -> str | None:
        return None if node is None else corpus.label(node)

    return {"id": claim.id, "kind": claim.kind, "claimant": label(claim.claimant), "target": label(claim.target),
            "charge": claim.charge, "role": claim.role, "event": label(claim.event), "quantity": claim.quantity,
            "value": claim.value, "period": claim.period, "sources": len({span.doc for span in claim.spans}),
            "status": claim.status, "confidence": claim.confidence, "cameo": claim.cameo,
            "report": label(claim.report)}


def row_date(claim: StatedClaim, span: Span) -> str | None:
    """When the claim was made, as the row's document dates it: the claim's own day, else the
    document's publication date (as the named query claims-by-date gives it), else the claim's date."""
    return claim.said_on or span.date or claim.date


def entity_rows(source: GraphStore | Graph | Corpus) -> list[dict]:
    """One row per actor, place, event and report."""
    corpus = source if isinstance(source, Corpus) else read_corpus(source)
    return [{"id": e.id, "label": e.label, "type": e.type, "kind": e.kind, "aliases": list(e.aliases),
             "wikidata": e.wikidata, "docs": list(e.docs)} for e in corpus.entities.values()]


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
