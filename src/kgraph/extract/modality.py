"""How a claim is stated: when it was made (dates on and around its verb) and how firmly
(negated, possible, asserted; "possible genocide", "may amount to").
"""
from __future__ import annotations

from datetime import date

from spacy.tokens import Doc, Span, Token

from kgraph.ingest.dates import full_date, normalise_date, relative_date
from kgraph.records import Status


class Dates:
    """The DATE entities of one document, read against its publication date."""

    def __init__(self, doc: Doc, published: date | None) -> None:
        self.published = published
        self.entities = {i: ent for ent in doc.ents if ent.label_ == "DATE" for i in range(ent.start, ent.end)}
        self.known_years = stated_years(doc)

    def text(self, token: Token) -> str | None:
        """The DATE entity a token belongs to, as text."""
        ent = self.entities.get(token.i)
        return ent.text if ent is not None else None

    def normalise(self, text: str) -> str | None:
        """A date's words as ISO text, read against the publication date and the document's full dates."""
        return normalise_date(text, self.published, self.known_years)

    def claim_date(self, token: Token) -> str | None:
        """When a claim was made: a date on its verb ("said last month"), a date relative to the
        article anywhere in its clause ("charged ... for the 2023 assault on Thursday"), or the
        article's date for a claim in the present tense ("HRW accuses", "has denied")."""
        for verb in (token, token.head):
            for child in verb.children:
                words = [child, *(c for c in child.children if c.dep_ == "pobj")] if child.dep_ == "prep" else [child]
                for word in words:
                    text = self.text(word)
                    if text and child.dep_ in ("npadvmod", "prep", "tmod", "advmod"):
                        return self.normalise(text)
        if self.published is None:
            return None
        for word in token.subtree:
            if (text := self.text(word)) and (said := relative_date(text, self.published)):
                return said
        if present_tense(token):
            return self.published.isoformat()
        return None


def stated_years(doc: Doc) -> dict[tuple[int, int], int]:
    """(month, day) -> year for every full date in the document ("7 October 2023")."""
    years = {}
    for ent in doc.ents:
        if ent.label_ == "DATE" and (full := full_date(ent.text)):
            years[(full.month, full.day)] = full.year
    return years


def present_tense(token: Token) -> bool:
    verb = token if token.pos_ in ("VERB", "AUX") else token.head
    if verb.tag_ in ("VBZ", "VBP"):
        return True
    return verb.tag_ in ("VBN", "VBG") and any(c.dep_ == "aux" and c.tag_ in ("VBZ", "VBP") for c in verb.children)


def status_of(verb: Token, modals: frozenset[str]) -> str:
    """negated ("did not accuse"), possible ("could amount to"), or asserted."""
    for word in (verb, verb.head):
        for child in word.children:
            if child.dep_ == "neg":
                return Status.NEGATED
            if child.dep_ == "aux" and child.lower_ in modals:
                return Status.POSSIBLE
        if word.dep_ not in ("xcomp", "ccomp"):
            break
    return Status.ASSERTED


def hedged(charges: list[Span], sentence: Span, charge_text: str | None, trigger: Token,
           hedges: frozenset[str], modals: frozenset[str]) -> bool:
    """ "possible genocide", "violations that may amount to war crimes": the charge itself, or a
    clause between it and the claim's verb, is qualified as a possibility."""
    for span in charges:
        if span.text != charge_text or not sentence.start <= span.start < sentence.end:
            continue
        if any(c.dep_ == "amod" and c.lower_ in hedges for c in span.root.children):
            return True
        for ancestor in span.root.ancestors:
            if ancestor == trigger:
                break
            if any(c.dep_ == "aux" and c.lower_ in modals for c in ancestor.children):
                return True
    return False
