"""Every file in a returns folder or an outputs folder: read, or named with the reason and a fix.

Centres send their forms back as they saved them: an .xlsx, an .ods from LibreOffice, a
.zip from a mail program, a legacy .xls. ``gather`` turns the files and folders it is given
into the workbooks to read, each an .xlsx on disk:

- an .xlsx is read as it is;
- an .ods is converted to .xlsx by LibreOffice (headless, a private profile, in a
  temporary folder), all of them in one call; where LibreOffice is missing the message
  says to save it as .xlsx;
- a .zip is opened and its workbooks taken out, within ``safety``'s bounds and the size of
  a follow-up form;
- a workbook grantsheet cannot read (.xls, .xlsb, encrypted, damaged) is a problem: it may
  hold a centre's entries, so the run stops and says so;
- a file that is no workbook (a PDF, a note, a lock file) is named in a note, and the run
  goes on.

The archive of earlier builds under a returns folder is history, not returns: it is
named once and not read.
"""

from __future__ import annotations

import contextlib
import datetime as dt
import os
import tempfile
import zipfile
from collections.abc import Iterator, Sequence
from pathlib import Path, PurePosixPath
from typing import NamedTuple

from grantsheet import safety
from grantsheet.errors import RETURNS, Location, Problem, problem, warning
from grantsheet.journal import JOURNAL_NAME
from grantsheet.layout import folder_names, is_base_file
from grantsheet.pdfs import is_print
from grantsheet.readback import MAX_FILE_BYTES, is_lock_file
from grantsheet.swap import STAGING

WORKBOOK_SUFFIXES = (".xlsx", ".xlsm")
ODS_SUFFIXES = (".ods",)
READ_SUFFIXES = WORKBOOK_SUFFIXES + ODS_SUFFIXES  # what a returned form may be saved as
ZIP_SUFFIXES = (".zip",)
# A file that is not a workbook at all: named in a note, the run goes on.
NOT_WORKBOOK = ("file_not_spreadsheet", "file_text_misnamed", "file_web_page", "file_empty")
# A mail program's or an operating system's own entries in a zip, never a centre's file.
ZIP_JUNK = ("__MACOSX/",)


class Found(NamedTuple):
    """A workbook to read: ``path`` is an .xlsx on disk; the rest says where it came from."""

    path: Path  # the file itself, or its converted or unpacked copy
    original: Path  # the file on disk that holds it: the .xlsx, the .ods, the .zip
    label: str  # how messages name it: "HC1.xlsx", "HC1.ods", "svar.zip/HC1.xlsx"
    location: str  # where a problem in it is: the path, or "<zip path>/<member>"
    converted: bool = False  # ``path`` is LibreOffice's .xlsx of an .ods

    @property
    def direct(self) -> bool:
        """The workbook is the file on disk itself, neither converted nor unpacked."""
        return self.path == self.original

    def relocated(self, found: Problem) -> Problem:
        """``found`` (a problem reading ``path``) located at the file the officer knows, and
        said more plainly where the file is a legacy .xls or an encrypted workbook under an
        .xlsx name (checked only once reading failed: a rebuild reads a thousand forms)."""
        if self.direct:
            with self.path.open("rb") as handle:
                if handle.read(len(safety.OLE_MAGIC)) == safety.OLE_MAGIC:
                    _, refusal = safety.inspect_file(self.path)
                    if refusal is not None:
                        return problem(refusal.kind, Location(self.location), **refusal.params)
        return found._replace(location=found.location._replace(file=self.location))


class Pending(NamedTuple):
    """An .ods to convert: ``path`` on disk (perhaps unpacked from ``original``, a zip)."""

    path: Path
    original: Path
    label: str
    location: str


class Gathered(NamedTuple):
    items: list[tuple[Path, Found | Problem]]  # in the order of the files: what each became

    @property
    def workbooks(self) -> list[Found]:
        return [item for _, item in self.items if isinstance(item, Found)]

    @property
    def problems(self) -> list[Problem]:
        """Files that may hold entries but cannot be read: the run stops."""
        return [item for _, item in self.items if isinstance(item, Problem) and item.severity != "warning"]

    @property
    def notes(self) -> list[Problem]:
        """Files that were not read, and why: the run goes on."""
        return [item for _, item in self.items if isinstance(item, Problem) and item.severity == "warning"]


def excluded_dirs() -> set[str]:
    """Folders of a year's outputs that hold no output a build reads: the archive, the staging
    folder, the e-mail drafts (grantsheet mail)."""
    return folder_names("archive") | {STAGING} | folder_names("mail")


def files_under(paths: Sequence[Path], role: str) -> list[tuple[Path, Problem | None]]:
    """Every file of ``paths`` (folders walked, sorted, the build journal left out), each with a
    note when it is left unread as a whole folder (the archive)."""
    found: list[tuple[Path, Problem | None]] = []
    for path in paths:
        if not path.is_dir():
            found.append((path, None))
            continue
        excluded = excluded_dirs()
        for root, dirs, names in os.walk(path):
            folder = Path(root)
            kept = sorted(d for d in dirs if d not in excluded)
            if role == RETURNS:
                # The drafts grantsheet mail wrote are no returns and no history: not named.
                for skipped in sorted(set(dirs) - set(kept) - folder_names("mail")):
                    found.append((folder / skipped, warning("gather_archive_skipped", Location(str(folder / skipped)))))
            dirs[:] = kept
            # A build's recorded base (grantsheet.base) and its journal are the cycle's own
            # bookkeeping, not returns.
            found.extend(
                (folder / name, None) for name in sorted(names) if not is_base_file(name) and name != JOURNAL_NAME
            )
    return found


@contextlib.contextmanager
def gather(paths: Sequence[Path], role: str = RETURNS) -> Iterator[Gathered]:
    """The workbooks in ``paths`` (files and folders) and what was not read; converted and
    unpacked copies live until the ``with`` block ends."""
    with tempfile.TemporaryDirectory(prefix="grantsheet-gather-") as tmp:
        work = Path(tmp)
        items: list[tuple[Path, Found | Problem | None]] = []
        to_convert: list[tuple[int, Pending]] = []
        for number, (path, note) in enumerate(files_under(paths, role)):
            if note is not None:
                items.append((path, note))
                continue
            for item in _classify(path, work / str(number)):
                if isinstance(item, Pending):
                    to_convert.append((len(items), item))
                    items.append((path, None))
                else:
                    items.append((path, item))
        for index, found in _converted(to_convert, work / "converted"):
            items[index] = (items[index][0], found)
        yield Gathered([(path, item) for path, item in items if item is not None])


def _classify(path: Path, work: Path) -> list[Found | Problem | Pending]:
    """What one file on disk holds: workbooks, problems, notes, or .ods files to convert."""
    suffix = path.suffix.lower()
    where = Location(str(path))
    if is_lock_file(path):
        return [warning("gather_lock_file", where, name=path.name)]
    if path.name.startswith("."):
        # No program saves a workbook someone sent under a hidden name: a run killed while it
        # wrote (``atomic.atomic_path``'s temporary file, cut short) or a Mac's ._ file. Read,
        # it was a broken return that stopped the next collect and rebuild (#26.13).
        return [warning("gather_hidden_file", where, name=path.name)]
    if suffix in ZIP_SUFFIXES:
        return unpacked(path, work)
    if suffix in ODS_SUFFIXES:
        return [Pending(path, path, path.name, str(path))]
    if suffix in WORKBOOK_SUFFIXES:
        return [Found(path, path, path.name, str(path))]
    if is_print(path):
        return []  # build --pdf's print of the workbook beside it: it holds nothing more
    kind, refusal = safety.inspect_file(path)
    if refusal is None and kind == safety.XLSX:  # a workbook under another name
        return [Found(path, path, path.name, str(path))]
    if refusal is not None and refusal.kind == "file_ods":
        return [Pending(path, path, path.name, str(path))]
    if refusal is None or refusal.kind in NOT_WORKBOOK:
        return [warning("gather_not_workbook", where, suffix=suffix or "-")]
    return [problem(refusal.kind, where, **refusal.params)]


def unpacked(path: Path, work: Path, name: str | None = None) -> list[Found | Problem | Pending]:
    """The workbooks inside a zip, unpacked into ``work``; the zip's other members named.

    ``name``: what the user calls the zip where ``path`` is a temporary copy (an upload)."""
    where = Location(name or str(path))
    try:
        with zipfile.ZipFile(path) as archive:
            infos = archive.infolist()
            refusal = safety.zip_bounds(infos)
            if refusal is not None:
                return [problem(refusal.kind, where, **refusal.params)]
            if any(info.flag_bits & 0x1 for info in infos):
                return [problem("file_encrypted", where)]
            items: list[Found | Problem | Pending] = []
            for number, info in enumerate(infos):
                member = PurePosixPath(info.filename)
                if info.is_dir() or info.filename.startswith(ZIP_JUNK) or member.name.startswith("._"):
                    continue
                label, location = f"{name or path.name}/{info.filename}", f"{name or path}/{info.filename}"
                if is_lock_file(Path(member.name)):
                    items.append(warning("gather_lock_file", Location(location), name=member.name))
                    continue
                suffix = member.suffix.lower()
                if suffix not in READ_SUFFIXES:
                    items.append(warning("gather_not_workbook", Location(location), suffix=suffix or "-"))
                    continue
                if info.file_size > MAX_FILE_BYTES:
                    items.append(
                        problem(
                            "return_too_large",
                            Location(location),
                            size=safety.mib(info.file_size),
                            limit=safety.mib(MAX_FILE_BYTES),
                        )
                    )
                    continue
                target = work / str(number) / member.name
                target.parent.mkdir(parents=True)
                target.write_bytes(archive.read(info))
                # The member's own time, as the file had when it was zipped: the file's age.
                moment = dt.datetime(*info.date_time).timestamp()
                os.utime(target, (moment, moment))
                items.append((Pending if suffix in ODS_SUFFIXES else Found)(target, path, label, location))
            return items
    except (zipfile.BadZipFile, zipfile.LargeZipFile, EOFError, NotImplementedError, ValueError, OSError) as error:
        return [problem("file_corrupt", where, detail=type(error).__name__)]


def _converted(pending: list[tuple[int, Pending]], folder: Path) -> Iterator[tuple[int, Found | Problem]]:
    """Each .ods as an .xlsx LibreOffice wrote, in one call for all; or why it could not be."""
    if not pending:
        return
    # Here only: grantsheet.recalc imports openpyxl, which a rebuild without an .ods never needs.
    from grantsheet.recalc import RecalcError, find_soffice, recalculate, soffice_places

    if find_soffice() is None:
        for index, ods in pending:
            yield index, problem("ods_no_libreoffice", Location(ods.location), looked=", ".join(soffice_places()))
        return
    sources = [ods.path for _, ods in pending]
    try:
        copies = recalculate(sources, folder)
    except RecalcError as error:
        detail = str(error).splitlines()[0]
        for index, ods in pending:
            yield index, problem("ods_unconvertible", Location(ods.location), detail=detail)
        return
    for (index, ods), copy in zip(pending, copies):
        # The copy is as old as the .ods: whatever decides by a file's age sees the .ods.
        stat = ods.path.stat()
        os.utime(copy, (stat.st_atime, stat.st_mtime))
        yield index, Found(copy, ods.original, ods.label, ods.location, converted=True)
