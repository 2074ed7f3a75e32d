"""Triples to bytes: Turtle and TriG written by Oxigraph in a sorted order, so the same graph always
gives the same bytes; rdflib terms are converted to Oxigraph's once each."""
from __future__ import annotations

from collections.abc import Iterable, Iterator, Mapping

import pyoxigraph as ox
from rdflib import URIRef
from rdflib.term import Node

from kgraph.rdf.terms import from_rdflib
from kgraph.vocab import PREFIX_IRIS

Triple = tuple[Node, Node, Node]


def turtle(triples: Iterable[Triple]) -> bytes:
    """Turtle of a set of triples, sorted so the same triples always give the same bytes.

    Oxigraph writes it (rdflib's Turtle serializer takes minutes on a million triples); sorting by
    the N-Triples form keeps each subject's triples together, so they print as one block.
    """
    return turtle_of(parsed_lines(TermConverter().lines(triples)))


def turtle_of(statements: Iterable[ox.Triple]) -> bytes:
    """Turtle of Oxigraph triples, in the order given, with kgraph's prefixes."""
    return ox.serialize(statements, format=ox.RdfFormat.TURTLE, prefixes=PREFIX_IRIS) or b""  # None only for a file


def parsed_lines(lines: list[str]) -> Iterator[ox.Triple]:
    """The triples of N-Triples lines, in their order (Oxigraph reads them faster than Python makes them)."""
    return ox.parse("".join(lines).encode("utf-8"), format=ox.RdfFormat.N_TRIPLES)


def trig(graphs: Mapping[URIRef | None, Iterable[Triple]], convert: TermConverter | None = None) -> bytes:
    """TriG of graphs by name (None: the default graph), sorted by graph name and then by quad."""
    convert = convert or TermConverter()
    quads: list[ox.Quad] = []
    for name in sorted(graphs, key=lambda n: "" if n is None else str(n)):
        graph_name = ox.DefaultGraph() if name is None else convert(name)
        quads += sorted(convert.triples(graphs[name], graph_name), key=str)
    return ox.serialize(quads, format=ox.RdfFormat.TRIG, prefixes=PREFIX_IRIS) or b""




class TermConverter:
    """rdflib terms to Oxigraph terms, each distinct term converted once."""

    def __init__(self) -> None:
        self.seen: dict[Node, ox.NamedNode | ox.BlankNode | ox.Literal] = {}
        self.texts: dict[Node, str] = {}  # N-Triples form of each term: str() of its Oxigraph term

    def __call__(self, term: Node):
        converted = self.seen.get(term)
        if converted is None:
            converted = self.seen[term] = from_rdflib(term)
        return converted

    def text(self, term: Node) -> str:
        """The term in N-Triples ("<iri>", "_:b", "\"text\"@en")."""
        text = self.texts.get(term)
        if text is None:
            text = self.texts[term] = str(self(term))
        return text

    def triples(self, triples: Iterable[Triple], graph_name=None) -> list:
        """Every triple converted, in the order given: ox.Triple, or ox.Quad in `graph_name` when given.

        The loop is written out: it runs for every triple of the corpus."""
        seen, out = self.seen, []  # type: ignore[var-annotated]
        make = ox.Triple if graph_name is None else (lambda s, p, o: ox.Quad(s, p, o, graph_name))
        append, get = out.append, seen.get
        for s, p, o in triples:
            s2, p2, o2 = get(s), get(p), get(o)
            if s2 is None:
                s2 = seen[s] = from_rdflib(s)
            if p2 is None:
                p2 = seen[p] = from_rdflib(p)
            if o2 is None:
                o2 = seen[o] = from_rdflib(o)
            append(make(s2, p2, o2))  # type: ignore[arg-type]  # from_rdflib gives a literal only as object
        return out

    def lines(self, triples: Iterable[Triple]) -> list[str]:
        """Every triple as an N-Triples line ("<s> <p> <o> .\\n"), sorted: one order for the same set.

        Joined from each distinct term's text, without an Oxigraph triple for each: making one costs
        about 5 us, a third of the model step. The loop is written out, as in triples()."""
        text, get, out = self.text, self.texts.get, []  # type: ignore[var-annotated]
        append = out.append
        for s, p, o in triples:
            append(f"{get(s) or text(s)} {get(p) or text(p)} {get(o) or text(o)} .\n")
        out.sort()
        return out
