"""Extraction cases written as data (tests/extract/cases/*.toml): load them, and read an extraction as their rows.

A case names a sentence, the claim kinds it looks at, the claim fields it checks, and the rows it
expects; tests/extract/cases/README.md is the guide for people who add one.
"""
from __future__ import annotations

import tomllib
from collections.abc import Callable
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

from kgraph.records import Claim, ClaimRef, Entity
from kgraph.vocab import CLAIM_CLASSES

DEFAULT_FIELDS = ("kind", "claimant", "target", "what")


def entity_key(value: str | None) -> str:
    """An entity key as cases write it: an actor by its slug, anything else whole, nothing as ""."""
    if value is None:
        return ""
    return value.removeprefix("actor/")


def reference(ref: ClaimRef) -> list[str]:
    """A refuted claim as [claimant, target, charge or words]."""
    return [entity_key(ref.claimant), entity_key(ref.target), ref.charge or ref.charge_text or ""]


# Each column a case may check, and how it reads a claim; an absent value reads as "".
CLAIM_FIELDS: dict[str, Callable[[Claim], Any]] = {
    "kind": lambda c: c.kind,
    "claimant": lambda c: entity_key(c.claimant),
    "target": lambda c: entity_key(c.target),
    "what": lambda c: c.charge or c.charge_text or "",
    "charge": lambda c: c.charge or "",
    "words": lambda c: c.charge_text or "",
    "status": lambda c: c.status,
    "date": lambda c: c.date or "",
    "role": lambda c: c.role or "",
    "event": lambda c: c.event or "",
    "quantity": lambda c: c.quantity or "",
    "value": lambda c: "" if c.value is None else c.value,
    "report": lambda c: c.report or "",
    "refutes": lambda c: [reference(ref) for ref in c.refutes],
}

ENTITY_FIELDS: dict[str, Callable[[Entity], Any]] = {
    "key": lambda e: e.key,
    "label": lambda e: e.label,
    "type": lambda e: e.type,
    "aliases": lambda e: sorted(e.aliases),
}


class CaseError(Exception):
    """A case file that cannot be read as cases; the message names the file and the case."""


@dataclass(frozen=True)
class Case:
    """One sentence and what extraction must make of it."""

    name: str
    text: str
    file: str = ""
    note: str = ""
    publisher: str = ""  # the article's `source` header; empty: none
    kinds: list[str] = field(default_factory=list)  # empty: every claim
    where: dict[str, Any] = field(default_factory=dict)  # only claims with these field values
    fields: list[str] = field(default_factory=lambda: list(DEFAULT_FIELDS))
    claims: list[list[Any]] | None = None  # every row, in order; None: not checked
    sort: bool = False  # compare `claims` in sorted order
    includes: list[list[Any]] = field(default_factory=list)
    excludes: list[list[Any]] = field(default_factory=list)
    entities: list[dict[str, Any]] = field(default_factory=list)  # by key: the attributes given
    absent_entities: list[str] = field(default_factory=list)

    @property
    def id(self) -> str:
        return f"{self.file}:{self.name}"

    def expectations(self) -> int:
        """How many things this case checks (a whole table counts one)."""
        return ((self.claims is not None) + len(self.includes) + len(self.excludes) + len(self.entities)
                + len(self.absent_entities))


def read_cases(path: Path) -> list[Case]:
    """The cases of one TOML file, in file order."""
    with path.open("rb") as handle:
        try:
            entries = tomllib.load(handle).get("case", [])
        except tomllib.TOMLDecodeError as error:
            raise CaseError(f"{path}: {error}") from None
    return [case_from(entry, path, number) for number, entry in enumerate(entries, 1)]


def case_from(entry: dict[str, Any], path: Path, number: int) -> Case:
    where = f"{path}: case {number} ({entry.get('name', 'no name')})"
    try:
        case = Case(file=path.stem, **entry)
    except TypeError as error:  # an unknown or missing key
        raise CaseError(f"{where}: {error}") from None
    if problem := first_problem(case):
        raise CaseError(f"{where}: {problem}")
    return case


def first_problem(case: Case) -> str | None:
    """What makes a case unable to check anything (a misspelt kind would silently match no claim)."""
    kinds = [str(kind) for kind in CLAIM_CLASSES]
    if unknown := [kind for kind in case.kinds if kind not in kinds]:
        return f"unknown kind {unknown[0]!r}; known: {', '.join(kinds)}"
    unknown = [name for name in [*case.fields, *case.where] if name not in CLAIM_FIELDS]
    unknown += [name for entity in case.entities for name in entity if name not in ENTITY_FIELDS]
    if unknown:
        return f"unknown field {unknown[0]!r}; known: {', '.join([*CLAIM_FIELDS, *ENTITY_FIELDS])}"
    if any("key" not in entity for entity in case.entities):
        return "every entry of entities needs a key"
    if case.expectations() == 0:
        return "nothing to check: give claims, includes, excludes, entities or absent_entities"
    return None


def rows(claims: list[Claim], case: Case) -> list[list[Any]]:
    """The claims the case looks at (its kinds, its `where` values), each as the list of the case's fields."""
    return [[CLAIM_FIELDS[name](claim) for name in case.fields] for claim in claims if looked_at(claim, case)]


def looked_at(claim: Claim, case: Case) -> bool:
    if case.kinds and claim.kind not in case.kinds:
        return False
    return all(CLAIM_FIELDS[name](claim) == value for name, value in case.where.items())


def entity_view(entity: Entity, expected: dict[str, Any]) -> dict[str, Any]:
    """The entity's values of the attributes an expected entry names."""
    return {name: ENTITY_FIELDS[name](entity) for name in expected}
