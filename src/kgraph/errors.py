"""Errors a user can act on. The CLI prints their message in one line and exits non-zero."""
from __future__ import annotations


class KGraphError(Exception):
    """Base of every error kgraph reports to a user (a traceback is for bugs only)."""

    exit_code = 1


class InputError(KGraphError):
    """An input file or folder that cannot be read as an article or a graph."""

    exit_code = 2


class QueryError(KGraphError):
    """A SPARQL query that cannot run: syntax, unknown prefix, or an update."""

    exit_code = 3


class StoreError(KGraphError):
    """A graph store or SPARQL endpoint that cannot be reached or written."""

    exit_code = 4


class ValidationError(KGraphError):
    """A built graph that does not conform to the SHACL shapes."""

    exit_code = 5


class OutputError(KGraphError):
    """An output file or folder that cannot be written: no permission, a full disk. What was there stays."""

    exit_code = 6


class ClusterError(StoreError):
    """A Dask cluster that cannot be reached, or whose workers died on the same articles each time."""
