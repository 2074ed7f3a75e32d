"""Parsing on a Dask cluster (dask.distributed): the scheduler, the queue and the retries are Dask's.

Each task is one batch of documents; its worker parses it with the pipeline it loaded once (kgraph.nlp
caches it per process) and sends back the extractions, as a local worker does. A worker that dies
takes its tasks back to the scheduler, which gives them to another worker: up to
distributed.scheduler.allowed-failures times (3 by default), then the build stops naming the articles.
"""
from __future__ import annotations

import logging
from collections.abc import Generator, Iterator
from contextlib import contextmanager
from typing import TYPE_CHECKING

from kgraph.build.pool import BATCH, extract_batch
from kgraph.errors import ClusterError
from kgraph.records import Document, Extraction

if TYPE_CHECKING:
    from distributed import Client

CONNECT_SECONDS = 30  # a scheduler that does not answer in this time is reported, not waited for


@contextmanager
def connected(cluster: str, jobs: int) -> Iterator[Client]:
    """A client of the Dask scheduler at `cluster` (tcp://host:8786), or of a cluster of `jobs` worker
    processes on this machine, listening on 127.0.0.1 only, for "local"."""
    from distributed import Client, LocalCluster

    if cluster == "local":
        with LocalCluster(n_workers=jobs, threads_per_worker=1, processes=True, host="127.0.0.1",
                          dashboard_address=None, silence_logs=logging.ERROR) as local, Client(local) as client:
            yield client
        return
    try:
        client = Client(cluster, timeout=CONNECT_SECONDS)
    except (OSError, ValueError) as error:
        raise ClusterError(f"{cluster}: no Dask scheduler answered ({error}); start one with `dask scheduler`, "
                           "or build with --cluster local") from None
    with client:
        yield client


def extract_on_cluster(documents: list[Document], client: Client) -> Generator[Extraction, None, None]:
    """The documents' extractions, in order, parsed by the cluster's workers in batches."""
    from distributed import KilledWorker

    batches = [documents[i:i + BATCH] for i in range(0, len(documents), BATCH)]
    keys = [task_key(number, batch) for number, batch in enumerate(batches)]
    futures = client.map(extract_batch, batches, key=keys, pure=False)
    try:
        for batch, future in zip(batches, futures):
            try:
                extractions = future.result()
            except KilledWorker:
                names = ", ".join(document.source for document in batch)
                raise ClusterError(f"{names}: the Dask workers parsing these articles died each time they were "
                                   "given them (out of memory?); see the workers' logs") from None
            yield from extractions
    finally:
        client.cancel(futures)


def task_key(number: int, batch: list[Document]) -> str:
    """A task's name on the dashboard and in the logs: its place and its articles' ids."""
    return f"kgraph-extract-{number:06d}-{batch[0].id}..{batch[-1].id}"
