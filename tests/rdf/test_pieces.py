"""Turtle and TriG written in remembered pieces are the bytes serialize.py writes whole."""
from __future__ import annotations

import pytest
from rdflib import Graph, URIRef

from kgraph.rdf import pieces as module
from kgraph.rdf.pieces import Pieces, subjects_starting_pieces
from kgraph.rdf.serialize import TermConverter, trig, turtle


@pytest.fixture(scope="module")
def seed_triples(seed_graph) -> set:
    return set(Graph().parse(seed_graph / "kgraph.ttl"))


@pytest.fixture
def small_pieces(monkeypatch):
    monkeypatch.setattr(module, "PIECE_EVERY", 3)  # many cuts in a small graph


def test_turtle_in_pieces_is_the_whole_turtle(seed_triples, small_pieces):
    lines = TermConverter().lines(seed_triples)
    cuts = subjects_starting_pieces(lines)
    assert len(cuts) > 10
    pieces = Pieces()
    assert pieces.turtle(lines, cuts) == turtle(seed_triples)
    assert pieces.turtle(lines, cuts) == turtle(seed_triples)  # remembered


def test_trig_in_pieces_is_the_whole_trig(seed_triples, small_pieces):
    ordered = sorted(seed_triples)
    graphs = {None: set(ordered[:200]), URIRef("https://example.org/g/b"): set(ordered[200:400]),
              URIRef("https://example.org/g/a"): set(ordered[400:])}
    convert = TermConverter()
    named = {str(name): convert.lines(triples) for name, triples in graphs.items() if name is not None}
    default = convert.lines(graphs[None])
    written = Pieces().trig(default, subjects_starting_pieces(default), named)
    assert written == trig(graphs)


def test_only_the_pieces_of_the_last_build_are_kept(seed_triples, small_pieces):
    lines = TermConverter().lines(seed_triples)
    pieces = Pieces()
    pieces.turtle(lines, subjects_starting_pieces(lines))
    pieces.forget_unused()
    kept = len(pieces.written)
    pieces.turtle(lines[1:], subjects_starting_pieces(lines[1:]))  # the first subject changed
    pieces.forget_unused()
    assert len(pieces.written) == kept
    assert all(text in "".join(lines[1:]) for _, text in pieces.written)
