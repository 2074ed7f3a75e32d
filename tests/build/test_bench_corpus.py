"""bench/corpus.py: the same seed gives the same articles, all different, stating every kind of claim."""
from __future__ import annotations

from kgraph.build import build

from helpers.bench import bench_module


def corpus_module():
    return bench_module("corpus")


def test_the_corpus_is_deterministic_and_has_no_duplicates(tmp_path):
    corpus = corpus_module()
    first = corpus.write_corpus(30, tmp_path / "a", seed=3)
    second = corpus.write_corpus(30, tmp_path / "b", seed=3)
    other = corpus.write_corpus(30, tmp_path / "c", seed=4)
    texts = [p.read_bytes() for p in first]
    assert [p.name for p in first] == [p.name for p in second]
    assert texts == [p.read_bytes() for p in second]
    assert texts != [p.read_bytes() for p in other]
    assert len(set(texts)) == 30
    assert all(t.startswith(b"date 20") for t in texts)


def test_the_corpus_states_every_claim_kind(tmp_path):
    corpus = corpus_module()
    corpus.write_corpus(8, tmp_path / "seeds", seed=0)
    result = build(tmp_path / "seeds", tmp_path / "out", progress=False, view=False, jobs=1, cache=False)
    assert set(result.claims_by_kind) == {"accusation", "responsibility", "denial", "figure", "appeal"}
    assert all(n > 0 for n in result.claims_by_kind.values())
