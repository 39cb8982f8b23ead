"""LibreOffice and Gnumeric recalculate masters with a pool of every distribution rule
(tests/rules_workspace.py: fixed, minimum and maximum rounds, units, each, floor, öre, lot,
an equal key, a threshold at the median, ten trillion over ten billion) and reach every
cached value; every check stays OK; verify re-derives and passes them."""

import random

import openpyxl
import pytest
from rules_workspace import rules_workspace

from grantsheet import api
from grantsheet.recalc import available_engines, compare_with_recalculation, recalculate
from grantsheet.verify import verify

# Every test here recalculates in LibreOffice and Gnumeric (the module fixture among them).
pytestmark = pytest.mark.engine

CASES = {"rules1": (1, 7), "rules12": (12, 1), "rules40": (40, 2)}


@pytest.fixture(scope="module")
def recalculated(tmp_path_factory):
    root = tmp_path_factory.mktemp("rules")
    builds = {}
    for name, (n, seed) in CASES.items():
        builds[name] = api.build(rules_workspace(root / name, random.Random(seed), n), root / name / "outputs")
    by_engine = {}
    for engine in available_engines():
        outputs = recalculate([b.master for b in builds.values()], root / "recalculated" / engine, engine=engine)
        by_engine[engine] = dict(zip(builds, outputs))
    return {"builds": builds, **by_engine}


def test_the_cases_hold_every_rule_and_rounds(recalculated):
    pools = [p for build in recalculated["builds"].values() for p in build.pools]
    assert {p.pool.rounding for p in pools} == {"largest_remainder", "floor", "ore", "each"}
    assert {p.pool.ties for p in pools} >= {"order", "lot"}
    assert any(p.split.rounds for p in pools if p.pool.minimum is not None and p.pool.maximum is not None)
    assert any(p.split.rounds for p in pools if p.pool.minimum is not None and p.pool.maximum is None)
    # A round with quotas below the minimum and above the maximum that holds one side only:
    # the engines recompute the side from the round's sums, and the later rounds from it.
    assert any(r.side and {-1, 1} <= set(r.out) for p in pools for r in p.split.rounds)
    assert any(0 in p.eligible for p in pools if p.pool.eligible == "threshold")


@pytest.mark.parametrize("case", list(CASES))
def test_engines_reach_every_cached_value_for_every_rule(recalculated, engine, case):
    result, copy = recalculated["builds"][case], recalculated[engine][case]
    compared, mismatches = compare_with_recalculation(result.master, copy)
    assert compared > 200
    assert mismatches == []
    book = openpyxl.load_workbook(copy, data_only=True)
    statuses = [r[1] for r in book["Kontroll"].iter_rows(values_only=True) if r[1] in ("OK", "FEL")]
    assert statuses and all(status == "OK" for status in statuses)
    rows = {r[0]: r for r in book["Utbetalning"].iter_rows(min_row=5, values_only=True) if r[0]}
    for pool_index, pool in enumerate(result.pools):
        for index, centre in enumerate(result.dataset.centres):
            assert rows[centre.id][2 + pool_index] == pool.paid[index]


@pytest.mark.parametrize("case", list(CASES))
def test_verify_re_derives_a_book_with_every_rule(recalculated, case):
    # Recalculating in the engines as well for one case (the others: the comparison above).
    (report,) = verify([recalculated["builds"][case].master], use_recalc=case == "rules12")
    assert report.ok, [f.render("en") for f in report.findings]
