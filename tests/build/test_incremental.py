"""The extraction cache and parallel build: same bytes as a clean build, whatever was cached or how many processes."""
from __future__ import annotations

import json
import shutil
from pathlib import Path

import pytest
from rdflib import Graph
from rdflib.namespace import RDF

from kgraph.build import build
from kgraph.build.cache import ExtractionCache, pipeline_version
from kgraph.ingest import read_document
from kgraph.nlp import MODEL_NAME
from kgraph.vocab import KG

from helpers.paths import SEED

OTHER = """date 2024-03-02

Human Rights Watch accused M23 of war crimes in North Kivu on Tuesday. The M23 denied the accusations.

The United Nations said 1,200 people were killed in Goma since January. Amnesty International urged Rwanda
to release all civilians held in Goma.
"""
THIRD = """date 2023-11-20

Amnesty International said Hamas was chiefly responsible for the attack on Kibbutz Be'eri.
Human Rights Watch called for an immediate ceasefire in Gaza.
"""


@pytest.fixture
def corpus(tmp_path: Path) -> Path:
    folder = tmp_path / "seeds"
    folder.mkdir()
    shutil.copy(SEED, folder / "a_seed.txt")
    (folder / "b_other.txt").write_text(OTHER, encoding="utf-8")
    (folder / "c_third.txt").write_text(THIRD, encoding="utf-8")
    return folder


def outputs(folder: Path) -> dict[str, bytes]:
    return {name: (folder / name).read_bytes() for name in ("kgraph.ttl", "kgraph.trig")}


def run(seeds: Path, out: Path, cache_dir: Path | None, **options):
    options = {"jobs": 1, **options}
    return build(seeds, out, progress=False, view=False, cache=cache_dir is not None, cache_dir=cache_dir, **options)


def test_cache_hit_gives_the_same_bytes_as_a_clean_build(corpus, tmp_path):
    clean = run(corpus, tmp_path / "clean", None)
    first = run(corpus, tmp_path / "first", tmp_path / "cache")
    again = run(corpus, tmp_path / "again", tmp_path / "cache")
    assert (clean.parsed, first.parsed, again.parsed) == (3, 3, 0)
    assert outputs(tmp_path / "again") == outputs(tmp_path / "first") == outputs(tmp_path / "clean")


def test_a_changed_document_is_parsed_again_and_the_output_matches_a_clean_build(corpus, tmp_path):
    run(corpus, tmp_path / "out", tmp_path / "cache")
    other = corpus / "b_other.txt"
    other.write_text(OTHER.replace("war crimes", "crimes against humanity"), encoding="utf-8")
    rebuilt = run(corpus, tmp_path / "out", tmp_path / "cache")
    assert rebuilt.parsed == 1
    run(corpus, tmp_path / "clean", None)
    assert outputs(tmp_path / "out") == outputs(tmp_path / "clean")
    assert b"crimes-against-humanity" in (tmp_path / "out" / "kgraph.ttl").read_bytes()


def test_a_removed_document_leaves_no_claims_or_evidence(corpus, tmp_path):
    run(corpus, tmp_path / "out", tmp_path / "cache")
    (corpus / "b_other.txt").unlink()
    run(corpus, tmp_path / "out", tmp_path / "cache")
    text = (tmp_path / "out" / "kgraph.trig").read_text(encoding="utf-8")
    assert "b_other" not in text
    graph = Graph().parse(tmp_path / "out" / "kgraph.ttl")
    sources = {str(o) for o in graph.objects(None, KG.evidence)}
    assert sources and not any("b_other" in s for s in sources)
    run(corpus, tmp_path / "clean", None)
    assert outputs(tmp_path / "out") == outputs(tmp_path / "clean")


@pytest.mark.parametrize("damage", [b"", b"{not json", b'{"document": {"id": "x"}}', b"\x00\xff" * 10])
def test_a_corrupt_cache_entry_is_recomputed(corpus, tmp_path, damage):
    cache_dir = tmp_path / "cache"
    run(corpus, tmp_path / "first", cache_dir)
    cache = ExtractionCache(cache_dir, pipeline_version(MODEL_NAME))
    entry = cache.folder / f"{cache.key(read_document(corpus / 'b_other.txt'))}.json"
    assert entry.is_file()
    entry.write_bytes(damage)
    again = run(corpus, tmp_path / "again", cache_dir)
    assert again.parsed == 1
    assert outputs(tmp_path / "again") == outputs(tmp_path / "first")
    json.loads(entry.read_bytes())  # rewritten whole


def test_a_changed_document_in_a_worker_and_a_damaged_entry_here_rebuild_as_a_clean_build(corpus, tmp_path):
    cache_dir = tmp_path / "cache"
    run(corpus, tmp_path / "out", cache_dir)
    cache = ExtractionCache(cache_dir, pipeline_version(MODEL_NAME))
    (cache.folder / f"{cache.key(read_document(corpus / 'c_third.txt'))}.json").write_bytes(b"{not json")
    (corpus / "b_other.txt").write_text(OTHER.replace("war crimes", "torture"), encoding="utf-8")
    rebuilt = run(corpus, tmp_path / "out", cache_dir, jobs=2)  # b: no entry, to a worker; c: unreadable, here
    assert rebuilt.parsed == 2
    run(corpus, tmp_path / "clean", None)
    assert outputs(tmp_path / "out") == outputs(tmp_path / "clean")
    assert b"kgc:torture" in (tmp_path / "out" / "kgraph.ttl").read_bytes()


def test_an_entry_for_another_document_is_not_trusted(corpus, tmp_path):
    cache_dir = tmp_path / "cache"
    run(corpus, tmp_path / "first", cache_dir)
    cache = ExtractionCache(cache_dir, pipeline_version(MODEL_NAME))
    seed_entry = cache.folder / f"{cache.key(read_document(corpus / 'a_seed.txt'))}.json"
    other_entry = cache.folder / f"{cache.key(read_document(corpus / 'b_other.txt'))}.json"
    other_entry.write_bytes(seed_entry.read_bytes())  # a swapped entry must not put the seed's claims under b
    again = run(corpus, tmp_path / "again", cache_dir)
    assert again.parsed == 1
    assert outputs(tmp_path / "again") == outputs(tmp_path / "first")


def test_no_cache_reads_and_writes_nothing(corpus, tmp_path, monkeypatch):
    monkeypatch.setenv("KGRAPH_CACHE_DIR", str(tmp_path / "cache"))
    result = build(corpus, tmp_path / "out", progress=False, view=False, jobs=1, cache=False)
    assert result.parsed == 3
    assert not (tmp_path / "cache").exists()


def test_two_jobs_give_the_same_bytes_as_one(tmp_path):
    seeds = tmp_path / "seeds"
    seeds.mkdir()
    for n in range(40):  # more than one batch per worker
        text = OTHER.replace("1,200", f"{1200 + n:,}").replace("Tuesday", ["Monday", "Friday"][n % 2])
        (seeds / f"doc_{n:03d}.txt").write_text(text, encoding="utf-8")
    one = build(seeds, tmp_path / "one", progress=False, view=False, jobs=1, cache=False)
    two = build(seeds, tmp_path / "two", progress=False, view=False, jobs=2, cache=False)
    assert one.triples == two.triples > 0
    assert outputs(tmp_path / "two") == outputs(tmp_path / "one")


def test_the_output_validates_and_types_every_claim(corpus, tmp_path):
    run(corpus, tmp_path / "out", None)
    graph = Graph().parse(tmp_path / "out" / "kgraph.ttl")
    kinds = {o for s in graph.subjects(RDF.type, KG.Claim) for o in graph.objects(s, RDF.type)} - {KG.Claim}
    assert {KG.Accusation, KG.Denial, KG.FigureClaim, KG.Appeal} <= kinds


def test_the_trig_written_by_a_forked_process_is_the_same(corpus, tmp_path):
    from kgraph.build.outputs import write_outputs
    from kgraph.knowledge import load_knowledge
    from kgraph.rdf.mapping import graph_triples
    from kgraph.rdf.merge import merge_claims, merge_entities
    from kgraph.rdf.serialize import TermConverter

    result = run(corpus, tmp_path / "built", None)
    assert result.triples > 0
    documents = [read_document(path) for path in sorted(corpus.glob("*.txt"))]
    from kgraph.build import extract_documents

    extractions = list(extract_documents(documents, progress=False, jobs=1))
    graphs = graph_triples(documents, merge_entities(extractions), merge_claims(extractions), load_knowledge())
    lines = TermConverter().lines(set().union(*graphs.values()))
    here = write_outputs(graphs, lines, tmp_path / "here", view=False, fork=False)
    forked = write_outputs(graphs, lines, tmp_path / "forked", view=False, fork=True)
    assert [p.name for p in here] == [p.name for p in forked] == ["kgraph.ttl", "kgraph.trig"]
    assert outputs(tmp_path / "forked") == outputs(tmp_path / "here") == outputs(tmp_path / "built")


def test_a_failing_check_replaces_nothing_even_with_a_forked_writer(corpus, tmp_path):
    from kgraph.build.outputs import write_outputs
    from kgraph.errors import ValidationError

    run(corpus, tmp_path / "out", None)
    before = outputs(tmp_path / "out")

    def failing() -> None:
        raise ValidationError("no")

    with pytest.raises(ValidationError):
        write_outputs({None: set()}, [], tmp_path / "out", view=False, check=failing, fork=True)
    assert outputs(tmp_path / "out") == before
    assert not [p for p in (tmp_path / "out").iterdir() if p.name.endswith(".tmp")]



def test_a_rebuild_validates_only_the_parts_that_changed(corpus, tmp_path, monkeypatch):
    from kgraph.rdf import shacl as validation

    monkeypatch.setattr(validation, "PART_TRIPLES", 20)
    validated = []
    real = validation.part_violations
    monkeypatch.setattr(validation, "part_violations", lambda text: validated.append(text) or real(text))
    run(corpus, tmp_path / "out", tmp_path / "cache")
    parts = len(validated)
    assert parts >= 8
    validated.clear()
    run(corpus, tmp_path / "out", tmp_path / "cache")
    assert validated == []
    third = corpus / "c_third.txt"
    third.write_text(THIRD + "Amnesty International urged Israel to lift the siege of Gaza.\n", encoding="utf-8")
    run(corpus, tmp_path / "out", tmp_path / "cache")
    assert 0 < len(validated) <= parts // 4
    assert any("lift the siege of Gaza" in text for text in validated)
    run(corpus, tmp_path / "clean", None)
    assert outputs(tmp_path / "out") == outputs(tmp_path / "clean")


def test_old_verdicts_and_old_pipeline_versions_are_pruned_but_not_each_other(tmp_path):
    import os
    import time

    from kgraph.build.cache import STALE_SECONDS, VerdictCache

    verdicts = VerdictCache(tmp_path)
    verdicts.add("a" * 64)
    verdicts.add("b" * 64)
    assert "a" * 64 in verdicts and "c" * 64 not in verdicts
    old = time.time() - STALE_SECONDS - 60
    os.utime(tmp_path / "shacl" / ("b" * 64), (old, old))
    os.utime(tmp_path / "shacl", (old, old))
    (tmp_path / "old-version").mkdir()
    os.utime(tmp_path / "old-version", (old, old))
    assert ExtractionCache(tmp_path, "current").prune() == 1  # the old pipeline's folder, not shacl/
    assert [p.name for p in tmp_path.iterdir()] == ["shacl"]
    assert verdicts.prune() == 1
    assert [p.name for p in (tmp_path / "shacl").iterdir()] == ["a" * 64]


def test_a_terminal_sees_extraction_and_validation_progress(corpus, tmp_path, monkeypatch, capsys):
    from kgraph.rdf import shacl as validation

    monkeypatch.setattr(validation, "PART_TRIPLES", 20)
    build(corpus, tmp_path / "out", progress=True, view=False, jobs=1, cache=False)
    shown = capsys.readouterr().err
    assert "extracting: 100%" in shown and "3/3" in shown
    assert "validating: 100%" in shown and "part/s]" in shown
    build(corpus, tmp_path / "quiet", progress=False, view=False, jobs=1, cache=False)
    assert capsys.readouterr().err == ""


def entry_of(cache_dir: Path, corpus: Path, name: str) -> Path:
    cache = ExtractionCache(cache_dir, pipeline_version(MODEL_NAME))
    return cache.folder / f"{cache.key(read_document(corpus / name))}.json"


def deep(levels: int) -> str:
    return "[" * levels + "]" * levels


# Valid JSON with values no later stage expects: each stopped every later build (the entry was trusted)
WRONG_VALUES = [
    pytest.param(lambda e: e["claims"][0].update(kind="rumour"), id="unknown-kind"),
    pytest.param(lambda e: e["claims"][0].update(status="proven"), id="unknown-status"),
    pytest.param(lambda e: e["claims"][0].update(confidence=1e400), id="infinite-confidence"),
    pytest.param(lambda e: e["claims"][0].update(confidence="0.9"), id="confidence-as-text"),
    pytest.param(lambda e: [c.update(value=1e29) for c in e["claims"] if c["kind"] == "figure"], id="figure-1e29"),
    pytest.param(lambda e: e["claims"][0].update(date="2023-W01-1"), id="week-date"),
    pytest.param(lambda e: e["claims"][0].update(charge="heresy"), id="unknown-charge"),
    pytest.param(lambda e: e["claims"][0].update(claimant="actor/nobody"), id="claimant-not-an-entity"),
    pytest.param(lambda e: e["claims"][0]["evidence"].update(end=10**9), id="quote-past-the-end"),
    pytest.param(lambda e: e["claims"][0]["evidence"].update(doc="a_seed"), id="quote-of-another-document"),
    pytest.param(lambda e: e["entities"][0].update(docs=["b_other", "elsewhere"]), id="entity-of-another-document"),
    pytest.param(lambda e: e["entities"][0].update(type="Wizard"), id="unknown-entity-type"),
    pytest.param(lambda e: e.update(extra=1), id="unknown-field"),
]


@pytest.mark.parametrize("damage", WRONG_VALUES)
def test_an_entry_with_wrong_values_is_parsed_again(corpus, tmp_path, damage):
    cache_dir = tmp_path / "cache"
    run(corpus, tmp_path / "first", cache_dir)
    entry = entry_of(cache_dir, corpus, "b_other.txt")
    data = json.loads(entry.read_bytes())
    assert {c["kind"] for c in data["claims"]} >= {"figure", "accusation"}
    damage(data)
    entry.write_text(json.dumps(data), encoding="utf-8")
    again = run(corpus, tmp_path / "again", cache_dir)
    assert again.parsed == 1
    assert outputs(tmp_path / "again") == outputs(tmp_path / "first")
    assert run(corpus, tmp_path / "third", cache_dir).parsed == 0  # rewritten whole, and read back


def test_an_entry_nested_too_deep_for_python_is_parsed_again(corpus, tmp_path):
    """json.loads raised RecursionError (no ValueError) on this, which stopped every later build."""
    cache_dir = tmp_path / "cache"
    run(corpus, tmp_path / "first", cache_dir)
    entry = entry_of(cache_dir, corpus, "b_other.txt")
    text = entry.read_text(encoding="utf-8")
    assert '"aliases":[' in text
    entry.write_text(text.replace('"aliases":[', '"aliases":[' + deep(100_000) + ",", 1), encoding="utf-8")
    assert run(corpus, tmp_path / "again", cache_dir).parsed == 1
    assert outputs(tmp_path / "again") == outputs(tmp_path / "first")
