"""The `kgraph` command: thin click commands over the library functions."""
from __future__ import annotations

import sys
from pathlib import Path

import click

from . import __version__
from .errors import KGraphError


class KGraphGroup(click.Group):
    """Turns kgraph's own errors into one clear line and an exit status; a traceback is for bugs."""

    def invoke(self, ctx: click.Context):
        try:
            return super().invoke(ctx)
        except KGraphError as error:
            click.echo(f"kgraph: error: {error}", err=True)
            sys.exit(error.exit_code)


@click.group(cls=KGraphGroup, context_settings={"help_option_names": ["-h", "--help"]})
@click.version_option(__version__, prog_name="kgraph")
def main() -> None:
    """Turn conflict and human-rights reporting into an RDF knowledge graph of attributed claims.

    Typical use: `kgraph build seeds -o graphs`, then `kgraph claims graphs/kgraph.ttl`.
    """


@main.command()
@click.argument("seeds", type=click.Path(path_type=Path), default="seeds")
@click.option("-o", "--out", "out_dir", type=click.Path(path_type=Path), default="graphs", show_default=True,
              help="Folder for kgraph.ttl, kgraph.trig and kgraph.html.")
@click.option("--strict", is_flag=True, help="Stop at the first file that cannot be read.")
@click.option("--encoding", default="utf-8", show_default=True, help="Text encoding of the article files.")
@click.option("--progress/--no-progress", default=None, help="Progress bar (default: on a terminal only).")
def build(seeds: Path, out_dir: Path, strict: bool, encoding: str, progress: bool | None) -> None:
    """Read every *.txt article in SEEDS, extract claims, validate and write the graph files."""
    from .build import build as run_build

    result = run_build(seeds, out_dir, strict=strict, encoding=encoding, progress=progress)
    for failure in result.failures:
        click.echo(f"kgraph: skipped: {failure}", err=True)
    click.echo(result.summary())
    click.echo("wrote: " + ", ".join(str(p) for p in result.outputs))
    if result.failures:
        sys.exit(1)


FORMAT_CHOICE = click.Choice(["jsonl", "csv", "table"])


@main.command()
@click.argument("graph", type=click.Path(path_type=Path))
@click.option("--format", "fmt", type=FORMAT_CHOICE, default="jsonl", show_default=True)
@click.option("--unique", is_flag=True, help="One row per claim (default: one per claim and source document).")
def claims(graph: Path, fmt: str, unique: bool) -> None:
    """Print the claims of a built GRAPH: kind, claimant, target, charge, quote and offsets."""
    from .store import load_graph
    from .tables import CLAIM_COLUMNS, claim_rows, format_rows

    click.echo(format_rows(claim_rows(load_graph(graph), unique=unique), CLAIM_COLUMNS, fmt), nl=False)


@main.command()
@click.argument("graph", type=click.Path(path_type=Path))
@click.option("--format", "fmt", type=FORMAT_CHOICE, default="jsonl", show_default=True)
def entities(graph: Path, fmt: str) -> None:
    """Print the entities of a built GRAPH: label, type, aliases, Wikidata id, documents."""
    from .store import load_graph
    from .tables import ENTITY_COLUMNS, entity_rows, format_rows

    click.echo(format_rows(entity_rows(load_graph(graph)), ENTITY_COLUMNS, fmt), nl=False)


@main.command()
@click.argument("graph", type=click.Path(path_type=Path))
@click.argument("query_text", required=False)
@click.option("-f", "--file", "query_file", type=click.Path(path_type=Path, exists=True, dir_okay=False),
              help="Read the query from a .rq file.")
@click.option("--format", "fmt", type=click.Choice(["table", "csv", "tsv", "json", "turtle"]), default="table",
              show_default=True, help="How SELECT results print (CONSTRUCT/DESCRIBE print Turtle).")
def query(graph: Path, query_text: str | None, query_file: Path | None, fmt: str) -> None:
    """Run a SPARQL query (SELECT, ASK, CONSTRUCT, DESCRIBE) over GRAPH; kg:, kgr:, prov:... are declared.

    The query comes from QUERY_TEXT, from -f FILE.rq, or from standard input.
    """
    from .query import format_result, run_query
    from .store import load_graph

    text = query_file.read_text(encoding="utf-8") if query_file else query_text
    if text is None:
        if sys.stdin.isatty():
            raise click.UsageError("give a query, -f FILE.rq, or a query on standard input")
        text = sys.stdin.read()
    click.echo(format_result(run_query(load_graph(graph), text), fmt), nl=False)


@main.command()
@click.argument("graph", type=click.Path(path_type=Path))
@click.option("--format", "fmt", type=click.Choice(["markdown", "json"]), default="markdown", show_default=True)
@click.option("-o", "--out", "out_file", type=click.Path(path_type=Path),
              help="Write the report here (markdown also writes PNG charts beside it); default: print it.")
def analyse(graph: Path, fmt: str, out_file: Path | None) -> None:
    """Report on GRAPH with networkx: most accused, PageRank, mutual and contested claims, events, timeline."""
    from .analyse import analyse as run_analysis
    from .report import format_report, write_report
    from .store import load_graph

    report = run_analysis(load_graph(graph))
    if out_file is None:
        click.echo(format_report(report, fmt), nl=False)
    else:
        click.echo("wrote: " + ", ".join(str(p) for p in write_report(report, out_file, fmt)))


@main.command()
@click.argument("graph", type=click.Path(path_type=Path))
@click.option("-o", "--out", "out_file", type=click.Path(path_type=Path), default="graphs/kgraph.html",
              show_default=True, help="The HTML page to write.")
@click.option("--focus", metavar="ACTOR", help="Draw only this actor's neighbourhood (label or IRI).")
@click.option("--depth", type=click.IntRange(min=0), default=1, show_default=True,
              help="Steps from the --focus actor.")
@click.option("--kinds", metavar="KIND,...", help="Claim kinds to draw, e.g. accusation,denial (default: all).")
@click.option("--since", metavar="DATE", help="Only claims made or published on or after DATE (YYYY[-MM[-DD]]).")
@click.option("--until", metavar="DATE", help="Only claims made or published on or before DATE.")
def view(graph: Path, out_file: Path, focus: str | None, depth: int, kinds: str | None, since: str | None,
         until: str | None) -> None:
    """Draw GRAPH as an interactive HTML page that works offline."""
    from .build import write_atomically
    from .store import load_graph
    from .view import render_html

    chosen = [k.strip() for k in kinds.split(",") if k.strip()] if kinds else None
    page = render_html(load_graph(graph), focus=focus, depth=depth, kinds=chosen, since=since, until=until)
    write_atomically(out_file, page.encode("utf-8"))
    click.echo(f"wrote: {out_file}")


if __name__ == "__main__":
    main()
