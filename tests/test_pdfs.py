"""grantsheet build --pdf: each centre's file as a PDF beside it and the payout list, read back
with pdftotext to find the centre's name and amount."""

from __future__ import annotations

import subprocess
from pathlib import Path

import openpyxl
import pytest
from click.testing import CliRunner
from cycle_helpers import CENTRES, make_inputs
from test_faults import snapshot
from workspace import make_workspace, small_region

from grantsheet import api, cycle, pdfs, recalc, swap
from grantsheet.cli import main
from grantsheet.errors import InputError


def text_of(pdf: Path, pdftotext: str) -> str:
    """The PDF's text with every run of white space (the thousands separator too) one space."""
    out = subprocess.run([pdftotext, "-layout", str(pdf), "-"], check=True, capture_output=True).stdout
    return " ".join(out.decode("utf-8").split())


def spaced(amount: int) -> str:
    return f"{amount:,}".replace(",", " ") + " kr"


def test_every_centre_file_and_the_payout_list_as_pdf(tmp_path, soffice, pdftotext, monkeypatch):
    monkeypatch.setattr(pdfs, "BATCH", 2)  # four files: two LibreOffice starts, all checked
    homes, listings = small_region()
    inputs = make_workspace(tmp_path, homes, listings)
    stages: list[tuple[str, int, int]] = []
    built = api.build(inputs, tmp_path / "outputs", pdf=True, stage=lambda *step: stages.append(step))
    assert len(built.pdfs) == len(built.centre_files) + 1
    # The PDFs counted as LibreOffice makes them, up to every one, after the set is checked and before its journal entry.
    printed = [(done, total) for phase, done, total in stages if phase == "printing"]
    assert printed[0] == (0, len(built.pdfs)) and printed[-1] == (len(built.pdfs), len(built.pdfs))
    assert [done for done, _ in printed] == sorted({done for done, _ in printed})
    phases = [phase for phase, _, _ in stages]
    assert sorted(set(phases), key=phases.index) == ["inputs", "placing", "printing", "journal"]
    paid = {c.id: sum(pool.paid[i] for pool in built.pools) for i, c in enumerate(built.dataset.centres)}
    names = {c.id: c.name for c in built.dataset.centres}
    for workbook, pdf in zip(built.centre_files, built.pdfs):
        assert pdf == workbook.with_suffix(".pdf") and pdf.read_bytes().startswith(b"%PDF")
        centre_id = workbook.name.split(" ")[0]
        text = text_of(pdf, pdftotext)
        assert names[centre_id] in text and spaced(paid[centre_id]) in text
    payout = built.pdfs[-1]
    assert payout == built.master.parent / "grantsheet-2022 utbetalningar.pdf"
    listing = text_of(payout, pdftotext)
    for centre_id, name in names.items():
        assert name in listing and spaced(paid[centre_id]) in listing
    assert spaced(8_400_000) in listing
    assert "Parametrar" not in listing and "Metod" not in listing  # the payout sheet alone


def test_every_pdf_is_pdf_a_2b_tagged_with_its_title_and_language(tmp_path, soffice, pdftotext):
    """#23.10: public bodies archive what they print: PDF/A-2b, tagged, a title and a language."""
    homes, listings = small_region()
    inputs = make_workspace(tmp_path, homes, listings)
    for lang, declared in (("sv", "sv-SE"), ("en", "en-GB")):
        built = api.build(inputs, tmp_path / lang, pdf=True, lang=lang)
        for pdf in built.pdfs:
            info = subprocess.run(["pdfinfo", str(pdf)], check=True, capture_output=True).stdout.decode()
            fields = dict(line.split(":", 1) for line in info.splitlines() if ":" in line)
            assert fields["Tagged"].strip() == "yes", pdf.name
            assert built.dataset.grant.title in fields["Title"], pdf.name
            meta = subprocess.run(["pdfinfo", "-meta", str(pdf)], check=True, capture_output=True).stdout.decode()
            assert "<pdfaid:part>2</pdfaid:part>" in meta and "<pdfaid:conformance>B</pdfaid:conformance>" in meta
            assert f"/Lang({declared})".encode() in pdf.read_bytes(), pdf.name


def test_a_rebuild_moves_the_earlier_pdfs_to_its_archive(tmp_path, soffice):
    homes, listings = small_region()
    inputs = make_workspace(tmp_path, homes, listings)
    first = api.build(inputs, tmp_path / "outputs", pdf=True)
    second = api.build(inputs, tmp_path / "outputs")
    assert not [p for p in first.pdfs if p.exists()]
    archive = second.cycle.archive
    assert sorted(p.relative_to(archive) for p in archive.rglob("*.pdf")) == sorted(
        p.relative_to(first.master.parent) for p in first.pdfs
    )


def test_a_print_that_fails_leaves_the_previous_outputs_and_their_prints(tmp_path, soffice, monkeypatch):
    inputs, outputs = make_inputs(tmp_path / "inputs"), tmp_path / "outputs"
    first = api.build(inputs, outputs, pdf=True)
    make_inputs(inputs, [(n, i, c + 100) for n, i, c in CENTRES])  # every payout changes
    before = snapshot(outputs)
    assert len([name for name in before if name.endswith(".pdf")]) == len(first.pdfs) == len(CENTRES) + 1
    real = recalc._soffice_command

    def leaves_one_out(program, profile, target, batch, to="xlsx"):
        # What LibreOffice does given too many files: prints some and still exits 0.
        return real(program, profile, target, batch[:-1], to)

    monkeypatch.setattr(recalc, "_soffice_command", leaves_one_out)
    with pytest.raises(InputError) as raised:
        api.build(inputs, outputs, pdf=True)
    (found,) = raised.value.problems
    assert found.kind == "pdf_failed" and "grantsheet-2022.xlsx" in found.render("en")
    assert snapshot(outputs) == before  # the workbooks, their prints and nothing archived
    year = outputs / "2022"
    assert not (year / cycle.STAGING).exists() and not (year / swap.JOURNAL).exists()
    command = ["build", "--pdf", "--inputs", str(inputs), "--outputs", str(outputs), "--lang", "en"]
    result = CliRunner().invoke(main, command)
    assert result.exit_code == 1 and "LibreOffice could not print the PDFs" in result.output
    assert snapshot(outputs) == before
    monkeypatch.undo()
    second = api.build(inputs, outputs, pdf=True)
    assert [p.is_file() for p in second.pdfs] == [True] * (len(CENTRES) + 1)
    archive = second.cycle.archive
    archived = sorted(f"2022/{p.relative_to(archive).as_posix()}" for p in archive.rglob("*.pdf"))
    assert archived == sorted(name for name in before if name.endswith(".pdf"))
    assert all(before[name] == (archive / name.removeprefix("2022/")).read_bytes() for name in archived)


def test_build_pdf_shows_the_pdfs_being_printed(tmp_path, soffice):
    homes, listings = small_region()
    inputs = make_workspace(tmp_path, homes, listings)
    outputs = tmp_path / "outputs"
    result = CliRunner().invoke(main, ["build", "--pdf", "--inputs", str(inputs), "--outputs", str(outputs)])
    assert result.exit_code == 0, result.output
    assert "Skriver PDF:er" in result.output and "PDF" in result.output.splitlines()[-1]


def test_without_libreoffice_pdf_builds_nothing_and_says_why(tmp_path, monkeypatch):
    monkeypatch.setattr(recalc, "find_soffice", lambda: None)
    homes, listings = small_region()
    inputs = make_workspace(tmp_path, homes, listings)
    with pytest.raises(InputError) as raised:
        api.build(inputs, tmp_path / "outputs", pdf=True)
    assert [p.kind for p in raised.value.problems] == ["pdf_no_libreoffice"]
    assert not (tmp_path / "outputs" / "2022").exists()
    result = CliRunner().invoke(main, ["build", "--pdf", "--inputs", str(inputs), "--outputs", str(tmp_path / "o")])
    assert result.exit_code == 1 and "LibreOffice" in result.output


def test_only_sheet_hides_every_other_sheet(tmp_path):
    homes, listings = small_region()
    built = api.build(make_workspace(tmp_path, homes, listings), tmp_path / "outputs")
    copy = tmp_path / "copy.xlsx"
    pdfs.only_sheet(built.master, copy, "Utbetalning")
    book = openpyxl.load_workbook(copy, read_only=False)
    shown = [sheet.title for sheet in book.worksheets if sheet.sheet_state == "visible"]
    assert shown == ["Utbetalning"] and book.active.title == "Utbetalning"
    with pytest.raises(ValueError):
        pdfs.only_sheet(built.master, copy, "Ingen sådan")


def test_the_prints_and_drafts_are_no_returns_and_no_notes(tmp_path, soffice):
    homes, listings = small_region()
    inputs = make_workspace(tmp_path, homes, listings)
    built = api.build(inputs, tmp_path / "outputs", pdf=True)
    drafts = built.master.parent / "e-post"
    drafts.mkdir()
    (drafts / "utkast.eml").write_bytes(b"Subject: x\r\n\r\nx\r\n")
    collected = api.collect([built.master.parent], built.master, tmp_path / "summary.xlsx")
    assert [n for n in collected.notes if "pdf" in n.location.file or "e-post" in n.location.file] == []
    (built.master.parent / "mottagare" / "inskannad.pdf").write_bytes(b"%PDF-1.4\n")
    collected = api.collect([built.master.parent], built.master, tmp_path / "summary.xlsx")
    assert [Path(n.location.file).name for n in collected.notes if n.kind == "gather_not_workbook"] == ["inskannad.pdf"]
