"""The compatibility corpus: what every released version wrote (tests/corpus/<version>/, made by
scripts/make_corpus.py from the version's tag, with its own code) is verified, collected,
diffed and carried into a rebuild by today's grantsheet without a false finding."""

from __future__ import annotations

import shutil
from pathlib import Path

import openpyxl
import pytest

from grantsheet import api, texts
from grantsheet.followup import read_entries
from grantsheet.identity import earlier_ids
from grantsheet.layout import folder

CORPUS = Path(__file__).parent / "corpus"
CASES = sorted(
    (version.name, example.name)
    for version in CORPUS.iterdir()
    if version.is_dir()
    for example in version.iterdir()
    if example.is_dir()
)
IDS = [f"{version}-{example}" for version, example in CASES]
# The fast tier reads the shipped example of the first and the last release; every other case
# is a second or two more of the same readers, left to CI (``slow``).
_RELEASES = sorted({version for version, _ in CASES}, key=lambda v: tuple(int(n) for n in v.split(".")))
FAST = {(_RELEASES[0], "vasterbotten-2022"), (_RELEASES[-1], "vasterbotten-2022")}
PARAMS = [
    pytest.param(version, example, id=case_id, marks=() if (version, example) in FAST else pytest.mark.slow)
    for (version, example), case_id in zip(CASES, IDS)
]


class Case:
    """One example of one version, copied to ``work``: the corpus stays as the version wrote it
    (a collect or build would leave its workspace lock there)."""

    def __init__(self, version: str, example: str, work: Path) -> None:
        self.folder = work / version / example
        shutil.copytree(CORPUS / version / example, self.folder)
        self.inputs = self.folder / "inputs"
        self.year_folder = next(p for p in (self.folder / "outputs").iterdir() if p.name.isdigit())
        self.master = self.year_folder / f"grantsheet-{self.year_folder.name}.xlsx"
        self.centre_files = sorted(p for p in self.year_folder.rglob("*.xlsx") if p != self.master)
        self.returns = sorted((self.folder / "returns").glob("*.xlsx"))

    def typed(self) -> dict[str, dict[str, object]]:
        """Centre id -> field -> value, as typed into the returned forms (by their defined names)."""
        found = {}
        for path in self.returns:
            book = openpyxl.load_workbook(path)
            cells = {}
            for name, definition in book.defined_names.items():
                if name.startswith("gs_fu_"):
                    sheet, reference = next(iter(definition.destinations))
                    cells[name] = book[sheet][reference.replace("$", "").split(":")[0]].value
            values = {
                name.removeprefix("gs_fu_").replace("amount_", "amount:", 1): value
                for name, value in cells.items()
                if name not in ("gs_fu_id", "gs_fu_name", "gs_fu_received", "gs_fu_used", "gs_fu_left")
                and value not in (None, "")
            }
            if values:
                found[str(cells["gs_fu_id"])] = values
        return found


@pytest.fixture
def asked(monkeypatch):
    """Every texts key a reader looks up in a file, while the test runs."""
    keys: set[str] = set()
    real = texts.all_labels

    def recording(key: str, /, **params: object) -> set[str]:
        keys.add(key)
        return real(key, **params)

    monkeypatch.setattr(texts, "all_labels", recording)
    return keys


def _failing(report) -> list[str]:
    if report.unreadable is not None:
        return [report.unreadable.render("en")]
    return [f"{report.path.name}: {f.render('en')}" for f in report.findings if f.failing]


@pytest.mark.parametrize(("version", "example"), PARAMS)
def test_verify_without_recalculation(version, example, tmp_path, asked):
    case = Case(version, example, tmp_path)
    reports = api.verify([case.master, *case.centre_files], recalc=False)
    assert [line for report in reports for line in _failing(report)] == []
    assert {report.kind for report in reports} == {"master", "centre"}
    assert all(report.journal is not None and report.journal.same_bytes for report in reports)
    assert sorted(k for k in asked if not texts.read_back(k)) == []


@pytest.mark.engine
@pytest.mark.parametrize(("version", "example"), PARAMS)
def test_verify_recalculated(version, example, tmp_path):
    case = Case(version, example, tmp_path)
    reports = api.verify([case.master, *case.centre_files[:3]])
    assert [line for report in reports for line in _failing(report)] == []
    assert all(report.recalculated for report in reports)


@pytest.mark.parametrize(("version", "example"), PARAMS)
def test_collect(version, example, tmp_path, asked):
    case = Case(version, example, tmp_path)
    result = api.collect(case.returns, case.master, tmp_path / "sammanstallning.xlsx", inputs=case.inputs)
    typed = case.typed()
    assert {c: e.values for c, e in result.entries.items() if not e.is_empty} == typed
    assert len(result.blank) == len(case.returns) - len(typed)
    # Only what the returns hold is flagged: a missing contact and date where only an amount
    # was typed, more used than received.
    received = {c: amount for c, _, amount in result.centres}
    expected = [
        (c, kind)
        for c, values in typed.items()
        if "contact" not in values
        for kind in ("contact_missing", "date_missing")
    ]
    expected += [(c, "used_exceeds") for c in typed if result.used(c) > received[c]]
    assert sorted((f.centre_id, f.kind) for f in result.flags) == sorted(expected)
    assert sorted(k for k in asked if not texts.read_back(k)) == []


@pytest.mark.parametrize(("version", "example"), PARAMS)
def test_diff_against_todays_build(version, example, tmp_path, asked):
    """The version's master against today's build of the same inputs: the same allocation."""
    case = Case(version, example, tmp_path)
    built = api.build(case.inputs, tmp_path / "outputs")
    report = api.diff(case.master, built.master)
    assert (report.parameters, report.inputs, report.payouts, report.entries) == ((), (), (), ())
    itself = api.diff(case.master, case.master)
    assert itself.same
    assert sorted(k for k in asked if not texts.read_back(k)) == []


@pytest.mark.parametrize(("version", "example"), PARAMS)
def test_a_rebuild_carries_the_returned_forms(version, example, tmp_path, asked):
    """The returned forms put back into the version's outputs, then today's build: every value
    typed is in the new master and in the centre's new file; nothing is set aside."""
    case = Case(version, example, tmp_path)
    outputs = tmp_path / "outputs"
    shutil.copytree(case.folder / "outputs", outputs, dirs_exist_ok=True)
    year_folder = outputs / case.year_folder.name
    centres = next(p for p in year_folder.iterdir() if p.is_dir())
    for returned in case.returns:
        shutil.copyfile(returned, centres / returned.name)
    built = api.build(case.inputs, outputs)
    # A state's id 0.2.0 made from its name with the health centres' "HC-" is "ALABAMA" now.
    now = earlier_ids(case.typed(), {c.id for c in built.dataset.centres})
    typed = {now.get(centre_id, centre_id): values for centre_id, values in case.typed().items()}
    carried = {e.centre_id: e.values for e in read_entries(built.master) if not e.is_empty}
    assert carried == typed
    assert (built.cycle.not_carried, built.cycle.conflicts, built.cycle.remarks) == ((), (), ())
    for centre_file in built.centre_files:
        [entry] = read_entries(centre_file)
        assert (entry.values if not entry.is_empty else None) == typed.get(entry.centre_id)
    # What changed since the version's build: nothing, under whatever ids it wrote.
    assert [(row.id, row.status) for row in built.changes.rows if row.status != "unchanged"] == []
    # The version's files are retired whole into the archive, under the folder name it wrote:
    # the recipients' files are in one folder, today's, and none of the version's is left beside
    # it (an old-named folder, hälsocentraler/ or regioner/, is gone).
    assert {path.parent for path in built.centre_files} == {year_folder / folder("centres")}
    assert centres.name == folder("centres") or not centres.exists()
    assert built.cycle.archive is not None
    archived = {p.name for p in (built.cycle.archive / centres.name).iterdir()}
    assert archived == {p.name for p in (case.year_folder / centres.name).iterdir()} | {r.name for r in case.returns}
    assert sorted(k for k in asked if not texts.read_back(k)) == []
