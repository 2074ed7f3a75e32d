"""Load test of `kgraph serve` on loopback: concurrent clients, each sending requests one after another on
keep-alive connections, counting answers, errors and connection resets, plus the limits of issue 14.

Usage: python bench/serve.py GRAPH [--clients 20] [--requests 2000] [--timeout 2] [--idle 500]

GRAPH is a graph file or store folder (graphs/kgraph.trig after `make graph`). The test, bounded in time:
1. --idle half-sent connections are opened and left (they must cost no thread each), then
2. --clients clients send --requests queries each (a small SELECT, alternated with an ASK), then
3. a COUNT and a streamed SELECT that run past --timeout must each end within --timeout + 2 s with an
   error (504, or a chunked answer cut off), and the server must still answer.
Prints one line per part and the ratios: answered / sent (must be 1.000) and resets (must be 0).
"""
from __future__ import annotations

import argparse
import http.client
import os
import signal
import socket
import subprocess
import sys
import time
import urllib.parse
from concurrent.futures import ThreadPoolExecutor
from pathlib import Path

QUERIES = ("SELECT ?s WHERE { ?s a kg:Accusation } LIMIT 5", "ASK { ?s ?p ?o }")
SLOW_COUNT = "SELECT (COUNT(*) AS ?n) WHERE { ?a ?b ?c . ?d ?e ?f . ?g ?h ?i }"
SLOW_STREAM = "SELECT * WHERE { ?a ?b ?c . ?d ?e ?f . ?g ?h ?i }"


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("graph", type=Path)
    parser.add_argument("--clients", type=int, default=20)
    parser.add_argument("--requests", type=int, default=2000, help="requests per client")
    parser.add_argument("--timeout", type=int, default=2, help="the server's --timeout, seconds")
    parser.add_argument("--idle", type=int, default=500, help="half-sent connections left open")
    args = parser.parse_args(argv)
    port = free_port()
    kgraph = str(Path(sys.executable).parent / "kgraph")
    server = subprocess.Popen([kgraph, "serve", str(args.graph), "--port", str(port), "--timeout", str(args.timeout)],
                              stderr=subprocess.DEVNULL, start_new_session=True)
    try:
        wait_for(port, server)
        idle = half_sent(port, args.idle)
        print(f"idle: {len(idle)} half-sent connections; server threads: {threads_of(server.pid)}")
        for connection in idle:
            connection.close()
        ok = load(port, args.clients, args.requests)
        limits(port, args.timeout)
        return 0 if ok else 1
    finally:
        os.killpg(server.pid, signal.SIGINT)
        try:
            server.wait(timeout=15)
        except subprocess.TimeoutExpired:
            os.killpg(server.pid, signal.SIGKILL)


def load(port: int, clients: int, requests: int) -> bool:
    """Every client sends its requests on one keep-alive connection, reconnecting only if the server closes it."""
    started = time.perf_counter()
    with ThreadPoolExecutor(clients) as pool:
        results = list(pool.map(lambda _: client(port, requests), range(clients)))
    seconds = time.perf_counter() - started
    answered = sum(result[0] for result in results)
    resets = sum(result[1] for result in results)
    other = sum(result[2] for result in results)
    sent = clients * requests
    print(f"load: {clients} clients x {requests} requests in {seconds:.1f} s ({sent / seconds:.0f} requests/s): "
          f"answered/sent {answered / sent:.3f}, resets {resets}, other errors {other}")
    return answered == sent and resets == 0


def client(port: int, requests: int) -> tuple[int, int, int]:
    answered = resets = other = 0
    connection = http.client.HTTPConnection("127.0.0.1", port, timeout=30)
    for number in range(requests):
        try:
            status, _ = ask(connection, QUERIES[number % 2])
            answered += status == 200
            other += status != 200
        except ConnectionResetError:
            resets += 1
            connection = http.client.HTTPConnection("127.0.0.1", port, timeout=30)
        except (OSError, http.client.HTTPException):
            other += 1
            connection = http.client.HTTPConnection("127.0.0.1", port, timeout=30)
    connection.close()
    return answered, resets, other


def ask(connection: http.client.HTTPConnection, query: str, accept: str = "text/csv") -> tuple[int, bytes]:
    connection.request("POST", "/query", body=urllib.parse.urlencode({"query": query}).encode(),
                       headers={"Content-Type": "application/x-www-form-urlencoded", "Accept": accept})
    reply = connection.getresponse()
    return reply.status, reply.read()


def limits(port: int, timeout: int) -> None:
    """A COUNT and a streamed SELECT past the time limit: how long each took and how it ended."""
    for name, query in (("count", SLOW_COUNT), ("stream", SLOW_STREAM)):
        started = time.perf_counter()
        try:
            status, body = ask(http.client.HTTPConnection("127.0.0.1", port, timeout=60), query)
            ending = f"HTTP {status}: {body[:60]!r}"
        except http.client.IncompleteRead as cut:
            ending = f"answer cut off after {len(cut.partial)} bytes (the client sees an error)"
        seconds = time.perf_counter() - started
        print(f"limit {name}: ended in {seconds:.1f} s (bound {timeout + 2} s, ratio "
              f"{seconds / (timeout + 2):.2f}); {ending}")
    status, _ = ask(http.client.HTTPConnection("127.0.0.1", port, timeout=30), QUERIES[1])
    print(f"after the limits: HTTP {status}")


def half_sent(port: int, count: int) -> list[socket.socket]:
    opened = []
    for _ in range(count):
        connection = socket.create_connection(("127.0.0.1", port))
        connection.sendall(b"POST /query HTTP/1.1\r\nHost: x\r\n")
        opened.append(connection)
    time.sleep(1)
    return opened


def threads_of(pid: int) -> int:
    status = Path(f"/proc/{pid}/status").read_text()
    return int(next(line.split()[1] for line in status.splitlines() if line.startswith("Threads:")))


def wait_for(port: int, server: subprocess.Popen, seconds: float = 120) -> None:
    deadline = time.monotonic() + seconds
    while time.monotonic() < deadline:
        if server.poll() is not None:
            raise SystemExit(f"kgraph serve exited with status {server.returncode}")
        try:
            ask(http.client.HTTPConnection("127.0.0.1", port, timeout=5), QUERIES[1])
            return
        except OSError:
            time.sleep(0.2)
    raise SystemExit(f"kgraph serve did not answer within {seconds:.0f} s")


def free_port() -> int:
    with socket.socket() as probe:
        probe.bind(("127.0.0.1", 0))
        return int(probe.getsockname()[1])


if __name__ == "__main__":
    sys.exit(main())
