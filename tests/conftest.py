"""Shared pytest fixtures."""

from __future__ import annotations

import os
import re
import shutil
import tempfile
from pathlib import Path

import pytest
import tiers
from hypothesis import settings

from grantsheet import recalc
from grantsheet.recalc import ENGINES, GNUMERIC, LIBREOFFICE, find_engine, missing_engine_reason
from grantsheet.signing import CONFIG_ENV, KEY_ENV

# Builds sign with a key made on first use in the user's configuration folder: the tests'
# is a folder of their own (inherited by the commands they run), never the real user's.
os.environ[CONFIG_ENV] = tempfile.mkdtemp(prefix="grantsheet-test-config-")
os.environ.pop(KEY_ENV, None)


def pytest_configure(config: pytest.Config) -> None:
    """The fast tier (its -m leaves the slow tests out) tries fewer examples in each property
    test (tiers.examples: those without a count of their own too, hypothesis's 100); CI, which
    runs everything, tries them all."""
    tiers.FAST = re.search(r"\bnot\s+slow\b", config.getoption("markexpr") or "") is not None
    if tiers.FAST:
        settings.register_profile("fast", max_examples=tiers.examples(100))
        settings.load_profile("fast")


# A test taking one of these drives LibreOffice, Gnumeric or Chromium: it is an engine test.
ENGINE_FIXTURES = {"soffice", "ssconvert", "engine", "chromium"}


@pytest.hookimpl(tryfirst=True)  # before -m deselects by the markers
def pytest_collection_modifyitems(items: list[pytest.Item]) -> None:
    """The ``engine`` marker on every test that takes an engine's fixture or drives the page in
    the browser, besides those marked by hand: ``pytest -m "not engine"`` is the fast tier."""
    for item in items:
        if ENGINE_FIXTURES & set(getattr(item, "fixturenames", ())) or item.get_closest_marker("browser"):
            item.add_marker(pytest.mark.engine)


@pytest.hookimpl(hookwrapper=True)
def pytest_runtest_protocol(item: pytest.Item, nextitem: pytest.Item | None):
    """A test not marked ``engine`` cannot start LibreOffice or Gnumeric (every engine run goes
    through ``recalc._run``), in its fixtures either: a test that does fails with what to mark,
    so the fast tier never waits for an engine and never skips what CI runs."""
    if item.get_closest_marker("engine") is not None:
        yield
        return

    def refuse(command: list[str], *args: object, **kwargs: object) -> str:
        raise AssertionError(f"{item.nodeid} starts {command[0]}: mark it @pytest.mark.engine")

    engine_run = recalc._run
    recalc._run = refuse
    try:
        yield
    finally:
        recalc._run = engine_run


def require_engine(engine: str) -> str:
    """The program that runs ``engine``; skip the test when it is not installed.

    In CI (environment variable CI set) a missing engine fails the run instead: the
    tests that prove the workbooks' cached values must never be skipped silently there.
    """
    path = find_engine(engine)
    if path is None:
        reason = f"{missing_engine_reason(engine)}; it is needed to recalculate workbooks"
        if "CI" in os.environ:
            pytest.fail(f"{reason}; CI is set, so these tests must run")
        pytest.skip(reason)
    return path


@pytest.fixture(scope="session")
def soffice() -> str:
    """Path of LibreOffice, the first engine that proves the workbooks' cached values."""
    return require_engine(LIBREOFFICE)


@pytest.fixture(scope="session")
def ssconvert() -> str:
    """Path of Gnumeric's converter: the second engine, and the second program centres save
    their forms with."""
    return require_engine(GNUMERIC)


@pytest.fixture(params=ENGINES)
def engine(request: pytest.FixtureRequest) -> str:
    """Each engine in turn (a test taking it runs once per engine), required as above."""
    require_engine(request.param)
    return request.param


# Debian's by default; elsewhere (Windows, macOS) the browser named by GRANTSHEET_CHROMIUM.
CHROMIUM = os.environ.get("GRANTSHEET_CHROMIUM") or shutil.which("chromium") or "/usr/bin/chromium"
CHROMIUM_ARGS = [
    "--no-sandbox",
    "--disable-gpu",
    "--disable-background-networking",
    "--disable-component-update",
    "--disable-sync",
    "--no-first-run",
]


@pytest.fixture(scope="session")
def chromium():
    """Debian's Chromium driven by Playwright (no browser download), for the officer's page.

    In CI a missing Chromium or Playwright fails the run, as a missing LibreOffice does.
    """
    reason = None
    if not os.path.exists(CHROMIUM):
        reason = f"Chromium is not installed at {CHROMIUM} (Debian: apt-get install -y chromium)"
    try:
        from playwright.sync_api import sync_playwright
    except ImportError:
        reason = "Playwright for Python is not installed (pip install -e '.[test]')"
    if reason is not None:
        if "CI" in os.environ:
            pytest.fail(f"{reason}; CI is set, so these tests must run")
        pytest.skip(reason)
    with sync_playwright() as playwright:
        browser = playwright.chromium.launch(executable_path=CHROMIUM, args=CHROMIUM_ARGS)
        yield browser
        browser.close()


@pytest.fixture(scope="session")
def example_build(tmp_path_factory: pytest.TempPathFactory):
    """``example_build(name)``: the ``BuildResult`` of the shipped example ``name``, started and
    built once for the whole session (in its grant file's language) instead of once per test.
    Shared and read-only: a test that changes an input or an output copies the workspace
    (``result.master.parents[2]``) first, or builds its own."""
    from grantsheet import api

    built: dict[str, object] = {}

    def build(name: str):  # noqa: ANN202 - a grantsheet.api.BuildResult
        if name not in built:
            root = tmp_path_factory.mktemp(name)
            api.init_workspace(root, name)
            built[name] = api.build(root / "inputs", root / "outputs")
        return built[name]

    return build


@pytest.fixture
def example_copy(example_build, tmp_path: Path):
    """``example_copy(name)``: a workspace of the test's own (the folder of ``inputs/`` and
    ``outputs/``) holding a copy of the session's build of the example ``name``, for a test that
    changes the inputs or the outputs of a fresh build: a copy takes a fraction of a build."""

    def copy(name: str) -> Path:
        target = tmp_path / f"{name}-built"
        shutil.copytree(example_build(name).master.parents[2], target)
        return target

    return copy


@pytest.fixture(scope="session")
def pdftotext() -> str:
    """Path of poppler's pdftotext, which reads the PDFs' text back; required in CI like the engines."""
    path = shutil.which("pdftotext")
    if path is None:
        reason = "pdftotext is not installed; it reads the PDFs back (Debian: apt-get install -y poppler-utils)"
        if "CI" in os.environ:
            pytest.fail(f"{reason}; CI is set, so these tests must run")
        pytest.skip(reason)
    return path
