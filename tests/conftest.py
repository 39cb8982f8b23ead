"""Shared pytest fixtures."""

from __future__ import annotations

import os
import shutil

import pytest

from grantsheet.recalc import find_soffice


@pytest.fixture(scope="session")
def soffice() -> str:
    """Path of LibreOffice, the engine that proves the workbooks' cached values.

    In CI (environment variable CI set) a missing LibreOffice fails the run: those
    tests must never be skipped silently there.
    """
    path = find_soffice()
    if path is None:
        reason = (
            "LibreOffice (soffice) is not installed; it is needed to recalculate "
            "workbooks (Debian: apt-get install -y libreoffice-calc-nogui)"
        )
        if "CI" in os.environ:
            pytest.fail(f"{reason}; CI is set, so these tests must run")
        pytest.skip(reason)
    return path


@pytest.fixture(scope="session")
def ssconvert() -> str:
    """Path of Gnumeric's ssconvert, the second program centres save their forms with.

    Fails rather than skips in CI, as ``soffice`` does."""
    path = shutil.which("ssconvert")
    if path is None:
        reason = "Gnumeric (ssconvert) is not installed (Debian: apt-get install -y gnumeric)"
        if "CI" in os.environ:
            pytest.fail(f"{reason}; CI is set, so these tests must run")
        pytest.skip(reason)
    return path
