"""The `kgraph_charges` component: every phrase of the charge taxonomy, marked in doc.spans[CHARGES_KEY]."""
from __future__ import annotations

from collections.abc import Callable, Iterable

from spacy.language import Language
from spacy.matcher import PhraseMatcher
from spacy.tokens import Doc, Span
from spacy.util import filter_spans

from kgraph.errors import KGraphError
from kgraph.knowledge import Knowledge

CHARGES_KEY = "charges"  # the doc.spans key the extractors read
# The model's pipes that give a phrase its lemmas; the parser and NER would only cost time.
LEMMA_PIPES = ["tok2vec", "tagger", "attribute_ruler", "lemmatizer"]


@Language.factory(
    "kgraph_charges",
    assigns=["doc.spans"],
    requires=["token.lemma"],
    default_config={"spans_key": CHARGES_KEY, "lemma_pipes": LEMMA_PIPES},
)
def make_charge_matcher(nlp: Language, name: str, spans_key: str, lemma_pipes: list[str]) -> ChargeMatcher:
    return ChargeMatcher(nlp, name, spans_key, lemma_pipes)


class ChargeMatcher:
    """Marks the taxonomy's phrases, labelled by concept slug, longest first where they overlap.

    Phrases match word for word (case aside) and also by lemma, so "targeting civilians" finds "his
    fighters target civilians" too; with no `lemma_pipes` (a pipeline without a lemmatizer), by words only.
    """

    def __init__(self, nlp: Language, name: str, spans_key: str, lemma_pipes: list[str]) -> None:
        self.name, self.spans_key, self.lemma_pipes = name, spans_key, lemma_pipes
        self.by_words = PhraseMatcher(nlp.vocab, attr="LOWER")
        self.by_lemmas = PhraseMatcher(nlp.vocab, attr="LEMMA")

    def initialize(self, get_examples: Callable[[], Iterable] | None = None, *, nlp: Language,
                   knowledge: Knowledge) -> None:
        """Add every charge's label and alternative labels, lemmatised by the `lemma_pipes`."""
        if missing := [pipe for pipe in self.lemma_pipes if pipe not in nlp.pipe_names]:
            raise KGraphError(f"{self.name}: lemma_pipes names {', '.join(missing)}, which the pipeline lacks")
        self.by_words = PhraseMatcher(nlp.vocab, attr="LOWER")
        self.by_lemmas = PhraseMatcher(nlp.vocab, attr="LEMMA")
        for charge in knowledge.charges.values():
            phrases = sorted({charge.label, *charge.alt_labels})
            self.by_words.add(charge.slug, [nlp.make_doc(phrase) for phrase in phrases])
            if self.lemma_pipes:
                with nlp.select_pipes(enable=self.lemma_pipes):
                    self.by_lemmas.add(charge.slug, list(nlp.pipe(phrases)))

    def __call__(self, doc: Doc) -> Doc:
        matches = {*self.by_words(doc), *self.by_lemmas(doc)}
        spans = [Span(doc, start, end, label=match_id) for match_id, start, end in sorted(matches)]
        doc.spans[self.spans_key] = filter_spans(spans)
        return doc
