"""Claims and entities of a built graph as rows: JSON lines, CSV or an aligned table.

The rows come from the one read model (claims.py), so they say what explain, export, analyse and
the view say, from a graph file, an Oxigraph store folder or an rdflib Graph alike.
"""
from __future__ import annotations

import csv
import io
import json

from rdflib import Graph

from kgraph.display import aligned, for_spreadsheet, narrowest_line, terminal_width
from kgraph.read.claims import Corpus, Span, StatedClaim, read_corpus
from kgraph.store import GraphStore
from kgraph.vocab import KGR

CLAIM_COLUMNS = ["id", "kind", "claimant", "target", "charge", "role", "event", "quantity", "value", "date",
                 "period", "doc", "quote", "start", "end", "sources", "status", "confidence", "cameo", "report"]
ENTITY_COLUMNS = ["id", "label", "type", "kind", "aliases", "wikidata", "docs"]
# What a terminal table shows: claims with one `what` column (charge, role, figure or demand), so a
# line fits 80-120 characters; jsonl and csv keep every column.
# Entities lead with the label that `kgraph explain` takes; their ids run to 90 characters.
TABLE_COLUMNS = {"claims": ["id", "kind", "claimant", "target", "what", "date", "doc", "status"],
                 "entities": ["label", "type", "kind", "aliases", "wikidata", "docs", "id"]}


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
            writer.writerow({k: csv_cell(v) for k, v in row.items()})
        return buffer.getvalue()
    if fmt == "table":
        return terminal_table(rows, columns)
    raise ValueError(f"unknown format {fmt!r}")


def terminal_table(rows: list[dict], columns: list[str]) -> str:
    """The columns people read first, fitted to the terminal; jsonl and csv keep every column whole."""
    claims = "charge" in columns
    shown = TABLE_COLUMNS["claims" if claims else "entities"]
    cells = [[cell(table_value(row, c)) for c in shown] for row in rows]
    total, keep = terminal_width(), ("id",) if claims else ()
    while len(shown) > 2 and narrowest_line(cells, shown, keep) > total:  # the last columns matter least
        shown, cells = shown[:-1], [row[:-1] for row in cells]
    return aligned(cells, shown, total=total, keep=keep)


def table_value(row: dict, column: str) -> object:
    if column == "id":
        return short_id(row["id"])
    if column == "what":
        figure = " ".join(str(part) for part in (row["value"], row["quantity"]) if part is not None)
        return row["charge"] or (f"{row['role']} role" if row["role"] else figure)
    return row.get(column)


def short_id(iri: str) -> str:
    """A claim's or entity's IRI as `kgraph explain` takes it: accusation-1a2b..., actor/hamas."""
    return iri.removeprefix(str(KGR)).removeprefix("claim/")


def csv_cell(value):
    """A row's value in a CSV cell: lists joined by "; ", text kept from being read as a formula."""
    if isinstance(value, list):
        value = "; ".join(value)
    return for_spreadsheet(value) if isinstance(value, str) else value


def cell(value) -> str:
    if value is None:
        return ""
    if isinstance(value, list):
        return "; ".join(map(str, value))
    return " ".join(str(value).split())
