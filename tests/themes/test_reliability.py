"""Bad input never crashes a command or loses what was built.

Each bad-input case runs the real CLI and asserts the exit status, the message (naming the file, and
the line where it helps) and that the output folder, built by a good build before, is byte-for-byte
as it was. A traceback from a command is a bug: `kgraph()` fails the test on one.
"""
from __future__ import annotations

import json
import os
import re
import shutil
import signal
import socket
import subprocess
import sys
import time
import traceback
from pathlib import Path

import pytest
from click.testing import CliRunner, Result
from rdflib import Graph
from rdflib.namespace import PROV, RDF

from kgraph.cli import main
from kgraph.rdf.mapping import document_iri
from kgraph.vocab import KG, OA

from helpers.paths import ROOT, SEED

KGRAPH = ROOT / ".venv" / "bin" / "kgraph"
GOOD = b"date 2024-03-01\nThe United Nations accused Hamas of war crimes.\n"
OUTPUTS = ("kgraph.ttl", "kgraph.trig", "kgraph.html")


def kgraph(*args: object, input: str | None = None) -> Result:
    """Run `kgraph ARGS` in this process; an exception other than a clean exit fails the test."""
    result = CliRunner().invoke(main, [str(arg) for arg in args], input=input)
    if result.exception is not None and not isinstance(result.exception, SystemExit):
        pytest.fail("kgraph raised (a traceback is a bug):\n" + "".join(traceback.format_exception(*result.exc_info)))
    assert "Traceback" not in result.output + result.stderr
    return result


def snapshot(folder: Path) -> dict[str, bytes]:
    """Every file under `folder` (hidden ones too) by relative path, with its bytes."""
    return {str(p.relative_to(folder)): p.read_bytes() for p in sorted(folder.rglob("*")) if p.is_file()}


def articles(folder: Path, files: dict[str, bytes]) -> Path:
    folder.mkdir(parents=True, exist_ok=True)
    for name, data in files.items():
        (folder / name).write_bytes(data)
    return folder


@pytest.fixture(autouse=True)
def own_cache(tmp_path: Path, monkeypatch) -> None:
    """A fresh extraction cache per test (subprocesses inherit it): every build here really parses."""
    monkeypatch.setenv("KGRAPH_CACHE_DIR", str(tmp_path / "cache"))


@pytest.fixture
def graphs(tmp_path: Path, seed_graph: Path) -> Path:
    """An output folder holding a complete good build (a copy of the session's seed graph)."""
    out = tmp_path / "graphs"
    shutil.copytree(seed_graph, out)
    assert {name for name in OUTPUTS} <= set(snapshot(out))
    return out


def claim_rows(graph_file: Path) -> list[dict]:
    result = kgraph("claims", graph_file, "--format", "jsonl")
    assert result.exit_code == 0, result.stderr
    return [json.loads(line) for line in result.stdout.splitlines()]


# --- one bad article: a clear error, and the graphs already built are untouched -------------------

BAD_ARTICLES = [
    pytest.param(b"", "{path}: empty article", id="empty"),
    pytest.param(b"  \r\n\t\n", "{path}: empty article", id="blank"),
    pytest.param(b"The UN said\x00 so.", "{path}: binary file (NUL character at offset 11)", id="binary"),
    pytest.param(b"The UN said so.\nGen\xe8ve said.\n", "{path}:2: not valid utf-8 (byte 0xe8 at offset 19)",
                 id="not-utf-8"),
    pytest.param(b"\xff\xfeT\x00h\x00e\x00", "{path}:1: not valid utf-8 (byte 0xff at offset 0); it starts with a "
                 "UTF-16 byte-order mark: build with --encoding utf-16", id="utf-16"),
    pytest.param(b"date 11/12/2025 The UN said so.", "{path}:1: malformed date header '11/12/2025'",
                 id="malformed-date"),
    pytest.param(b"date 2025-2-3\nThe UN said so.", "{path}:1: malformed date header '2025-2-3'", id="short-date"),
    pytest.param(b"\n\ndate 2025-02-30\nThe UN said so.", "{path}:3: impossible date '2025-02-30'",
                 id="impossible-date"),
    pytest.param(b"date 2025-13-01 The UN said so.", "{path}:1: impossible date '2025-13-01'", id="month-13"),
]


@pytest.mark.parametrize(("data", "message"), BAD_ARTICLES)
def test_bad_article_is_refused_and_graphs_are_untouched(tmp_path, graphs, data, message):
    folder = articles(tmp_path / "seeds", {"article.txt": data})
    before = snapshot(graphs)
    result = kgraph("build", folder, "-o", graphs, "--no-progress")
    assert result.exit_code == 2
    assert message.format(path=folder / "article.txt") in result.stderr
    assert result.stderr.startswith("kgraph: error: ")
    assert snapshot(graphs) == before


@pytest.mark.parametrize(("data", "message"), BAD_ARTICLES[:3])
def test_bad_article_given_as_a_file(tmp_path, graphs, data, message):
    path = articles(tmp_path / "seeds", {"article.txt": data}) / "article.txt"
    before = snapshot(graphs)
    result = kgraph("build", path, "-o", graphs, "--no-progress")
    assert result.exit_code == 2
    assert message.format(path=path) in result.stderr
    assert snapshot(graphs) == before


def test_encoding_option_reads_a_latin_1_article(tmp_path, graphs):
    sentence = "Amnesty International accused the Genève police of torture."
    folder = articles(tmp_path / "seeds", {"geneve.txt": f"date 2024-03-01\n{sentence}\n".encode("latin-1")})
    refused = kgraph("build", folder, "-o", graphs, "--no-progress")
    assert refused.exit_code == 2
    assert f"{folder / 'geneve.txt'}:2: not valid utf-8 (byte 0xe8 at offset 53)" in refused.stderr
    assert "--encoding" in refused.stderr

    result = kgraph("build", folder, "-o", graphs, "--no-progress", "--encoding", "latin-1")
    assert result.exit_code == 0, result.stderr
    quotes = {row["quote"] for row in claim_rows(graphs / "kgraph.ttl")}
    assert sentence in quotes


def test_unknown_encoding_is_named(tmp_path, graphs):
    folder = articles(tmp_path / "seeds", {"a.txt": GOOD})
    before = snapshot(graphs)
    result = kgraph("build", folder, "-o", graphs, "--no-progress", "--encoding", "klingon")
    assert result.exit_code == 2
    assert "unknown encoding 'klingon'" in result.stderr
    assert snapshot(graphs) == before


def test_bom_and_crlf_are_read_correctly(tmp_path, graphs, seed_graph):
    data = b"\xef\xbb\xbf" + SEED.read_bytes().replace(b"\n", b"\r\n")
    folder = articles(tmp_path / "seeds", {"crlf.txt": data})
    result = kgraph("build", folder, "-o", graphs, "--no-progress")
    assert result.exit_code == 0, result.stderr
    text = data.decode("utf-8-sig")
    rows = claim_rows(graphs / "kgraph.ttl")
    assert rows
    for row in rows:
        assert text[row["start"]:row["end"]] == row["quote"]  # offsets count characters after the BOM

    def content(row: dict) -> tuple:
        return tuple(str(row[k]) for k in ("kind", "claimant", "target", "charge")) + (row["quote"].replace("\r", ""),)

    assert sorted(map(content, rows)) == sorted(map(content, claim_rows(seed_graph / "kgraph.ttl")))


def test_an_oversized_article_is_refused_with_the_limit(tmp_path, graphs, monkeypatch):
    monkeypatch.setattr("kgraph.ingest.MAX_BYTES", 1_000)
    folder = articles(tmp_path / "seeds", {"long.txt": b"The UN said so. " * 100})
    before = snapshot(graphs)
    result = kgraph("build", folder, "-o", graphs, "--no-progress")
    assert result.exit_code == 2
    assert f"{folder / 'long.txt'}: 1,600 bytes is over the 1,000-byte limit" in result.stderr
    assert snapshot(graphs) == before


def test_a_several_megabyte_article_is_built(tmp_path, graphs):
    """3 MB (over spaCy's 1,000,000-character limit) is parsed in chunks with offsets kept. The filler
    is whitespace so the test stays fast; the seed's paragraphs stand at the start, middle and end."""
    seed = SEED.read_text(encoding="utf-8")
    filler = "\n\n".join(" " * 10_000 for _ in range(150))
    text = seed + "\n\n" + filler + "\n\n" + seed.replace(" date 2025-12-11 ", "") + "\n\n" + filler + "\n\n" + seed
    folder = articles(tmp_path / "seeds", {"long.txt": text.encode("utf-8")})
    assert (folder / "long.txt").stat().st_size > 3_000_000
    result = kgraph("build", folder, "-o", graphs, "--no-progress")
    assert result.exit_code == 0, result.stderr

    graph = Graph().parse(graphs / "kgraph.ttl")
    spans = []
    for position in graph.subjects(RDF.type, OA.TextPositionSelector):
        evidence = graph.value(predicate=OA.hasSelector, object=position)
        quote = next(graph.value(s, OA.exact) for s in graph.objects(evidence, OA.hasSelector)
                     if graph.value(s, OA.exact) is not None)
        spans.append((int(graph.value(position, OA.start)), int(graph.value(position, OA.end)), str(quote)))
    assert max(start for start, _, _ in spans) > 3_000_000  # claims from the last copy were found
    for start, end, quote in spans:
        assert text[start:end] == quote
    by_copy = [sum(1 for s, _, _ in spans if low <= s < high)
               for low, high in ((0, len(seed)), (len(seed), len(text) - len(seed)), (len(text) - len(seed), len(text)))]
    assert by_copy[0] == by_copy[2] > 0 and by_copy[1] > 0


def test_folder_without_articles(tmp_path, graphs):
    folder = articles(tmp_path / "seeds", {"notes.md": GOOD, "article.txt.bak": GOOD})
    before = snapshot(graphs)
    result = kgraph("build", folder, "-o", graphs, "--no-progress")
    assert result.exit_code == 2
    assert f"{folder}: no .txt articles in this folder" in result.stderr
    assert snapshot(graphs) == before


def test_hidden_files_are_not_articles(tmp_path):
    """A macOS copy leaves a binary "._name.txt" beside each file; like the shell's *.txt, the build skips it."""
    folder = articles(tmp_path / "seeds", {"a.txt": GOOD, "._a.txt": b"\x00\x05\x16\x07Mac OS X", "...txt": GOOD})
    result = kgraph("build", folder, "-o", tmp_path / "graphs", "--no-progress")
    assert result.exit_code == 0, result.stderr
    assert "documents read: 1" in result.stdout


def test_path_that_does_not_exist(tmp_path, graphs):
    before = snapshot(graphs)
    result = kgraph("build", tmp_path / "missing", "-o", graphs, "--no-progress")
    assert result.exit_code == 2
    assert f"{tmp_path / 'missing'}: no such file or directory" in result.stderr
    assert snapshot(graphs) == before


def test_output_folder_that_is_a_file(tmp_path):
    folder = articles(tmp_path / "seeds", {"a.txt": GOOD})
    out = tmp_path / "graphs"
    out.write_bytes(b"not a folder")
    result = kgraph("build", folder, "-o", out, "--no-progress")
    assert result.exit_code != 0
    assert str(out) in result.stderr
    assert out.read_bytes() == b"not a folder"


def test_unusable_cache_folder_is_one_clear_line(tmp_path, graphs, monkeypatch):
    (tmp_path / "not-a-folder").write_bytes(b"")
    monkeypatch.setenv("KGRAPH_CACHE_DIR", str(tmp_path / "not-a-folder" / "cache"))
    folder = articles(tmp_path / "seeds", {"a.txt": GOOD})
    before = snapshot(graphs)
    result = kgraph("build", folder, "-o", graphs, "--no-progress")
    assert result.exit_code == 4
    assert "cannot write the extraction cache" in result.stderr and "--no-cache" in result.stderr
    assert snapshot(graphs) == before
    assert kgraph("build", folder, "-o", graphs, "--no-progress", "--no-cache").exit_code == 0


# --- one bad file among good ones --------------------------------------------------------------

def mixed_folder(tmp_path: Path) -> Path:
    return articles(tmp_path / "seeds", {
        "a_good.txt": SEED.read_bytes(),
        "b_bad.txt": b"date 2025-02-30\nThe UN said so.\n",
        "c_good.txt": GOOD,
        "d_bad.txt": b"",
    })


def test_default_build_skips_bad_files_and_says_so(tmp_path, graphs):
    folder = mixed_folder(tmp_path)
    result = kgraph("build", folder, "-o", graphs, "--no-progress")
    assert result.exit_code == 1
    assert f"kgraph: skipped: {folder / 'b_bad.txt'}:1: impossible date '2025-02-30'" in result.stderr
    assert f"kgraph: skipped: {folder / 'd_bad.txt'}: empty article" in result.stderr
    assert "documents read: 2" in result.stdout
    assert "failed: 2 file(s)" in result.stdout
    graph = Graph().parse(graphs / "kgraph.ttl")
    documents = set(graph.subjects(RDF.type, KG.Document))
    assert documents == {document_iri("a_good"), document_iri("c_good")}
    assert {row["doc"] for row in claim_rows(graphs / "kgraph.ttl")} == {"a_good", "c_good"}


def test_strict_build_stops_at_the_first_bad_file_and_writes_nothing(tmp_path, graphs):
    folder = mixed_folder(tmp_path)
    before = snapshot(graphs)
    result = kgraph("build", folder, "-o", graphs, "--no-progress", "--strict")
    assert result.exit_code == 2
    assert f"kgraph: error: {folder / 'b_bad.txt'}:1: impossible date '2025-02-30'" in result.stderr
    assert "d_bad.txt" not in result.stderr
    assert snapshot(graphs) == before


def test_strict_build_into_a_new_folder_creates_nothing(tmp_path):
    out = tmp_path / "new-graphs"
    result = kgraph("build", mixed_folder(tmp_path), "-o", out, "--no-progress", "--strict")
    assert result.exit_code == 2
    assert not out.exists() or not any(out.iterdir())


# --- the same article under two names ------------------------------------------------------------

def test_the_same_article_twice_gives_one_set_of_claims_with_both_sources(tmp_path, seed_graph):
    folder = articles(tmp_path / "seeds", {"first.txt": SEED.read_bytes(), "second.txt": SEED.read_bytes()})
    out = tmp_path / "graphs"
    result = kgraph("build", folder, "-o", out, "--no-progress")
    assert result.exit_code == 0, result.stderr

    rows = claim_rows(out / "kgraph.ttl")
    seed_claims = {row["id"] for row in claim_rows(seed_graph / "kgraph.ttl")}
    by_claim: dict[str, set[str]] = {}
    for row in rows:
        by_claim.setdefault(row["id"], set()).add(row["doc"])
        assert row["sources"] == 2
    assert set(by_claim) == seed_claims  # one node per claim, the same as for one copy
    assert all(docs == {"first", "second"} for docs in by_claim.values())

    graph = Graph().parse(out / "kgraph.ttl")
    both = {document_iri("first"), document_iri("second")}
    for claim in graph.subjects(RDF.type, KG.Claim):
        sources = {graph.value(evidence, OA.hasSource) for evidence in graph.objects(claim, KG.evidence)}
        assert sources == both, claim
        assert set(graph.objects(claim, PROV.wasDerivedFrom)) == both


# --- an interrupted build leaves the previous complete output ------------------------------------

def finished_or_leftovers(out: Path, before: dict[str, bytes]) -> None:
    """The folder holds exactly the previous files; only hidden temporary files may be left over."""
    after = snapshot(out)
    for name, data in before.items():
        assert after.get(name) == data, f"{name} changed"
    for name in set(after) - set(before):
        assert re.fullmatch(r"\.[^/]*\.tmp", name), f"{name} left behind"
        assert name.lstrip(".").split(".tmp")[0] not in OUTPUTS


def test_killed_build_leaves_the_previous_output(tmp_path, graphs):
    text = SEED.read_bytes()
    folder = articles(tmp_path / "seeds", {f"copy{n:02}.txt": text + f"\n\nCopy {n}.\n".encode() for n in range(64)})
    before = snapshot(graphs)
    log = tmp_path / "stderr.txt"
    with log.open("wb") as stderr:  # its own process group: the build and any workers it forks die together
        process = subprocess.Popen([KGRAPH, "build", folder, "-o", graphs, "--progress"], cwd=tmp_path,
                                   stdout=subprocess.DEVNULL, stderr=stderr, start_new_session=True)
    try:
        deadline = time.monotonic() + 120
        while b"extracting" not in log.read_bytes() and time.monotonic() < deadline:  # documents are done
            assert process.poll() is None, log.read_text()
            time.sleep(0.05)
        time.sleep(0.3)
        assert process.poll() is None, "the build finished before it could be interrupted"
    finally:
        os.killpg(process.pid, signal.SIGKILL)
        process.wait()
    assert process.returncode == -signal.SIGKILL
    finished_or_leftovers(graphs, before)
    assert snapshot(graphs) == before  # killed while reading articles: nothing at all was written


KILL_WHILE_WRITING = """
import os, signal, sys
from pathlib import Path
real_fsync = os.fsync
def fsync(fd):
    real_fsync(fd)
    if os.path.basename(os.readlink(f"/proc/self/fd/{fd}")).startswith(".kgraph.trig."):
        os.kill(os.getpid(), signal.SIGKILL)  # Turtle and TriG are staged, nothing is renamed yet: die here
os.fsync = fsync
from kgraph.build import build
build(Path(sys.argv[1]), Path(sys.argv[2]), progress=False)
"""


def test_build_killed_while_writing_leaves_the_previous_output(tmp_path, graphs):
    folder = articles(tmp_path / "seeds", {"a.txt": GOOD})
    before = snapshot(graphs)
    process = subprocess.run([sys.executable, "-c", KILL_WHILE_WRITING, folder, graphs], capture_output=True)
    assert process.returncode == -signal.SIGKILL, process.stderr.decode()
    finished_or_leftovers(graphs, before)
    assert any(name.startswith(".kgraph.trig.") for name in snapshot(graphs))  # it did die while writing


# --- a graph file that is not valid Turtle -------------------------------------------------------

BROKEN_TURTLE = '@prefix ex: <http://example.org/> .\nex:a ex:b ex:c .\nex:a ex:b "unterminated .\n'


@pytest.mark.parametrize("command", [["claims", "GRAPH"], ["entities", "GRAPH"], ["query", "GRAPH", "ASK { ?s ?p ?o }"],
                                     ["view", "GRAPH", "-o", "HTML"]])
def test_invalid_turtle_names_line_and_column(tmp_path, command):
    graph, html = tmp_path / "broken.ttl", tmp_path / "view.html"
    graph.write_text(BROKEN_TURTLE, encoding="utf-8")
    result = kgraph(*[{"GRAPH": graph, "HTML": html}.get(part, part) for part in command])
    assert result.exit_code == 2
    message = result.stderr
    assert message.startswith(f"kgraph: error: {graph}")
    assert re.search(r"line 3\b", message) and re.search(r"column \d+", message), message
    assert len(message.strip().splitlines()) == 1
    assert not html.exists()


def test_graph_file_that_does_not_exist(tmp_path):
    result = kgraph("claims", tmp_path / "missing.ttl")
    assert result.exit_code == 2
    assert str(tmp_path / "missing.ttl") in result.stderr


# --- SPARQL that cannot run ----------------------------------------------------------------------

@pytest.mark.parametrize(("text", "status", "pattern"), [
    pytest.param("SELECT ?s\nWHERE {\n  ?s ?p ?o\n  FILTER(\n}", 3, r"line 5, column \d+", id="syntax"),
    pytest.param("SELECT ?s WHERE { ?s a foo:Bar }", 3, r"line 1, column \d+.*(?i:unknown prefix|foo)",
                 id="unknown-prefix"),
    pytest.param("INSERT DATA { <http://e/a> <http://e/b> <http://e/c> }", 3, r"(?i)update.*refused", id="insert"),
    pytest.param("PREFIX x: <http://x/>\n# tidy up\nDELETE WHERE { ?s ?p ?o }", 3, r"(?i)update.*refused",
                 id="delete-after-prologue"),
    pytest.param("CLEAR ALL", 3, r"(?i)update.*refused", id="clear"),
    pytest.param("LOAD <file:///etc/passwd>", 3, r"(?i)update.*refused", id="load"),
])
def test_bad_sparql_is_refused(graphs, text, status, pattern):
    before = snapshot(graphs)
    result = kgraph("query", graphs / "kgraph.ttl", text)
    assert result.exit_code == status, result.stderr
    assert re.search(pattern, result.stderr), result.stderr
    assert len(result.stderr.strip().splitlines()) == 1
    assert snapshot(graphs) == before


def test_query_never_reaches_out_to_the_network(graphs, monkeypatch):
    """SERVICE would make `kgraph query` (and a server running it) fetch any URL: it is refused."""
    for name in ("http_proxy", "https_proxy", "HTTP_PROXY", "HTTPS_PROXY", "all_proxy", "ALL_PROXY"):
        monkeypatch.delenv(name, raising=False)
    with socket.socket() as listener:
        listener.bind(("127.0.0.1", 0))
        listener.listen()
        listener.setblocking(False)
        port = listener.getsockname()[1]
        result = kgraph("query", graphs / "kgraph.ttl",
                        f"SELECT * WHERE {{ SERVICE <http://127.0.0.1:{port}/sparql> {{ ?s ?p ?o }} }}")
        with pytest.raises(BlockingIOError):
            listener.accept()
    assert result.exit_code == 3, result.stderr
    assert "SERVICE" in result.stderr


def test_update_from_standard_input_is_refused(graphs):
    result = kgraph("query", graphs / "kgraph.ttl", input="DROP ALL")
    assert result.exit_code == 3
    assert re.search(r"(?i)update.*refused", result.stderr)


def test_output_files_are_readable_by_others(graphs):
    """Outputs are staged with mkstemp (mode 0600); the final files must get ordinary permissions."""
    for name in OUTPUTS:
        assert (graphs / name).stat().st_mode & 0o044 == 0o044, name
