"""The grant definition: what is split, by which key, and how centres report back.

Read from a TOML file (``inputs/grant.toml``). Problems are collected with the
file and line they stand on.
"""

from __future__ import annotations

import datetime as dt
import re
import tomllib
from pathlib import Path
from typing import NamedTuple

from grantsheet import texts
from grantsheet.errors import Location, Problem, problem
from grantsheet.layout import CATEGORY_ID, Category, category_id
from grantsheet.tables import DEFAULT_CENTRES_TABLE, TABLES

# largest_remainder: whole kronor, the leftover to the largest remainders (Hamilton);
# floor: whole kronor rounded down, the leftover is not paid (reported as residual);
# ore: largest remainder in öre (1/100 kr), payouts in kronor with two decimals.
ROUNDING_METHODS = ("largest_remainder", "floor", "ore")
ELIGIBILITY = ("all", "has_bed_places", "region_run")
WEIGHTS = ("none", "months")
POOL_KEYS = ("id", "name", "amount", "key", "rounding", "rate", "cap", "eligible", "weight")
LANGUAGES = ("sv", "en")
_POOL_ID = re.compile(r"^[a-z][a-z0-9_]{0,30}$")


class Pool(NamedTuple):
    id: str
    name: str
    amount: int
    key: str  # name of the input table whose count column is the key
    line: int  # where the pool's table starts in the grant file
    key_field: str = ""  # the table's COUNT column summed as key ("" = the table's default)
    rounding: str = "largest_remainder"
    rate: int | None = None  # whole kronor per key unit, instead of a share of the amount
    cap: bool = True  # with a rate: pay at most the amount (scaled down to fit)
    eligible: str = "all"
    weight: str = "none"  # "months": the key counts place-months (count × months held)

    @property
    def amount_name(self) -> str:
        """The workbook's defined name for this pool's amount."""
        return f"belopp_{self.id}"

    @property
    def rate_name(self) -> str:
        """The workbook's defined name for this pool's rate per unit (pools with a rate)."""
        return f"sats_{self.id}"

    @property
    def field(self) -> str:
        return self.key_field or TABLES[self.key].key_field

    @property
    def key_text(self) -> str:
        """Suffix of the key's and unit's texts: the table, or table_field for another column."""
        return self.key if self.field == TABLES[self.key].key_field else f"{self.key}_{self.field}"

    @property
    def scale(self) -> int:
        """Money units per krona this pool is allocated in."""
        return 100 if self.rounding == "ore" else 1


class Decision(NamedTuple):
    body: str
    reference: str
    paragraph: str
    date: dt.date | None

    def describe(self, lang: str) -> str:
        """One line for sheet subtitles and print footers: "Beslut: Regionstyrelsen RS 396-2022 § 70"."""
        date = f", {self.date.isoformat()}" if self.date else ""
        return texts.text(
            "decision_line", lang, body=self.body, reference=self.reference, paragraph=self.paragraph, date=date
        )


class Ledger(NamedTuple):
    """``[ledger]``: how the payouts are booked (``grantsheet export --sie``)."""

    cost_account: str  # debited per centre, on the centre's cost-centre object
    counter_account: str  # credited with the total (the counter entry)
    dimension: int = 1  # SIE dimension of the cost-centre objects (1 = Kostnadsställe)
    series: str = ""  # verification series; empty lets the ledger program choose
    date: dt.date | None = None  # voucher date; none: the day the file is written
    text: str = ""  # voucher text; empty: the grant's title


class Setting(NamedTuple):
    """One key of an optional settings table of the grant file."""

    kind: str  # "text", "account", "int", "bool", "date"
    default: object = None
    required: bool = False


LEDGER_SETTINGS = {
    "cost_account": Setting("account", required=True),
    "counter_account": Setting("account", required=True),
    "dimension": Setting("int", 1),
    "series": Setting("text", ""),
    "date": Setting("date"),
    "text": Setting("text", ""),
}
_ACCOUNT = re.compile(r"^[0-9]{1,10}$")


class Grant(NamedTuple):
    year: int
    title: str
    organisation: str
    decision: Decision
    pools: tuple[Pool, ...]
    rounding: str
    follow_up_deadline: dt.date | None
    follow_up_categories: tuple[Category, ...]
    input_files: dict[str, str]  # table name -> file name inside the inputs folder
    example_data: bool
    language: str
    centres_table: str = DEFAULT_CENTRES_TABLE  # the input table that lists the recipients
    ledger: Ledger | None = None

    @property
    def recipient(self) -> str:
        """ "centre" or "region": what the workbook calls the rows it pays."""
        return TABLES[self.centres_table].recipient


def read_grant(path: Path, problems: list[Problem]) -> Grant | None:
    """Read and check the grant file; append problems, return None if unusable."""
    name = path.name
    if not path.is_file():
        problems.append(problem("grant_missing", Location(name)))
        return None
    text = path.read_text(encoding="utf-8-sig")
    try:
        raw = tomllib.loads(text)
    except tomllib.TOMLDecodeError as error:
        line = _line_from_toml_error(str(error))
        problems.append(problem("grant_syntax", Location(name, line=line), detail=str(error)))
        return None
    before = len(problems)
    lines = _GrantLines(text)
    grant_table = _table(raw, "grant", name, problems)
    decision_table = _table(raw, "decision", name, problems)
    follow_up = _table(raw, "follow_up", name, problems)
    inputs = _table(raw, "inputs", name, problems)
    rounding = raw.get("rounding", {}).get("method", "largest_remainder")
    if rounding not in ROUNDING_METHODS:
        problems.append(
            problem(
                "grant_bad_value",
                Location(name, line=lines.of("method")),
                key="method",
                value=rounding,
                allowed=", ".join(ROUNDING_METHODS),
            )
        )
        rounding = "largest_remainder"
    pools = _read_pools(raw.get("pools"), name, lines, problems, rounding)
    centres_table = _centres_table(pools, name, lines, problems)
    input_files = _read_input_files(inputs, pools, centres_table, name, lines, problems)
    categories = _read_categories(follow_up.get("categories", ()), name, lines, problems)
    language = grant_table.get("language", "sv")
    if language not in LANGUAGES:
        problems.append(
            problem(
                "grant_bad_value",
                Location(name, line=lines.of("language")),
                key="language",
                value=language,
                allowed=", ".join(LANGUAGES),
            )
        )
    ledger = _read_settings(raw, "ledger", LEDGER_SETTINGS, name, lines, problems)
    year = grant_table.get("year")
    if not isinstance(year, int):
        problems.append(
            problem("grant_missing_key", Location(name, line=lines.of("[grant]")), key="year", table="grant")
        )
    if len(problems) > before:
        return None
    return Grant(
        year=year,
        title=str(grant_table.get("title", "")),
        organisation=str(grant_table.get("organisation", "")),
        decision=Decision(
            body=str(decision_table.get("body", "")),
            reference=str(decision_table.get("reference", "")),
            paragraph=str(decision_table.get("paragraph", "")),
            date=_date_or_none(decision_table.get("date")),
        ),
        pools=tuple(pools),
        rounding=rounding,
        follow_up_deadline=_date_or_none(follow_up.get("deadline")),
        follow_up_categories=categories,
        input_files=input_files,
        example_data=bool(grant_table.get("example_data", False)),
        language=language,
        centres_table=centres_table,
        ledger=Ledger(**ledger) if ledger is not None else None,
    )


class _GrantLines:
    """Finds the line a key stands on, so grant-file problems can name it."""

    def __init__(self, text: str) -> None:
        self._lines = text.splitlines()

    def of(self, needle: str, start: int = 1) -> int | None:
        pattern = re.compile(rf"^\s*{re.escape(needle)}(\s*=|\s*$)")
        for number, line in enumerate(self._lines[start - 1 :], start=start):
            if pattern.search(line) or (needle.startswith("[") and line.strip() == needle):
                return number
        return None

    def pool_starts(self) -> list[int]:
        return [n for n, line in enumerate(self._lines, start=1) if line.strip() == "[[pools]]"]


def _table(raw: dict, key: str, file: str, problems: list[Problem]) -> dict:
    value = raw.get(key, {})
    if not isinstance(value, dict):
        problems.append(problem("grant_bad_table", Location(file), table=key))
        return {}
    return value


def _read_pools(raw_pools: object, file: str, lines: _GrantLines, problems: list[Problem], rounding: str) -> list[Pool]:
    if not isinstance(raw_pools, list) or not raw_pools:
        problems.append(problem("grant_no_pools", Location(file)))
        return []
    starts = lines.pool_starts()
    pools = []
    for index, raw in enumerate(raw_pools):
        start = starts[index] if index < len(starts) else 1
        pool = _read_pool(raw, file, start, lines, problems, rounding)
        if pool is not None:
            pools.append(pool)
    seen: set[str] = set()
    for pool in pools:
        if pool.id in seen:
            problems.append(problem("grant_duplicate_pool", Location(file, line=pool.line), pool=pool.id))
        seen.add(pool.id)
    return pools


def _read_pool(
    raw: object, file: str, start: int, lines: _GrantLines, problems: list[Problem], default_rounding: str
) -> Pool | None:
    before = len(problems)

    def where(key: str) -> Location:
        return Location(file, line=lines.of(key, start) or start)

    if not isinstance(raw, dict):
        problems.append(problem("grant_bad_table", Location(file, line=start), table="pools"))
        return None
    for key in ("id", "name", "amount", "key"):
        if key not in raw:
            problems.append(problem("grant_missing_key", Location(file, line=start), key=key, table="pools"))
    for key in raw:
        if key not in POOL_KEYS:
            problems.append(problem("grant_unknown_pool_key", where(key), key=key, allowed=", ".join(POOL_KEYS)))
    if len(problems) > before:
        return None
    pool_id, amount, key = raw["id"], raw["amount"], raw["key"]
    if not isinstance(pool_id, str) or not _POOL_ID.match(pool_id):
        problems.append(problem("grant_bad_pool_id", where("id"), value=pool_id))
    if isinstance(amount, bool) or not isinstance(amount, int) or amount < 0:
        problems.append(problem("grant_bad_amount", where("amount"), value=amount))
    table, _, field = str(key).partition(".")
    if table not in TABLES:
        problems.append(problem("grant_bad_value", where("key"), key="key", value=key, allowed=", ".join(TABLES)))
    elif field and field not in TABLES[table].key_fields:
        problems.append(
            problem(
                "grant_unknown_column",
                where("key"),
                value=key,
                table=table,
                allowed=", ".join(f"{table}.{f}" for f in TABLES[table].key_fields),
            )
        )
    rounding = raw.get("rounding", default_rounding)
    if rounding not in ROUNDING_METHODS:
        problems.append(
            problem(
                "grant_bad_value",
                where("rounding"),
                key="rounding",
                value=rounding,
                allowed=", ".join(ROUNDING_METHODS),
            )
        )
    rate = raw.get("rate")
    if rate is not None and (isinstance(rate, bool) or not isinstance(rate, int) or rate <= 0):
        problems.append(problem("grant_bad_rate", where("rate"), value=rate))
    cap = raw.get("cap", True)
    if not isinstance(cap, bool):
        problems.append(problem("grant_bad_value", where("cap"), key="cap", value=cap, allowed="true, false"))
    elif "cap" in raw and rate is None:
        problems.append(problem("grant_cap_without_rate", where("cap")))
    eligible = raw.get("eligible", "all")
    if eligible not in ELIGIBILITY:
        problems.append(
            problem(
                "grant_bad_value", where("eligible"), key="eligible", value=eligible, allowed=", ".join(ELIGIBILITY)
            )
        )
    weight = raw.get("weight", "none")
    if weight not in WEIGHTS:
        problems.append(
            problem("grant_bad_value", where("weight"), key="weight", value=weight, allowed=", ".join(WEIGHTS))
        )
    elif weight == "months" and table in TABLES and TABLES[table].months_field is None:
        problems.append(
            problem(
                "grant_weight_without_months",
                where("weight"),
                table=table,
                allowed=", ".join(n for n, spec in TABLES.items() if spec.months_field),
            )
        )
    if len(problems) > before:
        return None
    return Pool(
        id=pool_id,
        name=str(raw["name"]),
        amount=amount,
        key=table,
        line=start,
        key_field=field,
        rounding=rounding,
        rate=rate,
        cap=cap,
        eligible=eligible,
        weight=weight,
    )


def _centres_table(pools: list[Pool], file: str, lines: _GrantLines, problems: list[Problem]) -> str:
    """The table that lists the recipients: the one a pool's key names, else the default."""
    defining = sorted({pool.key for pool in pools if TABLES[pool.key].defines_centres})
    if len(defining) > 1:
        problems.append(
            problem("grant_two_recipient_lists", Location(file, line=lines.of("[inputs]")), tables=", ".join(defining))
        )
    return defining[0] if defining else DEFAULT_CENTRES_TABLE


def _read_input_files(
    inputs: dict, pools: list[Pool], centres_table: str, file: str, lines: _GrantLines, problems: list[Problem]
) -> dict[str, str]:
    """Every table a pool uses, plus the table that lists the centres, needs a file."""
    needed = {pool.key for pool in pools} | {centres_table}
    if any(pool.eligible == "has_bed_places" for pool in pools):
        needed.add("bed_places")
    files = {}
    for table in sorted(needed):
        value = inputs.get(table)
        if not isinstance(value, str) or not value.strip():
            problems.append(
                problem("grant_missing_key", Location(file, line=lines.of("[inputs]")), key=table, table="inputs")
            )
            continue
        files[table] = value.strip()
    return files


def _read_settings(
    raw: dict, table: str, settings: dict[str, Setting], file: str, lines: _GrantLines, problems: list[Problem]
) -> dict[str, object] | None:
    """An optional settings table checked against ``settings``; None when the file has no such table."""
    if table not in raw:
        return None
    values = _table(raw, table, file, problems)
    start = lines.of(f"[{table}]") or 1
    found: dict[str, object] = {}
    for key in values:
        if key not in settings:
            problems.append(
                problem(
                    "grant_unknown_key",
                    Location(file, line=lines.of(key, start) or start),
                    key=key,
                    table=table,
                    allowed=", ".join(settings),
                )
            )
    for key, setting in settings.items():
        if key not in values:
            if setting.required:
                problems.append(problem("grant_missing_key", Location(file, line=start), key=key, table=table))
            found[key] = setting.default
            continue
        value = _setting_value(values[key], setting.kind)
        if value is None:
            problems.append(
                problem(
                    f"grant_bad_{setting.kind}",
                    Location(file, line=lines.of(key, start) or start),
                    key=key,
                    table=table,
                    value=values[key],
                )
            )
        found[key] = value
    return found


def _setting_value(value: object, kind: str) -> object:
    """``value`` as a ``kind`` setting, or None when it is not one."""
    if kind == "bool":
        return value if isinstance(value, bool) else None
    if kind == "int":
        return value if isinstance(value, int) and not isinstance(value, bool) and value >= 0 else None
    if kind == "date":
        return value if isinstance(value, dt.date) and not isinstance(value, dt.datetime) else None
    if kind == "account":
        text = str(value).strip() if isinstance(value, (str, int)) and not isinstance(value, bool) else ""
        return text if _ACCOUNT.match(text) else None
    return value if isinstance(value, str) else None


def _read_categories(raw: object, file: str, lines: _GrantLines, problems: list[Problem]) -> tuple[Category, ...]:
    """``categories = ["Name", { id = "sabo", name = "Name" }, ...]``: a plain name gets the id
    ``layout.category_id`` derives from it, so older grant files keep working."""
    where = Location(file, line=lines.of("categories"))
    items = raw if isinstance(raw, (list, tuple)) else [raw]
    found: list[Category] = []
    for item in items:
        if isinstance(item, str) and item.strip():
            found.append(Category(category_id(item), item))
        elif isinstance(item, dict) and isinstance(item.get("name"), str) and item["name"].strip():
            given = item.get("id", category_id(item["name"]))
            if not isinstance(given, str) or not CATEGORY_ID.fullmatch(given):
                problems.append(problem("grant_bad_category_id", where, value=given))
                continue
            found.append(Category(given, item["name"]))
        else:
            problems.append(problem("grant_bad_category", where, value=item))
    for index, category in enumerate(found):
        if any(c.id == category.id or c.name == category.name for c in found[:index]):
            problems.append(problem("grant_duplicate_category", where, value=category.name))
    return tuple(found)


def _date_or_none(value: object) -> dt.date | None:
    return value if isinstance(value, dt.date) else None


def _line_from_toml_error(message: str) -> int | None:
    match = re.search(r"line (\d+)", message)
    return int(match.group(1)) if match else None
