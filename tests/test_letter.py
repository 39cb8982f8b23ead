"""A centre's file opens on a decision letter: who pays whom how much, for what, under which
decision, and per pool the basis in words with live formulas over the sealed basis sheet."""

from __future__ import annotations

import subprocess
from pathlib import Path

import openpyxl
from workspace import make_workspace, small_region

from grantsheet import api
from grantsheet.layout import LETTER_AMOUNT, letter_formulas
from grantsheet.recalc import check_in_engines
from grantsheet.verify import verify

REPAY = '[follow_up]\nrepay_by = 2023-03-31\nrepay_account = "bankgiro 123-4567"\ndeadline = 2023-01-31\n'


def letter_workspace(folder: Path, rounding: str | None = None) -> Path:
    homes, listings = small_region()
    inputs = make_workspace(folder, homes, listings)
    grant = inputs / "grant.toml"
    text = grant.read_text(encoding="utf-8").replace("[follow_up]\ndeadline = 2023-01-31\n", REPAY)
    if rounding:
        text = text.replace("[follow_up]", f'[rounding]\nmethod = "{rounding}"\n\n[follow_up]')
    grant.write_text(text, encoding="utf-8")
    return inputs


def test_the_first_sheet_reads_as_a_letter_with_the_basis_in_words(tmp_path):
    built = api.build(letter_workspace(tmp_path), tmp_path / "outputs")
    alidhem = next(f for f in built.centre_files if "Ålidhems" in f.name)
    book = openpyxl.load_workbook(alidhem, data_only=True)
    assert book.sheetnames == ["Utbetalningsbesked", "Utbetalning", "Återrapportering"]
    assert book.active.title == "Utbetalningsbesked"
    letter = book["Utbetalningsbesked"]
    rows = [[c for c in row if c not in (None, "")] for row in letter.iter_rows(values_only=True)]
    facts = {row[0]: row[1] for row in rows if len(row) == 2}
    index = [c.id for c in built.dataset.centres].index(alidhem.name.split(" ")[0])
    paid = sum(pool.paid[index] for pool in built.pools)
    assert facts["Utbetalare"] == "Region Test"
    assert facts["Mottagare"].startswith("Ålidhems hälsocentral (")
    assert facts["Belopp"] == paid
    assert facts["Beslut"] == "Regionstyrelsen RS 1-2022 § 1"
    sabo = built.pools[0]
    line = next(row for row in rows if row and row[0] == "Särskilt boende (SÄBO)")
    key, times, rate, equals, quota, rounded, payout, method = line[1:]
    assert (key, times, equals, rounded, method) == (50, "×", "=", "avrundat till", "enligt beslutets metod")
    assert abs(rate - 4_200_000 / sabo.allocation.total_key) < 1e-9
    assert abs(quota - 4_200_000 * 50 / sabo.allocation.total_key) < 1e-6
    assert payout == sabo.paid[index]
    text = " ".join(str(c) for row in rows for c in row)
    # Marked as collect and the report to Socialstyrelsen say the repayment is marked.
    assert "senast 2023-03-31 till bankgiro 123-4567, märkt RS 1-2022 § 1." in text
    assert "bladet Utbetalning" in text and "bladet Återrapportering" in text
    setup = openpyxl.load_workbook(alidhem)["Utbetalningsbesked"]
    assert setup.page_setup.orientation == "portrait" and setup.page_setup.paperSize == 9
    assert setup.sheet_properties.pageSetUpPr.fitToPage  # fitToWidth and fitToHeight: 1, the default
    assert (setup.page_setup.fitToWidth or 1, setup.page_setup.fitToHeight or 1) == (1, 1)
    assert setup.protection.sheet


def test_the_letters_formulas_hold_in_both_engines_also_in_ore(tmp_path, soffice, ssconvert):
    for rounding in (None, "ore"):
        built = api.build(letter_workspace(tmp_path / str(rounding), rounding), tmp_path / str(rounding) / "out")
        checks = check_in_engines(built.centre_files)
        assert all(check.compared >= 12 and check.mismatches == [] for check in checks), checks


def test_the_seal_and_verify_still_hold_and_a_typed_over_letter_is_found(tmp_path):
    built = api.build(letter_workspace(tmp_path), tmp_path / "outputs")
    (report,) = verify([built.centre_files[0]], use_recalc=False)
    assert report.ok and report.payout_part_edited is False
    book = openpyxl.load_workbook(built.centre_files[0])
    letter = book["Utbetalningsbesked"]
    row, col = LETTER_AMOUNT, 1
    assert letter.cell(row + 1, col + 1).value == letter_formulas(2, "Utbetalning")[(row, col)]
    letter.cell(row + 1, col + 1).value = 999_999
    book.save(tmp_path / "edited.xlsx")
    (edited,) = verify([tmp_path / "edited.xlsx"], use_recalc=False)
    found = [f for f in edited.findings if f.kind == "formula_overwritten"]
    assert [dict(f.params)["sheet"] for f in found] == ["Utbetalningsbesked"]
    assert not edited.ok


def test_the_letter_prints_on_one_portrait_page_with_the_sentence(tmp_path, soffice, pdftotext):
    built = api.build(letter_workspace(tmp_path), tmp_path / "outputs", pdf=True)
    pdf = next(p for p in built.pdfs if "Ålidhems" in p.name)
    first = subprocess.run(
        [pdftotext, "-f", "1", "-l", "1", "-layout", str(pdf), "-"], check=True, capture_output=True
    ).stdout.decode()
    words = " ".join(first.split())
    assert "Utbetalningsbesked" in words and "Ålidhems hälsocentral" in words
    index = [c.name for c in built.dataset.centres].index("Ålidhems hälsocentral")
    rate = 4_200_000 / built.pools[0].allocation.total_key
    sabo = f"{built.pools[0].paid[index]:,}".replace(",", " ")
    sentence = f"50 platser × {rate:,.2f} kr per plats = ".replace(",", " ").replace(".", ",")
    # "by the decision's method": a quota of x,51 kr may be rounded down and x,48 kr up.
    assert sentence in words and f"avrundat till {sabo} kr enligt beslutets metod" in words
    assert "Beräkningsunderlag:" not in words and "Sida 1 / 3" in words  # the basis is the next page
    info = subprocess.run(["pdfinfo", "-f", "1", "-l", "1", str(pdf)], capture_output=True, check=True).stdout.decode()
    width, height = (float(x) for x in info.split("Page    1 size:")[1].split("pts")[0].split(" x "))
    assert height > width and round(width) == 595
