"""The distribution rules (docs/rules.md) against the Fraction oracle that reads the issue's
rules literally (tests/oracle.py): eligibility, fixed, minimum and maximum rounds, units,
rounding and ties, up to pools of 10^13 and keys of 10^10."""

import statistics
from fractions import Fraction
from pathlib import Path

import pytest
from hypothesis import assume, given, settings
from hypothesis import strategies as st
from oracle import rules_oracle
from tiers import examples

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
from grantsheet.grant import read_grant

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
    expected = literal(keys, eligible, rule)
    try:
        done = split(rule, keys, eligible)
    except (RuleError, ZeroTotalKey):
        assert expected is None, "refused though a split meets every rule"
        return None
    assert list(done.payouts) == expected
    assert all(type(p) is int and p % rule.step == 0 for p in done.payouts)
    return done


def literal(keys, eligible, rule):
    """The oracle's payouts of ``rule`` (None: no split meets it)."""
    return rules_oracle(
        Fraction(rule.amount),
        [Fraction(k) for k in keys],
        [bool(e) for e in eligible],
        Fraction(rule.fixed),
        None if rule.minimum is None else Fraction(rule.minimum),
        None if rule.maximum is None else Fraction(rule.maximum),
        Fraction(rule.step),
        rule.rounding,
    )


@given(pools())
@settings(max_examples=examples(400), deadline=None)
def test_every_rule_matches_the_literal_oracle(case):
    check(*case)


@given(pools(big=True))
@settings(max_examples=examples(200), deadline=None)
def test_pools_up_to_ten_trillion_and_keys_up_to_ten_billion_are_exact(case):
    check(*case)


@given(pools())
@settings(max_examples=examples(200), deadline=None)
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
    with pytest.raises(RuleError) as refused:  # the one row with a key is held at 40: 60 left for keys of 0
        split(Rule(100, maximum=40), [0, 0, 5])
    assert refused.value.kind == "pool_bounds_infeasible" and refused.value.params == {
        "count": 3,
        "left": 60,
        "zeros": 2,
    }
    with pytest.raises(RuleError) as refused:  # keys of 0 take the minimum and no more
        split(Rule(100, minimum=10), [0, 0, 0])
    assert refused.value.kind == "pool_bounds_infeasible" and refused.value.params["left"] == 70


def test_minimum_and_maximum_together_reach_their_fixed_point():
    """Rows 1 and 2 (key 1) are below the minimum in the first round, row 3 (key 100) above the
    maximum. Held all at once, as before, 10 + 10 + 50 left 30 that nobody could take and the
    build was refused; yet 25, 25, 50 meets both bounds: row 3 at the cap, the others by key.
    The rounds now hold the side that lies further out (row 3's 99.0 over 50 against the 0.02
    the others lack), then share the 50 left: 25 each, inside the bounds."""
    done = split(Rule(100, minimum=10, maximum=50), [1, 1, 100])
    assert done.payouts == (25, 25, 50)
    assert [r.side for r in done.rounds] == [1]
    assert done.rounds[0].out == (-1, -1, 1) and done.rounds[0].bound == (0, 0, 1)
    # The same case as a format 3 master's rounds held it, both sides in one round: refused.
    with pytest.raises(RuleError) as refused:
        split(Rule(100, minimum=10, maximum=50), [1, 1, 100], both_at_once=True)
    assert refused.value.kind == "pool_bounds_infeasible" and refused.value.params["left"] == 30
    assert literal([1, 1, 100], [1, 1, 1], Rule(100, minimum=10, maximum=50)) == [25, 25, 50]


@st.composite
def bounded(draw):
    """A pool with a minimum and a maximum near where they stop being possible: n·minimum at or
    just below the pool, n·maximum at or just above it, keys of 0 among the others."""
    n = draw(st.integers(1, 12))
    keys = draw(st.lists(st.integers(0, 10**6), min_size=n, max_size=n))
    eligible = draw(st.lists(st.sampled_from([1, 1, 1, 0]), min_size=n, max_size=n))
    count = sum(eligible)
    assume(count)
    unit = draw(st.sampled_from((1, 100)))
    amount = unit * draw(st.integers(count, 10**9 // unit))
    fixed = unit * draw(st.integers(0, amount // unit // count // 4))
    rest = amount - count * fixed
    even = rest // unit // count  # units each when shared evenly
    minimum = fixed + unit * max(0, even - draw(st.integers(0, 3)) * draw(st.sampled_from((0, 1, even // 7 + 1))))
    maximum = fixed + unit * (-(-rest // unit // count) + draw(st.integers(0, 3)) * draw(st.sampled_from((0, 1, even))))
    assume(minimum <= maximum)
    rounding = draw(st.sampled_from(("largest_remainder", "floor", "each")))
    return keys, eligible, Rule(amount, unit, fixed, minimum, maximum, rounding)


EDGES = [  # the pool at and one past n·minimum, n·maximum, and what keys of 0 leave to the others
    ([1, 1, 100], [1, 1, 1], Rule(100, minimum=10, maximum=50)),
    ([1, 2, 3], [1, 1, 1], Rule(30, minimum=10, maximum=50)),
    ([1, 2, 3], [1, 1, 1], Rule(29, minimum=10, maximum=50)),
    ([1, 2, 3], [1, 1, 1], Rule(150, minimum=10, maximum=50)),
    ([1, 2, 3], [1, 1, 1], Rule(151, minimum=10, maximum=50)),
    ([0, 5, 5], [1, 1, 1], Rule(100, minimum=10, maximum=45)),
    ([0, 5, 5], [1, 1, 1], Rule(101, minimum=10, maximum=45)),
    ([0, 5, 7], [1, 0, 1], Rule(100, step=10, fixed=10, minimum=20, maximum=80, rounding="each")),
]


def test_the_edges_of_possible_are_computed_or_refused_as_the_oracle_says():
    found = [check(*case) for case in EDGES]
    assert [None if done is None else done.payouts for done in found] == [
        (25, 25, 50),
        (10, 10, 10),
        None,
        (50, 50, 50),
        None,
        (10, 45, 45),
        None,
        (20, 0, 80),
    ]


@given(bounded())
@settings(max_examples=examples(500), deadline=None)
def test_minimum_and_maximum_near_the_edge_of_possible_match_the_fixed_point(case):
    keys, eligible, rule = case
    done = check(keys, eligible, rule)
    if done is not None:
        paid = [p for p, e in zip(done.payouts, eligible) if e]
        assert min(paid) >= rule.minimum and max(paid) <= rule.maximum
        # No row held at a bound that the final quotas would have released.
        for bound, key in zip(done.bound, done.keys):
            left, total = done.allocation.amount * rule.step, done.allocation.total_key
            if bound and total:
                quota = Fraction(left * key, total) + rule.fixed
                assert quota <= rule.minimum if bound < 0 else quota >= rule.maximum


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


# The grant file's rules: each refusal located on its line, in both languages.

EXAMPLE = (Path(__file__).resolve().parents[1] / "inputs" / "grant.toml").read_text(encoding="utf-8")


def read_rules(tmp_path, lines: str):
    """The example grant file with ``lines`` added to its first pool (whose amount is 4 200 000)."""
    text = EXAMPLE.replace("amount = 4200000", "amount = 4200000\n" + lines, 1)
    path = tmp_path / "grant.toml"
    path.write_text(text, encoding="utf-8")
    problems: list = []
    return read_grant(path, problems), problems, text


def line_of(text: str, fragment: str) -> int:
    return next(number for number, line in enumerate(text.splitlines(), start=1) if fragment in line)


@pytest.mark.parametrize(
    ("lines", "kind", "at", "words"),
    [
        ("unit = 1000000", "grant_not_multiple_of_unit", "amount = 4200000", "not a whole number of the payout unit"),
        ("unit = 100\nfixed = 150", "grant_not_multiple_of_unit", "fixed = 150", "fixed"),
        ("minimum = 5\nmaximum = 4", "grant_minimum_above_maximum", "minimum = 5", "no split satisfies both"),
        ("fixed = 9\nmaximum = 4", "grant_fixed_above_maximum", "fixed = 9", "above the cap"),
        ('ties = "lot"', "grant_lot_without_seed", 'ties = "lot"', "seed"),
        ('rounding = "ore"\nunit = 1', "grant_ore_with_unit", "unit = 1", "0.01"),
        ("amount2 = 1", "grant_unknown_key_near", "amount2", "amount"),
        ("fixed = 1.234", "grant_bad_form", "fixed = 1.234", "form"),
        ('eligible = { column = "listed_80_plus.listed" }', "grant_threshold_without_bound", "eligible", "at_least"),
        ('eligible = { column = "nowhere.x", at_least = 1 }', "grant_bad_value", "eligible", "nowhere.x"),
        ('ties = "coin"', "grant_bad_value", 'ties = "coin"', "order, lot, stop"),
    ],
)
def test_a_rule_that_cannot_be_carried_out_is_refused_on_its_line(tmp_path, lines, kind, at, words):
    grant, problems, text = read_rules(tmp_path, lines)
    assert grant is None
    found = [p for p in problems if p.kind == kind]
    assert len(found) == 1, [p.render("en") for p in problems]
    assert found[0].location.line == line_of(text, at)
    assert words in found[0].render("en")
    assert found[0].render("sv") != found[0].render("en")


def test_the_rules_are_read_exactly(tmp_path):
    grant, problems, _ = read_rules(
        tmp_path,
        'rounding = "each"\nunit = 0.05\nfixed = 100.25\nminimum = 200.50\nmaximum = 300000\nties = "lot"\n'
        'seed = 20250115\neligible = { column = "listed_80_plus.listed", at_least = "median", at_most = 1000.5 }',
    )
    assert problems == [] and grant is not None
    pool = grant.pools[0]
    assert (pool.fixed, pool.minimum, pool.maximum) == (Fraction(401, 4), Fraction(401, 2), 300000)
    assert (pool.unit, pool.scale, pool.step, pool.ties, pool.seed) == (Fraction(1, 20), 100, 5, "lot", 20250115)
    assert (pool.eligible, pool.eligible_column) == ("threshold", "listed_80_plus.listed")
    assert (pool.at_least, pool.at_most) == ("median", Fraction(2001, 2))


def test_today_s_grant_files_read_as_before(tmp_path):
    grant, problems, _ = read_rules(tmp_path, "")
    assert problems == [] and not any(pool.has_rules for pool in grant.pools)


def test_refusals_that_need_the_recipients_name_them(tmp_path):
    from workspace import make_workspace, small_region

    from grantsheet.errors import InputError, errors_in
    from grantsheet.load import load_inputs

    inputs = make_workspace(tmp_path, *small_region())
    grant = inputs / "grant.toml"
    text = grant.read_text(encoding="utf-8")
    for lines, kind, words in (
        ("fixed = 2000000", "pool_fixed_exceeds", "3 recipients × fixed amount 2 000 000 = 6 000 000"),
        ("minimum = 2000000", "pool_minimum_exceeds", "3 recipients × the minimum 2 000 000 = 6 000 000"),
        ("maximum = 1000000", "pool_maximum_short", "leaves 1 200 000"),
    ):
        grant.write_text(text.replace("[[pools]]\n", f"[[pools]]\n{lines}\n", 1), encoding="utf-8")
        with pytest.raises(InputError) as refused:
            load_inputs(inputs)
        (found,) = errors_in(refused.value.problems)
        assert found.kind == kind and words in found.render("en"), found.render("en")


def test_a_tie_under_ties_stop_needs_a_decision_naming_the_recipients(tmp_path):
    """Two centres of 100 listed 80+ and one of 50 share 1 kr: 0,40, 0,40 and 0,20 kr, one krona
    left for the two with equal remainders. ties = "stop" refuses the build and names them."""
    from workspace import make_workspace, small_region

    from grantsheet.errors import InputError, errors_in
    from grantsheet.load import load_inputs

    homes, listings = small_region()
    listings = [listing._replace(listed_80_plus=count) for listing, count in zip(listings, (100, 100, 50))]
    inputs = make_workspace(tmp_path, homes, listings, hemsjukvard=1)
    grant = inputs / "grant.toml"
    text = grant.read_text(encoding="utf-8")
    grant.write_text(text.replace("amount = 1\n", 'amount = 1\nties = "stop"\n', 1), encoding="utf-8")
    with pytest.raises(InputError) as refused:
        load_inputs(inputs)
    (found,) = errors_in(refused.value.problems)
    assert found.kind == "pool_tie_needs_decision"
    assert "Ålidhems hälsocentral, Backens vårdcentral" in found.render("en") or (
        "Backens vårdcentral, Ålidhems hälsocentral" in found.render("en")
    )
    assert "needs a decision" in found.render("en") and "behöver ett beslut" in found.render("sv")
    pools = [n for n, line in enumerate(grant.read_text(encoding="utf-8").splitlines(), 1) if line == "[[pools]]"]
    assert found.location.line == pools[1]  # the home-care pool's table


def test_a_format_3_master_is_laid_out_by_its_own_rounds(tmp_path):
    """verify lays a master out again in the format it was written in: a format 3 master's
    rounds held both sides at once, with no 'out' columns, and must still come out so."""
    import random

    from rules_workspace import rules_workspace

    from grantsheet.allocate import ROUNDS_BY_SIDE, allocate_pools
    from grantsheet.expected import expected_master
    from grantsheet.load import load_inputs
    from grantsheet.seal import Seal

    dataset = load_inputs(rules_workspace(tmp_path, random.Random(2), 40))
    pool = next(index for index, p in enumerate(dataset.grant.pools) if p.id == "sidor")
    today, before = allocate_pools(dataset)[pool].split, allocate_pools(dataset, ROUNDS_BY_SIDE - 1)[pool].split
    assert {r.side for r in before.rounds} == {0} and any(r.side for r in today.rounds)
    assert [len(r.out) for r in today.rounds] == [40] * len(today.rounds)
    seal = Seal(dataset=dataset, lang="sv", version="0.2.0", formulas="", extra={})
    columns = {n: expected_master(seal, n).writer.rule_columns[pool].columns for n in (3, ROUNDS_BY_SIDE)}
    assert not any(c.startswith("out_") for c in columns[3])
    assert sum(c.startswith("bound_") for c in columns[3]) == len(before.rounds)
    assert sum(c.startswith("out_") for c in columns[ROUNDS_BY_SIDE]) == len(today.rounds)
