"""Cell formats of grantsheet's workbooks, made once per workbook.

Input cells (the only ones a person types into) are light yellow with blue text;
formula cells are white with black text, so the two never look alike.
"""

from __future__ import annotations

from typing import NamedTuple

from xlsxwriter.format import Format
from xlsxwriter.workbook import Workbook

ORE = '#,##0 "öre"'
ORE_FRACTION = '#,##0.00 "öre"'
COUNT = "#,##0"
DECIMAL = "#,##0.0#####"  # a decimal key column: up to six decimals, as read
SHARE = "0.0000%"
DATE = "yyyy-mm-dd"
INPUT_FILL = "#FFF2CC"
INPUT_FONT = "#1F4E79"
HEADER_FILL = "#DDEBF7"


def money(currency: str, fraction: bool = False) -> str:
    """The number format of an amount in ``currency`` as a grant writes it: '#,##0 "kr"',
    '#,##0.00 "USD"'."""
    return f'#,##0{".00" if fraction else ""} "{currency}"'


class Styles(NamedTuple):
    title: Format
    subtitle: Format
    banner: Format
    header: Format
    text: Format
    wrap: Format
    count: Format
    decimal: Format
    kronor: Format
    kronor_fraction: Format
    ore: Format
    ore_fraction: Format
    share: Format
    date: Format
    total_label: Format
    total_label_wrap: Format
    total_count: Format
    total_kronor: Format
    input_kronor: Format
    input_kronor_fraction: Format
    input_text: Format
    input_date: Format
    ok: Format
    error: Format
    negative: Format


def make_styles(book: Workbook, currency: str = "kr") -> Styles:
    """The formats of ``book``; amounts shown in ``currency``, the grant's currency word."""
    kronor, kronor_fraction = money(currency), money(currency, fraction=True)

    def fmt(**props: object) -> Format:
        return book.add_format({"font_name": "Calibri", "font_size": 11, "valign": "top", **props})

    def input_fmt(**props: object) -> Format:
        return fmt(bg_color=INPUT_FILL, font_color=INPUT_FONT, locked=False, border=1, border_color="#BFBFBF", **props)

    return Styles(
        title=fmt(bold=True, font_size=16),
        subtitle=fmt(italic=True, font_color="#595959"),
        banner=fmt(bold=True, font_color="#C00000", font_size=12),
        header=fmt(bold=True, bg_color=HEADER_FILL, text_wrap=True, bottom=1, valign="bottom"),
        text=fmt(),
        wrap=fmt(text_wrap=True),
        count=fmt(num_format=COUNT),
        decimal=fmt(num_format=DECIMAL),
        kronor=fmt(num_format=kronor),
        kronor_fraction=fmt(num_format=kronor_fraction),
        ore=fmt(num_format=ORE),
        ore_fraction=fmt(num_format=ORE_FRACTION),
        share=fmt(num_format=SHARE),
        date=fmt(num_format=DATE),
        total_label=fmt(bold=True, top=1),
        total_label_wrap=fmt(bold=True, top=1, text_wrap=True, valign="top"),
        total_count=fmt(bold=True, top=1, num_format=COUNT),
        total_kronor=fmt(bold=True, top=1, num_format=kronor),
        input_kronor=input_fmt(num_format=kronor),
        input_kronor_fraction=input_fmt(num_format=kronor_fraction),
        input_text=input_fmt(text_wrap=True),
        input_date=input_fmt(num_format=DATE),
        ok=book.add_format({"bold": True, "font_color": "#006100", "bg_color": "#C6EFCE"}),
        error=book.add_format({"bold": True, "font_color": "#9C0006", "bg_color": "#FFC7CE"}),
        negative=book.add_format({"font_color": "#9C0006", "bg_color": "#FFC7CE"}),
    )


def text_lines(text: str, width: int) -> int:
    """How many lines ``text`` takes wrapped at about ``width`` characters, word by word: the
    height a wrapped row needs, which neither Excel nor LibreOffice fits by itself on a merged
    cell or a row whose height a file sets (#23.9: wrapped rows overlapped, labels clipped)."""
    lines, used = 1, 0
    for word in text.split():
        if used and used + 1 + len(word) > width:
            lines, used = lines + 1, len(word)
        else:
            used += (1 if used else 0) + len(word)
    return lines
