"""What changed since the last build: per centre, key and payout before and after.

It also names each centre that got less from a pool that grew although its exact quota
did not fall: largest remainder is not monotone in the pool's amount (the Alabama paradox,
explained on the Method sheet), and an officer who sees a centre lose a krona when the
money grew should be told it is the rounding and not a mistake.

"Before" is re-derived from the previous master's own inputs and parameters; the report goes to the
terminal and, when there was a previous build, to a Changes sheet of the new master.
No run-time timestamp is written: the same inputs and the same previous outputs give
the same sheet.
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Collection, Sequence
from fractions import Fraction
from pathlib import Path
from typing import NamedTuple

from grantsheet import texts
from grantsheet.allocate import PoolResult, allocate_pools, shown_key
from grantsheet.errors import OUTPUTS, InputError, Problem
from grantsheet.identity import earlier_ids, ids_neutral
from grantsheet.layout import SEAL_SHEET, TABLE_TOP, ref
from grantsheet.load import Dataset
from grantsheet.readback import OutputBook, read_or_problem
from grantsheet.rederive import derive
from grantsheet.seal import digest, seal_text, sealed_dataset
from grantsheet.tables import Words, word
from grantsheet.write import MasterWriter

ADDED, REMOVED, CHANGED, UNCHANGED = "added", "removed", "changed", "unchanged"


class CentreState(NamedTuple):
    id: str
    name: str
    keys: dict[str, int | Fraction]  # pool name -> the centre's own key, as its column holds it
    payouts: dict[str, int | float]  # pool name -> payout (kronor, or öre / 100)

    @property
    def total(self) -> int | float:
        return sum(self.payouts.values())


class ChangeRow(NamedTuple):
    id: str
    name: str
    status: str
    before: CentreState | None
    after: CentreState | None

    @property
    def own_change(self) -> bool:
        """Added, removed, or its own key changed (not only moved by the others' totals)."""
        return self.before is None or self.after is None or self.before.keys != self.after.keys


class PoolTotals(NamedTuple):
    """What one pool's largest remainder split: the amount and the total key, in the pool's
    money units (``scale`` per krona)."""

    amount: int
    total_key: int | Fraction  # as the key's column holds it, as the centres' keys are
    scale: int


class RoundingLoss(NamedTuple):
    """A centre paid less by a pool that grew, although its exact quota did not fall."""

    id: str
    name: str
    pool: str
    amount_before: int | float  # kronor
    amount_after: int | float
    key_before: int | Fraction
    key_after: int | Fraction
    payout_before: int | float  # kronor
    payout_after: int | float


class Before(NamedTuple):
    """The previous build as its master says: each centre's state, the pools' totals, its time."""

    states: dict[str, CentreState]
    pools: dict[str, PoolTotals]
    time: str


class ChangeReport(NamedTuple):
    rows: tuple[ChangeRow, ...]
    previous_time: str | None  # None: no earlier build was found
    rounding_losses: tuple[RoundingLoss, ...] = ()

    def count(self, status: str) -> int:
        return sum(1 for row in self.rows if row.status == status)

    @property
    def changed_rows(self) -> list[ChangeRow]:
        """The centres whose payouts changed: first those added, removed or whose own key
        changed, then those moved only by the totals, each group in calculation order (#23.13:
        the two whose inputs changed were hidden under "… och 18 till", alphabetically last)."""
        changed = [row for row in self.rows if row.status != UNCHANGED]
        return sorted(changed, key=lambda row: not row.own_change)


def current_states(dataset: Dataset, results: Sequence[PoolResult]) -> dict[str, CentreState]:
    return {
        c.id: CentreState(
            c.id,
            c.name,
            {r.pool.name: r.keys[i] for r in results},
            {r.pool.name: r.paid[i] for r in results},
        )
        for i, c in enumerate(dataset.centres)
    }


def pool_totals(results: Sequence[PoolResult]) -> dict[str, PoolTotals]:
    """The pools a rounding loss is looked for in: a floor never falls while the quota grows,
    and the quota of a pool with rules is not amount × key / total key (its letter explains it)."""
    return {
        r.pool.name: PoolTotals(r.allocation.amount, r.shown_total_key, r.scale)
        for r in results
        if r.pool.rounding != "floor" and not r.pool.has_rules
    }


def compare(before: Before | None, after: dict[str, CentreState], pools_after: dict[str, PoolTotals]) -> ChangeReport:
    rows = []
    old = before.states if before is not None else {}
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
    if before is None:
        return ChangeReport(tuple(rows), None)
    return ChangeReport(tuple(rows), before.time, tuple(rounding_losses(rows, before.pools, pools_after)))


def rounding_losses(
    rows: Sequence[ChangeRow], pools_before: dict[str, PoolTotals], pools_after: dict[str, PoolTotals]
) -> list[RoundingLoss]:
    """Centres paid less by a pool whose amount grew, though their key and their exact quota
    did not fall: what largest remainder can do (at most one krona, or one öre)."""
    losses = []
    for pool, now in pools_after.items():
        then = pools_before.get(pool)
        if then is None or then.scale != now.scale or now.amount <= then.amount:
            continue
        for row in rows:
            before, after = row.before, row.after
            if row.status != CHANGED or before is None or after is None:  # CHANGED rows have both
                continue
            if pool not in before.keys or pool not in after.keys:
                continue
            key_before, key_after = before.keys[pool], after.keys[pool]
            paid_before, paid_after = before.payouts[pool], after.payouts[pool]
            # The quota amount × key / total key did not fall (cross-multiplied: integers only).
            quota_kept = now.amount * key_after * then.total_key >= then.amount * key_before * now.total_key
            if key_after >= key_before and quota_kept and paid_after < paid_before:
                losses.append(
                    RoundingLoss(
                        row.id,
                        row.name,
                        pool,
                        _kronor(then),
                        _kronor(now),
                        key_before,
                        key_after,
                        paid_before,
                        paid_after,
                    )
                )
    return losses


def _kronor(totals: PoolTotals) -> int | float:
    return totals.amount if totals.scale == 1 else totals.amount / totals.scale


def describe_loss(loss: RoundingLoss, lang: str) -> str:
    """The loss in plain words, for the terminal and the Changes sheet."""

    def kronor(value: int | float) -> str:
        return texts.number(value, lang, 2 if isinstance(value, float) and not value.is_integer() else None)

    return texts.text(
        "change_rounding_loss",
        lang,
        pool=loss.pool,
        before=kronor(loss.payout_before),
        after=kronor(loss.payout_after),
        amount_before=kronor(loss.amount_before),
        amount_after=kronor(loss.amount_after),
        key_before=texts.number(loss.key_before, lang),
        key_after=texts.number(loss.key_after, lang),
    )


def _headers(pool: str, unit_words: Words, lang: str) -> dict[str, str]:
    unit = word(unit_words, lang)
    return {
        name: texts.text(f"col_{name}", lang, pool=pool, unit=unit)
        for name in ("key_before", "key_after", "payout_before", "payout_after")
    }


def read_states(master: Path, ids: Collection[str] = ()) -> Before | None:
    """Each centre's key and payout per pool in a previous master, its pools' totals, and
    that build's time (``states_in``); None when it cannot be read that way. A master
    damaged since it was written (zip, XML) stops the rebuild."""
    found = read_or_problem(master, "output", lambda: _states_of(master, ids))
    if isinstance(found, Problem):
        raise InputError([found], OUTPUTS)
    return found


def _states_of(master: Path, ids: Collection[str]) -> Before | None:
    with OutputBook(master) as book:
        return states_in(book, ids)


def states_in(book: OutputBook, ids: Collection[str] = ()) -> Before | None:
    """``read_states`` of a master already open (a rebuild reads its entries from the same book),
    under today's ``ids`` where the master holds the ids an earlier format made from names.

    The previous build's figures are its seal's dataset allocated again: the seal is the
    build's own record of what it read (a few cells, where the input and calculation sheets
    are most of a large master), and a tool that drops cached values keeps it. Where there is
    no seal, or it is not the one the document property names (edited), or this grantsheet
    cannot read it, they are re-derived from the master's own parameters and input sheets
    (``rederive``: typed cells only). A master that gives neither gives no "before" (None)."""
    created = book.created
    time = created.strftime("%Y-%m-%d %H:%M:%S UTC") if isinstance(created, dt.datetime) else "?"
    sealed = _sealed_results(book)
    if sealed is not None:
        dataset, results = sealed
        before = Before(current_states(dataset, results), pool_totals(results), time)
    else:
        try:
            derived = derive(book)
        except (ValueError, KeyError, StopIteration):  # laid out in a way derive does not know
            return None
        states = {}
        for index, (centre_id, name) in enumerate(zip(derived.centre_ids, derived.centre_names)):
            states[centre_id] = CentreState(
                centre_id,
                name,
                {p.name: p.keys[index] for p in derived.pools},
                {p.name: p.paid[index] for p in derived.pools},
            )
        pools = {
            p.name: PoolTotals(p.allocation.amount, shown_key(p.allocation.total_key, p.key_scale), p.scale)
            for p in derived.pools
        }
        before = Before(states, pools, time)
    if ids and not ids_neutral(book.info):
        # The id an earlier format made from a name ("HC-ALABAMA") is today's ``ids``' "ALABAMA".
        now = earlier_ids(before.states, ids)
        states = {now.get(c, c): state._replace(id=now.get(c, c)) for c, state in before.states.items()}
        before = before._replace(states=states)
    return before


def _sealed_results(book: OutputBook) -> tuple[Dataset, tuple[PoolResult, ...]] | None:
    """The master's sealed dataset and its allocation, when its seal is intact and readable."""
    if SEAL_SHEET not in book.sheetnames or book.info.seal is None:
        return None
    text = seal_text(book.rows(SEAL_SHEET))
    if digest(text) != book.info.seal:
        return None
    try:
        dataset = sealed_dataset(text)
        return dataset, allocate_pools(dataset)
    except ValueError:  # SealError: a seal this grantsheet does not read; or one it cannot allocate
        return None


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
            unit_words = result.key_words.unit
            labels += list(_headers(result.pool.name, unit_words, writer.lang).values())
            widths += [14] * 4
        labels += [
            writer.t("col_total_before"),
            writer.t("col_total_after"),
            writer.t("col_difference"),
            writer.t("col_change_note"),
        ]
        widths += [16, 16, 14, 80]
        notes: dict[str, list[str]] = {}
        for loss in report.rounding_losses:
            notes.setdefault(loss.id, []).append(describe_loss(loss, writer.lang))
        writer.header_row(sheet, TABLE_TOP, labels, widths)
        sheet.freeze_panes(TABLE_TOP + 1, 2)
        pools = [r.pool.name for r in writer.results]
        total_col = 3 + 4 * len(pools)
        statuses = {status: writer.t(f"change_{status}") for status in (ADDED, REMOVED, CHANGED, UNCHANGED)}
        for offset, row_data in enumerate(report.rows):
            row = TABLE_TOP + 1 + offset
            sheet.write_string(row, 0, row_data.id, s.text)
            sheet.write_string(row, 1, row_data.name, s.text)
            sheet.write_string(
                row, 2, statuses[row_data.status], s.text if row_data.status == UNCHANGED else s.total_label
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
                    fmt = s.kronor if what == "payouts" else s.decimal if isinstance(value, Fraction) else s.count
                    if value is None:
                        sheet.write_blank(row, col + delta, None, fmt)
                    else:
                        # A decimal key (at most six decimals) as the input sheet shows it.
                        sheet.write_number(
                            row, col + delta, float(value) if isinstance(value, Fraction) else value, fmt
                        )
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
            if row_data.id in notes:
                sheet.write_string(row, total_col + 3, " ".join(notes[row_data.id]), s.wrap)
        writer.protect(sheet)

    return add
