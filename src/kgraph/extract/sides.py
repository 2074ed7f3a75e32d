"""The sides of a conflict referred to as a group: "both sides", "the two sides", "all parties", "the
three armed actors" mean the parties listed last (within three sentences), a quotation's earlier
sentence included. "Both" and "two" mean a list of exactly two. Read after the described parties and
the official sources, so that a list holding one ("the army and the Northern Front") is a list of parties.
"""
from __future__ import annotations

from spacy.tokens import Token

from kgraph.extract.context import DocumentContext
from kgraph.extract.parties import MODIFIER_DEPS

PARTY_FAMILIES = {"ArmedGroup", "State", "GovernmentBody"}  # who a conflict's "sides" can be
PAIR_WORDS = ("both", "two")  # grammar, not domain: "both sides" are two
LIST_WORDS = ("and", ",")


def read_sides(ctx: DocumentContext) -> None:
    """Mark every "both sides", "all parties" as the group of parties listed last."""
    for token in ctx.doc:
        if token.i not in ctx.mentions and token.pos_ in ("NOUN", "PROPN") and token.dep_ not in MODIFIER_DEPS:
            sides(ctx, token)


def sides(ctx: DocumentContext, head: Token) -> bool:
    """ "the three armed actors", "both sides", "all parties": the parties to a conflict listed last
    (within three sentences), when no colon spells them out ("all sides: X, Y and Z")."""
    coreference = ctx.knowledge.lexicon.coreference
    if head.lemma_.lower() not in coreference.party_nouns or head.tag_ != "NNS" or ctx.actors(head) or not any(
            c.dep_ in ("det", "nummod", "predet") or c.lower_ in ("both", "all") for c in head.children):
        return False
    pair = any(c.lower_ in PAIR_WORDS for c in head.children)
    sentence = ctx.sentence_number[head.sent.start]
    for word in reversed(ctx.doc[:head.i]):
        if sentence - ctx.sentence_number[word.sent.start] > 3:
            break
        mention = ctx.mentions.get(word.i)
        if (mention is None or word.i != mention.end - 1) and word.i not in ctx.groups \
                and word.lemma_.lower() not in coreference.party_nouns:
            continue
        members = [a for a in ctx.actors(word) if ctx.family_of(a) in PARTY_FAMILIES]
        if len(members) == 1 and mention is not None:
            members = listed_before(ctx, mention.start, members)
        if len(members) == 2 if pair else len(members) > 1:
            ctx.refer_to_group(head.i, members)
            return True
    return False


def listed_before(ctx: DocumentContext, start: int, members: list[str]) -> list[str]:
    """ "the army and opposition Arakan Army": the party named just before "and", with at most two
    unnamed words between, when the parser hung the two names on each other rather than coordinating
    them."""
    index = start - 1
    while index >= 0 and start - index <= 3 and index not in ctx.mentions and ctx.doc[index].lower_ not in LIST_WORDS \
            and ctx.doc[index].pos_ in ("DET", "ADJ", "NOUN"):
        index -= 1
    if index < 1 or ctx.doc[index].lower_ not in LIST_WORDS:
        return members
    before = ctx.mentions.get(index - 1)
    if before is None or not before.key.startswith("actor/") or ctx.family_of(before.key) not in PARTY_FAMILIES \
            or before.key in members:
        return members
    return [before.key, *members]
