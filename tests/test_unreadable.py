"""A workbook that cannot be read back (cut short, a part missing, not a zip, too large)
is reported by file, with a fix, by every command that reads grantsheet's own outputs:
`collect` and a rebuild stop and write nothing, `verify` says which file it could not check.
Never a traceback, and never a file skipped in silence."""

from __future__ import annotations

import zipfile
from pathlib import Path

import openpyxl
import pytest
from click.testing import CliRunner
from cycle_helpers import make_inputs
from hostile_inputs import make_zip, zip_members

from grantsheet import api, cycle, followup, readback
from grantsheet.cli import main
from grantsheet.errors import InputError

FOLLOW_UP = "Återrapportering"


@pytest.fixture(scope="module")
def built(tmp_path_factory) -> api.BuildResult:
    folder = tmp_path_factory.mktemp("built")
    return api.build(make_inputs(folder / "inputs"), folder / "outputs")


def truncated_zip(source: Path, target: Path) -> Path:
    target.write_bytes(source.read_bytes()[:3000])
    return target


def not_a_zip(target: Path) -> Path:
    target.write_text("återrapport: se bifogat mejl\n", encoding="utf-8")
    return target


def without_sheet_part(source: Path, sheet: str, target: Path) -> Path:
    index = openpyxl.load_workbook(source, read_only=True).sheetnames.index(sheet)
    members = zip_members(source.read_bytes())
    del members[f"xl/worksheets/sheet{index + 1}.xml"]
    target.write_bytes(make_zip(members))
    return target


def without_sheet(source: Path, sheet: str, target: Path) -> Path:
    book = openpyxl.load_workbook(source)
    del book[sheet]
    book.save(target)
    return target


def located(error: InputError) -> list[tuple[str, str]]:
    return sorted((p.kind, Path(p.location.file).name) for p in error.problems)


# -- collect ---------------------------------------------------------------------------


def test_collect_names_every_unreadable_return_and_writes_no_summary(built, tmp_path):
    returns = tmp_path / "returns"
    returns.mkdir()
    good = returns / "alfa.xlsx"
    good.write_bytes(built.centre_files[0].read_bytes())
    truncated_zip(built.centre_files[1], returns / "beta.xlsx")
    not_a_zip(returns / "delta.xlsx")
    without_sheet_part(built.centre_files[3], FOLLOW_UP, returns / "epsilon.xlsx")
    summary = tmp_path / "summary.xlsx"
    with pytest.raises(InputError) as caught:
        api.collect([returns], built.master, summary)
    assert located(caught.value) == [
        ("return_unreadable", "beta.xlsx"),
        ("return_unreadable", "delta.xlsx"),
        ("return_unreadable", "epsilon.xlsx"),
    ]
    assert not summary.exists()


def test_collect_on_the_command_line_says_which_file_and_how_to_fix_it(built, tmp_path):
    returns = tmp_path / "returns"
    returns.mkdir()
    truncated_zip(built.centre_files[1], returns / "beta.xlsx")
    summary = tmp_path / "summary.xlsx"
    result = CliRunner().invoke(
        main, ["collect", str(returns), "--master", str(built.master), "--output", str(summary), "--lang", "en"]
    )
    assert result.exit_code == 1
    assert str(returns / "beta.xlsx") in result.output and "Try:" in result.output
    assert "Traceback" not in result.output and not summary.exists()


def test_collect_refuses_an_oversized_return(built, tmp_path, monkeypatch):
    returns = tmp_path / "returns"
    returns.mkdir()
    big = returns / "alfa.xlsx"
    big.write_bytes(built.centre_files[0].read_bytes())
    monkeypatch.setattr(readback, "MAX_FILE_BYTES", big.stat().st_size - 1)
    with pytest.raises(InputError) as caught:
        api.collect([returns], built.master, tmp_path / "summary.xlsx")
    assert located(caught.value) == [("return_too_large", "alfa.xlsx")]
    assert dict(caught.value.problems[0].params)["limit"] in caught.value.render("sv")


@pytest.mark.parametrize(
    "damage,kind",
    [
        ("truncated", "master_unreadable"),
        ("not a zip", "master_unreadable"),
        ("no parameters sheet", "master_unreadable"),
        ("a centre's file", "master_not_master"),
    ],
)
def test_collect_needs_a_readable_master(built, tmp_path, damage, kind):
    master = tmp_path / "grantsheet-2022.xlsx"
    if damage == "truncated":
        truncated_zip(built.master, master)
    elif damage == "not a zip":
        not_a_zip(master)
    elif damage == "no parameters sheet":
        without_sheet(built.master, "Parametrar", master)
    else:
        master.write_bytes(built.centre_files[0].read_bytes())
    summary = tmp_path / "summary.xlsx"
    with pytest.raises(InputError) as caught:
        api.collect([built.centre_files[0]], master, summary)
    assert located(caught.value) == [(kind, master.name)]
    assert not summary.exists()


# -- the rebuild -----------------------------------------------------------------------


def test_a_rebuild_over_an_oversized_form_says_it_is_too_large(tmp_path, monkeypatch):
    inputs = make_inputs(tmp_path / "inputs")
    first = api.build(inputs, tmp_path / "outputs")
    biggest = max(first.centre_files, key=lambda path: path.stat().st_size)
    monkeypatch.setattr(cycle, "MAX_FILE_BYTES", biggest.stat().st_size - 1)
    with pytest.raises(InputError) as caught:
        api.build(inputs, tmp_path / "outputs")
    assert ("output_too_large", biggest.name) in located(caught.value)
    assert {kind for kind, _ in located(caught.value)} == {"output_too_large"}
    assert not (tmp_path / "outputs" / "2022" / "arkiv").exists()


# -- verify ----------------------------------------------------------------------------


def test_verify_reports_files_it_cannot_read_and_still_checks_the_others(built, tmp_path):
    broken = [
        truncated_zip(built.master, tmp_path / "cut.xlsx"),
        not_a_zip(tmp_path / "text.xlsx"),
        without_sheet_part(built.centre_files[1], FOLLOW_UP, tmp_path / "no-part.xlsx"),
        without_sheet(built.master, "Parametrar", tmp_path / "no-parameters.xlsx"),
        without_sheet(built.master, "Kontroll", tmp_path / "no-checks.xlsx"),
    ]
    reports = api.verify([built.centre_files[0], *broken], recalc=False)
    assert reports[0].ok and reports[0].unreadable is None
    assert [(r.path.name, r.unreadable.kind if r.unreadable else None, r.ok) for r in reports[1:]] == [
        (path.name, "verify_unreadable", False) for path in broken
    ]


def test_verify_on_the_command_line_names_the_unreadable_file(built, tmp_path):
    cut = truncated_zip(built.master, tmp_path / "cut.xlsx")
    result = CliRunner().invoke(main, ["verify", "--no-recalc", str(cut), "--lang", "en"])
    assert result.exit_code == 1
    assert f"{cut}: The file cannot be read (BadZipFile)" in result.output and "Try:" in result.output


def test_a_returned_form_is_held_to_the_unpacked_size_bounds_of_an_input(built, tmp_path, monkeypatch):
    from grantsheet import safety

    form = tmp_path / "alfa.xlsx"
    form.write_bytes(built.centre_files[0].read_bytes())
    unpacked = sum(info.file_size for info in zipfile.ZipFile(form).infolist())
    monkeypatch.setattr(safety, "MAX_UNPACKED_BYTES", unpacked - 1)  # as a zip bomb would declare
    found = readback.read_or_problem(form, "return", lambda: followup.read_entries(form))
    assert (found.kind, found.location.file) == ("file_unpacks_too_large", str(form))
    monkeypatch.setattr(safety, "MAX_UNPACKED_BYTES", unpacked)
    entries = readback.read_or_problem(form, "return", lambda: followup.read_entries(form))
    assert [entry.centre_id for entry in entries] == ["HC1"]
