"""The follow-up contract (issue 11): field ids in every file, a recorded base and the three-way rule."""

from __future__ import annotations

import datetime as dt
import json
import shutil
from pathlib import Path

import openpyxl
import pytest
from contract_helpers import age, edit, read, set_saved
from cycle_helpers import make_inputs
from old_forms import as_row_form

from grantsheet import api
from grantsheet.layout import base_file_name

SABO = "amount:lakarmedverkan_i_sarskilt_boende"
HEMS = "amount:lakarmedverkan_i_hemsjukvarden"
EARLY, LATE = dt.datetime(2023, 1, 10, 9), dt.datetime(2023, 1, 12, 9)


@pytest.fixture
def built(tmp_path: Path):
    inputs, outputs = make_inputs(tmp_path / "inputs"), tmp_path / "outputs"
    return inputs, outputs, api.build(inputs, outputs)


def centre_file(result, centre_id: str) -> Path:
    return next(p for p in result.cycle.centre_files if p.name.startswith(f"{centre_id} "))


def not_carried(master: Path) -> list[tuple]:
    book = openpyxl.load_workbook(master)
    if "Ej överförda uppgifter" not in book.sheetnames:
        return []
    return [r for r in book["Ej överförda uppgifter"].iter_rows(min_row=5, values_only=True) if r[0]]


def test_every_build_records_its_base_beside_the_master_and_archives_the_last(built):
    inputs, outputs, first = built
    edit(centre_file(first, "HC1"), "HC1", {SABO: 1000, "description": "Läkare"})
    second = api.build(inputs, outputs)
    base = json.loads((outputs / "2022" / base_file_name(2022)).read_text(encoding="utf-8"))
    assert base["centres"]["HC1"] == {SABO: 1000, "description": "Läkare"}
    archived = json.loads((second.cycle.archive / base_file_name(2022)).read_text(encoding="utf-8"))
    assert archived["centres"] == {}


def test_a_cleared_value_stays_cleared(built):
    inputs, outputs, first = built
    edit(centre_file(first, "HC1"), "HC1", {SABO: 1000, "contact": "Anna"})
    second = api.build(inputs, outputs)
    assert read(second.master, "HC1", [SABO, "contact"]) == {SABO: 1000, "contact": "Anna"}
    edit(centre_file(second, "HC1"), "HC1", {SABO: None})
    third = api.build(inputs, outputs)
    for path in (third.master, centre_file(third, "HC1")):
        assert read(path, "HC1", [SABO, "contact"]) == {SABO: None, "contact": "Anna"}
    assert not_carried(third.master) == []
    # The officer clears in the master: the same.
    edit(third.master, "HC1", {"contact": None})
    fourth = api.build(inputs, outputs)
    assert read(centre_file(fourth, "HC1"), "HC1", ["contact"]) == {"contact": None}


def test_one_sides_edit_wins_over_the_base_whatever_the_other_file_says(built):
    inputs, outputs, first = built
    edit(first.master, "HC2", {SABO: 500}, saved=LATE)
    second = api.build(inputs, outputs)
    # The centre corrects the value in its file, saved earlier than the master was.
    edit(centre_file(second, "HC2"), "HC2", {SABO: 450}, saved=EARLY)
    third = api.build(inputs, outputs)
    assert read(third.master, "HC2", [SABO]) == {SABO: 450}
    assert third.cycle.conflicts == ()


def test_two_edits_are_a_conflict_won_by_the_document_saved_last_not_the_file_time(built):
    inputs, outputs, first = built
    edit(first.master, "HC3", {SABO: 300}, saved=EARLY)
    centre = centre_file(first, "HC3")
    edit(centre, "HC3", {SABO: 350}, saved=LATE)
    # The centre's file was copied with cp -p: its file time is older than the master's.
    age(centre, dt.datetime(2020, 1, 1))
    second = api.build(inputs, outputs)
    assert read(second.master, "HC3", [SABO]) == {SABO: 350}
    (conflict,) = second.cycle.conflicts
    assert (conflict.centre_id, conflict.field, conflict.value, conflict.kept_value) == ("HC3", SABO, 300, 350)
    assert (conflict.source, conflict.kept_source) == ("grantsheet-2022.xlsx", centre.name)
    (row,) = not_carried(second.master)
    assert row[:8] == (
        "HC3",
        "Delta hälsocentral",
        "Använt: Läkarmedverkan i särskilt boende (kr)",
        300,
        "grantsheet-2022.xlsx",
        "ersatt av ett senare sparat värde",
        350,
        centre.name,
    )


def test_a_clear_against_an_edit_is_a_conflict_too(built):
    inputs, outputs, first = built
    edit(centre_file(first, "HC1"), "HC1", {"contact": "Anna"})
    second = api.build(inputs, outputs)
    edit(second.master, "HC1", {"contact": "Berit"}, saved=EARLY)
    edit(centre_file(second, "HC1"), "HC1", {"contact": None}, saved=LATE)
    third = api.build(inputs, outputs)
    assert read(third.master, "HC1", ["contact"]) == {"contact": None}
    (conflict,) = third.cycle.conflicts
    assert (conflict.value, conflict.kept_value) == ("Berit", None)


def rename_category(inputs: Path) -> None:
    grant = inputs / "grant.toml"
    text = grant.read_text(encoding="utf-8")
    text = text.replace(
        '"Läkarmedverkan i särskilt boende",',
        '{ id = "lakarmedverkan_i_sarskilt_boende", name = "Läkare på särskilda boenden" },',
    )
    grant.write_text(text, encoding="utf-8")


def test_renaming_a_category_and_switching_language_keep_every_entry(built):
    inputs, outputs, first = built
    edit(centre_file(first, "HC1"), "HC1", {SABO: 1000, HEMS: 20, "date": dt.datetime(2023, 1, 5)})
    rename_category(inputs)
    second = api.build(inputs, outputs, lang="en")
    book = openpyxl.load_workbook(second.master)
    assert "Follow-up" in book.sheetnames
    assert "Used: Läkare på särskilda boenden (kr)" in [c.value for c in book["Follow-up"][4]]
    for path in (second.master, centre_file(second, "HC1")):
        assert read(path, "HC1", [SABO, HEMS, "date"]) == {SABO: 1000, HEMS: 20, "date": dt.datetime(2023, 1, 5)}
    assert not_carried(second.master) == []


def test_a_form_that_cannot_be_found_is_named_and_kept_never_replaced_in_silence(built):
    inputs, outputs, first = built
    centre = centre_file(first, "HC4")
    edit(centre, "HC4", {SABO: 12})
    book = openpyxl.load_workbook(centre)
    sheet = book["Återrapportering"]
    sheet.delete_rows(1, sheet.max_row)  # labels, ids and all
    for name in list(book.defined_names):
        del book.defined_names[name]
    book.save(centre)
    second = api.build(inputs, outputs)
    (found,) = [n for n in second.cycle.notes if n.kind == "form_not_found"]
    assert found.kind == "form_not_found"
    kept = second.cycle.archive / "mottagare" / centre.name
    assert str(kept) in found.render("en") and kept.is_file()
    kept_sheet = openpyxl.load_workbook(kept)["Återrapportering"]
    assert not [cell.value for row in kept_sheet.iter_rows() for cell in row if cell.value is not None]


def test_a_form_found_by_its_headers_where_a_file_has_no_ids(built):
    """A file of the version before ids, with a row inserted above the form: read by its headers."""
    inputs, outputs, first = built
    centre = centre_file(first, "HC2")
    as_row_form(centre, first.dataset.grant.follow_up_categories, names=False)
    book = openpyxl.load_workbook(centre)
    sheet = book["Återrapportering"]
    sheet.insert_rows(1)
    sheet["D6"] = 77
    book.save(centre)
    set_saved(centre, LATE)
    second = api.build(inputs, outputs)
    assert read(second.master, "HC2", [SABO]) == {SABO: 77}


def test_an_old_copy_of_a_form_from_an_earlier_build_undoes_nothing(built, tmp_path):
    """The centre sends back the form of the first round, after the officer corrected the
    master in between: what the copy left as it was is no edit, what it typed is."""
    inputs, outputs, first = built
    old_round = tmp_path / "kept by the centre.xlsx"
    shutil.copyfile(centre_file(first, "HC1"), old_round)
    edit(first.master, "HC1", {SABO: 500}, saved=EARLY)
    second = api.build(inputs, outputs)
    assert read(centre_file(second, "HC1"), "HC1", [SABO]) == {SABO: 500}
    edit(old_round, "HC1", {"description": "Läkare en dag"}, saved=LATE)
    shutil.copyfile(old_round, centre_file(second, "HC1").with_name("HC1 svar.xlsx"))
    third = api.build(inputs, outputs)
    for path in (third.master, centre_file(third, "HC1")):
        assert read(path, "HC1", [SABO, "description"]) == {SABO: 500, "description": "Läkare en dag"}
    assert third.cycle.conflicts == ()
