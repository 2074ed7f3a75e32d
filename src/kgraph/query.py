"""SPARQL over a graph, with the ontology's prefixes declared, printed for people or programs."""
from __future__ import annotations

import csv
import io
import json
import re

from pyparsing import ParseException
from rdflib import Graph
from rdflib.plugins.sparql import prepareQuery
from rdflib.query import Result

from .errors import QueryError
from .tables import aligned, cell
from .vocab import PREFIXES

UPDATE_WORDS = re.compile(r"^\s*(INSERT|DELETE|LOAD|CLEAR|CREATE|DROP|COPY|MOVE|ADD|WITH)\b", re.IGNORECASE | re.MULTILINE)
SELECT_FORMATS = ("table", "csv", "tsv", "json")


def run_query(graph: Graph, text: str) -> Result:
    """Run a read-only SPARQL query (SELECT, ASK, CONSTRUCT, DESCRIBE) with kgraph's prefixes."""
    if UPDATE_WORDS.search(strip_prologue(text)):
        raise QueryError("kgraph query only reads: SPARQL Update (INSERT, DELETE, LOAD, CLEAR...) is refused")
    try:
        prepared = prepareQuery(text, initNs=dict(PREFIXES))
    except ParseException as error:
        raise QueryError(f"SPARQL syntax error at line {error.lineno}, column {error.column}: {error.msg}") from None
    except Exception as error:  # unknown prefixes and the like surface as plain exceptions
        raise QueryError(f"SPARQL error: {' '.join(str(error).split())}") from None
    return graph.query(prepared)


def strip_prologue(text: str) -> str:
    """The query without comments and PREFIX/BASE lines, so the first keyword is the query form."""
    lines = [re.sub(r"#.*$", "", line) for line in text.splitlines()]
    body = "\n".join(lines)
    return re.sub(r"(?is)^\s*((PREFIX\s+\S*\s*<[^>]*>|BASE\s*<[^>]*>)\s*)*", "", body)


def format_result(result: Result, fmt: str = "table") -> str:
    """SELECT rows as table/csv/tsv/json, ASK as true/false, CONSTRUCT/DESCRIBE as Turtle."""
    if result.type == "ASK":
        return ("true" if result.askAnswer else "false") + "\n"
    if result.type in ("CONSTRUCT", "DESCRIBE"):
        graph = result.graph
        for prefix, namespace in PREFIXES.items():
            graph.bind(prefix, namespace)
        return graph.serialize(format="turtle")
    names = [str(v) for v in result.vars]
    rows = [[row[v] for v in result.vars] for row in result]
    if fmt == "json":
        return json.dumps([{n: (None if v is None else v.toPython() if hasattr(v, "toPython") else str(v))
                            for n, v in zip(names, row)} for row in rows], ensure_ascii=False, default=str) + "\n"
    if fmt in ("csv", "tsv"):
        buffer = io.StringIO()
        writer = csv.writer(buffer, delimiter="," if fmt == "csv" else "\t", lineterminator="\n")
        writer.writerow(names)
        writer.writerows([["" if v is None else str(v) for v in row] for row in rows])
        return buffer.getvalue()
    return aligned([[cell(v) for v in row] for row in rows], names, width=60)
