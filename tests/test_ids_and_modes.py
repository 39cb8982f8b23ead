"""Ids that look like Excel's escapes come back as they went out; two ids are never merged into one
centre on a warning (#16.5); outputs get the mode the umask gives (#16.7)."""

from __future__ import annotations

import os
import stat
from pathlib import Path

import openpyxl
import pytest
from contract_helpers import field_cell, fill, form_values
from cycle_helpers import SABO, make_inputs

from grantsheet import api
from grantsheet.errors import InputError
from grantsheet.readback import workbook_info
from grantsheet_samples import Listing, write_listed

FOLLOW_UP = "Återrapportering"
# "_x0041_" typed literally, and a control character as Excel and XlsxWriter store it.
ODD = [
    ("Alfa hälsocentral", "HC_x0041_", 900),
    ("Beta/Gamma vårdcentral", "HC_x0001_2", 600),
    ("Delta hälsocentral", "HC3", 450),
    ("Epsilon hälsocentral", "HC4", 51),
]


def test_ids_that_look_like_escapes_round_trip_through_forms_rebuild_and_collect(tmp_path: Path):
    inputs, outputs = make_inputs(tmp_path / "inputs", ODD), tmp_path / "outputs"
    first = api.build(inputs, outputs)
    ids = [c.id for c in first.dataset.centres]
    assert ids[:2] == ["HC_x0041_", "HC_x0001_2"]
    for number, path in enumerate(first.centre_files[:2]):
        assert workbook_info(path).centre_id == ids[number]
        fill(path, {"contact": f"Kontakt {number}"})
    second = api.build(inputs, outputs)
    assert second.cycle.not_carried == ()
    for number, path in enumerate(second.centre_files[:2]):
        book = openpyxl.load_workbook(path)
        assert (book[FOLLOW_UP]["B5"].value, field_cell(book, ids[number], "contact").value) == (
            ids[number],
            f"Kontakt {number}",
        )
    result = api.collect([outputs / "2022" / "mottagare"], second.master, tmp_path / "summary.xlsx")
    assert not any(centre_id in ids[:2] for centre_id, _ in result.missing)


def test_two_ids_whose_names_differ_only_in_case_are_refused_not_merged(tmp_path: Path):
    inputs = make_inputs(tmp_path / "inputs")
    write_listed(
        inputs / "listade-80plus.xlsx",
        [
            Listing("Ersboda HC", 300, centre_id="SE2321000222-E1"),
            Listing("ERSBODA HC", 300, centre_id="SE2321000222-E2"),
            Listing("Alfa hälsocentral", 900, centre_id="HC1"),
            Listing("Beta/Gamma vårdcentral", 600, centre_id="HC2"),
            Listing("Delta hälsocentral", 450, centre_id="HC3"),
            Listing("Epsilon hälsocentral", 51, centre_id="HC4"),
        ],
    )
    with pytest.raises(InputError) as raised:
        api.check(inputs)
    (found,) = [p for p in raised.value.problems if p.kind == "same_name_other_id"]
    message = found.render("en")
    assert "SE2321000222-E1" in message and "SE2321000222-E2" in message and "'ERSBODA HC'" in message
    assert found.location.file == "listade-80plus.xlsx"


@pytest.mark.parametrize("mask", [0o022, 0o027, 0o002])
def test_every_output_gets_the_mode_the_umask_gives(tmp_path: Path, mask: int):
    previous = os.umask(mask)
    try:
        inputs, outputs = make_inputs(tmp_path / "inputs"), tmp_path / "outputs"
        result = api.build(inputs, outputs)
        summary = api.collect([outputs / "2022" / "mottagare"], result.master, tmp_path / "summary.xlsx").summary
    finally:
        os.umask(previous)
    expected = 0o666 & ~mask
    for path in (result.master, *result.centre_files, summary):
        assert stat.S_IMODE(path.stat().st_mode) == expected, path


def with_cell_xml(path: Path, sheet_title: str, reference: str, xml: str) -> None:
    """``path`` with the cell ``reference`` of ``sheet_title`` replaced by ``xml``, as a program saves it."""
    import re
    import zipfile

    from grantsheet import xlsx

    with xlsx.Workbook(path) as book:
        part = next(e.part for e in book.sheets if e.title == sheet_title)
    with zipfile.ZipFile(path) as archive:
        members = {info.filename: archive.read(info) for info in archive.infolist()}
    sheet, count = re.subn(
        rf'<c r="{reference}"([^>]*?)(/>|>.*?</c>)', xml, members[part].decode("utf-8"), count=1, flags=re.S
    )
    assert count == 1
    members[part] = sheet.encode("utf-8")
    with zipfile.ZipFile(path, "w", zipfile.ZIP_DEFLATED) as archive:
        for name, data in members.items():
            archive.writestr(name, data)


@pytest.mark.parametrize("saved", ["<v>1500</v>", ""], ids=["with its saved value", "no saved value"])
def test_a_formula_typed_into_a_form_is_carried_by_its_value_or_flagged(tmp_path: Path, saved: str):
    inputs, outputs = make_inputs(tmp_path / "inputs"), tmp_path / "outputs"
    first = api.build(inputs, outputs)
    form = first.centre_files[0]
    cell = field_cell(openpyxl.load_workbook(form), "HC1", SABO).coordinate
    with_cell_xml(form, FOLLOW_UP, cell, f'<c r="{cell}" s="0"><f>1000+500</f>{saved}</c>')
    second = api.build(inputs, outputs)
    (carried,) = form_values(second.centre_files[0], SABO)
    (remark,) = second.cycle.remarks
    assert (remark.location.file, remark.location.sheet, remark.location.cell) == (str(form), FOLLOW_UP, cell)
    if saved:
        assert carried == 1500  # a number again, counted in the sums
        assert remark.kind == "typed_formula_value" and "1500" in remark.render("en")
    else:
        assert carried == "=1000+500"  # the text, as typed, and said so
        assert remark.kind == "typed_formula_text" and "=1000+500" in remark.render("en")


def test_an_id_made_from_a_name_has_the_health_centres_prefix_only_for_health_centres(tmp_path: Path):
    """The CARES example's states got "HC-ALABAMA" (#21): an id made from a recipient's name is
    neutral, and Windows-file-name safe; health centres listed without ids keep "HC-", as the
    registers and the forms sent out hold them."""
    import re

    from workspace import make_workspace, small_region

    from grantsheet.validate import derived_id

    api.init_workspace(tmp_path / "cares", "cares-act-2020")
    states = {c.name: c.id for c in api.check(tmp_path / "cares" / "inputs").centres}
    assert (states["Alabama"], states["New Hampshire"]) == ("ALABAMA", "NEW-HAMPSHIRE")
    assert [i for i in states.values() if not re.fullmatch(r"[A-Z0-9]+(-[A-Z0-9]+)*", i)] == []
    centres = api.check(make_workspace(tmp_path / "hc", *small_region())).centres
    assert [c.id for c in centres] == [
        "HC-BACKENS-VARDCENTRAL",
        "HC-HALSOCENTRALEN-SORSELE",
        "HC-ALIDHEMS-HALSOCENTRAL",
    ]
    # A device name Windows keeps is no file name there, with any extension.
    assert (derived_id("Aux"), derived_id("Con", "HC-"), derived_id("Åre")) == ("_AUX", "HC-CON", "ARE")
