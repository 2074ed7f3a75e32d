"""The interactive view: pyvis lays out actors and claims; one self-contained HTML page, no network."""
from __future__ import annotations

import html
import json
from pathlib import Path

import pyvis
from pyvis.network import Network
from rdflib import Graph

from .tables import claim_rows, entity_rows

# Neutral colours: one hue per class, none of red or green, so no side reads as "bad" or "good".
CLASS_STYLE = {
    "Organisation": ("#4e79a7", "dot"),
    "ArmedGroup": ("#9c755f", "diamond"),
    "State": ("#76b7b2", "square"),
    "GovernmentBody": ("#b07aa1", "triangle"),
    "Person": ("#edc948", "ellipse"),
    "Event": ("#bab0ac", "star"),
    "Report": ("#86bcb6", "box"),
    "Place": ("#d4a6c8", "dot"),
}
KIND_STYLE = {  # edge colour and dash per claim kind
    "accusation": ("#5778a4", False),
    "responsibility": ("#e49444", False),
    "denial": ("#85b6b2", True),
    "figure": ("#a87c9f", True),
    "appeal": ("#967662", False),
}
VIS_DIR = Path(pyvis.__file__).parent / "lib" / "vis-9.1.2"


def network_of(graph: Graph) -> Network:
    """A pyvis network: entities that take part in claims, one edge per claim kind, party pair and charge."""
    network = Network(directed=True, cdn_resources="local")
    entities = {row["label"]: row for row in entity_rows(graph)}
    edges: dict[tuple, list[dict]] = {}
    for row in claim_rows(graph, unique=True):
        other = row["event"] if row["kind"] == "figure" else row["target"]
        if not row["claimant"] or not other:
            continue
        edges.setdefault((row["claimant"], other, row["kind"], row["charge"]), []).append(row)
    for name in sorted({n for key in edges for n in key[:2]}):
        kind = entities.get(name, {}).get("type", "Organisation")
        colour, shape = CLASS_STYLE.get(kind, CLASS_STYLE["Organisation"])
        network.add_node(name, label=name, title=f"{name} ({kind})", color=colour, shape=shape)
    for (source, target, kind, charge), rows in sorted(edges.items(), key=lambda item: tuple(map(str, item[0]))):
        colour, dashed = KIND_STYLE[kind]
        quotes = "\n".join(f"“{r['quote']}” ({r['doc']}, {r['start']}-{r['end']})" for r in rows[:3])
        network.add_edge(source, target, label=charge or kind, color=colour, dashes=dashed, width=1 + len(rows),
                         title=f"{kind}: {charge or ''}\nsources: {sum(r['sources'] for r in rows)}\n{quotes}")
    network.set_options(json.dumps({"physics": {"stabilization": {"iterations": 300}}}))
    return network


def render_html(graph: Graph, title: str = "kgraph") -> str:
    """One HTML page with vis-network inlined: opens offline, runs no text from articles as code."""
    network = network_of(graph)
    data = {"nodes": network.nodes, "edges": network.edges, "options": network.options}
    payload = json.dumps(data, ensure_ascii=False, default=lambda o: o.__dict__).replace("</", "<\\/")
    script = (VIS_DIR / "vis-network.min.js").read_text(encoding="utf-8")
    style = (VIS_DIR / "vis-network.css").read_text(encoding="utf-8")
    return PAGE.format(title=html.escape(title), style=style, script=script, payload=payload,
                       legend=legend())


def legend() -> str:
    classes = "".join(f'<li><span style="color:{c}">●</span> {html.escape(n)}</li>' for n, (c, _) in CLASS_STYLE.items())
    kinds = "".join(f'<li><span style="color:{c}">━</span> {html.escape(k)}</li>' for k, (c, _) in KIND_STYLE.items())
    return f"<ul>{classes}</ul><ul>{kinds}</ul>"


PAGE = """<!DOCTYPE html>
<html lang="en"><head><meta charset="utf-8"><title>{title}</title>
<style>{style}
body {{ font-family: sans-serif; margin: 0; }} #graph {{ width: 100vw; height: 92vh; }}
#legend {{ display: flex; gap: 2em; font-size: 12px; padding: 4px 1em; }}
#legend ul {{ list-style: none; display: flex; gap: 1em; margin: 0; padding: 0; }}
</style></head>
<body><div id="legend">{legend}</div><div id="graph"></div>
<script>{script}</script>
<script>
const data = {payload};
const network = new vis.Network(document.getElementById("graph"),
  {{nodes: new vis.DataSet(data.nodes), edges: new vis.DataSet(data.edges)}}, data.options);
network.once("stabilizationIterationsDone", () => network.setOptions({{physics: false}}));
</script></body></html>
"""
