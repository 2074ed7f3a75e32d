"""Wrongdoing named as nouns: a finding that lists acts ("documented arbitrary arrests, enforced
disappearances and torture by Malian troops", "the army's campaign of arrests"), names an act by its
victims ("strikes by the coalition on a school", "the army's shelling of homes") or calls an act a
crime ("called the RSF attack a war crime") accuses whoever the phrase says did them. Read after the
accusation patterns; a charge they already gave is not repeated.
"""
from __future__ import annotations

from spacy.tokens import Span, Token

from kgraph.extract.charges import LIST_JOINERS, charges_in, dedupe, foreseen, investigated
from kgraph.extract.context import DocumentContext
from kgraph.extract.doers import agents_of, doers_named
from kgraph.extract.families.accusing import accusing, denied_by_speaker
from kgraph.extract.harms import doers_of_act, harm_charges, others_than
from kgraph.extract.speakers import speaker_of, speaking, subject_of, under_denial
from kgraph.records import Claim, ClaimKind


def listed_acts(ctx: DocumentContext, sentence: Span) -> list[Claim]:
    """One accusation per act of each list of charges whose doer the phrase names, by the clause's speaker."""
    spans = [s for s in ctx.charges_near(sentence[0]) if sentence.start <= s.start < sentence.end]
    given = given_in(ctx, sentence)
    claims: list[Claim] = []
    for listed in charge_lists(ctx, spans):
        roots = [span.root for span in listed]
        doers = [d for span in listed for word in span for d in doers_named(ctx, word)]
        if not doers or any(denied_by_speaker(ctx, root) for root in roots):
            continue
        speaker = speaker_of(ctx, roots[0])
        if speaker is None:
            continue
        for doer in dict.fromkeys(doers):
            charges: list[tuple[str | None, str]] = [(s.label_, s.text) for s in listed
                                                     if (doer, s.label_ or s.text) not in given]
            claims += accusing(ctx, sentence, roots[0], 0.7, speaker.actors, [doer], charges,
                               ctx.event_in(roots[0]), speaker)
    return claims + harms_named(ctx, sentence, spans, given) + described_acts(ctx, sentence, given)


def harms_named(ctx: DocumentContext, sentence: Span, spans: list[Span],
                given: set[tuple[str | None, str | None]]) -> list[Claim]:
    """ "Strikes by X on a school", "X's shelling of homes": an act noun no taxonomy charge covers, whose
    victims make the charge ([accusation.harm]) and whose phrase names the doer."""
    charged = {i for span in spans for i in range(span.start, span.end)}
    claims: list[Claim] = []
    for noun in sentence:
        if noun.pos_ != "NOUN" or noun.i in charged or under_denial(ctx, noun) or investigated(noun) \
                or foreseen(ctx, noun):
            continue
        charges = harm_charges(ctx, noun)
        doers = (doers_of_act(ctx, noun) or done_through(ctx, noun)) if charges else []
        speaker = speaker_of(ctx, noun) if doers else None
        if speaker is None:
            continue
        for doer in dict.fromkeys(others_than(ctx, speaker.actors, doers)):
            fresh = [(slug, text) for slug, text in charges if (doer, slug) not in given]
            claims += accusing(ctx, sentence, noun, 0.7, speaker.actors, [doer], fresh, ctx.event_in(noun), speaker)
    return claims


def described_acts(ctx: DocumentContext, sentence: Span, given: set[tuple[str | None, str | None]]) -> list[Claim]:
    """ "X called Y's strike on the hospital a war crime", "X labelled the RSF attack a war crime": the
    describer accuses the act's doer of the charge it names."""
    describing = ctx.knowledge.lexicon.accusation.describing.verbs
    claims: list[Claim] = []
    for verb in sentence:
        act = next((c for c in verb.children if c.dep_ == "dobj"), None)
        if verb.pos_ != "VERB" or verb.lemma_.lower() not in describing or act is None or under_denial(ctx, verb):
            continue
        labels = [c for c in verb.children if c.dep_ in ("oprd", "xcomp", "ccomp")
                  or (c.dep_ == "prep" and c.lower_ == "as")] + [c for c in act.children if c.dep_ == "appos"]
        charges = dedupe([c for label in labels for c in charges_in(ctx, label)])
        doers = doers_of_act(ctx, act) if charges else []
        describers = speaking(ctx, ctx.actors(subject_of(ctx, verb)))
        speaker = speaker_of(ctx, verb) if doers and not describers else None
        claimants = describers or (list(speaker.actors) if speaker else [])
        for doer in dict.fromkeys(others_than(ctx, tuple(claimants), doers)):
            fresh = [(slug, text) for slug, text in charges if (doer, slug) not in given]
            claims += accusing(ctx, sentence, verb, 0.75, claimants, [doer], fresh, ctx.event_in(act), speaker)
    return claims


def done_through(ctx: DocumentContext, noun: Token) -> list[str]:
    """The doer of an act noun a light verb takes: "Y launched strikes on a market", "strikes on a market
    were carried out by Y"."""
    verb = noun.head
    if verb.lemma_.lower() not in ctx.knowledge.lexicon.accusation.harm.light_verbs:
        return []
    if noun.dep_ == "dobj":
        return ctx.actors(subject_of(ctx, verb))
    return agents_of(ctx, verb) if noun.dep_ == "nsubjpass" else []


def given_in(ctx: DocumentContext, sentence: Span) -> set[tuple[str | None, str | None]]:
    """(accused, charge) of the accusations already read in a sentence."""
    start = ctx.evidence(sentence).start
    return {(c.target, c.charge or c.charge_text) for c in reversed(ctx.claims)  # this sentence's are last
            if c.kind == ClaimKind.ACCUSATION and c.evidence.start == start}


def charge_lists(ctx: DocumentContext, spans: list[Span]) -> list[list[Span]]:
    """Charges grouped into the lists they stand in: joined by commas, "and", "or", articles and
    adjectives, or coordinated by the parser."""
    lists: list[list[Span]] = []
    for span in sorted(spans, key=lambda s: s.start):
        if lists:
            last = lists[-1][-1]
            gap = ctx.doc[last.end:span.start]
            joined = all(t.lower_ in LIST_JOINERS or t.pos_ in ("DET", "ADJ") for t in gap)
            if (len(gap) and joined) or span.root in last.root.conjuncts:
                lists[-1].append(span)
                continue
        lists.append([span])
    return lists
