"""The spaCy pipeline: the English model plus rule components fed by the domain knowledge.

Each kgraph component is a registered factory (sentences.py, names.py, charges.py) that gets its word
lists from a `Knowledge` through `initialize`, so any pipeline, a blank one included, can hold it.
"""
from __future__ import annotations

from collections.abc import Iterable, Iterator
from typing import cast

import spacy
from spacy.language import Language
from spacy.pipeline import AttributeRuler, EntityRuler
from spacy.tokens import Doc

from kgraph import MODEL_NAME
from kgraph.errors import KGraphError
from kgraph.knowledge import Knowledge, load_knowledge
from kgraph.nlp.charges import CHARGES_KEY, ChargeMatcher
from kgraph.nlp.names import ACTOR, ARMED_FORCES, ARMED_GROUPS, DEMONYM, GOVERNMENT, NameRepairs, actor_patterns
from kgraph.nlp.sentences import SentenceMarker

__all__ = ["ACTOR", "ARMED_FORCES", "ARMED_GROUPS", "CHARGES_KEY", "DEMONYM", "GOVERNMENT", "KGRAPH_PIPES",
           "MODEL_NAME", "ChargeMatcher", "NameRepairs", "SentenceMarker", "load_pipeline", "parse", "split_text"]

# The kgraph components, each initialised with the knowledge once the pipeline holds them all.
KGRAPH_PIPES = ("kgraph_sentences", "kgraph_names", "kgraph_charges")

# Longer texts are parsed in chunks: spaCy refuses texts over nlp.max_length (1,000,000 characters), and
# the parser and NER need memory in proportion to a text's length.
CHUNK_CHARS = 20_000

# Pipelines loaded in this process, by model and knowledge version: a worker loads its pipeline once.
_loaded: dict[tuple[str, str], Language] = {}


def load_pipeline(knowledge: Knowledge | None = None, model: str = MODEL_NAME) -> Language:
    """The English pipeline with kgraph's sentence, entity-ruler, name and charge components.

    knowledge: the gazetteer, lexicon and charges the components read; the ontology folder's by default.
    model: the installed spaCy model to add them to.
    Loaded once per process for each model and knowledge version.
    """
    if knowledge is None:
        knowledge = load_knowledge()
    key = (model, knowledge.version)
    if key not in _loaded:
        _loaded[key] = add_kgraph_pipes(load_model(model), knowledge)
    return _loaded[key]


def load_model(model: str) -> Language:
    try:
        return spacy.load(model)
    except OSError:
        raise KGraphError(
            f"spaCy model {model!r} is not installed; run `make install` "
            "(it installs the pinned model from requirements/model.txt)"
        ) from None


def add_kgraph_pipes(nlp: Language, knowledge: Knowledge) -> Language:
    """Add the components to a model's pipeline and give them the knowledge."""
    nlp.add_pipe("kgraph_sentences", before="parser")
    # the lemmatizer keeps a lemma the attribute ruler has set, so these mend its known slips
    attributes = cast(AttributeRuler, nlp.get_pipe("attribute_ruler"))
    for form, lemma in sorted(knowledge.lexicon.lemmas.items()):
        attributes.add([[{"LOWER": form}]], {"LEMMA": lemma})
    ruler = cast(EntityRuler, nlp.add_pipe("entity_ruler", before="ner", config={"overwrite_ents": True}))
    with nlp.select_pipes(enable=[]):  # phrase patterns need only the tokenizer
        ruler.add_patterns(actor_patterns(knowledge))
    nlp.add_pipe("kgraph_names", after="ner")
    nlp.add_pipe("kgraph_charges", last=True)
    for name in KGRAPH_PIPES:
        pipe = cast(SentenceMarker | NameRepairs | ChargeMatcher, nlp.get_pipe(name))
        pipe.initialize(lambda: [], nlp=nlp, knowledge=knowledge)
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
