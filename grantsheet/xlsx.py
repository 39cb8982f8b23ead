"""A workbook's sheets, streamed straight from its XML.

This is the part of a spreadsheet reader that grantsheet needs and nothing more: the
sheets (name, visible or not), and per sheet one streaming pass that yields each row's
cell values as openpyxl's reader gives them with ``data_only=True``, together with what
openpyxl's read-only mode drops: hidden rows, formula cells and whether they hold a
calculated value, error cells, merged ranges, an auto-filter, and how far the sheet's
rows reach.

``Workbook.cells`` gives a sheet's cells as written instead (a formula cell gives its
formula, as openpyxl without ``data_only``): how a rebuild reads its previous outputs
back (``readback.OutputBook``). ``Workbook.styles`` gives how they look as far as the sheet
says (each cell's format index, its conditional formats and merged ranges): verify reads a
master's presentation without openpyxl reading its cells (``audit.master_views``).

Why not openpyxl (docs/decisions/own-xlsx-reader.md): its import is a large share of
building the example region, a rebuild of the whole country opens 1 150 workbooks, and
its read-only sheets hide what the reading rules must see. ``tests/test_xlsx.py`` and
``tests/test_followup_read.py`` hold this reader to openpyxl's values, cell by cell,
on generated, hostile and grantsheet's own workbooks.

Values, as openpyxl gives them: numbers are ``int`` unless written with a point or an
exponent (then ``float``); a number in a date format is a ``datetime`` (a ``time`` for
a fraction of a day, a ``timedelta`` in a duration format such as ``[h]:mm``); ``t="d"``
cells are ISO dates; booleans are ``bool``; shared, inline and rich text are ``str``;
an error cell is its text ("#REF!"). A formula cell gives its cached value.

Where openpyxl fails on what real programs write, this reader does not: a workbook saved
as "Strict Open XML" reads as its transitional twin (openpyxl sees no sheet in it), and a
formula's text result written inline (``t="str"`` with ``<is>``) is read. Like openpyxl it
leaves out Excel's legacy module sheets (``<sheet r:id="">``) and takes number formats
from the cell formats only, not from the conditional formats (``<dxfs>``).

Input files reach this module only once ``safety.inspect_file`` has accepted them (no
DTD, bounded sizes); follow-up forms read back are bounded by ``readback.MAX_FILE_BYTES``.
Either way a workbook is held to ``safety``'s unpacked-size bounds when it is opened
(``safety.Refused``), and its XML is parsed with defusedxml.
"""

from __future__ import annotations

import datetime as dt
import functools
import posixpath
import re
import zipfile
from dataclasses import dataclass, field
from pathlib import Path
from typing import IO, NamedTuple
from xml.etree.ElementTree import TreeBuilder

from defusedxml.ElementTree import DefusedXMLParser, fromstring, iterparse

from grantsheet import safety

# The package's own parts (relationships, core properties) are named alike in both
# conformance classes (``Names``).
PACKAGE_REL = "{http://schemas.openxmlformats.org/package/2006/relationships}"
CORE_PART = "docProps/core.xml"
CREATED = "{http://purl.org/dc/terms/}created"
MODIFIED = "{http://purl.org/dc/terms/}modified"
TITLE = "{http://purl.org/dc/elements/1.1/}title"

EXCEL_ROWS = 1_048_576
EXCEL_COLUMNS = 16_384
WINDOWS_EPOCH = dt.datetime(1899, 12, 30)
MAC_EPOCH = dt.datetime(1904, 1, 1)


class Names(NamedTuple):
    """SpreadsheetML's XML names in one of the two conformance classes of ISO/IEC 29500: the
    transitional one every program writes, and "Strict Open XML", a format Excel offers in
    its save dialog. For what this module reads they differ in their namespaces only."""

    rel_type: str  # the prefix of a relationship's type
    rel_id: str  # the r:id attribute
    workbook: str
    workbook_pr: str
    calc_pr: str
    sheet: str
    string_item: str
    num_fmts: str
    cell_xfs: str
    xf: str
    row: str
    cell: str
    value: str
    formula: str
    inline: str
    text: str
    run: str
    merge_cell: str
    auto_filter: str
    dimension: str
    sheet_data: str
    defined_name: str
    conditional: str
    merge_cells: str


def _names(main: str, relationships: str) -> Names:
    tags = ["workbook", "workbookPr", "calcPr", "sheet", "si", "numFmts", "cellXfs", "xf", "row", "c", "v", "f"]
    tags += ["is", "t", "r", "mergeCell", "autoFilter", "dimension", "sheetData", "definedName"]
    tags += ["conditionalFormatting", "mergeCells"]
    return Names(relationships + "/", f"{{{relationships}}}id", *(f"{{{main}}}{tag}" for tag in tags))


TRANSITIONAL = _names(
    "http://schemas.openxmlformats.org/spreadsheetml/2006/main",
    "http://schemas.openxmlformats.org/officeDocument/2006/relationships",
)
STRICT = _names(
    "http://purl.oclc.org/ooxml/spreadsheetml/main", "http://purl.oclc.org/ooxml/officeDocument/relationships"
)


# Excel's own limit for the text of one cell: a longer text came from no spreadsheet program.
MAX_CELL_TEXT = 32_767


class Damaged(Exception):
    """The workbook's structure cannot be followed (a missing part, a bad reference)."""


class Unsupported(Exception):
    """A sheet holds what ``Workbook.cells`` does not read the way openpyxl does (a shared,
    array or data-table formula); the caller reads that file with openpyxl instead."""


@dataclass
class Sheet:
    """A sheet's content, sparse: only rows that hold something, numbered as in the file."""

    title: str
    rows: list[tuple[int, tuple[object, ...]]]  # (1-based row, values by 0-based column)
    hidden_rows: set[int] = field(default_factory=set)
    merged: list[tuple[int, int, int, int]] = field(default_factory=list)  # min_col, min_row, max_col, max_row
    formulas: dict[tuple[int, int], bool] = field(default_factory=dict)  # (row, col0) -> has a computed value
    errors: set[tuple[int, int]] = field(default_factory=set)  # (row, col0) of cells showing #REF! etc.
    filtered: bool = False
    extent: int = 0  # the last row the file declares or formats, however empty
    truncated: bool = False  # read only up to a row limit, and there was more

    def content_rows(self) -> set[int]:
        return {number for number, _ in self.rows} | {row for row, _ in self.formulas}


class Cell(NamedTuple):
    """A cell as written: its value, or its formula ("=A1+1") when ``formula``."""

    value: object
    formula: bool

    @property
    def cached(self) -> object:
        """A formula cell's value as the program that saved it computed it (None: none stored)."""
        return self.__dict__.get("cached") if hasattr(self, "__dict__") else None

    @property
    def cached_known(self) -> bool:
        """Whether ``cached`` is what the file stores: a formula cell this module read, not
        one openpyxl read (``readback.cells_by_openpyxl``), which reads no saved value."""
        return hasattr(self, "__dict__") and "cached" in self.__dict__


class _FormulaCell(Cell):
    """A formula ``Cell`` that also knows its saved value; equal to the ``Cell`` of its formula,
    as openpyxl, which reads no saved value beside a formula, would give it."""


def formula_cell(formula: str, cached: object) -> Cell:
    cell = _FormulaCell(formula, True)
    cell.__dict__["cached"] = cached
    return cell


class Styles(NamedTuple):
    """How a sheet's cells look as far as its XML says (``Workbook.styles``); the cell formats
    the indexes point to are in the styles part."""

    cells: dict[tuple[int, int], int]  # (0-based row, column) -> its cell format (``s``), where not 0
    conditional: list  # the sheet's <conditionalFormatting> elements, parsed
    merged: list  # its <mergeCells> elements, parsed


class SheetEntry(NamedTuple):
    title: str
    visible: bool
    part: str  # the sheet's XML member in the zip
    size: int  # its bytes, unpacked


class Workbook:
    """An .xlsx (a path or a binary file) opened for reading: its sheets, and each one
    parsed on request. Close it, or use it as a context manager."""

    def __init__(self, source: Path | IO[bytes]) -> None:
        self._archive = zipfile.ZipFile(source)
        try:
            # Before any part is unpacked: what a member declares is all zipfile unpacks, and
            # a returned form comes from outside as much as an input does.
            safety.require_zip_bounds(self._archive)
            self._open()
        except BaseException:
            self._archive.close()
            raise

    def __enter__(self) -> Workbook:
        return self

    def __exit__(self, *exc: object) -> None:
        self.close()

    def _open(self) -> None:
        book_part = _office_document(self._archive)
        relations = _relations(self._archive, book_part)
        book = fromstring(self._read(book_part))
        self.names = names = STRICT if book.tag == STRICT.workbook else TRANSITIONAL
        self.strict = names is STRICT
        properties = book.find(names.workbook_pr)
        self._epoch = MAC_EPOCH if properties is not None and _true(properties.get("date1904")) else WINDOWS_EPOCH
        calculation = book.find(names.calc_pr)
        # XlsxWriter and openpyxl write fullCalcOnLoad="1": the values stored with their
        # formulas (0, or none) were never calculated. Excel and LibreOffice drop the flag
        # when they save.
        self.uncalculated = calculation is not None and _true(calculation.get("fullCalcOnLoad"))
        self.sheets = _sheet_entries(
            book, relations, {info.filename: info.file_size for info in self._archive.infolist()}, names
        )
        # Workbook-level defined names, lower case (names are case-insensitive) -> formula text.
        self.defined_names = {
            element.get("name", "").lower(): (element.text or "")
            for element in book.iter(names.defined_name)
            if element.get("localSheetId") is None
        }
        strings = _first_of_type(relations, names.rel_type + "sharedStrings")
        self._strings = _shared_strings(self._read(strings), names) if strings else []
        styles = _first_of_type(relations, names.rel_type + "styles")
        self._date_styles, self._duration_styles = (
            _date_styles(self._read(styles), names) if styles else (frozenset(), frozenset())
        )

    def _read(self, part: str) -> bytes:
        try:
            return self._archive.read(part)
        except KeyError:
            raise Damaged(f"missing part {part}") from None

    def parse(self, entry: SheetEntry, row_limit: int | None = None) -> Sheet:
        """One streaming pass over a sheet; with ``row_limit``, stop after that row."""
        sheet = Sheet(entry.title, [])
        with self._archive.open(entry.part) as stream:
            _SheetParser(self, sheet).run(stream, row_limit)
        return sheet

    def cells(self, entry: SheetEntry, max_rows: int | None = None) -> dict[int, dict[int, Cell]]:
        """Every cell the sheet holds, by 1-based row and 0-based column, as openpyxl reads
        it without ``data_only``: a formula cell gives its formula. Raises ``Unsupported``
        for a formula openpyxl would rewrite.

        Raises ``safety.Refused`` at the first row past ``max_rows`` (the reading stops
        there: a form with a million rows costs no more than one with ``max_rows``) and at
        a text longer than a spreadsheet cell holds."""
        with self._archive.open(entry.part) as stream:
            return _WrittenCells(self).run(stream, entry.title, max_rows)

    def styles(self, entry: SheetEntry) -> Styles:
        """Each cell's format index, the conditional formats and the merged ranges of a sheet,
        in one pass that builds no element but theirs (``_StyleReader``)."""
        with self._archive.open(entry.part) as stream:
            return _StyleReader(self).run(stream)

    def unpacked_size(self) -> int:
        return sum(info.file_size for info in self._archive.infolist())

    @property
    def created(self) -> dt.datetime | None:
        """The core property ``dcterms:created`` as openpyxl reads it (a time zone is dropped)."""
        return self._core_time(CREATED)

    @property
    def modified(self) -> dt.datetime | None:
        """The core property ``dcterms:modified``: when the document was last saved, by the
        program that saved it (a copy keeps it, whatever the file system's time says)."""
        return self._core_time(MODIFIED)

    def _core_time(self, tag: str) -> dt.datetime | None:
        text = self._core_property(tag)
        try:
            moment = from_iso(text.strip()) if text else None
        except ValueError:
            return None
        return moment if isinstance(moment, dt.datetime) else None

    @property
    def title(self) -> str | None:
        """The core property ``dc:title``."""
        return self._core_property(TITLE)

    def _core_property(self, tag: str) -> str | None:
        core = self._core
        return core.findtext(tag) if core is not None else None

    @functools.cached_property
    def _core(self):  # noqa: ANN202 - an ElementTree element
        """The core properties part, parsed once (a rebuild asks each form when it was saved
        four times); None when the package has none."""
        try:
            return fromstring(self._archive.read(CORE_PART))
        except KeyError:
            return None

    def close(self) -> None:
        self._archive.close()


# --- the package: which part is the workbook, which parts are its sheets -------------------


def _office_document(archive: zipfile.ZipFile) -> str:
    try:
        root = fromstring(archive.read("_rels/.rels"))
    except KeyError:
        raise Damaged("missing part _rels/.rels") from None
    for relation in root.iter(PACKAGE_REL + "Relationship"):
        if relation.get("Type", "").endswith("/officeDocument"):
            return _target("", relation.get("Target", ""))
    raise Damaged("no workbook part")


def _relations(archive: zipfile.ZipFile, part: str) -> dict[str, tuple[str, str]]:
    """A part's relationships: id -> (type, target part)."""
    folder, name = posixpath.split(part)
    try:
        root = fromstring(archive.read(posixpath.join(folder, "_rels", name + ".rels")))
    except KeyError:
        return {}
    return {
        relation.get("Id", ""): (relation.get("Type", ""), _target(folder, relation.get("Target", "")))
        for relation in root.iter(PACKAGE_REL + "Relationship")
    }


def _target(folder: str, target: str) -> str:
    if target.startswith("/"):
        return target[1:]
    return posixpath.normpath(posixpath.join(folder, target))


def _first_of_type(relations: dict[str, tuple[str, str]], kind: str) -> str | None:
    return next((target for rel_type, target in relations.values() if rel_type == kind), None)


def _sheet_entries(
    book, relations: dict[str, tuple[str, str]], members: dict[str, int], names: Names
) -> list[SheetEntry]:
    entries = []
    for sheet in book.iter(names.sheet):
        relation = sheet.get(names.rel_id)
        if not relation:
            # Excel keeps a legacy macro sheet (Excel 4 or VBA module) as a sheet without a
            # part; it holds no cells of a table, and openpyxl leaves it out too.
            continue
        rel_type, part = relations.get(relation, ("", ""))
        if rel_type.endswith("/chartsheet"):  # holds no cells
            continue
        # openpyxl leaves such a sheet out silently; a table or typed entries could be on it.
        if part not in members:
            raise Damaged(f"sheet {sheet.get('name', '')!r} has no part")
        entries.append(
            SheetEntry(sheet.get("name", ""), sheet.get("state", "visible") == "visible", part, members[part])
        )
    return entries


def _true(flag: str | None) -> bool:
    return flag in ("1", "true")


# --- text ----------------------------------------------------------------------------------


def _shared_strings(xml: bytes, names: Names) -> list[str]:
    # openpyxl drops "x005F_" (the escape of "_" in Excel's _xHHHH_ notation); so do we.
    return [_text_of(item, names).replace("x005F_", "") for item in fromstring(xml).iter(names.string_item)]


def _text_of(element, names: Names) -> str:
    """A string item's text: its plain text, else its rich-text runs; phonetic runs left out."""
    parts = []
    plain = element.find(names.text)
    if plain is not None and plain.text is not None:
        parts.append(plain.text)
    for run in element.findall(names.run):
        text = run.find(names.text)
        if text is not None and text.text is not None:
            parts.append(text.text)
    return "".join(parts)


# --- number formats: which styles show a date ----------------------------------------------

# The built-in date and duration formats of ECMA-376 §18.8.30 that openpyxl knows (ids
# 27-36 and 50-81 are locale-dependent; openpyxl reads those as plain numbers, as do we).
_BUILTIN_FORMATS = {
    14: "mm-dd-yy",
    15: "d-mmm-yy",
    16: "d-mmm",
    17: "mmm-yy",
    18: "h:mm AM/PM",
    19: "h:mm:ss AM/PM",
    20: "h:mm",
    21: "h:mm:ss",
    22: "m/d/yy h:mm",
    45: "mm:ss",
    46: "[h]:mm:ss",
    47: "mmss.0",
}
# Text in quotes and bracketed parts other than [h], [mm], [ss] (colours, locales) are not date codes.
_NOT_DATE_CODE = re.compile(r'".*?"|\[(?!hh?\]|mm?\]|ss?\])[^\]]*\]')
_DATE_CODE = re.compile(r"(?<![_\\])[dmhysDMHYS]")
_DURATION = re.compile(r"\[hh?\](:mm(:ss(\.0*)?)?)?|\[mm?\](:ss(\.0*)?)?|\[ss?\](\.0*)?", re.IGNORECASE)


def is_date_format(code: str) -> bool:
    return _DATE_CODE.search(_NOT_DATE_CODE.sub("", code.split(";")[0])) is not None


def is_duration_format(code: str) -> bool:
    return _DURATION.search(code.split(";")[0]) is not None


@functools.lru_cache(maxsize=8)
def _date_styles(xml: bytes, names: Names) -> tuple[frozenset[int], frozenset[int]]:
    """The cell style indexes (a cell's ``s``) whose number format shows a date, and a duration.

    Kept for the last few styles parts, by their bytes: every form a build wrote has the same
    one, and a rebuild reads them all back (parsing it was a fifth of reading a form)."""
    root = fromstring(xml)
    codes = dict(_BUILTIN_FORMATS)
    # The cell formats only: conditional, table and pivot formats (<dxfs>) hold number
    # formats of their own, whose ids may be the same as a cell format's.
    declared = root.find(names.num_fmts)
    for number_format in declared if declared is not None else ():
        codes[int(number_format.get("numFmtId", "0"))] = number_format.get("formatCode", "")
    dates, durations = set(), set()
    cell_formats = root.find(names.cell_xfs)
    for index, style in enumerate(cell_formats.findall(names.xf) if cell_formats is not None else ()):
        code = codes.get(int(style.get("numFmtId", "0")))
        if code is not None and is_date_format(code):
            dates.add(index)
        if code is not None and is_duration_format(code):
            durations.add(index)
    return frozenset(dates), frozenset(durations)


def from_serial(serial: int | float, epoch: dt.datetime, duration: bool) -> dt.datetime | dt.time | dt.timedelta:
    """A date cell's number as openpyxl reads it (its ``from_excel``)."""
    if duration:
        span = dt.timedelta(days=serial)
        if span.microseconds:  # to the millisecond
            span = dt.timedelta(seconds=span.total_seconds() // 1, microseconds=round(span.microseconds, -3))
        return span
    day, fraction = divmod(serial, 1)
    within = dt.timedelta(milliseconds=round(fraction * 86_400_000))
    if 0 <= serial < 1 and within.days == 0:
        minutes, seconds = divmod(within.seconds, 60)
        hours, minutes = divmod(minutes, 60)
        return dt.time(hours, minutes, seconds, within.microseconds)
    if 0 < serial < 60 and epoch == WINDOWS_EPOCH:
        day += 1  # Excel counts 1900-02-29, a day that never was
    return epoch + dt.timedelta(days=day) + within


_ISO = re.compile(
    r"(?P<date>(?P<year>\d{4})-(?P<month>\d{2})-(?P<day>\d{2}))?T?"
    r"(?P<time>(?P<hour>\d{2}):(?P<minute>\d{2})(:(?P<second>\d{2})(?P<fraction>\.\d{1,3})?)?)?Z?"
)


def from_iso(text: str) -> dt.datetime | dt.date | dt.time:
    """A ``t="d"`` cell's ISO 8601 text."""
    match = _ISO.match(text)
    if not match or not any(match.groups()):
        raise ValueError(f"not an ISO 8601 date: {text!r}")
    part = {
        key: int(value) for key, value in match.groupdict().items() if value and key not in ("date", "time", "fraction")
    }
    micro = int(float(match["fraction"]) * 1_000_000) if match["fraction"] else 0
    clock = dt.time(part.get("hour", 0), part.get("minute", 0), part.get("second", 0), micro)
    if not match["date"]:
        return clock
    day = dt.date(part["year"], part["month"], part["day"])
    return dt.datetime.combine(day, clock) if match["time"] else day


# --- cell references -----------------------------------------------------------------------

_CELL = re.compile(r"\$?([A-Za-z]{1,3})\$?(\d+)")
_RANGE = re.compile(r"\$?([A-Za-z]{1,3})?\$?(\d+)?(?::\$?([A-Za-z]{1,3})?\$?(\d+)?)?")


def column_letter(column: int) -> str:
    """1 -> "A", 28 -> "AB"."""
    letters = ""
    while column:
        column, remainder = divmod(column - 1, 26)
        letters = chr(65 + remainder) + letters
    return letters


def column_number(letters: str) -> int:
    number = 0
    for letter in letters.upper():
        number = number * 26 + ord(letter) - 64
    if not 1 <= number <= EXCEL_COLUMNS:
        raise Damaged(f"no column {letters}")
    return number


def cell_position(reference: str) -> tuple[int, int]:
    """ "B3" -> (row 3, column 2)."""
    match = _CELL.fullmatch(reference)
    if not match or int(match[2]) == 0:
        raise Damaged(f"not a cell reference: {reference!r}")
    return int(match[2]), column_number(match[1])


def range_bounds(reference: str) -> tuple[int, int, int, int]:
    """ "A2:C5" -> (min_col, min_row, max_col, max_row); an open side ("A:A", "3:3") reaches the sheet's edge."""
    match = _RANGE.fullmatch(reference)
    if not match or not any(match.groups()):
        raise Damaged(f"not a range: {reference!r}")
    first_col, first_row, last_col, last_row = match.groups()
    if last_col is None and last_row is None:
        last_col, last_row = first_col, first_row
    return (
        column_number(first_col) if first_col else 1,
        int(first_row) if first_row else 1,
        column_number(last_col) if last_col else EXCEL_COLUMNS,
        int(last_row) if last_row else EXCEL_ROWS,
    )


_AREA = re.compile(r"=?(?:'((?:[^']|'')+)'|([^'!]+))!(\$?[A-Za-z]{1,3}\$?\d+(?::\$?[A-Za-z]{1,3}\$?\d+)?)")


def area(formula: str) -> tuple[str, int, int, int, int] | None:
    """A defined name's ``'Sheet'!$D$5:$D$9`` as (sheet, min_col, min_row, max_col, max_row),
    1-based; None for anything else (a deleted target is ``#REF!``)."""
    match = _AREA.fullmatch(formula.strip())
    if match is None:
        return None
    sheet = match[1].replace("''", "'") if match[1] is not None else match[2]
    return (sheet, *range_bounds(match[3]))


# --- a sheet -------------------------------------------------------------------------------


class _Cells:
    """What both readers share: a row's number and a cell's position (either may be left
    out of the file and is then counted on), and a cell's value."""

    def __init__(self, book: Workbook) -> None:
        self.book = book
        self.names = book.names
        self.row_number = 0
        self.column = 0

    def start_row(self, element) -> int:
        position = element.get("r")
        if position is None:
            self.row_number += 1
        else:
            number = float(position)
            if not number.is_integer():
                raise Damaged(f"not a row number: {position!r}")
            self.row_number = int(number)
        self.column = 0
        return self.row_number

    def position(self, element) -> tuple[int, int]:
        """(row, 1-based column) of a cell."""
        reference = element.get("r")
        if reference:
            row, column = cell_position(reference)
            self.column = column
            return row, column
        self.column += 1
        return self.row_number, self.column

    def value(self, element, kind: str) -> tuple[object, str]:
        names = self.names
        if kind == "inlineStr":
            inline = element.find(names.inline)
            return (None, kind) if inline is None else (_text_of(inline, names), "s")
        text = element.findtext(names.value) or None
        if text is None:
            if kind == "str":  # a formula's text result written inline, as some programs do
                inline = element.find(names.inline)
                return (None, kind) if inline is None else (_text_of(inline, names), "s")
            return None, kind
        if kind == "n":
            number = float(text) if "." in text or "E" in text or "e" in text else int(text)
            style = int(element.get("s") or 0)
            if style in self.book._date_styles:
                try:
                    return from_serial(number, self.book._epoch, style in self.book._duration_styles), "d"
                except (OverflowError, ValueError):
                    return "#VALUE!", "e"  # as openpyxl: a date out of range is an error cell
            return number, kind
        if kind == "s":
            return self.book._strings[int(text)], kind
        if kind == "b":
            return bool(int(text)), kind
        if kind == "d":
            return from_iso(text), kind
        return text, kind  # "str" (a formula's text result), "e" (an error's text)


class _SheetParser(_Cells):
    """Fills a ``Sheet`` from one pass over its XML, row elements freed as they are read."""

    def __init__(self, book: Workbook, sheet: Sheet) -> None:
        super().__init__(book)
        self.sheet = sheet

    def run(self, stream: IO[bytes], row_limit: int | None) -> None:
        sheet = self.sheet
        names = self.names
        row_tag, merge_tag, filter_tag = names.row, names.merge_cell, names.auto_filter
        dimension_tag, data_tag = names.dimension, names.sheet_data
        last_row = declared = 0
        for _, element in iterparse(stream):
            tag = element.tag
            if tag == row_tag:
                number, cells = self.row(element)
                element.clear()
                if row_limit is not None and number > row_limit:
                    sheet.truncated = True
                    break
                last_row = max(last_row, number)
                self.keep(number, cells)
            elif tag == merge_tag:
                sheet.merged.append(range_bounds(element.get("ref", "")))
            elif tag == filter_tag:
                sheet.filtered = element.get("ref") is not None
            elif tag == dimension_tag:
                declared = range_bounds(element.get("ref", ""))[3]
            elif tag == data_tag:
                element.clear()
        if row_limit is not None:  # the head of a sheet is for finding its header, nothing else
            sheet.merged.clear()
            sheet.filtered = False
        sheet.extent = max(last_row, declared)

    def keep(self, number: int, cells: list[tuple[int, object]]) -> None:
        width = max((column for column, value in cells if value is not None), default=0)
        if not width:
            return
        values: list[object] = [None] * width
        for column, value in cells:
            if value is not None:
                values[column - 1] = value
        if any(not (isinstance(v, str) and not v.strip()) for v in values if v is not None):
            self.sheet.rows.append((number, tuple(values)))

    def row(self, element) -> tuple[int, list[tuple[int, object]]]:
        number = self.start_row(element)
        if _true(element.get("hidden")):
            self.sheet.hidden_rows.add(number)
        cell_tag = self.names.cell
        return number, [self.cell(cell) for cell in element if cell.tag == cell_tag]

    def cell(self, element) -> tuple[int, object]:
        row, column = self.position(element)
        names = self.names
        if len(element) and element[0].tag == names.formula:  # <f> comes first in a cell (CT_Cell)
            cached = element.findtext(names.value)
            # A text result may be written inline (<is>) instead of as a value.
            computed = (cached is not None and cached != "") or element.find(names.inline) is not None
            self.sheet.formulas[(row, column - 1)] = computed
        value, kind = self.value(element, element.get("t", "n"))
        if kind == "e":
            self.sheet.errors.add((row, column - 1))
        return column, value


class _WrittenCells(_Cells):
    """Every cell of a sheet as written (``Workbook.cells``)."""

    def run(self, stream: IO[bytes], title: str, max_rows: int | None) -> dict[int, dict[int, Cell]]:
        found: dict[int, dict[int, Cell]] = {}
        row_tag, cell_tag = self.names.row, self.names.cell
        for _, element in iterparse(stream):
            if element.tag == row_tag:
                number = self.start_row(element)
                if max_rows is not None and number > max_rows:
                    raise safety.Refused(safety.Refusal("sheet_too_many_rows", {"sheet": title, "limit": max_rows}))
                for cell in element:
                    if cell.tag == cell_tag:
                        row, column = self.position(cell)
                        value = self.cell(cell)
                        if isinstance(value.value, str) and len(value.value) > MAX_CELL_TEXT:
                            raise safety.Refused(
                                safety.Refusal(
                                    "cell_text_too_long",
                                    {
                                        "sheet": title,
                                        "cell": f"{column_letter(column)}{row}",
                                        "length": len(value.value),
                                        "limit": MAX_CELL_TEXT,
                                    },
                                )
                            )
                        found.setdefault(row, {})[column - 1] = value
                element.clear()
        return found

    def cell(self, element) -> Cell:
        formula = element.find(self.names.formula)
        if formula is None:
            return Cell(self.value(element, element.get("t", "n"))[0], False)
        if formula.get("t") in ("array", "dataTable") or (formula.get("t") == "shared" and formula.text is None):
            # openpyxl turns these into objects, or rewrites the shared formula for each cell.
            raise Unsupported(f"a {formula.get('t')} formula")
        return formula_cell("=" + (formula.text or ""), self.value(element, element.get("t", "n"))[0])


class _StyleReader(_Cells):
    """``Workbook.styles``: expat's own handlers, called with a tag's name and its attributes
    and nothing else, instead of ``iterparse``, which builds every cell's element and its value's
    (a third of the time, on a master). Within a conditional format or the merged ranges the
    handlers build the elements, for openpyxl to read as it reads them in a whole workbook."""

    def __init__(self, book: Workbook) -> None:
        super().__init__(book)
        # The parser only for what defusedxml forbids (entities, external references): the
        # handlers of elements and text are this reader's.
        self.parser = DefusedXMLParser(target=_NoTree())
        self.expat = self.parser.parser
        self.expat.StartElementHandler = self.start
        self.expat.EndElementHandler = self.expat.CharacterDataHandler = _IGNORED
        # expat's names: "namespace}local", as ElementTree's are without their "{".
        self.cell_tag, self.row_tag = self.names.cell[1:], self.names.row[1:]
        self.found = Styles({}, [], [])
        self.built = {self.names.conditional[1:]: self.found.conditional, self.names.merge_cells[1:]: self.found.merged}
        self.builder: TreeBuilder | None = None
        self.depth = 0  # inside an element built: how deep

    def run(self, stream: IO[bytes]) -> Styles:
        while chunk := stream.read(1 << 16):
            self.parser.feed(chunk)
        self.parser.close()
        return self.found

    def start(self, name: str, attributes: list[str]) -> None:
        if self.depth:
            self.depth += 1
            assert self.builder is not None
            self.builder.start(_qualified(name), _attributes(attributes))
        elif name == self.cell_tag:
            found = _pairs(attributes)
            row, column = self.position(found)
            style = int(found.get("s") or 0)  # as openpyxl reads it
            if style:
                self.found.cells[(row - 1, column - 1)] = style
        elif name == self.row_tag:
            self.start_row(_pairs(attributes))
        elif name in self.built:
            self.builder, self.depth = TreeBuilder(), 1
            self.builder.start(_qualified(name), _attributes(attributes))
            self.expat.EndElementHandler = self.end
            self.expat.CharacterDataHandler = self.builder.data

    def end(self, name: str) -> None:
        assert self.builder is not None
        self.builder.end(_qualified(name))
        self.depth -= 1
        if not self.depth:
            self.built[name].append(self.builder.close())
            self.builder = None
            self.expat.EndElementHandler = self.expat.CharacterDataHandler = _IGNORED


# The end tags and the text outside the elements built (every cell's value) are read by no
# one: given to a function of C rather than to none, which would hand them to ElementTree's
# default handler, a call of Python for each.
_IGNORED = len


class _NoTree:
    """A parser's target that builds nothing (``_StyleReader`` handles the elements itself)."""

    def close(self) -> None:
        return None


def _qualified(name: str) -> str:
    """expat's "namespace}local" as ElementTree names it: "{namespace}local"."""
    return "{" + name if "}" in name else name


def _pairs(attributes: list[str]) -> dict[str, str]:
    """expat's ordered attributes [name, value, name, value ...] by name, as they are named
    (a row's and a cell's are not namespaced)."""
    return dict(zip(attributes[::2], attributes[1::2]))


def _attributes(pairs: list[str]) -> dict[str, str]:
    """expat's ordered attributes as ElementTree's, their names qualified."""
    return {_qualified(name): value for name, value in _pairs(pairs).items()}
