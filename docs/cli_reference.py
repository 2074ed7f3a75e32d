"""Write docs/cli.md from the commands' own --help, so the reference cannot drift from the code.

Run `.venv/bin/python docs/cli_reference.py` after changing a command; tests/docs/test_cli_reference.py
fails while docs/cli.md differs from what this prints.
"""
from __future__ import annotations

import sys
from pathlib import Path

import click

from kgraph.cli import main

TARGET = Path(__file__).parent / "cli.md"
WIDTH = 100


def help_text(command: click.Command, name: str, parent: click.Context | None = None) -> str:
    """The --help page of a command as the terminal shows it, at a fixed width."""
    settings = {} if parent is not None else command.context_settings  # subcommands inherit them
    context = click.Context(command, info_name=name, parent=parent, terminal_width=WIDTH, max_content_width=WIDTH,
                            **settings)
    return command.get_help(context)


def reference() -> str:
    """docs/cli.md: the group's help, then each command's, in the order `kgraph --help` lists them."""
    root = click.Context(main, info_name="kgraph", terminal_width=WIDTH, max_content_width=WIDTH,
                         **main.context_settings)
    parts = ["# Command-line reference", "",
             "Generated from `kgraph --help` and each command's `--help` by `docs/cli_reference.py`;",
             "do not edit by hand.", "", "## kgraph", "", "```", help_text(main, "kgraph"), "```"]
    for name in main.list_commands(root):
        command = main.get_command(root, name)
        assert command is not None
        parts += ["", f"## kgraph {name}", "", "```", help_text(command, name, root), "```"]
    return "\n".join(parts) + "\n"


if __name__ == "__main__":
    TARGET.write_text(reference(), encoding="utf-8")
    sys.stdout.write(f"wrote {TARGET}\n")
