"""The README shows what kgraph does: its example row is a row of the seed's claims, its links resolve."""
from __future__ import annotations

import json
import re

from click.testing import CliRunner

from kgraph.cli import main

from helpers.paths import ROOT

README = (ROOT / "README.md").read_text(encoding="utf-8")


def test_the_example_row_is_a_row_of_the_seed_claims(seed_graph):
    example = next(line for line in README.splitlines() if line.startswith('{"kind": '))
    shown = {key: json.loads(value) for key, value in re.findall(r'"(\w+)": ("(?:[^"\\]|\\.)*"|\d+)', example)}
    result = CliRunner().invoke(main, ["claims", str(seed_graph / "kgraph.ttl")])
    rows = [json.loads(line) for line in result.output.splitlines()]
    assert any(all(row.get(key) == value for key, value in shown.items()) for row in rows), shown
    assert len(shown) >= 12


def test_every_linked_page_exists():
    links = re.findall(r"\]\(((?:docs|tests)/[^)#]+)", README)
    assert links and [link for link in links if not (ROOT / link).exists()] == []
