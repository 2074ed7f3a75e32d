"""Where graphs live: a graph file read into memory, an Oxigraph store on disk, or a remote SPARQL
endpoint (endpoint.py), all behind one interface: `query(text) -> Answer`.

Queries read the default graph, which holds the RDF merge of all graphs: a claim stated in two
documents is one set of triples there, as in the Turtle file, where Oxigraph's union-default-graph
option would count it twice. A store folder keeps the file's graphs (entities and documents in the
default graph, each document's claims in its own named graph) and copies every named graph's
triples into the default graph too. A graph file read into memory holds only the merge, because
Oxigraph's in-memory store finds a triple pattern by walking every quad of its predicate (or
subject, object or graph) in all graphs, and the documents' own copies would lengthen each walk
(queries 20-35% slower at a million triples). A query that reads named graphs (`GRAPH ?g { }`, FROM)
runs on a second store with every graph, read from the file when first needed.
"""
from __future__ import annotations

import gc
import os
import shutil
import tempfile
from collections.abc import Callable, Iterator
from contextlib import contextmanager
from dataclasses import dataclass
from pathlib import Path
from typing import Protocol

import pyoxigraph as ox
from rdflib import Graph

from kgraph.errors import InputError, QueryError, StoreError
from kgraph.rdf.terms import Term, from_rdflib, to_rdflib
from kgraph.store.sparql import reads_named_graphs
from kgraph.vocab import PREFIX_IRIS, PREFIXES

FORMATS_BY_SUFFIX = {
    ".ttl": "turtle", ".turtle": "turtle", ".trig": "trig", ".nt": "nt", ".nq": "nquads",
    ".jsonld": "json-ld", ".json": "json-ld", ".rdf": "xml", ".xml": "xml", ".n3": "n3",
}
QUAD_FORMATS = {"trig", "nquads"}
OXIGRAPH_FORMATS = {
    "turtle": ox.RdfFormat.TURTLE, "trig": ox.RdfFormat.TRIG, "nt": ox.RdfFormat.N_TRIPLES,
    "nquads": ox.RdfFormat.N_QUADS, "json-ld": ox.RdfFormat.JSON_LD, "xml": ox.RdfFormat.RDF_XML,
    "n3": ox.RdfFormat.N3,
}
SERVICE_REFUSED = "this graph is read alone: SERVICE (querying another endpoint) is refused"
STORE_MARKERS = ("CURRENT", "IDENTITY")  # RocksDB writes both into every Oxigraph store folder


@dataclass(frozen=True)
class Answer:
    """What a query gave: rows (SELECT), a boolean (ASK) or triples (CONSTRUCT, DESCRIBE)."""

    form: str  # "SELECT", "ASK" or "GRAPH"
    variables: tuple[str, ...] = ()
    rows: tuple[tuple[Term | None, ...], ...] = ()
    boolean: bool = False
    triples: tuple[ox.Triple, ...] = ()


class GraphStore(Protocol):
    """Anything that answers SPARQL queries over kgraph's graph."""

    location: str

    def query(self, text: str) -> Answer: ...


class OxigraphStore:
    """An Oxigraph store, in memory (a graph file read once) or on disk (a store folder).

    `source` is the graph file an in-memory store was read from: Oxigraph keeps numbers in
    canonical form (1221.0 becomes 1221, xsd:nonNegativeInteger becomes xsd:integer: equal values,
    other spelling), so exports read the file itself when there is one (canonical.py).
    `every_graph` makes the store that queries reading named graphs run on, when `store` holds the
    merge alone; it is called once, when such a query comes.
    """

    def __init__(self, store: ox.Store, location: str, source: Path | None = None,
                 every_graph: Callable[[], ox.Store] | None = None) -> None:
        self.store = store
        self.location = location
        self.source = source
        self.every_graph = every_graph
        self.named: ox.Store | None = None

    def query(self, text: str) -> Answer:
        """Run a query with kgraph's prefixes declared, over the merge of all graphs."""
        try:
            return answer_of(self.store_for(text).query(text, prefixes=PREFIX_IRIS))
        except SyntaxError as error:
            raise QueryError(syntax_message(error)) from None
        except PermissionError:  # only the sandbox refuses the engine anything: a connection SERVICE asked for
            raise QueryError(SERVICE_REFUSED) from None
        except OSError as error:
            raise StoreError(f"{self.location}: cannot read the store: {error}") from None

    def store_for(self, text: str) -> ox.Store:
        if self.every_graph is None or not reads_named_graphs(text):
            return self.store
        if self.named is None:
            self.named = self.every_graph()
        return self.named

    def __len__(self) -> int:
        """The number of distinct triples over all graphs."""
        return int(self.query("SELECT (COUNT(*) AS ?n) WHERE { ?s ?p ?o }").rows[0][0].value)  # type: ignore[union-attr]

    def graph(self) -> Graph:
        """The merge of all graphs as an rdflib Graph, for code written against rdflib."""
        graph = Graph()
        for prefix, namespace in PREFIXES.items():
            graph.bind(prefix, namespace)
        for triple in self.query("CONSTRUCT WHERE { ?s ?p ?o }").triples:
            graph.add((to_rdflib(triple.subject), to_rdflib(triple.predicate), to_rdflib(triple.object)))
        return graph


# Empty, or holding documents or claims: another RDF file (such as ontology/kgraph.ttl) would read as no claims.
KGRAPH_GRAPH_QUERY = ("ASK { { FILTER NOT EXISTS { ?s ?p ?o } } UNION { ?document a kg:Document } "
                      "UNION { ?claim a kg:Claim } }")


def require_kgraph_graph(store: GraphStore) -> None:
    """InputError unless the store holds a graph kgraph built (or nothing), not, say, the ontology file."""
    if not store.query(KGRAPH_GRAPH_QUERY).boolean:
        raise InputError(f"{store.location}: not a kgraph graph (it has no kg:Document or kg:Claim); "
                         "give one that `kgraph build` wrote, such as graphs/kgraph.trig")


def open_store(path: Path) -> OxigraphStore:
    """A store folder opened read-only, or a graph file read into memory."""
    opener = next(open_with for applies, open_with in OPENERS if applies(path))
    return opener(path)


def is_store_folder(path: Path) -> bool:
    """True for a folder that holds an Oxigraph (RocksDB) store."""
    return path.is_dir() and all((path / marker).is_file() for marker in STORE_MARKERS)


def open_store_folder(path: Path) -> OxigraphStore:
    """An on-disk store opened read-only: other readers (such as `kgraph serve`) may share it."""
    try:
        return OxigraphStore(ox.Store.read_only(str(path)), str(path))
    except OSError as error:
        raise StoreError(f"{path}: cannot open the Oxigraph store: {error}") from None


def read_graph_file(path: Path) -> OxigraphStore:
    """A graph file of any RDF format, parsed into an in-memory store that holds the merge of its graphs."""
    if graph_format(path) not in QUAD_FORMATS:
        return OxigraphStore(fill(ox.Store(), path), str(path), source=path)
    merge = ox.Store()
    with errors_naming(path):
        merge.bulk_extend(default_graph_quads(path, named_only=False))
    return OxigraphStore(merge, str(path), source=path, every_graph=lambda: fill(ox.Store(), path))


def fill(store: ox.Store, path: Path) -> ox.Store:
    """Load a graph file into a store, and every named graph's triples into its default graph too."""
    rdf_format = graph_format(path)
    with errors_naming(path):
        store.bulk_load(path=str(path), format=OXIGRAPH_FORMATS[rdf_format])
        if rdf_format in QUAD_FORMATS:
            store.bulk_extend(default_graph_quads(path, named_only=True))
    return store


@contextmanager
def errors_naming(path: Path) -> Iterator[None]:
    """The parser's syntax error, as an InputError that names the file."""
    try:
        yield
    except SyntaxError as error:
        raise InputError(f"{path}: not valid {graph_format(path)}: {one_line(error)}") from None


def file_quads(path: Path) -> Iterator[ox.Quad]:
    """The quads of a graph file as written (a triple format puts everything in the default graph)."""
    return ox.parse(path=str(path), format=OXIGRAPH_FORMATS[graph_format(path)])


def default_graph_quads(path: Path, *, named_only: bool) -> Iterator[ox.Quad]:
    """The triples of the file's named graphs (or of all its graphs), as quads of the default graph (a set)."""
    for quad in file_quads(path):
        if not (named_only and isinstance(quad.graph_name, ox.DefaultGraph)):
            yield ox.Quad(quad.subject, quad.predicate, quad.object)


def refuse_folder(path: Path) -> OxigraphStore:
    raise InputError(f"{path}: is a folder but not an Oxigraph store; give a graph file such as "
                     f"graphs/kgraph.trig or a store made by `kgraph build --store`")


OPENERS: list[tuple[Callable[[Path], bool], Callable[[Path], OxigraphStore]]] = [
    (is_store_folder, open_store_folder),
    (Path.is_dir, refuse_folder),
    (lambda path: True, read_graph_file),
]


class OxigraphGraph(Graph):
    """An rdflib Graph over an Oxigraph store (oxrdflib), for code written against rdflib: SPARQL runs on
    Oxigraph, several times faster than rdflib's, with the same rows. Prefixes go to queries as strings."""

    def __init__(self, store: ox.Store) -> None:
        from oxrdflib import OxigraphStore as RdflibStore
        from rdflib.graph import DATASET_DEFAULT_GRAPH_ID

        super().__init__(store=RdflibStore(store=store), identifier=DATASET_DEFAULT_GRAPH_ID)
        self.oxigraph = store
        for prefix, namespace in PREFIXES.items():
            self.bind(prefix, namespace)

    def query(self, query_object, *args, initNs=None, **kwargs):  # noqa: N803 - rdflib's name
        names = {prefix: str(namespace) for prefix, namespace in (initNs or {}).items()}
        return super().query(query_object, *args, initNs=names, **kwargs)


def as_store(source: GraphStore | Graph) -> GraphStore:
    """A store for an rdflib Graph (copied into memory, unless Oxigraph holds it); a store is returned as it is."""
    if isinstance(source, OxigraphGraph):
        return OxigraphStore(source.oxigraph, "in-memory graph")
    if not isinstance(source, Graph):
        return source
    store = ox.Store()
    store.extend(ox.Quad(from_rdflib(s), from_rdflib(p), from_rdflib(o)) for s, p, o in source)  # type: ignore[arg-type]
    return OxigraphStore(store, "in-memory graph")


def save_store(source: Path, store_dir: Path) -> int:
    """Load a graph file into a new Oxigraph store at `store_dir`, replacing any old store whole.

    A TriG file keeps the per-document named graphs. Returns the number of distinct triples.
    """
    if store_dir.exists() and not is_store_folder(store_dir) and any(store_dir.iterdir()):
        raise StoreError(f"{store_dir}: exists and is not an Oxigraph store; refusing to replace it")
    graph_format(source)  # a missing or unknown file fails before any folder is made
    store_dir.parent.mkdir(parents=True, exist_ok=True)
    staging = Path(tempfile.mkdtemp(dir=store_dir.parent, prefix=f".{store_dir.name}.", suffix=".tmp"))
    try:
        store = fill(ox.Store(str(staging)), source)
        store.flush()
        triples = len(OxigraphStore(store, str(staging)))
        del store
        gc.collect()  # closes the RocksDB files before the folder moves
        swap_folder(staging, store_dir)
    except BaseException:
        shutil.rmtree(staging, ignore_errors=True)
        raise
    return triples


def swap_folder(new: Path, final: Path) -> None:
    """Put a complete folder in place of `final`; the old one is moved aside first, then deleted."""
    if not final.exists():
        os.replace(new, final)
        return
    old = Path(tempfile.mkdtemp(dir=final.parent, prefix=f".{final.name}.", suffix=".old"))
    os.replace(final, old / final.name)
    os.replace(new, final)
    shutil.rmtree(old, ignore_errors=True)


def graph_format(path: Path) -> str:
    """The RDF format of a graph file, from its suffix; InputError when it is missing or unknown."""
    if not path.exists():
        raise InputError(f"{path}: no such file")
    rdf_format = FORMATS_BY_SUFFIX.get(path.suffix.lower())
    if rdf_format is None:
        raise InputError(f"{path}: unknown graph format; use one of {', '.join(sorted(FORMATS_BY_SUFFIX))}")
    return rdf_format


def answer_of(result: ox.QuerySolutions | ox.QueryBoolean | ox.QueryTriples) -> Answer:
    """An Answer from what pyoxigraph returns for a query or parses from a server's response."""
    if isinstance(result, ox.QueryBoolean):
        return Answer("ASK", boolean=bool(result))
    if isinstance(result, ox.QuerySolutions):
        variables = tuple(variable.value for variable in result.variables)
        rows = tuple(tuple(solution[name] for name in variables) for solution in result)
        return Answer("SELECT", variables, rows)
    return Answer("GRAPH", triples=tuple(result))


def syntax_message(error: SyntaxError) -> str:
    """Oxigraph's "error at 3:13: expected ..." as "SPARQL syntax error at line 3, column 13: ..."."""
    text = one_line(error)
    head, _, detail = text.partition(": ")
    if head.startswith("error at ") and ":" in head:
        line, column = head.removeprefix("error at ").split(":", 1)
        if "Prefix not found" in detail:
            detail = f"unknown prefix (declared: {', '.join(PREFIXES)})"
        return f"SPARQL syntax error at line {line}, column {column}: {shorten(detail)}"
    return f"SPARQL syntax error: {shorten(text)}"


def shorten(text: str, limit: int = 160) -> str:
    return text if len(text) <= limit else text[: limit - 1] + "…"


def one_line(error: object) -> str:
    return " ".join(str(error).split())

