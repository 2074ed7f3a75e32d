"""Records to RDF: the only module that knows the graph's shape (ontology/kgraph.ttl)."""
from __future__ import annotations

import re
from collections.abc import Callable, Hashable, Iterable, Iterator
from decimal import Decimal
from functools import lru_cache, partial
from typing import Protocol
from urllib.parse import quote

from rdflib import Literal, URIRef
from rdflib.namespace import DCTERMS, OWL, PROV, RDF, RDFS, SKOS, XSD
from rdflib.term import Node

from kgraph.knowledge import Knowledge
from kgraph.rdf.merge import ClaimNode, refuted_ids
from kgraph.records import Claim, Document, Entity, Evidence
from kgraph.vocab import (
    ACTOR_FAMILIES,
    CLAIM_CLASSES,
    DIRECT_EDGES,
    ENTITY_CLASSES,
    EPISTEMIC_STATUS,
    KG,
    KGC,
    KGR,
    OA,
    WD,
)

Triple = tuple[Node, Node, Node]


class Interned:
    """A namespace that makes each term once. rdflib makes a new URIRef on every `KG.claimant`, and
    equal but distinct terms make every set or dict lookup call rdflib's Python-level __eq__; with one
    object per term the lookups stop at the identity check. A big build adds millions of triples."""

    def __init__(self, namespace) -> None:
        self._namespace = namespace
        self._terms: dict[str, URIRef] = {}

    def __getattr__(self, name: str) -> URIRef:  # only on first use: then it is an instance attribute
        if name.startswith("_"):
            raise AttributeError(name)
        term = self[name]
        setattr(self, name, term)
        return term

    def __getitem__(self, name: str) -> URIRef:
        term = self._terms.get(name)
        if term is None:
            term = self._terms[name] = URIRef(self._namespace[name])
        return term


DCTERMS, OWL, PROV, RDF, RDFS, SKOS, XSD, KG, KGC, OA, WD = (  # type: ignore[assignment, misc]
    Interned(n) for n in (DCTERMS, OWL, PROV, RDF, RDFS, SKOS, XSD, KG, KGC, OA, WD))


class Sink(Protocol):
    """Where add_* functions put triples: an rdflib Graph, or a plain set."""

    def add(self, triple: Triple, /) -> object: ...


TRAILING_DOTS = re.compile(r"\.+$")


@lru_cache(maxsize=1 << 18)  # one object per IRI, as for Interned
def iri(key: str) -> URIRef:
    """The IRI of an instance key; any script or punctuation is percent-encoded, so IRIs stay valid."""
    segments = quote(key, safe="/-_.~").split("/")
    # Dots ending a segment are encoded: "." and ".." segments (a file named "...txt") would be removed by
    # any IRI resolver, and rdflib cannot read a Turtle name ending in "\." (a file named "b..txt")
    return KGR["/".join(TRAILING_DOTS.sub(lambda dots: "%2E" * len(dots.group()), s) for s in segments)]


def document_iri(doc_id: str) -> URIRef:
    return iri(f"document/{doc_id}")


def graph_iri(doc_id: str) -> URIRef:
    return iri(f"graph/{doc_id}")


def graph_triples(documents: Iterable[Document], entities: Iterable[Entity], nodes: list[ClaimNode],
                  knowledge: Knowledge) -> dict[URIRef | None, set[Triple]]:
    """The triples of each graph: None for the default graph, a graph IRI for each document's claims.

    Plain sets, not rdflib graphs: adding to a set costs a fraction of adding to a Dataset, and a
    big corpus adds millions of triples. Every step is linear in the records.
    """
    graphs: dict[URIRef | None, set[Triple]] = {None: set()}
    for name, _, add in graph_units(documents, entities, nodes, knowledge):
        add(graphs.setdefault(name, set()))
    return graphs


Unit = tuple[URIRef | None, Hashable, Callable[[Sink], None]]


def graph_units(documents: Iterable[Document], entities: Iterable[Entity], nodes: list[ClaimNode],
                knowledge: Knowledge) -> Iterator[Unit]:
    """The graphs in units: (graph name, key, add), where `add` puts the unit's triples into a sink and
    the key names everything they depend on, so a unit with a key seen before makes the same triples
    (build/memo.py keeps them between the builds of `kgraph watch`). A unit per document node, per
    entity, per charge used, and per document graph (every claim stated in that document)."""
    for document in documents:
        key = ("document", document.id, document.source, document.content_hash, document.date)
        yield None, key, partial(add_document, document=document)
    for entity in entities:
        yield None, ("entity", entity), partial(add_entity, entity=entity)
    refuted = refuted_ids(nodes)
    used_charges: set[str] = set()
    by_document: dict[str, list[tuple[ClaimNode, list[Evidence]]]] = {}
    for node in nodes:
        spans: dict[str, list[Evidence]] = {}
        for evidence in node.evidence:
            spans.setdefault(evidence.doc, []).append(evidence)
        for doc_id, evidence_of_doc in spans.items():
            by_document.setdefault(doc_id, []).append((node, evidence_of_doc))
        if node.claim.charge:
            used_charges.update(knowledge.charge_ancestors(node.claim.charge))
    for doc_id, stated in by_document.items():
        claims_key = ("claims", doc_id, tuple((node, refuted[node.id]) for node, _ in stated))
        yield graph_iri(doc_id), claims_key, partial(add_claims_of_document, stated=stated, refuted=refuted,
                                              knowledge=knowledge, doc_id=doc_id)
    for slug in sorted(used_charges):
        yield None, ("charge", slug), partial(add_charge, knowledge=knowledge, slug=slug)


def add_claims_of_document(graph: Sink, stated: list[tuple[ClaimNode, list[Evidence]]],
                           refuted: dict[str, tuple[str, ...]], knowledge: Knowledge, doc_id: str) -> None:
    """Every claim stated in one document, with that document's evidence for it."""
    for node, evidence_of_doc in stated:
        add_claim(graph, node, refuted[node.id], knowledge, doc_id)
        for evidence in evidence_of_doc:
            add_evidence(graph, node, evidence)


def add_document(graph: Sink, document: Document) -> None:
    node = document_iri(document.id)
    graph.add((node, RDF.type, KG.Document))
    graph.add((node, DCTERMS.identifier, Literal(document.id)))
    graph.add((node, DCTERMS.source, Literal(document.source)))
    graph.add((node, KG.contentHash, Literal(document.content_hash)))
    if document.date:
        graph.add((node, DCTERMS.date, Literal(document.date.isoformat(), datatype=XSD.date)))


def add_entity(graph: Sink, entity: Entity) -> None:
    node = iri(entity.key)
    classes = ENTITY_CLASSES[entity.type]
    if classes[0] in ACTOR_FAMILIES:
        graph.add((node, RDF.type, KG.Actor))
    for name in classes:
        graph.add((node, RDF.type, KG[name]))
    graph.add((node, RDFS.label, Literal(entity.label)))
    for alias in entity.aliases:
        graph.add((node, SKOS.altLabel, Literal(alias)))
    if entity.wikidata:
        graph.add((node, OWL.sameAs, WD[entity.wikidata]))
    links = ((KG.partOf, entity.part_of), (KG.publishedBy, entity.published_by), (KG.place, entity.place))
    for predicate, key in links:
        if key:
            graph.add((node, predicate, iri(key)))
    if entity.date:
        graph.add((node, KG.date, date_literal(entity.date)))
    for doc_id in entity.docs:
        graph.add((node, KG.mentionedIn, document_iri(doc_id)))


def add_claim(graph: Sink, node: ClaimNode, refutes: tuple[str, ...], knowledge: Knowledge,
              doc_id: str | None = None) -> None:
    """A claim node; in a document's graph (doc_id) it derives from that document, so a claim stated
    in n documents costs n derivation triples, not n * n (the union graph still lists them all)."""
    claim, subject = node.claim, iri(f"claim/{node.id}")
    graph.add((subject, RDF.type, KG.Claim))
    graph.add((subject, RDF.type, CLAIM_CLASSES[claim.kind]))
    if claim.claimant:
        graph.add((subject, KG.claimant, iri(claim.claimant)))
        graph.add((subject, PROV.wasAttributedTo, iri(claim.claimant)))
    if claim.target:
        graph.add((subject, KG.target, iri(claim.target)))
    if claim.charge:
        graph.add((subject, KG.charge, KGC[claim.charge]))
    if claim.charge_text:
        text_property = KG.demand if claim.kind == "appeal" else KG.chargeText
        graph.add((subject, text_property, Literal(claim.charge_text)))
    for predicate, value in ((KG.role, claim.role), (KG.quantity, claim.quantity)):
        if value:
            graph.add((subject, predicate, shared_literal(value)))
    if claim.value is not None:
        graph.add((subject, KG.value, decimal_literal(claim.value)))
    if claim.event:
        graph.add((subject, KG.event, iri(claim.event)))
    if claim.report:
        graph.add((subject, KG.statedIn, iri(claim.report)))
    if claim.date:
        graph.add((subject, KG.claimDate, date_literal(claim.date)))
    graph.add((subject, KG.epistemicStatus, EPISTEMIC_STATUS[claim.status]))
    graph.add((subject, KG.confidence, decimal_literal(node.confidence)))
    add_codes(graph, subject, node, knowledge)
    for other in refutes:
        graph.add((subject, KG.refutes, iri(f"claim/{other}")))
    for source in node.docs if doc_id is None else (doc_id,):
        graph.add((subject, PROV.wasDerivedFrom, document_iri(source)))
    add_direct_edge(graph, node)


def add_direct_edge(graph: Sink, node: ClaimNode) -> None:
    """claimant kg:accuses target, and so on: what someone said, drawn as one edge."""
    claim = node.claim
    other = claim.event if claim.kind == "figure" else claim.target
    if claim.claimant and other and claim.status != "negated":
        graph.add((iri(claim.claimant), DIRECT_EDGES[claim.kind], iri(other)))


def add_codes(graph: Sink, subject: URIRef, node: ClaimNode, knowledge: Knowledge) -> None:
    """CAMEO code and PLOVER category/mode, as event coders in the field would file the claim."""
    claim = node.claim
    graph.add((subject, KG.cameoCode, shared_literal(cameo_code(claim, knowledge))))
    category, mode = knowledge.lexicon.section(claim.kind).plover
    if category:
        graph.add((subject, KG.ploverCategory, shared_literal(category)))
    if mode:
        graph.add((subject, KG.ploverMode, shared_literal(mode)))


def cameo_code(claim: Claim, knowledge: Knowledge) -> str:
    """An accusation's code from its charge (or a broader one), an appeal's from a word of its demand."""
    lexicon = knowledge.lexicon
    if claim.kind == "accusation":
        by_charge = lexicon.accusation.cameo_by_charge
        ancestors = knowledge.charge_ancestors(claim.charge) if claim.charge else []
        return next((by_charge[a] for a in ancestors if a in by_charge), lexicon.accusation.cameo_default)
    if claim.kind == "appeal":
        demand = (claim.charge_text or "").lower().split()
        return next((code for word, code in lexicon.appeal.cameo_by_word.items() if word in demand),
                    lexicon.appeal.cameo_default)
    fixed = {"responsibility": lexicon.responsibility.cameo, "denial": lexicon.denial.cameo,
             "figure": lexicon.figure.cameo}
    return fixed[claim.kind]


def add_evidence(graph: Sink, node: ClaimNode, evidence: Evidence) -> None:
    """The words that state a claim, as a Web Annotation specific resource with two selectors."""
    span = iri(f"evidence/{evidence.doc}/{evidence.start}-{evidence.end}")
    quote_selector, position_selector = URIRef(f"{span}#quote"), URIRef(f"{span}#position")
    graph.add((iri(f"claim/{node.id}"), KG.evidence, span))
    graph.add((span, RDF.type, KG.Evidence))
    graph.add((span, RDF.type, OA.SpecificResource))
    graph.add((span, OA.hasSource, document_iri(evidence.doc)))
    graph.add((span, OA.hasSelector, quote_selector))
    graph.add((span, OA.hasSelector, position_selector))
    graph.add((quote_selector, RDF.type, OA.TextQuoteSelector))
    graph.add((quote_selector, OA.exact, Literal(evidence.quote)))
    graph.add((position_selector, RDF.type, OA.TextPositionSelector))
    graph.add((position_selector, OA.start, shared_literal(evidence.start, XSD.nonNegativeInteger)))
    graph.add((position_selector, OA.end, shared_literal(evidence.end, XSD.nonNegativeInteger)))


def add_charge(graph: Sink, knowledge: Knowledge, slug: str) -> None:
    charge, concept = knowledge.charges[slug], KGC[slug]
    graph.add((concept, RDF.type, SKOS.Concept))
    graph.add((concept, SKOS.prefLabel, Literal(charge.label, lang="en")))
    graph.add((concept, SKOS.inScheme, KGC.scheme))
    for broader in charge.broader:
        graph.add((concept, SKOS.broader, KGC[broader]))


@lru_cache(maxsize=1 << 16)
def shared_literal(value: str | int, datatype: URIRef | None = None) -> Literal:
    """One Literal object for a value that recurs (codes, roles, offsets): rdflib's Literal() costs
    tens of microseconds, and a big build makes hundreds of thousands."""
    return Literal(value, datatype=datatype)


@lru_cache(maxsize=1 << 16)
def decimal_literal(value: float) -> Literal:
    """An xsd:decimal in canonical form (1221.0, not 1221): the form Turtle writes, so graphs read back equal."""
    text = format(Decimal(str(value)).normalize(), "f")
    return Literal(text if "." in text else f"{text}.0", datatype=XSD.decimal)


@lru_cache(maxsize=1 << 16)
def date_literal(iso: str) -> Literal:
    """2023-10-07 as xsd:date, 2025-11 as xsd:gYearMonth, 2025 as xsd:gYear."""
    datatype = {10: XSD.date, 7: XSD.gYearMonth, 4: XSD.gYear}[len(iso)]
    return Literal(iso, datatype=datatype)
