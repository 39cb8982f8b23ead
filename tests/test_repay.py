"""Unused funds: collect shows what each reporting centre has left and the total, where and by
when it is repaid (the grant file's [follow_up]), on the summary's per-activity sheet too."""

from __future__ import annotations

import shutil
import subprocess
from pathlib import Path

import openpyxl
from click.testing import CliRunner
from test_letter import letter_workspace, page_font_sizes
from test_mail import _report, return_form
from test_printing import as_pdf

from grantsheet import api
from grantsheet.cli import main
from grantsheet.recalc import check_in_engines


def test_collect_names_the_unused_funds_and_where_they_are_repaid(tmp_path, soffice, ssconvert):
    inputs = letter_workspace(tmp_path)
    built = api.build(inputs, tmp_path / "outputs")
    returns = tmp_path / "returns"
    returns.mkdir()
    return_form(built, returns, "Backens")  # 1 000 kr used
    index = [c.name for c in built.dataset.centres].index("Backens vårdcentral")
    received = sum(pool.paid[index] for pool in built.pools)
    summary = tmp_path / "summary.xlsx"
    result = api.collect([returns], built.master, summary, inputs=inputs)
    (line,) = result.unused()
    assert line[1:] == ("Backens vårdcentral", received - 1000) and result.unused_total == received - 1000
    assert (
        result.repay.describe("sv") == "Betalas tillbaka senast 2023-03-31 till bankgiro 123-4567, märkt RS 1-2022 § 1."
    )
    sheet = openpyxl.load_workbook(summary, data_only=True)["Redovisning Socialstyrelsen"]
    rows = {row[0]: row[1] for row in sheet.iter_rows(values_only=True) if row[0]}
    assert rows["Att betala tillbaka: det varje hälsocentral som rapporterat har kvar (kr)"] == received - 1000
    assert result.repay.describe("sv") in rows
    (lo, gnumeric) = check_in_engines([summary])
    assert lo.mismatches == [] and gnumeric.mismatches == [] and lo.compared > 10
    without = api.collect([returns], built.master, tmp_path / "plain.xlsx")
    assert without.repay is None and without.unused_total == received - 1000


def test_the_collect_command_lists_the_unused_funds(tmp_path, monkeypatch):
    inputs = letter_workspace(tmp_path)
    built = api.build(inputs, tmp_path / "outputs")
    returns = tmp_path / "returns"
    returns.mkdir()
    reported = built.centre_files[0]
    shutil.copyfile(reported, returns / "svar.xlsx")
    _report(returns / "svar.xlsx")
    monkeypatch.chdir(tmp_path)
    result = CliRunner().invoke(
        main, ["collect", "returns", "--master", str(built.master), "--inputs", "inputs", "--lang", "en"]
    )
    assert "Unused, to be repaid:" in result.output and "from 1 health centre:" in result.output
    assert "To be repaid by 2023-03-31 to bankgiro 123-4567, marked RS 1-2022 § 1." in result.output
    assert Path(tmp_path / "sammanstallning.xlsx").is_file()


def test_the_summary_counts_as_unused_only_what_a_reporting_centre_has_left(tmp_path, soffice, ssconvert):
    """A centre that has not reported, or sent a blank form, has said nothing about what it
    used: its row shows no unused amount, and the column's total is the report's unused."""
    inputs = letter_workspace(tmp_path)
    built = api.build(inputs, tmp_path / "outputs")
    returns = tmp_path / "returns"
    returns.mkdir()
    return_form(built, returns, "Backens")  # 1 000 kr used
    return_form(built, returns, "Sorsele", used=False)
    index = [c.name for c in built.dataset.centres].index("Backens vårdcentral")
    received = sum(pool.paid[index] for pool in built.pools)
    summary = tmp_path / "summary.xlsx"
    api.collect([returns], built.master, summary, inputs=inputs)
    book = openpyxl.load_workbook(summary, data_only=True)
    table = list(book["Sammanställning"].iter_rows(values_only=True))
    header = next(i for i, row in enumerate(table) if row[0] == "Hälsocentral-id")
    unused, status = table[header].index("Ej använt (kr)"), table[header].index("Status")
    rows = {row[1]: (row[unused], row[status]) for row in table[header + 1 :] if row[0]}
    assert rows == {
        "Backens vårdcentral": (received - 1000, "Rapporterad"),
        "Hälsocentralen Sorsele": (None, "Tom blankett"),
        "Ålidhems hälsocentral": (None, "Saknas"),
    }
    total = next(row for row in table if row[1] == "Summa")
    report = {row[0]: row[1] for row in book["Redovisning Socialstyrelsen"].iter_rows(values_only=True) if row[0]}
    assert (
        total[unused]
        == received - 1000
        == report["Ej använt av de hälsocentraler som rapporterat: mottaget − använt (kr)"]
    )
    (lo, gnumeric) = check_in_engines([summary])
    assert lo.mismatches == [] and gnumeric.mismatches == []


def test_every_sheet_of_the_summary_prints_on_a4_readable(tmp_path, soffice, pdftotext):
    """Not on the printer's default (Letter in an English LibreOffice): a Swedish office's A4."""
    inputs = letter_workspace(tmp_path)
    built = api.build(inputs, tmp_path / "outputs")
    summary = tmp_path / "summary.xlsx"
    api.collect([tmp_path / "outputs" / "2022"], built.master, summary, inputs=inputs)
    book = openpyxl.load_workbook(summary)
    for sheet in book.worksheets:
        assert sheet.page_setup.paperSize == 9, sheet.title
        if sheet.title == "Sammanställning":  # at 100 %, the names on every page across (#23.9)
            assert not sheet.sheet_properties.pageSetUpPr.fitToPage and sheet.print_title_cols == "$A:$B"
        else:
            assert sheet.sheet_properties.pageSetUpPr.fitToPage and sheet.page_setup.fitToWidth in (None, 1)
    report = book["Redovisning Socialstyrelsen"]
    for row in report.iter_rows():
        text = str(row[0].value or "")
        if len(text) > 62:  # wrapped: its row is as high as its lines, so nothing overlaps or is cut
            assert row[0].alignment.wrap_text and report.row_dimensions[row[0].row].height >= 30, text
    printed = as_pdf(summary, tmp_path / "pdf")
    sizes = page_font_sizes(printed)
    assert min(sizes) >= 8, sizes  # it printed at about 3.5 pt
    text = " ".join(subprocess.run([pdftotext, str(printed), "-"], capture_output=True).stdout.decode().split())
    assert "Att betala tillbaka: det varje hälsocentral som rapporterat har kvar (kr)" in text
