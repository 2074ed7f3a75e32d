"""The build: article files in, a validated graph out (Turtle, TriG and an HTML view), never half-written."""
from __future__ import annotations

import os
import sys
import tempfile
import time
from collections import Counter
from collections.abc import Callable, Iterable, Iterator
from dataclasses import dataclass, field
from pathlib import Path

from rdflib import Dataset, Graph

from .errors import InputError
from .extract import extract
from .ingest import find_articles, read_document
from .knowledge import load_knowledge
from .model import build_dataset, union
from .nlp import load_pipeline, parse
from .records import Document, Extraction
from .resolve import merge_claims, merge_entities
from .validate import validate

OUTPUTS = ("kgraph.ttl", "kgraph.trig", "kgraph.html")


@dataclass
class BuildResult:
    """What a build read, made and skipped."""

    documents: int = 0
    entities: int = 0
    triples: int = 0
    claims_by_kind: Counter = field(default_factory=Counter)
    failures: list[str] = field(default_factory=list)
    seconds: float = 0.0
    outputs: list[Path] = field(default_factory=list)

    def summary(self) -> str:
        kinds = ", ".join(f"{kind} {n}" for kind, n in sorted(self.claims_by_kind.items())) or "none"
        lines = [
            f"documents read: {self.documents}",
            f"entities: {self.entities}",
            f"claims: {sum(self.claims_by_kind.values())} ({kinds})",
            f"triples: {self.triples}",
            f"time: {self.seconds:.1f} s",
        ]
        if self.failures:
            lines.append(f"failed: {len(self.failures)} file(s)")
        return "\n".join(lines)


def build(seeds: Path, out_dir: Path, *, strict: bool = False, encoding: str = "utf-8",
          progress: bool | None = None, view: bool = True) -> BuildResult:
    """Read every article in `seeds`, extract, validate, and write the graph files into `out_dir`."""
    started = time.perf_counter()
    if out_dir.exists() and not out_dir.is_dir():  # found now, not after the whole parse
        raise InputError(f"{out_dir}: is a file, not a folder; give -o a folder for the graph files")
    result = BuildResult()
    documents = list(read_documents(find_articles(seeds), encoding, strict, result.failures))
    if not documents:
        raise InputError(f"{seeds}: no article could be read: " + "; ".join(result.failures))
    extractions = list(extract_documents(documents, progress))
    dataset = graph_of(documents, extractions)
    graph = union(dataset)
    validate(graph)
    result.outputs = write_outputs(dataset, graph, out_dir, view)
    result.documents = len(documents)
    result.entities = len({e.key for x in extractions for e in x.entities})
    result.claims_by_kind = Counter(node.claim.kind for node in merge_claims(extractions))
    result.triples = len(graph)
    result.seconds = time.perf_counter() - started
    return result


def read_documents(paths: list[Path], encoding: str, strict: bool, failures: list[str]) -> Iterator[Document]:
    """Documents from files; a bad file is reported and skipped, or stops the build when strict."""
    for path in paths:
        try:
            yield read_document(path, encoding)
        except InputError as error:
            if strict:
                raise
            failures.append(str(error))


def extract_documents(documents: list[Document], progress: bool | None = None) -> Iterator[Extraction]:
    """Parse with spaCy (streamed) and extract claims, document by document."""
    nlp, knowledge = load_pipeline(), load_knowledge()
    texts = (document.body for document in documents)
    parsed = zip(documents, parse(nlp, texts, batch_size=32))
    for document, doc in with_progress(parsed, len(documents), progress):
        yield extract(document, doc, knowledge)


def graph_of(documents: list[Document], extractions: list[Extraction]) -> Dataset:
    """Merge entities and claims across documents and turn them into RDF."""
    entities = merge_entities(extractions)
    nodes = merge_claims(extractions)
    return build_dataset(documents, entities, nodes, load_knowledge())


def with_progress(items: Iterable, total: int, enabled: bool | None) -> Iterable:
    """A progress bar on a terminal; nothing in CI or when output is piped."""
    if enabled is None:
        enabled = sys.stderr.isatty() and not os.environ.get("CI")
    if not enabled:
        return items
    from tqdm import tqdm

    return tqdm(items, total=total, unit="doc", desc="extracting", file=sys.stderr)


def write_outputs(dataset: Dataset, graph: Graph, out_dir: Path, view: bool = True) -> list[Path]:
    """Turtle, TriG and the HTML view, each written whole to a temporary file and then renamed."""
    from .view import render_html

    out_dir.mkdir(parents=True, exist_ok=True)
    contents: dict[str, Callable[[], bytes]] = {
        "kgraph.ttl": lambda: graph.serialize(format="turtle").encode("utf-8"),
        "kgraph.trig": lambda: dataset.serialize(format="trig").encode("utf-8"),
    }
    if view:
        contents["kgraph.html"] = lambda: render_html(graph).encode("utf-8")
    staged: list[tuple[Path, Path]] = []
    try:
        for name, make in contents.items():
            staged.append((out_dir / name, stage(out_dir / name, make())))
    except BaseException:
        for _, temporary in staged:
            temporary.unlink(missing_ok=True)
        raise
    for final, temporary in staged:  # every file is complete before any is replaced
        os.replace(temporary, final)
    return [final for final, _ in staged]


def stage(final: Path, data: bytes) -> Path:
    descriptor, name = tempfile.mkstemp(dir=final.parent, prefix=f".{final.name}.", suffix=".tmp")
    try:
        os.fchmod(descriptor, 0o644)  # mkstemp's 0600 would make the published graph private
        with os.fdopen(descriptor, "wb") as handle:
            handle.write(data)
            handle.flush()
            os.fsync(handle.fileno())
    except BaseException:
        Path(name).unlink(missing_ok=True)
        raise
    return Path(name)


def write_atomically(path: Path, data: bytes) -> None:
    """Write a file so that readers see either the old contents or the new, never a part."""
    path.parent.mkdir(parents=True, exist_ok=True)
    os.replace(stage(path, data), path)

