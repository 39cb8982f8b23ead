"""The fast formula path writes exactly what XlsxWriter's own preparation writes."""

import datetime as dt
import io
from pathlib import Path

import pytest
import xlsxwriter
from hypothesis import given, settings
from hypothesis import strategies as st
from tiers import examples
from xlsxwriter.worksheet import Worksheet

from grantsheet import api, fastsheet

REPOSITORY = Path(__file__).resolve().parents[1]


def xlsxwriter_prepared(formula: str) -> str:
    sheet = Worksheet()
    sheet.use_future_functions = False
    return sheet._prepare_formula(formula)


@pytest.mark.parametrize(
    "formula",
    [
        "=SUM(A1:A3)",
        "=IF(OR(E5>$F$2,AND(E5=$F$2,G5<=$H$2)),1,0)",
        "=IF(B2=0,0,LARGE($G$5:$G$9,B2))",
        "=SUMPRODUCT(--(ABS(Beräkning!$J$5:$J$9-Beräkning!$E$5:$E$9)>=1))=0",
        '=IF(COUNTIF($B$4:$B$9,"OK")=ROWS($B$4:$B$9),"OK","FEL")',
        "=N(C4)+1",
    ],
)
def test_the_workbooks_formulas_take_the_fast_path_unchanged(formula):
    assert fastsheet.plain_formula(formula) == xlsxwriter_prepared(formula) == formula[1:]


@pytest.mark.parametrize(
    "formula",
    [
        "=SORT(A1:A3)",  # dynamic-array function: XlsxWriter adds _xlfn._xlws.
        "=FOO.SORT(A1)",  # a prefix pattern matches after a dot
        "=_xlfn.RANK.EQ(A1,A1:A3)",
        '="xSINGLE("',  # XlsxWriter's r"\SINGLE\(" matches any character before INGLE(
        "={SUM(A1:A3)}",
        "SUM(A1)",  # no leading =
        "=XLOOKUP(1,A1:A3,B1:B3)",
        "=sort(A1:A3)",
        "='SORT(x'!A1",
    ],
)
def test_anything_else_goes_to_xlsxwriter(formula):
    assert fastsheet.plain_formula(formula) is None


FORMULA_PIECES = st.sampled_from(
    [
        "SUM(",
        "SORT(",
        "IF(",
        "MAP(",
        "N(",
        "A1",
        "$B$2",
        ",",
        ")",
        "+",
        ".",
        "_",
        "x",
        "é",
        " ",
        '"',
        "'",
        "!",
        "INGLE(",
        "_xlfn.",
        "{",
        "}",
        "UNIQUE(",
        "ROWS(",
        "LAMBDA(",
        "1",
        "=",
    ]
)


@settings(max_examples=examples(500), deadline=None)
@given(st.lists(FORMULA_PIECES, max_size=12))
def test_the_fast_path_never_differs_from_xlsxwriter(pieces):
    formula = "=" + "".join(pieces)
    plain = fastsheet.plain_formula(formula)
    if plain is not None:
        assert plain == xlsxwriter_prepared(formula)


def test_the_master_is_byte_identical_with_and_without_the_fast_path(tmp_path, monkeypatch):
    calls = {"fast": 0, "slow": 0}
    original = fastsheet.plain_formula

    def counted(formula):
        plain = original(formula)
        calls["fast" if plain is not None else "slow"] += 1
        return plain

    monkeypatch.setattr(fastsheet, "plain_formula", counted)
    fast = api.build(REPOSITORY / "inputs", tmp_path / "fast").master.read_bytes()
    # Every formula of the master takes the fast path (otherwise it silently got slow).
    assert calls["fast"] > 500
    assert calls["slow"] == 0, (
        "a formula of the master calls a function missing from fastsheet.PLAIN_FUNCTIONS: "
        "add it there if it is an Excel 2007 function (no _xlfn. prefix)"
    )
    monkeypatch.setattr(fastsheet, "plain_formula", lambda formula: None)
    slow = api.build(REPOSITORY / "inputs", tmp_path / "slow").master.read_bytes()
    assert fast == slow


def small_book(book_class, money_first):
    """A workbook in memory with formats made in an odd order: one unused, two alike, one only
    conditional, some the same font or fill as another; its cells use them in one order or another."""
    target = io.BytesIO()
    book = book_class(target, {"in_memory": True})
    # A fixed creation time: the books compared are made apart, and may fall in two seconds.
    book.set_properties({"created": dt.datetime(2022, 1, 1)})
    sheet = book.add_worksheet("Ark")
    book.add_format({"bold": True, "font_color": "#123456"})  # never used
    money = book.add_format({"num_format": '#,##0 "kr"', "bg_color": "#FFF2CC", "border": 1})
    alike = book.add_format({"num_format": '#,##0 "kr"', "bg_color": "#FFF2CC", "border": 1})
    wrap = book.add_format({"text_wrap": True, "valign": "top", "font_name": "Calibri", "font_size": 10})
    red = book.add_format({"font_color": "#9C0006", "bg_color": "#FFC7CE"})
    # A cell's format gets its index when the sheet is written, row by row.
    sheet.write_string(5 if money_first else 0, 0, "Belopp", wrap)
    sheet.write_number(1, 0, 12, alike)
    sheet.write_number(2, 0, 5, money)
    sheet.merge_range(3, 0, 3, 2, "sammanfogat", wrap)
    sheet.conditional_format(1, 0, 2, 0, {"type": "cell", "criteria": "<", "value": 0, "format": red})
    book.close()
    return target.getvalue()


def test_a_book_of_copied_formats_and_kept_styles_is_xlsxwriters_byte_for_byte():
    plain = [small_book(xlsxwriter.Workbook, money_first) for money_first in (False, True)]
    assert plain[0] != plain[1]  # the formats' indices differ, so do the styles
    # The formats made and the styles kept, then both taken from what this process kept.
    for money_first in (False, True, False, True):
        assert small_book(fastsheet.Workbook, money_first) == plain[money_first]


def test_a_copied_format_cannot_be_changed():
    book = fastsheet.Workbook(io.BytesIO(), {"in_memory": True})
    bold = book.add_format({"bold": True})
    with pytest.raises(TypeError):
        bold.set_italic()


def test_the_example_is_byte_identical_with_and_without_the_kept_formats_and_styles(tmp_path, monkeypatch):
    def built(name):
        outputs = api.build(REPOSITORY / "inputs", tmp_path / name).master.parent
        return {path.relative_to(outputs): path.read_bytes() for path in outputs.rglob("*.xlsx")}

    kept = built("kept")
    # XlsxWriter's own add_format: no copies, so no styles kept either (fastsheet.styles_key).
    monkeypatch.setattr(fastsheet.Workbook, "add_format", xlsxwriter.Workbook.add_format)
    made = built("made")
    assert len(kept) == 39
    assert kept == made
