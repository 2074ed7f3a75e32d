"""The ontology's terms as a closed namespace: the code names exactly the terms ontology/kgraph.ttl declares."""
from __future__ import annotations

import pytest
from rdflib import RDF, Graph, URIRef

from kgraph.knowledge import ontology_dir
from kgraph.vocab import KG


def declared_terms() -> set[str]:
    graph = Graph().parse(ontology_dir() / "kgraph.ttl")
    namespace = str(KG)
    return {str(s)[len(namespace):] for s in graph.subjects(RDF.type, None)
            if isinstance(s, URIRef) and str(s).startswith(namespace) and str(s) != namespace}


def test_the_namespace_lists_every_term_of_the_ontology_and_no_other():
    assert set(KG.__annotations__) == declared_terms()


def test_a_term_the_ontology_lacks_fails_on_use():
    with pytest.raises(AttributeError, match="term 'Acusation' not in namespace"):
        KG.Acusation  # noqa: B018


def test_a_term_is_its_iri():
    assert KG.Accusation == URIRef("https://w3id.org/kgraph/ontology#Accusation")
    assert KG["claimant"] == URIRef("https://w3id.org/kgraph/ontology#claimant")
