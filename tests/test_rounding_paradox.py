"""Largest remainder is not monotone in the pool's amount (the Alabama paradox): the Method sheet
explains it, and a rebuild's change report says so when a centre loses a krona to it (issue 12.8)."""

from __future__ import annotations

from pathlib import Path

import openpyxl
from click.testing import CliRunner
from workspace import make_workspace

from grantsheet import api, texts
from grantsheet.allocate import largest_remainder
from grantsheet.changes import describe_loss
from grantsheet.cli import main
from grantsheet_samples import Home, Listing

POOL = "Hemsjukvård"
CENTRES = ("Alfa hälsocentral", "Beta hälsocentral", "Gamma hälsocentral")


def inputs(folder: Path, listed: tuple[int, ...], amount: int, language: str = "sv") -> Path:
    """Three centres with one bed place each (SÄBO 3 kr) and ``listed`` patients (Hemsjukvård ``amount`` kr)."""
    homes = [Home("Umeå", f"Boende {n}", centre, 1) for n, centre in enumerate(CENTRES)]
    listings = [Listing(centre, count, centre_id=f"HC{n}") for n, (centre, count) in enumerate(zip(CENTRES, listed))]
    return make_workspace(folder, homes, listings, sabo=3, hemsjukvard=amount, language=language)


def test_the_example_of_the_method_sheet_is_what_the_allocation_does():
    assert largest_remainder(10, (6, 6, 2)).payouts == (4, 4, 2)
    assert largest_remainder(11, (6, 6, 2)).payouts == (5, 5, 1)


def test_the_method_sheet_explains_the_paradox_in_both_languages(tmp_path: Path):
    for language, sheet in (("sv", "Metod"), ("en", "Method")):
        built = api.build(inputs(tmp_path / language, (6, 6, 2), 10, language), tmp_path / language / "outputs")
        paragraphs = [row[0] for row in openpyxl.load_workbook(built.master)[sheet].iter_rows(values_only=True)]
        assert texts.text("method_paradox", language) in paragraphs
        assert ("Alabama" in texts.text("method_paradox", language)) and "6, 6" in texts.text(
            "method_paradox", language
        )


def test_a_krona_lost_to_the_rounding_is_reported_in_the_terminal_and_on_the_changes_sheet(tmp_path: Path):
    folder = inputs(tmp_path, (6, 6, 2), 10)
    outputs = tmp_path / "outputs"
    runner = CliRunner()
    assert runner.invoke(main, ["build", "--inputs", str(folder), "--outputs", str(outputs)]).exit_code == 0
    inputs(tmp_path, (6, 6, 2), 11)
    second = runner.invoke(main, ["build", "--inputs", str(folder), "--outputs", str(outputs)])
    assert second.exit_code == 0, second.output

    lines = [line for line in second.output.splitlines() if "Alabama" in line]
    assert len(lines) == 1
    assert lines[0].startswith("  Obs, Gamma hälsocentral (HC2): Hemsjukvård: 1 kr i stället för 2 kr")
    assert "(10 -> 11 kr)" in lines[0] and "(2 -> 2)" in lines[0]

    master = outputs / "2022" / "grantsheet-2022.xlsx"
    sheet = openpyxl.load_workbook(master)["Ändringar"]
    header = next(row for row in sheet.iter_rows(values_only=True) if row[0] == texts.text("col_centre_id", "sv"))
    note = header.index("Anmärkning")
    notes = {row[0]: row[note] for row in sheet.iter_rows(values_only=True) if row[0] in ("HC0", "HC1", "HC2")}
    assert notes["HC0"] is None and notes["HC1"] is None
    assert notes["HC2"] == lines[0].split(": ", 1)[1]


def test_a_krona_lost_because_others_grew_more_is_not_blamed_on_the_rounding(tmp_path: Path):
    """The pool grew by a krona and Gamma's key stayed, but Alfa's key grew: Gamma's exact quota
    fell (2/14 of 10 kr = 1.43 kr, 2/20 of 11 kr = 1.10 kr), so its krona less is no paradox."""
    folder = inputs(tmp_path, (6, 6, 2), 10)
    api.build(folder, tmp_path / "outputs")
    rebuilt = api.build(inputs(tmp_path, (12, 6, 2), 11), tmp_path / "outputs")
    rows = {row.id: row for row in rebuilt.changes.rows}
    assert rows["HC2"].after.payouts[POOL] < rows["HC2"].before.payouts[POOL]
    assert rebuilt.changes.rounding_losses == ()


def test_the_english_report_says_it_in_english(tmp_path: Path):
    folder = inputs(tmp_path, (6, 6, 2), 10, "en")
    api.build(folder, tmp_path / "outputs")
    rebuilt = api.build(inputs(tmp_path, (6, 6, 2), 11, "en"), tmp_path / "outputs")
    (loss,) = rebuilt.changes.rounding_losses
    assert (loss.id, loss.pool, loss.payout_before, loss.payout_after) == ("HC2", POOL, 2, 1)
    assert describe_loss(loss, "en").startswith(
        "Hemsjukvård: 1 kr instead of 2 kr, although the pool grew (10 -> 11 kr)"
    )
