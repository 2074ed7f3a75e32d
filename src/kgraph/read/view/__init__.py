"""The interactive view: one HTML page that draws actors and claims with vis-network and needs no network.

pyvis ships vis-network 9.1.2; the page inlines it and our own script instead of loading it from a
CDN. Nodes and edges are built here as plain dicts (pyvis's Network scans its node list for every
edge added, which is slow on big corpora). Text from articles reaches the page only as JSON inside
a data block, with <, > and & escaped, and the page's script puts it on screen as text (textContent,
never innerHTML); a Content-Security-Policy lets only the page's own scripts run and fetch nothing.
"""
from __future__ import annotations

import base64
import dataclasses
import hashlib
import html
import json
import re
from collections import defaultdict
from datetime import date
from pathlib import Path
from string import Template

import networkx as nx
import pyvis
from rdflib import Graph

from kgraph.errors import InputError
from kgraph.read.claims import Corpus, StatedClaim, read_corpus
from kgraph.read.view.palette import CLASS_STYLE, KIND_STYLE
from kgraph.store import GraphStore

VIS_DIR = Path(pyvis.__file__).parent / "lib" / "vis-9.1.2"
ASSETS = Path(__file__).parent / "assets"
MAX_EVIDENCE = 25  # quotes kept per edge; the page says how many more there are
MAX_LABEL = 48
ISO_DATE = re.compile(r"^\d{4}(-\d{2}(-\d{2})?)?$")
OPTIONS = {
    "layout": {"randomSeed": 7},
    "physics": {"solver": "forceAtlas2Based", "stabilization": {"iterations": 400, "fit": True},
                "forceAtlas2Based": {"gravitationalConstant": -110, "springLength": 190}},
    "interaction": {"hover": True, "tooltipDelay": 120},
    "nodes": {"size": 16, "borderWidth": 1, "font": {"size": 14, "color": "#222222"}},
    "edges": {"arrows": {"to": {"enabled": True, "scaleFactor": 0.6}},
              "font": {"size": 11, "color": "#333333", "strokeWidth": 3, "align": "horizontal"}},
}


def render_html(graph: GraphStore | Graph, title: str = "kgraph", *, focus: str | None = None, depth: int = 1,
                kinds: list[str] | tuple[str, ...] | None = None, since: str | None = None,
                until: str | None = None) -> str:
    """One self-contained HTML page of the graph's claims; the options draw a part of it (see `view_data`)."""
    data = view_data(read_corpus(graph), focus=focus, depth=depth, kinds=kinds, since=since, until=until)
    return page(data, title)


def view_data(corpus: Corpus, *, focus: str | None = None, depth: int = 1,
              kinds: list[str] | tuple[str, ...] | None = None, since: str | None = None,
              until: str | None = None) -> dict:
    """Nodes, edges and styles for the page.

    One edge per claimant, other party and claim kind, with the number of claims as `count`
    and width; `kinds` keeps those claim kinds, `since`/`until` (ISO dates, inclusive) claims
    made or published in that span, and `focus` the actor's neighbourhood up to `depth` steps.
    Negated claims are not drawn, as they draw no kg:accuses edge.
    """
    chosen = selected(corpus, kinds, since, until)
    claims = [c for c in chosen if c.status != "negated" and c.claimant]
    drawn = [c for c in claims if c.other]
    if focus is not None:
        drawn = neighbourhood(corpus, drawn, focus, depth)
    edges = aggregated(corpus, drawn)
    ends = {end for edge in edges for end in (edge["from"], edge["to"])}
    loose = defaultdict(list)  # appeals to no one and figures about no event: shown on the claimant
    shown = list(drawn)
    for claim in claims:
        if not claim.other and (focus is None or claim.claimant in ends):
            ends.add(claim.claimant)
            loose[claim.claimant].append(evidence_item(corpus, claim))
            shown.append(claim)
    nodes = [node(corpus, end, loose[end]) for end in sorted(ends, key=lambda n: (corpus.label(n), n))]
    present = {n["type"] for n in nodes}
    options = dict(OPTIONS, layout={"randomSeed": 7, "improvedLayout": len(nodes) <= 150})
    return {"nodes": nodes, "edges": edges, "options": options, "left_out": left_out(chosen, focus),
            "classes": {name: {"color": c, "shape": s} for name, (c, s) in CLASS_STYLE.items() if name in present},
            "kinds": {kind: {"color": c, "dashes": d, "edges": sum(e["kind"] == kind for e in edges),
                             "claims": sum(claim.kind == kind for claim in shown)}
                      for kind, (c, d) in KIND_STYLE.items()}}


def left_out(chosen: list[StatedClaim], focus: str | None) -> list[str]:
    """What the page does not draw of the chosen claims, and why, in words for its legend."""
    negated = sum(c.status == "negated" for c in chosen)
    unattributed = sum(c.status != "negated" and not c.claimant for c in chosen)
    notes = []
    if negated:
        notes.append(f"{negated} negated claim{'s' * (negated != 1)} (\u201cdid not accuse\u201d): no edge, "
                     "as in the RDF graph")
    if unattributed:
        notes.append(f"{unattributed} claim{'s' * (unattributed != 1)} with no named claimant")
    if focus is not None:
        notes.append(f"claims outside the neighbourhood of {focus}")
    return notes


def selected(corpus: Corpus, kinds, since: str | None, until: str | None) -> list[StatedClaim]:
    """The claims of the chosen kinds whose date falls within [since, until] (undated ones drop out)."""
    unknown = sorted(set(kinds or ()) - set(KIND_STYLE))
    if unknown:
        raise InputError(f"unknown claim kind {', '.join(unknown)}; use any of {', '.join(KIND_STYLE)}")
    for name, value in (("--since", since), ("--until", until)):
        if value is not None and not is_date(value):
            raise InputError(f"{name} {value!r}: give a date as YYYY, YYYY-MM or YYYY-MM-DD")
    claims = [c for c in corpus.claims if not kinds or c.kind in kinds]
    if since:
        claims = [c for c in claims if c.date and c.date[:len(since)] >= since]
    if until:
        claims = [c for c in claims if c.date and c.date[:len(until)] <= until]
    return claims


def is_date(value: str) -> bool:
    """YYYY, YYYY-MM or YYYY-MM-DD naming a real year, month or day (2012-13 is none)."""
    if not ISO_DATE.match(value):
        return False
    try:
        date.fromisoformat((value + "-01-01")[:10])
    except ValueError:
        return False
    return True


def neighbourhood(corpus: Corpus, claims: list[StatedClaim], focus: str, depth: int) -> list[StatedClaim]:
    """The claims among the nodes within `depth` steps of the focus actor, in either direction."""
    from kgraph.read.analyse import claim_graph

    graph = claim_graph(dataclasses.replace(corpus, claims=tuple(claims)))
    centre = find_node(corpus, graph, focus)
    near = set(nx.ego_graph(graph, centre, radius=max(depth, 0), undirected=True))
    return [c for c in claims if c.claimant in near and c.other in near]


def find_node(corpus: Corpus, graph: nx.MultiDiGraph, name: str) -> str:
    """The node an actor name means: its label (any case), its IRI, or the end of its IRI."""
    wanted = name.casefold().strip()
    matches = [node for node in sorted(corpus.entities)
               if wanted in (corpus.label(node).casefold(), node.casefold()) or node.casefold().endswith("/" + wanted)]
    drawn = [node for node in matches if node in graph]
    if drawn:
        return drawn[0]
    if matches:
        raise InputError(f"--focus {name!r}: {corpus.label(matches[0])} takes part in no drawn claim")
    known = ", ".join(sorted(graph.nodes[n]["label"] for n in graph)[:12])
    raise InputError(f"--focus {name!r}: no such actor in the graph; drawn ones include: {known}")


def aggregated(corpus: Corpus, claims: list[StatedClaim]) -> list[dict]:
    """One edge per (claimant, other party, kind), as wide as it has claims, carrying their evidence."""
    groups: dict[tuple[str, str, str], list[StatedClaim]] = defaultdict(list)
    for claim in claims:
        groups[(claim.claimant, claim.other, claim.kind)].append(claim)  # type: ignore[index]
    order = sorted(groups, key=lambda k: (corpus.label(k[0]), corpus.label(k[1]), k[2], k))
    edges = []
    for number, key in enumerate(order):
        source, target, kind = key
        group = sorted(groups[key], key=lambda c: (short_label(c), c.id))
        items = [evidence_item(corpus, c, span) for c in group for span in (c.spans or (None,))]
        colour, dashes = KIND_STYLE[kind]
        edges.append({
            "id": f"e{number}", "from": source, "to": target, "kind": kind,
            "label": clipped("; ".join(dict.fromkeys(short_label(c) for c in group))),
            "count": len(group), "sources": len({doc for c in group for doc in c.docs}),
            "width": min(1 + len(group), 10), "dashes": dashes,
            "color": {"color": colour, "highlight": colour, "hover": colour},
            "smooth": {"type": "curvedCW", "roundness": 0.1 + 0.07 * list(KIND_STYLE).index(kind)},
            "evidence": items[:MAX_EVIDENCE], "more": max(0, len(items) - MAX_EVIDENCE),
        })
    return edges


def short_label(claim: StatedClaim) -> str:
    """What the edge says: the charge, the role, the figure or the demand."""
    if claim.kind == "figure":
        return " ".join(str(part) for part in (claim.quantity, claim.value) if part is not None) or "figure"
    if claim.kind == "responsibility":
        return claim.role or "responsible"
    if claim.kind == "denial":  # "denies genocide", so that it does not read as an accusation
        return f"denies {claim.charge}" if claim.charge else "denial"
    return claim.charge or claim.kind or "claim"


def clipped(text: str) -> str:
    return text if len(text) <= MAX_LABEL else text[: MAX_LABEL - 1] + "…"


def evidence_item(corpus: Corpus, claim: StatedClaim, span=None) -> dict:
    span = span or (claim.spans[0] if claim.spans else None)
    return {"kind": claim.kind, "what": short_label(claim), "event": corpus.label(claim.event) if claim.event else None,
            "status": claim.status, "by": corpus.label(claim.claimant), "sources": claim.sources,
            "quote": span.quote if span else "", "doc": span.doc if span else None,
            "date": (span.date if span else None) or claim.date}


def node(corpus: Corpus, iri: str, loose: list[dict]) -> dict:
    kind = corpus.type_of(iri) if corpus.type_of(iri) in CLASS_STYLE else "Organisation"
    colour, shape = CLASS_STYLE[kind]
    return {"id": iri, "label": corpus.label(iri), "type": kind, "shape": shape,
            "color": {"background": colour, "border": "#555555",
                      "highlight": {"background": colour, "border": "#111111"},
                      "hover": {"background": colour, "border": "#111111"}},
            "loose": loose[:MAX_EVIDENCE]}


def page(data: dict, title: str) -> str:
    """The HTML page: vis-network, our script and the data inlined; scripts allowed by hash only."""
    payload = json_for_html(data)
    scripts = [(VIS_DIR / "vis-network.min.js").read_text(encoding="utf-8"),
               (ASSETS / "page.js").read_text(encoding="utf-8")]
    policy = ("default-src 'none'; style-src 'unsafe-inline'; img-src data:; "
              "script-src " + " ".join(f"'sha256-{digest(s)}'" for s in scripts))
    template = Template((ASSETS / "page.html").read_text(encoding="utf-8"))
    return template.substitute(title=html.escape(title), policy=policy,  # our own words: no quotes or markup
                               vis_css=(VIS_DIR / "vis-network.css").read_text(encoding="utf-8"),
                               page_css=(ASSETS / "page.css").read_text(encoding="utf-8"),
                               payload=payload, vis_js=scripts[0], page_js=scripts[1])


def json_for_html(data: dict) -> str:
    """JSON that cannot end its <script> block or open a comment: <, > and & as \\u escapes."""
    text = json.dumps(data, ensure_ascii=False, sort_keys=True)
    for char, escaped in (("&", "\\u0026"), ("<", "\\u003c"), (">", "\\u003e"),
                          ("\u2028", "\\u2028"), ("\u2029", "\\u2029")):
        text = text.replace(char, escaped)
    return text


def digest(script: str) -> str:
    return base64.b64encode(hashlib.sha256(script.encode("utf-8")).digest()).decode("ascii")
