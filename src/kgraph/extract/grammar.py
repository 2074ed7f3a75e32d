"""Dependency grammar the claim families share, over spaCy tokens alone (no document state)."""
from __future__ import annotations

from spacy.tokens import Token

CLAUSE_DEPS = {"acl", "relcl", "ccomp", "appos"}
# Clause links across which a subject is shared: "X charged Y ..., detailing Z" (Z's subject is X).
SHARED_SUBJECT_DEPS = {"conj", "advcl", "xcomp"}


def passive_agent(verb: Token) -> Token | None:
    """The actor after "by" in a passive: "was accused by Amnesty"."""
    return next((g for c in verb.children if c.dep_ == "agent" for g in c.children if g.dep_ == "pobj"), None)


def dependents(verb: Token, *parties: Token | None) -> list[Token]:
    """The verb's dependents and those of the parties (and their conjuncts), where charges hang."""
    heads = [p for party in parties if party is not None for p in (party, *party.conjuncts)]
    return [*verb.children, *(c for head in heads for c in head.children)]


def core_phrase(head: Token) -> list[Token]:
    """A phrase without its relative clauses and appositions: "supporting M23[, which is ...]"."""
    dropped = {t.i for c in head.subtree if c.dep_ in ("relcl", "appos", "acl") and c != head for t in c.subtree}
    words = [t for t in head.subtree if t.i not in dropped]
    while words and words[-1].is_punct:
        words.pop()
    return words


def reduced_passive(verb: Token) -> bool:
    """ "villagers [killed] by Y", "found 12 farmers [executed]": a past participle without an auxiliary
    (a listed one, "have killed and [tortured]", shares its head's); one with an object is active, mistagged."""
    return verb.tag_ == "VBN" and verb.dep_ in ("acl", "ccomp", "xcomp") \
        and not any(c.dep_ in ("aux", "auxpass", "dobj") for c in verb.children)


def described_victims(act: Token) -> set[int]:
    """ "saw 14 Druze men [unlawfully killed]": the phrase a participle without an agent describes names
    whom the act hit, never its doer."""
    if not reduced_passive(act) or act.dep_ != "acl" or passive_agent(act) is not None:
        return set()
    return {w.i for w in act.head.subtree}
