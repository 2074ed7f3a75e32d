"""SPARQL over any store, with the ontology's prefixes declared, printed for people or programs.

Named queries ship in kgraph/store/queries/*.rq. A query takes parameters through marker comments: a line
`# param ?actor: what it is` is replaced by `VALUES ?actor { "Hamas" }` when the user gives
`--param actor=Hamas`. The value is written as an escaped RDF literal, never as SPARQL text, and the
marker is a comment, so a query without the value still runs (the variable stays unbound).
"""
from __future__ import annotations

import csv
import difflib
import io
import json
import re
from dataclasses import dataclass
from datetime import date
from importlib.resources import files

import pyoxigraph as ox
from rdflib import Graph

from kgraph.display import aligned, for_spreadsheet, terminal_width
from kgraph.errors import QueryError
from kgraph.rdf.terms import Term, serialized
from kgraph.store import Answer, GraphStore, as_store
from kgraph.store.sparql import calls_service
from kgraph.vocab import PREFIXES

PROLOGUE = re.compile(r"\s+|#[^\n]*|PREFIX\s+[^\s:]*:\s*<[^>]*>|BASE\s*<[^>]*>", re.IGNORECASE)
FORMS = ("SELECT", "ASK", "CONSTRUCT", "DESCRIBE")
PARAMETER = re.compile(r"^([ \t]*)#[ \t]*param[ \t]+\?(\w+)(?:[ \t]+(\w+))?[ \t]*:[ \t]*(.*)$", re.MULTILINE)
TABLE_PREFIXES = {str(namespace): prefix for prefix, namespace in PREFIXES.items()}
LOCAL_NAME = re.compile(r"[A-Za-z0-9_]([A-Za-z0-9_.-]*[A-Za-z0-9_-])?")  # no "/": kgr:actor/hamas is not SPARQL
XSD = "http://www.w3.org/2001/XMLSchema#"
NUMBER_TYPES = {XSD + name: float for name in ("decimal", "double", "float")} | {
    XSD + name: int for name in ("integer", "int", "long", "short", "nonNegativeInteger", "positiveInteger",
                                 "nonPositiveInteger", "negativeInteger", "unsignedInt", "unsignedLong")}


@dataclass(frozen=True)
class Parameter:
    name: str
    kind: str  # a key of PARAMETER_TYPES
    description: str


@dataclass(frozen=True)
class NamedQuery:
    """A query of the library: its name (file stem), what it answers, its parameters and text."""

    name: str
    summary: str
    parameters: tuple[Parameter, ...]
    text: str


def run_query(source: GraphStore | Graph, text: str, params: dict[str, str] | None = None) -> Answer:
    """Run a read-only SPARQL query (SELECT, ASK, CONSTRUCT, DESCRIBE), binding any parameters."""
    form = query_form(text)
    if form not in FORMS:
        if form in {"INSERT", "DELETE", "LOAD", "CLEAR", "CREATE", "DROP", "COPY", "MOVE", "ADD", "WITH"}:
            raise QueryError(f"kgraph query only reads: SPARQL Update ({form}) is refused; "
                             "change the graph by rebuilding it")
        raise QueryError(f"not a SPARQL query: expected SELECT, ASK, CONSTRUCT or DESCRIBE, found {form or 'nothing'}")
    if calls_service(text):  # the engine would fetch any URL, with no time limit
        raise QueryError("kgraph query reads only this graph: SERVICE (querying another endpoint) is refused")
    return as_store(source).query(bind_parameters(text, params or {}))


def query_form(text: str) -> str:
    """The first keyword after comments and PREFIX/BASE declarations, upper-cased ('' if none)."""
    position = 0
    while match := PROLOGUE.match(text, position):
        if match.end() == position:
            break
        position = match.end()
    keyword = re.match(r"[A-Za-z]+", text[position:])
    return keyword.group(0).upper() if keyword else ""


def parameters_of(text: str) -> tuple[Parameter, ...]:
    """The `# param ?name [type]: description` markers of a query."""
    found = []
    for _, name, kind, description in PARAMETER.findall(text):
        if (kind or "string") not in PARAMETER_TYPES:
            raise QueryError(f"parameter ?{name}: unknown type {kind!r}; use one of {', '.join(PARAMETER_TYPES)}")
        found.append(Parameter(name, kind or "string", description.strip()))
    return tuple(found)


def bind_parameters(text: str, values: dict[str, str]) -> str:
    """The query with each given parameter's marker replaced by a VALUES clause holding it as a literal."""
    declared = {parameter.name: parameter for parameter in parameters_of(text)}
    unknown = sorted(set(values) - set(declared))
    if unknown:
        takes = ", ".join(sorted(declared)) or "none"
        raise QueryError(f"the query has no parameter {', '.join(unknown)} (it takes: {takes})")

    def bind(match: re.Match) -> str:
        indent, name = match.group(1), match.group(2)
        if name not in values:
            return match.group(0)
        literal = PARAMETER_TYPES[declared[name].kind](name, values[name])
        return f"{indent}VALUES ?{name} {{ {literal} }}"  # str() of a Literal is escaped N-Triples

    return PARAMETER.sub(bind, text)


LABELS_QUERY = "SELECT DISTINCT ?name WHERE { { ?node rdfs:label ?name } UNION { ?node skos:altLabel ?name } }"


def unmatched_names(source: GraphStore | Graph, text: str, params: dict[str, str]) -> list[str]:
    """A note for each name parameter (actor=, event=) whose value is no label or alias in the graph.

    A misspelt name matches nothing and gives an empty table; the note names the closest labels.
    """
    kinds = {parameter.name: parameter.kind for parameter in parameters_of(text)}
    given = {name: value for name, value in params.items() if kinds.get(name) == "string"}
    if not given:
        return []
    names = [plain(row[0]) for row in as_store(source).query(LABELS_QUERY).rows]
    known = {name.casefold() for name in names}
    return [f"--param {name}={value!r} is no label or alias in the graph; closest: "
            f"{', '.join(closest(value, names)) or 'none'}"
            for name, value in sorted(given.items()) if value.casefold() not in known]


def closest(value: str, names: list[str], count: int = 5) -> list[str]:
    """The names most like `value`, ignoring case, best first."""
    by_folded: dict[str, str] = {}
    for name in sorted(names):
        by_folded.setdefault(name.casefold(), name)
    matches = difflib.get_close_matches(value.casefold(), list(by_folded), n=count, cutoff=0.6)
    return [by_folded[match] for match in matches]


def string_value(name: str, value: str) -> ox.Literal:
    return ox.Literal(value)


def date_value(name: str, value: str) -> ox.Literal:
    try:
        date.fromisoformat(value)
    except ValueError:
        raise QueryError(f"parameter {name}: {value!r} is not a date; write it as YYYY-MM-DD") from None
    if len(value) != 10:
        raise QueryError(f"parameter {name}: {value!r} is not a date; write it as YYYY-MM-DD")
    return ox.Literal(value)


PARAMETER_TYPES = {"string": string_value, "date": date_value}


def named_queries() -> list[NamedQuery]:
    """Every query of the library, by name."""
    folder = files("kgraph.store") / "queries"
    entries = sorted((entry for entry in folder.iterdir() if entry.name.endswith(".rq")), key=lambda e: e.name)
    return [named_query_of(entry.name.removesuffix(".rq"), entry.read_text(encoding="utf-8")) for entry in entries]


def named_query(name: str) -> NamedQuery:
    """One query of the library, or QueryError naming the ones there are."""
    library = {query.name: query for query in named_queries()}
    if name not in library:
        raise QueryError(f"no named query {name!r}; `kgraph query --list` shows: {', '.join(library)}")
    return library[name]


def named_query_of(name: str, text: str) -> NamedQuery:
    first = text.splitlines()[0] if text else ""
    summary = first.lstrip("#").strip()
    summary = summary.removeprefix(f"{name}:").strip()
    return NamedQuery(name, summary, parameters_of(text), text)


def describe_library(queries: list[NamedQuery]) -> str:
    """The library as a list for people: name, what it answers, and its parameters."""
    width = max((len(query.name) for query in queries), default=0)
    lines = []
    for query in queries:
        lines.append(f"{query.name.ljust(width)}  {query.summary}")
        for parameter in query.parameters:
            kind = "" if parameter.kind == "string" else f" ({parameter.kind})"
            lines.append(f"{'':{width}}    --param {parameter.name}=…{kind}  {parameter.description}")
    return "\n".join(lines) + "\n"


def format_answer(answer: Answer, fmt: str = "table") -> str:
    """SELECT rows as table/csv/tsv/json, ASK as true/false, CONSTRUCT/DESCRIBE as Turtle."""
    if answer.form == "ASK":
        return ("true" if answer.boolean else "false") + "\n"
    if answer.form == "GRAPH":
        return graph_turtle(answer.triples)
    return ROW_FORMATS[fmt](answer)


def graph_turtle(triples: tuple[ox.Triple, ...]) -> str:
    """Triples as Turtle, sorted; kgraph's instance IRIs stay whole (they hold slashes)."""
    ordered = sorted(triples, key=lambda t: (str(t.subject), str(t.predicate), str(t.object)))
    prefixes = {prefix: str(namespace) for prefix, namespace in PREFIXES.items() if prefix != "kgr"}
    return serialized(ordered, ox.RdfFormat.TURTLE, prefixes).decode("utf-8")


def as_table(answer: Answer) -> str:
    cells = [[" ".join(display(value).split()) for value in row] for row in answer.rows]
    return aligned(cells, list(answer.variables), width=60, total=terminal_width(), least=4)  # csv/json keep it all


def as_delimited(answer: Answer, delimiter: str) -> str:
    buffer = io.StringIO()
    writer = csv.writer(buffer, delimiter=delimiter, lineterminator="\n")
    writer.writerow(answer.variables)
    clean = (lambda v: v) if delimiter == "," else (lambda v: " ".join(v.split()))  # TSV has no quoting
    writer.writerows([[clean(delimited_cell(value)) for value in row] for row in answer.rows])
    return buffer.getvalue()


def delimited_cell(value: Term | None) -> str:
    """A value's text for CSV and TSV; text (not a number) is kept from being read as a spreadsheet formula."""
    if isinstance(value, ox.Literal) and value.datatype.value in NUMBER_TYPES:
        return plain(value)
    return for_spreadsheet(plain(value))


def as_json(answer: Answer) -> str:
    rows = [{name: python_value(value) for name, value in zip(answer.variables, row)} for row in answer.rows]
    return json.dumps(rows, ensure_ascii=False) + "\n"


ROW_FORMATS = {
    "table": as_table,
    "csv": lambda answer: as_delimited(answer, ","),
    "tsv": lambda answer: as_delimited(answer, "\t"),
    "json": as_json,
}


def plain(value: Term | None) -> str:
    """An IRI, a literal's text or a blank node label, as it is; '' for unbound."""
    if value is None:
        return ""
    if isinstance(value, ox.BlankNode):
        return f"_:{value.value}"
    return value.value if isinstance(value, (ox.NamedNode, ox.Literal)) else str(value)


def display(value: Term | None) -> str:
    """Like plain(), with IRIs shortened to prefixed names (kg:Accusation) that paste back into a query."""
    if isinstance(value, ox.NamedNode):
        for namespace, prefix in TABLE_PREFIXES.items():
            local = value.value[len(namespace):]
            if value.value.startswith(namespace) and LOCAL_NAME.fullmatch(local):
                return f"{prefix}:{local}"
    return plain(value)


def python_value(value: Term | None) -> str | int | float | bool | None:
    """Numbers and booleans as JSON numbers and booleans; everything else as its text."""
    if isinstance(value, ox.Literal):
        datatype = value.datatype.value
        if datatype in NUMBER_TYPES:
            try:
                number = NUMBER_TYPES[datatype](value.value)
            except ValueError:
                return value.value
            return int(number) if isinstance(number, float) and number.is_integer() else number
        if datatype == XSD + "boolean":
            return value.value in ("true", "1")
    return None if value is None else plain(value)
