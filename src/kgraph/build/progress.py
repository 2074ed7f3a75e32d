"""Progress bars on a terminal (none in CI or when output is piped) and the seconds each stage took."""
from __future__ import annotations

import os
import sys
import time
from collections.abc import Iterable


def progress_bar(total: int, done: int, enabled: bool | None):
    """A tqdm bar (documents, rate, time left) on a terminal; None in CI or when output is piped."""
    if not progress_enabled(enabled) or done == total:
        return None
    from tqdm import tqdm

    return tqdm(total=total, initial=done, unit="doc", desc="extracting", file=sys.stderr, smoothing=0.1)


def progress_enabled(enabled: bool | None) -> bool:
    if enabled is None:
        return sys.stderr.isatty() and not os.environ.get("CI")
    return enabled


def with_progress(items: Iterable, total: int, enabled: bool | None, *, unit: str = "doc",
                  desc: str = "extracting") -> Iterable:
    """A progress bar on a terminal; nothing in CI or when output is piped."""
    if not progress_enabled(enabled) or total < 2:
        return items
    from tqdm import tqdm

    return tqdm(items, total=total, unit=unit, desc=desc, file=sys.stderr)


class Stopwatch:
    """Seconds per stage, for `kgraph build` users and bench/build.py."""

    def __init__(self, timings: dict[str, float]) -> None:
        self.timings, self.last = timings, time.perf_counter()

    def lap(self, stage_name: str) -> None:
        now = time.perf_counter()
        self.timings[stage_name] = now - self.last
        self.last = now
