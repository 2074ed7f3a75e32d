"""Load a graph into any SPARQL 1.1 server over the Graph Store HTTP Protocol.

Each named graph (one per document, from the TriG or a store) is sent with one PUT, which
replaces that graph on the server: pushing again after a rebuild neither loses nor duplicates.
Then the document graphs on the server that the graph no longer has (articles since removed from the
corpus) are deleted, so their claims stop being answered; graphs outside kgraph's document graphs are
never touched. The server's graphs are listed by a GET of its whole dataset; a server that cannot list
them gets its graphs replaced all the same, and the summary says that none could be deleted.
"""
from __future__ import annotations

import time
from dataclasses import dataclass, field

import pyoxigraph as ox

from kgraph.errors import StoreError
from kgraph.store import OxigraphStore
from kgraph.store.canonical import graph_lines
from kgraph.store.endpoint import TIMEOUT_SECONDS, checked_url, delete_graph, graph_store_names, put_graph
from kgraph.vocab import KGR

DOCUMENT_GRAPHS = f"{KGR}graph/"  # the named graphs kgraph makes, one per document (rdf/mapping.py)


@dataclass(frozen=True)
class PushResult:
    """What a push sent: how many graphs and triples, and how long it took."""

    graphs: int
    triples: int
    seconds: float
    removed: tuple[str, ...] = ()
    notes: tuple[str, ...] = field(default=())

    def summary(self) -> str:
        lines = [f"pushed {self.graphs} graph(s), {self.triples} triples in {self.seconds:.1f} s"]
        if self.removed:
            lines.append(f"deleted {len(self.removed)} graph(s) of documents no longer in the graph: "
                         + ", ".join(self.removed))
        return "\n".join(lines + [f"note: {note}" for note in self.notes])


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
    removed, notes = delete_stale_graphs(url, {name for name in groups if name is not None}, timeout)
    total = sum(len(lines) for lines in groups.values())
    return PushResult(len(groups), total, time.perf_counter() - started, removed, notes)


def delete_stale_graphs(url: str, pushed: set[str], timeout: float) -> tuple[tuple[str, ...], tuple[str, ...]]:
    """Delete the server's document graphs that were not pushed now: the names deleted, and any note."""
    try:
        on_server = graph_store_names(url, timeout)
    except StoreError as error:
        return (), (f"the server's graphs could not be listed, so graphs of documents removed since an earlier "
                    f"push (if any) were not deleted: {error}",)
    stale = tuple(sorted(name for name in on_server - pushed if name.startswith(DOCUMENT_GRAPHS)))
    for name in stale:
        delete_graph(url, name, timeout)
    return stale, ()


def checked_graph_iri(iri: str) -> str:
    """An absolute IRI for --graph, or StoreError."""
    try:
        ox.NamedNode(iri)
    except ValueError as error:
        raise StoreError(f"--graph {iri!r} is not an IRI: {error}") from None
    if ":" not in iri:
        raise StoreError(f"--graph {iri!r} is not an absolute IRI such as https://example.org/graph/kgraph")
    return iri
