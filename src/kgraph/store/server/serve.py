"""A read-only SPARQL endpoint on this machine: the Oxigraph server (PyPI package `oxigraph`) over a store
folder, on 127.0.0.1 behind kgraph's front (front.py), which refuses SERVICE and updates. A graph file is
first loaded into a temporary store, deleted when the server stops."""
from __future__ import annotations

import shutil
import signal
import socket
import subprocess
import sys
import tempfile
import threading
import time
from collections.abc import Callable, Iterator
from contextlib import contextmanager
from http.server import ThreadingHTTPServer
from pathlib import Path
from types import FrameType

from kgraph.errors import StoreError
from kgraph.store import is_store_folder, save_store
from kgraph.store.server.front import front_server

DEFAULT_HOST = "127.0.0.1"
DEFAULT_PORT = 7878
DEFAULT_TIMEOUT_SECONDS = 30
BACKEND_HOST = "127.0.0.1"
START_SECONDS = 60.0


def serve_command(location: Path, host: str, port: int, timeout: int) -> list[str]:
    """The Oxigraph server command line: read-only, bounded query time (the store's default graph is the merge)."""
    return [oxigraph_binary(), "serve-read-only", "--location", str(location), "--bind", bind_address(host, port),
            "--timeout-s", str(timeout)]


def serve(source: Path, host: str = DEFAULT_HOST, port: int = DEFAULT_PORT,
          timeout: int = DEFAULT_TIMEOUT_SECONDS, announce: Callable[[str], None] = print) -> int:
    """Serve `source` (a store folder or a graph file) until interrupted; returns 0, or the Oxigraph server's
    exit status if it stopped by itself.

    `announce` receives the query endpoint's URL once the endpoint answers.
    """
    check_port_free(host, port)
    oxigraph_binary()  # found before any loading
    with stopped_by_sigterm(), store_folder(source) as location:
        backend_port = free_port(BACKEND_HOST)
        process = subprocess.Popen(serve_command(location, BACKEND_HOST, backend_port, timeout),
                                   stderr=subprocess.PIPE, process_group=0)  # Ctrl-C reaches kgraph, which stops it
        threading.Thread(target=relay_messages, args=(process,), daemon=True).start()
        try:
            wait_until_listening(BACKEND_HOST, backend_port, process)
            front = listening_front(host, port, backend_port, timeout)
        except BaseException:
            stop(process)
            raise
        announce(f"http://{bind_address(host, port)}/query")
        return run_until_stopped(front, process)


def listening_front(host: str, port: int, backend_port: int, timeout: int) -> ThreadingHTTPServer:
    try:  # the backend's own timeout answers first; this one only catches a server that hangs
        return front_server(host, port, (BACKEND_HOST, backend_port), timeout + 10.0)
    except OSError as error:
        raise StoreError(f"cannot listen on {bind_address(host, port)}: {error.strerror}; "
                         f"choose another --port or --host") from None


def run_until_stopped(front: ThreadingHTTPServer, process: subprocess.Popen[bytes]) -> int:
    """Serve until Ctrl-C or SIGTERM (0), or until the Oxigraph server exits by itself (its status)."""
    thread = threading.Thread(target=front.serve_forever, name="kgraph-serve-front", daemon=True)
    thread.start()
    try:
        return process.wait()
    except KeyboardInterrupt:
        return 0
    finally:
        front.shutdown()
        front.server_close()
        stop(process)


@contextmanager
def stopped_by_sigterm() -> Iterator[None]:
    """SIGTERM and SIGHUP interrupt the main thread as Ctrl-C does, so both servers stop cleanly."""
    if threading.current_thread() is not threading.main_thread():
        yield
        return

    def interrupt(number: int, frame: FrameType | None) -> None:
        raise KeyboardInterrupt

    previous = {number: signal.signal(number, interrupt) for number in (signal.SIGTERM, signal.SIGHUP)}
    try:
        yield
    finally:
        for number, handler in previous.items():
            signal.signal(number, handler)


def relay_messages(process: subprocess.Popen[bytes]) -> None:
    """The Oxigraph server's messages on our stderr, except where it listens: clients use the front's address."""
    assert process.stderr is not None
    for line in process.stderr:
        if not line.startswith(b"Listening for requests at"):
            sys.stderr.buffer.write(line)
            sys.stderr.flush()


def wait_until_listening(host: str, port: int, process: subprocess.Popen[bytes],
                         seconds: float = START_SECONDS) -> None:
    """Return once the Oxigraph server accepts connections; StoreError if it exits or time runs out."""
    deadline = time.monotonic() + seconds
    while time.monotonic() < deadline:
        if process.poll() is not None:
            raise StoreError(f"the Oxigraph server exited with status {process.returncode} before it started")
        try:
            socket.create_connection((host, port), timeout=1).close()
            return
        except OSError:
            time.sleep(0.05)
    raise StoreError(f"the Oxigraph server did not start within {seconds:.0f} s")


def stop(process: subprocess.Popen[bytes]) -> None:
    """Terminate the Oxigraph server and wait for it; killed if it does not stop within ten seconds."""
    if process.poll() is None:
        process.terminate()
    try:
        process.wait(timeout=10)
    except subprocess.TimeoutExpired:
        process.kill()
        process.wait()


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


def free_port(host: str) -> int:
    """A port nothing listens on now (the OS picks it)."""
    with socket.socket(socket.AF_INET, socket.SOCK_STREAM) as probe:
        probe.bind((host, 0))
        return int(probe.getsockname()[1])


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
