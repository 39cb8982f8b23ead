"""A worksheet that skips XlsxWriter's formula rewriting where it cannot change anything.

XlsxWriter prepares every formula by running about thirty regular-expression
substitutions that add the ``_xlfn.`` prefix to dynamic-array functions (and, with
``use_future_functions``, some seventy more). For the master workbook that is about two
thirds of the time spent writing (docs/tools.md). The workbooks here only call
functions that Excel 2007 already had, so the substitutions never match.

``PlainFormulaWorksheet`` returns the formula without its ``=`` straight away when it can
prove that none of the substitutions would match: every function it calls is in
``PLAIN_FUNCTIONS``, and nothing else could trigger one. In every other case it hands the
formula to XlsxWriter's own preparation, so what is written is always exactly what
XlsxWriter would write (the tests compare the bytes of both).
"""

from __future__ import annotations

import re

import xlsxwriter
from xlsxwriter.worksheet import Worksheet

# Worksheet functions of Excel 2007: neither dynamic-array nor "future" functions, so
# XlsxWriter never prefixes them. None contains a dot (a prefix pattern can match after one).
PLAIN_FUNCTIONS = frozenset(
    {
        "ABS",
        "AND",
        "AVERAGE",
        "COUNT",
        "COUNTA",
        "COUNTBLANK",
        "COUNTIF",
        "COUNTIFS",
        "DATE",
        "IF",
        "IFERROR",
        "INDEX",
        "INT",
        "ISBLANK",
        "ISNUMBER",
        "ISTEXT",
        "LARGE",
        "LEN",
        "MATCH",
        "MAX",
        "MIN",
        "MOD",
        "N",
        "NOT",
        "OR",
        "ROUND",
        "ROWS",
        "SMALL",
        "SUM",
        "SUMIF",
        "SUMIFS",
        "SUMPRODUCT",
        "TEXT",
        "TRIM",
    }
)

# Every name directly followed by "(": the calls of a formula (and, conservatively, any
# name-like text in a string literal or a quoted sheet name that looks like a call).
_CALL = re.compile(r"[A-Za-z_][A-Za-z0-9_.]*(?=\()")


def plain_formula(formula: str) -> str | None:
    """``formula`` without its ``=`` when XlsxWriter's rewriting provably leaves it as is, else None."""
    if (
        formula.startswith("=")
        and not formula.endswith("}")
        # XlsxWriter's pattern for SINGLE is r"\SINGLE\(": any character before "INGLE(".
        and "INGLE(" not in formula
        and "_xlfn." not in formula
        and PLAIN_FUNCTIONS.issuperset(_CALL.findall(formula))
    ):
        return formula[1:]
    return None


class PlainFormulaWorksheet(Worksheet):
    """An XlsxWriter worksheet whose formula preparation has a fast path for plain formulas."""

    def _prepare_formula(self, formula, expand_future_functions=False):  # noqa: ANN001 - XlsxWriter's signature
        if not self.use_future_functions and not expand_future_functions:
            plain = plain_formula(formula)
            if plain is not None:
                return plain
        return super()._prepare_formula(formula, expand_future_functions)


class Workbook(xlsxwriter.Workbook):
    """``xlsxwriter.Workbook`` whose worksheets are ``PlainFormulaWorksheet``s (XlsxWriter's documented hook)."""

    worksheet_class = PlainFormulaWorksheet
