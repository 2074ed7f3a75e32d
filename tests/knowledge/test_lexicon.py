"""The lexicon's schema: ontology/lexicon.toml is checked when it loads, and every key is read by code."""
from __future__ import annotations

import re
import shutil
import typing
from pathlib import Path

import pytest
from pydantic import BaseModel

from kgraph.errors import InputError
from kgraph.knowledge import load_knowledge, ontology_dir
from kgraph.knowledge.lexicon import Lexicon

from helpers.paths import ROOT

SOURCE = ROOT / "src" / "kgraph"


@pytest.fixture
def ontology_copy(tmp_path: Path) -> Path:
    folder = tmp_path / "ontology"
    shutil.copytree(ontology_dir(), folder)
    return folder


def edit_lexicon(folder: Path, old: str, new: str) -> Path:
    path = folder / "lexicon.toml"
    text = path.read_text(encoding="utf-8")
    assert old in text
    path.write_text(text.replace(old, new, 1), encoding="utf-8")
    return path


def test_the_shipped_lexicon_loads_as_typed_sections():
    lexicon = load_knowledge().lexicon
    assert "accuse" in lexicon.accusation.verbs
    assert lexicon.accusation.act_verbs["torture"] == "torture"
    assert lexicon.figure.scales["million"] == 1_000_000
    assert lexicon.modality.modals == frozenset({"could", "may", "might", "would"})
    assert lexicon.coreference.descriptors["militia"] == ("ArmedGroup",)
    assert lexicon.section("denial") is lexicon.denial


def test_an_unknown_key_is_an_error_naming_the_file_and_the_key(ontology_copy):
    path = edit_lexicon(ontology_copy, 'need_addressee = ["order"]', 'need_addresee = ["order"]')
    with pytest.raises(InputError) as caught:
        load_knowledge(ontology_copy)
    assert str(caught.value) == (
        f"{path}: appeal.need_addressee: missing key; appeal.need_addresee: unknown key "
        "(a typo, or a key the schema in kgraph/knowledge/lexicon.py lacks)")


def test_a_missing_section_is_an_error(ontology_copy):
    path = edit_lexicon(ontology_copy, "[speakers]", "[speaker]")
    with pytest.raises(InputError) as caught:
        load_knowledge(ontology_copy)
    assert str(caught.value).startswith(f"{path}: speakers: missing key; speaker: unknown key")


def test_a_value_of_the_wrong_shape_is_an_error(ontology_copy):
    path = edit_lexicon(ontology_copy, 'cameo = "016"', "cameo = 16")
    with pytest.raises(InputError) as caught:
        load_knowledge(ontology_copy)
    assert str(caught.value) == f"{path}: denial.cameo: input should be a valid string"


def test_lemmas_are_lower_cased_when_read(ontology_copy):
    edit_lexicon(ontology_copy, 'verbs = ["deny",', 'verbs = ["Deny",')
    assert "deny" in load_knowledge(ontology_copy).lexicon.denial.verbs


def schema_keys(model: type[BaseModel], prefix: str = "") -> list[tuple[str, str]]:
    """(dotted path, field name) of every key in the schema, sections included."""
    keys = []
    hints = typing.get_type_hints(model)
    for name in model.model_fields:
        keys.append((prefix + name, name))
        kind = hints[name]
        if isinstance(kind, type) and issubclass(kind, BaseModel):
            keys += schema_keys(kind, f"{prefix}{name}.")
    return keys


def test_every_key_of_the_schema_is_read_by_the_code():
    code = "\n".join(path.read_text(encoding="utf-8") for path in SOURCE.rglob("*.py")
                     if path.name != "lexicon.py" or path.parent.name != "knowledge")
    unread = [dotted for dotted, name in schema_keys(Lexicon) if not re.search(rf"\.{name}\b", code)]
    assert unread == []


def test_every_key_of_the_file_is_in_the_schema():
    """The load would fail otherwise; this names the keys, for whoever edits both."""
    import tomllib

    data = tomllib.loads((ontology_dir() / "lexicon.toml").read_text(encoding="utf-8"))
    schema = {dotted for dotted, _ in schema_keys(Lexicon)}

    def file_keys(table: dict, prefix: str = "") -> list[str]:
        keys = []
        for key, value in table.items():
            keys.append(prefix + key)
            if isinstance(value, dict) and prefix + key in schema and any(
                    dotted.startswith(f"{prefix}{key}.") for dotted in schema):
                keys += file_keys(value, f"{prefix}{key}.")
        return keys

    assert [key for key in file_keys(data) if key not in schema] == []
