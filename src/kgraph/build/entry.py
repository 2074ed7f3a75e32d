"""The JSON layout of an extraction cache entry, checked value by value when it is read back.

An entry is data on disk that anyone who can write the cache folder can change, and a value the later
stages do not expect (an unknown claim kind, a figure no xsd:decimal holds, a claimant that is no
entity of the document, JSON nested a thousand deep) would stop every later build. pydantic checks
each entry against this schema; an entry that does not fit is parsed again, never trusted.
"""
from __future__ import annotations

from collections.abc import Callable, Iterable
from datetime import date
from typing import Annotated, Any

from pydantic import AfterValidator, BaseModel, ConfigDict, Field, ValidationInfo, field_validator, model_validator

from kgraph.records import MAX_FIGURE, Claim, ClaimRef, Document, Entity, Evidence, Extraction
from kgraph.vocab import CLAIM_CLASSES, ENTITY_CLASSES, EPISTEMIC_STATUS


def one_of(allowed: Iterable[str]) -> Callable[[str], str]:
    names = frozenset(allowed)

    def check(value: str) -> str:
        if value not in names:
            raise ValueError(f"{value!r} is none of {sorted(names)}")
        return value
    return check


def iso_date(value: str) -> str:
    """2023-10-07, 2023-10 or 2023 (the pattern checked first), a day the calendar has; year 0 is none."""
    date.fromisoformat((value + "-01-01")[:10])  # 2023 -> 2023-01-01, 2023-10 -> 2023-10-01
    if value.startswith("0000"):  # XSD 1.0 has no year 0
        raise ValueError(f"{value!r} is in year 0")
    return value


Kind = Annotated[str, AfterValidator(one_of(CLAIM_CLASSES))]
Key = Annotated[str, Field(min_length=1)]
IsoDate = Annotated[str, Field(pattern=r"^[0-9]{4}(-[0-9]{2}(-[0-9]{2})?)?$"), AfterValidator(iso_date)]
Offset = Annotated[int, Field(ge=0)]
STRICT = ConfigDict(strict=True, extra="forbid", frozen=True)


class StoredEntity(BaseModel):
    model_config = STRICT

    key: Key
    label: str
    type: Annotated[str, AfterValidator(one_of(ENTITY_CLASSES))]
    aliases: tuple[str, ...]
    wikidata: Annotated[str, Field(pattern=r"^Q[0-9]+$")] | None
    part_of: Key | None
    published_by: Key | None
    date: IsoDate | None
    place: Key | None
    docs: tuple[str, ...]


class StoredEvidence(BaseModel):
    model_config = STRICT

    doc: str
    start: Offset
    end: Offset
    quote: str


class StoredRef(BaseModel):
    model_config = STRICT

    kind: Kind
    claimant: Key | None
    target: Key | None
    charge: Key | None
    charge_text: str | None


class StoredClaim(BaseModel):
    model_config = STRICT

    kind: Kind
    evidence: StoredEvidence
    claimant: Key | None
    target: Key | None
    charge: Key | None
    charge_text: str | None
    role: str | None
    event: Key | None
    quantity: str | None
    value: Annotated[float, Field(ge=0, le=MAX_FIGURE, allow_inf_nan=False)] | None
    date: IsoDate | None
    report: Key | None
    status: Annotated[str, AfterValidator(one_of(EPISTEMIC_STATUS))]
    confidence: Annotated[float, Field(ge=0, le=1, allow_inf_nan=False)]
    refutes: tuple[StoredRef, ...]
    trigger: str
    cites_claim: bool

    @field_validator("charge")
    @classmethod
    def known_charge(cls, charge: str | None, info: ValidationInfo) -> str | None:
        charges = (info.context or {}).get("charges", ())
        if charge is not None and charge not in charges:
            raise ValueError(f"{charge!r} is no charge of the taxonomy")
        return charge


class StoredDocument(BaseModel):
    model_config = STRICT

    id: str
    content_hash: str


class Entry(BaseModel):
    """A whole entry: the document it is for, its entities, and claims that name only those entities."""

    model_config = STRICT

    document: StoredDocument
    entities: tuple[StoredEntity, ...]
    claims: tuple[StoredClaim, ...]
    notes: tuple[Annotated[str, Field(max_length=500)], ...] = ()

    @model_validator(mode="after")
    def claims_name_the_entities(self) -> Entry:
        keys = {entity.key for entity in self.entities}
        named = {key for claim in self.claims for key in (claim.claimant, claim.target, claim.event, claim.report)}
        named |= {key for entity in self.entities for key in (entity.part_of, entity.published_by, entity.place)}
        unknown = sorted(key for key in named - keys if key is not None)
        if unknown:
            raise ValueError(f"names entities the entry does not hold: {unknown[:3]}")
        return self


def extraction_from_entry(data: bytes, document: Document, charges: Iterable[str]) -> Extraction:
    """The extraction an entry stores for `document`; ValueError (pydantic's ValidationError is one) when the
    entry does not fit the schema, is for another document, or quotes outside the document's text."""
    entry = Entry.model_validate_json(data, context={"charges": frozenset(charges)})
    if entry.document.id != document.id or entry.document.content_hash != document.content_hash:
        raise ValueError("cache entry is for another document")
    claims = tuple(claim_record(claim) for claim in entry.claims)
    if any(claim.evidence.doc != document.id or not claim.evidence.start <= claim.evidence.end <= len(document.text)
           for claim in claims):
        raise ValueError("cache entry quotes another document, or outside this one")
    if any(doc != document.id for entity in entry.entities for doc in entity.docs):
        raise ValueError("cache entry has entities mentioned in another document")
    return Extraction(document=document, entities=tuple(Entity(**fields(e)) for e in entry.entities), claims=claims,
                      notes=entry.notes)


def claim_record(claim: StoredClaim) -> Claim:
    return Claim(**{**fields(claim), "evidence": Evidence(**fields(claim.evidence)),
                    "refutes": tuple(ClaimRef(**fields(ref)) for ref in claim.refutes)})


def fields(model: BaseModel) -> dict[str, Any]:
    """The model's own fields (extra ones are forbidden), nested models left as they are."""
    return model.__dict__
