"""What a SPARQL query's text asks of the engine, read by rdflib's parser: whether it calls another
endpoint (SERVICE), and whether it reads named graphs (GRAPH, FROM).

A query rdflib cannot parse is judged by its words alone, so each answer errs on the careful side:
it may call another endpoint if the word SERVICE appears anywhere, and it may read named graphs.
SPARQL's \\u escapes are decoded first (SPARQL 1.1, 19.2), as the engine decodes them.
"""
from __future__ import annotations

import re
from collections.abc import Iterator
from functools import lru_cache

from pyparsing import ParseResults
from rdflib.plugins.sparql.parser import parseQuery
from rdflib.plugins.sparql.parserutils import CompValue

CODEPOINT = re.compile(r"\\u([0-9A-Fa-f]{4})|\\U([0-9A-Fa-f]{8})")
# GRAPH or FROM as a word of its own: not in prov:wasDerivedFrom, ?from or ?graphs; without one, no such clause
NAMED_GRAPH_WORDS = re.compile(r"(?<![\w:?$])(?:graph|from)(?!\w)", re.IGNORECASE)
NAMED_GRAPH_PATTERNS = {"GraphGraphPattern", "DatasetClause"}


def calls_service(text: str) -> bool:
    """Whether a query may call another endpoint (SERVICE)."""
    words = decoded(text)
    names = pattern_names(words)
    return "service" in words.lower() if names is None else "ServiceGraphPattern" in names


def reads_named_graphs(text: str) -> bool:
    """Whether a query may read named graphs: a GRAPH pattern, or a FROM / FROM NAMED clause."""
    words = decoded(text)
    if not NAMED_GRAPH_WORDS.search(words):  # most queries: known without parsing
        return False
    names = pattern_names(words)
    return names is None or not NAMED_GRAPH_PATTERNS.isdisjoint(names)


def decoded(text: str) -> str:
    """The text with SPARQL's \\u and \\U escapes replaced by the characters they stand for."""
    return CODEPOINT.sub(lambda match: chr(int(match.group(1) or match.group(2), 16)), text)


@lru_cache(maxsize=64)  # a command asks both questions of the same text
def pattern_names(text: str) -> frozenset[str] | None:
    """The names of every node of rdflib's parse tree of a query, or None if rdflib cannot parse it."""
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
