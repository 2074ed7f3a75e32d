"""Every extraction case in tests/extract/cases/*.toml, run through the real pipeline (one test per case)."""
from __future__ import annotations

from dataclasses import fields
from pathlib import Path

import pytest

from kgraph.records import Claim, Evidence

from helpers.cases import CLAIM_FIELDS, ENTITY_FIELDS, Case, CaseError, entity_view, read_cases, rows
from helpers.extraction import run

CASE_FILES = sorted((Path(__file__).parent / "cases").glob("*.toml"))
CASES = [case for path in CASE_FILES for case in read_cases(path)]


@pytest.mark.parametrize("case", CASES, ids=[case.id for case in CASES])
def test_case(case: Case) -> None:
    extraction = run(case.text, publisher=case.publisher or None)
    found = rows(list(extraction.claims), case)
    if case.claims is not None:
        assert (sorted(found) if case.sort else found) == case.claims
    for row in case.includes:
        assert row in found
    for row in case.excludes:
        assert row not in found
    entities = {entity.key: entity for entity in extraction.entities}
    for expected in case.entities:
        assert expected["key"] in entities
        assert entity_view(entities[expected["key"]], expected) == expected
    for key in case.absent_entities:
        assert key not in entities


def test_every_case_file_holds_cases_with_names_unique_in_it():
    names = {path.stem: [case.name for case in read_cases(path)] for path in CASE_FILES}
    families = ["accusations", "appeals", "denials", "events", "figures", "parties", "responsibility", "voice"]
    assert set(families) <= set(names)
    assert all(stem.split("-")[0] in families for stem in names)  # more cases of a family: "events-entities"
    assert all(names.values())
    assert {stem: len(set(found)) for stem, found in names.items()} == {stem: len(found) for stem, found in names.items()}


def test_a_misspelt_key_is_an_error_naming_the_file_and_the_case(tmp_path):
    path = tmp_path / "typo.toml"
    path.write_text('[[case]]\nname = "one"\ntext = "x"\nclaim = []\n', encoding="utf-8")
    with pytest.raises(CaseError) as error:
        read_cases(path)
    assert str(error.value) == f"{path}: case 1 (one): Case.__init__() got an unexpected keyword argument 'claim'"


def test_an_unknown_field_is_an_error_listing_the_known_ones(tmp_path):
    path = tmp_path / "field.toml"
    path.write_text('[[case]]\nname = "one"\ntext = "x"\nfields = ["kind", "actor"]\n', encoding="utf-8")
    with pytest.raises(CaseError) as error:
        read_cases(path)
    assert str(error.value).startswith(f"{path}: case 1 (one): unknown field 'actor'; known: kind, claimant, target, ")


def test_rows_shorten_actor_keys_keep_other_keys_and_write_nothing_as_empty():
    evidence = Evidence(doc="t", start=0, end=1, quote="x")
    claim = Claim(kind="figure", evidence=evidence, claimant="actor/unicef", event="event/fighting", quantity="killed")
    case = Case(name="one", text="x", fields=["kind", "claimant", "target", "event", "value", "what"])
    assert rows([claim], case) == [["figure", "unicef", "", "event/fighting", "", ""]]
    assert rows([claim], Case(name="two", text="x", kinds=["appeal"])) == []
    assert rows([claim], Case(name="three", text="x", where={"quantity": "displaced"})) == []


def test_every_key_and_field_is_documented_in_the_guide():
    guide = (Path(__file__).parent / "cases" / "README.md").read_text(encoding="utf-8")
    keys = [f.name for f in fields(Case) if f.name != "file"]
    assert [name for name in [*keys, *CLAIM_FIELDS, *ENTITY_FIELDS] if f"`{name}`" not in guide] == []


@pytest.mark.parametrize(("body", "problem"), [
    ('kinds = ["acusation"]\nclaims = []', "unknown kind 'acusation'; known: accusation, "),
    ('entities = [{ label = "Hamas" }]', "every entry of entities needs a key"),
    ('kinds = ["denial"]', "nothing to check: give claims, includes, excludes, entities or absent_entities"),
])
def test_a_case_that_could_check_nothing_is_an_error(tmp_path, body, problem):
    path = tmp_path / "empty.toml"
    path.write_text(f'[[case]]\nname = "one"\ntext = "x"\n{body}\n', encoding="utf-8")
    with pytest.raises(CaseError) as error:
        read_cases(path)
    assert str(error.value).startswith(f"{path}: case 1 (one): {problem}")
