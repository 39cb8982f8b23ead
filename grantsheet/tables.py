"""The input tables grantsheet knows: their columns and the headings officers use.

Headings are matched after ``normalize_heading``; each column lists the usual
Swedish wordings (and English ones) of its heading.
"""

from __future__ import annotations

import re
import unicodedata
from dataclasses import dataclass

TEXT = "text"
COUNT = "count"
DATE = "date"


@dataclass(frozen=True)
class Column:
    field: str
    kind: str  # TEXT, COUNT or DATE
    headings: tuple[str, ...]
    required: bool = True
    # Longest text accepted. A centre's name and id travel into file names, print headers
    # (Excel: 255 characters in all) and document properties (255): bounded well below.
    max_length: int = 150


@dataclass(frozen=True)
class TableSpec:
    name: str
    sheet_names: tuple[str, ...]
    columns: tuple[Column, ...]
    key_field: str  # the COUNT column whose per-centre sum is a pool's key
    # The table that lists every centre once (the others refer to its centres).
    defines_centres: bool = False
    # Fields that together name one row's thing (a home); the same thing twice is refused.
    identity: tuple[str, ...] = ()

    def column(self, field: str) -> Column:
        return next(c for c in self.columns if c.field == field)

    @property
    def has_centre_id(self) -> bool:
        return any(c.field == "centre_id" for c in self.columns)


def strip_invisible(text: str) -> str:
    """``text`` without control and format characters (zero-width space, BOM, soft hyphen ...),
    which make two names that look alike differ."""
    return "".join(char for char in text
                   if char in "\t\n\r" or unicodedata.category(char) not in ("Cc", "Cf"))


def normalize_heading(value: object) -> str:
    """Lower-case, NFKC, no invisible characters, one space between words, no trailing colon or full stop."""
    text = strip_invisible(unicodedata.normalize("NFKC", str(value))).casefold()
    text = re.sub(r"\s+", " ", text).strip()
    return text.rstrip(":. ")


_CENTRE = Column("centre", TEXT, (
    "hälsocentral", "ansvarig hälsocentral", "hälsocentralens namn", "hc", "ansvarig hc",
    "vårdcentral", "ansvarig vårdcentral", "vårdenhet", "ansvarig vårdenhet",
    "health centre", "responsible health centre",
), max_length=100)
_CENTRE_ID = Column("centre_id", TEXT, (
    "hsa-id", "hsaid", "hsa id", "id", "hälsocentral-id", "kostnadsställe", "kst", "centre id",
), required=False, max_length=64)

BED_PLACES = TableSpec(
    name="bed_places",
    sheet_names=("boendeplatser", "särskilt boende", "säbo", "platser", "bed places"),
    columns=(
        Column("municipality", TEXT, ("kommun", "municipality"), required=False),
        Column("home", TEXT, (
            "särskilt boende", "boende", "boendets namn", "äldreboende", "säbo", "enhet",
            "nursing home", "home",
        )),
        _CENTRE,
        _CENTRE_ID,
        Column("places", COUNT, (
            "antal platser", "platser", "boendeplatser", "antal boendeplatser", "antal lägenheter",
            "places", "bed places",
        )),
    ),
    key_field="places",
    identity=("municipality", "home"),
)

LISTED_80_PLUS = TableSpec(
    name="listed_80_plus",
    sheet_names=("listade 80+", "listade", "listning", "listed 80+"),
    columns=(
        _CENTRE,
        _CENTRE_ID,
        Column("listed", COUNT, (
            "antal listade 80+", "listade 80+", "listade 80 +", "antal listade 80 år och äldre",
            "listade 80 år och äldre", "antal listade över 80 år", "listade över 80 år",
            "antal listade 80+ år", "listade 80+ år", "80+", "listed 80+", "listed patients 80+",
        )),
        Column("counted_on", DATE, ("datum", "uttagsdatum", "per datum", "date", "counted on"),
               required=False),
    ),
    key_field="listed",
    defines_centres=True,
)

TABLES: dict[str, TableSpec] = {spec.name: spec for spec in (BED_PLACES, LISTED_80_PLUS)}

# The optional register of centres: it settles ids and spellings, and is no pool's key
# (so it is not in TABLES). Named in grant.toml as [inputs] register = "...".
REGISTER = TableSpec(
    name="register",
    sheet_names=("register", "hälsocentraler", "vårdcentraler", "enheter", "centres", "health centres"),
    columns=(
        Column("centre_id", TEXT, _CENTRE_ID.headings, max_length=_CENTRE_ID.max_length),
        Column("centre", TEXT, ("officiellt namn", "namn", "benämning") + _CENTRE.headings
               + ("official name", "name"), max_length=_CENTRE.max_length),
        Column("aliases", TEXT, ("alias", "andra stavningar", "andra namn", "övriga namn", "även kallad",
                                 "aliases", "other spellings", "other names"), required=False, max_length=2000),
        Column("operator", TEXT, ("driftform", "regi", "huvudman", "utförare", "operator"), required=False,
               max_length=60),
    ),
    key_field="",
)
ALIAS_SEPARATORS = ";|\n"
