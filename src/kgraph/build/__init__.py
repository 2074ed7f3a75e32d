"""The build: article files in, a validated graph out (Turtle, TriG and an HTML view), never half-written.

Cost: the spaCy parse is the floor. Documents whose extraction is cached (cache.py) are not parsed
again; the others are parsed and extracted in `jobs` worker processes that send back small records,
started before the cached records are read. Everything after extraction is linear in the records:
merging, RDF as plain sets of triples, a SHACL validation by rudof (rdf/shacl.py) in parts, of which
only those not seen to conform before are validated (side by side in `jobs` processes when they are
many), and Turtle/TriG written by Oxigraph in sorted order (outputs.py).
"""
from __future__ import annotations

import gc
import os
import time
from collections import Counter
from collections.abc import Iterator
from contextlib import contextmanager
from dataclasses import dataclass, field, replace
from functools import partial
from pathlib import Path

from kgraph import MODEL_NAME
from kgraph.build.cache import ExtractionCache, VerdictCache, default_cache_dir, pipeline_version
from kgraph.build.memo import BuildMemo
from kgraph.build.outputs import FORK_MIN_TRIPLES, write_outputs
from kgraph.build.pool import extract_here, parsing
from kgraph.build.progress import Stopwatch, progress_bar, with_progress
from kgraph.errors import InputError
from kgraph.ingest import find_articles, read_document
from kgraph.knowledge import load_knowledge
from kgraph.rdf.mapping import graph_triples
from kgraph.rdf.merge import ClaimNode, merge_claims, merge_entities
from kgraph.rdf.serialize import TermConverter
from kgraph.rdf.shacl import validate_triples
from kgraph.records import Document, Entity, Extraction


@dataclass
class BuildResult:
    """What a build read, made and skipped."""

    documents: int = 0
    entities: int = 0
    triples: int = 0
    claims_by_kind: Counter = field(default_factory=Counter)
    failures: list[str] = field(default_factory=list)
    partial: list[str] = field(default_factory=list)  # "PATH: line N: what was left out" of articles built in part
    seconds: float = 0.0
    outputs: list[Path] = field(default_factory=list)
    parsed: int = 0  # documents parsed by spaCy in this build (the rest came from the cache)
    notes: list[str] = field(default_factory=list)
    timings: dict[str, float] = field(default_factory=dict)  # seconds per stage

    def summary(self) -> str:
        kinds = ", ".join(f"{kind} {n}" for kind, n in sorted(self.claims_by_kind.items())) or "none"
        lines = [
            f"documents read: {self.documents}",
            f"parsed: {self.parsed}, from cache: {self.documents - self.parsed}",
            f"entities: {self.entities}",
            f"claims: {sum(self.claims_by_kind.values())} ({kinds})",
            f"triples: {self.triples}",
            f"time: {self.seconds:.1f} s",
        ]
        lines += self.notes
        if self.partial:
            lines.append(f"built in part: {len({note.split(': line ')[0] for note in self.partial})} file(s)")
        if self.failures:
            lines.append(f"failed: {len(self.failures)} file(s)")
        return "\n".join(lines)


def build(seeds: Path, out_dir: Path, *, strict: bool = False, encoding: str = "utf-8",
          progress: bool | None = None, view: bool = True, jobs: int | None = None,
          cache: bool = True, cache_dir: Path | None = None, cluster: str | None = None,
          follow_links: bool = False, extraction_cache: ExtractionCache | None = None,
          memo: BuildMemo | None = None) -> BuildResult:
    """Read every article in `seeds`, extract, validate, and write the graph files into `out_dir`.

    jobs: worker processes for parsing and for validation (default: all cores). cache: reuse the
    extraction of every document whose bytes and pipeline are unchanged (kept in `cache_dir`, default
    cache.default_cache_dir()). follow_links: read symbolic links to files outside `seeds` (refused by default).
    cluster: parse on this Dask scheduler ("tcp://host:8786"), or on a Dask cluster of `jobs` processes
    started here for "local" (pool.py, cluster.py). extraction_cache: an open cache to use instead
    (watch.py keeps one in memory). memo: what the builds before made (memo.py; watch.py keeps one), so
    that only what changed is made, validated and written again.
    """
    started = time.perf_counter()
    if out_dir.exists() and not out_dir.is_dir():  # found now, not after the whole parse
        raise InputError(f"{out_dir}: is a file, not a folder; give -o a folder for the graph files")
    result = BuildResult()
    clock = Stopwatch(result.timings)
    corpus = seeds if seeds.is_dir() else None
    documents = list(read_documents(find_articles(seeds), encoding, strict, result.failures, corpus, follow_links))
    if not documents:
        raise InputError(f"{seeds}: no article could be read: " + "; ".join(result.failures))
    clock.lap("read")
    store = extraction_cache or (open_cache(cache_dir) if cache else None)
    extractions, result.parsed = extract_all(documents, store, jobs, progress, cluster)
    extractions = without_failures(extractions, seeds, strict, result.failures)
    result.partial = [f"{article_path(seeds, e.document)}: {note}" for e in extractions for note in e.notes]
    documents = [extraction.document for extraction in extractions]
    if not documents:
        raise InputError(f"{seeds}: no article could be built: " + "; ".join(result.failures))
    clock.lap("extract")
    with collector_paused():  # the rest makes millions of objects and no garbage cycles
        known_entities, known_claims = (memo.entities, memo.claims) if memo is not None else (None, None)
        entities, nodes = merge_entities(extractions, known_entities), merge_claims(extractions, known_claims)
        if memo is not None:
            result.triples = model_and_write(memo, documents, entities, nodes, out_dir, view, jobs, progress,
                                             store, result, clock)
        else:
            result.triples = model_and_write_whole(documents, entities, nodes, out_dir, view, jobs, progress,
                                                   store, result, clock)
    if store is not None:
        store.prune()
    result.documents = len(documents)
    result.entities = len(entities)
    result.claims_by_kind = Counter(node.claim.kind for node in nodes)
    result.seconds = time.perf_counter() - started
    return result


def model_and_write_whole(documents: list[Document], entities: list[Entity], nodes: list[ClaimNode], out_dir: Path,
                          view: bool, jobs: int | None, progress: bool | None, store: ExtractionCache | None,
                          result: BuildResult, clock: Stopwatch) -> int:
    """The graph made, validated and written whole; returns its number of triples."""
    graphs = graph_triples(documents, entities, nodes, load_knowledge())
    triples = set().union(*graphs.values())
    convert = TermConverter()
    lines = convert.lines(triples)  # once: for validation, Turtle and the view
    clock.lap("model")
    verdicts = VerdictCache(store.root) if store is not None else None
    workers = jobs or os.cpu_count() or 1

    def check() -> None:  # runs while another process writes the TriG
        checked = time.perf_counter()
        bar = partial(with_progress, enabled=progress, unit="part", desc="validating")
        validate_triples(triples, lines=lines, homes=homes_of(graphs, convert), verdicts=verdicts,
                         jobs=workers, progress=bar)
        result.timings["validate"] = time.perf_counter() - checked

    result.outputs = write_outputs(graphs, lines, out_dir, view, result.notes, check=check,
                                   fork=workers > 1 and len(triples) > FORK_MIN_TRIPLES, convert=convert)
    clock.lap("check and write")
    if verdicts is not None:
        verdicts.prune()
    return len(triples)


def model_and_write(memo: BuildMemo, documents: list[Document], entities: list[Entity], nodes: list[ClaimNode],
                    out_dir: Path, view: bool, jobs: int | None, progress: bool | None, store: ExtractionCache | None,
                    result: BuildResult, clock: Stopwatch) -> int:
    """As model_and_write_whole, remade only where the records changed since the memo's last build (watch.py).
    No process forks to write the TriG: what it wrote would not be remembered."""
    model = memo.model(documents, entities, nodes, load_knowledge())
    clock.lap("model")
    verdicts = VerdictCache(store.root) if store is not None else None

    def check() -> None:
        checked = time.perf_counter()
        memo.validate(model, verdicts, jobs or os.cpu_count() or 1,
                      partial(with_progress, enabled=progress, unit="part", desc="validating"))
        result.timings["validate"] = time.perf_counter() - checked

    result.outputs = write_outputs({}, model.lines, out_dir, view, result.notes, check=check,
                                   turtle=lambda: memo.turtle(model), trig=lambda: memo.trig(model))
    memo.finish()
    clock.lap("check and write")
    if verdicts is not None:
        verdicts.prune()
    return len(model.lines)


@contextmanager
def collector_paused() -> Iterator[None]:
    """Python's cycle collector off: each of its full passes walks every object alive, and while the graph
    is made (millions of triples, no cycles) those passes took a third of the time. Reference counting
    still frees everything."""
    enabled = gc.isenabled()
    gc.disable()
    try:
        yield
    finally:
        if enabled:
            gc.enable()


def homes_of(graphs: dict, convert: TermConverter) -> dict[str, str]:
    """Each subject's home for validation: the first document graph it is stated in (as N-Triples terms),
    so the parts validated together follow documents, and a changed article changes few of them."""
    homes: dict[str, str] = {}
    for name in sorted(name for name in graphs if name is not None):
        for subject in {s for s, _, _ in graphs[name]}:
            homes.setdefault(convert.text(subject), str(name))
    return homes


def read_documents(paths: list[Path], encoding: str, strict: bool, failures: list[str], corpus: Path | None = None,
                   follow_links: bool = False) -> Iterator[Document]:
    """Documents from files; a bad file is reported and skipped, or stops the build when strict."""
    for path in paths:
        try:
            yield read_document(path, encoding, corpus, follow_links)
        except InputError as error:
            if strict:
                raise
            failures.append(str(error))


def without_failures(extractions: list[Extraction], seeds: Path, strict: bool,
                     failures: list[str]) -> list[Extraction]:
    """The extractions that succeeded; each failure is added to `failures`, naming the article's file, or
    stops the build when strict."""
    for extraction in extractions:
        if extraction.failure is not None:
            path = article_path(seeds, extraction.document)
            if strict:
                raise InputError(f"{path}: {extraction.failure}")
            failures.append(f"{path}: {extraction.failure}")
    return [extraction for extraction in extractions if extraction.failure is None]


def article_path(seeds: Path, document: Document) -> Path:
    return seeds / document.source if seeds.is_dir() else seeds


def open_cache(cache_dir: Path | None) -> ExtractionCache:
    return ExtractionCache(cache_dir or default_cache_dir(), pipeline_version(MODEL_NAME))


def extract_all(documents: list[Document], store: ExtractionCache | None, jobs: int | None,
                progress: bool | None, cluster: str | None = None) -> tuple[list[Extraction], int]:
    """Every document's extraction, in document order, from the cache or parsed; and how many were parsed.

    The documents with no cache entry go to the parse first: its workers load spaCy (~3 s) while the
    cached entries are read. An entry that turns out unreadable is parsed here, afterwards. A document
    that could not be extracted (a bug, or a worker that died on it twice) has a `failure`."""
    entered = [store is not None and store.has(document) for document in documents]
    unparsed = [document for document, has in zip(documents, entered) if not has]
    with parsing(unparsed, jobs, cluster) as fresh:
        found = [store.get(document) if has and store else None for document, has in zip(documents, entered)]
        damaged = extract_here([document for document, has, cached in zip(documents, entered, found)
                                if has and cached is None])  # lazy: spaCy is loaded only if there is one
        bar = progress_bar(len(documents), sum(cached is not None for cached in found), progress)
        extractions: list[Extraction] = []
        for cached, has, document in zip(found, entered, documents):
            if cached is None:
                cached = replace(next(damaged if has else fresh), document=document)  # the worker's text dropped
                if store is not None and cached.failure is None:
                    store.put(cached)  # StoreError, naming KGRAPH_CACHE_DIR and --no-cache, if it cannot
                if bar is not None:
                    bar.update()
            extractions.append(cached)
    if bar is not None:
        bar.close()
    return extractions, sum(cached is None for cached in found)


def extract_documents(documents: list[Document], progress: bool | None = None,
                      jobs: int | None = None) -> Iterator[Extraction]:
    """Parse with spaCy and extract claims, streamed in document order, in `jobs` processes."""
    with parsing(documents, jobs) as extractions:
        yield from with_progress(extractions, len(documents), progress)


