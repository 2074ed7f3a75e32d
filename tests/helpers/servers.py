"""Starting and stopping local SPARQL servers in tests: a free port, and waiting until one answers."""
from __future__ import annotations

import os
import signal
import socket
import subprocess
import sys
import threading
import time
import urllib.error
import urllib.request
from collections.abc import Iterator
from contextlib import contextmanager
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer
from pathlib import Path

from kgraph.store.server.serve import stop  # noqa: F401  (tests stop servers the way `kgraph serve` does)

OXIGRAPH = str(Path(sys.executable).parent / "oxigraph")
KGRAPH = str(Path(sys.executable).parent / "kgraph")


def free_port() -> int:
    """A port nothing listens on now (the OS picks it)."""
    with socket.socket(socket.AF_INET, socket.SOCK_STREAM) as probe:
        probe.bind(("127.0.0.1", 0))
        return probe.getsockname()[1]


def wait_until_answering(url: str, process: subprocess.Popen, seconds: float = 30.0) -> None:
    """Return once `url` answers an ASK query; fail if the process dies or time runs out."""
    request = urllib.request.Request(url, data=b"query=ASK%7B%7D", method="POST",
                                     headers={"Content-Type": "application/x-www-form-urlencoded"})
    deadline = time.monotonic() + seconds
    while time.monotonic() < deadline:
        if process.poll() is not None:
            raise RuntimeError(f"the server exited with status {process.returncode} before answering")
        try:
            with urllib.request.urlopen(request, timeout=2):
                return
        except (urllib.error.URLError, ConnectionError, TimeoutError):
            time.sleep(0.1)
    raise RuntimeError(f"{url} did not answer within {seconds} s")


def stop_group(process: subprocess.Popen) -> None:
    """Stop a server started in a session of its own as Ctrl-C would, then for good if it hangs."""
    os.killpg(process.pid, signal.SIGINT)
    try:
        process.wait(timeout=15)
    except subprocess.TimeoutExpired:
        os.killpg(process.pid, signal.SIGKILL)
        process.wait()


@contextmanager
def http_server(handler: type[BaseHTTPRequestHandler], path: str = "") -> Iterator[str]:
    """A test HTTP server on a free port of 127.0.0.1, in a thread; yields its URL."""
    server = ThreadingHTTPServer(("127.0.0.1", 0), handler)
    thread = threading.Thread(target=server.serve_forever, daemon=True)
    thread.start()
    try:
        yield f"http://127.0.0.1:{server.server_address[1]}{path}"
    finally:
        server.shutdown()
        server.server_close()
