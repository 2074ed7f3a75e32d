"""What a SPARQL query's text asks of the engine, read by rdflib's parser: whether it calls another
endpoint (SERVICE), and whether it reads named graphs (GRAPH, FROM).

A query rdflib cannot parse (or too long to parse in good time) is judged by its words alone, so each
answer errs on the careful side: it may call another endpoint if the word SERVICE appears anywhere,
and it may read named graphs. The SERVICE check reads the text several ways (with SPARQL's \\u
escapes decoded or not, a carriage return ending a comment or not), as engines differ on both.
This check only gives a clear refusal early: the guarantee that SERVICE fetches nothing is the
sandbox the engine runs in (sandbox.py), which does not depend on reading the query the engine's way.
"""
from __future__ import annotations

import re
import sys
from collections.abc import Iterator
from functools import lru_cache

from pyparsing import ParseResults
from rdflib.plugins.sparql.parser import parseQuery
from rdflib.plugins.sparql.parserutils import CompValue

CODEPOINT = re.compile(r"\\u([0-9A-Fa-f]{4})|\\U([0-9A-Fa-f]{8})")
# GRAPH or FROM as a word of its own: not in prov:wasDerivedFrom, ?from or ?graphs; without one, no such clause
NAMED_GRAPH_WORDS = re.compile(r"(?<![\w:?$])(?:graph|from)(?!\w)", re.IGNORECASE)
NAMED_GRAPH_PATTERNS = {"GraphGraphPattern", "DatasetClause"}
MAX_PARSED_CHARS = 64 * 1024  # rdflib's parser takes seconds of CPU per 100 kB (a long VALUES list)


def calls_service(text: str) -> bool:
    """Whether a query may call another endpoint (SERVICE)."""
    return any(may_call_service(reading) for reading in readings(text))


def readings(text: str) -> set[str]:
    """The text as either kind of engine may read it: escapes decoded first, or read in place as one
    character each (rdflib always decodes, so in place is written as a letter); CR ending a comment or not."""
    forms = (decoded(text), CODEPOINT.sub("x", text))
    return {variant for form in forms for variant in (form, form.replace("\r", "\n"))}


def may_call_service(text: str) -> bool:
    if "service" not in text.lower():  # most queries: known without parsing
        return False
    names = pattern_names(text)
    return True if names is None else "ServiceGraphPattern" in names


def reads_named_graphs(text: str) -> bool:
    """Whether a query may read named graphs: a GRAPH pattern, or a FROM / FROM NAMED clause."""
    words = decoded(text)
    if not NAMED_GRAPH_WORDS.search(words):  # most queries: known without parsing
        return False
    names = pattern_names(words)
    return names is None or not NAMED_GRAPH_PATTERNS.isdisjoint(names)


def decoded(text: str) -> str:
    """The text with SPARQL's \\u and \\U escapes replaced by the characters they stand for."""
    return CODEPOINT.sub(character, text)


def character(match: re.Match[str]) -> str:
    """The character an escape stands for; an escape past U+10FFFF stays as written (the engine refuses it)."""
    codepoint = int(match.group(1) or match.group(2), 16)
    return chr(codepoint) if codepoint <= sys.maxunicode else match.group(0)


@lru_cache(maxsize=64)  # a command asks both questions of the same text
def pattern_names(text: str) -> frozenset[str] | None:
    """The names of every node of rdflib's parse tree of a query, or None if rdflib cannot parse it."""
    if len(text) > MAX_PARSED_CHARS:
        return None
    try:
        tree = parseQuery(text)
    except Exception:  # pyparsing's ParseException, or rdflib's own errors on odd input
        return None
    return frozenset(names_in(tree))


def names_in(node: object) -> Iterator[str]:
    if isinstance(node, CompValue):
        yield node.name
        for value in node.values():
            yield from names_in(value)
    elif isinstance(node, (list, tuple, ParseResults)):
        for value in node:
            yield from names_in(value)
