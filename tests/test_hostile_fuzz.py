"""Fuzzing the readers: whatever the bytes, reading ends in a parse or in located problems
(``InputError`` from ``load_inputs``), never in another exception.

The number of examples per test is GRANTSHEET_FUZZ_EXAMPLES (default 200), run
derandomized so that the suite is repeatable; raise it locally to search longer, e.g.
``GRANTSHEET_FUZZ_EXAMPLES=5000 pytest tests/test_hostile_fuzz.py``.
"""

from __future__ import annotations

import atexit
import datetime as dt
import os
import shutil
import tempfile
from pathlib import Path

import pytest
from hostile_inputs import (
    BEDS,
    BEDS_SHEET,
    LISTED,
    LISTED_SHEET,
    SheetPlan,
    beds_table,
    good_workspace,
    listed_table,
    make_zip,
    write_book,
    xlsx_bytes,
    zip_members,
)
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from grantsheet.allocate import allocate_pools
from grantsheet.errors import ERROR, InputError, Problem
from grantsheet.load import load_inputs
from grantsheet.read import RawTable, read_table
from grantsheet.safety import OLE_MAGIC
from grantsheet.tables import LISTED_80_PLUS
from grantsheet.validate import MAX_COUNT

# Hundreds of generated files each: the fast tier leaves the fuzzing to CI.
pytestmark = pytest.mark.slow
EXAMPLES = int(os.environ.get("GRANTSHEET_FUZZ_EXAMPLES", "200"))
FUZZ = settings(
    max_examples=EXAMPLES,
    deadline=None,
    derandomize=True,
    database=None,
    suppress_health_check=[HealthCheck.too_slow, HealthCheck.data_too_large],
)

_FOLDER = Path(tempfile.mkdtemp(prefix="grantsheet-fuzz-"))
atexit.register(shutil.rmtree, _FOLDER, ignore_errors=True)
_WORKSPACE = good_workspace(_FOLDER / "workspace")


def read_file(data: bytes, suffix: str) -> tuple[RawTable | None, list[Problem]]:
    path = _FOLDER / f"input{suffix}"
    path.write_bytes(data)
    problems: list[Problem] = []
    table = read_table(path, LISTED_80_PLUS, problems)
    if table is None:
        assert any(p.severity == ERROR for p in problems), "refused without saying why"
    for found in problems:  # every problem renders, in both languages
        found.render("sv"), found.render("en")
    return table, problems


SUFFIXES = st.sampled_from([".xlsx", ".csv", ".xls", ".ods", ".txt", ""])
PREFIXES = st.sampled_from([b"", b"PK\x03\x04", OLE_MAGIC, b"\xef\xbb\xbf", b"\xff\xfe", b"<html>", b"<?xml"])


@FUZZ
@given(prefix=PREFIXES, data=st.binary(max_size=2048), suffix=SUFFIXES)
def test_arbitrary_bytes_are_read_or_refused(prefix, data, suffix):
    read_file(prefix + data, suffix)


_SEPARATORS = st.sampled_from([";", ",", "\t", '"', "\r\n", "\n", " ", "\u00a0"])
_CSV_CELLS = st.one_of(
    st.text(max_size=20),
    st.integers(-(10**6), 10**16).map(str),
    st.sampled_from(["Hälsocentral", "Antal listade 80+", "Summa", "19121212-1212", "1 204", "12,5", "=1+1", ""]),
)


@FUZZ
@given(
    pieces=st.lists(st.one_of(_CSV_CELLS, _SEPARATORS), max_size=80),
    encoding=st.sampled_from(["utf-8", "utf-8-sig", "cp1252", "utf-16"]),
)
def test_csv_text_is_read_or_refused(pieces, encoding):
    text = "Hälsocentral;Antal listade 80+\r\n" + "".join(pieces)
    read_file(text.encode(encoding, errors="replace"), ".csv")


VALID = xlsx_bytes(listed_table())
VALID_MEMBERS = zip_members(VALID)
_XML_PIECES = st.sampled_from(
    [
        b"<",
        b">",
        b"/>",
        b"</",
        b'"',
        b"=",
        b"&",
        b";",
        b"&amp;",
        b'<row r="',
        b'<c r="A',
        b'" t="s"',
        b'" t="e"',
        b'" t="inlineStr"',
        b"<v>",
        b"</v>",
        b"<f>",
        b"</f>",
        b"<is><t>",
        b'<mergeCell ref="',
        b'hidden="1"',
        b"1048576",
        b"XFD",
        b"-1",
        b"99999999999999999999",
        b"<!DOCTYPE",
        b"\x00",
        b"\xff",
    ]
)


@FUZZ
@given(
    member=st.sampled_from(sorted(VALID_MEMBERS)),
    start=st.integers(0, 4000),
    length=st.integers(0, 40),
    insert=st.lists(st.one_of(_XML_PIECES, st.binary(max_size=8)), max_size=6),
)
def test_workbooks_with_mutated_xml_are_read_or_refused(member, start, length, insert):
    xml = VALID_MEMBERS[member]
    start = min(start, len(xml))
    mutated = dict(VALID_MEMBERS, **{member: xml[:start] + b"".join(insert) + xml[start + length :]})
    read_file(make_zip(mutated), ".xlsx")


@FUZZ
@given(
    flips=st.lists(st.tuples(st.integers(0, len(VALID) - 1), st.integers(1, 255)), min_size=1, max_size=4),
    cut=st.one_of(st.none(), st.integers(0, len(VALID))),
)
def test_workbooks_with_flipped_bytes_are_read_or_refused(flips, cut):
    data = bytearray(VALID)
    for position, xor in flips:
        data[position] ^= xor
    read_file(bytes(data[:cut] if cut is not None else data), ".xlsx")


_NAMES = st.one_of(
    st.sampled_from(
        [
            "Ålidhems hälsocentral",
            "ålidhems  hälsocentral",
            "Backens vårdcentral",
            "BACKENS VÅRDCENTRAL",
            "Hälsocentralen Sorsele",
            "Summa",
            "Totalt",
            "=A1",
            "+46",
            "@x",
            "19121212-1212",
            " ",
            "",
        ]
    ),
    # Text a cell can hold (a workbook cannot store control characters).
    st.text(st.characters(blacklist_categories=("Cc", "Cs")), min_size=1, max_size=30),
)
_COUNTS = st.one_of(
    st.integers(-5, 5000),
    st.integers(-(10**18), 10**18),
    st.floats(allow_nan=False, allow_infinity=False),
    st.sampled_from(["1 204", "1\u00a0204", " 32 ", "12,5", "12.0", "-3", "x", "", "=1+1", "#REF!"]),
    st.booleans(),
    st.none(),
    st.dates(dt.date(1900, 3, 1), dt.date(2100, 1, 1)),
)


@FUZZ
@given(
    listed=st.lists(st.tuples(_NAMES, _COUNTS), max_size=8),
    homes=st.lists(st.tuples(_NAMES, _NAMES, _COUNTS), max_size=8),
    hidden=st.lists(st.integers(1, 14), max_size=2),
    merge=st.booleans(),
)
def test_workbooks_with_random_cells_load_or_raise_input_error(listed, homes, hidden, merge):
    inputs = _WORKSPACE  # the grant file stays; both tables are written anew
    write_book(
        inputs / LISTED, SheetPlan(LISTED_SHEET, listed_table([list(row) for row in listed]), hidden_rows=hidden)
    )
    write_book(
        inputs / BEDS,
        SheetPlan(BEDS_SHEET, beds_table([["Umeå", h, c, n] for h, c, n in homes]), merges=("C4:C5",) if merge else ()),
    )
    try:
        dataset = load_inputs(inputs)
    except InputError as error:
        assert error.problems and all(p.render("sv") for p in error.problems)
        return
    for table in dataset.tables.values():
        for record in table.records:
            assert 0 <= record.count(table.spec) <= MAX_COUNT and isinstance(record.count(table.spec), int)
    assert len({c.id for c in dataset.centres}) == len(dataset.centres)
    for result in allocate_pools(dataset):
        assert sum(result.allocation.payouts) == result.allocation.amount
