"""Would a derived per-claim summary get about-actor and claims-by-date under a second at 1M triples?

Usage: python bench/summary.py [--triples 1000000] [--docs 300] [--runs 5] [--graph FILE.trig]

A prototype measured beside the named queries, not part of kgraph (see docs/performance.md). From a
built graph (or --graph), it states one summary node per claim and piece of evidence, in the graph
kgr:graph/summary, holding the row those two queries read as plain literals (kind, claimant, target,
what, event, document, quote, date) and links to the claimant and target actors. It checks that the
two queries rewritten to read the summary give exactly the rows of the named queries on the built
graph, then enlarges both graphs to --triples as bench/query.py does (the summary counts towards the
triples) and times the named query on the plain graph beside its summary form on the other,
interleaved, so that the load of a shared machine falls on both alike.
"""
from __future__ import annotations

import argparse
import statistics
import sys
import tempfile
import time
from pathlib import Path

sys.path.insert(0, str(Path(__file__).parent))

import pyoxigraph as ox  # noqa: E402
from query import built_graph, copied, enlarged  # noqa: E402

from kgraph.store import OxigraphStore, read_graph_file  # noqa: E402
from kgraph.store.query import bind_parameters, named_queries  # noqa: E402
from kgraph.vocab import KGR, PREFIXES  # noqa: E402

SUMMARY_GRAPH = ox.NamedNode(f"{KGR}graph/summary")
PREFIX_LINES = "".join(f"PREFIX {name}: <{iri}>\n" for name, iri in PREFIXES.items())
FIELDS = ("kind", "claimantNode", "claimant", "targetNode", "target", "what", "event", "doc", "quote", "date")
PROPERTIES = {"doc": "summaryDocument"} | {
    field: f"summary{field[0].upper()}{field[1:]}" for field in FIELDS if field != "doc"}
CASES = (("about-actor", {}), ("about-actor", {"actor": "Hamas"}), ("claims-by-date", {}),
         ("claims-by-date", {"from": "2025-01-01", "to": "2025-06-30"}))

# Each claim's row, once per piece of evidence, worked out as the named queries work it out.
SUMMARY_ROWS = """
SELECT ?claim ?evidence ?kind ?claimantNode ?claimant ?targetNode ?target ?what ?event ?doc ?quote ?date WHERE {
  VALUES (?class ?kind) {
    (kg:Accusation "accusation") (kg:ResponsibilityAttribution "responsibility") (kg:Denial "denial")
    (kg:FigureClaim "figure") (kg:Appeal "appeal")
  }
  ?claim a ?class .
  OPTIONAL { ?claim kg:claimant ?claimantNode . ?claimantNode rdfs:label ?claimantLabel }
  OPTIONAL { ?claim kg:target ?targetNode . ?targetNode rdfs:label ?targetLabel }
  OPTIONAL { ?claim kg:charge/skos:prefLabel ?chargeLabel }
  OPTIONAL { ?claim kg:chargeText|kg:demand ?words }
  OPTIONAL { ?claim kg:role ?role }
  OPTIONAL { ?claim kg:value ?value ; kg:quantity ?quantity }
  OPTIONAL { ?claim kg:event/rdfs:label ?namedEvent }
  OPTIONAL { ?claim kg:claimDate ?own }
  OPTIONAL {
    ?claim kg:evidence ?evidence .
    ?evidence oa:hasSource ?document ; oa:hasSelector/oa:exact ?quote .
    ?document dcterms:identifier ?doc .
    OPTIONAL { ?document dcterms:date ?published }
  }
  BIND (COALESCE(?claimantLabel, "") AS ?claimant)
  BIND (COALESCE(?targetLabel, "") AS ?target)
  BIND (STR(COALESCE(?chargeLabel, ?words, CONCAT(STR(?value), " ", ?quantity), CONCAT(?role, " role"), "")) AS ?what)
  BIND (COALESCE(?namedEvent, "") AS ?event)
  BIND (STR(IF(COALESCE(STRLEN(STR(?own)) = 10, false), ?own, COALESCE(?published, ?own))) AS ?date)
}"""

SUMMARY_QUERIES = {
    "about-actor": """
SELECT DISTINCT ?actorLabel ?side ?kind ?claimant ?target ?what ?eventLabel ?doc ?quote
WHERE {
  {
    SELECT DISTINCT ?actorNode WHERE {
      # param ?actor: the actor's name or one of its aliases, any case; every actor if omitted
      ?actorNode a kg:Actor .
      { ?actorNode rdfs:label ?name } UNION { ?actorNode skos:altLabel ?name }
      FILTER (!BOUND(?actor) || LCASE(STR(?name)) = LCASE(STR(?actor)))
    }
  }
  { SELECT ?actorNode ?actorLabel WHERE { ?actorNode rdfs:label ?actorLabel } }
  { ?row kg:summaryClaimantNode ?actorNode . BIND ("claimant" AS ?side) }
  UNION
  { ?row kg:summaryTargetNode ?actorNode . BIND ("target" AS ?side) }
  ?row kg:summaryKind ?kind ; kg:summaryClaimant ?claimant ; kg:summaryTarget ?target ;
       kg:summaryWhat ?what ; kg:summaryEvent ?eventLabel .
  OPTIONAL { ?row kg:summaryDocument ?doc ; kg:summaryQuote ?quote }
}
ORDER BY ?actorLabel ?side ?kind ?claimant ?target ?what ?doc ?quote""",
    "claims-by-date": """
SELECT DISTINCT ?date ?kind ?claimant ?target ?what ?doc
WHERE {
  ?row kg:summaryDate ?date ; kg:summaryKind ?kind ; kg:summaryClaimant ?claimant ;
       kg:summaryTarget ?target ; kg:summaryWhat ?what .
  OPTIONAL { ?row kg:summaryDocument ?doc }
  # param ?from date: the first day, YYYY-MM-DD; no lower bound if omitted
  # param ?to date: the last day, YYYY-MM-DD; no upper bound if omitted
  BIND (CONCAT(?date, SUBSTR("0000-01-01", STRLEN(?date) + 1)) AS ?day)
  FILTER (!BOUND(?from) || ?day >= STR(?from))
  FILTER (!BOUND(?to) || ?day <= STR(?to))
}
ORDER BY ?date ?kind ?claimant ?target ?what ?doc""",
}


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--triples", type=int, default=1_000_000, help="at least this many triples (default 1M)")
    parser.add_argument("--docs", type=int, default=300, help="articles to build (default 300)")
    parser.add_argument("--runs", type=int, default=5, help="runs per query and graph (median; default 5)")
    parser.add_argument("--graph", type=Path, help="start from this TriG file instead of building a corpus")
    parser.add_argument("--same-claims", action="store_true",
                        help="as many claims in both graphs (not as many triples)")
    args = parser.parse_args(argv)
    with tempfile.TemporaryDirectory(prefix="kgraph-summary-bench-") as folder:
        work = Path(folder)
        quads = list(ox.parse(path=str(args.graph or built_graph(work, args.docs)), format=ox.RdfFormat.TRIG))
        summary = summary_quads(quads)
        print(f"# summary: {len(summary)} triples beside {len(quads)} quads", flush=True)
        check_rows(store_of(work / "small-plain.nq", quads), store_of(work / "small-summary.nq", quads + summary))
        plain = store_of(work / "plain.nq", enlarged(quads, args.triples))
        target = same_copies(quads, quads + summary, args.triples) if args.same_claims else args.triples
        summarised = store_of(work / "summary.nq", enlarged(quads + summary, target))
        print(f"# plain graph: {len(plain)} triples, {claims(plain)} claim-evidence links; with the summary: "
              f"{len(summarised)} triples, {claims(summarised)} links", flush=True)
        compare(plain, summarised, args.runs)
    return 0


def summary_quads(quads: list[ox.Quad]) -> list[ox.Quad]:
    """One summary node per claim and piece of evidence (per claim when it has none), in the summary graph."""
    merge = ox.Store()
    merge.bulk_extend(ox.Quad(q.subject, q.predicate, q.object) for q in quads)
    result: set[ox.Quad] = set()
    for solution in merge.query(PREFIX_LINES + SUMMARY_ROWS):
        claim, evidence = solution["claim"], solution["evidence"]
        where = evidence.value.rpartition("/evidence/")[2].replace("/", "-") if evidence else "summary"
        row = ox.NamedNode(f"{claim.value}#{where}")
        for field in FIELDS:
            if solution[field] is not None:
                predicate = ox.NamedNode(f"{PREFIXES['kg']}{PROPERTIES[field]}")  # not in KG: a prototype's terms
                result.add(ox.Quad(row, predicate, solution[field], SUMMARY_GRAPH))
    return sorted(result, key=str)


def same_copies(plain: list[ox.Quad], summarised: list[ox.Quad], triples: int) -> int:
    """The target for `enlarged` that gives the summarised quads as many copies as the plain ones get."""
    (base, each), (summary_base, summary_each) = copy_sizes(plain), copy_sizes(summarised)
    copies = max(0, -(-(triples - base) // each))  # as `enlarged` counts them
    return summary_base + copies * summary_each


def copy_sizes(quads: list[ox.Quad]) -> tuple[int, int]:
    """The distinct triples, and the triples each renamed copy adds (as bench/query.py's `enlarged` counts them)."""
    base = len({q.triple for q in quads})
    shared = len({q.triple for q in quads if not any(copied(term) for term in (q.subject, q.object))})
    return base, max(base - shared, 1)


def store_of(path: Path, quads: list[ox.Quad]) -> OxigraphStore:
    """The quads as `kgraph query` opens them: written to an N-Quads file, read as the merge of its graphs."""
    path.write_bytes(ox.serialize(quads, format=ox.RdfFormat.N_QUADS))
    return read_graph_file(path)


def claims(store: OxigraphStore) -> int:
    answer = store.query(PREFIX_LINES + "SELECT (COUNT(*) AS ?n) WHERE { ?claim kg:evidence ?evidence }")
    return int(answer.rows[0][0].value)


def check_rows(plain: OxigraphStore, summarised: OxigraphStore) -> None:
    for name, params, expected, found, same in row_checks(plain, summarised):
        verdict = "same rows" if same else "DIFFERENT ROWS"
        print(f"# {name} {params}: {expected} rows, summary form {found}: {verdict}", flush=True)


def row_checks(plain: OxigraphStore, summarised: OxigraphStore) -> list[tuple[str, dict[str, str], int, int, bool]]:
    """Per case: the named query's row count, the summary form's, and whether they are the same rows in order."""
    library = {query.name: query.text for query in named_queries()}
    checks = []
    for name, params in CASES:
        expected = plain.query(bind_parameters(library[name], params)).rows
        found = summarised.query(bind_parameters(SUMMARY_QUERIES[name], params)).rows
        checks.append((name, params, len(expected), len(found), found == expected))
    return checks


def compare(plain: OxigraphStore, summarised: OxigraphStore, runs: int) -> None:
    library = {query.name: query.text for query in named_queries()}
    print(f"{'query':16s} {'parameters':36s} {'rows':>6s} {'named':>8s} {'summary':>8s} {'ratio':>6s}  "
          f"(medians of {runs} interleaved runs)")
    for name, params in CASES:
        named = bind_parameters(library[name], params)
        derived = bind_parameters(SUMMARY_QUERIES[name], params)
        before: list[float] = []
        after: list[float] = []
        for _ in range(runs):
            rows = timed(plain, named, before)
            timed(summarised, derived, after)
        old, new = statistics.median(before), statistics.median(after)
        mark = "ok" if new <= 1.0 else "SLOW"
        shown = ", ".join(f"{key}={value}" for key, value in params.items()) or "(none: broadest)"
        print(f"{name:16s} {shown:36s} {rows:6d} {old:7.3f}s {new:7.3f}s {new / old:5.2f}x  {mark}", flush=True)


def timed(store: OxigraphStore, text: str, seconds: list[float]) -> int:
    started = time.perf_counter()
    rows = len(store.query(text).rows)
    seconds.append(time.perf_counter() - started)
    return rows


if __name__ == "__main__":
    sys.exit(main())
