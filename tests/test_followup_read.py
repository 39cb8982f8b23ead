"""grantsheet's outputs are read back by grantsheet.xlsx exactly as openpyxl reads them.

A rebuild reads every previous output for what was typed into it, and the previous
master for its allocation (rederive), its not-carried entries and its build time;
``readback.OutputBook`` takes the cells from ``xlsx.Workbook.cells`` and falls back to
openpyxl for the formulas only openpyxl rewrites (shared, array). Here both readers see
every sheet of the same files:
fresh outputs, outputs typed into (numbers, dates, text, a formula, a computed cell
typed over, one cleared) and the same files saved by LibreOffice.
"""

from __future__ import annotations

import datetime as dt
import re
import shutil
from pathlib import Path

import openpyxl
import pytest
from contract_helpers import field_cell
from cycle_helpers import make_inputs
from hostile_inputs import rewrite_member

from grantsheet import api, entries, followup, readback, xlsx
from grantsheet.layout import amount_field, category_id
from grantsheet.recalc import recalculate

FOLLOW_UP = "Återrapportering"


def typed(cells):
    return {
        row: {col: (type(c.value).__name__, c.value, c.formula) for col, c in by_col.items()}
        for row, by_col in cells.items()
    }


def entries_by_openpyxl(path: Path) -> list[entries.FollowUpEntry]:
    with readback.OutputBook(path) as book:
        form, _ = followup.locate_form(book)
        saved = book.saved
    return followup.entries_in(readback.cells_by_openpyxl(path, form.sheet), form, path.name, saved)


def as_openpyxl_reads(entries: list[entries.FollowUpEntry]) -> list[entries.FollowUpEntry]:
    """``entries`` as a reader that sees no saved value beside a formula gives them: a typed
    formula's text where grantsheet carries the number its program saved (#16.7)."""
    for entry in entries:
        for name, _sheet, _cell, formula, _ in entry.typed_formulas:
            entry.values[name] = formula
        entry.typed_formulas = [(n, s, c, f, None) for n, s, c, f, _ in entry.typed_formulas]
    return entries


def assert_read_alike(path: Path) -> bool:
    """Both readers give the same cells, sheet by sheet, the same build time and title, and
    the same entries. Returns whether xlsx read the follow-up sheet itself (not handing it to openpyxl)."""
    read_itself = True
    with xlsx.Workbook(path) as book:
        for entry in book.sheets:
            try:
                ours = book.cells(entry)
            except xlsx.Unsupported:
                read_itself = read_itself and entry.title != FOLLOW_UP
                continue
            assert typed(ours) == typed(readback.cells_by_openpyxl(path, entry.title)), (path.name, entry.title)
        properties = openpyxl.load_workbook(path, read_only=True).properties
        assert (book.created, book.title) == (properties.created, properties.title)
    assert as_openpyxl_reads(followup.read_entries(path)) == entries_by_openpyxl(path)
    return read_itself


@pytest.fixture(scope="module")
def outputs(tmp_path_factory) -> dict[str, Path]:
    root = tmp_path_factory.mktemp("forms")
    built = api.build(make_inputs(root / "inputs"), root / "outputs")
    centre = built.centre_files[0]
    files = {"master": built.master, "centre": centre}
    for name, path in list(files.items()):
        copy = root / f"typed-{path.name}"
        shutil.copyfile(path, copy)
        book = openpyxl.load_workbook(copy)
        first, second, third = (amount_field(c.id) for c in built.dataset.grant.follow_up_categories[:3])
        typed_in = {
            first: 12_500,
            second: 1250.5,
            third: "=1000+250",  # a formula typed into a form cell
            "description": "  Läkare en dag i veckan\n",
            "date": dt.datetime(2023, 1, 15),
            "used": 99,  # a computed cell typed over
            "left": None,  # and one cleared
        }
        for field, value in typed_in.items():
            field_cell(book, "HC1", field).value = value
        book.save(copy)
        files[f"typed {name}"] = copy
    return files


@pytest.mark.parametrize("name", ["master", "centre", "typed master", "typed centre"])
def test_outputs_read_alike(outputs, name):
    assert assert_read_alike(outputs[name])


def test_typed_values_formulas_and_overwritten_cells_are_seen(outputs):
    (entry,) = [e for e in followup.read_entries(outputs["typed centre"]) if e.values]
    assert entry.values["description"] == "  Läkare en dag i veckan\n"
    assert list(entry.amounts().values())[:3] == [12_500, 1250.5, "=1000+250"]
    assert entry.values["date"] == dt.datetime(2023, 1, 15)
    assert len(entry.overwritten) == 2  # typed over, and cleared


def test_files_saved_by_libreoffice_read_alike(outputs, soffice, tmp_path):
    for saved in recalculate([outputs["typed master"], outputs["typed centre"]], tmp_path):
        assert assert_read_alike(saved)  # LibreOffice writes no shared formula here
        assert any(e.values for e in followup.read_entries(saved))


def test_a_shared_formula_is_read_by_openpyxl(outputs, tmp_path):
    """Excel writes a formula filled down as one shared formula; only openpyxl rewrites it per cell."""
    path = tmp_path / "shared.xlsx"
    shutil.copyfile(outputs["typed master"], path)
    book = openpyxl.load_workbook(path)
    part = f"xl/worksheets/sheet{book.sheetnames.index(FOLLOW_UP) + 1}.xml"

    def share(xml: bytes) -> bytes:
        # F5 becomes the anchor of a shared formula, F6 its dependent (written as Excel does).
        xml = re.sub(
            rb'<c r="F5"([^>]*)>.*?</c>',
            rb'<c r="F5"\1><f t="shared" ref="F5:F6" si="0">1000+D5</f></c>',
            xml,
            count=1,
            flags=re.S,
        )
        return re.sub(
            rb'<c r="F6"([^>]*?)(/>|>.*?</c>)', rb'<c r="F6"\1><f t="shared" si="0"/></c>', xml, count=1, flags=re.S
        )

    rewrite_member(path, part, share)
    with xlsx.Workbook(path) as book, pytest.raises(xlsx.Unsupported):
        book.cells(next(entry for entry in book.sheets if entry.title == FOLLOW_UP))
    entries = followup.read_entries(path)
    assert as_openpyxl_reads(followup.read_entries(path)) == entries_by_openpyxl(path)
    third = followup.amount_field(category_id("Kompetensutveckling och nätverk"))  # column F
    assert [entry.values.get(third) for entry in entries[:2]] == ["=1000+D5", "=1000+D6"]
