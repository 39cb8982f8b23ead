"""The distribution rules (docs/rules.md) against the Fraction oracle that reads the issue's
rules literally (tests/oracle.py): eligibility, fixed, minimum and maximum rounds, units,
rounding and ties, up to pools of 10^13 and keys of 10^10."""

import statistics
from fractions import Fraction

import pytest
from hypothesis import assume, given, settings
from hypothesis import strategies as st
from oracle import rules_oracle

from grantsheet.allocate import (
    Rule,
    RuleError,
    ZeroTotalKey,
    integer_keys,
    lot,
    median,
    split,
    threshold_eligibility,
)

UNITS = (1, 10, 100, 1000, 100_000)


@st.composite
def pools(draw, big: bool = False):
    """A pool, its rule and its recipients; amounts in whole currency units."""
    n = draw(st.integers(1, 25))
    most_key = 10**10 // n if big else 5000
    keys = draw(st.lists(st.integers(0, most_key), min_size=n, max_size=n))
    eligible = draw(st.lists(st.booleans(), min_size=n, max_size=n))
    assume(any(e and k for e, k in zip(eligible, keys)))
    unit = draw(st.sampled_from(UNITS))
    amount = unit * draw(st.integers(0, 10**13 // unit if big else 10**8 // unit))
    count = sum(eligible)
    fixed = unit * draw(st.integers(0, amount // unit // count)) if draw(st.booleans()) else 0
    rest = amount - count * fixed
    minimum = maximum = None
    if draw(st.booleans()):
        minimum = fixed + unit * draw(st.integers(0, rest // unit // count))
    if draw(st.booleans()):
        least = -(-rest // count)  # the maximum must leave no money unplaced
        maximum = fixed + unit * draw(st.integers(-(-least // unit), -(-least // unit) + 10**6))
    rounding = draw(st.sampled_from(("largest_remainder", "floor", "each")))
    return keys, [1 if e else 0 for e in eligible], Rule(amount, unit, fixed, minimum, maximum, rounding)


def check(keys, eligible, rule):
    try:
        done = split(rule, keys, eligible)
    except (RuleError, ZeroTotalKey):
        return None
    expected = rules_oracle(
        Fraction(rule.amount),
        [Fraction(k) for k in keys],
        [bool(e) for e in eligible],
        Fraction(rule.fixed),
        None if rule.minimum is None else Fraction(rule.minimum),
        None if rule.maximum is None else Fraction(rule.maximum),
        Fraction(rule.step),
        rule.rounding,
    )
    assert list(done.payouts) == expected
    assert all(type(p) is int and p % rule.step == 0 for p in done.payouts)
    return done


@given(pools())
@settings(max_examples=400, deadline=None)
def test_every_rule_matches_the_literal_oracle(case):
    check(*case)


@given(pools(big=True))
@settings(max_examples=200, deadline=None)
def test_pools_up_to_ten_trillion_and_keys_up_to_ten_billion_are_exact(case):
    check(*case)


@given(pools())
@settings(max_examples=200, deadline=None)
def test_the_bounds_hold_and_largest_remainder_pays_the_pool_exactly(case):
    keys, eligible, rule = case
    done = check(keys, eligible, rule)
    assume(done is not None)
    paid = [p for p, e in zip(done.payouts, eligible) if e]
    if rule.minimum is not None:
        assert min(paid) >= rule.minimum
    if rule.maximum is not None:
        assert max(paid) <= rule.maximum
    assert all(p == 0 for p, e in zip(done.payouts, eligible) if not e)
    if rule.rounding == "largest_remainder":
        assert sum(done.payouts) == rule.amount
    elif rule.rounding == "floor":
        assert sum(done.payouts) <= rule.amount


def test_the_edges_ten_trillion_over_keys_of_ten_billion():
    amount, keys = 10**13 - 1, [10**10 - 3, 1, 2]
    done = split(Rule(amount), keys)
    assert sum(done.payouts) == amount
    assert list(done.payouts) == rules_oracle(Fraction(amount), [Fraction(k) for k in keys], [True] * 3)


def test_fixed_beyond_the_pool_is_refused_with_the_count():
    with pytest.raises(RuleError) as refused:
        split(Rule(100, fixed=40), [1, 1, 1])
    assert refused.value.kind == "pool_fixed_exceeds" and refused.value.params == {"count": 3, "needed": 120}


def test_a_minimum_and_maximum_that_no_split_meets_are_refused():
    with pytest.raises(RuleError) as refused:
        split(Rule(100, minimum=40), [1, 1, 1])
    assert refused.value.kind == "pool_minimum_exceeds" and refused.value.params["needed"] == 120
    with pytest.raises(RuleError) as refused:
        split(Rule(100, maximum=30), [1, 1, 1])
    assert refused.value.kind == "pool_maximum_short" and refused.value.params["left"] == 10
    with pytest.raises(RuleError) as refused:  # the rounds hold rows 1 and 2 at 10, row 3 at 50: 30 left over
        split(Rule(100, minimum=10, maximum=50), [1, 1, 100])
    assert refused.value.kind == "pool_bounds_infeasible" and refused.value.params["left"] == 30


def test_cares_act_minimum_with_each_rounded_on_its_own():
    """Three states of the Coronavirus Relief Fund, as the Treasury published them."""
    import csv
    from pathlib import Path

    data = Path(__file__).resolve().parents[1] / "templates/examples/cares-act-2020/delstater.csv"
    if not data.exists():
        data = Path("/work/shared/data/us-state-population-2019.csv")
    rows = list(csv.reader(data.open(encoding="utf-8")))[1:]
    names, keys = [r[0] for r in rows], [int(r[1]) for r in rows]
    done = split(Rule(139_000_000_000, minimum=1_250_000_000, rounding="each"), keys)
    paid = dict(zip(names, done.payouts))
    assert (paid["Alabama"], paid["Alaska"], paid["Arizona"]) == (1_901_262_160, 1_250_000_000, 2_822_399_972)
    assert sum(done.payouts) == 139_000_000_000 + 1
    assert len(done.rounds) >= 1


def test_equal_remainders_across_the_cut_order_lot_and_stop():
    keys = [307, 307, 100]  # the two 307s tie; 1 unit left for them
    by_order = split(Rule(1), keys)
    assert by_order.allocation.tied == (0, 1) and by_order.payouts[:2] == (1, 0)
    draw = lot(20250115, ["HC1", "HC2", "HC3"])
    by_lot = split(Rule(1, ties="lot", draw=draw), keys)
    winner = 0 if draw[0] < draw[1] else 1
    assert by_lot.payouts[winner] == 1 and by_lot.payouts[1 - winner] == 0
    assert lot(20250115, ["HC1", "HC2", "HC3"]) == draw  # reproducible from the seed
    with pytest.raises(RuleError) as refused:
        split(Rule(1, ties="stop"), keys)
    assert refused.value.params == {"rows": (0, 1), "units": 1}
    assert split(Rule(2, ties="stop"), keys).payouts[:2] == (1, 1)  # no tie across the cut: builds


@given(st.lists(st.fractions(min_value=0, max_value=10**4, max_denominator=10**6), min_size=1, max_size=30))
def test_decimal_keys_become_integers_by_one_power_of_ten(values):
    values = [Fraction(round(v * 10**6), 10**6) for v in values]  # at most six decimals
    integers, scale = integer_keys(values)
    assert scale in [10**d for d in range(7)]
    assert all(Fraction(i, scale) == v for i, v in zip(integers, values))


@given(
    st.lists(st.one_of(st.none(), st.fractions(min_value=-100, max_value=100, max_denominator=1000)), max_size=30),
    st.sampled_from(["median", None, Fraction(1, 3)]),
    st.sampled_from(["median", None, Fraction(5)]),
)
def test_eligibility_by_threshold_and_median(values, at_least, at_most):
    present = [v for v in values if v is not None]
    if present:
        assert median(present) == statistics.median(present)
    middle = statistics.median(present) if present else None
    low = middle if at_least == "median" else at_least
    high = middle if at_most == "median" else at_most
    expected = [int(v is not None and (low is None or v >= low) and (high is None or v <= high)) for v in values]
    assert list(threshold_eligibility(values, at_least, at_most)) == expected
