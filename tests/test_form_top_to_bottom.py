"""A centre's follow-up form read top to bottom (#14.2): one row per category, then
description, contact and date, each field's cell named by its id."""

from __future__ import annotations

import datetime as dt
from pathlib import Path

import openpyxl
from openpyxl.workbook.defined_name import DefinedName

from grantsheet import followup, readback
from grantsheet.layout import FORMULA_NAMES, ID_NAME, NAME_NAME, field_name


def named(book: openpyxl.Workbook, name: str, cell: str, sheet: str = "Återrapportering") -> None:
    book.defined_names[name] = DefinedName(name, attr_text=f"'{sheet}'!${cell[0]}${cell[1:]}")


def test_a_form_whose_fields_stand_in_rows_of_their_own_is_read_by_its_names(tmp_path: Path):
    book = openpyxl.Workbook()
    sheet = book.active
    sheet.title = "Återrapportering"
    cells = {
        ID_NAME: ("B5", "HC1"),
        NAME_NAME: ("B6", "Alfa hälsocentral"),
        FORMULA_NAMES["received"]: ("B7", "=16726"),
        field_name("amount:sabo"): ("B10", 1000),
        field_name("amount:ovrigt"): ("B11", "=200+50"),
        FORMULA_NAMES["used"]: ("B12", "=SUM(B10:B11)"),
        FORMULA_NAMES["left"]: ("B13", 99),  # typed over
        field_name("description"): ("A15", "Läkare på Alfagården"),
        field_name("contact"): ("B16", "Anna Berg"),
        field_name("date"): ("B17", dt.datetime(2023, 1, 20)),
    }
    for name, (cell, value) in cells.items():
        sheet[cell] = value
        named(book, name, cell)
    sheet["A11"] = "Övrigt"
    path = tmp_path / "form.xlsx"
    book.save(path)

    [entry] = followup.read_entries(path)
    assert (entry.centre_id, entry.centre_name) == ("HC1", "Alfa hälsocentral")
    assert entry.values == {
        "amount:sabo": 1000,
        "amount:ovrigt": "=200+50",  # saved without the value its program computed: carried as text
        "description": "Läkare på Alfagården",
        "contact": "Anna Berg",
        "date": dt.datetime(2023, 1, 20),
    }
    assert entry.present == {"amount:sabo", "amount:ovrigt", "description", "contact", "date"}
    assert entry.overwritten == ["B13"]
    assert [(name, cell) for name, _, cell, _, _ in entry.typed_formulas] == [("amount:ovrigt", "B11")]
    with readback.OutputBook(path) as opened:
        form, found = followup.locate_form(opened)
        assert followup.form_categories(form, found) == (("sabo", "sabo"), ("ovrigt", "Övrigt"))
