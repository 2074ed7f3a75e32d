"""Denials: "X denies allegations it committed Z", "an allegation X denies", "X rejected the accusations".

A denial answers accusations: once a document is read, `link_denials` finds the accusations each
denial refutes (those against the denier, or the ones its words refer back to) and, where the denied
allegation was never stated as such, adds it as an accusation by the denier's principal accuser.
"""
from __future__ import annotations

from collections import Counter
from dataclasses import replace

from spacy.tokens import Span, Token

from kgraph.extract.charges import charges_in, dedupe
from kgraph.extract.context import DocumentContext
from kgraph.extract.grammar import CLAUSE_DEPS, core_phrase, passive_agent
from kgraph.extract.speakers import (
    accuser_of_noun,
    speaker_of,
    subject_of,
)
from kgraph.ingest.naming import as_written
from kgraph.records import Claim, ClaimRef


def denials(ctx: DocumentContext, sentence: Span) -> list[Claim]:
    """Every denial in a sentence; what it refutes is settled later by link_denials."""
    verbs = ctx.knowledge.lexicon.denial.verbs
    claim_nouns = ctx.knowledge.lexicon.denial.claim_nouns
    claims: list[Claim] = dismissals(ctx, sentence)
    for verb in sentence:
        if verb.pos_ != "VERB" or verb.lemma_.lower() not in verbs:
            continue
        denied = next((c for c in verb.children if c.dep_ == "nsubjpass"), None)
        subject = passive_agent(verb) if denied is not None else subject_of(ctx, verb)
        deniers = [accused_instead(ctx, subject, denier) for denier in ctx.actors(subject)]
        if not deniers:
            continue
        charges, accusers = denied_content(ctx, verb, denied)
        cites_claim = any(w.lemma_.lower() in claim_nouns  # "denied the allegations", "an allegation X denies"
                          for w in verb.subtree if w.dep_ in ("dobj", "nsubjpass") or w == verb.head)
        claims += denying(ctx, sentence, verb, 0.85 if charges else 0.7, deniers, accusers, charges, cites_claim)
    return claims


def denying(ctx: DocumentContext, sentence: Span, trigger: Token, confidence: float, deniers: list[str],
            accusers: list[str], charges: list[tuple[str | None, str]], cites_claim: bool = False) -> list[Claim]:
    """One denial per denier and denied charge (or one for the whole claim when none is named)."""
    return [
        ctx.claim("denial", sentence, trigger, confidence, claimant=denier, cites_claim=cites_claim,
                  target=accusers[0] if accusers else None, charge=charge, charge_text=text)
        for denier in deniers for charge, text in (charges or [(None, None)])
    ]


def dismissals(ctx: DocumentContext, sentence: Span) -> list[Claim]:
    """ "X said the genocide charge was false", "X called the accusations baseless": a claim noun
    dismissed by a predicate is a denial by whoever says or labels it."""
    claim_nouns = ctx.knowledge.lexicon.denial.claim_nouns
    dismissive = ctx.knowledge.lexicon.denial.dismissive_words
    labelling = ctx.knowledge.lexicon.denial.labelling_verbs
    claims: list[Claim] = []
    for noun in sentence:
        if noun.pos_ != "NOUN" or noun.lemma_.lower() not in claim_nouns:
            continue
        head = noun.head
        predicate = [c for c in head.children if c.dep_ in ("acomp", "attr", "oprd")] + \
                    [g for c in head.children if c.dep_ == "prep" and c.lower_ == "as" for g in c.children]
        if not any(w.lemma_.lower() in dismissive or w.lower_ in dismissive for w in predicate):
            continue
        if noun.dep_ == "nsubj" and head.lemma_ == "be" and (speaker := speaker_of(ctx, head)):
            deniers = list(speaker.actors)
        elif noun.dep_ == "dobj" and head.lemma_.lower() in labelling:
            deniers = ctx.actors(subject_of(ctx, head))
        else:
            continue
        charges = charges_in(ctx, noun)
        owned = any(c.dep_ == "poss" or (c.dep_ == "prep" and c.lower_ == "by") for c in noun.children)
        accusers = accuser_of_noun(ctx, noun) if owned else []  # "its accusations"; else linked later
        claims += denying(ctx, sentence, head, 0.75, deniers, accusers, charges)
    return claims


def accused_instead(ctx: DocumentContext, subject: Token, denier: str) -> str:
    """ "HRW accuses M23 of torture. The group denied it": an accuser does not deny its own claim,
    so a reference ("the group", "it") that resolved to the latest accuser means the accused."""
    mention = ctx.mentions.get(subject.i)
    if mention is None or mention.kind != "reference":
        return denier
    before = subject.idx + ctx.document.body_start
    earlier = [c for c in ctx.claims if c.kind == "accusation" and c.evidence.start < before]
    if earlier and earlier[-1].claimant == denier and earlier[-1].target:
        return earlier[-1].target
    return denier


def denied_content(ctx: DocumentContext, verb: Token, denied: Token | None = None
                   ) -> tuple[list[tuple[str | None, str]], list[str]]:
    """The charges a denial names and whose claim it answers, as far as its own sentence tells.

    Charges outside the taxonomy keep the denial's own words: "denied committing atrocities".
    """
    claim_nouns = ctx.knowledge.lexicon.denial.claim_nouns
    objects = [c for c in verb.children if c.dep_ in ("dobj", "ccomp", "xcomp", "pcomp")]
    if denied is not None:
        objects.append(denied)  # "the accusation was rejected by X"
    if verb.dep_ == "relcl" and verb.head.lemma_.lower() in claim_nouns:
        objects.append(verb.head)  # "an allegation Israel denies"
    charges: list[tuple[str | None, str]] = []
    accusers: list[str] = []
    for obj in objects:
        nouns = [obj] + ([obj.head] if obj.dep_ == "appos" else [])  # "its accusation that ..., an allegation X denies"
        for noun in nouns:
            if noun.lemma_.lower() in claim_nouns:
                accusers += accuser_of_noun(ctx, noun)
                for child in noun.children:
                    if child.dep_ in CLAUSE_DEPS | {"prep"} and child != verb:
                        charges += charges_in(ctx, child) or (
                            [(None, clause_text(child))] if child.dep_ in ("acl", "ccomp") else [])
            elif noun == obj:
                # "denied that its fighters were there, calling the account lies ...": the aside is not denied
                found = charges_in(ctx, obj, skipping=tuple(t for t in obj.subtree if t.dep_ == "advcl"))
                if not found and obj.dep_ in ("xcomp", "ccomp", "pcomp", "dobj") and not ctx.actors(obj):
                    found = [(None, clause_text(obj))]
                charges += found
    return dedupe(charges), list(dict.fromkeys(accusers))


def clause_text(clause: Token) -> str:
    """ "claims [that Rwanda backs the M23]": the clause without its "that" and its asides (", calling it lies")."""
    asides = {t.i for aside in clause.subtree if aside.dep_ == "advcl" and aside != clause for t in aside.subtree}
    words = [t for t in core_phrase(clause) if t.i not in asides and not (t.dep_ == "mark" and t.head == clause)]
    while words and words[-1].is_punct:
        words.pop()
    return as_written(words)


def link_denials(ctx: DocumentContext, claims: list[Claim]) -> list[Claim]:
    """Point each denial at the accusations it answers; add unstated accusations that a denial implies."""
    accusations = [c for c in claims if c.kind == "accusation"]
    result = [c for c in claims if c.kind != "denial"]
    for denial in sorted((c for c in claims if c.kind == "denial"), key=lambda c: c.evidence.start):
        denied = ctx.related_actors(denial.claimant)
        answered = [a for a in accusations if a.target in denied and a.evidence.start <= denial.evidence.start]
        if answered:  # "rejected the findings": the claims of the latest accuser, not of every one
            answered = [a for a in answered if a.claimant == answered[-1].claimant]
        matching = [a for a in accusations if a.target in denied and same_charge(a, denial)]
        if denial.charge:  # it names a charge: answer accusations of it, or imply the allegation it cites
            if not matching and denial.cites_claim and (accuser := principal_accuser(accusations, denied)):
                implied = [replace(denial, kind="accusation", claimant=accuser, target=denial.claimant,
                                   confidence=0.5, trigger="allege", refutes=(), cites_claim=False)]
                result += implied
                accusations += implied
                matching = implied
            answered = matching
        elif denial.charge_text:  # its own words ("any involvement"): the same words, or the latest
            answered = matching or latest(answered)
        elif not answered:  # "denied the accusation": the latest accusation before it
            answered = latest([a for a in accusations if a.evidence.start < denial.evidence.start])
        result.append(refuting(ctx, denial, answered))
    return result


def latest(claims: list[Claim]) -> list[Claim]:
    """The claims of the last sentence among some claims in text order."""
    return [c for c in claims if c.evidence.start == claims[-1].evidence.start] if claims else []


def same_charge(accusation: Claim, denial: Claim) -> bool:
    if denial.charge:
        return accusation.charge == denial.charge
    return (accusation.charge_text or "").lower() == (denial.charge_text or "").lower()


def refuting(ctx: DocumentContext, denial: Claim, answered: list[Claim]) -> Claim:
    """The denial with what it refutes; "the accusations" take the charges of the claims they answer."""
    refs = tuple(dict.fromkeys(ClaimRef(a.kind, a.claimant, a.target, a.charge, a.charge_text) for a in answered))
    if not refs:
        return denial
    charges = list(dict.fromkeys(ref.charge for ref in refs))
    texts = sorted({ctx.knowledge.charges[r.charge].label if r.charge else r.charge_text or "" for r in refs} - {""})
    return replace(
        denial,
        refutes=refs,
        target=denial.target or refs[0].claimant,
        charge=denial.charge or (charges[0] if len(charges) == 1 else None),
        charge_text=denial.charge_text or "; ".join(texts) or None,
    )


def principal_accuser(accusations: list[Claim], accused: set[str]) -> str | None:
    """Who accuses these actors most often in the document."""
    counts = Counter(a.claimant for a in accusations if a.target in accused and a.claimant)
    return counts.most_common(1)[0][0] if counts else None
