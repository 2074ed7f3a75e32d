"""A store's graphs as sorted N-Triples lines, graph by graph: the deterministic form that export
and push start from. The same graph gives the same bytes, from a file or from a store folder.

Lines come from Oxigraph's own serialiser (dump, serialize), so a million triples are written in
Rust and only sorted in Python. A store read from a file is dumped from the file's own quads, which
keep literals as written (the store spells some canonically: see OxigraphStore).
"""
from __future__ import annotations

from collections import defaultdict
from collections.abc import Iterator

import pyoxigraph as ox

from kgraph.errors import StoreError
from kgraph.rdf.terms import serialized
from kgraph.store import OxigraphStore, file_quads

DEFAULT = None  # the key of the default graph's own triples (those in no named graph)
GraphLines = dict[str | None, list[bytes]]


def graph_lines(store: OxigraphStore) -> GraphLines:
    """Each graph's triples as sorted N-Triples lines, the default graph (key None) first."""
    found = lines_from_file(store) if store.source is not None else lines_from_store(store.store)
    return {name: found[name] for name in sorted(found, key=lambda name: "" if name is None else name)}


def ntriples(store: OxigraphStore) -> bytes:
    """The merge of all graphs as sorted N-Triples (a triple stated in two graphs comes once)."""
    lines = sorted({line for graph in graph_lines(store).values() for line in graph})
    return b"".join(line + b"\n" for line in lines)


def nquads(store: OxigraphStore) -> bytes:
    """Every graph as N-Quads: the default graph's own triples, then each named graph, each sorted."""
    out: list[bytes] = []
    for name, lines in graph_lines(store).items():
        suffix = b" ." if name is None else f" <{name}> .".encode()
        out.extend(line[: -len(b" .")] + suffix + b"\n" for line in lines)
    return b"".join(out)


def quads(store: OxigraphStore) -> Iterator[ox.Quad]:
    """The quads of nquads(), in that order."""
    return ox.parse(nquads(store), format=ox.RdfFormat.N_QUADS)


def lines_from_store(store: ox.Store) -> GraphLines:
    """Named graphs as dumped; the default graph minus every named graph's lines (it holds their merge)."""
    found: GraphLines = {}
    for graph in store.named_graphs():
        found[graph_name(graph)] = sorted(split(dump(store, graph)))
    named = {line for lines in found.values() for line in lines}
    merged = split(dump(store, ox.DefaultGraph()))
    own = sorted(line for line in merged if line not in named)
    if own or not found:
        found[DEFAULT] = own
    return found


def lines_from_file(store: OxigraphStore) -> GraphLines:
    """The file's quads grouped by graph and written as N-Triples, without the store's canonical spelling."""
    groups: dict[str | None, list[ox.Triple]] = defaultdict(list)
    for quad in file_quads(store.source):  # type: ignore[arg-type]
        name = None if isinstance(quad.graph_name, ox.DefaultGraph) else graph_name(quad.graph_name)
        groups[name].append(ox.Triple(quad.subject, quad.predicate, quad.object))
    return {name: sorted(set(split(serialized(triples, ox.RdfFormat.N_TRIPLES))))
            for name, triples in groups.items()}


def dump(store: ox.Store, graph: ox.NamedNode | ox.BlankNode | ox.DefaultGraph) -> bytes:
    """One graph of the store as N-Triples, written by Oxigraph."""
    return store.dump(format=ox.RdfFormat.N_TRIPLES, from_graph=graph) or b""  # None only when given a file


def graph_name(graph: ox.NamedNode | ox.BlankNode | ox.DefaultGraph) -> str:
    if not isinstance(graph, ox.NamedNode):
        raise StoreError(f"a graph named by the blank node {graph} cannot be exported or pushed; name it with an IRI")
    return graph.value


def split(data: bytes) -> list[bytes]:
    return [line for line in data.split(b"\n") if line]
