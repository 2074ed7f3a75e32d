"""The interactive page without a browser: offline, escaped, aggregated, filtered."""
from __future__ import annotations

import json
import re
from pathlib import Path

import pytest
from click.testing import CliRunner

from kgraph.cli import main
from kgraph.errors import InputError
from kgraph.read.claims import Corpus, ReadEntity, Span, StatedClaim, read_corpus
from kgraph.read.view import render_html, view_data
from kgraph.store import open_store

from helpers.small_graph import BRIGADE, MARKET, NORTH, SOUTH, WATCH, small_graph

XSS = '<img src=x onerror=alert(1)><script>window.__xss=1</script>'
DATA_BLOCK = re.compile(r'<script type="application/json" id="kgraph-data">(.*?)</script>', re.DOTALL)


def page_data(page: str) -> dict:
    return json.loads(DATA_BLOCK.search(page).group(1))


def edge_set(data: dict) -> set[tuple[str, str, str, int]]:
    return {(e["from"], e["to"], e["kind"], e["count"]) for e in data["edges"]}


@pytest.fixture(scope="module")
def corpus() -> Corpus:
    return read_corpus(small_graph())


def test_page_loads_nothing_from_the_network(seed_graph: Path):
    page = render_html(open_store(seed_graph / "kgraph.ttl"))
    assert not re.search(r"<script[^>]+src=", page)
    assert not re.search(r"<link[^>]+href=", page)
    assert not re.search(r"""(?:src|href)\s*=\s*["']?(?:https?:)?//""", page)
    assert not re.search(r"url\(\s*['\"]?(?:https?:)?//", page)  # styles too
    assert "default-src 'none'" in page  # the Content-Security-Policy forbids fetching anything
    assert "vis.Network" in page  # vis-network itself is inlined


def test_build_writes_the_same_page(seed_graph: Path):
    built = (seed_graph / "kgraph.html").read_text(encoding="utf-8")
    assert page_data(built) == page_data(render_html(open_store(seed_graph / "kgraph.ttl")))


def test_article_text_is_escaped_in_the_page():
    page = render_html(small_graph(XSS), title="<b>kgraph</b>")
    assert "<img src=x" not in page and "<script>window.__xss" not in page
    assert "\\u003cimg src=x onerror=alert(1)\\u003e\\u003cscript\\u003e" in page
    assert "<title>&lt;b&gt;kgraph&lt;/b&gt;</title>" in page
    labels = {n["id"]: n["label"] for n in page_data(page)["nodes"]}
    assert labels[NORTH] == XSS  # the text itself arrives intact, to be shown as text
    assert "innerHTML" not in page.split('id="kgraph-data"')[1].split("</script>", 2)[2]  # our script


def test_one_edge_per_pair_and_kind_with_width_by_count():
    spans = (Span("d1", "q", 0, 1, "2024-01-01"),)
    claims = tuple(StatedClaim(f"c{i}", "accusation", claimant="a", target="b", charge=charge, docs=(doc,),
                               spans=spans) for i, (charge, doc) in enumerate(
                                   [("torture", "d1"), ("war crimes", "d1"), ("torture", "d2")]))
    claims += (StatedClaim("c9", "denial", claimant="b", target="a", docs=("d2",)),)
    corpus = Corpus(claims, {"a": ReadEntity("a", "A", "State"), "b": ReadEntity("b", "B", "ArmedGroup")})
    data = view_data(corpus)
    accusation = next(e for e in data["edges"] if e["kind"] == "accusation")
    assert (accusation["count"], accusation["sources"], accusation["width"]) == (3, 2, 4)
    assert accusation["label"] == "torture; war crimes"
    assert len(accusation["evidence"]) == 3
    assert edge_set(data) == {("a", "b", "accusation", 3), ("b", "a", "denial", 1)}
    assert [(n["label"], n["type"], n["shape"]) for n in data["nodes"]] == [("A", "State", "square"),
                                                                           ("B", "ArmedGroup", "diamond")]


def test_small_graph_edges_leave_out_negated_claims(corpus):
    assert edge_set(view_data(corpus)) == {
        (NORTH, SOUTH, "accusation", 1), (SOUTH, NORTH, "accusation", 1), (WATCH, SOUTH, "accusation", 1),
        (SOUTH, NORTH, "denial", 1), (NORTH, WATCH, "denial", 1),
        (WATCH, NORTH, "responsibility", 1), (SOUTH, NORTH, "responsibility", 1),
        (WATCH, BRIGADE, "responsibility", 1), (WATCH, MARKET, "figure", 1), (SOUTH, MARKET, "figure", 1)}


def test_evidence_carries_quote_document_date_and_sources(corpus):
    edge = next(e for e in view_data(corpus)["edges"] if (e["from"], e["to"], e["kind"]) == (NORTH, SOUTH, "accusation"))
    assert edge["evidence"] == [
        {"kind": "accusation", "what": "war crimes", "event": None, "status": "asserted", "by": "North Front",
         "sources": 2, "quote": "Quote c01 in d1 by North Front.", "doc": "d1", "date": "2024-01-15"},
        {"kind": "accusation", "what": "war crimes", "event": None, "status": "asserted", "by": "North Front",
         "sources": 2, "quote": "Quote c01 in d2 by North Front.", "doc": "d2", "date": "2024-02-03"}]


def test_claims_with_no_other_party_are_shown_on_their_claimant(corpus):
    watch = next(n for n in view_data(corpus)["nodes"] if n["id"] == WATCH)
    assert [(item["kind"], item["what"]) for item in watch["loose"]] == [("appeal", "an independent inquiry")]


def test_focus_draws_an_actors_neighbourhood(corpus):
    near = view_data(corpus, focus="Front Brigade", depth=1)
    assert edge_set(near) == {(WATCH, BRIGADE, "responsibility", 1)}
    assert {n["id"] for n in near["nodes"]} == {WATCH, BRIGADE}
    wider = view_data(corpus, focus="front-brigade", depth=2)  # the end of its IRI works too
    assert {n["id"] for n in wider["nodes"]} == {WATCH, BRIGADE, NORTH, SOUTH, MARKET}
    assert view_data(corpus, focus="front brigade", depth=0)["edges"] == []
    with pytest.raises(InputError, match="no such actor"):
        view_data(corpus, focus="Nobody")


def test_kinds_and_dates_choose_the_claims(corpus):
    assert edge_set(view_data(corpus, kinds=["denial"])) == {(SOUTH, NORTH, "denial", 1), (NORTH, WATCH, "denial", 1)}
    february = view_data(corpus, since="2024-02")
    assert edge_set(february) == {(WATCH, SOUTH, "accusation", 1), (SOUTH, NORTH, "denial", 1),
                                  (SOUTH, NORTH, "responsibility", 1), (SOUTH, MARKET, "figure", 1),
                                  (NORTH, WATCH, "denial", 1)}
    january = view_data(corpus, until="2024-01-31")
    assert (NORTH, SOUTH, "accusation", 1) in edge_set(january)  # first published 2024-01-15
    assert (WATCH, SOUTH, "accusation", 1) not in edge_set(january)
    with pytest.raises(InputError, match="unknown claim kind verdict"):
        view_data(corpus, kinds=["verdict"])
    with pytest.raises(InputError, match="YYYY-MM-DD"):
        view_data(corpus, since="last week")


def test_legend_lists_classes_drawn_and_every_kind(corpus):
    data = view_data(corpus)
    assert sorted(data["classes"]) == ["ArmedGroup", "Event", "GovernmentBody", "Organisation"]
    assert {kind: style["edges"] for kind, style in data["kinds"].items()} == {
        "accusation": 3, "responsibility": 3, "denial": 2, "figure": 2, "appeal": 0}
    colours = [style["color"] for style in data["kinds"].values()] + [c["color"] for c in data["classes"].values()]
    assert all(is_neutral(colour) for colour in colours)


def is_neutral(colour: str) -> bool:
    """Not a red or a green: the hue is outside 330-20 and 80-160 degrees, or the colour is grey."""
    import colorsys

    r, g, b = (int(colour[i:i + 2], 16) / 255 for i in (1, 3, 5))
    hue, _, saturation = colorsys.rgb_to_hls(r, g, b)
    degrees = hue * 360
    return saturation < 0.15 or not (degrees >= 330 or degrees <= 20 or 80 <= degrees <= 160)


def test_render_html_keeps_its_old_signature(corpus):
    graph = small_graph()
    assert render_html(graph) == render_html(graph, "kgraph")
    assert render_html(graph) == render_html(graph)  # deterministic


def test_view_command_writes_a_focused_page(seed_graph: Path, tmp_path: Path):
    out = tmp_path / "hamas.html"
    result = CliRunner().invoke(main, ["view", str(seed_graph / "kgraph.ttl"), "-o", str(out),
                                       "--focus", "Hamas", "--depth", "1", "--kinds", "accusation"])
    assert result.exit_code == 0, result.output
    assert result.output == f"wrote: {out}\n"
    data = page_data(out.read_text(encoding="utf-8"))
    assert {(e["kind"], e["count"]) for e in data["edges"]} == {("accusation", 3)}
    assert sorted(n["label"] for n in data["nodes"]) == ["Amnesty International", "Hamas"]
    bad = CliRunner().invoke(main, ["view", str(seed_graph / "kgraph.ttl"), "-o", str(out), "--kinds", "rumour"])
    assert bad.exit_code == 2 and "unknown claim kind rumour" in bad.output
