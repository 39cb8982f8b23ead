"""A centre's file opens on a decision letter: who pays whom how much, for what, under which
decision, and per pool the basis in words with live formulas over the sealed basis sheet."""

from __future__ import annotations

import re
import subprocess
import zlib
from collections import Counter
from fractions import Fraction
from pathlib import Path

import openpyxl
from workspace import make_workspace, small_region

from grantsheet import api
from grantsheet.layout import LETTER_AMOUNT, letter_formulas
from grantsheet.recalc import check_in_engines
from grantsheet.texts import number
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


def letter_rows(path: Path) -> list[list[object]]:
    sheet = openpyxl.load_workbook(path, data_only=True)["Utbetalningsbesked"]
    return [[c for c in row if c not in (None, "")] for row in sheet.iter_rows(values_only=True)]


def test_the_first_sheet_reads_as_a_letter_with_the_basis_in_words(tmp_path):
    built = api.build(letter_workspace(tmp_path), tmp_path / "outputs")
    alidhem = next(f for f in built.centre_files if "Ålidhems" in f.name)
    book = openpyxl.load_workbook(alidhem, data_only=True)
    assert book.sheetnames == ["Utbetalningsbesked", "Utbetalning", "Återrapportering"]
    assert book.active.title == "Utbetalningsbesked"
    rows = letter_rows(alidhem)
    index = [c.id for c in built.dataset.centres].index(alidhem.name.split(" ")[0])
    paid = sum(pool.paid[index] for pool in built.pools)
    assert rows[0][0] == "Region Test" and rows[0][1:] == ["Datum", rows[0][2]]  # sender, date
    assert ["Ålidhems hälsocentral"] in rows  # the recipient
    subject = next(row[0] for row in rows if row and str(row[0]).startswith("Utbetalningsbesked: "))
    assert subject == f"Utbetalningsbesked: {built.dataset.grant.title}"
    facts = {row[0]: row[1] for row in rows if len(row) == 2}
    assert facts["Belopp"] == paid
    assert facts["Betalas ut"] == "enligt beslutet"  # no payout_date in this grant file
    text = " ".join(str(c) for row in rows for c in row)
    assert "Region Test betalar ut testbidrag 2022 till" in text  # "Testbidrag" in the middle of a sentence
    assert "enligt beslut Regionstyrelsen RS 1-2022 § 1" in text
    sabo = built.pools[0]
    line = next(row for row in rows if row and row[0] == "Särskilt boende (SÄBO)")
    key, total, quota, payout = line[1:]
    assert (key, total) == (50, sabo.allocation.total_key)
    assert abs(quota - 4_200_000 * 50 / sabo.allocation.total_key) < 1e-6
    assert payout == sabo.paid[index]
    # Marked as collect and the report to Socialstyrelsen say the repayment is marked.
    assert "senast 2023-03-31 till bankgiro 123-4567, märkt RS 1-2022 § 1." in text
    assert "bladet Utbetalning" in text and "bladet Återrapportering" in text
    for jargon in ("golv", "räkneenhet", " rest", "Testbidrag 2022 till"):
        assert jargon not in text.replace(subject, ""), jargon
    setup = openpyxl.load_workbook(alidhem)["Utbetalningsbesked"]
    assert setup.page_setup.orientation == "portrait" and setup.page_setup.paperSize == 9
    assert setup.sheet_properties.pageSetUpPr.fitToPage  # fitToWidth and fitToHeight: 1, the default
    assert (setup.page_setup.fitToWidth or 1, setup.page_setup.fitToHeight or 1) == (1, 1)
    assert setup.protection.sheet


SHARE = re.compile(r"([\d ]+) kr × ([\d ]+) / ([\d ]+) = ([\d ]+)(?:,(\d\d))? kr")


def test_every_letters_arithmetic_holds_on_a_calculator(example_build):
    """#23.8: "1 246 personer × 277,74 kr per person = 346 065,34 kr" was 346 064,04 on a
    calculator. Now the share itself: amount × count / total, to the öre, then the rounding."""
    built = example_build("vasterbotten-2022")
    checked = 0
    for path, centre in zip(built.centre_files, built.dataset.centres):
        text = " ".join(str(c) for row in letter_rows(path) for c in row)
        for amount, count, total, kronor, ore in SHARE.findall(text.replace("\u00a0", " ")):
            exact = Fraction(int(amount.replace(" ", "")) * int(count.replace(" ", "")), int(total.replace(" ", "")))
            shown = Fraction(int(kronor.replace(" ", "")) * 100 + int(ore or 0), 100)
            assert abs(exact - shown) <= Fraction(1, 200), (centre.name, amount, count, total, kronor, ore)
            checked += 1
        paid = [pool.paid[built.dataset.centres.index(centre)] for pool in built.pools]
        for payout in paid:
            shown = number(payout, "sv")
            assert f"till {shown} kr" in text or f"= {shown} kr, jämnt i hela kronor" in text, (centre.name, shown)
    assert checked == 2 * len(built.dataset.centres)


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


def page_font_sizes(pdf: Path, page: int = 1) -> Counter:
    """How often each font size (pt) is set on ``page``: the Tf operators of its content
    streams, which LibreOffice writes with the size after scaling to the page."""
    single = pdf.with_name(f"{pdf.stem}-page{page}.pdf")
    subprocess.run(["pdfseparate", "-f", str(page), "-l", str(page), str(pdf), str(single)], check=True)
    sizes: Counter = Counter()
    for stream in re.findall(rb"stream\r?\n(.*?)endstream", single.read_bytes(), re.S):
        try:
            content = zlib.decompress(stream)
        except zlib.error:
            continue  # an image or a font, not a page's content
        sizes.update(round(float(size), 1) for size in re.findall(rb"([\d.]+) Tf", content))
    return sizes


def test_the_letter_prints_as_an_a4_letter_at_10_pt_on_one_page(tmp_path, soffice, pdftotext):
    inputs = tmp_path / "ws" / "inputs"
    api.init_workspace(tmp_path / "ws", "vasterbotten-2022")
    built = api.build(inputs, tmp_path / "ws" / "outputs", pdf=True)
    pdf = next(p for p in built.pdfs if "Ålidhems" in p.name)
    first = subprocess.run(
        [pdftotext, "-f", "1", "-l", "1", "-layout", str(pdf), "-"], check=True, capture_output=True
    ).stdout.decode()
    words = " ".join(first.split())
    index = [c.name for c in built.dataset.centres].index("Ålidhems hälsocentral")
    paid = number(sum(pool.paid[index] for pool in built.pools), "sv")
    for expected in (
        "Region Västerbotten",  # the sender
        "Anna Berg, handläggare statsbidrag",  # whom to ask, from [contact]
        "090-785 00 00",
        "Diarienummer RS 396-2022",
        "Ålidhems hälsocentral",  # the recipient
        "Utbetalningsbesked: Statsbidrag för utökad läkarkompetens i äldreomsorgen 2022",  # the subject
        f"Belopp {paid} kr",
        "Betalas ut 2022-06-30",
        "enligt beslut Regionstyrelsen RS 396-2022 § 70",
        "4 200 000 kr × 222 / 15 072 = 61 863,06 kr, avrundat nedåt till 61 863 kr.",
        "redovisa senast 2023-01-31",
        "skicka filen till statsbidrag@region.example.org",
        "Beskedet och siffrorna gäller Ålidhems hälsocentral",
    ):
        assert expected in words, expected
    assert "Beräkningsunderlag:" not in words and "Sida 1 / 3" in words  # the basis is the next page
    info = subprocess.run(["pdfinfo", "-f", "1", "-l", "1", str(pdf)], capture_output=True, check=True).stdout.decode()
    width, height = (float(x) for x in info.split("Page    1 size:")[1].split("pts")[0].split(" x "))
    assert height > width and round(width) == 595
    sizes = page_font_sizes(pdf)
    body = sizes.most_common(1)[0][0]
    assert body >= 10 and min(sizes) >= 10, sizes  # printed at 100 %: nothing shrunk to fit
