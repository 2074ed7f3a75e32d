"""A read-only SPARQL endpoint on this machine: the Oxigraph server (PyPI package `oxigraph`) over a
store folder. A graph file is first loaded into a temporary store, deleted when the server stops."""
from __future__ import annotations

import shutil
import socket
import subprocess
import sys
import tempfile
from collections.abc import Callable, Iterator
from contextlib import contextmanager
from pathlib import Path

from .errors import StoreError
from .store import is_store_folder, save_store

DEFAULT_HOST = "127.0.0.1"
DEFAULT_PORT = 7878
DEFAULT_TIMEOUT_SECONDS = 30


def serve_command(location: Path, host: str, port: int, timeout: int) -> list[str]:
    """The Oxigraph server command line: read-only, bounded query time (the store's default graph is the merge)."""
    return [oxigraph_binary(), "serve-read-only", "--location", str(location), "--bind", bind_address(host, port),
            "--timeout-s", str(timeout)]


def serve(source: Path, host: str = DEFAULT_HOST, port: int = DEFAULT_PORT,
          timeout: int = DEFAULT_TIMEOUT_SECONDS, announce: Callable[[str], None] = print) -> int:
    """Serve `source` (a store folder or a graph file) until interrupted; returns the server's exit status.

    `announce` receives the query endpoint's URL once the store is ready and the server starts.
    """
    check_port_free(host, port)
    command = serve_command(Path("."), host, port, timeout)  # finds the binary before any loading
    with store_folder(source) as location:
        command[command.index("--location") + 1] = str(location)
        announce(f"http://{bind_address(host, port)}/query")
        process = subprocess.Popen(command)
        try:
            return process.wait()
        except KeyboardInterrupt:
            process.terminate()
            process.wait()
            return 0


@contextmanager
def store_folder(source: Path) -> Iterator[Path]:
    """The store folder itself, or a temporary store holding a graph file's triples."""
    if is_store_folder(source):
        yield source
        return
    scratch = Path(tempfile.mkdtemp(prefix="kgraph-serve-"))
    try:
        save_store(source, scratch / "store")
        yield scratch / "store"
    finally:
        shutil.rmtree(scratch, ignore_errors=True)


def oxigraph_binary() -> str:
    """The `oxigraph` server next to this Python (installed into the venv by pip), or on PATH."""
    beside = Path(sys.executable).parent / "oxigraph"
    found = str(beside) if beside.is_file() else shutil.which("oxigraph")
    if not found:
        raise StoreError("the Oxigraph server is not installed: run `pip install oxigraph` "
                         "(`make install` does) and try again")
    return found


def bind_address(host: str, port: int) -> str:
    return f"[{host}]:{port}" if ":" in host else f"{host}:{port}"


def check_port_free(host: str, port: int) -> None:
    """StoreError now, rather than a server that dies on start, when the port is taken."""
    family = socket.AF_INET6 if ":" in host else socket.AF_INET
    with socket.socket(family, socket.SOCK_STREAM) as probe:
        probe.setsockopt(socket.SOL_SOCKET, socket.SO_REUSEADDR, 1)  # as the server does: TIME_WAIT is no conflict
        try:
            probe.bind((host, port))
        except OSError as error:
            raise StoreError(f"cannot listen on {bind_address(host, port)}: {error.strerror}; "
                             f"choose another --port or --host") from None
