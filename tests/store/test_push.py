"""kgraph push and kgraph query --endpoint against a real Oxigraph server started for the test:
re-pushing replaces each document's graph (nothing lost, nothing doubled), a server that is down
is one clear line, and credentials travel only from the environment to the server."""
from __future__ import annotations

import base64
import subprocess
from http.server import BaseHTTPRequestHandler

import pytest
from click.testing import CliRunner

from kgraph.cli import main
from kgraph.errors import StoreError
from kgraph.store import open_store
from kgraph.store.endpoint import EndpointStore, put_graph
from kgraph.store.server.push import push

from helpers.paths import TWO_DOCUMENTS
from helpers.servers import OXIGRAPH, free_port, http_server, stop, wait_until_answering

DISTINCT_TRIPLES = "SELECT (COUNT(*) AS ?n) WHERE { SELECT DISTINCT ?s ?p ?o WHERE { ?s ?p ?o } }"
QUADS_PER_GRAPH = "SELECT ?g (COUNT(*) AS ?n) WHERE { GRAPH ?g { ?s ?p ?o } } GROUP BY ?g ORDER BY ?g"
SECRET = "s3cret-pa55word"


@pytest.fixture
def server(tmp_path):
    """An empty Oxigraph server on 127.0.0.1 (union default graph, as the README asks); stopped at the end."""
    port = free_port()
    log = (tmp_path / "oxigraph.log").open("w")
    process = subprocess.Popen([OXIGRAPH, "serve", "--location", str(tmp_path / "data"), "--bind",
                                f"127.0.0.1:{port}", "--union-default-graph"], stdout=log, stderr=subprocess.STDOUT)
    base = f"http://127.0.0.1:{port}"
    try:
        wait_until_answering(f"{base}/query", process)
        yield base
    finally:
        stop(process)
        log.close()


def number(endpoint: str, query: str) -> int:
    return int(EndpointStore(f"{endpoint}/query").query(query).rows[0][0].value)


def per_graph(endpoint: str) -> list[tuple[str, int]]:
    return [(g.value, int(n.value)) for g, n in EndpointStore(f"{endpoint}/query").query(QUADS_PER_GRAPH).rows]


def test_push_the_seed_query_it_push_again_and_nothing_changes(server, seed_graph):
    trig = seed_graph / "kgraph.trig"
    triples = len(open_store(trig))
    runner = CliRunner()
    pushed = runner.invoke(main, ["push", str(trig), "--endpoint", f"{server}/store"])
    assert pushed.exit_code == 0, pushed.output
    assert pushed.output.startswith(f"pushed 2 graph(s), {triples} triples in ")
    counted = runner.invoke(main, ["query", "--endpoint", f"{server}/query", DISTINCT_TRIPLES, "--format", "csv"])
    assert counted.output == f"n\n{triples}\n"
    graphs = per_graph(server)
    assert runner.invoke(main, ["push", str(trig), "--endpoint", f"{server}/store"]).exit_code == 0
    assert number(server, DISTINCT_TRIPLES) == triples
    assert per_graph(server) == graphs
    named = runner.invoke(main, ["query", "--endpoint", f"{server}/query", "--named", "who-accuses-whom"])
    assert named.exit_code == 0
    assert named.output == runner.invoke(main, ["query", str(trig), "--named", "who-accuses-whom"]).output
    assert "Amnesty International  Hamas" in named.output


def test_named_queries_answer_the_same_on_the_server_as_on_the_file(server):
    push(open_store(TWO_DOCUMENTS), f"{server}/store")
    runner = CliRunner()
    for args in (["--named", "who-accuses-whom"], ["--named", "mutual-accusations"],
                 ["--named", "about-actor", "--param", "actor=NF"], ["--named", "claims-by-date", "--param",
                                                                    "from=2024-02-01"]):
        remote = runner.invoke(main, ["query", "--endpoint", f"{server}/query", *args, "--format", "csv"])
        local = runner.invoke(main, ["query", str(TWO_DOCUMENTS), *args, "--format", "csv"])
        assert remote.exit_code == 0, remote.output
        assert remote.output == local.output, args


def test_a_rebuilt_document_replaces_its_graph_and_leaves_the_others(server, tmp_path):
    push(open_store(TWO_DOCUMENTS), f"{server}/store")
    assert per_graph(server) == [("https://w3id.org/kgraph/id/graph/d1", 45), ("https://w3id.org/kgraph/id/graph/d2", 73)]
    text = TWO_DOCUMENTS.read_text(encoding="utf-8")  # d2 is rebuilt without claim c7 and its shortcut edge
    start, end = text.index("    c:c7 a kg:Claim"), text.index("    a:north-front kg:accuses a:south-army .\n    a:south-army kg:denies")
    rebuilt = tmp_path / "rebuilt.trig"
    rebuilt.write_text(text[:start] + text[end:].replace(" ; kg:reportsFigureOn ev:market-attack .\n}", " .\n}"),
                       encoding="utf-8")
    result = push(open_store(rebuilt), f"{server}/store")
    assert (result.graphs, result.triples) == (3, 32 + 45 + 58)
    assert per_graph(server) == [("https://w3id.org/kgraph/id/graph/d1", 45), ("https://w3id.org/kgraph/id/graph/d2", 58)]
    assert number(server, DISTINCT_TRIPLES) == len(open_store(rebuilt)) == 141 - 15
    assert number(server, "SELECT (COUNT(*) AS ?n) WHERE { <https://w3id.org/kgraph/id/claim/c7> ?p ?o }") == 0


def test_push_deletes_the_graphs_of_documents_removed_since_and_no_other_graph(server, tmp_path):
    """Issue 14, 7: a document removed from the corpus kept its graph, and its claims stayed queryable."""
    push(open_store(TWO_DOCUMENTS), f"{server}/store")
    put_graph(f"{server}/store", "https://example.org/not-kgraph", b"<http://a> <http://b> <http://c> .\n")
    text = TWO_DOCUMENTS.read_text(encoding="utf-8")
    only_d1 = tmp_path / "only-d1.trig"  # d2's own graph dropped (its document node stays in the default graph)
    only_d1.write_text(text[:text.index("g:d2 {")], encoding="utf-8")
    result = CliRunner().invoke(main, ["push", str(only_d1), "--endpoint", f"{server}/store"])
    assert result.exit_code == 0, result.output
    assert result.output.splitlines()[1] == ("deleted 1 graph(s) of documents no longer in the graph: "
                                             "https://w3id.org/kgraph/id/graph/d2")
    assert per_graph(server) == [("https://example.org/not-kgraph", 1), ("https://w3id.org/kgraph/id/graph/d1", 45)]
    assert number(server, "SELECT (COUNT(*) AS ?n) WHERE { <https://w3id.org/kgraph/id/claim/c7> ?p ?o }") == 0


def test_graph_option_puts_the_shared_triples_in_a_named_graph(server):
    push(open_store(TWO_DOCUMENTS), f"{server}/store", default_graph="https://example.org/kgraph/shared")
    assert per_graph(server) == [("https://example.org/kgraph/shared", 32), ("https://w3id.org/kgraph/id/graph/d1", 45),
                                 ("https://w3id.org/kgraph/id/graph/d2", 73)]


def test_a_server_that_is_down_is_one_clear_line_and_exit_status_4(monkeypatch):
    monkeypatch.setenv("KGRAPH_ENDPOINT_USER", "reader")
    monkeypatch.setenv("KGRAPH_ENDPOINT_PASSWORD", SECRET)
    url = f"http://127.0.0.1:{free_port()}/store"
    result = CliRunner().invoke(main, ["push", str(TWO_DOCUMENTS), "--endpoint", url])
    assert result.exit_code == 4
    assert result.output.startswith(f"kgraph: error: {url}?default: cannot reach the SPARQL server (")
    assert result.output.endswith("is it running, and is the URL right?\n")
    assert result.output.count("\n") == 1 and SECRET not in result.output
    queried = CliRunner().invoke(main, ["query", "--endpoint", url.replace("store", "query"), "ASK {}"])
    assert queried.exit_code == 4 and "cannot reach the SPARQL server" in queried.output


def test_credentials_in_the_url_are_refused_without_printing_them():
    result = CliRunner().invoke(main, ["push", str(TWO_DOCUMENTS), "--endpoint",
                                       f"http://admin:{SECRET}@127.0.0.1:1/store"])
    assert result.exit_code == 4
    assert result.output == ("kgraph: error: the endpoint URL must not contain credentials; set KGRAPH_ENDPOINT_USER "
                             "and KGRAPH_ENDPOINT_PASSWORD (or KGRAPH_ENDPOINT_TOKEN) instead\n")


class Recorder(BaseHTTPRequestHandler):
    """Answers every PUT with 401 or 204 and remembers the Authorization header it got."""

    seen: list[str | None] = []
    status = 204

    def do_PUT(self):  # noqa: N802 (the http.server naming)
        self.rfile.read(int(self.headers.get("Content-Length", 0)))
        Recorder.seen.append(self.headers.get("Authorization"))
        self.send_response(Recorder.status)
        self.end_headers()
        if Recorder.status >= 400:
            self.wfile.write(f"denied for {self.headers.get('Authorization')}".encode())

    def log_message(self, *args):
        pass


@pytest.fixture
def recorder():
    Recorder.seen, Recorder.status = [], 204
    with http_server(Recorder, "/store") as url:
        yield url


def test_credentials_come_from_the_environment(recorder, monkeypatch):
    monkeypatch.setenv("KGRAPH_ENDPOINT_USER", "writer")
    monkeypatch.setenv("KGRAPH_ENDPOINT_PASSWORD", SECRET)
    push(open_store(TWO_DOCUMENTS), recorder)
    expected = "Basic " + base64.b64encode(f"writer:{SECRET}".encode()).decode()
    assert Recorder.seen == [expected] * 3
    monkeypatch.setenv("KGRAPH_ENDPOINT_TOKEN", "t0ken")
    push(open_store(TWO_DOCUMENTS), recorder)
    assert Recorder.seen[3:] == ["Bearer t0ken"] * 3


def test_refused_credentials_are_named_but_never_shown(recorder, monkeypatch):
    monkeypatch.setenv("KGRAPH_ENDPOINT_TOKEN", SECRET)
    Recorder.status = 401
    with pytest.raises(StoreError) as refused:
        push(open_store(TWO_DOCUMENTS), recorder)
    assert "HTTP 401, the server refused the credentials; set KGRAPH_ENDPOINT_USER" in str(refused.value)
    assert SECRET not in str(refused.value)
    Recorder.status = 500
    with pytest.raises(StoreError) as failed:
        push(open_store(TWO_DOCUMENTS), recorder)
    assert "HTTP 500" in str(failed.value) and "denied for Bearer ***" in str(failed.value)
    assert SECRET not in str(failed.value)
