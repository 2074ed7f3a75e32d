"""One article never fails the corpus: the adversarial probe's inputs (issue 14), each beside good articles.

An article that cannot be read or built is named on stderr and skipped, the others are built and the
exit status is 1. An article with one value no graph can hold (a figure of 10^29, "yesterday" before
the calendar begins) is built without that value, and the graph stays valid.
"""
from __future__ import annotations

import json
import os
import traceback
from pathlib import Path

import pytest
from click.testing import CliRunner, Result
from rdflib import Graph
from rdflib.namespace import RDF

from kgraph.cli import main
from kgraph.rdf.mapping import document_iri
from kgraph.vocab import KG

from helpers.paths import ROOT

GOOD = b"date 2024-03-01\nThe United Nations accused Hamas of war crimes.\n"
OTHER = b"date 2024-03-02\nAmnesty International accused Israel of torture.\n"
FIGURE = "date 2024-03-03\n{} people were killed in Gaza, the health ministry said.\n"


@pytest.fixture(autouse=True)
def own_cache(tmp_path: Path, monkeypatch) -> None:
    monkeypatch.setenv("KGRAPH_CACHE_DIR", str(tmp_path / "cache"))


def kgraph(*args: object) -> Result:
    """`kgraph ARGS` in this process; a traceback fails the test."""
    result = CliRunner().invoke(main, [os.fsdecode(arg) if isinstance(arg, Path) else str(arg) for arg in args])
    if result.exception is not None and not isinstance(result.exception, SystemExit):
        pytest.fail("kgraph raised:\n" + "".join(traceback.format_exception(*result.exc_info)))
    assert "Traceback" not in result.output + result.stderr
    return result


def corpus(folder: Path, files: dict[str, bytes]) -> Path:
    folder.mkdir(parents=True, exist_ok=True)
    for name, data in files.items():
        (folder / name).write_bytes(data)
    return folder


def build(folder: Path, out: Path, *options: str) -> Result:
    return kgraph("build", folder, "-o", out, "--no-progress", "-j", "1", *options)


def documents(out: Path) -> set:
    return set(Graph().parse(out / "kgraph.ttl").subjects(RDF.type, KG.Document))


def claim_rows(out: Path) -> list[dict]:
    result = kgraph("claims", out / "kgraph.ttl")
    assert result.exit_code == 0, result.stderr
    return [json.loads(line) for line in result.stdout.splitlines()]


def assert_skipped(result: Result, out: Path, message: str, built: set[str]) -> None:
    """Exit 1, one `skipped:` line with the message, and the other articles in the graph."""
    assert result.exit_code == 1, result.output
    assert [line for line in result.stderr.splitlines() if line.startswith("kgraph: skipped:")] == [
        f"kgraph: skipped: {message}"]
    assert "failed: 1 file(s)" in result.stdout
    assert documents(out) == {document_iri(name) for name in built}


# --- a value no graph can hold: the article is built without it, and the build says so ----------

@pytest.mark.parametrize("digits", ["1" + "0" * 29, "9" * 309], ids=["1e29", "infinite"])
def test_an_impossible_figure_is_left_out_named_and_the_corpus_is_built(tmp_path, digits):
    """Before: SHACL refused the whole graph (exit 5, nothing written): 1e29 is past what rudof's
    xsd:decimal holds, and 309 digits or more become "Infinity.0" (the probe's 333 digits did in its
    sentence; spaCy tags so long a number NUM in some sentences only, and in this one up to 309)."""
    folder = corpus(tmp_path / "seeds", {"a_good.txt": GOOD, "b_figure.txt": FIGURE.format(digits).encode(),
                                         "c_figure.txt": FIGURE.format("1,200").encode()})
    result = build(folder, tmp_path / "out")
    assert result.exit_code == 1, result.stderr  # built in part: the user must hear of it
    assert [line for line in result.stderr.splitlines() if line.startswith("kgraph: left out:")] == [
        f"kgraph: left out: {folder / 'b_figure.txt'}: line 2: figure '{digits[:20]}' left out: over 1e+15, "
        "no count of people"]
    assert "built in part: 1 file(s)" in result.stdout
    again = build(folder, tmp_path / "again")  # from the cache: the note is kept with the extraction
    assert "parsed: 0" in again.stdout and again.exit_code == 1
    assert [line for line in again.stderr.splitlines() if line.startswith("kgraph: left out:")] == [
        line for line in result.stderr.splitlines() if line.startswith("kgraph: left out:")]
    figures = [(row["doc"], row["value"]) for row in claim_rows(tmp_path / "out") if row["kind"] == "figure"]
    assert figures == [("c_figure", 1200)]
    assert documents(tmp_path / "out") == {document_iri(n) for n in ("a_good", "b_figure", "c_figure")}


def test_yesterday_in_an_article_dated_0001_01_01_has_no_date(tmp_path):
    """Before: OverflowError in ingest/dates.py stopped the build."""
    old = b"date 0001-01-01\nThe United Nations said yesterday that Hamas committed war crimes.\n"
    folder = corpus(tmp_path / "seeds", {"a_good.txt": OTHER, "b_old.txt": old})
    result = build(folder, tmp_path / "out")
    assert result.exit_code == 0, result.stderr
    rows = {row["doc"]: row for row in claim_rows(tmp_path / "out")}
    # "yesterday" has no day in the calendar: the claim is dated by its publication, as an undated claim is
    assert (rows["b_old"]["claimant"], rows["b_old"]["target"], rows["b_old"]["date"]) == (
        "United Nations", "Hamas", "0001-01-01")
    assert set(rows) == {"a_good", "b_old"}


def test_a_stem_ending_in_a_dot_gives_turtle_that_rdflib_reads(tmp_path):
    """Before: the IRI kgr:document/b. was written `kgr:document\\/b\\.`, valid Turtle that rdflib (hence
    `analyse` and `view`) refused."""
    folder = corpus(tmp_path / "seeds", {"a_good.txt": GOOD, "b..txt": OTHER})
    out = tmp_path / "out"
    assert build(folder, out).exit_code == 0
    assert documents(out) == {document_iri("a_good"), document_iri("b.")}
    assert str(document_iri("b.")).endswith("/document/b%2E")
    assert Graph().parse(out / "kgraph.ttl").value(document_iri("b."), KG.contentHash) is not None
    assert kgraph("analyse", out / "kgraph.ttl", "--format", "json").exit_code == 0
    assert kgraph("view", out / "kgraph.ttl", "-o", tmp_path / "view.html").exit_code == 0
    assert {row["doc"] for row in claim_rows(out)} == {"a_good", "b."}


# --- a file that cannot be read or built: named, skipped, exit 1 -------------------------------

def test_an_unreadable_file_is_skipped(tmp_path, monkeypatch):
    """Before: PermissionError from read_bytes, a traceback. (Tests run as root, so chmod 000 would
    not stop the read: the refusal is made by the read itself.)"""
    folder = corpus(tmp_path / "seeds", {"a_good.txt": GOOD, "b_locked.txt": OTHER, "c_good.txt": OTHER})
    locked, read_bytes = folder / "b_locked.txt", Path.read_bytes

    def refuse(path: Path) -> bytes:
        if path == locked:
            raise PermissionError(13, "Permission denied", str(path))
        return read_bytes(path)

    monkeypatch.setattr(Path, "read_bytes", refuse)
    result = build(folder, tmp_path / "out")
    assert_skipped(result, tmp_path / "out", f"{locked}: cannot read the file (Permission denied)",
                   {"a_good", "c_good"})


def test_a_file_name_that_is_not_utf_8_is_skipped(tmp_path):
    """Before: UnicodeEncodeError (surrogates not allowed) when the graph was written, a traceback."""
    folder = corpus(tmp_path / "seeds", {"a_good.txt": GOOD})
    with open(os.fsencode(folder) + b"/b_\xff\xfe.txt", "wb") as handle:
        handle.write(OTHER)
    result = build(folder, tmp_path / "out")
    assert_skipped(result, tmp_path / "out", f"{folder}/b_\\xff\\xfe.txt: the file name is not valid UTF-8; "
                   "rename the file", {"a_good"})


def test_an_article_whose_extraction_fails_is_skipped(tmp_path, monkeypatch):
    """A bug met in one article (here forced) skips that article, not the corpus."""
    def broken(ctx, sentence):
        if "ministry" in sentence.text:
            raise RuntimeError("forced")
        return []

    monkeypatch.setattr("kgraph.extract.FAMILIES", (broken,))
    folder = corpus(tmp_path / "seeds", {"a_good.txt": GOOD, "b_figure.txt": FIGURE.format("12").encode()})
    result = build(folder, tmp_path / "out", "--no-cache")
    assert_skipped(result, tmp_path / "out", f"{folder / 'b_figure.txt'}: not built: extracting its claims failed "
                   "(RuntimeError: forced); this is a bug in kgraph, please report it", {"a_good"})
    strict = build(folder, tmp_path / "strict", "--no-cache", "--strict")
    assert strict.exit_code == 2
    assert strict.stderr == (f"kgraph: error: {folder / 'b_figure.txt'}: not built: extracting its claims failed "
                             "(RuntimeError: forced); this is a bug in kgraph, please report it\n")
    assert not (tmp_path / "strict").exists()


# --- which files are read ----------------------------------------------------------------------

def test_upper_case_txt_files_are_named_not_ignored(tmp_path):
    """Before: `B.TXT` was left out without a word."""
    folder = corpus(tmp_path / "seeds", {"a_good.txt": GOOD, "B.TXT": OTHER})
    result = build(folder, tmp_path / "out")
    assert_skipped(result, tmp_path / "out", f"{folder / 'B.TXT'}: not read: articles are named *.txt, in lower "
                   "case; rename the file", {"a_good"})


def test_a_link_out_of_the_corpus_is_refused_unless_asked_for(tmp_path):
    """Before: followed silently, so a corpus could pull in any file the user can read."""
    outside = tmp_path / "elsewhere" / "secret.txt"
    outside.parent.mkdir()
    outside.write_bytes(OTHER)
    folder = corpus(tmp_path / "seeds", {"a_good.txt": GOOD, "c_inside.txt": GOOD})
    (folder / "b_link.txt").symlink_to(outside)
    (folder / "d_alias.txt").symlink_to(folder / "c_inside.txt")  # a link within the corpus is read
    result = build(folder, tmp_path / "out")
    assert_skipped(result, tmp_path / "out", f"{folder / 'b_link.txt'}: not read: a symbolic link to {outside}, "
                   f"outside {folder}; build with --follow-links to read it", {"a_good", "c_inside", "d_alias"})
    followed = build(folder, tmp_path / "followed", "--follow-links")
    assert followed.exit_code == 0, followed.stderr
    assert document_iri("b_link") in documents(tmp_path / "followed")


def test_a_utf_16_article_is_read_with_its_encoding(tmp_path):
    """Before: `--encoding utf-16` could never work: the NUL-byte check ran before decoding."""
    folder = corpus(tmp_path / "seeds", {"a.txt": OTHER.decode().encode("utf-16")})
    result = build(folder, tmp_path / "out", "--encoding", "utf-16")
    assert result.exit_code == 0, result.stderr
    assert [(r["claimant"], r["target"], r["charge"]) for r in claim_rows(tmp_path / "out")] == [
        ("Amnesty International", "Israel", "torture")]
    plain = build(folder, tmp_path / "plain")
    assert plain.exit_code == 2
    assert (f"{folder / 'a.txt'}:1: not valid utf-8 (byte 0xff at offset 0); it starts with a UTF-16 "
            "byte-order mark: build with --encoding utf-16") in plain.stderr


def test_a_nul_character_is_still_refused_after_decoding(tmp_path):
    folder = corpus(tmp_path / "seeds", {"a.txt": "Gen\u00e8ve\x00 said.".encode("utf-16")})
    result = build(folder, tmp_path / "out", "--encoding", "utf-16")
    assert result.exit_code == 2
    assert f"{folder / 'a.txt'}: binary file (NUL character at offset 6), not an article" in result.stderr


def test_a_line_separator_beside_a_name_makes_no_nameless_node(tmp_path):
    """Before: the NER tagged "the\\u2028 " as an organisation, which became `actor/unnamed` with an empty
    label, mentioned in both documents: one node joining documents that share nothing."""
    folder = corpus(tmp_path / "seeds", {
        "a.txt": "date 2024-03-01\nAmnesty cited figures from the\u2028 Hamas Health Ministry.\n".encode(),
        "b.txt": "date 2024-03-01\nThe UN cited figures from the\u2029 Gaza Health Ministry.\n".encode(),
    })
    assert build(folder, tmp_path / "out").exit_code == 0
    result = kgraph("entities", tmp_path / "out" / "kgraph.ttl")
    entities = {row["label"]: row["docs"] for row in map(json.loads, result.stdout.splitlines())}
    assert entities == {"Amnesty International": ["a"], "Gaza Health Ministry": ["a", "b"], "Hamas": ["a", "b"],
                        "United Nations": ["b"]}


# --- outputs that cannot be written: one line, and the previous build kept ---------------------

KGRAPH = ROOT / ".venv" / "bin" / "kgraph"


def files_of(folder: Path) -> dict[str, bytes]:
    return {p.name: p.read_bytes() for p in sorted(folder.iterdir())}


def test_an_output_folder_that_cannot_be_made_is_one_line(tmp_path):
    """Before: FileNotFoundError from mkdir, a traceback, after the whole parse."""
    folder = corpus(tmp_path / "seeds", {"a.txt": GOOD})
    result = build(folder, "/proc/kgraph-graphs")
    assert result.exit_code == 6
    assert result.stderr == ("kgraph: error: /proc/kgraph-graphs: cannot write (No such file or directory); "
                             "what was there before is unchanged\n")


def test_a_full_disk_is_one_line_and_the_previous_build_is_kept(tmp_path):
    """Before: OSError from the write, a traceback. The disk fills (a file-size limit makes every write past
    20 kB fail, as a full disk does) while the new graph files are staged: none replaces the old."""
    import resource
    import signal
    import subprocess

    out = tmp_path / "graphs"
    assert build(corpus(tmp_path / "old", {"a.txt": GOOD}), out).exit_code == 0
    before = files_of(out)
    folder = corpus(tmp_path / "seeds", {"a.txt": GOOD, "b.txt": OTHER})

    def small_disk() -> None:
        signal.signal(signal.SIGXFSZ, signal.SIG_IGN)  # a write past the limit then fails with EFBIG
        resource.setrlimit(resource.RLIMIT_FSIZE, (20_000, 20_000))

    result = subprocess.run([KGRAPH, "build", folder, "-o", out, "--no-progress", "--no-cache", "-j", "1"],
                            capture_output=True, text=True, preexec_fn=small_disk, timeout=300)
    assert result.returncode == 6, result.stderr
    assert result.stderr == (f"kgraph: error: {out / 'kgraph.html'}: cannot write (File too large); "
                             "what was there before is unchanged\n")
    assert files_of(out) == before  # no temporary file left either


def test_a_forked_writer_that_cannot_write_reports_one_line(tmp_path):
    """The TriG of a big graph is written by a forked process; its OSError was a traceback from the child."""
    from kgraph.build.outputs import Staged
    from kgraph.errors import OutputError

    final = tmp_path / "missing" / "kgraph.trig"
    staged = Staged(final, lambda: b"data", fork=True)
    with pytest.raises(OutputError) as caught:
        staged.wait()
    assert str(caught.value) == f"{final}: cannot write (No such file or directory); what was there before is unchanged"


@pytest.mark.parametrize(("command", "written"), [
    (("export", "{graph}", "-o", "/proc/kgraph-out/graph.ttl"), "/proc/kgraph-out/graph.ttl"),
    (("view", "{graph}", "-o", "/proc/kgraph-out/view.html"), "/proc/kgraph-out/view.html"),
    (("analyse", "{graph}", "-o", "/proc/kgraph-out/report.md"), "/proc/kgraph-out/report-claims-per-month.png"),
], ids=["export", "view", "analyse"])
def test_other_commands_writing_where_they_cannot_say_so_in_one_line(tmp_path, command, written):
    """Before: FileNotFoundError from mkdir in write_atomically, a traceback."""
    assert build(corpus(tmp_path / "seeds", {"a.txt": GOOD, "b.txt": OTHER}), tmp_path / "out").exit_code == 0
    result = kgraph(*(arg.replace("{graph}", str(tmp_path / "out" / "kgraph.ttl")) for arg in command))
    assert result.exit_code == 6
    assert result.stderr == (f"kgraph: error: {written}: cannot write (No such file or directory); "
                             "what was there before is unchanged\n")
