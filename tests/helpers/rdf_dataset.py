"""The rdflib path other tools use: a built corpus as an rdflib Dataset, and its union as one Graph."""
from __future__ import annotations

from collections.abc import Iterable

from rdflib import Dataset, Graph

from kgraph.knowledge import Knowledge
from kgraph.rdf.mapping import graph_triples
from kgraph.rdf.merge import ClaimNode
from kgraph.records import Document, Entity
from kgraph.vocab import PREFIXES


def build_dataset(documents: Iterable[Document], entities: Iterable[Entity], nodes: list[ClaimNode],
                  knowledge: Knowledge) -> Dataset:
    """A dataset: entities and documents in the default graph, each document's claims in its own graph."""
    dataset = Dataset()
    for prefix, namespace in PREFIXES.items():
        dataset.bind(prefix, namespace)
    for name, triples in graph_triples(documents, entities, nodes, knowledge).items():
        context = dataset.default_graph if name is None else dataset.graph(name)
        for triple in triples:
            context.add(triple)
    return dataset



def union(dataset: Dataset) -> Graph:
    """Every triple of every graph in one graph, for Turtle and for queries."""
    graph = Graph()
    for prefix, namespace in PREFIXES.items():
        graph.bind(prefix, namespace)
    for context in dataset.graphs():
        for triple in context:
            graph.add(triple)
    return graph
