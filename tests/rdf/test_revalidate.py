"""Validating only what changed since a graph conformed finds what validating the whole graph finds."""
from __future__ import annotations

import pytest
from rdflib import Graph, Literal, URIRef
from rdflib.namespace import RDF, RDFS, XSD

from kgraph.rdf.revalidate import Conformed, changed_violations
from kgraph.rdf.serialize import TermConverter
from kgraph.rdf.shacl import violations_in
from kgraph.vocab import KG, OA


@pytest.fixture(scope="module")
def seed_triples(seed_graph) -> set:
    return set(Graph().parse(seed_graph / "kgraph.ttl"))


def lines_of(triples) -> list[str]:
    return TermConverter().lines(triples)


def first(triples, predicate, cls=None):
    typed = {s for s, p, o in triples if p == RDF.type and o == cls} if cls else None
    return next(t for t in sorted(triples) if t[1] == predicate and (typed is None or t[0] in typed))


def swap_object(predicate, value, cls=None):
    def change(t):
        s, p, o = first(t, predicate, cls)
        return (t - {(s, p, o)}) | {(s, p, value)}
    return change


def untyped_claimant(t):
    """The claimant's node loses its kg:Actor type: the claim pointing to it breaks, not the node itself."""
    _, _, actor = first(t, KG.claimant, KG.Accusation)
    return t - {(actor, RDF.type, KG.Actor)}


CHANGES = {
    "status outside the list": swap_object(KG.epistemicStatus, URIRef(f"{KG}Certain")),
    "claimant that is no actor": swap_object(KG.claimant, URIRef("https://example.org/nobody")),
    "accusation without target": lambda t: t - {first(t, KG.target, KG.Accusation)},
    "empty quote": swap_object(OA.exact, Literal("")),
    "actor with two labels": lambda t: t | {(first(t, RDFS.label, KG.Actor)[0], RDFS.label, Literal("Other"))},
    "start after end": swap_object(OA.start, Literal(10**9, datatype=XSD.nonNegativeInteger)),
    "claimant loses its type": untyped_claimant,
}


@pytest.mark.parametrize("name", sorted(CHANGES))
def test_a_change_is_judged_as_the_whole_graph_judges_it(seed_triples, name):
    broken = CHANGES[name](set(seed_triples))
    expected = violations_in(broken, ill_typed=set())
    assert expected  # each change breaks the graph
    assert changed_violations(lines_of(broken), Conformed.of(lines_of(seed_triples))) == expected


def test_the_graph_compared_with_follows_each_change(seed_triples):
    conformed = Conformed.of(lines_of(seed_triples))
    broken = untyped_claimant(set(seed_triples))
    assert changed_violations(lines_of(broken), conformed)
    assert conformed.lines == set(lines_of(broken))
    assert changed_violations(lines_of(seed_triples), conformed) == []  # mended: the claim is judged again
    assert changed_violations(lines_of(seed_triples), conformed) == []  # nothing changed: nothing judged


def test_nothing_changed_means_nothing_judged(seed_triples, monkeypatch):
    from kgraph.rdf import revalidate

    monkeypatch.setattr(revalidate, "part_violations", lambda text: pytest.fail("validated"))
    assert changed_violations(lines_of(seed_triples), Conformed.of(lines_of(seed_triples))) == []


def test_too_big_a_change_is_left_to_a_whole_validation(seed_triples, monkeypatch):
    from kgraph.rdf import revalidate

    monkeypatch.setattr(revalidate, "MAX_CHANGED_LINES", 1)
    broken = CHANGES["empty quote"](set(seed_triples))
    assert changed_violations(lines_of(broken), Conformed.of(lines_of(seed_triples))) is None


def test_a_node_gone_with_all_its_lines_leaves_nothing_to_judge(seed_triples):
    extra = '<https://example.org/gone> <http://www.w3.org/2000/01/rdf-schema#comment> "a note" .\n'
    conformed = Conformed.of(sorted([*lines_of(seed_triples), extra]))
    assert changed_violations(lines_of(seed_triples), conformed) == []
