// kgraph view: draws the data block with vis-network. Every text from articles goes on screen with
// textContent or as a DOM element's text, never as HTML, so a label such as <img onerror=...> is shown, not run.
"use strict";
(function () {
  const data = JSON.parse(document.getElementById("kgraph-data").textContent);
  const GLYPHS = {dot: "\u25CF", diamond: "\u25C6", square: "\u25A0", triangle: "\u25B2",
                  triangleDown: "\u25BC", star: "\u2605", hexagon: "\u2B22", box: "\u25AC"};
  const labels = new Map(data.nodes.map((n) => [n.id, n.label]));
  const shownKinds = new Set(Object.keys(data.kinds));

  function el(tag, text, className) {
    const element = document.createElement(tag);
    if (text !== undefined && text !== null) element.textContent = String(text);
    if (className) element.className = className;
    return element;
  }
  function plural(n, word) { return n + " " + word + (n === 1 ? "" : "s"); }
  function meta(item) {
    const parts = [];
    if (item.doc) parts.push("document " + item.doc);
    parts.push(item.date ? "date " + item.date : "undated");
    parts.push(plural(item.sources, "source"));
    if (item.status !== "asserted") parts.push(item.status);
    if (item.event) parts.push("event: " + item.event);
    return parts.join(" \u00B7 ");
  }

  function edgeTooltip(edge) {
    const box = el("div");
    box.appendChild(el("strong", labels.get(edge.from) + " \u2192 " + labels.get(edge.to)));
    box.appendChild(el("div", edge.kind + ": " + edge.label));
    box.appendChild(el("div", plural(edge.count, "claim") + ", " + plural(edge.sources, "source")));
    const first = edge.evidence[0];
    if (first) {
      box.appendChild(el("div", "\u201C" + first.quote + "\u201D", "quote"));
      box.appendChild(el("div", meta(first)));
    }
    box.appendChild(el("div", "Click the edge for every quote."));
    return box;
  }
  function nodeTooltip(node) {
    const box = el("div");
    box.appendChild(el("strong", node.label));
    box.appendChild(el("div", node.type));
    return box;
  }

  const nodes = new vis.DataSet(data.nodes.map((n) => Object.assign({}, n, {title: nodeTooltip(n)})));
  const edges = new vis.DataSet(data.edges.map((e) => Object.assign({}, e, {title: edgeTooltip(e)})));
  const network = new vis.Network(document.getElementById("graph"), {nodes: nodes, edges: edges}, data.options);
  const state = {network: network, nodes: nodes, edges: edges, data: data, ready: false};
  window.kgraph = state;

  // Edge labels that would overlap another label are hidden (the busiest edges keep theirs); hovering
  // or selecting an edge shows its label again. Labels are boxes in canvas units, so zoom keeps them apart.
  state.hiddenLabels = new Set();
  function labelBox(edge, context) {
    const drawn = network.body.edges[edge.id];
    const middle = drawn ? drawn.edgeType.getPoint(0.5) : {x: 0, y: 0};
    const half = (context.measureText(edge.label).width + 6) / 2;
    const size = data.options.edges.font.size;
    return {left: middle.x - half, right: middle.x + half, top: middle.y - size / 2 - 2, bottom: middle.y + size / 2 + 2};
  }
  function overlaps(a, b) { return a.left < b.right && b.left < a.right && a.top < b.bottom && b.top < a.bottom; }
  function declutterLabels() {
    const context = document.createElement("canvas").getContext("2d");
    context.font = data.options.edges.font.size + "px arial";
    const kept = [];
    const busiest = data.edges.slice().sort((a, b) => b.count - a.count || (a.id < b.id ? -1 : 1));
    busiest.forEach((edge) => {
      const box = labelBox(edge, context);
      if (kept.some((other) => overlaps(box, other))) state.hiddenLabels.add(edge.id);
      else kept.push(box);
    });
    edges.update(Array.from(state.hiddenLabels, (id) => ({id: id, label: " "})));
  }
  function showLabel(id, shown) {
    if (state.hiddenLabels.has(id)) edges.update({id: id, label: shown ? data.edges.find((e) => e.id === id).label : " "});
  }
  network.on("hoverEdge", (params) => showLabel(params.edge, true));
  network.on("blurEdge", (params) => showLabel(params.edge, network.getSelectedEdges().includes(params.edge)));
  network.on("selectEdge", (params) => params.edges.forEach((id) => showLabel(id, true)));
  network.on("deselectEdge", (params) => params.previousSelection.edges.forEach((e) => showLabel(e.id || e, false)));

  function settle() {
    if (state.ready) return;
    network.setOptions({physics: false});  // stop moving once laid out
    declutterLabels();
    state.ready = true;
    document.body.dataset.ready = "true";
  }
  network.once("stabilizationIterationsDone", settle);
  network.once("stabilized", settle);
  if (data.nodes.length === 0) settle();

  const panel = document.getElementById("evidence");
  function clearPanel() {
    panel.replaceChildren(el("p", "Hover over an edge for its claims; click it for every quote.", "hint"));
  }
  function showEdge(id) {
    const edge = edges.get(id);
    panel.replaceChildren();
    panel.appendChild(el("h3", labels.get(edge.from) + " \u2192 " + labels.get(edge.to)));
    panel.appendChild(el("p", edge.kind + ": " + plural(edge.count, "claim") + ", " +
                          plural(edge.sources, "source"), "meta"));
    edge.evidence.forEach((item) => {
      panel.appendChild(el("div", item.what, "what"));
      panel.appendChild(el("blockquote", "\u201C" + item.quote + "\u201D", "quote"));
      panel.appendChild(el("p", meta(item), "meta"));
    });
    if (edge.more) panel.appendChild(el("p", "\u2026 and " + edge.more + " more quotes in the graph files.", "hint"));
  }
  function showNode(id) {
    const node = nodes.get(id);
    panel.replaceChildren();
    panel.appendChild(el("h3", node.label));
    const links = network.getConnectedEdges(id).map((e) => edges.get(e));
    panel.appendChild(el("p", node.type + " \u00B7 " + plural(links.length, "edge") + " drawn", "meta"));
    node.loose.forEach((item) => {
      panel.appendChild(el("div", item.kind + " with no other party: " + item.what, "what"));
      panel.appendChild(el("blockquote", "\u201C" + item.quote + "\u201D", "quote"));
      panel.appendChild(el("p", meta(item), "meta"));
    });
  }
  network.on("click", (params) => {
    if (params.nodes.length) showNode(params.nodes[0]);
    else if (params.edges.length) showEdge(params.edges[0]);
    else clearPanel();
  });

  // Filters: ticked claim kinds, and actors whose name holds the search text (with their neighbours).
  const search = document.getElementById("search");
  const status = document.getElementById("status");
  function applyFilters() {
    const query = search.value.trim().toLowerCase();
    const kindEdges = data.edges.filter((e) => shownKinds.has(e.kind));
    let keep = null;
    if (query) {
      const hits = new Set(data.nodes.filter((n) => n.label.toLowerCase().includes(query)).map((n) => n.id));
      keep = new Set(hits);
      kindEdges.forEach((e) => {
        if (hits.has(e.from)) keep.add(e.to);
        if (hits.has(e.to)) keep.add(e.from);
      });
      status.textContent = plural(hits.size, "actor") + " match";
      network.selectNodes(Array.from(hits));
    } else {
      status.textContent = "";
      network.unselectAll();
    }
    const visibleEdges = new Set(kindEdges.filter((e) => !keep || (keep.has(e.from) && keep.has(e.to))).map((e) => e.id));
    const ends = new Set();
    data.edges.forEach((e) => { if (visibleEdges.has(e.id)) { ends.add(e.from); ends.add(e.to); } });
    edges.update(data.edges.map((e) => ({id: e.id, hidden: !visibleEdges.has(e.id)})));
    const loose = (n) => n.loose.some((item) => shownKinds.has(item.kind));  // a claimant of appeals to no one
    nodes.update(data.nodes.map((n) => ({id: n.id, hidden: !ends.has(n.id) && !(keep ? keep.has(n.id) : loose(n))})));
  }
  search.addEventListener("input", applyFilters);

  const names = document.getElementById("actor-names");
  data.nodes.forEach((n) => { const option = document.createElement("option"); option.value = n.label; names.appendChild(option); });

  const classList = document.getElementById("legend-classes");
  Object.entries(data.classes).forEach(([name, style]) => {
    const item = el("li");
    const glyph = el("span", GLYPHS[style.shape] || "\u25CF", "glyph");
    glyph.style.color = style.color;
    item.append(glyph, document.createTextNode(" " + name));
    classList.appendChild(item);
  });
  const kindList = document.getElementById("legend-kinds");
  Object.entries(data.kinds).forEach(([kind, style]) => {
    const item = el("li");
    const label = el("label");
    const box = document.createElement("input");
    box.type = "checkbox";
    box.checked = true;
    box.dataset.kind = kind;
    box.addEventListener("change", () => {
      if (box.checked) shownKinds.add(kind); else shownKinds.delete(kind);
      applyFilters();
    });
    label.append(box, line(style), document.createTextNode(" " + kind + " "), el("span", "(" + plural(style.claims, "claim") + ")", "count"));
    item.appendChild(label);
    kindList.appendChild(item);
  });
  const leftOut = document.getElementById("left-out");
  data.left_out.forEach((note) => leftOut.appendChild(el("li", note)));
  leftOut.hidden = document.getElementById("left-out-title").hidden = data.left_out.length === 0;
  function line(style) {
    const svgNS = "http://www.w3.org/2000/svg";
    const svg = document.createElementNS(svgNS, "svg");
    svg.setAttribute("width", "28");
    svg.setAttribute("height", "8");
    const stroke = document.createElementNS(svgNS, "line");
    [["x1", 0], ["y1", 4], ["x2", 28], ["y2", 4], ["stroke", style.color], ["stroke-width", 2.5]]
      .forEach(([k, v]) => stroke.setAttribute(k, String(v)));
    if (style.dashes) stroke.setAttribute("stroke-dasharray", style.dashes.join(" "));
    svg.appendChild(stroke);
    return svg;
  }
})();
