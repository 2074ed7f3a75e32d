"""Terms between pyoxigraph (the stores) and rdflib (SHACL, JSON-LD, code written against rdflib)."""
from __future__ import annotations

from collections.abc import Iterable

import pyoxigraph as ox
from rdflib import BNode, Literal, URIRef
from rdflib.term import Node

from kgraph.errors import StoreError

XSD_STRING = "http://www.w3.org/2001/XMLSchema#string"
RDF_LANG_STRING = "http://www.w3.org/1999/02/22-rdf-syntax-ns#langString"

Term = ox.NamedNode | ox.BlankNode | ox.Literal | ox.Triple


def to_rdflib(term: Term) -> Node:
    """An rdflib term for a pyoxigraph one (xsd:string literals become plain literals, as rdflib reads them)."""
    if isinstance(term, ox.NamedNode):
        return URIRef(term.value)
    if isinstance(term, ox.BlankNode):
        return BNode(term.value)
    if isinstance(term, ox.Literal):
        if term.language:
            return Literal(term.value, lang=term.language)
        datatype = term.datatype.value
        return Literal(term.value) if datatype == XSD_STRING else Literal(term.value, datatype=URIRef(datatype))
    raise StoreError(f"cannot convert {term} to rdflib (RDF-star triple terms are not supported)")


def from_rdflib(term: Node) -> ox.NamedNode | ox.BlankNode | ox.Literal:
    """A pyoxigraph term for an rdflib one."""
    if isinstance(term, URIRef):
        return ox.NamedNode(str(term))
    if isinstance(term, BNode):
        return ox.BlankNode(str(term))
    if isinstance(term, Literal):
        if term.language:
            return ox.Literal(str(term), language=term.language)
        if term.datatype and str(term.datatype) != RDF_LANG_STRING:
            return ox.Literal(str(term), datatype=ox.NamedNode(str(term.datatype)))
        return ox.Literal(str(term))
    raise StoreError(f"cannot convert {term!r} to an Oxigraph term")


def serialized(items: Iterable, rdf_format: ox.RdfFormat, prefixes: dict[str, str] | None = None) -> bytes:
    """pyoxigraph's serialisation as bytes (it gives None only when told to write to a file)."""
    data = ox.serialize(items, format=rdf_format, prefixes=prefixes)
    if data is None:
        raise StoreError("pyoxigraph wrote to a file where bytes were asked for")
    return data
