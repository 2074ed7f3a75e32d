"""SHACL validation of a built graph against ontology/shapes.ttl.

Builds validate with rudof's native SHACL engine (pyrudof): the same SHACL Core as pyshacl at a
few times its speed. pyshacl stays the reference: the tests check that both reject the same broken
graphs.

A graph is validated in parts, and a part that conformed once is not validated again (with a
cache of verdicts). Every shape in shapes.ttl judges a node by its own triples and by the rdf:type of
the nodes they point to (`local_shapes` checks this of the file; otherwise the graph is validated
whole), so a part holding some subjects with all their triples, plus the types of their values,
gives those subjects the verdict the whole graph would; triples whose predicate or class the shapes
never name are left out of every part. A subject's part follows its home (in a
build, the document graph that states it), so changing one article changes a few parts; `Verdicts`
remembers the content hash of every part that conformed, and a rebuild validates only the parts
that changed. When many lines are left to validate, parts are validated side by side in several processes.
"""
from __future__ import annotations

import hashlib
import multiprocessing
import re
import zlib
from collections.abc import Callable, Iterable, Iterator, Mapping
from contextlib import contextmanager
from dataclasses import dataclass
from functools import cache
from importlib.metadata import version
from pathlib import Path
from typing import Protocol

from pyrudof import RDFFormat, Rudof, RudofConfig
from rdflib import Graph, Literal, URIRef
from rdflib.namespace import RDF, RDFS, SH
from rdflib.term import Node

from kgraph.errors import ValidationError
from kgraph.knowledge import ontology_dir
from kgraph.rdf.serialize import TermConverter

MAX_LISTED = 20
LAST_MESSAGE = re.compile(r'"((?:[^"\\]|\\.)*)"(?:@\w+)?\s*$')  # rudof lists its own words, then the shape's
# A nested shape's blank node, labelled anew by each rudof session with a random 128-bit number in
# hex, leading zeros dropped: 31 digits one time in sixteen, fewer now and then.
SHAPE_LABEL = re.compile(r"_:[0-9a-f]{1,32}\b")
PART_TRIPLES = 4_000  # rudof spends ~1 ms per part and ~40 us per triple: parts this size cost little extra
RDF_TYPE = f"<{RDF.type}>"
SUBCLASS_OF = f"<{RDFS.subClassOf}>"
PROCESSES_MIN_LINES = 100_000  # lines to validate; below this, starting processes (~1 s) costs more than they save
STAGING_SEED = "<urn:kgraph:seed> <urn:kgraph:seed> <urn:kgraph:seed> .\n"  # staging needs data loaded

# SHACL terms that judge a focus node by its own triples and its values' types, and nothing further
LOCAL_TERMS = {SH[name] for name in (
    "NodeShape", "PropertyShape", "targetClass", "property", "path", "minCount", "maxCount", "in",
    "datatype", "nodeKind", "class", "minInclusive", "maxInclusive", "minExclusive", "maxExclusive",
    "minLength", "maxLength", "pattern", "flags", "languageIn", "uniqueLang", "lessThan",
    "lessThanOrEquals", "equals", "disjoint", "hasValue", "or", "and", "xone", "not",
    "qualifiedValueShape", "qualifiedMinCount", "qualifiedMaxCount", "message", "severity", "name",
    "description", "Violation", "Warning", "Info", "IRI", "BlankNode", "Literal", "BlankNodeOrIRI",
    "BlankNodeOrLiteral", "IRIOrLiteral")}
VALUE_SHAPE_LINKS = (SH.qualifiedValueShape, SH["not"])  # the nested shape judges the value node
VALUE_SHAPE_LISTS = (SH["or"], SH["and"], SH.xone)  # ... when under a property shape


class Verdicts(Protocol):
    """Content hashes of parts known to conform (cache.VerdictCache on disk)."""

    def __contains__(self, key: object) -> bool: ...

    def add(self, key: str) -> None: ...


@dataclass(frozen=True)
class Part:
    """Some subjects with the triples the shapes can look at, then the rdf:type triples of their values."""

    text: str  # N-Triples
    owned: frozenset[str] | None  # the subjects judged here, as N-Triples terms; None: every node
    key: str  # content hash, with the shapes' and rudof's versions


def violations(graph: Graph) -> list[str]:
    """One line per SHACL violation: focus node, path and message; empty when the graph conforms."""
    return violations_in(graph)


def violations_in(triples: Iterable[tuple[Node, Node, Node]], *, homes: Mapping[str, str] | None = None,
                  verdicts: Verdicts | None = None,
                  lines: list[str] | None = None, part_triples: int | None = None,
                  jobs: int = 1, ill_typed: set[str] | None = None,
                  progress: Callable[[Iterable, int], Iterable] | None = None) -> list[str]:
    """The violations of a graph given as triples.

    homes: a home for some subjects (N-Triples term to any key); subjects of one home share a part.
    verdicts: parts known to conform, skipped, and where new conforming parts are added.
    lines: the triples' N-Triples lines, sorted, when the caller has them already (TermConverter.lines).
    part_triples: the size of a part (default PART_TRIPLES).
    jobs: processes validating parts side by side, when there are parts enough.
    progress: wraps the parts' results and their count, as a progress bar does.
    rudof does not check that a literal's text is valid for its datatype ("2023-02-30"^^xsd:date);
    rdflib does, as it reads each literal, so those are listed from rdflib's `ill_typed` (ill_typed_literals),
    or given as `ill_typed` when the caller listed them already.
    """
    triples = triples if isinstance(triples, (set, frozenset, list, tuple, Graph)) else list(triples)
    in_parts = local_shapes(shapes_file())
    part_triples = part_triples or PART_TRIPLES
    # sorted: a part's hash must not depend on the order the triples came in
    lines = lines if lines is not None else TermConverter().lines(triples)
    # parts even when not remembered: rudof's time and memory grow faster than the graph (1.1M triples
    # whole: 95 s and 11 GB; in parts: 67 s and 2.1 GB)
    parts = partition(shape_lines(lines), homes or {}, part_triples) if in_parts else [whole(lines)]
    unknown = [part for part in parts if verdicts is None or part.key not in verdicts]
    # processes only for much to validate: a rebuild that changed a few parts would wait for them to start
    unknown_lines = sum(part.text.count("\n") for part in unknown)
    side_by_side = jobs if in_parts and unknown_lines >= PROCESSES_MIN_LINES else 1
    found = set()
    with judges(side_by_side) as judge:
        reports = judge([part.text for part in unknown])
        # the reports first: a progress bar counts the last one only when asked for one more
        for reported, part in zip(progress(reports, len(unknown)) if progress else reports, unknown):
            judged = [(focus, path, message) for focus, path, message in reported
                      if part.owned is None or node_term(focus) in part.owned]
            if not judged and verdicts is not None:
                verdicts.add(part.key)
            found |= {f"{focus} {path}: {message}" for focus, path, message in judged}
    found |= ill_typed if ill_typed is not None else ill_typed_literals(triples)
    return sorted(found)


def ill_typed_literals(triples: Iterable[tuple[Node, Node, Node]]) -> set[str]:
    """One violation for each literal whose text its datatype does not allow ("2023-02-30"^^xsd:date)."""
    return {f"{s} {p}: {o.n3()} is not a valid {o.datatype}" for s, p, o in triples
            if isinstance(o, Literal) and o.ill_typed}


def validate(graph: Graph) -> None:
    """Raise ValidationError listing the violations if the graph does not conform to the shapes."""
    validate_triples(graph)


def validate_triples(triples: Iterable[tuple[Node, Node, Node]], **options) -> None:
    """Raise ValidationError listing the violations if the triples do not conform to the shapes.

    options: as for violations_in (homes, verdicts, lines, jobs, progress)."""
    raise_violations(violations_in(triples, **options))


def raise_violations(found: list[str]) -> None:
    """Raise ValidationError listing (the first MAX_LISTED of) these violations, if there are any."""
    if found:
        listed = "\n  ".join(found[:MAX_LISTED])
        more = f"\n  ... and {len(found) - MAX_LISTED} more" if len(found) > MAX_LISTED else ""
        raise ValidationError(f"graph does not conform to {ontology_dir() / 'shapes.ttl'}:\n  {listed}{more}")


def shape_lines(lines: list[str]) -> list[str]:
    """The lines local shapes can look at: a predicate the shapes name, or an rdf:type of a class they name.

    A local shape reads a node's values along its paths and the types of nodes, so nothing else
    changes a verdict; about a quarter of a kgraph graph (mentions, provenance, direct edges) is left
    out. With rdfs:subClassOf in the data a class the shapes do not name can make a focus node, so
    then every line stays."""
    named = shape_terms(shapes_file())
    kept = []
    for line in lines:
        _, predicate, value = line.split(" ", 2)
        if predicate == SUBCLASS_OF:
            return lines
        if value[:-3] in named if predicate == RDF_TYPE else predicate in named:  # value: "<class> .\n"
            kept.append(line)
    return kept


@cache
def shape_terms(path: Path) -> frozenset[str]:
    """Every IRI in the shapes file, as an N-Triples term."""
    return frozenset(f"<{term}>" for triple in shapes_graph(path) for term in triple if isinstance(term, URIRef))


def partition(lines: list[str], homes: Mapping[str, str], part_triples: int) -> list[Part]:
    """N-Triples lines in parts of about `part_triples`: a subject's triples all in one part, chosen by
    its home (default: itself), and the number of parts a power of two, so parts stay put between builds.

    One pass over the lines, which come grouped by subject (sorted); it runs for every triple."""
    count = 1
    while count * 2 * part_triples <= len(lines):
        count *= 2
    owned: list[dict[str, list[str]]] = [{} for _ in range(count)]
    values: list[set[str]] = [set() for _ in range(count)]  # the IRIs and blank nodes each part points to
    types: dict[str, list[str]] = {}
    subject, found, pointed = "", [], set()
    for line in lines:
        said_of, predicate, value = line.split(" ", 2)  # no space in an IRI or a blank node's label
        if said_of != subject:
            subject = said_of
            index = zlib.crc32(homes.get(subject, subject).encode()) % count
            found, pointed = owned[index].setdefault(subject, []), values[index]
        found.append(line)
        if value[0] != '"':
            pointed.add(value[:-3])  # each line ends " .\n"
            if predicate == RDF_TYPE:
                types.setdefault(subject, []).append(line)
    return [part_of(subjects, pointed, types) for subjects, pointed in zip(owned, values) if subjects]


def part_of(subjects: dict[str, list[str]], values: set[str], types: dict[str, list[str]]) -> Part:
    own = "".join(line for found in subjects.values() for line in found)
    value_types = sorted(line for value in values if value not in subjects for line in types.get(value, ()))
    text = own + "".join(value_types)
    return Part(text, frozenset(subjects), part_key(text))


def whole(lines: list[str]) -> Part:
    """The graph as one part, every violation kept: for shapes that look further than a node's values."""
    text = "".join(lines)
    return Part(text, None, part_key(text))


def part_key(text: str) -> str:
    """What a verdict is remembered by: the part's content under these shapes and this rudof."""
    return hashlib.sha256(shapes_version().encode() + text.encode()).hexdigest()


def node_term(focus: str) -> str:
    """rudof's name of a focus node as an N-Triples term."""
    return focus if focus.startswith("_:") else f"<{focus}>"


@contextmanager
def judges(jobs: int) -> Iterator[Callable[[list[str]], Iterable[list[tuple[str, str, str]]]]]:
    """part_violations over a list of parts, in order: here, or in `jobs` processes started now.

    rudof keeps to about one core per part, so two processes nearly halve the time. They are spawned,
    not forked: rudof's thread pool (rayon) does not survive a fork of a process that has used it."""
    if jobs <= 1:
        yield lambda texts: map(part_violations, texts)
        return
    with multiprocessing.get_context("spawn").Pool(jobs) as pool:
        yield lambda texts: pool.imap(part_violations, texts)


def part_violations(text: str) -> list[tuple[str, str, str]]:
    """One part's violations, read into this process's rudof session and rolled back after."""
    rudof = session()
    rudof.begin_staging()
    try:
        rudof.read_data(text, format=RDFFormat.NTriples, merge=True)
        report = rudof.validate_shacl()
    finally:
        rudof.rollback_staging()
    if report.conforms:
        return []
    return [(v.focus_node, v.path or "", shape_message(v.message)) for v in report.violations]


@cache
def session() -> Rudof:
    """A rudof session with the shapes read once per process (loading data anew costs ~0.1 s; staging does not).

    Not to be used before a fork whose child validates: rudof's thread pool (rayon) does not survive one."""
    rudof = Rudof(RudofConfig())
    rudof.read_shacl(str(shapes_file()))
    rudof.read_data(STAGING_SEED, format=RDFFormat.NTriples)
    return rudof


def shapes_file() -> Path:
    return ontology_dir() / "shapes.ttl"


@cache
def shapes_graph(path: Path) -> Graph:
    """The shapes file, read once per process (not to be changed: callers share it)."""
    return Graph().parse(path)


@cache
def shapes_version() -> str:
    """What a verdict depends on besides the part: the shapes, rudof's version and how parts are made."""
    digest = hashlib.sha256(shapes_file().read_bytes())
    digest.update(f"\x1fpyrudof {version('pyrudof')}\x1fparts 2".encode())
    return digest.hexdigest()


@cache
def local_shapes(path: Path) -> bool:
    """Whether every shape in the file judges a node by its own triples and its values' types only:
    single-step paths, no sh:node or SPARQL constraints, and value shapes that look at the value alone."""
    shapes = shapes_graph(path)
    used = {p for p in shapes.predicates() if str(p).startswith(str(SH))}
    used |= {o for o in shapes.objects() if isinstance(o, URIRef) and str(o).startswith(str(SH))}
    if not used <= LOCAL_TERMS or any(not isinstance(path, URIRef) for path in shapes.objects(None, SH.path)):
        return False
    for property_shape in shapes.objects(None, SH.property):
        nested = [v for link in VALUE_SHAPE_LINKS for v in shapes.objects(property_shape, link)]
        nested += [v for link in VALUE_SHAPE_LISTS for head in shapes.objects(property_shape, link)
                   for v in shapes.items(head)]
        if any((shape, SH.path, None) in shapes or (shape, SH.property, None) in shapes for shape in nested):
            return False
    return True


def shape_message(message: str | None) -> str:
    """The shape's own sh:message where rudof gives one, else rudof's description; blank nodes named alike."""
    found = LAST_MESSAGE.search(message or "")
    return SHAPE_LABEL.sub("[a nested shape]", found.group(1) if found else (message or ""))
