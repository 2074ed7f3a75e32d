"""SHACL validation of a built graph against ontology/shapes.ttl (pyshacl)."""
from __future__ import annotations

from functools import cache

from pyshacl import validate as shacl_validate
from rdflib import Graph
from rdflib.namespace import RDF

from .errors import ValidationError
from .knowledge import ontology_dir
from .vocab import SH

MAX_LISTED = 20


@cache
def shapes() -> Graph:
    return Graph().parse(ontology_dir() / "shapes.ttl", format="turtle")


def violations(graph: Graph) -> list[str]:
    """One line per SHACL violation: focus node, path and message; empty when the graph conforms."""
    conforms, report, _ = shacl_validate(graph, shacl_graph=shapes(), inference="none", advanced=True)
    if conforms:
        return []
    lines = []
    for result in sorted(report.subjects(RDF.type, SH.ValidationResult)):
        focus = report.value(result, SH.focusNode)
        path = report.value(result, SH.resultPath)
        message = report.value(result, SH.resultMessage)
        lines.append(f"{focus} {path or ''}: {message}")
    return sorted(lines)


def validate(graph: Graph) -> None:
    """Raise ValidationError listing the violations if the graph does not conform to the shapes."""
    found = violations(graph)
    if found:
        listed = "\n  ".join(found[:MAX_LISTED])
        more = f"\n  ... and {len(found) - MAX_LISTED} more" if len(found) > MAX_LISTED else ""
        raise ValidationError(f"graph does not conform to {ontology_dir() / 'shapes.ttl'}:\n  {listed}{more}")
