"""The actor gazetteer ontology/actors.toml: well-formed, internally consistent, unambiguous."""
from __future__ import annotations

import re
import tomllib
import unicodedata
from collections import defaultdict

import pytest

from helpers.paths import ROOT

ACTORS_TOML = ROOT / "ontology" / "actors.toml"

TYPES = {
    "Organisation", "HumanRightsOrganisation", "IntergovernmentalOrganisation", "Court",
    "MediaOrganisation", "ArmedGroup", "State", "GovernmentBody", "ArmedForces", "Person", "Place",
}
KEYS = {"id", "label", "type", "aliases", "wikidata", "part_of", "demonyms", "capitals"}
ID_RE = re.compile(r"^[a-z0-9]+(-[a-z0-9]+)*$")
QID_RE = re.compile(r"^Q[1-9][0-9]*$")
BANNED_ALIASES = {"AI", "IS", "US"}


@pytest.fixture(scope="module")
def actors() -> list[dict]:
    with ACTORS_TOML.open("rb") as handle:
        data = tomllib.load(handle)
    assert set(data) == {"actor"}
    return data["actor"]


@pytest.fixture(scope="module")
def by_id(actors) -> dict[str, dict]:
    return {actor["id"]: actor for actor in actors}


def _nfkc(text: str) -> str:
    return unicodedata.normalize("NFKC", text)


def test_parses_and_entries_are_well_formed(actors):
    assert len(actors) > 0
    for actor in actors:
        assert set(actor) <= KEYS, actor
        assert {"id", "label", "type"} <= set(actor), actor
        assert isinstance(actor["label"], str) and actor["label"].strip() == actor["label"] != ""
        for key in ("aliases", "demonyms", "capitals"):
            values = actor.get(key, [])
            assert isinstance(values, list), actor["id"]
            assert all(isinstance(v, str) and v.strip() == v != "" for v in values), actor["id"]
            assert len(values) == len(set(values)), (actor["id"], key)


def test_ids_unique_and_slugs(actors):
    ids = [actor["id"] for actor in actors]
    assert len(ids) == len(set(ids)), sorted(i for i in set(ids) if ids.count(i) > 1)
    for actor_id in ids:
        assert ID_RE.match(actor_id), actor_id


def test_types_allowed(actors):
    for actor in actors:
        assert actor["type"] in TYPES, (actor["id"], actor["type"])


def test_part_of_refers_to_existing_actor(actors, by_id):
    for actor in actors:
        if "part_of" in actor:
            assert actor["part_of"] in by_id, (actor["id"], actor["part_of"])
            assert actor["part_of"] != actor["id"]


def test_part_of_has_no_cycles(actors, by_id):
    for actor in actors:
        seen, current = set(), actor["id"]
        while current is not None:
            assert current not in seen, f"part_of cycle through {actor['id']}"
            seen.add(current)
            current = by_id[current].get("part_of")


def test_wikidata_ids_well_formed_and_unique(actors):
    qids = [actor["wikidata"] for actor in actors if "wikidata" in actor]
    for qid in qids:
        assert isinstance(qid, str) and QID_RE.match(qid), qid
    assert len(qids) == len(set(qids)), sorted(q for q in set(qids) if qids.count(q) > 1)


def test_labels_unique(actors):
    labels = [_nfkc(actor["label"]) for actor in actors]
    assert len(labels) == len(set(labels)), sorted(label for label in set(labels) if labels.count(label) > 1)


def test_no_surface_form_shared_by_two_actors(actors):
    """Labels, aliases and demonyms, compared case-sensitively after NFKC, each name one actor."""
    owners: dict[str, set[str]] = defaultdict(set)
    for actor in actors:
        for form in [actor["label"], *actor.get("aliases", []), *actor.get("demonyms", [])]:
            owners[_nfkc(form)].add(actor["id"])
    shared = {form: sorted(ids) for form, ids in owners.items() if len(ids) > 1}
    assert not shared, shared


def test_demonyms_only_on_states(actors):
    for actor in actors:
        if actor.get("demonyms") or actor.get("capitals"):
            assert actor["type"] == "State", actor["id"]


def test_a_capital_is_the_seat_of_one_state(actors):
    seats = [capital for actor in actors for capital in actor.get("capitals", [])]
    assert len(seats) == len(set(seats))
    assert {"Moscow", "Kyiv", "Beijing", "Caracas"} <= set(seats)


def test_no_ambiguous_short_aliases(actors):
    for actor in actors:
        bad = BANNED_ALIASES & {_nfkc(a) for a in actor.get("aliases", [])}
        if actor["id"] == "united-states":
            bad -= {"US"}
        assert not bad, (actor["id"], bad)


def test_at_least_all_un_member_states(actors):
    assert sum(actor["type"] == "State" for actor in actors) >= 193


def test_known_entries(by_id):
    hamas = by_id["hamas"]
    assert hamas["type"] == "ArmedGroup"

    qassam = by_id["al-qassam-brigades"]
    assert qassam["part_of"] == "hamas"
    assert {"Izzedine al-Qassam Brigades", "al-Qassam Brigades"} <= set(qassam["aliases"])

    israel = by_id["israel"]
    assert israel["type"] == "State"
    assert "Israeli" in israel["demonyms"]
    assert israel["wikidata"] == "Q801"

    amnesty = by_id["amnesty-international"]
    assert amnesty["type"] == "HumanRightsOrganisation"
    assert "Amnesty" in amnesty["aliases"]

    assert "M23" in by_id["m23"]["aliases"]

    ministry = by_id["gaza-health-ministry"]
    assert ministry["type"] == "GovernmentBody"
    assert "Hamas Health Ministry" in ministry["aliases"]

    united_states = by_id["united-states"]
    assert united_states["type"] == "State"
    assert united_states["wikidata"] == "Q30"


def test_read_actors_loads_file():
    knowledge = pytest.importorskip("kgraph.knowledge")
    loaded = knowledge.read_actors(ACTORS_TOML)
    assert {"hamas", "israel", "amnesty-international"} <= set(loaded)
