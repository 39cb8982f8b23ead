"""Write the per-centre workbooks on every core (design §7: the national build in seconds).

Each centre's workbook depends only on the dataset, the allocation and its own follow-up
entry, so the files are independent: worker processes forked from the build write them
while this process writes the master. Each file's bytes are the same whichever process
writes it. Small builds, machines with one core and platforms without ``fork`` write
them one after another here, which costs less than starting workers.
"""

from __future__ import annotations

import multiprocessing
import os
from pathlib import Path
from typing import Callable, Mapping, Sequence, TypeVar

from grantsheet.allocate import PoolResult
from grantsheet.centre_files import write_centre_file
from grantsheet.followup import FollowUpEntry
from grantsheet.load import Dataset

# Below this many files, starting workers costs more than it saves (a file takes ~5 ms).
PARALLEL_FROM = 64
CHUNK = 16

Result = TypeVar("Result")

# What the workers write from, set before forking (inherited, never pickled).
_JOB: tuple[Sequence[Path], Dataset, Sequence[PoolResult], str, str, Mapping[str, FollowUpEntry]] | None = None


def workers() -> int:
    try:
        return len(os.sched_getaffinity(0))
    except AttributeError:  # not on Linux
        return os.cpu_count() or 1


def _write(index: int) -> int:
    assert _JOB is not None
    targets, dataset, results, lang, version, entries = _JOB
    write_centre_file(targets[index], dataset, results, index, lang, version,
                      entries.get(dataset.centres[index].id))
    return index


def write_centre_files(targets: Sequence[Path], dataset: Dataset, results: Sequence[PoolResult], lang: str,
                       version: str, entries: Mapping[str, FollowUpEntry], written: Callable[[], None],
                       meanwhile: Callable[[], None] = lambda: None) -> None:
    """Write centre ``i``'s workbook to ``targets[i]``, calling ``written()`` after each file.

    ``meanwhile()`` (the master workbook) runs in this process while the workers write.
    An error in any file is raised here after the workers are stopped.
    """
    global _JOB
    count = workers()
    if len(targets) < PARALLEL_FROM or count < 2 or "fork" not in multiprocessing.get_all_start_methods():
        meanwhile()
        for index in range(len(targets)):
            write_centre_file(targets[index], dataset, results, index, lang, version,
                              entries.get(dataset.centres[index].id))
            written()
        return
    _JOB = (targets, dataset, results, lang, version, entries)
    try:
        with multiprocessing.get_context("fork").Pool(count) as pool:
            done = pool.imap_unordered(_write, range(len(targets)), chunksize=CHUNK)
            meanwhile()
            for _ in done:
                written()
    finally:
        _JOB = None


def map_files(read: Callable[[Path], Result], paths: Sequence[Path]) -> list[Result]:
    """``read(path)`` for every path, in order, on every core when there are enough files.

    ``read`` must be a module-level function (it is sent to the workers by name) and its
    results picklable. Used to read back a rebuild's previous outputs.
    """
    count = workers()
    if len(paths) < PARALLEL_FROM or count < 2 or "fork" not in multiprocessing.get_all_start_methods():
        return [read(path) for path in paths]
    with multiprocessing.get_context("fork").Pool(count) as pool:
        return pool.map(read, paths, chunksize=CHUNK)
