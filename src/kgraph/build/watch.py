"""A live rebuild: build a folder of articles, then again each time an article is added, changed or removed.

The process keeps the spaCy pipeline loaded and the extractions in memory, so a rebuild parses only
the changed articles, here, and reads no cache file; and what each build made (memo.py), so it makes,
validates and serialises again only what those articles changed (every output still written whole,
then renamed). The folder is polled: a listing with sizes and modification times
every `interval` seconds costs little next to a build, and works on every file system, network
ones included.
"""
from __future__ import annotations

import threading
from collections.abc import Callable
from dataclasses import replace
from pathlib import Path

from kgraph import MODEL_NAME
from kgraph.build import BuildResult, build
from kgraph.build.cache import ExtractionCache, default_cache_dir, pipeline_version
from kgraph.build.memo import BuildMemo
from kgraph.build.pool import BATCH
from kgraph.errors import KGraphError
from kgraph.records import Document, Extraction

Listing = dict[str, tuple[int, int, int]]  # file name -> (inode, size, modification time in ns)


def watch(seeds: Path, out_dir: Path, *, interval: float = 1.0, jobs: int | None = None,
          cache_dir: Path | None = None, encoding: str = "utf-8", view: bool = True,
          report: Callable[[BuildResult | KGraphError], None] = print,
          stop: threading.Event | None = None) -> None:
    """Build `seeds` into `out_dir`, then rebuild whenever its articles change, until `stop` is set (or
    Ctrl-C). Each build's result, or the error that stopped it, goes to `report`; watching goes on."""
    from kgraph.nlp import load_pipeline

    load_pipeline()  # once; forked workers of the first build inherit it too
    cache = RememberingCache(cache_dir or default_cache_dir(), pipeline_version(MODEL_NAME))
    memo = BuildMemo()  # what each build made, so the next remakes only what changed
    stop = stop or threading.Event()
    seen: Listing | None = None
    while not stop.is_set():
        listing = list_articles(seeds)
        if listing != seen:
            few = seen is not None and changed(seen, listing) <= BATCH  # parsed here: no workers to start
            try:
                report(build(seeds, out_dir, encoding=encoding, progress=False, view=view,
                             jobs=1 if few else jobs, extraction_cache=cache, memo=memo))
            except KGraphError as error:
                report(error)
            seen = listing
        stop.wait(interval)


def list_articles(seeds: Path) -> Listing:
    """What a change of any article changes: each `*.txt` file's inode, size and modification time."""
    try:
        paths = sorted(seeds.glob("*.txt")) if seeds.is_dir() else [seeds]
        return {path.name: stamp(path) for path in paths if path.is_file() and not path.name.startswith(".")}
    except OSError:
        return {}  # gone, or not readable now: the build says why


def stamp(path: Path) -> tuple[int, int, int]:
    status = path.stat()
    return status.st_ino, status.st_size, status.st_mtime_ns


def changed(before: Listing, after: Listing) -> int:
    """How many articles were added, changed or removed."""
    return sum(before.get(name) != after.get(name) for name in before.keys() | after.keys())


class RememberingCache(ExtractionCache):
    """The extraction cache, with every extraction read or made kept in memory: a rebuild reads no file
    for an unchanged article. Only the current articles' extractions are kept."""

    def __init__(self, root: Path, version: str) -> None:
        super().__init__(root, version)
        self.memory: dict[str, Extraction] = {}
        self.used: set[str] = set()

    def has(self, document: Document) -> bool:
        return self.key(document) in self.memory or super().has(document)

    def get(self, document: Document) -> Extraction | None:
        key = self.key(document)
        kept = self.memory.get(key)
        if kept is None:
            kept = super().get(document)
            if kept is not None:
                self.memory[key] = kept
        self.used.add(key)
        return None if kept is None else replace(kept, document=document)

    def put(self, extraction: Extraction) -> None:
        super().put(extraction)
        key = self.key(extraction.document)
        self.memory[key] = extraction
        self.used.add(key)

    def prune(self, now: float | None = None) -> int:
        """Forget what this build did not use (removed and changed articles), then prune the disk."""
        self.memory = {key: kept for key, kept in self.memory.items() if key in self.used}
        self.used = set()
        return super().prune(now)

