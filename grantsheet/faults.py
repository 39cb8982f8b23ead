"""Operating-system errors as located problems with a fix (a full disk, a read-only
folder, a file held open by another program), never a traceback."""

from __future__ import annotations

import contextlib
import errno
import shutil
import traceback
import zipfile
from collections.abc import Iterator
from pathlib import Path

from grantsheet.errors import OUTPUTS, InputError, Location, Problem, problem

MB = 1024 * 1024
# Windows reports a file held open by another program (Excel) as a sharing violation.
_WINDOWS_SHARING_VIOLATION = 32


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
    if getattr(error, "winerror", None) == _WINDOWS_SHARING_VIOLATION:
        return problem("file_in_use", location)
    if code in (errno.EACCES, errno.EPERM, errno.EROFS):
        return problem("folder_not_writable", location, folder=str(where), detail=error.strerror or str(error))
    if code == errno.ENAMETOOLONG:
        return problem("path_too_long", location, length=len(str(path)))
    return problem("os_error", location, detail=error.strerror or str(error), code=code)


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
