"""Load a graph into any SPARQL 1.1 server over the Graph Store HTTP Protocol.

Each named graph (one per document, from the TriG or a store) is sent with one PUT, which
replaces that graph on the server: pushing again after a rebuild neither loses nor duplicates.
"""
from __future__ import annotations

import time
from dataclasses import dataclass

import pyoxigraph as ox

from kgraph.errors import StoreError
from kgraph.store import OxigraphStore
from kgraph.store.canonical import graph_lines
from kgraph.store.endpoint import TIMEOUT_SECONDS, checked_url, put_graph


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
    groups = graph_lines(store)
    for name, lines in groups.items():
        body = b"".join(line + b"\n" for line in lines)
        put_graph(url, name if name is not None else default_graph, body, timeout)
    total = sum(len(lines) for lines in groups.values())
    return PushResult(len(groups), total, time.perf_counter() - started)


def checked_graph_iri(iri: str) -> str:
    """An absolute IRI for --graph, or StoreError."""
    try:
        ox.NamedNode(iri)
    except ValueError as error:
        raise StoreError(f"--graph {iri!r} is not an IRI: {error}") from None
    if ":" not in iri:
        raise StoreError(f"--graph {iri!r} is not an absolute IRI such as https://example.org/graph/kgraph")
    return iri
