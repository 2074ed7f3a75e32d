"""The claim every accusation pattern makes: one per accuser, accused and charge, with its report and date."""
from __future__ import annotations

from collections.abc import Iterable

from spacy.tokens import Span, Token

from kgraph.extract.context import DocumentContext
from kgraph.extract.speakers import Speaker, with_report
from kgraph.records import Claim, ClaimKind


def accusing(ctx: DocumentContext, sentence: Span, trigger: Token, confidence: float, accusers: Iterable[str],
             targets: Iterable[str], charges: list[tuple[str | None, str]], event: str | None,
             speaker: Speaker | None = None) -> list[Claim]:
    """One accusation per accuser, accused and charge; nobody accuses itself."""
    targets = list(dict.fromkeys(targets))
    return [
        with_report(ctx, ctx.claim(ClaimKind.ACCUSATION, sentence, trigger, confidence, claimant=accuser, target=target,
                                  charge=charge, charge_text=text, event=event), speaker)
        for accuser in accusers for target in targets if accuser != target for charge, text in charges
    ]


def denied_by_speaker(ctx: DocumentContext, token: Token) -> bool:
    """Whether a denial verb above a word denies it ("Y denied committing Z"); not where the word states
    what a report or claim says, which the denial only answers ("Y rejected [a report that said Y
    committed Z]": still the report's accusation)."""
    denials = ctx.knowledge.lexicon.denial.verbs
    for word in [token, *token.ancestors]:
        if word.dep_ in ("relcl", "acl") and word.head.pos_ == "NOUN":
            return False
        if word != token and word.lemma_.lower() in denials:
            return True
    return False
