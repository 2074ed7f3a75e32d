"""Properties that hold for any input (Hypothesis): reading never fails but with InputError, the
pipeline never raises on any text, every graph it writes parses back the same and conforms to the
shapes, every evidence span slices its document to the quote, names give valid IRIs, and a build
gives the same bytes in any process and from files made in any order."""
from __future__ import annotations

import os
import re
import subprocess
import tempfile
import unicodedata
from pathlib import Path
from urllib.parse import unquote

import pyoxigraph as ox
import pytest
from hypothesis import HealthCheck, assume, event, example, given, settings
from hypothesis import strategies as st
from pyshacl import validate as pyshacl_validate
from rdflib import Dataset, Graph, URIRef
from rdflib.compare import isomorphic

from kgraph.errors import InputError
from kgraph.extract import extract
from kgraph.ingest import read_document
from kgraph.ingest.naming import slug
from kgraph.knowledge import load_knowledge, ontology_dir
from kgraph.nlp import load_pipeline, parse, split_text
from kgraph.rdf.mapping import document_iri, graph_triples, iri
from kgraph.rdf.merge import merge_claims, merge_entities
from kgraph.rdf.serialize import trig, turtle
from kgraph.rdf.shacl import validate
from kgraph.records import Document
from kgraph.vocab import KGR

from helpers.paths import ROOT, SEED

KGRAPH = ROOT / ".venv" / "bin" / "kgraph"
NOT_IN_IRI = re.compile(r'[\x00-\x20<>"{}|\\^`\x7f-\x9f]')

FAST = settings(max_examples=60, deadline=None, suppress_health_check=[HealthCheck.too_slow])
SLOW = settings(max_examples=30, deadline=None, suppress_health_check=[HealthCheck.too_slow])

# Text that reaches every part of the pipeline: seed sentences (claims of every kind) cut and mixed
# with arbitrary characters, the words and marks extraction looks for, and awkward whitespace.
SENTENCES = [s.strip() + "." for s in SEED.read_text(encoding="utf-8").replace("\n", " ").split(". ") if s.strip()]
PIECES = st.one_of(
    st.text(max_size=30),
    st.sampled_from(SENTENCES),
    st.sampled_from(["\n\n", "\r\n", "\r\n\r\n", " ", "\t", "\u00a0", "\u2028", "\ufeff", '"', "“", "”", "'", "\\",
                     " accused ", " denied ", " said ", " of war crimes", " killed 1,200 people", "Hamas", "Israel",
                     "Amnesty International", "The UN", "Ms.", "Sgt.", "date 2024-01-05 ", "<script>", "&amp;"]),
)
ARTICLE_TEXT = st.lists(PIECES, max_size=14).map("".join)


@pytest.fixture(scope="module")
def pipeline():
    return load_pipeline(), load_knowledge()


def run_pipeline(document: Document, pipeline) -> tuple[list, dict]:
    """nlp -> extract -> merge -> the triples of each graph, as a build makes them."""
    nlp, knowledge = pipeline
    extraction = extract(document, next(parse(nlp, [document.body])), knowledge)
    for claim in extraction.claims:
        span = claim.evidence
        assert 0 <= span.start <= span.end <= len(document.text)
        assert document.text[span.start:span.end] == span.quote, (document.text, claim)
    graphs = graph_triples([document], merge_entities([extraction]), merge_claims([extraction]), knowledge)
    return list(extraction.claims), graphs


def as_graph(triples) -> Graph:
    graph = Graph()
    for triple in triples:
        graph.add(triple)
    return graph


# --- reading files ------------------------------------------------------------------------------

@FAST
@given(st.binary(max_size=300))
@example(b"\xef\xbb\xbfdate 2024-02-29\r\nBody.")
@example(b"date 2023-02-29 x")
@example(b"\xef\xbb\xbf")
def test_reading_any_bytes_gives_a_document_or_an_input_error(data):
    with tempfile.TemporaryDirectory() as folder:
        path = Path(folder) / "article.txt"
        path.write_bytes(data)
        try:
            document = read_document(path)
        except InputError as error:
            assert str(error).startswith(str(path))
            return
    assert document.text == data.decode("utf-8-sig")
    assert document.text.strip() and b"\x00" not in data
    assert 0 <= document.body_start <= len(document.text)
    assert document.body == document.text[document.body_start:]


@FAST
@given(st.text(max_size=40), st.sampled_from(["", " ", "\n", "\r\n", "\t"]), st.text(max_size=40))
def test_any_date_header_is_read_or_named(value, gap, body):
    with tempfile.TemporaryDirectory() as folder:
        path = Path(folder) / "article.txt"
        path.write_bytes(f"date {value}{gap}{body}".replace("\x00", "").encode("utf-8"))
        try:
            document = read_document(path)
        except InputError as error:
            assert str(error).startswith(f"{path}")
            return
    if document.date is not None:
        assert document.date.isoformat() in document.text[:document.body_start]


# --- the pipeline on any text -------------------------------------------------------------------

@SLOW
@given(ARTICLE_TEXT)
@example("Israeli authorities list 1,221 people killed in the assault")  # an integer figure: 1221.0 in Turtle
@example("date 2024-01-05 ")  # a header and no body
def test_pipeline_on_any_article(pipeline, text):
    """read -> nlp -> extract -> graph: no unexpected exception, spans slice the text, the graph
    conforms to the shapes, and its Turtle and TriG parse back to the same graphs."""
    assume(text.strip() and "\x00" not in text)
    with tempfile.TemporaryDirectory() as folder:
        path = Path(folder) / "article.txt"
        path.write_bytes(text.encode("utf-8"))
        try:
            document = read_document(path)
        except InputError:
            return  # a malformed date header: named by read_document, tested above
    claims, graphs = run_pipeline(document, pipeline)
    event(f"claims: {min(len(claims), 3)}{'+' if len(claims) >= 3 else ''}")
    triples = set().union(*graphs.values())
    graph = as_graph(triples)
    validate(graph)  # rudof, as in the build
    shapes = Graph().parse(ontology_dir() / "shapes.ttl")
    assert pyshacl_validate(graph, shacl_graph=shapes, inference="none", advanced=True)[0]  # and the reference

    assert isomorphic(Graph().parse(data=turtle(triples), format="turtle"), graph)
    dataset = Dataset()
    dataset.parse(data=trig(graphs), format="trig")
    for name, expected in graphs.items():
        context = dataset.default_graph if name is None else dataset.graph(name)
        assert isomorphic(Graph() + context, as_graph(expected)), name


@SLOW
@given(st.text(max_size=400))
def test_pipeline_never_raises_on_raw_text(pipeline, text):
    """Any string at all (NUL, lone controls, any script) as a document body, bypassing ingest."""
    document = Document(id="raw", text=text, source="raw.txt")
    _, graphs = run_pipeline(document, pipeline)
    validate(as_graph(set().union(*graphs.values())))


@FAST
@given(st.lists(st.sampled_from(["\n\n", "\n", ". ", " ", "a", "bc", "Hamas accused Israel of genocide"]),
                max_size=60).map("".join), st.integers(min_value=1, max_value=40))
def test_long_texts_split_into_consecutive_bounded_pieces(text, limit):
    pieces = split_text(text, limit)
    assert "".join(pieces) == text
    assert all(len(piece) <= limit for piece in pieces)
    assert all(piece for piece in pieces[:-1])


def test_chunked_parse_keeps_offsets(pipeline, monkeypatch):
    """A long text is parsed in pieces and joined back: the same text, spans that slice it."""
    nlp, knowledge = pipeline
    text = "\n\n".join([SEED.read_text(encoding="utf-8").replace(" date 2025-12-11 ", "")] * 3)
    monkeypatch.setattr("kgraph.nlp.CHUNK_CHARS", 1000)
    doc = next(parse(nlp, [text]))
    assert doc.text == text
    document = Document(id="long", text=text)
    claims = extract(document, doc, knowledge).claims
    assert len({c.evidence.start for c in claims}) >= 3
    for claim in claims:
        assert text[claim.evidence.start:claim.evidence.end] == claim.evidence.quote


# --- names and IRIs -----------------------------------------------------------------------------

@FAST
@given(st.text(max_size=60))
def test_slug_is_a_stable_safe_word(text):
    result = slug(text)
    assert result
    assert not result.startswith(("-", "_")) and not result.endswith(("-", "_"))
    assert "--" not in result
    assert all(c == "-" or c == "_" or c.isalnum() or unicodedata.category(c)[0] == "M" for c in result)
    assert slug(result) == result  # a slug is its own slug: keys do not drift when re-slugged


@FAST
@given(st.text(max_size=60))
def test_slug_keeps_every_letter_digit_and_mark(text):
    normal = unicodedata.normalize("NFKC", text).replace("\u2019", "").replace("'", "").lower()
    word = [c for c in normal if c.isalnum() or unicodedata.category(c)[0] == "M"]
    assert [c for c in slug(text) if c not in "-_"] == word or (not word and slug(text) == "unnamed")


@FAST
@given(st.text(max_size=60))
@example("..")
@example("document/../../x")
@example("a#b?c d<e>")
def test_iri_is_valid_and_gives_back_its_key(key):
    node = iri(key)
    text = str(node)
    assert text.startswith(str(KGR)) and text.isascii()
    assert not NOT_IN_IRI.search(text)
    ox.NamedNode(text)  # strict IRI syntax
    path = text[len(str(KGR)):]
    assert not {".", ".."} & set(path.split("/"))
    assert unquote(path) == key  # one key, one IRI, and back
    assert document_iri(key) == iri(f"document/{key}")


@FAST
@given(st.lists(st.text(max_size=12), min_size=2, max_size=2, unique=True))
def test_different_keys_give_different_iris(keys):
    assert iri(keys[0]) != iri(keys[1])


@FAST
@given(st.text(min_size=1, max_size=30))
def test_iris_round_trip_through_turtle(key):
    graph = Graph()
    graph.add((iri(key), URIRef("https://w3id.org/kgraph/ontology#p"), iri(key + "/x")))
    for fmt in ("turtle", "nt"):
        assert isomorphic(Graph().parse(data=graph.serialize(format=fmt), format=fmt), graph)
    assert len(list(ox.parse(graph.serialize(format="nt"), format=ox.RdfFormat.N_TRIPLES))) == 1


# --- determinism ----------------------------------------------------------------------------------

ARTICLES = {
    "b_second.txt": "date 2024-03-02\nHuman Rights Watch accused Israel of war crimes in Gaza.\n",
    "a_first.txt": "date 2024-03-01\nThe United Nations accused Hamas of hostage-taking.\n\nHamas denied the accusation.\n",
    "c_third.txt": "Amnesty International called for an immediate ceasefire. At least 30 people were killed in Rafah.\n",
}


def make_folder(folder: Path, names: list[str], mtimes: list[int]) -> Path:
    """The articles created in the given order, with the given modification times."""
    folder.mkdir()
    articles = dict(ARTICLES, **{f"seed_{n:02}.txt": SEED.read_text(encoding="utf-8") + f"\n\nNote {n}.\n"
                                 for n in range(18)})  # over one worker batch, so -j 2 uses workers
    for name in names or sorted(articles):
        (folder / name).write_text(articles[name], encoding="utf-8")
    for name, mtime in zip(names, mtimes):
        os.utime(folder / name, (mtime, mtime))
    return folder


def test_builds_are_byte_identical_across_processes_and_orders(tmp_path):
    names = sorted(dict(ARTICLES, **{f"seed_{n:02}.txt": "" for n in range(18)}))
    one = make_folder(tmp_path / "one", names, list(range(1_000_000, 1_000_000 + len(names))))
    two = make_folder(tmp_path / "two", names[::-1], list(range(2_000_000 + len(names), 2_000_000, -1)))
    outputs = []
    for number, (folder, jobs, seed) in enumerate(((one, "1", "1"), (two, "2", "2"))):
        out = tmp_path / f"out{number}"
        env = dict(os.environ, PYTHONHASHSEED=seed, KGRAPH_CACHE_DIR=str(tmp_path / f"cache{number}"))
        process = subprocess.run([KGRAPH, "build", folder, "-o", out, "--no-progress", "-j", jobs],
                                 env=env, capture_output=True, text=True)
        assert process.returncode == 0, process.stderr
        outputs.append(out)
    for name in ("kgraph.ttl", "kgraph.trig"):
        assert (outputs[0] / name).read_bytes() == (outputs[1] / name).read_bytes(), name


def test_written_graph_files_agree(seed_graph):
    """kgraph.ttl is the union of kgraph.trig's graphs, and both conform to the shapes."""
    turtle_graph = Graph().parse(seed_graph / "kgraph.ttl")
    dataset = Dataset()
    dataset.parse(seed_graph / "kgraph.trig")
    union = Graph()
    for context in dataset.graphs():
        union += context
    assert isomorphic(turtle_graph, union)
    validate(turtle_graph)
