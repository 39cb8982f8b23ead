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
) -> list[Fraction]:
    """The issue's rules read literally, in Fractions of the currency: every eligible recipient
    gets ``fixed``; in rounds, each whose payout (fixed + quota of what is left, by key, over
    those still sharing) is below the minimum gets the minimum, each above the maximum the
    maximum, and leaves; the rest share what is left by key, rounded to ``unit`` (largest
    remainder with ties to the lower rank, half up each on its own, or down)."""
    n = len(keys)
    rank = rank if rank is not None else list(range(n))
    pay = [Fraction(0)] * n
    sharing = [i for i in range(n) if eligible[i]]
    left = amount - fixed * len(sharing)
    while True:
        total = sum(keys[i] for i in sharing)
        quota = {i: (left * keys[i] / total if total else Fraction(0)) for i in sharing}
        low = [i for i in sharing if minimum is not None and fixed + quota[i] < minimum]
        high = [i for i in sharing if maximum is not None and fixed + quota[i] > maximum]
        if not low and not high:
            break
        for i in low:
            pay[i] = minimum
        for i in high:
            pay[i] = maximum
        left -= sum(minimum - fixed for _ in low) + sum(maximum - fixed for _ in high)
        sharing = [i for i in sharing if i not in low and i not in high]
    in_units = {i: quota[i] / unit for i in sharing}
    whole = {i: floor(q) for i, q in in_units.items()}
    if rounding == "each":
        whole = {i: floor(q + Fraction(1, 2)) for i, q in in_units.items()}
    elif rounding != "floor":
        extra = int(left / unit) - sum(whole.values())
        for i in sorted(sharing, key=lambda i: (-(in_units[i] - whole[i]), rank[i]))[:extra]:
            whole[i] += 1
    for i in sharing:
        pay[i] = fixed + whole[i] * unit
    return pay
