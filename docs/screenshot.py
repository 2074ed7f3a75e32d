"""Take the README's picture of the interactive view:
`python docs/screenshot.py graphs/kgraph.html docs/kgraph-seed.png`.

Opens the page in Debian's chromium (headless, via Playwright), waits until the layout is still,
clicks the edge with the most claims so that its evidence shows, and saves a PNG.
"""
from __future__ import annotations

import sys
from pathlib import Path

from playwright.sync_api import sync_playwright

ARGS = ["--headless", "--no-sandbox", "--disable-gpu", "--disable-background-networking",
        "--disable-component-update", "--disable-sync", "--no-first-run"]


def screenshot(page_file: Path, image: Path) -> None:
    """Save a 1280x720 picture of the page with the busiest edge's evidence open."""
    with sync_playwright() as playwright:
        browser = playwright.chromium.launch(executable_path="/usr/bin/chromium", args=ARGS)
        page = browser.new_page(viewport={"width": 1280, "height": 720})
        page.goto(page_file.resolve().as_uri())
        page.wait_for_selector("body[data-ready=true]", state="attached", timeout=30_000)  # CSP forbids eval
        point = page.evaluate("""() => {
            const edge = kgraph.edges.get().sort((a, b) => b.count - a.count)[0];
            const network = kgraph.network;
            const middle = network.canvasToDOM(network.body.edges[edge.id].edgeType.getPoint(0.5));
            const box = document.querySelector("#graph canvas").getBoundingClientRect();
            return {x: middle.x + box.left, y: middle.y + box.top};
        }""")
        page.mouse.click(point["x"], point["y"])
        page.mouse.move(5, 700)  # no hover tooltip in the picture
        page.wait_for_timeout(300)
        image.parent.mkdir(parents=True, exist_ok=True)
        page.screenshot(path=str(image))
        browser.close()


if __name__ == "__main__":
    screenshot(Path(sys.argv[1]), Path(sys.argv[2]))
