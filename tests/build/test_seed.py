"""End to end: the seed article built into a graph, checked triple by triple."""
from __future__ import annotations

import json

from click.testing import CliRunner
from rdflib import Dataset, Graph, Literal, URIRef
from rdflib.compare import isomorphic
from rdflib.namespace import OWL, RDF

from kgraph.cli import main
from kgraph.rdf.shacl import validate
from kgraph.vocab import KG, KGC, KGR, OA, PREFIXES, WD

from helpers.paths import SEED_ID

AMNESTY, HAMAS = KGR["actor/amnesty-international"], KGR["actor/hamas"]

ACCUSATION_WITH_EVIDENCE = """
SELECT ?claim ?quote ?start ?end ?doc WHERE {
  ?claim a kg:Accusation ; kg:claimant ?claimant ; kg:target ?target ; kg:charge ?charge ;
         kg:evidence ?evidence .
  ?evidence oa:hasSource ?doc ; oa:hasSelector ?q, ?p .
  ?q a oa:TextQuoteSelector ; oa:exact ?quote .
  ?p a oa:TextPositionSelector ; oa:start ?start ; oa:end ?end .
}"""


def turtle(seed_graph) -> Graph:
    return Graph().parse(seed_graph / "kgraph.ttl", format="turtle")


def test_outputs_are_written(seed_graph):
    assert sorted(p.name for p in seed_graph.iterdir()) == ["kgraph.html", "kgraph.trig", "kgraph.ttl"]


def test_amnesty_accuses_hamas_of_crimes_against_humanity_with_its_words(seed_graph, seed_text):
    graph = turtle(seed_graph)
    rows = list(graph.query(ACCUSATION_WITH_EVIDENCE, initNs=PREFIXES, initBindings={
        "claimant": AMNESTY, "target": HAMAS, "charge": KGC["crimes-against-humanity"]}))
    assert len(rows) == 1
    claim, quote, start, end, doc = rows[0]
    assert (start.toPython(), end.toPython()) == (17, 197)
    assert str(quote) == seed_text[17:197]
    assert str(quote).startswith("Amnesty International charged Hamas with crimes against humanity")
    assert doc == KGR[f"document/{SEED_ID}"]
    assert (claim, KG.epistemicStatus, KG.Asserted) in graph
    assert (claim, KG.cameoCode, Literal("1124")) in graph
    assert (claim, KG.event, KGR["event/2023-10-07-attack"]) in graph
    assert (AMNESTY, KG.accuses, HAMAS) in graph  # the direct edge: what Amnesty said, not a verdict


def test_every_evidence_span_slices_the_document_to_its_quote(seed_graph, seed_text):
    spans = list(turtle(seed_graph).query("""
        SELECT ?quote ?start ?end WHERE {
          ?e oa:hasSelector [ a oa:TextQuoteSelector ; oa:exact ?quote ],
                            [ a oa:TextPositionSelector ; oa:start ?start ; oa:end ?end ] }""",
                                          initNs=PREFIXES))
    assert len(spans) >= 10
    for quote, start, end in spans:
        assert seed_text[start.toPython():end.toPython()] == str(quote)


def test_background_knowledge_links(seed_graph):
    graph = turtle(seed_graph)
    assert (KGR["actor/al-qassam-brigades"], KG.partOf, HAMAS) in graph
    assert (KGR["actor/gaza-health-ministry"], KG.partOf, HAMAS) in graph
    assert (KGR["actor/israel"], OWL.sameAs, WD.Q801) in graph
    assert (AMNESTY, RDF.type, KG.HumanRightsOrganisation) in graph
    report = KGR[f"report/{SEED_ID}-amnesty-international"]
    assert (report, KG.publishedBy, AMNESTY) in graph


def test_israel_denies_the_genocide_accusation_and_the_denial_refutes_it(seed_graph):
    rows = list(turtle(seed_graph).query("""
        SELECT ?denial ?accusation WHERE {
          ?denial a kg:Denial ; kg:claimant ?israel ; kg:refutes ?accusation .
          ?accusation kg:claimant ?amnesty ; kg:charge kgc:genocide }""",
                                         initNs=PREFIXES,
                                         initBindings={"israel": KGR["actor/israel"], "amnesty": AMNESTY}))
    assert len(rows) == 1


def test_no_bare_verdicts(seed_graph):
    """Charges hang only on claim nodes: no actor is the subject of a kg:charge triple."""
    graph = turtle(seed_graph)
    for subject in graph.subjects(KG.charge, None):
        assert (subject, RDF.type, KG.Claim) in graph


def test_claim_counts_by_kind(seed_graph):
    graph = turtle(seed_graph)
    counts = {kind: len(set(graph.subjects(RDF.type, KG[cls]))) for kind, cls in [
        ("responsibility", "ResponsibilityAttribution"), ("denial", "Denial"), ("figure", "FigureClaim"),
        ("appeal", "Appeal")]}
    assert counts == {"responsibility": 3, "denial": 1, "figure": 3, "appeal": 2}


def test_graph_validates_against_the_shapes(seed_graph):
    validate(turtle(seed_graph))


def test_turtle_round_trip(seed_graph):
    graph = turtle(seed_graph)
    again = Graph().parse(data=graph.serialize(format="turtle"), format="turtle")
    assert isomorphic(graph, again)


def test_trig_keeps_one_named_graph_per_document(seed_graph):
    dataset = Dataset()
    dataset.parse(seed_graph / "kgraph.trig", format="trig")
    names = {str(g.identifier) for g in dataset.graphs()} - {str(dataset.default_graph.identifier)}
    assert names == {str(KGR[f"graph/{SEED_ID}"])}
    claims_graph = dataset.graph(URIRef(KGR[f"graph/{SEED_ID}"]))
    assert (None, OA.hasSource, KGR[f"document/{SEED_ID}"]) in claims_graph


def test_claims_command_prints_the_table(seed_graph, seed_text):
    result = CliRunner().invoke(main, ["claims", str(seed_graph / "kgraph.ttl")])
    assert result.exit_code == 0, result.output
    rows = [json.loads(line) for line in result.output.splitlines()]
    row = next(r for r in rows if r["kind"] == "accusation" and r["target"] == "Hamas"
               and r["charge"] == "crimes against humanity")
    assert (row["claimant"], row["doc"], row["start"], row["end"], row["date"]) == (
        "Amnesty International", SEED_ID, 17, 197, "2025-12-11")
    assert row["quote"] == seed_text[17:197]
    figure = next(r for r in rows if r["kind"] == "figure" and r["value"] == 1221)
    assert (figure["claimant"], figure["quantity"], figure["event"]) == (
        "Israeli authorities", "killed", "October 7 assault")


def test_entities_command_csv(seed_graph):
    result = CliRunner().invoke(main, ["entities", str(seed_graph / "kgraph.ttl"), "--format", "csv"])
    assert result.exit_code == 0, result.output
    header, *lines = result.output.splitlines()
    assert header.startswith("id,label,type")
    assert any(",Hamas,ArmedGroup," in line for line in lines)
