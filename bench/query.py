"""Times each named query of the library (src/kgraph/queries/*.rq) on Oxigraph and on rdflib, at >= 1M triples.

Usage: python bench/query.py [--triples 1000000] [--docs 300] [--runs 5] [--rdflib-timeout 60] [--graph FILE.trig]

The graph: a real build of a synthetic corpus (bench/corpus.py, --docs articles), then copies of
its per-document part until it holds --triples triples. Copy k renames every document, named graph,
claim and evidence IRI (a "~k" suffix on the IRI, before any "#"), so each copy is a new set of
documents stating new claims about the same actors, events and charges, as a larger archive would.
Actors, events, reports, places and charges stay shared. --graph FILE.trig skips the build and
starts from that file instead.

Each query runs with no parameters (its broadest form): on the Oxigraph store as `kgraph query`
runs it (kgraph.store.OxigraphStore, union default graph, rows turned into Python), and on an rdflib
in-memory Graph of the same triples (graph.query, rows listed). Medians of --runs runs for Oxigraph;
rdflib runs once per query in a child process, stopped after --rdflib-timeout seconds.
"""
from __future__ import annotations

import argparse
import multiprocessing
import statistics
import sys
import tempfile
import time
from pathlib import Path

sys.path.insert(0, str(Path(__file__).parent))

import pyoxigraph as ox  # noqa: E402

from corpus import write_corpus  # noqa: E402

from kgraph.query import bind_parameters, named_queries  # noqa: E402
from kgraph.store import OxigraphStore, read_graph_file  # noqa: E402
from kgraph.vocab import KGR, PREFIXES  # noqa: E402

COPIED = tuple(f"{KGR}{kind}/" for kind in ("document", "graph", "claim", "evidence"))
TARGET_SECONDS = 1.0


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--triples", type=int, default=1_000_000, help="at least this many triples (default 1M)")
    parser.add_argument("--docs", type=int, default=300, help="articles to build before copying (default 300)")
    parser.add_argument("--runs", type=int, default=5, help="Oxigraph runs per query (median; default 5)")
    parser.add_argument("--rdflib-timeout", type=float, default=60.0, help="seconds per rdflib query (default 60)")
    parser.add_argument("--graph", type=Path, help="start from this TriG file instead of building a corpus")
    args = parser.parse_args(argv)
    with tempfile.TemporaryDirectory(prefix="kgraph-query-bench-") as work:
        source = args.graph or built_graph(Path(work), args.docs)
        started = time.perf_counter()
        quads = enlarged(list(ox.parse(path=str(source), format=ox.RdfFormat.TRIG)), args.triples)
        nquads = Path(work) / "graph.nq"
        nquads.write_bytes(ox.serialize(quads, format=ox.RdfFormat.N_QUADS))
        del quads
        store = read_graph_file(nquads)  # as `kgraph query graph.nq` opens it
        print(f"# graph: {len(store)} triples from {source.name}, made and loaded in "
              f"{time.perf_counter() - started:.0f} s", flush=True)
        compare(store, nquads, args.runs, args.rdflib_timeout)
    return 0


def built_graph(work: Path, docs: int) -> Path:
    from kgraph.build import build

    write_corpus(docs, work / "seeds")
    result = build(work / "seeds", work / "graphs", cache=False, view=False, progress=False)
    print(f"# built {docs} articles: {result.triples} triples in {result.seconds:.0f} s", flush=True)
    return work / "graphs" / "kgraph.trig"


def enlarged(quads: list[ox.Quad], target: int) -> list[ox.Quad]:
    """The quads, plus renamed copies of the per-document ones, until there are at least `target` distinct triples."""
    base = len({q.triple for q in quads})
    shared = len({q.triple for q in quads if not any(copied(term) for term in (q.subject, q.object))})
    per_copy = max(base - shared, 1)
    copies = max(0, -(-(target - base) // per_copy))  # ceiling division
    result = list(quads)
    for k in range(1, copies + 1):
        names: dict[str, ox.NamedNode] = {}
        for quad in quads:
            renamed = [rename(term, k, names) for term in (quad.subject, quad.predicate, quad.object, quad.graph_name)]
            if renamed != [quad.subject, quad.predicate, quad.object, quad.graph_name]:
                result.append(ox.Quad(*renamed))
    return result


def copied(term) -> bool:
    return isinstance(term, ox.NamedNode) and term.value.startswith(COPIED)


def rename(term, k: int, names: dict[str, ox.NamedNode]):
    if not copied(term):
        return term
    found = names.get(term.value)
    if found is None:
        base, hash_mark, fragment = term.value.partition("#")
        found = names[term.value] = ox.NamedNode(f"{base}~{k}{hash_mark}{fragment}")
    return found


def compare(store: OxigraphStore, nquads: Path, runs: int, timeout: float) -> None:
    queries = named_queries()
    rdflib_times = rdflib_seconds(nquads, [bind_parameters(q.text, {}) for q in queries], timeout)
    print(f"{'query':28s} {'rows':>8s} {'oxigraph':>10s} {'rdflib':>10s} {'ratio':>8s}  (medians; <= {TARGET_SECONDS:.0f} s?)")
    slowest = 0.0
    for query, other in zip(queries, rdflib_times):
        text = bind_parameters(query.text, {})
        seconds, rows = [], 0
        for _ in range(runs):
            started = time.perf_counter()
            answer = store.query(text)
            rows = len(answer.rows)
            seconds.append(time.perf_counter() - started)
        median = statistics.median(seconds)
        slowest = max(slowest, median)
        shown = f"{other:9.2f}s" if other is not None else f"> {timeout:.0f}s".rjust(10)
        ratio = f"{other / median:7.0f}x" if other is not None else f">{timeout / median:6.0f}x"
        mark = "ok" if median <= TARGET_SECONDS else "SLOW"
        print(f"{query.name:28s} {rows:8d} {median:9.3f}s {shown} {ratio}  {mark}", flush=True)
    print(f"slowest Oxigraph median: {slowest:.3f} s ({'within' if slowest <= TARGET_SECONDS else 'over'} "
          f"{TARGET_SECONDS:.0f} s)")


def rdflib_seconds(nquads: Path, texts: list[str], timeout: float) -> list[float | None]:
    """Each query's time on an rdflib Graph of the union; None when it ran past `timeout` seconds.

    A child process loads the graph once, then forks a grandchild per query (sharing the loaded graph),
    so a query that runs too long is killed without loading the graph again.
    """
    context = multiprocessing.get_context("spawn")  # a clean process: no Oxigraph store copied into it
    parent, child = context.Pipe()
    worker = context.Process(target=rdflib_worker, args=(str(nquads), texts, timeout, child))
    worker.start()
    results = parent.recv()
    worker.join()
    return results


def rdflib_worker(nquads: str, texts: list[str], timeout: float, pipe) -> None:
    import os
    import signal

    from rdflib import Dataset, Graph

    dataset = Dataset()
    dataset.parse(nquads, format="nquads")
    graph = Graph()
    for context in dataset.graphs():
        for triple in context:
            graph.add(triple)
    del dataset
    namespaces = dict(PREFIXES)
    results: list[float | None] = []
    for text in texts:
        read, write = multiprocessing.Pipe(duplex=False)
        pid = os.fork()
        if pid == 0:  # the grandchild: run one query and report its time
            started = time.perf_counter()
            list(graph.query(text, initNs=namespaces))
            write.send(time.perf_counter() - started)
            os._exit(0)
        results.append(read.recv() if read.poll(timeout) else None)
        if results[-1] is None:
            os.kill(pid, signal.SIGKILL)
        os.waitpid(pid, 0)
    pipe.send(results)


if __name__ == "__main__":
    sys.exit(main())
