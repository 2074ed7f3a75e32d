"""`kgraph watch`: a rebuild for each added, changed and removed article, same bytes as a clean build."""
from __future__ import annotations

import os
import signal
import subprocess
import threading
import time
from pathlib import Path

import pytest

from kgraph.build import BuildResult, build
from kgraph.build.watch import changed, watch
from kgraph.errors import KGraphError

from helpers.paths import ROOT

FIRST = """date 2024-03-02

Human Rights Watch accused M23 of war crimes in North Kivu on Tuesday. The M23 denied the accusations.
"""
SECOND = """date 2023-11-20

Amnesty International said Hamas was chiefly responsible for the attack on Kibbutz Be'eri.
"""
WAIT_SECONDS = 120  # a build of two articles takes a second; a loaded machine, many more


def outputs(folder: Path) -> dict[str, bytes]:
    return {name: (folder / name).read_bytes() for name in ("kgraph.ttl", "kgraph.trig")}


class Watching:
    """`watch` in a thread, with each build's result in `results`, stopped at the end of the test."""

    def __init__(self, seeds: Path, out: Path, cache_dir: Path) -> None:
        self.results: list[BuildResult | KGraphError] = []
        self.stop = threading.Event()
        self.thread = threading.Thread(target=watch, args=(seeds, out), daemon=True, kwargs={
            "interval": 0.05, "jobs": 1, "cache_dir": cache_dir, "view": False, "report": self.results.append,
            "stop": self.stop})
        self.thread.start()

    def next_result(self, count: int) -> BuildResult | KGraphError:
        """The `count`-th build's result, once it is done."""
        deadline = time.monotonic() + WAIT_SECONDS
        while len(self.results) < count and time.monotonic() < deadline:
            time.sleep(0.05)
        assert len(self.results) >= count, f"no build {count} within {WAIT_SECONDS} s"
        return self.results[count - 1]


@pytest.fixture
def watching(tmp_path: Path):
    seeds = tmp_path / "seeds"
    seeds.mkdir()
    (seeds / "a_first.txt").write_text(FIRST, encoding="utf-8")
    watcher = Watching(seeds, tmp_path / "out", tmp_path / "cache")
    yield seeds, tmp_path / "out", watcher
    watcher.stop.set()
    watcher.thread.join(WAIT_SECONDS)


def clean_build(seeds: Path, out: Path) -> dict[str, bytes]:
    build(seeds, out, progress=False, view=False, jobs=1, cache=False)
    return outputs(out)


def test_added_changed_and_removed_articles_are_each_rebuilt(watching, tmp_path):
    seeds, out, watcher = watching
    first = watcher.next_result(1)
    assert (first.documents, first.parsed) == (1, 1)
    (seeds / "b_second.txt").write_text(SECOND, encoding="utf-8")
    added = watcher.next_result(2)
    assert (added.documents, added.parsed) == (2, 1)
    assert outputs(out) == clean_build(seeds, tmp_path / "clean-added")
    (seeds / "a_first.txt").write_text(FIRST.replace("war crimes", "torture"), encoding="utf-8")
    edited = watcher.next_result(3)
    assert (edited.documents, edited.parsed) == (2, 1)
    assert b"kgc:torture" in outputs(out)["kgraph.ttl"]
    assert outputs(out) == clean_build(seeds, tmp_path / "clean-changed")
    (seeds / "b_second.txt").unlink()
    removed = watcher.next_result(4)
    assert (removed.documents, removed.parsed) == (1, 0)
    assert b"b_second" not in outputs(out)["kgraph.trig"]
    assert outputs(out) == clean_build(seeds, tmp_path / "clean-removed")
    time.sleep(0.3)  # several more looks at the folder: nothing changed, nothing built
    assert len(watcher.results) == 4


def test_a_failed_build_is_reported_and_watching_goes_on(watching):
    seeds, out, watcher = watching
    watcher.next_result(1)
    before = outputs(out)
    (seeds / "a_first.txt").unlink()
    error = watcher.next_result(2)
    assert isinstance(error, KGraphError)
    assert str(error) == f"{seeds}: no .txt articles in this folder"
    assert outputs(out) == before  # the last good graph stays
    (seeds / "a_first.txt").write_text(FIRST, encoding="utf-8")
    again = watcher.next_result(3)
    assert (again.documents, again.parsed) == (1, 0)  # remembered, not parsed again
    assert outputs(out) == before


def test_changed_counts_added_changed_and_removed_files():
    before = {"a.txt": (1, 10, 5), "b.txt": (2, 10, 5), "c.txt": (3, 10, 5)}
    after = {"a.txt": (1, 10, 5), "b.txt": (2, 11, 6), "d.txt": (4, 10, 5)}
    assert changed(before, after) == 3
    assert changed(before, dict(before)) == 0


def test_kgraph_watch_builds_then_stops_on_ctrl_c(tmp_path):
    seeds = tmp_path / "seeds"
    seeds.mkdir()
    (seeds / "a_first.txt").write_text(FIRST, encoding="utf-8")
    env = {**os.environ, "KGRAPH_CACHE_DIR": str(tmp_path / "cache")}
    process = subprocess.Popen([str(ROOT / ".venv" / "bin" / "kgraph"), "watch", str(seeds), "-o", str(tmp_path / "out"),
                                "--interval", "0.1", "--no-view"], stdout=subprocess.PIPE, stderr=subprocess.PIPE,
                               text=True, env=env)
    try:
        deadline = time.monotonic() + WAIT_SECONDS
        while not (tmp_path / "out" / "kgraph.trig").exists() and time.monotonic() < deadline:
            time.sleep(0.1)
    finally:
        process.send_signal(signal.SIGINT)
        stdout, stderr = process.communicate(timeout=WAIT_SECONDS)
    assert process.returncode == 0, stderr
    assert stdout.startswith("built 1 documents (parsed 1), ")
    assert stderr.splitlines()[0] == f"watching {seeds} (every 0.1 s); Ctrl-C stops"
    assert stderr.splitlines()[-1] == "stopped"
    assert outputs(tmp_path / "out") == clean_build(seeds, tmp_path / "clean")


def test_watch_refuses_a_missing_folder(tmp_path):
    done = subprocess.run([str(ROOT / ".venv" / "bin" / "kgraph"), "watch", str(tmp_path / "nowhere")],
                          capture_output=True, text=True, timeout=WAIT_SECONDS)
    assert done.returncode == 2
    assert "does not exist" in done.stderr


