"""The two tiers of the tests (README, "Tests"): CI runs every test with every example a property
test asks for and every case of a sweep; the fast tier (``-m "not engine and not slow"``) tries
a quarter of the examples and the first case."""

from __future__ import annotations

from collections.abc import Sequence
from typing import TypeVar

Case = TypeVar("Case")

# tests/conftest.py sets it before any test module is imported (pytest_configure).
FAST = False


def examples(count: int) -> int:
    """How many examples a property test of ``count`` in CI tries in the tier that runs."""
    return max(count // 4, 25) if FAST and count > 25 else count


def cases(sweep: Sequence[Case]) -> Sequence[Case]:
    """The cases of a sweep inside one test (a disk full at three files, three rounds of a race)
    that the tier runs: CI every one, the fast tier the first."""
    return sweep[:1] if FAST else sweep
