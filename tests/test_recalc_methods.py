"""LibreOffice and Gnumeric recalculate workbooks with a pool of every method (round down, öre,
rate with and without cap, eligibility, place-months) and the shipped examples (one soffice
call), and reach every cached value; every check stays OK; the payouts equal Python's."""

import random
from pathlib import Path

import openpyxl
import pytest
from methods_workspace import methods_workspace

from grantsheet import api, texts
from grantsheet.layout import BASIS_FIRST, COL, ID_ROW, PAYOUT
from grantsheet.recalc import available_engines, compare_with_recalculation, recalculate

# Every test here recalculates in LibreOffice and Gnumeric (the module fixture among them).
pytestmark = pytest.mark.engine

REPOSITORY = Path(__file__).resolve().parents[1]
CASES = {"methods1": 1, "methods12": 12, "methods40": 40}
EXAMPLE_FILES = 3


def example_names() -> list[str]:
    folder = REPOSITORY / "templates" / "examples"
    return sorted(p.name for p in folder.iterdir() if (p / "grant.toml").is_file()) if folder.is_dir() else []


@pytest.fixture(scope="module")
def recalculated(tmp_path_factory):
    """Per engine installed: each case's (build, recalculated master), and the centre files'
    recalculated copies; the builds themselves under "builds"."""
    root = tmp_path_factory.mktemp("methods")
    rng = random.Random(2021)
    builds = {}
    for name, n in CASES.items():
        inputs = methods_workspace(root / name, rng, n)
        builds[name] = api.build(inputs, root / name / "outputs")
    for name in example_names():
        builds[name] = api.build(REPOSITORY / "templates" / "examples" / name, root / name / "outputs")
    names = list(builds)
    centre_files = list(builds["methods12"].centre_files)
    # The first few centre (or region) files of every shipped example.
    example_files = [path for name in example_names() for path in builds[name].centre_files[:EXAMPLE_FILES]]
    by_engine = {}
    for engine in available_engines():
        outputs = recalculate(
            [builds[n].master for n in names] + centre_files + example_files,
            root / "recalculated" / engine,
            engine=engine,
        )
        by_engine[engine] = {name: (builds[name], out) for name, out in zip(names, outputs)} | {
            "centre_files": dict(zip(centre_files, outputs[len(names) :])),
            "example_files": dict(zip(example_files, outputs[len(names) + len(centre_files) :])),
        }
    return {"builds": builds, **by_engine}


@pytest.mark.parametrize("case", list(CASES) + example_names())
def test_engines_reach_every_cached_value_for_every_method(recalculated, engine, case):
    result, recalculated_copy = recalculated[engine][case]
    compared, mismatches = compare_with_recalculation(result.master, recalculated_copy)
    assert compared > 50
    assert mismatches == []
    book = openpyxl.load_workbook(recalculated_copy, data_only=True)
    checks = book["Kontroll"] if "Kontroll" in book.sheetnames else book["Checks"]
    statuses = [r[1] for r in checks.iter_rows(values_only=True) if r[1] in ("OK", "FEL", "ERROR")]
    assert statuses and all(status == "OK" for status in statuses)
    payout = book["Utbetalning"] if "Utbetalning" in book.sheetnames else book["Payout"]
    rows = {r[0]: r for r in payout.iter_rows(min_row=5, values_only=True) if r[0]}
    for pool_index, pool in enumerate(result.pools):
        for index, centre in enumerate(result.dataset.centres):
            assert rows[centre.id][2 + pool_index] == pool.paid[index]


def test_every_method_is_in_the_methods_workspace(recalculated):
    result = recalculated["builds"]["methods12"]
    shapes = {
        (p.pool.rounding, p.pool.rate is not None, p.pool.cap, p.pool.eligible, p.pool.weight) for p in result.pools
    }
    assert {s[0] for s in shapes} == {"largest_remainder", "floor", "ore"}
    assert {s[3] for s in shapes} == {"all", "has_bed_places", "region_run"}
    assert ("floor", True, False, "all", "none") in shapes and "months" in {s[4] for s in shapes}
    capped = next(p for p in result.pools if p.pool.id == "samtal")
    assert capped.paid_total == capped.pool.amount < capped.pool.rate * capped.allocation.total_key


@pytest.mark.parametrize("case", list(CASES) + example_names())
def test_rederive_from_the_workbook_alone_reaches_the_same_payouts(recalculated, case):
    from grantsheet.rederive import rederive

    result = recalculated["builds"][case]
    derived = rederive(result.master)
    assert derived.centre_ids == tuple(c.id for c in result.dataset.centres)
    for pool, again in zip(result.pools, derived.pools):
        assert again.paid == pool.paid


def test_verify_finds_nothing_wrong_in_a_workbook_with_every_method(recalculated):
    result = recalculated["builds"]["methods12"]
    report = api.verify([result.master], recalc=False)[0]
    assert [f for f in report.findings if f.failing] == []


def test_centre_files_pay_every_method_in_kronor(recalculated, engine):
    """A pool split in öre shows öre in its basis and kronor in the payout, as each engine computes it."""
    result = recalculated["builds"]["methods12"]
    index_of = {centre.id: index for index, centre in enumerate(result.dataset.centres)}
    assert len(recalculated[engine]["centre_files"]) == len(index_of)
    for original, recalculated_copy in recalculated[engine]["centre_files"].items():
        compared, mismatches = compare_with_recalculation(original, recalculated_copy)
        assert compared > 10 and mismatches == []
        book = openpyxl.load_workbook(recalculated_copy, data_only=True)
        sheet = next(book[name] for name in book.sheetnames if name in texts.all_labels(PAYOUT))  # the basis
        index = index_of[sheet.cell(ID_ROW + 1, 2).value]
        for pool_index, pool in enumerate(result.pools):
            row = BASIS_FIRST + pool_index + 1
            assert sheet.cell(row, COL["scale"] + 1).value == pool.scale
            assert sheet.cell(row, COL["payout"] + 1).value == pool.paid[index]


def test_engines_reach_every_cached_value_of_the_examples_centre_files(recalculated, engine):
    files = recalculated[engine]["example_files"]
    assert len(files) == EXAMPLE_FILES * len(example_names())
    for original, recalculated_copy in files.items():
        compared, mismatches = compare_with_recalculation(original, recalculated_copy)
        assert compared > 5 and mismatches == [], (original.name, mismatches)


@pytest.mark.parametrize("case", list(CASES) + example_names())
def test_a_master_an_engine_saved_again_is_still_its_builds(recalculated, engine, case):
    """Saved again by LibreOffice or Gnumeric, a master of every method compares equal with the
    build its seal records: a re-save is no edit (issue 12)."""
    _, copy = recalculated[engine][case]
    report = api.verify([copy], recalc=False)[0]
    assert report.seal is not None
    assert [(f.kind, dict(f.params)) for f in report.findings if f.failing] == []


def test_centre_files_an_engine_saved_again_are_unedited(recalculated, engine):
    copies = list(recalculated[engine]["centre_files"].values())
    for report in api.verify(copies, recalc=False):
        assert report.payout_part_edited is False
        assert [(f.kind, dict(f.params)) for f in report.findings if f.failing] == []
