"""Python's cyclic garbage collector, paused around work that makes many objects and no cycles."""

from __future__ import annotations

import contextlib
import gc
from collections.abc import Iterator


@contextlib.contextmanager
def collector_paused() -> Iterator[None]:
    """No cyclic garbage collection inside; the collector's state before is restored after
    (a pause inside a pause leaves it paused until the outer one ends).

    A full collection walks every object alive, and it runs again each time the objects kept
    since the last one have grown by a quarter: work that keeps millions of objects (a large
    master read back, every cell of a sheet) pays for being walked over and over, and
    nothing is found to free. Objects freed by their count go as always; cycles made
    meanwhile wait for the first collection after the pause."""
    was_enabled = gc.isenabled()
    gc.disable()
    try:
        yield
    finally:
        if was_enabled:
            gc.enable()
