"""Write the per-centre workbooks on every core (docs/design.md §7: the national build in seconds).

Each centre's workbook depends only on the dataset, the allocation and its own follow-up
entry, so the files are independent: a process pool writes them while this process writes
the master, and a rebuild reads the previous files back the same way. Each file's bytes are
the same whichever process writes it.

The pool is ``concurrent.futures.ProcessPoolExecutor``. Where the platform can fork (Linux),
its workers are forked: they inherit the dataset instead of unpickling it, and start at
once. Elsewhere (Windows, macOS) they are spawned: each imports grantsheet and receives the
job's data, which pays only for a build with many files (``PARALLEL_FROM``). The figures
are in BENCHMARKS.md.
"""

from __future__ import annotations

import functools
import gc
import multiprocessing
import multiprocessing.connection
import os
import pickle
import sys
import threading
from collections.abc import Callable, Iterator, Sequence
from concurrent.futures import ProcessPoolExecutor
from concurrent.futures.process import BrokenProcessPool
from pathlib import Path
from typing import TYPE_CHECKING, Any, TypeVar

from grantsheet.centre_files import write_centre_file
from grantsheet.faults import close_left_open
from grantsheet.signing import Signer
from grantsheet.watching import CountWatcher

if TYPE_CHECKING:
    from grantsheet.context import BuildContext

# fork: macOS has it, but its system libraries are not safe to fork, and Python spawns there.
FORK = "fork" in multiprocessing.get_all_start_methods() and sys.platform != "darwin"
# Below this many files, starting workers costs more than it saves (BENCHMARKS.md): forked
# workers start at once, spawned ones each import grantsheet first.
PARALLEL_FROM = 8 if FORK else 200

# Results come back a chunk at a time: at 32 chunks a worker, the country's 1 150 files
# in 64 messages (one per file cost 0.8 s more CPU). Each file is counted as it is finished
# all the same, from a count the workers share (``fan_out``'s ``finished``): a chunk of 18
# files could take seconds on a loaded machine, longer than the page's progress may stall.
CHUNKS_PER_WORKER = 32
WATCH_SECONDS = 0.1  # how often the shared count is looked at
Result = TypeVar("Result")


def workers() -> int:
    try:
        return len(os.sched_getaffinity(0))
    except AttributeError:  # not on Linux
        return os.cpu_count() or 1


def in_parallel(jobs: int) -> int:
    """How many worker processes to use for ``jobs`` jobs: 0 means do them here."""
    count = workers()
    if jobs < PARALLEL_FROM or count < 2:
        return 0
    return min(count, jobs)


def write_centre_files(
    targets: Sequence[Path],
    build: BuildContext,
    written: Callable[[], None],
    meanwhile: Callable[[], None] = lambda: None,
    signer: Signer | None = None,
) -> None:
    """Write centre ``i``'s workbook of ``build`` to ``targets[i]``, calling ``written()`` after
    each file; ``signer`` signs each file's seal.

    ``meanwhile()`` (the master workbook) runs in this process while the workers write.
    An error in any file is raised here after the workers are stopped.
    """
    write = functools.partial(_write_centre, tuple(targets), build, signer)
    count = in_parallel(len(targets))
    if not count:
        meanwhile()
        for index in range(len(targets)):
            write(index)
            written()
        return
    for _ in fan_out(count, len(targets), write, meanwhile, finished=written):
        pass


def _write_centre(targets: Sequence[Path], build: BuildContext, signer: Signer | None, index: int) -> None:
    write_centre_file(targets[index], build, index, signer)


def map_files(
    read: Callable[[Path], Result],
    paths: Sequence[Path],
    done: Callable[[], None] = lambda: None,
    meanwhile: Callable[[], None] = lambda: None,
) -> list[Result]:
    """``read(path)`` for every path, in order, on every core when there are enough files;
    ``done()`` after each; ``meanwhile()`` in this process while the workers read.

    ``read`` and the results must be picklable. Used to read back a rebuild's previous outputs.
    """
    count = in_parallel(len(paths))
    if not count:
        meanwhile()
        here = []
        for path in paths:
            here.append(read(path))
            done()
        return here
    work = functools.partial(_read_one, read, tuple(paths))
    found = dict(fan_out(count, len(paths), work, meanwhile, finished=done))
    return [found[index] for index in range(len(paths))]


def _read_one(read: Callable[[Path], Result], paths: Sequence[Path], index: int) -> Result:
    return read(paths[index])


def fan_out(
    count: int,
    jobs: int,
    work: Callable[[int], Result],
    meanwhile: Callable[[], None] = lambda: None,
    finished: Callable[[], None] = lambda: None,
) -> Iterator[tuple[int, Result]]:
    """``(i, work(i))`` for every ``i < jobs``, as ``count`` worker processes finish them.

    ``meanwhile()`` runs in a thread of this process once the jobs are handed out, while the
    jobs' results are taken as they come, in the order of ``i``, chunk by chunk: a caller
    counting them sees the files as they are written, not all at once when ``meanwhile``
    ends. The first exception a job or ``meanwhile`` raises is raised here; on any exit
    ``meanwhile`` has ended, the jobs not started are cancelled and the workers stopped.
    ``work`` reaches the workers once, as they start (inherited when forked, pickled when
    spawned), so with fork it may be any callable.

    ``finished()`` is called once for each job as soon as a worker has done it (in any order,
    from a thread watching a count the workers raise), and all ``jobs`` times by a run that
    ends well: a caller counting files sees each one, not a chunk at a time.
    """
    context = multiprocessing.get_context("fork" if FORK else "spawn")
    shared = context.Value("q", 0)
    if FORK:
        # Python's advice for fork without exec (gc.freeze): what the workers inherit is left
        # out of every collection, so no process walks it again or copies its pages.
        gc.freeze()
    pool = ProcessPoolExecutor(count, mp_context=context, initializer=_install, initargs=(work, shared))
    done = 0
    counted = CountWatcher(lambda: shared.value, finished, WATCH_SECONDS)
    try:
        # Jobs go out in chunks, a few per worker (load stays even; a message per file would
        # cost more than some files take), and come back in order, chunk by chunk.
        results = pool.map(_run, range(jobs), chunksize=max(1, jobs // (count * CHUNKS_PER_WORKER)))
        failed: list[BaseException] = []
        side = threading.Thread(target=_catching(meanwhile, failed), name="grantsheet-meanwhile")
        side.start()
        counted.start()
        try:
            for index, result in results:
                done += 1
                yield index, result
        finally:
            side.join()
        if failed:
            raise failed[0]
        counted.stop(jobs)
    except BrokenProcessPool as error:  # a worker ended without a word (killed, os._exit)
        raise RuntimeError(f"worker processes ended after {done} of {jobs} jobs") from error
    finally:
        counted.stop()
        pool.shutdown(wait=True, cancel_futures=True)
        if FORK:
            gc.unfreeze()


def _catching(run: Callable[[], None], failed: list[BaseException]) -> Callable[[], None]:
    def caught() -> None:
        try:
            run()
        except BaseException as error:  # raised in the caller's thread by fan_out
            failed.append(error)

    return caught


_WORK: Callable[[int], object] | None = None  # the job of this worker process's pool
_FINISHED: Any = None  # the count of jobs done that the pool's workers share


def _install(work: Callable[[int], object], finished: Any) -> None:
    global _WORK, _FINISHED
    _WORK, _FINISHED = work, finished
    _end_with_parent()


def _end_with_parent() -> None:
    """A worker ends as soon as the build that started it does, however it ended (#26.13).

    A SIGKILL of the build left its workers alive for minutes, and holding the build's
    standard output: a caller reading it waited for them. The worker does not write to
    standard output (its results go back through the pool), so it lets go of it at once;
    and it watches the pipe ``multiprocessing`` keeps to its parent (``parent_process().sentinel``,
    on every platform and start method), which is closed when the parent ends."""
    with open(os.devnull, "wb") as nowhere:
        os.dup2(nowhere.fileno(), 1)
    parent = multiprocessing.parent_process()
    if parent is None or parent.sentinel is None:
        return

    def watch() -> None:
        multiprocessing.connection.wait([parent.sentinel])
        os._exit(1)

    threading.Thread(target=watch, name="grantsheet-parent-watch", daemon=True).start()


def _run(index: int) -> tuple[int, Any]:
    assert _WORK is not None
    try:
        found = index, _WORK(index)
    except Exception as error:
        close_left_open(error)
        raise _picklable(error) from None
    with _FINISHED.get_lock():
        _FINISHED.value += 1
    return found


def _picklable(error: BaseException) -> BaseException:
    try:
        pickle.loads(pickle.dumps(error))
        return error
    except Exception:  # an exception that cannot travel is sent as its text
        return RuntimeError(f"{type(error).__name__}: {error}")
