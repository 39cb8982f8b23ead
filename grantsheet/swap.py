"""Put a build's whole set of outputs in place as one set, or not at all (#16.2).

The new files are first written into a staging folder. Then, with every precondition
checked (each folder is a folder and can be written, nothing is in the way, no link
leads out of the outputs), a journal is written, the previous files are kept in the
archive (hard links, else copies), the new files are renamed over them one by one, the
build journal's entry for the new set is appended (``Plan.appended``), and the journal
is removed: its removal, one atomic step, is the moment the new set becomes the outputs,
recorded (#26.1).

A run killed before that moment leaves the journal behind. The next run that takes the
workspace lock rolls the swap back from it: each previous file comes back from the
archive, each file that did not exist before goes, an appended file is cut back to its
size before, and the archive the swap began is removed. So after every kill the outputs are the previous complete set, and the next
build's change report compares with it. The new files are never rolled forward: the
officer did not see that run's report, so for them it did not happen.

Why a journal and not a folder per generation with one pointer to it: the files must keep
their paths (``outputs/<year>/grantsheet-<year>.xlsx``, the centres' folder) for the
officer, the mail drafts and Excel's list of recent files; Windows has no atomic rename of
one folder over another and no symlinks for ordinary users. A rename of one file over
another (``os.replace``) is atomic on POSIX and on Windows (MoveFileEx with
MOVEFILE_REPLACE_EXISTING).
"""

from __future__ import annotations

import contextlib
import json
import os
import shutil
import stat
import tempfile
from collections.abc import Callable, Sequence
from pathlib import Path
from typing import NamedTuple

from grantsheet.errors import OUTPUTS, InputError, Location, Problem, problem
from grantsheet.faults import os_problem

JOURNAL = ".grantsheet-swap.json"
STAGING = ".grantsheet-staging"  # beside the outputs in the year folder: a rename away from its place

# Point injection for the fault tests: called with the number of each step of a swap
# (1 before anything is changed, then after each file operation); a test's hook ends the
# process there. None in normal use.
step_hook: Callable[[int], None] | None = None


class Plan(NamedTuple):
    """One swap, relative to the year folder (POSIX-style paths, as the journal stores them)."""

    archive: str | None  # where the previous files are kept; None when there are none
    new: tuple[str, ...]  # files in staging, each renamed to the same path in the folder
    existed: tuple[str, ...]  # those of ``new`` that replace a previous file
    retired: tuple[str, ...]  # previous outputs not in the new set: moved into the archive
    # Files that grow by what staging holds under the same path (the build journal), each with
    # its size before (-1: absent): the set's own record goes in with the set (#26.1).
    appended: tuple[tuple[str, int], ...] = ()

    def to_json(self) -> str:
        return json.dumps(self._asdict(), ensure_ascii=False, indent=1)

    @classmethod
    def from_json(cls, text: str) -> Plan:
        found = json.loads(text)
        appended = tuple((str(name), int(size)) for name, size in found.get("appended", ()))
        return cls(found["archive"], tuple(found["new"]), tuple(found["existed"]), tuple(found["retired"]), appended)


class _Steps:
    def __init__(self) -> None:
        self.count = 0

    def __call__(self) -> None:
        self.count += 1
        if step_hook is not None:
            step_hook(self.count)


def check_preconditions(folder: Path, outputs: Path, plan: Plan) -> None:
    """Everything the swap needs, checked before anything is changed: each folder on the way
    is a real folder inside the outputs and can be written, each target is a file or absent."""
    problems: list[Problem] = []
    folders: set[Path] = {folder}
    for relative in (*plan.new, *plan.retired):
        for parent in Path(relative).parents:
            folders.add(folder / parent)
    if plan.archive is not None:
        folders.update(folder / parent for parent in Path(plan.archive).parents)
        for relative in plan.retired + plan.existed:
            folders.update(folder / plan.archive / parent for parent in Path(relative).parents)
    for path in sorted(folders):
        problems.extend(_folder_problems(path, outputs))
    for relative in (*plan.new, *(name for name, _ in plan.appended)):
        target = folder / relative
        if _is_link(target):
            problems.append(problem("output_link", Location(str(target)), target=_link_target(target)))
        elif target.exists() and not target.is_file():
            problems.append(problem("output_in_the_way", Location(str(target))))
    unique = list(dict.fromkeys(problems))
    if unique:
        raise InputError(unique, OUTPUTS)


def _folder_problems(path: Path, outputs: Path) -> list[Problem]:
    if _is_link(path):
        return [problem("output_link", Location(str(path)), target=_link_target(path))]
    if not path.exists():
        return []  # made by the swap, inside a folder checked here too
    if not path.is_dir():
        return [problem("output_in_the_way", Location(str(path)))]
    if not _inside(path, outputs):
        return [problem("output_link", Location(str(path)), target=str(path.resolve()))]
    try:
        handle, probe = tempfile.mkstemp(prefix=".grantsheet-probe-", dir=path)
        os.close(handle)
        os.unlink(probe)
    except OSError as error:
        return [os_problem(error, path)]
    return []


def refuse_links(folder: Path) -> None:
    """Refuse a year folder that is, or holds, a link (#16.3), before anything is read from it:
    read through, a link to an outside folder hides its forms from the rebuild, and written
    through, it replaces files outside the workspace or puts the archive there. A Windows
    junction is a link too."""
    problems: list[Problem] = []
    if _is_link(folder):
        problems.append(problem("output_link", Location(str(folder)), target=_link_target(folder)))
    elif folder.is_dir():
        for root, dirs, files in os.walk(folder):
            if Path(root).name == STAGING:
                dirs[:] = []
                continue
            for name in sorted(dirs + files):
                path = Path(root) / name
                if _is_link(path):
                    problems.append(problem("output_link", Location(str(path)), target=_link_target(path)))
            dirs[:] = sorted(d for d in dirs if not _is_link(Path(root) / d))
    if problems:
        raise InputError(problems, OUTPUTS)


# The reparse points that lead elsewhere: a symbolic link and a junction (mount point). Other
# reparse points are files and folders where they stand: OneDrive's (cloud files: every
# folder of a synced library, and a file not yet downloaded), deduplicated files.
_LINK_TAGS = (0xA000000C, 0xA0000003)  # IO_REPARSE_TAG_SYMLINK, IO_REPARSE_TAG_MOUNT_POINT (Windows' stat only)


def _is_link(path: Path) -> bool:
    """A symlink or a Windows junction (before Python 3.12 has ``os.path.isjunction``, only
    the reparse tag tells); a OneDrive folder or file is a reparse point too, and no link."""
    try:
        found = os.lstat(path)
    except OSError:
        return False
    if stat.S_ISLNK(found.st_mode):
        return True
    reparse = getattr(found, "st_file_attributes", 0) & stat.FILE_ATTRIBUTE_REPARSE_POINT
    return bool(reparse) and getattr(found, "st_reparse_tag", 0) in _LINK_TAGS


def _link_target(path: Path) -> str:
    try:
        return str(path.readlink())
    except OSError:
        return "?"


def _inside(path: Path, outputs: Path) -> bool:
    return path.resolve().is_relative_to(outputs.resolve())


def _durable_write(path: Path, text: str) -> None:
    temporary = path.with_name(path.name + ".new")
    with open(temporary, "w", encoding="utf-8") as handle:
        handle.write(text)
        handle.flush()
        os.fsync(handle.fileno())
    os.replace(temporary, path)
    _sync_folder(path.parent)


def _sync_folder(folder: Path) -> None:
    """Make a rename in ``folder`` durable (POSIX; Windows has no directory handles to sync)."""
    if os.name != "posix":
        return
    handle = os.open(folder, os.O_RDONLY)
    try:
        os.fsync(handle)
    finally:
        os.close(handle)


def _keep(target: Path, copy: Path) -> None:
    """``target`` as it is now, also at ``copy``: a hard link where the file system has
    them (the replace that follows gives ``target`` a new file and leaves this one to the
    archive, without copying the bytes), else a copy."""
    copy.parent.mkdir(parents=True, exist_ok=True)
    if copy.exists():
        return
    try:
        os.link(target, copy)
    except OSError:  # FAT and exFAT drives, some network shares
        shutil.copy2(target, copy)


def swap(folder: Path, staging: Path, plan: Plan, outputs: Path) -> None:
    """Make ``plan``'s new files the outputs in ``folder``, as one set (see the module)."""
    check_preconditions(folder, outputs, plan)
    step = _Steps()
    step()
    journal = folder / JOURNAL
    _durable_write(journal, plan.to_json())
    step()
    try:
        archive = folder / plan.archive if plan.archive is not None else None
        for relative in plan.existed:
            assert archive is not None
            _keep(folder / relative, archive / relative)
            step()
        for relative in plan.new:
            target = folder / relative
            target.parent.mkdir(parents=True, exist_ok=True)
            os.replace(staging / relative, target)  # atomic: the old file or the new one, never half
            step()
        for relative in plan.retired:
            assert archive is not None
            moved = archive / relative
            moved.parent.mkdir(parents=True, exist_ok=True)
            os.replace(folder / relative, moved)
            step()
        for relative, _ in plan.appended:
            _append(staging / relative, folder / relative)
            step()
        _sync_folder(folder)
    except BaseException:
        # An error half-way (a file held open on Windows, a full disk for a copy): the
        # previous set comes back now, as a killed run's would on the next run.
        with contextlib.suppress(OSError):
            roll_back(folder)
        raise
    journal.unlink()  # the new set is the outputs from here on
    _remove_emptied(folder, plan.retired)
    step()


def _remove_emptied(folder: Path, retired: Sequence[str]) -> None:
    """Each folder the retired files leave empty, removed: the folder of an earlier name
    (``layout.folder_names``: hälsocentraler/ before mottagare/) goes with its last file,
    and no empty second folder is left beside today's. A folder still holding anything (a
    file that is no output of ours) stays; one that cannot be removed is left as it is."""
    emptied = {parent for relative in retired for parent in Path(relative).parents if parent != Path(".")}
    for relative in sorted(emptied, key=lambda path: len(path.parts), reverse=True):
        with contextlib.suppress(OSError):  # not empty, or held open: it stays
            (folder / relative).rmdir()


def _append(source: Path, target: Path) -> None:
    with open(target, "ab") as handle:
        handle.write(source.read_bytes())
        handle.flush()
        os.fsync(handle.fileno())


def roll_back(folder: Path) -> bool:
    """Undo a swap that did not finish in ``folder``; True if there was one.

    Each step checks what is on disk, so a rollback killed half-way is finished by the next.
    """
    journal = folder / JOURNAL
    if not journal.is_file():
        return False
    plan = Plan.from_json(journal.read_text(encoding="utf-8"))
    archive = folder / plan.archive if plan.archive is not None else None
    existed = set(plan.existed)
    for relative in plan.retired:
        assert archive is not None
        kept, original = archive / relative, folder / relative
        if kept.exists() and not original.exists():
            os.replace(kept, original)
    for relative in plan.new:
        target = folder / relative
        if relative in existed:
            assert archive is not None
            kept = archive / relative
            if kept.exists():
                os.replace(kept, target)
        else:
            target.unlink(missing_ok=True)
    for relative, size in plan.appended:
        target = folder / relative
        if size < 0:
            target.unlink(missing_ok=True)
        elif target.is_file() and target.stat().st_size > size:
            os.truncate(target, size)
    if archive is not None:
        shutil.rmtree(archive, ignore_errors=True)
    shutil.rmtree(folder / STAGING, ignore_errors=True)
    journal.unlink()
    return True


def roll_back_all(outputs: Path) -> list[Path]:
    """Every unfinished swap under ``outputs`` (one per year folder) rolled back, and the
    staging folder of a run killed before its swap began removed (by the holder of the
    workspace lock only: another run's staging folder is its work in progress)."""
    rolled = roll_back_journals(outputs)
    for staging in outputs.glob(f"*/{STAGING}"):
        shutil.rmtree(staging, ignore_errors=True)
    return rolled


def unfinished(outputs: Path) -> list[Path]:
    """The journal of each swap under ``outputs`` that has not finished."""
    return sorted(outputs.glob(f"*/{JOURNAL}"))


def roll_back_journals(outputs: Path) -> list[Path]:
    """Every unfinished swap under ``outputs`` rolled back; the year folders it was in."""
    return [journal.parent for journal in unfinished(outputs) if roll_back(journal.parent)]


def plan_swap(
    folder: Path, new: Sequence[Path], previous: Sequence[Path], archive: Path | None, appended: Sequence[Path] = ()
) -> Plan:
    """The plan for replacing ``previous`` (absolute paths of the previous outputs) by ``new``
    (relative paths in staging); ``archive`` is where the previous files go; each of
    ``appended`` (relative) grows by the staged file of its path."""
    new_rel = tuple(p.as_posix() for p in new)
    existed = tuple(r for r in new_rel if (folder / r).exists() or (folder / r).is_symlink())
    targets = set(new_rel)
    # One file may hold several previous outputs (a zip of the centres' files): moved once (#26.3).
    previous_rel = dict.fromkeys(p.relative_to(folder).as_posix() for p in previous)
    retired = tuple(rel for rel in previous_rel if rel not in targets)
    archive_rel = archive.relative_to(folder).as_posix() if archive is not None else None
    sizes = tuple((p.as_posix(), (folder / p).stat().st_size if (folder / p).is_file() else -1) for p in appended)
    return Plan(archive_rel, new_rel, existed, retired, sizes)
