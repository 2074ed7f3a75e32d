"""Wrongdoing named as nouns: a finding that lists acts ("documented arbitrary arrests, enforced
disappearances and torture by Malian troops", "the army's campaign of arrests") accuses whoever the
phrase says did them. Read after the accusation patterns; a charge they already gave is not repeated.
"""
from __future__ import annotations

from spacy.tokens import Span

from kgraph.extract.charges import LIST_JOINERS
from kgraph.extract.context import DocumentContext
from kgraph.extract.doers import doers_named
from kgraph.extract.families.accusing import accusing, denied_by_speaker
from kgraph.extract.speakers import speaker_of
from kgraph.records import Claim, ClaimKind


def listed_acts(ctx: DocumentContext, sentence: Span) -> list[Claim]:
    """One accusation per act of each list of charges whose doer the phrase names, by the clause's speaker."""
    spans = [s for s in ctx.charges_near(sentence[0]) if sentence.start <= s.start < sentence.end]
    start = ctx.evidence(sentence).start
    given = {(c.target, c.charge or c.charge_text) for c in reversed(ctx.claims)  # this sentence's are last
             if c.kind == ClaimKind.ACCUSATION and c.evidence.start == start}
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
    return claims


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
