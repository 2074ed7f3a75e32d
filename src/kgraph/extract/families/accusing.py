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
