"""What a new user reads from a built graph is never silently wrong (issue 16): the wrong file, a
misspelt name, claim dates, claims left out of exports and the view, where the view is written."""
from __future__ import annotations

import json
import re

import networkx as nx
import pytest
from click.testing import CliRunner

from kgraph.cli import main
from kgraph.read.analyse import analyse_corpus
from kgraph.read.charts import claims_per_month_figure
from kgraph.read.claims import Corpus, ReadEntity, Span, StatedClaim, read_corpus
from kgraph.read.report import format_report
from kgraph.read.tables import CLAIM_COLUMNS
from kgraph.read.view import view_data
from kgraph.store import open_store

from helpers.paths import ROOT
from helpers.small_graph import small_graph

ONTOLOGY = ROOT / "ontology" / "kgraph.ttl"
DATA_BLOCK = re.compile(r'<script type="application/json" id="kgraph-data">(.*?)</script>', re.DOTALL)


def run(*args: str):
    return CliRunner().invoke(main, list(args))


def test_build_help_says_the_default_folder_and_the_date_header():
    text = run("build", "--help").output
    assert "default: ./seeds" in text
    assert "date YYYY-MM-DD" in text and "date 2025-12-11 Amnesty International" in text


@pytest.mark.parametrize("command", [
    ["claims"], ["entities"], ["analyse"], ["explain", "{graph}", "Hamas"], ["export", "--format", "graphml"],
    ["export", "--format", "turtle"], ["query", "--named", "who-accuses-whom"], ["view", "-o", "{out}"],
])
def test_a_graph_file_kgraph_did_not_build_is_a_one_line_error_naming_it(command, tmp_path):
    args = [part.format(graph=ONTOLOGY, out=tmp_path / "x.html") for part in command]
    if "{graph}" not in command:
        args.insert(1, str(ONTOLOGY))
    result = run(*args)
    assert result.exit_code == 2, result.output
    assert result.output == (f"kgraph: error: {ONTOLOGY}: not a kgraph graph (it has no kg:Document or kg:Claim); "
                             "give one that `kgraph build` wrote, such as graphs/kgraph.trig\n")
    assert not (tmp_path / "x.html").exists()


def test_a_misspelt_name_parameter_prints_the_empty_table_and_a_note_naming_the_closest(seed_graph):
    result = CliRunner().invoke(
        main, ["query", str(seed_graph / "kgraph.trig"), "--named", "about-actor", "--param", "actor=Hamass",
               "--format", "csv"])
    assert result.exit_code == 0
    assert result.stdout == "actorLabel,side,kind,claimant,target,what,eventLabel,doc,quote\n"
    assert result.stderr == "kgraph: note: --param actor='Hamass' is no label or alias in the graph; closest: Hamas\n"
    spelt = CliRunner().invoke(
        main, ["query", str(seed_graph / "kgraph.trig"), "--named", "about-actor", "--param", "actor=hamas"])
    assert spelt.exit_code == 0 and spelt.stderr == ""


def test_explain_names_the_closest_labels_for_a_typo(seed_graph):
    result = run("explain", str(seed_graph / "kgraph.ttl"), "Hamass")
    assert result.exit_code == 3
    assert result.output == ("kgraph: error: no entity or claim named 'Hamass' (closest: Hamas); "
                             "`kgraph entities GRAPH` lists the names\n")


@pytest.mark.parametrize("value", ["2012-13", "2012-02-30", "2012-00"])
def test_view_refuses_a_date_that_does_not_exist(value, seed_graph, tmp_path):
    result = run("view", str(seed_graph / "kgraph.ttl"), "-o", str(tmp_path / "x.html"), "--since", value)
    assert result.exit_code == 2
    assert result.output == f"kgraph: error: --since {value!r}: give a date as YYYY, YYYY-MM or YYYY-MM-DD\n"


def test_every_claim_has_the_date_it_was_made_and_the_period_it_names_apart(seed_graph):
    rows = [json.loads(line) for line in run("claims", str(seed_graph / "kgraph.trig")).output.splitlines()]
    assert len(rows) == 20 and all(row["date"] == "2025-12-11" for row in rows)  # published 2025-12-11
    assert [(row["period"], row["quote"][:40]) for row in rows if row["period"]] == [
        ("2025-11", "Alongside its findings on Hamas, Amnesty")]
    by_date = run("query", str(seed_graph / "kgraph.trig"), "--named", "claims-by-date", "--format", "json")
    assert {row["date"] for row in json.loads(by_date.output)} == {"2025-12-11"}


def test_graphml_and_gexf_carry_every_claim_of_the_claims_table(seed_graph, tmp_path):
    unique = run("claims", str(seed_graph / "kgraph.trig"), "--unique").output.splitlines()
    ids = sorted(json.loads(line)["id"] for line in unique)
    assert len(ids) == 20
    for fmt, read in (("graphml", lambda p: nx.read_graphml(p, force_multigraph=True)), ("gexf", nx.read_gexf)):
        out = tmp_path / f"claims.{fmt}"
        assert run("export", str(seed_graph / "kgraph.trig"), "-o", str(out)).exit_code == 0
        network = read(out)
        edge_ids = sorted(data["id"] for _, _, data in network.edges(data=True))
        assert edge_ids == ids, fmt
        stand_ins = {n: d for n, d in network.nodes(data=True) if d.get("type") == "Claim"}
        assert sorted(stand_ins) == sorted(d["id"] for _, t, d in network.edges(data=True) if t in stand_ins)
        assert sorted(d["label"] for d in stand_ins.values()) == [
            "251 hostages", "41 killed", "an immediate halt to fighting", "the release of all civilians held in Gaza"]
        assert network.nodes["unnamed source"]["type"] == "Unattributed"  # the 251 hostages: no one said it


def test_the_view_counts_claims_not_edges_and_says_what_it_leaves_out(seed_graph):
    corpus = read_corpus(open_store(seed_graph / "kgraph.trig"))
    data = view_data(corpus)
    counted = sum(kind["claims"] for kind in data["kinds"].values())
    negated = sum(c.status == "negated" for c in corpus.claims)
    unattributed = sum(c.status != "negated" and not c.claimant for c in corpus.claims)
    assert counted + negated + unattributed == len(corpus.claims) == 20
    figures = sum(c.kind == "figure" and c.status != "negated" and c.claimant is not None for c in corpus.claims)
    assert data["kinds"]["figure"]["claims"] == figures == 2  # the third has no named claimant
    assert len(data["left_out"]) == bool(negated) + bool(unattributed)


def test_a_denial_edge_says_it_is_a_denial(seed_graph):
    data = view_data(read_corpus(open_store(seed_graph / "kgraph.trig")))
    assert [e["label"] for e in data["edges"] if e["kind"] == "denial"] == ["denies genocide"]


def test_view_without_out_writes_beside_the_graph(seed_graph, tmp_path, monkeypatch):
    graph = tmp_path / "mine" / "kgraph.ttl"
    graph.parent.mkdir()
    graph.write_bytes((seed_graph / "kgraph.ttl").read_bytes())
    monkeypatch.chdir(tmp_path)
    result = run("view", str(graph))
    assert result.exit_code == 0 and result.output == f"wrote: {graph.with_suffix('.html')}\n"
    assert DATA_BLOCK.search(graph.with_suffix(".html").read_text(encoding="utf-8"))
    assert not (tmp_path / "graphs").exists()


def test_export_to_a_json_file_writes_json_ld(seed_graph, tmp_path):
    out = tmp_path / "x.json"
    result = run("export", str(seed_graph / "kgraph.trig"), "-o", str(out))
    assert result.exit_code == 0, result.output
    assert "@context" in json.loads(out.read_text(encoding="utf-8"))


def six_charges_in_one_sentence() -> Corpus:
    """A accuses B of six things in one sentence, C accuses B once in each of two sentences."""
    said = (Span("d1", "A accused B of six crimes.", 0, 26, "2024-01-01"),)
    claims = [StatedClaim(f"a{i}", "accusation", claimant="a", target="b", charge=f"crime {i}", docs=("d1",),
                          spans=said) for i in range(6)]
    claims += [StatedClaim(f"c{i}", "accusation", claimant="c", target="d", charge="torture", docs=("d1",),
                           spans=(Span("d1", "C accused D.", 100 * i, 100 * i + 12, "2024-01-01"),))
               for i in (1, 2)]
    entities = {n: ReadEntity(n, n.upper(), "State") for n in "abcd"}
    return Corpus(tuple(claims), entities, documents=1)


def test_most_accused_counts_statements_not_charges():
    report = analyse_corpus(six_charges_in_one_sentence())
    assert [(r["actor"], r["statements"], r["claims"]) for r in report["most_accused"]] == [("D", 2, 2), ("B", 1, 6)]
    text = format_report(report)
    assert "| D | 2 | 2 | 1 | C |" in text and "| B | 1 | 6 | 1 | A |" in text


def test_pagerank_says_when_the_network_falls_apart():
    report = analyse_corpus(six_charges_in_one_sentence())
    assert report["accusation_pieces"] == 2
    assert "The network is 2 separate pieces that no accusation links" in format_report(report)
    assert "separate pieces" not in format_report(analyse_corpus(read_corpus(small_graph())))


def test_claims_per_month_stand_on_a_time_axis():
    timeline = [{"month": m, "claims": 1, "by_kind": {"accusation": 1}} for m in ("1993-05", "1993-06", "2025-12")]
    timeline.append({"month": "undated", "claims": 4, "by_kind": {"accusation": 4}})
    axes = claims_per_month_figure(timeline).axes[0]
    centres = [bar.get_x() + bar.get_width() / 2 for bar in axes.patches]
    assert len(centres) == 3
    assert (centres[2] - centres[1]) / (centres[1] - centres[0]) == pytest.approx(11871 / 31)  # days apart
    assert axes.get_title() == "Claims per month (by date made, else first published; 4 undated not shown)"


@pytest.mark.parametrize("columns", [80, 100, 120])
def test_terminal_tables_fit_the_terminal_and_keep_claim_ids_whole(columns, seed_graph, monkeypatch):
    monkeypatch.setenv("COLUMNS", str(columns))
    graph = str(seed_graph / "kgraph.trig")
    claims = run("claims", graph, "--format", "table").output.splitlines()
    assert max(map(len, claims)) <= columns
    ids = [json.loads(line)["id"].rsplit("/", 1)[-1] for line in run("claims", graph).output.splitlines()]
    assert [line.split()[0] for line in claims[2:]] == ids  # whole, as `kgraph explain GRAPH ID` takes them
    assert claims[0].split()[:5] == ["id", "kind", "claimant", "target", "what"]
    entities = run("entities", graph, "--format", "table").output.splitlines()
    assert max(map(len, entities)) <= columns and entities[0].split()[:2] == ["label", "type"]
    query = run("query", graph, "--named", "about-actor").output.splitlines()
    assert max(map(len, query)) <= columns


def test_the_table_is_cut_but_jsonl_and_csv_keep_every_column(seed_graph, monkeypatch):
    monkeypatch.setenv("COLUMNS", "80")
    graph = str(seed_graph / "kgraph.trig")
    row = json.loads(run("claims", graph).output.splitlines()[0])
    assert len(row["quote"]) > 80 and list(row) == CLAIM_COLUMNS
    assert run("claims", graph, "--format", "csv").output.splitlines()[0] == ",".join(CLAIM_COLUMNS)
