"""Article text shown to people: no escape sequence reaches the terminal, no CSV cell is a formula.

The probe's article held an OSC sequence (retitles the terminal, survives a pipe), a screen-clearing CSI,
an 8-bit CSI and cells starting with "=", "+" and "@"."""
from __future__ import annotations

import csv
import io
import json
import traceback
from pathlib import Path

import pytest
from click.testing import CliRunner, Result

from kgraph.build import build
from kgraph.cli import main
from kgraph.display import for_spreadsheet, for_terminal

HOSTILE = {
    "a.txt": "date 2024-03-01\n=HYPERLINK(\"http://x\") The United Nations accused Hamas of war crimes, "
             "\x1b]0;pwned\x07 said \x1b[2J the report.\n",
    "b.txt": "date 2024-03-01\n+1 @SUM Amnesty International accused Israel of torture \x9b31m here.\n",
    "c\x1b]0;pwned\x07.txt": "date 2024-03-01\nHuman Rights Watch accused Russia of torture.\n",  # a file name
}
CONTROLS = {"\x1b", "\x07", "\x9b"}


@pytest.fixture(scope="module")
def hostile_graph(tmp_path_factory) -> Path:
    folder = tmp_path_factory.mktemp("hostile")
    for name, text in HOSTILE.items():
        (folder / name).write_text(text, encoding="utf-8")
    out = folder / "graphs"
    build(folder, out, progress=False, jobs=1, cache=False, view=False)
    return out / "kgraph.ttl"


def kgraph(*args: object) -> Result:
    result = CliRunner().invoke(main, [str(arg) for arg in args])
    if result.exception is not None and not isinstance(result.exception, SystemExit):
        pytest.fail("".join(traceback.format_exception(*result.exc_info)))
    return result


@pytest.mark.parametrize("args", [
    ("claims", "{graph}", "--format", "table"),
    ("explain", "{graph}", "Hamas"),
    ("query", "{graph}", "SELECT ?quote WHERE { ?selector oa:exact ?quote } ORDER BY ?quote"),
], ids=["claims-table", "explain", "query-table"])
def test_no_control_character_reaches_the_terminal(hostile_graph, args):
    result = kgraph(*(arg.replace("{graph}", str(hostile_graph)) for arg in args))
    assert result.exit_code == 0, result.output
    assert not CONTROLS & set(result.stdout)
    if args[0] == "claims":  # the table shows the document's name, not the quote
        assert "c\\x1b]0;pwned\\x07" in result.stdout
    else:
        assert "=HYPERLINK(" in result.stdout


def test_explain_shows_the_escapes_in_the_quote(hostile_graph):
    result = kgraph("explain", hostile_graph, "Hamas")
    assert "war crimes, \\x1b]0;pwned\\x07 said \\x1b[2J" in result.stdout


def test_json_lines_stay_exact(hostile_graph):
    rows = [json.loads(line) for line in kgraph("claims", hostile_graph).stdout.splitlines()]
    assert sorted(row["quote"] for row in rows) == [
        "+1 @SUM Amnesty International accused Israel of torture \x9b31m here.",
        "=HYPERLINK(\"http://x\") The United Nations accused Hamas of war crimes, \x1b]0;pwned\x07 said \x1b[2J the "
        "report.",
        "Human Rights Watch accused Russia of torture.",
    ]
    assert sorted(row["doc"] for row in rows) == ["a", "b", "c\x1b]0;pwned\x07"]


def test_claims_csv_cells_are_not_formulas(hostile_graph):
    rows = list(csv.DictReader(io.StringIO(kgraph("claims", hostile_graph, "--format", "csv").stdout)))
    assert sorted(row["quote"][:12] for row in rows) == ["'+1 @SUM Amn", "'=HYPERLINK(", "Human Rights"]
    assert {(row["start"], row["confidence"]) for row in rows} == {("16", "0.9")}


def test_query_csv_neutralises_text_but_not_numbers(hostile_graph):
    query = ("SELECT ?quote ?n ?text WHERE { ?selector oa:exact ?quote BIND(-5 AS ?n) BIND(\"-5\" AS ?text) } "
             "ORDER BY ?quote")
    result = kgraph("query", hostile_graph, query, "--format", "csv")
    assert [row[1:] + [row[0][:12]] for row in csv.reader(io.StringIO(result.stdout))][1:] == [
        ["-5", "'-5", "'+1 @SUM Amn"], ["-5", "'-5", "'=HYPERLINK("], ["-5", "'-5", "Human Rights"]]


def test_a_file_name_with_an_escape_sequence_is_shown_escaped(tmp_path):
    folder = tmp_path / "seeds"
    folder.mkdir()
    (folder / "a.txt").write_bytes(b"date 2024-03-01\nThe United Nations accused Hamas of war crimes.\n")
    (folder / "b\x1b]0;pwned\x07.txt").write_bytes(b"")
    result = kgraph("build", folder, "-o", tmp_path / "out", "--no-progress", "-j", "1", "--no-cache")
    assert result.exit_code == 1
    assert f"kgraph: skipped: {folder}/b\\x1b]0;pwned\\x07.txt: empty article\n" in result.stderr
    assert not CONTROLS & set(result.stderr)


@pytest.mark.parametrize(("text", "shown"), [
    ("plain\ttext\nlines", "plain\ttext\nlines"),
    ("\x1b]8;;http://x\x1b\\link\x1b]8;;\x1b\\", "\\x1b]8;;http://x\\x1b\\link\\x1b]8;;\\x1b\\"),
    ("over\rwrite", "over\\x0dwrite"),
    ("\x9b2J\x7f", "\\x9b2J\\x7f"),
    ("abc\u202egnp.exe", "abc\\u202egnp.exe"),
])
def test_for_terminal(text, shown):
    assert for_terminal(text) == shown


@pytest.mark.parametrize(("cell", "safe"), [
    ("=1+1", "'=1+1"), ("+1", "'+1"), ("-1", "'-1"), ("@SUM(A1)", "'@SUM(A1)"), ("\t=1", "'\t=1"),
    ("\r=1", "'\r=1"), ("Hamas", "Hamas"), ("", ""), ("a=b", "a=b"),
])
def test_for_spreadsheet(cell, safe):
    assert for_spreadsheet(cell) == safe
