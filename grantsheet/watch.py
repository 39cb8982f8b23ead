"""``grantsheet watch``: notice when an input file changes, and when it may be read.

Changes come from the watchfiles library (the operating system's notifications), debounced
so that a program saving a file in several steps gives one rebuild. While a spreadsheet
program holds an input open (its lock file is in the folder) the file may be half saved:
the rebuild waits until the lock file is gone.
"""

from __future__ import annotations

import time
from collections.abc import Callable, Iterator
from pathlib import Path
from threading import Event

import watchfiles

from grantsheet.layout import folder_names
from grantsheet.readback import is_lock_file

DEBOUNCE_MS = 800
LOCK_POLL_SECONDS = 0.5


def input_changes(
    inputs: Path, waiting: Callable[[str], None], stop: Event | None = None, debounce_ms: int = DEBOUNCE_MS
) -> Iterator[list[str]]:
    """The names of the input files changed, batch by batch, each batch once no lock file is
    left in ``inputs`` (``waiting(name)`` is told which file is open)."""
    archive = folder_names("archive")

    def relevant(change: watchfiles.Change, path: str) -> bool:
        found = Path(path)
        return found.parent == inputs_resolved and not found.name.startswith(".") and found.name not in archive

    inputs_resolved = inputs.resolve()
    for batch in watchfiles.watch(
        inputs_resolved, watch_filter=relevant, debounce=debounce_ms, stop_event=stop, recursive=False
    ):
        names = sorted({Path(path).name for _, path in batch})
        changed = [name for name in names if not is_lock_file(Path(name))]
        if not wait_until_closed(inputs, waiting, stop):
            return
        if changed:
            yield changed


def open_files(inputs: Path) -> list[str]:
    return sorted(path.name for path in inputs.iterdir() if is_lock_file(path))


def wait_until_closed(inputs: Path, waiting: Callable[[str], None], stop: Event | None = None) -> bool:
    """Wait while a spreadsheet program has an input open; False when told to stop meanwhile."""
    told: set[str] = set()
    while locks := open_files(inputs):
        for name in set(locks) - told:
            waiting(name)
        told |= set(locks)
        if stop is not None and stop.wait(LOCK_POLL_SECONDS):
            return False
        if stop is None:
            time.sleep(LOCK_POLL_SECONDS)
    return True
