"""SHACL validation: builds use rudof; pyshacl is the reference, and the two reject the same graphs."""
from __future__ import annotations

import pytest
from pyshacl import validate as pyshacl_validate
from rdflib import BNode, Graph, Literal, URIRef
from rdflib.namespace import RDF, RDFS, XSD

from kgraph.errors import ValidationError
from kgraph.knowledge import ontology_dir
from kgraph.validate import validate, violations_in
from kgraph.vocab import KG, OA


@pytest.fixture(scope="module")
def seed_triples(seed_graph) -> set:
    return set(Graph().parse(seed_graph / "kgraph.ttl"))


def pyshacl_conforms(triples) -> bool:
    graph = Graph()
    for triple in triples:
        graph.add(triple)
    shapes = Graph().parse(ontology_dir() / "shapes.ttl")
    return pyshacl_validate(graph, shacl_graph=shapes, inference="none", advanced=True)[0]


def first(triples, predicate, cls=None):
    typed = {s for s, p, o in triples if p == RDF.type and o == cls} if cls else None
    return next(t for t in sorted(triples) if t[1] == predicate and (typed is None or t[0] in typed))


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
    "claimant that is no actor": swap_object(KG.claimant, URIRef("https://example.org/nobody")),
    "accusation without target": drop(KG.target, KG.Accusation),
    "evidence without source": drop(OA.hasSource),
    "empty quote": swap_object(OA.exact, Literal("")),
    "negative offset": swap_object(OA.start, Literal("-1", datatype=XSD.integer)),
    "a selector of neither kind": swap_object(OA.hasSelector, BNode()),
    "figure value as a string": swap_object(KG.value, Literal("12")),
    "actor with two labels": add_value(RDFS.label, Literal("Another name"), KG.Actor),
    "cameo code as a number": swap_object(KG.cameoCode, Literal(112)),
    "document without identifier": drop(URIRef("http://purl.org/dc/terms/identifier")),
    "ill-typed decimal": swap_object(KG.confidence, Literal("high", datatype=XSD.decimal)),
    "start after end": swap_object(OA.start, Literal(10**9, datatype=XSD.nonNegativeInteger)),
    "impossible claim date": swap_object(KG.claimDate, Literal("2023-02-30", datatype=XSD.date)),
}


def test_the_seed_graph_conforms_for_both(seed_triples):
    assert violations_in(seed_triples) == []
    assert pyshacl_conforms(seed_triples)


@pytest.mark.parametrize("name", sorted(MUTATIONS))
def test_both_engines_reject_a_broken_graph(seed_triples, name):
    broken = MUTATIONS[name](set(seed_triples))
    assert not pyshacl_conforms(broken)
    assert violations_in(broken)


def test_the_error_lists_focus_path_and_the_shapes_message(seed_triples):
    broken = drop(KG.claimant, KG.Accusation)(set(seed_triples))
    graph = Graph()
    for triple in broken:
        graph.add(triple)
    with pytest.raises(ValidationError) as caught:
        validate(graph)
    message = str(caught.value)
    assert message.startswith(f"graph does not conform to {ontology_dir() / 'shapes.ttl'}:\n  https://w3id.org/kgraph/id/claim/")
    assert "https://w3id.org/kgraph/ontology#claimant: An accusation needs a kg:claimant, the actor who makes it." in message
