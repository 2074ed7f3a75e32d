"""Run the real pipeline on a few sentences and return claims in a form tests can compare."""
from __future__ import annotations

from datetime import date

from kgraph.extract import extract
from kgraph.knowledge import load_knowledge
from kgraph.nlp import load_pipeline
from kgraph.records import Claim, Document, Extraction

PUBLISHED = date(2025, 12, 11)  # a Thursday


def run(text: str, published: date | None = PUBLISHED, doc_id: str = "t", publisher: str | None = None) -> Extraction:
    document = Document(id=doc_id, text=text, date=published, publisher=publisher)
    return extract(document, load_pipeline()(document.body), load_knowledge())


def short(claim: Claim) -> tuple:
    """(kind, claimant, target, charge or words) with entity keys shortened to their slugs."""
    def name(key: str | None) -> str | None:
        return key.split("/", 1)[1] if key else None
    return claim.kind, name(claim.claimant), name(claim.target), claim.charge or claim.charge_text


def claims(text: str, kind: str | None = None, **options) -> list[tuple]:
    return [short(c) for c in run(text, **options).claims if kind is None or c.kind == kind]
