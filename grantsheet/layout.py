"""What a grantsheet workbook means: the one place writers and readers agree on.

The writers (``write``, ``centre_files``) put things where this module says; the readers
(the rebuild in ``cycle``, ``collect``, ``verify``, ``rederive``, ``changes``) look for
them here, and never import a writer. A reader that depended on a writer's internals
would break silently the day the writer is reorganised; one contract module makes the
agreement visible and testable (``tests/test_layout.py``).

It holds: document property names, sheet roles (``texts`` keys, never display names),
the rows and columns of the table sheets and of a centre's file, the follow-up field ids,
and the formula builders both the centre-file writer and ``verify`` use.
"""

from __future__ import annotations

import datetime as dt
import hashlib
import json
import re
import unicodedata
from collections.abc import Callable, Sequence
from typing import NamedTuple

from xlsxwriter.utility import quote_sheetname, xl_range_abs, xl_rowcol_to_cell

from grantsheet import texts

# -- document properties (docProps/custom.xml) ----------------------------------------------

KIND_PROPERTY = "grantsheet_kind"  # "master" or "centre"
CENTRE_ID_PROPERTY = "grantsheet_centre_id"
SEAL_PROPERTY = "grantsheet_seal"  # a centre file's basis hash, or the hash of a master's seal sheet
# A master's seal signed (grantsheet.signing): the public key (base64) and its signature over the seal's hash.
SIGNER_PROPERTY = "grantsheet_signer"
SIGNATURE_PROPERTY = "grantsheet_signature"
SEAL_SHEET = "grantsheet_seal"  # the master's very hidden sheet holding its seal (grantsheet.seal)
YEAR_PROPERTY = "grantsheet_year"
BASE_PROPERTY = "grantsheet_base"  # the id of the recorded base the file was written with (grantsheet.base)
GRANT_PROPERTY = "grantsheet_grant"  # the grant decision a workbook belongs to (grantsheet.identity)
FORM_PROPERTY = "grantsheet_form"  # a centre's form: its grant, year and centre id sealed together
# A centre file's presentation as its build laid it out (format 4, #26.6; grantsheet.seal.Presentation):
# JSON in pieces of at most VIEW_PIECE characters, the properties grantsheet_view_1, _2, ... (Excel
# keeps a custom property's text up to 255 characters).
VIEW_PROPERTY = "grantsheet_view"
VIEW_PIECE = 255
# A master's pools' rounding rules by id (grant.ROUNDING_METHODS), comma-separated in the order of
# the parameters sheet's rows (master format 7): the sheet names them in the grant's words.
ROUNDING_PROPERTY = "grantsheet_rounding"
# The language a centre's file was written in ("sv", "en"; centre file format 6): verify of a
# recipient's file returned alone speaks it (a master's seal holds its own).
LANG_PROPERTY = "grantsheet_lang"
FORMAT_PROPERTY = "grantsheet_format"  # the file's format number (grantsheet.fileformat); absent: format 1
VERSION_PROPERTY = "grantsheet_version"  # the version of grantsheet that wrote the file
MASTER, CENTRE, SUMMARY = "master", "centre", "summary"  # values of KIND_PROPERTY

# -- sheet roles: each is a ``texts`` key; a reader matches a sheet's name in either language ---

OVERVIEW = "sheet_overview"
PARAMETERS = "sheet_parameters"
CALCULATION = "sheet_calculation"
PAYOUT = "sheet_payout"
FOLLOW_UP = "sheet_follow_up"
CHECKS = "sheet_checks"
METHOD = "sheet_method"
NOT_CARRIED = "sheet_not_carried"

# -- folders of the outputs: one name per role whatever the language (#23.6) ------------------
# The names are the file format, as field ids are: a build in English writes the same folders a
# Swedish one does, so switching language leaves no second set. The recipients' files are in
# "mottagare" whoever the recipients are (health centres, regions, states: master and centre
# file format 5), not in a folder named after one kind of them. Readers also accept every name a
# folder of that role had before, in either language: its read-back label ``dir_<role>``, which
# ``texts.all_labels`` gives for every released version and kind of recipient (hälsocentraler/,
# regioner/, centres/); the next build retires an old-named folder's files into the archive.

FOLDERS = {
    "centres": "mottagare",
    "archive": "arkiv",
    "mail": "e-post",
    "reminders": "påminnelser",
    "returns": "returer",
}


def folder(role: str) -> str:
    """The folder name of ``role`` ("centres", "archive", ...)."""
    return FOLDERS[role]


def folder_names(role: str) -> set[str]:
    """Every name a folder of ``role`` has had: today's and the earlier ones."""
    return {FOLDERS[role]} | texts.all_labels(f"dir_{role}")


# Names Windows keeps for devices, whatever the extension: no file, folder or id is one of them.
WINDOWS_RESERVED = frozenset(
    {"CON", "PRN", "AUX", "NUL", *(f"COM{i}" for i in range(1, 10)), *(f"LPT{i}" for i in range(1, 10))}
)


WORKBOOK_OPTIONS = {
    # Input text must never turn into a formula, a link or a number.
    "strings_to_formulas": False,
    "strings_to_urls": False,
    "strings_to_numbers": False,
}

# -- table sheets of the master -------------------------------------------------------------

TABLE_TOP = 3  # zero-based header row of every table sheet: title, subtitle, blank line above it
POOL_COLUMNS = ("eligible", "key", "share", "quota", "floor", "remainder", "ties", "extra", "payout")
PROVENANCE_COLUMNS = ("source_file", "source_sheet", "source_row")
# Pool block on the calculation sheet: column -> text key (column 0 is the pool's name).
POOL_BLOCK = (
    "distribute",
    "total_key",
    "floor_sum",
    "leftover",
    "threshold",
    "above",
    "ties_needed",
    "rate",
    "pool_amount",
    "paid",
    "residual",
)


def calc_header_row(pools: int) -> int:
    """The zero-based header row of the calculation sheet's recipient table: under the pool block
    (a row per pool) and a blank row. Its first heading names the recipients in the grant's own
    noun, which a reader cannot know: it finds the row here."""
    return TABLE_TOP + 1 + pools + 2


# Constants a formula needs, as defined names on the parameters sheet (no number typed in a formula).
ORE_PER_KRONA = "ore_per_krona"
MONTHS_PER_YEAR = "manader_per_ar"
# A key split in two parts below and above this base, so that no product in the quotient and
# remainder steps of a pool with rules passes 2^53 (docs/rules.md).
SPLIT_BASE = "delningsbas"
SPLIT_BASE_VALUE = 100_000

# A pool with rules (fixed, minimum, maximum, unit, each, ties, threshold, equal) has more
# columns: the eligibility test, its fixed part, per round of the minimum and maximum the
# exact quota's floor and remainder (in quotient/remainder steps) and where the row is held,
# then the split of the rest in the same steps.
ROUND_COLUMNS = ("part", "part_rest", "floor", "remainder", "bound")
# With both a minimum and a maximum (format 4 on), each round first marks where every quota
# lies ("out": -1 below, 1 above), and its pool-level cells weigh the two sides: the whole
# units and the remainders of the quotas outside, and the side the round holds.
SIDE_COLUMN = "out"
SIDE_BLOCK = ("round_gap", "round_rests", "round_side")
# Pool-level cells of a pool with rules, to the right of POOL_BLOCK: the eligibility limits,
# the rest's whole and remaining units per key unit, and per round what was shared, by which key.
RULE_BLOCK = ("lower_limit", "upper_limit", "per_key", "per_key_rest")
ROUND_BLOCK = ("round_rest", "round_key", "round_per_key", "round_per_key_rest")


def rule_pool_columns(
    rounds: int, threshold: bool, lot: bool, fixed: bool, each: bool, sides: bool = False
) -> tuple[str, ...]:
    """The calculation sheet's columns of a pool with rules, in order; ``f"{name}_{r}"`` for round r.
    ``sides``: both bounds, in a master of format 4 on (``SIDE_COLUMN`` before each round's bound)."""
    columns = ["value"] if threshold else []
    columns += ["eligible", "key"] + (["draw"] if lot else []) + (["fixed"] if fixed else [])
    named = (*ROUND_COLUMNS[:-1], SIDE_COLUMN, ROUND_COLUMNS[-1]) if sides else ROUND_COLUMNS
    for number in range(1, rounds + 1):
        columns += [f"{name}_{number}" for name in named]
    columns += ["sharing", "quota", "part", "part_rest", "floor", "remainder"] + ([] if each else ["ties"])
    return (*columns, "extra", "payout")


def rule_block_columns(rounds: int, sides: bool = False) -> tuple[str, ...]:
    """The pool-level cells of the pools with rules after POOL_BLOCK, for the most ``rounds`` of
    any pool; ``f"{name}_{r}"`` for round r. ``sides``: some pool has both bounds (format 4 on):
    the SIDE_BLOCK cells of every round after all the others, so that a pool without them keeps
    its cells where a book without such a pool has them."""
    numbered = tuple(f"{name}_{r}" for r in range(1, rounds + 1) for name in ROUND_BLOCK)
    weighed = tuple(f"{name}_{r}" for r in range(1, rounds + 1) for name in SIDE_BLOCK) if sides else ()
    return RULE_BLOCK + numbered + weighed


def key_scale_name(table: str, field: str) -> str:
    """The defined name of a decimal key column's units per unit (10^decimals)."""
    return f"nyckelenheter_{table}_{field}"


def ref(sheet: str | None, row: int, col: int, absolute: bool = False) -> str:
    cell = xl_rowcol_to_cell(row, col, absolute, absolute)
    return f"{quote_sheetname(sheet)}!{cell}" if sheet else cell


def span(sheet: str | None, first_row: int, first_col: int, last_row: int, last_col: int) -> str:
    cells = xl_range_abs(first_row, first_col, last_row, last_col)
    return f"{quote_sheetname(sheet)}!{cells}" if sheet else cells


# -- follow-up fields --------------------------------------------------------------------------

TEXT_FIELDS = {"description": "col_description", "contact": "col_contact", "date": "col_reported_on"}
AMOUNT_PREFIX = "amount:"
CATEGORY_ID = re.compile(r"[a-z][a-z0-9_]{0,39}")


def amount_field(category: str) -> str:
    return f"{AMOUNT_PREFIX}{category}"


MAX_TEXT = 2000  # the longest description or contact the form's validation accepts


def entry_broken(field: str, value: object, year: int) -> str | None:
    """The form's data validation of ``field`` (the writer's rule): "amount" for an amount
    that is not a number of at least 0, "date" for a date outside ``year``..``year`` + 3,
    "text" for a text over ``MAX_TEXT``; None when it passes. A value pasted over a cell or
    typed in a program that ignores validation reaches the file anyway: collect and verify
    both ask this (#23.4)."""
    if field.startswith(AMOUNT_PREFIX):
        number = isinstance(value, (int, float)) and not isinstance(value, bool)
        return None if number and value >= 0 else "amount"  # type: ignore[operator]
    if field == "date":
        day = value.date() if isinstance(value, dt.datetime) else value
        inside = isinstance(day, dt.date) and dt.date(year, 1, 1) <= day <= dt.date(year + 3, 12, 31)
        return None if inside else "date"
    return "text" if len(str(value)) > MAX_TEXT else None


def category_id(name: str) -> str:
    """The id a category given only by its name gets: its letters folded to ASCII
    (å, ä -> a, ö -> o), lower case, every other run of characters one ``_``, at most
    40 characters, prefixed ``c_`` when it would not start with a letter.

    "Läkarmedverkan i särskilt boende" -> "lakarmedverkan_i_sarskilt_boende". Stable for
    as long as the name is; a grant file that may rename a category gives it an ``id``.
    """
    ascii_text = unicodedata.normalize("NFKD", name).encode("ascii", "ignore").decode("ascii").lower()
    slug = re.sub(r"[^a-z0-9]+", "_", ascii_text).strip("_")
    if not slug or not slug[0].isalpha():
        slug = f"c_{slug}".rstrip("_")
    return slug[:40].rstrip("_")


class Category(NamedTuple):
    """A spending category centres report against: ``id`` finds its field, ``name`` is shown."""

    id: str
    name: str


class FollowUpColumns(NamedTuple):
    """Where each part of a follow-up form with a row per centre stands: the master's, and a
    centre's own in the files sent before #14."""

    categories: tuple[Category, ...]
    received: int = 2
    first_category: int = 3

    @property
    def used(self) -> int:
        return self.first_category + len(self.categories)

    @property
    def left(self) -> int:
        return self.used + 1

    @property
    def text(self) -> dict[str, int]:
        return {"description": self.left + 1, "contact": self.left + 2, "date": self.left + 3}

    def labels(self, t: Callable[..., str]) -> list[str]:
        return (
            [t("col_centre_id"), t("col_centre"), t("col_received_kr")]
            + [t("col_used_kr", category=c.name) for c in self.categories]
            + [t("col_used_total_kr"), t("col_left_kr"), t("col_description"), t("col_contact"), t("col_reported_on")]
        )

    def widths(self, name_width: int) -> list[int]:
        return [24, name_width, 16] + [18] * len(self.categories) + [16, 16, 50, 28, 14]

    def used_formula(self, row: int) -> str:
        """The sum of the categories' amounts; with no categories nothing is reported as used
        (as on a centre's form): a SUM over no columns would be the cell itself, a circle."""
        if not self.categories:
            return "=0"
        return f"=SUM({span(None, row, self.first_category, row, self.used - 1)})"

    def left_formula(self, row: int) -> str:
        return f"={ref(None, row, self.received)}-{ref(None, row, self.used)}"

    def cells(self, row: int) -> dict[str, tuple[int, int]]:
        """Field -> (row, column) of a centre's typed cells in ``row``."""
        cells = {amount_field(c.id): (row, self.first_category + i) for i, c in enumerate(self.categories)}
        return cells | {name: (row, col) for name, col in self.text.items()}


def follow_up_fields(categories: Sequence[Category]) -> set[str]:
    """Every field of a form for ``categories``."""
    return {amount_field(c.id) for c in categories} | set(TEXT_FIELDS)


def category_aliases(categories: Sequence[Category]) -> dict[str, str]:
    """Field of a category as a file without ids names it (the id its name gives) -> its field
    now: a form written before categories had ids is found by its headers."""
    return {amount_field(category_id(c.name)): amount_field(c.id) for c in categories if category_id(c.name) != c.id}


# Every form carries its field ids as defined names ("gs_fu_amount_sabo" -> the cells of that
# field): a spreadsheet program moves a name with its cells when rows or columns are inserted
# or deleted and sheets renamed or reordered, and labels may be reworded or translated freely.
FORM_NAME_PREFIX = "gs_fu_"
ID_NAME = "gs_fu_id"
NAME_NAME = "gs_fu_name"
FORMULA_NAMES = {"received": "gs_fu_received", "used": "gs_fu_used", "left": "gs_fu_left"}


def is_field(name: str) -> bool:
    """Whether ``name`` is a follow-up field id: "description", "amount:sabo", ..."""
    if name.startswith(AMOUNT_PREFIX):
        return CATEGORY_ID.fullmatch(name[len(AMOUNT_PREFIX) :]) is not None
    return name in TEXT_FIELDS


def field_name(field: str) -> str:
    """The defined name of a follow-up field: "amount:sabo" -> "gs_fu_amount_sabo"."""
    return FORM_NAME_PREFIX + field.replace(AMOUNT_PREFIX, "amount_")


def field_of_name(name: str) -> str | None:
    """The field a defined name stands for (the inverse of ``field_name``), if any."""
    if not name.startswith(FORM_NAME_PREFIX):
        return None
    rest = name[len(FORM_NAME_PREFIX) :]
    field = amount_field(rest[len("amount_") :]) if rest.startswith("amount_") else rest
    return field if is_field(field) else None


def form_names(columns: FollowUpColumns) -> dict[str, int]:
    """Defined name -> column of everything a reader finds on a follow-up form with a row per centre."""
    names = {ID_NAME: 0, NAME_NAME: 1}
    names |= {field_name(amount_field(c.id)): columns.first_category + i for i, c in enumerate(columns.categories)}
    names |= {field_name(name): col for name, col in columns.text.items()}
    names |= {FORMULA_NAMES["received"]: columns.received, FORMULA_NAMES["used"]: columns.used}
    names[FORMULA_NAMES["left"]] = columns.left
    return names


# A centre's own form reads top to bottom (#14.2): a label in column A, what is typed or
# computed beside it in column B, one row per category; the description in a tall cell
# across both columns under its label. Files sent before #14 hold the form in one row
# (``FollowUpColumns`` at ``FOLLOW_UP_ROW``); the readers find either by its names.
FORM_LABEL_COL = 0
FORM_VALUE_COL = 1
FORM_ID_ROW = TABLE_TOP + 1
FORM_NAME_ROW = FORM_ID_ROW + 1
FORM_RECEIVED_ROW = FORM_ID_ROW + 2
FORM_HEADING_ROW = FORM_ID_ROW + 4  # names the columns of the categories' rows
FORM_FIRST_CATEGORY = FORM_HEADING_ROW + 1


class CentreForm(NamedTuple):
    """Where each part of a centre's own follow-up form stands (zero-based rows and columns):
    the rows from the used total down move with the number of categories."""

    categories: tuple[Category, ...]

    @property
    def used(self) -> int:
        """The used total's row, right under the categories'."""
        return FORM_FIRST_CATEGORY + len(self.categories)

    @property
    def left(self) -> int:
        """What is left of the received, under the used total."""
        return self.used + 1

    @property
    def description_label(self) -> int:
        return self.left + 2

    @property
    def text(self) -> dict[str, tuple[int, int]]:
        """Text field -> (row, column): the description under its label, across both columns."""
        description = self.description_label + 1
        return {
            "description": (description, FORM_LABEL_COL),
            "contact": (description + 2, FORM_VALUE_COL),
            "date": (description + 3, FORM_VALUE_COL),
        }

    @property
    def last_row(self) -> int:
        return self.text["date"][0]

    def cells(self) -> dict[str, tuple[int, int]]:
        """Field -> (row, column) of every cell a centre types into."""
        amounts = {amount_field(c.id): (FORM_FIRST_CATEGORY + i, FORM_VALUE_COL) for i, c in enumerate(self.categories)}
        return amounts | self.text

    def names(self) -> dict[str, tuple[int, int]]:
        """Defined name -> (row, column) of everything a reader finds on the form."""
        names = {ID_NAME: (FORM_ID_ROW, FORM_VALUE_COL), NAME_NAME: (FORM_NAME_ROW, FORM_VALUE_COL)}
        names |= {field_name(field): place for field, place in self.cells().items()}
        for key, row in (("received", FORM_RECEIVED_ROW), ("used", self.used), ("left", self.left)):
            names[FORMULA_NAMES[key]] = (row, FORM_VALUE_COL)
        return names

    def formulas(self, n_pools: int, payout_sheet: str) -> dict[tuple[int, int], str]:
        """(row, column) -> formula: received from the payout sheet's total, used the sum of
        the categories' amounts, left what remains of the received."""
        if self.categories:
            used = f"=SUM({span(None, FORM_FIRST_CATEGORY, FORM_VALUE_COL, self.used - 1, FORM_VALUE_COL)})"
        else:
            used = "=0"
        received, spent = ref(None, FORM_RECEIVED_ROW, FORM_VALUE_COL), ref(None, self.used, FORM_VALUE_COL)
        return {
            (FORM_RECEIVED_ROW, FORM_VALUE_COL): "=" + received_ref(n_pools, sheet=payout_sheet),
            (self.used, FORM_VALUE_COL): used,
            (self.left, FORM_VALUE_COL): f"={received}-{spent}",
        }


def base_file_name(year: int | str) -> str:
    """The recorded base of a year's build, beside its master (``grantsheet.base``)."""
    return f"grantsheet-{year}-base.json"


def is_base_file(name: str) -> bool:
    return re.fullmatch(r"grantsheet-\d+-base\.json", name) is not None


def field_label(name: str, lang: str, categories: Sequence[Category] = ()) -> str:
    """How a field is named to a person: a category's name where the grant gives it."""
    if name.startswith(AMOUNT_PREFIX):
        key = name[len(AMOUNT_PREFIX) :]
        shown = next((c.name for c in categories if c.id == key), key)
        return texts.text("col_used_kr", lang, category=shown)
    return texts.text(TEXT_FIELDS[name], lang)


# -- a centre's own workbook (zero-based rows and columns) --------------------------------------

INFO_ROW = 4  # name, id, organisation, year in rows 4..7 of the payout sheet
ID_ROW = 5
BASIS_HEADER = 9
BASIS_FIRST = BASIS_HEADER + 1
# A pool rounded to öre is split in öre: its amount, rate, quota, floor and extra are
# öre (the cells' number format says so) and "scale" (100) turns the payout into kronor.
COL = {
    "pool": 0,
    "amount": 1,
    "total_key": 2,
    "unit": 3,
    "rate": 4,
    "key": 5,
    "quota": 6,
    "floor": 7,
    "extra": 8,
    "scale": 9,
    "payout": 10,
    # From centre format 7 (fileformat.CENTRE_KEY_SCALE): key units per unit of the key's column
    # (10^decimals; 1 for a whole-number key), so the letter shows the key as the column holds it.
    "key_scale": 11,
}
BASIS_COLUMNS = ("amount", "total_key", "key", "extra", "scale")  # typed numbers copied from the master
# The typed numbers a centre file of format 7 on seals: the key scale too.
BASIS_COLUMNS_7 = (*BASIS_COLUMNS, "key_scale")
FOLLOW_UP_ROW = TABLE_TOP + 1  # the one row of a centre's form sent before #14.2 (verify reads those too)
CENTRE_ID_NAME = "halsocentral_id"


def total_row(n_pools: int) -> int:
    return BASIS_FIRST + n_pools


def basis_formulas(row: int) -> dict[str, str]:
    """Column name -> formula of one pool's live cells on a centre's payout sheet."""
    c = {name: ref(None, row, col) for name, col in COL.items()}
    return {
        "rate": f"={c['amount']}/{c['total_key']}",
        "quota": f"={c['amount']}*{c['key']}/{c['total_key']}",
        "floor": f"=INT({c['amount']}*{c['key']}/{c['total_key']})",
        "payout": f"=({c['floor']}+{c['extra']})/{c['scale']}",
    }


def basis_total_formula(n_pools: int) -> str:
    last = total_row(n_pools)
    return f"=SUM({span(None, BASIS_FIRST, COL['payout'], last - 1, COL['payout'])})"


def received_ref(n_pools: int, sheet: str) -> str:
    return ref(sheet, total_row(n_pools), COL["payout"], True)


# The letter sheet (zero-based): the facts from this row, the amount the third of them; the
# basis in words under a heading after the facts, the payout of each line in this column and
# "by the decision's method" after it, the letter's last column.
LETTER = "sheet_letter"
# The letter of centre files up to format 2: a block of facts, then one line per pool.
LETTER_FACTS = 4
LETTER_FACT_COUNT = 5
LETTER_AMOUNT_2 = LETTER_FACTS + 2
LETTER_FIRST_LINE_2 = LETTER_FACTS + LETTER_FACT_COUNT + 2
LETTER_PAYOUT_2 = 7
# The letter from format 3 (#23.7): an A4 letter; sender, recipient and subject above, the
# amount at LETTER_AMOUNT, then a table of one row per pool from LETTER_FIRST_LINE: the
# centre's count, the total count, its exact share of the pool, the payout.
LETTER_AMOUNT = 10
LETTER_FIRST_LINE = 16
LETTER_COLUMNS = ("pool", "key", "total_key", "quota", "payout")
LETTER_PAYOUT = len(LETTER_COLUMNS) - 1
# 71 digits wide: A4 portrait at 100 % in LibreOffice's DejaVu Sans (7.3 pt a digit's width),
# wider than Calibri's: the 10 pt table fits either way.
LETTER_WIDTHS = (19, 12, 15, 13, 12)


# Where a centre file format's letter has its formulas: the amount's row, the first basis
# line, the payout's column, and which basis numbers stand in which columns of a line
# (format 3's A4 letter shows the total key where format 2 showed the rate).
_LETTER_PLACES = {
    2: (
        LETTER_AMOUNT_2,
        LETTER_FIRST_LINE_2,
        LETTER_PAYOUT_2,
        {1: "={key}", 3: "={rate}/{scale}", 5: "={quota}/{scale}"},
    ),
    3: (LETTER_AMOUNT, LETTER_FIRST_LINE, LETTER_PAYOUT, {1: "={key}", 2: "={total_key}", 3: "={quota}/{scale}"}),
    # Format 7: the keys as their column holds them (13,04061 procent, not 1 304 061 key units).
    7: (
        LETTER_AMOUNT,
        LETTER_FIRST_LINE,
        LETTER_PAYOUT,
        {1: "={key}/{key_scale}", 2: "={total_key}/{key_scale}", 3: "={quota}/{scale}"},
    ),
}


def letter_formulas(n_pools: int, payout_sheet: str, file_format: int | None = None) -> dict[tuple[int, int], str]:
    """(row, col) -> formula of every formula cell of a centre's letter sheet, as the centre
    file format ``file_format`` (default: today's) places them: the amount, per pool the
    numbers of its basis on the payout sheet, the total."""
    total = "=" + received_ref(n_pools, sheet=payout_sheet)
    places = 7 if file_format is None or file_format >= 7 else 3 if file_format >= 3 else 2
    amount_row, first_line, payout_col, line = _LETTER_PLACES[places]
    cells = {(amount_row, 1): total}
    for p in range(n_pools):
        basis = {name: ref(payout_sheet, BASIS_FIRST + p, col) for name, col in COL.items()}
        for col, formula in line.items():
            cells[(first_line + p, col)] = formula.format(**basis)
        cells[(first_line + p, payout_col)] = f"={basis['payout']}"
    cells[(first_line + n_pools, payout_col)] = total
    return cells


def expected_formulas(
    n_pools: int, n_categories: int, payout_sheet: str, row_form: bool = False
) -> dict[tuple[str, int, int], str]:
    """(sheet role, row, col) -> formula of every formula cell in a centre file; ``row_form``:
    one sent before #14, its follow-up form in one row."""
    cells: dict[tuple[str, int, int], str] = {}
    for p in range(n_pools):
        row = BASIS_FIRST + p
        for name, formula in basis_formulas(row).items():
            cells[("payout", row, COL[name])] = formula
    cells[("payout", total_row(n_pools), COL["payout"])] = basis_total_formula(n_pools)
    categories = (Category("", ""),) * n_categories
    if row_form:
        columns = FollowUpColumns(categories)
        row = FOLLOW_UP_ROW
        cells[("follow_up", row, columns.received)] = "=" + received_ref(n_pools, sheet=payout_sheet)
        cells[("follow_up", row, columns.used)] = columns.used_formula(row)
        cells[("follow_up", row, columns.left)] = columns.left_formula(row)
    else:
        for (row, col), formula in CentreForm(categories).formulas(n_pools, payout_sheet).items():
            cells[("follow_up", row, col)] = formula
    return cells


def seal(
    centre_id: str,
    centre_name: str,
    basis: Sequence[tuple[object, ...]],
    presentation: str | None = None,
) -> str:
    """SHA-256 of what the payout part says: id, name and per pool (name, amount, total key, key,
    extra, scale, from format 7 the key scale); from format 4 also of how the file shows it (``presentation``, the text of
    its view properties), so the journal's record of the seal holds the presentation too."""
    payload = json.dumps([centre_id, centre_name, [list(b) for b in basis]], ensure_ascii=False)
    hashed = hashlib.sha256(payload.encode("utf-8")).hexdigest()
    if presentation is None:
        return hashed
    return hashlib.sha256(f"{hashed}\n{presentation}".encode()).hexdigest()


def view_properties(text: str) -> dict[str, str]:
    """The custom properties that hold a centre file's presentation ``text``, in order."""
    pieces = [text[start : start + VIEW_PIECE] for start in range(0, len(text), VIEW_PIECE)]
    return {f"{VIEW_PROPERTY}_{number}": piece for number, piece in enumerate(pieces, 1)}


def view_text(props: dict[str, str | None]) -> str | None:
    """The presentation text ``view_properties`` stored, from a file's custom properties; None
    when there is none (a file before format 4)."""
    numbered = {}
    for name, value in props.items():
        number = name[len(VIEW_PROPERTY) + 1 :] if name and name.startswith(VIEW_PROPERTY + "_") else ""
        if number.isdigit():
            numbered[int(number)] = value or ""
    return "".join(numbered[n] for n in sorted(numbered)) if numbered else None
