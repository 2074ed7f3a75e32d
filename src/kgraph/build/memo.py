"""What `kgraph watch` keeps from one build to the next, so that a rebuild after one changed article costs
little more than that article's parse.

Merged entities and claim nodes are kept by the records they merge (merge.py). A build's graph is
made in units (mapping.graph_units: a document's node, an entity, a charge, the
claims of one document), each keyed by everything it depends on. The memo keeps each unit's N-Triples
lines and its document graph's TriG, the Turtle and TriG pieces (rdf/pieces.py), and the lines of
the last graph that conformed (rdf/revalidate.py). A rebuild makes only the units whose key is new,
writes only the pieces they changed, and validates only the nodes whose verdict can have changed;
the files are the same bytes as a clean build's. Only what the last build used is kept.
"""
from __future__ import annotations

from collections.abc import Callable, Hashable, Iterable
from dataclasses import dataclass, field
from itertools import chain

from kgraph.build.cache import VerdictCache
from kgraph.knowledge import Knowledge
from kgraph.rdf.mapping import Triple, graph_units
from kgraph.rdf.merge import ClaimNode
from kgraph.rdf.pieces import Pieces, subjects_starting_pieces
from kgraph.rdf.revalidate import Conformed, changed_violations
from kgraph.rdf.serialize import TermConverter
from kgraph.rdf.shacl import ill_typed_literals, raise_violations, violations_in
from kgraph.records import Document, Entity


@dataclass
class Unit:
    """One unit's triples as sorted N-Triples lines, the subjects among them that start a piece, and
    its ill-typed literals (as violations)."""

    lines: list[str]
    cuts: list[str]
    ill_typed: set[str]


@dataclass
class Model:
    """A build's graph as lines: all of them (sorted, distinct), the default graph's, and each document graph's."""

    lines: list[str]
    default: list[str]
    default_cuts: list[str]
    cuts: list[str]
    named: dict[str, list[str]] = field(default_factory=dict)  # graph IRI -> its lines
    ill_typed: set[str] = field(default_factory=set)


class Kept(dict):
    """A dict that notes every item read or written, so that what one build did not use can be forgotten."""

    def __init__(self) -> None:
        super().__init__()
        self.used: dict = {}

    def get(self, key, default=None):
        value = super().get(key, default)
        if value is not None:
            self.used[key] = value
        return value

    def __setitem__(self, key, value) -> None:
        super().__setitem__(key, value)
        self.used[key] = value

    def forget_unused(self) -> None:
        self.clear()
        self.update(self.used)  # dict.update: not through __setitem__
        self.used = {}


class BuildMemo:
    """Units, pieces and the last conforming graph, from the builds before in this process."""

    def __init__(self) -> None:
        self.entities = Kept()  # merged entities by their mentions (merge.merge_entities)
        self.claims = Kept()  # claim ids by claim, claim nodes by the claims they merge (merge.merge_claims)
        self.convert = TermConverter()
        self.units: dict[Hashable, Unit] = {}
        self.pieces = Pieces()
        self.conformed: Conformed | None = None
        self.knowledge: Knowledge | None = None

    def model(self, documents: Iterable[Document], entities: Iterable[Entity], nodes: list[ClaimNode],
              knowledge: Knowledge) -> Model:
        """The graph of these records; only the units not made by the last build are made now."""
        if knowledge is not self.knowledge:  # other data files: every unit may differ
            self.units, self.knowledge = {}, knowledge
        used: dict[Hashable, Unit] = {}
        default: list[Unit] = []
        named: dict[str, Unit] = {}
        for name, key, add in graph_units(documents, entities, nodes, knowledge):
            unit = used.get(key) or self.units.get(key) or self.make(add)
            used[key] = unit
            if name is None:
                default.append(unit)
            else:
                named[str(name)] = unit
        self.units = used
        units = [*default, *named.values()]
        return Model(lines=sorted(set(chain.from_iterable(unit.lines for unit in units))),
                     default=sorted(set(chain.from_iterable(unit.lines for unit in default))),
                     default_cuts=list(chain.from_iterable(unit.cuts for unit in default)),
                     cuts=list(chain.from_iterable(unit.cuts for unit in units)),
                     named={name: unit.lines for name, unit in named.items()},
                     ill_typed=set().union(*(unit.ill_typed for unit in units)))

    def make(self, add: Callable[[set[Triple]], None]) -> Unit:
        triples: set[Triple] = set()
        add(triples)
        lines = self.convert.lines(triples)
        return Unit(lines, subjects_starting_pieces(lines), ill_typed_literals(triples))

    def validate(self, model: Model, verdicts: VerdictCache | None, jobs: int, progress: Callable) -> None:
        """Raise ValidationError if the graph does not conform: judging only what changed since the last
        graph that conformed, or, for a first build or a big change, the whole graph in parts."""
        # taken out first: a graph compared with that then fails to validate (or raises) is no base to compare with
        before, self.conformed = self.conformed, None
        found = changed_violations(model.lines, before) if before is not None else None
        if found is None:
            before = None
            found = violations_in([], lines=model.lines, homes=homes_of(model.named), verdicts=verdicts, jobs=jobs,
                                  ill_typed=set(), progress=progress)
        found = sorted(set(found) | model.ill_typed)
        if not found:
            self.conformed = before or Conformed.of(model.lines)
        raise_violations(found)

    def turtle(self, model: Model) -> bytes:
        return self.pieces.turtle(model.lines, model.cuts)

    def trig(self, model: Model) -> bytes:
        return self.pieces.trig(model.default, model.default_cuts, model.named)

    def finish(self) -> None:
        """Forget the merged records and pieces this build did not use."""
        self.pieces.forget_unused()
        self.entities.forget_unused()
        self.claims.forget_unused()


def homes_of(named: dict[str, list[str]]) -> dict[str, str]:
    """Each subject's home for validation, as build.homes_of gives it: the first document graph stating it."""
    homes: dict[str, str] = {}
    for name in sorted(named):
        for line in named[name]:
            homes.setdefault(line[:line.index(" ")], name)
    return homes
