"""Starting and stopping local SPARQL servers in tests: a free port, and waiting until one answers."""
from __future__ import annotations

import socket
import subprocess
import sys
import time
import urllib.error
import urllib.request
from pathlib import Path

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


def stop(process: subprocess.Popen) -> None:
    process.terminate()
    try:
        process.wait(timeout=10)
    except subprocess.TimeoutExpired:
        process.kill()
        process.wait()
