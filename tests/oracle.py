"""The one exact oracle of the allocation: largest remainder in Fractions, written
independently of grantsheet.allocate, for every test that checks payouts against it."""

from fractions import Fraction
from math import floor


def oracle(amount: int, keys: list[int]) -> list[int]:
    """Largest remainder (design §3): the floors, then one more to the largest remainders,
    ties to the row that comes first."""
    total = sum(keys)
    quotas = [Fraction(amount * key, total) for key in keys]
    floors = [floor(q) for q in quotas]
    leftover = amount - sum(floors)
    by_remainder = sorted(range(len(keys)), key=lambda i: (-(quotas[i] - floors[i]), i))
    winners = set(by_remainder[:leftover])
    return [f + (1 if i in winners else 0) for i, f in enumerate(floors)]


def bounded_quotas(
    left: Fraction, keys: list[Fraction], low: Fraction | None, high: Fraction | None
) -> list[Fraction] | None:
    """The issue's minimum and maximum as their fixed point, found without rounds: every quota
    is ``min(max(λ·key, low), high)`` for the λ at which they add up to ``left``. The sum is
    continuous, rises with λ, and is linear between the points where a key reaches a bound
    (λ = low/key, high/key); λ is found on the piece whose ends bracket ``left``. None when no
    λ reaches it: the bounds cannot pay out the pool."""
    lo = low if low is not None else Fraction(0)

    def clamp(value: Fraction) -> Fraction:
        value = max(value, lo)
        return value if high is None else min(value, high)

    def total(at: Fraction) -> Fraction:
        return sum((clamp(at * k) for k in keys), Fraction(0))

    points = sorted({Fraction(0)} | {b / k for k in keys if k for b in (lo, high) if b is not None and b > 0})
    if total(points[0]) > left:
        return None
    for start, end in zip(points, points[1:] + [None]):
        if end is None:  # past the last point the sum rises only if some key is never capped
            slope = sum((k for k in keys if k and high is None), Fraction(0))
        else:
            slope = (total(end) - total(start)) / (end - start)
        if end is not None and total(end) < left:
            continue
        if slope == 0:
            if total(start) != left:
                return None
            at = start
        else:
            at = start + (left - total(start)) / slope
        return [clamp(at * k) for k in keys]
    return None


def rules_oracle(
    amount: Fraction,
    keys: list[Fraction],
    eligible: list[bool],
    fixed: Fraction = Fraction(0),
    minimum: Fraction | None = None,
    maximum: Fraction | None = None,
    unit: Fraction = Fraction(1),
    rounding: str = "largest_remainder",
    rank: list[int] | None = None,
) -> list[Fraction] | None:
    """The issue's rules in Fractions of the currency: every eligible recipient gets ``fixed``;
    the minimum and maximum as their fixed point (``bounded_quotas``): no eligible recipient
    below the minimum, none above the maximum, the others by key; those strictly between the
    bounds share what is left, rounded to ``unit`` (largest remainder with ties to the lower
    rank, half up each on its own, or down). None when no split meets the bounds."""
    n = len(keys)
    rank = rank if rank is not None else list(range(n))
    pay = [Fraction(0)] * n
    rows = [i for i in range(n) if eligible[i]]
    left = amount - fixed * len(rows)
    if left < 0:
        return None
    low = None if minimum is None or minimum <= fixed else minimum - fixed
    high = None if maximum is None else maximum - fixed
    if low is None and high is None:
        if left and not sum(keys[i] for i in rows):
            return None
        total = sum(keys[i] for i in rows)
        quotas = [left * keys[i] / total if total else Fraction(0) for i in rows]
    else:
        found = bounded_quotas(left, [keys[i] for i in rows], low, high)
        if found is None:
            return None
        quotas = found
    quota = dict(zip(rows, quotas))
    held = [i for i in rows if (low is not None and quota[i] <= low) or (high is not None and quota[i] >= high)]
    sharing = [i for i in rows if i not in held]
    for i in held:
        pay[i] = fixed + quota[i]
    left -= sum(quota[i] for i in held)
    in_units = {i: quota[i] / unit for i in sharing}
    whole = {i: floor(q) for i, q in in_units.items()}
    if rounding == "each":
        whole = {i: floor(q + Fraction(1, 2)) for i, q in in_units.items()}
    elif rounding != "floor":
        extra = int(left / unit) - sum(whole.values())
        for i in sorted(sharing, key=lambda i: (-(in_units[i] - whole[i]), rank[i])):
            if extra == 0:
                break
            whole[i] += 1
            extra -= 1
    for i in sharing:
        pay[i] = fixed + whole[i] * unit
    return pay
