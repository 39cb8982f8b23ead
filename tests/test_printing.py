"""What the master and the payout list look like on paper (#23.9): every sheet has a print
setup, the hashes and titles are whole, the calculation's pages each carry the centres' names."""

from __future__ import annotations

import subprocess
from pathlib import Path

import openpyxl
from web_helpers import example_workspace

from grantsheet import api, recalc


def as_pdf(workbook: Path, folder: Path) -> Path:
    """``workbook`` printed by LibreOffice as the build's PDFs are (Swedish locale)."""
    soffice = recalc.find_soffice()
    assert soffice is not None
    profile = recalc._make_profile(folder / "profile", "sv-SE")
    command = recalc._soffice_command(soffice, profile, folder, [workbook], to="pdf")
    recalc._run(command, recalc._headless_env(folder / "home"), 600, "LibreOffice", workbook.name)
    return folder / f"{workbook.stem}.pdf"


def pages(pdf: Path, pdftotext: str) -> list[str]:
    text = subprocess.run([pdftotext, "-layout", str(pdf), "-"], check=True, capture_output=True).stdout.decode()
    return [" ".join(page.split()) for page in text.split("\f") if page.strip()]


def test_every_sheet_of_the_master_prints_on_a4_with_its_titles_and_whole_hashes(tmp_path, soffice, pdftotext):
    inputs, outputs = example_workspace(tmp_path / "ws")
    built = api.build(inputs, outputs, pdf=True)
    book = openpyxl.load_workbook(built.master)
    for sheet in (s for s in book.worksheets if s.sheet_state == "visible"):
        setup = sheet.page_setup
        assert setup.paperSize == 9, sheet.title
        assert sheet.oddHeader.center.text or sheet.oddHeader.left.text, sheet.title
        assert "&P" in (sheet.oddFooter.right.text or ""), sheet.title
        if sheet.title == "Beräkning":
            assert sheet.print_title_cols == "$A:$B" and sheet.print_title_rows
        else:
            assert sheet.sheet_properties.pageSetUpPr.fitToPage and (setup.fitToWidth or 1) == 1, sheet.title
    printed = pages(as_pdf(built.master, tmp_path / "pdf"), pdftotext)
    overview = printed[0]
    for source in built.dataset.sources:  # all 64 characters, in two lines (17 were shown before)
        digest = source.sha256
        assert any(digest[:k] in overview and digest[k:] in overview for k in range(16, 49)), source.name
    calculation = [page for page in printed if "Beräkning" in page.split(" Sida ")[0][:200]]
    assert len(calculation) > 1 and all(page.count(" hälsocentral ") > 5 for page in calculation)
    payout_list = pages(built.pdfs[-1], pdftotext)
    assert f"Utbetalning per hälsocentral – {built.dataset.grant.title}" in payout_list[0]  # the whole title
