"""Turtle and TriG written in pieces, each remembered by its content, for a rebuild that changed little.

Oxigraph writes its prefixes, then each subject's triples (given sorted) as one block that depends on
no other subject; a named graph of TriG is one block too. So sorted N-Triples lines cut where a
subject starts, each piece written alone and joined after one header, are the bytes of the whole
(serialize.turtle and serialize.trig; the watch tests compare them with a clean build). A piece
starts at a subject whose hash picks it (`starts_piece`), so the cuts depend on the subjects alone:
an edit changes the pieces holding the subjects it changed, and only those are written again.
"""
from __future__ import annotations

import zlib
from bisect import bisect_left
from collections.abc import Iterable, Mapping

import pyoxigraph as ox

from kgraph.vocab import PREFIX_IRIS

FORMATS = {"turtle": (ox.RdfFormat.N_TRIPLES, ox.RdfFormat.TURTLE), "trig": (ox.RdfFormat.N_QUADS, ox.RdfFormat.TRIG)}
PIECE_EVERY = 64  # one subject in this many starts a piece: pieces of a few hundred lines


def starts_piece(subject: str) -> bool:
    """Whether a piece starts at this subject (an N-Triples term); stable across builds and processes."""
    return zlib.crc32(subject.encode()) % PIECE_EVERY == 0


def subjects_starting_pieces(lines: Iterable[str]) -> list[str]:
    """The subjects of these N-Triples lines at which a piece starts."""
    return [subject for subject in {line[:line.index(" ")] for line in lines} if starts_piece(subject)]


class Pieces:
    """Serialised pieces by content, kept from one build to the next (only those the last build used)."""

    def __init__(self) -> None:
        self.written: dict[tuple[str, str], bytes] = {}  # (format, N-Quads text) -> body without the prefixes
        self.used: dict[tuple[str, str], bytes] = {}
        self.headers: dict[str, bytes] = {}

    def turtle(self, lines: list[str], cuts: Iterable[str]) -> bytes:
        """Turtle of sorted, distinct N-Triples lines, cut before each subject in `cuts`."""
        return self.header("turtle") + b"".join(self.body("turtle", text) for text in cut(lines, cuts))

    def trig(self, default: list[str], cuts: Iterable[str], graphs: Mapping[str, list[str]]) -> bytes:
        """TriG of the default graph's sorted lines (cut as for turtle) and of named graphs (IRI, without
        brackets, to its sorted lines), written in the order serialize.trig writes them."""
        bodies = [self.body("trig", text) for text in cut(default, cuts)]
        for name in sorted(graphs):
            suffix = f" <{name}> .\n"
            bodies.append(self.body("trig", "".join(line[:-3] + suffix for line in graphs[name])))
        return self.header("trig") + b"".join(bodies)

    def body(self, form: str, text: str) -> bytes:
        """One piece written (or remembered): N-Quads text in, its blocks out, without the prefixes."""
        key = (form, text)
        written = self.written.get(key)
        if written is None:
            source, target = FORMATS[form]
            whole = ox.serialize(ox.parse(text.encode("utf-8"), format=source), format=target,
                                 prefixes=PREFIX_IRIS) or b""
            header, written = split_header(whole)
            self.headers.setdefault(form, header)
        self.used[key] = written
        return written

    def header(self, form: str) -> bytes:
        """The prefixes Oxigraph writes first (every one of kgraph's, in any non-empty output)."""
        if form not in self.headers:
            subject = ox.NamedNode("urn:kgraph:header")
            statements: list[ox.Triple] | list[ox.Quad] = (
                [ox.Triple(subject, subject, subject)] if form == "turtle" else [ox.Quad(subject, subject, subject)])
            whole = ox.serialize(statements, format=FORMATS[form][1], prefixes=PREFIX_IRIS)
            self.headers[form] = split_header(whole or b"")[0]
        return self.headers[form]

    def forget_unused(self) -> None:
        """Keep only the pieces the last build wrote or used."""
        self.written, self.used = self.used, {}


def cut(lines: list[str], cuts: Iterable[str]) -> list[str]:
    """Sorted N-Triples lines as texts, each starting at a subject in `cuts` (or at the first line)."""
    # a subject's lines are the ones from "<subject> " on; a longer subject sorts after "<subject> "
    starts = sorted({bisect_left(lines, f"{subject} ") for subject in cuts} | {0})
    ends = starts[1:] + [len(lines)]
    return ["".join(lines[start:end]) for start, end in zip(starts, ends) if start < end]


def split_header(written: bytes) -> tuple[bytes, bytes]:
    """Oxigraph's output as (its @prefix lines, the rest)."""
    end = 0
    while written.startswith(b"@prefix", end):
        end = written.index(b"\n", end) + 1
    return written[:end], written[end:]
