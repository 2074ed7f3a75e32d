"""Extraction quality by kind of article: press releases, wire and news stories, relayed statements.

Builds the seed and the development articles of the evaluation set beside the project
(../shared/eval, or --eval DIR), scores what `kgraph claims` and `kgraph entities` print with the
set's own score.py, and prints a markdown table per article kind plus the whole set and each half.
The kind of an article comes from the outlet column of dev/SOURCES.md. Gold files are read only by
score.py: nothing here feeds the extractor.

    .venv/bin/python bench/evaluate.py            # the README's table
"""
from __future__ import annotations

import argparse
import json
import shutil
import subprocess
import sys
import tempfile
from pathlib import Path

from click.testing import CliRunner

from kgraph.build import build
from kgraph.cli import main

ROOT = Path(__file__).resolve().parents[1]
KINDS = ("press release", "wire or news story", "relayed statement")
CHECK_HALF = {f"dev{n}" for n in range(17, 32)}


def article_kind(outlet: str) -> str:
    """A press release names itself ("(press release)", "UN News"); a relayed statement says it relays one."""
    outlet = outlet.lower()
    if "press release" in outlet or "un news" in outlet:
        return "press release"
    if "statement" in outlet:
        return "relayed statement"
    return "wire or news story"


def kinds_of(sources: Path) -> dict[str, str]:
    """Article stem -> kind, from SOURCES.md lines `- file | outlet | ...` (the last line of a file wins)."""
    kinds = {}
    for line in sources.read_text(encoding="utf-8").splitlines():
        cells = [cell.strip() for cell in line.removeprefix("- ").split("|")]
        if line.startswith("- ") and len(cells) > 2 and cells[0].endswith(".txt"):
            kinds[cells[0].removesuffix(".txt")] = article_kind(cells[1])
    return kinds


def tables(articles: Path, work: Path) -> dict[str, Path]:
    """Build the articles and write the claims and entities tables score.py reads."""
    build(articles, work / "graph", progress=False, view=False)
    out = {}
    for command in ("claims", "entities"):
        result = CliRunner().invoke(main, [command, str(work / "graph" / "kgraph.ttl")])
        if result.exit_code != 0:
            raise SystemExit(f"kgraph {command} failed: {result.output}")
        out[command] = work / f"{command}.jsonl"
        out[command].write_text(result.output, encoding="utf-8")
    return out


def score(evaluation: Path, stems: list[str], found: dict[str, Path], work: Path, name: str) -> dict:
    """score.py's totals over the gold files of some articles."""
    gold = work / "gold" / name.replace(" ", "-")
    gold.mkdir(parents=True)
    for stem in stems:
        shutil.copy(evaluation / "gold" / f"{stem}.json", gold / f"{stem}.json")
    scored = subprocess.run([sys.executable, str(evaluation / "score.py"), str(gold), str(found["claims"]),
                             str(found["entities"]), "--json"], capture_output=True, text=True, check=True)
    return json.loads(scored.stdout)


def row(name: str, count: int, scores: dict) -> str:
    return (f"| {name} | {count} | {scores['precision']:.2f} | {scores['recall']:.2f} | {scores['f1']:.2f} "
            f"| {scores['entity_recall_typed']:.2f} |")


def main_cli() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--eval", type=Path, default=ROOT.parent / "shared" / "eval", help="the evaluation set")
    options = parser.parse_args()
    evaluation = options.eval
    if not (evaluation / "score.py").is_file():
        raise SystemExit(f"no evaluation set at {evaluation} (score.py missing)")
    kinds = kinds_of(evaluation / "dev" / "SOURCES.md")
    stems = sorted(path.stem for path in (evaluation / "gold").glob("*.json"))
    with tempfile.TemporaryDirectory(prefix="kgraph-eval-") as folder:
        work = Path(folder)
        articles = work / "articles"
        articles.mkdir()
        for path in [*(ROOT / "seeds").glob("*.txt"), *(evaluation / "dev").glob("*.txt")]:
            shutil.copy(path, articles / path.name)
        found = tables(articles, work)
        groups = {kind: [s for s in stems if kinds.get(s, "wire or news story") == kind] for kind in KINDS}
        groups["all"] = stems
        groups["dev17-dev31 (check half)"] = [s for s in stems if s.split("_")[0] in CHECK_HALF]
        print("| articles | n | claims precision | claims recall | F1 | typed entities |")
        print("| --- | --- | --- | --- | --- | --- |")
        for name, members in groups.items():
            if members:
                print(row(name, len(members), score(evaluation, members, found, work, name)))


if __name__ == "__main__":
    main_cli()
