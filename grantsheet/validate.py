"""Turn raw rows into typed, matched records, collecting every problem on the way.

A count is a whole number >= 0, however the file stored it ("1 204", " 32 ",
1204.0); a decimal a number >= 0 with at most six decimals ("13,04061", 13.04061),
held exactly as a ``Fraction``: a float cell is read by its shortest repr, the number
the officer typed, never by its binary value. Centre names are matched after normalisation (case, spacing, Unicode
form); the table that defines centres lists each once.
"""

from __future__ import annotations

import datetime as dt
import decimal
import math
import re
import unicodedata
from collections.abc import Iterable
from fractions import Fraction
from typing import NamedTuple

from grantsheet import pii
from grantsheet.errors import Location, Problem, problem, warning
from grantsheet.layout import WINDOWS_RESERVED
from grantsheet.read import RawRow, RawTable, cap_problems
from grantsheet.tables import ALIAS_SEPARATORS, COUNT, DATE, DECIMAL, MAX_DECIMALS, Column, TableSpec, strip_invisible

# Spaces Swedish Excel and other exports put inside numbers as thousands separators.
_NUMBER_SPACES = re.compile(r"[\s\u00a0\u202f\u2009\u2007]")
_WHOLE = re.compile(r"^[+-]?\d+([.,]0+)?$")
_DECIMAL = re.compile(r"^[+-]?\d*[.,]\d+$")
_NUMBER = re.compile(r"^[+-]?(\d+|\d*[.,]\d+|\d+[.,])$")
_ISO_DATE = re.compile(r"^\d{4}-\d{2}-\d{2}$")
# A key of ten billion (a population, a sum in kronor) still splits exactly: the workbook's
# formulas split pool × key into quotient and remainder steps below 2**53 (docs/rules.md);
# the pool's total key is held to the same bound when the grant is loaded.
MAX_COUNT = 10_000_000_000


class Centre(NamedTuple):
    id: str
    name: str
    source: Location
    operator: str | None = None  # from the register, when there is one
    cost_centre: str | None = None  # the register's cost-centre object, for the ledger
    email: str | None = None  # the register's address, for the payout letter


class Record(NamedTuple):
    """One input row, typed, with the centre it belongs to."""

    centre_id: str
    values: dict[str, object]  # field -> str | int | date | None, as shown in the workbook
    row: int  # row number in the source sheet

    def count(self, spec: TableSpec) -> int:
        return self.values[spec.key_field]  # type: ignore[return-value]


class Table(NamedTuple):
    spec: TableSpec
    file: str
    sheet: str | None
    records: tuple[Record, ...]  # grouped by centre in calculation order, then by source row


# Cyrillic and Greek letters drawn as a Latin one (Unicode's confusables.txt, limited to the
# letters a Swedish centre name can be mistaken with; å, ä, ö and the other Latin letters with
# marks stay letters of their own). "Вyske hälsocentral" with a Cyrillic В was paid beside
# "Byske hälsocentral" (#26.11). A table rather than a library: two scripts' worth of
# letters, and the whole of confusables.txt would also fold what Swedish keeps apart.
_LOOK_ALIKES = str.maketrans(
    "АВЕЅІЈКМНОРСТХУҮӀԚԜаеорсухіјѕԁһӏԛԝүΑΒΕΖΗΙΚΜΝΟΡΤΥΧαικνορυχ",
    "ABESIJKMHOPCTXYYIQWaeopcyxijsdhlqwyABEZHIKMNOPTYXaikvopux",
)


def name_skeleton(name: str) -> str:
    """The form two names share when they differ only by look-alike letters of another
    script (``_LOOK_ALIKES``), besides what ``normalize_name`` folds."""
    return normalize_name(unicodedata.normalize("NFKC", name).translate(_LOOK_ALIKES))


def normalize_name(name: str) -> str:
    """The form two spellings of one centre name share."""
    text = strip_invisible(unicodedata.normalize("NFKC", name)).casefold()
    return re.sub(r"\s+", " ", text).strip()


def parse_count(value: object) -> tuple[int | None, str | None]:
    """A whole number >= 0, or the problem kind that says why not."""
    if value is None or (isinstance(value, str) and not value.strip()):
        return None, "count_missing"
    if isinstance(value, bool):
        return None, "count_not_a_number"
    if isinstance(value, float):
        if not math.isfinite(value):
            return None, "count_not_a_number"
        if not value.is_integer():
            return None, "count_fractional"
        value = int(value)
    if isinstance(value, str):
        text = _NUMBER_SPACES.sub("", value)
        if _WHOLE.match(text):
            value = int(re.split(r"[.,]", text)[0])
        elif _DECIMAL.match(text):
            return None, "count_fractional"
        else:
            return None, "count_not_a_number"
    if not isinstance(value, int):
        return None, "count_not_a_number"
    if value < 0:
        return None, "count_negative"
    if value > MAX_COUNT:
        return None, "count_too_large"
    return value, None


def parse_decimal(value: object) -> tuple[Fraction | None, str | None]:
    """A number >= 0 with at most MAX_DECIMALS decimals, exact; or the problem kind that says why not.

    A float cell is the double nearest to what was typed; its shortest repr (13.04061) is
    that typed number, so it is read through the repr, never by its binary value.
    """
    if value is None or (isinstance(value, str) and not value.strip()):
        return None, "decimal_missing"
    if isinstance(value, bool):
        return None, "decimal_not_a_number"
    if isinstance(value, float):
        if not math.isfinite(value):
            return None, "decimal_not_a_number"
        written = repr(value)
    elif isinstance(value, int):
        written = str(value)
    elif isinstance(value, str):
        written = _NUMBER_SPACES.sub("", value)
        if not _NUMBER.match(written):
            return None, "decimal_not_a_number"
        written = written.replace(",", ".")
    else:
        return None, "decimal_not_a_number"
    exact = Fraction(decimal.Decimal(written))
    if exact < 0:
        return None, "decimal_negative"
    if exact > MAX_COUNT:
        return None, "decimal_too_large"
    if (exact * 10**MAX_DECIMALS).denominator != 1:
        return None, "decimal_too_many"
    return exact, None


def parse_date(value: object) -> tuple[dt.date | None, str | None]:
    if value is None or (isinstance(value, str) and not value.strip()):
        return None, None
    if isinstance(value, dt.datetime):
        return value.date(), None
    if isinstance(value, dt.date):
        return value, None
    if isinstance(value, str) and _ISO_DATE.match(value.strip()):
        try:
            return dt.date.fromisoformat(value.strip()), None
        except ValueError:
            pass
    return None, "date_invalid"


def parse_text(value: object) -> str | None:
    if value is None:
        return None
    if isinstance(value, float) and value.is_integer():
        value = int(value)
    text = strip_invisible(unicodedata.normalize("NFC", str(value)))
    text = re.sub(r"\s+", " ", text).strip()
    return text or None


def validate(
    raw_tables: dict[str, RawTable], problems: list[Problem], register: RawTable | None = None
) -> tuple[list[Centre], dict[str, Table]]:
    """Typed records per table and the centres in calculation order.

    With a ``register`` (the optional table of ids, official names and aliases), every
    centre name in the inputs is looked up there: the register settles spellings, and
    the centres carry its ids and official names.
    """
    found: list[Problem] = []
    typed = {name: _typed_rows(raw, found) for name, raw in raw_tables.items()}
    for name, raw in raw_tables.items():
        if raw.spec.identity:
            typed[name] = _unique_rows(raw, typed[name], found)
    directory = Register.read(register, found) if register is not None else None
    defining = next(name for name, raw in raw_tables.items() if raw.spec.defines_centres)
    centres, defined_by_row = _centres(raw_tables[defining], typed[defining], directory, found)
    order = {centre.id: position for position, centre in enumerate(centres)}
    by_name = {normalize_name(c.name): c for c in centres}
    by_id = {c.id: c for c in centres}
    # A centre whose own row is in error is still a centre: rows naming it are left out
    # quietly, not reported as "not in the listing file".
    in_error = _named_in_failed_rows(raw_tables[defining], defined_by_row, directory)
    tables = {}
    for name, raw in raw_tables.items():
        records = []
        for raw_row, values in typed[name]:
            if name == defining:
                # Its rows are the centres: a repeated row is not a second record.
                centre_id = defined_by_row.get(raw_row.row)
            else:
                centre = _match_centre(
                    raw,
                    raw_row,
                    values,
                    by_name,
                    by_id,
                    directory,
                    found if not _names(values, directory) & in_error else [],
                )
                centre_id = centre.id if centre is not None else None
            if centre_id is not None:
                records.append(Record(centre_id, values, raw_row.row))
        records.sort(key=lambda record: (order[record.centre_id], record.row))
        tables[name] = Table(raw.spec, raw.file, raw.sheet, tuple(records))
    problems.extend(cap_problems(found))
    return centres, tables


def _names(values: dict[str, object], register: Register | None) -> set[str]:
    """What a row calls its centre: its normalized name and id, and the register's id for it."""
    names = {normalize_name(str(values.get("centre") or "")), str(values.get("centre_id") or "")} - {""}
    if register is not None:
        entry = register.by_spelling.get(normalize_name(str(values.get("centre") or "")))
        if entry is not None:
            names.add(entry.id)
    return names


def _named_in_failed_rows(raw: RawTable, defined_by_row: dict[int, str], register: Register | None) -> set[str]:
    failed = set()
    for raw_row in raw.rows:
        if raw_row.row not in defined_by_row:
            failed |= _names(
                {f: parse_text(v) for f, v in raw_row.values.items() if f in ("centre", "centre_id")}, register
            )
    return failed


def _typed_rows(raw: RawTable, problems: list[Problem]) -> list[tuple[RawRow, dict[str, object]]]:
    rows = []
    for raw_row in raw.rows:
        values: dict[str, object] = {}
        ok = True
        for field, value in raw_row.values.items():
            column = raw.spec.column(field)
            typed, kind = _typed_value(column, value)
            if kind is None and typed is None and column.required:
                kind = "value_missing"
            if kind is not None:
                ok = False
                problems.append(
                    problem(
                        kind,
                        raw_row.location(raw, field),
                        heading=column.headings[0],
                        value=_shown(value),
                        length=len(str(value)),
                        limit=_limit(column),
                        largest=f"{MAX_COUNT:,}".replace(",", " "),
                    )
                )
            values[field] = typed
        if ok:
            rows.append((raw_row, values))
    return rows


def _limit(column: Column) -> object:
    """The bound a problem with ``column``'s value names."""
    if column.kind == COUNT:
        return f"{MAX_COUNT:,}".replace(",", " ")
    if column.kind == DECIMAL:
        return MAX_DECIMALS
    return column.max_length


def _typed_value(column: Column, value: object) -> tuple[object, str | None]:
    if column.kind in (COUNT, DECIMAL):
        if not column.required and (value is None or (isinstance(value, str) and not value.strip())):
            return None, None  # an optional count left empty (months: the whole year)
        return parse_count(value) if column.kind == COUNT else parse_decimal(value)
    if column.kind == DATE:
        return parse_date(value)
    text = parse_text(value)
    if text is not None and len(text) > column.max_length:
        return None, "text_too_long"
    return text, None


def _shown(value: object) -> str:
    """A cell value as a message may quote it: short, on one line, never a personnummer."""
    text = repr(value) if isinstance(value, str) else str(value)
    text = pii.redact(text)
    return text if len(text) <= 40 else text[:37] + "..."


def _unique_rows(
    raw: RawTable, rows: list[tuple[RawRow, dict[str, object]]], problems: list[Problem]
) -> list[tuple[RawRow, dict[str, object]]]:
    """The same home twice would count its places twice: refused, whatever the counts."""
    seen: dict[tuple[str, ...], RawRow] = {}
    kept = []
    for raw_row, values in rows:
        key = tuple(normalize_name(str(values.get(field) or "")) for field in raw.spec.identity)
        if raw.spec.months_field and values.get(raw.spec.months_field) is not None:
            # Part of a year: the same home may appear once per centre that held it (load
            # checks that its months add up to at most 12).
            key += ("months", normalize_name(str(values.get("centre") or "")))
        if key in seen:
            named = raw.spec.identity[-1]
            problems.append(
                problem("duplicate_home", raw_row.location(raw, named), name=values.get(named), first=seen[key].row)
            )
            continue
        seen[key] = raw_row
        kept.append((raw_row, values))
    return kept


class RegisterEntry(NamedTuple):
    id: str
    name: str  # the official name
    operator: str | None
    cost_centre: str | None = None
    email: str | None = None


class Register:
    """The optional register of centres: id, official name, other spellings, operator."""

    def __init__(self) -> None:
        self.by_id: dict[str, RegisterEntry] = {}
        self.by_spelling: dict[str, RegisterEntry] = {}  # normalized name or alias -> entry

    @classmethod
    def read(cls, raw: RawTable, problems: list[Problem]) -> Register:
        register = cls()
        for raw_row, values in _typed_rows(raw, problems):
            centre_id, name = str(values["centre_id"]), str(values["centre"])
            if centre_id in register.by_id:
                problems.append(
                    problem(
                        "duplicate_id",
                        raw_row.location(raw, "centre_id"),
                        value=centre_id,
                        first=next(r.row for r in raw.rows if parse_text(r.values["centre_id"]) == centre_id),
                    )
                )
                continue
            operator, cost_centre, email = (values.get(f) for f in ("operator", "cost_centre", "email"))
            entry = RegisterEntry(
                centre_id,
                name,
                str(operator) if operator else None,
                str(cost_centre) if cost_centre else None,
                str(email) if email else None,
            )
            register.by_id[centre_id] = entry
            aliases = re.split(f"[{re.escape(ALIAS_SEPARATORS)}]", str(values.get("aliases") or ""))
            for spelling, field in [(name, "centre")] + [(a, "aliases") for a in aliases if a.strip()]:
                key = normalize_name(spelling)
                other = register.by_spelling.get(key)
                if other is not None and other.id != centre_id:
                    problems.append(
                        problem(
                            "register_ambiguous",
                            raw_row.location(raw, field),
                            alias=spelling.strip(),
                            first_id=other.id,
                            id=centre_id,
                        )
                    )
                    continue
                register.by_spelling[key] = entry
        return register

    def resolve(
        self, raw: RawTable, raw_row: RawRow, values: dict[str, object], problems: list[Problem]
    ) -> RegisterEntry | None:
        centre_id = values.get("centre_id")
        name = str(values["centre"])
        if centre_id:
            return self._by_id(raw, raw_row, str(centre_id), name, problems)
        entry = self.by_spelling.get(normalize_name(name))
        if entry is not None:
            return entry
        close = closest_spelling(normalize_name(name), self.by_spelling)
        suggestion = self.by_spelling[close].name if close else ""
        problems.append(
            problem(
                "unknown_centre_register" if suggestion else "unknown_centre_register_no_match",
                raw_row.location(raw, "centre"),
                name=name,
                suggestion=suggestion,
            )
        )
        return None

    def _by_id(
        self, raw: RawTable, raw_row: RawRow, centre_id: str, name: str, problems: list[Problem]
    ) -> RegisterEntry | None:
        """A row with an id: the id decides, and the name must not contradict it (#23.2). A
        name of another centre, or one closest to another's, is an error; a name the register
        lacks a warning; a known alias of this very centre a note."""
        entry = self.by_id.get(centre_id)
        if entry is None:
            problems.append(problem("register_unknown_id", raw_row.location(raw, "centre_id"), id=centre_id, name=name))
            return None
        spelling = normalize_name(name)
        named = self.by_spelling.get(spelling)
        if named is None:
            close = closest_spelling(spelling, self.by_spelling)
            named = self.by_spelling[close] if close else None
            if named is None or named.id == entry.id:
                problems.append(
                    warning(
                        "register_name_not_known",
                        raw_row.location(raw, "centre"),
                        name=name,
                        id=entry.id,
                        official=entry.name,
                    )
                )
                return entry
        if named.id != entry.id:
            problems.append(
                problem(
                    "register_id_other_name",
                    raw_row.location(raw, "centre"),
                    name=name,
                    other=named.name,
                    other_id=named.id,
                    id=entry.id,
                    official=entry.name,
                )
            )
            return None
        if spelling != normalize_name(entry.name):
            problems.append(
                warning(
                    "register_alias_used", raw_row.location(raw, "centre"), name=name, id=entry.id, official=entry.name
                )
            )
        return entry


def _centres(
    raw: RawTable, typed: list[tuple[RawRow, dict[str, object]]], register: Register | None, problems: list[Problem]
) -> tuple[list[Centre], dict[int, str]]:
    """One centre per row of the defining table, in Swedish alphabetical order; and the
    centre id of each row that defined one."""
    centres: list[Centre] = []
    by_row: dict[int, str] = {}
    seen_keys: dict[str, tuple[RawRow, dict[str, object]]] = {}
    seen_ids: dict[str, RawRow] = {}
    seen_skeletons: dict[str, tuple[RawRow, str]] = {}
    for raw_row, values in typed:
        name = values["centre"]
        assert isinstance(name, str)
        entry = None
        if register is not None:
            entry = register.resolve(raw, raw_row, values, problems)
            if entry is None:
                continue
            key, centre_id, name = entry.id, entry.id, entry.name
        else:
            key, centre_id = normalize_name(name), str(values.get("centre_id") or derived_id(name, raw.spec.id_prefix))
        if key in seen_keys:
            first_row, first_values = seen_keys[key]
            first_id = first_values.get("centre_id")
            if entry is None and first_id and values.get("centre_id") and first_id != values["centre_id"]:
                # Two ids are two centres, though their names differ only in case or spacing;
                # the other tables find centres by name and could not tell them apart (#16.5).
                problems.append(
                    problem(
                        "same_name_other_id",
                        raw_row.location(raw, "centre"),
                        name=values["centre"],
                        id=values["centre_id"],
                        first=first_row.row,
                        first_name=first_values["centre"],
                        first_id=first_id,
                    )
                )
                continue
            _report_duplicate(raw, raw_row, values, seen_keys[key], problems)
            continue
        if centre_id in seen_ids:
            problems.append(
                problem(
                    "duplicate_id",
                    raw_row.location(raw, "centre_id" if "centre_id" in raw_row.cells else "centre"),
                    value=centre_id,
                    first=seen_ids[centre_id].row,
                )
            )
            continue
        skeleton = name_skeleton(name)
        if skeleton in seen_skeletons:
            # Register or not: a name that only looks like another is a forgery or a slip,
            # and one of the two centres would be paid in place of the other.
            twin_row, twin_name = seen_skeletons[skeleton]
            problems.append(
                problem(
                    "confusable_name", raw_row.location(raw, "centre"), name=name, first=twin_row.row, twin=twin_name
                )
            )
            continue
        seen_skeletons[skeleton] = (raw_row, name)
        seen_keys[key] = (raw_row, values)
        seen_ids[centre_id] = raw_row
        where = raw_row.location(raw, "centre")
        centres.append(
            Centre(centre_id, name, where, entry.operator, entry.cost_centre, entry.email)
            if entry is not None
            else Centre(centre_id, name, where)
        )
        by_row[raw_row.row] = centre_id
    centres.sort(key=lambda c: (swedish_sort_key(c.name), c.id))
    return centres, by_row


def _report_duplicate(
    raw: RawTable,
    raw_row: RawRow,
    values: dict[str, object],
    first: tuple[RawRow, dict[str, object]],
    problems: list[Problem],
) -> None:
    first_row, first_values = first
    field = raw.spec.key_field
    if values[field] == first_values[field]:
        problems.append(
            warning(
                "duplicate_centre_same", raw_row.location(raw, "centre"), name=values["centre"], first=first_row.row
            )
        )
    else:
        problems.append(
            problem(
                "duplicate_centre",
                raw_row.location(raw, field),
                name=values["centre"],
                first=first_row.row,
                value=values[field],
                first_value=first_values[field],
            )
        )


def _match_centre(
    raw: RawTable,
    raw_row: RawRow,
    values: dict[str, object],
    by_name: dict[str, Centre],
    by_id: dict[str, Centre],
    register: Register | None,
    problems: list[Problem],
) -> Centre | None:
    if register is not None:
        entry = register.resolve(raw, raw_row, values, problems)
        if entry is None:
            return None
        if entry.id not in by_id:
            problems.append(problem("centre_not_listed", raw_row.location(raw, "centre"), name=entry.name, id=entry.id))
            return None
        return by_id[entry.id]
    centre_id = values.get("centre_id")
    if centre_id:
        if centre_id in by_id:
            return by_id[centre_id]
        problems.append(problem("unknown_centre_id", raw_row.location(raw, "centre_id"), value=centre_id))
        return None
    name = str(values["centre"])
    centre = by_name.get(normalize_name(name))
    if centre is not None:
        return centre
    close = closest_spelling(normalize_name(name), by_name)
    suggestion = by_name[close].name if close else ""
    problems.append(
        problem(
            "unknown_centre" if suggestion else "unknown_centre_no_match",
            raw_row.location(raw, "centre"),
            name=name,
            suggestion=suggestion,
        )
    )
    return None


_SWEDISH_ORDER = str.maketrans({"å": "{", "ä": "|", "ö": "}", "é": "e", "ü": "y"})


def swedish_sort_key(name: str) -> str:
    """Å, Ä, Ö after Z, as a Swedish reader expects a list of names to run."""
    return normalize_name(name).translate(_SWEDISH_ORDER)


def derived_id(name: str, prefix: str = "") -> str:
    """A stable id from the name, for inputs without an id column: "ALABAMA", "NEW-HAMPSHIRE";
    with the health centres' ``prefix`` "HC-ALIDHEMS-HALSOCENTRAL" (``TableSpec.id_prefix``).
    Letters A-Z, digits and hyphens: a valid file name on Windows too, a device name
    (CON, AUX ...) behind an underscore."""
    ascii_name = unicodedata.normalize("NFKD", normalize_name(name)).encode("ascii", "ignore").decode()
    stem = re.sub(r"[^a-z0-9]+", "-", ascii_name).strip("-").upper() or "X"
    return prefix + (f"_{stem}" if not prefix and stem in WINDOWS_RESERVED else stem)


def closest_spelling(spelling: str, known: Iterable[str]) -> str | None:
    """The known spelling nearest to ``spelling`` (a likely typo), if one is close enough."""
    import difflib  # only once a name is not found: at the top it would cost every start-up

    close = difflib.get_close_matches(spelling, list(known), n=1, cutoff=0.75)
    return close[0] if close else None
