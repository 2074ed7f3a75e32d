"""Validating a graph that differs a little from one that conformed: only the nodes whose verdict can change.

With local shapes (shacl.local_shapes) a node's verdict depends on its own shape lines and on the
rdf:type lines of the nodes they point to. So when the graph before conformed, the new one conforms
if the nodes whose own shape lines changed, and those pointing to a node whose types changed, do:
they are validated as one part by rudof (shacl.part_violations), exactly as a part of a full
validation is, and the rest keeps its verdict. `Conformed` keeps, of the last graph that conformed,
its lines and which nodes point to each node, updated by each difference.
"""
from __future__ import annotations

from bisect import bisect_left
from dataclasses import dataclass

from kgraph.rdf.shacl import (
    RDF_TYPE,
    SUBCLASS_OF,
    local_shapes,
    node_term,
    part_violations,
    shape_terms,
    shapes_file,
)

MAX_CHANGED_LINES = 50_000  # past this, a full validation in parts (side by side, with verdicts) costs less


@dataclass
class Conformed:
    """A graph that conformed: its N-Triples lines, and for each node the subjects whose shape lines point to it."""

    lines: set[str]
    pointing: dict[str, set[str]]

    @classmethod
    def of(cls, lines: list[str]) -> Conformed:
        conformed = cls(set(lines), {})
        conformed.point(lines, add=True)
        return conformed

    def point(self, lines: list[str] | set[str], add: bool) -> None:
        """Record (or, add=False, forget) the links of these lines that a shape can follow."""
        named = shape_terms(shapes_file())
        for line in lines:
            subject, predicate, value = line.split(" ", 2)
            if value[0] != '"' and predicate in named:
                pointing = self.pointing.setdefault(value[:-3], set())
                if add:
                    pointing.add(subject)
                else:
                    pointing.discard(subject)


def changed_violations(lines: list[str], before: Conformed) -> list[str] | None:
    """The violations of the graph of sorted `lines` (ill-typed literals aside), judging only the nodes
    whose verdict can differ from the graph `before`, which conformed; `before` becomes this graph.

    None when this cannot be done so (shapes that look further, rdfs:subClassOf changed, too much
    changed): then validate the whole graph, and `before` must not be used again."""
    now = set(lines)
    added, removed = now - before.lines, before.lines - now
    if len(added) + len(removed) > MAX_CHANGED_LINES or not local_shapes(shapes_file()):
        return None
    if any(f" {SUBCLASS_OF} " in line for line in (*added, *removed)):
        return None
    before.point(removed, add=False)
    before.point(added, add=True)
    before.lines = now
    judged: set[str] = set()
    for line in (*added, *removed):
        subject, predicate, _ = line.split(" ", 2)
        judged.add(subject)
        if predicate == RDF_TYPE:  # the nodes pointing to this one see its types
            judged |= before.pointing.get(subject, set())
    text = part_text(lines, judged)
    if not text:  # only nodes now gone, or lines no shape reads
        return []
    reported = part_violations(text)
    return sorted({f"{focus} {path}: {message}" for focus, path, message in reported if node_term(focus) in judged})


def part_text(lines: list[str], subjects: set[str]) -> str:
    """The part shacl.partition would make of these subjects: their shape lines, then the rdf:type lines
    (of classes the shapes name) of the other nodes they point to."""
    named = shape_terms(shapes_file())
    own: list[str] = []
    pointed: set[str] = set()
    for subject in sorted(subjects):
        for line in lines_of(lines, subject):
            _, predicate, value = line.split(" ", 2)
            if value[:-3] in named if predicate == RDF_TYPE else predicate in named:
                own.append(line)
                if value[0] != '"':
                    pointed.add(value[:-3])
    types = sorted(line for value in pointed - subjects for line in lines_of(lines, value, RDF_TYPE)
                   if line.split(" ", 2)[2][:-3] in named)
    return "".join(own) + "".join(types)


def lines_of(lines: list[str], subject: str, predicate: str = "") -> list[str]:
    """The sorted lines whose subject (and predicate, if given) is this one."""
    start = f"{subject} {predicate} " if predicate else f"{subject} "
    # every such line starts with `start`; "!" follows " " in code order, so nothing else sorts between
    return lines[bisect_left(lines, start):bisect_left(lines, start[:-1] + "!")]
