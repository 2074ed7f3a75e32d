"""Network analysis of who said what about whom: networkx graphs of claims and a report's numbers.

Every figure here counts statements, not facts: "most accused" means most often accused in the
articles read, and an edge means that a claim was made. Negated claims ("did not accuse") draw
no edge in the accusation and responsibility networks, as they draw no kg:accuses edge in RDF.
"""
from __future__ import annotations

from collections import Counter, defaultdict

import networkx as nx
from rdflib import Graph

from kgraph.read.claims import Corpus, StatedClaim, read_corpus
from kgraph.store import GraphStore
from kgraph.vocab import ACTOR_FAMILIES

COMMUNITY_SEED = 42  # Louvain shuffles nodes; a fixed seed gives the same communities every run


def analyse(source: GraphStore | Graph) -> dict:
    """The report's data for a built graph: plain dicts and lists, ready for JSON or markdown."""
    return analyse_corpus(read_corpus(source))


def analyse_corpus(corpus: Corpus) -> dict:
    """The report's data for claims already read (see `analyse`)."""
    accusations = party_graph(corpus, "accusation")
    claims = claim_graph(corpus)
    return {
        "summary": summary(corpus),
        "most_accused": ranking(corpus, accusations, incoming=True),
        "most_accusing": ranking(corpus, accusations, incoming=False),
        "pagerank": pagerank(corpus, accusations),
        "accusation_pieces": nx.number_weakly_connected_components(accusations),
        "mutual_accusations": mutual_accusations(corpus, accusations),
        "contested_claims": contested_claims(corpus),
        "uncorroborated_claims": uncorroborated_claims(corpus),
        "events": events(corpus),
        "components": components(corpus, claims),
        "communities": communities(corpus, claims),
        "part_of": part_of(corpus),
        "timeline": timeline(corpus),
    }


# -- networkx graphs -----------------------------------------------------------------------------

def party_graph(corpus: Corpus, kind: str) -> nx.DiGraph:
    """Claimant -> target for one claim kind; each edge counts its distinct claims and source documents."""
    graph = nx.DiGraph()
    for claim in corpus.claims:
        if claim.kind != kind or claim.status == "negated" or not claim.claimant or not claim.target:
            continue
        for node in (claim.claimant, claim.target):
            graph.add_node(node, label=corpus.label(node), type=corpus.type_of(node))
        if not graph.has_edge(claim.claimant, claim.target):
            graph.add_edge(claim.claimant, claim.target, claims=0, docs=set(), charges=set(), roles=set(),
                           events=set(), said=set())
        data = graph.edges[claim.claimant, claim.target]
        data["claims"] += 1
        data["said"].add(statement(claim))
        data["docs"].update(claim.docs)
        data["charges"].update(filter(None, [claim.charge]))
        data["roles"].update(filter(None, [claim.role]))
        data["events"].update(filter(None, [claim.event]))
    for _, _, data in graph.edges(data=True):
        data["sources"] = len(data["docs"])
        data["statements"] = len(data["said"])
        for name in ("docs", "charges", "roles", "events", "said"):
            data[name] = tuple(sorted(data[name]))
    return graph


def statement(claim: StatedClaim) -> tuple:
    """The words that state a claim: one sentence naming six charges is one statement of six claims."""
    return tuple((span.doc, span.start, span.end) for span in claim.spans) or (claim.id,)


def accusation_graph(corpus: Corpus) -> nx.DiGraph:
    """Who accuses whom, weighted by claims and sources."""
    return party_graph(corpus, "accusation")


def responsibility_graph(corpus: Corpus) -> nx.DiGraph:
    """Who holds whom responsible, with the roles and events named."""
    return party_graph(corpus, "responsibility")


def claim_graph(corpus: Corpus) -> nx.MultiDiGraph:
    """Every claim as an edge keyed by its IRI: claimant -> target (or -> event for a figure)."""
    graph = nx.MultiDiGraph()
    for claim in corpus.claims:
        if not claim.claimant or not claim.other:
            continue
        for node in (claim.claimant, claim.other):
            graph.add_node(node, label=corpus.label(node), type=corpus.type_of(node))
        graph.add_edge(claim.claimant, claim.other, key=claim.id, kind=claim.kind, charge=claim.charge,
                       role=claim.role, status=claim.status, sources=claim.sources, event=claim.event)
    return graph


# -- report sections ---------------------------------------------------------------------------

def summary(corpus: Corpus) -> dict:
    kinds = Counter(claim.kind for claim in corpus.claims)
    types = Counter(entity.type for entity in corpus.entities.values())
    return {
        "documents": corpus.documents,
        "claims": len(corpus.claims),
        "claims_by_kind": dict(sorted(kinds.items())),
        "actors": sum(types[family] for family in ACTOR_FAMILIES),
        "events": types["Event"],
    }


def ranking(corpus: Corpus, graph: nx.DiGraph, incoming: bool) -> list[dict]:
    """Actors by statements received (or made), then by claims (one per charge), then by source documents."""
    rows = []
    for node in graph.nodes:
        edges = graph.in_edges(node, data=True) if incoming else graph.out_edges(node, data=True)
        others = [u if incoming else v for u, v, _ in edges]
        if not others:
            continue
        rows.append({
            "actor": corpus.label(node),
            "id": node,
            "statements": len({said for _, _, data in edges for said in data["said"]}),
            "claims": sum(data["claims"] for _, _, data in edges),
            "sources": len({doc for _, _, data in edges for doc in data["docs"]}),
            "by" if incoming else "against": sorted(corpus.label(other) for other in others),
        })
    return sorted(rows, key=lambda row: (-row["statements"], -row["claims"], -row["sources"], row["actor"]))


def pagerank(corpus: Corpus, graph: nx.DiGraph) -> list[dict]:
    """PageRank on the accusation network weighted by statements: accused by those who are themselves accused."""
    if graph.number_of_edges() == 0:
        return []
    scores = nx.pagerank(graph, weight="statements")
    rows = [{"actor": corpus.label(node), "id": node, "score": round(score, 4)} for node, score in scores.items()]
    return sorted(rows, key=lambda row: (-row["score"], row["actor"]))


def mutual_accusations(corpus: Corpus, graph: nx.DiGraph) -> list[dict]:
    """Pairs of actors that each accuse the other."""
    pairs = []
    for a, b in graph.edges:
        if a < b and graph.has_edge(b, a):
            pairs.append({"a": corpus.label(a), "b": corpus.label(b),
                          "a_accuses_b": graph.edges[a, b]["claims"], "b_accuses_a": graph.edges[b, a]["claims"],
                          "charges_a_b": list(graph.edges[a, b]["charges"]),
                          "charges_b_a": list(graph.edges[b, a]["charges"])})
    return sorted(pairs, key=lambda pair: (pair["a"], pair["b"]))


def contested_claims(corpus: Corpus) -> list[dict]:
    """Claims that a denial answers (kg:refutes): the claim and who denied it."""
    denials: dict[str, list[StatedClaim]] = defaultdict(list)
    for claim in corpus.claims:
        for refuted in claim.refutes:
            denials[refuted].append(claim)
    rows = []
    for claim in corpus.claims:
        if claim.id in denials:
            rows.append({"claim": claim.id, "kind": claim.kind, "claimant": corpus.label(claim.claimant),
                         "target": corpus.label(claim.target), "charge": claim.charge,
                         "denied_by": sorted({corpus.label(d.claimant) for d in denials[claim.id]}),
                         "sources": claim.sources})
    return sorted(rows, key=lambda row: (row["target"], row["claimant"], row["charge"] or ""))


def uncorroborated_claims(corpus: Corpus) -> dict:
    """Claims that only one document states."""
    single = [claim for claim in corpus.claims if claim.sources <= 1]
    rows = [{"claim": c.id, "kind": c.kind, "claimant": corpus.label(c.claimant),
             "target": corpus.label(c.other) if c.other else None, "charge": c.charge, "role": c.role,
             "doc": c.docs[0] if c.docs else None} for c in single]
    return {"count": len(single), "of": len(corpus.claims),
            "by_kind": dict(sorted(Counter(c.kind for c in single).items())),
            "claims": sorted(rows, key=lambda row: (row["kind"], row["claimant"], row["target"] or "",
                                                    row["charge"] or ""))}


def events(corpus: Corpus) -> list[dict]:
    """For each event: who is held responsible in what role, which figures by whom, where they differ."""
    by_event: dict[str | None, list[StatedClaim]] = defaultdict(list)
    for claim in corpus.claims:
        named = claim.event or claim.kind == "figure"  # figures with no event are listed apart
        if claim.kind in ("responsibility", "figure") and claim.status != "negated" and named:
            by_event[claim.event].append(claim)
    denied = {refuted: claim for claim in corpus.claims for refuted in claim.refutes}
    rows = []
    for event in sorted(by_event, key=lambda e: (e is None, corpus.label(e) if e else "")):
        claims = by_event[event]
        responsible = grouped(corpus, [c for c in claims if c.kind == "responsibility"],
                              lambda c: (corpus.label(c.target), c.role or "responsible"), ("actor", "role"))
        figures = grouped(corpus, [c for c in claims if c.kind == "figure"],
                          lambda c: (c.quantity or "", c.value), ("quantity", "value"))
        # figures tied to no event are not about the same thing, so they cannot disagree
        differing = disagreements(corpus, responsible, figures, claims, denied) if event else []
        rows.append({"event": corpus.label(event) if event else None, "id": event,
                     "responsibility": responsible, "figures": figures, "disagreements": differing})
    return rows


def grouped(corpus: Corpus, claims: list[StatedClaim], key, names: tuple[str, str]) -> list[dict]:
    """Claims with the same key as one row: who said it and in how many documents."""
    groups: dict[tuple, list[StatedClaim]] = defaultdict(list)
    for claim in claims:
        groups[key(claim)].append(claim)
    return [{names[0]: k[0], names[1]: k[1], "by": sorted({corpus.label(c.claimant) for c in group}),
             "sources": len({doc for c in group for doc in c.docs})}
            for k, group in sorted(groups.items(), key=lambda item: tuple(map(sort_key, item[0])))]


def sort_key(value) -> tuple:
    """Numbers before text, numbers by value: 33 before 220000."""
    return (0, value, "") if isinstance(value, (int, float)) else (1, 0, str(value))


def disagreements(corpus: Corpus, responsible: list[dict], figures: list[dict], claims: list[StatedClaim],
                  denied: dict[str, StatedClaim]) -> list[dict]:
    """Different figures for one quantity, different roles for one actor, and denied attributions."""
    found = []
    for field, rows, value in (("quantity", figures, "value"), ("actor", responsible, "role")):
        by_subject: dict[str, list[dict]] = defaultdict(list)
        for row in rows:
            by_subject[row[field]].append(row)
        for subject, group in sorted(by_subject.items()):
            if len(group) > 1:
                found.append({"about": subject, "on": value,
                              "versions": [{value: row[value], "by": row["by"]} for row in group]})
    for claim in claims:
        if claim.id in denied:
            found.append({"about": corpus.label(claim.target), "on": "denial",
                          "versions": [{"role": claim.role, "by": [corpus.label(claim.claimant)]},
                                       {"role": "denied", "by": [corpus.label(denied[claim.id].claimant)]}]})
    return found


def components(corpus: Corpus, graph: nx.MultiDiGraph) -> list[dict]:
    """Groups of actors and events linked by any claim, largest first."""
    groups = [sorted(corpus.label(n) for n in nodes) for nodes in nx.weakly_connected_components(graph)]
    return [{"size": len(g), "members": g} for g in sorted(groups, key=lambda g: (-len(g), g))]


def communities(corpus: Corpus, graph: nx.MultiDiGraph) -> dict:
    """Louvain communities of the claim network taken as undirected, edges weighted by claim count."""
    simple = nx.Graph()
    simple.add_nodes_from(sorted(graph.nodes))
    for u, v in sorted((u, v) for u, v, _ in graph.edges(keys=True)):
        weight = simple.edges[u, v]["weight"] + 1 if simple.has_edge(u, v) else 1
        simple.add_edge(u, v, weight=weight)
    if simple.number_of_edges() == 0:
        return {"algorithm": "louvain", "seed": COMMUNITY_SEED, "modularity": None, "groups": []}
    found = nx.community.louvain_communities(simple, weight="weight", seed=COMMUNITY_SEED)
    groups = sorted((sorted(corpus.label(n) for n in group) for group in found), key=lambda g: (-len(g), g))
    return {"algorithm": "louvain", "seed": COMMUNITY_SEED,
            "modularity": round(nx.community.modularity(simple, found, weight="weight"), 4), "groups": groups}


def part_of(corpus: Corpus) -> list[dict]:
    """Actors that are part of another (kg:partOf), with how many claims name each as the target."""
    targeted = Counter(claim.target for claim in corpus.claims if claim.target)
    return [{"part": corpus.label(part), "whole": corpus.label(whole),
             "claims_about_part": targeted[part], "claims_about_whole": targeted[whole]}
            for part, whole in sorted(corpus.part_of, key=lambda p: (corpus.label(p[1]), corpus.label(p[0])))]


def timeline(corpus: Corpus) -> list[dict]:
    """Claims per month they were made (or first published); 'undated' when no date is known."""
    months: dict[str, Counter] = defaultdict(Counter)
    for claim in corpus.claims:
        months[claim.date[:7] if claim.date else "undated"][claim.kind] += 1
    return [{"month": month, "claims": sum(kinds.values()), "by_kind": dict(sorted(kinds.items()))}
            for month, kinds in sorted(months.items(), key=lambda item: (item[0] == "undated", item[0]))]
