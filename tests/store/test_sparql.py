"""Reading a query's text: which queries may read named graphs (and so need a store that keeps them)."""
from __future__ import annotations

import pytest

from kgraph.store.sparql import calls_service, pattern_names, reads_named_graphs


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


LONG_VALUES = "SELECT ?v WHERE { VALUES ?v { " + " ".join(f'"value {n}"' for n in range(150_000)) + " } }"  # 1.7 MB


def test_a_long_query_is_judged_by_its_words_not_parsed():
    """Issue 14, 6: rdflib took 27 s of CPU on the probe's 1.7 MB VALUES query, in the front of `serve`."""
    assert len(LONG_VALUES) > 1_700_000
    pattern_names.cache_clear()
    assert not calls_service(LONG_VALUES)  # no SERVICE word: nothing to parse
    assert pattern_names(LONG_VALUES) is None  # too long to parse: the careful answer
    assert calls_service(LONG_VALUES.replace('"value 7"', '"a service"'))  # the word alone refuses it
    assert reads_named_graphs(LONG_VALUES.replace('"value 7"', '"a graph"'))


@pytest.mark.parametrize("text", [
    "SELECT * WHERE { # x\r SERVICE <http://127.0.0.1:9/> { ?s ?p ?o } \n }",
    'SELECT * WHERE { BIND("A\\u0022+" AS ?a) SERVICE <http://127.0.0.1:9/> { ?s ?p ?o } BIND("+\\u0022" AS ?b) }',
])
def test_the_check_reads_the_probes_service_forms_as_the_engine_does(text):
    assert calls_service(text)


def test_an_escape_past_the_last_code_point_is_left_as_written():
    assert not calls_service('SELECT * WHERE { ?s ?p "\\UFFFFFFFF" }')  # chr() of it raised ValueError
