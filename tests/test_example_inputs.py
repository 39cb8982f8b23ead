"""The shipped example inputs carry the quirks of real exports and are read right."""

from pathlib import Path

from grantsheet import api
from grantsheet.validate import normalize_name
from grantsheet_samples import example_region

REPOSITORY = Path(__file__).resolve().parents[1]


def as_int(value: int | str) -> int:
    return int(str(value).replace(" ", "").replace("\u00a0", ""))


def test_every_home_and_centre_of_the_example_is_read_with_its_count():
    homes, listings = example_region()
    dataset = api.check(REPOSITORY / "inputs")
    assert len(dataset.centres) == len(listings) == 38
    assert len(dataset.tables["bed_places"].records) == len(homes)
    by_id = {centre.id: centre.name for centre in dataset.centres}
    places = {}
    for record in dataset.tables["bed_places"].records:
        name = normalize_name(by_id[record.centre_id])
        places[name] = places.get(name, 0) + record.values["places"]
    expected = {}
    for home in homes:
        name = normalize_name(home.centre)
        expected[name] = expected.get(name, 0) + as_int(home.places)
    assert places == expected
    listed = {normalize_name(by_id[r.centre_id]): r.values["listed"] for r in dataset.tables["listed_80_plus"].records}
    assert listed == {normalize_name(listing.centre): as_int(listing.listed_80_plus) for listing in listings}


def test_the_example_has_the_quirks_it_claims():
    homes, listings = example_region()
    assert any(isinstance(h.places, str) and h.places != h.places.strip() for h in homes)
    assert any(isinstance(x.listed_80_plus, str) and "\u00a0" in x.listed_80_plus for x in listings)
    assert any(isinstance(x.listed_80_plus, str) and " " in x.listed_80_plus for x in listings)
    canonical = {x.centre for x in listings}
    assert any(h.centre not in canonical for h in homes)  # case, spaces or Unicode form differ


def test_summary_rows_are_left_out_with_a_warning():
    dataset = api.check(REPOSITORY / "inputs")
    skipped = [w for w in dataset.warnings if w.kind == "summary_row_skipped"]
    assert [(w.location.file, w.location.sheet) for w in skipped] == [
        ("boendeplatser.xlsx", "Boendeplatser"),
        ("listade-80plus.xlsx", "Listade 80+"),
    ]


def test_example_magnitudes_match_the_design():
    dataset = api.check(REPOSITORY / "inputs")
    places = sum(r.values["places"] for r in dataset.tables["bed_places"].records)
    listed = sum(r.values["listed"] for r in dataset.tables["listed_80_plus"].records)
    assert 2_000 <= places <= 2_500 and 80 <= len(dataset.tables["bed_places"].records) <= 120
    assert 14_000 <= listed <= 16_000
    assert 1_700 <= 4_200_000 / places <= 2_100 and 250 <= 4_200_000 / listed <= 300
