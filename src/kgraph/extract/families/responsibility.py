"""Responsibility: "X said Y was chiefly responsible for E", "Z played smaller roles", "X held Y responsible"."""
from __future__ import annotations

from spacy.tokens import Span, Token

from kgraph.extract.context import DocumentContext
from kgraph.extract.grammar import passive_agent
from kgraph.extract.speakers import (
    speaker_of,
    subject_of,
    with_report,
)
from kgraph.records import Claim


def responsibility(ctx: DocumentContext, sentence: Span) -> list[Claim]:
    """Every attribution of responsibility in a sentence, with the role the attributor gives."""
    adjectives = ctx.knowledge.lexicon.responsibility.adjectives
    role_nouns = ctx.knowledge.lexicon.responsibility.role_nouns
    role_verbs = ctx.knowledge.lexicon.responsibility.role_verbs
    blaming = ctx.knowledge.lexicon.responsibility.blaming_verbs
    claims: list[Claim] = []
    for token in sentence:
        lemma = token.lemma_.lower()
        if token.pos_ == "ADJ" and lemma in adjectives:
            claims += from_responsible(ctx, sentence, token)
        elif token.pos_ == "VERB" and lemma in blaming:
            claims += from_blame(ctx, sentence, token)
        elif token.pos_ == "NOUN" and lemma in role_nouns and token.head.lemma_.lower() in role_verbs:
            role = role_from(ctx, token.children)
            if role:
                claims += attributed(ctx, sentence, token.head, subject_of(ctx, token.head), role, token.head)
    return claims


def from_responsible(ctx: DocumentContext, sentence: Span, adjective: Token) -> list[Claim]:
    """ "Y were (chiefly) responsible for E" under a reporting verb, or "X held Y responsible"."""
    role = role_from(ctx, adjective.children) or "responsible"
    holder = adjective.head
    if holder.lemma_.lower() in ctx.knowledge.lexicon.responsibility.holding_verbs:
        party = next((c for c in holder.children if c.dep_ == "dobj"), None)
        return attributed(ctx, sentence, holder, party, role, adjective, claimants=ctx.actors(subject_of(ctx, holder)))
    subject = subject_of(ctx, holder) if adjective.dep_ in ("acomp", "attr", "oprd") else None
    return attributed(ctx, sentence, holder, subject, role, adjective)


def from_blame(ctx: DocumentContext, sentence: Span, verb: Token) -> list[Claim]:
    """ "X blamed Y for the attack on Z", "for shelling the market", "Y was blamed by X for the attack"
    (an event; "blamed Y for war crimes" is an accusation)."""
    blamed_for = [g for c in verb.children if c.dep_ == "prep" and c.lower_ == "for"
                  for g in c.children if g.dep_ in ("pobj", "pcomp")]  # "for the shelling", "for shelling the market"
    event_nouns = ctx.knowledge.lexicon.events.nouns
    scope = next((g for g in blamed_for if ctx.event_in(g) or g.lower_ in event_nouns), None)
    if scope is None:
        return []
    passive = next((c for c in verb.children if c.dep_ == "nsubjpass"), None)
    party = passive if passive is not None else next((c for c in verb.children if c.dep_ == "dobj"), None)
    blamers = ctx.actors(passive_agent(verb) if passive is not None else subject_of(ctx, verb))
    return attributed(ctx, sentence, verb, party, "responsible", scope, claimants=blamers)


def attributed(ctx: DocumentContext, sentence: Span, verb: Token, party: Token | None, role: str,
               scope: Token, claimants: list[str] | None = None) -> list[Claim]:
    speaker = speaker_of(ctx, verb)
    claimants = claimants or (list(speaker.actors) if speaker else [])
    parties = ctx.actors(party)
    event = ctx.event_in(scope) or ctx.principal_event()
    return [
        with_report(ctx, ctx.claim("responsibility", sentence, verb, 0.8, claimant=claimant, target=target,
                                  role=role, event=event), speaker)
        for claimant in claimants for target in parties if claimant != target
    ]


def role_from(ctx: DocumentContext, words) -> str | None:
    """chief, secondary, planner... from "chiefly", "smaller", "leading" and the like."""
    roles = ctx.knowledge.lexicon.responsibility.roles
    for word in words:
        for role, markers in roles.items():
            if word.lower_ in markers:
                return role
    return None
