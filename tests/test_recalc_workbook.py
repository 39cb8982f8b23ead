"""LibreOffice and Gnumeric, recalculating, must reach exactly the cached value of every formula cell,
and the checks must say FEL in both when a payout is typed over.

All workbooks of this module are recalculated in one soffice call (each call
costs seconds of start-up) and one ssconvert call each.
"""

import random
from pathlib import Path

import openpyxl
import pytest
from workspace import make_workspace, random_region

from grantsheet import api, texts
from grantsheet.allocate import largest_remainder
from grantsheet.layout import POOL_COLUMNS
from grantsheet.recalc import available_engines, compare_with_recalculation, recalculate

REPOSITORY = Path(__file__).resolve().parents[1]
RANDOM_REGIONS = 6
CHANGED_AMOUNT = 1_234_567


@pytest.fixture(scope="module")
def recalculated(tmp_path_factory):
    """Per engine installed: (build result, original path, recalculated path) per case."""
    root = tmp_path_factory.mktemp("recalc")
    builds = {"example": api.build(REPOSITORY / "inputs", root / "example")}
    rng = random.Random(20221124)
    for case in range(RANDOM_REGIONS):
        homes, listings = random_region(rng, rng.randint(1, 80))
        inputs = make_workspace(
            root / f"random{case}",
            homes,
            listings,
            sabo=rng.randint(0, 9_999_999),
            hemsjukvard=rng.randint(1, 300_000_000),
        )
        builds[f"random{case}"] = api.build(inputs, root / f"random{case}" / "outputs")
    originals = {name: result.master for name, result in builds.items()}
    originals["changed_amount"] = with_changed_amount(builds["example"].master, root / "changed" / "changed.xlsx")
    originals["typed_over"] = with_payouts_typed_over(builds["example"], root / "typed" / "typed.xlsx")
    names = list(originals)
    by_engine = {}
    for engine in available_engines():
        outputs = recalculate([originals[name] for name in names], root / "recalculated" / engine, engine=engine)
        by_engine[engine] = {
            name: (builds.get(name, builds["example"]), originals[name], out) for name, out in zip(names, outputs)
        }
    return by_engine


def with_changed_amount(master: Path, target: Path) -> Path:
    """The officer's edit: a new amount for the first pool, typed on the parameters sheet."""
    book = openpyxl.load_workbook(master)
    defined = book.defined_names["belopp_sabo"]
    sheet, cell = next(defined.destinations)
    book[sheet][cell.replace("$", "")].value = CHANGED_AMOUNT
    target.parent.mkdir(parents=True)
    book.save(target)
    return target


def with_payouts_typed_over(result: api.BuildResult, target: Path) -> Path:
    """Every pool's payout on the calculation sheet's last centre row typed over, 5 kr too much:
    a row far from the check rows, which a check looking at one row only would miss."""
    book = openpyxl.load_workbook(result.master)
    sheet = book["Beräkning"]
    row = max(cell.row for cell in sheet["A"] if cell.value == result.dataset.centres[-1].id)
    for pool_index, pool in enumerate(result.pools):
        column = 3 + len(POOL_COLUMNS) * pool_index + POOL_COLUMNS.index("payout")
        sheet.cell(row, column).value = pool.paid[-1] + 5
    target.parent.mkdir(parents=True)
    book.save(target)
    return target


@pytest.mark.parametrize("case", ["example"] + [f"random{i}" for i in range(RANDOM_REGIONS)])
def test_engines_reach_every_cached_value(recalculated, engine, case):
    _, original, recalculated_copy = recalculated[engine][case]
    compared, mismatches = compare_with_recalculation(original, recalculated_copy)
    assert compared > 100
    assert mismatches == []


def test_engines_payouts_equal_the_python_allocation(recalculated, engine):
    result, _, recalculated_copy = recalculated[engine]["random0"]
    book = openpyxl.load_workbook(recalculated_copy, data_only=True)
    rows = [r for r in book["Utbetalning"].iter_rows(min_row=5, values_only=True) if r[0]]
    by_id = {row[0]: row for row in rows}
    for pool_index, pool in enumerate(result.pools):
        for index, centre in enumerate(result.dataset.centres):
            assert by_id[centre.id][2 + pool_index] == pool.allocation.payouts[index]


def test_changing_a_pool_amount_recalculates_everything_and_checks_stay_ok(recalculated, engine):
    result, _, recalculated_copy = recalculated[engine]["changed_amount"]
    book = openpyxl.load_workbook(recalculated_copy, data_only=True)
    rows = [r for r in book["Utbetalning"].iter_rows(min_row=5, values_only=True) if r[0] and r[0] != "Summa"]
    paid = [row[2] for row in rows[: len(result.dataset.centres)]]
    expected = largest_remainder(CHANGED_AMOUNT, result.pools[0].allocation.keys).payouts
    assert paid == list(expected)
    assert sum(paid) == CHANGED_AMOUNT
    statuses = [r[1] for r in book["Kontroll"].iter_rows(values_only=True) if r[1] in ("OK", "FEL")]
    assert statuses and all(status == "OK" for status in statuses)


def test_a_payout_typed_over_fails_the_within_one_krona_check_in_every_engine(recalculated, engine):
    result, _, recalculated_copy = recalculated[engine]["typed_over"]
    book = openpyxl.load_workbook(recalculated_copy, data_only=True)
    statuses = {row[0]: row[1] for row in book["Kontroll"].iter_rows(values_only=True) if row[0]}
    for pool in result.pools:
        assert statuses[texts.text("check_within_one", "sv", pool=pool.pool.name)] == "FEL"
    assert statuses[texts.text("check_overall", "sv")] == "FEL"
