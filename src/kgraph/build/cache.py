"""The extraction cache: one JSON file per document, keyed by its content and the pipeline version.

A rebuild parses only the documents whose bytes, name or pipeline changed. The pipeline version
covers everything an extraction depends on: kgraph's version and source code, the spaCy model's
name and version, spaCy's version and the domain data files (knowledge.version). Entries are JSON,
not pickle, so a planted or damaged file can at worst be ignored; every write is atomic, and an
entry that cannot be read, or holds a value the later stages do not expect (entry.py checks each), is
recomputed, never trusted.
"""
from __future__ import annotations

import hashlib
import json
import os
import shutil
import time
from collections.abc import Callable
from dataclasses import asdict
from functools import cache
from importlib.metadata import PackageNotFoundError, version
from pathlib import Path
from typing import Any

from kgraph import __version__
from kgraph.atomic import write_atomically
from kgraph.build.entry import extraction_from_entry
from kgraph.errors import OutputError, StoreError
from kgraph.knowledge import load_knowledge
from kgraph.records import Document, Extraction

FORMAT = 2  # bump when the JSON layout of an entry changes
STALE_SECONDS = 14 * 24 * 3600  # other pipeline versions' entries unused this long are deleted
VERDICTS = "shacl"  # the folder of VerdictCache, beside the pipeline versions' folders


def default_cache_dir() -> Path:
    """$KGRAPH_CACHE_DIR, else kgraph/ under $XDG_CACHE_HOME or ~/.cache.

    Not inside the output folder: that holds exactly the graph files, which tools and people list.
    Entries are keyed by content, so corpora and output folders can share one cache safely.
    """
    explicit = os.environ.get("KGRAPH_CACHE_DIR")
    if explicit:
        return Path(explicit)
    base = os.environ.get("XDG_CACHE_HOME") or str(Path.home() / ".cache")
    return Path(base) / "kgraph"


class ExtractionCache:
    """Extractions on disk under `root`/<pipeline version>/, one JSON file per document."""

    def __init__(self, root: Path, version: str) -> None:
        self.root = root
        self.version = version
        self.folder = root / version

    def key(self, document: Document) -> str:
        """The entry name: what was read (id, file name, bytes) under which pipeline."""
        parts = (self.version, document.id, document.source, document.content_hash, str(document.body_start))
        return hashlib.sha256("\x1f".join(parts).encode()).hexdigest()

    def has(self, document: Document) -> bool:
        """Whether an entry for this document exists (it may still turn out unreadable)."""
        return (self.folder / f"{self.key(document)}.json").is_file()

    def get(self, document: Document) -> Extraction | None:
        """The cached extraction of this document, or None when there is none or it is unreadable."""
        key = self.key(document)
        try:
            data = (self.folder / f"{key}.json").read_bytes()
            return extraction_from_entry(data, document, load_knowledge().charges)
        except (OSError, ValueError):  # pydantic's ValidationError is a ValueError
            return None  # missing, truncated, foreign or with values no later stage expects: recompute


    def put(self, extraction: Extraction) -> None:
        """Store an extraction; readers see the old entry or the new one, never a part."""
        key = self.key(extraction.document)
        data = json.dumps(extraction_to_json(extraction), ensure_ascii=False, separators=(",", ":"))
        try:  # a cache entry need not survive a power cut: no fsync
            write_atomically(self.folder / f"{key}.json", data.encode("utf-8"), durable=False)
        except OutputError as error:
            assert isinstance(error.__cause__, OSError)
            raise unwritable(self.folder, "extraction cache", error.__cause__) from None

    def prune(self, now: float | None = None) -> int:
        """Delete other pipeline versions' folders untouched for STALE_SECONDS; return how many."""
        now = time.time() if now is None else now
        if not self.root.is_dir():
            return 0
        if self.folder.is_dir():
            os.utime(self.folder)  # in use: keep it however long ago it was written
        others = [folder for folder in self.root.iterdir()
                  if folder.name not in (self.version, VERDICTS) and folder.is_dir()]
        return remove_stale(others, now, lambda folder: shutil.rmtree(folder, ignore_errors=True))


class VerdictCache:
    """Graph parts known to conform to the shapes (validate.py), by content hash: empty files under
    `root`/shacl/. A part is hashed with the shapes and rudof's version, so a stale verdict is never found.
    Trusted as the extraction cache is: whoever can write the cache folder can change what a build says."""

    def __init__(self, root: Path) -> None:
        self.folder = root / VERDICTS

    def __contains__(self, key: object) -> bool:
        try:
            os.utime(self.folder / str(key))  # in use: prune() keeps it
        except OSError:
            return False
        return True

    def add(self, key: str) -> None:
        try:
            self.folder.mkdir(parents=True, exist_ok=True)
            (self.folder / key).touch()
        except OSError as error:
            raise unwritable(self.folder, "validation cache", error) from None

    def prune(self, now: float | None = None) -> int:
        """Delete verdicts unused for STALE_SECONDS; return how many."""
        entries = list(self.folder.iterdir()) if self.folder.is_dir() else []
        return remove_stale(entries, time.time() if now is None else now, Path.unlink)


def remove_stale(paths: list[Path], now: float, remove: Callable[[Path], object]) -> int:
    """Remove each path untouched for STALE_SECONDS; return how many were removed."""
    removed = 0
    for path in paths:
        try:
            if now - path.stat().st_mtime > STALE_SECONDS:
                remove(path)
                removed += 1
        except OSError:
            continue  # another build removed it first
    return removed


def unwritable(folder: Path, what: str, error: OSError) -> StoreError:
    return StoreError(f"{folder}: cannot write the {what} ({error.strerror}); set KGRAPH_CACHE_DIR to a "
                      "writable folder, or build with --no-cache")


@cache
def pipeline_version(model_name: str) -> str:
    """A hash of everything extraction depends on besides the document itself.

    Versions are read from the installed packages' metadata: importing spaCy takes a second that a
    build whose documents are all cached need not spend."""
    digest = hashlib.sha256()
    parts = [str(FORMAT), __version__, installed_version("spacy"), model_name, installed_version(model_name),
             load_knowledge().version]
    digest.update("\x1f".join(parts).encode())
    package = Path(__file__).parents[1]  # every module of kgraph, not only build/
    for path in sorted(package.rglob("*.py")):
        digest.update(path.relative_to(package).as_posix().encode())
        digest.update(path.read_bytes())
    return digest.hexdigest()[:24]


def installed_version(distribution: str) -> str:
    try:
        return version(distribution)
    except PackageNotFoundError:
        return "unknown"


def extraction_to_json(extraction: Extraction) -> dict[str, Any]:
    """An extraction as JSON data; the document's text is not stored (it is read again each build)."""
    document = extraction.document
    return {
        "document": {"id": document.id, "content_hash": document.content_hash},
        "entities": [asdict(e) for e in extraction.entities],
        "claims": [asdict(c) for c in extraction.claims],
        "notes": list(extraction.notes),
    }
