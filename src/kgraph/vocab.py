"""The namespaces and terms of the kgraph ontology (ontology/kgraph.ttl), in one place."""
from __future__ import annotations

from rdflib import Namespace, URIRef
from rdflib.namespace import DCTERMS, OWL, PROV, RDF, RDFS, SKOS, XSD, DefinedNamespace

from kgraph.records import ClaimKind, Status


class KG(DefinedNamespace):
    """The kgraph ontology (ontology/kgraph.ttl) as a closed namespace: a term it lacks fails on first use.

    tests/rdf/test_vocabulary.py checks that this list and the ontology name the same terms."""

    _NS = Namespace("https://w3id.org/kgraph/ontology#")
    _fail = True

    # classes
    Accusation: URIRef
    Actor: URIRef
    Appeal: URIRef
    ArmedForces: URIRef
    ArmedGroup: URIRef
    Claim: URIRef
    Court: URIRef
    Denial: URIRef
    Document: URIRef
    EpistemicStatus: URIRef
    Event: URIRef
    Evidence: URIRef
    FigureClaim: URIRef
    GovernmentBody: URIRef
    HumanRightsOrganisation: URIRef
    IntergovernmentalOrganisation: URIRef
    MediaOrganisation: URIRef
    Organisation: URIRef
    Person: URIRef
    Place: URIRef
    Report: URIRef
    ResponsibilityAttribution: URIRef
    State: URIRef
    # epistemic statuses
    Asserted: URIRef
    Negated: URIRef
    Possible: URIRef
    # properties
    accuses: URIRef
    appealsTo: URIRef
    cameoCode: URIRef
    charge: URIRef
    chargeText: URIRef
    claimDate: URIRef
    claimant: URIRef
    confidence: URIRef
    contentHash: URIRef
    date: URIRef
    demand: URIRef
    denies: URIRef
    epistemicStatus: URIRef
    event: URIRef
    evidence: URIRef
    holdsResponsible: URIRef
    mentionedIn: URIRef
    partOf: URIRef
    pipelineVersion: URIRef
    place: URIRef
    ploverCategory: URIRef
    ploverMode: URIRef
    publishedBy: URIRef
    quantity: URIRef
    refutes: URIRef
    reportsFigureOn: URIRef
    role: URIRef
    statedIn: URIRef
    supports: URIRef
    target: URIRef
    value: URIRef


KGR = Namespace("https://w3id.org/kgraph/id/")
KGC = Namespace("https://w3id.org/kgraph/charge/")
OA = Namespace("http://www.w3.org/ns/oa#")
WD = Namespace("http://www.wikidata.org/entity/")
SH = Namespace("http://www.w3.org/ns/shacl#")

PREFIXES: dict[str, Namespace | type[DefinedNamespace]] = {
    "kg": KG,
    "kgr": KGR,
    "kgc": KGC,
    "oa": OA,
    "wd": WD,
    "prov": PROV,
    "dcterms": DCTERMS,
    "skos": SKOS,
    "owl": OWL,
    "rdf": RDF,
    "rdfs": RDFS,
    "xsd": XSD,
}
PREFIX_IRIS = {prefix: str(namespace) for prefix, namespace in PREFIXES.items()}  # for pyoxigraph

# Claim kinds mapped to their classes and direct edges, and statuses to their individuals.
CLAIM_CLASSES = {
    ClaimKind.ACCUSATION: KG.Accusation,
    ClaimKind.RESPONSIBILITY: KG.ResponsibilityAttribution,
    ClaimKind.DENIAL: KG.Denial,
    ClaimKind.FIGURE: KG.FigureClaim,
    ClaimKind.APPEAL: KG.Appeal,
}
# class IRI -> claim kind as plain text, as tables and exports print it (networkx's writers take no str subclass)
KIND_OF_CLASS = {str(cls): kind.value for kind, cls in CLAIM_CLASSES.items()}
DIRECT_EDGES = {
    ClaimKind.ACCUSATION: KG.accuses,
    ClaimKind.RESPONSIBILITY: KG.holdsResponsible,
    ClaimKind.DENIAL: KG.denies,
    ClaimKind.FIGURE: KG.reportsFigureOn,
    ClaimKind.APPEAL: KG.appealsTo,
}
EPISTEMIC_STATUS = {
    Status.ASSERTED: KG.Asserted,
    Status.POSSIBLE: KG.Possible,
    Status.NEGATED: KG.Negated,
}

# The entity class families that are actors (the others are Place, Event and Report).
ACTOR_FAMILIES = frozenset({"Organisation", "ArmedGroup", "State", "GovernmentBody", "Person"})

# Actor and other entity classes by local name; the first tuple item is the table `type`.
ENTITY_CLASSES = {
    "Organisation": ("Organisation",),
    "HumanRightsOrganisation": ("Organisation", "HumanRightsOrganisation"),
    "IntergovernmentalOrganisation": ("Organisation", "IntergovernmentalOrganisation"),
    "Court": ("Organisation", "Court"),
    "MediaOrganisation": ("Organisation", "MediaOrganisation"),
    "ArmedGroup": ("ArmedGroup",),
    "State": ("State",),
    "GovernmentBody": ("GovernmentBody",),
    "ArmedForces": ("GovernmentBody", "ArmedForces"),
    "Person": ("Person",),
    "Place": ("Place",),
    "Event": ("Event",),
    "Report": ("Report",),
}
