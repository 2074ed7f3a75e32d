"""Who did an act, as the phrase naming it says: "torture by X", "abuses committed by X", "X's abuses"."""
from __future__ import annotations

from collections.abc import Iterable

from spacy.tokens import Token

from kgraph.extract.context import DocumentContext


def doers_named(ctx: DocumentContext, act: Token) -> list[str]:
    """Who did an act, as its phrase says: "torture by X", "abuses committed by X", "X's abuses", or the
    same of an act it is listed with or part of ("X's campaign of arrests")."""
    for noun in [act, *nouns_above(ctx, act)]:
        owners = [a for c in noun.children if c.dep_ == "poss" for a in ctx.actors(c)]
        by = [c for c in noun.children if c.dep_ == "prep" and c.lower_ == "by"]
        done_by = [c for clause in noun.children if clause.dep_ in ("acl", "relcl")
                   for c in clause.children if c.dep_ == "agent"]
        if found := owners + [a for word in by + done_by for a in by_whom(ctx, word)]:
            return found
    return next((found for noun in [act, *nouns_above(ctx, act)] if (found := misplaced_agents(ctx, noun))), [])


def misplaced_agents(ctx: DocumentContext, act: Token) -> list[str]:
    """ "documented war crimes by Y", "gathered evidence of torture by Y": the parser can hang the act's
    "by" on the active verb whose object the act is."""
    verb = act.head
    if act.dep_ != "dobj" or any(c.dep_ == "auxpass" for c in verb.children):
        return []
    return [a for c in verb.children if c.dep_ in ("agent", "prep") and c.lower_ == "by" for a in by_whom(ctx, c)]


def by_whom(ctx: DocumentContext, by: Token) -> list[str]:
    """The actors after "by": its object, or the name right after it when the parser hung that name
    elsewhere ("committed by [Eritrean troops amount] to")."""
    if found := agents_in(ctx, by.children):
        return found
    after = ctx.mentions.get(by.i + 1)
    return ctx.actors(ctx.doc[after.end - 1]) if after is not None and after.start == by.i + 1 else []


def nouns_above(ctx: DocumentContext, word: Token) -> list[Token]:
    """The acts a word is listed with or is part of ("a campaign of arrests"), up to the clause's verb;
    not a report or a finding about it ("HRW's report on torture" names no torturer)."""
    events, evidence = ctx.knowledge.lexicon.events.nouns, ctx.knowledge.lexicon.accusation.evidence_nouns
    nouns: list[Token] = []
    while word.head != word and (word.dep_ in ("conj", "appos") or (word.dep_ == "pobj" and word.head.lower_ == "of")
                                 or (word.dep_ == "prep" and word.lower_ == "of")):
        word = word.head
        if word.pos_ in ("NOUN", "PROPN") and (word.lower_ in events or word.lemma_.lower() in evidence or any(
                span.start <= word.i < span.end for span in ctx.charges_near(word))):
            nouns.append(word)
    return nouns


def agents_in(ctx: DocumentContext, words: Iterable[Token]) -> list[str]:
    """The actors named after "by" among some words."""
    return [a for w in words if w.dep_ == "pobj" and w.head.lower_ == "by" for a in ctx.actors(w)]


def agents_of(ctx: DocumentContext, verb: Token) -> list[str]:
    """The actors of a passive's "by" phrases, a repeated "by" included: "by the army and by militias"."""
    agents = [g for c in verb.children if c.dep_ == "agent" for p in (c, *c.conjuncts)
              for g in p.children if g.dep_ == "pobj"]
    return list(dict.fromkeys(a for agent in agents for a in ctx.actors(agent)))
