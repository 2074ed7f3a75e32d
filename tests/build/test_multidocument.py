"""Several articles, one graph: entities and claims merge across documents."""
from __future__ import annotations

import json

import pytest
from click.testing import CliRunner

from kgraph.build import build
from kgraph.cli import main

ARTICLES = {
    "a.txt": "date 2024-12-05 Amnesty International accused Israel of genocide in Gaza on Thursday. "
             "The organization said Hamas also committed war crimes during the 7 October 2023 attack.\n",
    "b.txt": "date 2024-12-06 Amnesty accused Israel of genocide, an allegation Israel denies. "
             "The rights group published its report on the 7 October 2023 assault.\n",
}


@pytest.fixture(scope="module")
def corpus_graph(tmp_path_factory):
    seeds = tmp_path_factory.mktemp("seeds")
    for name, text in ARTICLES.items():
        (seeds / name).write_text(text, encoding="utf-8")
    out = tmp_path_factory.mktemp("graph")
    build(seeds, out, progress=False, view=False)
    return out / "kgraph.ttl"


def cli_rows(*args):
    result = CliRunner().invoke(main, list(args))
    assert result.exit_code == 0, result.output
    return [json.loads(line) for line in result.output.splitlines()]


def test_one_node_per_actor_across_documents(corpus_graph):
    entities = {row["label"]: row for row in cli_rows("entities", str(corpus_graph))}
    assert entities["Amnesty International"]["docs"] == ["a", "b"]
    assert entities["Amnesty International"]["aliases"] == ["Amnesty"]
    assert entities["Israel"]["docs"] == ["a", "b"]


def test_the_same_accusation_in_two_articles_is_one_claim_with_two_sources(corpus_graph):
    rows = [r for r in cli_rows("claims", str(corpus_graph), "--unique") if r["charge"] == "genocide"
            and r["kind"] == "accusation"]
    assert len(rows) == 1
    assert (rows[0]["claimant"], rows[0]["target"], rows[0]["sources"]) == ("Amnesty International", "Israel", 2)
    per_document = [r for r in cli_rows("claims", str(corpus_graph)) if r["id"] == rows[0]["id"]]
    assert sorted((r["doc"], r["start"], r["end"]) for r in per_document) == [("a", 16, 85), ("b", 16, 80)]


def test_the_same_dated_event_is_one_node(corpus_graph):
    events = [row for row in cli_rows("entities", str(corpus_graph)) if row["type"] == "Event"]
    assert [(e["id"].rsplit("/", 1)[1], e["docs"]) for e in events] == [("2023-10-07-attack", ["a", "b"])]


def test_denial_in_one_article_refutes_the_merged_accusation(corpus_graph):
    [denial] = [r for r in cli_rows("claims", str(corpus_graph)) if r["kind"] == "denial"]
    assert (denial["claimant"], denial["target"], denial["charge"], denial["doc"]) == (
        "Israel", "Amnesty International", "genocide", "b")
