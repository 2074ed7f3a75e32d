"""A remote SPARQL 1.1 server: queries over the SPARQL protocol, graph uploads over the Graph Store
HTTP protocol. Credentials come from environment variables only and never appear in a message."""
from __future__ import annotations

import base64
import os
import re
import urllib.error
import urllib.parse
import urllib.request
from dataclasses import dataclass

import pyoxigraph as ox

from kgraph.errors import QueryError, StoreError
from kgraph.store import Answer, OxigraphStore, answer_of, one_line, shorten
from kgraph.store.query import query_form
from kgraph.vocab import PREFIXES

USER_VARIABLE = "KGRAPH_ENDPOINT_USER"
PASSWORD_VARIABLE = "KGRAPH_ENDPOINT_PASSWORD"
TOKEN_VARIABLE = "KGRAPH_ENDPOINT_TOKEN"
TIMEOUT_SECONDS = 60.0
RESULT_TYPES = {  # what to ask the server for, by query form
    "SELECT": "application/sparql-results+json", "ASK": "application/sparql-results+json",
    "CONSTRUCT": "application/n-triples", "DESCRIBE": "application/n-triples",
}
PREFIX_DECLARATION = re.compile(r"PREFIX\s+([^\s:]*):", re.IGNORECASE)  # the keyword is case-blind, names are not


@dataclass(frozen=True)
class Response:
    status: int
    content_type: str
    body: bytes


class EndpointStore:
    """A SPARQL query endpoint (such as http://localhost:7878/query) used as a read-only store."""

    def __init__(self, url: str, timeout: float = TIMEOUT_SECONDS) -> None:
        self.location = checked_url(url)
        self.timeout = timeout

    def query(self, text: str) -> Answer:
        """Send a query (with kgraph's prefixes declared) and parse the server's answer."""
        form = query_form(text)
        if form not in RESULT_TYPES:
            raise QueryError("not a SPARQL query (SELECT, ASK, CONSTRUCT or DESCRIBE): "
                             f"starts with {form or 'nothing'}")
        body = urllib.parse.urlencode({"query": with_prefixes(text)}).encode("utf-8")
        headers = {"Content-Type": "application/x-www-form-urlencoded", "Accept": RESULT_TYPES[form]}
        try:
            response = send("POST", self.location, body, headers, self.timeout)
        except QueryError:
            # The server counts columns after the prefixes put in front; Oxigraph names them in the user's text.
            OxigraphStore(ox.Store(), "syntax check").query(text)
            raise
        try:
            if "sparql-results+json" in response.content_type or form in ("SELECT", "ASK"):
                return answer_of(ox.parse_query_results(response.body, ox.QueryResultsFormat.JSON))
            return Answer("GRAPH", triples=tuple(ox.parse(response.body, format=ox.RdfFormat.N_TRIPLES)))
        except (SyntaxError, ValueError) as error:
            raise StoreError(f"{self.location}: the server's answer is not valid "
                             f"{response.content_type or 'SPARQL results'}: {shorten(one_line(error))}") from None


def put_graph(url: str, graph: str | None, ntriples: bytes, timeout: float = TIMEOUT_SECONDS) -> int:
    """Replace one graph on a Graph Store endpoint (HTTP PUT); `graph` None is the default graph."""
    target = url + ("&" if "?" in url else "?") + ("default" if graph is None else
                                                    urllib.parse.urlencode({"graph": graph}))
    # N-Triples is a subset of Turtle, the one format every Graph Store implementation must read.
    response = send("PUT", target, ntriples, {"Content-Type": "text/turtle; charset=utf-8"}, timeout)
    return response.status


def graph_store_names(url: str, timeout: float = TIMEOUT_SECONDS) -> set[str]:
    """The names of the named graphs on a Graph Store endpoint, from a GET of the whole dataset as N-Quads."""
    response = send("GET", url, None, {"Accept": "application/n-quads"}, timeout)
    try:
        return {quad.graph_name.value for quad in ox.parse(response.body, format=ox.RdfFormat.N_QUADS)
                if isinstance(quad.graph_name, ox.NamedNode)}
    except SyntaxError as error:
        raise StoreError(f"{shown_url(url)}: the server's dataset is not N-Quads: {shorten(one_line(error))}") from None


def delete_graph(url: str, graph: str, timeout: float = TIMEOUT_SECONDS) -> None:
    """Delete one named graph on a Graph Store endpoint (HTTP DELETE)."""
    send("DELETE", url + ("&" if "?" in url else "?") + urllib.parse.urlencode({"graph": graph}), None, {}, timeout)


def send(method: str, url: str, body: bytes | None, headers: dict[str, str], timeout: float) -> Response:
    """One HTTP request; every failure becomes a StoreError (or QueryError for a rejected query)."""
    request = urllib.request.Request(url, data=body, method=method, headers=headers)
    authorization = credentials()
    if authorization:  # unredirected: a redirect to another host never receives the credentials
        request.add_unredirected_header("Authorization", authorization)
    shown = shown_url(url)
    try:
        with urllib.request.urlopen(request, timeout=timeout) as reply:
            return Response(reply.status, reply.headers.get("Content-Type", ""), reply.read())
    except urllib.error.HTTPError as error:
        detail = shorten(redact(one_line(error.read().decode("utf-8", "replace")) or str(error.reason)))
        if error.code in (401, 403):
            raise StoreError(f"{shown}: HTTP {error.code}, the server refused the credentials; set "
                             f"{USER_VARIABLE} and {PASSWORD_VARIABLE}, or {TOKEN_VARIABLE}") from None
        if error.code == 400 and method == "POST":
            raise QueryError(f"{shown}: the server rejected the query: {detail}") from None
        raise StoreError(f"{shown}: HTTP {error.code} {redact(one_line(error.reason))}: {detail}") from None
    except (ValueError, UnicodeError) as error:  # http.client refusing a header value, which may hold a secret
        raise StoreError(f"{shown}: cannot send the request: {redact(one_line(error))}") from None
    except (urllib.error.URLError, ConnectionError, TimeoutError) as error:
        reason = getattr(error, "reason", error)
        raise StoreError(f"{shown}: cannot reach the SPARQL server ({redact(one_line(reason))}); "
                         f"is it running, and is the URL right?") from None


def credentials() -> str | None:
    """An Authorization header value from the environment: a bearer token, or user and password.

    A line end around a value (as read from a file) is dropped; a token that still cannot be sent in a
    header (a control character, a character outside Latin-1) is a StoreError that does not show it.
    """
    token = secret(TOKEN_VARIABLE)
    if token:
        if not (token.isprintable() and is_latin1(token)):
            raise StoreError(f"{TOKEN_VARIABLE} holds a control character or a character outside Latin-1, "
                             f"which no HTTP header can carry; its value is not shown")
        return f"Bearer {token}"
    user = secret(USER_VARIABLE)
    if user:
        pair = f"{user}:{secret(PASSWORD_VARIABLE)}".encode()
        return "Basic " + base64.b64encode(pair).decode("ascii")
    return None


def secret(name: str) -> str:
    """An environment variable's value without the line end a file or `$(cat ...)` may leave."""
    return os.environ.get(name, "").strip("\r\n")


def is_latin1(text: str) -> bool:
    return all(ord(character) < 256 for character in text)


def redact(text: str) -> str:
    """The text with any credential from the environment blanked out, as set or as sent (a server may
    echo the request's headers, and Basic sends user:password in base64)."""
    secrets = [os.environ.get(TOKEN_VARIABLE), os.environ.get(PASSWORD_VARIABLE),
               secret(TOKEN_VARIABLE), secret(PASSWORD_VARIABLE)]
    try:
        authorization = credentials()
    except StoreError:
        authorization = None
    if authorization:
        encoded = authorization.split(" ", 1)[-1]
        secrets += [encoded, encoded.rstrip("=")]
    for value in sorted(filter(None, secrets), key=len, reverse=True):
        text = text.replace(value, "***")
    return text


def checked_url(url: str) -> str:
    """An http(s) URL without credentials in it (they belong in environment variables)."""
    parts = urllib.parse.urlsplit(url)
    if parts.scheme not in ("http", "https") or not parts.hostname:
        raise StoreError(f"{shown_url(url)}: not an http:// or https:// URL of a SPARQL endpoint")
    if parts.username or parts.password:
        raise StoreError(f"the endpoint URL must not contain credentials; set {USER_VARIABLE} and "
                         f"{PASSWORD_VARIABLE} (or {TOKEN_VARIABLE}) instead")
    return url


def shown_url(url: str) -> str:
    """The URL as it may be printed: without any user or password part."""
    parts = urllib.parse.urlsplit(url)
    host = parts.netloc.rpartition("@")[2]
    return urllib.parse.urlunsplit((parts.scheme, host, parts.path, parts.query, ""))


def with_prefixes(text: str) -> str:
    """The query with kgraph's prefixes declared in front, except those it declares itself.

    The declarations go on the query's first line, so a server's "line N" still points at the right line.
    """
    own = set(PREFIX_DECLARATION.findall(text))
    declarations = [f"PREFIX {prefix}: <{namespace}>" for prefix, namespace in PREFIXES.items() if prefix not in own]
    return " ".join(declarations + [text])
