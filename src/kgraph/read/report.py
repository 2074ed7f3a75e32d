"""The analysis report for people (markdown, with PNG charts beside it) and for programs (JSON), from one dict."""
from __future__ import annotations

import json
import re
from collections.abc import Callable
from pathlib import Path

from kgraph.display import for_terminal
from kgraph.errors import InputError

FORMATS = ("markdown", "json")
TOP = 10
STATEMENTS = ("Statements count the passages that make accusations: a sentence that names six charges is one "
              "statement of six charges; a claim that several articles repeat is one statement with several sources.")
INTRO = ("Counts of statements in the articles read, not findings of fact: \"accused\" means that an article "
         "reports someone making the accusation. Sources are distinct documents.")


def format_report(report: dict, fmt: str = "markdown", charts: dict[str, str] | None = None) -> str:
    """The report as markdown (linking the given chart files) or as JSON."""
    if fmt == "json":
        return json.dumps(report, indent=2, ensure_ascii=False) + "\n"
    if fmt == "markdown":
        return for_terminal(markdown(report, charts or {}))  # read by people, often on a terminal
    raise InputError(f"unknown report format {fmt!r}; use one of {', '.join(FORMATS)}")


def write_report(report: dict, path: Path, fmt: str = "markdown") -> list[Path]:
    """Write the report to `path` (markdown also writes its charts beside it); the files written."""
    from kgraph.atomic import write_atomically
    from kgraph.read.charts import write_charts

    charts = write_charts(report, path.parent, path.stem) if fmt == "markdown" else {}
    write_atomically(path, format_report(report, fmt, {n: p.name for n, p in charts.items()}).encode("utf-8"))
    return [path, *charts.values()]


def markdown(report: dict, charts: dict[str, str]) -> str:
    sections: list[Callable[[dict, dict[str, str]], list[str]]] = [
        overview, accused, accusing, pagerank, mutual, contested, uncorroborated, events, structure, timeline]
    lines = ["# kgraph report", "", INTRO, ""]
    for section in sections:
        lines += section(report, charts) + [""]
    return "\n".join(lines).rstrip("\n") + "\n"


def overview(report: dict, charts: dict[str, str]) -> list[str]:
    s = report["summary"]
    kinds = ", ".join(f"{kind} {n}" for kind, n in s["claims_by_kind"].items()) or "none"
    return ["## Overview", "", table(["documents", "claims", "actors", "events"],
                                     [[s["documents"], s["claims"], s["actors"], s["events"]]]),
            "", f"Claims by kind: {kinds}."]


def accused(report: dict, charts: dict[str, str]) -> list[str]:
    rows = report["most_accused"]
    lines = ["## Most accused", "", STATEMENTS, ""] + image(charts, "most_accused", "Most accused actors")
    return lines + ranked(rows, ["actor", "statements", "charges", "sources", "accused by"], "by")


def accusing(report: dict, charts: dict[str, str]) -> list[str]:
    header = ["actor", "statements", "charges", "sources", "accuses"]
    return ["## Most accusing", ""] + ranked(report["most_accusing"], header, "against")


def ranked(rows: list[dict], header: list[str], others: str) -> list[str]:
    if not rows:
        return ["No accusations."]
    cells = [[r["actor"], r["statements"], r["claims"], r["sources"], ", ".join(r[others])] for r in rows[:TOP]]
    return [table(header, cells)] + more(rows)


def pagerank(report: dict, charts: dict[str, str]) -> list[str]:
    rows = report["pagerank"]
    lines = ["## PageRank on the accusation network", "",
             "High when accused by actors that are themselves accused often (weighted by statements)."
             + pieces(report.get("accusation_pieces", 1)), ""]
    if not rows:
        return lines + ["No accusations."]
    return lines + [table(["actor", "score"], [[r["actor"], f"{r['score']:.4f}"] for r in rows[:TOP]])] + more(rows)


def pieces(count: int) -> str:
    """A warning when the network falls apart: scores then rank actors of unrelated conflicts together."""
    if count <= 1:
        return ""
    return (f" The network is {count} separate pieces that no accusation links, so a score compares an actor only "
            "within its own piece; see Structure below for the pieces.")


def mutual(report: dict, charts: dict[str, str]) -> list[str]:
    rows = report["mutual_accusations"]
    if not rows:
        return ["## Mutual accusations", "", "No pair of actors accuses each other."]
    cells = [[r["a"], r["b"], r["a_accuses_b"], r["b_accuses_a"]] for r in rows]
    return ["## Mutual accusations", "", table(["actor A", "actor B", "A accuses B", "B accuses A"], cells)]


def contested(report: dict, charts: dict[str, str]) -> list[str]:
    rows = report["contested_claims"]
    lines = ["## Contested claims", "", "Claims that a denial in the graph answers (kg:refutes).", ""]
    if not rows:
        return lines + ["No claim is denied."]
    cells = [[r["kind"], r["claimant"], r["target"], r["charge"] or "", ", ".join(r["denied_by"]), r["sources"]]
             for r in rows]
    return lines + [table(["kind", "by", "about", "charge", "denied by", "sources"], cells)]


def uncorroborated(report: dict, charts: dict[str, str]) -> list[str]:
    u = report["uncorroborated_claims"]
    kinds = ", ".join(f"{kind} {n}" for kind, n in u["by_kind"].items()) or "none"
    lines = ["## Uncorroborated claims", "", f"{u['count']} of {u['of']} claims rest on a single document ({kinds})."]
    rows = [r for r in u["claims"] if r["kind"] in ("accusation", "responsibility")]
    if rows:
        cells = [[r["kind"], r["claimant"], r["target"] or "", r["charge"] or r["role"] or "", code(r["doc"])]
                 for r in rows[:TOP]]
        lines += ["", "Accusations and attributions among them:", "",
                  table(["kind", "by", "about", "charge or role", "document"], cells)] + more(rows)
    return lines


def events(report: dict, charts: dict[str, str]) -> list[str]:
    lines = ["## Events"]
    if not report["events"]:
        return lines + ["", "No event has a responsibility attribution or a figure."]
    for event in report["events"]:
        lines += ["", f"### {escape(event['event']) if event['event'] else 'Figures tied to no event'}", ""]
        for row in event["responsibility"]:
            lines.append(f"- held responsible: {escape(row['actor'])} ({escape(row['role'])}), "
                         f"according to {said_by(row)}")
        for row in event["figures"]:
            lines.append(f"- figure: {escape(row['quantity'])} {row['value']}, according to {said_by(row)}")
        for row in event["disagreements"]:
            versions = "; ".join(f"{escape(str(v.get('value', v.get('role'))))} by {escape(', '.join(v['by']))}"
                                 for v in row["versions"])
            lines.append(f"- differing accounts of {escape(row['about'])} ({row['on']}): {versions}")
    return lines


def said_by(row: dict) -> str:
    return f"{escape(', '.join(row['by']))} ({row['sources']} source{'s' if row['sources'] != 1 else ''})"


def structure(report: dict, charts: dict[str, str]) -> list[str]:
    parts, groups = report["components"], report["communities"]
    sizes = ", ".join(str(p["size"]) for p in parts) or "none"
    lines = ["## Structure", "", f"Connected components of the claim network: {len(parts)} (sizes {sizes}).", ""]
    lines += [f"{i}. {escape(', '.join(p['members']))}" for i, p in enumerate(parts, 1)]
    lines += ["", f"Communities ({groups['algorithm']}, seed {groups['seed']}, modularity {groups['modularity']}):", ""]
    lines += [f"{i}. {escape(', '.join(g))}" for i, g in enumerate(groups["groups"], 1)]
    lines += ["", "Actors linked through partOf:", ""]
    if not report["part_of"]:
        return lines + ["None."]
    cells = [[r["part"], r["whole"], r["claims_about_part"], r["claims_about_whole"]] for r in report["part_of"]]
    return lines + [table(["actor", "part of", "claims about it", "claims about the whole"], cells)]


def timeline(report: dict, charts: dict[str, str]) -> list[str]:
    rows = report["timeline"]
    lines = ["## Timeline", ""] + image(charts, "claims_per_month", "Claims per month")
    kinds = sorted({kind for row in rows for kind in row["by_kind"]})
    cells = [[row["month"], row["claims"], *(row["by_kind"].get(k, 0) for k in kinds)] for row in rows]
    return lines + [table(["month", "claims", *kinds], cells) if rows else "No claims."]


def image(charts: dict[str, str], name: str, alt: str) -> list[str]:
    return [f"![{alt}]({charts[name]})", ""] if name in charts else []


def more(rows: list) -> list[str]:
    return ["", f"… and {len(rows) - TOP} more (see `--format json`)."] if len(rows) > TOP else []


def table(header: list[str], rows: list[list]) -> str:
    lines = ["| " + " | ".join(header) + " |", "|" + "|".join(" --- " for _ in header) + "|"]
    lines += ["| " + " | ".join(cell if isinstance(cell, Markdown) else escape(str(cell)) for cell in row) + " |"
              for row in rows]
    return "\n".join(lines)


class Markdown(str):
    """Text that is markdown already and must not be escaped again."""


def code(value: str | None) -> str:
    return Markdown(f"`{value}`") if value and "`" not in value and "|" not in value else escape(value or "")


MARKDOWN_SPECIAL = re.compile(r"([\\`*_\[\]|<>#])")


def escape(value: str) -> str:
    """Text from articles as literal markdown: no emphasis, links, table breaks or raw HTML."""
    return MARKDOWN_SPECIAL.sub(r"\\\1", " ".join(value.split()))
