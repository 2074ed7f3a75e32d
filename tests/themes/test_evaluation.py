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

from kgraph.build import build
from kgraph.cli import main

from helpers.paths import ROOT, SEEDS

EVAL = ROOT.parent / "shared" / "eval"
# A ratchet: what main reaches now, raised as extraction improves (the aim is P 0.80, R 0.70, entities 0.90).
THRESHOLDS = {"precision": 0.84, "recall": 0.53, "entity_recall_typed": 0.88}
# dev17-dev31 are looked at only through these totals: the half that rules are not developed on.
CHECK_HALF = [f"dev{n}" for n in range(17, 32)]
CHECK_THRESHOLDS = {"precision": 0.66, "recall": 0.22, "entity_recall_typed": 0.80}

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
    check_gold = tmp_path_factory.mktemp("check-half-gold")
    for path in (EVAL / "gold").glob("*.json"):
        if path.stem.split("_")[0] in CHECK_HALF:
            shutil.copy(path, check_gold / path.name)
    return {"all": score(EVAL / "gold", tables), "check": score(check_gold, tables)}


def score(gold: Path, tables: dict[str, Path]) -> dict:
    scored = subprocess.run([sys.executable, str(EVAL / "score.py"), str(gold), str(tables["claims"]),
                             str(tables["entities"]), "--json"], capture_output=True, text=True, check=True)
    return json.loads(scored.stdout)


@pytest.mark.parametrize("measure", sorted(THRESHOLDS))
def test_meets_the_bar(scores, measure):
    whole = scores["all"]
    assert whole[measure] >= THRESHOLDS[measure], json.dumps(
        {doc: {"missed": d["missed"], "wrong": d["wrong"]} for doc, d in whole["docs"].items()}, indent=1)


@pytest.mark.parametrize("measure", sorted(CHECK_THRESHOLDS))
def test_the_check_half_meets_its_bar(scores, measure):
    assert scores["check"][measure] >= CHECK_THRESHOLDS[measure]


def test_every_gold_document_was_scored(scores):
    gold = {path.stem for path in (EVAL / "gold").glob("*.json")}
    assert set(scores["all"]["docs"]) == gold
    assert set(scores["check"]["docs"]) == {stem for stem in gold if stem.split("_")[0] in CHECK_HALF}
