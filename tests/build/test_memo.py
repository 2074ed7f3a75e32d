"""A build with a memo (as `kgraph watch` keeps one) writes a clean build's bytes and validates what changed."""
from __future__ import annotations

from pathlib import Path

import pytest

from kgraph.build import build
from kgraph.build import memo as module
from kgraph.build.memo import BuildMemo
from kgraph.errors import ValidationError

FIRST = """date 2024-03-02

Human Rights Watch accused M23 of war crimes in North Kivu on Tuesday. The M23 denied the accusations.
"""
SECOND = """date 2023-11-20

Amnesty International said Hamas was chiefly responsible for the attack on Kibbutz Be'eri.
Amnesty International also accused Hamas of hostage-taking.
"""
NAMES = ("kgraph.ttl", "kgraph.trig", "kgraph.html")


def outputs(folder: Path) -> dict[str, bytes]:
    return {name: (folder / name).read_bytes() for name in NAMES}


def test_each_rebuild_writes_what_a_clean_build_writes(tmp_path):
    seeds, memo = tmp_path / "seeds", BuildMemo()
    seeds.mkdir()
    (seeds / "a.txt").write_text(FIRST, encoding="utf-8")
    edits = [lambda: (seeds / "b.txt").write_text(SECOND, encoding="utf-8"),
             lambda: (seeds / "a.txt").write_text(FIRST.replace("war crimes", "torture"), encoding="utf-8"),
             lambda: (seeds / "b.txt").unlink()]
    for step, edit in enumerate([lambda: None, *edits]):
        edit()
        build(seeds, tmp_path / "memo", jobs=1, cache=False, progress=False, memo=memo)
        build(seeds, tmp_path / f"clean{step}", jobs=1, cache=False, progress=False)
        assert outputs(tmp_path / "memo") == outputs(tmp_path / f"clean{step}")
        assert memo.conformed is not None


def test_a_graph_that_does_not_conform_is_no_base_for_the_next(tmp_path, monkeypatch):
    seeds, memo = tmp_path / "seeds", BuildMemo()
    seeds.mkdir()
    (seeds / "a.txt").write_text(FIRST, encoding="utf-8")
    build(seeds, tmp_path / "out", jobs=1, cache=False, progress=False, memo=memo)
    (seeds / "b.txt").write_text(SECOND, encoding="utf-8")
    monkeypatch.setattr(module, "changed_violations", lambda lines, before: ["<x> <p>: broken"])
    with pytest.raises(ValidationError, match="<x> <p>: broken"):
        build(seeds, tmp_path / "out", jobs=1, cache=False, progress=False, memo=memo)
    assert memo.conformed is None
    monkeypatch.undo()
    validated_whole = []
    monkeypatch.setattr(module, "violations_in", lambda *args, **options: validated_whole.append(1) or [])
    build(seeds, tmp_path / "out", jobs=1, cache=False, progress=False, memo=memo)
    assert validated_whole == [1]
    assert memo.conformed is not None
