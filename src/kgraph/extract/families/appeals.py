"""Appeals: "X urged Y to Z", "X called on Y to Z", "X called for Z", "X positions urging Z"."""
from __future__ import annotations

from spacy.tokens import Span, Token

from kgraph.extract.context import DocumentContext
from kgraph.extract.speakers import (
    speaker_of,
    subject_of,
    with_report,
)
from kgraph.ingest.naming import as_written
from kgraph.records import Claim


def appeals(ctx: DocumentContext, sentence: Span) -> list[Claim]:
    """Every appeal in a sentence: who calls on whom for what."""
    verbs = ctx.knowledge.lexicon.appeal.verbs
    need_addressee = ctx.knowledge.lexicon.appeal.need_addressee
    claims: list[Claim] = []
    for verb in sentence:
        if verb.pos_ != "VERB" or verb.lemma_.lower() not in verbs:
            continue
        addressee, demand = read_appeal(ctx, verb)
        if demand is None or (verb.lemma_.lower() in need_addressee and not ctx.actors(addressee)):
            continue
        # "Amnesty said X committed crimes and urged Y to Z": an appeal without its own subject,
        # joined to a reported clause, is the speaker's (X does not urge).
        own_subject = next((c for c in verb.children if c.dep_ == "nsubj"), None)
        speaker = speaker_of(ctx, verb)
        appellants = ctx.actors(own_subject) if own_subject is not None else []
        if not appellants and speaker:
            appellants = list(speaker.actors)
        if not appellants:
            appellants = ctx.actors(subject_of(ctx, verb))
        targets = ctx.actors(addressee) or [None]
        claims += [
            with_report(ctx, ctx.claim("appeal", sentence, verb, 0.75, claimant=appellant, target=target,
                                      charge_text=demand, event=ctx.event_in(verb)), speaker)
            for appellant in appellants for target in targets if appellant != target
        ]
    return claims


def read_appeal(ctx: DocumentContext, verb: Token) -> tuple[Token | None, str | None]:
    """(whom it is addressed to, what is called for) from the verb's dependents."""
    demand_preps = ctx.knowledge.lexicon.appeal.demand_preps
    addressee_preps = ctx.knowledge.lexicon.appeal.addressee_preps
    addressee: Token | None = None
    demand: str | None = None
    for child in verb.children:
        if child.dep_ == "prep" and child.lower_ in addressee_preps:
            addressee = next((g for g in child.children if g.dep_ == "pobj"), addressee)
        elif child.dep_ == "prep" and child.lower_ in demand_preps:
            demand = phrase(child, skip_first=True)
        elif child.dep_ == "dobj":
            if ctx.actors(child):
                addressee = child
            elif verb.lemma_.lower() not in ctx.knowledge.lexicon.appeal.need_preposition:
                demand = phrase(child)
        elif child.dep_ in ("xcomp", "ccomp"):
            demand = phrase(child)
    return addressee, demand


def phrase(token: Token, skip_first: bool = False) -> str:
    """The demand's words, without a further clause joined to it ("... and called for Z")."""
    clauses = [c for w in token.subtree for c in w.children
               if c.dep_ == "conj" and c.pos_ in ("VERB", "AUX")]
    dropped = {t.i for c in clauses for t in c.subtree} | {t.i for c in clauses for t in c.head.children
                                                           if t.dep_ == "cc" and t.i < c.i}
    words = [t for t in token.subtree if not (skip_first and t == token) and t.i not in dropped]
    return as_written(words, leaving_out=lambda word: word.dep_ == "punct")
