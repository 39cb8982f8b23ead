"""The whole year's follow-up cycle (issue 3), built once and checked part by part, plus the
fixed point of rebuilding."""

from __future__ import annotations

import datetime as dt
import os
import shutil
import subprocess
from pathlib import Path
from typing import NamedTuple

import openpyxl
import pytest
from contract_helpers import edit, field_cell
from cycle_helpers import CENTRES, HOME, HOMES, SABO, make_inputs
from hostile_inputs import make_zip, rewrite_member, zip_members

from grantsheet import api
from grantsheet.collect import CollectResult
from grantsheet.errors import InputError
from grantsheet.layout import SEAL_SHEET
from grantsheet.readback import workbook_info
from grantsheet.recalc import available_engines, check_in_engines, recalculate

FOLLOW_UP = "Återrapportering"


def _row_of(sheet, centre_id: str) -> int:
    return next(r for r in range(5, sheet.max_row + 1) if sheet.cell(r, 1).value == centre_id)


class Cycle(NamedTuple):
    """One year's cycle, built once for the tests below: a build, centres and the officer
    typing into its files, the inputs changing, a rebuild, and a collect of the returns."""

    tmp: Path
    year: Path
    first: api.BuildResult
    second: api.BuildResult
    renamed: Path  # HC1's return, renamed by the centre
    first_payouts: dict[str, int]
    now: dict[str, int]  # the rebuild's payouts
    new_files: dict[str, Path]  # the rebuild's centre files by centre id
    master: openpyxl.Workbook  # the rebuild's master, as written
    summary: Path
    collected: CollectResult


@pytest.fixture(scope="module")
def cycle(tmp_path_factory: pytest.TempPathFactory) -> Cycle:
    tmp_path = tmp_path_factory.mktemp("cycle")
    inputs, outputs = make_inputs(tmp_path / "inputs"), tmp_path / "outputs"
    first = api.build(inputs, outputs)
    files = {p.name.split(" ")[0]: p for p in first.centre_files}
    first_payouts = {
        c.id: sum(r.allocation.payouts[i] for r in first.pools) for i, c in enumerate(first.dataset.centres)
    }

    # HC1 fills in its own file and sends it back renamed; the original is gone.
    renamed = files["HC1"].parent / "återrapport alfa (slutlig).xlsx"
    typed = {SABO: 1000, HOME: 500.5, "description": '=HYPERLINK("http://x")', "contact": "Anna Berg"}
    edit(files["HC1"], "HC1", typed | {"date": dt.datetime(2023, 1, 20)}, save_as=renamed)
    files["HC1"].unlink()
    # HC2 reports more than it received.
    edit(files["HC2"], "HC2", {SABO: 10_000_000, "description": "Allt och mer"})
    # The officer types HC3's return into the master's follow-up tab.
    book = openpyxl.load_workbook(first.master)
    sheet = book[FOLLOW_UP]
    row = _row_of(sheet, "HC3")
    sheet[f"D{row}"], sheet[f"K{row}"] = 300, "Inskrivet av handläggaren"
    book.save(first.master)

    # The inputs change: HC3 disappears, HC2 gets more listed patients, HC5 is new.
    centres = [c for c in CENTRES if c[1] != "HC3"] + [("Zeta hälsocentral", "HC5", 200)]
    centres = [(n, i, 700 if i == "HC2" else c) for n, i, c in centres]
    homes = [h for h in HOMES if h[1] != "Delta hälsocentral"] + [("Zetagården", "Zeta hälsocentral", 20)]
    make_inputs(inputs, centres, homes)
    second = api.build(inputs, outputs)
    now = {c.id: sum(r.allocation.payouts[i] for r in second.pools) for i, c in enumerate(second.dataset.centres)}
    summary = tmp_path / "sammanstallning.xlsx"
    collected = api.collect([outputs / "2022"], second.master, summary)
    return Cycle(
        tmp_path,
        outputs / "2022",
        first,
        second,
        renamed,
        first_payouts,
        now,
        {p.name.split(" ")[0]: p for p in second.centre_files},
        openpyxl.load_workbook(second.master),
        summary,
        collected,
    )


def test_typed_entries_are_carried_by_id_into_the_master_and_the_centre_file(cycle: Cycle):
    sheet = cycle.master[FOLLOW_UP]
    hc1 = [c.value for c in sheet[_row_of(sheet, "HC1")]]
    assert hc1[3:5] == [1000, 500.5]
    assert hc1[10:13] == ['=HYPERLINK("http://x")', "Anna Berg", dt.datetime(2023, 1, 20)]
    assert sheet.cell(_row_of(sheet, "HC2"), 4).value == 10_000_000
    hc1_file = openpyxl.load_workbook(cycle.new_files["HC1"])
    assert [field_cell(hc1_file, "HC1", f).value for f in (SABO, HOME, "contact")] == [1000, 500.5, "Anna Berg"]
    assert field_cell(hc1_file, "HC1", "description").data_type == "s"  # typed text stays text


def test_the_entries_of_a_centre_no_longer_in_the_inputs_are_kept_aside(cycle: Cycle):
    kept = [tuple(r[:6]) for r in cycle.master["Ej överförda uppgifter"].iter_rows(min_row=5, values_only=True)]
    assert (
        "HC3",
        "Delta hälsocentral",
        "Använt: Läkarmedverkan i särskilt boende (kr)",
        300,
        "grantsheet-2022.xlsx",
        "hälsocentralen finns inte längre i indata",
    ) in kept
    assert any(r[0] == "HC3" and r[3] == "Inskrivet av handläggaren" for r in kept)


def test_the_previous_outputs_and_a_renamed_return_are_archived_not_overwritten(cycle: Cycle):
    archive = cycle.year / "arkiv" / "001"
    assert (archive / "grantsheet-2022.xlsx").is_file()
    assert (archive / "mottagare" / cycle.renamed.name).is_file()
    assert not cycle.renamed.exists()


def test_the_change_report_gives_each_centres_key_and_payout_before_and_after(cycle: Cycle):
    changes = {row.id: row for row in cycle.second.changes.rows}
    assert (changes["HC3"].status, changes["HC5"].status, changes["HC2"].status) == ("removed", "added", "changed")
    assert changes["HC2"].before.keys["Hemsjukvård"] == 600 and changes["HC2"].after.keys["Hemsjukvård"] == 700
    assert changes["HC3"].before.total == cycle.first_payouts["HC3"]
    assert changes["HC2"].before.total == cycle.first_payouts["HC2"]
    assert changes["HC2"].after.total == cycle.now["HC2"]
    sheet_rows = {r[0]: r for r in cycle.master["Ändringar"].iter_rows(min_row=5, values_only=True) if r[0]}
    assert sheet_rows["HC3"][2] == "borttagen" and sheet_rows["HC5"][2] == "ny"
    assert sheet_rows["HC2"][-4:-2] == (cycle.first_payouts["HC2"], cycle.now["HC2"])  # then the difference, a note


def test_collect_totals_each_category_lists_the_missing_and_flags_used_over_received(cycle: Cycle):
    collected = cycle.collected
    assert [name for _, name in collected.missing] == ["Epsilon hälsocentral", "Zeta hälsocentral"]
    totals = collected.total_by_category()
    assert totals["Läkarmedverkan i särskilt boende"] == 10_001_000
    assert totals["Läkarmedverkan i hemsjukvården"] == 500.5
    # HC2 gave neither contact nor date: remarked since issue 11.
    assert [(f.kind, f.centre_id) for f in collected.flags] == [
        ("used_exceeds", "HC2"),
        ("contact_missing", "HC2"),
        ("date_missing", "HC2"),
    ]
    cached = openpyxl.load_workbook(cycle.summary, data_only=True)
    report = {row[0]: row[1] for row in cached["Redovisning Socialstyrelsen"].iter_rows(values_only=True) if row[0]}
    assert report["Läkarmedverkan i särskilt boende"] == 10_001_000
    assert cached["Sammanställning"]["C9"].value == sum(cycle.now.values())


def test_verify_passes_the_rebuilt_master_and_fails_one_with_a_typed_over_payout(cycle: Cycle, soffice: str):
    tampered = cycle.tmp / "tampered.xlsx"
    shutil.copyfile(cycle.second.master, tampered)
    book = openpyxl.load_workbook(tampered)
    book["Utbetalning"]["C5"] = 123
    book.save(tampered)
    fresh, bad, centre = api.verify([cycle.second.master, tampered, cycle.new_files["HC4"]])
    assert fresh.ok and fresh.recalculated and fresh.formulas_compared > 100, fresh.findings
    assert not bad.ok
    assert ("formula_overwritten", "Utbetalning", "C5") in [
        (f.kind, dict(f.params).get("sheet"), dict(f.params).get("cell")) for f in bad.findings
    ]
    assert centre.ok and centre.payout_part_edited is False


def test_the_texts_and_numbers_a_rebuild_adds_are_sealed_and_survive_a_resave(
    cycle: Cycle, soffice: str, ssconvert: str
):
    # The changes report and the entries not carried over are the build's words: an edit of
    # any cell of theirs is a finding, as on the build's own sheets.
    def edit(sheet_name: str, find) -> tuple[Path, str]:  # noqa: ANN001
        book = openpyxl.load_workbook(cycle.second.master)
        sheet = book[sheet_name]
        cell = next(c for row in sheet.iter_rows(min_row=5) for c in row if find(c.value))
        cell.value = 3000 if isinstance(cell.value, int) else "ändrat i efterhand"
        target = cycle.tmp / f"edited {len(sheet_name)}.xlsx"
        book.save(target)
        return target, cell.coordinate

    kept, kept_cell = edit("Ej överförda uppgifter", lambda v: v == 300)
    changes, changes_cell = edit("Ändringar", lambda v: v == "Delta hälsocentral")
    for path, sheet, cell in ((kept, "Ej överförda uppgifter", kept_cell), (changes, "Ändringar", changes_cell)):
        [report] = api.verify([path], recalc=False)
        assert not report.ok
        found = [(f.kind, dict(f.params)) for f in report.findings if f.failing]
        assert [k for k, p in found if p.get("sheet") == sheet and p.get("cell") == cell] == ["typed_differs"], found

    lo_copy = recalculate([cycle.second.master], cycle.tmp / "resaved-lo")[0]
    gnumeric_copy = cycle.tmp / "resaved-gnumeric.xlsx"
    subprocess.run(
        [ssconvert, "--recalc", str(cycle.second.master), str(gnumeric_copy)], check=True, capture_output=True
    )
    for copy in (lo_copy, gnumeric_copy):
        [report] = api.verify([copy], recalc=False)
        assert [f for f in report.findings if f.failing] == [], copy.name


def test_every_engine_agrees_with_the_cached_values_of_the_rebuilt_files(cycle: Cycle, soffice: str):
    # The master, centre files with carried entries and the summary.
    checked = [cycle.second.master, cycle.new_files["HC1"], cycle.new_files["HC2"], cycle.summary]
    checks = check_in_engines(checked, available_engines())
    assert len(checks) == len(checked) * len(available_engines())
    for check in checks:
        assert check.compared and not check.mismatches, (check.engine, check.path.name, check.mismatches)


def test_rebuild_is_a_fixed_point(tmp_path: Path):
    inputs = make_inputs(tmp_path / "inputs")
    a = api.build(inputs, tmp_path / "a")
    b = api.build(inputs, tmp_path / "b")
    assert a.master.read_bytes() == b.master.read_bytes()
    second = api.build(inputs, tmp_path / "a").master.read_bytes()
    third = api.build(inputs, tmp_path / "a")
    assert third.master.read_bytes() == second
    assert third.changes.changed_rows == []
    assert sorted(p.name for p in (tmp_path / "a" / "2022" / "arkiv").iterdir()) == ["001", "002"]


def test_open_file_stops_the_run(tmp_path: Path):
    inputs = make_inputs(tmp_path / "inputs")
    result = api.build(inputs, tmp_path / "out")
    lock = result.centre_files[0].parent / f"~${result.centre_files[0].name}"
    lock.write_bytes(b"")
    before = result.master.read_bytes()
    with pytest.raises(InputError) as caught:
        api.build(inputs, tmp_path / "out")
    assert caught.value.problems[0].kind == "output_file_open"
    assert result.centre_files[0].name in caught.value.render("sv")
    assert result.master.read_bytes() == before
    assert not (tmp_path / "out" / "2022" / "arkiv").exists()


@pytest.mark.parametrize(
    "which,sheet,damage",
    [
        ("centre", FOLLOW_UP, "truncated"),
        ("centre", FOLLOW_UP, "missing"),
        ("master", FOLLOW_UP, "truncated"),
        # What changed since the master is read from its seal (changes.states_in), not from
        # its parameters and input sheets: the sheets a rebuild reads are the ones that stop it.
        ("master", SEAL_SHEET, "truncated"),
    ],
)
def test_a_damaged_previous_output_stops_the_run_and_says_which(tmp_path: Path, which, sheet, damage):
    inputs = make_inputs(tmp_path / "inputs")
    result = api.build(inputs, tmp_path / "out")
    damaged = result.master if which == "master" else result.centre_files[1]
    intact = result.centre_files[2]
    part = f"xl/worksheets/sheet{openpyxl.load_workbook(damaged, read_only=True).sheetnames.index(sheet) + 1}.xml"
    members = zip_members(damaged.read_bytes())
    if damage == "truncated":
        members[part] = members[part][:400]
    else:
        del members[part]
    damaged.write_bytes(make_zip(members))
    before = {path: path.read_bytes() for path in (result.master, result.centre_files[1], intact)}
    with pytest.raises(InputError) as caught:
        api.build(inputs, tmp_path / "out")
    assert [(p.kind, p.location.file) for p in caught.value.problems] == [("output_unreadable", str(damaged))]
    assert "Try:" in caught.value.render("en")
    assert {path: path.read_bytes() for path in before} == before  # nothing written, nothing archived
    assert not (tmp_path / "out" / "2022" / "arkiv").exists()


def test_forms_are_bounded_in_size_but_the_officers_own_master_is_not_held_to_it(tmp_path: Path, monkeypatch):
    from grantsheet import cycle

    inputs = make_inputs(tmp_path / "inputs")
    result = api.build(inputs, tmp_path / "out")
    smallest_form = min(path.stat().st_size for path in result.centre_files)
    # Every centre form is now over the bound; the master, larger still, is read all the same.
    monkeypatch.setattr(cycle, "MAX_FILE_BYTES", smallest_form - 1)
    with pytest.raises(InputError) as caught:
        api.build(inputs, tmp_path / "out")
    assert sorted(p.location.file for p in caught.value.problems) == sorted(str(p) for p in result.centre_files)


@pytest.mark.parametrize("links", [True, False], ids=["hard links", "no hard links"])
def test_the_archive_keeps_each_previous_file_apart_from_its_replacement(tmp_path: Path, monkeypatch, links):
    from grantsheet import cycle

    if not links:  # a FAT or exFAT drive: os.link fails and the file is copied

        def no_link(source, target):
            raise OSError("hard links not supported")

        monkeypatch.setattr(cycle.os, "link", no_link)
    inputs = make_inputs(tmp_path / "inputs")
    first = api.build(inputs, tmp_path / "out")
    before = {path: path.read_bytes() for path in (first.master, *first.centre_files)}
    inodes = {path: path.stat().st_ino for path in before}
    make_inputs(inputs, [(n, i, c + 100) for n, i, c in CENTRES])
    second = api.build(inputs, tmp_path / "out")
    archive = tmp_path / "out" / "2022" / "arkiv" / "001"
    for path, data in before.items():
        kept = archive / path.relative_to(tmp_path / "out" / "2022")
        assert kept.read_bytes() == data
        assert path.read_bytes() != data  # the new build differs ...
        assert not os.path.samefile(kept, path)  # ... and never shares the archived file
        assert (kept.stat().st_ino == inodes[path]) == links  # linked, not copied, where it can be
    assert second.master.read_bytes() != before[first.master]


def _type_over_listed_count(master: Path, centre_id: str, count: int) -> None:
    """Type ``count`` over the centre's listed 80+ on the master's input sheet, as a hand could."""
    book = openpyxl.load_workbook(master)
    sheet = book["Indata listade 80+"]
    listed = {i: n for _, i, n in CENTRES}[centre_id]
    row = next(r for r in sheet.iter_rows() if r[0].value == centre_id)
    cell = next(c for c in row if c.value == listed)
    cell.value = count
    book.save(master)


def test_what_changed_is_measured_from_the_previous_builds_seal_not_from_cells_typed_over(tmp_path: Path):
    """The figures before are those the previous build paid, from its seal (its own record of what
    it read): a count typed over on the master's input sheet is no change of the inputs."""
    inputs = make_inputs(tmp_path / "inputs")
    first = api.build(inputs, tmp_path / "out")
    _type_over_listed_count(first.master, "HC2", 700)
    again = api.build(inputs, tmp_path / "out")
    assert {row.id: row.status for row in again.changes.rows} == dict.fromkeys(
        ("HC1", "HC2", "HC3", "HC4"), "unchanged"
    )
    assert again.changes.previous_time is not None


def test_a_master_whose_seal_is_not_its_own_is_compared_by_its_typed_cells(tmp_path: Path):
    """Where the seal is not the one the document names (edited), what changed is re-derived
    from the master's typed parameters and inputs, as before there were seals."""
    inputs = make_inputs(tmp_path / "inputs")
    first = api.build(inputs, tmp_path / "out")
    _type_over_listed_count(first.master, "HC2", 700)
    seal = workbook_info(first.master).seal
    assert seal is not None
    rewrite_member(first.master, "docProps/custom.xml", lambda xml: xml.replace(seal.encode(), b"0" * len(seal)))
    again = api.build(inputs, tmp_path / "out")
    changes = {row.id: row for row in again.changes.rows}
    assert changes["HC2"].status == "changed"
    assert changes["HC2"].before.keys["Hemsjukvård"] == 700 and changes["HC2"].after.keys["Hemsjukvård"] == 600
