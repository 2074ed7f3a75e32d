"""The store: a graph file in memory and an Oxigraph store folder answer the same, the folder is made
whole or not at all, and `kgraph serve` puts a read-only SPARQL endpoint in front of either."""
from __future__ import annotations

import json
import subprocess
import urllib.error
import urllib.request

import pytest
from click.testing import CliRunner
from rdflib import Dataset, Graph

from kgraph.cli import main
from kgraph.errors import InputError, QueryError, StoreError
from kgraph.read.tables import claim_rows, entity_rows
from kgraph.store import OxigraphGraph, as_store, is_store_folder, open_store, save_store
from kgraph.store.endpoint import EndpointStore

from helpers.paths import TWO_DOCUMENTS
from helpers.servers import KGRAPH, free_port, stop, wait_until_answering

COUNT = "SELECT (COUNT(*) AS ?n) WHERE { ?s ?p ?o }"


def count(store) -> int:
    return int(store.query(COUNT).rows[0][0].value)


def test_a_store_folder_holds_as_many_triples_as_the_turtle_file(seed_graph, seed_store):
    turtle = Graph().parse(seed_graph / "kgraph.ttl", format="turtle")
    for source in (seed_store, seed_graph / "kgraph.trig", seed_graph / "kgraph.ttl"):
        store = open_store(source)
        assert len(store) == count(store) == len(turtle), source


def test_a_store_folder_keeps_one_named_graph_per_document(seed_graph, seed_store):
    dataset = Dataset()
    dataset.parse(seed_graph / "kgraph.trig", format="trig")
    expected = sorted(str(g.identifier) for g in dataset.graphs() if len(g) and "graph/" in str(g.identifier))
    answer = open_store(seed_store).query("SELECT DISTINCT ?g WHERE { GRAPH ?g { ?s ?p ?o } } ORDER BY ?g")
    assert [row[0].value for row in answer.rows] == expected == ["https://w3id.org/kgraph/id/graph/000_001a2dfaae7811e2"]


def test_claims_and_entities_read_the_same_from_a_graph_an_file_and_a_store(seed_graph, seed_store):
    graph = Graph().parse(seed_graph / "kgraph.ttl", format="turtle")  # an rdflib Graph, read as a store
    for source in (open_store(seed_store), open_store(seed_graph / "kgraph.trig")):
        assert claim_rows(source) == claim_rows(graph)
        assert claim_rows(source, unique=True) == claim_rows(graph, unique=True)
        assert entity_rows(source) == entity_rows(graph)
    amnesty = next(row for row in entity_rows(open_store(seed_store)) if row["label"] == "Amnesty International")
    assert (amnesty["type"], amnesty["kind"], amnesty["wikidata"]) == ("Organisation", "HumanRightsOrganisation",
                                                                       "Q42970")


def test_an_rdflib_graph_over_oxigraph_is_read_in_place_with_the_same_rows(seed_graph):
    graph = Graph().parse(seed_graph / "kgraph.ttl", format="turtle")  # an rdflib Graph, read as a store
    oxigraph = open_store(seed_graph / "kgraph.ttl").store
    over = OxigraphGraph(oxigraph)
    assert as_store(over).store is oxigraph  # not copied term by term
    assert len(over) == len(graph) == 531
    assert entity_rows(over) == entity_rows(graph)
    assert claim_rows(over) == claim_rows(graph)


def test_a_graph_file_in_memory_holds_the_merge_and_reads_every_graph_only_when_asked():
    store = open_store(TWO_DOCUMENTS)
    assert list(store.store.named_graphs()) == []
    assert count(store) == 141
    assert store.named is None  # not read for a query of the default graph
    per_graph = store.query("SELECT ?g (COUNT(*) AS ?n) WHERE { GRAPH ?g { ?s ?p ?o } } GROUP BY ?g ORDER BY ?g")
    assert [(g.value, int(n.value)) for g, n in per_graph.rows] == [
        ("https://w3id.org/kgraph/id/graph/d1", 45), ("https://w3id.org/kgraph/id/graph/d2", 73)]
    assert len(list(store.named.named_graphs())) == 2
    assert count(store) == 141
    one = store.query("SELECT (COUNT(*) AS ?n) FROM <https://w3id.org/kgraph/id/graph/d1> WHERE { ?s ?p ?o }")
    assert int(one.rows[0][0].value) == 45


def test_a_claim_in_two_documents_is_one_row_per_document_on_a_store(tmp_path):
    store_dir = tmp_path / "store"
    assert save_store(TWO_DOCUMENTS, store_dir) == 141
    rows = [(row["id"].rsplit("/", 1)[1], row["doc"], row["sources"]) for row in claim_rows(open_store(store_dir))]
    assert rows[:2] == [("c1", "d1", 2), ("c1", "d2", 2)]
    assert len(rows) == 8


def test_saving_again_replaces_the_store_whole_and_leaves_nothing_behind(tmp_path):
    store_dir = tmp_path / "graphs" / "store"
    save_store(TWO_DOCUMENTS, store_dir)
    assert save_store(TWO_DOCUMENTS, store_dir) == 141
    assert len(open_store(store_dir)) == 141
    assert [p.name for p in store_dir.parent.iterdir()] == ["store"]


def test_a_folder_that_is_not_a_store_is_neither_read_nor_replaced(tmp_path):
    folder = tmp_path / "notes"
    folder.mkdir()
    (folder / "todo.txt").write_text("keep me", encoding="utf-8")
    assert not is_store_folder(folder)
    with pytest.raises(StoreError, match="exists and is not an Oxigraph store; refusing to replace it"):
        save_store(TWO_DOCUMENTS, folder)
    assert (folder / "todo.txt").read_text(encoding="utf-8") == "keep me"
    with pytest.raises(InputError, match="is a folder but not an Oxigraph store"):
        open_store(folder)


def test_a_broken_graph_file_names_file_line_and_column(tmp_path):
    broken = tmp_path / "broken.ttl"
    broken.write_text('@prefix ex: <http://example.org/> .\nex:a ex:b "no end .\n', encoding="utf-8")
    with pytest.raises(InputError, match=r"broken.ttl: not valid turtle: Parser error .*line 2"):
        open_store(broken)
    with pytest.raises(InputError, match=r"broken.ttl: not valid turtle: "):
        save_store(broken, tmp_path / "store")
    assert not (tmp_path / "store").exists()
    assert [p.name for p in tmp_path.iterdir()] == ["broken.ttl"]


def test_a_store_refuses_a_bad_query_with_line_and_column(seed_store):
    with pytest.raises(QueryError, match=r"^SPARQL syntax error at line 2, column \d+: "):
        open_store(seed_store).query("SELECT * WHERE {\n  ?s ?p }")


def test_build_with_store_then_every_command_reads_the_store(tmp_path):
    out, store_dir = tmp_path / "graphs", tmp_path / "graphs" / "store"
    runner = CliRunner()
    built = runner.invoke(main, ["build", "seeds", "-o", str(out), "--store", str(store_dir), "--no-progress"])
    assert built.exit_code == 0, built.output
    triples = len(Graph().parse(out / "kgraph.ttl", format="turtle"))
    assert f"store: {store_dir} ({triples} triples)\n" in built.output
    assert is_store_folder(store_dir)
    for command in (["claims"], ["entities"]):
        from_store = runner.invoke(main, [*command, str(store_dir)])
        assert from_store.exit_code == 0
        assert from_store.output == runner.invoke(main, [*command, str(out / "kgraph.ttl")]).output
    queried = runner.invoke(main, ["query", str(store_dir), COUNT, "--format", "json"])
    assert json.loads(queried.output) == [{"n": triples}]
    viewed = runner.invoke(main, ["view", str(store_dir), "-o", str(tmp_path / "view.html")])
    assert viewed.exit_code == 0 and (tmp_path / "view.html").stat().st_size > 10_000
    exported = runner.invoke(main, ["export", str(store_dir), "--format", "ntriples"])
    assert len(exported.output.splitlines()) == triples


@pytest.fixture
def served(seed_graph, tmp_path):
    """`kgraph serve` on the seed's TriG file, on a free port; stopped at the end."""
    port = free_port()
    log = (tmp_path / "serve.log").open("w")
    process = subprocess.Popen([KGRAPH, "serve", str(seed_graph / "kgraph.trig"), "--port", str(port)],
                               stdout=log, stderr=subprocess.STDOUT)
    url = f"http://127.0.0.1:{port}/query"
    try:
        wait_until_answering(url, process)
        yield url, port
    finally:
        stop(process)
        log.close()


def test_serve_answers_queries_and_refuses_updates(served, seed_graph):
    url, port = served
    endpoint = EndpointStore(url)
    assert count(endpoint) == len(open_store(seed_graph / "kgraph.trig"))
    named = CliRunner().invoke(main, ["query", "--endpoint", url, "--named", "who-accuses-whom", "--format", "csv"])
    local = CliRunner().invoke(main, ["query", str(seed_graph / "kgraph.trig"), "--named", "who-accuses-whom",
                                      "--format", "csv"])
    assert named.output == local.output
    update = urllib.request.Request(f"http://127.0.0.1:{port}/update", data=b"update=CLEAR%20ALL", method="POST",
                                    headers={"Content-Type": "application/x-www-form-urlencoded"})
    with pytest.raises(urllib.error.HTTPError) as refused:
        urllib.request.urlopen(update, timeout=10)
    assert refused.value.code in (403, 404, 405)
    assert count(endpoint) == len(open_store(seed_graph / "kgraph.trig"))


def test_serve_on_a_taken_port_is_a_clear_error(served, seed_graph):
    _, port = served
    result = subprocess.run([KGRAPH, "serve", str(seed_graph / "kgraph.trig"), "--port", str(port)],
                            capture_output=True, text=True, timeout=60)
    assert result.returncode == 4
    assert result.stderr.startswith(f"kgraph: error: cannot listen on 127.0.0.1:{port}: ")
    assert "Traceback" not in result.stderr


def test_a_syntax_error_from_an_endpoint_names_the_line_and_column_of_the_query_as_written(served):
    url, _ = served
    result = CliRunner().invoke(main, ["query", "--endpoint", url, "SELECT * WHERE {\n  ?s ?p }"])
    assert result.exit_code == 3
    assert result.output == "kgraph: error: SPARQL syntax error at line 2, column 10: expected one of LATERAL, SERVICE, [_]\n"
