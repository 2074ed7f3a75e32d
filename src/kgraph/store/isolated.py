"""`kgraph query` on a graph of this machine, evaluated in a child process that can reach no other machine.

The child (forked, so it starts at once) opens the graph, forbids itself outside connections
(sandbox.py: SERVICE can fetch nothing, whatever the query's text hides), runs the query and sends
the printed answer back. The parent only waits, so a time limit and Ctrl-C stop any query (Oxigraph
does not look at Python's signals while it evaluates), and an engine that aborts (a Rust panic, see
docs/serve.md) ends the child, not kgraph: the user gets one line instead of exit 134.
"""
from __future__ import annotations

import multiprocessing
import os
import signal
import tempfile
import traceback
from collections.abc import Callable
from multiprocessing.connection import Connection
from typing import IO, Any, TypeVar

from kgraph.errors import KGraphError, QueryError, StoreError
from kgraph.store import GraphStore
from kgraph.store.sandbox import forbid_network, supported

ENGINE_ISSUES = "docs/serve.md, Known engine issues"
Result = TypeVar("Result")


def query_isolated(open_source: Callable[[], GraphStore], answer: Callable[[GraphStore], Result],
                   time_limit: float | None = None) -> Result:
    """What `answer` makes of the store `open_source` opens (such as a query's printed rows), in a child process.

    The result travels back pickled. QueryError when the query runs past `time_limit` seconds or the
    engine crashes on it.
    """
    if not supported() or "fork" not in multiprocessing.get_all_start_methods():
        return answer(open_source())  # no sandbox here: the check of the query's text alone
    context = multiprocessing.get_context("fork")  # fork: the closures need no pickling, the child starts at once
    receiver, sender = context.Pipe(duplex=False)
    with tempfile.TemporaryFile() as messages:
        child = context.Process(target=evaluate, args=(sender, messages, open_source, answer), daemon=True)
        child.start()
        sender.close()
        try:
            return answer_from(receiver, child, messages, time_limit)
        finally:
            if child.is_alive():
                child.kill()
            child.join()


def answer_from(receiver: Connection, child: multiprocessing.process.BaseProcess, messages: IO[bytes],
                time_limit: float | None) -> Any:
    """Wait for the child's answer: the graph is opened without a limit, the query within `time_limit`."""
    first = received(receiver, None, child, messages)
    if first is None or first[0] != "ready":  # None cannot come: without a limit, the wait ends with a message
        return outcome(first or ("bug", "no message from the query process"))
    reply = received(receiver, time_limit, child, messages)
    if reply is None:
        raise QueryError(f"the query did not finish within {time_limit:g} s and was stopped; "
                         f"give a larger --timeout or a narrower query")
    return outcome(reply)


def received(receiver: Connection, seconds: float | None, child: multiprocessing.process.BaseProcess,
             messages: IO[bytes]) -> tuple | None:
    """The child's next message, None when `seconds` pass first; QueryError if the child died without one."""
    try:
        if receiver.poll(seconds):
            return receiver.recv()
    except EOFError:
        pass
    else:
        return None
    child.join()
    raise QueryError(crash_message(child.exitcode, messages))


def outcome(reply: tuple) -> Any:
    kind, value = reply
    if kind == "answer":
        return value
    if kind == "error":
        raise value
    raise RuntimeError(f"the query process failed:\n{value}")  # a bug in kgraph: its traceback


def crash_message(exitcode: int | None, messages: IO[bytes]) -> str:
    """One line for an engine that died: the signal, and the engine's own reason (a Rust panic's message)."""
    messages.seek(0)
    lines = [line.strip() for line in messages.read().decode("utf-8", "replace").splitlines() if line.strip()]
    panic = next((number for number, line in enumerate(lines) if " panicked at " in line), None)
    # a Rust panic: "thread ... panicked at FILE:" then the reason on the next line
    reason = lines[panic + 1] if panic is not None and panic + 1 < len(lines) else (lines[-1] if lines else "")
    how = f"signal {signal.Signals(-exitcode).name}" if exitcode and exitcode < 0 else f"exit status {exitcode}"
    said = f": {reason}" if reason else ""
    return (f"the query engine (Oxigraph) crashed on this query ({how}{said}); nothing was printed; "
            f"writing the query another way may avoid it (see {ENGINE_ISSUES})")


def evaluate(sender: Connection, messages: IO[bytes], open_source: Callable[[], GraphStore],
             answer: Callable[[GraphStore], object]) -> None:
    """In the child: open the graph, forbid connections, run `answer` on it and send its result back."""
    os.dup2(messages.fileno(), 2)  # a panic's lines go to the parent's one-line message, not the terminal
    signal.signal(signal.SIGINT, signal.SIG_IGN)  # Ctrl-C is the parent's to handle: it stops this child
    try:
        store = open_source()
        forbid_network()
        sender.send(("ready", None))
        sender.send(("answer", answer(store)))
    except KGraphError as error:
        sender.send(("error", error))
    except OSError as error:  # SERVICE that got past the check, refused by the sandbox
        sender.send(("error", StoreError(f"the query failed: {error}")))
    except Exception:
        sender.send(("bug", traceback.format_exc()))
    finally:
        sender.close()
