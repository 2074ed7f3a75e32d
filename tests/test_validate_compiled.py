"""The compiled SHACL check never passes a graph that pyshacl rejects (it may hand doubtful ones to pyshacl)."""
from __future__ import annotations

from decimal import Decimal

import pytest
from rdflib import BNode, Graph, Literal, URIRef
from rdflib.namespace import RDF, RDFS, XSD

from kgraph.validate import check_triples, compiled_shapes, violations
from kgraph.vocab import KG, OA


@pytest.fixture(scope="module")
def seed_triples(seed_graph) -> set:
    return set(Graph().parse(seed_graph / "kgraph.ttl"))


def pyshacl_conforms(triples) -> bool:
    graph = Graph()
    for triple in triples:
        graph.add(triple)
    return not violations(graph)


def first(triples, predicate, cls=None):
    typed = {s for s, p, o in triples if p == RDF.type and o == cls} if cls else None
    return next(t for t in sorted(triples) if t[1] == predicate and (typed is None or t[0] in typed))


def test_the_shapes_compile():
    assert compiled_shapes() is not None


def test_the_seed_graph_passes_both(seed_triples):
    assert check_triples(seed_triples)
    assert pyshacl_conforms(seed_triples)


def drop(predicate, cls=None):
    return lambda t: t - {first(t, predicate, cls)}


def swap_object(predicate, value, cls=None):
    def change(t):
        s, p, o = first(t, predicate, cls)
        return (t - {(s, p, o)}) | {(s, p, value)}
    return change


def add_value(predicate, value, cls=None):
    def change(t):
        s, _, _ = first(t, predicate, cls)
        return t | {(s, predicate, value)}
    return change


MUTATIONS = {
    "claim without status": drop(KG.epistemicStatus),
    "status outside the list": swap_object(KG.epistemicStatus, KG.Certain),
    "two confidences": add_value(KG.confidence, Literal("0.1", datatype=XSD.decimal)),
    "confidence above one": swap_object(KG.confidence, Literal("1.5", datatype=XSD.decimal)),
    "confidence as a string": swap_object(KG.confidence, Literal("0.5")),
    "ill-typed decimal": swap_object(KG.confidence, Literal("high", datatype=XSD.decimal)),
    "claimant that is no actor": swap_object(KG.claimant, URIRef("https://example.org/nobody")),
    "accusation without target": drop(KG.target, KG.Accusation),
    "evidence without source": drop(OA.hasSource),
    "empty quote": swap_object(OA.exact, Literal("")),
    "start after end": swap_object(OA.start, Literal(10**9, datatype=XSD.nonNegativeInteger)),
    "negative offset": swap_object(OA.start, Literal("-1", datatype=XSD.nonNegativeInteger)),
    "a selector of neither kind": swap_object(OA.hasSelector, BNode()),
    "impossible claim date": swap_object(KG.claimDate, Literal("2023-02-30", datatype=XSD.date)),
    "figure value as a string": swap_object(KG.value, Literal("12")),
    "actor with two labels": add_value(RDFS.label, Literal("Another name"), KG.Actor),
    "cameo code as a number": swap_object(KG.cameoCode, Literal(112)),
    "document without identifier": drop(URIRef("http://purl.org/dc/terms/identifier")),
}


@pytest.mark.parametrize("name", sorted(MUTATIONS))
def test_a_broken_graph_never_passes_the_compiled_check(seed_triples, name):
    try:
        broken = MUTATIONS[name](set(seed_triples))
    except StopIteration:
        pytest.skip("the seed graph has no such triple")
    if pyshacl_conforms(broken):
        pytest.skip("pyshacl accepts this change")
    assert not check_triples(broken)


def test_subclass_statements_in_the_data_go_to_pyshacl(seed_triples):
    extended = set(seed_triples) | {(KG.Accusation, RDFS.subClassOf, KG.Claim)}
    assert not check_triples(extended)


def test_decimal_bounds_compare_as_numbers():
    from kgraph.validate import in_bound

    assert in_bound(Literal("1.0", datatype=XSD.decimal), Decimal(1), lower=False)
    assert not in_bound(Literal("1.01", datatype=XSD.decimal), Decimal(1), lower=False)
    assert not in_bound(Literal("x"), Decimal(0), lower=True)
