"""grantsheet.xlsx reads input workbooks as openpyxl does (data_only), and sees what read.py needs.

The values are compared with openpyxl's, cell by cell and type by type, on workbooks
written by openpyxl and by XlsxWriter (hypothesis) and on hand-made sheet XML of the
shapes other programs write (rows and cells without positions, inline and rich text,
dates in the 1904 system, durations, formula results, errors).
"""

from __future__ import annotations

import datetime as dt
import io
import re
from pathlib import Path
from xml.sax.saxutils import escape

import openpyxl
import pytest
import xlsxwriter
from hostile_inputs import make_zip, zip_members
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st
from tiers import examples

from grantsheet import xlsx

SHEET_PART = "xl/worksheets/sheet1.xml"
MAIN_NS = "http://schemas.openxmlformats.org/spreadsheetml/2006/main"


def read_ours(data: bytes, row_limit: int | None = None) -> dict[str, xlsx.Sheet]:
    book = xlsx.Workbook(io.BytesIO(data))
    try:
        return {entry.title: book.parse(entry, row_limit) for entry in book.sheets}
    finally:
        book.close()


def read_openpyxl(data: bytes) -> dict[str, list[tuple[int, tuple[object, ...]]]]:
    """openpyxl's values (read-only, as read.py read them before xlsx.py) in xlsx.Sheet's shape:
    rows with something other than blank text, each up to its last non-empty cell."""
    book = openpyxl.load_workbook(io.BytesIO(data), read_only=True, data_only=True)
    sheets = {}
    for sheet in book.worksheets:
        rows = []
        for number, row in enumerate(sheet.iter_rows(values_only=True), start=1):
            values = list(row)
            while values and values[-1] is None:
                values.pop()
            if any(not (isinstance(v, str) and not v.strip()) for v in values if v is not None):
                rows.append((number, tuple(values)))
        sheets[sheet.title] = rows
    book.close()
    return sheets


def typed(rows):
    """Values with their types: 1 == 1.0 == True must not pass for the same value."""
    return [(number, tuple((type(v).__name__, v) for v in values)) for number, values in rows]


def assert_same_as_openpyxl(data: bytes) -> dict[str, xlsx.Sheet]:
    ours = read_ours(data)
    theirs = read_openpyxl(data)
    assert list(ours) == list(theirs)
    for title, sheet in ours.items():
        assert typed(sheet.rows) == typed(theirs[title]), title
    return ours


def with_sheet_xml(sheet_data: str, *, after: str = "", styles: bytes | None = None, workbook_pr: str = "") -> bytes:
    """An openpyxl-written workbook whose first sheet's XML is replaced by ``sheet_data`` (and ``after``)."""
    buffer = io.BytesIO()
    book = openpyxl.Workbook()
    book.active.title = "Data"
    book.active["A1"] = "seed"
    book.save(buffer)
    members = zip_members(buffer.getvalue())
    members[SHEET_PART] = (
        f'<?xml version="1.0" encoding="UTF-8"?><worksheet xmlns="{MAIN_NS}" '
        f'xmlns:r="http://schemas.openxmlformats.org/officeDocument/2006/relationships">'
        f"<sheetData>{sheet_data}</sheetData>{after}</worksheet>"
    ).encode()
    if styles is not None:
        members["xl/styles.xml"] = styles
    if workbook_pr:
        members["xl/workbook.xml"] = re.sub(rb"<workbookPr */>", workbook_pr.encode(), members["xl/workbook.xml"])
        assert workbook_pr.encode() in members["xl/workbook.xml"]
    return make_zip(members)


def styles_xml(*number_formats: tuple[int, str | None]) -> bytes:
    """A stylesheet whose cell style i has the i-th (numFmtId, custom code or None)."""
    customs = "".join(
        f'<numFmt numFmtId="{i}" formatCode="{escape(c, {chr(34): "&quot;"})}"/>' for i, c in number_formats if c
    )
    xfs = '<xf numFmtId="0"/>' + "".join(f'<xf numFmtId="{i}"/>' for i, _ in number_formats)
    return (
        f'<styleSheet xmlns="{MAIN_NS}"><numFmts>{customs}</numFmts><fonts count="1"><font/></fonts>'
        f'<fills count="1"><fill><patternFill patternType="none"/></fill></fills><borders count="1"><border/></borders>'
        f'<cellStyleXfs count="1"><xf/></cellStyleXfs><cellXfs>{xfs}</cellXfs>'
        f'<cellStyles><cellStyle name="Normal" xfId="0" builtinId="0"/></cellStyles></styleSheet>'
    ).encode()


# --- generated workbooks ---------------------------------------------------------------------

TEXT = st.text(st.characters(blacklist_categories=("Cs", "Cc")), max_size=12)
VALUES = st.one_of(
    st.none(),
    TEXT,
    st.integers(-(10**12), 10**12),
    st.booleans(),
    st.floats(allow_nan=False, allow_infinity=False, min_value=-1e12, max_value=1e12),
    st.dates(dt.date(1900, 3, 1), dt.date(2100, 1, 1)),
    st.datetimes(dt.datetime(1900, 3, 1), dt.datetime(2100, 1, 1)).map(lambda d: d.replace(microsecond=0)),
)
GRIDS = st.lists(st.lists(VALUES, max_size=6), min_size=1, max_size=8)
SETTINGS = settings(
    max_examples=examples(60),
    deadline=None,
    derandomize=True,
    database=None,
    suppress_health_check=[HealthCheck.too_slow],
)


@SETTINGS
@given(grid=GRIDS)
def test_a_workbook_written_by_openpyxl_reads_the_same(grid):
    buffer = io.BytesIO()
    book = openpyxl.Workbook()
    for row in grid:
        book.active.append(row)
    book.save(buffer)
    assert_same_as_openpyxl(buffer.getvalue())


@SETTINGS
@given(grid=GRIDS, date1904=st.booleans())
def test_a_workbook_written_by_xlsxwriter_reads_the_same(grid, date1904):
    buffer = io.BytesIO()
    book = xlsxwriter.Workbook(
        buffer,
        {
            "in_memory": True,
            "date_1904": date1904,
            "strings_to_numbers": False,
            "strings_to_formulas": False,
            "strings_to_urls": False,
        },
    )
    sheet = book.add_worksheet("Data")
    day = book.add_format({"num_format": "yyyy-mm-dd"})
    for r, row in enumerate(grid):
        for c, value in enumerate(row):
            if isinstance(value, (dt.date, dt.datetime)):
                sheet.write_datetime(r, c, value, day)
            elif isinstance(value, str):
                sheet.write_string(r, c, value)
            elif value is not None:
                sheet.write(r, c, value)
    book.close()
    assert_same_as_openpyxl(buffer.getvalue())


# --- hand-made sheet XML ---------------------------------------------------------------------


def test_rows_and_cells_without_positions_are_counted_as_openpyxl_counts_them():
    data = with_sheet_xml(
        '<row><c t="inlineStr"><is><t>a</t></is></c><c><v>2</v></c></row>'
        '<row r="4"><c r="C4"><v>3</v></c><c><v>4.5</v></c></row>'
        "<row><c><v>1E3</v></c></row>"
    )
    sheet = assert_same_as_openpyxl(data)["Data"]
    assert sheet.rows == [(1, ("a", 2)), (4, (None, None, 3, 4.5)), (5, (1000.0,))]


def test_text_cells_of_every_kind():
    data = with_sheet_xml(
        '<row r="1"><c r="A1" t="inlineStr"><is><r><t>rich </t></r><r><t>text</t></r>'
        '<rPh sb="0" eb="1"><t>phonetic</t></rPh></is></c><c r="B1" t="str"><f>"x"&amp;"y"</f><v>xy</v></c>'
        '<c r="C1" t="b"><v>1</v></c><c r="D1" t="inlineStr"><is><t xml:space="preserve"> pad </t>'
        "</is></c></row>"
    )
    sheet = assert_same_as_openpyxl(data)["Data"]
    assert sheet.rows == [(1, ("rich text", "xy", True, " pad "))]


def test_shared_strings_plain_rich_and_escaped():
    buffer = io.BytesIO()
    book = xlsxwriter.Workbook(buffer, {"in_memory": True})  # XlsxWriter writes shared strings
    book.add_worksheet("Data").write_row(0, 0, ["one", "two"])
    book.close()
    members = zip_members(buffer.getvalue())
    members["xl/sharedStrings.xml"] = (
        f'<sst xmlns="{MAIN_NS}"><si><r><t>Häl</t></r><r><rPr><b/></rPr><t>socentral</t></r>'
        f'<rPh sb="0" eb="1"><t>phonetic</t></rPh></si><si><t>a_x005F_b</t></si></sst>'
    ).encode()
    ours = assert_same_as_openpyxl(make_zip(members))
    assert ours["Data"].rows == [(1, ("Hälsocentral", "a_b"))]


def test_dates_follow_the_number_format_and_the_date_system():
    styles = styles_xml((14, None), (164, "yyyy-mm-dd"), (165, '"kr" 0'), (166, "[h]:mm"), (167, "[Red]0.0"))
    data = with_sheet_xml(
        '<row r="1"><c r="A1" s="1"><v>44927</v></c><c r="B1" s="2"><v>44927.5</v></c>'
        '<c r="C1" s="3"><v>5</v></c><c r="D1" s="4"><v>1.25</v></c><c r="E1" s="5"><v>3</v></c>'
        '<c r="F1" s="2"><v>0.25</v></c><c r="G1" t="d"><v>2023-01-02</v></c></row>',
        styles=styles,
    )
    sheet = assert_same_as_openpyxl(data)["Data"]
    assert sheet.rows == [
        (
            1,
            (
                dt.datetime(2023, 1, 1),
                dt.datetime(2023, 1, 1, 12),
                5,
                dt.timedelta(hours=30),
                3,
                dt.time(6),
                dt.date(2023, 1, 2),
            ),
        )
    ]
    mac = with_sheet_xml(
        '<row r="1"><c r="A1" s="1"><v>0</v></c><c r="B1" s="1"><v>1</v></c></row>',
        styles=styles,
        workbook_pr='<workbookPr date1904="1"/>',
    )
    assert assert_same_as_openpyxl(mac)["Data"].rows == [(1, (dt.time(0), dt.datetime(1904, 1, 2)))]


def test_a_date_out_of_range_is_an_error_cell_as_in_openpyxl():
    data = with_sheet_xml('<row r="1"><c r="A1" s="1"><v>1E9</v></c></row>', styles=styles_xml((14, None)))
    with pytest.warns(UserWarning):  # openpyxl says so; grantsheet refuses the cell (sheet.errors)
        sheet = assert_same_as_openpyxl(data)["Data"]
    assert sheet.rows == [(1, ("#VALUE!",))]
    assert sheet.errors == {(1, 0)}


def test_formulas_errors_hidden_rows_merges_filter_and_extent():
    data = with_sheet_xml(
        '<row r="2" hidden="1"><c r="A2"><f>1+1</f><v>2</v></c><c r="B2"><f>1+1</f></c>'
        '<c r="C2"><f>1+1</f><v></v></c><c r="D2" t="e"><v>#REF!</v></c></row>'
        '<row r="3" hidden="true"><c r="A3"><v>1</v></c></row><row r="9" hidden="0"/>',
        after='<autoFilter ref="A1:D3"/><mergeCells count="1"><mergeCell ref="A2:A3"/></mergeCells>',
    )
    sheet = assert_same_as_openpyxl(data)["Data"]
    assert sheet.formulas == {(2, 0): True, (2, 1): False, (2, 2): False}
    assert sheet.errors == {(2, 3)}
    assert sheet.hidden_rows == {2, 3}
    assert sheet.merged == [(1, 2, 1, 3)]
    assert sheet.filtered
    assert sheet.extent == 9


def test_a_merge_open_on_one_side_reaches_the_edge_of_the_sheet():
    # openpyxl refuses to open such a file at all; its ranges are read to the sheet's edge.
    data = with_sheet_xml(
        '<row r="1"><c r="A1"><v>1</v></c></row>',
        after='<mergeCells count="2"><mergeCell ref="B:B"/><mergeCell ref="4:5"/></mergeCells>',
    )
    assert read_ours(data)["Data"].merged == [(2, 1, 2, xlsx.EXCEL_ROWS), (1, 4, xlsx.EXCEL_COLUMNS, 5)]


def test_the_declared_dimension_counts_in_the_extent_and_a_row_limit_stops_early():
    rows = "".join(f'<row r="{n}"><c r="A{n}"><v>{n}</v></c></row>' for n in range(1, 41))
    data = with_sheet_xml(rows, after='<mergeCells count="1"><mergeCell ref="A1:A2"/></mergeCells>')
    members = zip_members(data)
    members[SHEET_PART] = members[SHEET_PART].replace(b"<sheetData>", b'<dimension ref="A1:A5000"/><sheetData>')
    data = make_zip(members)
    assert read_ours(data)["Data"].extent == 5000
    head = read_ours(data, row_limit=30)["Data"]
    assert head.truncated and [n for n, _ in head.rows] == list(range(1, 31))
    assert head.merged == []  # the head of a sheet serves to find the header only


def test_sheets_state_order_and_fullcalconload():
    buffer = io.BytesIO()
    book = openpyxl.Workbook()
    book.active.title = "Först"
    book.create_sheet("Dold").sheet_state = "hidden"
    book.create_sheet("Mycket dold").sheet_state = "veryHidden"
    book.create_chartsheet("Diagram")
    book.save(buffer)
    opened = xlsx.Workbook(io.BytesIO(buffer.getvalue()))
    assert [(entry.title, entry.visible) for entry in opened.sheets] == [
        ("Först", True),
        ("Dold", False),
        ("Mycket dold", False),
    ]
    assert opened.uncalculated  # openpyxl writes fullCalcOnLoad="1"
    calculated = zip_members(buffer.getvalue())
    calculated["xl/workbook.xml"] = calculated["xl/workbook.xml"].replace(b'fullCalcOnLoad="1"', b"")
    assert not xlsx.Workbook(io.BytesIO(make_zip(calculated))).uncalculated


@pytest.mark.parametrize("reference", ["A0", "1A", "AAAA1", "XFE1", ""])
def test_a_bad_cell_reference_is_damage(reference):
    with pytest.raises(xlsx.Damaged):
        xlsx.cell_position(reference)


def test_a_missing_workbook_part_is_damage(tmp_path: Path):
    buffer = io.BytesIO()
    openpyxl.Workbook().save(buffer)
    members = zip_members(buffer.getvalue())
    del members["xl/workbook.xml"]
    with pytest.raises(xlsx.Damaged):
        xlsx.Workbook(io.BytesIO(make_zip(members)))


@pytest.mark.parametrize("column", [1, 26, 27, 52, 703, 16384])
def test_column_letters_round_trip(column):
    assert xlsx.column_number(xlsx.column_letter(column)) == column
    assert xlsx.column_letter(column) == openpyxl.utils.get_column_letter(column)


def test_a_sheet_whose_part_is_missing_is_damage_not_a_missing_sheet():
    buffer = io.BytesIO()
    book = openpyxl.Workbook()
    book.create_sheet("Andra")
    book.save(buffer)
    members = zip_members(buffer.getvalue())
    del members["xl/worksheets/sheet2.xml"]
    with pytest.raises(xlsx.Damaged, match="Andra"):
        xlsx.Workbook(io.BytesIO(make_zip(members)))


# --- what real programs write (issue 12.7) ---------------------------------------------------


def test_a_number_format_among_the_conditional_formats_is_not_a_cell_format():
    """Excel's <dxfs> may reuse a cell format's numFmtId for a conditional, table or pivot format."""
    dxfs = (
        b'<dxfs count="2"><dxf><numFmt numFmtId="164" formatCode="0.00"/></dxf>'
        b'<dxf><numFmt numFmtId="165" formatCode="yyyy-mm-dd"/></dxf></dxfs></styleSheet>'
    )
    styles = styles_xml((164, "yyyy-mm-dd"), (165, "0.0")).replace(b"</styleSheet>", dxfs)
    data = with_sheet_xml(
        '<row r="1"><c r="A1" s="1"><v>44927</v></c><c r="B1" s="2"><v>3</v></c></row>', styles=styles
    )
    sheet = assert_same_as_openpyxl(data)["Data"]
    assert sheet.rows == [(1, (dt.datetime(2023, 1, 1), 3))]


def test_a_legacy_module_sheet_without_a_part_is_left_out_as_openpyxl_does():
    """Excel keeps an Excel 4 macro or VBA module sheet as <sheet r:id="">."""
    data = with_sheet_xml('<row r="1"><c r="A1" t="inlineStr"><is><t>kept</t></is></c></row>')
    members = zip_members(data)
    members["xl/workbook.xml"] = re.sub(
        rb"(<sheets>)", rb'\1<sheet name="Module1" sheetId="9" state="hidden" r:id=""/>', members["xl/workbook.xml"]
    )
    assert b'name="Module1"' in members["xl/workbook.xml"]
    with pytest.warns(UserWarning, match="invalid specification"):  # openpyxl says it leaves a sheet out
        sheets = assert_same_as_openpyxl(make_zip(members))
    assert list(sheets) == ["Data"] and sheets["Data"].rows == [(1, ("kept",))]


def test_an_inline_text_result_of_a_formula_is_a_computed_value():
    data = with_sheet_xml(
        '<row r="1"><c r="A1" t="inlineStr"><f>"a"&amp;"b"</f><is><t>ab</t></is></c>'
        '<c r="B1" t="str"><f>"c"&amp;"d"</f><is><t>cd</t></is></c><c r="C1" t="str"><f>"e"</f></c></row>'
    )
    ours = read_ours(data)["Data"]
    assert ours.formulas == {(1, 0): True, (1, 1): True, (1, 2): False}
    assert ours.rows == [(1, ("ab", "cd"))]
    # openpyxl reads the inlineStr result; a "str" result written inline it does not read.
    assert read_openpyxl(data)["Data"] == [(1, ("ab",))]


STRICT_MAIN = "http://purl.oclc.org/ooxml/spreadsheetml/main"
STRICT_REL = "http://purl.oclc.org/ooxml/officeDocument/relationships"
TRANSITIONAL_REL = "http://schemas.openxmlformats.org/officeDocument/2006/relationships"


def hand_made_book(main: str, relationships: str) -> bytes:
    """The same small workbook (shared and inline text, a date, a hidden sheet, a formula) in
    either conformance class: they differ in their namespaces."""
    package = "http://schemas.openxmlformats.org/package/2006/relationships"
    sheet_type = relationships + "/worksheet"
    return make_zip(
        {
            "[Content_Types].xml": (
                b'<?xml version="1.0" encoding="UTF-8"?>'
                b'<Types xmlns="http://schemas.openxmlformats.org/package/2006/content-types">'
                b'<Default Extension="rels" ContentType="application/vnd.openxmlformats-package.relationships+xml"/>'
                b'<Default Extension="xml" ContentType="application/xml"/>'
                b'<Override PartName="/xl/workbook.xml" '
                b'ContentType="application/vnd.openxmlformats-officedocument.spreadsheetml.sheet.main+xml"/>'
                b'<Override PartName="/xl/worksheets/sheet1.xml" '
                b'ContentType="application/vnd.openxmlformats-officedocument.spreadsheetml.worksheet+xml"/>'
                b'<Override PartName="/xl/worksheets/sheet2.xml" '
                b'ContentType="application/vnd.openxmlformats-officedocument.spreadsheetml.worksheet+xml"/>'
                b'<Override PartName="/xl/styles.xml" '
                b'ContentType="application/vnd.openxmlformats-officedocument.spreadsheetml.styles+xml"/>'
                b'<Override PartName="/xl/sharedStrings.xml" '
                b'ContentType="application/vnd.openxmlformats-officedocument.spreadsheetml.sharedStrings+xml"/>'
                b"</Types>"
            ),
            "_rels/.rels": (
                f'<Relationships xmlns="{package}"><Relationship Id="rId1" '
                f'Type="{relationships}/officeDocument" Target="xl/workbook.xml"/></Relationships>'
            ).encode(),
            "xl/_rels/workbook.xml.rels": (
                f'<Relationships xmlns="{package}">'
                f'<Relationship Id="rId1" Type="{sheet_type}" Target="worksheets/sheet1.xml"/>'
                f'<Relationship Id="rId2" Type="{sheet_type}" Target="worksheets/sheet2.xml"/>'
                f'<Relationship Id="rId3" Type="{relationships}/styles" Target="styles.xml"/>'
                f'<Relationship Id="rId4" Type="{relationships}/sharedStrings" Target="sharedStrings.xml"/>'
                f"</Relationships>"
            ).encode(),
            "xl/workbook.xml": (
                f'<workbook xmlns="{main}" xmlns:r="{relationships}"><workbookPr/><sheets>'
                f'<sheet name="Boendeplatser" sheetId="1" r:id="rId1"/>'
                f'<sheet name="Gömd" sheetId="2" state="hidden" r:id="rId2"/></sheets></workbook>'
            ).encode(),
            "xl/worksheets/sheet1.xml": (
                f'<worksheet xmlns="{main}" xmlns:r="{relationships}"><sheetData>'
                f'<row r="1"><c r="A1" t="s"><v>0</v></c><c r="B1" t="inlineStr"><is><t>Platser</t></is></c>'
                f'<c r="C1" t="s"><v>1</v></c></row>'
                f'<row r="2" hidden="1"><c r="A2" t="s"><v>2</v></c><c r="B2"><v>12</v></c>'
                f'<c r="C2" s="1"><v>44927</v></c><c r="D2"><f>B2*2</f><v>24</v></c></row>'
                f'</sheetData><mergeCells count="1"><mergeCell ref="E1:F1"/></mergeCells></worksheet>'
            ).encode(),
            "xl/worksheets/sheet2.xml": (
                f'<worksheet xmlns="{main}"><sheetData><row r="1"><c r="A1"><v>1</v></c></row></sheetData></worksheet>'
            ).encode(),
            "xl/styles.xml": styles_xml((164, "yyyy-mm-dd")).replace(MAIN_NS.encode(), main.encode()),
            "xl/sharedStrings.xml": (
                f'<sst xmlns="{main}"><si><t>Boende</t></si><si><t>Datum</t></si><si><t>Solgården</t></si></sst>'
            ).encode(),
        }
    )


def test_a_strict_open_xml_workbook_reads_as_its_transitional_twin():
    strict, transitional = hand_made_book(STRICT_MAIN, STRICT_REL), hand_made_book(MAIN_NS, TRANSITIONAL_REL)
    twin = assert_same_as_openpyxl(transitional)
    ours = read_ours(strict)
    assert list(ours) == list(twin) == ["Boendeplatser", "Gömd"]
    for title, sheet in ours.items():
        assert sheet == twin[title]
    assert ours["Boendeplatser"].rows == [
        (1, ("Boende", "Platser", "Datum")),
        (2, ("Solgården", 12, dt.datetime(2023, 1, 1), 24)),
    ]
    assert ours["Boendeplatser"].hidden_rows == {2} and ours["Boendeplatser"].formulas == {(2, 3): True}
    with xlsx.Workbook(io.BytesIO(strict)) as book:
        assert book.strict and [entry.visible for entry in book.sheets] == [True, False]
        assert book.cells(book.sheets[0])[2][3] == xlsx.Cell("=B2*2", True)
    # openpyxl, like any reader of the transitional class only, sees no sheet in it.
    with pytest.warns(UserWarning, match="invalid specification"):
        assert openpyxl.load_workbook(io.BytesIO(strict)).sheetnames == []


def as_strict(data: bytes) -> bytes:
    """A transitional workbook saved as Strict Open XML: its SpreadsheetML and relationship
    namespaces swapped for the Strict ones."""
    members = zip_members(data)
    for name, content in members.items():
        if name.endswith((".xml", ".rels")):
            content = content.replace(MAIN_NS.encode(), STRICT_MAIN.encode())
            members[name] = content.replace(TRANSITIONAL_REL.encode(), STRICT_REL.encode())
    return make_zip(members)


def test_an_input_saved_as_strict_open_xml_reads_as_the_original(tmp_path: Path):
    from grantsheet.read import read_table
    from grantsheet.tables import LISTED_80_PLUS
    from grantsheet_samples import Listing, write_listed

    original, strict = tmp_path / "listade.xlsx", tmp_path / "strikt.xlsx"
    write_listed(
        original,
        [Listing("Alfa hälsocentral", 900, "HC1", dt.date(2022, 3, 1)), Listing("Beta vårdcentral", "1 204")],
    )
    strict.write_bytes(as_strict(original.read_bytes()))
    assert STRICT_MAIN.encode() in zip_members(strict.read_bytes())["xl/workbook.xml"]
    problems = []
    tables = [read_table(path, LISTED_80_PLUS, problems) for path in (original, strict)]
    assert [(p.kind, p.location.cell) for p in problems] == [("summary_row_skipped", "A6")] * 2
    assert tables[0].rows and tables[1].rows == tables[0].rows
    assert (tables[1].sheet, tables[1].header_row) == (tables[0].sheet, tables[0].header_row)


def test_a_returned_form_saved_as_strict_open_xml_is_collected(tmp_path: Path):
    from contract_helpers import fill
    from cycle_helpers import SABO, make_inputs

    from grantsheet import api

    built = api.build(make_inputs(tmp_path / "inputs"), tmp_path / "outputs")
    form = built.centre_files[0]
    fill(form, {SABO: 1000})
    returns = tmp_path / "returns"
    returns.mkdir()
    (returns / form.name).write_bytes(as_strict(form.read_bytes()))

    collected = api.collect([returns], built.master, tmp_path / "summary.xlsx")

    assert "HC1" not in [centre for centre, _ in collected.missing]
    assert collected.used("HC1") == 1000
