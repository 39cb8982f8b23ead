"""Allocate a pool over keys by the grant's rules (docs/design.md §3, docs/rules.md).

Everything here is integer arithmetic on money units (kronor, or öre for a pool paid in
öre) and integer keys: decimal keys become integers by one power of ten per pool, and no
float ever decides a unit. A pool is split in four steps, each what the workbook shows:
who is eligible, a fixed amount to each, rounds that hold quotas to a minimum and a
maximum, and the rest by key, rounded to the payout unit.
"""

from __future__ import annotations

import hashlib
from bisect import bisect_right
from collections.abc import Mapping, Sequence
from dataclasses import dataclass, field, replace
from fractions import Fraction
from functools import cached_property
from typing import TYPE_CHECKING

from grantsheet.tables import EQUAL_WORDS, KeyWords

if TYPE_CHECKING:
    from grantsheet.grant import Pool
    from grantsheet.load import Dataset
    from grantsheet.validate import Centre, Record, Table


class ZeroTotalKey(ValueError):
    """A pool with money has nothing to divide by; the caller turns this into an input error."""


class RuleError(ValueError):
    """A pool's rule cannot be carried out on these recipients: ``kind`` names the problem
    text, ``params`` fill it; the caller locates it (the grant file's pool)."""

    def __init__(self, kind: str, **params: object) -> None:
        super().__init__(kind)
        self.kind, self.params = kind, params


@dataclass(frozen=True)
class PoolAllocation:
    """One pool split over rows, with every intermediate the workbook shows.

    ``amount``, ``floors`` and ``extras`` count payout units of ``step`` money units, shared
    by ``keys``; a row's payout adds ``base`` (its fixed part, or the minimum or maximum it
    was held to). Ties on the remainder go to the earlier ``rank`` (the row, or its place in
    a lot). ``threshold``, ``ties_needed`` and ``tie_counts`` are the quantities the
    workbook's linear tie-break formulas compute.
    """

    amount: int
    keys: tuple[int, ...]
    floors: tuple[int, ...]
    remainders: tuple[int, ...]
    extras: tuple[int, ...]
    # Smallest remainder that still earns an extra unit (0 when none does):
    # LARGE(remainders, leftover) in the workbook.
    threshold: int
    # Rows whose remainder equals the threshold and still get the extra unit.
    ties_needed: int
    # Count, in rank order, of rows whose remainder equals the threshold (with no leftover
    # every remainder is 0 and so is the threshold: the count is then 1, 2, 3, ...).
    tie_counts: tuple[int, ...]
    step: int = 1
    base: tuple[int, ...] = ()
    # Rows whose remainder ties across the cut: some of them get the extra unit, some not.
    tied: tuple[int, ...] = ()

    # Cached: the writers ask for these once per row, and each is a pass over every row.
    @cached_property
    def total_key(self) -> int:
        return sum(self.keys)

    @cached_property
    def leftover(self) -> int:
        """Units left after every row got its floor; 0 <= leftover < rows."""
        return self.amount - sum(self.floors)

    @cached_property
    def payouts(self) -> tuple[int, ...]:
        """Each row's payout in money units: its base and its units of the split by key."""
        step = self.step
        base = self.base or (0,) * len(self.keys)
        return tuple(b + step * (f + e) for b, f, e in zip(base, self.floors, self.extras))


def handing_out(rounding: str) -> bool | str:
    """``largest_remainder``'s ``hand_out`` for a pool's rounding: floor keeps the leftover,
    each rounds every row on its own, the others hand the leftover out."""
    handed: dict[str, bool | str] = {"floor": False, "each": "each"}
    return handed.get(rounding, True)


def largest_remainder(
    amount: int, keys: Sequence[int], hand_out: bool | str = True, rank: Sequence[int] = ()
) -> PoolAllocation:
    """Split ``amount`` units over ``keys`` by largest remainder (Hamilton).

    Floor of each exact quota first; the leftover units go one each to the rows with the
    largest remainder ``amount * key mod total``, the earlier ``rank`` first on a tie (the
    row's index when no rank is given). With ``hand_out=False`` (rounding down) nobody gets
    the leftover: the threshold is then the total key, which no remainder reaches, and every
    extra is 0. With ``hand_out="each"`` every row rounds half up on its own (2 × remainder
    >= total): the sum may differ from ``amount``.
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
    pairs = [divmod(amount * key, divisor) for key in keys]
    floors = tuple(q for q, _ in pairs)
    remainders = tuple(r for _, r in pairs)
    rank = tuple(rank) or tuple(range(len(keys)))
    if hand_out == "each":
        extras = tuple(1 if 2 * r >= divisor and total else 0 for r in remainders)
        return PoolAllocation(amount, keys, floors, remainders, extras, total, 0, (0,) * len(keys))
    leftover = amount - sum(floors)
    order = sorted(range(len(keys)), key=lambda row: (-remainders[row], rank[row]))
    winners = order[:leftover] if hand_out else []
    threshold = remainders[winners[-1]] if winners else (0 if hand_out else total)
    above = sum(1 for remainder in remainders if remainder > threshold)
    ties_needed = leftover - above
    at_threshold = sorted((rank[row], row) for row in range(len(keys)) if remainders[row] == threshold)
    tied_ranks = [r for r, _ in at_threshold]
    tie_counts = tuple(bisect_right(tied_ranks, rank[row]) for row in range(len(keys)))
    winner_rows = set(winners)
    extras = tuple(1 if row in winner_rows else 0 for row in range(len(keys)))
    tied = tuple(row for _, row in at_threshold) if hand_out and 0 < ties_needed < len(at_threshold) else ()
    return PoolAllocation(
        amount=amount,
        keys=keys,
        floors=floors,
        remainders=remainders,
        extras=extras,
        threshold=threshold,
        ties_needed=ties_needed,
        tie_counts=tie_counts,
        tied=tied,
    )


@dataclass(frozen=True)
class Rule:
    """A pool's distribution rule in money units (docs/rules.md)."""

    amount: int
    step: int = 1  # payouts are whole multiples of this many money units
    fixed: int = 0  # to each eligible row first
    minimum: int | None = None  # no eligible row gets less (fixed included)
    maximum: int | None = None  # no row gets more (fixed included)
    rounding: str = "largest_remainder"  # "floor", "each" ("ore" is largest remainder in öre)
    ties: str = "order"  # "lot": by ``draw``; "stop": a tie across the cut is refused
    draw: tuple[int, ...] = ()  # each row's place in the lot (ties = "lot")


@dataclass(frozen=True)
class Round:
    """One round of the minimum and maximum: what the rows still sharing had to share."""

    rest: int  # money units shared by key in this round
    key: int  # the total key of the rows sharing in it
    bound: tuple[int, ...]  # after it, per row: -1 held to the minimum, 1 to the maximum, 0 sharing
    # Per row, where its quota of this round lies: -1 below the minimum, 1 above the maximum.
    out: tuple[int, ...] = ()
    # Which of them the round holds: -1 those below, 1 those above, 0 both (docs/rules.md),
    # from the whole units and the remainders of the quotas outside (``round_side``).
    side: int = 0
    gap: int = 0
    remainders: int = 0


@dataclass(frozen=True)
class Split:
    """A pool split by its rule: the rounds of the minimum and maximum, and the allocation."""

    rule: Rule
    eligible: tuple[int, ...]
    keys: tuple[int, ...]  # integer keys of the eligible rows (0 for the others)
    rounds: tuple[Round, ...]
    allocation: PoolAllocation
    bound: tuple[int, ...] = field(default=())

    @property
    def payouts(self) -> tuple[int, ...]:
        return self.allocation.payouts

    @property
    def decided(self) -> tuple[str, ...]:
        """Per row what decided its amount (one of ``DECIDED``): its key, the fixed part and its
        key, the minimum or maximum it was held to, or not being eligible."""
        bound = self.bound or (0,) * len(self.keys)
        by_key = FIXED_AND_KEY if self.rule.fixed else BY_KEY
        return tuple(
            NOT_ELIGIBLE if not e else MINIMUM if b < 0 else MAXIMUM if b > 0 else by_key
            for e, b in zip(self.eligible, bound)
        )


# What decided a row's amount (``Split.decided``): ids, as the CSV and JSON export write them.
BY_KEY, FIXED_AND_KEY, MINIMUM, MAXIMUM, NOT_ELIGIBLE = "key", "fixed_and_key", "minimum", "maximum", "not_eligible"
DECIDED = (BY_KEY, FIXED_AND_KEY, MINIMUM, MAXIMUM, NOT_ELIGIBLE)


def own_keys(split: Split | None, allocation: PoolAllocation, key_scale: int) -> tuple[int | Fraction, ...]:
    """Each row's own key (after eligibility) as its column holds it: 13,04061, not 1 304 061
    key units. ``allocation.keys`` is not it: it holds the key of the rows still sharing by key,
    0 for a row a minimum or maximum held (a state held at the minimum showed key 0)."""
    units = split.keys if split is not None else allocation.keys
    return tuple(shown_key(k, key_scale) for k in units)


def shown_key(units: int, key_scale: int) -> int | Fraction:
    """``units`` key units as the key's column holds them: an int when whole."""
    value = Fraction(units, key_scale)
    return value.numerator if value.denominator == 1 else value


def round_side(
    outs: Sequence[int], floors: Sequence[int], remainders: Sequence[int], key: int, low: int, high: int
) -> tuple[int, int, int]:
    """Which rows a round of both bounds holds: the side whose quotas lie further out, and the
    two sums it is decided by.

    What the rows below the minimum lack, Σ(low − quota), against what the rows above the
    maximum have beyond it, Σ(quota − high), with each quota ``floor + remainder / key``.
    When the rows above have more, every row still sharing gets more than this round's quota
    in the end, so those above are surely held at the maximum and those below are not yet
    known; the other way round the rows below are surely held; equal, the round's quotas are
    the split's and both are held. The difference is ``gap + rests / key`` (whole units and
    the remainders' sum, each below 2^53), compared as the workbook compares it."""
    gap = sum(f - high if o > 0 else f - low for f, o in zip(floors, outs) if o)
    rests = sum(r for r, o in zip(remainders, outs) if o)
    whole, left = divmod(rests, key or 1)
    side = -1 if gap + whole < 0 else 1 if gap + whole > 0 or left > 0 else 0
    return side, gap, rests


def split(rule: Rule, keys: Sequence[int], eligible: Sequence[int] = (), both_at_once: bool = False) -> Split:
    """Split ``rule.amount`` over ``keys``: fixed to each eligible row, then the minimum and
    maximum, then the rest by key in units of ``rule.step``, rounded by ``rule.rounding``.

    The minimum and maximum are the issue's clipping repeated to a fixed point: in each round
    the quotas of what is left over the rows still sharing are compared with the bounds; the
    rows outside are held at the bound, leave the key, and the pool shrinks by what they got.
    With both bounds a round holds only the side ``round_side`` shows is held in the end (both
    when they balance), so no row is held that a later round would release: the result is
    each row's ``min(max(λ·key, minimum), maximum)`` for the one λ that spends the pool, which
    exists exactly when the pool lies between what the bounds can pay. ``both_at_once``: the
    rounds of a format 3 master, which held both sides in every round (kept so that such a
    master is laid out again as it was written).

    Raises RuleError when the fixed amounts exceed the pool, when no split meets the bounds
    (each named with what is missing or left over), or (ties = "stop") when equal remainders
    straddle the cut.
    """
    n = len(keys)
    eligible = tuple(eligible) or (1,) * n
    keys = tuple(k * e for k, e in zip(keys, eligible))
    count = sum(eligible)
    rest = rule.amount - count * rule.fixed
    if rest < 0:
        raise RuleError("pool_fixed_exceeds", count=count, needed=count * rule.fixed)
    low = None if rule.minimum is None or rule.minimum <= rule.fixed else rule.minimum - rule.fixed
    high = None if rule.maximum is None else rule.maximum - rule.fixed
    if low is not None and count * low > rest:
        raise RuleError("pool_minimum_exceeds", count=count, needed=count * low + count * rule.fixed)
    if high is not None and count * high < rest:
        raise RuleError("pool_maximum_short", count=count, left=rest - count * high)
    zeros = sum(1 for k, e in zip(keys, eligible) if e and not k)
    if (low is not None or high is not None) and (high is not None or zeros == count):
        # A row of key 0 takes no share of the key: the minimum at most, however large λ grows.
        reach = (count - zeros) * (high or 0) + zeros * (low or 0)
        if rest > reach:
            raise RuleError("pool_bounds_infeasible", count=count, left=rest - reach, zeros=zeros)
    bound = [0] * n

    def held() -> int:
        return sum(((low if b < 0 else high) or 0) if b else 0 for b in bound)

    rounds = []
    while low is not None or high is not None:
        share, total = rest - held(), sum(k for k, b, e in zip(keys, bound, eligible) if e and not b)
        sharing = [e and not b for e, b in zip(eligible, bound)]
        # The exact quota share * key / total as its floor and remainder, as the workbook has them.
        parts = [divmod(share * k, total or 1) if s else (0, 0) for k, s in zip(keys, sharing)]
        out = tuple(
            0
            if not s
            else -1
            if low is not None and f < low
            else 1
            if high is not None and (f > high or f == high and r > 0)
            else 0
            for s, (f, r) in zip(sharing, parts)
        )
        if not any(out):
            break
        both = low is not None and high is not None
        side, gap, rests = round_side(out, [f for f, _ in parts], [r for _, r in parts], total, low or 0, high or 0)
        if not both or both_at_once:
            side = 0
        for row, o in enumerate(out):
            if o and side in (0, o):
                bound[row] = o
        rounds.append(Round(share, total, tuple(bound), *((out, side, gap, rests) if both else ())))
    share = rest - held()
    active = tuple(k if e and not b else 0 for k, e, b in zip(keys, eligible, bound))
    if share < 0 or share and not sum(active) and any(bound):
        # Only a format 3 master's rounds (both sides at once) can hold rows wrongly like this.
        raise RuleError("pool_bounds_infeasible", count=count, left=abs(share), zeros=zeros)
    if share and not sum(active):
        raise ZeroTotalKey(f"total key is 0 for a pool of {rule.amount}")
    hand_out = handing_out(rule.rounding)
    rank = rule.draw if rule.ties == "lot" else ()
    allocation = largest_remainder(share // rule.step, active, hand_out, rank)
    if rule.ties == "stop" and allocation.tied:
        raise RuleError("pool_tie_needs_decision", rows=allocation.tied, units=allocation.ties_needed)
    base = tuple(
        (rule.fixed + ((low if b < 0 else high) or 0) if b else rule.fixed) if e else 0 for e, b in zip(eligible, bound)
    )
    if any(base) or rule.step != 1:
        allocation = replace(allocation, base=base, step=rule.step)
    return Split(rule, eligible, keys, tuple(rounds), allocation, tuple(bound))


def lot(seed: int, ids: Sequence[str]) -> tuple[int, ...]:
    """Each recipient's place (1, 2, ...) in the draw from ``seed``: ordered by the SHA-256 of
    "seed:id", which anyone can recompute, in any program, from the two printed values."""
    digests = sorted((hashlib.sha256(f"{seed}:{id_}".encode()).hexdigest(), row) for row, id_ in enumerate(ids))
    places = [0] * len(ids)
    for place, (_, row) in enumerate(digests, start=1):
        places[row] = place
    return tuple(places)


def integer_keys(values: Sequence[int | Fraction]) -> tuple[tuple[int, ...], int]:
    """Exact keys as integers: every value times the smallest power of ten that makes them all
    whole (1 for counts), and that power. A share's ratio is unchanged by the common factor."""
    scale = 1
    for value in values:
        while (value * scale).denominator != 1:
            if scale > 10**12:  # not a decimal: the least common multiple of the denominators
                scale = _lcm_of_denominators(values)
                break
            scale *= 10
    return tuple(int(value * scale) for value in values), scale


def _lcm_of_denominators(values: Sequence[int | Fraction]) -> int:
    from math import lcm

    return lcm(*(Fraction(value).denominator for value in values))


def median(values: Sequence[int | Fraction]) -> Fraction:
    """The median: the middle value, or the mean of the two middle ones for an even count."""
    ordered = sorted(values)
    middle = len(ordered) // 2
    if len(ordered) % 2:
        return Fraction(ordered[middle])
    return Fraction(ordered[middle - 1] + ordered[middle], 2)


def threshold_eligibility(
    values: Sequence[int | Fraction | None], at_least: Fraction | str | None, at_most: Fraction | str | None
) -> tuple[int, ...]:
    """1 for each value within the bounds ("median": over the recipients that have a value), 0 for
    one outside them or with no value."""
    present = [v for v in values if v is not None]
    middle = median(present) if present and "median" in (at_least, at_most) else None
    low = middle if at_least == "median" else at_least
    high = middle if at_most == "median" else at_most
    return tuple(
        0
        if value is None or (low is not None and value < low) or (high is not None and value > high)  # type: ignore[operator]
        else 1
        for value in values
    )


@dataclass(frozen=True)
class PoolResult:
    """A pool of the grant allocated over the dataset's centres, in calculation order.

    ``allocation`` is in the pool's money units (kronor, or öre for rounding "ore");
    ``paid`` is each centre's payout in kronor.
    """

    pool: Pool
    table: Table | None  # None for an equal split (no key table)
    allocation: PoolAllocation
    # 1 for a centre the pool pays, 0 for one its eligibility rule leaves out.
    eligible: tuple[int, ...] = ()
    # The rounds of the minimum and maximum, each row's bound, the lot (pools with rules).
    split: Split | None = None
    key_scale: int = 1  # the power of ten that made the pool's decimal keys integers

    @property
    def scale(self) -> int:
        return self.pool.scale

    @property
    def shown_total_key(self) -> int | Fraction:
        """The pool's total key as its column holds it: 41,00919, not 4 100 919 key units."""
        return shown_key(self.allocation.total_key, self.key_scale)

    @cached_property
    def keys(self) -> tuple[int | Fraction, ...]:
        """Each centre's own key as its column holds it (``own_keys``)."""
        return own_keys(self.split, self.allocation, self.key_scale)

    @cached_property
    def decided(self) -> tuple[str, ...]:
        """Per centre what decided its amount (``Split.decided``)."""
        if self.split is not None:
            return self.split.decided
        return tuple(BY_KEY if e else NOT_ELIGIBLE for e in (self.eligible or (1,) * len(self.allocation.keys)))

    @property
    def key_words(self) -> KeyWords:
        """What the pool's key is called and counted in: its column's words, or equal shares."""
        return EQUAL_WORDS if self.table is None else self.table.spec.key_words(self.pool.field)

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
        units = self.pool.units(self.pool.amount) - self.paid_units
        return units if self.scale == 1 else units / self.scale


def units_to_distribute(pool: Pool, total_key: int) -> int:
    """The money units (kronor or öre) the pool hands out: its amount, or the rate times the
    total key (at most the amount when capped)."""
    if pool.rate is None:
        return pool.units(pool.amount)
    due = pool.rate * total_key
    return pool.units(min(pool.amount, due) if pool.cap else due)


def rule_of(pool: Pool, ids: Sequence[str] = ()) -> Rule:
    """The pool's rule in its money units; ``ids`` (calculation order) seed the lot."""
    return Rule(
        amount=pool.units(pool.amount),
        step=pool.step,
        fixed=pool.units(pool.fixed),
        minimum=None if pool.minimum is None else pool.units(pool.minimum),
        maximum=None if pool.maximum is None else pool.units(pool.maximum),
        rounding=pool.rounding,
        ties=pool.ties,
        draw=lot(pool.seed, ids) if pool.ties == "lot" and pool.seed is not None else (),
    )


# The first master format whose rounds hold one side of the minimum and maximum at a time
# (``split``); a master of an earlier format is laid out again with both held at once.
ROUNDS_BY_SIDE = 4


def split_pool(
    pool: Pool,
    keys: Sequence[int],
    eligible: Sequence[int] = (),
    ids: Sequence[str] = (),
    written_in: int | None = None,
) -> Split:
    """The pool split over integer ``keys`` (already 0 where not eligible), as a master of
    format ``written_in`` computes it (None: today's)."""
    if pool.rate is not None:  # a rate per unit: one split of what the rate pays, no rules
        units = units_to_distribute(pool, sum(keys))
        allocation = largest_remainder(units, keys, hand_out=pool.rounding != "floor")
        return Split(Rule(units), tuple(eligible) or (1,) * len(keys), tuple(keys), (), allocation)
    both_at_once = written_in is not None and written_in < ROUNDS_BY_SIDE
    return split(rule_of(pool, ids), keys, eligible, both_at_once)


def allocate_pool(
    pool: Pool, keys: Sequence[int], eligible: Sequence[int] = (), ids: Sequence[str] = ()
) -> PoolAllocation:
    """Every method is one largest-remainder split of some units over integer keys."""
    return split_pool(pool, keys, eligible, ids).allocation


FULL_YEAR = 12  # months: a row without a months value held the responsibility all year


def row_key(record: Record, table: Table, field: str, weight: str = "none") -> int | Fraction:
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
    return tuple(value or 0 for value in centre_values(centres, table, field, weight))  # type: ignore[misc]


def centre_values(
    centres: Sequence[Centre], table: Table, field: str | None = None, weight: str = "none"
) -> tuple[int | Fraction | None, ...]:
    """Each centre's value in a column of ``table``: the sum of its rows (a count, or a decimal
    as a Fraction), None for a centre with no rows there."""
    field = field or table.spec.key_field
    totals: dict[str, int | Fraction | None] = {centre.id: None for centre in centres}
    for record in table.records:
        value = row_key(record, table, field, weight)
        if value is not None:
            totals[record.centre_id] = (totals[record.centre_id] or 0) + value
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
    if pool.eligible == "threshold":
        table, _, field = pool.eligible_column.partition(".")
        values = centre_values(centres, tables[table], field)
        return threshold_eligibility(values, pool.at_least, pool.at_most)
    return tuple(1 for _ in centres)


def pool_key_scale(pool: Pool, tables: Mapping[str, Table]) -> int:
    """Key units per unit of the pool's key column: the power of ten that makes every row whole."""
    values = [record.values.get(pool.field) for record in tables[pool.key].records]
    return integer_keys([v for v in values if isinstance(v, (int, Fraction))])[1]


def pool_keys(
    pool: Pool, centres: Sequence[Centre], tables: Mapping[str, Table]
) -> tuple[tuple[int, ...], tuple[int, ...]]:
    """(keys after eligibility, eligibility) per centre in calculation order; decimal keys as
    integers (``key_scale``)."""
    keys, eligible, _ = scaled_pool_keys(pool, centres, tables)
    return keys, eligible


def scaled_pool_keys(
    pool: Pool, centres: Sequence[Centre], tables: Mapping[str, Table]
) -> tuple[tuple[int, ...], tuple[int, ...], int]:
    """``pool_keys`` and the power of ten that made the keys integers."""
    from grantsheet.grant import EQUAL

    eligible = eligibility(pool, centres, tables)
    if pool.key == EQUAL:
        return eligible, eligible, 1
    raw = centre_keys(centres, tables[pool.key], pool.field, pool.weight)
    # The power of ten of the column's rows, not of the centres' sums: the master's input sheet
    # makes each row whole key units on its own, and the keys are the sums of those.
    scale = pool_key_scale(pool, tables)
    return tuple(int(k * scale) * e for k, e in zip(raw, eligible)), eligible, scale


def allocate_pools(dataset: Dataset, written_in: int | None = None) -> tuple[PoolResult, ...]:
    """Every pool of the grant split over the dataset's centres, as a master of format
    ``written_in`` computes it (None: today's)."""
    results = []
    ids = [centre.id for centre in dataset.centres]
    for pool in dataset.grant.pools:
        table = dataset.tables.get(pool.key)
        keys, eligible, scale = scaled_pool_keys(pool, dataset.centres, dataset.tables)
        done = split_pool(pool, keys, eligible, ids, written_in)
        results.append(PoolResult(pool, table, done.allocation, eligible, done, scale))
    return tuple(results)
