"""The probe of issue 14, shared by the query and serve tests: a canary endpoint that must never be asked
anything, the two forms that hid SERVICE from the check, and queries that abort or outlast Oxigraph."""
from __future__ import annotations

from http.server import BaseHTTPRequestHandler

from helpers.paths import DATA

PANIC = "SELECT ?c ?f WHERE { ?a ?b ?c . ?d ?e ?f } ORDER BY ?f ?c"  # Oxigraph 0.5.13's sort aborts on PANIC_DATA
PANIC_DATA = DATA / "oxigraph-sort-panic.nt"  # six triples of the seed (docs/serve.md)
SLOW = "SELECT (COUNT(*) AS ?n) WHERE { ?a ?b ?c . ?d ?e ?f . ?g ?h ?i }"  # 531^3 rows on the seed


class Canary(BaseHTTPRequestHandler):
    """A SPARQL endpoint that must never be asked anything: it records every request."""

    requests: list[str] = []

    def do_GET(self):  # noqa: N802 (the http.server naming)
        Canary.requests.append(f"{self.command} {self.path}")
        self.send_response(200)
        self.send_header("Content-Type", "application/sparql-results+json")
        self.end_headers()
        self.wfile.write(b'{"head":{"vars":["s"]},"results":{"bindings":[{"s":{"type":"literal","value":"leak"}}]}}')

    do_POST = do_GET

    def log_message(self, *args):
        pass


def probe_forms(target: str) -> list[str]:
    """The two forms the probe found, each with SERVICE where the engine reads it."""
    return [f"SELECT * WHERE {{ # x\r SERVICE <{target}> {{ ?s ?p ?o }} \n }}",
            f'SELECT * WHERE {{ BIND("A\\u0022+" AS ?a) SERVICE <{target}> {{ ?s ?p ?o }} BIND("+\\u0022" AS ?b) }}']
