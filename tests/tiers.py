"""The two tiers of the tests (README, "Tests"): CI runs every test with every example a property
test asks for; the fast tier (``-m "not engine and not slow"``) tries a quarter of them."""

from __future__ import annotations

# tests/conftest.py sets it before any test module is imported (pytest_configure).
FAST = False


def examples(count: int) -> int:
    """How many examples a property test of ``count`` in CI tries in the tier that runs."""
    return max(count // 4, 25) if FAST and count > 25 else count
