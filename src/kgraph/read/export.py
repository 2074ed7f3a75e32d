"""Export a graph in other formats: RDF serialisations, the claim network for Gephi and Cytoscape
(GraphML, GEXF), and the claims table (CSV). One registry entry per format."""
from __future__ import annotations

import io
import re
from collections.abc import Callable
from pathlib import Path

import networkx as nx
import pyoxigraph as ox
from rdflib import Dataset, URIRef

from kgraph.errors import InputError
from kgraph.rdf.terms import serialized, to_rdflib
from kgraph.read.claims import UNNAMED, read_corpus
from kgraph.read.tables import CLAIM_COLUMNS, claim_rows, entity_rows, format_rows
from kgraph.store import OxigraphStore, require_kgraph_graph
from kgraph.store.canonical import nquads, ntriples, quads
from kgraph.vocab import PREFIXES

# kgr: is left out: instance IRIs hold slashes, which Turtle would have to escape (kgr:actor\/hamas).
TURTLE_PREFIXES = {prefix: str(namespace) for prefix, namespace in PREFIXES.items() if prefix != "kgr"}
JSONLD_CONTEXT = {prefix: str(namespace) for prefix, namespace in PREFIXES.items()}
EDGE_ATTRIBUTES = {  # claims-table column: edge attribute ("start"/"end" would read as time in GEXF)
    "kind": "kind", "charge": "charge", "claimant": "claimant", "target": "target", "role": "role",
    "event": "event", "quantity": "quantity", "value": "value", "date": "date", "status": "status",
    "confidence": "confidence", "sources": "sources", "doc": "doc", "quote": "quote",
    "start": "quote_start", "end": "quote_end",
}


def export(store: OxigraphStore, fmt: str) -> bytes:
    """The graph in `fmt` (a key of EXPORTERS), as bytes ready to write."""
    if fmt not in EXPORTERS:
        raise InputError(f"unknown export format {fmt!r}; use one of {', '.join(EXPORTERS)}")
    require_kgraph_graph(store)
    return EXPORTERS[fmt](store)


def turtle(store: OxigraphStore) -> bytes:
    """The merge of all graphs as Turtle, sorted by subject."""
    triples = ox.parse(ntriples(store), format=ox.RdfFormat.N_TRIPLES)
    return serialized(triples, ox.RdfFormat.TURTLE, TURTLE_PREFIXES)


def trig(store: OxigraphStore) -> bytes:
    """Every graph as TriG: the default graph's own triples, then one block per document."""
    return serialized(quads(store), ox.RdfFormat.TRIG, TURTLE_PREFIXES)


def jsonld(store: OxigraphStore) -> bytes:
    """JSON-LD with an @context of kgraph's prefixes; named graphs are kept."""
    dataset = Dataset()
    for quad in quads(store):
        graph = (dataset.default_graph if isinstance(quad.graph_name, ox.DefaultGraph)
                 else dataset.graph(URIRef(quad.graph_name.value)))
        graph.add((to_rdflib(quad.subject), to_rdflib(quad.predicate), to_rdflib(quad.object)))
    text = dataset.serialize(format="json-ld", context=JSONLD_CONTEXT, indent=1, sort_keys=True)
    return text.encode("utf-8")


def claims_csv(store: OxigraphStore) -> bytes:
    """The claims table, as `kgraph claims --format csv` prints it."""
    return format_rows(claim_rows(store), CLAIM_COLUMNS, "csv").encode("utf-8")


def claim_network(store: OxigraphStore) -> nx.MultiDiGraph:
    """Actors (and the events figures count) as nodes, one edge per claim, keyed by the claim's IRI.

    Every claim of `kgraph claims --unique` is an edge: a claim with no second party (an appeal to
    no one, a figure about no event) ends at a node of type Claim that stands for what it says, and
    a claim with no named claimant starts at the node "unnamed source" (type Unattributed).
    """
    corpus = read_corpus(store)
    entities = {row["label"]: row for row in entity_rows(corpus)}
    network = nx.MultiDiGraph(name="kgraph claim network")
    edges = []
    for row in claim_rows(corpus, unique=True):
        other = row["event"] if row["kind"] == "figure" else row["target"]
        edges.append((row["claimant"] or UNNAMED, other or row["id"], row))
    for source, target, row in edges:
        for name in (source, target):
            if name in network:
                continue
            if name == row["id"]:  # the claim itself stands for its missing second party
                network.add_node(name, label=what_it_says(row), type="Claim", iri=name)
            elif name == UNNAMED and not row["claimant"]:
                network.add_node(name, label=name, type="Unattributed", iri="")
            else:
                entity = entities.get(name, {})
                network.add_node(name, label=name, type=entity.get("type") or "", iri=entity.get("id") or "")
    network = sorted_nodes(network)
    for source, target, row in sorted(edges, key=lambda edge: edge[2]["id"]):
        attributes = {name: row[column] for column, name in EDGE_ATTRIBUTES.items() if row.get(column) is not None}
        for name in ("value", "confidence"):  # one type per attribute, as GraphML and GEXF declare it
            if name in attributes:
                attributes[name] = float(attributes[name])
        network.add_edge(source, target, key=row["id"], id=row["id"], label=row["charge"] or row["kind"], **attributes)
    return network


def what_it_says(row: dict) -> str:
    """A claim's own words for a node: the charge or demand, the figure, or its kind."""
    figure = " ".join(str(part) for part in (row["value"], row["quantity"]) if part is not None)
    return row["charge"] or row["role"] or figure or row["kind"] or "claim"


def sorted_nodes(network: nx.MultiDiGraph) -> nx.MultiDiGraph:
    """The same nodes in name order, so the file lists them the same way every time."""
    ordered = nx.MultiDiGraph(name=network.graph["name"])
    ordered.add_nodes_from(sorted(network.nodes(data=True), key=lambda item: item[0]))
    return ordered


def graphml(store: OxigraphStore) -> bytes:
    buffer = io.BytesIO()
    nx.write_graphml(claim_network(store), buffer, encoding="utf-8", prettyprint=True)
    return buffer.getvalue()


def gexf(store: OxigraphStore) -> bytes:
    text = "\n".join(nx.generate_gexf(claim_network(store), encoding="utf-8", prettyprint=True)) + "\n"
    # networkx stamps today's date into <meta>: drop it, so the same graph gives the same bytes.
    return re.sub(r' lastmodifieddate="[^"]*"', "", text).encode("utf-8")


EXPORTERS: dict[str, Callable[[OxigraphStore], bytes]] = {
    "turtle": turtle,
    "ntriples": ntriples,
    "nquads": nquads,
    "trig": trig,
    "jsonld": jsonld,
    "graphml": graphml,
    "gexf": gexf,
    "csv": claims_csv,
}
SUFFIXES = {"turtle": ".ttl", "ntriples": ".nt", "nquads": ".nq", "trig": ".trig", "jsonld": ".jsonld",
            "graphml": ".graphml", "gexf": ".gexf", "csv": ".csv"}
FORMAT_OF_SUFFIX = {suffix: name for name, suffix in SUFFIXES.items()} | {".json": "jsonld", ".turtle": "turtle"}


def format_of(path: Path) -> str | None:
    """The export format a file name asks for (x.json is JSON-LD, as other commands read it), or None."""
    return FORMAT_OF_SUFFIX.get(path.suffix.lower())
