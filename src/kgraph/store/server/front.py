"""The HTTP front of `kgraph serve`: the SPARQL 1.1 Protocol query operation, checked here and answered by
the Oxigraph server behind it on 127.0.0.1, which runs where it can open no connection (sandbox.py), so
SERVICE fetches nothing even when a query gets past the check made here for a clear refusal.

The front bounds what a client costs: a pool of threads (a connection waits in the queue, not in a
thread of its own), a few seconds to send a request, and the query time limit: at the limit a query
not yet answered gets 504, and an answer being streamed is cut off without the end of its chunked
body, which every HTTP client reports as an error rather than a short result. The front also serves
its own query page at /, which fetches nothing but this endpoint."""
from __future__ import annotations

import http.client
import socket
import time
import urllib.parse
from collections.abc import Callable
from concurrent.futures import ThreadPoolExecutor
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer
from importlib.resources import files

from kgraph.store.endpoint import with_prefixes
from kgraph.store.query import FORMS, query_form
from kgraph.store.sparql import calls_service

QUERY_TYPE = "application/sparql-query"
FORM_TYPE = "application/x-www-form-urlencoded"
UPDATE_TYPE = "application/sparql-update"
PASSED_RESPONSE_HEADERS = ("Content-Type", "Content-Length", "Content-Disposition")
CHUNK_BYTES = 64 * 1024
MAX_BODY_BYTES = 10 * 1024 * 1024  # a query, not a data upload
READ_ONLY = "this SPARQL endpoint is read-only: updates are refused; change the graph by rebuilding it"
THREADS = 128  # requests handled at once; more connections wait in the queue, costing no thread
BACKLOG = 128  # connections the kernel holds before accepting (Python's default of 5 resets at 20 clients)
REQUEST_SECONDS = 5.0  # for a client to send its request, or to take each part of the answer
PAGE_POLICY = ("default-src 'none'; script-src 'unsafe-inline'; style-src 'unsafe-inline'; connect-src 'self'; "
               "form-action 'none'; base-uri 'none'")  # the browser may fetch this endpoint and nothing else


class Refused(Exception):
    """A request the front answers itself: an HTTP status and a plain-text reason."""

    def __init__(self, status: int, reason: str) -> None:
        super().__init__(reason)
        self.status = status
        self.reason = reason


def query_refusal(text: str) -> str | None:
    """Why a query may not run on the served endpoint (not a query, or SERVICE), or None if it may."""
    form = query_form(text)
    if form not in FORMS:
        return f"not a SPARQL query: expected SELECT, ASK, CONSTRUCT or DESCRIBE, found {form or 'nothing'}"
    if calls_service(text):  # the same check as `kgraph query`
        return "this endpoint reads only its own graph: SERVICE (querying another endpoint) is refused"
    return None


def front_server(host: str, port: int, backend: Callable[[], tuple[str, int]],
                 query_seconds: float) -> ThreadingHTTPServer:
    """A server bound to host:port (not yet serving) that checks each request and forwards it to the address
    `backend` gives (it changes when the Oxigraph server is restarted), answering within `query_seconds`."""
    handler = type("Front", (FrontHandler,), {"backend": staticmethod(backend), "query_seconds": query_seconds})
    return (IPv6Server if ":" in host else PooledServer)((host, port), handler)


class PooledServer(ThreadingHTTPServer):
    """A threading server with a bounded pool of threads and a listen backlog for many clients."""

    request_queue_size = BACKLOG

    def server_activate(self) -> None:
        self.pool = ThreadPoolExecutor(THREADS, thread_name_prefix="kgraph-serve")
        super().server_activate()

    def process_request(self, request, client_address) -> None:
        self.pool.submit(self.process_request_thread, request, client_address)

    def server_close(self) -> None:
        super().server_close()
        if hasattr(self, "pool"):
            self.pool.shutdown(wait=False, cancel_futures=True)


class IPv6Server(PooledServer):
    address_family = socket.AF_INET6


class FrontHandler(BaseHTTPRequestHandler):
    """GET and POST of queries, checked; other GETs (the query page at /, graph reads) passed on as they are."""

    backend: Callable[[], tuple[str, int]]
    query_seconds: float
    timeout = REQUEST_SECONDS  # seconds a silent client may hold a connection (and a thread of the pool)
    server_version = "kgraph-serve"
    protocol_version = "HTTP/1.1"  # chunked answers: a cut-off one is an error to the client, not a short result
    error_content_type = "text/plain; charset=utf-8"  # not Python's HTML page
    error_message_format = "%(code)d %(message)s\n"

    def do_GET(self) -> None:
        path, pairs = split_target(self.path)
        try:
            if is_update_path(path):
                raise Refused(403, READ_ONLY)
            if path == "/" and not pairs:
                self.send_page()
                return
            pairs = checked_parameters(pairs)
        except Refused as refusal:
            self.refuse(refusal)
            return
        self.forward("GET", with_parameters(path, pairs), None, None)

    def do_PUT(self) -> None:
        self.refuse(Refused(405, READ_ONLY))

    do_DELETE = do_PATCH = do_PUT

    def send_page(self) -> None:
        page = (files("kgraph.store.server") / "page.html").read_bytes()
        self.send_response(200)
        self.send_header("Content-Type", "text/html; charset=utf-8")
        self.send_header("Content-Security-Policy", PAGE_POLICY)
        self.send_header("Content-Length", str(len(page)))
        self.end_headers()
        self.wfile.write(page)

    def do_POST(self) -> None:
        path, pairs = split_target(self.path)
        try:
            content_type = media_type(self.headers.get("Content-Type", ""))
            if is_update_path(path) or content_type == UPDATE_TYPE:
                raise Refused(403, READ_ONLY)
            if path != "/query":
                raise Refused(403, f"{READ_ONLY}; POST queries to /query")
            pairs = checked_parameters(pairs)
            body = checked_body(content_type, self.posted_body())
        except Refused as refusal:
            self.refuse(refusal)
            return
        self.forward("POST", with_parameters(path, pairs), body, content_type)

    def posted_body(self) -> bytes:
        """The request body as sent (identity encoding, with a length), or Refused."""
        if self.headers.get("Content-Encoding", "identity").strip().lower() != "identity":
            raise Refused(415, "send the query uncompressed (no Content-Encoding)")
        length = self.headers.get("Content-Length")
        if length is None or not length.strip().isdigit():
            raise Refused(411, "send the query with a Content-Length")
        if int(length) > MAX_BODY_BYTES:
            raise Refused(413, f"a query of more than {MAX_BODY_BYTES} bytes is refused")
        return self.rfile.read(int(length))

    def forward(self, method: str, target: str, body: bytes | None, content_type: str | None) -> None:
        """Ask the Oxigraph server and stream its status, type and body back, within the query time limit."""
        deadline = time.monotonic() + self.query_seconds
        headers = {"Accept": self.headers["Accept"]} if self.headers["Accept"] else {}
        if content_type:
            headers["Content-Type"] = content_type
        connection = http.client.HTTPConnection(*self.backend(), timeout=self.query_seconds)
        try:
            try:
                connection.request(method, target, body=body, headers=headers)
                reply = connection.getresponse()
            except TimeoutError:
                self.refuse(Refused(504, f"the query ran past the time limit of {self.query_seconds:g} s "
                                         f"and was stopped"))
                return
            except (OSError, http.client.HTTPException):
                self.refuse(Refused(502, "the Oxigraph server behind this endpoint did not answer; if it stopped "
                                         "on this query, it is being restarted (see Known engine issues in "
                                         "docs/serve.md)"))
                return
            self.stream(reply, connection, deadline)
        except (OSError, http.client.HTTPException):  # the client went away, or the server stopped mid-answer
            self.close_connection = True
        finally:
            connection.close()

    def stream(self, reply: http.client.HTTPResponse, connection: http.client.HTTPConnection,
               deadline: float) -> None:
        """Pass the answer on as chunks; the closing chunk is sent only when the server's answer ended whole."""
        self.send_response(reply.status, reply.reason)
        for name in PASSED_RESPONSE_HEADERS:
            if name != "Content-Length" and reply.getheader(name) is not None:
                self.send_header(name, reply.getheader(name, ""))
        chunked = self.request_version != "HTTP/1.0"  # an HTTP/1.0 client reads to the end of the connection
        if chunked:
            self.send_header("Transfer-Encoding", "chunked")
        else:
            self.close_connection = True
        self.end_headers()
        while True:
            remaining = deadline - time.monotonic()
            if remaining <= 0:
                raise TimeoutError("the answer ran past the query time limit")
            assert connection.sock is not None
            connection.sock.settimeout(remaining)
            chunk = reply.read1(CHUNK_BYTES)
            if not chunk:
                break
            self.wfile.write(b"%x\r\n%s\r\n" % (len(chunk), chunk) if chunked else chunk)
        if chunked:
            self.wfile.write(b"0\r\n\r\n")

    def refuse(self, refusal: Refused) -> None:
        body = (refusal.reason + "\n").encode("utf-8")
        self.send_response(refusal.status)
        if refusal.status == 405:
            self.send_header("Allow", "GET, POST")
        self.send_header("Connection", "close")  # a body not read must not be taken for the next request
        self.close_connection = True
        self.send_header("Content-Type", "text/plain; charset=utf-8")
        self.send_header("Content-Length", str(len(body)))
        self.end_headers()
        self.wfile.write(body)

    def log_request(self, code: int | str = "-", size: int | str = "-") -> None:
        if str(code).isdigit() and int(code) >= 400:  # refusals and failures only; answers are not news
            super().log_request(code, size)


def checked_body(content_type: str, body: bytes) -> bytes:
    """The POST body to forward: exactly the query text that was checked (kgraph's prefixes declared), or Refused."""
    try:
        text = body.decode("utf-8")
    except UnicodeDecodeError:
        raise Refused(400, "the query is not valid UTF-8") from None
    if content_type == QUERY_TYPE:
        return checked_query(text).encode("utf-8")
    if content_type == FORM_TYPE:
        pairs = checked_parameters(urllib.parse.parse_qsl(text, keep_blank_values=True))
        return urllib.parse.urlencode(pairs).encode("ascii")  # re-encoded: the server reads what was checked
    raise Refused(415, f"send the query as {QUERY_TYPE} or {FORM_TYPE} (query=...), not {content_type or 'no type'}")


def checked_parameters(pairs: list[tuple[str, str]]) -> list[tuple[str, str]]:
    """The parameters to forward, each `query` checked and given kgraph's prefixes; Refused for an `update`
    parameter or a query that may not run."""
    checked = []
    for name, value in pairs:
        if name == "update":
            raise Refused(403, READ_ONLY)
        checked.append((name, checked_query(value) if name == "query" else value))
    return checked


def checked_query(text: str) -> str:
    """The query with kgraph's prefixes declared (as `kgraph query` declares them), or Refused."""
    reason = query_refusal(text)
    if reason:
        raise Refused(400, reason)
    return with_prefixes(text)


def split_target(target: str) -> tuple[str, list[tuple[str, str]]]:
    """The path and the decoded parameters of a request target."""
    parts = urllib.parse.urlsplit(target)
    return parts.path or "/", urllib.parse.parse_qsl(parts.query, keep_blank_values=True)


def with_parameters(path: str, pairs: list[tuple[str, str]]) -> str:
    """The target re-encoded from the decoded parameters, so the server reads what was checked."""
    return f"{path}?{urllib.parse.urlencode(pairs)}" if pairs else path


def is_update_path(path: str) -> bool:
    return "update" in urllib.parse.unquote(path).lower().strip("/").split("/")


def media_type(content_type: str) -> str:
    return content_type.split(";", 1)[0].strip().lower()
