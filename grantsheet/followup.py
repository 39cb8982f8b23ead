"""Follow-up entries (återrapportering): what a centre typed, read back from any workbook.

The master workbook's follow-up sheet has one row per centre; a centre's own form reads
top to bottom, one row per field (files written before #14 hold it in one row). Each
form names its fields' cells (``layout.field_name``), so one reader serves all of them,
in either language; a file written before those names is read by its headers. Entries are keyed by centre id, never by file name: a renamed
file still maps to its centre.

A field is named ``amount:<category>``, ``description``, ``contact`` or ``date``.
Values are kept exactly as typed (a number, a date, or text where a number was expected)
so that carrying them into a new build never loses anything.
"""

from __future__ import annotations

import datetime as dt
import math
import zipfile
from collections.abc import Callable, Iterable, Sequence
from dataclasses import dataclass, field
from pathlib import Path
from typing import NamedTuple, TypeVar

from defusedxml import ElementTree

from grantsheet import fileformat, texts, xlsx
from grantsheet.errors import Location, Problem, problem, warning
from grantsheet.layout import (
    AMOUNT_PREFIX,
    BASE_PROPERTY,
    CENTRE,
    CENTRE_ID_PROPERTY,
    FOLLOW_UP,
    FORM_NAME_PREFIX,
    FORM_PROPERTY,
    FORMAT_PROPERTY,
    FORMULA_NAMES,
    GRANT_PROPERTY,
    ID_NAME,
    KIND_PROPERTY,
    NAME_NAME,
    SEAL_PROPERTY,
    SIGNATURE_PROPERTY,
    SIGNER_PROPERTY,
    TEXT_FIELDS,
    VERSION_PROPERTY,
    YEAR_PROPERTY,
    Category,
    amount_field,
    category_id,
    field_of_name,
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

    def __init__(self, path: Path, max_bytes: int | None = None, form: bool = False) -> None:
        """``form``: a centre's form, perhaps returned from outside, read within its bounds
        (``MAX_FORM_ROWS``, ``MAX_FORM_UNPACKED``); a ``safety.Refused`` past them."""
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


def field_from_label(label: str) -> str | None:
    """The field a heading names, in either language (the inverse of ``field_label``)."""
    category = category_of(label)
    if category is not None:
        return amount_field(category_id(category))
    return next((name for name, key in TEXT_FIELDS.items() if label in texts.all_labels(key)), None)


@dataclass
class FollowUpEntry:
    """One centre's typed follow-up, as found in one workbook (or merged from several)."""

    centre_id: str
    centre_name: str
    values: dict[str, object] = field(default_factory=dict)  # field -> typed value, non-empty only
    source: str = ""
    # When the document was saved (docProps/core.xml "modified", as a POSIX time): the later
    # wins a conflict. Never the file system's time, which a copy or an unzip may keep or reset.
    modified: float = 0.0
    # The fields the form holds: one of them without a value was left blank or cleared there.
    present: frozenset[str] = frozenset()
    # The recorded base of the build that wrote the form, where it is not the last build's
    # (a copy of an earlier year's round): its own values are compared with that one.
    base_id: str | None = None
    # Filled by the reader for collect: formula cells found typed over, and the cached received.
    overwritten: list[str] = field(default_factory=list)
    received: object = None
    field_sources: dict[str, str] = field(default_factory=dict)  # field -> file it was read from
    # Formulas typed into the form's cells: (field, sheet, cell, formula, the value its program saved).
    typed_formulas: list[tuple[str, str, str, str, object]] = field(default_factory=list)
    cells: dict[str, str] = field(default_factory=dict)  # field -> the cell it was read from ("D5")
    saved_ahead: dt.datetime | None = None  # the file records a saved time later than the run (#26.9)

    @property
    def is_empty(self) -> bool:
        return not self.values

    def amounts(self) -> dict[str, object]:
        return {k.split(":", 1)[1]: v for k, v in self.values.items() if k.startswith("amount:")}


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
    )


def category_of(header: str) -> str | None:
    """The category in a header such as "Använt: Övrigt (kr)", in either language."""
    for template in texts.all_templates("col_used_kr"):
        prefix, suffix = template.split("{category}")
        if header.startswith(prefix) and header.endswith(suffix) and len(header) > len(prefix) + len(suffix):
            return header[len(prefix) : len(header) - len(suffix)]
    return None


class FollowUpLayout(NamedTuple):
    """Columns (zero-based) of a follow-up sheet, found from its header row."""

    id_col: int
    name_col: int
    received_col: int | None
    used_col: int | None
    left_col: int | None
    fields: dict[str, int]  # field -> column

    @property
    def categories(self) -> tuple[str, ...]:
        """The spending categories' ids, in the order of their columns."""
        return tuple(
            name.split(":", 1)[1]
            for name, _ in sorted(self.fields.items(), key=lambda item: item[1])
            if name.startswith("amount:")
        )


def layout_from_header(header: list[object]) -> FollowUpLayout | None:
    """The form a header row describes, wherever in the row its centre id column stands."""
    cells = [str(v).strip() if v is not None else "" for v in header]
    ids = texts.all_labels("col_centre_id")
    id_col = next((col for col, cell in enumerate(cells) if cell in ids), None)
    if id_col is None:
        return None
    found: dict[str, int] = {}
    received = used = left = None
    for col, cell in enumerate(cells):
        field_name = field_from_label(cell)
        if field_name is not None:
            found[field_name] = col
        elif cell in texts.all_labels("col_received_kr"):
            received = col
        elif cell in texts.all_labels("col_used_total_kr"):
            used = col
        elif cell in texts.all_labels("col_left_kr"):
            left = col
    if not found:
        return None
    return FollowUpLayout(id_col, id_col + 1, received, used, left, found)


def form_categories(form: Form, cells: Cells) -> tuple[Category, ...]:
    """The form's categories in the order they stand: each id with the name the file shows,
    a row form's column header ("Använt: Övrigt (kr)") or, on a form read top to bottom, the
    text left of the amount."""
    found = []
    for name, place in sorted(form.fields.items(), key=lambda item: item[1]):
        if name.startswith(AMOUNT_PREFIX):
            key = name[len(AMOUNT_PREFIX) :]
            if place.rows:
                cell = cells.get(form.first_row + place.rows, {}).get(place.col - 1)
                shown = str(cell.value).strip() if cell is not None and cell.value is not None else None
            else:
                cell = cells.get(form.first_row - 1, {}).get(place.col)
                shown = category_of(str(cell.value).strip()) if cell is not None and cell.value is not None else None
            found.append(Category(key, shown or key))
    return tuple(found)


def follow_up_sheet_names() -> set[str]:
    return texts.all_labels(FOLLOW_UP)


class FormNotFound(ValueError):
    """A grantsheet workbook whose follow-up form cannot be found, by its ids or its headers."""


class Place(NamedTuple):
    """Where a part of a form stands from its centre's id cell: ``rows`` below it (0 on a
    form with one row per centre, the master's and the centre files' written before #14),
    in column ``col`` (0-based). A centre's form read top to bottom has one centre, its id
    cell at the top and each field in a row of its own."""

    rows: int
    col: int


class Form(NamedTuple):
    """Where a follow-up form stands in a workbook (1-based rows, 0-based columns)."""

    sheet: str
    id_col: int
    name: Place | None
    first_row: int  # the first centre's id row; on a row form the header row is the one above it
    last_row: int | None  # found by ids: the id name's last row; by headers: up to the first empty id
    fields: dict[str, Place]  # field -> where it stands
    formulas: dict[str, Place]  # "received", "used", "left" -> where it stands
    by_ids: bool


MAX_HEADER_SCAN = 60  # rows searched for a form's header where the file has no ids


def locate_form(book: OutputBook) -> tuple[Form, Cells] | None:
    """The follow-up form and its sheet's cells: by the field ids stored as defined names,
    else (files written before ids, or whose program dropped them) by the header texts of a
    row form or the labels of a form read top to bottom, on any row near the top of the
    follow-up sheet or, renamed, of any sheet."""
    found = _form_by_ids(book)
    if found is not None:
        return found
    named = book.sheet_named(FOLLOW_UP)
    for sheet in ([named] if named is not None else []) + [s for s in book.sheetnames if s != named]:
        cells = book.cells(sheet)
        for number in range(1, MAX_HEADER_SCAN + 1):
            header = cells.get(number, {})
            if not header:
                continue
            layout = layout_from_header(
                [header[col].value if col in header else None for col in range(max(header) + 1)]
            )
            if layout is not None:
                formulas = {"received": layout.received_col, "used": layout.used_col, "left": layout.left_col}
                return Form(
                    sheet,
                    layout.id_col,
                    Place(0, layout.name_col),
                    number + 1,
                    None,
                    {name: Place(0, col) for name, col in layout.fields.items()},
                    {key: Place(0, col) for key, col in formulas.items() if col is not None},
                    False,
                ), cells
            by_labels = form_from_labels(sheet, cells, number)
            if by_labels is not None:
                return by_labels, cells
    return None


# The labels of a centre's form read top to bottom, each left of its value (the description
# under its label): where a program dropped the form's names, they find its parts.
_BESIDE = {"col_centre": "name", "col_contact": "contact", "col_reported_on": "date"}
_TOTALS = {"col_received_kr": "received", "col_used_total_kr": "used", "col_left_kr": "left", "form_left_kr": "left"}


def form_from_labels(sheet: str, cells: Cells, number: int) -> Form | None:
    """The form read top to bottom whose centre id label stands in (1-based) row ``number``,
    if it is one: the id right of its label, each category's amount right of its name from
    the amounts' heading down to the used total, the other parts beside or under their labels."""
    ids = texts.all_labels("col_centre_id")
    label_col = next((col for col, cell in cells.get(number, {}).items() if str(cell.value).strip() in ids), None)
    if label_col is None or cells[number].get(label_col + 1) is None:
        return None
    value_col = label_col + 1
    heading, description = texts.all_labels("form_category_heading"), texts.all_labels("col_description")
    beside = {label: part for key, part in _BESIDE.items() for label in texts.all_labels(key)}
    totals = {label: part for key, part in _TOTALS.items() for label in texts.all_labels(key)}
    parts: dict[str, Place] = {}
    formulas: dict[str, Place] = {}
    in_categories = False
    for below in range(1, max(cells) - number + 1):
        cell = cells.get(number + below, {}).get(label_col)
        label = str(cell.value).strip() if cell is not None and cell.value is not None else ""
        if label in totals:
            formulas[totals[label]] = Place(below, value_col)
            in_categories = False
        elif label in heading:
            in_categories = True
        elif in_categories and label:
            parts[amount_field(category_id(label))] = Place(below, value_col)
        elif label in description:
            parts["description"] = Place(below + 1, label_col)
        elif label in beside:
            parts[beside[label]] = Place(below, value_col)
    name = parts.pop("name", None)
    if not parts:
        return None
    return Form(sheet, value_col, name, number, number, parts, formulas, False)


def _form_by_ids(book: OutputBook) -> tuple[Form, Cells] | None:
    names = book.defined_names
    id_area = xlsx.area(names.get(ID_NAME, ""))
    if id_area is None or id_area[0] not in book.sheetnames:
        return None
    sheet, id_col, first_row, _, last_row = id_area
    # Each name's first cell, from the id's: a name over a column of the master's rows, or
    # over one cell of a centre's form (in its one row, or in a row of its own).
    places: dict[str, Place] = {}
    for name, formula in names.items():
        target = xlsx.area(formula) if name.startswith(FORM_NAME_PREFIX) else None
        if target is not None and target[0] == sheet:
            places[name] = Place(target[2] - first_row, target[1] - 1)
    in_order = sorted(places.items(), key=lambda item: item[1])
    fields = {field: place for name, place in in_order if (field := field_of_name(name)) is not None}
    formulas = {key: places[name] for key, name in FORMULA_NAMES.items() if name in places}
    form = Form(sheet, id_col - 1, places.get(NAME_NAME), first_row, last_row, fields, formulas, True)
    return form, book.cells(sheet)


def read_entries(path: Path, max_bytes: int | None = None, form: bool = False) -> list[FollowUpEntry]:
    """Every centre row of the workbook's follow-up form, with what was typed into it.

    Rows where nothing was typed are returned too (empty ``values``): collect needs to
    know which centres the file covers. A file over ``max_bytes`` (default ``MAX_FILE_BYTES``)
    is refused (``TooLarge``); a grantsheet workbook whose form cannot be found raises
    ``FormNotFound``.
    """
    with OutputBook(path, MAX_FILE_BYTES if max_bytes is None else max_bytes, form) as book:
        return book_entries(book)


def book_entries(book: OutputBook) -> list[FollowUpEntry]:
    """``read_entries`` of a workbook already open."""
    found = locate_form(book)
    if found is None:
        raise FormNotFound(book.path.name)
    form, cells = found
    entries = entries_in(cells, form, book.path.name, book.saved)
    for entry in entries:
        entry.saved_ahead = book.saved_ahead
    return entries


def saved_ahead(location: str, entries: Sequence[FollowUpEntry]) -> list[Problem]:
    """A warning for a file whose entries record a saved time later than now: it counts as
    saved at no known time (a conflict goes to the other side), and says so."""
    ahead = next((e.saved_ahead for e in entries if e.saved_ahead is not None), None)
    if ahead is None:
        return []
    return [warning("saved_in_the_future", Location(location), saved=ahead.isoformat(" ", "minutes"))]


def under_stored_id(info: WorkbookInfo, entries: list[FollowUpEntry]) -> list[FollowUpEntry]:
    """``entries`` of a centre's file keyed by the centre id stored in the document, which
    is authoritative whatever the file is called (or typed into its id cell)."""
    if info.kind == CENTRE and info.centre_id:
        for entry in entries:
            entry.centre_id = info.centre_id
    return entries


def entries_in(cells: Cells, form: Form, source: str, saved: float) -> list[FollowUpEntry]:
    """The entries of each centre row of ``form``."""
    entries = []
    present = frozenset(form.fields)
    last = form.last_row if form.last_row is not None else max(cells, default=0)
    for number in range(form.first_row, last + 1):
        id_cell = cells.get(number, {}).get(form.id_col)
        if id_cell is None or id_cell.value in (None, ""):
            if form.by_ids:
                continue  # a row inserted inside the form
            break
        name_cell = _at(cells, number, form.name) if form.name is not None else None
        entry = FollowUpEntry(
            str(id_cell.value).strip(),
            str(name_cell.value) if name_cell is not None and name_cell.value is not None else "",
            source=source,
            modified=saved,
            present=present,
        )
        for name, place in form.fields.items():
            cell = _at(cells, number, place)
            value = None if cell is None else cell.value
            if cell is not None and cell.formula:
                # A formula typed into a form cell (=1000+500) is never evaluated here: the
                # number its program computed and saved is carried, else its text; either
                # way the build says so (#16.7).
                reference = _reference(number, place)
                entry.typed_formulas.append((name, form.sheet, reference, str(cell.value), cell.cached))
                if isinstance(cell.cached, (int, float)) and not isinstance(cell.cached, bool):
                    value = cell.cached
            if isinstance(value, str) and not value.strip():
                value = None
            if value is not None:
                entry.values[name] = value
                entry.cells[name] = _reference(number, place)
        for place in form.formulas.values():
            cell = _at(cells, number, place)
            if cell is not None and not cell.formula:
                entry.overwritten.append(_reference(number, place))
        received = _at(cells, number, form.formulas["received"]) if "received" in form.formulas else None
        entry.received = None if received is None else received.value
        entries.append(entry)
    return entries


def _at(cells: Cells, row: int, place: Place) -> xlsx.Cell | None:
    """The cell at ``place`` from the centre whose id stands in (1-based) ``row``."""
    return cells.get(row + place.rows, {}).get(place.col)


def _reference(row: int, place: Place) -> str:
    return f"{xlsx.column_letter(place.col + 1)}{row + place.rows}"


@dataclass
class Conflict:
    centre_id: str
    field: str
    kept: object
    kept_source: str
    dropped: object
    dropped_source: str


def merge_entries(entries: Iterable[FollowUpEntry]) -> tuple[dict[str, FollowUpEntry], list[Conflict]]:
    """One entry per centre id, field by field; the later-modified file wins a conflict.

    A field typed in only one file is taken from it. When two files hold different
    values for one field, the value from the file saved last is kept and the other one
    is reported as a conflict (and so never silently lost).
    """
    merged: dict[str, FollowUpEntry] = {}
    conflicts: list[Conflict] = []
    ordered = sorted(entries, key=lambda e: (e.modified, e.source))
    for entry in ordered:
        target = merged.get(entry.centre_id)
        if target is None:
            target = merged[entry.centre_id] = FollowUpEntry(
                entry.centre_id, entry.centre_name, source=entry.source, modified=entry.modified
            )
        for name, value in entry.values.items():
            old = target.values.get(name)
            if old is not None and not same_value(old, value):
                conflicts.append(Conflict(entry.centre_id, name, value, entry.source, old, _source_of(target, name)))
            target.values[name] = value
            target.field_sources[name] = entry.source
        target.overwritten.extend(entry.overwritten)
        if entry.values:
            target.source = entry.source
        if not target.centre_name:
            target.centre_name = entry.centre_name
    return merged, conflicts


def _source_of(entry: FollowUpEntry, name: str) -> str:
    return entry.field_sources.get(name, entry.source)


def same_value(a: object, b: object) -> bool:
    if isinstance(a, (int, float)) and isinstance(b, (int, float)) and not isinstance(a, bool):
        return math.isclose(float(a), float(b), rel_tol=0, abs_tol=1e-9)
    if isinstance(a, dt.datetime) and isinstance(b, dt.date) and not isinstance(b, dt.datetime):
        return a.date() == b
    if isinstance(b, dt.datetime) and isinstance(a, dt.date) and not isinstance(a, dt.datetime):
        return b.date() == a
    return a == b


def as_number(value: object) -> float | int | None:
    """A typed amount as a number, or None when it is not one."""
    if isinstance(value, bool):
        return None
    if isinstance(value, (int, float)):
        return int(value) if float(value).is_integer() else value
    return None


def as_date(value: object) -> dt.date | None:
    if isinstance(value, dt.datetime):
        return value.date()
    if isinstance(value, dt.date):
        return value
    return None


def used_total(numbers: list[float | int]) -> float | int:
    """The sum a spreadsheet's SUM gives: exact for whole kronor, correctly rounded otherwise."""
    if all(isinstance(n, int) for n in numbers):
        return sum(numbers)
    total = math.fsum(numbers)
    return int(total) if total.is_integer() else total
