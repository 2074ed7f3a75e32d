"""The `kgraph` command: thin click commands over the library functions, one module per stage
(building.py, reading.py, querying.py), gathered here under one group."""
from __future__ import annotations

import sys

import click

from kgraph import __version__
from kgraph.cli import building, querying, reading
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


for command in (building.build, building.watch, reading.claims, reading.entities, reading.explain, reading.analyse,
                reading.view, reading.export, querying.query, querying.push, querying.serve):
    main.add_command(command)
