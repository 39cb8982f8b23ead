"""A centre's follow-up form read top to bottom (#14.2): its formulas hold in both engines, verify
knows it, and forms sent in the one-row layout before it are still collected and carried."""

from __future__ import annotations

import datetime as dt
import subprocess
from pathlib import Path

import openpyxl
from contract_helpers import field_cell, fill, form_values
from cycle_helpers import HOME, SABO, make_inputs
from old_forms import SHEET, as_row_form, row_form_cell

from grantsheet import api, followup
from grantsheet.layout import FORM_RECEIVED_ROW, FORMULA_NAMES, CentreForm, amount_field
from grantsheet.recalc import check_in_engines
from grantsheet.verify import verify

OTHER = "amount:ovrigt"


def formula_findings(report) -> list[tuple[str, str]]:
    return [(f.kind, dict(f.params)["cell"]) for f in report.findings if f.kind.startswith("formula")]


def test_the_forms_formulas_hold_in_both_engines(tmp_path: Path, soffice, ssconvert):
    inputs, outputs = make_inputs(tmp_path / "inputs"), tmp_path / "outputs"
    first = api.build(inputs, outputs)
    alfa, beta = first.centre_files[:2]
    fill(alfa, {SABO: 1000, HOME: 250.75, OTHER: 12})
    fill(beta, {SABO: 10_000_000})  # more than received: left is negative
    second = api.build(inputs, outputs)
    checks = check_in_engines(second.centre_files)
    assert {check.engine for check in checks} == {"libreoffice", "gnumeric"}
    n_pools = len(second.pools)
    letter = 4 * n_pools + 2  # per pool key, rate, quota, payout; the amount and the total
    payout = 4 * n_pools + 1
    assert all(check.compared == letter + payout + 3 and check.mismatches == [] for check in checks), checks
    # And the values Python wrote are what the form says: received, used, left.
    categories = second.dataset.grant.follow_up_categories
    form = CentreForm(categories)
    for path, used in zip(second.centre_files[:2], (1262.75, 10_000_000)):
        index = [c.id for c in second.dataset.centres].index(path.name.split(" ")[0])
        received = sum(pool.paid[index] for pool in second.pools)
        sheet = openpyxl.load_workbook(path, data_only=True)[SHEET]
        found = [sheet.cell(row + 1, 2).value for row in (FORM_RECEIVED_ROW, form.used, form.left)]
        assert found == [received, used, received - used]


def test_verify_knows_the_form_and_finds_a_total_typed_over(tmp_path: Path):
    built = api.build(make_inputs(tmp_path / "inputs"), tmp_path / "outputs")
    (report,) = verify([built.centre_files[0]], use_recalc=False)
    assert report.ok and report.payout_part_edited is False
    book = openpyxl.load_workbook(built.centre_files[0])
    field_cell(book, "HC1", "left").value = 0
    book.save(tmp_path / "edited.xlsx")
    (edited,) = verify([tmp_path / "edited.xlsx"], use_recalc=False)
    cell = book.defined_names[FORMULA_NAMES["left"]].attr_text.split("!")[1].replace("$", "")
    assert formula_findings(edited) == [("formula_overwritten", cell)] and edited.payout_part_edited


def test_forms_sent_in_the_one_row_layout_are_collected_and_carried(tmp_path: Path):
    """Two centres return the form of the version before #14.2: one with the field names that
    version wrote, one older still, found by its headers; both counted, typed-over totals
    flagged, and their values in the new forms of the rebuild."""
    inputs, outputs = make_inputs(tmp_path / "inputs"), tmp_path / "outputs"
    first = api.build(inputs, outputs)
    categories = first.dataset.grant.follow_up_categories
    alfa, beta = first.centre_files[:2]
    date = dt.datetime(2023, 1, 20)
    typed = {SABO: 1000, HOME: 500, "description": "Läkare på Alfagården", "contact": "Anna Berg", "date": date}
    as_row_form(alfa, categories, typed)
    as_row_form(beta, categories, {OTHER: 300, "contact": "Bo Ek"}, names=False)
    book = openpyxl.load_workbook(beta)
    book[SHEET][row_form_cell(categories, "used")] = 300  # the total typed over
    book.save(beta)

    collected = api.collect([outputs / "2022"], first.master, tmp_path / "summary.xlsx")
    assert (collected.used("HC1"), collected.used("HC2")) == (1500, 300)
    assert collected.entries["HC1"].values == typed
    assert collected.entries["HC2"].values == {OTHER: 300, "contact": "Bo Ek"}
    assert [i for i, _ in collected.missing] == ["HC3", "HC4"]
    typed_over = [(f.centre_id, dict(f.params).get("cell")) for f in collected.flags if "overwritten" in f.kind]
    assert typed_over == [("HC2", row_form_cell(categories, "used"))]

    second = api.build(inputs, outputs)
    assert second.cycle.carried == 2 and second.cycle.not_carried == ()
    new_alfa, new_beta = second.centre_files[:2]
    assert form_values(new_alfa, *typed) == tuple(typed.values())
    assert form_values(new_beta, OTHER, "contact", SABO) == (300, "Bo Ek", None)
    sheet = openpyxl.load_workbook(new_beta)[SHEET]
    assert sheet["B5"].value == "HC2"  # the new form, top to bottom
    first_amount = field_cell(openpyxl.load_workbook(new_alfa), "HC1", amount_field(categories[0].id))
    assert first_amount.coordinate == "B10"
    for path in (alfa, beta):  # the old files are archived, the new ones verify clean
        assert (second.cycle.archive / "mottagare" / path.name).is_file()
    assert all(report.ok for report in verify(second.centre_files, use_recalc=False))


def test_verify_reads_a_form_of_the_one_row_layout_by_its_headers(tmp_path: Path):
    built = api.build(make_inputs(tmp_path / "inputs"), tmp_path / "outputs")
    categories = built.dataset.grant.follow_up_categories
    form = built.centre_files[0]
    as_row_form(form, categories, {SABO: 10})
    (report,) = verify([form], use_recalc=False)
    assert formula_findings(report) == []
    # A one-row form is an old file's; put under today's letter, whose file keeps the words
    # its build wrote on every sheet (centre format 4), the replaced form is named as such,
    # and only the form: the letter and its basis are untouched.
    failing = [f for f in report.findings if f.failing]
    assert failing and {dict(f.params).get("sheet") for f in failing} == {SHEET}
    book = openpyxl.load_workbook(form)
    book[SHEET][row_form_cell(categories, "received")] = 5
    book.save(form)
    (edited,) = verify([form], use_recalc=False)
    assert formula_findings(edited) == [("formula_overwritten", row_form_cell(categories, "received"))]


def pages_of(pdf: Path, pdftotext: str) -> list[str]:
    """Each page's text, every run of white space one space."""
    out = subprocess.run([pdftotext, "-layout", str(pdf), "-"], check=True, capture_output=True).stdout
    return [" ".join(page.split()) for page in out.decode("utf-8").split("\f") if page.strip()]


def test_the_form_prints_on_one_portrait_a4_page_with_its_categories(tmp_path: Path, soffice, pdftotext):
    inputs, outputs = make_inputs(tmp_path / "inputs"), tmp_path / "outputs"
    first = api.build(inputs, outputs)
    fill(first.centre_files[0], {SABO: 12_500, "description": "Läkare en dag i veckan på Alfagården"})
    second = api.build(inputs, outputs, pdf=True)
    pdf = second.centre_files[0].with_suffix(".pdf")
    pages = pages_of(pdf, pdftotext)
    (form,) = [page for page in pages if "Återrapportering –" in page]
    for category in second.dataset.grant.follow_up_categories:
        assert category.name in form
    assert "Alfa hälsocentral" in form and "HC1" in form
    assert "12 500 kr" in form and "Läkare en dag i veckan på Alfagården" in form
    assert "Summa använt (kr)" in form and "Kvar (kr)" in form and "Datum" in form  # the whole form, one page
    number = pages.index(form) + 1
    info = subprocess.run(
        ["pdfinfo", "-f", str(number), "-l", str(number), str(pdf)], capture_output=True, check=True
    ).stdout.decode()
    width, height = (float(x) for x in info.split(f"Page    {number} size:")[1].split("pts")[0].split(" x "))
    assert (round(width), round(height)) == (595, 842)  # A4 portrait


def test_a_form_whose_names_were_dropped_is_found_by_its_labels(tmp_path: Path):
    """A program that keeps no defined names saved the form, after rows were inserted above
    it and inside it: its labels still find every field, and a total typed over."""
    inputs, outputs = make_inputs(tmp_path / "inputs"), tmp_path / "outputs"
    first = api.build(inputs, outputs, lang="en")
    form = first.centre_files[0]
    typed = {SABO: 1000, OTHER: 20, "description": "Läkare", "contact": "Anna Berg", "date": dt.datetime(2023, 1, 9)}
    fill(form, typed)
    book = openpyxl.load_workbook(form)
    used = field_cell(book, "HC1", "used")
    used.value = 5
    sheet, used_row = used.parent, used.row
    for name in [n for n in book.defined_names if n.startswith("gs_fu_")]:
        del book.defined_names[name]
    sheet.insert_rows(used_row)  # inside the form, above the used total
    sheet.insert_rows(1, 2)
    book.save(form)

    [entry] = followup.read_entries(form)
    assert entry.centre_id == "HC1" and entry.centre_name == "Alfa hälsocentral"
    assert entry.values == typed
    categories = first.dataset.grant.follow_up_categories
    assert entry.present == {amount_field(c.id) for c in categories} | {"description", "contact", "date"}
    assert entry.overwritten == [f"B{used_row + 3}"]
    second = api.build(inputs, outputs, lang="en")
    assert form_values(second.centre_files[0], *typed) == tuple(typed.values())
