"""A small graph written by hand, in the shape model.py writes: two parties that accuse each other,
a rights group, one event with differing figures and roles, two denials, a partOf link."""
from __future__ import annotations

import json

from rdflib import Graph

ID = "https://w3id.org/kgraph/id/"
NORTH, SOUTH, WATCH, BRIGADE = (f"{ID}actor/{key}" for key in ("north-front", "south-army", "watch-group",
                                                                  "front-brigade"))
MARKET = f"{ID}event/market-attack"

PREFIXES = """
@prefix kg: <https://w3id.org/kgraph/ontology#> .
@prefix kgc: <https://w3id.org/kgraph/charge/> .
@prefix oa: <http://www.w3.org/ns/oa#> .
@prefix prov: <http://www.w3.org/ns/prov#> .
@prefix dcterms: <http://purl.org/dc/terms/> .
@prefix rdfs: <http://www.w3.org/2000/01/rdf-schema#> .
@prefix skos: <http://www.w3.org/2004/02/skos/core#> .
@prefix xsd: <http://www.w3.org/2001/XMLSchema#> .
"""
# (id, class, claimant, target, event, extra turtle, documents)
CLAIMS = [
    ("c01", "Accusation", NORTH, SOUTH, None, "kg:charge kgc:war-crimes", ["d1", "d2"]),
    ("c02", "Accusation", SOUTH, NORTH, None, 'kg:chargeText "terrorism"', ["d1"]),
    ("c03", "Accusation", WATCH, SOUTH, None, "kg:charge kgc:attacks-on-civilians", ["d2"]),
    ("c04", "Accusation", WATCH, NORTH, None, 'kg:chargeText "hostage-taking" ; kg:epistemicStatus kg:Negated',
     ["d2"]),
    ("c05", "Denial", SOUTH, NORTH, None, f"kg:refutes <{ID}claim/c01>", ["d2"]),
    ("c06", "ResponsibilityAttribution", WATCH, NORTH, MARKET, 'kg:role "perpetrator"', ["d1"]),
    ("c07", "ResponsibilityAttribution", SOUTH, NORTH, MARKET, 'kg:role "organiser"', ["d2"]),
    ("c08", "FigureClaim", WATCH, None, MARKET, 'kg:quantity "killed" ; kg:value 12.0', ["d1"]),
    ("c09", "FigureClaim", SOUTH, None, MARKET, 'kg:quantity "killed" ; kg:value 30.0', ["d2"]),
    ("c10", "Appeal", WATCH, None, None, 'kg:demand "an independent inquiry"', ["d2"]),
    ("c11", "ResponsibilityAttribution", WATCH, BRIGADE, MARKET, 'kg:role "chief"', ["d1"]),
    ("c12", "Denial", NORTH, WATCH, None, f"kg:refutes <{ID}claim/c11>", ["d2"]),
]


def small_graph_turtle(north_label: str = "North Front") -> str:
    """The graph as Turtle; `north_label` may hold any text (the view tests put HTML in it)."""
    lines = [PREFIXES]
    entities = [(NORTH, "ArmedGroup", north_label), (SOUTH, "ArmedForces", "South Army"),
                (WATCH, "HumanRightsOrganisation", "Watch Group"), (BRIGADE, "ArmedGroup", "Front Brigade"),
                (MARKET, "Event", "Market attack")]
    for node, cls, label in entities:
        actor = "kg:Actor, " if cls != "Event" else ""
        lines.append(f"<{node}> a {actor}kg:{cls} ; rdfs:label {json.dumps(label)} .")
    lines.append(f"<{BRIGADE}> kg:partOf <{NORTH}> .")
    lines.append("kgc:war-crimes skos:prefLabel \"war crimes\"@en .")
    lines.append("kgc:attacks-on-civilians skos:prefLabel \"attacks on civilians\"@en .")
    for doc, date in (("d1", "2024-01-15"), ("d2", "2024-02-03")):
        lines.append(f'<{ID}document/{doc}> a kg:Document ; dcterms:identifier "{doc}" ; '
                     f'dcterms:date "{date}"^^xsd:date .')
    for number, (claim, cls, claimant, target, event, extra, docs) in enumerate(CLAIMS):
        node = f"<{ID}claim/{claim}>"
        parts = [f"a kg:Claim, kg:{cls}", f"kg:claimant <{claimant}>", extra]
        parts += [f"kg:target <{target}>"] if target else []
        parts += [f"kg:event <{event}>"] if event else []
        if "epistemicStatus" not in extra:
            parts.append("kg:epistemicStatus kg:Asserted")
        lines.append(f"{node} " + " ;\n    ".join(parts) + " .")
        for doc in docs:
            span = f"<{ID}evidence/{doc}/{number * 100}-{number * 100 + 40}>"
            quote = json.dumps(f"Quote {claim} in {doc} by {north_label if claimant == NORTH else 'someone'}.")
            lines.append(f"{node} prov:wasDerivedFrom <{ID}document/{doc}> ; kg:evidence {span} .")
            lines.append(f"{span} a kg:Evidence ; oa:hasSource <{ID}document/{doc}> ; "
                         f"oa:hasSelector <{span[1:-1]}#quote>, <{span[1:-1]}#position> .")
            lines.append(f"<{span[1:-1]}#quote> a oa:TextQuoteSelector ; oa:exact {quote} .")
            lines.append(f"<{span[1:-1]}#position> a oa:TextPositionSelector ; oa:start {number * 100} ; "
                         f"oa:end {number * 100 + 40} .")
    return "\n".join(lines) + "\n"


def small_graph(north_label: str = "North Front") -> Graph:
    return Graph().parse(data=small_graph_turtle(north_label), format="turtle")
