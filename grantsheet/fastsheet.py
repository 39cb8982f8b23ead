"""XlsxWriter's workbook with three shortcuts that cannot change a byte of what it writes.

Formulas: a worksheet that skips XlsxWriter's formula rewriting where it cannot change anything.

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

Formats: every workbook makes the same few dozen formats (``styles.make_styles``, the
letter's), and the 38 centre files of the example made them 38 times over, each by some forty
``set_`` calls and its key built from five joins of strings: a twentieth of a centre file's
time. ``Workbook.add_format`` makes a format once per process for the same properties, with its
key, and gives each workbook a copy of it (``FixedFormat``), in the state a new format of its
own would have. A copy cannot be changed afterwards (its key is already made, as XlsxWriter
makes it at a format's first use), so a ``set_`` call on one raises instead of being lost.

Styles: the styles part (``xl/styles.xml``) of a workbook written in memory is a function of
its formats alone: which were made, in which order, and the index each got at its first use.
Its XML, and the font, fill, border and number format indices XlsxWriter works out for it
(``_prepare_format_properties``), are made once per process for the same formats of the same
copies and kept as text (``_STYLES``): every centre file of a build has the same styles.
"""

from __future__ import annotations

import re
from typing import Any

import xlsxwriter
from xlsxwriter.format import Format
from xlsxwriter.packager import Packager
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


class FixedFormat(Format):
    """A workbook's copy of a format made earlier in this process (``Workbook.add_format``)."""

    def _fixed(self, *args: object, **kwargs: object) -> None:
        raise TypeError("a format of grantsheet's workbooks is fixed once made: make another with add_format")


for _name in dir(Format):
    if _name.startswith("set_"):
        setattr(FixedFormat, _name, FixedFormat._fixed)

# add_format's properties (the workbook's defaults and the caller's, in order) -> the format
# made of them, detached from any workbook, its key computed.
_MADE: dict[tuple, Format] = {}
# A workbook's formats (``styles_key``) -> its styles part's XML.
_STYLES: dict[tuple, str] = {}


def styles_key(book: Workbook) -> tuple | None:
    """What ``book``'s styles part is made of, once every cell's format has its index; None
    when a format is not a copy (``FixedFormat``), whose properties could be any."""
    formats = []
    for each in book.formats:
        if type(each) is not FixedFormat:
            return None
        formats.append((each.made, each.xf_index, each.dxf_index))
    return tuple(formats), repr(book.palette), repr(book.custom_colors), book.has_comments


class StylesPackager(Packager):
    """XlsxWriter's packager, the styles part kept per process for a workbook in memory."""

    def _write_styles_file(self) -> None:
        key = self.workbook.kept_styles
        if key is None:
            super()._write_styles_file()
        elif key in _STYLES:
            self._filename("xl/styles.xml").write(_STYLES[key])
        else:
            super()._write_styles_file()
            written, name, _ = self.filenames[-1]
            assert name == "xl/styles.xml"
            _STYLES[key] = written.getvalue()


class Workbook(xlsxwriter.Workbook):
    """``xlsxwriter.Workbook`` whose worksheets are ``PlainFormulaWorksheet``s (XlsxWriter's
    documented hook) and whose formats are copies of those made once per process."""

    worksheet_class = PlainFormulaWorksheet

    def add_format(self, properties: dict[str, Any] | None = None) -> Format:
        # XlsxWriter's add_format: the defaults, the properties over them, a font name last.
        settings = {**self.default_format_properties, **(properties or {})}
        if properties and "font_name" in properties and "font_scheme" not in properties:
            settings["font_name"] = settings.pop("font_name")
        key = tuple(settings.items())
        try:
            made = _MADE.get(key)
        except TypeError:  # a property that cannot be a key (a list): made as XlsxWriter makes it
            return super().add_format(properties)
        if made is None:
            made = _MADE[key] = Format(settings)
            made._get_format_key()
        copy = FixedFormat.__new__(FixedFormat)
        copy.__dict__.update(made.__dict__)
        copy.xf_format_indices, copy.dxf_format_indices = self.xf_format_indices, self.dxf_format_indices
        copy.made = made
        self.formats.append(copy)
        return copy

    # -- the styles part, kept (``_STYLES``) ------------------------------------------------

    kept_styles: tuple | None = None  # this workbook's ``styles_key``, None when not kept

    def _get_packager(self) -> Packager:
        return StylesPackager()

    def _prepare_format_properties(self) -> None:
        # Called once the worksheets are written (every format's index is known), before the
        # styles part: the indices it works out are only that part's.
        self.kept_styles = styles_key(self) if self.in_memory else None
        if self.kept_styles not in _STYLES:
            super()._prepare_format_properties()
