"""A process where the query engine can reach no other machine, whatever the query says.

Oxigraph evaluates SERVICE by opening a connection to the URL a query names, and neither pyoxigraph nor
the `oxigraph` server has a switch to refuse it. A check of the query's text can only guess what the
engine's own parser will read (a comment ended by a carriage return, an escaped quote), so the
guarantee is made below the parser instead: a seccomp filter (libseccomp, through pyseccomp) makes
every outgoing connection fail with EPERM. A server keeps the socket it listens on and answers on the
connections it accepts; it can open none. The filter holds for the process and every program it execs.

`python -m kgraph.store.sandbox PROGRAM ARG...` runs PROGRAM (the `oxigraph` server) under the filter.
"""
from __future__ import annotations

import errno
import os
import sys

from kgraph.errors import StoreError

# connect: TCP and UDP alike; sendto with an address: UDP without connect (such as a DNS query);
# sendmsg/sendmmsg may carry an address too, and neither engine uses them on the sockets it accepts.
BLOCKED_ALWAYS = ("connect", "sendmsg", "sendmmsg")


def supported() -> bool:
    """Whether this system can forbid connections (Linux with libseccomp)."""
    if not sys.platform.startswith("linux"):
        return False
    try:
        import pyseccomp  # noqa: F401  (loads libseccomp.so.2 through ctypes)
    except (ImportError, OSError):
        return False
    return True


def forbid_network() -> None:
    """From now on, this process and its children cannot open a connection to any address."""
    try:
        import pyseccomp as seccomp
    except (ImportError, OSError) as error:
        raise StoreError(f"cannot forbid the query engine outside connections: libseccomp is missing "
                         f"({error}); install libseccomp2 (Debian, Ubuntu) or libseccomp (Fedora)") from None
    refuse = seccomp.ERRNO(errno.EPERM)
    rules = seccomp.SyscallFilter(defaction=seccomp.ALLOW)
    for name in BLOCKED_ALWAYS:
        rules.add_rule(refuse, name)
    rules.add_rule(refuse, "sendto", seccomp.Arg(4, seccomp.NE, 0))  # arg 4: the destination address
    rules.load()


def main(argv: list[str]) -> None:
    """Exec argv[0] with argv[1:] under the filter; exit 2 with one line if that cannot be done."""
    if not argv:
        sys.exit("usage: python -m kgraph.store.sandbox PROGRAM [ARG...]")
    try:
        forbid_network()
        os.execv(argv[0], argv)
    except (StoreError, OSError) as error:
        sys.exit(f"kgraph: error: cannot start {argv[0]} without network: {error}")


if __name__ == "__main__":
    main(sys.argv[1:])
