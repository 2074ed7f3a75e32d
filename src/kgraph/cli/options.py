"""Arguments and options several commands share, defined once."""
from __future__ import annotations

from pathlib import Path

import click

GRAPH = click.argument("graph", type=click.Path(path_type=Path))  # a graph file or a store folder
FORMAT_CHOICE = click.Choice(["jsonl", "csv", "table"])
