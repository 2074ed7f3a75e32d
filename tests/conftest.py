"""Shared fixtures: the seed graph is built once per test session."""
from __future__ import annotations

from pathlib import Path

import pytest

from kgraph.build import build

from helpers.paths import ROOT, SEED_ID, SEEDS  # noqa: F401  (ROOT kept importable for older tests)


@pytest.fixture(scope="session")
def seed_graph(tmp_path_factory) -> Path:
    """The output folder of a build of seeds/ (kgraph.ttl, kgraph.trig, kgraph.html)."""
    out = tmp_path_factory.mktemp("seed-graph")
    build(SEEDS, out, progress=False)
    return out


@pytest.fixture(scope="session")
def seed_text() -> str:
    return (SEEDS / f"{SEED_ID}.txt").read_text(encoding="utf-8")


@pytest.fixture(scope="session")
def seed_store(seed_graph: Path, tmp_path_factory) -> Path:
    """An on-disk Oxigraph store of the seed graph, as `kgraph build --store` makes it."""
    from kgraph.store import save_store

    store = tmp_path_factory.mktemp("seed-store") / "store"
    save_store(seed_graph / "kgraph.trig", store)
    return store
