"""The analysis: networkx graphs and report numbers, on a hand-written graph and on the seed."""
from __future__ import annotations

import json
from pathlib import Path

import pytest
from click.testing import CliRunner

from kgraph.cli import main
from kgraph.read.analyse import accusation_graph, analyse, analyse_corpus, claim_graph, responsibility_graph
from kgraph.read.charts import chart_files
from kgraph.read.claims import read_corpus
from kgraph.read.report import format_report, write_report
from kgraph.store import open_store

from helpers.small_graph import BRIGADE, ID, MARKET, NORTH, SOUTH, WATCH, small_graph

PNG_SIGNATURE = b"\x89PNG\r\n\x1a\n"


@pytest.fixture(scope="module")
def small() -> dict:
    return analyse(small_graph())


@pytest.fixture(scope="module")
def seed_report(seed_graph: Path) -> dict:
    return analyse(open_store(seed_graph / "kgraph.ttl"))


# -- the hand-written graph ------------------------------------------------------------------------

def test_read_corpus_reads_claims_with_sources_dates_and_refutations():
    corpus = read_corpus(small_graph())
    assert len(corpus.claims) == 12 and corpus.documents == 2
    first = corpus.claims[0]
    assert (first.id, first.kind, first.claimant, first.target, first.charge) == (
        f"{ID}claim/c01", "accusation", NORTH, SOUTH, "war crimes")
    assert (first.docs, first.sources, first.date) == (("d1", "d2"), 2, "2024-01-15")
    assert [(s.doc, s.start, s.end, s.date) for s in first.spans] == [("d1", 0, 40, "2024-01-15"),
                                                                      ("d2", 0, 40, "2024-02-03")]
    denial = next(c for c in corpus.claims if c.id.endswith("c05"))
    assert denial.refutes == (f"{ID}claim/c01",)
    figure = next(c for c in corpus.claims if c.id.endswith("c09"))
    assert (figure.quantity, figure.value, figure.other) == ("killed", 30, MARKET)
    assert corpus.part_of == ((BRIGADE, NORTH),)


def test_accusation_graph_counts_claims_and_sources_and_leaves_out_negated_claims():
    graph = accusation_graph(read_corpus(small_graph()))
    assert sorted(graph.edges) == [(NORTH, SOUTH), (SOUTH, NORTH), (WATCH, SOUTH)]  # c04 is negated
    assert graph.edges[NORTH, SOUTH]["claims"] == 1
    assert graph.edges[NORTH, SOUTH]["sources"] == 2
    assert graph.edges[NORTH, SOUTH]["charges"] == ("war crimes",)
    assert graph.in_degree(SOUTH, weight="claims") == 2


def test_responsibility_and_claim_graphs_keep_roles_kinds_and_charges():
    corpus = read_corpus(small_graph())
    responsible = responsibility_graph(corpus)
    assert sorted(responsible.edges) == [(SOUTH, NORTH), (WATCH, BRIGADE), (WATCH, NORTH)]
    assert responsible.edges[WATCH, NORTH]["roles"] == ("perpetrator",)
    assert responsible.edges[WATCH, NORTH]["events"] == (MARKET,)
    claims = claim_graph(corpus)
    assert claims.number_of_edges() == 11  # every claim but the appeal to no one
    assert claims.edges[NORTH, SOUTH, f"{ID}claim/c01"]["kind"] == "accusation"
    assert claims.edges[NORTH, SOUTH, f"{ID}claim/c01"]["charge"] == "war crimes"
    assert sorted(k for _, _, k in claims.edges(SOUTH, keys=True)) == [
        f"{ID}claim/c02", f"{ID}claim/c05", f"{ID}claim/c07", f"{ID}claim/c09"]


def test_most_accused_and_most_accusing_weigh_claims_then_sources(small):
    assert [(r["actor"], r["claims"], r["sources"], r["by"]) for r in small["most_accused"]] == [
        ("South Army", 2, 2, ["North Front", "Watch Group"]),
        ("North Front", 1, 1, ["South Army"]),
    ]
    assert [(r["actor"], r["claims"], r["sources"]) for r in small["most_accusing"]] == [
        ("North Front", 1, 2), ("South Army", 1, 1), ("Watch Group", 1, 1)]


def test_pagerank_on_the_accusation_network(small):
    assert [(r["actor"], r["score"]) for r in small["pagerank"]] == [
        ("South Army", 0.4865), ("North Front", 0.4635), ("Watch Group", 0.05)]


def test_mutual_accusations_are_pairs_accusing_each_other(small):
    assert small["mutual_accusations"] == [{
        "a": "North Front", "b": "South Army", "a_accuses_b": 1, "b_accuses_a": 1,
        "charges_a_b": ["war crimes"], "charges_b_a": ["terrorism"]}]


def test_contested_claims_are_those_a_denial_refutes(small):
    assert [(r["kind"], r["claimant"], r["target"], r["charge"], r["denied_by"], r["sources"])
            for r in small["contested_claims"]] == [
        ("responsibility", "Watch Group", "Front Brigade", None, ["North Front"], 1),
        ("accusation", "North Front", "South Army", "war crimes", ["South Army"], 2),
    ]


def test_uncorroborated_claims_have_one_source(small):
    found = small["uncorroborated_claims"]
    assert (found["count"], found["of"]) == (11, 12)
    assert found["by_kind"] == {"accusation": 3, "appeal": 1, "denial": 2, "figure": 2, "responsibility": 3}
    assert f"{ID}claim/c01" not in {row["claim"] for row in found["claims"]}


def test_events_list_roles_figures_and_where_accounts_differ(small):
    [event] = small["events"]
    assert event["event"] == "Market attack"
    assert [(r["actor"], r["role"], r["by"]) for r in event["responsibility"]] == [
        ("Front Brigade", "chief", ["Watch Group"]),
        ("North Front", "organiser", ["South Army"]),
        ("North Front", "perpetrator", ["Watch Group"]),
    ]
    assert [(r["quantity"], r["value"], r["by"]) for r in event["figures"]] == [
        ("killed", 12, ["Watch Group"]), ("killed", 30, ["South Army"])]
    assert event["disagreements"] == [
        {"about": "killed", "on": "value",
         "versions": [{"value": 12, "by": ["Watch Group"]}, {"value": 30, "by": ["South Army"]}]},
        {"about": "North Front", "on": "role",
         "versions": [{"role": "organiser", "by": ["South Army"]}, {"role": "perpetrator", "by": ["Watch Group"]}]},
        {"about": "Front Brigade", "on": "denial",
         "versions": [{"role": "chief", "by": ["Watch Group"]}, {"role": "denied", "by": ["North Front"]}]},
    ]


def test_structure_components_communities_and_part_of(small):
    assert small["components"] == [{"size": 5, "members": [
        "Front Brigade", "Market attack", "North Front", "South Army", "Watch Group"]}]
    assert small["communities"] == {"algorithm": "louvain", "seed": 42, "modularity": 0.0289, "groups": [
        ["Front Brigade", "Market attack", "Watch Group"], ["North Front", "South Army"]]}
    assert small["part_of"] == [{"part": "Front Brigade", "whole": "North Front",
                                 "claims_about_part": 1, "claims_about_whole": 5}]


def test_timeline_counts_claims_by_month_first_published(small):
    assert small["timeline"] == [
        {"month": "2024-01", "claims": 5, "by_kind": {"accusation": 2, "figure": 1, "responsibility": 2}},
        {"month": "2024-02", "claims": 7,
         "by_kind": {"accusation": 2, "appeal": 1, "denial": 2, "figure": 1, "responsibility": 1}},
    ]


def test_analysis_is_the_same_every_run():
    first, second = analyse(small_graph()), analyse(small_graph())
    assert json.dumps(first) == json.dumps(second)
    assert chart_files(first, "report") == chart_files(second, "report")


def test_an_empty_graph_gives_an_empty_report():
    from rdflib import Graph

    report = analyse(Graph())
    assert report["summary"]["claims"] == 0
    assert report["pagerank"] == [] and report["communities"]["groups"] == [] and report["timeline"] == []
    assert "No accusations." in format_report(report)
    assert chart_files(report, "report") == {}


# -- the report -----------------------------------------------------------------------------------

def test_markdown_and_json_come_from_the_same_data(small):
    assert json.loads(format_report(small, "json")) == small
    text = format_report(small, "markdown")
    assert "| South Army | 2 | 2 | 2 | North Front, Watch Group |" in text
    assert "| North Front | South Army | 1 | 1 |" in text  # mutual accusations
    assert "- differing accounts of killed (value): 12 by Watch Group; 30 by South Army" in text
    assert "11 of 12 claims rest on a single document" in text
    assert "| 2024-02 | 7 | 2 | 1 | 2 | 1 | 1 |" in text


def test_markdown_shows_article_text_literally():
    corpus = read_corpus(small_graph("North | <b>Front</b> *bold*"))
    text = format_report(analyse_corpus(corpus), "markdown")
    assert r"North \| \<b\>Front\</b\> \*bold\*" in text
    assert "<b>" not in text


def test_write_report_writes_markdown_and_its_charts(tmp_path, small):
    written = write_report(small, tmp_path / "report.md")
    assert [p.name for p in written] == ["report.md", "report-claims-per-month.png", "report-most-accused.png"]
    text = (tmp_path / "report.md").read_text(encoding="utf-8")
    assert "![Most accused actors](report-most-accused.png)" in text
    assert "![Claims per month](report-claims-per-month.png)" in text
    for path in written[1:]:
        data = path.read_bytes()
        assert data.startswith(PNG_SIGNATURE)
        assert b"Software" not in data and b"matplotlib" not in data  # no version stamp: same bytes each run
    first = [p.read_bytes() for p in written]
    write_report(small, tmp_path / "report.md")
    assert [p.read_bytes() for p in written] == first
    assert sorted(p.name for p in tmp_path.iterdir()) == sorted(p.name for p in written)  # no temporary files


# -- the seed -------------------------------------------------------------------------------------

def test_seed_most_accused_and_accusing(seed_report):
    top = seed_report["most_accused"][0]
    assert (top["actor"], top["claims"], top["sources"], top["by"]) == (
        "Palestinian armed groups", 5, 1, ["Amnesty International"])
    hamas = next(r for r in seed_report["most_accused"] if r["actor"] == "Hamas")
    assert (hamas["claims"], hamas["sources"]) == (3, 1)
    assert [(r["actor"], r["claims"]) for r in seed_report["most_accusing"]] == [("Amnesty International", 11)]
    # weighted by statements, not charges: Hamas and the Palestinian armed groups tie
    assert seed_report["pagerank"][:2] == [
        {"actor": "Hamas", "id": f"{ID}actor/hamas", "score": 0.2194},
        {"actor": "Palestinian armed groups", "id": f"{ID}actor/palestinian-armed-groups", "score": 0.2194}]


def test_seed_contested_uncorroborated_and_structure(seed_report):
    assert [(r["claimant"], r["target"], r["charge"], r["denied_by"]) for r in seed_report["contested_claims"]] == [
        ("Amnesty International", "Israel", "genocide", ["Israel"])]
    assert seed_report["mutual_accusations"] == []
    total = seed_report["summary"]["claims"]
    assert seed_report["uncorroborated_claims"]["count"] == total  # one article: one source each
    assert [c["size"] for c in seed_report["components"]] == [8, 2]
    assert {"part": "Izz ad-Din al-Qassam Brigades", "whole": "Hamas", "claims_about_part": 1,
            "claims_about_whole": 3} in seed_report["part_of"]


def test_seed_events_name_roles_and_figures(seed_report):
    assault = next(e for e in seed_report["events"] if e["event"] == "October 7 assault")
    assert ("Izz ad-Din al-Qassam Brigades", "chief") in [(r["actor"], r["role"]) for r in assault["responsibility"]]
    assert [(r["quantity"], r["value"], r["by"]) for r in assault["figures"]] == [
        ("killed", 1221, ["Israeli authorities"])]


def test_analyse_command_prints_and_writes(seed_graph, tmp_path):
    runner = CliRunner()
    graph = str(seed_graph / "kgraph.ttl")
    printed = runner.invoke(main, ["analyse", graph, "--format", "json"])
    assert printed.exit_code == 0, printed.output
    assert json.loads(printed.output)["most_accused"][0]["actor"] == "Palestinian armed groups"
    written = runner.invoke(main, ["analyse", graph, "-o", str(tmp_path / "report.md")])
    assert written.exit_code == 0, written.output
    assert written.output.startswith(f"wrote: {tmp_path / 'report.md'}, ")
    assert (tmp_path / "report.md").read_text(encoding="utf-8").startswith("# kgraph report\n")
    assert (tmp_path / "report-most-accused.png").read_bytes().startswith(PNG_SIGNATURE)
    missing = runner.invoke(main, ["analyse", str(tmp_path / "nope.ttl")])
    assert missing.exit_code == 2 and "no such file" in missing.output
