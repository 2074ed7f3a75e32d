"""The namespaces and terms of the kgraph ontology (ontology/kgraph.ttl), in one place."""
from __future__ import annotations

from rdflib import Namespace
from rdflib.namespace import DCTERMS, OWL, PROV, RDF, RDFS, SKOS, XSD

KG = Namespace("https://w3id.org/kgraph/ontology#")
KGR = Namespace("https://w3id.org/kgraph/id/")
KGC = Namespace("https://w3id.org/kgraph/charge/")
OA = Namespace("http://www.w3.org/ns/oa#")
WD = Namespace("http://www.wikidata.org/entity/")
SH = Namespace("http://www.w3.org/ns/shacl#")

PREFIXES: dict[str, Namespace] = {
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

# Claim kinds as they appear in tables, mapped to their classes and direct edges.
CLAIM_CLASSES = {
    "accusation": KG.Accusation,
    "responsibility": KG.ResponsibilityAttribution,
    "denial": KG.Denial,
    "figure": KG.FigureClaim,
    "appeal": KG.Appeal,
}
DIRECT_EDGES = {
    "accusation": KG.accuses,
    "responsibility": KG.holdsResponsible,
    "denial": KG.denies,
    "figure": KG.reportsFigureOn,
    "appeal": KG.appealsTo,
}
EPISTEMIC_STATUS = {
    "asserted": KG.Asserted,
    "possible": KG.Possible,
    "negated": KG.Negated,
}

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
