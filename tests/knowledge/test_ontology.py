"""The ontology files: kgraph.ttl documents every term, charges.ttl is a clean SKOS scheme, and
shapes.ttl accepts a correct graph and rejects broken ones."""
from __future__ import annotations

from collections import defaultdict
from decimal import Decimal

import pytest
from pyshacl import validate
from rdflib import BNode, Graph, Literal, Namespace, URIRef
from rdflib.namespace import DCTERMS, OWL, RDF, RDFS, SH, SKOS

from kgraph.vocab import CLAIM_CLASSES, DIRECT_EDGES, ENTITY_CLASSES, EPISTEMIC_STATUS, KG, KGC, KGR, OA

from helpers.paths import ROOT

ONTOLOGY = ROOT / "ontology"
# Not rdflib.namespace.XSD: pytest probes module attributes, and that closed namespace warns on unknown names.
XSD = Namespace("http://www.w3.org/2001/XMLSchema#")

PREF_LABELS = {
    "genocide": "genocide",
    "crimes-against-humanity": "crimes against humanity",
    "war-crimes": "war crimes",
    "aggression": "crime of aggression",
    "extermination": "extermination",
    "murder": "murder",
    "enslavement": "enslavement",
    "forcible-transfer": "forcible transfer",
    "imprisonment": "arbitrary detention",  # the term human-rights reporting uses; Rome Statute's is an altLabel
    "torture": "torture",
    "sexual-violence": "sexual violence",
    "persecution": "persecution",
    "enforced-disappearance": "enforced disappearance",
    "apartheid": "apartheid",
    "inhumane-acts": "other inhumane acts",
    "attacks-on-civilians": "attacks on civilians",
    "indiscriminate-attacks": "indiscriminate attacks",  # distinct in IHL from directing attacks at civilians
    "hostage-taking": "hostage-taking",
    "starvation": "starvation",
    "prohibited-weapons": "use of prohibited weapons",
    "cluster-munitions": "use of cluster munitions",
    "chemical-weapons": "use of chemical weapons",
    "child-soldiers": "recruiting or using children as soldiers",
    "pillage": "pillage",
    "attacks-on-humanitarian-workers": "attacks on humanitarian workers",
    "attacks-on-protected-objects": "attacks on hospitals and protected objects",
    "destruction-of-property": "wanton destruction of property",
    "arson": "arson",
    "ihl-violations": "violations of international humanitarian law",
    "human-rights-violations": "human rights violations",
    "unlawful-killings": "unlawful killings",
    "ethnic-cleansing": "ethnic cleansing",
}


def parse(name: str) -> Graph:
    return Graph().parse(ONTOLOGY / name, format="turtle")


@pytest.fixture(scope="module")
def ontology() -> Graph:
    return parse("kgraph.ttl")


@pytest.fixture(scope="module")
def charges() -> Graph:
    return parse("charges.ttl")


@pytest.fixture(scope="module")
def shapes() -> Graph:
    return parse("shapes.ttl")


# --- kgraph.ttl ---------------------------------------------------------------------------------

def test_ontology_header(ontology: Graph) -> None:
    header = URIRef("https://w3id.org/kgraph/ontology")
    assert (header, RDF.type, OWL.Ontology) in ontology
    assert ontology.value(header, OWL.versionInfo) == Literal("0.1.0")
    assert ontology.value(header, DCTERMS.title) is not None
    assert ontology.value(header, DCTERMS.description) is not None


def kg_terms(graph: Graph) -> set[URIRef]:
    kinds = (OWL.Class, OWL.ObjectProperty, OWL.DatatypeProperty, OWL.NamedIndividual)
    return {s for kind in kinds for s in graph.subjects(RDF.type, kind)
            if isinstance(s, URIRef) and s.startswith(str(KG))}


@pytest.mark.parametrize("predicate", [RDFS.label, RDFS.comment], ids=["label", "comment"])
def test_every_term_is_documented_in_english(ontology: Graph, predicate: URIRef) -> None:
    terms = kg_terms(ontology)
    assert len(terms) > 50
    offenders = sorted(t.n3(ontology.namespace_manager) for t in terms
                       if not any(isinstance(o, Literal) and o.language == "en"
                                  for o in ontology.objects(t, predicate)))
    assert not offenders, f"kg: terms without an @en {predicate.n3(ontology.namespace_manager)}: {offenders}"


def test_terms_used_by_the_code_are_defined(ontology: Graph) -> None:
    expected = {
        "Actor", "Organisation", "HumanRightsOrganisation", "IntergovernmentalOrganisation", "Court",
        "MediaOrganisation", "ArmedGroup", "State", "GovernmentBody", "ArmedForces", "Person", "Place",
        "Event", "Report", "Document", "Claim", "Accusation", "ResponsibilityAttribution", "Denial",
        "FigureClaim", "Appeal", "Evidence", "EpistemicStatus", "Asserted", "Possible", "Negated",
        "claimant", "target", "charge", "event", "statedIn", "refutes", "supports", "evidence",
        "epistemicStatus", "accuses", "holdsResponsible", "denies", "appealsTo", "reportsFigureOn",
        "partOf", "publishedBy", "mentionedIn", "place", "chargeText", "role", "quantity", "value",
        "demand", "claimDate", "date", "confidence", "cameoCode", "ploverCategory", "ploverMode",
        "contentHash", "pipelineVersion",
    }
    missing = sorted(name for name in expected if KG[name] not in kg_terms(ontology))
    assert not missing, f"terms missing from kgraph.ttl: {missing}"


def test_shapes_and_vocab_use_only_defined_terms(ontology: Graph, shapes: Graph) -> None:
    in_shapes = {t for triple in shapes for t in triple if isinstance(t, URIRef) and t.startswith(str(KG))}
    in_vocab = {*CLAIM_CLASSES.values(), *DIRECT_EDGES.values(), *EPISTEMIC_STATUS.values(),
                *(KG[name] for classes in ENTITY_CLASSES.values() for name in classes)}
    undefined = sorted((in_shapes | in_vocab) - kg_terms(ontology))
    assert not undefined, f"kg: terms used in shapes.ttl or kgraph.vocab but not defined in kgraph.ttl: {undefined}"


def test_claim_kinds_are_pairwise_disjoint(ontology: Graph) -> None:
    kinds = [KG.Accusation, KG.ResponsibilityAttribution, KG.Denial, KG.FigureClaim, KG.Appeal]
    missing = [(a, b) for i, a in enumerate(kinds) for b in kinds[i + 1:]
               if (a, OWL.disjointWith, b) not in ontology and (b, OWL.disjointWith, a) not in ontology]
    assert not missing, f"claim classes not declared disjoint: {missing}"
    assert all((kind, RDFS.subClassOf, KG.Claim) in ontology for kind in kinds)


def test_epistemic_status_is_an_enumeration(ontology: Graph) -> None:
    members = list(ontology.items(ontology.value(KG.EpistemicStatus, OWL.oneOf)))
    assert members == [KG.Asserted, KG.Possible, KG.Negated]


# --- charges.ttl --------------------------------------------------------------------------------

def concepts(graph: Graph) -> list[URIRef]:
    return sorted(graph.subjects(RDF.type, SKOS.Concept))


def test_every_concept_has_one_english_pref_label_and_is_in_the_scheme(charges: Graph) -> None:
    offenders = []
    for concept in concepts(charges):
        labels = list(charges.objects(concept, SKOS.prefLabel))
        if len(labels) != 1 or labels[0].language != "en":
            offenders.append(f"{concept}: prefLabels {labels}")
        if (concept, SKOS.inScheme, KGC.scheme) not in charges:
            offenders.append(f"{concept}: not skos:inScheme kgc:scheme")
        if charges.value(concept, SKOS.definition) is None:
            offenders.append(f"{concept}: no skos:definition")
        if not str(concept).startswith(str(KGC)):
            offenders.append(f"{concept}: not in the kgc: namespace")
    assert not offenders, "\n".join(offenders)


def test_pref_labels_are_exactly_the_agreed_ones(charges: Graph) -> None:
    found = {str(c)[len(KGC):]: str(charges.value(c, SKOS.prefLabel)) for c in concepts(charges)}
    assert found == PREF_LABELS


def test_only_concepts_have_pref_labels(charges: Graph) -> None:
    # kgraph reads every kgc: subject with a skos:prefLabel as a charge, so the scheme must not have one.
    assert set(charges.subjects(SKOS.prefLabel, None)) == set(concepts(charges))


def test_no_alt_label_is_shared_by_two_concepts(charges: Graph) -> None:
    owners: dict[str, set[str]] = defaultdict(set)
    for concept in concepts(charges):
        slug = str(concept)[len(KGC):]
        for label in charges.objects(concept, SKOS.altLabel):
            owners[str(label).lower()].add(slug)
        owners[str(charges.value(concept, SKOS.prefLabel)).lower()].add(slug)
    shared = {label: sorted(slugs) for label, slugs in owners.items() if len(slugs) > 1}
    assert not shared, f"labels under more than one concept: {shared}"


def test_alt_labels_are_english_and_not_over_broad(charges: Graph) -> None:
    too_broad = {"attack", "attacks", "crime", "crimes", "violence", "atrocities", "atrocity", "killing"}
    alt_labels = list(charges.objects(None, SKOS.altLabel))
    assert all(label.language == "en" for label in alt_labels)
    assert not too_broad & {str(label).lower() for label in alt_labels}


def test_hierarchy(charges: Graph) -> None:
    def broader(slug: str) -> set[str]:
        return {str(b)[len(KGC):] for b in charges.objects(KGC[slug], SKOS.broader)}

    tops = {str(c)[len(KGC):] for c in charges.subjects(SKOS.topConceptOf, KGC.scheme)}
    assert {"genocide", "crimes-against-humanity", "war-crimes", "aggression", "ihl-violations",
            "human-rights-violations", "ethnic-cleansing"} <= tops
    assert all(not broader(top) for top in tops)
    assert broader("torture") == {"crimes-against-humanity"}
    assert broader("hostage-taking") == {"war-crimes"}
    assert broader("cluster-munitions") == {"prohibited-weapons"}
    assert broader("unlawful-killings") == {"ihl-violations", "human-rights-violations"}
    assert broader("indiscriminate-attacks") == {"ihl-violations"}
    dangling = {b for c in concepts(charges) for b in charges.objects(c, SKOS.broader)} - set(concepts(charges))
    assert not dangling


def test_news_phrasings_are_alt_labels(charges: Graph) -> None:
    def alts(slug: str) -> set[str]:
        return {str(label) for label in charges.objects(KGC[slug], SKOS.altLabel)}

    assert {"hostage taking", "taking of hostages", "taking hostages", "hostage-taking operations",
            "kidnapping", "kidnappings", "abduction", "abductions"} <= alts("hostage-taking")
    assert {"deportation", "forced displacement", "forcible displacement", "deportation of children",
            "unlawful deportation", "unlawful transfer"} <= alts("forcible-transfer")
    assert {"IHL violations", "violations of IHL", "violations of the laws of war"} <= alts("ihl-violations")
    assert {"cluster munitions", "using cluster munitions", "cluster bombs"} <= alts("cluster-munitions")
    assert {"starvation as a method of warfare", "starving civilians"} <= alts("starvation")


# --- shapes.ttl ---------------------------------------------------------------------------------

def valid_graph() -> Graph:
    """A small, correct kgraph output written by hand: one document, two actors, one accusation."""
    g = Graph()
    doc, accuser, accused = KGR["document/a1"], KGR["org/amnesty"], KGR["state/ruritania"]
    evidence = KGR["evidence/a1/10-52"]
    quote, position = URIRef(f"{evidence}#quote"), URIRef(f"{evidence}#position")
    claim = KGR["claim/c1"]

    g.add((doc, RDF.type, KG.Document))
    g.add((doc, DCTERMS.identifier, Literal("a1")))
    g.add((doc, DCTERMS.source, Literal("a1.txt")))
    g.add((doc, DCTERMS.date, Literal("2024-05-01", datatype=XSD.date)))

    for actor, label, classes in ((accuser, "Amnesty International", (KG.Organisation, KG.HumanRightsOrganisation)),
                                  (accused, "Ruritania", (KG.State,))):
        g.add((actor, RDF.type, KG.Actor))
        for cls in classes:
            g.add((actor, RDF.type, cls))
        g.add((actor, RDFS.label, Literal(label)))
        g.add((actor, KG.mentionedIn, doc))

    g.add((evidence, RDF.type, KG.Evidence))
    g.add((evidence, RDF.type, OA.SpecificResource))
    g.add((evidence, OA.hasSource, doc))
    g.add((evidence, OA.hasSelector, quote))
    g.add((evidence, OA.hasSelector, position))
    g.add((quote, RDF.type, OA.TextQuoteSelector))
    g.add((quote, OA.exact, Literal("Amnesty accused Ruritania of war crimes")))
    g.add((position, RDF.type, OA.TextPositionSelector))
    g.add((position, OA.start, Literal(10, datatype=XSD.nonNegativeInteger)))
    g.add((position, OA.end, Literal(52, datatype=XSD.nonNegativeInteger)))

    g.add((KGC["war-crimes"], RDF.type, SKOS.Concept))
    g.add((KGC["war-crimes"], SKOS.prefLabel, Literal("war crimes", lang="en")))

    g.add((claim, RDF.type, KG.Claim))
    g.add((claim, RDF.type, KG.Accusation))
    g.add((claim, KG.claimant, accuser))
    g.add((claim, KG.target, accused))
    g.add((claim, KG.charge, KGC["war-crimes"]))
    g.add((claim, KG.chargeText, Literal("war crimes")))
    g.add((claim, KG.epistemicStatus, KG.Asserted))
    g.add((claim, KG.confidence, Literal(Decimal("0.9"), datatype=XSD.decimal)))
    g.add((claim, KG.cameoCode, Literal("1124")))
    g.add((claim, KG.ploverCategory, Literal("ACCUSE")))
    g.add((claim, KG.ploverMode, Literal("allege")))
    g.add((claim, KG.claimDate, Literal("2024-05-01", datatype=XSD.date)))
    g.add((claim, KG.evidence, evidence))
    g.add((accuser, KG.accuses, accused))
    return g


def check(data: Graph, shapes: Graph) -> tuple[bool, Graph, str]:
    conforms, report, text = validate(data, shacl_graph=shapes, inference="none", advanced=True)
    return conforms, report, text


def result_paths(report: Graph) -> set[URIRef]:
    return {p for r in report.subjects(RDF.type, SH.ValidationResult) for p in report.objects(r, SH.resultPath)}


def test_shapes_are_shapes(shapes: Graph) -> None:
    node_shapes = set(shapes.subjects(RDF.type, SH.NodeShape))
    assert len(node_shapes) >= 12
    unlabelled = [s for s in node_shapes if shapes.value(s, RDFS.label) is None]
    assert not unlabelled, f"shapes without rdfs:label: {unlabelled}"
    bare = [p for p in shapes.objects(None, SH.property) if shapes.value(p, SH.message) is None]
    assert not bare, f"property shapes without sh:message: {bare}"


def test_valid_graph_conforms(shapes: Graph) -> None:
    conforms, _, text = check(valid_graph(), shapes)
    assert conforms, text


def test_valid_graph_conforms_with_a_partial_claim_date(shapes: Graph) -> None:
    data = valid_graph()
    claim = KGR["claim/c1"]
    data.set((claim, KG.claimDate, Literal("2024-05", datatype=XSD.gYearMonth)))
    conforms, _, text = check(data, shapes)
    assert conforms, text


def test_accusation_without_target_fails(shapes: Graph) -> None:
    data = valid_graph()
    data.remove((KGR["claim/c1"], KG.target, None))
    conforms, report, text = check(data, shapes)
    assert not conforms
    assert KG.target in result_paths(report)
    assert "kg:target" in text or str(KG.target) in text


def test_accusation_without_any_charge_fails(shapes: Graph) -> None:
    data = valid_graph()
    data.remove((KGR["claim/c1"], KG.charge, None))
    data.remove((KGR["claim/c1"], KG.chargeText, None))
    conforms, _, text = check(data, shapes)
    assert not conforms
    assert "kg:chargeText" in text


def test_confidence_above_one_fails(shapes: Graph) -> None:
    data = valid_graph()
    data.set((KGR["claim/c1"], KG.confidence, Literal(Decimal("1.5"), datatype=XSD.decimal)))
    conforms, report, text = check(data, shapes)
    assert not conforms
    assert result_paths(report) == {KG.confidence}
    assert "confidence" in text


def test_position_selector_with_start_not_before_end_fails(shapes: Graph) -> None:
    data = valid_graph()
    position = URIRef(f"{KGR['evidence/a1/10-52']}#position")
    data.set((position, OA.start, Literal(52, datatype=XSD.nonNegativeInteger)))
    conforms, report, text = check(data, shapes)
    assert not conforms
    assert result_paths(report) == {OA.start}
    assert "oa:start" in text or str(OA.start) in text


def test_actor_typed_only_by_subclass_is_rejected_as_claimant(shapes: Graph) -> None:
    data = valid_graph()
    data.remove((KGR["org/amnesty"], RDF.type, KG.Actor))
    conforms, report, _ = check(data, shapes)
    assert not conforms
    assert KG.claimant in result_paths(report)


def test_evidence_without_quote_selector_fails(shapes: Graph) -> None:
    data = valid_graph()
    quote = URIRef(f"{KGR['evidence/a1/10-52']}#quote")
    data.remove((quote, None, None))
    data.remove((None, None, quote))
    data.add((KGR["evidence/a1/10-52"], OA.hasSelector, BNode()))
    conforms, report, _ = check(data, shapes)
    assert not conforms
    assert OA.hasSelector in result_paths(report)
