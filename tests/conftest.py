"""Shared fixtures: the seed graph is built once per test session."""
from __future__ import annotations

from pathlib import Path

import pytest

from kgraph.build import build

ROOT = Path(__file__).parents[1]
SEEDS = ROOT / "seeds"
SEED_ID = "000_001a2dfaae7811e2"


@pytest.fixture(scope="session")
def seed_graph(tmp_path_factory) -> Path:
    """The output folder of a build of seeds/ (kgraph.ttl, kgraph.trig, kgraph.html)."""
    out = tmp_path_factory.mktemp("seed-graph")
    build(SEEDS, out, progress=False)
    return out


@pytest.fixture(scope="session")
def seed_text() -> str:
    return (SEEDS / f"{SEED_ID}.txt").read_text(encoding="utf-8")
