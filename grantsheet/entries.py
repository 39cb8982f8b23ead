"""Follow-up entries (återrapportering) as values: what a centre typed, and how copies merge.

A field is named ``amount:<category>``, ``description``, ``contact`` or ``date``. Values
are kept exactly as typed (a number, a date, or text where a number was expected) so that
carrying them into a new build never loses anything. The writers put entries into the
forms with these; reading them out of a workbook is ``grantsheet.followup``'s.
"""

from __future__ import annotations

import datetime as dt
import math
from collections.abc import Iterable
from dataclasses import dataclass, field


@dataclass
class FollowUpEntry:
    """One centre's typed follow-up, as found in one workbook (or merged from several)."""

    centre_id: str
    centre_name: str
    values: dict[str, object] = field(default_factory=dict)  # field -> typed value, non-empty only
    source: str = ""
    # When the document was saved (docProps/core.xml "modified", as a POSIX time): the later
    # wins a conflict. Never the file system's time, which a copy or an unzip may keep or reset.
    modified: float = 0.0
    # The fields the form holds: one of them without a value was left blank or cleared there.
    present: frozenset[str] = frozenset()
    # The recorded base of the build that wrote the form, where it is not the last build's
    # (a copy of an earlier year's round): its own values are compared with that one.
    base_id: str | None = None
    # Filled by the reader for collect: formula cells found typed over, and the cached received.
    overwritten: list[str] = field(default_factory=list)
    received: object = None
    field_sources: dict[str, str] = field(default_factory=dict)  # field -> file it was read from
    # Formulas typed into the form's cells: (field, sheet, cell, formula, the value its program saved).
    typed_formulas: list[tuple[str, str, str, str, object]] = field(default_factory=list)
    cells: dict[str, str] = field(default_factory=dict)  # field -> the cell it was read from ("D5")
    saved_ahead: dt.datetime | None = None  # the file records a saved time later than the run (#26.9)
    # The form's defined names disagree with the file (#26.8): why, and the form was found
    # by its other anchors (headers, labels) instead.
    names_disagree: str | None = None

    @property
    def is_empty(self) -> bool:
        return not self.values

    def amounts(self) -> dict[str, object]:
        return {k.split(":", 1)[1]: v for k, v in self.values.items() if k.startswith("amount:")}


@dataclass
class Conflict:
    centre_id: str
    field: str
    kept: object
    kept_source: str
    dropped: object
    dropped_source: str


def merge_entries(entries: Iterable[FollowUpEntry]) -> tuple[dict[str, FollowUpEntry], list[Conflict]]:
    """One entry per centre id, field by field; the later-modified file wins a conflict.

    A field typed in only one file is taken from it. When two files hold different
    values for one field, the value from the file saved last is kept and the other one
    is reported as a conflict (and so never silently lost).
    """
    merged: dict[str, FollowUpEntry] = {}
    conflicts: list[Conflict] = []
    ordered = sorted(entries, key=lambda e: (e.modified, e.source))
    for entry in ordered:
        target = merged.get(entry.centre_id)
        if target is None:
            target = merged[entry.centre_id] = FollowUpEntry(
                entry.centre_id, entry.centre_name, source=entry.source, modified=entry.modified
            )
        for name, value in entry.values.items():
            old = target.values.get(name)
            if old is not None and not same_value(old, value):
                conflicts.append(Conflict(entry.centre_id, name, value, entry.source, old, _source_of(target, name)))
            target.values[name] = value
            target.field_sources[name] = entry.source
        target.overwritten.extend(entry.overwritten)
        if entry.values:
            target.source = entry.source
        if not target.centre_name:
            target.centre_name = entry.centre_name
    return merged, conflicts


def _source_of(entry: FollowUpEntry, name: str) -> str:
    return entry.field_sources.get(name, entry.source)


def same_value(a: object, b: object) -> bool:
    if isinstance(a, (int, float)) and isinstance(b, (int, float)) and not isinstance(a, bool):
        return math.isclose(float(a), float(b), rel_tol=0, abs_tol=1e-9)
    if isinstance(a, dt.datetime) and isinstance(b, dt.date) and not isinstance(b, dt.datetime):
        return a.date() == b
    if isinstance(b, dt.datetime) and isinstance(a, dt.date) and not isinstance(a, dt.datetime):
        return b.date() == a
    return a == b


def as_number(value: object) -> float | int | None:
    """A typed amount as a number, or None when it is not one."""
    if isinstance(value, bool):
        return None
    if isinstance(value, (int, float)):
        return int(value) if float(value).is_integer() else value
    return None


def as_date(value: object) -> dt.date | None:
    if isinstance(value, dt.datetime):
        return value.date()
    if isinstance(value, dt.date):
        return value
    return None


def used_total(numbers: list[float | int]) -> float | int:
    """The sum a spreadsheet's SUM gives: exact for whole kronor, correctly rounded otherwise."""
    if all(isinstance(n, int) for n in numbers):
        return sum(numbers)
    total = math.fsum(numbers)
    return int(total) if total.is_integer() else total
