"""Hostile inputs through the command line: non-zero exit, every problem named with file,
sheet, cell and a fix, nothing written, no personnummer echoed, and text that looks like
a formula or a path written out as plain text."""

from __future__ import annotations

import hashlib
import re
from pathlib import Path

import openpyxl
import pytest
from click.testing import CliRunner
from hostile_inputs import (
    BEDS,
    BEDS_SHEET,
    LISTED,
    LISTED_ROWS,
    LISTED_SHEET,
    SheetPlan,
    beds_table,
    good_workspace,
    listed_table,
    write_book,
    xlsxwriter_book,
)
from test_hostile_corpus import CASES

from grantsheet.cli import main

SOME_CASES = [
    "legacy_xls",
    "password_encrypted_xlsx",
    "ods_spreadsheet",
    "truncated_zip",
    "zip_bomb_by_declared_size",
    "xml_entity_bomb",
    "header_not_found",
    "missing_required_column",
    "empty_workbook",
    "table_only_on_a_hidden_sheet",
    "hidden_data_rows",
    "filtered_out_rows",
    "count_merged_over_rows",
    "formula_without_value",
    "formula_with_an_uncalculated_zero",
    "negative_fractional_and_text_counts",
    "duplicate_centre_different_counts",
    "zero_total_key",
    "misspelled_centre_gets_a_suggestion",
    "personnummer_in_data_title_and_numbers",
    "csv_decimal_comma",
    "register_does_not_know_a_spelling",
]


def run(*args: str):
    return CliRunner().invoke(main, list(args), catch_exceptions=False)


def rendered_location(file: str, sheet: str | None, cell: str | None, lang: str) -> str:
    parts = [file]
    if sheet is not None:
        parts.append(f'{"blad" if lang == "sv" else "sheet"} "{sheet}"')
    if cell is not None:
        parts.append(f"cell {cell}")
    return ", ".join(parts) + ":"


@pytest.mark.parametrize("name", SOME_CASES)
@pytest.mark.parametrize("lang", ["sv", "en"])
def test_check_and_build_refuse_and_write_nothing(name, lang, tmp_path):
    inputs = good_workspace(tmp_path)
    expected = CASES[name](inputs)
    outputs = tmp_path / "outputs"
    for command in (["check"], ["build", "--outputs", str(outputs)]):
        result = run(*command, "--inputs", str(inputs), "--lang", lang)
        assert result.exit_code == 1, result.output
        assert "Traceback" not in result.output
        for file, sheet, cell, _kind in expected.errors:
            assert rendered_location(file, sheet, cell, lang) in result.output
        assert result.output.count("Försök:" if lang == "sv" else "Try:") >= len(expected.errors)
    assert not outputs.exists()


def _tree(folder: Path) -> dict[str, str]:
    return {
        str(p.relative_to(folder)): hashlib.sha256(p.read_bytes()).hexdigest()
        for p in sorted(folder.rglob("*"))
        if p.is_file()
    }


def test_a_failing_rebuild_leaves_the_earlier_outputs_untouched(tmp_path):
    inputs = good_workspace(tmp_path)
    outputs = tmp_path / "outputs"
    assert run("build", "--inputs", str(inputs), "--outputs", str(outputs)).exit_code == 0
    before = _tree(outputs)
    assert before
    write_book(inputs / LISTED, SheetPlan(LISTED_SHEET, listed_table(), hidden_rows=(5,)))
    assert run("build", "--inputs", str(inputs), "--outputs", str(outputs)).exit_code == 1
    assert _tree(outputs) == before


PERSONNUMMER = ("19121212-1212", "121212-1212", "811218-9876", "8112189876", "701063-2391")


@pytest.mark.parametrize("lang", ["sv", "en"])
def test_a_personnummer_is_never_echoed(lang, tmp_path):
    inputs = good_workspace(tmp_path)
    rows = listed_table(LISTED_ROWS + [["Summa 19121212-1212", 2129]])
    rows[0].append("uttag 811218-9876")
    rows[3].append(8112189876)
    rows[4][1] = "701063-2391"  # in the count column, where a bad count would be quoted
    write_book(inputs / LISTED, SheetPlan(LISTED_SHEET, rows))
    # And in a header row whose missing column makes the reader list the headings it found.
    write_book(inputs / BEDS, SheetPlan(BEDS_SHEET, [["Kommun", "Boende", "121212-1212"], ["Umeå", "X", 1]]))
    outputs = tmp_path / "outputs"
    for command in (["check"], ["build", "--outputs", str(outputs)]):
        result = run(*command, "--inputs", str(inputs), "--lang", lang)
        assert result.exit_code == 1
        assert "cell C4" in result.output and "cell B5" in result.output
        for number in PERSONNUMMER:
            assert number not in result.output
            assert number.replace("-", "") not in result.output
    assert not outputs.exists()


HOSTILE_NAMES = [
    '=HYPERLINK("http://example.invalid/x","Klicka")',
    "+46 hälsocentral",
    "-Minus vårdcentral",
    "@SUM(A1) hälsocentral",
    "../../etc/passwd Hälsocentral: A/B? <C> | *D*",
    "CON",
    ("Hälsocentral med ett mycket långt namn & mer " * 3)[:100],  # the longest name accepted
]


@pytest.mark.filterwarnings("error::UserWarning")  # XlsxWriter warns where it truncates or drops
def test_formula_like_and_path_like_names_are_written_as_text(tmp_path):
    inputs = good_workspace(tmp_path)
    listings = [[name, 100 + i] for i, name in enumerate(HOSTILE_NAMES)]
    homes = [["Umeå", f"=1+{i}", name, 10 + i] for i, name in enumerate(HOSTILE_NAMES)]
    # Written as text cells (as Excel stores a typed '=...' or a pasted one), not as formulas.
    xlsxwriter_book(inputs / LISTED, listed_table(listings))
    xlsxwriter_book(inputs / BEDS, beds_table(homes), title=BEDS_SHEET)
    outputs = tmp_path / "outputs"
    result = run("build", "--inputs", str(inputs), "--outputs", str(outputs))
    assert result.exit_code == 0, result.output

    written = [p for p in outputs.rglob("*") if p.is_file()]
    assert all(p.resolve().is_relative_to(outputs.resolve()) for p in written)
    for path in written:
        assert not re.search(r'[<>:"|?*\\]', path.name), path.name
        assert path.name.split(".")[0].upper() != "CON"
    books = [p for p in written if p.suffix == ".xlsx"]
    assert len(books) >= len(HOSTILE_NAMES) + 1  # the master and one per centre

    texts_from_inputs = set(HOSTILE_NAMES) | {f"=1+{i}" for i in range(len(HOSTILE_NAMES))}
    for path in books:
        book = openpyxl.load_workbook(path)  # formulas as formulas
        for sheet in book.worksheets:
            assert len(sheet.title) <= 31
            for row in sheet.iter_rows():
                for cell in row:
                    if cell.data_type == "f":
                        assert "HYPERLINK" not in str(cell.value) and "example.invalid" not in str(cell.value)
                        assert str(cell.value) not in texts_from_inputs
    master = openpyxl.load_workbook(result_master(outputs))
    strings = {
        cell.value for sheet in master.worksheets for row in sheet.iter_rows() for cell in row if cell.data_type == "s"
    }
    for name in HOSTILE_NAMES:
        assert name.strip() in strings or re.sub(r"\s+", " ", name).strip() in strings


def result_master(outputs: Path) -> Path:
    return next(outputs.rglob("grantsheet-2022.xlsx"))
