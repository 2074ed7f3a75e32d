"""Worker processes that die under a build (the OOM killer): the local pool and a Dask cluster.

A worker is killed with SIGKILL from inside it when it starts on a marked article; locally through
a patch that forked workers inherit, on Dask through a worker plugin watching its tasks start.
"""
from __future__ import annotations

import os
import signal
import subprocess
import sys
import threading
from pathlib import Path

import pytest
from distributed import WorkerPlugin

from kgraph.build import build, pool
from kgraph.errors import ClusterError

from helpers.paths import ROOT

ARTICLE = """date 2024-03-02

Human Rights Watch accused M23 of war crimes in North Kivu on Tuesday. The M23 denied the accusations.
The United Nations said {n} people were killed in Goma since January.
"""
KILLED = "doc_009"
HANG_SECONDS = 300  # the build takes seconds; a loaded machine, many more


@pytest.fixture
def corpus(tmp_path: Path) -> Path:
    seeds = tmp_path / "seeds"
    seeds.mkdir()
    for n in range(20):  # two batches: the killed worker's and the other worker's
        (seeds / f"doc_{n:03d}.txt").write_text(ARTICLE.format(n=1200 + n), encoding="utf-8")
    return seeds


def outputs(folder: Path) -> dict[str, bytes]:
    return {name: (folder / name).read_bytes() for name in ("kgraph.ttl", "kgraph.trig")}


def killing_on(marked: str, once_marker: Path | None, monkeypatch) -> None:
    """Forked workers of the local pool die on `marked` (the first time only, with `once_marker`)."""
    parent, real = os.getpid(), pool.extract_here

    def extract_here(documents):
        documents = list(documents)
        if os.getpid() != parent and any(document.id == marked for document in documents):
            if once_marker is None or not once_marker.exists():
                if once_marker is not None:
                    once_marker.touch()
                os.kill(os.getpid(), signal.SIGKILL)
        return real(documents)

    monkeypatch.setattr(pool, "extract_here", extract_here)


def local_build(seeds: Path, out: Path, jobs: int = 2, **options):
    return build(seeds, out, progress=False, view=False, jobs=jobs, cache=False, **options)


def finished_build(seeds: Path, out: Path, **options):
    """local_build, failing the test (not hanging it, as a multiprocessing.Pool did) if it never ends."""
    done: list = []
    thread = threading.Thread(target=lambda: done.append(local_build(seeds, out, **options)), daemon=True)
    thread.start()
    thread.join(HANG_SECONDS)
    assert not thread.is_alive(), f"the build still waits for its workers after {HANG_SECONDS} s"
    assert done, "the build failed (see the exception above)"
    return done[0]


def test_an_article_that_kills_its_worker_each_time_is_named_and_the_others_built(corpus, tmp_path, monkeypatch):
    killing_on(KILLED, None, monkeypatch)
    result = finished_build(corpus, tmp_path / "out")
    assert result.failures == [f"{corpus / KILLED}.txt: not built: the process parsing it died twice (out of memory?)"]
    assert result.documents == 19
    monkeypatch.undo()
    (corpus / f"{KILLED}.txt").unlink()
    local_build(corpus, tmp_path / "without", jobs=1)
    assert outputs(tmp_path / "out") == outputs(tmp_path / "without")


def test_a_worker_killed_once_is_retried_and_nothing_is_lost(corpus, tmp_path, monkeypatch):
    marker = tmp_path / "killed-once"
    killing_on(KILLED, marker, monkeypatch)
    result = finished_build(corpus, tmp_path / "out")
    assert marker.exists()  # a worker did die
    assert (result.failures, result.documents, result.parsed) == ([], 20, 20)
    monkeypatch.undo()
    local_build(corpus, tmp_path / "here", jobs=1)
    assert outputs(tmp_path / "out") == outputs(tmp_path / "here")


def test_strict_stops_at_the_article_that_kills_its_worker(corpus, tmp_path, monkeypatch):
    from kgraph.errors import InputError

    killing_on(KILLED, None, monkeypatch)
    with pytest.raises(InputError, match=f"^{corpus / KILLED}.txt: not built: the process parsing it died twice"):
        local_build(corpus, tmp_path / "out", strict=True)
    assert not (tmp_path / "out").exists()


def test_workers_that_die_on_everything_stop_the_build_with_one_line(corpus, tmp_path, monkeypatch):
    from kgraph.errors import KGraphError

    parent = os.getpid()

    def extract_here(documents):
        if os.getpid() != parent:
            os.kill(os.getpid(), signal.SIGKILL)
        return iter(())

    monkeypatch.setattr(pool, "extract_here", extract_here)
    with pytest.raises(KGraphError, match="^doc_000.txt, doc_001.txt, doc_002.txt: the process parsing each of them died twice; the worker processes die whatever"):
        local_build(corpus, tmp_path / "out")


# Dask: one LocalCluster of two worker processes on 127.0.0.1 for the module (starting one takes seconds)

@pytest.fixture(scope="module")
def dask_cluster():
    from distributed import LocalCluster

    with LocalCluster(n_workers=2, threads_per_worker=1, processes=True, host="127.0.0.1",
                      dashboard_address=None) as cluster:
        yield cluster


class KillOnce(WorkerPlugin):
    """A Dask worker plugin: the worker starting the task of `marked` dies, the first time only."""

    def __init__(self, marked: str, marker: str) -> None:
        super().__init__()
        self.marked, self.marker = marked, marker

    def transition(self, key, start, finish, **kwargs):
        if finish == "executing" and self.marked in str(key) and not os.path.exists(self.marker):
            open(self.marker, "w").close()
            os.kill(os.getpid(), signal.SIGKILL)


def test_a_dask_build_gives_the_bytes_of_a_local_build(corpus, tmp_path, dask_cluster):
    local_build(corpus, tmp_path / "here", jobs=1)
    result = local_build(corpus, tmp_path / "dask", cluster=dask_cluster.scheduler_address)
    assert (result.parsed, result.failures) == (20, [])
    assert outputs(tmp_path / "dask") == outputs(tmp_path / "here")


def test_a_dask_worker_killed_mid_build_is_retried_by_dask_and_nothing_is_lost(corpus, tmp_path, dask_cluster):
    import cloudpickle
    from distributed import Client

    cloudpickle.register_pickle_by_value(sys.modules[__name__])  # workers need not import this test file
    marker = tmp_path / "killed-once"
    with Client(dask_cluster) as client:
        client.register_plugin(KillOnce("doc_000..doc_015", str(marker)), name="kill-once")
        try:
            result = local_build(corpus, tmp_path / "dask", cluster=dask_cluster.scheduler_address)
        finally:
            client.unregister_worker_plugin("kill-once")
    assert marker.exists()  # a worker did die, with the first batch
    assert (result.parsed, result.failures) == (20, [])
    local_build(corpus, tmp_path / "here", jobs=1)
    assert outputs(tmp_path / "dask") == outputs(tmp_path / "here")


def test_the_cache_is_used_with_a_cluster(corpus, tmp_path, dask_cluster):
    cache = {"cache": True, "cache_dir": tmp_path / "cache"}
    first = build(corpus, tmp_path / "first", progress=False, view=False, cluster=dask_cluster.scheduler_address,
                  **cache)
    (corpus / "doc_003.txt").write_text(ARTICLE.format(n=99), encoding="utf-8")
    again = build(corpus, tmp_path / "again", progress=False, view=False, cluster=dask_cluster.scheduler_address,
                  **cache)
    assert (first.parsed, again.parsed) == (20, 1)
    local_build(corpus, tmp_path / "here", jobs=1)
    assert outputs(tmp_path / "again") == outputs(tmp_path / "here")


def test_an_unreachable_scheduler_is_one_line(corpus, tmp_path, monkeypatch):
    from kgraph.build import cluster

    monkeypatch.setattr(cluster, "CONNECT_SECONDS", 1)
    with pytest.raises(ClusterError, match=r"^tcp://127.0.0.1:9: no Dask scheduler answered .*--cluster local$"):
        local_build(corpus, tmp_path / "out", cluster="tcp://127.0.0.1:9")
    assert not (tmp_path / "out").exists()


def test_kgraph_build_cluster_local_writes_the_bytes_of_a_local_build(corpus, tmp_path):
    local_build(corpus, tmp_path / "here", jobs=1)
    done = subprocess.run([str(ROOT / ".venv" / "bin" / "kgraph"), "build", str(corpus), "-o", str(tmp_path / "dask"),
                           "--cluster", "local", "--jobs", "2", "--no-cache", "--no-progress"],
                          capture_output=True, text=True, timeout=300)
    assert done.returncode == 0, done.stderr
    assert "parsed: 20, from cache: 0" in done.stdout
    assert outputs(tmp_path / "dask") == outputs(tmp_path / "here")
