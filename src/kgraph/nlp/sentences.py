"""The `kgraph_sentences` component: where sentences start, before the parser decides the rest.

A blank line starts a sentence, and so does a paragraph's story after its dateline; a title such as
"Sgt." does not end one, and a closing quotation mark belongs to the sentence it closes.
"""
from __future__ import annotations

from collections.abc import Callable, Iterable, Iterator

from spacy.language import Language
from spacy.tokens import Doc, Token

from kgraph.knowledge import Knowledge

SENTENCE_ENDS = {".", "!", "?"}
QUOTE_MARKS = {'"', "”", "’", "'"}
DATELINE_DASHES = {"-", "--", "–", "—"}
DATELINE_MAX_TOKENS = 12  # "NEW YORK, Sept. 21 (Reuters) -" is 9


@Language.factory(
    "kgraph_sentences",
    assigns=["token.is_sent_start"],
    requires=["token.tag"],  # a verb before the dash means it is no dateline
    default_config={"dateline_max_tokens": DATELINE_MAX_TOKENS},
)
def make_sentence_marker(nlp: Language, name: str, dateline_max_tokens: int) -> SentenceMarker:
    return SentenceMarker(dateline_max_tokens)


class SentenceMarker:
    """Sets token.is_sent_start where the text's layout and titles decide it; the parser keeps these."""

    def __init__(self, dateline_max_tokens: int) -> None:
        self.dateline_max_tokens = dateline_max_tokens
        self.titles: frozenset[str] = frozenset()

    def initialize(self, get_examples: Callable[[], Iterable] | None = None, *, nlp: Language | None = None,
                   knowledge: Knowledge) -> None:
        """Read the titles ("Sgt", "Dr") from the lexicon: a period after one does not end a sentence."""
        self.titles = frozenset(knowledge.lexicon.entities.titles.words)

    def __call__(self, doc: Doc) -> Doc:
        for token in doc[:-1]:
            following = doc[token.i + 1]
            if token.is_space and "\n\n" in token.text:
                following.is_sent_start = True
            elif token.text in self.titles and following.text == ".":
                if token.i + 2 < len(doc):
                    doc[token.i + 2].is_sent_start = False
            elif token.text.endswith(".") and token.text[:-1] in self.titles:
                following.is_sent_start = False
            elif token.text in SENTENCE_ENDS and following.text in QUOTE_MARKS and not token.whitespace_:
                following.is_sent_start = False  # 'of "a massacre."': the closing mark ends the sentence it closes
        for start in paragraph_starts(doc):
            if (story := dateline_end(doc, start, self.dateline_max_tokens)) is not None:
                doc[story].is_sent_start = True
        return doc


def paragraph_starts(doc: Doc) -> Iterator[int]:
    if len(doc):
        yield 0
    yield from (token.i + 1 for token in doc[:-1] if token.is_space and "\n" in token.text)


def dateline_end(doc: Doc, start: int, max_tokens: int = DATELINE_MAX_TOKENS) -> int | None:
    """Where the story starts after a dateline opening a paragraph ("BANGKOK, June 18 (AP) -", "THE
    HAGUE —"), or None. Parsed with the story, a dateline's place becomes the subject of its first verb."""
    if not (doc[start].is_alpha and doc[start].is_upper and len(doc[start]) > 1):
        return None
    words: list[Token] = []
    for token in doc[start + 1: start + max_tokens]:
        if token.text in DATELINE_DASHES:
            place_and_date = any(word.text in {",", "("} for word in words)  # "CITY, Month D (Agency)"
            only_capitals = all(word.is_upper for word in words if word.is_alpha)  # "THE HAGUE"
            return token.i + 1 if token.i + 1 < len(doc) and (place_and_date or only_capitals) else None
        if token.tag_.startswith("VB") or "\n" in token.text:
            return None
        words.append(token)
    return None
