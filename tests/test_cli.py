"""End-to-end through the command line, with click's CliRunner."""

import shutil
from pathlib import Path

import click
import openpyxl
import pytest
from click.testing import CliRunner
from workspace import make_workspace, small_region

from grantsheet import cli
from grantsheet.cli import main
from grantsheet_samples import Home, Listing

REPOSITORY = Path(__file__).resolve().parents[1]


def run(*args: str, env: dict | None = None):
    return CliRunner().invoke(main, list(args), env=env, catch_exceptions=False)


def all_commands(group: click.Group, prefix: str = ""):
    for name, command in group.commands.items():
        yield prefix + name, command
        if isinstance(command, click.Group):
            yield from all_commands(command, f"{prefix}{name} ")


@pytest.mark.parametrize("name,command", list(all_commands(main)))
def test_every_command_is_documented(name, command):
    assert command.help and len(command.help.strip()) > 20, f"grantsheet {name} lacks a help text"
    result = run(*name.split(), "--help", env={"GRANTSHEET_LANG": None})
    assert result.exit_code == 0 and "Användning:" in result.output  # Swedish by default: tests/test_help.py


def test_build_in_a_copied_repository_layout(tmp_path, monkeypatch):
    shutil.copytree(REPOSITORY / "inputs", tmp_path / "inputs")
    monkeypatch.chdir(tmp_path)
    result = run("build")
    assert result.exit_code == 0, result.output
    master = tmp_path / "outputs" / "2022" / "grantsheet-2022.xlsx"
    assert master.is_file()
    assert "Särskilt boende (SÄBO): 4 200 000 kr" in result.output
    assert "utbetalt 4 200 000 kr" in result.output
    assert str(Path("outputs") / "2022" / "grantsheet-2022.xlsx") in result.output
    assert 'Summeringsraden "Summa"' in result.output


def test_build_in_english(tmp_path):
    homes, listings = small_region()
    inputs = make_workspace(tmp_path, homes, listings)
    result = run("build", "--inputs", str(inputs), "--outputs", str(tmp_path / "out"), "--lang", "en")
    assert result.exit_code == 0
    assert "kr per unit" in result.output and "The workbook was written to" in result.output
    assert openpyxl.load_workbook(tmp_path / "out" / "2022" / "grantsheet-2022.xlsx").sheetnames[0] == "Overview"


def test_a_progress_bar_only_for_a_build_of_many_files(tmp_path, monkeypatch):
    homes, listings = small_region()
    inputs = make_workspace(tmp_path, homes, listings)
    files = len(listings) + 1  # the master and one per centre
    monkeypatch.setattr(cli, "PROGRESS_FROM", files + 1)
    quiet = run("build", "--inputs", str(inputs), "--outputs", str(tmp_path / "a"))
    assert quiet.exit_code == 0 and "Skriver arbetsböcker" not in quiet.output
    monkeypatch.setattr(cli, "PROGRESS_FROM", files)
    shown = run("build", "--inputs", str(inputs), "--outputs", str(tmp_path / "b"))
    assert shown.exit_code == 0 and "Skriver arbetsböcker" in shown.output


def test_check_reports_every_problem_with_location_and_fix_and_writes_nothing(tmp_path):
    listings = [
        Listing("Ålidhems hälsocentral", "12,5"),
        Listing("Backens vårdcentral", -3),
        Listing("Sorsele", "många"),
    ]
    homes = [Home("Umeå", "Björkbacken", "Alidhems halsocentral", 10), Home("Umeå", "Tall", "Backens vårdcentral", "x")]
    inputs = make_workspace(tmp_path, homes, listings)
    outputs = tmp_path / "out"
    for command in ("check", "build"):
        result = (
            run(command, "--inputs", str(inputs), "--outputs", str(outputs))
            if command == "build"
            else run(command, "--inputs", str(inputs))
        )
        assert result.exit_code == 1
        message = result.output
        assert (
            'listade.xlsx, blad "Listade 80+", cell B4: \'12,5\' under "antal listade 80+" är inte ett helt tal.'
            in message
        )
        assert 'cell B5: -3 under "antal listade 80+" är negativt.' in message
        assert "cell B6: 'många' under \"antal listade 80+\" är inte ett tal." in message
        assert "boendeplatser.xlsx, blad \"Boendeplatser\", cell D5: 'x'" in message
        assert message.count("Försök:") >= 4
    assert not outputs.exists()


def test_a_misspelled_centre_gets_a_suggestion(tmp_path):
    listings = [Listing("Ålidhems hälsocentral", 100), Listing("Backens vårdcentral", 50)]
    homes = [Home("Umeå", "Björkbacken", "Alidhems halsocentral", 10)]
    result = run("check", "--inputs", str(make_workspace(tmp_path, homes, listings)), "--lang", "en")
    assert result.exit_code == 1
    assert (
        "cell C4: The health centre 'Alidhems halsocentral' is not in the listing file. "
        "Did you mean 'Ålidhems hälsocentral'?" in result.output
    )


def test_check_accepts_the_example_and_says_so(tmp_path):
    result = run("check", "--inputs", str(REPOSITORY / "inputs"))
    assert result.exit_code == 0
    assert "Indata är i ordning: 38 hälsocentraler" in result.output


def test_grant_file_errors_name_the_line(tmp_path):
    homes, listings = small_region()
    inputs = make_workspace(tmp_path, homes, listings)
    grant = inputs / "grant.toml"
    grant.write_text(
        grant.read_text(encoding="utf-8").replace('amount = 4200000\nkey = "bed_places"', 'amount = -5\nkey = "beds"'),
        encoding="utf-8",
    )
    result = run("check", "--inputs", str(inputs))
    assert result.exit_code == 1
    lines = grant.read_text(encoding="utf-8").splitlines()
    amount_line = lines.index("amount = -5") + 1
    assert f'grant.toml, rad {amount_line}: "amount" = -5 ligger utanför det tillåtna, 0 till' in result.output
    assert f"grant.toml, rad {amount_line + 1}: Värdet 'beds' för \"key\" är inte tillåtet." in result.output


def test_init_creates_a_workspace_that_check_explains(tmp_path):
    result = run("init", str(tmp_path / "ws"))
    assert result.exit_code == 0
    created = sorted(p.name for p in (tmp_path / "ws" / "inputs").iterdir())
    assert created == ["boendeplatser.xlsx", "grant.toml", "listade-80plus.xlsx"]
    again = run("init", str(tmp_path / "ws"))
    assert again.exit_code == 0 and "inget skrevs över" in again.output
    # Blank inputs: check says what to fill in rather than crashing.
    blank = run("check", "--inputs", str(tmp_path / "ws" / "inputs"))
    assert blank.exit_code == 1 and "Den totala nyckeln för potten" in blank.output


def test_language_from_the_environment(tmp_path):
    result = run("check", "--inputs", str(REPOSITORY / "inputs"), env={"GRANTSHEET_LANG": "en"})
    assert "The inputs are in order: 38 health centres" in result.output
