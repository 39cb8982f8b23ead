"""One grantsheet run at a time per workspace (docs/design.md §6: "one build at a time per
workspace, shared with the CLI").

Every command that writes into the outputs folder (build, collect, the officer's page)
holds this lock while it reads and writes there. The lock itself is an operating-system
lock on ``outputs/.grantsheet.lock`` (``fcntl.flock`` on POSIX, taken here; on Windows
``msvcrt.locking`` through the ``filelock`` package, whose import would cost every build on
POSIX 0.08 s of CPU, BENCHMARKS.md): the system releases it when the holding process ends,
however it ends, so a run killed half-way never leaves a stale lock to be guessed at
from a process id that may since have been reused. Who holds it (pid, user, host,
command, since when) is written beside it, in ``.grantsheet.lock.json``, only to tell a
second run whom it is waiting for.

The lock is reentrant within a thread: the page may hold it and call ``api.build``,
which takes it again.

A second, short lock (``swap_lock``, ``.grantsheet-swap.lock``) is held while a set of
outputs changes (a build's swap, the roll back of a killed one) and while a reader reads
the set (``settled``: the page, ``export``, ``verify``): a reader never sees a half-swapped
set, and need not wait for a whole build, only for its swap (#26.4).
"""

from __future__ import annotations

import contextlib
import datetime as dt
import getpass
import json
import os
import socket
import sys
import threading
import time
from collections.abc import Iterator
from pathlib import Path

from grantsheet import swap
from grantsheet.errors import OUTPUTS, InputError, Location, problem
from grantsheet.faults import os_errors, os_problem

LOCK_NAME = ".grantsheet.lock"
HOLDER_NAME = ".grantsheet.lock.json"
SWAP_LOCK_NAME = ".grantsheet-swap.lock"
# Long enough for a second click or a second terminal to wait out a small build;
# short enough that nobody wonders whether the command hangs.
WAIT_SECONDS = 5.0
# A swap of a national set takes about a second, a reader's read (verify recalculating a
# national master) minutes: either waits this long for the other.
SWAP_WAIT_SECONDS = 600.0
POLL_SECONDS = 0.05  # how often a waiting run tries a lock again

_held: dict[tuple[str, int], int] = {}
_held_guard = threading.Lock()


def holder_info(command: str | None = None) -> dict[str, object]:
    try:
        user = getpass.getuser()
    except Exception:  # no login name (a service account, a container): the pid still says who
        user = "?"
    return {
        "pid": os.getpid(),
        "user": user,
        "host": socket.gethostname(),
        "command": command or " ".join([Path(sys.argv[0]).name, *sys.argv[1:]]),
        "since": dt.datetime.now().astimezone().isoformat(timespec="seconds"),
    }


def read_holder(outputs: Path) -> dict[str, object] | None:
    """Who holds the lock on ``outputs``, as that run wrote it; None when unknown."""
    try:
        found = json.loads((outputs / HOLDER_NAME).read_text(encoding="utf-8"))
    except (OSError, ValueError):
        return None
    return found if isinstance(found, dict) else None


@contextlib.contextmanager
def workspace_lock(outputs: Path, wait: float | None = None, command: str | None = None) -> Iterator[None]:
    """Hold the workspace lock of ``outputs`` for the ``with`` block.

    Waits up to ``wait`` seconds (``WAIT_SECONDS`` by default) for another run to finish, then raises ``InputError``
    with a problem that says who holds the lock and since when.
    """
    outputs = Path(outputs)
    key = (str(outputs.resolve() / LOCK_NAME), threading.get_ident())
    with _reentry(key) as again:
        if again:
            yield
            return

    try:
        outputs.mkdir(parents=True, exist_ok=True)
        lock = _acquire(outputs / LOCK_NAME, WAIT_SECONDS if wait is None else wait)
    except OSError as error:
        raise InputError([os_problem(error, outputs)], OUTPUTS) from None
    if lock is None:
        raise InputError([_locked_problem(outputs)], OUTPUTS)
    try:
        with _held_guard:
            _held[key] = 1
        _write_holder(outputs, command)
        with os_errors(outputs), swap_lock(outputs):
            # A run killed while it swapped its outputs in: whoever comes next finds the
            # previous complete set again (grantsheet.swap).
            swap.roll_back_all(outputs)
        yield
    finally:
        with _held_guard:
            _held.pop(key, None)
        (outputs / HOLDER_NAME).unlink(missing_ok=True)
        _release(lock)


@contextlib.contextmanager
def _reentry(key: tuple[str, int]) -> Iterator[bool]:
    """True inside the block when this thread holds ``key`` (a lock file, a thread) already:
    the hold is counted for the block, and the outer hold alone releases the lock."""
    with _held_guard:
        again = key in _held
        if again:
            _held[key] += 1
    try:
        yield again
    finally:
        if again:
            with _held_guard:
                _held[key] -= 1


@contextlib.contextmanager
def swap_lock(outputs: Path, wait: float = SWAP_WAIT_SECONDS) -> Iterator[None]:
    """Hold ``outputs``' swap lock: while a set is swapped in or rolled back, and while a
    reader reads it (``settled``). Reentrant within a thread; threads and processes exclude
    each other."""
    key = (str(Path(outputs).resolve() / SWAP_LOCK_NAME), threading.get_ident())
    with _reentry(key) as again:
        if again:
            yield
            return
    held = _acquire(Path(outputs) / SWAP_LOCK_NAME, wait)
    if held is None:
        busy = problem("outputs_busy", Location(str(Path(outputs) / SWAP_LOCK_NAME)), seconds=int(wait))
        raise InputError([busy], OUTPUTS)
    with _held_guard:
        _held[key] = 1
    try:
        yield
    finally:
        with _held_guard:
            _held.pop(key, None)
        _release(held)


@contextlib.contextmanager
def settled(outputs: Path) -> Iterator[None]:
    """For the ``with`` block, the outputs under ``outputs`` are complete sets, each the
    previous or the new one (#26.4): no swap runs meanwhile, and one a killed run left
    unfinished is rolled back first (as the next build would). Outputs that cannot be written
    (a read-only share) are read as they are when no swap was left in them, else refused."""
    outputs = Path(outputs)
    with contextlib.ExitStack() as stack:
        if outputs.is_dir() and _locked(stack, outputs):
            with os_errors(outputs):
                swap.roll_back_journals(outputs)
        elif left := swap.unfinished(outputs):
            raise InputError([problem("outputs_half_swapped", Location(str(left[0])))], OUTPUTS)
        yield


def _locked(stack: contextlib.ExitStack, outputs: Path) -> bool:
    """Hold ``outputs``' swap lock for ``stack``; False where no lock file can be made there."""
    try:
        stack.enter_context(swap_lock(outputs))
    except OSError:
        return False
    return True


def _write_holder(outputs: Path, command: str | None) -> None:
    temporary = outputs / f"{HOLDER_NAME}.{os.getpid()}"
    try:
        temporary.write_text(json.dumps(holder_info(command), ensure_ascii=False), encoding="utf-8")
        os.replace(temporary, outputs / HOLDER_NAME)
    except OSError:
        # Only the message to a second run needs it; a full disk is reported by the build itself.
        temporary.unlink(missing_ok=True)


def _locked_problem(outputs: Path):
    holder = read_holder(outputs) or {}
    return problem(
        "workspace_locked",
        Location(str(outputs / LOCK_NAME)),
        pid=holder.get("pid", "?"),
        user=holder.get("user", "?"),
        host=holder.get("host", "?"),
        command=holder.get("command", "?"),
        since=holder.get("since", "?"),
    )


if sys.platform == "win32":
    # filelock's msvcrt.locking, whose Windows path its maintainers test (docs/outputs-and-faults.md).
    from filelock import FileLock, Timeout

    def _acquire(path: Path, wait: float) -> FileLock | None:
        """``path``'s lock, held; None when another holder kept it for ``wait`` seconds."""
        lock = FileLock(str(path), timeout=wait)
        try:
            lock.acquire()
        except Timeout:
            return None
        return lock

    def _release(lock: FileLock) -> None:
        lock.release()

else:
    import fcntl

    def _acquire(path: Path, wait: float) -> int | None:
        """A descriptor of ``path`` holding its lock; None when another holder kept it for
        ``wait`` seconds. The lock belongs to the descriptor (flock), so another thread of
        this process waits for it as another process does."""
        handle = os.open(path, os.O_RDWR | os.O_CREAT, 0o666)
        deadline = time.monotonic() + wait
        while True:
            try:
                fcntl.flock(handle, fcntl.LOCK_EX | fcntl.LOCK_NB)
                return handle
            except BlockingIOError:
                if time.monotonic() >= deadline:
                    os.close(handle)
                    return None
            except OSError:
                os.close(handle)
                raise
            time.sleep(POLL_SECONDS)

    def _release(handle: int) -> None:
        os.close(handle)  # releases the lock, as the end of the process does
