"""Claims from a parsed document: one module per claim family, each reading sentences through a context."""
from __future__ import annotations

from collections.abc import Callable

from spacy.tokens import Doc, Span

from kgraph.extract.accusations import accusations
from kgraph.extract.appeals import appeals
from kgraph.extract.context import DocumentContext
from kgraph.extract.denials import denials, link_denials
from kgraph.extract.figures import figures
from kgraph.extract.responsibility import responsibility
from kgraph.knowledge import Knowledge
from kgraph.records import Claim, Document, Extraction

Family = Callable[[DocumentContext, Span], list[Claim]]
FAMILIES: tuple[Family, ...] = (accusations, responsibility, denials, figures, appeals)


def extract(document: Document, doc: Doc, knowledge: Knowledge) -> Extraction:
    """Entities and claims of one document, from its spaCy parse."""
    ctx = DocumentContext(document, doc, knowledge)
    for sentence in doc.sents:
        for family in FAMILIES:
            ctx.claims += family(ctx, sentence)
    claims = link_denials(ctx, ctx.claims)
    return Extraction(document=document, entities=ctx.entities(), claims=tuple(dict.fromkeys(claims)))
