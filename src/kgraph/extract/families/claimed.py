"""A party's own claim of an event: "Y claimed responsibility for E", "Y claimed the attack on Z"."""
from __future__ import annotations

from spacy.tokens import Span, Token

from kgraph.extract.context import DocumentContext
from kgraph.extract.families.responsibility import is_event, negated
from kgraph.extract.speakers import subject_of, under_denial
from kgraph.records import Claim, ClaimKind


def claimed_responsibility(ctx: DocumentContext, sentence: Span) -> list[Claim]:
    """Every event a party claims as its own in a sentence: the party is its perpetrator, in its own words."""
    lexicon = ctx.knowledge.lexicon.responsibility
    claims: list[Claim] = []
    for token in sentence:
        if token.pos_ == "NOUN" and token.lemma_.lower() in lexicon.owning_nouns:
            claims += from_claimed_responsibility(ctx, sentence, token)
        elif token.pos_ == "VERB" and token.lemma_.lower() in lexicon.owning_verbs:
            claims += from_claimed_event(ctx, sentence, token)
    return claims


def from_claimed_responsibility(ctx: DocumentContext, sentence: Span, noun: Token) -> list[Claim]:
    """ "Y claimed responsibility for E": Y's own claim that it did E."""
    verb = noun.head
    if noun.dep_ != "dobj" or verb.lemma_.lower() not in ctx.knowledge.lexicon.responsibility.claiming_verbs:
        return []
    scope = next((g for c in (*noun.children, *verb.children) if c.dep_ == "prep" and c.lower_ == "for"
                  for g in c.children if g.dep_ == "pobj" and is_event(ctx, g)), None)
    return owned(ctx, sentence, verb, scope)


def from_claimed_event(ctx: DocumentContext, sentence: Span, verb: Token) -> list[Claim]:
    """ "The Houthis claimed the attack on the tanker": the event itself is what is claimed."""
    scope = next((c for c in verb.children if c.dep_ == "dobj" and is_event(ctx, c)), None)
    return owned(ctx, sentence, verb, scope)


def owned(ctx: DocumentContext, sentence: Span, verb: Token, scope: Token | None) -> list[Claim]:
    """The subject's claim of the event, unless it says it did not ("denied claiming the attack")."""
    if scope is None or negated(verb) or under_denial(ctx, verb):
        return []
    event = ctx.event_in(scope) or ctx.principal_event()
    return [ctx.claim(ClaimKind.RESPONSIBILITY, sentence, verb, 0.8, claimant=party, target=party, role="perpetrator",
                      event=event) for party in ctx.actors(subject_of(ctx, verb))]
