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
