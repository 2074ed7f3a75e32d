"""Where documents are parsed: here, in local worker processes, or on a Dask cluster (cluster.py).

Each worker loads the spaCy pipeline once (load_pipeline is cached per process) and sends back small
records. A local worker can die under the build (the OOM killer: a 1 MB article takes several GB):
concurrent.futures reports that as BrokenProcessPool, where a multiprocessing.Pool waited forever for
the batch. The documents that were with the workers then are parsed again one at a time, alone in a
worker, so one that kills its worker again is left out (an Extraction with a `failure`), and the others
are kept.
"""
from __future__ import annotations

import multiprocessing
import os
from collections import deque
from collections.abc import Generator, Iterable, Iterator
from concurrent.futures import Future, ProcessPoolExecutor
from concurrent.futures.process import BrokenProcessPool
from contextlib import closing, contextmanager

from kgraph.errors import KGraphError
from kgraph.knowledge import load_knowledge
from kgraph.records import Document, Extraction

BATCH = 16  # documents per task sent to a worker: enough for nlp.pipe to batch, small for the progress bar
AHEAD = 2  # batches per worker submitted ahead: keeps workers busy, and bounds what a dead worker puts in doubt
DIED = "not built: the process parsing it died twice (out of memory?)"
LOST_IN_A_ROW = 3  # this many articles in a row each killing its own worker: the workers cannot run at all


@contextmanager
def parsing(documents: list[Document], jobs: int | None, cluster: str | None = None) -> Iterator[Iterator[Extraction]]:
    """The documents' extractions, in order, parsed in `jobs` local worker processes started now, on the
    Dask `cluster` ("local" or a scheduler address), or here, lazily, with one job.

    A document that killed its local worker twice gives an Extraction with a `failure` (DIED)."""
    jobs = jobs or os.cpu_count() or 1
    if cluster is not None and documents:
        from kgraph.build.cluster import connected, extract_on_cluster

        with connected(cluster, jobs) as client, closing(extract_on_cluster(documents, client)) as extractions:
            yield extractions  # closed first: its tasks are cancelled while the client is still connected
        return
    if jobs <= 1 or not documents:
        yield extract_here(documents)
        return
    with closing(extract_in_pool(documents, jobs)) as extractions:
        yield extractions  # closed on leaving: its pool is shut down now, not when it is collected


def extract_here(documents: Iterable[Document]) -> Iterator[Extraction]:
    """Parse and extract in this process, streamed: no spaCy Doc outlives its extraction."""
    from kgraph.extract import extract
    from kgraph.nlp import load_pipeline, parse

    knowledge = load_knowledge()
    nlp = load_pipeline(knowledge)
    documents = list(documents)
    texts = (document.body for document in documents)
    for document, doc in zip(documents, parse(nlp, texts, batch_size=32)):
        try:
            yield extract(document, doc, knowledge)
        except Exception as error:  # a bug met in one article: that article is skipped, not the corpus
            yield Extraction(document, failure=f"not built: extracting its claims failed ({type(error).__name__}: "
                                               f"{error}); this is a bug in kgraph, please report it")


def extract_batch(documents: list[Document]) -> list[Extraction]:
    """Worker side: the pipeline loads once per process (load_pipeline is cached)."""
    return list(extract_here(documents))


class WorkerDied(Exception):
    """A worker process of the pool died; `unsure` documents from the first unfinished one had been sent out."""

    def __init__(self, unsure: int) -> None:
        super().__init__(f"a worker died with {unsure} document(s) unfinished")
        self.unsure = unsure


def extract_in_pool(documents: list[Document], jobs: int) -> Generator[Extraction, None, None]:
    """Extractions in order from `jobs` processes; after a worker dies, the documents it may have held are
    retried alone, in one worker each in turn, and one that kills that worker too gets the failure DIED."""
    done, unsure, in_a_row = 0, 0, 0  # unsure: documents from `done` on to retry one by one
    while done < len(documents):
        alone = unsure > 0
        todo = documents[done:done + unsure] if alone else documents[done:]
        try:
            for extractions in in_pool(todo, 1 if alone else jobs, 1 if alone else BATCH):
                done += len(extractions)
                unsure, in_a_row = max(0, unsure - len(extractions)), 0
                yield from extractions
        except WorkerDied as died:
            if not alone:
                unsure = died.unsure
                continue
            in_a_row += 1
            if in_a_row >= LOST_IN_A_ROW:
                names = ", ".join(document.source for document in documents[done + 1 - in_a_row:done + 1])
                raise KGraphError(f"{names}: the process parsing each of them died twice; the worker processes "
                                  "die whatever they parse: see the messages above, or build with --jobs 1") from None
            yield Extraction(documents[done], failure=DIED)
            done, unsure = done + 1, unsure - 1


def in_pool(documents: list[Document], workers: int, size: int) -> Iterator[list[Extraction]]:
    """Batches of `size` documents parsed in a pool of `workers` processes, in order, with at most AHEAD
    batches a worker submitted ahead; WorkerDied, saying how many documents are in doubt, if one dies."""
    batches = [documents[i:i + size] for i in range(0, len(documents), size)]
    sent: deque[tuple[Future, int]] = deque()
    pool = ProcessPoolExecutor(min(workers, len(batches)), mp_context=multiprocessing.get_context())
    try:
        for batch in batches:
            sent.append((pool.submit(extract_batch, batch), len(batch)))
            if len(sent) >= AHEAD * workers:
                yield result_of(sent)
        while sent:
            yield result_of(sent)
    finally:
        pool.shutdown(wait=True, cancel_futures=True)


def result_of(sent: deque[tuple[Future, int]]) -> list[Extraction]:
    """The first batch's extractions; WorkerDied if its worker, or any, died before it was done."""
    future, _ = sent[0]
    try:
        extractions = future.result()
    except BrokenProcessPool:
        raise WorkerDied(sum(size for _, size in sent)) from None
    sent.popleft()
    return extractions
