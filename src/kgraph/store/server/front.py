"""The HTTP front of `kgraph serve`: the SPARQL 1.1 Protocol query operation, checked here and answered by
the Oxigraph server behind it on 127.0.0.1. That server evaluates SERVICE (it would fetch any URL a client
names) and has no switch to refuse it, so every query first passes the check `kgraph query` makes."""
from __future__ import annotations

import http.client
import socket
import urllib.parse
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer

from kgraph.store.query import FORMS, query_form
from kgraph.store.sparql import calls_service

QUERY_TYPE = "application/sparql-query"
FORM_TYPE = "application/x-www-form-urlencoded"
UPDATE_TYPE = "application/sparql-update"
PASSED_RESPONSE_HEADERS = ("Content-Type", "Content-Length", "Content-Disposition")
CHUNK_BYTES = 64 * 1024
MAX_BODY_BYTES = 10 * 1024 * 1024  # a query, not a data upload
READ_ONLY = "this SPARQL endpoint is read-only: updates are refused; change the graph by rebuilding it"


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


def front_server(host: str, port: int, backend: tuple[str, int], backend_timeout: float) -> ThreadingHTTPServer:
    """A server bound to host:port (not yet serving) that checks each request and forwards it to `backend`."""
    handler = type("Front", (FrontHandler,), {"backend": backend, "backend_timeout": backend_timeout})
    return (IPv6Server if ":" in host else ThreadingHTTPServer)((host, port), handler)


class IPv6Server(ThreadingHTTPServer):
    address_family = socket.AF_INET6


class FrontHandler(BaseHTTPRequestHandler):
    """GET and POST of queries, checked; other GETs (the query page at /, graph reads) passed on as they are."""

    backend: tuple[str, int]
    backend_timeout: float
    timeout = 300  # seconds a silent client may hold a connection
    server_version = "kgraph-serve"

    def do_GET(self) -> None:
        path, pairs = split_target(self.path)
        try:
            if is_update_path(path):
                raise Refused(403, READ_ONLY)
            check_parameters(pairs)
        except Refused as refusal:
            self.refuse(refusal)
            return
        self.forward("GET", with_parameters(path, pairs), None, None)

    def do_POST(self) -> None:
        path, pairs = split_target(self.path)
        try:
            content_type = media_type(self.headers.get("Content-Type", ""))
            if is_update_path(path) or content_type == UPDATE_TYPE:
                raise Refused(403, READ_ONLY)
            if path != "/query":
                raise Refused(403, f"{READ_ONLY}; POST queries to /query")
            check_parameters(pairs)
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
        """Ask the Oxigraph server and stream its status, type and body back."""
        headers = {"Accept": self.headers["Accept"]} if self.headers["Accept"] else {}
        if content_type:
            headers["Content-Type"] = content_type
        connection = http.client.HTTPConnection(*self.backend, timeout=self.backend_timeout)
        try:
            try:
                connection.request(method, target, body=body, headers=headers)
                reply = connection.getresponse()
            except OSError as error:
                self.refuse(Refused(502, f"the Oxigraph server behind this endpoint did not answer: {error}"))
                return
            self.send_response(reply.status, reply.reason)
            for name in PASSED_RESPONSE_HEADERS:
                if reply.getheader(name) is not None:
                    self.send_header(name, reply.getheader(name, ""))
            self.end_headers()
            while chunk := reply.read1(CHUNK_BYTES):
                self.wfile.write(chunk)
        except OSError:  # the client went away, or the server stopped mid-answer: the connection just closes
            self.close_connection = True
        finally:
            connection.close()

    def refuse(self, refusal: Refused) -> None:
        body = (refusal.reason + "\n").encode("utf-8")
        self.send_response(refusal.status)
        self.send_header("Content-Type", "text/plain; charset=utf-8")
        self.send_header("Content-Length", str(len(body)))
        self.end_headers()
        self.wfile.write(body)

    def log_request(self, code: int | str = "-", size: int | str = "-") -> None:
        if str(code).isdigit() and int(code) >= 400:  # refusals and failures only; answers are not news
            super().log_request(code, size)


def checked_body(content_type: str, body: bytes) -> bytes:
    """The POST body to forward: exactly the query text that was checked, or Refused."""
    try:
        text = body.decode("utf-8")
    except UnicodeDecodeError:
        raise Refused(400, "the query is not valid UTF-8") from None
    if content_type == QUERY_TYPE:
        check_query(text)
        return text.encode("utf-8")
    if content_type == FORM_TYPE:
        pairs = urllib.parse.parse_qsl(text, keep_blank_values=True)
        check_parameters(pairs)
        return urllib.parse.urlencode(pairs).encode("ascii")  # re-encoded: the server reads what was checked
    raise Refused(415, f"send the query as {QUERY_TYPE} or {FORM_TYPE} (query=...), not {content_type or 'no type'}")


def check_parameters(pairs: list[tuple[str, str]]) -> None:
    """Refused for an `update` parameter or any `query` parameter that may not run."""
    for name, value in pairs:
        if name == "update":
            raise Refused(403, READ_ONLY)
        if name == "query":
            check_query(value)


def check_query(text: str) -> None:
    reason = query_refusal(text)
    if reason:
        raise Refused(400, reason)


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
