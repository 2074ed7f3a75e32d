"""The build's outputs: Turtle, TriG and the HTML view, each written whole to a temporary file and
renamed only when all are complete, so graphs/ holds the previous build or the new one, never a mix."""
from __future__ import annotations

import os
from collections.abc import Callable
from pathlib import Path

import pyoxigraph as ox

from kgraph.atomic import publish, stage, unwritable
from kgraph.errors import KGraphError, OutputError
from kgraph.rdf.serialize import TermConverter, parsed_lines, turtle_of
from kgraph.rdf.serialize import trig as trig_of

FORK_MIN_TRIPLES = 50_000  # below this a second process to write the TriG costs more than it saves
VIEW_MAX_TRIPLES = 150_000  # above this the drawing is unreadable and takes longer than the parse


def write_outputs(graphs: dict, lines: list[str], out_dir: Path, view: bool = True,
                  notes: list[str] | None = None, *, check: Callable[[], None] | None = None,
                  fork: bool = False, convert: TermConverter | None = None,
                  turtle: Callable[[], bytes] | None = None, trig: Callable[[], bytes] | None = None) -> list[Path]:
    """Turtle (of the N-Triples `lines`, in their order), TriG and the HTML view, each written whole to a
    temporary file and then renamed.

    `check` (validation) runs first and may raise; nothing is replaced then. With `fork`, a child
    process writes the TriG meanwhile, on another core. `convert`: the terms converted for `lines`.
    `turtle`, `trig`: make those files' bytes instead (build/memo.py writes them in remembered pieces).
    """
    try:
        out_dir.mkdir(parents=True, exist_ok=True)
    except OSError as error:
        raise unwritable(out_dir, error) from error
    make_trig = trig or (lambda: trig_of(graphs, convert))
    trig_file = Staged(out_dir / "kgraph.trig", make_trig, fork and hasattr(os, "fork"))
    staged: list[tuple[Path, Path]] = []
    try:
        if check is not None:
            check()
        staged.append((out_dir / "kgraph.ttl", stage(out_dir / "kgraph.ttl",
                                                     turtle() if turtle else turtle_of(parsed_lines(lines)))))
        staged.append((out_dir / "kgraph.trig", trig_file.wait()))
        if view and len(lines) <= VIEW_MAX_TRIPLES:
            staged.append((out_dir / "kgraph.html", stage(out_dir / "kgraph.html", view_page(lines))))
        elif view:
            (out_dir / "kgraph.html").unlink(missing_ok=True)  # an old page would show an old graph
            if notes is not None:
                notes.append(f"view: not drawn ({len(lines)} triples > {VIEW_MAX_TRIPLES}); draw a part "
                             f"with `kgraph view {out_dir / 'kgraph.ttl'} --focus ACTOR`")
    except BaseException:
        trig_file.discard()
        for _, temporary in staged:
            temporary.unlink(missing_ok=True)
        raise
    for final, temporary in staged:  # every file is complete before any is replaced
        publish(temporary, final)
    return [final for final, _ in staged]


class Staged:
    """One output file written to a temporary file: here, or by a forked child process (another core)."""

    def __init__(self, final: Path, make: Callable[[], bytes], fork: bool) -> None:
        self.final, self.pid, self.path = final, 0, None
        if not fork:
            self.path = stage(final, make())
            return
        read, write = os.pipe()
        self.pid = os.fork()
        if self.pid == 0:  # the child: write the file, say where, and leave without cleaning up the parent's state
            status = 1
            try:
                os.close(read)
                os.write(write, b"wrote:" + str(stage(final, make())).encode())
                status = 0
            except OutputError as error:  # a full disk: the parent says it in one line
                os.write(write, b"error:" + str(error).encode())
            except BaseException:
                import traceback

                traceback.print_exc()
            finally:
                os._exit(status)
        os.close(write)
        self.read = read

    def wait(self) -> Path:
        """The temporary file, once written; KGraphError if the child failed."""
        if self.pid:
            with os.fdopen(self.read, "rb") as pipe:
                said = pipe.read()
            _, status = os.waitpid(self.pid, 0)
            self.pid = 0
            if said.startswith(b"error:"):
                raise OutputError(said.removeprefix(b"error:").decode())
            if status != 0 or not said.startswith(b"wrote:"):
                raise KGraphError(f"{self.final}: the process writing it failed (see the message above)")
            self.path = Path(said.removeprefix(b"wrote:").decode())
        assert self.path is not None
        return self.path

    def discard(self) -> None:
        """Stop waiting for the file and remove whatever was written."""
        try:
            self.wait().unlink(missing_ok=True)
        except KGraphError:
            pass  # the child failed and left nothing


def view_page(lines: list[str]) -> bytes:
    """The HTML view of N-Triples lines. Its SPARQL runs on Oxigraph (oxrdflib): several times faster than
    rdflib's, same rows."""
    from kgraph.read.view import render_html
    from kgraph.store import OxigraphGraph

    store = ox.Store()
    store.load("".join(lines).encode("utf-8"), format=ox.RdfFormat.N_TRIPLES)  # read by Oxigraph, not term by term
    return render_html(OxigraphGraph(store)).encode("utf-8")
