"""Python's cyclic garbage collector kept from walking, pass after pass, the millions of objects a
large build, rebuild or verify holds: paused, or what is alive frozen out of its passes."""

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


@contextlib.contextmanager
def collector_frozen() -> Iterator[None]:
    """What is alive on entry is left out of the collector's full passes until the end, while
    what is made meanwhile is collected as always: for a phase that first reads what it then
    holds to its end (a master's every cell, in verify), which each pass would walk again."""
    gc.freeze()
    try:
        yield
    finally:
        gc.unfreeze()
