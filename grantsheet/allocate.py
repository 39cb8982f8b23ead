"""Allocate a pool of whole kronor over integer keys by largest remainder (docs/design.md §3).

Everything here is integer arithmetic: no float ever decides a krona.
"""

from __future__ import annotations

from collections.abc import Mapping, Sequence
from dataclasses import dataclass
from functools import cached_property
from typing import TYPE_CHECKING

if TYPE_CHECKING:
    from grantsheet.grant import Pool
    from grantsheet.load import Dataset
    from grantsheet.validate import Centre, Record, Table


class ZeroTotalKey(ValueError):
    """A pool with money has nothing to divide by; the caller turns this into an input error."""


@dataclass(frozen=True)
class PoolAllocation:
    """One pool split over rows, with every intermediate the workbook shows.

    Rows are in the calculation sheet's order; ties on the remainder go to the
    earlier row. ``threshold``, ``ties_needed`` and ``tie_counts`` are the
    quantities the workbook's linear tie-break formulas compute.
    """

    amount: int
    keys: tuple[int, ...]
    floors: tuple[int, ...]
    remainders: tuple[int, ...]
    extras: tuple[int, ...]
    # Smallest remainder that still earns an extra krona (0 when none does):
    # LARGE(remainders, leftover) in the workbook.
    threshold: int
    # Rows whose remainder equals the threshold and still get the extra krona.
    ties_needed: int
    # Running count of rows whose remainder equals the threshold (with no leftover
    # every remainder is 0 and so is the threshold: the count is then 1, 2, 3, ...).
    tie_counts: tuple[int, ...]

    # Cached: the writers ask for these once per row, and each is a pass over every row.
    @cached_property
    def total_key(self) -> int:
        return sum(self.keys)

    @cached_property
    def leftover(self) -> int:
        """Kronor left after every row got its floor; 0 <= leftover < rows."""
        return self.amount - sum(self.floors)

    @cached_property
    def payouts(self) -> tuple[int, ...]:
        return tuple(floor + extra for floor, extra in zip(self.floors, self.extras))


def largest_remainder(amount: int, keys: Sequence[int], hand_out: bool = True) -> PoolAllocation:
    """Split ``amount`` kronor over ``keys`` by largest remainder (Hamilton).

    Floor of each exact quota first; the leftover kronor go one each to the rows
    with the largest remainder ``amount * key mod total``, earlier row first on a tie.
    With ``hand_out=False`` (rounding down) nobody gets the leftover: the threshold is
    then the total key, which no remainder reaches, and every extra is 0.
    """
    keys = tuple(keys)
    if amount < 0:
        raise ValueError(f"amount must be >= 0, got {amount}")
    if any(key < 0 for key in keys):
        raise ValueError("keys must be >= 0")
    total = sum(keys)
    if total == 0 and amount > 0:
        raise ZeroTotalKey(f"total key is 0 for a pool of {amount}")
    divisor = total or 1
    floors = tuple(amount * key // divisor for key in keys)
    remainders = tuple(amount * key % divisor for key in keys)
    leftover = amount - sum(floors)
    order = sorted(range(len(keys)), key=lambda row: (-remainders[row], row))
    winners = order[:leftover] if hand_out else []
    threshold = remainders[winners[-1]] if winners else (0 if hand_out else total)
    above = sum(1 for remainder in remainders if remainder > threshold)
    tie_counts = []
    running = 0
    for remainder in remainders:
        running += remainder == threshold
        tie_counts.append(running)
    winner_rows = set(winners)
    extras = tuple(1 if row in winner_rows else 0 for row in range(len(keys)))
    return PoolAllocation(
        amount=amount,
        keys=keys,
        floors=floors,
        remainders=remainders,
        extras=extras,
        threshold=threshold,
        ties_needed=leftover - above,
        tie_counts=tuple(tie_counts),
    )


@dataclass(frozen=True)
class PoolResult:
    """A pool of the grant allocated over the dataset's centres, in calculation order.

    ``allocation`` is in the pool's money units (kronor, or öre for rounding "ore");
    ``paid`` is each centre's payout in kronor.
    """

    pool: Pool
    table: Table
    allocation: PoolAllocation
    # 1 for a centre the pool pays, 0 for one its eligibility rule leaves out.
    eligible: tuple[int, ...] = ()

    @property
    def scale(self) -> int:
        return self.pool.scale

    @cached_property
    def paid(self) -> tuple[int | float, ...]:
        """Payouts in kronor: whole kronor, or öre / 100 (as the workbook computes them)."""
        if self.scale == 1:
            return self.allocation.payouts
        return tuple(payout / self.scale for payout in self.allocation.payouts)

    @cached_property
    def paid_units(self) -> int:
        return sum(self.allocation.payouts)

    @property
    def paid_total(self) -> int | float:
        return self.paid_units if self.scale == 1 else self.paid_units / self.scale

    @property
    def residual(self) -> int | float:
        """Kronor of the pool not paid out (round down, or a capped or low rate)."""
        units = self.pool.amount * self.scale - self.paid_units
        return units if self.scale == 1 else units / self.scale


def units_to_distribute(pool: Pool, total_key: int) -> int:
    """The money units (kronor or öre) the pool hands out: its amount, or the rate times the
    total key (at most the amount when capped)."""
    if pool.rate is None:
        return pool.amount * pool.scale
    due = pool.rate * total_key
    return (min(pool.amount, due) if pool.cap else due) * pool.scale


def allocate_pool(pool: Pool, keys: Sequence[int]) -> PoolAllocation:
    """Every method is one largest-remainder split of some units over integer keys."""
    units = units_to_distribute(pool, sum(keys))
    return largest_remainder(units, keys, hand_out=pool.rounding != "floor")


FULL_YEAR = 12  # months: a row without a months value held the responsibility all year


def row_key(record: Record, table: Table, field: str, weight: str = "none") -> int:
    """One input row's contribution to a key: its count, or count × months (place-months)."""
    count = record.values[field]
    if weight == "months":
        months = record.values.get(table.spec.months_field or "")
        return count * (FULL_YEAR if months is None else months)  # type: ignore[operator]
    return count  # type: ignore[return-value]


def centre_keys(
    centres: Sequence[Centre], table: Table, field: str | None = None, weight: str = "none"
) -> tuple[int, ...]:
    """Each centre's key: the sum of its rows' counts (or place-months) in ``table``."""
    field = field or table.spec.key_field
    totals = {centre.id: 0 for centre in centres}
    for record in table.records:
        totals[record.centre_id] += row_key(record, table, field, weight)
    return tuple(totals[centre.id] for centre in centres)


REGION_RUN = (
    "region",
    "regionen",
    "regiondriven",
    "regiondrivet",
    "egen regi",
    "offentlig",
    "offentlig regi",
    "landsting",
    "landstingsdriven",
    "region-run",
    "public",
)
PRIVATE = (
    "privat",
    "privat regi",
    "privatdriven",
    "privatdrivet",
    "privat utförare",
    "entreprenad",
    "lov",
    "vårdval",
    "private",
)


def is_region_run(operator: str | None) -> bool | None:
    """True/False for a known operator wording, None for a missing or unknown one."""
    text = " ".join(str(operator or "").casefold().split())
    if text in REGION_RUN:
        return True
    if text in PRIVATE:
        return False
    return None


def eligibility(pool: Pool, centres: Sequence[Centre], tables: Mapping[str, Table]) -> tuple[int, ...]:
    """1 for each centre the pool pays, 0 for one its eligibility rule leaves out."""
    if pool.eligible == "has_bed_places":
        places = centre_keys(centres, tables["bed_places"])
        return tuple(1 if p > 0 else 0 for p in places)
    if pool.eligible == "region_run":
        return tuple(1 if is_region_run(c.operator) else 0 for c in centres)
    return tuple(1 for _ in centres)


def pool_keys(
    pool: Pool, centres: Sequence[Centre], tables: Mapping[str, Table]
) -> tuple[tuple[int, ...], tuple[int, ...]]:
    """(keys after eligibility, eligibility) per centre in calculation order."""
    raw = centre_keys(centres, tables[pool.key], pool.field, pool.weight)
    eligible = eligibility(pool, centres, tables)
    return tuple(k * e for k, e in zip(raw, eligible)), eligible


def allocate_pools(dataset: Dataset) -> tuple[PoolResult, ...]:
    results = []
    for pool in dataset.grant.pools:
        table = dataset.tables[pool.key]
        keys, eligible = pool_keys(pool, dataset.centres, dataset.tables)
        results.append(PoolResult(pool, table, allocate_pool(pool, keys), eligible))
    return tuple(results)
