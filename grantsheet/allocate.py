"""Allocate a pool of whole kronor over integer keys by largest remainder (design §3).

Everything here is integer arithmetic: no float ever decides a krona.
"""

from __future__ import annotations

from dataclasses import dataclass
from functools import cached_property
from typing import TYPE_CHECKING, Sequence

if TYPE_CHECKING:
    from grantsheet.grant import Pool
    from grantsheet.load import Dataset
    from grantsheet.validate import Centre, Table


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


def largest_remainder(amount: int, keys: Sequence[int]) -> PoolAllocation:
    """Split ``amount`` kronor over ``keys`` by largest remainder (Hamilton).

    Floor of each exact quota first; the leftover kronor go one each to the rows
    with the largest remainder ``amount * key mod total``, earlier row first on a tie.
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
    winners = order[:leftover]
    threshold = remainders[winners[-1]] if winners else 0
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
    """A pool of the grant allocated over the dataset's centres, in calculation order."""

    pool: "Pool"
    table: "Table"
    allocation: PoolAllocation


def centre_keys(centres: Sequence["Centre"], table: "Table") -> tuple[int, ...]:
    """Each centre's key: the sum of its rows' counts in ``table``."""
    totals = {centre.id: 0 for centre in centres}
    for record in table.records:
        totals[record.centre_id] += record.count(table.spec)
    return tuple(totals[centre.id] for centre in centres)


def allocate_pools(dataset: "Dataset") -> tuple[PoolResult, ...]:
    results = []
    for pool in dataset.grant.pools:
        table = dataset.tables[pool.key]
        keys = centre_keys(dataset.centres, table)
        results.append(PoolResult(pool, table, largest_remainder(pool.amount, keys)))
    return tuple(results)
