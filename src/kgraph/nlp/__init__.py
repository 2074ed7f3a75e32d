"""The spaCy pipeline: the English model plus rule components fed by the domain knowledge."""
from __future__ import annotations

from collections.abc import Iterable, Iterator
from dataclasses import dataclass
from functools import cache

import spacy
from spacy.language import Language
from spacy.matcher import PhraseMatcher
from spacy.tokens import Doc, Span, Token
from spacy.util import filter_spans

from kgraph import MODEL_NAME
from kgraph.errors import KGraphError
from kgraph.ingest.dates import MONTHS
from kgraph.knowledge import Knowledge, load_knowledge

# spaCy labels for gazetteer classes, so rule matches and NER matches read alike.
SPACY_LABELS = {"State": "GPE", "Person": "PERSON", "Place": "LOC"}

# Entity ids set by the ruler: "actor:<gazetteer id>", or a state's institution or fighters.
GOVERNMENT, ARMED_FORCES, ARMED_GROUPS, DEMONYM = "government:", "forces:", "fighters:", "demonym:"

# Longer texts are parsed in chunks: spaCy refuses texts over nlp.max_length (1,000,000 characters), and
# the parser and NER need memory in proportion to a text's length.
CHUNK_CHARS = 20_000

SENTENCE_ENDS = {".", "!", "?"}
QUOTE_MARKS = {'"', "”", "’", "'"}
DATELINE_DASHES = {"-", "--", "–", "—"}
DATELINE_MAX_TOKENS = 12  # "NEW YORK, Sept. 21 (Reuters) -" is 9


@cache
def load_pipeline() -> Language:
    """The English pipeline with kgraph's sentence, entity-ruler and charge components."""
    try:
        nlp = spacy.load(MODEL_NAME)
    except OSError:
        raise KGraphError(
            f"spaCy model {MODEL_NAME!r} is not installed; run `make install` "
            "(it installs the pinned model from requirements/model.txt)"
        ) from None
    knowledge = load_knowledge()
    nlp.add_pipe("kgraph_sentences", before="parser")
    ruler = nlp.add_pipe("entity_ruler", before="ner", config={"overwrite_ents": True})
    with nlp.select_pipes(enable=[]):  # phrase patterns need only the tokenizer
        ruler.add_patterns(actor_patterns(knowledge))
    nlp.add_pipe("kgraph_names", after="ner")
    nlp.add_pipe("kgraph_charges", last=True)
    return nlp


def parse(nlp: Language, texts: Iterable[str], batch_size: int = 32) -> Iterator[Doc]:
    """One Doc per text, streamed; a long text is parsed in paragraph chunks and joined, its offsets kept."""
    def pieces() -> Iterator[tuple[str, int]]:
        for text in texts:
            chunks = split_text(text, CHUNK_CHARS)
            for chunk in chunks:
                yield chunk, len(chunks)

    parsed: list[Doc] = []
    for doc, count in nlp.pipe(pieces(), batch_size=batch_size, as_tuples=True):
        parsed.append(doc)
        if len(parsed) == count:
            yield parsed[0] if count == 1 else Doc.from_docs(parsed, ensure_whitespace=False)
            parsed = []


def split_text(text: str, limit: int) -> list[str]:
    """Consecutive pieces of `text` of at most `limit` characters, cut after a blank line where possible."""
    pieces: list[str] = []
    start = 0
    while len(text) - start > limit:
        window = text[start:start + limit]
        cut = limit  # no whitespace at all: cut anywhere rather than fail
        for separator in ("\n\n", "\n", ". ", " "):
            found = window.rfind(separator)
            if found > 0:
                cut = found + len(separator)
                break
        pieces.append(text[start:start + cut])
        start += cut
    pieces.append(text[start:])
    return pieces


def actor_patterns(knowledge: Knowledge) -> list[dict]:
    """EntityRuler patterns: every gazetteer name, and demonym phrases such as "Israeli authorities"."""
    patterns: list[dict] = []
    taken: set[str] = set()
    for actor in knowledge.actors.values():
        label = SPACY_LABELS.get(actor.type, "ORG")
        for name in (actor.label, *actor.aliases):
            patterns.append({"label": label, "pattern": name, "id": f"actor:{actor.id}"})
            taken.add(name.lower())
    lexicon = knowledge.lexicon["entities"]
    compounds = [
        (GOVERNMENT, lexicon["government_nouns"]),
        (ARMED_FORCES, lexicon["armed_forces_nouns"]),
        (ARMED_GROUPS, lexicon["armed_group_nouns"]),
    ]
    # Phrase (string) patterns only: the ruler matches thousands of them at the cost of a few, where
    # token patterns would cost more than the whole statistical pipeline.
    for actor in knowledge.actors.values():
        for demonym in actor.demonyms:
            for prefix, nouns in compounds:
                for noun in nouns:
                    if f"{demonym} {noun}".lower() in taken:
                        continue  # the gazetteer names this body itself (e.g. "Israeli army")
                    for written in (noun, noun.title()):  # "Israeli forces", "Israeli Forces"
                        pattern = f"{demonym} {written}"
                        patterns.append({"label": "ORG", "pattern": pattern, "id": f"{prefix}{actor.id}"})
            patterns.append({"label": "NORP", "pattern": demonym, "id": f"{DEMONYM}{actor.id}"})
    return patterns


@dataclass(frozen=True)
class EntityWords:
    """The lexicon's word lists that the rule components read for every document, read once."""

    titles: frozenset[str]
    name_heads: frozenset[str]
    fighter_phrases: tuple[tuple[str, ...], ...]  # longest first


@cache
def entity_words() -> EntityWords:
    lexicon = load_knowledge().lexicon["entities"]
    phrases = sorted((tuple(noun.split()) for noun in lexicon["unknown_fighter_nouns"]), key=len, reverse=True)
    return EntityWords(
        titles=frozenset(lexicon["titles"]["words"]),
        name_heads=frozenset(word for words in lexicon["name_heads"].values() for word in words),
        fighter_phrases=tuple(phrases),
    )


@Language.component("kgraph_sentences")
def mark_sentences(doc: Doc) -> Doc:
    """A blank line starts a sentence, and so does a paragraph's story after its dateline; a title such
    as "Sgt." does not end one, and a closing quotation mark belongs to the sentence it closes."""
    titles = entity_words().titles
    for token in doc[:-1]:
        following = doc[token.i + 1]
        if token.is_space and "\n\n" in token.text:
            following.is_sent_start = True
        elif token.text in titles and following.text == ".":
            if token.i + 2 < len(doc):
                doc[token.i + 2].is_sent_start = False
        elif token.text.endswith(".") and token.text[:-1] in titles:
            following.is_sent_start = False
        elif token.text in SENTENCE_ENDS and following.text in QUOTE_MARKS and not token.whitespace_:
            following.is_sent_start = False  # 'of "a massacre."': the closing mark ends the sentence it closes
    for start in paragraph_starts(doc):
        if (story := dateline_end(doc, start)) is not None:
            doc[story].is_sent_start = True
    return doc


def paragraph_starts(doc: Doc) -> Iterator[int]:
    if len(doc):
        yield 0
    yield from (token.i + 1 for token in doc[:-1] if token.is_space and "\n" in token.text)


def dateline_end(doc: Doc, start: int) -> int | None:
    """Where the story starts after a dateline opening a paragraph ("BANGKOK, June 18 (AP) -", "THE
    HAGUE —"), or None. Parsed with the story, a dateline's place becomes the subject of its first verb."""
    if not (doc[start].is_alpha and doc[start].is_upper and len(doc[start]) > 1):
        return None
    words: list[Token] = []
    for token in doc[start + 1: start + DATELINE_MAX_TOKENS]:
        if token.text in DATELINE_DASHES:
            place_and_date = any(word.text in {",", "("} for word in words)  # "CITY, Month D (Agency)"
            only_capitals = all(word.is_upper for word in words if word.is_alpha)  # "THE HAGUE"
            return token.i + 1 if token.i + 1 < len(doc) and (place_and_date or only_capitals) else None
        if token.tag_.startswith("VB") or "\n" in token.text:
            return None
        words.append(token)
    return None


@Language.component("kgraph_names")
def repair_entities(doc: Doc) -> Doc:
    """Two repairs of the small model's entities.

    A place that starts a longer name is not the actor: "[Sudan] Liberation Army" is one
    organisation, so a gazetteer place followed by capitalised words ending in a name head
    ("Army", "Front", "Ministry"...) becomes that organisation's name. And a day number before a
    month date belongs to it: "7 [October 2023]".
    """
    heads = entity_words().name_heads
    ents = list(doc.ents) + unknown_fighters(doc, entity_words().fighter_phrases)
    for index, ent in enumerate(ents):
        if ent.label_ == "GPE":
            end = ent.end
            while end < len(doc) and doc[end].pos_ == "PROPN" and doc[end].text[:1].isupper():
                end += 1
            if end > ent.end and doc[end - 1].text in heads:
                ents[index] = Span(doc, ent.start, end, label="ORG")
        elif ent.label_ == "DATE" and ent.start > 0 and ent[0].lower_ in MONTHS:
            day = doc[ent.start - 1]
            if day.is_digit and 1 <= int(day.text) <= 31 and day.ent_type_ == "":
                ents[index] = Span(doc, ent.start - 1, ent.end, label="DATE")
    doc.ents = filter_spans(ents)
    return doc


def unknown_fighters(doc: Doc, phrases: tuple[tuple[str, ...], ...]) -> list[Span]:
    """ "Amhara security forces", "Fano militias": a name outside the gazetteer before a fighters noun."""
    found = []
    for token in doc[:-1]:
        if token.ent_id_ or not (token.pos_ == "PROPN" or token.ent_type_ in ("NORP", "GPE", "LOC")):
            continue
        if token.i + 1 < len(doc) and doc[token.i + 1].pos_ == "PROPN":
            continue  # only the last word of a name: "Tigray Defense Forces" is the NER's to find
        for words in phrases:
            following = doc[token.i + 1:token.i + 1 + len(words)]
            if tuple(t.lower_ for t in following) == words:
                start = token.i
                while start > 0 and doc[start - 1].pos_ == "PROPN" and not doc[start - 1].ent_id_:
                    start -= 1
                found.append(Span(doc, start, following.end, label="ORG"))
                break
    return found


@Language.factory("kgraph_charges")
def make_charge_matcher(nlp: Language, name: str) -> ChargeMatcher:
    return ChargeMatcher(nlp, load_knowledge())


class ChargeMatcher:
    """Marks every phrase of the charge taxonomy in doc.spans["charges"], labelled by concept slug.

    Phrases match word for word (case aside) and also by lemma, so "targeting civilians" finds
    "his fighters target civilians" too.
    """

    def __init__(self, nlp: Language, knowledge: Knowledge) -> None:
        self.by_words = PhraseMatcher(nlp.vocab, attr="LOWER")
        self.by_lemmas = PhraseMatcher(nlp.vocab, attr="LEMMA")
        for charge in knowledge.charges.values():
            phrases = sorted({charge.label, *charge.alt_labels})
            self.by_words.add(charge.slug, [nlp.make_doc(phrase) for phrase in phrases])
            with nlp.select_pipes(enable=["tok2vec", "tagger", "attribute_ruler", "lemmatizer"]):
                self.by_lemmas.add(charge.slug, list(nlp.pipe(phrases)))

    def __call__(self, doc: Doc) -> Doc:
        matches = {*self.by_words(doc), *self.by_lemmas(doc)}
        spans = [Span(doc, start, end, label=match_id) for match_id, start, end in sorted(matches)]
        doc.spans["charges"] = filter_spans(spans)
        return doc
