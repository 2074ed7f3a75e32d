"""Acts documented with their author: "HRW documented an attack by RSF fighters on the camp", "the UN
verified strikes by the coalition". Who documents an act done by a named party holds that party its
perpetrator (a responsibility claim)."""
from __future__ import annotations

from spacy.tokens import Span, Token

from kgraph.extract.context import DocumentContext
from kgraph.extract.families.responsibility import attributed, is_charge, is_event
from kgraph.extract.speakers import subject_of, under_denial
from kgraph.records import Claim


def documented_acts(ctx: DocumentContext, sentence: Span) -> list[Claim]:
    """Every event a documenting verb takes as its object, with the party after its "by"."""
    verbs = ctx.knowledge.lexicon.responsibility.documenting_verbs
    claims: list[Claim] = []
    for verb in sentence:
        if verb.pos_ != "VERB" or verb.lemma_.lower() not in verbs or under_denial(ctx, verb):
            continue
        for act in (c for c in verb.children if c.dep_ == "dobj"):
            for event in (act, *act.conjuncts):
                if (author := author_of(ctx, event)) is not None:
                    claims += attributed(ctx, sentence, verb, author, "perpetrator", event,
                                         claimants=ctx.actors(subject_of(ctx, verb)))
    return claims


def author_of(ctx: DocumentContext, event: Token) -> Token | None:
    """ "an attack [by RSF fighters]": the party an event noun names after "by" (a charge is an accusation)."""
    if not is_event(ctx, event) or is_charge(ctx, event):
        return None
    verb = event.head
    # "verified 12 strikes [by the coalition]": the parser may make the "by" an agent of the active verb
    misplaced = [c for c in verb.children if c.dep_ == "agent"] if event.dep_ == "dobj" and not any(
        c.dep_ in ("nsubjpass", "auxpass") for c in verb.children) else []
    return next((g for p in (*misplaced, *event.children) if p.dep_ in ("prep", "agent") and p.lower_ == "by"
                 for g in p.children if g.dep_ == "pobj" and ctx.actors(g)), None)
