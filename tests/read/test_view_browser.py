"""The interactive page in a real browser: Debian's chromium, driven headless by Playwright.

`make test` installs chromium where apt can; without it (or without playwright) these tests skip.
"""
from __future__ import annotations

from pathlib import Path

import pytest
from rdflib import Graph

from kgraph.read.view import render_html

from helpers.small_graph import NORTH, small_graph

CHROMIUM = Path("/usr/bin/chromium")
ARGS = ["--headless", "--no-sandbox", "--disable-gpu", "--disable-background-networking",
        "--disable-component-update", "--disable-sync", "--no-first-run"]
XSS = '<img src=x onerror=alert(1)><script>window.__xss=1</script><img src=y onerror="window.__xss=2">'
DRAWN_EDGES = """
SELECT DISTINCT ?a ?p ?b WHERE {
  VALUES ?p { kg:accuses kg:holdsResponsible kg:denies kg:reportsFigureOn kg:appealsTo }
  ?a ?p ?b .
}"""

sync_api = pytest.importorskip("playwright.sync_api", reason="playwright is not installed: pip install -e '.[test]'")
if not CHROMIUM.exists():
    pytest.skip(f"no {CHROMIUM}: `make test` installs it as root with apt-get (apt-get install chromium)",
                allow_module_level=True)


@pytest.fixture(scope="module")
def browser():
    with sync_api.sync_playwright() as playwright:
        launched = playwright.chromium.launch(executable_path=str(CHROMIUM), args=ARGS)
        yield launched
        launched.close()


class Visit:
    """A page opened from a file, with every console message, request and dialog it caused."""

    def __init__(self, browser, path: Path) -> None:
        self.errors: list[str] = []
        self.requests: list[str] = []
        self.dialogs: list[str] = []
        self.page = browser.new_page(viewport={"width": 1280, "height": 800})
        self.page.on("console", lambda m: self.errors.append(m.text) if m.type == "error" else None)
        self.page.on("pageerror", lambda e: self.errors.append(str(e)))
        self.page.on("request", lambda r: self.requests.append(r.url))
        self.page.on("dialog", self.dismiss)
        self.url = path.resolve().as_uri()
        self.page.goto(self.url)
        # the page marks <body data-ready> once laid out; a selector wait, as the page's CSP forbids eval
        self.page.wait_for_selector("body[data-ready=true]", state="attached", timeout=30_000)

    def dismiss(self, dialog) -> None:
        self.dialogs.append(dialog.message)
        dialog.dismiss()

    def edge_point(self, edge_id: str) -> dict:
        """Where the middle of a drawn edge is on the screen."""
        return self.page.evaluate("""(id) => {
            const network = kgraph.network;
            const point = network.canvasToDOM(network.body.edges[id].edgeType.getPoint(0.5));
            const box = document.querySelector("#graph canvas").getBoundingClientRect();
            return {x: point.x + box.left, y: point.y + box.top};
        }""", edge_id)

    def node_point(self, node_id: str) -> dict:
        return self.page.evaluate("""(id) => {
            const network = kgraph.network;
            const point = network.canvasToDOM(network.getPositions([id])[id]);
            const box = document.querySelector("#graph canvas").getBoundingClientRect();
            return {x: point.x + box.left, y: point.y + box.top};
        }""", node_id)


@pytest.fixture(scope="module")
def seed_visit(browser, seed_graph: Path):
    visit = Visit(browser, seed_graph / "kgraph.html")
    yield visit
    visit.page.close()


def test_seed_page_opens_offline_without_errors(seed_visit):
    assert seed_visit.errors == []
    assert seed_visit.requests == [seed_visit.url]  # the file itself, nothing else
    assert seed_visit.page.evaluate("typeof vis.Network") == "function"
    assert seed_visit.page.evaluate("kgraph.network.physics.physicsEnabled") is False  # stopped once stable


def test_seed_page_draws_every_party_and_claim_edge(seed_visit, seed_graph: Path):
    graph = Graph().parse(seed_graph / "kgraph.ttl", format="turtle")
    direct = [(str(a), str(p), str(b)) for a, p, b in graph.query(DRAWN_EDGES)]
    parties = {end for a, _, b in direct for end in (a, b)}
    counts = seed_visit.page.evaluate("""() => ({
        nodes: kgraph.nodes.length, edges: kgraph.edges.length,
        drawnNodes: kgraph.network.body.nodeIndices.length, drawnEdges: kgraph.network.body.edgeIndices.length,
        ids: kgraph.nodes.getIds(), claims: kgraph.edges.get().reduce((n, e) => n + e.count, 0)})""")
    assert (counts["nodes"], counts["edges"]) == (len(parties), len(direct))
    assert (counts["drawnNodes"], counts["drawnEdges"]) == (len(parties), len(direct))
    assert set(counts["ids"]) == parties
    negated = len(list(graph.query("SELECT ?c WHERE { ?c kg:epistemicStatus kg:Negated ; kg:claimant [] }")))
    with_both = len(list(graph.query("""SELECT ?c WHERE { ?c kg:claimant [] .
        { ?c a kg:FigureClaim ; kg:event [] } UNION { ?c a ?k ; kg:target [] FILTER(?k != kg:FigureClaim && ?k != kg:Claim) } }""")))
    assert counts["claims"] == with_both - negated


def test_hovering_and_clicking_an_edge_shows_its_evidence(seed_visit, seed_graph: Path):
    page = seed_visit.page
    edge = page.evaluate("kgraph.edges.get().find((e) => e.kind === 'accusation' && e.count === 3)")
    quotes = [item["quote"] for item in edge["evidence"]]
    point = seed_visit.edge_point(edge["id"])
    page.mouse.move(point["x"], point["y"])
    page.wait_for_selector(".vis-tooltip", state="visible", timeout=5_000)
    tooltip = page.inner_text(".vis-tooltip")
    assert "Amnesty International → Hamas" in tooltip and "3 claims, 1 source" in tooltip
    assert quotes[0] in " ".join(tooltip.split())
    page.mouse.click(point["x"], point["y"])
    panel = " ".join(page.inner_text("#evidence").split())
    assert "accusation: 3 claims, 1 source" in panel
    for quote in quotes:
        assert f"“{' '.join(quote.split())}”" in panel
    assert "document 000_001a2dfaae7811e2" in panel and "date 2025-1" in panel
    assert seed_visit.errors == []


def test_kind_boxes_and_search_filter_the_drawing(seed_visit):
    page = seed_visit.page
    visible = "() => kgraph.edges.get().filter((e) => !e.hidden).map((e) => e.kind)"
    total = len(page.evaluate(visible))
    page.uncheck("input[data-kind=accusation]")
    assert "accusation" not in page.evaluate(visible) and len(page.evaluate(visible)) < total
    page.check("input[data-kind=accusation]")
    assert len(page.evaluate(visible)) == total
    page.fill("#search", "hamas")
    assert page.inner_text("#status") == "1 actor match"
    shown = page.evaluate("() => kgraph.nodes.get().filter((n) => !n.hidden).map((n) => n.label).sort()")
    assert shown == ["Amnesty International", "Hamas"]
    page.fill("#search", "")
    assert page.evaluate("kgraph.nodes.get().filter((n) => n.hidden).length") == 0
    assert seed_visit.errors == []


def test_html_in_article_text_is_shown_and_never_run(browser, tmp_path: Path):
    path = tmp_path / "xss.html"
    path.write_text(render_html(small_graph(XSS), title=XSS), encoding="utf-8")
    visit = Visit(browser, path)
    page = visit.page
    node = visit.node_point(NORTH)
    page.mouse.move(node["x"], node["y"])
    page.wait_for_selector(".vis-tooltip", state="visible", timeout=5_000)
    assert XSS in page.inner_text(".vis-tooltip")
    page.mouse.click(node["x"], node["y"])
    assert page.inner_text("#evidence h3") == XSS
    page.fill("#search", "<img")
    edge = page.evaluate("(north) => kgraph.edges.get().find((e) => e.kind === 'accusation' && e.from === north).id",
                         NORTH)
    point = visit.edge_point(edge)
    page.mouse.click(point["x"], point["y"])
    assert f"Quote c01 in d1 by {XSS}." in page.inner_text("#evidence")
    page.wait_for_timeout(300)
    assert page.evaluate("window.__xss") is None
    assert visit.dialogs == []
    assert page.evaluate("document.querySelectorAll('img').length") == 0
    assert page.title() == XSS
    assert visit.requests == [visit.url]
    assert visit.errors == []
    page.close()


LABEL_BOXES = """() => {
    const context = document.createElement("canvas").getContext("2d");
    context.font = "11px arial";
    return kgraph.edges.get().filter((e) => e.label.trim()).map((e) => {
        const middle = kgraph.network.body.edges[e.id].edgeType.getPoint(0.5);
        const half = context.measureText(e.label).width / 2;
        return [middle.x - half, middle.x + half, middle.y - 6, middle.y + 6];
    });
}"""


def crowded_page(path: Path) -> Path:
    """Six actors accusing one another: thirty edges with long labels, crossing near the middle."""
    from kgraph.read.claims import Corpus, ReadEntity, Span, StatedClaim
    from kgraph.read.view import page, view_data

    names = [f"actor-{i}" for i in range(6)]
    span = (Span("d1", "quote", 0, 5, "2024-01-01"),)
    claims = tuple(StatedClaim(f"c{a}{b}", "accusation", claimant=names[a], target=names[b], docs=("d1",), spans=span,
                               charge=f"crimes against humanity number {a}{b}")
                   for a in range(6) for b in range(6) if a != b)
    entities = {n: ReadEntity(n, n.title(), "State") for n in names}
    path.write_text(page(view_data(Corpus(claims, entities, documents=1)), "crowded"), encoding="utf-8")
    return path


def overlapping(boxes: list[list[float]]) -> int:
    return sum(a[0] < b[1] and b[0] < a[1] and a[2] < b[3] and b[2] < a[3]
               for i, a in enumerate(boxes) for b in boxes[i + 1:])


def test_edge_labels_do_not_overlap_and_a_hidden_one_shows_on_hover(browser, tmp_path: Path):
    visit = Visit(browser, crowded_page(tmp_path / "crowded.html"))
    page = visit.page
    hidden = page.evaluate("Array.from(kgraph.hiddenLabels)")
    boxes = page.evaluate(LABEL_BOXES)
    assert hidden and len(boxes) + len(hidden) == 30
    assert overlapping(boxes) == 0
    edge = page.evaluate("(id) => kgraph.edges.get(id).label", hidden[0])
    assert edge == " "
    page.evaluate("(id) => kgraph.network.emit('hoverEdge', {edge: id})", hidden[0])
    assert page.evaluate("(id) => kgraph.edges.get(id).label", hidden[0]).startswith("crimes against humanity")
    page.evaluate("(id) => kgraph.network.emit('blurEdge', {edge: id})", hidden[0])
    assert page.evaluate("(id) => kgraph.edges.get(id).label", hidden[0]) == " "
    assert visit.errors == []
    page.close()
