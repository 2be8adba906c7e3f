"""Files only their owner may read: the data directory and everything netmap keeps in it.

Pseudonymous resident records, tokens, releases, layouts and logs live under
``NETMAP_DATA_DIR``. Every directory netmap creates there is 0700 and every file 0600,
whatever the process umask: modes are set explicitly after creation (``os.mkdir`` and
``os.open`` modes are masked by the umask, ``chmod`` is not). Use these helpers for
every file in the data directory; exports a user asks for (maps, sheets) are theirs to
place and keep the umask.
"""

from __future__ import annotations

import contextlib
import os
from pathlib import Path

DIR_MODE = 0o700
FILE_MODE = 0o600


def private_dir(path: Path | str) -> Path:
    """Create ``path`` (and missing parents) and make it 0700.

    Parents created on the way are 0700 too; existing parents are left alone (they may
    be the user's home).
    """
    path = Path(path)
    missing: list[Path] = []
    probe = path
    while not probe.exists():
        missing.append(probe)
        if probe.parent == probe:
            break
        probe = probe.parent
    path.mkdir(parents=True, exist_ok=True)
    for created in missing:
        with contextlib.suppress(OSError):
            os.chmod(created, DIR_MODE)
    with contextlib.suppress(OSError):
        os.chmod(path, DIR_MODE)
    return path


def open_private(path: Path | str, flags: int) -> int:
    """``os.open`` with mode 0600 enforced (also on a file that already existed), in a
    private parent directory. Returns the file descriptor."""
    path = Path(path)
    private_dir(path.parent)
    fd = os.open(path, flags | os.O_CREAT, FILE_MODE)
    try:
        os.fchmod(fd, FILE_MODE)
    except OSError:
        os.close(fd)
        raise
    return fd


def touch_private(path: Path | str) -> Path:
    """Make sure ``path`` exists as a 0600 file (before SQLite opens it: its journal and
    WAL files take the main file's mode)."""
    os.close(open_private(path, os.O_RDWR))
    return Path(path)


def private_sqlite(path: Path | str) -> Path:
    """Make a SQLite database file private before it is opened: the file 0600 (SQLite's
    WAL, shared-memory and journal files take its mode when created) and leftovers of an
    older, laxer version made 0600 too."""
    path = touch_private(path)
    for suffix in ("-wal", "-shm", "-journal"):
        with contextlib.suppress(FileNotFoundError):
            os.chmod(path.with_name(path.name + suffix), FILE_MODE)
    return path


def write_private(path: Path | str, data: bytes) -> Path:
    """Write ``data`` to ``path`` atomically (temporary file, then rename), mode 0600."""
    path = Path(path)
    tmp = path.with_name(f".{path.name}.{os.getpid()}.tmp")
    fd = open_private(tmp, os.O_WRONLY | os.O_TRUNC)
    try:
        with os.fdopen(fd, "wb") as fh:
            fh.write(data)
        os.replace(tmp, path)
    finally:
        with contextlib.suppress(FileNotFoundError):
            tmp.unlink()
    return path


def append_private(path: Path | str, text: str) -> None:
    """Append ``text`` to ``path`` (created 0600) in one ``write`` call: lines appended by
    several processes with ``O_APPEND`` do not interleave."""
    fd = open_private(path, os.O_WRONLY | os.O_APPEND)
    try:
        os.write(fd, text.encode("utf-8"))
    finally:
        os.close(fd)
