"""Wrong answers users met (#23.2–6), each reproduced on the shipped example."""

from __future__ import annotations

from pathlib import Path

import openpyxl
import pytest
from click.testing import CliRunner
from web_helpers import EXAMPLE, example_workspace, fill_return

from grantsheet import api
from grantsheet.cli import main
from grantsheet.errors import InputError

LISTED = "listade-80plus.xlsx"


def set_listed_row(inputs: Path, old_name: str, name: str | None = None, centre_id: str | None = None) -> str:
    """Rename the row of ``old_name`` in the listed table and/or give it another HSA-id; its cell."""
    book = openpyxl.load_workbook(inputs / LISTED)
    sheet = book.active
    row = next(r for r in sheet.iter_rows() if r[0].value == old_name)
    if name is not None:
        row[0].value = name
    if centre_id is not None:
        row[1].value = centre_id
    book.save(inputs / LISTED)
    return row[0].coordinate


def test_a_name_of_another_centre_beside_an_id_is_a_located_problem(tmp_path: Path):
    inputs, _ = example_workspace(tmp_path / "ws")
    cell = set_listed_row(inputs, "Ersboda hälsocentral", name="Tegs hälsocentral")
    with pytest.raises(InputError) as raised:
        api.check(inputs)
    (found,) = [p for p in raised.value.problems if p.kind == "register_id_other_name"]
    assert (found.location.file, found.location.cell) == (LISTED, cell)
    message = found.render("sv")
    assert "Tegs hälsocentral" in message and "SE2321000222-HC0004" in message and "Ersboda" in message


def test_an_id_the_register_lacks_is_a_located_problem_not_a_fallback_to_the_name(tmp_path: Path):
    inputs, _ = example_workspace(tmp_path / "ws")
    set_listed_row(inputs, "Ersboda hälsocentral", centre_id="SE2321000222-HC0099")
    with pytest.raises(InputError) as raised:
        api.check(inputs)
    (found,) = [p for p in raised.value.problems if p.kind == "register_unknown_id"]
    assert found.location.file == LISTED and "SE2321000222-HC0099" in found.render("en")


def test_a_known_alias_beside_its_id_is_a_note_and_the_centre_keeps_its_official_name(tmp_path: Path):
    inputs, _ = example_workspace(tmp_path / "ws")
    register = openpyxl.load_workbook(inputs / "register.xlsx")
    row = next(r for r in register.active.iter_rows() if r[0].value == "SE2321000222-HC0004")
    row[2].value = "Ersboda HC"
    register.save(inputs / "register.xlsx")
    set_listed_row(inputs, "Ersboda hälsocentral", name="Ersboda HC")
    dataset = api.check(inputs)
    assert [p.kind for p in dataset.warnings if p.kind.startswith("register_")] == ["register_alias_used"]
    assert "Ersboda hälsocentral" in [c.name for c in dataset.centres]


def test_a_personnummer_is_listed_with_every_other_problem_of_the_inputs(tmp_path: Path):
    inputs, _ = example_workspace(tmp_path / "ws")
    book = openpyxl.load_workbook(inputs / LISTED)
    sheet = book.active
    sheet["C5"], sheet["C6"], sheet["C7"] = "många", -4, 12.5  # three real errors
    sheet["E8"] = "19450101-1235"  # a personnummer in a column of its own
    book.save(inputs / LISTED)
    with pytest.raises(InputError) as raised:
        api.check(inputs)
    errors = {p.location.cell: p.kind for p in raised.value.problems if p.severity == "error"}
    assert errors.pop("E8") == "personal_id"
    assert set(errors) == {"C5", "C6", "C7"}
    assert "19450101" not in "\n".join(p.render("sv") for p in raised.value.problems)


def test_an_amount_typed_as_text_is_flagged_by_collect_and_verify_alike_and_its_sums_are_provisional(
    tmp_path: Path, example_build
):
    built = example_build(EXAMPLE)  # the return and the summary are written outside its workspace
    inputs = built.master.parents[2] / "inputs"
    returns = tmp_path / "returns"
    returns.mkdir()
    form = fill_return(built.centre_files[0], "12 000 kr", save_as=returns / "svar.xlsx")
    (report,) = api.verify([form], recalc=False)
    assert [f.kind for f in report.findings if f.failing] == ["entry_invalid_amount"]
    assert "12 000 kr" in report.findings[0].render("sv")
    summary = tmp_path / "summary.xlsx"
    result = api.collect([returns], built.master, summary, inputs=inputs)
    centre_id = built.dataset.centres[0].id
    assert "amount_not_number" in [f.kind for f in result.flags if f.centre_id == centre_id]
    assert result.provisional == [centre_id]
    sheet = openpyxl.load_workbook(summary, data_only=True)["Redovisning Socialstyrelsen"]
    rows = [row[0] for row in sheet.iter_rows(values_only=True) if row[0]]
    (note,) = [row for row in rows if row.startswith("Preliminärt")]
    assert built.dataset.centres[0].name in note
    runner = CliRunner().invoke(
        main,
        ["collect", str(returns), "--master", str(built.master), "--inputs", str(inputs), "--output", str(summary)],
    )
    (line,) = [line for line in runner.output.splitlines() if built.dataset.centres[0].name in line and "kr" in line]
    assert "preliminärt" in line


def test_the_swedish_and_the_english_master_of_the_same_inputs_do_not_differ(tmp_path: Path, example_build):
    swedish = example_build(EXAMPLE)  # its grant file's language
    english = api.build(swedish.master.parents[2] / "inputs", tmp_path / "en", lang="en")
    report = api.diff(swedish.master, english.master)
    assert (report.parameters, report.inputs, report.payouts, report.entries) == ((), (), (), ())
    result = CliRunner().invoke(main, ["diff", str(swedish.master), str(english.master)])
    assert result.exit_code == 0 and "skiljer sig" not in result.output, result.output


def test_switching_language_keeps_one_folder_per_role_and_earlier_english_folders_are_read(tmp_path: Path):
    inputs, outputs = example_workspace(tmp_path / "ws")
    api.build(inputs, outputs, lang="en")
    second = api.build(inputs, outputs)
    year = outputs / "2022"
    assert sorted(p.name for p in year.iterdir() if p.is_dir()) == ["arkiv", "mottagare"]
    assert all(path.parent.name == "mottagare" for path in second.centre_files)
    # An output set an earlier version wrote in English: its centres' folder is still found.
    (year / "mottagare").rename(year / "centres")
    assert api.mail(inputs, outputs).drafts


def test_init_in_english_writes_an_english_grant_file(tmp_path: Path):
    result = CliRunner().invoke(main, ["init", str(tmp_path / "ws"), "--example", "vasterbotten-2022", "--lang", "en"])
    assert result.exit_code == 0, result.output
    grant = (tmp_path / "ws" / "inputs" / "grant.toml").read_text(encoding="utf-8")
    assert 'language = "en"' in grant and "# Grant definition read by grantsheet" in grant  # comments kept
    assert api.check(tmp_path / "ws" / "inputs").grant.language == "en"


def test_the_change_report_leads_with_the_centres_whose_own_inputs_changed(example_copy):
    """#23.13: 20 of 38 changed lines in name order hid the one centre whose count changed."""
    workspace = example_copy(EXAMPLE)
    inputs, outputs = workspace / "inputs", workspace / "outputs"
    book = openpyxl.load_workbook(inputs / LISTED)
    row = next(r for r in book.active.iter_rows() if r[0].value == "Ålidhems hälsocentral")
    row[2].value = 400  # its own count, last in name order
    book.save(inputs / LISTED)
    result = CliRunner().invoke(main, ["build", "--inputs", str(inputs), "--outputs", str(outputs)])
    assert result.exit_code == 0, result.output
    lines = [line for line in result.output.splitlines() if line.startswith("  ändrad: ")]
    assert len(lines) > 5 and "Ålidhems hälsocentral" in lines[0]
