"""Write the per-centre workbooks on every core (design §7: the national build in seconds).

Each centre's workbook depends only on the dataset, the allocation and its own follow-up
entry, so the files are independent: processes forked from the build write them while
this process writes the master, and a rebuild reads the previous files back the same
way. Each file's bytes are the same whichever process writes it. Small builds, machines
with one core and platforms without ``fork`` do the work here, one file after another.

The workers are plain ``os.fork`` children, not a ``multiprocessing.Pool``: starting a
pool took 10-16 ms here against 1.3 ms for two forks, and the example region's whole
build takes 0.3 s. Worker ``w`` of ``n`` takes jobs ``w, w + n, ...`` (the files are
alike in size) and sends each result back pickled on a pipe of its own; an exception
in a worker is sent back and raised here.
"""

from __future__ import annotations

import gc
import os
import pickle
import signal
from collections.abc import Callable, Iterator, Mapping, Sequence
from pathlib import Path
from typing import BinaryIO, NoReturn, TypeVar

from grantsheet.allocate import PoolResult
from grantsheet.centre_files import write_centre_file
from grantsheet.followup import FollowUpEntry
from grantsheet.load import Dataset

# Below this many files, forking costs more than it saves (a centre file takes ~4 ms).
# The example region's 38 files and its master take 0.12 s on two cores instead of 0.2 s.
PARALLEL_FROM = 8

Result = TypeVar("Result")


def workers() -> int:
    try:
        return len(os.sched_getaffinity(0))
    except AttributeError:  # not on Linux
        return os.cpu_count() or 1


def in_parallel(jobs: int) -> int:
    """How many worker processes to use for ``jobs`` jobs: 0 means do them here."""
    count = workers()
    if jobs < PARALLEL_FROM or count < 2 or not hasattr(os, "fork"):
        return 0
    return min(count, jobs)


def write_centre_files(
    targets: Sequence[Path],
    dataset: Dataset,
    results: Sequence[PoolResult],
    lang: str,
    version: str,
    entries: Mapping[str, FollowUpEntry],
    written: Callable[[], None],
    meanwhile: Callable[[], None] = lambda: None,
) -> None:
    """Write centre ``i``'s workbook to ``targets[i]``, calling ``written()`` after each file.

    ``meanwhile()`` (the master workbook) runs in this process while the workers write.
    An error in any file is raised here after the workers are stopped.
    """

    def write(index: int) -> None:
        write_centre_file(
            targets[index], dataset, results, index, lang, version, entries.get(dataset.centres[index].id)
        )

    count = in_parallel(len(targets))
    if not count:
        meanwhile()
        for index in range(len(targets)):
            write(index)
            written()
        return
    for _ in fan_out(count, len(targets), write, meanwhile):
        written()


def map_files(read: Callable[[Path], Result], paths: Sequence[Path]) -> list[Result]:
    """``read(path)`` for every path, in order, on every core when there are enough files.

    The results must be picklable. Used to read back a rebuild's previous outputs.
    """
    count = in_parallel(len(paths))
    if not count:
        return [read(path) for path in paths]
    found: dict[int, Result] = dict(fan_out(count, len(paths), lambda index: read(paths[index])))
    return [found[index] for index in range(len(paths))]


def fan_out(
    count: int, jobs: int, work: Callable[[int], Result], meanwhile: Callable[[], None] = lambda: None
) -> Iterator[tuple[int, Result]]:
    """``(i, work(i))`` for every ``i < jobs``, as ``count`` forked workers finish them.

    ``meanwhile()`` runs here once the workers have started. The first exception a worker
    sends is raised here; on any exit the workers still running are stopped and reaped.
    """
    # Python's advice for fork without exec (gc.freeze): what the workers inherit is left
    # out of every collection, so no process walks it again or copies its pages.
    gc.freeze()
    children: list[tuple[int, BinaryIO]] = []
    try:
        for worker in range(count):
            reading, writing = os.pipe()
            pid = os.fork()
            if pid == 0:
                _work(reading, writing, range(worker, jobs, count), work)
            os.close(writing)
            children.append((pid, os.fdopen(reading, "rb")))
        meanwhile()
        done = 0
        for index, result in _results([reader for _, reader in children]):
            done += 1
            yield index, result
        if done != jobs:
            raise RuntimeError(f"worker processes ended after {done} of {jobs} jobs")
    finally:
        _stop(children)
        gc.unfreeze()


def _work(reading: int, writing: int, indexes: range, work: Callable[[int], object]) -> NoReturn:
    """A worker: do its jobs, send each result (or the exception), and end without
    running the parent's exit handlers (``os._exit``), whatever happens."""
    status = 1
    try:
        os.close(reading)
        with os.fdopen(writing, "wb") as channel:
            try:
                for index in indexes:
                    pickle.dump((index, work(index)), channel)
                    channel.flush()  # the parent counts files as they are written
                status = 0
            except BaseException as error:  # every failure, even an interrupt, goes to the parent
                pickle.dump((None, _picklable(error)), channel)
    finally:
        os._exit(status)


def _picklable(error: BaseException) -> BaseException:
    try:
        pickle.loads(pickle.dumps(error))
        return error
    except Exception:  # an exception that cannot travel is sent as its text
        return RuntimeError(f"{type(error).__name__}: {error}")


def _results(readers: list[BinaryIO]) -> Iterator[tuple[int, object]]:
    """Messages from every worker, taken in turn so that progress advances evenly. A
    blocking read waits only for a worker that is still working: no deadlock."""
    open_readers = list(readers)
    while open_readers:
        for reader in list(open_readers):
            try:
                index, result = pickle.load(reader)
            except EOFError:
                open_readers.remove(reader)
                continue
            if index is None:
                raise result
            yield index, result


def _stop(children: list[tuple[int, BinaryIO]]) -> None:
    for pid, reader in children:
        reader.close()
        try:
            if os.waitpid(pid, os.WNOHANG) == (0, 0):
                os.kill(pid, signal.SIGTERM)
                os.waitpid(pid, 0)
        except ChildProcessError:
            pass
