"""A workbook grantsheet wrote, opened again: what it says it is, and its sheets as written.

``workbook_info`` reads the custom document properties (kind, centre, seal, year, grant,
form, base, and the file format with ``grantsheet.fileformat``); ``OutputBook`` gives the
sheets' cells, formulas as formulas; ``read_or_problem`` turns whatever a damaged file
raises into a located problem. Every reader of grantsheet's outputs starts here (the
rebuild, verify, collect, diff, export); no writer imports it.
"""

from __future__ import annotations

import datetime as dt
import zipfile
from collections.abc import Callable
from pathlib import Path
from typing import NamedTuple, TypeVar

from defusedxml import ElementTree

from grantsheet import fileformat, texts, xlsx
from grantsheet.errors import Location, Problem, problem
from grantsheet.layout import (
    BASE_PROPERTY,
    CENTRE,
    CENTRE_ID_PROPERTY,
    FORM_PROPERTY,
    FORMAT_PROPERTY,
    GRANT_PROPERTY,
    KIND_PROPERTY,
    LANG_PROPERTY,
    ROUNDING_PROPERTY,
    SEAL_PROPERTY,
    SIGNATURE_PROPERTY,
    SIGNER_PROPERTY,
    VERSION_PROPERTY,
    YEAR_PROPERTY,
    view_text,
)
from grantsheet.safety import Refusal, Refused, mib

MAX_FILE_BYTES = 20_000_000
# A centre's form as grantsheet writes it has a few dozen rows on each sheet and unpacks to
# about 100 kB. A returned form is read within bounds far above that and far below what
# would make a rebuild write a master no reader can open (#16.1): one row past them, or a
# form that unpacks to more, is refused once, in the time it takes to read that far.
MAX_FORM_ROWS = 1_000


MAX_FORM_UNPACKED = 32 * 1024 * 1024


CUSTOM_PROPERTIES_PART = "docProps/custom.xml"


MAX_PROPERTIES_BYTES = 1_000_000


Cells = dict[int, dict[int, xlsx.Cell]]  # 1-based row -> 0-based column -> cell as written


Read = TypeVar("Read")


class TooLarge(ValueError):
    """A workbook larger than the bound it is read under."""

    def __init__(self, path: Path, size: int, limit: int) -> None:
        super().__init__(f"{path.name} is {size} bytes, more than {limit}")
        self.size = size
        self.limit = limit


def read_or_problem(path: Path, role: str, read: Callable[[], Read]) -> Read | Problem:
    """``read()``, or the located problem when the workbook at ``path`` cannot be read back:
    ``<role>_too_large`` or ``<role>_unreadable`` (``texts.PROBLEMS``), or the kind of
    ``safety``'s refusal (a zip bomb).

    A workbook damaged after grantsheet wrote it (cut short, a part missing, bad XML, not
    a zip at all) fails somewhere in the zip, XML or openpyxl layers, with whatever
    exception that layer raises. What was typed into it must be reported, never skipped
    and never a crash. The detail names only the exception's type: a parser's message can
    quote cell contents, personal identity numbers among them.
    """
    try:
        return read()
    except Refused as error:
        return problem(error.refusal.kind, Location(str(path)), **error.refusal.params)
    except fileformat.NewerFormat as error:
        return error.problems[0]
    except TooLarge as error:
        return problem(f"{role}_too_large", Location(str(path)), size=mib(error.size), limit=mib(error.limit))
    except Exception as error:  # noqa: BLE001 - damaged: see above
        return problem(f"{role}_unreadable", Location(str(path)), detail=type(error).__name__)


class OutputBook:
    """A grantsheet output opened to read its sheets as written (a formula cell gives its
    formula), the way openpyxl reads them without ``data_only``.

    Read by ``grantsheet.xlsx``: a rebuild reads every previous output back, faster than
    openpyxl would (docs/decisions/own-xlsx-reader.md). A sheet with a formula only
    openpyxl rewrites (shared, array) is read by openpyxl instead.
    """

    def __init__(
        self, path: Path, max_bytes: int | None = None, form: bool = False, info: WorkbookInfo | None = None
    ) -> None:
        """``form``: a centre's form, perhaps returned from outside, read within its bounds
        (``MAX_FORM_ROWS``, ``MAX_FORM_UNPACKED``); a ``safety.Refused`` past them. ``info``:
        its ``workbook_info``, when the caller has read it already."""
        size = path.stat().st_size
        if max_bytes is not None and size > max_bytes:
            raise TooLarge(path, size, max_bytes)
        self.path = path
        self._book = xlsx.Workbook(path)
        self._max_rows = MAX_FORM_ROWS if form else None
        if form and self._book.unpacked_size() > MAX_FORM_UNPACKED:
            unpacked = self._book.unpacked_size()
            self._book.close()
            raise Refused(Refusal("form_unpacks_too_large", {"size": mib(unpacked), "limit": mib(MAX_FORM_UNPACKED)}))
        self._sheets = {entry.title: entry for entry in self._book.sheets}
        self._read: dict[str, Cells] = {}  # each sheet parsed once, however often it is asked for
        self.names_disagree: str | None = None  # set by followup.locate_form (#26.8)
        self._info = info

    @property
    def info(self) -> WorkbookInfo:
        """What the workbook's document properties say it is (``workbook_info``), read once."""
        if self._info is None:
            self._info = workbook_info(self.path)
        return self._info

    def __enter__(self) -> OutputBook:
        return self

    def __exit__(self, *exc: object) -> None:
        self.close()

    def close(self) -> None:
        self._book.close()

    @property
    def sheetnames(self) -> list[str]:
        return list(self._sheets)

    def sheet_named(self, key: str) -> str | None:
        """The sheet whose name is ``texts`` entry ``key`` in either language, if any."""
        names = texts.all_labels(key)
        return next((name for name in self._sheets if name in names), None)

    def cells(self, sheet: str) -> Cells:
        if sheet not in self._read:
            try:
                self._read[sheet] = self._book.cells(self._sheets[sheet], self._max_rows)
            except xlsx.Unsupported:
                self._read[sheet] = cells_by_openpyxl(self.path, sheet, self._max_rows)
        return self._read[sheet]

    def rows(self, sheet: str, min_row: int = 1) -> list[tuple[object, ...]]:
        """Each row's values from ``min_row`` (1-based) to the last, as openpyxl's
        ``iter_rows(values_only=True)`` gives them: as wide as the sheet's widest row."""
        cells = self.cells(sheet)
        width = max((col + 1 for by_col in cells.values() for col in by_col), default=0)
        empty = xlsx.Cell(None, False)
        return [
            tuple(cells.get(number, {}).get(col, empty).value for col in range(width))
            for number in range(min_row, max(cells, default=0) + 1)
        ]

    @property
    def created(self) -> dt.datetime | None:
        """The build time the workbook records (its core property ``created``)."""
        return self._book.created

    @property
    def saved(self) -> float:
        """When the document was last saved, by its own record (core property ``modified``,
        else ``created``) as a POSIX time; 0 when it records neither, or a time still to
        come (``saved_ahead``): a clock set wrong or a date typed into the file never wins a
        conflict by itself (#26.9)."""
        moment = self._book.modified or self._book.created
        if moment is None or self.saved_ahead is not None:
            return 0.0
        return moment.replace(tzinfo=dt.UTC).timestamp()

    @property
    def saved_ahead(self) -> dt.datetime | None:
        """The saved time the document records (UTC), when it is later than now."""
        moment = self._book.modified or self._book.created
        return moment if moment is not None and moment.replace(tzinfo=dt.UTC) > dt.datetime.now(dt.UTC) else None

    @property
    def defined_names(self) -> dict[str, str]:
        return self._book.defined_names

    @property
    def title(self) -> str | None:
        return self._book.title

    @property
    def resaved(self) -> bool:
        """Saved again after grantsheet wrote it, by its own record: grantsheet writes the
        same ``created`` and ``modified``, and every program that saves it moves ``modified``."""
        created, modified = self._book.created, self._book.modified
        return created is not None and modified is not None and modified > created


def cells_by_openpyxl(path: Path, sheet: str, max_rows: int | None = None) -> Cells:
    """A sheet's cells as openpyxl reads them, which rewrites a shared formula for each cell.

    openpyxl is imported here only: its import is a noticeable share of a small build.
    """
    from grantsheet.openpyxl_read import load_workbook

    book = load_workbook(path, read_only=True)
    try:
        worksheet = book[sheet]
        worksheet.reset_dimensions()
        cells: Cells = {}
        for row in worksheet.iter_rows():
            if max_rows is not None and row and row[0].row > max_rows:
                raise Refused(Refusal("sheet_too_many_rows", {"sheet": sheet, "limit": max_rows}))
            for cell in row:
                if hasattr(cell, "column"):  # not an EmptyCell: the cell is in the file
                    cells.setdefault(cell.row, {})[cell.column - 1] = xlsx.Cell(cell.value, cell.data_type == "f")
        return cells
    finally:
        book.close()


class WorkbookInfo(NamedTuple):
    """What kind of grantsheet workbook a file is, from its custom document properties."""

    path: Path
    kind: str | None  # "master", "centre" or None (not written by grantsheet)
    centre_id: str | None
    seal: str | None
    year: str | None
    grant: str | None = None  # grantsheet.identity: None in workbooks written before it
    form: str | None = None
    base: str | None = None  # the id of the recorded base it was written with (grantsheet.base)
    format: int = fileformat.UNVERSIONED  # the format it was written in (grantsheet.fileformat)
    version: str | None = None  # the grantsheet that wrote it; None before 0.2.0
    signer: str | None = None  # a master's: the public key that signed its seal (grantsheet.signing)
    signature: str | None = None
    view: str | None = None  # a centre file's presentation as its build laid it out (format 4, #26.6)
    rounding: str | None = None  # a master's pools' rounding rules by id (format 7, layout.ROUNDING_PROPERTY)
    lang: str | None = None  # the language a centre's file was written in (format 6, layout.LANG_PROPERTY)


def is_lock_file(path: Path) -> bool:
    """Excel's ``~$name.xlsx`` and LibreOffice's ``.~lock.name.xlsx#``."""
    return path.name.startswith("~$") or (path.name.startswith(".~lock.") and path.name.endswith("#"))


def workbook_info(path: Path) -> WorkbookInfo:
    """Read the custom document properties straight from the package's ``docProps/custom.xml``.

    Opening the whole workbook with openpyxl for these few short strings would cost more
    than the rest of reading it, and a rebuild asks it of every file in the outputs folder.
    """
    with zipfile.ZipFile(path) as package:
        try:
            part = package.getinfo(CUSTOM_PROPERTIES_PART)
        except KeyError:
            props: dict[str, str | None] = {}
        else:
            if part.file_size > MAX_PROPERTIES_BYTES:
                raise ValueError(f"{path.name}: {CUSTOM_PROPERTIES_PART} is larger than {MAX_PROPERTIES_BYTES} bytes")
            root = ElementTree.fromstring(package.read(part))
            # Read as the sheets are read: the escape of "_" in Excel's _xHHHH_ notation (which
            # XlsxWriter writes for a literal "_x0041_") dropped, so an id reads the same from
            # the document's property as from its cells (#16.5).
            props = {
                element.get("name"): (
                    element[0].text.replace("x005F_", "") if len(element) and element[0].text else None
                )
                for element in root
            }
    kind = props.get(KIND_PROPERTY)
    version = props.get(VERSION_PROPERTY)
    written_in = (
        fileformat.check(str(kind), props.get(FORMAT_PROPERTY), version, Location(str(path)))
        if kind in fileformat.FORMATS
        else fileformat.UNVERSIONED
    )
    return WorkbookInfo(
        path,
        str(kind) if kind else None,
        str(props[CENTRE_ID_PROPERTY]) if props.get(CENTRE_ID_PROPERTY) else None,
        str(props[SEAL_PROPERTY]) if props.get(SEAL_PROPERTY) else None,
        str(props[YEAR_PROPERTY]) if props.get(YEAR_PROPERTY) else None,
        str(props[GRANT_PROPERTY]) if props.get(GRANT_PROPERTY) else None,
        str(props[FORM_PROPERTY]) if props.get(FORM_PROPERTY) else None,
        str(props[BASE_PROPERTY]) if props.get(BASE_PROPERTY) else None,
        written_in,
        str(version) if version else None,
        str(props[SIGNER_PROPERTY]) if props.get(SIGNER_PROPERTY) else None,
        str(props[SIGNATURE_PROPERTY]) if props.get(SIGNATURE_PROPERTY) else None,
        view_text(props),
        str(props[ROUNDING_PROPERTY]) if props.get(ROUNDING_PROPERTY) else None,
        _written_lang(props, str(kind), written_in),
    )


def _written_lang(props: dict[str, str | None], kind: str, written_in: int) -> str | None:
    """The language a centre's file says it was written in, if it is one grantsheet speaks."""
    found = props.get(LANG_PROPERTY) if kind == CENTRE and written_in >= fileformat.CENTRE_LANG else None
    return found if found in ("sv", "en") else None
