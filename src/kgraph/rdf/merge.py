"""Across documents: one node per entity and one per claim, however many articles state it."""
from __future__ import annotations

import hashlib
from collections.abc import Iterable
from dataclasses import dataclass, replace
from typing import Any

from kgraph.records import Claim, Entity, Evidence, Extraction


@dataclass(frozen=True)
class ClaimNode:
    """A claim as the graph holds it: its identity, its content and every span that states it."""

    id: str  # stable hash of what is claimed, by whom, about whom
    claim: Claim  # the content (evidence field: the first span)
    evidence: tuple[Evidence, ...]
    confidence: float

    @property
    def docs(self) -> tuple[str, ...]:
        return tuple(dict.fromkeys(e.doc for e in self.evidence))


FIRST_FILLED = ("wikidata", "part_of", "published_by", "date", "place")  # the first document that gives one wins


def merge_entities(extractions: Iterable[Extraction]) -> list[Entity]:
    """Entities with the same key become one, with every alias and document.

    The first mention gives the label and type; names and documents are collected in sets and
    sorted once, so an actor named in n documents costs O(n log n), not n sorts of n names.
    """
    first: dict[str, Entity] = {}
    names: dict[str, set[str]] = {}
    docs: dict[str, set[str]] = {}
    filled: dict[str, dict[str, Any]] = {}  # Entity fields by name, as `replace` takes them
    for extraction in extractions:
        for entity in extraction.entities:
            key = entity.key
            if key not in first:
                first[key] = entity
                continue
            if key not in names:
                known = first[key]
                names[key], docs[key] = set(known.aliases), set(known.docs)
                filled[key] = {name: getattr(known, name) for name in FIRST_FILLED}
            names[key].update(entity.aliases)
            names[key].add(entity.label)
            docs[key].update(entity.docs)
            slots = filled[key]
            for name in FIRST_FILLED:
                if not slots[name]:
                    slots[name] = getattr(entity, name)
    return [first[key] if key not in names else
            replace(first[key], aliases=tuple(sorted(names[key] - {first[key].label})),
                    docs=tuple(sorted(docs[key])), **filled[key])
            for key in sorted(first)]


def merge_claims(extractions: Iterable[Extraction]) -> list[ClaimNode]:
    """Claims with the same identity become one node with several evidence spans."""
    groups: dict[str, list[Claim]] = {}
    for extraction in extractions:
        for claim in extraction.claims:
            groups.setdefault(claim_id(claim), []).append(claim)
    nodes = []
    for identity in sorted(groups):
        claims = sorted(groups[identity], key=lambda c: (c.evidence.doc, c.evidence.start))
        evidence = tuple(dict.fromkeys(c.evidence for c in claims))
        first = claims[0]
        refutes = tuple(dict.fromkeys(ref for c in claims for ref in c.refutes))
        date = min((c.date for c in claims if c.date), default=None)
        nodes.append(ClaimNode(identity, replace(first, refutes=refutes, date=date), evidence,
                               max(c.confidence for c in claims)))
    return nodes


def claim_id(claim: Claim) -> str:
    """The same words of the same speaker about the same party give the same id, in any document."""
    parts = [claim.kind, claim.claimant, claim.target, claim.charge,
             None if claim.charge else (claim.charge_text or "").lower(),
             claim.role, claim.quantity, claim.value, claim.status,
             claim.event if claim.kind == "figure" else None]
    digest = hashlib.sha256("\x1f".join("" if p is None else str(p) for p in parts).encode()).hexdigest()
    return f"{claim.kind}-{digest[:16]}"


def refuted_ids(nodes: list[ClaimNode]) -> dict[str, tuple[str, ...]]:
    """For each denial node, the ids of the claim nodes it refutes."""
    index: dict[tuple, str] = {}
    for node in nodes:
        index.setdefault(ref_key(node.claim.kind, node.claim.claimant, node.claim.target, node.claim.charge,
                                 node.claim.charge_text), node.id)
    refuted = {}
    for node in nodes:
        found = (index.get(ref_key(r.kind, r.claimant, r.target, r.charge, r.charge_text)) for r in node.claim.refutes)
        refuted[node.id] = tuple(sorted({i for i in found if i}))
    return refuted


def ref_key(kind: str, claimant: str | None, target: str | None, charge: str | None, text: str | None) -> tuple:
    return kind, claimant, target, charge or (text or "").lower()
