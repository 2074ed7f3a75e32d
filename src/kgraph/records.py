"""Small frozen records passed between pipeline stages; only rdf/mapping.py turns them into RDF."""
from __future__ import annotations

from dataclasses import dataclass, field
from datetime import date
from enum import StrEnum


class ClaimKind(StrEnum):
    """The five kinds of claim the graph holds (ontology/kgraph.ttl's subclasses of kg:Claim)."""

    ACCUSATION = "accusation"
    RESPONSIBILITY = "responsibility"
    DENIAL = "denial"
    FIGURE = "figure"
    APPEAL = "appeal"


class Status(StrEnum):
    """How firmly a claim is stated: "accused", "could amount to", "did not accuse"."""

    ASSERTED = "asserted"
    POSSIBLE = "possible"
    NEGATED = "negated"

# The largest figure a claim holds: no count in reporting comes near a quadrillion, and a bigger number
# (10^29, or 333 digits that float() makes infinite) is beyond what xsd:decimal validators (rudof) read.
MAX_FIGURE = 1e15


@dataclass(frozen=True)
class Document:
    """One article: its id (file stem), full text, publication date, publisher (`source` header) and
    where the body starts."""

    id: str
    text: str
    date: date | None = None
    publisher: str | None = None  # the name of the `source` header: whose document this is
    body_start: int = 0
    source: str = ""
    content_hash: str = ""

    @property
    def body(self) -> str:
        return self.text[self.body_start:]


@dataclass(frozen=True)
class Evidence:
    """The words that state a claim: a span of a document's text, with its offsets."""

    doc: str
    start: int
    end: int
    quote: str


@dataclass(frozen=True)
class Entity:
    """A node of the graph that claims are about: an actor, place, event or report."""

    key: str  # stable slug, unique per entity class family; becomes the IRI
    label: str
    type: str  # a key of vocab.ENTITY_CLASSES
    aliases: tuple[str, ...] = ()
    wikidata: str | None = None
    part_of: str | None = None  # key of a parent actor
    published_by: str | None = None  # reports: key of the publisher
    date: str | None = None  # events and reports: ISO 8601
    place: str | None = None  # events: key of a Place entity
    docs: tuple[str, ...] = ()


@dataclass(frozen=True)
class Claim:
    """Something someone said, with the words that say it. Entity fields hold entity keys."""

    kind: ClaimKind
    evidence: Evidence
    claimant: str | None = None
    target: str | None = None
    charge: str | None = None  # a charge concept slug from the SKOS scheme
    charge_text: str | None = None  # the words used for the charge, denial object or appeal
    role: str | None = None
    event: str | None = None
    quantity: str | None = None
    value: float | None = None
    date: str | None = None  # ISO 8601 date the claim was made
    report: str | None = None  # key of the Report it was stated in
    status: Status = Status.ASSERTED
    confidence: float = 0.5
    refutes: tuple[ClaimRef, ...] = ()
    trigger: str = ""  # lemma of the word that signals the claim (for the CAMEO/PLOVER codes)
    cites_claim: bool = False  # a denial whose words name the claim it answers ("denied allegations that")

    def __post_init__(self) -> None:  # a kind or status given as text (a family, a cache entry) is checked here
        object.__setattr__(self, "kind", ClaimKind(self.kind))
        object.__setattr__(self, "status", Status(self.status))


@dataclass(frozen=True)
class ClaimRef:
    """Who said what: enough of an answered claim to find its node after merging."""

    kind: ClaimKind
    claimant: str | None
    target: str | None
    charge: str | None
    charge_text: str | None = None

    def __post_init__(self) -> None:
        object.__setattr__(self, "kind", ClaimKind(self.kind))


@dataclass(frozen=True)
class Extraction:
    """What one document yields: its entities and its claims, or why it yields nothing."""

    document: Document
    entities: tuple[Entity, ...] = ()
    claims: tuple[Claim, ...] = field(default_factory=tuple)
    failure: str | None = None  # why nothing could be extracted (a bug): the build skips the document
    notes: tuple[str, ...] = ()  # what was left out of a document built in part ("line 3: figure ... left out")
