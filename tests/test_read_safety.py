"""The reader's bounds and its defence in depth, one mechanism at a time."""

from __future__ import annotations

import zipfile
from pathlib import Path

import pytest
from hostile_inputs import (
    LISTED_SHEET,
    SheetPlan,
    listed_table,
    rewrite_member,
    write_book,
    xlsx_bytes,
    xlsxwriter_book,
)

from grantsheet import read, safety
from grantsheet.errors import Location, Problem, problem
from grantsheet.read import read_table
from grantsheet.tables import LISTED_80_PLUS


def kinds(path: Path) -> tuple[object, list[str]]:
    problems: list[Problem] = []
    table = read_table(path, LISTED_80_PLUS, problems)
    return table, [p.kind for p in problems]


def test_a_real_zip_bomb_is_refused_from_its_declared_sizes(tmp_path, monkeypatch):
    monkeypatch.setattr(safety, "MAX_UNPACKED_BYTES", 1024 * 1024)
    path = tmp_path / "bomb.xlsx"
    with zipfile.ZipFile(path, "w", zipfile.ZIP_DEFLATED) as archive:
        for name, content in {"[Content_Types].xml": b"<Types/>", "xl/workbook.xml": b"<workbook/>"}.items():
            archive.writestr(name, content)
        archive.writestr("xl/worksheets/sheet1.xml", b"\x00" * (2 * 1024 * 1024))  # 2 MiB in about 2 KiB
    assert path.stat().st_size < 10_000
    assert kinds(path) == (None, ["file_unpacks_too_large"])


def test_too_many_zip_members_are_refused(tmp_path, monkeypatch):
    monkeypatch.setattr(safety, "MAX_MEMBERS", 20)
    path = tmp_path / "many.xlsx"
    with zipfile.ZipFile(path, "w") as archive:
        archive.writestr("[Content_Types].xml", b"<Types/>")
        for number in range(25):
            archive.writestr(f"xl/part{number}.xml", b"<x/>")
    assert kinds(path) == (None, ["file_too_many_parts"])  # the limit that was hit (#16.1)


def test_the_refusal_names_the_limit_that_was_hit(tmp_path):
    """One part over the per-part limit is not "more than" the larger limit of the whole file (#16.1)."""
    part = zipfile.ZipInfo("xl/worksheets/sheet1.xml")
    part.file_size = safety.MAX_MEMBER_BYTES + 1
    small = zipfile.ZipInfo("xl/workbook.xml")
    small.file_size = 10
    refusal = safety.zip_bounds([part, small])
    assert refusal.kind == "file_part_too_large"
    params = dict(refusal.params)
    assert params["part"] == "xl/worksheets/sheet1.xml" and params["limit"] == safety.mib(safety.MAX_MEMBER_BYTES)
    message = problem(refusal.kind, Location("x.xlsx"), **params).render("sv")
    assert "256.0 MiB" in message and "512.0 MiB" not in message


def test_a_file_over_the_size_bound_is_not_opened(tmp_path, monkeypatch):
    monkeypatch.setattr(safety, "MAX_FILE_BYTES", 1000)
    path = tmp_path / "big.xlsx"
    path.write_bytes(xlsx_bytes(listed_table()))
    assert kinds(path) == (None, ["file_too_large"])


def test_defusedxml_still_refuses_an_entity_bomb_the_scan_let_through(tmp_path, monkeypatch):
    """Defence in depth: without safety's scan, openpyxl (with defusedxml) refuses the DTD."""
    monkeypatch.setattr(safety, "_scan_xml_members", lambda archive, infos: None)
    path = write_book(tmp_path / "b.xlsx", SheetPlan(LISTED_SHEET, listed_table()))
    rewrite_member(
        path,
        "xl/worksheets/sheet1.xml",
        lambda xml: (
            b'<!DOCTYPE x [<!ENTITY a "aaaaaaaaaa"><!ENTITY b "&a;&a;&a;&a;&a;">]>'
            + xml.replace(b"<sheetData>", b"<sheetData>&b;", 1)
        ),
    )
    assert kinds(path) == (None, ["file_unreadable"])


def test_problems_of_one_kind_are_capped_with_a_count(tmp_path):
    from hostile_inputs import LISTED, good_workspace, load

    inputs = good_workspace(tmp_path)
    rows = [[f"Hälsocentral {n}", "x"] for n in range(70)]
    write_book(inputs / LISTED, SheetPlan(LISTED_SHEET, listed_table(rows)))
    _, problems = load(inputs)
    bad = [p for p in problems if p.kind == "count_not_a_number"]
    more = [p for p in problems if p.kind == "more_problems"]
    assert len(bad) == read.MAX_PROBLEMS_OF_A_KIND
    assert len(more) == 1 and dict(more[0].params)["count"] == 20
    assert "20 problem till av samma slag" in more[0].render("sv")


def test_formatting_to_the_last_row_is_read_as_the_real_range(tmp_path):
    path = xlsxwriter_book(tmp_path / "l.xlsx", listed_table(), blank_formatted=[(1_048_575, 16_383)])
    table, found = kinds(path)
    assert table is not None and table.data_range == "A3:B6" and [r.row for r in table.rows] == [4, 5, 6]
    assert found == ["sheet_extent_far"]


def test_hidden_row_ranges_are_listed_compactly():
    assert read._row_ranges([5, 6, 7, 9, 12, 13]) == "5–7, 9, 12–13"
    assert read._row_ranges(list(range(1, 40, 2)), shown=3) == "1, 3, 5 …"


@pytest.mark.parametrize(
    "head,suffix,expected",
    [
        (b"", ".xlsx", "file_empty"),
        (b"\xd0\xcf\x11\xe0" + b"\x00" * 100, ".xlsx", "file_legacy_or_encrypted"),
        (b"<!DOCTYPE html><html>", ".xls", "file_web_page"),
        (b"  <table><tr><td>1</td></tr></table>", ".xls", "file_web_page"),
        (b"%PDF-1.7", ".csv", "file_not_spreadsheet"),
        (b"a;b\r\n1;2\r\n", ".xlsx", "file_text_misnamed"),
        (b"PK\x03\x04garbage", ".xlsx", "file_corrupt"),
    ],
)
def test_the_kind_of_a_file_is_told_by_its_bytes(tmp_path, head, suffix, expected):
    path = tmp_path / f"f{suffix}"
    path.write_bytes(head)
    kind, refusal = safety.inspect_file(path)
    assert kind is None and refusal is not None and refusal.kind == expected


def test_text_is_csv_only_by_its_name(tmp_path):
    for suffix in (".csv", ".txt", ".CSV"):
        path = tmp_path / f"f{suffix}"
        path.write_bytes("Hälsocentral;Antal\r\n".encode("utf-16"))
        assert safety.inspect_file(path) == (safety.CSV, None)
