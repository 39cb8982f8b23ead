"""Follow-up forms (återrapportering): finding a form in a workbook and reading what a centre typed.

The master workbook's follow-up sheet has one row per centre; a centre's own form reads
top to bottom, one row per field (files written before #14 hold it in one row). Each
form names its fields' cells (``layout.field_name``), so one reader serves all of them,
in either language; a file written before those names is read by its headers. Entries
are keyed by centre id, never by file name: a renamed file still maps to its centre.

The entries themselves are ``grantsheet.entries``; opening a workbook grantsheet wrote is
``grantsheet.readback``'s. A writer imports neither this module nor ``readback``.
"""

from __future__ import annotations

from collections.abc import Sequence
from pathlib import Path
from typing import NamedTuple

from grantsheet import texts, xlsx
from grantsheet.entries import FollowUpEntry
from grantsheet.errors import Location, Problem, warning
from grantsheet.layout import (
    AMOUNT_PREFIX,
    CENTRE,
    FOLLOW_UP,
    FORM_NAME_PREFIX,
    FORMULA_NAMES,
    ID_NAME,
    NAME_NAME,
    TEXT_FIELDS,
    Category,
    amount_field,
    category_id,
    field_of_name,
)
from grantsheet.readback import (
    MAX_FILE_BYTES,
    Cells,
    OutputBook,
    WorkbookInfo,
)


def field_from_label(label: str) -> str | None:
    """The field a heading names, in either language (the inverse of ``field_label``)."""
    category = category_of(label)
    if category is not None:
        return amount_field(category_id(category))
    return next((name for name, key in TEXT_FIELDS.items() if label in texts.all_labels(key)), None)


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
        book.names_disagree = _names_disagree(book, *found)
        if book.names_disagree is None:
            return found
    by_others = _form_by_headers(book)
    # Names that point elsewhere, where no other anchor finds a form: read by them, and named.
    return by_others if by_others is not None else found


def _names_disagree(book: OutputBook, form: Form, cells: Cells) -> str | None:
    """Why the form the defined names give cannot be the file's (#26.8), None when it can: a
    program or a hand moved them, and read by them, typed values were lost without a word (an
    id on an empty cell made the centre silent, one on another sheet made the form blank)."""
    named = book.sheet_named(FOLLOW_UP)
    if named is not None and form.sheet != named:
        return f"{ID_NAME} -> {form.sheet}"
    id_cell = cells.get(form.first_row, {}).get(form.id_col)
    found = "" if id_cell is None or id_cell.value is None else str(id_cell.value).strip()
    if not found:
        return f"{ID_NAME} -> {xlsx.column_letter(form.id_col + 1)}{form.first_row} (empty)"
    info = book.info
    if info.kind == CENTRE and info.centre_id and found != info.centre_id:
        return f"{ID_NAME} -> {found} ≠ {info.centre_id}"
    targets = {xlsx.area(formula) for name, formula in book.defined_names.items() if name.startswith(FORM_NAME_PREFIX)}
    if any(target is not None and target[0] != form.sheet for target in targets):
        return f"{FORM_NAME_PREFIX}* -> {', '.join(sorted({t[0] for t in targets if t is not None}))}"
    return None


def _form_by_headers(book: OutputBook) -> tuple[Form, Cells] | None:
    """The form by the header texts of a row form or the labels of one read top to bottom."""
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
        entry.names_disagree = book.names_disagree
    return entries


def reading_notes(location: str, entries: Sequence[FollowUpEntry]) -> list[Problem]:
    """What the reading of a form says about it: a saved time later than now (it counts as
    saved at no known time: a conflict goes to the other side, #26.9), defined names that
    disagree with the file (the form was found by its other anchors, #26.8)."""
    notes = []
    ahead = next((e.saved_ahead for e in entries if e.saved_ahead is not None), None)
    if ahead is not None:
        notes.append(warning("saved_in_the_future", Location(location), saved=ahead.isoformat(" ", "minutes")))
    disagree = next((e.names_disagree for e in entries if e.names_disagree is not None), None)
    if disagree is not None:
        notes.append(warning("form_names_disagree", Location(location), names=disagree))
    return notes


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
