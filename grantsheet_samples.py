"""Write input workbooks in the shapes grants officers really have, and grant files for them.

Used by the tests (small fixtures built in code), by ``scripts/make_example_inputs.py``
(the shipped example inputs and blank templates) and by the benchmark (national-size
synthetic inputs). Every generator is deterministic for a given seed and every writer
gives byte-identical files for the same arguments.
"""

from __future__ import annotations

import csv
import datetime
import json
import os
import unicodedata
from collections.abc import Iterable, Sequence
from itertools import cycle, islice
from random import Random
from typing import NamedTuple

import xlsxwriter

# A fixed creation time: with it XlsxWriter writes byte-identical files (with a
# datetime.date instead it silently uses "now").
CREATED = datetime.datetime(2022, 4, 1, 8, 0, 0)

WORKBOOK_OPTIONS = {
    "strings_to_formulas": False,
    "strings_to_urls": False,
    "strings_to_numbers": False,
}

BED_PLACES_TITLE = "Särskilda boenden och ansvarig hälsocentral"
BED_PLACES_HEADINGS = ("Kommun", "Särskilt boende", "Ansvarig hälsocentral", "Antal platser")
LISTED_TITLE = "Listade patienter 80 år och äldre per hälsocentral"
LISTED_HEADINGS = ("Hälsocentral", "HSA-id", "Antal listade 80+", "Datum")

CSV_ENCODINGS = ("cp1252", "utf-8-sig")

NBSP = "\u00a0"


class Home(NamedTuple):
    """One nursing home (särskilt boende) and the health centre responsible for it.

    ``places`` is a str when the sheet holds the number as text (" 32 ").
    """

    municipality: str
    home: str
    centre: str
    places: int | str


class Listing(NamedTuple):
    """Patients aged 80+ listed at one health centre.

    ``listed_80_plus`` is a str when the sheet holds the number as text ("1 204").
    """

    centre: str
    listed_80_plus: int | str
    centre_id: str | None = None
    counted_on: datetime.date | None = None


# --- writers -----------------------------------------------------------------------


def write_bed_places(
    path: str | os.PathLike[str],
    homes: Iterable[Home],
    *,
    title: str | None = BED_PLACES_TITLE,
    note: str | None = None,
    total_row: str | None = "Summa",
    sheet_name: str = "Boendeplatser",
    headings: Sequence[str] = BED_PLACES_HEADINGS,
) -> None:
    """Write one row per home under an optional title block, with an optional total row.

    ``headings`` label, by position, the columns municipality, home, centre, places.
    """
    _require_headings(headings, 4)
    homes = list(homes)
    with _SampleWorkbook(path, sheet_name) as book:
        book.write_title_block(title, note)
        book.write_header(headings)
        for home in homes:
            book.write_row((home.municipality, home.home, home.centre, home.places))
        if total_row is not None:
            book.write_total(total_row, 3, sum(_parsed_ints(home.places for home in homes)))
        book.set_widths((14, 36, 34, 14))


def write_listed(
    path: str | os.PathLike[str],
    listings: Iterable[Listing],
    *,
    title: str | None = LISTED_TITLE,
    note: str | None = None,
    total_row: str | None = "Totalt",
    sheet_name: str = "Listade 80+",
    headings: Sequence[str] = LISTED_HEADINGS,
) -> None:
    """Write one row per centre under an optional title block, with an optional total row.

    ``headings`` label, by position, centre, id, count, date. The id and date columns
    are left out when no listing has a value for them, as real exports vary; an empty
    sheet (a template) keeps them.
    """
    _require_headings(headings, 4)
    listings = list(listings)
    # A template must offer every column for the officer to fill in.
    has_ids = not listings or any(listing.centre_id is not None for listing in listings)
    has_dates = not listings or any(listing.counted_on is not None for listing in listings)
    kept = (True, has_ids, True, has_dates)
    with _SampleWorkbook(path, sheet_name) as book:
        book.write_title_block(title, note)
        book.write_header(_kept(headings, kept))
        for listing in listings:
            fields = (
                listing.centre,
                listing.centre_id,
                listing.listed_80_plus,
                listing.counted_on,
            )
            book.write_row(_kept(fields, kept))
        if total_row is not None:
            count_column = 2 if has_ids else 1
            total = sum(_parsed_ints(listing.listed_80_plus for listing in listings))
            book.write_total(total_row, count_column, total)
        book.set_widths(_kept((34, 22, 18, 12), kept))


class RegisterRow(NamedTuple):
    """One centre of the register: its stable id, official name and what the ledger and mail need."""

    centre_id: str
    centre: str
    operator: str = ""
    cost_centre: str = ""
    email: str = ""
    aliases: str = ""


REGISTER_TITLE = "Register över hälsocentraler"
REGISTER_HEADINGS = ("HSA-id", "Officiellt namn", "Andra stavningar", "Driftform", "Kostnadsställe", "E-post")


def write_register(
    path: str | os.PathLike[str], rows: Iterable[RegisterRow], *, note: str | None = None, sheet_name: str = "Register"
) -> None:
    with _SampleWorkbook(path, sheet_name) as book:
        book.write_title_block(REGISTER_TITLE, note)
        book.write_header(REGISTER_HEADINGS)
        for row in rows:
            book.write_row((row.centre_id, row.centre, row.aliases, row.operator, row.cost_centre, row.email))
        book.set_widths((22, 34, 24, 12, 14, 40))


# Reserved for examples (RFC 2606): no invented address can reach a real mailbox.
EXAMPLE_MAIL_DOMAIN = "example.org"


def example_register(listings: Sequence[Listing]) -> list[RegisterRow]:
    """The example centres' register: their ids and names, invented cost centres and addresses."""
    rows = []
    for number, listing in enumerate(listings, start=1):
        ascii_name = unicodedata.normalize("NFKD", listing.centre.casefold()).encode("ascii", "ignore").decode()
        mailbox = ".".join(ascii_name.replace("-", " ").split())
        operator = "Privat" if number % 7 == 0 else "Region"
        rows.append(
            RegisterRow(
                str(listing.centre_id), listing.centre, operator, str(4100 + number), f"{mailbox}@{EXAMPLE_MAIL_DOMAIN}"
            )
        )
    return rows


def write_csv_swedish(
    path: str | os.PathLike[str],
    headings: Sequence[str],
    rows: Iterable[Sequence[object]],
    *,
    encoding: str = "cp1252",
) -> None:
    """Write a CSV the way Swedish Excel saves one: ``;``, CRLF, decimal commas.

    A text that ``encoding`` cannot hold raises UnicodeEncodeError rather than being
    silently replaced.
    """
    if encoding not in CSV_ENCODINGS:
        raise ValueError(f"encoding must be one of {CSV_ENCODINGS}, got {encoding!r}")
    with open(path, "w", encoding=encoding, newline="") as stream:
        writer = csv.writer(stream, delimiter=";", lineterminator="\r\n")
        writer.writerow(headings)
        for row in rows:
            writer.writerow([_csv_text(value) for value in row])


class _SampleWorkbook:
    """One sheet written top to bottom, with the formats the samples share."""

    def __init__(self, path: str | os.PathLike[str], sheet_name: str) -> None:
        self._book = xlsxwriter.Workbook(os.fspath(path), WORKBOOK_OPTIONS)
        self._book.set_properties({"created": CREATED})
        self._sheet = self._book.add_worksheet(sheet_name)
        self._title = self._book.add_format({"bold": True, "font_size": 14})
        self._note = self._book.add_format({"italic": True})
        self._header = self._book.add_format({"bold": True, "bottom": 1})
        self._count = self._book.add_format({"num_format": "#,##0"})
        self._date = self._book.add_format({"num_format": "yyyy-mm-dd"})
        self._total_label = self._book.add_format({"bold": True, "top": 1})
        self._total = self._book.add_format({"bold": True, "top": 1, "num_format": "#,##0"})
        self._row = 0

    def __enter__(self) -> _SampleWorkbook:
        return self

    def __exit__(self, *exc_info: object) -> None:
        self._book.close()

    def write_title_block(self, title: str | None, note: str | None) -> None:
        lines = [(title, self._title), (note, self._note)]
        written = [(text, style) for text, style in lines if text is not None]
        for text, style in written:
            self._sheet.write_string(self._row, 0, text, style)
            self._row += 1
        if written:
            self._row += 1  # the empty row real exports leave above the header

    def write_header(self, headings: Sequence[str]) -> None:
        for column, heading in enumerate(headings):
            self._sheet.write_string(self._row, column, heading, self._header)
        self._row += 1

    def write_row(self, values: Sequence[object]) -> None:
        for column, value in enumerate(values):
            self._write_cell(column, value)
        self._row += 1

    def write_total(self, label: str, column: int, total: int) -> None:
        self._sheet.write_string(self._row, 0, label, self._total_label)
        self._sheet.write_number(self._row, column, total, self._total)
        self._row += 1

    def set_widths(self, widths: Sequence[int]) -> None:
        for column, width in enumerate(widths):
            self._sheet.set_column(column, column, width)

    def _write_cell(self, column: int, value: object) -> None:
        # Typed writes only: a number stored as text must stay text, as in the real files.
        if value is None:
            return
        if isinstance(value, str):
            self._sheet.write_string(self._row, column, value)
        elif isinstance(value, int):
            self._sheet.write_number(self._row, column, value, self._count)
        elif isinstance(value, datetime.date):
            self._sheet.write_datetime(self._row, column, value, self._date)
        else:
            raise TypeError(f"cannot write {value!r} to a sample sheet")


def _require_headings(headings: Sequence[str], count: int) -> None:
    if len(headings) != count:
        raise ValueError(f"expected {count} headings, got {len(headings)}: {headings!r}")


def _kept(values: Sequence, kept: Sequence[bool]) -> list:
    return [value for value, keep in zip(values, kept) if keep]


def _parsed_ints(values: Iterable[int | str]) -> list[int]:
    """The values that read as whole numbers, text with space separators included."""
    parsed = []
    for value in values:
        if isinstance(value, int):
            parsed.append(value)
            continue
        digits = value.replace(NBSP, "").replace(" ", "")
        if digits.isdecimal():
            parsed.append(int(digits))
    return parsed


def _csv_text(value: object) -> str:
    if value is None:
        return ""
    if isinstance(value, float):
        return repr(value).replace(".", ",")
    if isinstance(value, datetime.date):
        return value.isoformat()
    return str(value)


# --- example region ----------------------------------------------------------------

MUNICIPALITIES = (
    "Umeå", "Skellefteå", "Lycksele", "Vilhelmina", "Storuman", "Sorsele", "Malå",
    "Norsjö", "Robertsfors", "Vindeln", "Bjurholm", "Nordmaling", "Vännäs", "Åsele",
    "Dorotea",
)  # fmt: skip

EXAMPLE_COUNTED_ON = datetime.date(2022, 3, 31)
EXAMPLE_ID_PREFIX = "SE2321000222-HC"


class _CentrePlan(NamedTuple):
    """A centre of the example region with its typical size, before random variation."""

    municipality: str
    name: str
    typical_listed: int
    typical_homes: int


# Invented names in the style of the region's real ones; the private centres are the
# "vårdcentral"/"Läkarhuset" ones, and three of them are responsible for no home.
_EXAMPLE_CENTRES = (
    _CentrePlan("Umeå", "Ålidhems hälsocentral", 230, 2),
    _CentrePlan("Umeå", "Mariehems hälsocentral", 1200, 5),
    _CentrePlan("Umeå", "Tegs hälsocentral", 1250, 6),
    _CentrePlan("Umeå", "Ersboda hälsocentral", 1150, 4),
    _CentrePlan("Umeå", "Tomtebo hälsocentral", 150, 1),
    _CentrePlan("Umeå", "Sjöbo hälsocentral", 220, 2),
    _CentrePlan("Umeå", "Holmsunds hälsocentral", 400, 4),
    _CentrePlan("Umeå", "Obbola hälsocentral", 180, 1),
    _CentrePlan("Umeå", "Sävars hälsocentral", 280, 3),
    _CentrePlan("Umeå", "Hörnefors hälsocentral", 300, 3),
    _CentrePlan("Umeå", "Västerslätts hälsocentral", 200, 2),
    _CentrePlan("Umeå", "Backens vårdcentral", 130, 0),
    _CentrePlan("Umeå", "Vårdcentralen Nydala", 160, 1),
    _CentrePlan("Umeå", "Läkarhuset Haga", 100, 0),
    _CentrePlan("Umeå", "Dragonens vårdcentral", 110, 1),
    _CentrePlan("Skellefteå", "Morö Backe hälsocentral", 1230, 5),
    _CentrePlan("Skellefteå", "Norrböle hälsocentral", 1170, 5),
    _CentrePlan("Skellefteå", "Skelleftehamns hälsocentral", 480, 4),
    _CentrePlan("Skellefteå", "Bureå hälsocentral", 350, 3),
    _CentrePlan("Skellefteå", "Byske hälsocentral", 300, 2),
    _CentrePlan("Skellefteå", "Burträsks hälsocentral", 340, 3),
    _CentrePlan("Skellefteå", "Bolidens hälsocentral", 190, 2),
    _CentrePlan("Skellefteå", "Kåge hälsocentral", 260, 2),
    _CentrePlan("Skellefteå", "Vårdcentralen Kanalgatan", 120, 0),
    _CentrePlan("Lycksele", "Lycksele hälsocentral", 1120, 5),
    _CentrePlan("Vilhelmina", "Vilhelmina hälsocentral", 440, 4),
    _CentrePlan("Storuman", "Storumans hälsocentral", 280, 2),
    _CentrePlan("Storuman", "Tärnaby hälsocentral", 90, 1),
    _CentrePlan("Sorsele", "Hälsocentralen Sorsele", 180, 1),
    _CentrePlan("Malå", "Malå hälsocentral", 190, 2),
    _CentrePlan("Norsjö", "Norsjö hälsocentral", 270, 2),
    _CentrePlan("Robertsfors", "Robertsfors hälsocentral", 400, 3),
    _CentrePlan("Vindeln", "Vindelns hälsocentral", 330, 3),
    _CentrePlan("Bjurholm", "Bjurholms hälsocentral", 160, 1),
    _CentrePlan("Nordmaling", "Nordmalings hälsocentral", 430, 3),
    _CentrePlan("Vännäs", "Vännäs hälsocentral", 420, 4),
    _CentrePlan("Åsele", "Åsele hälsocentral", 190, 2),
    _CentrePlan("Dorotea", "Dorotea hälsocentral", 200, 2),
)

_HOME_NAME_STARTS = (
    "Björk", "Tall", "Sol", "Ängs", "Gran", "Furu", "Strand", "Älv", "Sjö", "Rönn",
    "Ek", "Lind", "Asp", "Hägg", "Lönn", "Lärk", "Berg", "Skogs", "Haga", "Norr",
    "Söder", "Öster", "Väster", "Myr", "Ljung", "Vide", "Fjäll", "Bäck",
)  # fmt: skip
_HOME_NAME_ENDS = ("backen", "gården", "gläntan", "lunden", "hemmet", "dalen", "bo")
_HOME_NAME_FORMS = (
    "Äldreboendet {}",
    "Vård- och omsorgsboendet {}",
    "{}s äldreboende",
    "Demensboendet {}",
)

EXAMPLE_PLACES_TOTAL = (2250, 2350)
EXAMPLE_LISTED_TOTAL = (14_800, 15_200)
HOME_PLACES = (8, 60)
# Small group homes, ordinary homes and a few large ones, as in a real region.
_PLACE_SIZE_CLASSES = ((8, 16), (16, 28), (28, 56))
_PLACE_SIZE_WEIGHTS = (35, 45, 20)

# How many rows carry each quirk: enough that a reader's handling of it is exercised.
_TEXT_PLACES_ROWS = 5
_NAME_VARIANT_ROWS_PER_KIND = 3


def example_region(seed: int = 2022) -> tuple[list[Home], list[Listing]]:
    """Invented but realistic inputs for a region like Västerbotten, with real quirks.

    Homes are grouped by municipality and centre. The listing spells every centre
    canonically; the bed-place list sometimes does not (case, spaces, Unicode form).
    """
    rng = Random(seed)
    listed = _typed_listed_counts(_example_listed_counts(rng))
    home_counts = [_varied_home_count(rng, plan.typical_homes) for plan in _EXAMPLE_CENTRES]
    names = _example_home_names(rng, sum(home_counts))
    places = _places_summing_to(rng, len(names), rng.randint(*EXAMPLE_PLACES_TOTAL))
    unused_names = iter(names)
    unused_places = iter(places)
    homes = [
        Home(plan.municipality, name, plan.name, next(unused_places))
        for plan, home_count in zip(_EXAMPLE_CENTRES, home_counts)
        for name in sorted(islice(unused_names, home_count))
    ]
    homes = _with_messy_homes(rng, homes)
    listings = [
        Listing(plan.name, count, f"{EXAMPLE_ID_PREFIX}{number:04d}", EXAMPLE_COUNTED_ON)
        for number, (plan, count) in enumerate(zip(_EXAMPLE_CENTRES, listed), start=1)
    ]
    return homes, listings


def _example_listed_counts(rng: Random) -> list[int]:
    """Each centre near its typical size, scaled so the region lands on a drawn total."""
    target = rng.randint(*EXAMPLE_LISTED_TOTAL)
    weights = [plan.typical_listed * rng.uniform(0.95, 1.05) for plan in _EXAMPLE_CENTRES]
    scale = target / sum(weights)
    counts = [max(1, round(weight * scale)) for weight in weights]
    largest = counts.index(max(counts))
    counts[largest] += target - sum(counts)
    return counts


def _varied_home_count(rng: Random, typical: int) -> int:
    if typical == 0:
        return 0
    return min(6, max(1, typical + rng.choice((-1, 0, 0, 1))))


def _example_home_names(rng: Random, count: int) -> list[str]:
    stems = [start + end for start in _HOME_NAME_STARTS for end in _HOME_NAME_ENDS]
    return [rng.choice(_HOME_NAME_FORMS).format(stem) for stem in rng.sample(stems, count)]


def _places_summing_to(rng: Random, count: int, total: int) -> list[int]:
    """Random place counts within HOME_PLACES, nudged one place at a time to ``total``."""
    low, high = HOME_PLACES
    size_classes = rng.choices(_PLACE_SIZE_CLASSES, _PLACE_SIZE_WEIGHTS, k=count)
    places = [rng.randint(low_size, high_size) for low_size, high_size in size_classes]
    while (gap := total - sum(places)) != 0:
        step = 1 if gap > 0 else -1
        movable = [i for i, value in enumerate(places) if low <= value + step <= high]
        places[rng.choice(movable)] += step
    return places


def _with_messy_homes(rng: Random, homes: list[Home]) -> list[Home]:
    """Some place counts as padded text and some centre names spelled differently."""
    messy = list(homes)
    for index in rng.sample(range(len(messy)), _TEXT_PLACES_ROWS):
        home = messy[index]
        messy[index] = home._replace(places=f" {home.places} ")
    # Only a name with å, ä or ö changes under NFD; the other variants apply to any name.
    decomposable = [i for i, home in enumerate(messy) if _nfd(home.centre) != home.centre]
    variants = (str.lower, str.upper, _doubled_space, _padded, _nfd)
    chosen = rng.sample(decomposable, len(variants) * _NAME_VARIANT_ROWS_PER_KIND)
    for number, index in enumerate(chosen):
        variant = variants[number % len(variants)]
        messy[index] = messy[index]._replace(centre=variant(messy[index].centre))
    return messy


def _doubled_space(name: str) -> str:
    return name.replace(" ", "  ", 1)


def _padded(name: str) -> str:
    return f" {name} "


def _nfd(name: str) -> str:
    return unicodedata.normalize("NFD", name)


def _typed_listed_counts(counts: Sequence[int]) -> list[int | str]:
    """Counts of a thousand or more as text with a thousands separator, as officers type
    them: a normal space and a non-breaking one take turns."""
    separators = cycle((" ", NBSP))
    return [f"{count:,}".replace(",", next(separators)) if count >= 1000 else count for count in counts]


# --- synthetic country -------------------------------------------------------------

# The real regions with their real number of municipalities (290 in all); the
# municipalities themselves get numbered names.
REGIONS = (
    ("Stockholm", 26), ("Uppsala", 8), ("Södermanland", 9), ("Östergötland", 13),
    ("Jönköping", 13), ("Kronoberg", 8), ("Kalmar", 12), ("Gotland", 1),
    ("Blekinge", 5), ("Skåne", 33), ("Halland", 6), ("Västra Götaland", 49),
    ("Värmland", 16), ("Örebro", 12), ("Västmanland", 10), ("Dalarna", 15),
    ("Gävleborg", 10), ("Västernorrland", 7), ("Jämtland Härjedalen", 8),
    ("Västerbotten", 15), ("Norrbotten", 14),
)  # fmt: skip

# Weights for 0..6 homes per centre: mean 2.61 homes, about one centre in ten has none.
_SYNTHETIC_HOME_COUNT_WEIGHTS = (10, 16, 24, 22, 14, 9, 5)
SYNTHETIC_PLACES = (10, 60)
SYNTHETIC_LISTED = (100, 1500)


def synthetic_country(n_centres: int, seed: int = 0) -> tuple[list[Home], list[Listing]]:
    """``n_centres`` clean centres spread round-robin over the country's municipalities.

    Linear in ``n_centres``; every centre name and id is unique. Homes are grouped by
    centre.
    """
    rng = Random(seed)
    municipalities = _synthetic_municipalities()
    home_counts = rng.choices(range(len(_SYNTHETIC_HOME_COUNT_WEIGHTS)), _SYNTHETIC_HOME_COUNT_WEIGHTS, k=n_centres)
    homes = []
    listings = []
    for number, home_count in enumerate(home_counts, start=1):
        region_number, municipality = municipalities[(number - 1) % len(municipalities)]
        centre = f"Hälsocentral {number:06d}"
        for home_number in range(1, home_count + 1):
            home = f"Boende {number:06d}-{home_number}"
            homes.append(Home(municipality, home, centre, rng.randint(*SYNTHETIC_PLACES)))
        centre_id = f"SE2321000{region_number:03d}-HC{number:06d}"
        listings.append(Listing(centre, rng.randint(*SYNTHETIC_LISTED), centre_id))
    return homes, listings


def _synthetic_municipalities() -> list[tuple[int, str]]:
    return [
        (region_number, f"{region} {municipality_number:02d}")
        for region_number, (region, municipality_count) in enumerate(REGIONS, start=1)
        for municipality_number in range(1, municipality_count + 1)
    ]


def two_pool_grant(
    *,
    title: str,
    organisation: str,
    sabo: int,
    hemsjukvard: int,
    categories: Sequence[str],
    listed_file: str,
    language: str = "sv",
    example_data: bool = False,
) -> str:
    """A grant.toml with the two pools of the 2022 decision: per nursing-home place
    ("boendeplatser.xlsx") and per listed patient aged 80+ (``listed_file``)."""

    def toml(value: object) -> str:  # TOML's basic strings and arrays read as JSON does
        return json.dumps(value, ensure_ascii=False)

    return f"""\
[grant]
year = 2022
title = {toml(title)}
organisation = {toml(organisation)}
language = {toml(language)}
example_data = {toml(example_data)}

[decision]
body = "Regionstyrelsen"
reference = "RS 1-2022"
paragraph = "§ 1"

[[pools]]
id = "sabo"
name = "Särskilt boende (SÄBO)"
amount = {sabo}
key = "bed_places"

[[pools]]
id = "hemsjukvard"
name = "Hemsjukvård"
amount = {hemsjukvard}
key = "listed_80_plus"

[follow_up]
deadline = 2023-01-31
categories = {toml(list(categories))}

[inputs]
bed_places = "boendeplatser.xlsx"
listed_80_plus = {toml(listed_file)}
"""
