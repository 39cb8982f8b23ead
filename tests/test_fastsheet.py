"""The fast formula path writes exactly what XlsxWriter's own preparation writes."""

from pathlib import Path

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st
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


@settings(max_examples=500, deadline=None)
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
