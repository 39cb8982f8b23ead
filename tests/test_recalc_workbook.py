"""LibreOffice, recalculating on load, must reach exactly the cached value of every formula cell.

All workbooks of this module are recalculated in one soffice call (each call
costs seconds of start-up).
"""

import random
from pathlib import Path

import openpyxl
import pytest
from workspace import make_workspace, random_region

from grantsheet import api
from grantsheet.allocate import largest_remainder
from grantsheet.recalc import compare_with_recalculation, recalculate

REPOSITORY = Path(__file__).resolve().parents[1]
RANDOM_REGIONS = 6
CHANGED_AMOUNT = 1_234_567


@pytest.fixture(scope="module")
def recalculated(soffice, tmp_path_factory):
    """(build result, original path, recalculated path) per case, recalculated together."""
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
    names = list(originals)
    outputs = recalculate([originals[name] for name in names], root / "recalculated")
    return {name: (builds.get(name, builds["example"]), originals[name], out) for name, out in zip(names, outputs)}


def with_changed_amount(master: Path, target: Path) -> Path:
    """The officer's edit: a new amount for the first pool, typed on the parameters sheet."""
    book = openpyxl.load_workbook(master)
    defined = book.defined_names["belopp_sabo"]
    sheet, cell = next(defined.destinations)
    book[sheet][cell.replace("$", "")].value = CHANGED_AMOUNT
    target.parent.mkdir(parents=True)
    book.save(target)
    return target


@pytest.mark.parametrize("case", ["example"] + [f"random{i}" for i in range(RANDOM_REGIONS)])
def test_libreoffice_reaches_every_cached_value(recalculated, case):
    _, original, recalculated_copy = recalculated[case]
    compared, mismatches = compare_with_recalculation(original, recalculated_copy)
    assert compared > 100
    assert mismatches == []


def test_libreoffice_payouts_equal_the_python_allocation(recalculated):
    result, _, recalculated_copy = recalculated["random0"]
    book = openpyxl.load_workbook(recalculated_copy, data_only=True)
    rows = [r for r in book["Utbetalning"].iter_rows(min_row=5, values_only=True) if r[0]]
    by_id = {row[0]: row for row in rows}
    for pool_index, pool in enumerate(result.pools):
        for index, centre in enumerate(result.dataset.centres):
            assert by_id[centre.id][2 + pool_index] == pool.allocation.payouts[index]


def test_changing_a_pool_amount_recalculates_everything_and_checks_stay_ok(recalculated):
    result, _, recalculated_copy = recalculated["changed_amount"]
    book = openpyxl.load_workbook(recalculated_copy, data_only=True)
    rows = [r for r in book["Utbetalning"].iter_rows(min_row=5, values_only=True) if r[0] and r[0] != "Summa"]
    paid = [row[2] for row in rows[: len(result.dataset.centres)]]
    expected = largest_remainder(CHANGED_AMOUNT, result.pools[0].allocation.keys).payouts
    assert paid == list(expected)
    assert sum(paid) == CHANGED_AMOUNT
    statuses = [r[1] for r in book["Kontroll"].iter_rows(values_only=True) if r[1] in ("OK", "FEL")]
    assert statuses and all(status == "OK" for status in statuses)
