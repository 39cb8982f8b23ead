"""Tests for grantsheet.recalc: recalculation in LibreOffice and Gnumeric, and the cached-value check.

LibreOffice start-up costs 1-3 s per soffice call, so the real-engine tests share one
`recalculate` call per engine (module fixture) over every book they need.
"""

from __future__ import annotations

import math
from dataclasses import dataclass, field
from pathlib import Path

import openpyxl
import pytest
import xlsxwriter
from conftest import require_engine

from grantsheet import recalc
from grantsheet.recalc import (
    ENGINES,
    GNUMERIC,
    LIBREOFFICE,
    CellMismatch,
    RecalcError,
    check_in_engines,
    compare_with_recalculation,
    recalculate,
)


def write_wrong_book(path: Path) -> None:
    """A book with correct and deliberately wrong cached formula results."""
    workbook = xlsxwriter.Workbook(path)
    main = workbook.add_worksheet("Main")
    main.write_number("A1", 7)
    main.write_formula("B1", "=1+1", None, 5)  # wrong: is 2
    main.write_formula("B2", "=1+1", None, 2)
    main.write_formula("C1", "=A1*3", None, 21)
    main.write_formula("C2", "=A1*3", None, 20)  # wrong: is 21
    main.write_formula("D1", "=A1+1")  # XlsxWriter caches 0: wrong, is 8
    main.write_formula("E1", "=A1/3", None, 7 / 3)  # LibreOffice keeps 15 digits only
    main.write_formula("F1", '="k"&"r"', None, "kr")
    main.write_formula("G1", "=A1>1", None, True)
    main.write_array_formula("H1:H1", "{=SUM(A1:A1*2)}", None, 14)
    other = workbook.add_worksheet("Other sheet")
    other.write_formula("A1", "='Main'!A1*2", None, 15)  # wrong: is 14
    workbook.close()


# In sheet order, then row-major: the order mismatches are reported in.
WRONG_CELLS = {
    ("Main", "B1"): ("=1+1", 5, 2),
    ("Main", "D1"): ("=A1+1", 0, 8),
    ("Main", "C2"): ("=A1*3", 20, 21),
    ("Other sheet", "A1"): ("='Main'!A1*2", 15, 14),
}
FORMULA_CELLS_IN_WRONG_BOOK = 10


def write_text_book(path: Path) -> None:
    """Text that looks like a formula, written as text, next to one real formula."""
    workbook = xlsxwriter.Workbook(path)
    sheet = workbook.add_worksheet("Text")
    sheet.write_string("A1", '=HYPERLINK("x")')
    sheet.write_formula("B1", "=2*3", None, 6)
    workbook.close()


def write_tagged_book(path: Path, tag: str) -> None:
    """A small correct book whose A1 says which input it came from."""
    workbook = xlsxwriter.Workbook(path)
    sheet = workbook.add_worksheet("Tag")
    sheet.write_string("A1", tag)
    sheet.write_formula("B1", '=A1&"!"', None, f"{tag}!")
    workbook.close()


@dataclass(frozen=True)
class Recalculated:
    inputs: list[Path]
    outputs: list[Path]
    bytes_before: dict[Path, bytes] = field(repr=False)


@pytest.fixture(scope="module", params=ENGINES)
def books(request: pytest.FixtureRequest, tmp_path_factory: pytest.TempPathFactory) -> Recalculated:
    """Five books, two sharing a name, recalculated in one call with batches of two, per engine."""
    engine = request.param
    require_engine(engine)
    root = tmp_path_factory.mktemp(f"recalc-{engine}")
    first, second = root / "in" / "a", root / "in" / "b"
    first.mkdir(parents=True)
    second.mkdir()
    inputs = [
        first / "wrong.xlsx",
        first / "text.xlsx",
        second / "wrong.xlsx",  # same basename as the first input
        second / "third.xlsx",
        first / "fourth.xlsx",
    ]
    write_wrong_book(inputs[0])
    write_text_book(inputs[1])
    for path in inputs[2:]:
        write_tagged_book(path, tag=str(path.relative_to(root)))
    before = {path: path.read_bytes() for path in inputs}
    outputs = recalculate(inputs, root / "out", engine=engine, batch_size=2)
    return Recalculated(inputs, outputs, before)


# --- against the real engine --------------------------------------------------------


@pytest.mark.engine
def test_recalculated_copy_holds_engine_values(books: Recalculated) -> None:
    main = openpyxl.load_workbook(books.outputs[0], data_only=True)["Main"]
    assert main["B1"].value == 2
    assert main["C2"].value == 21
    assert main["D1"].value == 8


@pytest.mark.engine
def test_reports_exactly_the_wrong_cached_values(books: Recalculated) -> None:
    compared, mismatches = compare_with_recalculation(books.inputs[0], books.outputs[0])

    assert compared == FORMULA_CELLS_IN_WRONG_BOOK
    expected = [
        CellMismatch(sheet, cell, formula, cached, recalculated)
        for (sheet, cell), (formula, cached, recalculated) in WRONG_CELLS.items()
    ]
    assert mismatches == expected


@pytest.mark.engine
def test_all_books_come_back_in_input_order(books: Recalculated) -> None:
    assert len(books.outputs) == len(books.inputs)
    assert [p.stem for p in books.outputs] == [p.stem for p in books.inputs]
    assert len(set(books.outputs)) == len(books.outputs)
    root = books.inputs[0].parents[2]
    for source, output in zip(books.inputs[2:], books.outputs[2:]):
        sheet = openpyxl.load_workbook(output, data_only=True)["Tag"]
        tag = str(source.relative_to(root))
        assert (sheet["A1"].value, sheet["B1"].value) == (tag, f"{tag}!")


@pytest.mark.engine
def test_correct_books_have_no_mismatches(books: Recalculated) -> None:
    for source, output in zip(books.inputs[1:], books.outputs[1:]):
        compared, mismatches = compare_with_recalculation(source, output)
        assert compared == 1
        assert mismatches == []


@pytest.mark.engine
def test_inputs_are_not_modified(books: Recalculated) -> None:
    for path, content in books.bytes_before.items():
        assert path.read_bytes() == content
    assert sorted(p.name for p in books.inputs[0].parent.iterdir()) == sorted(
        p.name for p in books.inputs if p.parent == books.inputs[0].parent
    )


@pytest.mark.engine
def test_text_that_looks_like_a_formula_is_not_a_formula(books: Recalculated) -> None:
    compared, mismatches = compare_with_recalculation(books.inputs[1], books.outputs[1])
    assert (compared, mismatches) == (1, [])
    text = openpyxl.load_workbook(books.outputs[1], data_only=True)["Text"]
    assert text["A1"].value == '=HYPERLINK("x")'


def test_unloadable_input_raises_even_over_a_stale_copy(engine: str, tmp_path: Path) -> None:
    broken = tmp_path / "broken.xlsx"
    broken.write_bytes(bytes(range(256)) * 8)
    out = tmp_path / "out"
    out.mkdir()
    (out / "broken.xlsx").write_bytes(b"left over from an earlier run")

    with pytest.raises(RecalcError, match="broken.xlsx"):
        recalculate([broken], out, engine=engine)


def test_timeout_raises(engine: str, tmp_path: Path) -> None:
    book = tmp_path / "book.xlsx"
    write_text_book(book)
    with pytest.raises(RecalcError, match="longer than"):
        recalculate([book], tmp_path / "out", engine=engine, timeout_per_batch=0.001)


def test_check_in_engines_compares_every_book_in_every_engine(soffice: str, ssconvert: str, tmp_path: Path) -> None:
    wrong, text = tmp_path / "wrong.xlsx", tmp_path / "text.xlsx"
    write_wrong_book(wrong)
    write_text_book(text)

    checks = check_in_engines([wrong, text])

    assert [(c.engine, c.path, c.compared) for c in checks] == [
        (engine, path, count) for engine in ENGINES for path, count in ((wrong, FORMULA_CELLS_IN_WRONG_BOOK), (text, 1))
    ]
    for check in checks:
        expected = list(WRONG_CELLS) if check.path == wrong else []
        assert [(m.sheet, m.cell) for m in check.mismatches] == expected


# --- without the engine -------------------------------------------------------------


def test_no_paths_needs_no_engine(tmp_path: Path) -> None:
    assert recalculate([], tmp_path) == []


def test_missing_input_is_reported(tmp_path: Path) -> None:
    with pytest.raises(FileNotFoundError, match="absent.xlsx"):
        recalculate([tmp_path / "absent.xlsx"], tmp_path / "out")


def test_refuses_to_write_over_an_input(tmp_path: Path) -> None:
    book = tmp_path / "book.xlsx"
    write_text_book(book)
    with pytest.raises(ValueError, match="overwrite"):
        recalculate([book], tmp_path)
    assert book.read_bytes()


def test_rejects_empty_batches(tmp_path: Path) -> None:
    with pytest.raises(ValueError, match="batch_size"):
        recalculate([tmp_path / "book.xlsx"], tmp_path / "out", batch_size=0)


def test_missing_libreoffice_is_a_recalc_error(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    book = tmp_path / "book.xlsx"
    write_text_book(book)
    monkeypatch.setattr(recalc, "find_soffice", lambda: None)
    with pytest.raises(RecalcError, match="LibreOffice .* not installed"):
        recalculate([book], tmp_path / "out")


def test_missing_gnumeric_is_a_recalc_error(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    book = tmp_path / "book.xlsx"
    write_text_book(book)
    monkeypatch.setattr(recalc, "find_ssconvert", lambda: None)
    assert GNUMERIC not in recalc.available_engines()
    with pytest.raises(RecalcError, match="apt-get install -y gnumeric"):
        check_in_engines([book], [GNUMERIC])


def test_unknown_engine_is_refused(tmp_path: Path) -> None:
    with pytest.raises(ValueError, match="libreoffice, gnumeric"):
        recalculate([], tmp_path, engine="excel")


def test_find_soffice_without_libreoffice(monkeypatch: pytest.MonkeyPatch, tmp_path: Path) -> None:
    monkeypatch.setattr(recalc.shutil, "which", lambda name: None)
    monkeypatch.setattr(recalc, "_FALLBACK_SOFFICE", tmp_path / "no-soffice")
    assert recalc.find_soffice() is None
    assert recalc.find_ssconvert() is None
    assert recalc.available_engines() == ()
    assert recalc.find_engine(LIBREOFFICE) is None


@pytest.mark.parametrize(
    ("cached", "recalculated", "same"),
    [
        (3, 3.0, True),
        (3, 3.0000001, False),  # whole numbers must match exactly
        (1234567, 1234568, False),
        (7 / 3, 2.33333333333333, True),  # LibreOffice's 15 significant digits
        (0.1, 0.1001, False),
        (True, 1, False),  # TRUE is not the number 1
        (False, False, True),
        ("kr", "kr", True),
        ("2", 2, False),
        (None, None, True),
        (None, 0, False),
        ("#DIV/0!", "#DIV/0!", True),
        (math.inf, math.inf, True),
    ],
)
def test_value_comparison_rules(cached: object, recalculated: object, same: bool) -> None:
    assert recalc.values_match(cached, recalculated) is same


def test_compare_walks_sparse_sheets(tmp_path: Path) -> None:
    """Formula cells far apart, and a stand-in 'recalculated' book with a gap."""
    original, stand_in = tmp_path / "original.xlsx", tmp_path / "stand_in.xlsx"
    for path, far_value in ((original, 9), (stand_in, None)):
        workbook = xlsxwriter.Workbook(path)
        sheet = workbook.add_worksheet("S")
        sheet.write_formula("C3", "=1+2", None, 3)
        if far_value is not None:
            sheet.write_formula("B500", "=4+5", None, far_value)
        sheet.write_formula("Z900", "=2*2", None, 4)
        workbook.close()

    compared, mismatches = compare_with_recalculation(original, stand_in)

    assert compared == 3
    assert mismatches == [CellMismatch("S", "B500", "=4+5", 9, None)]


def test_a_missing_engine_fails_the_tests_in_ci_and_skips_them_elsewhere(monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setattr(recalc, "find_ssconvert", lambda: None)
    monkeypatch.setenv("CI", "1")
    with pytest.raises(pytest.fail.Exception, match="CI is set"):
        require_engine(GNUMERIC)
    monkeypatch.delenv("CI")
    with pytest.raises(pytest.skip.Exception, match="apt-get install -y gnumeric"):
        require_engine(GNUMERIC)
