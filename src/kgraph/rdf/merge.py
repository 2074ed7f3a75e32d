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


def merge_entities(extractions: Iterable[Extraction], known: dict | None = None) -> list[Entity]:
    """Entities with the same key become one, with every alias and document.

    The first mention gives the label and type; names and documents are collected in sets and
    sorted once, so an actor named in n documents costs O(n log n), not n sorts of n names.
    known: entities merged before, by the mentions they merge (build/memo.py keeps them between the
    builds of `kgraph watch`): the same mentions give the same entity, so it is not merged again.
    """
    groups: dict[str, list[Entity]] = {}
    for extraction in extractions:
        for mention in extraction.entities:
            groups.setdefault(mention.key, []).append(mention)
    merged = []
    for key in sorted(groups):
        mentions = tuple(groups[key])
        entity: Entity | None = known.get(mentions) if known is not None else None
        if entity is None:
            entity = merge_entity(mentions)
            if known is not None:
                known[mentions] = entity
        merged.append(entity)
    return merged


def merge_entity(mentions: tuple[Entity, ...]) -> Entity:
    """One entity of its mentions (with the same key) in document order."""
    first = mentions[0]
    if len(mentions) == 1:
        return first
    names, docs = set(first.aliases), set(first.docs)
    filled: dict[str, Any] = {name: getattr(first, name) for name in FIRST_FILLED}  # as `replace` takes them
    for entity in mentions[1:]:
        names.update(entity.aliases)
        names.add(entity.label)
        docs.update(entity.docs)
        for name in FIRST_FILLED:
            if not filled[name]:
                filled[name] = getattr(entity, name)
    return replace(first, aliases=tuple(sorted(names - {first.label})), docs=tuple(sorted(docs)), **filled)


def merge_claims(extractions: Iterable[Extraction], known: dict | None = None) -> list[ClaimNode]:
    """Claims with the same identity become one node with several evidence spans.

    known: as for merge_entities, nodes (and claim ids) made before, by the claims they merge."""
    groups: dict[str, list[Claim]] = {}
    for extraction in extractions:
        for claim in extraction.claims:
            identity = known.get(claim) if known is not None else None
            if identity is None:
                identity = claim_id(claim)
                if known is not None:
                    known[claim] = identity
            groups.setdefault(identity, []).append(claim)
    nodes = []
    for identity in sorted(groups):
        claims = tuple(groups[identity])
        node: ClaimNode | None = known.get(claims) if known is not None else None
        if node is None:
            node = claim_node(identity, claims)
            if known is not None:
                known[claims] = node
        nodes.append(node)
    return nodes


def claim_node(identity: str, stating: tuple[Claim, ...]) -> ClaimNode:
    """The node of the claims with one identity: every span, the earliest date, the highest confidence."""
    claims = sorted(stating, key=lambda c: (c.evidence.doc, c.evidence.start))
    evidence = tuple(dict.fromkeys(c.evidence for c in claims))
    first = claims[0]
    refutes = tuple(dict.fromkeys(ref for c in claims for ref in c.refutes))
    date = min((c.date for c in claims if c.date), default=None)
    return ClaimNode(identity, replace(first, refutes=refutes, date=date), evidence, max(c.confidence for c in claims))


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
