"""Charges a phrase names: the taxonomy spans (doc.spans) it holds, with their conjuncts and lists."""
from __future__ import annotations

from spacy.tokens import Span, Token

from kgraph.extract.context import DocumentContext

LIST_JOINERS = {",", "and", "or"}


def charges_in(ctx: DocumentContext, token: Token, skipping: tuple[Token, ...] = ()) -> list[tuple[str | None, str]]:
    """(concept slug, words) for every taxonomy charge that starts in the phrase a token heads, and
    the charges coordinated with those ("of [crimes] against humanity and genocide": the parser
    may split a charge's words or hang its conjunct elsewhere). The phrases `skipping` heads are left out."""
    first, last = token.left_edge.i, token.right_edge.i
    skipped = {i for aside in skipping for i in range(aside.left_edge.i, aside.right_edge.i + 1)}
    spans = ctx.charges_near(token)
    found = [span for span in spans if first <= span.start <= last and span.start not in skipped]
    covered = {i for span in found for i in range(span.start, span.end)}
    found += [span for span in spans if span not in found and span.root.dep_ == "conj" and span.root.head.i in covered]
    found += listed_after(ctx, found, [span for span in spans if span not in found])
    # "raising the spectre of ethnic cleansing": a charge feared is charged of nobody
    return [(span.label_, span.text) for span in sorted(found, key=lambda s: s.start) if not foreseen(ctx, span.root)]


def listed_after(ctx: DocumentContext, found: list[Span], others: list[Span]) -> list[Span]:
    """Charges that continue the list of those found ("of summary executions, sexual violence and the
    deliberate shelling of civilians"), joined only by commas, "and", "or", articles and adjectives:
    the parser sometimes hangs the rest of a list elsewhere."""
    if not found:
        return []
    listed: list[Span] = []
    end = max(span.end for span in found)
    for span in sorted((span for span in others if span.start >= end), key=lambda span: span.start):
        gap = ctx.doc[end:span.start]
        if not (len(gap) and gap[0].lower_ in LIST_JOINERS
                and all(t.lower_ in LIST_JOINERS or t.pos_ in ("DET", "ADJ") for t in gap)):
            break
        listed.append(span)
        end = span.end
    return listed


def dedupe(charges: list[tuple[str | None, str]]) -> list[tuple[str | None, str]]:
    seen: dict[str | None, tuple[str | None, str]] = {}
    for slug, text in charges:
        seen.setdefault(slug if slug else text.lower(), (slug, text))
    return list(seen.values())


def manner_charge(ctx: DocumentContext, verb: Token) -> list[tuple[str | None, str]]:
    """The charge an adverb of manner makes of a plain act ([accusation.act_manners]): "arbitrarily
    arrested" is arbitrary detention (kgc:imprisonment), "summarily executed" unlawful killings."""
    manners = ctx.knowledge.lexicon.accusation.act_manners
    for adverb in verb.children:
        charge = manners.get(adverb.lower_, {}).get(verb.lemma_.lower()) if adverb.dep_ == "advmod" else None
        if charge in ctx.knowledge.charges:
            start, end = sorted((adverb.i, verb.i))
            return [(charge, verb.doc[start:end + 1].text)]
    return []


def investigated(charge: Token) -> bool:
    """Whether a charge is what an inquiry is into ("an inquiry into alleged war crimes and crimes against
    humanity"): the inquiry accuses nobody yet, least of all the body that backs it."""
    while charge.dep_ == "conj" and charge.head != charge:
        charge = charge.head
    return charge.head.lower_ == "into"


def foreseen(ctx: DocumentContext, charge: Token) -> bool:
    """Whether a charge is feared, foreseen or averted ("warnings of an imminent genocide", "steps to
    prevent ethnic cleansing", "a risk of crimes against humanity"): nobody is accused of it."""
    words = ctx.knowledge.lexicon.accusation.foreseeing_words
    word = charge
    for _ in range(6):  # up through "of", objects and lists, as far as the nearest clause
        if word.head == word or word.dep_ not in ("conj", "pobj", "prep", "dobj", "compound", "xcomp", "appos"):
            return word.lemma_.lower() in words
        word = word.head
        if word.lemma_.lower() in words:
            return True
    return False
