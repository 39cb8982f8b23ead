"""The grant definition: what is split, by which key, and how centres report back.

Read from a TOML file (``inputs/grant.toml``) and checked against ``SCHEMA``, one row per
setting, by one loop: an unknown key gets the nearest known one ("did you mean"), a value
of the wrong type the type it should have, a value outside its range the range. Problems
are collected with the file and line they stand on. The rules that tie settings together
(a pool's key names an input table, every table a pool uses names a file) follow the walk.
"""

from __future__ import annotations

import codecs
import datetime as dt
import difflib
import re
import reprlib
import tomllib
from collections.abc import Callable, Iterator
from decimal import Decimal
from fractions import Fraction
from pathlib import Path, PurePath, PurePosixPath, PureWindowsPath
from typing import Any, NamedTuple

from grantsheet import texts
from grantsheet.errors import Location, Problem, problem
from grantsheet.layout import CATEGORY_ID, Category, category_id
from grantsheet.tables import (
    DECIMAL,
    DEFAULT_CENTRES_TABLE,
    EQUAL_WORDS,
    KINDS_DECLARED,
    TABLES,
    Declared,
    KeyWords,
    TableSpec,
    Words,
    declared,
    normalize_heading,
)
from grantsheet.texts import Term

# largest_remainder: whole kronor, the leftover to the largest remainders (Hamilton);
# floor: whole kronor rounded down, the leftover is not paid (reported as residual);
# ore: largest remainder in öre (1/100 kr), payouts in kronor with two decimals;
# each: every recipient's quota rounded half up to the unit on its own (the sum may miss the pool).
ROUNDING_METHODS = ("largest_remainder", "floor", "ore", "each")
# A tie on the remainder across the cut: the earlier row, a draw from the seed, or no build.
TIES = ("order", "lot", "stop")
ELIGIBILITY = ("all", "has_bed_places", "region_run")
MEDIAN = "median"
EQUAL = "equal"  # a pool's key: one share to every eligible recipient
WEIGHTS = ("none", "months")
LANGUAGES = ("sv", "en")
_POOL_ID = re.compile(r"^[a-z][a-z0-9_]{0,30}$")
# A declared table's id: "befolkning" (its input sheet is "Indata befolkning", at most 31 characters).
TABLE_ID = r"[a-z][a-z0-9_]{0,23}"
COLUMN_ID = r"[a-z][a-z0-9_]{0,30}"
CURRENCY = r"[A-Z]{3}"  # an ISO 4217 code
MAX_TABLES = 20
MAX_COLUMNS = 30

# Integers a spreadsheet holds exactly (IEEE double): a pool's amount in its money units
# (kronor, or öre) stays below it; the formulas split every larger product (allocate.py).
EXACT_LIMIT = 2**53
# The largest amount in money units the spreadsheet engines show and compute exactly: Excel
# and LibreOffice keep 15 significant digits (a double holds integers up to 2**53, about
# 9.007e15, but the programs round what they show and compute to 15 digits), so 10**15 - 1:
# 9 999 999 999 999 kr and 99 öre in öre, far above the rules' 10**13 (#26.13).
ENGINE_LIMIT = 10**15 - 1
# A pool's key in total (and so each recipient's), as an integer (decimal keys scaled by a
# power of ten): the formulas' quotient/remainder steps stay exact up to it (docs/rules.md).
KEY_LIMIT = 10**10
# Money written with decimals: at most two (öre, cents), and a number up to this size.
MONEY = r"-?[0-9]+(\.[0-9]{1,2})?"
MONEY_LIMIT = 10**13
# The grant year: the follow-up's dates run to year + 3, and a spreadsheet date ends at 9999.
YEARS = (2000, 2100)
# A workbook has a column group per pool and a column per category: far inside Excel's
# 16 384 columns, and far beyond any real grant.
MAX_POOLS = 50
MAX_CATEGORIES = 100
# Texts that travel into print headers and footers (255 characters in all, & doubled),
# column headings and document properties are bounded below those limits.
TITLE_LENGTH = 150
NAME_LENGTH = 100
PATH_LENGTH = 255
# The grant file is a page of settings; bounding it keeps parsing instant.
MAX_APPROVERS = 50  # [approval]: names that may approve, and approvals a build needs at most
MAX_BYTES = 1_000_000
# No setting nests deeper than a list of inline tables; tomllib recurses per level.
MAX_NESTING = 8

INT, TEXT, BOOL, DATE, TABLE, LIST, FLOAT = "int", "text", "bool", "date", "table", "list", "float"
ACCOUNT = r"[0-9]{1,10}"  # a ledger account: digits, written as a number or a text
ADDRESS = r"[^@\s<>,;\"]+@[^@\s<>,;\"]+\.[^@\s<>,;\".]+"  # a plain e-mail address: name@domain.tld
TEMPLATE_LENGTH = 5000  # a letter's body: a page of text
REQUIRED = object()
INVALID = object()  # a value that has a problem: the rules between settings pass it by


class Setting(NamedTuple):
    """One row of the grant file's schema."""

    path: str  # dotted; "[]" stands for each element of a list: "pools[].amount"
    kinds: tuple[str, ...]  # the types a value may have
    example: str  # how it is written: shown in the fix of every problem with it
    default: Any = REQUIRED  # REQUIRED: a problem when missing
    allowed: tuple[str, ...] = ()  # a text's choices
    least: int | None = None  # an integer's range, a text's length or a list's length
    most: int | None = None
    form: str | None = None  # a regular expression the value, as text, must match


def _text(path: str, example: str, most: int, default: Any = "", least: int = 0, allowed: tuple[str, ...] = ()):
    return Setting(path, (TEXT,), example, default, allowed, least, most)


SCHEMA: dict[str, Setting] = {
    row.path: row
    for row in (
        Setting("", (TABLE,), "[grant]", {}),
        Setting("grant", (TABLE,), "[grant]", {}),
        Setting("grant.year", (INT,), "year = 2022", REQUIRED, (), *YEARS),
        _text("grant.title", 'title = "Statsbidrag för utökad läkarkompetens i äldreomsorgen 2022"', TITLE_LENGTH),
        _text("grant.organisation", 'organisation = "Region Västerbotten"', NAME_LENGTH),
        _text("grant.language", 'language = "sv"', 2, "sv", allowed=LANGUAGES),
        Setting("grant.example_data", (BOOL,), "example_data = true", False),
        # ISO 4217; amounts are whole units of it (SEK is shown as "kr").
        Setting("grant.currency", (TEXT,), 'currency = "SEK"', "SEK", form=CURRENCY),
        # Who is paid: what the texts call one and many, and the table that lists each once.
        Setting("recipients", (TABLE,), "[recipients]", {}),
        _text("recipients.noun", 'noun = "region"', 40),
        _text("recipients.plural", 'plural = "regioner"', 40),
        Setting("recipients.table", (TEXT,), 'table = "befolkning"', "", form=f"({TABLE_ID})?"),
        # Input tables of the officer's own, beside the built-in ones (grantsheet.tables.declared).
        Setting("tables", (LIST,), "[[tables]]", [], (), 0, MAX_TABLES),
        Setting("tables[]", (TABLE,), "[[tables]]"),
        Setting("tables[].id", (TEXT,), 'id = "befolkning"', REQUIRED, form=TABLE_ID),
        _text("tables[].file", 'file = "befolkning.xlsx"', PATH_LENGTH, REQUIRED, 1),
        _text("tables[].recipient", 'recipient = "Region"', NAME_LENGTH, REQUIRED, 1),
        Setting("tables[].columns", (LIST,), "columns = [{ id = ... }]", REQUIRED, (), 1, MAX_COLUMNS),
        Setting(
            "tables[].columns[]",
            (TABLE,),
            '{ id = "invanare", heading = "Folkmängd", kind = "count", unit = "invånare" }',
        ),
        Setting("tables[].columns[].id", (TEXT,), 'id = "invanare"', REQUIRED, form=COLUMN_ID),
        Setting("tables[].columns[].heading", (TEXT, LIST), 'heading = "Folkmängd"', REQUIRED, (), 1, NAME_LENGTH),
        _text("tables[].columns[].heading[]", '"Folkmängd"', NAME_LENGTH, REQUIRED, 1),
        _text("tables[].columns[].kind", 'kind = "count"', 10, REQUIRED, allowed=KINDS_DECLARED),
        _text("tables[].columns[].unit", 'unit = "invånare"', 40),
        Setting("decision", (TABLE,), "[decision]", {}),
        _text("decision.body", 'body = "Regionstyrelsen"', NAME_LENGTH),
        _text("decision.reference", 'reference = "RS 396-2022"', NAME_LENGTH),
        _text("decision.paragraph", 'paragraph = "§ 70"', NAME_LENGTH),
        Setting("decision.date", (DATE,), "date = 2022-03-15", None),
        # The day the money is paid out: the letter says it (not set: "enligt beslutet").
        Setting("decision.payout_date", (DATE,), "payout_date = 2022-06-30", None),
        # Whom a recipient asks at the organisation: the letter names them (all optional).
        Setting("contact", (TABLE,), "[contact]", {}),
        _text("contact.name", 'name = "Anna Berg, handläggare"', NAME_LENGTH),
        Setting("contact.email", (TEXT,), 'email = "statsbidrag@region.example.org"', "", form=ADDRESS),
        _text("contact.phone", 'phone = "090-785 00 00"', 40),
        Setting("pools", (LIST,), "[[pools]]", REQUIRED, (), 1, MAX_POOLS),
        Setting("pools[]", (TABLE,), "[[pools]]"),
        _text("pools[].id", 'id = "sabo"', 31, REQUIRED, 1),
        _text("pools[].name", 'name = "Särskilt boende (SÄBO)"', NAME_LENGTH, REQUIRED, 1),
        Setting("pools[].amount", (INT, FLOAT), "amount = 4200000", REQUIRED, (), 0, EXACT_LIMIT - 1, MONEY),
        _text("pools[].key", 'key = "bed_places"', NAME_LENGTH, REQUIRED, 1),
        _text("pools[].rounding", 'rounding = "largest_remainder"', 20, None, allowed=ROUNDING_METHODS),
        Setting("pools[].rate", (INT,), "rate = 500", None, (), 1, EXACT_LIMIT - 1),
        Setting("pools[].cap", (BOOL,), "cap = true", None),
        # The distribution rules (docs/rules.md): money in the grant's currency, two decimals at most.
        Setting("pools[].fixed", (INT, FLOAT), "fixed = 100000000", None, (), 0, MONEY_LIMIT, MONEY),
        Setting("pools[].minimum", (INT, FLOAT), "minimum = 1250000000", None, (), 0, MONEY_LIMIT, MONEY),
        Setting("pools[].maximum", (INT, FLOAT), "maximum = 50000000", None, (), 0, MONEY_LIMIT, MONEY),
        Setting("pools[].unit", (INT, FLOAT), "unit = 100000", None, (), 0, MONEY_LIMIT, MONEY),
        _text("pools[].ties", 'ties = "order"', 10, "order", allowed=TIES),
        Setting("pools[].seed", (INT,), "seed = 20250115", None, (), 0, EXACT_LIMIT - 1),
        # A word (today's rules), or a threshold on a column: { column = "t.c", at_least = "median" }.
        Setting("pools[].eligible", (TEXT, TABLE), 'eligible = "all"', "all", ELIGIBILITY),
        _text("pools[].eligible.column", 'column = "befolkning.arbetsloshet"', NAME_LENGTH, REQUIRED, 1),
        Setting("pools[].eligible.at_least", (TEXT, INT, FLOAT), 'at_least = "median"', None, (MEDIAN,)),
        Setting("pools[].eligible.at_most", (TEXT, INT, FLOAT), 'at_most = "median"', None, (MEDIAN,)),
        _text("pools[].weight", 'weight = "none"', 20, "none", allowed=WEIGHTS),
        Setting("rounding", (TABLE,), "[rounding]", {}),
        _text("rounding.method", 'method = "largest_remainder"', 20, "largest_remainder", allowed=ROUNDING_METHODS),
        Setting("follow_up", (TABLE,), "[follow_up]", {}),
        Setting("follow_up.deadline", (DATE,), "deadline = 2023-01-31", None),
        # Unused funds: repaid by this date to this account (the letter and collect say so).
        Setting("follow_up.repay_by", (DATE,), "repay_by = 2023-03-31", None),
        _text("follow_up.repay_account", 'repay_account = "bankgiro 123-4567"', NAME_LENGTH),
        Setting("follow_up.categories", (LIST,), 'categories = ["Övrigt"]', [], (), 0, MAX_CATEGORIES),
        # A category is a name, or a table with a stable id and a name.
        Setting(
            "follow_up.categories[]",
            (TEXT, TABLE),
            '{ id = "sabo", name = "Läkarmedverkan"}',
            REQUIRED,
            (),
            1,
            NAME_LENGTH,
        ),
        Setting("follow_up.categories[].id", (TEXT,), 'id = "sabo"', None, form=CATEGORY_ID.pattern),
        _text("follow_up.categories[].name", 'name = "Läkarmedverkan i särskilt boende"', NAME_LENGTH, REQUIRED, 1),
        Setting("inputs", (TABLE,), "[inputs]", {}),
        *(_text(f"inputs.{name}", f'{name} = "{name}.xlsx"', PATH_LENGTH, None, 1) for name in TABLES),
        _text("inputs.register", 'register = "register.xlsx"', PATH_LENGTH, None, 1),
        # Input files are read from the inputs folder; one elsewhere only when the officer says so.
        Setting("inputs.outside_folder", (BOOL,), "outside_folder = true", False),
        # How the payouts are booked (grantsheet export --sie); no [ledger], no SIE file.
        Setting("ledger", (TABLE,), "[ledger]", None),
        Setting("ledger.cost_account", (TEXT, INT), 'cost_account = "4990"', REQUIRED, form=ACCOUNT),
        Setting("ledger.counter_account", (TEXT, INT), 'counter_account = "2890"', REQUIRED, form=ACCOUNT),
        Setting("ledger.dimension", (INT,), "dimension = 1", 1, (), 0, 9999),
        _text("ledger.series", 'series = "A"', 20),
        Setting("ledger.date", (DATE,), "date = 2022-06-30", None),
        _text("ledger.text", 'text = "Statsbidrag utökad läkarkompetens 2022"', TITLE_LENGTH),
        # The letters by e-mail (grantsheet mail); host and what follows only to send them.
        Setting("mail", (TABLE,), "[mail]", None),
        Setting("mail.sender", (TEXT,), 'sender = "statsbidrag@region.example.org"', REQUIRED, form=ADDRESS),
        _text("mail.host", 'host = "smtp.region.example.org"', NAME_LENGTH),
        Setting("mail.port", (INT,), "port = 587", 587, (), 1, 65535),
        Setting("mail.starttls", (BOOL,), "starttls = true", True),
        _text("mail.user", 'user = "statsbidrag"', NAME_LENGTH),
        _text(
            "mail.password_env", 'password_env = "GRANTSHEET_SMTP_PASSWORD"', NAME_LENGTH, "GRANTSHEET_SMTP_PASSWORD"
        ),
        _text("mail.subject", 'subject = "Utbetalningsbesked: {title} – {centre}"', TITLE_LENGTH),
        _text("mail.body", 'body = """Hej! {organisation} betalar ut {amount} till {centre} ..."""', TEMPLATE_LENGTH),
        _text("mail.reminder_subject", 'reminder_subject = "Påminnelse: {title} – {centre}"', TITLE_LENGTH),
        _text("mail.reminder_body", 'reminder_body = """Hej! Vi väntar på återrapporteringen ..."""', TEMPLATE_LENGTH),
        # Attest (#27): who may approve a build before it is booked or sent, and how many must.
        # Without [approval], one approval by anyone other than the builder.
        Setting("approval", (TABLE,), "[approval]", None),
        Setting("approval.approvers", (LIST,), 'approvers = ["anna.berg", "bo.ek"]', [], (), 0, MAX_APPROVERS),
        _text("approval.approvers[]", '"bo.ek"', NAME_LENGTH, REQUIRED, 1),
        Setting("approval.required", (INT,), "required = 2", 1, (), 1, MAX_APPROVERS),
    )
}
_CHILDREN: dict[str, dict[str, str]] = {}
for _path in SCHEMA:
    if _path:
        _parent, _, _name = _path.rpartition(".") if not _path.endswith("[]") else (_path[:-2], "", "[]")
        _CHILDREN.setdefault(_parent, {})[_name] = _path


class Pool(NamedTuple):
    id: str
    name: str
    amount: int | Fraction  # in the grant's currency; a Fraction only with cents (unit 0.01)
    key: str  # name of the input table whose count column is the key, or EQUAL
    line: int  # where the pool's table starts in the grant file
    key_field: str = ""  # the table's COUNT column summed as key ("" = the table's default)
    rounding: str = "largest_remainder"
    rate: int | None = None  # whole kronor per key unit, instead of a share of the amount
    cap: bool = True  # with a rate: pay at most the amount (scaled down to fit)
    eligible: str = "all"  # a word of ELIGIBILITY, or "threshold" (eligible_column and its bounds)
    weight: str = "none"  # "months": the key counts place-months (count × months held)
    # The distribution rules (docs/rules.md), money in the grant's currency:
    fixed: Fraction | None = None  # every eligible recipient first gets this
    minimum: Fraction | None = None  # no eligible recipient gets less
    maximum: Fraction | None = None  # no recipient gets more
    unit: Fraction | None = None  # payouts are whole multiples of this (None: 1, or 0.01 for "ore")
    ties: str = "order"
    seed: int | None = None
    eligible_column: str = ""  # "table.column" whose value decides eligibility
    at_least: Fraction | str | None = None  # a number or MEDIAN
    at_most: Fraction | str | None = None

    @property
    def amount_name(self) -> str:
        """The workbook's defined name for this pool's amount."""
        return f"belopp_{self.id}"

    def rule_name(self, setting: str) -> str:
        """The workbook's defined name of a rule's amount: "fast_svf" for the fixed amount ..."""
        prefix = {"fixed": "fast", "minimum": "golv", "maximum": "tak", "unit": "enhet", "scale": "skala"}[setting]
        return f"{prefix}_{self.id}"

    @property
    def rate_name(self) -> str:
        """The workbook's defined name for this pool's rate per unit (pools with a rate)."""
        return f"sats_{self.id}"

    @property
    def field(self) -> str:
        if self.key == EQUAL:
            return ""
        # A grant file read now names the field; a seal of an older build may leave a preset's default.
        return self.key_field or TABLES[self.key].key_field

    @property
    def shown_amount(self) -> int | float:
        """The amount as a sheet or a message shows it: whole, or with its cents."""
        return self.amount if isinstance(self.amount, int) else float(self.amount)

    @property
    def payout_unit(self) -> Fraction:
        """The currency amount every payout is a whole multiple of."""
        if self.unit is not None:
            return self.unit
        return Fraction(1, 100) if self.rounding == "ore" else Fraction(1)

    @property
    def scale(self) -> int:
        """Money units per krona this pool is allocated in: öre when the unit has cents."""
        return 1 if self.payout_unit.denominator == 1 and self.rounding != "ore" else 100

    @property
    def step(self) -> int:
        """Money units per payout unit: 1 (whole kronor or öre), 100 000 for unit = 100000."""
        return int(self.payout_unit * self.scale)

    def units(self, money: int | Fraction | None) -> int:
        """An amount of the grant's currency in this pool's money units (exact by validation)."""
        return int((money or 0) * self.scale)

    @property
    def has_rules(self) -> bool:
        """Whether the pool uses a rule beyond a plain split by key (fixed, bounds, unit, each, ties)."""
        return (
            self.fixed is not None
            or self.minimum is not None
            or self.maximum is not None
            or self.step != 1
            or self.rounding == "each"
            or self.ties != "order"
            or self.key == EQUAL
            or self.eligible == "threshold"
        )


class Ledger(NamedTuple):
    """``[ledger]``: how the payouts are booked (``grantsheet export --sie``)."""

    cost_account: str  # debited per centre, on the centre's cost-centre object
    counter_account: str  # credited with the total (the counter entry)
    dimension: int = 1  # SIE dimension of the cost-centre objects (1 = Kostnadsställe)
    series: str = ""  # verification series; empty lets the ledger program choose
    date: dt.date | None = None  # voucher date; none: the day the file is written
    text: str = ""  # voucher text; empty: the grant's title


class MailSettings(NamedTuple):
    """``[mail]``: the letters' sender and templates (``grantsheet mail``), and the SMTP server for ``--send``."""

    sender: str  # the From address
    host: str = ""  # SMTP server; needed only to send
    port: int = 587
    starttls: bool = True
    user: str = ""  # SMTP login; empty: no login
    password_env: str = "GRANTSHEET_SMTP_PASSWORD"  # the environment variable holding the password
    # Templates with MAIL_PLACEHOLDERS; empty: grantsheet's own wording in the grant's language.
    subject: str = ""
    body: str = ""
    reminder_subject: str = ""
    reminder_body: str = ""


MAIL_PLACEHOLDERS = ("centre", "centre_id", "amount", "deadline", "title", "organisation", "decision", "year")
MAIL_TEMPLATES = ("subject", "body", "reminder_subject", "reminder_body")


def is_address(text: str) -> bool:
    """A plain e-mail address (name@domain.tld): what the letters are addressed to and from."""
    return re.fullmatch(ADDRESS, text) is not None


def template_ok(template: str) -> bool:
    """Whether a mail template uses only MAIL_PLACEHOLDERS and has no stray brace."""
    import string

    try:
        names = {name for _, name, _, _ in string.Formatter().parse(template) if name is not None}
    except ValueError:
        return False
    return names <= set(MAIL_PLACEHOLDERS)


class Decision(NamedTuple):
    body: str
    reference: str
    paragraph: str
    date: dt.date | None
    payout_date: dt.date | None = None  # the day the money is paid out

    @property
    def marking(self) -> str:
        """The reference and paragraph, "RS 396-2022 § 70", that repayments are marked with."""
        return " ".join(p for p in (self.reference, self.paragraph) if p)

    def describe(self, lang: str) -> str:
        """One line for sheet subtitles and print footers: "Beslut: Regionstyrelsen RS 396-2022 § 70"."""
        date = f", {self.date.isoformat()}" if self.date else ""
        return texts.text(
            "decision_line", lang, body=self.body, reference=self.reference, paragraph=self.paragraph, date=date
        )


class ApprovalRule(NamedTuple):
    """``[approval]``: the names that may approve a build (empty: anyone but its builder) and
    how many distinct approvals it needs before ``export --sie`` and ``mail --send``."""

    approvers: tuple[str, ...] = ()
    required: int = 1


class Recipients(NamedTuple):
    """``[recipients]``: who is paid, in the words every text uses, and the table that lists them."""

    noun: Words  # one recipient: ("hälsocentral", "health centre"), or the grant file's word in both
    plural: Words
    table: str  # the input table that lists each recipient once


class Contact(NamedTuple):
    """``[contact]``: whom a recipient asks at the organisation (the letter names them)."""

    name: str = ""
    email: str = ""
    phone: str = ""


class Grant(NamedTuple):
    year: int
    title: str
    organisation: str
    decision: Decision
    pools: tuple[Pool, ...]
    rounding: str
    follow_up_deadline: dt.date | None
    follow_up_categories: tuple[Category, ...]
    input_files: dict[str, str]  # table name -> file name, relative to the inputs folder
    example_data: bool
    language: str
    centres_table: str = DEFAULT_CENTRES_TABLE  # the input table that lists the recipients
    ledger: Ledger | None = None
    mail: MailSettings | None = None
    follow_up_repay_by: dt.date | None = None  # unused funds are repaid by this date ...
    follow_up_repay_account: str = ""  # ... to this account
    register_file: str | None = None  # the optional register of centres
    outside_folder: bool = False  # input files may lie outside the inputs folder
    approval: ApprovalRule = ApprovalRule()
    # Every input table this grant reads, built-in or declared, with its role set (which lists
    # the recipients). Empty in the seal of an older build: then the presets of input_files.
    tables: dict[str, TableSpec] = {}
    recipients: Recipients | None = None  # None in the seal of an older build: the table's words
    currency: str = "SEK"

    @property
    def currency_word(self) -> str:
        """How an amount's currency is written after it: "kr" for SEK, else the ISO code ("USD")."""
        return "kr" if self.currency == "SEK" else self.currency

    @property
    def specs(self) -> dict[str, TableSpec]:
        return self.tables or {name: TABLES[name] for name in self.input_files}

    def key_words(self, pool: Pool) -> KeyWords:
        """What ``pool``'s key is called and counted in."""
        return EQUAL_WORDS if pool.key == EQUAL else self.specs[pool.key].key_words(pool.field)

    contact: Contact = Contact()

    @property
    def who(self) -> Recipients:
        """The recipients' words: the grant file's, else those of the table that lists them."""
        if self.recipients is not None:
            return self.recipients
        spec = self.specs[self.centres_table]
        return Recipients(spec.noun, spec.plural, self.centres_table)


def read_grant(path: Path, problems: list[Problem]) -> Grant | None:
    """Read and check the grant file; append problems, return None if unusable."""
    name = path.name
    if not path.is_file():
        problems.append(problem("grant_missing", Location(name), folder=str(path.parent.resolve())))
        return None
    data = path.read_bytes()[: MAX_BYTES + 1]
    if len(data) > MAX_BYTES:
        problems.append(problem("grant_too_large", Location(name), limit=MAX_BYTES))
        return None
    text = _decode(data, name, problems)
    if text is None:
        return None
    deep = _too_deep(text)
    if deep is not None:
        problems.append(problem("grant_too_deep", Location(name, line=deep), limit=MAX_NESTING))
        return None
    try:
        # Decimals exactly as written: a pool of 182 500 000,25 must not pass through a float.
        raw = tomllib.loads(text, parse_float=Decimal)
    except tomllib.TOMLDecodeError as error:
        line = _line_from_toml_error(str(error))
        problems.append(problem("grant_syntax", Location(name, line=line), detail=str(error)))
        return None
    checker = _Checker(name, _Lines(text), problems)
    return _grant(checker.walk(raw, "", ()), checker)


def _valid(*values: object) -> bool:
    return all(value is not INVALID for value in values)


def _grant(settings: dict, checker: _Checker) -> Grant | None:
    """The rules between settings, checked on every setting that has the right type and range."""
    rounding = settings["rounding"]
    rounding = rounding["method"] if _valid(rounding) and _valid(rounding["method"]) else ROUNDING_METHODS[0]
    declared_tables, declared_files = _declared_tables(settings["tables"], checker)
    specs = {**TABLES, **declared_tables}
    raw_pools = settings["pools"] if _valid(settings["pools"]) else []
    pools = [
        _pool(raw, index, rounding, specs, checker) if _valid(raw) else None for index, raw in enumerate(raw_pools)
    ]
    valid = [pool for pool in pools if pool is not None]
    seen: set[str] = set()
    for index, pool in enumerate(pools):
        if pool is not None and pool.id in seen:
            checker.report("grant_duplicate_pool", ("pools", index), pool=pool.id)
        seen.add(pool.id if pool is not None else "")
    follow_up = settings["follow_up"]
    categories = _categories(follow_up["categories"] if _valid(follow_up) else INVALID, checker)
    recipients = settings["recipients"]
    if _valid(recipients) and _valid(recipients["noun"], recipients["plural"]):
        # One word without the other would leave the texts half in the default words.
        given = {key: bool(recipients[key].strip()) for key in ("noun", "plural")}
        for key, other in (("noun", "plural"), ("plural", "noun")):
            if given[other] and not given[key]:
                checker.report(
                    "grant_missing_key",
                    ("recipients",),
                    key=key,
                    table="[recipients]",
                    example=SCHEMA[f"recipients.{key}"].example,
                )
    centres_table = _centres_table(valid, recipients, specs, checker)
    inputs = settings["inputs"]
    input_files = _input_files(inputs, valid, centres_table, declared_files, checker) if _valid(inputs) else {}
    mail = settings["mail"]
    if mail is not None and _valid(mail):
        for key in MAIL_TEMPLATES:
            if _valid(mail[key]) and not template_ok(mail[key]):
                checker.report("grant_bad_template", ("mail", key), key=key, table="mail", value=_shown(mail[key]))
    approval = _approval(settings["approval"], checker)
    if checker.found_any:
        return None
    grant, decision, ledger = settings["grant"], settings["decision"], settings["ledger"]
    if ledger is not None:
        accounts = (str(ledger["cost_account"]).strip(), str(ledger["counter_account"]).strip())
        ledger = Ledger(*accounts, ledger["dimension"], ledger["series"], ledger["date"], ledger["text"])
    return Grant(
        year=grant["year"],
        title=grant["title"],
        organisation=grant["organisation"],
        decision=Decision(
            decision["body"], decision["reference"], decision["paragraph"], decision["date"], decision["payout_date"]
        ),
        pools=tuple(valid),
        rounding=rounding,
        follow_up_deadline=follow_up["deadline"],
        follow_up_repay_by=follow_up["repay_by"],
        follow_up_repay_account=follow_up["repay_account"],
        follow_up_categories=categories,
        input_files=input_files,
        example_data=grant["example_data"],
        language=grant["language"],
        centres_table=centres_table,
        ledger=ledger,
        mail=MailSettings(**mail) if mail is not None else None,
        register_file=inputs["register"],
        outside_folder=inputs["outside_folder"],
        approval=approval,
        tables={name: specs[name].with_recipients(name == centres_table) for name in input_files},
        recipients=_recipients(recipients, specs[centres_table], grant["language"]),
        currency=grant["currency"],
        contact=Contact(**settings["contact"]),
    )


def _declared_tables(raw: object, checker: _Checker) -> tuple[dict[str, TableSpec], dict[str, str]]:
    """``[[tables]]``: each table's spec and its file. An id may not be a built-in table's (its
    sheet name would be one too), nor may two columns share an id or a heading."""
    specs: dict[str, TableSpec] = {}
    files: dict[str, str] = {}
    taken = {normalize_heading(w) for spec in TABLES.values() for w in (spec.name, *spec.label)}
    for index, table in enumerate(raw if isinstance(raw, list) else []):
        at = ("tables", index)
        if not isinstance(table, dict) or not checker.clean(table):
            continue
        table_id = table["id"]
        if table_id in specs or normalize_heading(table_id) in taken:
            checker.report("grant_table_id_taken", (*at, "id"), value=table_id)
            continue
        columns = []
        ids = {"centre", "centre_id"}
        headings = {normalize_heading(table["recipient"]), "id"}
        for number, column in enumerate(table["columns"] if _valid(table["columns"]) else []):
            if not isinstance(column, dict) or not checker.clean(column):
                continue
            shown = column["heading"] if isinstance(column["heading"], list) else [column["heading"]]
            if not all(isinstance(h, str) for h in shown):
                continue
            folded = {normalize_heading(h) for h in shown}
            if column["id"] in ids or folded & headings:
                checker.report("grant_duplicate_column", (*at, "columns", number), table=table_id, value=column["id"])
                continue
            ids.add(column["id"])
            headings |= folded
            columns.append(Declared(column["id"], tuple(h.strip() for h in shown), column["kind"], column["unit"]))
        specs[table_id] = declared(table_id, table["recipient"].strip(), tuple(columns))
        files[table_id] = table["file"].strip()
    return specs, files


def _recipients(raw: dict, spec: TableSpec, language: str) -> Recipients:
    """The grant file's words for the recipients (in its ``language``; in the other, their
    translation or the general word), else the words of the table that lists them."""
    noun, plural = (raw["noun"].strip(), raw["plural"].strip()) if _valid(raw) else ("", "")
    if noun:
        return Recipients(*texts.grant_nouns(noun, plural, language), spec.name)
    if any(spec.noun):
        return Recipients(spec.noun, spec.plural, spec.name)
    return Recipients(*texts.DEFAULT_NOUNS, spec.name)  # a declared table, no [recipients] noun


def _approval(raw: object, checker: _Checker) -> ApprovalRule:
    """``[approval]``: each approver once, and no more approvals required than there are approvers."""
    if raw is None or not _valid(raw) or not isinstance(raw, dict):
        return ApprovalRule()
    names = [name for name in raw["approvers"] if _valid(name)] if _valid(raw["approvers"]) else []
    seen: set[str] = set()
    for index, name in enumerate(names):
        if name.strip().casefold() in seen:
            checker.report("grant_approver_twice", ("approval", "approvers", index), name=name)
        seen.add(name.strip().casefold())
    required = raw["required"] if _valid(raw["required"]) else 1
    if names and required > len(seen):
        checker.report("grant_approval_too_few", ("approval", "required"), required=required, count=len(seen))
    return ApprovalRule(tuple(name.strip() for name in names), required)


def _categories(raw: object, checker: _Checker) -> tuple[Category, ...]:
    """``categories = ["Name", { id = "sabo", name = "Name" }, ...]``: a plain name gets the id
    ``layout.category_id`` derives from it, so older grant files keep working. Two categories
    with one id, or names that differ in case or spacing alone, would share a column."""
    found: list[Category] = []
    ids: set[str] = set()
    names: set[str] = set()
    for index, item in enumerate(raw if isinstance(raw, list) else []):
        if isinstance(item, str):
            category = Category(category_id(item), item)
        elif isinstance(item, dict) and _valid(item["name"], item["id"]):
            category = Category(item["id"] or category_id(item["name"]), item["name"])
        else:
            continue
        folded = " ".join(category.name.split()).casefold()
        if category.id in ids or folded in names:
            checker.report("grant_duplicate_category", ("follow_up", "categories", index), value=category.name)
        ids.add(category.id)
        names.add(folded)
        found.append(category)
    return tuple(found)


def _pool(raw: dict, index: int, default_rounding: str, specs: dict[str, TableSpec], checker: _Checker) -> Pool | None:
    before = len(checker.problems)
    at = ("pools", index)
    pool_id, key = raw["id"], raw["key"]
    if _valid(pool_id) and not _POOL_ID.match(pool_id):
        checker.report("grant_bad_pool_id", (*at, "id"), value=pool_id)
    table, field = _column(key, (*at, "key"), specs, checker) if _valid(key) and key != EQUAL else (key, "")
    spec = specs.get(table) if isinstance(table, str) else None
    if spec is not None and raw["weight"] == "months" and spec.months_field is None:
        checker.report(
            "grant_weight_without_months",
            (*at, "weight"),
            table=table,
            allowed=", ".join(n for n, s in specs.items() if s.months_field),
        )
    elif table == EQUAL and raw["weight"] == "months":
        checker.report("grant_weight_without_months", (*at, "weight"), table=EQUAL, allowed="")
    elif spec is not None and (field or spec.key_field) in spec.key_fields and _valid(raw["rate"]) and raw["rate"]:
        if spec.column(field or spec.key_field).kind == DECIMAL:
            # A rate pays whole kronor per whole unit: a decimal key has no whole units to pay for.
            checker.report("grant_rate_decimal_key", (*at, "rate"), value=key)
    if _valid(raw["cap"]) and raw["cap"] is not None and raw["rate"] is None:
        checker.report("grant_cap_without_rate", (*at, "cap"))
    eligible = raw["eligible"]
    threshold: dict = {}
    if isinstance(eligible, dict):
        threshold = _threshold(eligible, (*at, "eligible"), specs, checker)
    if len(checker.problems) > before or not checker.clean(raw):
        return None
    pool = Pool(
        id=pool_id,
        name=raw["name"],
        amount=_money(raw["amount"]),
        key=table,
        line=checker.lines.of(at) or 1,
        key_field=field or (spec.key_field if spec is not None and spec.declared else ""),
        rounding=raw["rounding"] or default_rounding,
        rate=raw["rate"],
        cap=True if raw["cap"] is None else raw["cap"],
        eligible="threshold" if threshold else eligible,
        weight=raw["weight"],
        fixed=_money(raw["fixed"]),
        minimum=_money(raw["minimum"]),
        maximum=_money(raw["maximum"]),
        unit=_money(raw["unit"]),
        ties=raw["ties"],
        seed=raw["seed"],
        **threshold,
    )
    _rules(pool, raw, at, checker)
    return None if len(checker.problems) > before else pool


def _money(value: int | Decimal | None) -> Any:
    """A setting of money exactly: an int when whole, else a Fraction (at most two decimals)."""
    if value is None:
        return None
    exact = Fraction(value)
    return exact.numerator if exact.denominator == 1 else exact


def _column(key: str, at: tuple, specs: dict[str, TableSpec], checker: _Checker) -> tuple[str, str]:
    """ "table" or "table.column" named by a pool's key or threshold: the table and the column,
    a count or decimal column of a built-in or declared table."""
    table, _, field = key.strip().partition(".")
    spec = specs.get(table)
    if spec is None:
        checker.report("grant_bad_value", at, key=at[-1], value=key, allowed=", ".join((*specs, EQUAL)))
    elif (field or spec.key_field) not in spec.key_fields:
        checker.report(
            "grant_unknown_column",
            at,
            value=key,
            table=table,
            allowed=", ".join(f"{table}.{f}" for f in spec.key_fields if f),
        )
    return table, field


def _threshold(raw: dict, at: tuple, specs: dict[str, TableSpec], checker: _Checker) -> dict:
    """``eligible = { column = "t.c", at_least = ..., at_most = ... }`` as Pool fields."""
    if not checker.clean(raw):
        return {}
    table, field = _column(raw["column"], (*at, "column"), specs, checker)
    if raw["at_least"] is None and raw["at_most"] is None:
        checker.report("grant_threshold_without_bound", at)
        return {}
    bounds = {
        name: raw[name] if raw[name] in (None, MEDIAN) else Fraction(raw[name]) for name in ("at_least", "at_most")
    }
    return {"eligible_column": f"{table}.{field or specs[table].key_field}" if table in specs else "", **bounds}


def _rules(pool: Pool, raw: dict, at: tuple, checker: _Checker) -> None:
    """The rules between a pool's amounts: each a whole number of units, a minimum not above
    the maximum; the rules that depend on the recipients (n × fixed) are checked on loading."""
    if pool.unit is not None and pool.unit <= 0:
        checker.report(
            "grant_out_of_range",
            (*at, "unit"),
            key="unit",
            value=raw["unit"],
            least="0,01",
            most=MONEY_LIMIT,
            example=SCHEMA["pools[].unit"].example,
        )
        return
    if pool.unit is not None and pool.rounding == "ore" and pool.unit != Fraction(1, 100):
        checker.report("grant_ore_with_unit", (*at, "unit"), unit=_shown(raw["unit"]))
        return
    if pool.rate is not None and pool.has_rules:
        checker.report("grant_rules_with_rate", (*at, "rate"))
    unit = pool.payout_unit
    for name in ("amount", "fixed", "minimum", "maximum"):
        value = getattr(pool, name)
        if value is not None and value % unit:
            checker.report(
                "grant_not_multiple_of_unit",
                (*at, name),
                key=name,
                value=_shown(raw[name]),
                unit=_shown(raw["unit"] if raw["unit"] is not None else unit),
            )
    if pool.minimum is not None and pool.maximum is not None and pool.minimum > pool.maximum:
        checker.report(
            "grant_minimum_above_maximum",
            (*at, "minimum"),
            minimum=_shown(raw["minimum"]),
            maximum=_shown(raw["maximum"]),
        )
    if pool.fixed is not None and pool.maximum is not None and pool.fixed > pool.maximum:
        checker.report(
            "grant_fixed_above_maximum", (*at, "fixed"), fixed=_shown(raw["fixed"]), maximum=_shown(raw["maximum"])
        )
    if pool.ties == "lot" and pool.seed is None:
        checker.report("grant_lot_without_seed", (*at, "ties"))
    if pool.amount < EXACT_LIMIT and pool.units(pool.amount) > ENGINE_LIMIT:
        checker.report(
            "grant_amount_beyond_engines",
            (*at, "amount"),
            value=_shown(raw["amount"]),
            most=ENGINE_LIMIT // pool.scale,
            example=SCHEMA["pools[].amount"].example,
        )


def _centres_table(pools: list[Pool], recipients: object, specs: dict[str, TableSpec], checker: _Checker) -> str:
    """The table that lists the recipients: ``[recipients] table``; else the built-in one a pool's
    key names (listed 80+, regions); else the first declared table a pool's key names; else listed 80+."""
    named = recipients["table"] if isinstance(recipients, dict) and _valid(recipients["table"]) else ""
    if named:
        if named not in specs:
            checker.report(
                "grant_bad_value", ("recipients", "table"), key="table", value=named, allowed=", ".join(specs)
            )
            return DEFAULT_CENTRES_TABLE
        return named
    defining = sorted({pool.key for pool in pools if pool.key in TABLES and TABLES[pool.key].defines_centres})
    if len(defining) > 1:
        checker.report("grant_two_recipient_lists", ("inputs",), tables=", ".join(defining))
    own = [pool.key for pool in pools if pool.key in specs and specs[pool.key].declared]
    return defining[0] if defining else own[0] if own else DEFAULT_CENTRES_TABLE


def _input_files(
    inputs: dict, pools: list[Pool], centres_table: str, declared_files: dict[str, str], checker: _Checker
) -> dict[str, str]:
    """Every built-in table a pool uses, plus the table that lists the centres, needs a file
    under [inputs]; a declared table names its own. Each lies in the inputs folder unless
    ``outside_folder`` says otherwise."""
    needed = ({pool.key for pool in pools if pool.key != EQUAL} | {centres_table}) - set(declared_files)
    needed |= {pool.eligible_column.partition(".")[0] for pool in pools if pool.eligible_column} - set(declared_files)
    if any(pool.eligible == "has_bed_places" for pool in pools):
        needed.add("bed_places")
    files = {}
    for table in sorted(needed):
        value = inputs[table]
        if value is INVALID:
            continue
        if value is None:
            example = SCHEMA[f"inputs.{table}"].example
            checker.report("grant_missing_key", ("inputs",), key=table, table="[inputs]", example=example)
            continue
        files[table] = value.strip()
    for table, value in inputs.items():
        if isinstance(value, str) and is_outside(value.strip()) and inputs["outside_folder"] is not True:
            checker.report("grant_input_outside", ("inputs", table), value=value)
    for index, value in enumerate(declared_files.values()):
        if is_outside(value) and inputs["outside_folder"] is not True:
            checker.report("grant_input_outside", ("tables", index, "file"), value=value)
    return {**files, **declared_files}


def is_outside(name: str) -> bool:
    """Whether an [inputs] file name leads out of the inputs folder (absolute, or through ..)."""
    paths: tuple[PurePath, ...] = (PurePosixPath(name), PureWindowsPath(name))
    return any(p.is_absolute() or p.anchor or ".." in p.parts for p in paths)


class _Checker:
    """Walks a parsed grant file along ``SCHEMA``, filling in defaults and collecting problems."""

    def __init__(self, file: str, lines: _Lines, problems: list[Problem]) -> None:
        self.file, self.lines, self.problems = file, lines, problems
        self._before = len(problems)

    @property
    def found_any(self) -> bool:
        return len(self.problems) > self._before

    def report(self, kind: str, at: tuple, **params: object) -> None:
        self.problems.append(problem(kind, Location(self.file, line=self.lines.of(at)), **params))

    def walk(self, value: object, pattern: str, at: tuple) -> Any:
        """``value`` checked against the schema row ``pattern``; tables get their defaults.

        Descends only into settings the schema knows, so its depth is the schema's.
        """
        row = SCHEMA[pattern]
        kind = _kind(value)
        if kind not in row.kinds:
            self._wrong_type(row, at, value, kind)
            return INVALID
        if isinstance(value, dict):
            return self._table(value, pattern, at)
        if isinstance(value, list):
            self._bounds(row, at, len(value), "grant_list_length", value)
            return [self.walk(item, pattern + "[]", (*at, index)) for index, item in enumerate(value)]
        if isinstance(value, str) and row.allowed:  # one of a few words: that is the only problem to name
            if value not in row.allowed:
                self.report("grant_bad_value", at, key=at[-1], value=_shown(value), allowed=", ".join(row.allowed))
        elif isinstance(value, str):
            self._bounds(row, at, len(value) if value.strip() else 0, "grant_text_length", value)
            control = _CONTROL.search(value)
            if control:
                char = f"U+{ord(control.group()):04X}"
                self.report("grant_control_character", at, key=_key_name(at), char=char, example=row.example)
        elif isinstance(value, int) and kind == INT or isinstance(value, Decimal) and value.is_finite():
            self._bounds(row, at, value, "grant_out_of_range", value)
        if row.form is not None and not re.fullmatch(row.form, str(value).strip()):
            self.report("grant_bad_form", at, key=_key_name(at), value=_shown(value), example=row.example)
        return value

    def _table(self, value: dict, pattern: str, at: tuple) -> dict:
        children = _CHILDREN.get(pattern, {})
        result = {}
        for key, item in value.items():
            child = children.get(key)
            if child is None:
                self._unknown(key, at, list(children))
                continue
            result[key] = self.walk(item, child, (*at, key))
        for key, child in children.items():
            if key not in value:
                default = SCHEMA[child].default
                if default is REQUIRED:
                    self.report("grant_missing_key", at, key=key, table=_table_name(at), example=SCHEMA[child].example)
                    result[key] = INVALID
                else:
                    result[key] = self.walk(default, child, (*at, key)) if isinstance(default, dict) else default
        return result

    def clean(self, table: dict) -> bool:
        """Whether every setting of ``table`` (not its subtables) passed the walk."""
        return all(_valid(value) for value in table.values())

    def _unknown(self, key: str, at: tuple, known: list[str]) -> None:
        near = difflib.get_close_matches(key, known, n=1, cutoff=0.6)
        params = {"key": key[:60], "table": _table_name(at), "allowed": ", ".join(known)}
        if near:
            self.report("grant_unknown_key_near", (*at, key), suggestion=near[0], **params)
        else:
            self.report("grant_unknown_key", (*at, key), **params)

    def _wrong_type(self, row: Setting, at: tuple, value: object, kind: str) -> None:
        self.report(
            "grant_wrong_type",
            at,
            key=_key_name(at),
            expected=Term(tuple(f"type_{k}" for k in row.kinds)),
            found=Term((f"type_{kind}",)),
            value=_shown(value),
            example=row.example,
        )

    def _bounds(self, row: Setting, at: tuple, measure: int | Decimal, kind: str, value: object) -> None:
        low = row.least if row.least is not None else measure
        high = row.most if row.most is not None else measure
        if not low <= measure <= high:
            self.report(
                kind,
                at,
                key=_key_name(at),
                value=_shown(value),
                measure=measure,
                least=low,
                most=high,
                example=row.example,
            )


# Control characters other than tab and line breaks: a workbook stores them escaped, and
# they show as nothing or as a box; typed into a grant file they are a mistake.
_CONTROL = re.compile(r"[\x00-\x08\x0b\x0c\x0e-\x1f\x7f-\x9f]")


def _kind(value: object) -> str:
    if isinstance(value, bool):
        return BOOL
    if isinstance(value, int):
        return INT
    if isinstance(value, str):
        return TEXT
    if isinstance(value, dict):
        return TABLE
    if isinstance(value, list):
        return LIST
    if isinstance(value, dt.datetime):
        return "datetime"
    if isinstance(value, dt.date):
        return DATE
    if isinstance(value, dt.time):
        return "time"
    return "float"


def _key_name(at: tuple) -> str:
    """ "year", "categories[3]": the setting as its line shows it, list elements counted from 1."""
    if not at:
        return ""
    if isinstance(at[-1], int):
        return f"{_key_name(at[:-1])}[{at[-1] + 1}]"
    return str(at[-1])


def _table_name(at: tuple) -> object:
    if not at:
        return Term(("grant_top_level",))
    if isinstance(at[-1], int):
        return f"[[{'.'.join(str(p) for p in at[:-1])}]]"
    return f"[{'.'.join(str(p) for p in at if not isinstance(p, int))}]"


_REPR = reprlib.Repr()
_REPR.maxstring = _REPR.maxother = 60
_REPR.maxlevel = 2


def _shown(value: object) -> str:
    """A value as a message quotes it: short, whatever the file holds."""
    return str(value) if isinstance(value, Decimal) else _REPR.repr(value)


class _Lines:
    """Where each setting stands in the grant file: a path ("pools", 1, "amount") -> line.

    Follows table headers, ``key = value`` lines and the elements of a list written over
    several lines; a setting it cannot place is given its table's line.
    """

    _HEADER = re.compile(r"^\s*(\[\[?)\s*([^\[\]]+?)\s*\]\]?\s*(#.*)?$")
    _KEY = re.compile(
        r"^\s*((?:[A-Za-z0-9_-]+|\"[^\"]*\"|'[^']*')(?:\s*\.\s*(?:[A-Za-z0-9_-]+|\"[^\"]*\"|'[^']*'))*)\s*=(.*)$"
    )

    def __init__(self, text: str) -> None:
        self._at: dict[tuple, int] = {}
        prefix: tuple[str | int, ...] = ()
        counts: dict[tuple[str | int, ...], int] = {}
        listing: tuple | None = None  # a list written over several lines
        element = depth = 0  # the next element's index; how deep inside it the scan is
        for number, line in enumerate(text.splitlines(), start=1):
            if listing is not None:
                for mark in _LIST_TOKENS.findall(line):
                    if mark.startswith("#"):
                        break
                    if mark == "," and depth == 0:
                        element += 1
                    elif mark in "[{":
                        depth += 1
                    elif mark in "]}":
                        depth -= 1
                        if depth < 0:
                            listing = None
                            break
                    if depth == 0 and mark not in ",]}" or mark in "[{" and depth == 1:
                        self._at.setdefault((*listing, element), number)
                continue
            header = self._HEADER.match(line)
            if header:
                parts: tuple[str | int, ...] = _key_parts(header.group(2))
                if header.group(1) == "[[":
                    index = counts.get(parts, 0)
                    counts[parts] = index + 1
                    self._at.setdefault(parts, number)
                    parts = (*parts, index)
                prefix = parts
                for end in range(1, min(len(prefix), MAX_NESTING) + 1):  # [a.b] also places a
                    self._at.setdefault(prefix[:end], number)
                self._at.setdefault(prefix, number)
                continue
            key = self._KEY.match(line)
            if key:
                path = (*prefix, *_key_parts(key.group(1)))
                self._at.setdefault(path, number)
                if key.group(2).split("#")[0].strip() == "[":
                    listing, element, depth = path, 0, 0

    def of(self, at: tuple) -> int | None:
        for end in range(len(at), 0, -1):
            if at[:end] in self._at:
                return self._at[at[:end]]
        return None


# A list's lines, token by token: strings, comments, brackets, commas, bare values.
_LIST_TOKENS = re.compile(r'"(?:\\.|[^"\\])*"|\'[^\']*\'|#.*|[\[\]{},]|[^\s\[\]{},#"\']+')


def _key_parts(dotted: str) -> tuple[str, ...]:
    return tuple(part.strip().strip("\"'") for part in re.findall(r"\"[^\"]*\"|'[^']*'|[^.]+", dotted))


_TOKENS = re.compile(r'"""(?:\\.|[^\\])*?"""|\'\'\'.*?\'\'\'|"(?:\\.|[^"\\\n])*"|\'[^\'\n]*\'|#[^\n]*|[\[\]{}\n]', re.S)


def _too_deep(text: str) -> int | None:
    """The line where lists and inline tables nest deeper than any setting does, if any.

    Checked before parsing: the parser recurses once per level.
    """
    depth, line = 0, 1
    for token in _TOKENS.finditer(text):
        mark = token.group()
        if mark in "[{":
            depth += 1
            if depth > MAX_NESTING:
                return line
        elif mark in "]}":
            depth = max(depth - 1, 0)
        line += mark.count("\n")
    return None


def _decode(data: bytes, file: str, problems: list[Problem]) -> str | None:
    """The grant file's text; a file saved in another encoding is named, not misread."""
    for bom, encoding in ((codecs.BOM_UTF32_LE, "UTF-32"), (codecs.BOM_UTF32_BE, "UTF-32")):
        if data.startswith(bom):
            problems.append(problem("grant_encoding", Location(file), encoding=encoding))
            return None
    utf16 = data.startswith((codecs.BOM_UTF16_LE, codecs.BOM_UTF16_BE)) or (
        len(data) > 1 and data.count(0) * 3 > len(data)
    )
    if utf16:
        problems.append(problem("grant_encoding", Location(file), encoding="UTF-16"))
        return None
    try:
        return data.decode("utf-8-sig")
    except UnicodeDecodeError as error:
        line = data[: error.start].count(b"\n") + 1
        problems.append(problem("grant_encoding", Location(file, line=line), encoding="Windows-1252 (Latin-1)"))
        return None


def _line_from_toml_error(message: str) -> int | None:
    match = re.search(r"line (\d+)", message)
    return int(match.group(1)) if match else None


def children(pattern: str) -> dict[str, str]:
    """The settings a table of the schema holds: key -> schema path ("" is the file's top level;
    a list's element is "[]")."""
    return _CHILDREN.get(pattern, {})


def setting_lines(text: str) -> Callable[[tuple], int | None]:
    """For a grant file's ``text``: the line a setting ("pools", 1, "amount") stands on, as
    the problems with it name it."""
    return _Lines(text).of


def schema_paths() -> Iterator[str]:
    """Every setting the grant file may hold, as written in a table header or a key."""
    return (path for path in SCHEMA if path and not path.endswith("[]"))
