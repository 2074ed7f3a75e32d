"""Extraction quality on the evaluation set beside the project (../shared/eval): seed + dev articles.

The gold annotations are read only to score what kgraph extracted; they never feed the extractor.
"""
from __future__ import annotations

import json
import shutil
import subprocess
import sys
from pathlib import Path

import pytest
from click.testing import CliRunner

from conftest import ROOT, SEEDS
from kgraph.build import build
from kgraph.cli import main

EVAL = ROOT.parent / "shared" / "eval"
THRESHOLDS = {"precision": 0.85, "recall": 0.75, "entity_recall_typed": 0.9}

pytestmark = pytest.mark.skipif(not (EVAL / "score.py").is_file(), reason=f"no evaluation set at {EVAL}")


@pytest.fixture(scope="module")
def scores(tmp_path_factory) -> dict:
    articles = tmp_path_factory.mktemp("eval-articles")
    for path in [*SEEDS.glob("*.txt"), *(EVAL / "dev").glob("*.txt")]:
        shutil.copy(path, articles / path.name)
    out = tmp_path_factory.mktemp("eval-graph")
    build(articles, out, progress=False, view=False)
    tables = {}
    for command in ("claims", "entities"):
        result = CliRunner().invoke(main, [command, str(out / "kgraph.ttl")])
        assert result.exit_code == 0, result.output
        tables[command] = out / f"{command}.jsonl"
        tables[command].write_text(result.output, encoding="utf-8")
    scored = subprocess.run([sys.executable, str(EVAL / "score.py"), str(EVAL / "gold"), str(tables["claims"]),
                             str(tables["entities"]), "--json"], capture_output=True, text=True, check=True)
    return json.loads(scored.stdout)


@pytest.mark.parametrize("measure", sorted(THRESHOLDS))
def test_meets_the_bar(scores, measure):
    assert scores[measure] >= THRESHOLDS[measure], json.dumps(
        {doc: {"missed": d["missed"], "wrong": d["wrong"]} for doc, d in scores["docs"].items()}, indent=1)


def test_every_gold_document_was_scored(scores):
    gold = {path.stem for path in (EVAL / "gold").glob("*.json")}
    assert set(scores["docs"]) == gold
    assert all(d["claims_extracted"] > 0 for d in scores["docs"].values())
