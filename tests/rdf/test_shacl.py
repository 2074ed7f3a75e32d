"""SHACL validation: builds use rudof; pyshacl is the reference, and the two reject the same graphs."""
from __future__ import annotations

import pyoxigraph as ox
import pytest
from pyshacl import validate as pyshacl_validate
from rdflib import BNode, Graph, Literal, URIRef
from rdflib.namespace import RDF, RDFS, XSD

from kgraph.errors import ValidationError
from kgraph.knowledge import ontology_dir
from kgraph.rdf import shacl as validation
from kgraph.rdf.serialize import TermConverter
from kgraph.rdf.shacl import local_shapes, validate, violations_in
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
    "status outside the list": swap_object(KG.epistemicStatus, URIRef(f"{KG}Certain")),  # not in the ontology
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


@pytest.mark.parametrize("name", sorted(MUTATIONS))
def test_small_parts_find_what_the_whole_graph_finds(seed_triples, name, monkeypatch):
    broken = MUTATIONS[name](set(seed_triples))
    found = violations_in(broken, verdicts=set(), part_triples=40)
    assert len(broken) < 2 * validation.PART_TRIPLES  # validated as one part by default
    monkeypatch.setattr(validation, "shape_lines", lambda lines: lines)  # and with every line
    assert found == violations_in(broken)


def test_lines_are_the_ntriples_oxigraph_writes(seed_triples):
    statements = TermConverter().triples(seed_triples)
    written = ox.serialize(statements, format=ox.RdfFormat.N_TRIPLES).decode("utf-8")
    # split at "\n" alone: quotes may hold U+2028, which splitlines() would split at
    assert TermConverter().lines(seed_triples) == sorted(f"{line}\n" for line in written.split("\n") if line)


def test_parts_keep_the_lines_shapes_can_look_at():
    claim, actor = "<https://w3id.org/kgraph/id/claim/c1>", "<https://w3id.org/kgraph/id/actor/a>"
    lines = [f"{claim} <{RDF.type}> <{KG.Claim}> .\n",
             f"{claim} <{RDF.type}> <http://www.w3.org/ns/prov#Entity> .\n",
             f"{claim} <{KG.claimant}> {actor} .\n",
             f"{claim} <http://www.w3.org/ns/prov#wasAttributedTo> {actor} .\n",
             f"{actor} <{KG.mentionedIn}> <https://w3id.org/kgraph/id/document/d> .\n"]
    assert validation.shape_lines(lines) == [lines[0], lines[2]]
    subclass = f"<https://example.org/Charge> <{RDFS.subClassOf}> <{KG.Claim}> .\n"
    assert validation.shape_lines(lines + [subclass]) == lines + [subclass]  # a class the shapes do not name


def test_parts_validated_in_two_processes_find_what_one_finds(seed_triples, monkeypatch):
    monkeypatch.setattr(validation, "PROCESSES_MIN_LINES", 0)
    broken = set(seed_triples)
    for mutate in MUTATIONS.values():  # every kind of violation at once: one pool of processes, not one per kind
        broken = mutate(broken)
    found = violations_in(broken)
    assert len(found) == 15  # some kinds break the same constraint of the same node
    assert violations_in(broken, part_triples=40, jobs=2) == found


@pytest.mark.parametrize("label", ["e5427e190673da23c0dbfc79b09a7570", "e5427e190673da23c0dbfc79b09a757", "7"])
def test_a_nested_shapes_random_label_reads_the_same_in_every_process(label):
    said = f"QualifiedValueShape: only 0 nodes conform to shape _:{label}, which is less than minCount: 1."
    assert validation.shape_message(said) == (
        "QualifiedValueShape: only 0 nodes conform to shape [a nested shape], which is less than minCount: 1.")


def test_progress_is_told_of_every_part_validated(seed_triples):
    told = []
    verdicts: set[str] = set()

    def progress(reports, total):
        told.append(total)
        return reports

    assert violations_in(seed_triples, verdicts=verdicts, part_triples=10, progress=progress) == []
    assert told == [len(verdicts)]  # every part conformed, and each was counted
    assert violations_in(seed_triples, verdicts=verdicts, part_triples=10, progress=progress) == []
    assert told == [len(verdicts), 0]  # nothing left to validate


def test_a_part_that_conformed_is_not_validated_again(seed_triples, monkeypatch):
    verdicts: set[str] = set()
    assert violations_in(seed_triples, verdicts=verdicts, part_triples=10) == []
    remembered = len(verdicts)
    assert remembered >= 16
    validated = []
    real = validation.part_violations
    monkeypatch.setattr(validation, "part_violations", lambda text: validated.append(text) or real(text))
    assert violations_in(seed_triples, verdicts=verdicts, part_triples=10) == []
    assert validated == []
    broken = MUTATIONS["empty quote"](set(seed_triples))
    assert violations_in(broken, verdicts=verdicts, part_triples=10)
    assert len(validated) == 1  # the part of the changed quote selector, alone
    assert '"" .' in validated[0]
    assert len(verdicts) == remembered  # a part that does not conform is not remembered


def test_processes_start_only_when_many_lines_are_left_to_validate(seed_triples, monkeypatch):
    started = []
    real = validation.judges
    monkeypatch.setattr(validation, "judges", lambda jobs: started.append(jobs) or real(1))
    lines = validation.shape_lines(TermConverter().lines(seed_triples))
    monkeypatch.setattr(validation, "PROCESSES_MIN_LINES", len(lines) // 2)
    verdicts: set[str] = set()
    assert violations_in(seed_triples, verdicts=verdicts, part_triples=10, jobs=2) == []
    broken = MUTATIONS["empty quote"](set(seed_triples))  # one part changed: a few lines, validated here
    assert violations_in(broken, verdicts=verdicts, part_triples=10, jobs=2)
    assert started == [2, 1]


SHAPES_HEAD = """@prefix sh: <http://www.w3.org/ns/shacl#> . @prefix ex: <https://example.org/> .
ex:Shape a sh:NodeShape ; sh:targetClass ex:Thing ; """


@pytest.mark.parametrize("body, local", [
    ("sh:property [ sh:path ex:p ; sh:class ex:Other ; sh:maxCount 1 ] .", True),
    ("sh:property [ sh:path ex:p ; sh:qualifiedValueShape [ sh:class ex:A ] ; sh:qualifiedMinCount 1 ] .", True),
    ("sh:or ( [ sh:path ex:p ; sh:minCount 1 ] [ sh:path ex:q ; sh:minCount 1 ] ) .", True),
    ("sh:property [ sh:path [ sh:inversePath ex:p ] ; sh:maxCount 1 ] .", False),
    ("sh:property [ sh:path ex:p ; sh:node ex:Other ] .", False),
    ("sh:property [ sh:path ex:p ; sh:qualifiedValueShape [ sh:path ex:q ; sh:minCount 1 ] ; "
     "sh:qualifiedMinCount 1 ] .", False),
    ("sh:property [ sh:path ex:p ; sh:or ( [ sh:property [ sh:path ex:q ; sh:minCount 1 ] ] ) ] .", False),
    ("sh:sparql [ sh:select \"SELECT $this WHERE { }\" ] .", False),
])
def test_only_shapes_that_judge_a_node_by_its_values_are_validated_in_parts(tmp_path, body, local):
    shapes = tmp_path / "shapes.ttl"
    shapes.write_text(SHAPES_HEAD + body, encoding="utf-8")
    assert local_shapes(shapes) is local
    assert local_shapes(ontology_dir() / "shapes.ttl") is True


def test_a_part_is_known_again_whatever_order_the_triples_come_in(seed_triples, monkeypatch):
    verdicts: set[str] = set()
    in_order = sorted(seed_triples)
    assert violations_in(in_order, verdicts=verdicts, part_triples=10) == []
    validated = []
    real = validation.part_violations
    monkeypatch.setattr(validation, "part_violations", lambda text: validated.append(text) or real(text))
    assert violations_in(in_order[::-1], verdicts=verdicts, part_triples=10) == []
    assert validated == []
