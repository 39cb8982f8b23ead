"""Operating-system errors as located problems with a fix (a full disk, a read-only
folder, a file held open by another program), never a traceback."""

from __future__ import annotations

import contextlib
import errno
import os
import shutil
import traceback
import zipfile
from collections.abc import Iterable, Iterator
from pathlib import Path

from grantsheet.errors import OUTPUTS, InputError, Location, Problem, problem

MB = 1024 * 1024
# Windows reports a file held open by another program (Excel) as a sharing violation (32),
# and replacing or deleting a file Excel holds open as access denied (5).
_WINDOWS_SHARING_VIOLATION = 32
_WINDOWS_ACCESS_DENIED = 5
WINDOWS = os.name == "nt"
# Excel opens no workbook whose full path (folder, name and extension) is longer than this.
EXCEL_MAX_PATH = 218


def free_megabytes(where: Path) -> int | None:
    for folder in (where, *where.parents):
        try:
            return shutil.disk_usage(folder).free // MB
        except OSError:
            continue
    return None


def folder_megabytes(folder: Path) -> int:
    """What the files under ``folder`` take: about what a new build of it needs."""
    total = 0
    if folder.is_dir():
        for path in folder.rglob("*"):
            with contextlib.suppress(OSError):
                if path.is_file() and not path.is_symlink():
                    total += path.stat().st_size
    return -(-total // MB)


def os_problem(error: OSError, where: Path, needed_from: Path | None = None) -> Problem:
    """``error`` as a problem located at the file it names (else ``where``)."""
    path = error.filename or where
    location = Location(str(path))
    code = error.errno
    if code in (errno.ENOSPC, errno.EDQUOT):
        return problem(
            "disk_full",
            location,
            free=free_megabytes(Path(path)) or 0,
            needed=folder_megabytes(needed_from or where) or 1,
            folder=str(where),
        )
    if _held_open(error, Path(path)):
        return problem("file_in_use", location)
    if code in (errno.EACCES, errno.EPERM, errno.EROFS):
        return problem("folder_not_writable", location, folder=str(where), detail=error.strerror or str(error))
    if code == errno.ENAMETOOLONG:
        return problem("path_too_long", location, length=len(str(path)))
    return problem("os_error", location, detail=error.strerror or str(error), code=code)


def _held_open(error: OSError, path: Path) -> bool:
    """Whether Windows refused ``path`` because a program holds it open: a sharing violation,
    or access denied to a file that exists in a folder that may be written (a read-only
    folder or file is told as such)."""
    code = getattr(error, "winerror", None)
    if code == _WINDOWS_SHARING_VIOLATION:
        return True
    if code != _WINDOWS_ACCESS_DENIED:
        return False
    with contextlib.suppress(OSError):
        return path.is_file() and os.access(path, os.W_OK) and os.access(path.parent, os.W_OK)
    return False


def lock_file(path: Path) -> Path | None:
    """The lock file beside ``path`` while Excel or LibreOffice holds it open, if present: Excel
    names it ``~$`` and the file's name, or for a longer name ``~$`` in place of its first two
    characters; LibreOffice ``.~lock.`` + name + ``#`` (letter case aside, as Windows)."""
    name = path.name.casefold()
    wanted = (f"~${name}", f"~${name[2:]}", f".~lock.{name}#")
    try:
        held = [p for p in path.parent.iterdir() if p.name.startswith(("~$", ".~lock."))]
    except OSError:
        return None
    return next((p for lock in wanted for p in held if p.name.casefold() == lock), None)


def refuse_long_paths(outputs: Path, written: Iterable[Path], windows: bool | None = None) -> None:
    """On Windows, ``InputError`` when the longest of ``written`` (paths relative to
    ``outputs``, archive copies included) is too long for Excel to open, naming ``outputs``
    as the folder to shorten and by how much: the build would write files the officer
    cannot open."""
    if not (WINDOWS if windows is None else windows):
        return
    folder = os.path.abspath(outputs)
    longest = max((os.path.join(folder, path) for path in written), key=len, default="")
    if len(longest) > EXCEL_MAX_PATH:
        over = len(longest) - EXCEL_MAX_PATH
        raise InputError(
            [
                problem(
                    "path_too_long_for_excel",
                    Location(folder),
                    path=longest,
                    length=len(longest),
                    limit=EXCEL_MAX_PATH,
                    folder=folder,
                    over=over,
                )
            ],
            OUTPUTS,
        )


def refuse_open_outputs(paths: Iterable[Path]) -> None:
    """``InputError`` naming every file of ``paths`` a spreadsheet program has open: replacing
    it would fail on Windows, or leave the program's copy to overwrite the new one."""
    found = [(path, lock) for path in paths if (lock := lock_file(path)) is not None]
    if found:
        raise InputError(
            [problem("output_file_open", Location(str(path)), lock=lock.name) for path, lock in found], OUTPUTS
        )


@contextlib.contextmanager
def os_errors(where: Path, needed_from: Path | None = None) -> Iterator[None]:
    """Turn an ``OSError`` raised in the block into an ``InputError`` located at its file."""
    try:
        yield
    except InputError:
        raise
    except Exception as error:
        close_left_open(error)
        cause = os_error_in(error)
        if cause is None:
            raise
        raise InputError([os_problem(cause, where, needed_from)], OUTPUTS) from None


def close_left_open(error: BaseException) -> None:
    """Close the zip files the frames of ``error`` left open: a workbook writer stopped by a
    full disk leaves its ``ZipFile``, whose ``__del__`` later tries to finish it, fails again
    and prints "Exception ignored in: ZipFile.__del__" with a traceback before the located
    message (#26.13). Closed here, its failure is the error already being reported."""
    seen: set[int] = set()
    pending: list[BaseException | None] = [error]
    while pending:
        found = pending.pop()
        if found is None or id(found) in seen:
            continue
        seen.add(id(found))
        for frame, _ in traceback.walk_tb(found.__traceback__):
            for value in frame.f_locals.values():
                if isinstance(value, zipfile.ZipFile):
                    with contextlib.suppress(OSError, ValueError):
                        value.close()
        # XlsxWriter raises its own error from the one the zip file met.
        pending += [found.__cause__, found.__context__, *(a for a in found.args if isinstance(a, BaseException))]


def os_error_in(error: BaseException) -> OSError | None:
    """The ``OSError`` behind ``error``: itself, or the one a library wrapped (XlsxWriter's
    ``FileCreateError`` carries it as its argument, also when it comes back from a worker)."""
    seen: set[int] = set()
    found: BaseException | None = error
    while found is not None and id(found) not in seen:
        seen.add(id(found))
        if isinstance(found, OSError):
            return found
        wrapped = next((a for a in found.args if isinstance(a, OSError)), None)
        found = wrapped or found.__cause__ or (None if found.__suppress_context__ else found.__context__)
    return None
