"""What a returned form can bring in is bounded, and no output is put in place that its readers
would refuse (#16.1, #11.7)."""

from __future__ import annotations

import re
import tracemalloc
import zipfile
from pathlib import Path

import pytest
from cycle_helpers import make_inputs
from test_faults import snapshot

from grantsheet import api, cycle, readback, texts, xlsx
from grantsheet.errors import InputError
from grantsheet.layout import FOLLOW_UP

EXCEL_LAST_ROW = 1_048_576


def with_rows(form: Path, last_row: int, text: str = "HC1") -> None:
    """``form`` with rows appended to its follow-up sheet up to ``last_row``, each holding ``text``
    in column A, written straight into the sheet's XML (as any program could)."""
    with xlsx.Workbook(form) as book:
        part = next(e.part for e in book.sheets if e.title in texts.all_labels(FOLLOW_UP))
    with zipfile.ZipFile(form) as archive:
        members = {info.filename: archive.read(info) for info in archive.infolist()}
    sheet = members[part].decode("utf-8")
    existing = max(int(r) for r in re.findall(r'<row r="(\d+)"', sheet))
    rows = "".join(
        f'<row r="{n}"><c r="A{n}" t="inlineStr"><is><t>{text}</t></is></c></row>'
        for n in range(existing + 1, last_row + 1)
    )
    members[part] = sheet.replace("</sheetData>", rows + "</sheetData>").encode("utf-8")
    with zipfile.ZipFile(form, "w", zipfile.ZIP_DEFLATED) as archive:
        for name, data in members.items():
            archive.writestr(name, data)


def centre_form(outputs: Path) -> Path:
    return sorted((outputs / "2022" / "mottagare").glob("*.xlsx"))[0]


@pytest.fixture
def built(tmp_path: Path) -> tuple[Path, Path]:
    inputs, outputs = make_inputs(tmp_path / "inputs"), tmp_path / "outputs"
    api.build(inputs, outputs)
    return inputs, outputs


@pytest.mark.slow  # a million rows written and read twice; the bound itself is the test below
def test_a_form_with_a_million_rows_is_refused_once_in_bounded_memory(built):
    """Measured on the version before: a rebuild read all of it and wrote a 290 MB master that no
    command could open again; collect took 75 s and 2.2 GB. Now it is one located problem."""
    inputs, outputs = built
    form = centre_form(outputs)
    with_rows(form, EXCEL_LAST_ROW - 4)
    assert form.stat().st_size < readback.MAX_FILE_BYTES  # small enough to pass the size bound
    before = snapshot(outputs)
    tracemalloc.start()
    try:
        with pytest.raises(InputError) as raised:
            api.build(inputs, outputs)
        peak = tracemalloc.get_traced_memory()[1]
    finally:
        tracemalloc.stop()
    (found,) = raised.value.problems
    assert found.location.file == str(form)
    assert found.kind in ("form_unpacks_too_large", "sheet_too_many_rows")
    assert peak < 64 * 1024 * 1024
    assert snapshot(outputs) == before

    with pytest.raises(InputError) as raised:
        api.collect([form], outputs / "2022" / "grantsheet-2022.xlsx", outputs.parent / "summary.xlsx")
    assert [(p.kind, p.location.file) for p in raised.value.problems] == [(found.kind, str(form))]


def test_a_form_one_row_past_the_bound_is_refused_and_one_at_it_is_read(built, tmp_path):
    inputs, outputs = built
    form = centre_form(outputs)
    with_rows(form, readback.MAX_FORM_ROWS)
    assert api.build(inputs, outputs).master.exists()
    form = centre_form(outputs)
    with_rows(form, readback.MAX_FORM_ROWS + 1)
    with pytest.raises(InputError) as raised:
        api.build(inputs, outputs)
    (found,) = raised.value.problems
    assert found.kind == "sheet_too_many_rows" and found.location.file == str(form)
    assert f"more than {readback.MAX_FORM_ROWS} rows" in found.render("en")


def test_a_cell_longer_than_excel_holds_is_refused(built):
    inputs, outputs = built
    form = centre_form(outputs)
    with_rows(form, 40, text="x" * (xlsx.MAX_CELL_TEXT + 1))
    with pytest.raises(InputError) as raised:
        api.build(inputs, outputs)
    (found,) = raised.value.problems
    assert found.kind == "cell_text_too_long"
    assert dict(found.params)["limit"] == xlsx.MAX_CELL_TEXT


def test_an_output_its_readers_would_refuse_is_never_put_in_place(built, tmp_path, monkeypatch):
    inputs, outputs = built
    smallest = min(p.stat().st_size for p in (outputs / "2022" / "mottagare").glob("*.xlsx"))
    monkeypatch.setattr(cycle, "MAX_FILE_BYTES", smallest - 1)  # every new form is over the bound
    fresh = tmp_path / "fresh"
    with pytest.raises(InputError) as raised:
        api.build(inputs, fresh)
    assert {p.kind for p in raised.value.problems} == {"output_would_be_unreadable"}
    assert len(raised.value.problems) == 4  # every centre's form, named
    assert not list(fresh.rglob("*.xlsx"))
