"""Times each named query of the library (src/kgraph/store/queries/*.rq) on Oxigraph and on rdflib, at >= 1M triples.

Usage: python bench/query.py [--triples 1000000] [--docs 300] [--runs 5] [--timeout 60] [--graph FILE.trig]

The graph: a real build of a synthetic corpus (bench/corpus.py, --docs articles), then copies of
its per-document part until it holds --triples triples. Copy k renames every document, named graph,
claim and evidence IRI (a "~k" suffix on the IRI, before any "#"), so each copy is a new set of
documents stating new claims about the same actors, events and charges, as a larger archive would.
Actors, events, reports, places and charges stay shared. --graph FILE.trig skips the build and
starts from that file instead.

Each query runs with no parameters (its broadest form): on the Oxigraph store as `kgraph query`
opens a graph file (kgraph.store.read_graph_file: the merge of all graphs in the default graph, rows
turned into Python), and on an rdflib in-memory Graph of the same triples (graph.query, rows listed).
Medians of --runs runs for Oxigraph, one run for rdflib; each query runs in a forked child that is
stopped after --timeout seconds, so one slow query does not stop the benchmark.
"""
from __future__ import annotations

import argparse
import multiprocessing
import os
import signal
import statistics
import sys
import tempfile
import time
from pathlib import Path

sys.path.insert(0, str(Path(__file__).parent))

import pyoxigraph as ox  # noqa: E402
from corpus import write_corpus  # noqa: E402

from kgraph.store import OxigraphStore, read_graph_file  # noqa: E402
from kgraph.store.query import bind_parameters, named_queries  # noqa: E402
from kgraph.vocab import KGR, PREFIXES  # noqa: E402

COPIED = tuple(f"{KGR}{kind}/" for kind in ("document", "graph", "claim", "evidence"))
TARGET_SECONDS = 1.0


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--triples", type=int, default=1_000_000, help="at least this many triples (default 1M)")
    parser.add_argument("--docs", type=int, default=300, help="articles to build before copying (default 300)")
    parser.add_argument("--runs", type=int, default=5, help="Oxigraph runs per query (median; default 5)")
    parser.add_argument("--timeout", type=float, default=60.0, help="seconds per query and engine (default 60)")
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
        compare(store, nquads, args.runs, args.timeout)
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
    texts = [bind_parameters(q.text, {}) for q in queries]
    rdflib_times = rdflib_seconds(nquads, texts, timeout)
    print(f"{'query':28s} {'rows':>8s} {'oxigraph':>10s} {'rdflib':>10s} {'ratio':>8s}  "
          f"(medians of up to {runs} runs; each engine stopped after {timeout:.0f} s)")
    slowest = 0.0
    for query, text, other in zip(queries, texts, rdflib_times):
        found = timed_runs(lambda text=text: len(store.query(text).rows), runs, timeout)
        rows = found[0][1] if found else 0
        median = statistics.median(seconds for seconds, _ in found) if found else float("inf")
        slowest = max(slowest, median)
        ours = f"{median:9.3f}s" if found else f"> {timeout:.0f}s".rjust(10)
        theirs = f"{other:9.2f}s" if other is not None else f"> {timeout:.0f}s".rjust(10)
        ratio = (f"{other / median:7.1f}x" if other is not None and found else
                 f">{timeout / median:6.1f}x" if found else "       ?")
        mark = "ok" if median <= TARGET_SECONDS else "SLOW"
        print(f"{query.name:28s} {rows:8d} {ours} {theirs} {ratio}  {mark}", flush=True)
    print(f"slowest Oxigraph median: {slowest:.3f} s ({'within' if slowest <= TARGET_SECONDS else 'over'} "
          f"{TARGET_SECONDS:.0f} s)")


def timed_runs(run, runs: int, timeout: float) -> list[tuple[float, int]]:
    """(seconds, result) of up to `runs` calls of `run`, made in a forked child killed after `timeout` seconds."""
    read, write = multiprocessing.Pipe(duplex=False)
    pid = os.fork()
    if pid == 0:  # the child: shares the loaded graph; reports each run as it ends
        for _ in range(runs):
            started = time.perf_counter()
            value = run()
            write.send((time.perf_counter() - started, value))
        os._exit(0)
    write.close()
    found: list[tuple[float, int]] = []
    deadline = time.monotonic() + timeout
    while len(found) < runs and read.poll(max(0.0, deadline - time.monotonic())):
        try:
            found.append(read.recv())
        except EOFError:
            break
    if len(found) < runs:
        os.kill(pid, signal.SIGKILL)
    os.waitpid(pid, 0)
    return found


def rdflib_seconds(nquads: Path, texts: list[str], timeout: float) -> list[float | None]:
    """Each query's time on an rdflib Graph of the union; None when it ran past `timeout` seconds.

    A child process loads the graph once, then runs each query in a forked grandchild (sharing the
    loaded graph), so a query that runs too long is stopped without loading the graph again.
    """
    context = multiprocessing.get_context("spawn")  # a clean process: no Oxigraph store copied into it
    parent, child = context.Pipe()
    worker = context.Process(target=rdflib_worker, args=(str(nquads), texts, timeout, child))
    worker.start()
    results = parent.recv()
    worker.join()
    return results


def rdflib_worker(nquads: str, texts: list[str], timeout: float, pipe) -> None:
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
        found = timed_runs(lambda text=text: len(list(graph.query(text, initNs=namespaces))), 1, timeout)
        results.append(found[0][0] if found else None)
    pipe.send(results)


if __name__ == "__main__":
    sys.exit(main())
