"""Editing grantsheet's follow-up forms as people do, by field id, for the contract tests."""

from __future__ import annotations

import datetime as dt
import os
import re
from pathlib import Path

import openpyxl
from hostile_inputs import rewrite_member

from grantsheet.layout import AMOUNT_PREFIX, FORMULA_NAMES, ID_NAME, field_name, field_of_name


def _cell_of(book, name: str, row: int | None = None):
    """The cell of defined name ``name``: in row ``row`` of a name over a column of the
    master's rows; a name over one cell is that cell (a centre's form has one centre)."""
    sheet_name, cells = next(iter(book.defined_names[name].destinations))
    sheet = book[sheet_name]
    first, *rest = cells.replace("$", "").split(":")
    column = re.match(r"[A-Z]+", first)[0]
    if row is None or not rest or rest[0] == first:
        return sheet[first]
    return sheet[f"{column}{row}"]


def row_of(book, centre_id: str) -> int:
    id_cell = _cell_of(book, ID_NAME)
    sheet = id_cell.parent
    return next(r for r in range(id_cell.row, sheet.max_row + 1) if sheet.cell(r, id_cell.column).value == centre_id)


def field_cell(book, centre_id: str, field: str):
    """The cell of ``centre_id``'s ``field`` (or of its formula "received", "used", "left"),
    on a form with a row per centre or on a centre's own, read top to bottom."""
    return _cell_of(book, FORMULA_NAMES.get(field) or field_name(field), row_of(book, centre_id))


def own_cell(book, field: str):
    """The cell of ``field`` on a centre's own form (one centre)."""
    return field_cell(book, str(_cell_of(book, ID_NAME).value), field)


def first_amount(book):
    """The cell of the first category's amount on a centre's own form."""
    names = [n for n in book.defined_names if (field_of_name(n) or "").startswith(AMOUNT_PREFIX)]
    return min((_cell_of(book, n) for n in names), key=lambda cell: (cell.row, cell.column))


def fill(path: Path, values: dict[str, object], save_as: Path | None = None) -> None:
    """Type ``values`` (field -> value) into a centre's own form, as its centre would."""
    edit(path, str(_cell_of(openpyxl.load_workbook(path), ID_NAME).value), values, save_as=save_as)


def edit(
    path: Path,
    centre_id: str,
    values: dict[str, object],
    saved: dt.datetime | None = None,
    save_as: Path | None = None,
) -> None:
    """Type ``values`` (field -> value, None clears) into ``centre_id``'s cells of the form in
    ``path`` and save (as ``save_as``), recording ``saved`` as the document's saved time."""
    book = openpyxl.load_workbook(path)
    for name, value in values.items():
        field_cell(book, centre_id, name).value = value
    target = save_as or path
    book.save(target)
    if saved is not None:
        set_saved(target, saved)


def read(path: Path, centre_id: str, fields) -> dict[str, object]:
    book = openpyxl.load_workbook(path)
    return {name: field_cell(book, centre_id, name).value for name in fields}


def form_values(path: Path, *fields: str) -> tuple[object, ...]:
    """The values of ``fields`` on a centre's own form."""
    book = openpyxl.load_workbook(path)
    return tuple(own_cell(book, name).value for name in fields)


def set_saved(path: Path, saved: dt.datetime) -> None:
    """The document's own saved time (docProps/core.xml ``modified``), as a program saving it at ``saved`` writes."""
    stamp = saved.strftime("%Y-%m-%dT%H:%M:%SZ").encode()

    def change(xml: bytes) -> bytes:
        return re.sub(rb"(<dcterms:modified[^>]*>)[^<]*(</dcterms:modified>)", rb"\g<1>" + stamp + rb"\g<2>", xml)

    rewrite_member(path, "docProps/core.xml", change)


def age(path: Path, when: dt.datetime) -> None:
    """The file system's time set to ``when``, as ``cp -p`` or an unzip leaves it."""
    stamp = when.replace(tzinfo=dt.UTC).timestamp()
    os.utime(path, (stamp, stamp))
