"""Write the shipped example workspaces under templates/examples/ (byte-identical on every run).

    python scripts/make_examples.py

- vasterbotten-2022: the 2022 regional decision (RS 396-2022, § 70) = the shipped inputs/.
- per-utford-2021: a per-unit-rate example after the 2021 decision (RS 1376-2021): pay per
  performed and registered end-of-life conversation and per medication review, capped.
  Rates, pool amounts and counts are INVENTED (the decision does not state them).
- nationell-2021: Socialstyrelsen's 298 500 000 kr over the 21 regions by inhabitants aged
  80+. The inhabitant figures are INVENTED: derived backwards from the published amounts
  (seed 004), not official population statistics.
- regioner-befolkning-2024: a grant over the 21 regions by population, from a table the grant
  file declares ([[tables]] "befolkning", a count column): no built-in table, no code. The
  populations are rounded to thousands and labelled example data, not official statistics.
"""

from __future__ import annotations

import random
import shutil
import sys
from pathlib import Path

REPOSITORY = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(REPOSITORY))

import xlsxwriter  # noqa: E402

from grantsheet_samples import CREATED, WORKBOOK_OPTIONS, example_region  # noqa: E402

EXAMPLES = REPOSITORY / "templates" / "examples"
NOTE = "Exempeldata – påhittade siffror, inte verkliga uppgifter"

# Seed 004: the government's table (kr per region, 2021), in its order, with county codes.
NATIONAL = [
    ("01", "Region Stockholm", 51_779_856),
    ("03", "Region Uppsala", 9_778_906),
    ("04", "Region Sörmland", 9_489_028),
    ("05", "Region Östergötland", 14_108_773),
    ("06", "Region Jönköpings län", 11_583_778),
    ("07", "Region Kronoberg", 6_548_851),
    ("08", "Region Kalmar län", 9_200_766),
    ("09", "Region Gotland", 2_164_127),
    ("10", "Region Blekinge", 5_911_014),
    ("12", "Region Skåne", 39_583_517),
    ("13", "Region Halland", 10_850_752),
    ("14", "Västra Götalandsregionen", 48_902_060),
    ("17", "Region Värmland", 10_229_588),
    ("18", "Region Örebro län", 9_184_634),
    ("19", "Region Västmanland", 8_965_207),
    ("20", "Region Dalarna", 10_091_371),
    ("21", "Region Gävleborg", 9_802_032),
    ("22", "Region Västernorrland", 8_627_465),
    ("23", "Region Jämtland Härjedalen", 4_317_498),
    ("24", "Region Västerbotten", 8_465_585),
    ("25", "Region Norrbotten", 8_915_192),
]
NATIONAL_TOTAL = 298_500_000
INVENTED_80_PLUS = 560_000  # an invented national total of inhabitants aged 80+


def write_table(path: Path, sheet: str, title: str, headings: list[str], rows: list[list[object]]) -> None:
    book = xlsxwriter.Workbook(str(path), WORKBOOK_OPTIONS)
    book.set_properties({"created": CREATED})
    ws = book.add_worksheet(sheet)
    bold = book.add_format({"bold": True, "font_size": 14})
    header = book.add_format({"bold": True, "bottom": 1})
    ws.write_string(0, 0, title, bold)
    ws.write_string(1, 0, NOTE, book.add_format({"italic": True}))
    for col, heading in enumerate(headings):
        ws.write_string(3, col, heading, header)
        ws.set_column(col, col, 28 if col == 0 else 18)
    for r, row in enumerate(rows, start=4):
        for col, value in enumerate(row):
            if isinstance(value, int):
                ws.write_number(r, col, value)
            else:
                ws.write_string(r, col, str(value))
    book.close()


def regional(folder: Path) -> None:
    for name in ("grant.toml", "boendeplatser.xlsx", "listade-80plus.xlsx", "register.xlsx"):
        shutil.copyfile(REPOSITORY / "inputs" / name, folder / name)


PER_UNIT_GRANT = """\
# Per-unit-rate example after Region Västerbotten's 2021 decision (RS 1376-2021): a quality
# payment per performed and registered end-of-life conversation (brytpunktssamtal) and per
# medication review (läkemedelsgenomgång). The decision names the purpose, not the figures:
# the rates, pool amounts and every count here are INVENTED example data.

[grant]
year = 2021
title = "Statsbidrag för utökad läkarkompetens i äldreomsorgen 2021: kvalitetsersättning"
organisation = "Region Västerbotten"
language = "sv"
example_data = true       # the workbook says that the figures are invented

[decision]
body = "Regionstyrelsen"
reference = "RS 1376-2021"
paragraph = "(exempel)"
payout_date = 2021-06-30

[contact]
name = "Anna Berg, handläggare statsbidrag"
email = "statsbidrag@region.example.org"
phone = "090-785 00 00"

[[pools]]
id = "brytpunkt"
name = "Brytpunktssamtal"
amount = 600000           # the most this pool pays
key = "quality.conversations"
rate = 500                # kr per performed and registered conversation
cap = true                # more conversations than the pool covers: every payout is scaled down

[[pools]]
id = "lakemedel"
name = "Läkemedelsgenomgångar"
amount = 1500000
key = "quality.reviews"
rate = 300                # kr per performed and registered medication review
cap = true

[rounding]
method = "largest_remainder"

[follow_up]
deadline = 2022-01-31
categories = ["Brytpunktssamtal", "Läkemedelsgenomgångar", "Övrigt"]

[inputs]
listed_80_plus = "listade-80plus.xlsx"   # the list of health centres
quality = "registreringar.xlsx"
"""

NATIONAL_GRANT = """\
# The national level: Socialstyrelsen pays 298 500 000 kr (2021) to the 21 regions by each
# region's share of inhabitants aged 80 or over (the government's decision, seed 004).
# The inhabitant figures in regioner.xlsx are INVENTED example data, derived backwards from
# the published amounts; they are not official statistics, so the payouts come close to
# the published table but need not equal it.

[grant]
year = 2021
title = "Statsbidrag för utökad läkarkompetens i äldreomsorgen 2021: fördelning till regionerna"
organisation = "Socialstyrelsen"
language = "sv"
example_data = true

[decision]
body = "Regeringen"
reference = "Uppdrag att betala ut statsbidrag till regionerna"
paragraph = "bilaga"
payout_date = 2021-06-30

[contact]
name = "Enheten för statsbidrag (exempel)"
email = "statsbidrag@socialstyrelsen.example.org"
phone = "075-247 30 00"

[[pools]]
id = "regioner"
name = "Utökad läkarkompetens i äldreomsorgen"
amount = 298500000
key = "regions"           # inhabitants aged 80+ per region

[rounding]
method = "largest_remainder"

[follow_up]
deadline = 2022-10-31
categories = ["Läkarmedverkan i särskilt boende", "Läkarmedverkan i hemsjukvården", "Övrigt"]

[inputs]
regions = "regioner.xlsx"
"""


def per_unit(folder: Path) -> None:
    (folder / "grant.toml").write_text(PER_UNIT_GRANT, encoding="utf-8")
    shutil.copyfile(REPOSITORY / "inputs" / "listade-80plus.xlsx", folder / "listade-80plus.xlsx")
    _, listings = example_region()
    rng = random.Random(2021)
    rows = []
    for listing in listings:
        listed = int(str(listing.listed_80_plus).replace(" ", "").replace("\u00a0", ""))
        rows.append(
            [
                listing.centre,
                max(0, round(listed * rng.uniform(0.05, 0.12))),
                max(0, round(listed * rng.uniform(0.10, 0.25))),
            ]
        )
    write_table(
        folder / "registreringar.xlsx",
        "Registreringar",
        "Utförda och registrerade brytpunktssamtal och läkemedelsgenomgångar 2021",
        ["Hälsocentral", "Brytpunktssamtal", "Läkemedelsgenomgångar"],
        rows,
    )


def national(folder: Path) -> None:
    (folder / "grant.toml").write_text(NATIONAL_GRANT, encoding="utf-8")
    rows = [[name, code, round(amount * INVENTED_80_PLUS / NATIONAL_TOTAL)] for code, name, amount in NATIONAL]
    write_table(
        folder / "regioner.xlsx",
        "Regioner",
        "Invånare 80 år och äldre per region (påhittade)",
        ["Region", "Regionkod", "Invånare 80+"],
        rows,
    )


# Population per region, rounded to thousands (example data, close to the end of 2023).
POPULATION = {
    "01": 2_455_000,
    "03": 405_000,
    "04": 302_000,
    "05": 470_000,
    "06": 369_000,
    "07": 204_000,
    "08": 246_000,
    "09": 61_000,
    "10": 156_000,
    "12": 1_415_000,
    "13": 342_000,
    "14": 1_752_000,
    "17": 283_000,
    "18": 307_000,
    "19": 279_000,
    "20": 288_000,
    "21": 288_000,
    "22": 244_000,
    "23": 132_000,
    "24": 275_000,
    "25": 248_000,
}
POPULATION_GRANT = """\
# A grant over the 21 regions by population, from a table of the officer's own: the grant file
# declares it ([[tables]] below), names who is paid ([recipients]) and keys the pool on the
# declared column. The populations in befolkning.xlsx are rounded to thousands and are EXAMPLE
# data, not official statistics.

[grant]
year = 2024
title = "Exempel: stöd till regionerna efter folkmängd 2024"
organisation = "Exempelmyndigheten"
language = "sv"
example_data = true
currency = "SEK"

[decision]
body = "Exempelmyndigheten"
reference = "Dnr 1.2-345/2024"
paragraph = "bilaga 1"

[recipients]
noun = "region"
plural = "regioner"
table = "befolkning"

[[tables]]
id = "befolkning"
file = "befolkning.xlsx"
recipient = "Region"
columns = [
  { id = "invanare", heading = ["Folkmängd", "Antal invånare"], kind = "count", unit = "invånare" },
]

[[pools]]
id = "stod"
name = "Stöd efter folkmängd"
amount = 100000000
key = "befolkning.invanare"

[follow_up]
deadline = 2025-03-31
categories = [{ id = "insatser", name = "Insatser enligt beslutet" }, "Övrigt"]
"""


def population(folder: Path) -> None:
    (folder / "grant.toml").write_text(POPULATION_GRANT, encoding="utf-8")
    rows = [[name, code, POPULATION[code]] for code, name, _ in NATIONAL]
    write_table(
        folder / "befolkning.xlsx",
        "Befolkning",
        "Folkmängd per region, avrundad till tusental",
        ["Region", "id", "Folkmängd"],
        rows,
    )


def main() -> None:
    examples = (
        ("vasterbotten-2022", regional),
        ("per-utford-2021", per_unit),
        ("nationell-2021", national),
        ("regioner-befolkning-2024", population),
    )
    for name, make in examples:
        folder = EXAMPLES / name
        folder.mkdir(parents=True, exist_ok=True)
        make(folder)
        print(f"wrote {folder}")


if __name__ == "__main__":
    main()
