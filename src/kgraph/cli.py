"""The `kgraph` command: thin click commands over the library functions."""
from __future__ import annotations

import sys
from pathlib import Path

import click

from kgraph import __version__
from kgraph.display import for_terminal
from kgraph.errors import KGraphError


class KGraphGroup(click.Group):
    """Turns kgraph's own errors into one clear line and an exit status; a traceback is for bugs."""

    def invoke(self, ctx: click.Context):
        try:
            return super().invoke(ctx)
        except KGraphError as error:
            click.echo(f"kgraph: error: {for_terminal(str(error))}", err=True)  # it may name a file
            sys.exit(error.exit_code)


@click.group(cls=KGraphGroup, context_settings={"help_option_names": ["-h", "--help"]})
@click.version_option(__version__, prog_name="kgraph")
def main() -> None:
    """Turn conflict and human-rights reporting into an RDF knowledge graph of attributed claims.

    Typical use: `kgraph build seeds -o graphs`, then `kgraph claims graphs/kgraph.ttl`.
    """


@main.command()
@click.argument("seeds", type=click.Path(path_type=Path), default="seeds", metavar="[SEEDS]")
@click.option("-o", "--out", "out_dir", type=click.Path(path_type=Path), default="graphs", show_default=True,
              help="Folder for kgraph.ttl, kgraph.trig and kgraph.html.")
@click.option("--strict", is_flag=True, help="Stop at the first file that cannot be read.")
@click.option("--encoding", default="utf-8", show_default=True, help="Text encoding of the article files.")
@click.option("--progress/--no-progress", default=None,
              help="Progress bars for parsing and validation (default: on a terminal only).")
@click.option("--store", "store_dir", type=click.Path(path_type=Path), default=None,
              help="Also keep the graph in an on-disk Oxigraph store in this folder (e.g. graphs/store).")
@click.option("-j", "--jobs", type=click.IntRange(min=1), default=None,
              help="Processes that parse articles and validate the graph (default: all cores).")
@click.option("--cache/--no-cache", default=True, show_default=True,
              help="Reuse the extraction of articles unchanged since an earlier build.")
@click.option("--cache-dir", type=click.Path(path_type=Path), default=None,
              help="Where extractions are cached (default: $KGRAPH_CACHE_DIR or ~/.cache/kgraph).")
@click.option("--cluster", metavar="ADDRESS|local", default=None,
              help="Parse on the Dask scheduler at ADDRESS (tcp://host:8786), or on a Dask cluster of --jobs "
              "processes on this machine for `local` (see docs/cluster.md).")
@click.option("--follow-links", is_flag=True,
              help="Read symbolic links to files outside SEEDS (by default they are reported and skipped).")
def build(seeds: Path, out_dir: Path, strict: bool, encoding: str, progress: bool | None,
          store_dir: Path | None, jobs: int | None, cache: bool, cache_dir: Path | None, cluster: str | None,
          follow_links: bool) -> None:
    """Read every *.txt article in SEEDS (default: ./seeds), extract claims, validate and write the graph files.

    \b
    An article is a UTF-8 text file; its first line may start with a header giving the
    publication date, `date YYYY-MM-DD`, followed by the text:
        date 2025-12-11 Amnesty International charged Hamas with ...
    Without the header, claims are dated only where the text dates them. The file name
    (without .txt) is the document's id. SEEDS may also be one .txt file. See docs/input.md.
    """
    from kgraph.build import build as run_build

    result = run_build(seeds, out_dir, strict=strict, encoding=encoding, progress=progress, jobs=jobs,
                       cache=cache, cache_dir=cache_dir, cluster=cluster, follow_links=follow_links)
    for failure in result.failures:
        click.echo(f"kgraph: skipped: {for_terminal(failure)}", err=True)
    click.echo(result.summary())
    click.echo("wrote: " + ", ".join(str(p) for p in result.outputs))
    if store_dir is not None:
        from kgraph.store import save_store

        triples = save_store(out_dir / "kgraph.trig", store_dir)
        click.echo(f"store: {store_dir} ({triples} triples)")
    if result.failures:
        sys.exit(1)


@main.command()
@click.argument("seeds", type=click.Path(path_type=Path, exists=True), default="seeds")
@click.option("-o", "--out", "out_dir", type=click.Path(path_type=Path), default="graphs", show_default=True,
              help="Folder for kgraph.ttl, kgraph.trig and kgraph.html.")
@click.option("--interval", type=click.FloatRange(min=0.05), default=1.0, show_default=True,
              help="Seconds between looks at the folder.")
@click.option("--encoding", default="utf-8", show_default=True, help="Text encoding of the article files.")
@click.option("--view/--no-view", default=True, show_default=True, help="Redraw kgraph.html on each build.")
@click.option("-j", "--jobs", type=click.IntRange(min=1), default=None,
              help="Processes for the first build (default: all cores); a few changed articles are parsed here.")
@click.option("--cache-dir", type=click.Path(path_type=Path), default=None,
              help="Where extractions are cached (default: $KGRAPH_CACHE_DIR or ~/.cache/kgraph).")
def watch(seeds: Path, out_dir: Path, interval: float, encoding: str, view: bool, jobs: int | None,
          cache_dir: Path | None) -> None:
    """Build SEEDS, then rebuild each time an article is added, changed or removed, until Ctrl-C.

    The spaCy pipeline stays loaded, so a rebuild parses only the changed articles.
    """
    from kgraph.build import BuildResult
    from kgraph.build.watch import watch as run_watch

    def report(done: BuildResult | KGraphError) -> None:
        if isinstance(done, KGraphError):
            click.echo(f"kgraph: error: {done} (still watching)", err=True)
            return
        for failure in done.failures:
            click.echo(f"kgraph: skipped: {failure}", err=True)
        click.echo(f"built {done.documents} documents (parsed {done.parsed}), {done.triples} triples "
                   f"in {done.seconds:.1f} s: " + ", ".join(str(p) for p in done.outputs))

    click.echo(f"watching {seeds} (every {interval:g} s); Ctrl-C stops", err=True)
    try:
        run_watch(seeds, out_dir, interval=interval, jobs=jobs, cache_dir=cache_dir, encoding=encoding, view=view,
                  report=report)
    except KeyboardInterrupt:
        click.echo("stopped", err=True)


FORMAT_CHOICE = click.Choice(["jsonl", "csv", "table"])


@main.command()
@click.argument("graph", type=click.Path(path_type=Path))
@click.option("--format", "fmt", type=FORMAT_CHOICE, default="jsonl", show_default=True)
@click.option("--unique", is_flag=True, help="One row per claim (default: one per claim and source document).")
def claims(graph: Path, fmt: str, unique: bool) -> None:
    """Print the claims of a built GRAPH: kind, claimant, target, charge, quote and offsets."""
    from kgraph.read.tables import CLAIM_COLUMNS, claim_rows, format_rows
    from kgraph.store import open_store

    click.echo(format_rows(claim_rows(open_store(graph), unique=unique), CLAIM_COLUMNS, fmt), nl=False)


@main.command()
@click.argument("graph", type=click.Path(path_type=Path))
@click.argument("name")
def explain(graph: Path, name: str) -> None:
    """Print every claim by or about NAME (an entity label, alias or IRI, or a claim id) with its quotes.

    Each quote comes with its document and character offsets, so it can be checked against the text.
    """
    from kgraph.read.explain import explain as explain_claims
    from kgraph.store import open_store

    click.echo(explain_claims(open_store(graph), name))


@main.command()
@click.argument("graph", type=click.Path(path_type=Path))
@click.option("--format", "fmt", type=FORMAT_CHOICE, default="jsonl", show_default=True)
def entities(graph: Path, fmt: str) -> None:
    """Print the entities of a built GRAPH: label, type, aliases, Wikidata id, documents."""
    from kgraph.read.tables import ENTITY_COLUMNS, entity_rows, format_rows
    from kgraph.store import open_store

    click.echo(format_rows(entity_rows(open_store(graph)), ENTITY_COLUMNS, fmt), nl=False)


@main.command()
@click.argument("arguments", nargs=-1, metavar="[GRAPH] [QUERY]")
@click.option("-f", "--file", "query_file", type=click.Path(path_type=Path, exists=True, dir_okay=False),
              help="Read the query from a .rq file.")
@click.option("-n", "--named", help="Run a query of the library by name (see --list).")
@click.option("--list", "list_named", is_flag=True, help="List the named queries and their parameters.")
@click.option("-p", "--param", "params", multiple=True, metavar="NAME=VALUE",
              help="Bind a parameter of the query (a `# param ?NAME` line) to VALUE, as a literal.")
@click.option("--endpoint", metavar="URL", help="Query a SPARQL endpoint (such as http://localhost:7878/query) "
              "instead of GRAPH; credentials come from KGRAPH_ENDPOINT_USER/_PASSWORD or _TOKEN.")
@click.option("--format", "fmt", type=click.Choice(["table", "csv", "tsv", "json"]), default="table",
              show_default=True, help="How SELECT results print (ASK prints true/false, CONSTRUCT/DESCRIBE Turtle).")
@click.option("--timeout", "time_limit", type=click.FloatRange(min=0, min_open=True), default=None,
              metavar="SECONDS", help="Stop the query after this many seconds (default: no limit; Ctrl-C stops it).")
def query(arguments: tuple[str, ...], query_file: Path | None, named: str | None, list_named: bool,
          params: tuple[str, ...], endpoint: str | None, fmt: str, time_limit: float | None) -> None:
    """Run a read-only SPARQL query over GRAPH (a graph file or a store folder) or an --endpoint.

    The query comes from QUERY, from -f FILE.rq, from --named NAME, or from standard input;
    kg:, kgr:, kgc:, oa:, prov:, dcterms:, skos:... are declared. Example:
    `kgraph query graphs/kgraph.trig --named about-actor --param actor=Hamas`.
    A name parameter that matches no label or alias prints the (empty) answer, a note on
    standard error naming the closest labels, and exits 0.
    """
    from kgraph.store import GraphStore, open_store, require_kgraph_graph
    from kgraph.store.endpoint import TIMEOUT_SECONDS, EndpointStore
    from kgraph.store.isolated import query_isolated
    from kgraph.store.query import (
        describe_library,
        format_answer,
        named_queries,
        named_query,
        run_query,
        unmatched_names,
    )

    if list_named:
        click.echo(describe_library(named_queries()), nl=False)
        return
    positional = ([None] if endpoint else []) + list(arguments)  # with --endpoint there is no GRAPH
    if len(positional) not in (1, 2) or positional[0] is None and not endpoint:
        raise click.UsageError("give GRAPH and an optional QUERY, or --endpoint URL and an optional QUERY")
    graph, query_text = positional[0], (positional[1] if len(positional) == 2 else None)
    text = read_query_text(query_text, query_file, named_query(named).text if named else None)
    values = parse_params(params)

    def answer(store: GraphStore) -> tuple[str, list[str]]:
        if named and not endpoint:  # a named query over another graph would print an empty table
            require_kgraph_graph(store)
        return format_answer(run_query(store, text, values), fmt), unmatched_names(store, text, values)

    if endpoint:
        printed, notes = answer(EndpointStore(endpoint, timeout=time_limit or TIMEOUT_SECONDS))
    else:  # in a child process that can open no connection, stopped by Ctrl-C or --timeout
        source = Path(str(graph))
        printed, notes = query_isolated(lambda: open_store(source), answer, time_limit)
    click.echo(printed, nl=False)
    for note in notes:  # exit 0: the empty table is the right answer
        click.echo(f"kgraph: note: {note}", err=True)


def read_query_text(argument: str | None, query_file: Path | None, named_text: str | None) -> str:
    """The one query given: as an argument, a file, a named query, or on standard input."""
    given = [text for text in (argument, named_text) if text is not None] + ([query_file] if query_file else [])
    if len(given) > 1:
        raise click.UsageError("give one query: QUERY, -f FILE.rq or --named NAME")
    if query_file:
        return utf8_text(query_file.read_bytes(), str(query_file))
    if given:
        return checked_text(str(given[0]), "the query")
    if sys.stdin.isatty():
        raise click.UsageError("give a query, -f FILE.rq, --named NAME, or a query on standard input")
    return utf8_text(sys.stdin.buffer.read(), "the query on standard input")


def utf8_text(data: bytes, what: str) -> str:
    """Bytes decoded as UTF-8, or a QueryError naming where the first invalid byte is."""
    from kgraph.errors import QueryError

    try:
        return data.decode("utf-8")
    except UnicodeDecodeError as error:
        raise QueryError(f"{what}: not valid UTF-8 (byte {error.start + 1} is 0x{data[error.start]:02x})") from None


def checked_text(text: str, what: str) -> str:
    """A command-line argument, or a QueryError if it held bytes that are not UTF-8 (Python keeps them as
    lone surrogates, which no engine accepts)."""
    return utf8_text(text.encode("utf-8", "surrogateescape"), what)


def parse_params(pairs: tuple[str, ...]) -> dict[str, str]:
    values = {}
    for pair in pairs:
        name, equals, value = checked_text(pair, "--param").partition("=")
        if not equals or not name:
            raise click.BadParameter(f"{pair!r}: write NAME=VALUE, such as actor=Hamas", param_hint="--param")
        values[name] = value
    return values


@main.command()
@click.argument("graph", type=click.Path(path_type=Path))
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


@main.command()
@click.argument("graph", type=click.Path(path_type=Path))
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


@main.command()
@click.argument("graph", type=click.Path(path_type=Path))
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


@main.command()
@click.argument("graph", type=click.Path(path_type=Path))
@click.option("--endpoint", required=True, metavar="URL",
              help="The server's Graph Store endpoint, e.g. http://localhost:7878/store or http://host:3030/ds/data.")
@click.option("--graph", "default_graph", metavar="IRI",
              help="Where triples in no named graph go (entities, documents); default: the server's default graph.")
def push(graph: Path, endpoint: str, default_graph: str | None) -> None:
    """Load GRAPH into a SPARQL 1.1 server, one named graph per document, replacing what was there.

    Credentials come from KGRAPH_ENDPOINT_USER and KGRAPH_ENDPOINT_PASSWORD, or KGRAPH_ENDPOINT_TOKEN.
    """
    from kgraph.store import open_store
    from kgraph.store.server.push import push as run_push

    click.echo(run_push(open_store(graph), endpoint, default_graph).summary())


@main.command()
@click.argument("graph", type=click.Path(path_type=Path))
@click.option("--host", default="127.0.0.1", show_default=True, help="Address to listen on.")
@click.option("--port", type=click.IntRange(1, 65535), default=7878, show_default=True)
@click.option("--timeout", type=click.IntRange(min=1), default=30, show_default=True,
              help="Seconds after which a query is stopped.")
def serve(graph: Path, host: str, port: int, timeout: int) -> None:
    """Serve GRAPH (a store folder or a graph file) as a read-only SPARQL endpoint, until Ctrl-C.

    Queries with SERVICE (fetching another endpoint) and updates are refused.
    """
    from kgraph.store.server.serve import serve as run_serve

    def announce(url: str) -> None:
        click.echo(f"SPARQL endpoint: {url} (read-only, queries stop after {timeout} s; "
                   f"a query page at {url.removesuffix('query')}); Ctrl-C stops it", err=True)

    status = run_serve(graph, host, port, timeout, announce)
    if status:
        sys.exit(status)


if __name__ == "__main__":
    main()
