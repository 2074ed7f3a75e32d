"""`kgraph query` against the probe of issue 14: SERVICE hidden from the check (a comment ended by CR, a
\\u0022 in a literal) fetches nothing because the engine runs where it can open no connection; a query
that makes Oxigraph abort, one that runs too long, and Ctrl-C each end in one line; bad bytes and bad
tokens are one line too, and a token is never printed."""
from __future__ import annotations

import os
import signal
import subprocess
import threading
import time
from collections.abc import Iterator
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer

import pyoxigraph as ox
import pytest
from click.testing import CliRunner
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from kgraph.cli import main
from kgraph.errors import QueryError, StoreError
from kgraph.store import SERVICE_REFUSED, OxigraphStore
from kgraph.store.isolated import query_isolated
from kgraph.store.query import format_answer, run_query

from helpers.probes import PANIC, PANIC_DATA, SLOW, Canary, probe_forms
from helpers.servers import KGRAPH, free_port, http_server


@pytest.fixture(scope="module")
def canary() -> Iterator[str]:
    with http_server(Canary, "/sparql") as url:
        yield url


@pytest.mark.parametrize("form", [0, 1], ids=["comment-ended-by-CR", "u0022-in-literals"])
def test_service_hidden_from_the_check_fetches_nothing_through_kgraph_query(seed_graph, canary, form):
    Canary.requests.clear()
    query = probe_forms(canary)[form]
    result = subprocess.run([KGRAPH, "query", str(seed_graph / "kgraph.trig"), query],
                            capture_output=True, text=True, timeout=60)
    assert (result.returncode, result.stdout) == (3, "")
    assert result.stderr in ("kgraph: error: kgraph query reads only this graph: SERVICE (querying another "
                             "endpoint) is refused\n", f"kgraph: error: {SERVICE_REFUSED}\n")
    assert Canary.requests == []


def empty_store() -> OxigraphStore:
    store = ox.Store()
    store.add(ox.Quad(ox.NamedNode("http://a"), ox.NamedNode("http://b"), ox.Literal("c")))
    return OxigraphStore(store, "test store")


def printed(query: str):
    """What `kgraph query --format csv` prints, as a function of the store (run in the child)."""
    return lambda store: format_answer(run_query(store, query, {}), "csv")


def test_the_engine_itself_cannot_fetch_when_the_check_is_passed_by(canary, monkeypatch):
    """The guarantee is the sandbox: with the text check switched off, SERVICE still reaches nothing."""
    monkeypatch.setattr("kgraph.store.query.calls_service", lambda text: False)
    Canary.requests.clear()
    for query in probe_forms(canary) + [f"SELECT * WHERE {{ SERVICE <{canary}> {{ ?s ?p ?o }} }}"]:
        with pytest.raises(QueryError) as refused:
            query_isolated(empty_store, printed(query))
        assert str(refused.value) == SERVICE_REFUSED
    assert Canary.requests == []


LINE_ENDS = ["\n", "\r", "\r\n", "\x0b", "\x0c", "\x85", "\u2028", "\u2029", ""]
ESCAPES = ["\\u0022", "\\U00000022", '\\"', "\\u000A", "\\u000D", "\\u0023", "\\u003E", "\\\\", "\\t"]
SERVICE_WORDS = ["SERVICE", "service", "SeRvIcE", "SERVICE SILENT", "\\u0053ERVICE"]


@st.composite
def hostile_queries(draw, target: str) -> str:
    """SERVICE and update forms wrapped in comments, escapes and line ends of every kind."""
    end = draw(st.sampled_from(LINE_ENDS))
    escape = draw(st.sampled_from(ESCAPES))
    word = draw(st.sampled_from(SERVICE_WORDS))
    host = draw(st.sampled_from([target, target.replace("127.0.0.1", "localhost"),
                                 target.replace("sparql", "\\u0073parql")]))
    service = f"{word} <{host}> {{ ?s ?p ?o }}"
    shape = draw(st.sampled_from([
        "SELECT * WHERE {{ # c{end} {service} }}",
        'SELECT * WHERE {{ BIND("a{escape}" AS ?a) {service} BIND("{escape}b" AS ?b) }}',
        "SELECT * WHERE {{ # {escape}{end}{service}{end} }}",
        "ASK {{ {service} }}",
        "CONSTRUCT {{ ?s ?p ?o }} WHERE {{ # c{end}{service} }}",
        "SELECT * WHERE {{ ?s ?p ?o }} # {end} ; LOAD <{host}>",
        "LOAD <{host}>{end}",
        "INSERT {{ ?s ?p ?o }} WHERE {{ {service} }}",
        "# x{end}SELECT * {{ {service} }}",
    ]))
    return shape.format(end=end, escape=escape, service=service, host=host)


@settings(max_examples=120, deadline=None, suppress_health_check=[HealthCheck.function_scoped_fixture])
@given(data=st.data())
def test_fuzz_no_query_form_makes_the_engine_fetch_anything(canary, data):
    query = data.draw(hostile_queries(canary))
    with pytest.MonkeyPatch.context() as patch:
        patch.setattr("kgraph.store.query.calls_service", lambda text: False)  # the engine alone is tested
        try:
            answer = query_isolated(empty_store, printed(query))
        except (QueryError, StoreError):
            answer = None
    assert Canary.requests == [], query
    assert answer is None or "leak" not in answer


def test_a_query_that_makes_oxigraph_abort_is_one_line_and_exit_3():
    result = subprocess.run([KGRAPH, "query", str(PANIC_DATA), PANIC],
                            capture_output=True, text=True, timeout=120)
    assert (result.returncode, result.stdout) == (3, "")
    assert result.stderr == (
        "kgraph: error: the query engine (Oxigraph) crashed on this query (signal SIGABRT: user-provided comparison "
        "function does not correctly implement a total order); nothing was printed; writing the query another way "
        "may avoid it (see docs/serve.md, Known engine issues)\n")


def test_timeout_stops_a_long_query_with_one_line(seed_graph):
    started = time.monotonic()
    result = subprocess.run([KGRAPH, "query", "--timeout", "1", str(seed_graph / "kgraph.trig"), SLOW],
                            capture_output=True, text=True, timeout=60)
    assert (result.returncode, result.stdout) == (3, "")
    assert result.stderr == ("kgraph: error: the query did not finish within 1 s and was stopped; give a larger "
                             "--timeout or a narrower query\n")
    assert time.monotonic() - started < 15  # loading the graph, then one second of query


def test_ctrl_c_stops_a_long_query(seed_graph):
    process = subprocess.Popen([KGRAPH, "query", str(seed_graph / "kgraph.trig"), SLOW], stdout=subprocess.PIPE,
                               stderr=subprocess.PIPE, text=True, start_new_session=True)
    time.sleep(3)  # Python and the graph loaded, the query running
    os.killpg(process.pid, signal.SIGINT)  # as a terminal sends it: to the whole group
    try:
        _, stderr = process.communicate(timeout=10)
    finally:
        if process.poll() is None:
            os.killpg(process.pid, signal.SIGKILL)
    assert process.returncode == 1
    assert stderr.strip().splitlines()[-1] == "Aborted!"
    assert "Traceback" not in stderr


@pytest.mark.parametrize("args, message", [
    (["SELECT * WHERE { ?s ?p \"\xff\" }"], "the query: not valid UTF-8 (byte 25 is 0xff)"),
    (["-n", "about-actor", "-p", "actor=\xff"], "--param: not valid UTF-8 (byte 7 is 0xff)"),
])
def test_invalid_utf8_in_a_query_or_a_parameter_is_one_line(seed_graph, args, message):
    encoded = [os.fsencode(arg) if "\xff" not in arg else arg.encode("latin-1") for arg in args]
    result = subprocess.run([os.fsencode(KGRAPH), b"query", os.fsencode(seed_graph / "kgraph.trig"), *encoded],
                            capture_output=True, timeout=60)
    assert (result.returncode, result.stderr.decode()) == (3, f"kgraph: error: {message}\n")


def test_invalid_utf8_on_standard_input_and_in_a_file_is_one_line(seed_graph, tmp_path):
    query = b'SELECT * WHERE { ?s ?p "\xff" }'
    piped = subprocess.run([KGRAPH, "query", str(seed_graph / "kgraph.trig")], input=query, capture_output=True,
                           timeout=60)
    assert (piped.returncode, piped.stderr) == (3, b"kgraph: error: the query on standard input: not valid UTF-8 "
                                                   b"(byte 25 is 0xff)\n")
    (tmp_path / "bad.rq").write_bytes(query)
    filed = CliRunner().invoke(main, ["query", str(seed_graph / "kgraph.trig"), "-f", str(tmp_path / "bad.rq")])
    assert (filed.exit_code, filed.output) == (3, f"kgraph: error: {tmp_path / 'bad.rq'}: not valid UTF-8 "
                                                  f"(byte 25 is 0xff)\n")


def test_an_escape_past_the_last_code_point_is_a_syntax_error(seed_graph):
    result = CliRunner().invoke(main, ["query", str(seed_graph / "kgraph.trig"),
                                       'SELECT * WHERE { ?s ?p "\\UFFFFFFFF" }'])
    assert result.exit_code == 3
    assert result.output.startswith("kgraph: error: SPARQL syntax error at line 1, column ")
    assert result.output.count("\n") == 1


@pytest.mark.parametrize("token", ["t0ken-s3cret\n", "t0ken-s3cret\r\n"])
def test_a_token_read_from_a_file_with_its_line_end_is_sent_without_it(token, monkeypatch):
    monkeypatch.setenv("KGRAPH_ENDPOINT_TOKEN", token)
    url = f"http://127.0.0.1:{free_port()}/query"  # nothing listens: the server is down
    result = CliRunner().invoke(main, ["query", "--endpoint", url, "ASK {}"])
    assert result.exit_code == 4
    assert result.output.startswith(f"kgraph: error: {url}: cannot reach the SPARQL server (")
    assert "s3cret" not in result.output and "Traceback" not in result.output


@pytest.mark.parametrize("token", ["t0ken\x01s3cret", "t0ken\u0416s3cret", "t0ken\ns3cret"])
def test_a_token_no_header_can_carry_is_refused_without_showing_it(token, monkeypatch):
    monkeypatch.setenv("KGRAPH_ENDPOINT_TOKEN", token)
    result = CliRunner().invoke(main, ["query", "--endpoint", f"http://127.0.0.1:{free_port()}/query", "ASK {}"])
    assert (result.exit_code, result.output) == (4, "kgraph: error: KGRAPH_ENDPOINT_TOKEN holds a control character "
                                                    "or a character outside Latin-1, which no HTTP header can carry; "
                                                    "its value is not shown\n")


class EchoingReason(BaseHTTPRequestHandler):
    """A server whose reason phrase repeats the Authorization header it got (the probe's server)."""

    def do_POST(self):  # noqa: N802 (the http.server naming)
        self.rfile.read(int(self.headers.get("Content-Length", 0)))
        self.send_response(500, f"failed for {self.headers.get('Authorization')}")
        self.send_header("Content-Length", "0")
        self.end_headers()

    def log_message(self, *args):
        pass


@pytest.mark.parametrize("variables", [{"KGRAPH_ENDPOINT_TOKEN": "t0ken-s3cret"},
                                       {"KGRAPH_ENDPOINT_USER": "reader", "KGRAPH_ENDPOINT_PASSWORD": "pa55-s3cret"}])
def test_a_reason_phrase_echoing_the_authorization_header_is_printed_redacted(variables, monkeypatch):
    for name, value in variables.items():
        monkeypatch.setenv(name, value)
    server = ThreadingHTTPServer(("127.0.0.1", 0), EchoingReason)
    threading.Thread(target=server.serve_forever, daemon=True).start()
    try:
        url = f"http://127.0.0.1:{server.server_address[1]}/query"
        result = CliRunner().invoke(main, ["query", "--endpoint", url, "ASK {}"])
    finally:
        server.shutdown()
        server.server_close()
    assert result.exit_code == 4
    assert result.output.startswith(f"kgraph: error: {url}: HTTP 500 failed for ")
    assert "s3cret" not in result.output and "cmVhZGVy" not in result.output  # base64 of "reader:..."
