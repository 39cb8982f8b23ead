"""The arithmetic contract of design §3, against an exact Fraction oracle (tests/oracle.py)."""

from fractions import Fraction

import pytest
from hypothesis import assume, given, settings
from hypothesis import strategies as st
from oracle import oracle
from tiers import examples

from grantsheet.allocate import ZeroTotalKey, largest_remainder

amounts = st.integers(min_value=0, max_value=300_000_000)
key_lists = st.lists(st.integers(min_value=0, max_value=200_000), min_size=1, max_size=60)


@given(amounts, key_lists)
def test_matches_the_fraction_oracle(amount, keys):
    assume(sum(keys) > 0)
    assert list(largest_remainder(amount, keys).payouts) == oracle(amount, keys)


@given(amounts, key_lists)
def test_payouts_sum_to_the_pool_and_stay_within_one_krona_of_the_quota(amount, keys):
    assume(sum(keys) > 0)
    allocation = largest_remainder(amount, keys)
    assert sum(allocation.payouts) == amount
    total = sum(keys)
    for key, payout in zip(keys, allocation.payouts):
        assert abs(payout - Fraction(amount * key, total)) < 1
    assert 0 <= allocation.leftover < len(keys)


@given(amounts, key_lists)
def test_a_zero_key_gets_zero(amount, keys):
    assume(sum(keys) > 0)
    allocation = largest_remainder(amount, keys)
    for key, payout in zip(keys, allocation.payouts):
        if key == 0:
            assert payout == 0


@given(amounts, key_lists)
def test_more_key_never_gets_less_money(amount, keys):
    assume(sum(keys) > 0)
    payouts = largest_remainder(amount, keys).payouts
    for i, (key_i, pay_i) in enumerate(zip(keys, payouts)):
        for key_j, pay_j in zip(keys[i + 1 :], payouts[i + 1 :]):
            if key_i > key_j:
                assert pay_i >= pay_j
            elif key_j > key_i:
                assert pay_j >= pay_i


@given(amounts, key_lists)
def test_money_is_integers_end_to_end(amount, keys):
    assume(sum(keys) > 0)
    allocation = largest_remainder(amount, keys)
    for values in (allocation.payouts, allocation.floors, allocation.remainders, allocation.extras):
        assert all(type(value) is int for value in values)


@given(amounts, key_lists)
@settings(max_examples=examples(200))
def test_threshold_and_running_tie_count_reproduce_the_extra_kronor(amount, keys):
    """The workbook's linear tie-break formulas, evaluated in Python, pick the same rows."""
    assume(sum(keys) > 0)
    a = largest_remainder(amount, keys)
    for remainder, ties, extra in zip(a.remainders, a.tie_counts, a.extras):
        formula_extra = int(remainder > a.threshold or (remainder == a.threshold and ties <= a.ties_needed))
        assert formula_extra == extra


def test_ties_go_to_the_earlier_row():
    # The PyPI package "apportionment" gets this wrong ([1, 1, 1]): design notes.
    assert largest_remainder(3, [1, 1, 3]).payouts == (1, 0, 2)
    assert largest_remainder(2, [1, 1, 1]).payouts == (1, 1, 0)


def test_the_2022_decision_on_round_numbers():
    assert largest_remainder(4_200_000, [1, 2, 3, 4]).payouts == (420_000, 840_000, 1_260_000, 1_680_000)


def test_a_pool_with_money_and_no_key_is_refused():
    with pytest.raises(ZeroTotalKey):
        largest_remainder(100, [0, 0])


def test_negative_input_is_a_programming_error():
    with pytest.raises(ValueError):
        largest_remainder(-1, [1])
    with pytest.raises(ValueError):
        largest_remainder(1, [1, -1])
