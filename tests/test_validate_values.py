"""Typed values, name matching and personnummer recognition, cell by cell."""

from __future__ import annotations

import datetime as dt

import pytest

from grantsheet import pii
from grantsheet.tables import normalize_heading
from grantsheet.validate import MAX_COUNT, normalize_name, parse_count, parse_text


@pytest.mark.parametrize(
    "value,expected",
    [
        (0, (0, None)),
        (1204, (1204, None)),
        ("1 204", (1204, None)),
        ("1\u00a0204", (1204, None)),
        ("1\u202f204", (1204, None)),
        (" 32 ", (32, None)),
        (12.0, (12, None)),
        ("12,0", (12, None)),
        ("12,5", (None, "count_fractional")),
        (7.25, (None, "count_fractional")),
        ("-3", (None, "count_negative")),
        (-1, (None, "count_negative")),
        ("många", (None, "count_not_a_number")),
        (True, (None, "count_not_a_number")),
        (float("inf"), (None, "count_not_a_number")),
        (float("nan"), (None, "count_not_a_number")),
        (dt.date(2022, 3, 31), (None, "count_not_a_number")),
        (None, (None, "count_missing")),
        ("  ", (None, "count_missing")),
        (MAX_COUNT, (MAX_COUNT, None)),
        (MAX_COUNT + 1, (None, "count_too_large")),
        (1e300, (None, "count_too_large")),
        ("=1+1", (None, "count_not_a_number")),
        ("#REF!", (None, "count_not_a_number")),
    ],
)
def test_parse_count(value, expected):
    assert parse_count(value) == expected


@pytest.mark.parametrize(
    "spelling",
    [
        "Ålidhems hälsocentral",
        "ÅLIDHEMS HÄLSOCENTRAL",
        " ålidhems  hälsocentral ",
        "A\u030alidhems ha\u0308lsocentral",
        "Ålidhems\u00a0hälsocentral",
        "Ålidhems\u200b hälsocentral",
        "\ufeffÅlidhems hälsocentral",
        "Ålidhems\thälsocentral",
    ],
)
def test_names_that_look_alike_match(spelling):
    assert normalize_name(spelling) == normalize_name("Ålidhems hälsocentral")


def test_text_loses_invisible_characters_but_keeps_its_letters():
    assert parse_text("Tegs\u200b hälso\u00adcentral\x07") == "Tegs hälsocentral"
    assert normalize_heading("\ufeffAntal listade 80+:") == "antal listade 80+"


VALID = [
    "19121212-1212",
    "191212121212",
    "121212-1212",
    "1212121212",
    "121212+1212",
    "811218-9876",
    "701063-2391",
]  # the last is a samordningsnummer (day 03 + 60)


@pytest.mark.parametrize("number", VALID)
def test_personnummer_is_recognised_in_any_form(number):
    assert pii.looks_like_personal_id(number)
    assert pii.looks_like_personal_id(f"Kontakt: {number}, tel")
    assert number not in pii.redact(f"Kontakt: {number}, tel")


def test_personnummer_as_a_number_cell():
    assert pii.looks_like_personal_id(8112189876) and pii.looks_like_personal_id(8112189876.0)
    assert pii.looks_like_personal_id(191212121212)


@pytest.mark.parametrize(
    "value",
    [
        "19121212-1213",
        "121312-1212",
        "SE2321000222-HC0001",
        "2022-03-31",
        1204,
        12.5,
        "1 204",
        True,
        None,
        float("inf"),
        "0701234567",
    ],
)
def test_other_numbers_are_not_personnummer(value):
    assert not pii.looks_like_personal_id(value)


def test_redact_leaves_other_text_alone():
    assert pii.redact("Summa 19121212-1212 och 1 204") == "Summa [personnummer] och 1 204"
    assert pii.redact("Kst 19121212-1213") == "Kst 19121212-1213"
