"""Safe, deterministic names: the same words give the same slug on every run and machine, and a
phrase's words read as the text spaces them."""
from __future__ import annotations

import re
import unicodedata
from collections.abc import Callable, Iterable
from typing import TYPE_CHECKING

if TYPE_CHECKING:  # naming is read by commands that never load spaCy
    from spacy.tokens import Token

NON_WORD = re.compile(r"[^\w]+", re.UNICODE)
EDGES = re.compile(r"^[\s\"'“”‘’]+|[\s\"'“”‘’]+$")


def slug(text: str) -> str:
    """Lower-case words joined by hyphens; letters of any script are kept (IRIs percent-encode them)."""
    text = unicodedata.normalize("NFKC", text).replace("\u2019", "").replace("'", "").lower()
    words = NON_WORD.sub(hyphen_keeping_marks, text).strip("-_")
    return words or "unnamed"


def hyphen_keeping_marks(match: re.Match) -> str:
    """A run of non-word characters becomes one hyphen, but combining marks stay: Burmese and Indic vowel
    signs are not \\w to Python, yet dropping them would give different names the same slug."""
    kept = "".join(c if unicodedata.category(c).startswith("M") else "-" for c in match.group())
    return re.sub("-+", "-", kept)


def strip_article(text: str) -> str:
    """Drop a leading article and surrounding quotes and space of any kind (U+2028 too): "the Gaza war" ->
    "Gaza war"; "the" alone -> ""."""
    text = EDGES.sub("", text)
    return re.sub(r"^(the|a|an)(\s+|$)", "", text, flags=re.IGNORECASE)


def is_name(text: str) -> bool:
    """Whether words stripped of their article name anything: "the\u2028 ", a fragment the NER can
    leave, names nothing, and as an entity would be one node ("unnamed") joining every document."""
    return any(c.isalnum() for c in strip_article(text))


def as_written(words: Iterable[Token], leaving_out: Callable[[Token], bool] = lambda word: False) -> str:
    """Words as the text spaces them ("al-Jaouni", "Israel's", not "al - Jaouni", "Israel 's"), one space
    wherever the text has any. A word left out keeps its space, and is kept inside a word ("army-aligned")."""
    written, joined = [], False  # joined: the last word has no space after it
    for word in words:
        inside = joined and not word.whitespace_
        written.append(word.whitespace_ if leaving_out(word) and not inside else word.text_with_ws)
        joined = not word.whitespace_
    return " ".join("".join(written).split())
