"""kgraph export: every RDF format parses back to an isomorphic graph (the quad formats keep each
document's named graph), the claim network for Gephi and Cytoscape, and the claims table."""
from __future__ import annotations

from pathlib import Path

import networkx as nx
import pyoxigraph as ox
import pytest
from click.testing import CliRunner
from rdflib import Dataset, Graph
from rdflib.compare import isomorphic

from kgraph.cli import main
from kgraph.errors import InputError
from kgraph.read.export import EXPORTERS, export
from kgraph.read.tables import CLAIM_COLUMNS, claim_rows, format_rows
from kgraph.store import OxigraphStore, fill, open_store
from kgraph.store.canonical import nquads

from helpers.paths import TWO_DOCUMENTS

CLAIM = "https://w3id.org/kgraph/id/claim/"
DEFAULT = "urn:x-rdflib:default"


def reference_dataset(path: Path) -> Dataset:
    dataset = Dataset()
    dataset.parse(path, format="trig")
    return dataset


def graphs_of(dataset: Dataset) -> dict[str, Graph]:
    """The non-empty graphs of a dataset by name, the default graph under rdflib's default name."""
    found = {}
    for context in dataset.graphs():
        if len(context):
            graph = Graph()
            for triple in context:
                graph.add(triple)
            found[str(context.identifier)] = graph
    return found


def merged(dataset: Dataset) -> Graph:
    graph = Graph()
    for context in dataset.graphs():
        for triple in context:
            graph.add(triple)
    return graph


@pytest.fixture(scope="module", params=["seed", "hand"])
def source(request, seed_graph: Path) -> Path:
    """The seed's TriG and the hand-written one (where a claim sits in two named graphs)."""
    return seed_graph / "kgraph.trig" if request.param == "seed" else TWO_DOCUMENTS


@pytest.mark.parametrize(("fmt", "rdflib_format"), [("turtle", "turtle"), ("ntriples", "nt")])
def test_a_triple_format_round_trips_to_the_merge_of_all_graphs(source, fmt, rdflib_format):
    exported = Graph().parse(data=export(open_store(source), fmt), format=rdflib_format)
    expected = merged(reference_dataset(source))
    assert len(exported) == len(expected)
    assert isomorphic(exported, expected)


@pytest.mark.parametrize(("fmt", "rdflib_format"), [("nquads", "nquads"), ("trig", "trig"), ("jsonld", "json-ld")])
def test_a_quad_format_round_trips_graph_by_graph(source, fmt, rdflib_format):
    exported = Dataset()
    exported.parse(data=export(open_store(source), fmt), format=rdflib_format)
    expected = graphs_of(reference_dataset(source))
    found = graphs_of(exported)
    assert sorted(found) == sorted(expected)
    assert any(name.startswith("https://w3id.org/kgraph/id/graph/") for name in found)
    for name, graph in expected.items():
        assert isomorphic(found[name], graph), name


def test_the_hand_graph_keeps_its_two_document_graphs_and_the_shared_triples():
    exported = Dataset()
    exported.parse(data=export(open_store(TWO_DOCUMENTS), "nquads"), format="nquads")
    sizes = {name: len(graph) for name, graph in graphs_of(exported).items()}
    assert sizes == {DEFAULT: 32, "https://w3id.org/kgraph/id/graph/d1": 45, "https://w3id.org/kgraph/id/graph/d2": 73}


def test_jsonld_has_a_context_of_kgraph_prefixes():
    text = export(open_store(TWO_DOCUMENTS), "jsonld").decode("utf-8")
    assert '"kg": "https://w3id.org/kgraph/ontology#"' in text
    assert '"kg:claimant"' in text


@pytest.mark.parametrize(("fmt", "rdflib_format"), [("nquads", "nquads"), ("trig", "trig"), ("jsonld", "json-ld")])
def test_a_store_folder_round_trips_what_it_holds(seed_store, fmt, rdflib_format):
    store = open_store(seed_store)
    exported, held = Dataset(), Dataset()
    exported.parse(data=export(store, fmt), format=rdflib_format)
    held.parse(data=nquads(store), format="nquads")
    expected, found = graphs_of(held), graphs_of(exported)
    assert sorted(found) == sorted(expected)
    for name, graph in expected.items():
        assert isomorphic(found[name], graph), name


def test_a_store_spells_numbers_canonically_but_holds_the_same_values(seed_graph, seed_store):
    from_file = Graph().parse(data=export(open_store(seed_graph / "kgraph.trig"), "ntriples"), format="nt")
    from_store = Graph().parse(data=export(open_store(seed_store), "ntriples"), format="nt")
    assert len(from_store) == len(from_file)
    changed = sorted(set(from_file) - set(from_store))
    assert changed and {str(p).rsplit("#", 1)[1] for _, p, _ in changed} <= {"start", "end", "value", "confidence"}
    for subject, predicate, value in changed:
        (stored,) = from_store.objects(subject, predicate)
        assert stored.toPython() == value.toPython()


def test_every_format_exports_the_same_bytes_from_a_store_folder_and_an_in_memory_store(seed_graph, seed_store):
    in_memory = OxigraphStore(fill(ox.Store(), seed_graph / "kgraph.trig"), "in memory")  # every graph, no file
    for fmt in EXPORTERS:
        assert export(open_store(seed_store), fmt) == export(in_memory, fmt), fmt


def test_graphml_has_one_edge_per_claim_with_kind_charge_and_quote(tmp_path):
    path = tmp_path / "claims.graphml"
    path.write_bytes(export(open_store(TWO_DOCUMENTS), "graphml"))
    network = nx.read_graphml(path, force_multigraph=True)
    assert sorted(network.nodes) == ["Market attack", "North Front", "South Army", "Watch Group"]
    assert network.nodes["South Army"] == {"label": "South Army", "type": "GovernmentBody",
                                           "iri": "https://w3id.org/kgraph/id/actor/south-army"}
    edges = {data["id"].removeprefix(CLAIM): (source, target, data) for source, target, data in network.edges(data=True)}
    assert sorted(edges) == ["c1", "c2", "c3", "c4", "c5", "c6", "c7"]
    source, target, data = edges["c1"]
    assert (source, target) == ("North Front", "South Army")
    assert {key: data[key] for key in ("kind", "charge", "claimant", "target", "status", "sources", "doc", "quote",
                                       "label")} == {
        "kind": "accusation", "charge": "war crimes", "claimant": "North Front", "target": "South Army",
        "status": "asserted", "sources": 2, "doc": "d1", "quote": "North Front accused South Army of war crimes.",
        "label": "war crimes"}
    assert edges["c3"][:2] == ("South Army", "Market attack")
    assert edges["c3"][2]["value"] == 30.0


def test_gexf_reads_back_and_carries_no_date_so_it_is_deterministic(tmp_path):
    data = export(open_store(TWO_DOCUMENTS), "gexf")
    assert b"lastmodifieddate" not in data
    assert data == export(open_store(TWO_DOCUMENTS), "gexf")
    path = tmp_path / "claims.gexf"
    path.write_bytes(data)
    network = nx.read_gexf(path)
    assert network.number_of_edges() == 7
    kinds = sorted(attributes["kind"] for _, _, attributes in network.edges(data=True))
    assert kinds == ["accusation"] * 3 + ["denial", "figure", "figure", "responsibility"]


def test_csv_is_the_claims_table():
    store = open_store(TWO_DOCUMENTS)
    assert export(store, "csv").decode("utf-8") == format_rows(claim_rows(store), CLAIM_COLUMNS, "csv")
    assert export(store, "csv").decode("utf-8").splitlines()[0] == ",".join(CLAIM_COLUMNS)


def test_unknown_format_is_an_input_error():
    with pytest.raises(InputError, match="unknown export format 'rdfxml'; use one of turtle, ntriples, nquads"):
        export(open_store(TWO_DOCUMENTS), "rdfxml")


def test_cli_writes_the_file_whole_and_takes_the_format_from_its_suffix(tmp_path):
    out = tmp_path / "out" / "graph.nq"
    result = CliRunner().invoke(main, ["export", str(TWO_DOCUMENTS), "-o", str(out)])
    assert (result.exit_code, result.output) == (0, f"wrote: {out}\n")
    assert out.read_bytes() == export(open_store(TWO_DOCUMENTS), "nquads")
    assert [p.name for p in out.parent.iterdir()] == ["graph.nq"]  # no temporary file left behind


def test_cli_prints_to_standard_output_without_o():
    result = CliRunner().invoke(main, ["export", str(TWO_DOCUMENTS), "--format", "ntriples"])
    assert result.exit_code == 0
    assert len(result.output.splitlines()) == 141


def test_cli_without_a_format_says_so():
    result = CliRunner().invoke(main, ["export", str(TWO_DOCUMENTS)])
    assert result.exit_code == 2
    assert "give --format" in result.output
