"""The corpus of bad and awkward inputs: each case spoils one file of a valid inputs folder
and states exactly which (file, sheet, cell, kind) problems must be found, or, where the
input is unambiguous, how it must be read.

Add a case for every new kind of bad file met in the wild: a function decorated with
``@case`` that writes into ``inputs`` and returns the ``Outcome``.
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Callable
from pathlib import Path

import pytest
from hostile_inputs import (
    BEDS,
    BEDS_ROWS,
    BEDS_SHEET,
    LISTED,
    LISTED_HEADER,
    LISTED_ROWS,
    LISTED_SHEET,
    Outcome,
    SheetPlan,
    _sortable,
    add_register,
    beds_table,
    declare_size,
    good_workspace,
    listed_table,
    load,
    located,
    make_zip,
    ole_bytes,
    rewrite_member,
    saved_by_a_spreadsheet_program,
    titled,
    use_file,
    write_book,
    xlsxwriter_book,
    zip_members,
)

from grantsheet import safety

CASES: dict[str, Callable[[Path], Outcome]] = {}


def case(function: Callable[[Path], Outcome]) -> Callable[[Path], Outcome]:
    CASES[function.__name__] = function
    return function


def keys(dataset, table: str = "listed_80_plus") -> dict[str, int]:
    """Each centre's key in ``table``, by centre name."""
    names = {c.id: c.name for c in dataset.centres}
    spec = dataset.tables[table].spec
    totals: dict[str, int] = {}
    for record in dataset.tables[table].records:
        totals[names[record.centre_id]] = totals.get(names[record.centre_id], 0) + record.count(spec)
    return totals


GOOD_LISTED = {"Ålidhems hälsocentral": 1204, "Backens vårdcentral": 830, "Hälsocentralen Sorsele": 95}
GOOD_BEDS = {"Ålidhems hälsocentral": 50, "Backens vårdcentral": 0, "Hälsocentralen Sorsele": 21}


def reads_as(listed: dict[str, int] = GOOD_LISTED, beds: dict[str, int] | None = None):
    def check(dataset) -> None:
        assert keys(dataset) == listed
        got_beds = dict.fromkeys(listed, 0) | keys(dataset, "bed_places")
        assert got_beds == (beds if beds is not None else {n: GOOD_BEDS.get(n, 0) for n in listed})

    return check


def E(file: str, sheet: str | None, cell: str | None, kind: str) -> tuple:
    return (file, sheet, cell, kind)


# --- the file as a whole -------------------------------------------------------------------


@case
def missing_file(inputs: Path) -> Outcome:
    (inputs / LISTED).unlink()
    return Outcome([E(LISTED, None, None, "file_missing")])


@case
def empty_file(inputs: Path) -> Outcome:
    (inputs / LISTED).write_bytes(b"")
    return Outcome([E(LISTED, None, None, "file_empty")])


@case
def pdf_named_xlsx(inputs: Path) -> Outcome:
    (inputs / LISTED).write_bytes(b"%PDF-1.4\n%\xe2\xe3\xcf\xd3\n1 0 obj\n<<>>\nendobj\n")
    return Outcome([E(LISTED, None, None, "file_not_spreadsheet")])


@case
def random_binary(inputs: Path) -> Outcome:
    (inputs / LISTED).write_bytes(bytes(range(256)) * 4)
    return Outcome([E(LISTED, None, None, "file_not_spreadsheet")])


@case
def csv_text_named_xlsx(inputs: Path) -> Outcome:
    (inputs / LISTED).write_text("Hälsocentral;Antal listade 80+\r\nÅlidhems hälsocentral;1204\r\n", encoding="cp1252")
    return Outcome([E(LISTED, None, None, "file_text_misnamed")])


@case
def html_table_named_xls(inputs: Path) -> Outcome:
    use_file(inputs, "listed_80_plus", "listade.xls")
    (inputs / "listade.xls").write_text(
        "<html><body><table><tr><td>Hälsocentral</td><td>Antal listade 80+</td></tr></table></body></html>",
        encoding="utf-8",
    )
    return Outcome([E("listade.xls", None, None, "file_web_page")])


@case
def xml_spreadsheet_2003(inputs: Path) -> Outcome:
    (inputs / LISTED).write_text(
        '<?xml version="1.0"?>\n<Workbook xmlns="urn:schemas-microsoft-com:office:'
        'spreadsheet"><Worksheet ss:Name="Blad1"/></Workbook>',
        encoding="utf-8",
    )
    return Outcome([E(LISTED, None, None, "file_web_page")])


@case
def legacy_xls(inputs: Path) -> Outcome:
    use_file(inputs, "listed_80_plus", "listade.xls")
    (inputs / "listade.xls").write_bytes(ole_bytes("Root Entry", "Workbook", "\x05SummaryInformation"))
    return Outcome([E("listade.xls", None, None, "file_legacy_xls")])


@case
def password_encrypted_xlsx(inputs: Path) -> Outcome:
    (inputs / LISTED).write_bytes(ole_bytes("Root Entry", "EncryptionInfo", "EncryptedPackage"))
    return Outcome([E(LISTED, None, None, "file_encrypted")])


@case
def unknown_compound_file(inputs: Path) -> Outcome:
    (inputs / LISTED).write_bytes(ole_bytes("Root Entry", "Something"))
    return Outcome([E(LISTED, None, None, "file_legacy_or_encrypted")])


@case
def ods_spreadsheet(inputs: Path) -> Outcome:
    use_file(inputs, "listed_80_plus", "listade.ods")
    (inputs / "listade.ods").write_bytes(
        make_zip(
            {
                "mimetype": b"application/vnd.oasis.opendocument.spreadsheet",
                "content.xml": b"<office:document-content/>",
            }
        )
    )
    return Outcome([E("listade.ods", None, None, "file_ods")])


@case
def xlsb_workbook(inputs: Path) -> Outcome:
    (inputs / LISTED).write_bytes(make_zip({"[Content_Types].xml": b"<Types/>", "xl/workbook.bin": b"\x00" * 64}))
    return Outcome([E(LISTED, None, None, "file_xlsb")])


@case
def word_document_named_xlsx(inputs: Path) -> Outcome:
    (inputs / LISTED).write_bytes(make_zip({"[Content_Types].xml": b"<Types/>", "word/document.xml": b"<w/>"}))
    return Outcome([E(LISTED, None, None, "file_not_spreadsheet")])


@case
def truncated_zip(inputs: Path) -> Outcome:
    data = (inputs / LISTED).read_bytes()
    (inputs / LISTED).write_bytes(data[: len(data) // 2])
    return Outcome([E(LISTED, None, None, "file_corrupt")])


@case
def damaged_compressed_data(inputs: Path) -> Outcome:
    members = zip_members((inputs / LISTED).read_bytes())
    data = bytearray(make_zip(members))
    start = data.find(b"xl/worksheets/sheet1.xml") + len("xl/worksheets/sheet1.xml")
    for offset in range(start + 10, start + 40):  # inside the sheet's deflated bytes
        data[offset] ^= 0x5A
    (inputs / LISTED).write_bytes(bytes(data))
    return Outcome([E(LISTED, None, None, "file_corrupt")])


@case
def zip_bomb_by_declared_size(inputs: Path) -> Outcome:
    data = (inputs / LISTED).read_bytes()
    (inputs / LISTED).write_bytes(declare_size(data, "xl/worksheets/sheet1.xml", 3 * 1024**3))
    return Outcome([E(LISTED, None, None, "file_part_too_large")])


@case
def zip_member_larger_than_it_declares(inputs: Path) -> Outcome:
    members = zip_members((inputs / LISTED).read_bytes())
    members["xl/worksheets/sheet1.xml"] += b" " * (4 * 1024 * 1024)  # 4 MiB of spaces, says 100 bytes
    (inputs / LISTED).write_bytes(declare_size(make_zip(members), "xl/worksheets/sheet1.xml", 100))
    return Outcome([E(LISTED, None, None, "file_corrupt")])


@case
def xml_entity_bomb(inputs: Path) -> Outcome:
    bomb = (
        b'<?xml version="1.0"?>\n<!DOCTYPE lolz [<!ENTITY lol "lol">'
        + b"".join(b'<!ENTITY lol%d "%s">' % (i + 1, (b"&lol%d;" % i if i else b"&lol;") * 10) for i in range(9))
        + b"]>\n"
    )
    rewrite_member(
        inputs / LISTED,
        "xl/worksheets/sheet1.xml",
        lambda xml: bomb + xml.replace(b"<sheetData>", b"<sheetData>&lol9;", 1),
    )
    return Outcome([E(LISTED, None, None, "file_xml_dtd")])


@case
def xml_external_entity(inputs: Path) -> Outcome:
    rewrite_member(
        inputs / LISTED,
        "xl/workbook.xml",
        lambda xml: b'<!DOCTYPE w [<!ENTITY xxe SYSTEM "file:///etc/passwd">]>' + xml,
    )
    return Outcome([E(LISTED, None, None, "file_xml_dtd")])


@case
def xml_giant_token(inputs: Path) -> Outcome:
    giant = b"x" * (safety.XML_CHUNK * 2 + 10)
    rewrite_member(
        inputs / LISTED,
        "xl/worksheets/sheet1.xml",
        lambda xml: xml.replace(
            b"<sheetData>",
            b'<sheetData><row r="40"><c r="A40" t="inlineStr"><is><t>' + giant + b"</t></is></c></row>",
            1,
        ),
    )
    return Outcome([E(LISTED, None, None, "file_xml_token_too_large")])


@case
def workbook_xml_garbage(inputs: Path) -> Outcome:
    rewrite_member(inputs / LISTED, "xl/workbook.xml", lambda xml: b"<workbook><sheets><sheet name=")
    return Outcome([E(LISTED, None, None, "file_unreadable")])


@case
def sheet_xml_garbage(inputs: Path) -> Outcome:
    rewrite_member(inputs / LISTED, "xl/worksheets/sheet1.xml", lambda xml: xml[: len(xml) // 2])
    return Outcome([E(LISTED, None, None, "file_unreadable")])


@case
def workbook_bytes_named_csv(inputs: Path) -> Outcome:
    """An .xlsx renamed .csv: the content is unambiguous, so it is read as a workbook."""
    use_file(inputs, "listed_80_plus", "listade.csv")
    (inputs / "listade.csv").write_bytes((inputs / LISTED).read_bytes())
    return Outcome(check=reads_as())


# --- sheets and headers ----------------------------------------------------------------------


@case
def header_not_found(inputs: Path) -> Outcome:
    write_book(inputs / LISTED, SheetPlan("Blad1", [["Rapport"], ["Ingen tabell här"], [1, 2, 3]]))
    return Outcome([E(LISTED, "Blad1", None, "header_not_found")])


@case
def header_not_found_on_any_sheet(inputs: Path) -> Outcome:
    write_book(inputs / LISTED, SheetPlan("Blad1", [["Rapport"]]), SheetPlan("Blad2", [["Annat"]]))
    return Outcome([E(LISTED, "Blad1", None, "header_not_found"), E(LISTED, None, None, "header_not_found_in")])


@case
def missing_required_column(inputs: Path) -> Outcome:
    write_book(
        inputs / LISTED,
        SheetPlan(LISTED_SHEET, titled("T", ["Hälsocentral", "Datum"], [["Backens vårdcentral", "2022-03-31"]])),
    )
    return Outcome([E(LISTED, LISTED_SHEET, "A3", "missing_columns")])


@case
def wrong_file_given(inputs: Path) -> Outcome:
    """The bed-places workbook named as the listing: its headings are found and listed."""
    (inputs / LISTED).write_bytes((inputs / BEDS).read_bytes())
    return Outcome([E(LISTED, BEDS_SHEET, "A3", "missing_columns")])


@case
def empty_workbook(inputs: Path) -> Outcome:
    write_book(inputs / LISTED, SheetPlan("Blad1", []))
    return Outcome([E(LISTED, None, None, "workbook_empty")])


@case
def only_whitespace_cells(inputs: Path) -> Outcome:
    write_book(inputs / LISTED, SheetPlan("Blad1", [["  "], [None, "\t"]]))
    return Outcome([E(LISTED, None, None, "workbook_empty")])


@case
def table_on_an_oddly_named_second_sheet(inputs: Path) -> Outcome:
    write_book(
        inputs / LISTED,
        SheetPlan("Instruktioner", [["Fyll i tabellen på nästa blad."]]),
        SheetPlan("Data", listed_table()),
    )
    return Outcome(check=reads_as())


@case
def table_on_two_sheets(inputs: Path) -> Outcome:
    old = listed_table([["Ålidhems hälsocentral", 1100], ["Backens vårdcentral", 800]])
    write_book(inputs / LISTED, SheetPlan("2021", old), SheetPlan("2022", listed_table()))
    return Outcome([E(LISTED, "2022", None, "several_tables")])


@case
def table_on_two_sheets_one_named_as_expected(inputs: Path) -> Outcome:
    old = listed_table([["Ålidhems hälsocentral", 1100], ["Backens vårdcentral", 800]])
    write_book(inputs / LISTED, SheetPlan("2021", old), SheetPlan(LISTED_SHEET, listed_table()))
    return Outcome(check=reads_as())


@case
def table_only_on_a_hidden_sheet(inputs: Path) -> Outcome:
    write_book(
        inputs / LISTED, SheetPlan("Blad1", [["Se dolt blad"]]), SheetPlan(LISTED_SHEET, listed_table(), state="hidden")
    )
    return Outcome([E(LISTED, LISTED_SHEET, None, "sheet_hidden")])


@case
def table_only_on_a_very_hidden_sheet(inputs: Path) -> Outcome:
    write_book(
        inputs / LISTED, SheetPlan("Blad1", [["Se dolt blad"]]), SheetPlan("Gömt", listed_table(), state="veryHidden")
    )
    return Outcome([E(LISTED, "Gömt", None, "sheet_hidden")])


@case
def hidden_sheet_beside_the_visible_table(inputs: Path) -> Outcome:
    old = listed_table([["Ålidhems hälsocentral", 999999]])
    write_book(inputs / LISTED, SheetPlan(LISTED_SHEET, listed_table()), SheetPlan("Gammal", old, state="hidden"))
    return Outcome(warnings=[E(LISTED, "Gammal", None, "hidden_sheet_ignored")], check=reads_as())


@case
def sheet_named_with_a_personnummer(inputs: Path) -> Outcome:
    write_book(inputs / LISTED, SheetPlan("19121212-1212", listed_table()))
    return Outcome([E(LISTED, None, None, "personal_id_sheet_name")])


# --- rows -----------------------------------------------------------------------------------


@case
def hidden_data_rows(inputs: Path) -> Outcome:
    write_book(inputs / LISTED, SheetPlan(LISTED_SHEET, listed_table(), hidden_rows=(5, 6)))
    return Outcome([E(LISTED, LISTED_SHEET, "A5", "rows_hidden")])


@case
def filtered_out_rows(inputs: Path) -> Outcome:
    write_book(inputs / BEDS, SheetPlan(BEDS_SHEET, beds_table(), hidden_rows=(4,), autofilter="A3:D6"))
    return Outcome([E(BEDS, BEDS_SHEET, "A4", "rows_filtered")])


@case
def hidden_empty_rows_and_title(inputs: Path) -> Outcome:
    rows = listed_table()
    rows.insert(4, [])
    write_book(inputs / LISTED, SheetPlan(LISTED_SHEET, rows, hidden_rows=(1, 2, 5)))
    return Outcome(check=reads_as())


@case
def centre_merged_over_its_homes(inputs: Path) -> Outcome:
    """One centre's name merged down over its homes' rows: read for each row, and said so."""
    write_book(inputs / BEDS, SheetPlan(BEDS_SHEET, beds_table(), merges=("C4:C5",)))
    return Outcome(warnings=[E(BEDS, BEDS_SHEET, "C4:C5", "merged_cells_filled")], check=reads_as())


@case
def count_merged_over_rows(inputs: Path) -> Outcome:
    write_book(inputs / BEDS, SheetPlan(BEDS_SHEET, beds_table(), merges=("D4:D5",)))
    return Outcome([E(BEDS, BEDS_SHEET, "D4:D5", "merged_cells")])


@case
def merged_across_columns_in_data(inputs: Path) -> Outcome:
    write_book(inputs / BEDS, SheetPlan(BEDS_SHEET, beds_table(), merges=("B6:C6",)))
    return Outcome([E(BEDS, BEDS_SHEET, "B6:C6", "merged_cells")])


@case
def merged_title_block(inputs: Path) -> Outcome:
    write_book(inputs / BEDS, SheetPlan(BEDS_SHEET, beds_table(), merges=("A1:D1", "A2:D2")))
    return Outcome(check=reads_as())


@case
def repeated_header_rows(inputs: Path) -> Outcome:
    rows = listed_table()
    rows.insert(5, list(LISTED_HEADER))
    write_book(inputs / LISTED, SheetPlan(LISTED_SHEET, rows))
    return Outcome(warnings=[E(LISTED, LISTED_SHEET, "A6", "header_repeated")], check=reads_as())


@case
def summary_rows(inputs: Path) -> Outcome:
    write_book(inputs / LISTED, SheetPlan(LISTED_SHEET, listed_table(LISTED_ROWS + [["Summa", 2129]])))
    return Outcome(warnings=[E(LISTED, LISTED_SHEET, "A7", "summary_row_skipped")], check=reads_as())


@case
def formatting_reaches_the_last_row(inputs: Path) -> Outcome:
    xlsxwriter_book(inputs / LISTED, listed_table(), blank_formatted=[(1_048_575, 0), (1_048_575, 16_383)])
    return Outcome(warnings=[E(LISTED, LISTED_SHEET, None, "sheet_extent_far")], check=reads_as())


# --- cells ----------------------------------------------------------------------------------


@case
def formula_without_value(inputs: Path) -> Outcome:
    """openpyxl and other programs write formulas without a result: never read as 0."""
    rows = listed_table()
    rows[4][1] = "=400+430"
    write_book(inputs / LISTED, SheetPlan(LISTED_SHEET, rows))
    return Outcome([E(LISTED, LISTED_SHEET, "B5", "formula_no_value")])


@case
def formula_with_an_uncalculated_zero(inputs: Path) -> Outcome:
    """XlsxWriter stores 0 for a formula given no value, and asks for a recalculation on load."""
    xlsxwriter_book(inputs / LISTED, listed_table(), formulas={(4, 1): ("=400+430", None)})
    return Outcome([E(LISTED, LISTED_SHEET, "B5", "formula_not_calculated")])


@case
def formula_calculated_by_a_spreadsheet(inputs: Path) -> Outcome:
    xlsxwriter_book(inputs / LISTED, listed_table(), formulas={(4, 1): ("=400+430", 830)})
    saved_by_a_spreadsheet_program(inputs / LISTED)
    return Outcome(check=reads_as())


@case
def formula_showing_an_error(inputs: Path) -> Outcome:
    xlsxwriter_book(inputs / LISTED, listed_table(), formulas={(4, 1): ("=1/0", "#DIV/0!")})
    saved_by_a_spreadsheet_program(inputs / LISTED)
    return Outcome([E(LISTED, LISTED_SHEET, "B5", "cell_error")])


@case
def negative_fractional_and_text_counts(inputs: Path) -> Outcome:
    rows = [
        ["Ålidhems hälsocentral", "12,5"],
        ["Backens vårdcentral", -3],
        ["Hälsocentralen Sorsele", "många"],
        ["Tegs hälsocentral", 7.25],
        ["Sävars hälsocentral", True],
        ["Byske hälsocentral", None],
        ["Malå hälsocentral", dt.datetime(2022, 3, 31)],
    ]
    write_book(inputs / LISTED, SheetPlan(LISTED_SHEET, listed_table(rows)))
    return Outcome(
        [
            E(LISTED, LISTED_SHEET, "B4", "count_fractional"),
            E(LISTED, LISTED_SHEET, "B5", "count_negative"),
            E(LISTED, LISTED_SHEET, "B6", "count_not_a_number"),
            E(LISTED, LISTED_SHEET, "B7", "count_fractional"),
            E(LISTED, LISTED_SHEET, "B8", "count_not_a_number"),
            E(LISTED, LISTED_SHEET, "B9", "count_missing"),
            E(LISTED, LISTED_SHEET, "B10", "count_not_a_number"),
        ]
    )


@case
def absurdly_large_count(inputs: Path) -> Outcome:
    rows = [list(LISTED_ROWS[0]), ["Backens vårdcentral", 10**15], list(LISTED_ROWS[2])]
    write_book(inputs / LISTED, SheetPlan(LISTED_SHEET, listed_table(rows)))
    return Outcome([E(LISTED, LISTED_SHEET, "B5", "count_too_large")])


@case
def counts_as_text_with_spaces_and_whole_floats(inputs: Path) -> Outcome:
    rows = [["Ålidhems hälsocentral", "1\u00a0204"], ["Backens vårdcentral", " 830 "], ["Hälsocentralen Sorsele", 95.0]]
    write_book(inputs / LISTED, SheetPlan(LISTED_SHEET, listed_table(rows)))
    return Outcome(check=reads_as())


@case
def names_differing_in_invisible_ways(inputs: Path) -> Outcome:
    rows = [
        ["Umeå", "Björkbacken", "ålidhems\u200b  hälsocentral", 32],
        ["Umeå", "Tallgården", "A\u030alidhems h\u00e4lsocentral\u00a0", 18],
        ["Sorsele", "Fjällgläntan", "\ufeffHÄLSOCENTRALEN SORSELE", 21],
    ]
    write_book(inputs / BEDS, SheetPlan(BEDS_SHEET, beds_table(rows)))
    return Outcome(check=reads_as())


@case
def duplicate_centre_different_counts(inputs: Path) -> Outcome:
    write_book(inputs / LISTED, SheetPlan(LISTED_SHEET, listed_table(LISTED_ROWS + [["ålidhems hälsocentral", 1300]])))
    return Outcome([E(LISTED, LISTED_SHEET, "B7", "duplicate_centre")])


@case
def duplicate_centre_same_count_counts_once(inputs: Path) -> Outcome:
    write_book(inputs / LISTED, SheetPlan(LISTED_SHEET, listed_table(LISTED_ROWS + [["Ålidhems hälsocentral", 1204]])))
    return Outcome(warnings=[E(LISTED, LISTED_SHEET, "A7", "duplicate_centre_same")], check=reads_as())


@case
def duplicate_home(inputs: Path) -> Outcome:
    write_book(
        inputs / BEDS,
        SheetPlan(BEDS_SHEET, beds_table(BEDS_ROWS + [["Umeå", "björkbacken", "Ålidhems hälsocentral", 32]])),
    )
    return Outcome([E(BEDS, BEDS_SHEET, "B7", "duplicate_home")])


@case
def same_home_name_in_two_municipalities(inputs: Path) -> Outcome:
    write_book(
        inputs / BEDS,
        SheetPlan(BEDS_SHEET, beds_table(BEDS_ROWS + [["Sorsele", "Björkbacken", "Hälsocentralen Sorsele", 4]])),
    )
    return Outcome(
        check=reads_as(beds={"Ålidhems hälsocentral": 50, "Backens vårdcentral": 0, "Hälsocentralen Sorsele": 25})
    )


@case
def zero_total_key(inputs: Path) -> Outcome:
    write_book(inputs / LISTED, SheetPlan(LISTED_SHEET, listed_table([[name, 0] for name, _ in LISTED_ROWS])))
    return Outcome([E(LISTED, LISTED_SHEET, None, "zero_total_key")])


@case
def misspelled_centre_gets_a_suggestion(inputs: Path) -> Outcome:
    rows = [list(BEDS_ROWS[0]), ["Umeå", "Tallgården", "Alidhems halsocentral", 18], list(BEDS_ROWS[2])]
    write_book(inputs / BEDS, SheetPlan(BEDS_SHEET, beds_table(rows)))
    return Outcome([E(BEDS, BEDS_SHEET, "C5", "unknown_centre")])


@case
def unknown_centre(inputs: Path) -> Outcome:
    rows = BEDS_ROWS + [["Dorotea", "Solbacken", "Dorotea hälsocentral", 12]]
    write_book(inputs / BEDS, SheetPlan(BEDS_SHEET, beds_table(rows)))
    return Outcome([E(BEDS, BEDS_SHEET, "C7", "unknown_centre_no_match")])


@case
def name_too_long(inputs: Path) -> Outcome:
    rows = LISTED_ROWS + [["Backens vårdcentral " * 40, 830]]
    write_book(inputs / LISTED, SheetPlan(LISTED_SHEET, listed_table(rows)))
    return Outcome([E(LISTED, LISTED_SHEET, "A7", "text_too_long")])


@case
def personnummer_in_data_title_and_numbers(inputs: Path) -> Outcome:
    rows = listed_table()
    rows[0].append("Uttag för 19121212-1212")  # title block
    rows[3].append("kontakt 811218-9876")  # a comment column beside the table
    rows[4].append(8112189876)  # a number cell
    rows[5].append("T-rex 20121212+1212 ")  # samordningsnummer? no: a valid date; '+' = over 100
    write_book(inputs / LISTED, SheetPlan(LISTED_SHEET, rows))
    return Outcome(
        [
            E(LISTED, LISTED_SHEET, "B1", "personal_id"),
            E(LISTED, LISTED_SHEET, "C4", "personal_id"),
            E(LISTED, LISTED_SHEET, "C5", "personal_id"),
            E(LISTED, LISTED_SHEET, "C6", "personal_id"),
        ]
    )


@case
def samordningsnummer_as_a_centre_name(inputs: Path) -> Outcome:
    rows = [list(LISTED_ROWS[0]), ["701063-2391", 830]]  # day 63 = 3rd + 60
    write_book(inputs / LISTED, SheetPlan(LISTED_SHEET, listed_table(rows)))
    return Outcome([E(LISTED, LISTED_SHEET, "A5", "personal_id")])


@case
def id_like_numbers_that_are_not_personnummer(inputs: Path) -> Outcome:
    rows = [
        [name, count, note]
        for (name, count), note in zip(LISTED_ROWS, ["19121212-1213", "SE2321000222-HC0001", "2022-03-31"])
    ]  # bad check digit
    write_book(inputs / LISTED, SheetPlan(LISTED_SHEET, listed_table(rows)))
    return Outcome(check=reads_as())


# --- CSV ------------------------------------------------------------------------------------


def _csv_case(inputs: Path, text: str, encoding: str) -> None:
    use_file(inputs, "listed_80_plus", "listade.csv")
    (inputs / "listade.csv").write_bytes(text.encode(encoding))


@case
def csv_swedish_excel_cp1252(inputs: Path) -> Outcome:
    _csv_case(
        inputs,
        "Hälsocentral;Antal listade 80+\r\nÅlidhems hälsocentral;1\u00a0204\r\n"
        "Backens vårdcentral;830\r\nHälsocentralen Sorsele;95\r\nSumma;2\u00a0129\r\n",
        "cp1252",
    )
    return Outcome(warnings=[E("listade.csv", None, "A5", "summary_row_skipped")], check=reads_as())


@case
def csv_utf8_with_bom_and_title(inputs: Path) -> Outcome:
    _csv_case(
        inputs,
        "Listade 80+;;\r\n;;\r\nHälsocentral;Antal listade 80+;Datum\r\n"
        "Ålidhems hälsocentral;1 204;2022-03-31\r\nBackens vårdcentral;830;2022-03-31\r\n"
        "Hälsocentralen Sorsele;95;2022-03-31\r\n",
        "utf-8-sig",
    )
    return Outcome(check=reads_as())


@case
def csv_utf16_tab_separated(inputs: Path) -> Outcome:
    """What Excel's "Unicode text" saves."""
    _csv_case(
        inputs,
        "Hälsocentral\tAntal listade 80+\r\nÅlidhems hälsocentral\t1204\r\n"
        "Backens vårdcentral\t830\r\nHälsocentralen Sorsele\t95\r\n",
        "utf-16",
    )
    return Outcome(check=reads_as())


@case
def csv_comma_separated_with_quotes(inputs: Path) -> Outcome:
    _csv_case(
        inputs,
        'Hälsocentral,Antal listade 80+\n"Ålidhems hälsocentral","1 204"\n'
        '"Backens vårdcentral",830\n"Hälsocentralen Sorsele",95\n',
        "utf-8",
    )
    return Outcome(check=reads_as())


@case
def csv_decimal_comma(inputs: Path) -> Outcome:
    _csv_case(
        inputs,
        "Hälsocentral;Antal listade 80+\r\nÅlidhems hälsocentral;1204,5\r\nBackens vårdcentral;830\r\n"
        "Hälsocentralen Sorsele;95\r\n",
        "cp1252",
    )
    return Outcome([E("listade.csv", None, "B2", "count_fractional")])


@case
def csv_undecodable_bytes(inputs: Path) -> Outcome:
    use_file(inputs, "listed_80_plus", "listade.csv")
    (inputs / "listade.csv").write_bytes(b"H\x81lsocentral;Antal listade 80+\r\nA;\x8d\x9d1\r\n")
    return Outcome([E("listade.csv", None, None, "csv_unreadable")])


@case
def csv_giant_field(inputs: Path) -> Outcome:
    _csv_case(inputs, 'Hälsocentral;Antal listade 80+\r\n"' + "x" * 200_000 + '";1\r\n', "utf-8")
    return Outcome([E("listade.csv", None, None, "csv_unreadable")])


@case
def csv_header_not_found(inputs: Path) -> Outcome:
    _csv_case(inputs, "namn;värde\r\na;1\r\n", "utf-8")
    return Outcome([E("listade.csv", None, None, "header_not_found")])


@case
def csv_formula_text_is_just_text(inputs: Path) -> Outcome:
    _csv_case(
        inputs,
        "Hälsocentral;Antal listade 80+\r\nÅlidhems hälsocentral;=1+1203\r\n"
        "Backens vårdcentral;830\r\nHälsocentralen Sorsele;95\r\n",
        "utf-8",
    )
    return Outcome([E("listade.csv", None, "B2", "count_not_a_number")])


# --- the register of centres ---------------------------------------------------------------

REGISTER_HEADER = ["Id", "Officiellt namn", "Alias", "Driftform"]
REGISTER_ROWS = [
    ["KST-101", "Ålidhems hälsocentral", "Ålidhem HC; HC Ålidhem", "Region"],
    ["KST-102", "Backens vårdcentral", "Backen", "Privat"],
    ["KST-103", "Hälsocentralen Sorsele", "Sorsele HC", "Region"],
    ["KST-104", "Tegs hälsocentral", "", "Region"],
]


def _with_register(inputs: Path, rows=REGISTER_ROWS) -> None:
    add_register(inputs)
    write_book(inputs / "register.xlsx", SheetPlan("Register", titled("Hälsocentraler", REGISTER_HEADER, rows)))


@case
def register_settles_spellings(inputs: Path) -> Outcome:
    _with_register(inputs)
    write_book(
        inputs / LISTED,
        SheetPlan(LISTED_SHEET, listed_table([["HC Ålidhem", 1204], ["Backen", 830], ["Hälsocentralen Sorsele", 95]])),
    )
    write_book(
        inputs / BEDS,
        SheetPlan(
            BEDS_SHEET,
            beds_table(
                [
                    ["Umeå", "Björkbacken", "Ålidhem HC", 32],
                    ["Umeå", "Tallgården", "ålidhems hälsocentral", 18],
                    ["Sorsele", "Fjällgläntan", "sorsele hc", 21],
                ]
            ),
        ),
    )

    def check(dataset) -> None:
        reads_as()(dataset)
        assert [(c.id, c.name, c.operator) for c in dataset.centres] == [
            ("KST-102", "Backens vårdcentral", "Privat"),
            ("KST-103", "Hälsocentralen Sorsele", "Region"),
            ("KST-101", "Ålidhems hälsocentral", "Region"),
        ]
        assert "register.xlsx" in [source.name for source in dataset.sources]

    return Outcome(check=check)


@case
def register_does_not_know_a_spelling(inputs: Path) -> Outcome:
    _with_register(inputs)
    write_book(
        inputs / BEDS,
        SheetPlan(
            BEDS_SHEET,
            beds_table(
                BEDS_ROWS[:2]
                + [["Sorsele", "Fjällgläntan", "Hälsocentralen i Sorsele", 21], ["Malå", "X", "Malå HC", 3]]
            ),
        ),
    )
    return Outcome(
        [
            E(BEDS, BEDS_SHEET, "C6", "unknown_centre_register"),
            E(BEDS, BEDS_SHEET, "C7", "unknown_centre_register_no_match"),
        ]
    )


@case
def register_alias_points_to_two_centres(inputs: Path) -> Outcome:
    rows = REGISTER_ROWS[:3] + [["KST-104", "Tegs hälsocentral", "Backen", "Region"]]
    _with_register(inputs, rows)
    return Outcome([E("register.xlsx", "Register", "C7", "register_ambiguous")])


@case
def register_centre_not_in_the_listing(inputs: Path) -> Outcome:
    _with_register(inputs)
    write_book(
        inputs / BEDS, SheetPlan(BEDS_SHEET, beds_table(BEDS_ROWS + [["Umeå", "Solgården", "Tegs hälsocentral", 9]]))
    )
    return Outcome([E(BEDS, BEDS_SHEET, "C7", "centre_not_listed")])


@case
def register_with_a_repeated_id(inputs: Path) -> Outcome:
    _with_register(inputs, REGISTER_ROWS + [["KST-101", "Mariehems hälsocentral", "", "Region"]])
    return Outcome([E("register.xlsx", "Register", "A8", "duplicate_id")])


@case
def register_file_missing(inputs: Path) -> Outcome:
    add_register(inputs, "saknas.xlsx")
    return Outcome([E("saknas.xlsx", None, None, "file_missing")])


# --- more awkward shapes ----------------------------------------------------------------------


@case
def macro_workbook_suffix_and_upper_case_name(inputs: Path) -> Outcome:
    use_file(inputs, "listed_80_plus", "LISTADE.XLSM")
    (inputs / "LISTADE.XLSM").write_bytes((inputs / LISTED).read_bytes())
    return Outcome(check=reads_as())


@case
def header_without_rows(inputs: Path) -> Outcome:
    write_book(inputs / BEDS, SheetPlan(BEDS_SHEET, beds_table([])))
    return Outcome([E(BEDS, BEDS_SHEET, None, "zero_total_key")])


@case
def date_that_is_not_a_date(inputs: Path) -> Outcome:
    rows = [[name, count, "31/3"] for name, count in LISTED_ROWS]
    write_book(inputs / LISTED, SheetPlan(LISTED_SHEET, titled("T", LISTED_HEADER + ["Datum"], rows)))
    return Outcome([E(LISTED, LISTED_SHEET, f"C{n}", "date_invalid") for n in (4, 5, 6)])


@case
def id_too_long(inputs: Path) -> Outcome:
    rows = [[name, f"SE{n}" + "0" * (70 if n == 2 else 5), count] for n, (name, count) in enumerate(LISTED_ROWS)]
    write_book(
        inputs / LISTED, SheetPlan(LISTED_SHEET, titled("T", ["Hälsocentral", "HSA-id", "Antal listade 80+"], rows))
    )
    return Outcome([E(LISTED, LISTED_SHEET, "B6", "text_too_long")])


@case
def register_without_its_id_column(inputs: Path) -> Outcome:
    add_register(inputs)
    write_book(inputs / "register.xlsx", SheetPlan("Register", titled("H", ["Officiellt namn", "Alias"], [["A", "B"]])))
    return Outcome([E("register.xlsx", "Register", "A3", "missing_columns")])


@case
def csv_with_blank_lines_and_a_repeated_header(inputs: Path) -> Outcome:
    _csv_case(
        inputs,
        "Hälsocentral;Antal listade 80+\r\nÅlidhems hälsocentral;1204\r\n;\r\n\r\n"
        "Hälsocentral;Antal listade 80+\r\nBackens vårdcentral;830\r\nHälsocentralen Sorsele;95\r\n",
        "utf-8",
    )
    return Outcome(warnings=[E("listade.csv", None, "A5", "header_repeated")], check=reads_as())


# --- the test ------------------------------------------------------------------------------


@pytest.mark.parametrize("name", list(CASES))
def test_corpus_case(name, tmp_path):
    inputs = good_workspace(tmp_path)
    expected = CASES[name](inputs)
    dataset, problems = load(inputs)
    assert located(problems) == sorted(expected.errors, key=_sortable), [p.render("en") for p in problems]
    found_warnings = located(problems, "warning")
    for item in expected.warnings:
        assert item in found_warnings, found_warnings
    if expected.errors:
        assert dataset is None
        for found in problems:  # every problem renders in both languages, with a fix
            for lang in ("sv", "en"):
                assert found.message(lang) and found.fix(lang)
    else:
        assert dataset is not None, [p.render("en") for p in problems]
        if expected.check is not None:
            expected.check(dataset)


def test_the_corpus_is_large():
    assert len(CASES) >= 80


def test_the_good_workspace_reads_right(tmp_path):
    dataset, problems = load(good_workspace(tmp_path))
    assert problems == [] and dataset is not None
    reads_as()(dataset)
