"""What changed since the last build: per centre, key and payout before and after.

"Before" is re-derived from the previous master's own inputs and parameters; the report goes to the
terminal and, when there was a previous build, to a Changes sheet of the new master.
No run-time timestamp is written: the same inputs and the same previous outputs give
the same sheet.
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Sequence
from pathlib import Path
from typing import NamedTuple

from grantsheet import texts
from grantsheet.allocate import PoolResult
from grantsheet.errors import OUTPUTS, InputError, Problem
from grantsheet.followup import OutputBook, read_or_problem
from grantsheet.layout import TABLE_TOP, ref
from grantsheet.load import Dataset
from grantsheet.rederive import Derived, derive
from grantsheet.write import MasterWriter

ADDED, REMOVED, CHANGED, UNCHANGED = "added", "removed", "changed", "unchanged"


class CentreState(NamedTuple):
    id: str
    name: str
    keys: dict[str, int]  # pool name -> key
    payouts: dict[str, int]  # pool name -> payout

    @property
    def total(self) -> int:
        return sum(self.payouts.values())


class ChangeRow(NamedTuple):
    id: str
    name: str
    status: str
    before: CentreState | None
    after: CentreState | None


class ChangeReport(NamedTuple):
    rows: tuple[ChangeRow, ...]
    previous_time: str | None  # None: no earlier build was found

    def count(self, status: str) -> int:
        return sum(1 for row in self.rows if row.status == status)

    @property
    def changed_rows(self) -> list[ChangeRow]:
        return [row for row in self.rows if row.status != UNCHANGED]


def current_states(dataset: Dataset, results: Sequence[PoolResult]) -> dict[str, CentreState]:
    return {
        c.id: CentreState(
            c.id,
            c.name,
            {r.pool.name: r.allocation.keys[i] for r in results},
            {r.pool.name: r.paid[i] for r in results},
        )
        for i, c in enumerate(dataset.centres)
    }


def compare(
    before: dict[str, CentreState] | None, after: dict[str, CentreState], previous_time: str | None
) -> ChangeReport:
    rows = []
    old = before or {}
    for centre_id, state in after.items():
        prior = old.get(centre_id)
        if prior is None:
            status = ADDED
        elif prior.keys == state.keys and prior.payouts == state.payouts:
            status = UNCHANGED
        else:
            status = CHANGED
        rows.append(ChangeRow(centre_id, state.name, status, prior, state))
    for centre_id in sorted(set(old) - set(after)):
        prior = old[centre_id]
        rows.append(ChangeRow(centre_id, prior.name, REMOVED, prior, None))
    return ChangeReport(tuple(rows), previous_time if before is not None else None)


def _headers(pool: str, unit_key: str, lang: str) -> dict[str, str]:
    unit = texts.text(f"unit_{unit_key}", lang)
    return {
        name: texts.text(f"col_{name}", lang, pool=pool, unit=unit)
        for name in ("key_before", "key_after", "payout_before", "payout_after")
    }


def read_states(master: Path, results: Sequence[PoolResult]) -> tuple[dict[str, CentreState], str] | None:
    """Each centre's key and payout per pool in a previous master, and that build's time.

    Re-derived from the previous master's own parameters and input sheets (typed cells
    only), so a master saved by a tool that drops cached values still compares right.
    A previous master that cannot be read that way gives no "before" (None).
    """
    found = read_or_problem(master, "output", lambda: _previous_allocation(master))
    if isinstance(found, Problem):  # damaged since it was written (zip, XML): the rebuild stops
        raise InputError([found], OUTPUTS)
    if found is None:
        return None
    derived, created = found
    time = created.strftime("%Y-%m-%d %H:%M:%S UTC") if isinstance(created, dt.datetime) else "?"
    states = {}
    for index, (centre_id, name) in enumerate(zip(derived.centre_ids, derived.centre_names)):
        states[centre_id] = CentreState(
            centre_id,
            name,
            {p.name: p.allocation.keys[index] for p in derived.pools},
            {p.name: p.paid[index] for p in derived.pools},
        )
    return states, time


def _previous_allocation(master: Path) -> tuple[Derived, dt.datetime | None] | None:
    with OutputBook(master) as book:
        try:
            derived = derive(book)
        except (ValueError, KeyError, StopIteration):  # laid out in a way derive does not know
            return None
        return derived, book.created


def _int(value: object) -> int | None:
    if isinstance(value, (int, float)) and not isinstance(value, bool) and float(value).is_integer():
        return int(value)
    return None


def changes_sheet(report: ChangeReport):
    """A MasterWriter hook that adds the Changes sheet."""

    def add(writer: MasterWriter) -> None:
        s = writer.styles
        sheet = writer.book.add_worksheet(writer.t("sheet_changes"))
        subtitle = (
            writer.t("changes_previous", time=report.previous_time)
            if report.previous_time
            else writer.t("changes_none_before")
        )
        writer.heading(sheet, writer.t("changes_title"), subtitle)
        labels = [writer.t("col_centre_id"), writer.t("col_centre"), writer.t("col_change")]
        widths = [24, 34, 12]
        for result in writer.results:
            labels += list(_headers(result.pool.name, result.pool.key, writer.lang).values())
            widths += [14] * 4
        labels += [writer.t("col_total_before"), writer.t("col_total_after"), writer.t("col_difference")]
        widths += [16, 16, 14]
        writer.header_row(sheet, TABLE_TOP, labels, widths)
        sheet.freeze_panes(TABLE_TOP + 1, 2)
        pools = [r.pool.name for r in writer.results]
        total_col = 3 + 4 * len(pools)
        for offset, row_data in enumerate(report.rows):
            row = TABLE_TOP + 1 + offset
            sheet.write_string(row, 0, row_data.id, s.text)
            sheet.write_string(row, 1, row_data.name, s.text)
            sheet.write_string(
                row, 2, writer.t(f"change_{row_data.status}"), s.text if row_data.status == UNCHANGED else s.total_label
            )
            for p, pool in enumerate(pools):
                col = 3 + 4 * p
                for delta, (state, what) in enumerate(
                    (
                        (row_data.before, "keys"),
                        (row_data.after, "keys"),
                        (row_data.before, "payouts"),
                        (row_data.after, "payouts"),
                    )
                ):
                    value = getattr(state, what).get(pool) if state is not None else None
                    fmt = s.count if what == "keys" else s.kronor
                    if value is None:
                        sheet.write_blank(row, col + delta, None, fmt)
                    else:
                        sheet.write_number(row, col + delta, value, fmt)
            before = row_data.before.total if row_data.before else 0
            after = row_data.after.total if row_data.after else 0
            sheet.write_number(row, total_col, before, s.kronor)
            sheet.write_number(row, total_col + 1, after, s.kronor)
            sheet.write_formula(
                row,
                total_col + 2,
                f"={ref(None, row, total_col + 1)}-{ref(None, row, total_col)}",
                s.kronor,
                after - before,
            )
        writer.protect(sheet)

    return add
