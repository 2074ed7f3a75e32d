"""SHACL validation of a built graph against ontology/shapes.ttl (pyshacl).

pyshacl takes about 0.2 ms per triple, as long as the spaCy parse of the text those triples come
from, so a build first runs a compiled check (`check_triples`): the shapes read once into closures
over a dictionary index of the data. It implements the SHACL Core components that shapes.ttl uses,
with pyshacl's semantics, and is conservative: when it is not sure a node conforms (or the shapes use
anything it does not know) it hands the whole graph to pyshacl, whose report is the one users see.
"""
from __future__ import annotations

import datetime
from collections.abc import Callable, Iterable
from decimal import Decimal
from functools import cache

from rdflib import BNode, Graph, Literal, URIRef
from rdflib.collection import Collection
from rdflib.namespace import RDF, RDFS, XSD
from rdflib.term import Node

from .errors import ValidationError
from .knowledge import ontology_dir
from .vocab import SH

MAX_LISTED = 20


@cache
def shapes() -> Graph:
    return Graph().parse(ontology_dir() / "shapes.ttl", format="turtle")


def violations(graph: Graph) -> list[str]:
    """One line per SHACL violation: focus node, path and message; empty when the graph conforms."""
    from pyshacl import validate as shacl_validate  # imported on demand: it takes a second to import

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


def validate_triples(triples: Iterable[tuple[Node, Node, Node]]) -> None:
    """Validate a graph given as triples: the compiled check, and pyshacl when that check is not sure."""
    triples = triples if isinstance(triples, (set, frozenset, list, tuple)) else list(triples)
    if check_triples(triples):
        return
    graph = Graph()
    for triple in triples:
        graph.add(triple)
    validate(graph)


# --- the compiled check ------------------------------------------------------------------------

Check = Callable[["Index", Node, list[Node]], bool]  # (data, focus node, value nodes) -> conforms
ShapeCheck = Callable[["Index", Node], bool]  # (data, focus node) -> conforms
NODE_KEYS = {RDF.type, RDFS.label, RDFS.comment, SH.message, SH.name, SH.description}
TARGET_KEYS = {SH.targetNode, SH.targetSubjectsOf, SH.targetObjectsOf, SH.target}


RDF_TYPE, SUBCLASS_OF = RDF.type, RDFS.subClassOf  # namespace attribute lookups are slow in hot loops


class Unsupported(Exception):
    """The shapes use something the compiled check does not implement: use pyshacl."""


class Index:
    """The data: each (subject, predicate) pair's objects, and each class's instances."""

    def __init__(self, triples: Iterable[tuple[Node, Node, Node]], predicates: frozenset[Node]) -> None:
        self.values: dict[tuple[Node, Node], list[Node]] = {}
        self.instances: dict[Node, list[Node]] = {}
        values, instances = self.values, self.instances
        # What to do with a predicate, decided once per predicate object: rdflib's Python-level ==
        # is too slow to run for every triple (the triples hold each object, so ids stay unique).
        roles: dict[int, int] = {}  # 0 skip, 1 index, 2 rdf:type, 3 rdfs:subClassOf
        for s, p, o in triples:
            role = roles.get(id(p))
            if role is None:
                role = roles[id(p)] = 0 if p not in predicates else 2 if p == RDF_TYPE else 3 if p == SUBCLASS_OF else 1
            if role:
                values.setdefault((s, p), []).append(o)
                if role == 2:
                    instances.setdefault(o, []).append(s)
        self.subclassing = 3 in roles.values()

    def objects(self, node: Node, predicate: Node) -> list[Node]:
        return self.values.get((node, predicate), [])


def check_triples(triples: Iterable[tuple[Node, Node, Node]]) -> bool:
    """True when the triples surely conform to the shapes; False when pyshacl should decide."""
    compiled = compiled_shapes()
    if compiled is None:
        return False
    targets, check, predicates = compiled
    data = Index(triples, predicates)
    if data.subclassing:
        return False  # sh:class and class targets follow rdfs:subClassOf in the data: leave it to pyshacl
    focus_nodes = {node for cls in targets for node in data.instances.get(cls, ())}
    return all(check(data, node, [node]) for node in focus_nodes)


@cache
def compiled_shapes() -> tuple[tuple[Node, ...], Check, frozenset[Node]] | None:
    """(target classes, one check per focus node, predicates the checks read), or None if unsupported."""
    sg = shapes()
    try:
        by_class: dict[Node, list[ShapeCheck]] = {}
        predicates: set[Node] = {RDF_TYPE, SUBCLASS_OF}
        node_shapes = set(sg.subjects(SH.targetClass, None)) | set(sg.subjects(RDF.type, SH.NodeShape))
        for shape in sorted(node_shapes):
            if any((shape, key, None) in sg for key in TARGET_KEYS) or (shape, RDF.type, RDFS.Class) in sg:
                raise Unsupported(f"{shape}: targets other than sh:targetClass")
            check = compile_shape(sg, shape, predicates)
            for cls in sg.objects(shape, SH.targetClass):
                by_class.setdefault(cls, []).append(check)
    except Unsupported:
        return None

    checks_by_class = {cls: tuple(checks) for cls, checks in by_class.items()}
    return tuple(sorted(checks_by_class)), class_dispatch(checks_by_class), frozenset(predicates)


def class_dispatch(checks_by_class: dict[Node, tuple[ShapeCheck, ...]]) -> Check:
    """One check for a focus node: every shape that targets one of its classes (each class once)."""
    def check(data: Index, focus: Node, _: list[Node]) -> bool:
        classes = data.objects(focus, RDF_TYPE)
        return all(shape(data, focus) for cls in classes for shape in checks_by_class.get(cls, ()))

    return check


def compile_shape(sg: Graph, shape: Node, predicates: set[Node]) -> ShapeCheck:
    """A shape as a function of (data, focus node): its value nodes are the focus node, or its path's objects."""
    path = sg.value(shape, SH.path)
    if path is not None and not isinstance(path, URIRef):
        raise Unsupported(f"{shape}: only IRI paths are compiled")
    if path is not None:
        predicates.add(path)
    checks = [compile_constraint(sg, shape, key, value, predicates)
              for key, value in sorted(sg.predicate_objects(shape))
              if key not in NODE_KEYS | {SH.path, SH.targetClass}]
    checks = [c for c in checks if c is not None]

    def conforms(data: Index, focus: Node) -> bool:
        values = [focus] if path is None else data.objects(focus, path)
        return all(check(data, focus, values) for check in checks)

    return conforms


def compile_constraint(sg: Graph, shape: Node, key: Node, value: Node, predicates: set[Node]) -> Check | None:
    """One constraint component as a check; None for the parameters read with another (qualified counts)."""
    if key in (SH.qualifiedMinCount, SH.qualifiedMaxCount):
        return None
    if key == SH.minCount:
        least = int(value)
        return lambda data, focus, values: len(values) >= least
    if key == SH.maxCount:
        most = int(value)
        return lambda data, focus, values: len(values) <= most
    if key == SH.datatype:
        return lambda data, focus, values: all(has_datatype(v, value) for v in values)
    if key == SH["class"]:
        return lambda data, focus, values: all(value in data.objects(v, RDF_TYPE) for v in values)
    if key == SH["in"]:
        allowed = set(Collection(sg, value))
        return lambda data, focus, values: all(v in allowed for v in values)
    if key in (SH.minInclusive, SH.maxInclusive):
        bound, lower = number(value), key == SH.minInclusive
        if bound is None:
            raise Unsupported(f"{shape}: non-numeric {key}")
        return lambda data, focus, values: all(in_bound(v, bound, lower) for v in values)
    if key == SH.minLength:
        least = int(value)
        return lambda data, focus, values: all(not isinstance(v, BNode) and len(str(v)) >= least for v in values)
    if key == SH.lessThan:
        predicates.add(value)
        return lambda data, focus, values: all(less(v, w) for v in values for w in data.objects(focus, value))
    if key == SH["or"]:
        options = [compile_shape(sg, member, predicates) for member in Collection(sg, value)]
        return lambda data, focus, values: all(any(o(data, v) for o in options) for v in values)
    if key == SH.property:
        inner = compile_shape(sg, value, predicates)
        return lambda data, focus, values: all(inner(data, v) for v in values)
    if key == SH.qualifiedValueShape:
        return compile_qualified(sg, shape, value, predicates)
    raise Unsupported(f"{shape}: {key} is not compiled")


def compile_qualified(sg: Graph, shape: Node, inner_shape: Node, predicates: set[Node]) -> Check:
    if (shape, SH.qualifiedValueShapesDisjoint, None) in sg:
        raise Unsupported(f"{shape}: sh:qualifiedValueShapesDisjoint")
    inner = compile_shape(sg, inner_shape, predicates)
    least, most = sg.value(shape, SH.qualifiedMinCount), sg.value(shape, SH.qualifiedMaxCount)

    def check(data: Index, focus: Node, values: list[Node]) -> bool:
        count = sum(1 for v in values if inner(data, v))
        return (least is None or count >= int(least)) and (most is None or count <= int(most))

    return check


# The Python value pyshacl requires of a well-formed literal of these datatypes (others: any value).
PYTHON_TYPES: dict[Node, type | tuple[type, ...]] = {
    XSD.string: (str, bytes), XSD.decimal: Decimal, XSD.integer: int, XSD.float: float, XSD.boolean: bool,
    XSD.date: datetime.date, XSD.time: datetime.time, XSD.dateTime: datetime.datetime,
}


def has_datatype(value: Node, datatype: Node) -> bool:
    """pyshacl's sh:datatype: the literal's datatype (xsd:string when it has none), and well-formed."""
    if not isinstance(value, Literal):
        return False
    if value.datatype == datatype:
        if getattr(value, "ill_typed", None) is True:
            return False
        expected = PYTHON_TYPES.get(datatype)
        return expected is None or isinstance(value.value, expected)
    return value.datatype is None and value.language is None and datatype == XSD.string and isinstance(value.value, (str, bytes))


def number(value: Node) -> int | float | Decimal | None:
    """The Python number of a well-formed numeric literal, else None."""
    if not isinstance(value, Literal) or getattr(value, "ill_typed", None) is True:
        return None
    python = value.value
    return python if isinstance(python, (int, float, Decimal)) and not isinstance(python, bool) else None


def in_bound(value: Node, bound: int | float | Decimal, lower: bool) -> bool:
    n = number(value)
    return n is not None and (n >= bound if lower else n <= bound)


def less(value: Node, other: Node) -> bool:
    a, b = number(value), number(other)
    return a is not None and b is not None and a < b
