"""Who says what: the subject of a verb, the speaker of a clause ("X said", "according to X",
"..., X said"), and whose accusation a noun is ("its accusation", "accusations by X").
"""
from __future__ import annotations

from dataclasses import dataclass, replace

from spacy.tokens import Token

from kgraph.extract.context import DocumentContext
from kgraph.extract.grammar import SHARED_SUBJECT_DEPS
from kgraph.records import Claim


@dataclass(frozen=True)
class Speaker:
    """Who a clause is attributed to, and the report it was stated in."""

    actors: tuple[str, ...]
    report: str | None
    verb: Token


def subject_of(ctx: DocumentContext, verb: Token) -> Token | None:
    """The subject of a verb, shared down conjoined and participial clauses; an acl's noun.

    Of two subjects (a dateline parsed as one: "THE HAGUE, ... — The SLA accused"), the actor.
    """
    subjects = [c for c in verb.children if c.dep_ in ("nsubj", "csubj")]
    if subjects:
        return next((c for c in reversed(subjects) if ctx.actor_at(c)), subjects[-1])
    if verb.dep_ in SHARED_SUBJECT_DEPS and verb.head != verb:
        return subject_of(ctx, verb.head)
    if verb.dep_ == "acl":
        return verb.head
    return None


def speaker_of(ctx: DocumentContext, token: Token, verbs: frozenset[str] | None = None,
               media: bool = False) -> Speaker | None:
    """Who says the clause a token stands in: the nearest reporting verb above it, or "according to".

    News media that report a clause only relay it ("X accused Y, the AP reported"); they are
    speakers only when asked for (`media`: a news agency can be the source of a figure).
    """
    verbs = verbs or ctx.knowledge.lexicon.reported_speech.verbs
    according = ctx.knowledge.lexicon.reported_speech.according_to
    current: Token | None = token
    while current is not None:
        for child in current.children:
            if child.dep_ == "prep" and child.lower_ in according:
                source = next((g for c in child.children for g in c.children if g.dep_ == "pobj"), None)
                if source is not None and (actors := speaking(ctx, ctx.actors(source), media)):
                    return Speaker(tuple(actors), ctx.report_at(source), current)
        if current != token and current.lemma_.lower() in verbs and current.pos_ in ("VERB", "AUX"):
            subject = subject_of(ctx, current)
            if subject is not None and (actors := speaking(ctx, ctx.actors(subject), media)):
                return Speaker(tuple(actors), ctx.report_at(subject), current)
        current = current.head if current.head != current else None
    return parenthetical_speaker(ctx, token.sent.root, verbs, media)


def speaking(ctx: DocumentContext, actors: list[str], media: bool = False) -> list[str]:
    """The actors that make claims of their own when they say something (news media relay)."""
    return actors if media else [a for a in actors if ctx.type_of(a) != "MediaOrganisation"]


def parenthetical_speaker(ctx: DocumentContext, root: Token, verbs: frozenset[str], media: bool) -> Speaker | None:
    """ "Y was responsible, HRW said": the reporting verb hangs below the clause it reports."""
    for child in root.children:
        if child.dep_ in ("parataxis", "ccomp") and child.i > root.i and child.lemma_.lower() in verbs:
            subject = subject_of(ctx, child)
            if subject is not None and (actors := speaking(ctx, ctx.actors(subject), media)):
                return Speaker(tuple(actors), ctx.report_at(subject), child)
    return None


def with_report(ctx: DocumentContext, claim: Claim, speaker: Speaker | None) -> Claim:
    """A reported claim takes the report it was stated in, and the date of its saying."""
    if speaker is None:
        return claim
    said = ctx.dates.claim_date(speaker.verb)
    return replace(claim, report=speaker.report or claim.report, date=said or claim.date)


def accuser_of_noun(ctx: DocumentContext, noun: Token) -> list[str]:
    """Whose accusation: "its"/"Amnesty's", "by X", or the subject of "X repeated its accusation"."""
    for child in noun.children:
        if child.dep_ == "poss" and (owner := ctx.actors(child)):
            return owner
        if child.dep_ == "prep" and child.lower_ == "by":
            return [a for g in child.children if g.dep_ == "pobj" for a in ctx.actors(g)]
    if noun.dep_ in ("dobj", "nsubjpass") and not under_denial(ctx, noun):
        return ctx.actors(subject_of(ctx, noun.head))
    return []


def under_denial(ctx: DocumentContext, token: Token) -> bool:
    denials = ctx.knowledge.lexicon.denial.verbs
    return any(a.lemma_.lower() in denials for a in token.ancestors)
