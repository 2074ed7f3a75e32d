"""bench/summary.py: its summary forms of about-actor and claims-by-date give the named queries' rows.

The benchmark's comparison (docs/performance.md) only means something if both forms answer alike.
"""
from __future__ import annotations

import pyoxigraph as ox

from helpers.bench import bench_module


def summary_module():
    return bench_module("summary")


def test_the_summary_forms_give_the_named_queries_rows_on_the_seed(seed_graph, tmp_path):
    bench = summary_module()
    quads = list(ox.parse(path=str(seed_graph / "kgraph.trig"), format=ox.RdfFormat.TRIG))
    summary = bench.summary_quads(quads)
    assert len(summary) == 204
    assert {quad.graph_name.value for quad in summary} == {"https://w3id.org/kgraph/id/graph/summary"}
    plain = bench.store_of(tmp_path / "plain.nq", quads)
    summarised = bench.store_of(tmp_path / "summary.nq", quads + summary)
    assert bench.row_checks(plain, summarised) == [
        ("about-actor", {}, 36, 36, True),
        ("about-actor", {"actor": "Hamas"}, 3, 3, True),
        ("claims-by-date", {}, 20, 20, True),
        ("claims-by-date", {"from": "2025-01-01", "to": "2025-06-30"}, 0, 0, True),
    ]
