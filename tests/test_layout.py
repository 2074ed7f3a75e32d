"""The package is laid out by stage, and each stage imports only from the stages before it."""
from __future__ import annotations

import ast

from helpers.paths import ROOT

PACKAGE = ROOT / "src" / "kgraph"
STAGES = ["knowledge", "ingest", "nlp", "extract", "rdf", "build", "store", "read", "cli"]
# The build draws the HTML view of what it built: the one call from a stage to a later one, made lazily.
ALLOWED_LATER = {("build/outputs.py", "kgraph.read.view"), ("build/outputs.py", "kgraph.store")}


def imports(path) -> list[str]:
    tree = ast.parse(path.read_text(encoding="utf-8"))
    return [node.module for node in ast.walk(tree)
            if isinstance(node, ast.ImportFrom) and node.module and node.module.startswith("kgraph")]


def rank(module_parts: tuple[str, ...]) -> int:
    """A stage's place in the pipeline; the shared top-level modules (errors, records, vocab...) come first."""
    return STAGES.index(module_parts[0]) if module_parts[0] in STAGES else -1


def test_each_stage_imports_only_from_earlier_stages():
    later = []
    for path in PACKAGE.rglob("*.py"):
        parts = path.relative_to(PACKAGE).parts
        if parts == ("__main__.py",):
            continue
        own = rank(parts) if len(parts) > 1 else -1
        for module in imports(path):
            target = tuple(module.split(".")[1:]) or ("",)
            if rank(target) > own and (path.relative_to(PACKAGE).as_posix(), module) not in ALLOWED_LATER:
                later.append(f"{path.relative_to(PACKAGE)} imports {module}")
    assert later == []


def test_the_tree_shows_the_stages_and_no_module_is_long():
    assert all((PACKAGE / stage).is_dir() for stage in STAGES)
    long = {path.relative_to(PACKAGE).as_posix(): n for path in PACKAGE.rglob("*.py")
            if (n := len(path.read_text(encoding="utf-8").splitlines())) > 320}
    assert long == {}
