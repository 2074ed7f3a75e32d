"""docs/cli.md is the commands' own --help: regenerated, it must come out the same."""
from __future__ import annotations

import runpy

from helpers.paths import ROOT

GENERATOR = ROOT / "docs" / "cli_reference.py"


def test_the_cli_reference_matches_every_commands_help():
    generated = runpy.run_path(str(GENERATOR))["reference"]()
    written = (ROOT / "docs" / "cli.md").read_text(encoding="utf-8")
    assert written == generated, "docs/cli.md is stale: run `.venv/bin/python docs/cli_reference.py`"


def test_the_reference_has_a_section_per_command():
    written = (ROOT / "docs" / "cli.md").read_text(encoding="utf-8")
    for command in ("analyse", "build", "claims", "entities", "explain", "export", "push", "query", "serve", "view"):
        assert f"\n## kgraph {command}\n" in written
        assert f"Usage: kgraph {command} [OPTIONS]" in written
