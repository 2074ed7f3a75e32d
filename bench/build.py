"""How much kgraph adds to the spaCy parse, how it scales, how it uses cores and what a rebuild costs.

Usage: python bench/build.py [--sizes 100,1000,5000] [--jobs N] [--repeat R] [--seed S] [--no-incremental]
                             [--no-speedup] [--no-watch] [--no-cluster]

For each corpus size N (bench/corpus.py, written to a temporary folder) it measures, in this one
process and run:
  bare   the bare spaCy model (spacy.load(MODEL_NAME), no kgraph components) over the same texts with
         nlp.pipe, using the same number of processes as the build (n_process=jobs);
  build  kgraph.build.build(seeds, out, jobs=jobs, cache=False): read, parse, extract, merge, RDF,
         SHACL check, Turtle, TriG and (below its size cap) the HTML view.
Both pipelines are loaded before timing, so neither pays the model load. Each line prints
`overhead X.XX` = build / bare, documents per second, peak memory (the highest resident size so far
in the run, of this process or a finished worker: sizes run smallest first) and triples. Then the
per-document cost of the largest N over the smallest
(1.0 = linear), the --jobs 1 vs --jobs 2 rate at 1000 documents (or the largest N below it), and an
incremental rebuild after changing one document of that corpus, against its full build: these two
each in a new process, as `kgraph build` runs, so both pay for loading spaCy. Then, on that corpus, the
rebuild `kgraph watch` makes after one document changed (pipeline, extractions and the memo of what the
build made kept in memory), against the full build it starts with, and against a plain full build, in the
same process (target <= 5%), and a build on a Dask LocalCluster of --jobs worker
processes beside the same build with --jobs (the cluster started before timing, its workers loading
spaCy on their first task, as on a real cluster). With --repeat R every time is the fastest of R runs: on
a shared or virtual machine a single run can be 10-20% off.
"""
from __future__ import annotations

import argparse
import json
import os
import resource
import shutil
import subprocess
import sys
import tempfile
import time
from pathlib import Path

sys.path.insert(0, str(Path(__file__).parent))

from corpus import write_corpus  # noqa: E402

from kgraph import MODEL_NAME  # noqa: E402
from kgraph.build import build  # noqa: E402
from kgraph.ingest import find_articles, read_document  # noqa: E402


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--sizes", default="100,1000,5000", help="corpus sizes, comma-separated")
    parser.add_argument("--jobs", type=int, default=os.cpu_count() or 1, help="processes (default: all cores)")
    parser.add_argument("--repeat", type=int, default=1, help="take the fastest of this many runs of each timing")
    parser.add_argument("--seed", type=int, default=0)
    parser.add_argument("--no-speedup", action="store_true", help="skip the --jobs 1 vs 2 comparison")
    parser.add_argument("--no-incremental", action="store_true", help="skip the one-changed-document rebuild")
    parser.add_argument("--no-watch", action="store_true", help="skip the rebuild of `kgraph watch`")
    parser.add_argument("--no-cluster", action="store_true", help="skip the Dask LocalCluster build")
    args = parser.parse_args(argv)
    sizes = sorted(int(n) for n in args.sizes.split(","))
    work = Path(tempfile.mkdtemp(prefix="kgraph-bench-"))
    print(f"# kgraph build benchmark: sizes {sizes}, jobs {args.jobs}, {os.cpu_count()} cores, model {MODEL_NAME}, "
          f"fastest of {args.repeat} run(s) each")
    from kgraph.nlp import load_pipeline  # here: spawned validation processes import this file, not spaCy

    load_pipeline()  # loaded once, before any timing; forked workers inherit it
    try:
        per_doc = {}
        for n in sizes:
            seeds = work / f"corpus-{n}"
            write_corpus(n, seeds, args.seed)
            per_doc[n] = measure_size(n, seeds, work / f"out-{n}", args.jobs, args.repeat)
        if len(sizes) > 1:
            small, large = sizes[0], sizes[-1]
            print(f"per-document cost {large} vs {small}: {per_doc[large] / per_doc[small]:.2f} "
                  f"({per_doc[large] * 1000:.1f} ms vs {per_doc[small] * 1000:.1f} ms)")
        middle = max([n for n in sizes if n <= 1000] or sizes[:1])
        if not args.no_speedup:
            measure_speedup(work / f"corpus-{middle}", work / "out-speedup", middle, args.repeat)
        if not args.no_incremental:
            measure_incremental(work / f"corpus-{middle}", work / "out-incremental", work / "cache", middle, args.jobs,
                                args.repeat)
        if not args.no_watch:
            measure_watch(work / f"corpus-{middle}", work / "out-watch", work / "cache-watch", middle, args.jobs,
                          args.repeat)
        if not args.no_cluster:
            measure_cluster(work / f"corpus-{middle}", work / "out-cluster", middle, args.jobs, args.repeat)
    finally:
        shutil.rmtree(work, ignore_errors=True)
    return 0


def measure_size(n: int, seeds: Path, out: Path, jobs: int, repeat: int) -> float:
    """One line for one corpus size; returns the build's seconds per document."""
    texts = [read_document(path).body for path in find_articles(seeds)]
    bare = min(bare_seconds(texts, jobs) for _ in range(repeat))
    result = min((build(seeds, out, jobs=jobs, cache=False, progress=False) for _ in range(repeat)),
                 key=lambda done: done.seconds)
    stages = " ".join(f"{name} {seconds:.1f}" for name, seconds in result.timings.items())
    print(f"N={n:<5d} overhead {result.seconds / bare:.2f}  bare {bare:.1f} s  build {result.seconds:.1f} s  "
          f"{n / result.seconds:.1f} docs/s  peak {peak_mib():.0f} MiB  triples {result.triples}  "
          f"[{stages}]", flush=True)
    return result.seconds / n


def bare_seconds(texts: list[str], jobs: int) -> float:
    """The bare model's nlp.pipe over the texts, with as many processes as the build."""
    import spacy

    nlp = spacy.load(MODEL_NAME)
    started = time.perf_counter()
    for _ in nlp.pipe(texts, batch_size=32, n_process=jobs):
        pass
    return time.perf_counter() - started


def measure_speedup(seeds: Path, out: Path, n: int, repeat: int) -> None:
    seconds: dict[int, float] = {}
    for _ in range(repeat):
        for jobs in (1, 2):
            result = build(seeds, out, jobs=jobs, cache=False, progress=False)
            seconds[jobs] = min(seconds.get(jobs, result.seconds), result.seconds)
    rates = {jobs: n / taken for jobs, taken in seconds.items()}
    print(f"jobs 2 vs 1 at N={n}: {rates[2] / rates[1]:.2f}x ({rates[1]:.1f} -> {rates[2]:.1f} docs/s)", flush=True)


def measure_incremental(seeds: Path, out: Path, cache_dir: Path, n: int, jobs: int, repeat: int) -> None:
    """A build into an empty cache, then a rebuild after one document changed, each in a new process
    as a user runs `kgraph build`: both pay for starting Python and loading spaCy, as they would."""
    fulls, rebuilds = [], []
    for run in range(repeat):
        shutil.rmtree(cache_dir, ignore_errors=True)
        fulls.append(build_in_new_process(seeds, out, cache_dir, jobs))
        changed = find_articles(seeds)[(n // 2 + run) % n]
        changed.write_text(changed.read_text(encoding="utf-8") + "\nHRW called for an independent investigation.\n",
                           encoding="utf-8")
        rebuilds.append(build_in_new_process(seeds, out, cache_dir, jobs))
    full, again = (min(runs, key=lambda done: done["wall"]) for runs in (fulls, rebuilds))
    stages = " ".join(f"{name} {seconds:.2f}" for name, seconds in again["timings"].items())
    print(f"incremental at N={n}: one changed document rebuilt in {again['wall']:.2f} s vs full {full['wall']:.1f} s "
          f"= {again['wall'] / full['wall']:.1%} (parsed {again['parsed']}; each a new process) [{stages}]", flush=True)


def measure_watch(seeds: Path, out: Path, cache_dir: Path, n: int, jobs: int, repeat: int) -> None:
    """What `kgraph watch` does after one document changed (its polling interval aside), against the full
    build it starts with, both in this process with the pipeline loaded."""
    from kgraph.build.cache import pipeline_version
    from kgraph.build.memo import BuildMemo
    from kgraph.build.watch import RememberingCache

    fulls, plains, rebuilds = [], [], []
    for run in range(repeat):
        plains.append(build(seeds, out, jobs=jobs, progress=False, cache=False))  # a full build as `build` makes it
        shutil.rmtree(cache_dir, ignore_errors=True)
        cache, memo = RememberingCache(cache_dir, pipeline_version(MODEL_NAME)), BuildMemo()
        fulls.append(build(seeds, out, jobs=jobs, progress=False, extraction_cache=cache, memo=memo))
        changed = find_articles(seeds)[(n // 3 + run) % n]
        changed.write_text(changed.read_text(encoding="utf-8") + "\nAmnesty urged an inquiry.\n", encoding="utf-8")
        rebuilds.append(build(seeds, out, jobs=1, progress=False, extraction_cache=cache, memo=memo))
    full, plain, again = (min(runs, key=lambda done: done.seconds) for runs in (fulls, plains, rebuilds))
    stages = " ".join(f"{name} {seconds:.2f}" for name, seconds in again.timings.items())
    print(f"watch at N={n}: one changed document rebuilt in {again.seconds:.2f} s vs full {full.seconds:.1f} s "
          f"= {again.seconds / full.seconds:.1%} (parsed {again.parsed}; target <= 5%; vs a plain `build` "
          f"{plain.seconds:.1f} s: {again.seconds / plain.seconds:.1%}) [{stages}]", flush=True)


def measure_cluster(seeds: Path, out: Path, n: int, jobs: int, repeat: int) -> None:
    """A build on a Dask LocalCluster of `jobs` processes beside the same build with --jobs."""
    import logging

    from distributed import LocalCluster

    local = min((build(seeds, out, jobs=jobs, cache=False, progress=False) for _ in range(repeat)),
                key=lambda done: done.seconds)
    started = time.perf_counter()
    with LocalCluster(n_workers=jobs, threads_per_worker=1, processes=True, host="127.0.0.1",
                      dashboard_address=None, silence_logs=logging.ERROR) as cluster:
        ready = time.perf_counter() - started
        dask = min((build(seeds, out, jobs=jobs, cache=False, progress=False, cluster=cluster.scheduler_address)
                    for _ in range(repeat)), key=lambda done: done.seconds)
    print(f"LocalCluster at N={n}, {jobs} workers: {dask.seconds:.1f} s ({n / dask.seconds:.1f} docs/s) "
          f"vs --jobs {jobs} {local.seconds:.1f} s ({n / local.seconds:.1f} docs/s) "
          f"= {dask.seconds / local.seconds:.2f}x; cluster start {ready:.1f} s, not counted", flush=True)


BUILD_AND_REPORT = """
import json, sys
from pathlib import Path
from kgraph.build import build
result = build(Path(sys.argv[1]), Path(sys.argv[2]), cache_dir=Path(sys.argv[3]), jobs=int(sys.argv[4]), progress=False)
print(json.dumps({"parsed": result.parsed, "timings": result.timings}))
"""


def build_in_new_process(seeds: Path, out: Path, cache_dir: Path, jobs: int) -> dict:
    """What build() reports, and the wall time of the whole process."""
    started = time.perf_counter()
    done = subprocess.run([sys.executable, "-c", BUILD_AND_REPORT, str(seeds), str(out), str(cache_dir), str(jobs)],
                          check=True, capture_output=True, text=True)
    return {**json.loads(done.stdout.splitlines()[-1]), "wall": time.perf_counter() - started}


def peak_mib() -> float:
    """Peak resident memory of this process and of the largest finished worker, in MiB (Linux: KiB units)."""
    own = resource.getrusage(resource.RUSAGE_SELF).ru_maxrss
    children = resource.getrusage(resource.RUSAGE_CHILDREN).ru_maxrss
    return max(own, children) / 1024


if __name__ == "__main__":
    sys.exit(main())
