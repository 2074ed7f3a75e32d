"""Nothing from an article is injected: names become IRIs only through slugs and percent-encoding,
literals round-trip exactly through Turtle and TriG, and the HTML view shows article text as text."""
from __future__ import annotations

import base64
import ipaddress
import json
import re
import socket
import subprocess
import time
import unicodedata
import urllib.error
import urllib.parse
import urllib.request
from http.server import BaseHTTPRequestHandler
from pathlib import Path

import pyoxigraph as ox
import pytest
from click.testing import CliRunner
from rdflib import Dataset, Graph, Literal, URIRef
from rdflib.compare import isomorphic
from rdflib.namespace import RDF, RDFS

from kgraph.cli import main
from kgraph.ingest.naming import slug
from kgraph.knowledge import load_knowledge
from kgraph.rdf.mapping import document_iri, graph_triples, iri
from kgraph.rdf.merge import merge_claims, merge_entities
from kgraph.rdf.serialize import trig, turtle
from kgraph.rdf.shacl import validate, validate_triples
from kgraph.read.view import render_html
from kgraph.records import Claim, Document, Entity, Evidence, Extraction
from kgraph.store.endpoint import with_prefixes
from kgraph.store.query import named_query
from kgraph.vocab import KG, KGR, OA

from helpers.paths import ROOT
from helpers.rdf_dataset import build_dataset, union
from helpers.servers import http_server, stop_group

KGRAPH = ROOT / ".venv" / "bin" / "kgraph"
NAMES = {
    "spaces": "Committee for Justice and Peace",
    "quotes": 'The "Justice" Committee of O\'Brien',
    "markup": "<Now> Front #1 & Co.",
    "arabic": "حركة المقاومة الإسلامية",
    "arabic-harakat": "حَمَاس",
    "hebrew": "צבא ההגנה לישראל",
    "hebrew-niqqud": "יִשְׂרָאֵל",
    "cyrillic": "Комитет Правды",
    "burmese": "တပ်မတော်",
    "devanagari": "हिन्दी समिति",
    "emoji": "Peace ☮ Group 🕊",
    "percent": "100% Free %41 Group",
    "dots": "../../etc/passwd",
    "query": "a?b=c&d#frag",
    "controls": "tab\there\nnew\rline\x00nul\x7fdel\u2028sep",
    "backslash": "back\\slash {braces} |pipe| ^caret^ `tick`",
}
# Characters an IRI may not hold raw (RFC 3987): space, controls, <>"{}|\^` and the like.
NOT_IN_IRI = re.compile(r'[\x00-\x20<>"{}|\\^`\x7f-\x9f\u2028\u2029]')
HOSTILE = {
    "script": '<script>alert("kg-xss-1")</script>',
    "handler": "<img src=x onerror=alert('kg-xss-2')>",
    "url": "javascript:alert('kg-xss-3')",
    "comment": "<!--<script>kg-xss-4",
    "close": "</script><script>alert('kg-xss-5')</script>",
    "entity": "&lt;b&gt;kg-xss-6&amp;",
}


def assert_valid_iri(node: URIRef) -> None:
    text = str(node)
    assert text.startswith(str(KGR))
    assert not NOT_IN_IRI.search(text), text
    assert text.isascii(), text  # every other script is percent-encoded
    ox.NamedNode(text)  # Oxigraph checks IRI syntax strictly
    path = text[len(str(KGR)):].split("#")[0]
    assert not {".", ".."} & set(path.split("/")), text  # no dot segment that a resolver would remove


@pytest.mark.parametrize("name", NAMES.values(), ids=NAMES.keys())
def test_names_give_valid_iris(name):
    for key in (f"actor/{slug(name)}", f"document/{name}", name):
        assert_valid_iri(iri(key))
    assert iri(f"document/{name}") == document_iri(name)


def test_different_keys_give_different_iris():
    keys = [f"document/{name}" for name in NAMES.values()] + [f"actor/{slug(name)}" for name in NAMES.values()]
    assert len({iri(key) for key in keys}) == len(set(keys))


@pytest.mark.parametrize("name", ["arabic", "hebrew", "cyrillic", "burmese", "devanagari"])
def test_slugs_keep_every_letter_and_mark_of_any_script(name):
    text = NAMES[name]
    kept = [c for c in slug(text) if c != "-"]
    letters = [c for c in unicodedata.normalize("NFKC", text).lower() if c.isalnum() or unicodedata.category(c)[0] == "M"]
    assert kept == letters


# --- records written by hand: every hostile string through the model, Turtle and TriG ------------

LITERALS = [*NAMES.values(), *HOSTILE.values(), 'quote " and \\" escaped', "ends with backslash \\",
            '"""triple"""', "'''single'''", "\r\n\t\x0b\x0c\x1b\x1f", "\ufeffbom", "line\u2029para", "\U0001f600"]


def hostile_records():
    """A document, entities and claims whose ids, labels and quotes are all hostile strings."""
    doc_id = 'doc "1" <x> #frag ?q %41 \u05d0'
    quote = " | ".join(LITERALS)
    text = f"Intro. {quote} Outro."
    document = Document(id=doc_id, text=text, source=f"{doc_id}.txt", content_hash="0" * 64)
    entities = [Entity(key=f"actor/{slug(name)}", label=name, type="Organisation", aliases=(name + " alias",),
                       docs=(doc_id,)) for name in LITERALS]
    evidence = Evidence(doc_id, 7, 7 + len(quote), quote)
    claims = [Claim(kind="accusation", evidence=evidence, claimant=entities[i].key, target=entities[i + 1].key,
                    charge="war-crimes", charge_text=LITERALS[i], confidence=0.9)
              for i in range(len(entities) - 1)]
    claims.append(Claim(kind="appeal", evidence=evidence, claimant=entities[0].key, charge_text=quote))
    extraction = Extraction(document=document, entities=tuple(entities), claims=tuple(claims))
    return document, merge_entities([extraction]), merge_claims([extraction])


@pytest.fixture(scope="module")
def hostile_graph():
    document, entities, nodes = hostile_records()
    return document, graph_triples([document], entities, nodes, load_knowledge())


def literal_values(triples) -> set[str]:
    return {str(o) for _, _, o in triples if isinstance(o, Literal)}


def test_hostile_records_give_valid_iris_and_a_valid_graph(hostile_graph):
    document, graphs = hostile_graph
    triples = set().union(*graphs.values())
    for triple in triples:
        for term in triple:
            if isinstance(term, URIRef) and str(term).startswith(str(KGR)):
                assert_valid_iri(term)
    assert set(LITERALS) <= literal_values(triples)
    validate_triples(triples)
    graph = Graph()
    for triple in triples:
        graph.add(triple)
    validate(graph)


def test_turtle_round_trips_every_literal_exactly(hostile_graph):
    _, graphs = hostile_graph
    triples = set().union(*graphs.values())
    data = turtle(triples)
    back = Graph().parse(data=data, format="turtle")
    expected = Graph()
    for triple in triples:
        expected.add(triple)
    assert isomorphic(back, expected)
    assert literal_values(back) == literal_values(triples)
    assert {str(t.object.value) for t in ox.parse(data, format=ox.RdfFormat.TURTLE)
            if isinstance(t.object, ox.Literal)} >= set(LITERALS)


def test_trig_round_trips_every_graph_and_literal(hostile_graph):
    document, graphs = hostile_graph
    data = trig(graphs)
    back = Dataset()
    back.parse(data=data, format="trig")
    names = {str(g.identifier) for g in back.graphs() if len(g)}
    assert str(iri(f"graph/{document.id}")) in names
    for name, triples in graphs.items():
        context = back.default_graph if name is None else back.graph(name)
        expected = Graph()
        for triple in triples:
            expected.add(triple)
        assert isomorphic(Graph() + context, expected), name


def test_rdflib_serialisers_round_trip_too(hostile_graph):
    """build_dataset/union (the rdflib path other tools use) writes the same literals back."""
    document, entities, nodes = hostile_records()
    dataset = build_dataset([document], entities, nodes, load_knowledge())
    graph = union(dataset)
    for fmt in ("turtle", "nt"):
        back = Graph().parse(data=graph.serialize(format=fmt), format=fmt)
        assert isomorphic(back, graph), fmt
    again = Dataset()
    again.parse(data=dataset.serialize(format="trig"), format="trig")
    assert literal_values(union(again)) == literal_values(graph)


# --- an article naming actors in many scripts, built through the CLI -----------------------------

ARTICLE = """date 2024-05-01
The Комитет Правды Committee accused Hamas of war crimes.

The Arakan မြန်မာ Army accused Myanmar of war crimes.

The Jabhat al-حماس Front accused Hamas of war crimes.

The Union of צבא Workers accused Hamas of torture.

Human Rights Watch accused Hamas of war crimes, quoting "the \\"enemy\\"" and a back\\slash.
"""


@pytest.fixture(scope="module")
def scripts_build(tmp_path_factory):
    root = tmp_path_factory.mktemp("scripts")
    seeds = root / "seeds"
    seeds.mkdir()
    (seeds / "scripts <1> #\u05d0.txt").write_text(ARTICLE, encoding="utf-8")
    result = CliRunner(env={"KGRAPH_CACHE_DIR": str(root / "cache")}).invoke(
        main, ["build", str(seeds), "-o", str(root / "graphs"), "--no-progress"])
    assert result.exit_code == 0, result.output + result.stderr
    return root / "graphs", ARTICLE


def test_built_graph_has_valid_iris_in_every_script(scripts_build):
    out, text = scripts_build
    for path, fmt in ((out / "kgraph.ttl", ox.RdfFormat.TURTLE), (out / "kgraph.trig", ox.RdfFormat.TRIG)):
        quads = list(ox.parse(path=str(path), format=fmt))  # strict parser: fails on any bad IRI
        assert quads
        for quad in quads:
            for term in (quad.subject, quad.predicate, quad.object, quad.graph_name):
                if isinstance(term, ox.NamedNode) and term.value.startswith(str(KGR)):
                    assert_valid_iri(URIRef(term.value))
    graph = Graph().parse(out / "kgraph.ttl")
    labels = {str(label) for label in graph.objects(None, RDFS.label)}
    for name in ("Комитет Правды Committee", "Arakan မြန်မာ Army", "Jabhat al-حماس", "Union of צבא Workers"):
        assert name in labels, (name, labels)
    for label in labels:  # a name read from the article is kept exactly as written there
        assert label.isascii() or label in text, label
    assert (document_iri("scripts <1> #\u05d0"), RDF.type, KG.Document) in graph


def test_built_quotes_slice_the_article_exactly(scripts_build):
    out, text = scripts_build
    graph = Graph().parse(out / "kgraph.ttl")
    quotes = 0
    for evidence in graph.subjects(RDF.type, KG.Evidence):
        selectors = list(graph.objects(evidence, OA.hasSelector))
        exact = next(str(graph.value(s, OA.exact)) for s in selectors if graph.value(s, OA.exact) is not None)
        start = next(int(graph.value(s, OA.start)) for s in selectors if graph.value(s, OA.start) is not None)
        end = next(int(graph.value(s, OA.end)) for s in selectors if graph.value(s, OA.end) is not None)
        assert text[start:end] == exact
        quotes += 1
    assert quotes >= 3


# --- the HTML view: article text is data, never markup --------------------------------------------

def data_block(page: str) -> str:
    match = re.search(r'<script type="application/json" id="kgraph-data">(.*?)</script>', page, re.DOTALL)
    assert match, "the page has no data block"
    return match.group(1)


def markup_counts(page: str) -> dict[str, int]:
    lowered = page.lower()
    return {
        "script open": lowered.count("<script"),
        "script close": lowered.count("</script"),
        "comment": page.count("<!--"),
        "img": lowered.count("<img"),
        "handler in a tag": len(re.findall(r"<[a-z][^>]*\son\w+\s*=", lowered)),
        "javascript url": len(re.findall(r"""(?:href|src|action)\s*=\s*["']?\s*javascript:""", lowered)),
    }


def hostile_page_graph() -> Graph:
    document, entities, nodes = hostile_records()
    return union(build_dataset([document], entities, nodes, load_knowledge()))


def test_view_escapes_hostile_labels_and_quotes(seed_graph):
    baseline = render_html(Graph().parse(seed_graph / "kgraph.ttl"))
    page = render_html(hostile_page_graph())
    assert markup_counts(page) == markup_counts(baseline)
    block = data_block(page)
    assert not set("<>&") & set(block), "raw <, > or & in the data block"
    assert "\u2028" not in block and "\u2029" not in block
    data = json.dumps(json.loads(block), ensure_ascii=False)
    for marker in ("kg-xss-1", "kg-xss-2", "kg-xss-3", "kg-xss-4", "kg-xss-5"):
        assert marker in data  # the text is shown, as text
        assert marker not in page.replace(block, "")  # and nowhere outside the data block


def test_built_view_escapes_article_markup(tmp_path, seed_graph):
    hostile = " ".join(HOSTILE.values())
    seeds = tmp_path / "seeds"
    seeds.mkdir()
    name = "x<img src=x onerror=alert('kg-xss-7')>"
    (seeds / f"{name}.txt").write_text(
        f"date 2024-05-01\nHuman Rights Watch accused Hamas of war crimes {hostile}.\n\n"
        f"Amnesty International accused the <b onmouseover=alert('kg-xss-8')>Hamas</b> group of torture.\n",
        encoding="utf-8")
    result = CliRunner(env={"KGRAPH_CACHE_DIR": str(tmp_path / "cache")}).invoke(
        main, ["build", str(seeds), "-o", str(tmp_path / "graphs"), "--no-progress"])
    assert result.exit_code == 0, result.output + result.stderr
    page = (tmp_path / "graphs" / "kgraph.html").read_text(encoding="utf-8")
    assert markup_counts(page) == markup_counts((seed_graph / "kgraph.html").read_text(encoding="utf-8"))
    block = data_block(page)
    assert not set("<>&") & set(block)
    assert "kg-xss-1" in block  # the quote with the markup is in the page, escaped
    assert "kg-xss" not in page.replace(block, "")


def test_view_command_escapes_too(tmp_path, seed_graph):
    graph_file = tmp_path / "hostile.ttl"
    graph_file.write_bytes(turtle(set(hostile_page_graph())))
    out = tmp_path / "view.html"
    result = CliRunner().invoke(main, ["view", str(graph_file), "-o", str(out)])
    assert result.exit_code == 0, result.output + result.stderr
    page = out.read_text(encoding="utf-8")
    assert markup_counts(page) == markup_counts((seed_graph / "kgraph.html").read_text(encoding="utf-8"))
    assert "kg-xss" not in page.replace(data_block(page), "")



# --- the SPARQL server and the push command --------------------------------------------------------

SECRET_USER, SECRET_PASSWORD, SECRET_TOKEN = "kg-writer", "pa55-kg-secret", "t0ken-kg-secret"
SECRETS = [SECRET_PASSWORD, SECRET_TOKEN,
           base64.b64encode(f"{SECRET_USER}:{SECRET_PASSWORD}".encode()).decode(),
           base64.b64encode(f"{SECRET_USER}:{SECRET_PASSWORD}".encode()).decode().rstrip("=")]


class Echo(BaseHTTPRequestHandler):
    """The worst server: it answers with every header it got, Authorization included."""

    status = 500

    def reply(self) -> None:
        self.rfile.read(int(self.headers.get("Content-Length", 0)))
        if Echo.status in (301, 307):
            self.send_response(Echo.status)
            self.send_header("Location", Echo.redirect)
            self.end_headers()
            return
        self.send_response(Echo.status)
        self.send_header("Content-Type", "text/plain")
        self.end_headers()
        self.wfile.write(f"rejected {self.command} {self.path} with headers: {dict(self.headers)}".encode())

    do_PUT = do_POST = do_GET = reply

    def log_message(self, *args):
        pass


@pytest.fixture
def echo_server():
    with http_server(Echo) as url:
        yield url


@pytest.mark.parametrize("status", [500, 401, 403, 400, 404, 307])
@pytest.mark.parametrize("credential", ["basic", "token"])
def test_push_and_remote_query_never_print_credentials(seed_graph, echo_server, monkeypatch, status, credential):
    if credential == "basic":
        monkeypatch.setenv("KGRAPH_ENDPOINT_USER", SECRET_USER)
        monkeypatch.setenv("KGRAPH_ENDPOINT_PASSWORD", SECRET_PASSWORD)
    else:
        monkeypatch.setenv("KGRAPH_ENDPOINT_TOKEN", SECRET_TOKEN)
    Echo.status, Echo.redirect = status, f"{echo_server}/elsewhere"
    runs = [CliRunner().invoke(main, ["push", str(seed_graph / "kgraph.trig"), "--endpoint", f"{echo_server}/store"]),
            CliRunner().invoke(main, ["query", "--endpoint", f"{echo_server}/query", "ASK { ?s ?p ?o }"])]
    for result in runs:
        assert result.exit_code != 0
        shown = result.output + result.stderr
        assert "Traceback" not in shown
        for secret in SECRETS:
            assert secret[:10] not in shown, (secret, shown)  # not even the start of one, cut by a long message


def test_push_to_a_server_that_is_down_prints_no_credentials(seed_graph, monkeypatch):
    monkeypatch.setenv("KGRAPH_ENDPOINT_USER", SECRET_USER)
    monkeypatch.setenv("KGRAPH_ENDPOINT_PASSWORD", SECRET_PASSWORD)
    with socket.socket() as probe:
        probe.bind(("127.0.0.1", 0))
        port = probe.getsockname()[1]
    result = CliRunner().invoke(main, ["push", str(seed_graph / "kgraph.trig"), "--endpoint",
                                       f"http://127.0.0.1:{port}/store"])
    assert result.exit_code == 4
    assert not any(secret in result.output + result.stderr for secret in SECRETS)


def listening_addresses(port: int) -> set[str]:
    """The local addresses with a socket listening on `port` (from /proc/net/tcp and tcp6)."""
    found = set()
    for table, _width in (("/proc/net/tcp", 8), ("/proc/net/tcp6", 32)):
        for line in Path(table).read_text().splitlines()[1:]:
            fields = line.split()
            address, _, hex_port = fields[1].partition(":")
            if int(hex_port, 16) == port and fields[3] == "0A":  # 0A: LISTEN
                raw = bytes.fromhex(address)
                words = b"".join(raw[i:i + 4][::-1] for i in range(0, len(raw), 4))  # little-endian words
                found.add(str(ipaddress.ip_address(words)))
    return found


@pytest.fixture
def served_seed(seed_graph, tmp_path):
    """`kgraph serve` with its default address, on a free port; stopped (its whole process group) at the end."""
    with socket.socket() as probe:
        probe.bind(("127.0.0.1", 0))
        port = probe.getsockname()[1]
    log = (tmp_path / "serve.log").open("wb")
    process = subprocess.Popen([KGRAPH, "serve", str(seed_graph / "kgraph.trig"), "--port", str(port)],
                               stdout=log, stderr=subprocess.STDOUT, start_new_session=True)
    url = f"http://127.0.0.1:{port}/query"
    try:
        deadline = time.monotonic() + 60
        while not listening_addresses(port):
            assert process.poll() is None and time.monotonic() < deadline, (tmp_path / "serve.log").read_text()
            time.sleep(0.1)
        yield url, port
    finally:
        stop_group(process)
        log.close()


def sparql(url: str, query: str, timeout: float = 15) -> tuple[int, bytes]:
    request = urllib.request.Request(url, data=urllib.parse.urlencode({"query": query}).encode(), method="POST",
                                     headers={"Content-Type": "application/x-www-form-urlencoded",
                                              "Accept": "application/sparql-results+json"})
    try:
        with urllib.request.urlopen(request, timeout=timeout) as reply:
            return reply.status, reply.read()
    except urllib.error.HTTPError as error:
        return error.code, error.read()


def test_serve_listens_on_localhost_only_by_default(served_seed):
    url, port = served_seed
    assert listening_addresses(port) == {"127.0.0.1"}
    assert sparql(url, "ASK { ?s ?p ?o }") == (200, b'{"head":{},"boolean":true}')
    status, _ = sparql(url.replace("/query", "/update"), "CLEAR ALL")
    assert status in (400, 403, 404, 405)  # read-only


def ask(url: str, method: str, query: str, timeout: float = 15) -> tuple[int, str, bytes]:
    """A query sent as the SPARQL protocol allows: GET ?query=, POST form-encoded, or POST application/sparql-query."""
    encoded = urllib.parse.urlencode({"query": query})
    target, body, content_type = {
        "GET": (f"{url}?{encoded}", None, None),
        "POST form": (url, encoded.encode(), "application/x-www-form-urlencoded"),
        "POST query": (url, query.encode(), "application/sparql-query"),
    }[method]
    headers = {"Accept": "application/sparql-results+json"} | ({"Content-Type": content_type} if content_type else {})
    request = urllib.request.Request(target, data=body, method=method.split()[0], headers=headers)
    try:
        with urllib.request.urlopen(request, timeout=timeout) as reply:
            return reply.status, reply.headers.get("Content-Type", ""), reply.read()
    except urllib.error.HTTPError as error:
        return error.code, error.headers.get("Content-Type", ""), error.read()


def outbound_connections(url: str, method: str, query: str) -> tuple[bool, tuple[int, str, bytes]]:
    """Whether the endpoint connected to a listener the query names as a SERVICE ("TARGET"), and its answer."""
    with socket.socket() as listener:
        listener.bind(("127.0.0.1", 0))
        listener.listen()
        target = f"http://127.0.0.1:{listener.getsockname()[1]}/sparql"
        answer = ask(url, method, query.replace("TARGET", target), timeout=10)
        listener.settimeout(0.5)  # a fetch connects before the answer ends; the backlog keeps it
        try:
            listener.accept()[0].close()
            return True, answer
        except TimeoutError:
            return False, answer


@pytest.mark.parametrize("method", ["GET", "POST form", "POST query"])
def test_served_endpoint_does_not_fetch_other_urls(served_seed, method):
    url, _ = served_seed
    fetched, (status, content_type, body) = outbound_connections(
        url, method, "SELECT * WHERE { SERVICE <TARGET> { ?s ?p ?o } }")
    assert not fetched
    assert (status, content_type) == (400, "text/plain; charset=utf-8")
    assert body == b"this endpoint reads only its own graph: SERVICE (querying another endpoint) is refused\n"


def test_served_endpoint_answers_as_kgraph_query_does(served_seed, seed_graph):
    url, _ = served_seed
    runner = CliRunner()
    local = runner.invoke(main, ["query", str(seed_graph / "kgraph.trig"), "-n", "who-accuses-whom", "--format", "csv"])
    served = runner.invoke(main, ["query", "--endpoint", url, "-n", "who-accuses-whom", "--format", "csv"])
    assert local.exit_code == 0 and served.exit_code == 0, served.output
    assert served.output == local.output and local.output.count("\n") > 2  # a header and rows
    text = with_prefixes(named_query("who-accuses-whom").text)
    answers = {method: ask(url, method, text) for method in ("GET", "POST form", "POST query")}
    assert answers["GET"][:2] == (200, "application/sparql-results+json")
    assert answers["GET"] == answers["POST form"] == answers["POST query"]
    rows = ox.parse_query_results(answers["GET"][2], ox.QueryResultsFormat.JSON)
    assert len(list(rows)) == local.output.count("\n") - 1
    status, content_type, page = ask(url.removesuffix("query"), "GET", "ASK {}")  # the query page, passed on
    assert status == 200 and content_type.startswith("text/html") and b"<html" in page.lower()


@pytest.mark.parametrize("path, content_type, body", [
    ("/update", "application/sparql-update", b"CLEAR ALL"),
    ("/update", "application/x-www-form-urlencoded", b"update=CLEAR+ALL"),
    ("/query", "application/sparql-update", b"CLEAR ALL"),
    ("/query", "application/x-www-form-urlencoded", b"update=CLEAR+ALL"),
    ("/store", "text/turtle", b"<http://a> <http://b> <http://c> ."),
])
def test_served_endpoint_refuses_updates(served_seed, path, content_type, body):
    url, _ = served_seed
    request = urllib.request.Request(url.replace("/query", path), data=body, method="POST",
                                     headers={"Content-Type": content_type})
    with pytest.raises(urllib.error.HTTPError) as refused:
        urllib.request.urlopen(request, timeout=15)
    assert refused.value.code == 403
    assert refused.value.read().startswith(b"this SPARQL endpoint is read-only")
    assert ask(url, "GET", "ASK { ?s ?p ?o }")[2] == b'{"head":{},"boolean":true}'
