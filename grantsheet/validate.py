"""Turn raw rows into typed, matched records, collecting every problem on the way.

A count is a whole number >= 0, however the file stored it ("1 204", " 32 ",
1204.0). Centre names are matched after normalisation (case, spacing, Unicode
form); the table that defines centres lists each once.
"""

from __future__ import annotations

import datetime as dt
import difflib
import re
import unicodedata
from dataclasses import dataclass

from grantsheet.errors import Location, Problem, problem, warning
from grantsheet.read import RawRow, RawTable
from grantsheet.tables import COUNT, DATE, TEXT, TableSpec

# Spaces Swedish Excel and other exports put inside numbers as thousands separators.
_NUMBER_SPACES = re.compile(r"[\s\u00a0\u202f\u2009\u2007]")
_WHOLE = re.compile(r"^[+-]?\d+([.,]0+)?$")
_DECIMAL = re.compile(r"^[+-]?\d*[.,]\d+$")
_ISO_DATE = re.compile(r"^\d{4}-\d{2}-\d{2}$")


@dataclass(frozen=True)
class Centre:
    id: str
    name: str
    source: Location


@dataclass(frozen=True)
class Record:
    """One input row, typed, with the centre it belongs to."""

    centre_id: str
    values: dict[str, object]  # field -> str | int | date | None, as shown in the workbook
    row: int  # row number in the source sheet

    def count(self, spec: TableSpec) -> int:
        return self.values[spec.key_field]  # type: ignore[return-value]


@dataclass(frozen=True)
class Table:
    spec: TableSpec
    file: str
    sheet: str | None
    records: tuple[Record, ...]  # grouped by centre in calculation order, then by source row


def normalize_name(name: str) -> str:
    """The form two spellings of one centre name share."""
    text = unicodedata.normalize("NFC", name).casefold()
    return re.sub(r"\s+", " ", text).strip()


def parse_count(value: object) -> tuple[int | None, str | None]:
    """A whole number >= 0, or the problem kind that says why not."""
    if value is None or (isinstance(value, str) and not value.strip()):
        return None, "count_missing"
    if isinstance(value, bool):
        return None, "count_not_a_number"
    if isinstance(value, float):
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
    return value, None


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
    text = re.sub(r"\s+", " ", unicodedata.normalize("NFC", str(value))).strip()
    return text or None


def validate(raw_tables: dict[str, RawTable], problems: list[Problem]) -> tuple[list[Centre], dict[str, Table]]:
    """Typed records per table and the centres in calculation order."""
    typed = {name: _typed_rows(raw, problems) for name, raw in raw_tables.items()}
    defining = next(name for name, raw in raw_tables.items() if raw.spec.defines_centres)
    centres = _centres(raw_tables[defining], typed[defining], problems)
    order = {centre.id: position for position, centre in enumerate(centres)}
    by_name = {normalize_name(c.name): c for c in centres}
    by_id = {c.id: c for c in centres}
    tables = {}
    for name, raw in raw_tables.items():
        records = []
        for raw_row, values in typed[name]:
            centre = _match_centre(raw, raw_row, values, by_name, by_id, problems)
            if centre is not None:
                records.append(Record(centre.id, values, raw_row.row))
        records.sort(key=lambda record: (order[record.centre_id], record.row))
        tables[name] = Table(raw.spec, raw.file, raw.sheet, tuple(records))
    return centres, tables


def _typed_rows(raw: RawTable, problems: list[Problem]) -> list[tuple[RawRow, dict[str, object]]]:
    rows = []
    for raw_row in raw.rows:
        values: dict[str, object] = {}
        ok = True
        for field, value in raw_row.values.items():
            column = raw.spec.column(field)
            typed, kind = _typed_value(column.kind, value)
            if kind is None and typed is None and column.required:
                kind = "value_missing"
            if kind is not None:
                ok = False
                problems.append(problem(kind, raw_row.location(raw, field),
                                        heading=column.headings[0], value=_shown(value)))
            values[field] = typed
        if ok:
            rows.append((raw_row, values))
    return rows


def _typed_value(kind: str, value: object) -> tuple[object, str | None]:
    if kind == COUNT:
        return parse_count(value)
    if kind == DATE:
        return parse_date(value)
    return parse_text(value), None


def _shown(value: object) -> str:
    """A cell value as a message may quote it: short, on one line."""
    text = repr(value) if isinstance(value, str) else str(value)
    return text if len(text) <= 40 else text[:37] + "..."


def _centres(raw: RawTable, typed: list[tuple[RawRow, dict[str, object]]],
             problems: list[Problem]) -> list[Centre]:
    """One centre per row of the defining table, in Swedish alphabetical order."""
    centres: list[Centre] = []
    seen_names: dict[str, tuple[RawRow, dict[str, object]]] = {}
    seen_ids: dict[str, RawRow] = {}
    for raw_row, values in typed:
        name = values["centre"]
        assert isinstance(name, str)
        key = normalize_name(name)
        if key in seen_names:
            _report_duplicate(raw, raw_row, values, seen_names[key], problems)
            continue
        centre_id = values.get("centre_id") or derived_id(name)
        if centre_id in seen_ids:
            problems.append(problem("duplicate_id", raw_row.location(raw, "centre_id" if "centre_id" in raw_row.cells else "centre"),
                                    value=centre_id, first=seen_ids[centre_id].row))
            continue
        seen_names[key] = (raw_row, values)
        seen_ids[str(centre_id)] = raw_row
        centres.append(Centre(str(centre_id), name, raw_row.location(raw, "centre")))
    centres.sort(key=lambda c: (swedish_sort_key(c.name), c.id))
    return centres


def _report_duplicate(raw: RawTable, raw_row: RawRow, values: dict[str, object],
                      first: tuple[RawRow, dict[str, object]], problems: list[Problem]) -> None:
    first_row, first_values = first
    field = raw.spec.key_field
    if values[field] == first_values[field]:
        problems.append(warning("duplicate_centre_same", raw_row.location(raw, "centre"),
                                name=values["centre"], first=first_row.row))
    else:
        problems.append(problem("duplicate_centre", raw_row.location(raw, field),
                                name=values["centre"], first=first_row.row,
                                value=values[field], first_value=first_values[field]))


def _match_centre(raw: RawTable, raw_row: RawRow, values: dict[str, object], by_name: dict[str, Centre],
                  by_id: dict[str, Centre], problems: list[Problem]) -> Centre | None:
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
    close = difflib.get_close_matches(normalize_name(name), list(by_name), n=1, cutoff=0.75)
    suggestion = by_name[close[0]].name if close else ""
    problems.append(problem("unknown_centre" if suggestion else "unknown_centre_no_match",
                            raw_row.location(raw, "centre"), name=name, suggestion=suggestion))
    return None


_SWEDISH_ORDER = str.maketrans({"å": "{", "ä": "|", "ö": "}", "é": "e", "ü": "y"})


def swedish_sort_key(name: str) -> str:
    """Å, Ä, Ö after Z, as a Swedish reader expects a list of names to run."""
    return normalize_name(name).translate(_SWEDISH_ORDER)


def derived_id(name: str) -> str:
    """A stable id from the name, for inputs without an id column: "HC-ALIDHEMS-HALSOCENTRAL"."""
    ascii_name = unicodedata.normalize("NFKD", normalize_name(name)).encode("ascii", "ignore").decode()
    return "HC-" + (re.sub(r"[^a-z0-9]+", "-", ascii_name).strip("-").upper() or "X")
