"""Claims and entities of a built graph as rows: JSON lines, CSV or an aligned table.

The rows come from the one read model (claims.py), so they say what explain, export, analyse and
the view say, from a graph file, an Oxigraph store folder or an rdflib Graph alike.
"""
from __future__ import annotations

import csv
import io
import json
import shutil

from rdflib import Graph

from kgraph.display import for_spreadsheet, for_terminal
from kgraph.read.claims import Corpus, Span, StatedClaim, read_corpus
from kgraph.store import GraphStore
from kgraph.vocab import KGR

CLAIM_COLUMNS = ["id", "kind", "claimant", "target", "charge", "role", "event", "quantity", "value", "date",
                 "period", "doc", "quote", "start", "end", "sources", "status", "confidence", "cameo", "report"]
ENTITY_COLUMNS = ["id", "label", "type", "kind", "aliases", "wikidata", "docs"]
# What a terminal table shows: claims with one `what` column (charge, role, figure or demand), so a
# line fits 80-120 characters; jsonl and csv keep every column.
MIN_WIDTH = 10  # a column narrower than this says too little to be worth showing
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


def terminal_width() -> int:
    """The terminal's columns (120 when not a terminal), never under 80."""
    return max(80, shutil.get_terminal_size((120, 24)).columns)


def aligned(cells: list[list[str]], header: list[str], width: int = 40, total: int | None = None,
            keep: tuple[str, ...] = (), least: int = MIN_WIDTH) -> str:
    """Columns padded to their widest cell, cut at `width` characters; with `total`, the widest
    columns (but those named in `keep`) are narrowed until a line fits in `total` characters. Control
    characters (escape sequences from an article) are shown escaped."""
    cells = [[for_terminal(value) for value in row] for row in cells]
    header = [for_terminal(name) for name in header]
    widths = [max(len(h), min(width if h not in keep else len(h) + 999, max([0] + [len(row[i]) for row in cells])))
              for i, h in enumerate(header)]
    if total is not None:
        widths = fitted(widths, header, total, keep, least)
    cells = [[value if len(value) <= w else value[: w - 1] + "…" for value, w in zip(row, widths)] for row in cells]
    lines = ["  ".join(h.ljust(w) for h, w in zip(header, widths)).rstrip(),
             "  ".join("-" * w for w in widths)]
    lines += ["  ".join(v.ljust(w) for v, w in zip(row, widths)).rstrip() for row in cells]
    return "\n".join(lines) + "\n"


def floors(widths: list[int], header: list[str], keep: tuple[str, ...], least: int = MIN_WIDTH) -> list[int]:
    """How narrow each column may get: not at all for `keep`, else to `least` (or its header)."""
    return [w if h in keep else min(w, max(len(h), least)) for w, h in zip(widths, header)]


def narrowest_line(cells: list[list[str]], header: list[str], keep: tuple[str, ...]) -> int:
    widths = [max([len(h)] + [len(row[i]) for row in cells]) for i, h in enumerate(header)]
    return sum(floors(widths, header, keep)) + 2 * (len(header) - 1)


def fitted(widths: list[int], header: list[str], total: int, keep: tuple[str, ...], least: int) -> list[int]:
    """Column widths whose line (with two spaces between columns) fits `total`, narrowing the widest first."""
    widths = list(widths)
    floor = floors(widths, header, keep, least)
    narrowable = [i for i, h in enumerate(header) if h not in keep]
    while sum(widths) + 2 * (len(widths) - 1) > total:
        i = max(narrowable, key=lambda i: (widths[i] - floor[i], -i), default=None)
        if i is None or widths[i] <= floor[i]:
            break
        widths[i] -= 1
    return widths


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
