"""The one read model: every reading command reads the same claims from the same store."""
from __future__ import annotations

import re
from pathlib import Path

from kgraph.read.analyse import analyse
from kgraph.read.claims import read_corpus
from kgraph.read.tables import claim_rows, entity_rows
from kgraph.store import open_store

from helpers.small_graph import ID, NORTH, small_graph

SRC = Path(__file__).resolve().parents[2] / "src" / "kgraph"


def definitions(name: str) -> list[str]:
    """The modules under src/kgraph that assign `name` at the top level."""
    pattern = re.compile(rf"^{name}\s*[:=]", re.MULTILINE)
    return sorted(str(p.relative_to(SRC)) for p in SRC.rglob("*.py") if pattern.search(p.read_text(encoding="utf-8")))


def test_shared_constants_are_defined_once_in_vocab():
    for name in ("ACTOR_FAMILIES", "KIND_OF_CLASS", "PREFIX_IRIS"):
        assert definitions(name) == ["vocab.py"], name


def test_tables_are_rows_of_the_read_model():
    corpus = read_corpus(small_graph())
    rows = claim_rows(corpus, unique=True)
    assert [row["id"] for row in rows] == [claim.id for claim in corpus.claims]
    first = rows[0]
    assert (first["claimant"], first["target"], first["charge"], first["sources"], first["doc"]) == (
        "North Front", "South Army", "war crimes", 2, "d1")
    assert [row["label"] for row in entity_rows(corpus)] == [corpus.label(node) for node in corpus.entities]
    assert corpus.entities[NORTH].type == "ArmedGroup" and corpus.entities[NORTH].label == "North Front"


def test_analyse_reads_a_graph_file_and_a_store_folder_alike(tmp_path: Path, seed_graph: Path):
    from kgraph.store import save_store

    save_store(seed_graph / "kgraph.trig", tmp_path / "store")
    from_file = analyse(open_store(seed_graph / "kgraph.ttl"))
    from_folder = analyse(open_store(tmp_path / "store"))
    assert from_file == from_folder
    assert from_file["summary"]["claims"] == 20
    assert f"{ID}claim/" in claim_rows(small_graph())[0]["id"]
