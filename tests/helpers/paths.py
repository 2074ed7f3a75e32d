"""Where the project's files are, for tests in any folder under tests/."""
from __future__ import annotations

from pathlib import Path

ROOT = Path(__file__).parents[2]
SEEDS = ROOT / "seeds"
SEED_ID = "000_001a2dfaae7811e2"
SEED = SEEDS / f"{SEED_ID}.txt"
DATA = ROOT / "tests" / "data"
TWO_DOCUMENTS = DATA / "two-documents.trig"
