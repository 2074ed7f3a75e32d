"""A read-only SPARQL endpoint on this machine: the Oxigraph server (PyPI package `oxigraph`) over a store
folder, on 127.0.0.1 behind kgraph's front (front.py), which refuses SERVICE and updates. The Oxigraph
server runs where it can open no connection (sandbox.py), and is started again if it stops by itself (a
query can make it abort: docs/serve.md); the front stays up meanwhile. A graph file is first loaded into
a temporary store, deleted when the server stops."""
from __future__ import annotations

import os
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
from kgraph.store import is_store_folder, sandbox, save_store
from kgraph.store.server.front import front_server

DEFAULT_HOST = "127.0.0.1"
DEFAULT_PORT = 7878
DEFAULT_TIMEOUT_SECONDS = 30
BACKEND_HOST = "127.0.0.1"
START_SECONDS = 60.0
BACKSTOP_SECONDS = 5  # the Oxigraph server's own time limit comes after the front's, which answers first
RESTARTS = 10  # the Oxigraph server stopping this often ...
RESTART_WINDOW_SECONDS = 60.0  # ... within this time is not a query that crashes it: `serve` gives up


def serve_command(location: Path, host: str, port: int, timeout: int) -> list[str]:
    """The Oxigraph server command line: read-only, unable to connect anywhere, with a backstop time limit (the
    store's default graph is the merge)."""
    sandboxed = [sys.executable, "-m", "kgraph.store.sandbox"] if sandbox.supported() else []
    return sandboxed + [oxigraph_binary(), "serve-read-only", "--location", str(location),
                        "--bind", bind_address(host, port), "--timeout-s", str(timeout + BACKSTOP_SECONDS)]


def serve(source: Path, host: str = DEFAULT_HOST, port: int = DEFAULT_PORT,
          timeout: int = DEFAULT_TIMEOUT_SECONDS, announce: Callable[[str], None] = print) -> int:
    """Serve `source` (a store folder or a graph file) until interrupted; returns 0, or the Oxigraph server's
    exit status if it keeps stopping by itself.

    `announce` receives the query endpoint's URL once the endpoint answers.
    """
    check_port_free(host, port)
    oxigraph_binary()  # found before any loading
    with stopped_by_sigterm(), store_folder(source) as location:
        backend = Backend(location, timeout)
        backend.start()
        try:
            front = listening_front(host, port, backend, timeout)
        except BaseException:
            backend.stop()
            raise
        announce(f"http://{bind_address(host, port)}/query")
        return run_until_stopped(front, backend)


class Backend:
    """The Oxigraph server behind the front: its process and the port it listens on, both replaced on restart."""

    def __init__(self, location: Path, timeout: int) -> None:
        self.location = location
        self.timeout = timeout
        self.address = (BACKEND_HOST, 0)
        self.process: subprocess.Popen[bytes] | None = None

    def start(self) -> None:
        port = free_port(BACKEND_HOST)
        process = subprocess.Popen(serve_command(self.location, BACKEND_HOST, port, self.timeout),
                                   stderr=subprocess.PIPE, process_group=0,  # Ctrl-C reaches kgraph, which stops it
                                   env=os.environ | {"RUST_BACKTRACE": "0"})  # a panic in two lines, not forty
        threading.Thread(target=relay_messages, args=(process,), daemon=True).start()
        self.process = process
        try:
            wait_until_listening(BACKEND_HOST, port, process)
        except BaseException:
            stop(process)
            raise
        self.address = (BACKEND_HOST, port)

    def wait(self) -> int:
        assert self.process is not None
        return self.process.wait()

    def stop(self) -> None:
        if self.process is not None:
            stop(self.process)


def listening_front(host: str, port: int, backend: Backend, timeout: int) -> ThreadingHTTPServer:
    try:
        return front_server(host, port, lambda: backend.address, float(timeout))
    except OSError as error:
        raise StoreError(f"cannot listen on {bind_address(host, port)}: {error.strerror}; "
                         f"choose another --port or --host") from None


def run_until_stopped(front: ThreadingHTTPServer, backend: Backend) -> int:
    """Serve until Ctrl-C or SIGTERM (0); the Oxigraph server is started again when it stops by itself, unless
    it stops too often (its exit status)."""
    thread = threading.Thread(target=front.serve_forever, name="kgraph-serve-front", daemon=True)
    thread.start()
    stops: list[float] = []
    try:
        while True:
            status = backend.wait()
            stops = [moment for moment in stops if moment > time.monotonic() - RESTART_WINDOW_SECONDS]
            stops.append(time.monotonic())
            if len(stops) > RESTARTS:
                print(f"kgraph serve: the Oxigraph server stopped {len(stops)} times within "
                      f"{RESTART_WINDOW_SECONDS:.0f} s; giving up", file=sys.stderr)
                return status
            print(f"kgraph serve: the Oxigraph server stopped ({how_it_ended(status)}); starting it again",
                  file=sys.stderr)
            backend.start()
    except KeyboardInterrupt:
        return 0
    finally:
        front.shutdown()
        front.server_close()
        backend.stop()


def how_it_ended(status: int) -> str:
    return f"signal {signal.Signals(-status).name}" if status < 0 else f"exit status {status}"


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
