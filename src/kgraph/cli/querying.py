"""SPARQL over a graph, a store or an endpoint: `kgraph query`, `kgraph push`, `kgraph serve`."""
from __future__ import annotations

import sys
from pathlib import Path

import click

from kgraph.cli.options import GRAPH


@click.command()
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


@click.command()
@GRAPH
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


@click.command()
@GRAPH
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
