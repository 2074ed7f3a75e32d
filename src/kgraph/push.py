"""Load a graph into any SPARQL 1.1 server over the Graph Store HTTP Protocol.

Each named graph (one per document, from the TriG or a store) is sent with one PUT, which
replaces that graph on the server: pushing again after a rebuild neither loses nor duplicates.
"""
from __future__ import annotations

import time
from collections import defaultdict
from dataclasses import dataclass

import pyoxigraph as ox

from .endpoint import TIMEOUT_SECONDS, checked_url, put_graph
from .errors import StoreError
from .store import OxigraphStore


@dataclass(frozen=True)
class PushResult:
    """What a push sent: how many graphs and triples, and how long it took."""

    graphs: int
    triples: int
    seconds: float

    def summary(self) -> str:
        return f"pushed {self.graphs} graph(s), {self.triples} triples in {self.seconds:.1f} s"


def push(store: OxigraphStore, url: str, default_graph: str | None = None,
         timeout: float = TIMEOUT_SECONDS) -> PushResult:
    """PUT every graph of `store` to the Graph Store endpoint `url`.

    Triples in no named graph (entities, documents, charge concepts) go to `default_graph` when
    given, else to the server's default graph.
    """
    checked_url(url)
    if default_graph is not None:
        checked_graph_iri(default_graph)
    started = time.perf_counter()
    groups = graphs_of(store)
    for name, triples in groups.items():
        body = ox.serialize(triples, format=ox.RdfFormat.N_TRIPLES)
        put_graph(url, name if name is not None else default_graph, body, timeout)
    total = sum(len(triples) for triples in groups.values())
    return PushResult(len(groups), total, time.perf_counter() - started)


def graphs_of(store: OxigraphStore) -> dict[str | None, list[ox.Triple]]:
    """The store's triples per graph name (None for the default graph), in a stable order."""
    groups: dict[str | None, list[ox.Triple]] = defaultdict(list)
    for quad in store.quads():
        name = None if isinstance(quad.graph_name, ox.DefaultGraph) else quad.graph_name.value
        groups[name].append(ox.Triple(quad.subject, quad.predicate, quad.object))
    return dict(groups)


def checked_graph_iri(iri: str) -> str:
    """An absolute IRI for --graph, or StoreError."""
    try:
        ox.NamedNode(iri)
    except ValueError as error:
        raise StoreError(f"--graph {iri!r} is not an IRI: {error}") from None
    if ":" not in iri:
        raise StoreError(f"--graph {iri!r} is not an absolute IRI such as https://example.org/graph/kgraph")
    return iri
