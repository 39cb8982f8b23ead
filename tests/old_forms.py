"""Centre forms as grantsheet wrote them before #14.2: the whole form in one landscape row under
a header row, the master's layout (``layout.FollowUpColumns``). Centres still hold files
sent that way; here one is made from a file written today, its properties (centre id,
seal, grant, base) kept, so a test can return it as a centre would."""

from __future__ import annotations

from pathlib import Path

import openpyxl
from openpyxl.workbook.defined_name import DefinedName

from grantsheet import texts
from grantsheet.layout import (
    FOLLOW_UP_ROW,
    FORM_NAME_PREFIX,
    TABLE_TOP,
    Category,
    FollowUpColumns,
    form_names,
    ref,
)

SHEET = "Återrapportering"


def as_row_form(
    path: Path,
    categories: tuple[Category, ...],
    values: dict[str, object] | None = None,
    names: bool = True,
    received: str = "=Utbetalning!$K$13",
) -> None:
    """Rewrite the centre form in ``path`` to the one-row layout, ``values`` (field -> value)
    typed into its row, with the defined names that layout had (``names``) or, as in files
    written before those names, none: such a form is found by its header texts."""
    book = openpyxl.load_workbook(path)
    old = book[SHEET]
    centre_id, centre_name = old["B5"].value, old["B6"].value
    index = book.sheetnames.index(SHEET)
    del book[SHEET]
    sheet = book.create_sheet(SHEET, index)
    for name in [n for n in book.defined_names if n.startswith(FORM_NAME_PREFIX)]:
        del book.defined_names[name]
    columns = FollowUpColumns(categories)
    sheet.cell(1, 1).value = texts.text("follow_up_title", "sv", title="Statsbidrag")
    for col, label in enumerate(columns.labels(lambda key, **params: texts.text(key, "sv", **params))):
        sheet.cell(TABLE_TOP + 1, col + 1).value = label
    row = FOLLOW_UP_ROW
    cells = {0: centre_id, 1: centre_name, columns.received: received}
    cells |= {columns.used: columns.used_formula(row), columns.left: columns.left_formula(row)}
    placed = columns.cells(row)
    for field, value in (values or {}).items():
        cells[placed[field][1]] = value
    for col, value in cells.items():
        sheet.cell(row + 1, col + 1).value = value
    if names:
        for name, col in form_names(columns).items():
            book.defined_names[name] = DefinedName(name, attr_text=ref(SHEET, row, col, True))
    book.save(path)


def row_form_cell(categories: tuple[Category, ...], field: str) -> str:
    """Where ``field`` stood on a one-row form: "D5" for the first category."""
    columns = FollowUpColumns(categories)
    places = columns.cells(FOLLOW_UP_ROW) | {
        key: (FOLLOW_UP_ROW, getattr(columns, key)) for key in ("received", "used", "left")
    }
    return ref(None, *places[field])
