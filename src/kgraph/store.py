"""Where graphs live: files of any RDF format, read into one queryable graph."""
from __future__ import annotations

from pathlib import Path

from rdflib import Dataset, Graph

from .errors import InputError
from .vocab import PREFIXES

FORMATS_BY_SUFFIX = {
    ".ttl": "turtle", ".turtle": "turtle", ".trig": "trig", ".nt": "nt", ".nq": "nquads",
    ".jsonld": "json-ld", ".json": "json-ld", ".rdf": "xml", ".xml": "xml", ".n3": "n3",
}
QUAD_FORMATS = {"trig", "nquads"}


def load_graph(path: Path) -> Graph:
    """A graph file as one rdflib Graph (named graphs merged), or InputError with the parser's words."""
    if not path.exists():
        raise InputError(f"{path}: no such file")
    if path.is_dir():
        raise InputError(f"{path}: is a folder; give a graph file such as graphs/kgraph.ttl")
    rdf_format = FORMATS_BY_SUFFIX.get(path.suffix.lower())
    if rdf_format is None:
        raise InputError(f"{path}: unknown graph format; use one of {', '.join(sorted(FORMATS_BY_SUFFIX))}")
    try:
        if rdf_format in QUAD_FORMATS:
            dataset = Dataset()
            dataset.parse(path, format=rdf_format)
            graph = Graph()
            for context in dataset.graphs():
                for triple in context:
                    graph.add(triple)
        else:
            graph = Graph().parse(path, format=rdf_format)
    except Exception as error:  # rdflib raises many types; each names line and column in its message
        raise InputError(f"{path}: not valid {rdf_format}: {one_line(error)}") from None
    for prefix, namespace in PREFIXES.items():
        graph.bind(prefix, namespace, override=False)
    return graph


def one_line(error: Exception) -> str:
    return " ".join(str(error).split())
