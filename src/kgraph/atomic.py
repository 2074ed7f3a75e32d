"""Files written whole: a temporary file in the same folder, then a rename over the old one."""
from __future__ import annotations

import os
import tempfile
from pathlib import Path


def stage(final: Path, data: bytes, durable: bool = True) -> Path:
    """`data` in a hidden temporary file beside `final`, readable by all, synced to disk if durable."""
    descriptor, name = tempfile.mkstemp(dir=final.parent, prefix=f".{final.name}.", suffix=".tmp")
    try:
        os.fchmod(descriptor, 0o644)  # mkstemp's 0600 would make the published graph private
        with os.fdopen(descriptor, "wb") as handle:
            handle.write(data)
            if durable:
                handle.flush()
                os.fsync(handle.fileno())
    except BaseException:
        Path(name).unlink(missing_ok=True)
        raise
    return Path(name)


def write_atomically(path: Path, data: bytes, durable: bool = True) -> None:
    """Write a file so that readers see either the old contents or the new, never a part."""
    path.parent.mkdir(parents=True, exist_ok=True)
    os.replace(stage(path, data, durable), path)
