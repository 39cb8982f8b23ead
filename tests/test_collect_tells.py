"""What collect, check and verify tell the officer (issue 11): words, numbers, headings, no noise."""

from __future__ import annotations

import subprocess
import warnings
from pathlib import Path

import openpyxl
from click.testing import CliRunner
from cycle_helpers import CENTRES, HOMES, make_inputs

from grantsheet import api, texts
from grantsheet.cli import main

FOLLOW_UP = "Återrapportering"


def _run(*args: str):
    return CliRunner().invoke(main, list(args), catch_exceptions=False)


def _built(tmp_path: Path, centres=CENTRES, homes=HOMES):
    inputs = make_inputs(tmp_path / "inputs", centres, homes)
    return inputs, api.build(inputs, tmp_path / "outputs")


def _fill(path: Path, cells: dict[str, object]) -> None:
    book = openpyxl.load_workbook(path)
    for cell, value in cells.items():
        book[FOLLOW_UP][cell] = value
    book.save(path)


def test_one_of_a_kind_is_singular(tmp_path: Path):
    inputs = make_inputs(tmp_path / "inputs", CENTRES[:1], HOMES[:1])
    swedish = _run("check", "--inputs", str(inputs), "--lang", "sv").output
    english = _run("check", "--inputs", str(inputs), "--lang", "en").output
    assert "1 hälsocentral, 2 rader." in swedish and "hälsocentraler" not in swedish
    assert "1 health centre, 2 rows." in english
    assert texts.text("collect_reported", "en", reported=1, total=1) == "1 of 1 centre has reported."
    assert texts.text("collect_reported", "en", reported=2, total=1150) == "2 of 1 150 centres have reported."
    assert texts.text("cli_carried", "sv", count=1).endswith(": 1 hälsocentral.")
    assert texts.text("cli_changes_summary", "sv", added=1, removed=1, changed=2).endswith(
        "1 ny, 1 borttagen, 2 ändrade."
    )


def test_numbers_are_written_the_swedish_way():
    assert texts.number(10_001_000, "sv") == "10 001 000"
    assert texts.number(1234.5, "sv") == "1 234,5"
    assert texts.number(1234.5, "en") == "1 234.5"
    assert texts.number(1858.4063, "sv", decimals=2) == "1 858,41"
    assert texts.number(500.0, "sv") == "500"


def test_amounts_in_remarks_have_thousands_separators(tmp_path: Path):
    _, built = _built(tmp_path)
    hc2 = next(p for p in built.centre_files if p.name.startswith("HC2"))
    _fill(hc2, {"D5": 10_000_000})
    result = _run(
        "collect", str(built.master.parent), "--master", str(built.master), "--output", str(tmp_path / "s.xlsx")
    )
    assert result.exit_code == 1
    assert "Använt 10 000 000 kr är mer än mottaget" in result.output
    received = next(
        r for i, _, r in api.collect([built.master.parent], built.master, tmp_path / "t.xlsx").centres if i == "HC2"
    )
    assert f"mottaget {texts.number(received, 'sv')} kr" in result.output and received >= 1000


def test_problem_headings_say_whose_files_they_are(tmp_path: Path):
    inputs, built = _built(tmp_path)
    returns = tmp_path / "returns"
    returns.mkdir()
    (returns / "HC1.xlsx").write_bytes(b"PK\x03\x04 cut short")
    result = CliRunner().invoke(main, ["collect", str(returns), "--master", str(built.master)])
    assert result.exit_code == 1
    assert "De returnerade filerna har 1 problem; inget skrevs:" in result.output
    assert "Indata" not in result.output
    # The master is an output: a centre's file given as --master is a problem of the outputs.
    centre_file = str(built.centre_files[0])
    result = CliRunner().invoke(main, ["collect", str(returns), "--master", centre_file, "--lang", "en"])
    assert "The outputs have 1 problem; nothing was written:" in result.output
    # A damaged previous output stops a rebuild, under the outputs' heading too.
    built.centre_files[0].write_bytes(b"PK\x03\x04 cut short")
    result = CliRunner().invoke(main, ["build", "--inputs", str(inputs), "--outputs", str(tmp_path / "outputs")])
    assert result.exit_code == 1
    assert "Utdatafilerna har 1 problem; inget skrevs:" in result.output


def test_verify_without_recalculation_says_it_was_asked_not_missing(tmp_path: Path):
    _, built = _built(tmp_path)
    result = _run("verify", "--no-recalc", str(built.master))
    assert "som begärt" in result.output
    assert "LibreOffice finns inte" not in result.output


def test_openpyxl_warnings_do_not_reach_the_officer(tmp_path: Path, ssconvert: str):
    _, built = _built(tmp_path)
    saved = tmp_path / "gnumeric.xlsx"
    subprocess.run([ssconvert, str(built.centre_files[0]), str(saved)], check=True, capture_output=True)
    with warnings.catch_warnings(record=True) as caught:
        warnings.simplefilter("always")
        api.verify([saved], recalc=False)
    assert not [w for w in caught if "openpyxl" in w.filename], [str(w.message) for w in caught]
