"""Reading a query's text: which queries may read named graphs (and so need a store that keeps them)."""
from __future__ import annotations

import pytest

from kgraph.store.sparql import pattern_names, reads_named_graphs


@pytest.mark.parametrize("text", [
    "SELECT ?g WHERE { GRAPH ?g { ?s ?p ?o } }",
    "select ?g where { graph ?g { ?s ?p ?o } }",
    "SELECT * FROM <http://example.org/g> WHERE { ?s ?p ?o }",
    "SELECT * FROM NAMED <http://example.org/g> WHERE { ?s ?p ?o }",
    "ASK FROM <http://example.org/g> { ?s ?p ?o }",
    "SELECT ?g WHERE { \\u0047RAPH ?g { ?s ?p ?o } }",  # escapes are decoded first
    "SELECT ?g WHERE {GRAPH?g{?s ?p ?o}}",
    "SELECT *FROM<http://example.org/g>WHERE{?s ?p ?o}",
    "PREFIX kg: <x#> SELECT ?g { GRAPH ?g { ?s ?p ?o } }",  # rdflib cannot parse it: judged by its words
])
def test_queries_that_may_read_named_graphs(text):
    assert reads_named_graphs(text)


@pytest.mark.parametrize("text", [
    "SELECT * WHERE { ?s ?p ?o }",
    'SELECT ?graph WHERE { ?graph ?p "from a graph" } # GRAPH ?g, FROM <g>: words, not clauses',
    "SELECT ?from WHERE { ?s ?p ?from }",
])
def test_queries_that_read_only_the_default_graph(text):
    assert not reads_named_graphs(text)


@pytest.mark.parametrize("text", [
    "SELECT * WHERE { ?s ?p ?o }",
    "SELECT ?doc WHERE { ?claim prov:wasDerivedFrom ?doc }",
    "SELECT ?from ?graphs WHERE { ?from ?p ?graphs }",
])
def test_a_query_without_either_word_is_not_parsed(text):
    pattern_names.cache_clear()
    assert not reads_named_graphs(text)
    assert pattern_names.cache_info().currsize == 0
