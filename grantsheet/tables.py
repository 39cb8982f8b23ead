"""The input tables: one declaration for every table grantsheet reads.

A table is a ``TableSpec``: which column names the recipient (and optionally its id),
which columns hold counts, decimals, texts or dates, the headings officers use for them,
and the words the workbook, the letters and the messages use (in Swedish and English).
The built-in tables (bed places, listed 80+, quality registrations, regions, the register)
are presets of that declaration; a table of the officer's own is declared in the grant
file (``[[tables]]``, ``declared``) and goes through the same reader, validator and writer.

Headings are matched after ``normalize_heading``; each column lists the usual wordings of
its heading.
"""

from __future__ import annotations

import re
import unicodedata
from typing import NamedTuple

from grantsheet import texts

TEXT = "text"
COUNT = "count"
DECIMAL = "decimal"  # up to MAX_DECIMALS decimals, held exactly as a fractions.Fraction
DATE = "date"
NUMERIC = (COUNT, DECIMAL)  # the kinds a pool's key may sum
KINDS_DECLARED = (COUNT, DECIMAL, TEXT)  # what a [[tables]] column may hold
MAX_DECIMALS = 6

Words = tuple[str, str]  # a text in Swedish and in English
NO_WORDS: Words = ("", "")


def same(text: str) -> Words:
    """A word the officer wrote in the grant file: shown as written in either language."""
    return (text, text)


def word(words: Words, lang: str) -> str:
    return words[1 if lang == "en" else 0]


class KeyWords(NamedTuple):
    """What a pool keyed on a column calls its key, and the key's unit (plural and singular)."""

    name: Words
    unit: Words
    one: Words


class Column(NamedTuple):
    field: str
    kind: str  # TEXT, COUNT, DECIMAL or DATE
    headings: tuple[str, ...]  # normalized: what the reader accepts
    required: bool = True
    # Longest text accepted. A centre's name and id travel into file names, print headers
    # (Excel: 255 characters in all) and document properties (255): bounded well below.
    max_length: int = 150
    label: Words = NO_WORDS  # the column's heading in the workbook's input sheet
    key: KeyWords | None = None  # a COUNT or DECIMAL column a pool may name as its key


class TableSpec(NamedTuple):
    name: str
    sheet_names: tuple[str, ...]
    columns: tuple[Column, ...]
    key_field: str  # the column whose per-recipient sum is a pool's key by default
    # The table that lists every recipient once (the others refer to its recipients);
    # set per grant (``with_recipients``): a preset's value is only its usual role.
    defines_centres: bool = False
    # Fields that together name one row's thing (a home); the same thing twice is refused.
    identity: tuple[str, ...] = ()
    # Further COUNT columns a pool may name as its key ("table.field" in grant.toml).
    other_keys: tuple[str, ...] = ()
    # The optional COUNT column of months (0-12) a row's count held: weight = "months".
    months_field: str | None = None
    label: Words = NO_WORDS  # the table in a sheet name: "Indata {label}"
    title: Words = NO_WORDS  # the input sheet's title
    noun: Words = NO_WORDS  # one recipient, when this table lists them
    plural: Words = NO_WORDS
    months_label: Words = NO_WORDS  # the weighted column's heading (weight = "months": count × months)
    declared: bool = False  # from the grant file's [[tables]]: sealed whole, not by name
    # Put before the id made from a recipient's name when the table has no id column: "HC-" for
    # the health centres' presets, whose ids were always so (registers and filed forms hold
    # them); none for any other recipient ("ALABAMA", not "HC-ALABAMA").
    id_prefix: str = ""

    @property
    def key_fields(self) -> tuple[str, ...]:
        return (self.key_field,) + self.other_keys

    def column(self, field: str) -> Column:
        return next(c for c in self.columns if c.field == field)

    @property
    def has_centre_id(self) -> bool:
        return any(c.field == "centre_id" for c in self.columns)

    def key_words(self, field: str = "") -> KeyWords:
        """The words of the key a pool sums from ``field`` (the default key when empty)."""
        words = self.column(field or self.key_field).key
        assert words is not None, f"{self.name}.{field} is no key column"
        return words

    def with_recipients(self, defines: bool) -> TableSpec:
        return self if defines == self.defines_centres else self._replace(defines_centres=defines)


def sheet_name(spec: TableSpec, lang: str) -> str:
    """The name of the master's input sheet of ``spec``: "Indata boendeplatser"."""
    return texts.text("sheet_input", lang, table=word(spec.label, lang))


def sheet_names(spec: TableSpec) -> set[str]:
    """Every name the input sheet of ``spec`` may have (either language), for a reader."""
    return {sheet_name(spec, lang) for lang in ("sv", "en")}


def frozen_form() -> dict[str, Words]:
    """The built-in tables' read-back words under the text keys versions before 0.2 wrote them
    by ("sheet_input_bed_places", "col_bed_places_places", "key_bed_places"): what
    grantsheet/frozen_labels.py freezes and ``texts.earlier_wording`` compares, so a preset's
    words reworded here still verify and read the files written before."""
    found: dict[str, Words] = {}
    for name, spec in TABLES.items():
        found[f"sheet_input_{name}"] = (sheet_name(spec, "sv"), sheet_name(spec, "en"))
        for column in spec.columns:
            if any(column.label):
                found[f"col_{name}_{column.field}"] = column.label
            if column.key is not None:
                suffix = name if column.field == spec.key_field else f"{name}_{column.field}"
                found[f"key_{suffix}"] = column.key.name
        if spec.months_field:
            found[f"col_{name}_place_months"] = spec.months_label
    return found


def read_back(spec: TableSpec, words: Words, frozen_key: str) -> set[str]:
    """Every way a file may show ``words`` of ``spec``: today's, and for a built-in table also the
    words released versions wrote under their per-table text key (``frozen_key``, e.g.
    "col_bed_places_places"), which ``texts.all_labels`` keeps (grantsheet/frozen_labels.py)."""
    found = set(words)
    if not spec.declared:
        found |= texts.all_labels(frozen_key)
    return found


def column_labels(spec: TableSpec, field: str) -> set[str]:
    """The input sheet heading of ``field`` as any version wrote it."""
    return read_back(spec, spec.column(field).label, f"col_{spec.name}_{field}")


def key_labels(spec: TableSpec, field: str) -> set[str]:
    """The parameters sheet's word for a key on ``field`` as any version wrote it."""
    suffix = spec.name if field == spec.key_field else f"{spec.name}_{field}"
    return read_back(spec, spec.key_words(field).name, f"key_{suffix}")


def sheet_labels(spec: TableSpec) -> set[str]:
    """The name of the input sheet of ``spec`` as any version wrote it."""
    return sheet_names(spec) | (texts.all_labels(f"sheet_input_{spec.name}") if not spec.declared else set())


# A pool whose key is "equal" (one share to every eligible recipient) counts shares.
EQUAL_WORDS = KeyWords(
    ("Lika delar: en andel var", "Equal shares: one share each"), ("andelar", "shares"), ("andel", "share")
)


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
    label=("Hälsocentral (som i indata)", "Health centre (as in input)"),
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
_CENTRES: Words = ("hälsocentral", "health centre")
HEALTH_CENTRE_ID_PREFIX = "HC-"
_CENTRES_PLURAL: Words = ("hälsocentraler", "health centres")

BED_PLACES = TableSpec(
    name="bed_places",
    sheet_names=("boendeplatser", "särskilt boende", "säbo", "platser", "bed places"),
    columns=(
        Column("municipality", TEXT, ("kommun", "municipality"), required=False, label=("Kommun", "Municipality")),
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
            label=("Särskilt boende", "Nursing home"),
        ),
        _CENTRE._replace(label=("Ansvarig hälsocentral (som i indata)", "Responsible centre (as in input)")),
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
            label=("Antal platser (platser)", "Places (places)"),
            key=KeyWords(
                (
                    "Boendeplatser i särskilt boende som hälsocentralens läkare ansvarar för",
                    "Nursing-home bed places the centre's doctors are responsible for",
                ),
                ("platser", "places"),
                ("plats", "place"),
            ),
        ),
        # Months of the year the centre held the responsibility (a home that changed centre on
        # 1 July: two rows of 6). Empty = the whole year. Used by pools with weight = "months".
        Column(
            "months",
            COUNT,
            ("månader", "antal månader", "ansvar månader", "months"),
            required=False,
            label=("Månader med ansvaret (tomt = 12)", "Months responsible (empty = 12)"),
        ),
    ),
    key_field="places",
    identity=("municipality", "home"),
    months_field="months",
    label=("boendeplatser", "bed places"),
    title=("Indata: boendeplatser per särskilt boende", "Input: bed places per nursing home"),
    noun=_CENTRES,
    plural=_CENTRES_PLURAL,
    id_prefix=HEALTH_CENTRE_ID_PREFIX,
    months_label=("Platsmånader (platser × månader)", "Place-months (places × months)"),
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
            label=("Listade 80+ (personer)", "Listed 80+ (persons)"),
            key=KeyWords(
                ("Listade patienter 80 år och äldre", "Listed patients aged 80 or over"),
                ("personer", "persons"),
                ("person", "person"),
            ),
        ),
        Column(
            "counted_on",
            DATE,
            ("datum", "uttagsdatum", "per datum", "date", "counted on"),
            required=False,
            label=("Datum för uttag", "Counted on"),
        ),
    ),
    key_field="listed",
    defines_centres=True,
    label=("listade 80+", "listed 80+"),
    title=("Indata: listade 80+ per hälsocentral", "Input: listed patients 80+ per centre"),
    noun=_CENTRES,
    plural=_CENTRES_PLURAL,
    id_prefix=HEALTH_CENTRE_ID_PREFIX,
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
            label=("Brytpunktssamtal (samtal)", "End-of-life conversations (conversations)"),
            key=KeyWords(
                ("Utförda och registrerade brytpunktssamtal", "Performed and registered end-of-life conversations"),
                ("samtal", "conversations"),
                ("samtal", "conversation"),
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
            label=("Läkemedelsgenomgångar (genomgångar)", "Medication reviews (reviews)"),
            key=KeyWords(
                ("Utförda och registrerade läkemedelsgenomgångar", "Performed and registered medication reviews"),
                ("genomgångar", "reviews"),
                ("genomgång", "review"),
            ),
        ),
    ),
    key_field="conversations",
    other_keys=("reviews",),
    label=("registreringar", "registrations"),
    title=(
        "Indata: utförda och registrerade samtal och genomgångar per hälsocentral",
        "Input: performed and registered conversations and reviews per centre",
    ),
    noun=_CENTRES,
    plural=_CENTRES_PLURAL,
    id_prefix=HEALTH_CENTRE_ID_PREFIX,
)

# The national level: Socialstyrelsen splits the grant over the 21 regions by their
# inhabitants aged 80+. The regions are the recipients (the table defines them).
REGIONS = TableSpec(
    name="regions",
    sheet_names=("regioner", "regions"),
    columns=(
        Column(
            "centre",
            TEXT,
            ("region", "regionens namn", "region name"),
            max_length=100,
            label=("Region (som i indata)", "Region (as in input)"),
        ),
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
            label=("Invånare 80+ (invånare)", "Inhabitants 80+ (inhabitants)"),
            key=KeyWords(
                ("Invånare 80 år och äldre i regionen", "Inhabitants of the region aged 80 or over"),
                ("invånare", "inhabitants"),
                ("invånare", "inhabitant"),
            ),
        ),
    ),
    key_field="inhabitants",
    defines_centres=True,
    label=("regioner", "regions"),
    title=("Indata: invånare 80 år och äldre per region", "Input: inhabitants aged 80+ per region"),
    noun=("region", "region"),
    plural=("regioner", "regions"),
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
    label=("register", "register"),
)
ALIAS_SEPARATORS = ";|\n"


class Declared(NamedTuple):
    """One column of a ``[[tables]]`` declaration, as the grant file wrote it."""

    id: str
    headings: tuple[str, ...]  # as written; the first is shown
    kind: str
    unit: str = ""


def declared(table_id: str, recipient: str, columns: tuple[Declared, ...], defines: bool = False) -> TableSpec:
    """The spec of a table the grant file declares: its words are its own headings and units."""

    def both(key: str, **params: str) -> Words:
        return (texts.text(key, "sv", **params), texts.text(key, "en", **params))

    specs = [
        Column(
            "centre",
            TEXT,
            (normalize_heading(recipient),),
            max_length=100,
            label=both("col_as_read", heading=recipient),
        ),
        Column("centre_id", TEXT, ("id",), required=False, max_length=64),
    ]
    for column in columns:
        shown = column.headings[0]
        key = None
        if column.kind in NUMERIC:
            unit = same(column.unit) if column.unit else both("unit_declared")
            one = same(column.unit) if column.unit else both("unit1_declared")
            key = KeyWords(same(shown), unit, one)
        specs.append(
            Column(
                column.id,
                column.kind,
                tuple(dict.fromkeys(normalize_heading(h) for h in column.headings)),
                label=both("col_with_unit", heading=shown, unit=column.unit) if column.unit else same(shown),
                key=key,
            )
        )
    numeric = [c.id for c in columns if c.kind in NUMERIC]
    return TableSpec(
        name=table_id,
        sheet_names=(normalize_heading(table_id),),
        columns=tuple(specs),
        key_field=numeric[0] if numeric else "",
        defines_centres=defines,
        other_keys=tuple(numeric[1:]),
        label=same(table_id),
        title=both("input_title_declared", table=table_id),
        declared=True,  # no noun: the grant file's [recipients] words, else texts' default
    )
