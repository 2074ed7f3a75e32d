"""Files written whole: a temporary file in the same folder, then a rename over the old one."""
from __future__ import annotations

import os
import tempfile
from pathlib import Path

from kgraph.errors import OutputError


def stage(final: Path, data: bytes, durable: bool = True) -> Path:
    """`data` in a hidden temporary file beside `final`, readable by all, synced to disk if durable;
    OutputError (the OSError as its cause) when it cannot be written, and no temporary file left."""
    try:
        descriptor, name = tempfile.mkstemp(dir=final.parent, prefix=f".{final.name}.", suffix=".tmp")
    except OSError as error:
        raise unwritable(final, error) from error
    try:
        os.fchmod(descriptor, 0o644)  # mkstemp's 0600 would make the published graph private
        with os.fdopen(descriptor, "wb") as handle:
            handle.write(data)
            if durable:
                handle.flush()
                os.fsync(handle.fileno())
    except BaseException as error:
        Path(name).unlink(missing_ok=True)
        if isinstance(error, OSError):
            raise unwritable(final, error) from error
        raise
    return Path(name)


def write_atomically(path: Path, data: bytes, durable: bool = True) -> None:
    """Write a file so that readers see either the old contents or the new, never a part."""
    try:
        path.parent.mkdir(parents=True, exist_ok=True)
    except OSError as error:
        raise unwritable(path, error) from error
    publish(stage(path, data, durable), path)


def publish(temporary: Path, final: Path) -> None:
    """Rename a staged file over `final`; OutputError, and the staged file removed, if it cannot be."""
    try:
        os.replace(temporary, final)
    except OSError as error:
        temporary.unlink(missing_ok=True)
        raise unwritable(final, error) from error


def unwritable(path: Path, error: OSError) -> OutputError:
    return OutputError(f"{path}: cannot write ({error.strerror or error}); what was there before is unchanged")
