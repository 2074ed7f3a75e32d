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
