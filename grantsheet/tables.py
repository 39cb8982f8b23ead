"""The input tables grantsheet knows: their columns and the headings officers use.

Headings are matched after ``normalize_heading``; each column lists the usual
Swedish wordings (and English ones) of its heading.
"""

from __future__ import annotations

import re
import unicodedata
from typing import NamedTuple

TEXT = "text"
COUNT = "count"
DATE = "date"


class Column(NamedTuple):
    field: str
    kind: str  # TEXT, COUNT or DATE
    headings: tuple[str, ...]
    required: bool = True
    # Longest text accepted. A centre's name and id travel into file names, print headers
    # (Excel: 255 characters in all) and document properties (255): bounded well below.
    max_length: int = 150


class TableSpec(NamedTuple):
    name: str
    sheet_names: tuple[str, ...]
    columns: tuple[Column, ...]
    key_field: str  # the COUNT column whose per-centre sum is a pool's key
    # The table that lists every centre once (the others refer to its centres).
    defines_centres: bool = False
    # Fields that together name one row's thing (a home); the same thing twice is refused.
    identity: tuple[str, ...] = ()
    # Further COUNT columns a pool may name as its key ("table.field" in grant.toml).
    other_keys: tuple[str, ...] = ()
    # The optional COUNT column of months (0-12) a row's count held: weight = "months".
    months_field: str | None = None
    # Who the rows of a table that defines centres are: "centre" or "region" (labels only).
    recipient: str = "centre"

    @property
    def key_fields(self) -> tuple[str, ...]:
        return (self.key_field,) + self.other_keys

    def column(self, field: str) -> Column:
        return next(c for c in self.columns if c.field == field)

    @property
    def has_centre_id(self) -> bool:
        return any(c.field == "centre_id" for c in self.columns)


def strip_invisible(text: str) -> str:
    """``text`` without control and format characters (zero-width space, BOM, soft hyphen ...),
    which make two names that look alike differ."""
    if text.isprintable():  # the common case, at C speed: nothing to strip
        return text
    return "".join(char for char in text if char in "\t\n\r" or unicodedata.category(char) not in ("Cc", "Cf"))


def normalize_heading(value: object) -> str:
    """Lower-case, NFKC, no invisible characters, one space between words, no trailing colon or full stop."""
    text = strip_invisible(unicodedata.normalize("NFKC", str(value))).casefold()
    text = re.sub(r"\s+", " ", text).strip()
    return text.rstrip(":. ")


_CENTRE = Column(
    "centre",
    TEXT,
    (
        "hälsocentral",
        "ansvarig hälsocentral",
        "hälsocentralens namn",
        "hc",
        "ansvarig hc",
        "vårdcentral",
        "ansvarig vårdcentral",
        "vårdenhet",
        "ansvarig vårdenhet",
        "health centre",
        "responsible health centre",
    ),
    max_length=100,
)
_CENTRE_ID = Column(
    "centre_id",
    TEXT,
    (
        "hsa-id",
        "hsaid",
        "hsa id",
        "id",
        "hälsocentral-id",
        "kostnadsställe",
        "kst",
        "centre id",
    ),
    required=False,
    max_length=64,
)

BED_PLACES = TableSpec(
    name="bed_places",
    sheet_names=("boendeplatser", "särskilt boende", "säbo", "platser", "bed places"),
    columns=(
        Column("municipality", TEXT, ("kommun", "municipality"), required=False),
        Column(
            "home",
            TEXT,
            (
                "särskilt boende",
                "boende",
                "boendets namn",
                "äldreboende",
                "säbo",
                "enhet",
                "nursing home",
                "home",
            ),
        ),
        _CENTRE,
        _CENTRE_ID,
        Column(
            "places",
            COUNT,
            (
                "antal platser",
                "platser",
                "boendeplatser",
                "antal boendeplatser",
                "antal lägenheter",
                "places",
                "bed places",
            ),
        ),
        # Months of the year the centre held the responsibility (a home that changed centre on
        # 1 July: two rows of 6). Empty = the whole year. Used by pools with weight = "months".
        Column("months", COUNT, ("månader", "antal månader", "ansvar månader", "months"), required=False),
    ),
    key_field="places",
    identity=("municipality", "home"),
    months_field="months",
)

LISTED_80_PLUS = TableSpec(
    name="listed_80_plus",
    sheet_names=("listade 80+", "listade", "listning", "listed 80+"),
    columns=(
        _CENTRE,
        _CENTRE_ID,
        Column(
            "listed",
            COUNT,
            (
                "antal listade 80+",
                "listade 80+",
                "listade 80 +",
                "antal listade 80 år och äldre",
                "listade 80 år och äldre",
                "antal listade över 80 år",
                "listade över 80 år",
                "antal listade 80+ år",
                "listade 80+ år",
                "80+",
                "listed 80+",
                "listed patients 80+",
            ),
        ),
        Column("counted_on", DATE, ("datum", "uttagsdatum", "per datum", "date", "counted on"), required=False),
    ),
    key_field="listed",
    defines_centres=True,
)

# Quality registrations per centre (the 2021 decision paid per performed and registered
# end-of-life conversation and per medication review): a pool names one column as its key.
QUALITY = TableSpec(
    name="quality",
    sheet_names=("kvalitetsregistreringar", "registreringar", "kvalitet", "quality registrations"),
    columns=(
        _CENTRE,
        _CENTRE_ID,
        Column(
            "conversations",
            COUNT,
            (
                "brytpunktssamtal",
                "antal brytpunktssamtal",
                "utförda och registrerade brytpunktssamtal",
                "end-of-life conversations",
            ),
        ),
        Column(
            "reviews",
            COUNT,
            (
                "läkemedelsgenomgångar",
                "antal läkemedelsgenomgångar",
                "utförda och registrerade läkemedelsgenomgångar",
                "medication reviews",
            ),
        ),
    ),
    key_field="conversations",
    other_keys=("reviews",),
)

# The national level: Socialstyrelsen splits the grant over the 21 regions by their
# inhabitants aged 80+. The regions are the recipients (the table defines them).
REGIONS = TableSpec(
    name="regions",
    sheet_names=("regioner", "regions"),
    columns=(
        Column("centre", TEXT, ("region", "regionens namn", "region name"), max_length=100),
        Column("centre_id", TEXT, ("regionkod", "länskod", "region code", "id"), required=False, max_length=64),
        Column(
            "inhabitants",
            COUNT,
            (
                "invånare 80+",
                "antal invånare 80+",
                "invånare 80 år och äldre",
                "antal invånare 80 år och äldre",
                "personer 80+",
                "inhabitants 80+",
                "inhabitants aged 80+",
            ),
        ),
    ),
    key_field="inhabitants",
    defines_centres=True,
    recipient="region",
)

TABLES: dict[str, TableSpec] = {spec.name: spec for spec in (BED_PLACES, LISTED_80_PLUS, QUALITY, REGIONS)}
# The table that lists the recipients when no pool's key names one that does.
DEFAULT_CENTRES_TABLE = "listed_80_plus"

# The optional register of centres: it settles ids and spellings, and is no pool's key
# (so it is not in TABLES). Named in grant.toml as [inputs] register = "...".
REGISTER = TableSpec(
    name="register",
    sheet_names=("register", "hälsocentraler", "vårdcentraler", "enheter", "centres", "health centres"),
    columns=(
        Column("centre_id", TEXT, _CENTRE_ID.headings, max_length=_CENTRE_ID.max_length),
        Column(
            "centre",
            TEXT,
            ("officiellt namn", "namn", "benämning") + _CENTRE.headings + ("official name", "name"),
            max_length=_CENTRE.max_length,
        ),
        Column(
            "aliases",
            TEXT,
            (
                "alias",
                "andra stavningar",
                "andra namn",
                "övriga namn",
                "även kallad",
                "aliases",
                "other spellings",
                "other names",
            ),
            required=False,
            max_length=2000,
        ),
        Column(
            "operator", TEXT, ("driftform", "regi", "huvudman", "utförare", "operator"), required=False, max_length=60
        ),
        # The ledger's cost-centre object (SIE #OBJEKT) the centre's payout is booked on.
        Column(
            "cost_centre",
            TEXT,
            ("kostnadsställe", "kostnadsställe nr", "ansvar", "kst", "cost centre", "cost center"),
            required=False,
            max_length=40,
        ),
        # Where the centre's payout letter and reminders are mailed (grantsheet mail).
        Column("email", TEXT, ("e-post", "epost", "e-postadress", "mejl", "e-mail", "email"), required=False),
    ),
    key_field="",
)
ALIAS_SEPARATORS = ";|\n"
