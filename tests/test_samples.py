"""The sample generators meet their stated shapes and the writers write what they say."""

from __future__ import annotations

import datetime
import importlib.util
import re
import unicodedata
from collections import Counter
from pathlib import Path

import openpyxl
import pytest

from grantsheet_samples import (
    BED_PLACES_HEADINGS,
    LISTED_HEADINGS,
    MUNICIPALITIES,
    NBSP,
    REGIONS,
    Home,
    Listing,
    example_region,
    synthetic_country,
    write_bed_places,
    write_csv_swedish,
    write_listed,
)

SCRIPT = Path(__file__).resolve().parents[1] / "scripts" / "make_example_inputs.py"


def as_int(value: int | str) -> int:
    if isinstance(value, int):
        return value
    return int(value.replace(NBSP, "").replace(" ", ""))


def canonical(name: str) -> str:
    """The matching a reader is expected to do: Unicode form, spacing and case."""
    return " ".join(unicodedata.normalize("NFC", name).split()).casefold()


def sheet_rows(path: Path) -> list[tuple]:
    sheet = openpyxl.load_workbook(path).active
    return list(sheet.iter_rows(values_only=True))


def sheet_cells(path: Path) -> list[tuple]:
    return list(openpyxl.load_workbook(path).active.iter_rows())


# --- example region ----------------------------------------------------------------


@pytest.fixture(scope="module")
def example():
    return example_region()


def test_example_has_the_size_of_vasterbotten(example):
    homes, listings = example
    assert 35 <= len(listings) <= 40
    assert 80 <= len(homes) <= 120
    assert 2200 <= sum(as_int(home.places) for home in homes) <= 2400
    assert 14_500 <= sum(as_int(listing.listed_80_plus) for listing in listings) <= 15_500


def test_example_covers_the_fifteen_municipalities(example):
    homes, _ = example
    assert len(MUNICIPALITIES) == 15
    assert {home.municipality for home in homes} == set(MUNICIPALITIES)


def test_example_values_are_in_range(example):
    homes, listings = example
    assert all(8 <= as_int(home.places) <= 60 for home in homes)
    assert all(as_int(listing.listed_80_plus) > 0 for listing in listings)
    assert {listing.counted_on for listing in listings} == {datetime.date(2022, 3, 31)}


def test_example_centres_are_unique_with_ids(example):
    _, listings = example
    assert len({listing.centre for listing in listings}) == len(listings)
    ids = [listing.centre_id for listing in listings]
    assert len(set(ids)) == len(ids)
    assert all(re.fullmatch(r"SE2321000222-HC\d{4}", centre_id) for centre_id in ids)


def test_example_listing_spells_centres_canonically(example):
    _, listings = example
    for listing in listings:
        name = listing.centre
        assert name == " ".join(unicodedata.normalize("NFC", name).split())


def test_example_centres_have_up_to_six_homes_and_a_few_none(example):
    homes, listings = example
    homes_per_centre = Counter(canonical(home.centre) for home in homes)
    assert set(homes_per_centre) <= {canonical(listing.centre) for listing in listings}
    assert max(homes_per_centre.values()) <= 6
    without_homes = len(listings) - len(homes_per_centre)
    assert 2 <= without_homes <= 5


def test_example_has_place_counts_stored_as_padded_text(example):
    homes, _ = example
    padded = [home.places for home in homes if isinstance(home.places, str)]
    assert len(padded) >= 3
    assert all(places != places.strip() for places in padded)


def test_example_has_listed_counts_with_both_thousands_separators(example):
    _, listings = example
    counts = [listing.listed_80_plus for listing in listings]
    texts = [count for count in counts if isinstance(count, str)]
    assert sum(" " in text for text in texts) >= 2
    assert sum(NBSP in text for text in texts) >= 2
    assert all(as_int(text) >= 1000 for text in texts)


def test_example_has_every_kind_of_misspelt_centre(example):
    homes, listings = example
    spelt = {listing.centre for listing in listings}
    variants = [home.centre for home in homes if home.centre not in spelt]
    nfc = [unicodedata.normalize("NFC", name) for name in variants]
    assert sum(name.casefold() in {s.casefold() for s in spelt} for name in variants) >= 2
    assert sum("  " in name for name in variants) >= 2
    assert sum(name != name.strip() for name in variants) >= 2
    assert sum(name != normal for name, normal in zip(variants, nfc)) >= 2


@pytest.mark.parametrize("seed", [0, 1, 7, 2022, 12345])
def test_example_ranges_hold_for_other_seeds(seed):
    homes, listings = example_region(seed)
    assert 80 <= len(homes) <= 120
    assert 2200 <= sum(as_int(home.places) for home in homes) <= 2400
    assert 14_500 <= sum(as_int(listing.listed_80_plus) for listing in listings) <= 15_500


def test_example_is_deterministic_per_seed():
    assert example_region(5) == example_region(5)
    assert example_region(5) != example_region(6)


# --- synthetic country -------------------------------------------------------------


@pytest.fixture(scope="module")
def country():
    return synthetic_country(1000)


def test_synthetic_has_unique_centres_and_ids(country):
    _, listings = country
    assert len(listings) == 1000
    assert len({listing.centre for listing in listings}) == 1000
    assert len({listing.centre_id for listing in listings}) == 1000


def test_synthetic_has_about_two_and_a_half_homes_per_centre(country):
    homes, listings = country
    assert 2.3 <= len(homes) / len(listings) <= 2.9
    assert len({home.centre for home in homes}) < len(listings)


def test_synthetic_values_are_clean_and_in_range(country):
    homes, listings = country
    assert all(type(home.places) is int and 10 <= home.places <= 60 for home in homes)
    assert all(type(listing.listed_80_plus) is int and 100 <= listing.listed_80_plus <= 1500 for listing in listings)


def test_synthetic_spreads_over_the_country():
    assert len(REGIONS) == 21
    assert sum(count for _, count in REGIONS) == 290
    homes, _ = synthetic_country(2900)
    assert len({home.municipality for home in homes}) == 290


def test_synthetic_is_deterministic_per_seed():
    assert synthetic_country(50, seed=3) == synthetic_country(50, seed=3)


# --- bed-place writer --------------------------------------------------------------

FEW_HOMES = [
    Home("Umeå", "Äldreboendet Björkbacken", "Tegs hälsocentral", 24),
    Home("Umeå", "Demensboendet Tallgården", "TEGS HÄLSOCENTRAL", " 32 "),
    Home("Malå", "Vård- och omsorgsboendet Solgläntan", "Malå hälsocentral", "okänt"),
]


@pytest.mark.parametrize(
    ("title", "note", "header_row"),
    [("Boenden", "Exempeldata", 4), ("Boenden", None, 3), (None, None, 1)],
)
def test_bed_places_header_sits_under_the_title_block(tmp_path, title, note, header_row):
    path = tmp_path / "boenden.xlsx"
    write_bed_places(path, FEW_HOMES, title=title, note=note)
    rows = sheet_rows(path)
    assert rows[header_row - 1] == BED_PLACES_HEADINGS
    assert rows[header_row] == ("Umeå", "Äldreboendet Björkbacken", "Tegs hälsocentral", 24)
    assert len(rows) == header_row + len(FEW_HOMES) + 1


def test_bed_places_keeps_text_numbers_as_text(tmp_path):
    path = tmp_path / "boenden.xlsx"
    write_bed_places(path, FEW_HOMES, title=None)
    places = [row[3] for row in sheet_cells(path)[1:4]]
    assert [cell.value for cell in places] == [24, " 32 ", "okänt"]
    assert [cell.data_type for cell in places] == ["n", "s", "s"]


def test_bed_places_total_row_sums_the_readable_places(tmp_path):
    path = tmp_path / "boenden.xlsx"
    write_bed_places(path, FEW_HOMES, total_row="Summa")
    assert sheet_rows(path)[-1] == ("Summa", None, None, 56)


def test_bed_places_without_total_row_ends_with_the_last_home(tmp_path):
    path = tmp_path / "boenden.xlsx"
    write_bed_places(path, FEW_HOMES, total_row=None)
    assert sheet_rows(path)[-1][1] == "Vård- och omsorgsboendet Solgläntan"


def test_bed_places_uses_given_headings_and_sheet_name(tmp_path):
    path = tmp_path / "boenden.xlsx"
    headings = ("Kommun", "Boende", "HC", "Platser")
    write_bed_places(path, FEW_HOMES, title=None, headings=headings, sheet_name="Blad1")
    book = openpyxl.load_workbook(path)
    assert book.sheetnames == ["Blad1"]
    assert next(book.active.iter_rows(values_only=True)) == headings


def test_bed_places_refuses_wrong_number_of_headings(tmp_path):
    with pytest.raises(ValueError, match="4 headings"):
        write_bed_places(tmp_path / "x.xlsx", FEW_HOMES, headings=("Kommun", "Boende"))


# --- listed writer -----------------------------------------------------------------

COUNTED_ON = datetime.date(2022, 3, 31)
FULL_LISTINGS = [
    Listing("Tegs hälsocentral", "1\u00a0204", "SE2321000222-HC0003", COUNTED_ON),
    Listing("Malå hälsocentral", 190, "SE2321000222-HC0030", COUNTED_ON),
]
BARE_LISTINGS = [Listing("Tegs hälsocentral", "1 204"), Listing("Malå hälsocentral", 190)]


def test_listed_writes_ids_and_real_dates(tmp_path):
    path = tmp_path / "listade.xlsx"
    write_listed(path, FULL_LISTINGS, note="Exempeldata")
    cells = sheet_cells(path)
    assert tuple(cell.value for cell in cells[3]) == LISTED_HEADINGS
    first = cells[4]
    assert first[0].value == "Tegs hälsocentral"
    assert first[1].value == "SE2321000222-HC0003"
    assert first[2].value == "1\u00a0204"
    assert first[2].data_type == "s"
    assert first[3].is_date
    assert first[3].value.date() == COUNTED_ON


def test_listed_total_row_is_in_the_count_column(tmp_path):
    path = tmp_path / "listade.xlsx"
    write_listed(path, FULL_LISTINGS)
    assert sheet_rows(path)[-1] == ("Totalt", None, 1394, None)


def test_listed_leaves_out_id_and_date_columns_nobody_filled(tmp_path):
    path = tmp_path / "listade.xlsx"
    write_listed(path, BARE_LISTINGS, title=None)
    assert sheet_rows(path) == [
        ("Hälsocentral", "Antal listade 80+"),
        ("Tegs hälsocentral", "1 204"),
        ("Malå hälsocentral", 190),
        ("Totalt", 1394),
    ]


def test_listed_template_offers_every_column(tmp_path):
    path = tmp_path / "listade.xlsx"
    write_listed(path, [], total_row=None)
    assert sheet_rows(path)[-1] == LISTED_HEADINGS


# --- byte identity -----------------------------------------------------------------


def test_same_arguments_give_byte_identical_workbooks(tmp_path):
    for folder in ("a", "b"):
        (tmp_path / folder).mkdir()
        homes, listings = example_region(11)
        write_bed_places(tmp_path / folder / "boenden.xlsx", homes)
        write_listed(tmp_path / folder / "listade.xlsx", listings)
    for name in ("boenden.xlsx", "listade.xlsx"):
        assert (tmp_path / "a" / name).read_bytes() == (tmp_path / "b" / name).read_bytes()


# --- CSV ---------------------------------------------------------------------------


def test_csv_is_semicolon_separated_in_cp1252(tmp_path):
    path = tmp_path / "listade.csv"
    rows = [("Tegs hälsocentral", 1204), ("Åsele", 2.5)]
    write_csv_swedish(path, ("Hälsocentral", "Antal"), rows)
    expected = "Hälsocentral;Antal\r\nTegs hälsocentral;1204\r\nÅsele;2,5\r\n"
    assert path.read_bytes() == expected.encode("cp1252")


def test_csv_in_utf8_starts_with_a_byte_order_mark(tmp_path):
    path = tmp_path / "listade.csv"
    write_csv_swedish(path, ("Datum", "Antal"), [(COUNTED_ON, None)], encoding="utf-8-sig")
    assert path.read_bytes() == b"\xef\xbb\xbfDatum;Antal\r\n2022-03-31;\r\n"


def test_csv_refuses_other_encodings(tmp_path):
    with pytest.raises(ValueError, match="encoding"):
        write_csv_swedish(tmp_path / "x.csv", ("A",), [], encoding="latin-1")


# --- example-input script ----------------------------------------------------------


@pytest.fixture(scope="module")
def script():
    spec = importlib.util.spec_from_file_location("make_example_inputs", SCRIPT)
    module = importlib.util.module_from_spec(spec)
    spec.loader.exec_module(module)
    return module


def test_example_inputs_say_they_are_example_data(tmp_path, script):
    script.write_example_inputs(tmp_path)
    for name in ("boendeplatser.xlsx", "listade-80plus.xlsx"):
        rows = sheet_rows(tmp_path / name)
        assert rows[1][0] == "Exempeldata – påhittade siffror, inte verkliga uppgifter"
        assert rows[-1][0] in {"Summa", "Totalt"}


def test_templates_hold_a_title_and_a_header_only(tmp_path, script):
    script.write_templates(tmp_path)
    for name in ("boendeplatser.xlsx", "listade-80plus.xlsx"):
        rows = sheet_rows(tmp_path / name)
        assert len(rows) == 3
        assert rows[0][0] is not None and rows[1] == (None,) * len(rows[1])
