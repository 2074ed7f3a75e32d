"""SHACL validation of a built graph against ontology/shapes.ttl.

Builds validate with rudof's native SHACL engine (pyrudof): the same SHACL Core as pyshacl at a
few times its speed, which matters because validation would otherwise cost as much as the parse.
pyshacl stays the reference: the tests check that both reject the same broken graphs.
"""
from __future__ import annotations

import re
from collections.abc import Iterable

import pyoxigraph as ox
from pyrudof import RDFFormat, Rudof, RudofConfig
from rdflib import Graph, Literal
from rdflib.term import Node

from .errors import ValidationError
from .knowledge import ontology_dir
from .terms import from_rdflib, serialized

MAX_LISTED = 20
LAST_MESSAGE = re.compile(r'"((?:[^"\\]|\\.)*)"(?:@\w+)?\s*$')  # rudof lists its own words, then the shape's


def violations(graph: Graph) -> list[str]:
    """One line per SHACL violation: focus node, path and message; empty when the graph conforms."""
    return violations_in(graph)


def violations_in(triples: Iterable[tuple[Node, Node, Node]]) -> list[str]:
    """The violations of a graph given as triples.

    rudof does not check that a literal's text is valid for its datatype ("2023-02-30"^^xsd:date);
    rdflib does, as it reads each literal, so those are listed from rdflib's `ill_typed`.
    """
    triples = triples if isinstance(triples, (set, frozenset, list, tuple, Graph)) else list(triples)
    rudof = Rudof(RudofConfig())
    rudof.read_shacl(str(ontology_dir() / "shapes.ttl"))
    rudof.read_data(ntriples(triples), format=RDFFormat.NTriples)
    report = rudof.validate_shacl()
    found = set() if report.conforms else {
        f"{v.focus_node} {v.path or ''}: {shape_message(v.message)}" for v in report.violations}
    found |= {f"{s} {p}: {o.n3()} is not a valid {o.datatype}" for s, p, o in triples
              if isinstance(o, Literal) and o.ill_typed}
    return sorted(found)


def validate(graph: Graph) -> None:
    """Raise ValidationError listing the violations if the graph does not conform to the shapes."""
    validate_triples(graph)


def validate_triples(triples: Iterable[tuple[Node, Node, Node]]) -> None:
    """Raise ValidationError listing the violations if the triples do not conform to the shapes."""
    found = violations_in(triples)
    if found:
        listed = "\n  ".join(found[:MAX_LISTED])
        more = f"\n  ... and {len(found) - MAX_LISTED} more" if len(found) > MAX_LISTED else ""
        raise ValidationError(f"graph does not conform to {ontology_dir() / 'shapes.ttl'}:\n  {listed}{more}")


def ntriples(triples: Iterable[tuple[Node, Node, Node]]) -> str:
    """N-Triples written by Oxigraph (rdflib's own n3() spells some strings in Turtle-only forms)."""
    rows = (ox.Triple(from_rdflib(s), from_rdflib(p), from_rdflib(o)) for s, p, o in triples)
    return serialized(rows, ox.RdfFormat.N_TRIPLES).decode("utf-8")


def shape_message(message: str | None) -> str:
    """The shape's own sh:message where rudof gives one, else rudof's description."""
    found = LAST_MESSAGE.search(message or "")
    return found.group(1) if found else (message or "")
