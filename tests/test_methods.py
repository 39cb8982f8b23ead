"""Every pool method (round down, öre, rate per unit with and without cap, eligibility,
place-months) against the exact Fraction oracle of tests/oracle.py."""

import random
from fractions import Fraction
from math import floor

from hypothesis import assume, given
from hypothesis import strategies as st
from methods_workspace import methods_workspace
from oracle import oracle

from grantsheet import api
from grantsheet.allocate import allocate_pool, centre_keys
from grantsheet.errors import Location
from grantsheet.grant import Pool
from grantsheet.tables import BED_PLACES
from grantsheet.validate import Centre, Record, Table

amounts = st.integers(min_value=0, max_value=300_000_000)
key_lists = st.lists(st.integers(min_value=0, max_value=200_000), min_size=1, max_size=60)
rates = st.integers(min_value=1, max_value=5_000)


def pool(amount: int, **settings) -> Pool:
    return Pool(id="p", name="P", amount=amount, key="listed_80_plus", line=1, **settings)


@given(amounts, key_lists)
def test_round_down_pays_the_floor_of_each_quota_and_reports_the_residual(amount, keys):
    assume(sum(keys) > 0)
    allocation = allocate_pool(pool(amount, rounding="floor"), keys)
    expected = [floor(Fraction(amount * k, sum(keys))) for k in keys]
    assert list(allocation.payouts) == expected
    assert allocation.leftover == amount - sum(expected)
    assert 0 <= allocation.leftover < len(keys)
    assert sum(allocation.extras) == 0


@given(amounts, key_lists)
def test_ore_is_largest_remainder_in_hundredths_of_a_krona(amount, keys):
    assume(sum(keys) > 0)
    allocation = allocate_pool(pool(amount, rounding="ore"), keys)
    assert list(allocation.payouts) == oracle(amount * 100, keys)
    assert sum(allocation.payouts) == amount * 100
    for k, ore in zip(keys, allocation.payouts):
        assert abs(Fraction(ore, 100) - Fraction(amount * k, sum(keys))) < Fraction(1, 100)


@given(amounts, key_lists, rates, st.booleans(), st.sampled_from(["largest_remainder", "floor", "ore"]))
def test_a_rate_pays_rate_times_units_scaled_down_to_fit_when_capped(amount, keys, rate, cap, rounding):
    assume(sum(keys) > 0)
    p = pool(amount, rate=rate, cap=cap, rounding=rounding)
    allocation = allocate_pool(p, keys)
    scale = 100 if rounding == "ore" else 1
    due = rate * sum(keys)
    if not cap or due <= amount:
        assert list(allocation.payouts) == [rate * k * scale for k in keys]
        assert all(r == 0 for r in allocation.remainders)
    elif rounding == "floor":
        assert list(allocation.payouts) == [floor(Fraction(amount * k, sum(keys))) for k in keys]
    else:
        assert list(allocation.payouts) == oracle(amount * scale, keys)
    paid = Fraction(sum(allocation.payouts), scale)
    assert paid <= (min(amount, due) if cap else due)
    if cap and due > amount:  # scaled down: within one unit of the share of the amount
        for k, payout in zip(keys, allocation.payouts):
            assert abs(Fraction(payout, scale) - Fraction(amount * k, sum(keys))) < Fraction(1, scale)


@given(amounts, key_lists, st.lists(st.booleans(), min_size=60, max_size=60))
def test_an_ineligible_centre_gets_zero_and_the_rest_share_the_pool(amount, keys, flags):
    eligible = [int(f) for f in flags[: len(keys)]]
    effective = [k * e for k, e in zip(keys, eligible)]
    assume(sum(effective) > 0)
    allocation = allocate_pool(pool(amount), effective)
    assert list(allocation.payouts) == oracle(amount, effective)
    assert all(p == 0 for p, e in zip(allocation.payouts, eligible) if not e)


@given(amounts, st.lists(st.tuples(st.integers(0, 500), st.integers(0, 12)), min_size=1, max_size=40))
def test_place_months_are_places_times_months_and_split_a_year_exactly(amount, rows):
    """The key of a pool weighted by months is each centre's places × months, as the code
    counts it from its table; a home held 6 + 6 months weighs what it would held all year."""
    centres = [Centre(f"c{i}", f"C{i}", Location("boendeplatser.xlsx")) for i in range(len(rows))]
    held = bed_places([(f"c{i}", places, months) for i, (places, months) in enumerate(rows)])
    keys = centre_keys(centres, held, weight="months")
    assert list(keys) == [places * months for places, months in rows]
    halves = bed_places([(f"c{i}", places, 6) for i, (places, _) in enumerate(rows) for _ in (1, 2)])
    whole_year = bed_places([(f"c{i}", places, None) for i, (places, _) in enumerate(rows)])
    assert centre_keys(centres, halves, weight="months") == centre_keys(centres, whole_year, weight="months")
    assume(sum(keys) > 0)
    assert list(allocate_pool(pool(amount, weight="months"), keys).payouts) == oracle(amount, list(keys))


def bed_places(rows: list[tuple[str, int, int | None]]) -> Table:
    """A validated bed-places table: (centre id, places, months or None for the whole year) per row."""
    records = tuple(
        Record(centre, {"places": places, "months": months, "home": f"Hem {row}"}, row)
        for row, (centre, places, months) in enumerate(rows, start=2)
    )
    return Table(BED_PLACES, "boendeplatser.xlsx", "Boendeplatser", records)


def test_an_uncapped_rate_that_costs_more_than_its_pool_is_a_warning_on_its_line(tmp_path):
    inputs = methods_workspace(tmp_path, random.Random(5), 12)
    dataset = api.check(inputs)
    pool = next(p for p in dataset.grant.pools if p.id == "lmg_fri")
    reviews = sum(r.values["reviews"] for r in dataset.tables["quality"].records)
    assert pool.rate * reviews > pool.amount  # the workspace is built so that it overspends
    found = [w for w in dataset.warnings if w.kind == "rate_exceeds_pool"]
    assert [(w.location.file, w.location.line) for w in found] == [("grant.toml", pool.line)]
    assert dict(found[0].params)["cost"] == pool.rate * reviews
