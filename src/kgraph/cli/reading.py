"""The commands that read a built graph: claims, entities, explain, analyse, view, export."""
from __future__ import annotations

from pathlib import Path

import click

from kgraph.cli.options import FORMAT_CHOICE, GRAPH


@click.command()
@GRAPH
@click.option("--format", "fmt", type=FORMAT_CHOICE, default="jsonl", show_default=True)
@click.option("--unique", is_flag=True, help="One row per claim (default: one per claim and source document).")
def claims(graph: Path, fmt: str, unique: bool) -> None:
    """Print the claims of a built GRAPH: kind, claimant, target, charge, quote and offsets."""
    from kgraph.read.tables import CLAIM_COLUMNS, claim_rows, format_rows
    from kgraph.store import open_store

    click.echo(format_rows(claim_rows(open_store(graph), unique=unique), CLAIM_COLUMNS, fmt), nl=False)


@click.command()
@GRAPH
@click.argument("name")
def explain(graph: Path, name: str) -> None:
    """Print every claim by or about NAME (an entity label, alias or IRI, or a claim id) with its quotes.

    Each quote comes with its document and character offsets, so it can be checked against the text.
    """
    from kgraph.read.explain import explain as explain_claims
    from kgraph.store import open_store

    click.echo(explain_claims(open_store(graph), name))


@click.command()
@GRAPH
@click.option("--format", "fmt", type=FORMAT_CHOICE, default="jsonl", show_default=True)
def entities(graph: Path, fmt: str) -> None:
    """Print the entities of a built GRAPH: label, type, aliases, Wikidata id, documents."""
    from kgraph.read.tables import ENTITY_COLUMNS, entity_rows, format_rows
    from kgraph.store import open_store

    click.echo(format_rows(entity_rows(open_store(graph)), ENTITY_COLUMNS, fmt), nl=False)


@click.command()
@GRAPH
@click.option("--format", "fmt", type=click.Choice(["markdown", "json"]), default="markdown", show_default=True)
@click.option("-o", "--out", "out_file", type=click.Path(path_type=Path),
              help="Write the report here (markdown also writes PNG charts beside it); default: print it.")
def analyse(graph: Path, fmt: str, out_file: Path | None) -> None:
    """Report on GRAPH with networkx: most accused, PageRank, mutual and contested claims, events, timeline."""
    from kgraph.read.analyse import analyse as run_analysis
    from kgraph.read.report import format_report, write_report
    from kgraph.store import open_store

    report = run_analysis(open_store(graph))
    if out_file is None:
        click.echo(format_report(report, fmt), nl=False)
    else:
        click.echo("wrote: " + ", ".join(str(p) for p in write_report(report, out_file, fmt)))


@click.command()
@GRAPH
@click.option("-o", "--out", "out_file", type=click.Path(path_type=Path), default=None,
              help="The HTML page to write (default: beside GRAPH, as graphs/kgraph.html for graphs/kgraph.ttl).")
@click.option("--focus", metavar="ACTOR", help="Draw only this actor's neighbourhood (label or IRI).")
@click.option("--depth", type=click.IntRange(min=0), default=1, show_default=True,
              help="Steps from the --focus actor.")
@click.option("--kinds", metavar="KIND,...", help="Claim kinds to draw, e.g. accusation,denial (default: all).")
@click.option("--since", metavar="DATE", help="Only claims made or published on or after DATE (YYYY[-MM[-DD]]).")
@click.option("--until", metavar="DATE", help="Only claims made or published on or before DATE.")
def view(graph: Path, out_file: Path | None, focus: str | None, depth: int, kinds: str | None, since: str | None,
         until: str | None) -> None:
    """Draw GRAPH as an interactive HTML page that works offline."""
    from kgraph.atomic import write_atomically
    from kgraph.read.view import render_html
    from kgraph.store import open_store

    chosen = [k.strip() for k in kinds.split(",") if k.strip()] if kinds else None
    page = render_html(open_store(graph), focus=focus, depth=depth, kinds=chosen, since=since, until=until)
    out_file = out_file or graph.with_name(graph.stem + ".html")  # beside GRAPH, not in the working folder
    write_atomically(out_file, page.encode("utf-8"))
    click.echo(f"wrote: {out_file}")


@click.command()
@GRAPH
@click.option("--format", "fmt", type=click.Choice(["turtle", "ntriples", "nquads", "trig", "jsonld", "graphml",
              "gexf", "csv"]), default=None, help="Output format (default: from the suffix of -o).")
@click.option("-o", "--out", "out_file", type=click.Path(path_type=Path), default=None,
              help="The file to write (default: standard output).")
def export(graph: Path, fmt: str | None, out_file: Path | None) -> None:
    """Write GRAPH (a graph file or store folder) as RDF, as the claim network (GraphML, GEXF) or as CSV."""
    from kgraph.atomic import write_atomically
    from kgraph.read.export import export as run_export
    from kgraph.read.export import format_of
    from kgraph.store import open_store

    fmt = fmt or (format_of(out_file) if out_file else None)
    if fmt is None:
        raise click.UsageError("give --format (turtle, ntriples, nquads, trig, jsonld, graphml, gexf, csv)")
    data = run_export(open_store(graph), fmt)
    if out_file is None:
        click.echo(data.decode("utf-8"), nl=False)
        return
    write_atomically(out_file, data)
    click.echo(f"wrote: {out_file}")
