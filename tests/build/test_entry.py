"""Extraction cache entries read back (build/entry.py): whatever an entry file holds, reading it gives the
extraction that was stored or None (parse again), never an exception or a value later stages refuse."""
from __future__ import annotations

import json
from pathlib import Path

import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from kgraph.build.cache import ExtractionCache, extraction_to_json
from kgraph.records import Claim, ClaimRef, Document, Entity, Evidence, Extraction

TEXT = "The United Nations accused Hamas of war crimes."
DOCUMENT = Document(id="a", text=TEXT, source="a.txt", content_hash="h")
STORED = Extraction(
    document=DOCUMENT,
    entities=(Entity(key="actor/united-nations", label="United Nations", type="IntergovernmentalOrganisation",
                     wikidata="Q1065", docs=("a",)),
              Entity(key="actor/hamas", label="Hamas", type="ArmedGroup", docs=("a",))),
    claims=(Claim(kind="accusation", evidence=Evidence("a", 0, len(TEXT), TEXT), claimant="actor/united-nations",
                  target="actor/hamas", charge="war-crimes", charge_text="war crimes", date="2024-03",
                  confidence=0.9, trigger="accuse",
                  refutes=(ClaimRef("accusation", "actor/hamas", None, None),)),
            Claim(kind="figure", evidence=Evidence("a", 4, 18, "United Nations"), quantity="killed", value=1200.0)),
)

JSON = st.recursive(st.none() | st.booleans() | st.integers() | st.floats() | st.text(max_size=8),
                    lambda inner: st.lists(inner, max_size=4) | st.dictionaries(st.text(max_size=8), inner, max_size=4),
                    max_leaves=20)


@pytest.fixture
def cache(tmp_path: Path) -> ExtractionCache:
    return ExtractionCache(tmp_path, "v")


def write_entry(cache: ExtractionCache, data: bytes) -> None:
    cache.folder.mkdir(parents=True, exist_ok=True)
    (cache.folder / f"{cache.key(DOCUMENT)}.json").write_bytes(data)


def test_an_entry_reads_back_as_the_extraction_stored(cache):
    cache.put(STORED)
    assert cache.get(DOCUMENT) == STORED


def paths(data, prefix=()):
    """Every (path, value) in nested JSON data, to replace one value at a time."""
    yield prefix, data
    items = data.items() if isinstance(data, dict) else enumerate(data) if isinstance(data, list) else ()
    for key, value in items:
        yield from paths(value, (*prefix, key))


def replaced(data, path, value):
    if not path:
        return value
    copy = dict(data) if isinstance(data, dict) else list(data)
    copy[path[0]] = replaced(data[path[0]], path[1:], value)
    return copy


STORED_JSON = extraction_to_json(STORED)
PATHS = [path for path, _ in paths(STORED_JSON)]


@settings(max_examples=300, deadline=None, suppress_health_check=[HealthCheck.function_scoped_fixture])
@given(index=st.integers(0, len(PATHS) - 1), value=JSON)
def test_any_one_value_replaced_reads_back_as_valid_or_none(cache, index, value):
    data = replaced(STORED_JSON, PATHS[index], value)
    write_entry(cache, json.dumps(data, allow_nan=True).encode())
    extraction = cache.get(DOCUMENT)
    assert extraction is None or extraction == STORED or valid(extraction)


def valid(extraction: Extraction) -> bool:
    """What later stages rely on: known kinds and types, finite bounded numbers, claims naming entities."""
    from kgraph.knowledge import load_knowledge
    from kgraph.rdf.mapping import date_literal, decimal_literal
    from kgraph.vocab import CLAIM_CLASSES, ENTITY_CLASSES, EPISTEMIC_STATUS

    keys = {entity.key for entity in extraction.entities}
    for entity in extraction.entities:
        assert entity.type in ENTITY_CLASSES and entity.key and set(entity.docs) <= {"a"}
    for claim in extraction.claims:
        assert claim.kind in CLAIM_CLASSES and claim.status in EPISTEMIC_STATUS
        assert 0 <= claim.confidence <= 1 and (claim.value is None or 0 <= claim.value <= 1e15)
        assert claim.charge is None or claim.charge in load_knowledge().charges
        assert {claim.claimant, claim.target, claim.event, claim.report} - {None} <= keys
        assert claim.evidence.doc == "a" and 0 <= claim.evidence.start <= claim.evidence.end <= len(TEXT)
        decimal_literal(claim.confidence)
        if claim.date:
            date_literal(claim.date)
    return True


@settings(max_examples=100, deadline=None, suppress_health_check=[HealthCheck.function_scoped_fixture])
@given(data=st.binary(max_size=64) | JSON.map(lambda v: json.dumps(v).encode()))
def test_any_bytes_read_back_as_none(cache, data):
    write_entry(cache, data)
    assert cache.get(DOCUMENT) is None
