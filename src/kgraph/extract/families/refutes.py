"""Which accusations a denial answers, read once the whole document is: those against the denier on
the same matter, or the ones its words refer back to ("rejected the accusations"); where the denied
allegation was never stated as such, it is added as an accusation by the denier's principal accuser.
"""
from __future__ import annotations

from collections import Counter
from dataclasses import replace

from kgraph.extract.context import DocumentContext
from kgraph.extract.families.denials import OWN_ACTS_CONFIDENCE
from kgraph.records import Claim, ClaimKind, ClaimRef


def link_denials(ctx: DocumentContext, claims: list[Claim]) -> list[Claim]:
    """Point each denial at the accusations (or the attributions of responsibility) it answers; add
    unstated accusations that a denial implies."""
    accusations = [c for c in claims if c.kind == ClaimKind.ACCUSATION]
    result = [c for c in claims if c.kind != ClaimKind.DENIAL]
    for denial in sorted((c for c in claims if c.kind == ClaimKind.DENIAL), key=lambda c: c.evidence.start):
        if unanswering(ctx, denial, accusations + [c for c in claims if c.kind == ClaimKind.RESPONSIBILITY]):
            continue
        denied = ctx.related_actors(denial.claimant)
        # "denied responsibility"
        blamed = [c for c in claims if c.kind == ClaimKind.RESPONSIBILITY and c.target in denied]
        answered = [a for a in accusations + blamed if a.target in denied and a.evidence.start <= denial.evidence.start]
        answered.sort(key=lambda a: a.evidence.start)
        if answered:  # "rejected the findings": the claims of the latest accuser, not of every one
            answered = [a for a in answered if a.claimant == answered[-1].claimant]
        matching = [a for a in accusations if a.target in denied and same_charge(a, denial)]
        if denial.charge:  # it names a charge: answer accusations of it, or imply the allegation it cites
            if not matching and denial.cites_claim and (accuser := principal_accuser(accusations, denied)):
                implied = [replace(denial, kind=ClaimKind.ACCUSATION, claimant=accuser, target=denial.claimant,
                                   confidence=0.5, trigger="allege", refutes=(), cites_claim=False)]
                result += implied
                accusations += implied
                matching = implied
            answered = matching
        elif denial.charge_text:  # its own words: the same words, or the latest accusation on that matter
            answered = matching or [a for a in latest(answered) if same_matter(ctx, a, denial)]
        elif not answered:  # "denied the accusation": the latest accusation before it, unless it accuses another
            answered = [a for a in latest([a for a in accusations if a.evidence.start < denial.evidence.start])
                        if not accuses_another(ctx, a, denied)]
        result.append(refuting(ctx, denial, answered))
    return result


def latest(claims: list[Claim]) -> list[Claim]:
    """The claims of the last sentence among some claims in text order."""
    return [c for c in claims if c.evidence.start == claims[-1].evidence.start] if claims else []


def same_matter(ctx: DocumentContext, accusation: Claim, denial: Claim) -> bool:
    """ "denied backing the rebels" answers "accused of supporting and backing M23"; "denied any
    involvement" answers whatever it was accused of; "said its troops never fired" answers no genocide charge."""
    generic = ctx.knowledge.lexicon.denial.generic_words
    denied = content_words(denial.charge_text or "") - generic
    charge = ctx.knowledge.charges[accusation.charge].label if accusation.charge else accusation.charge_text or ""
    event = ctx.label_of(accusation.event) if accusation.event in ctx.drafts else ""
    return not denied or bool(denied & content_words(f"{charge} {event}"))


def content_words(text: str) -> set[str]:
    """Crude stems of a phrase's longer words: "backing the M23" -> {"back", "m23"}."""
    words = (w.strip(".,;:'\"“”’").lower() for w in text.split())
    return {stem(w) for w in words if len(w) > 3 or any(ch.isdigit() for ch in w)}


def stem(word: str) -> str:
    for suffix in ("ing", "ed", "es", "s"):
        if word.endswith(suffix) and len(word) - len(suffix) >= 3:
            return word[: -len(suffix)]
    return word


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


def unanswering(ctx: DocumentContext, denial: Claim, accusations: list[Claim]) -> bool:
    """ "HRW said it could not verify the toll": a party's "did not" that names no charge denies
    something only where the document accuses that party of something or holds it responsible."""
    if denial.confidence != OWN_ACTS_CONFIDENCE or denial.charge:
        return False
    related = ctx.related_actors(denial.claimant)
    return not any(a.target in related for a in accusations)


def accuses_another(ctx: DocumentContext, accusation: Claim, denied: set[str]) -> bool:
    """ "Ukraine accused Russian forces of war crimes. Sudan's ministry dismissed the allegations": an
    accusation against a party of another state is not what a state's body denies."""
    def state(key: str) -> str | None:
        top = ctx.top_actor(key)
        return top if ctx.family_of(top) == "State" else None
    states = {state(a) for a in denied} - {None}
    return bool(states) and accusation.target is not None and state(accusation.target) not in states | {None}
