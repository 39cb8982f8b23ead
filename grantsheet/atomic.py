"""Write files so that a run killed half-way leaves the previous file intact."""

from __future__ import annotations

import contextlib
import os
import tempfile
from collections.abc import Iterator
from pathlib import Path


def file_stamp(path: Path) -> tuple[int, int, int, int]:
    """What changes when a file is written or swapped in: its size, its modified and changed
    times, and its inode (a file a build renamed into place is another file, whatever its
    times). ``OSError`` when it cannot be looked at. The page's caches key on it."""
    found = path.stat()
    return (found.st_size, found.st_mtime_ns, found.st_ctime_ns, found.st_ino)


@contextlib.contextmanager
def atomic_path(target: Path) -> Iterator[Path]:
    """Yield a temporary path beside ``target``; rename it over ``target`` on success."""
    target.parent.mkdir(parents=True, exist_ok=True)
    handle, temporary = tempfile.mkstemp(prefix=f".{target.stem}-", suffix=target.suffix, dir=target.parent)
    os.close(handle)
    temporary_path = Path(temporary)
    try:
        yield temporary_path
        # mkstemp makes the file private (0600); the file a user asked for gets the mode any
        # new file of theirs gets, as the centre files do (#16.7).
        os.chmod(temporary_path, 0o666 & ~current_umask())
        os.replace(temporary_path, target)
    finally:
        temporary_path.unlink(missing_ok=True)


def current_umask() -> int:
    """The process's umask, read without changing it where the system tells (Linux), else by
    setting and restoring it."""
    try:
        with open("/proc/self/status", encoding="ascii") as status:
            for line in status:
                if line.startswith("Umask:"):
                    return int(line.split()[1], 8)
    except OSError:
        pass
    mask = os.umask(0o022)
    os.umask(mask)
    return mask
