"""What the terminal says (#23.14): errors counted apart from warnings, where the grant file
was looked for, what to do after init, the web extra's hint in one language."""

from __future__ import annotations

import datetime as dt
import sys
from pathlib import Path

import openpyxl
from click.testing import CliRunner
from web_helpers import example_workspace, small_workspace

from grantsheet.cli import main


def test_the_heading_counts_the_errors_not_the_warnings(tmp_path: Path):
    inputs, _ = example_workspace(tmp_path / "ws")
    book = openpyxl.load_workbook(inputs / "listade-80plus.xlsx")
    sheet = book.active
    sheet["C5"] = "många"  # one error
    sheet.append(["Summa", None, 1000, None])  # a total row: left out, with a warning
    book.save(inputs / "listade-80plus.xlsx")
    result = CliRunner().invoke(main, ["check", "--inputs", str(inputs)])
    assert result.exit_code == 1
    assert "Indata har 1 problem; inget skrevs:" in result.output
    assert "VARNING" in result.output and result.output.count("  FEL: ") == 1


def test_a_missing_grant_file_names_the_folder_it_was_looked_for_in(tmp_path: Path):
    (tmp_path / "inputs").mkdir()
    result = CliRunner().invoke(main, ["check", "--inputs", str(tmp_path / "inputs")])
    assert result.exit_code == 1 and f"ingen grant.toml i {(tmp_path / 'inputs').resolve()}" in result.output


def test_init_says_what_to_do_next(tmp_path: Path):
    result = CliRunner().invoke(main, ["init", str(tmp_path / "ws")])
    assert result.exit_code == 0
    assert f"grantsheet check --inputs {tmp_path / 'ws' / 'inputs'}" in result.output
    assert (
        f"grantsheet build --inputs {tmp_path / 'ws' / 'inputs'} --outputs {tmp_path / 'ws' / 'outputs'}"
        in result.output
    )


def test_without_the_web_extra_serve_says_how_to_install_it_in_one_language(tmp_path: Path, monkeypatch):
    monkeypatch.setitem(sys.modules, "grantsheet.web.server", None)  # as if the extra were missing
    result = CliRunner().invoke(main, ["serve", "--inputs", str(tmp_path), "--no-browser"])
    assert result.exit_code == 1
    assert result.output.startswith(
        "grantsheet serve behöver webbpaketen. I grantsheet-mappen: pip install -e '.[web]'"
    )
    assert "Error" not in result.output


def test_history_shows_the_computers_time_and_verify_writes_amounts_as_swedish_does(tmp_path: Path, monkeypatch):
    import time

    from grantsheet import api, texts

    monkeypatch.setenv("TZ", "Europe/Stockholm")
    time.tzset()
    try:
        inputs, outputs = small_workspace(tmp_path / "ws")  # any build has a journal line
        api.build(inputs, outputs)
        (entry,) = api.history(outputs)
        result = CliRunner().invoke(main, ["history", "--outputs", str(outputs)])
        local = dt.datetime.fromisoformat(entry.time).astimezone().strftime("%Y-%m-%d %H:%M")
        assert local in result.output and entry.time not in result.output
    finally:
        monkeypatch.delenv("TZ")
        time.tzset()
    line = texts.text(
        "verify_payout_differs", "sv", centre="A", id="1", pool="P", sheet="S", cell="C5", found=312.5, expected=80000
    )
    assert "312,5 kr" in line and "80 000 kr" in line


def test_history_names_the_time_zone_and_the_language_each_build_wrote_in(tmp_path: Path, monkeypatch):
    """#23.14: a build's line says in which language it wrote its files and in which zone its time
    is shown; a journal line of grantsheet 0.2.0 (journal format 1) says it does not record one."""
    import shutil
    import time

    from grantsheet import api

    monkeypatch.setenv("TZ", "Europe/Stockholm")
    time.tzset()
    try:
        inputs, outputs = small_workspace(tmp_path / "ws")  # any build has a journal line
        api.build(inputs, outputs, "en")
        (entry,) = api.history(outputs)
        assert entry.lang == "en"
        swedish = CliRunner().invoke(main, ["history", "--outputs", str(outputs)])
        english = CliRunner().invoke(main, ["history", "--outputs", str(outputs), "--lang", "en"])
        zone = dt.datetime.fromisoformat(entry.time).astimezone().tzname()
        assert zone in ("CET", "CEST")
        local = dt.datetime.fromisoformat(entry.time).astimezone().strftime("%Y-%m-%d %H:%M")
        assert f"{local} {zone}" in swedish.output and "på engelska" in swedish.output
        assert f"{local} {zone}" in english.output and "in English" in english.output
        old = tmp_path / "old"
        corpus = Path(__file__).parent / "corpus" / "0.2.0" / "vasterbotten-2022" / "outputs"
        shutil.copytree(corpus, old)
        result = CliRunner().invoke(main, ["history", "--outputs", str(old)])
        assert result.exit_code == 0 and "språket ej angivet (äldre journalrad)" in result.output
        assert "på svenska" not in result.output
    finally:
        monkeypatch.delenv("TZ")
        time.tzset()


def test_history_writes_each_builds_amounts_in_its_grants_currency(example_build):
    """#21.7: history said "139 000 000 000 kr" of the CARES Act's dollars (its pool line had the
    kronor of the default words). A line records its grant's currency; a line that records none
    (grantsheet 0.3.0 and before) says so rather than call its amounts kronor."""
    outputs = example_build("cares-act-2020").master.parents[1]
    result = CliRunner().invoke(main, ["history", "--outputs", str(outputs), "--lang", "en"])
    assert "139 000 000 000 USD" in result.output and " kr" not in result.output
    older = Path(__file__).parent / "corpus" / "0.3.0" / "cares-act-2020" / "outputs"
    result = CliRunner().invoke(main, ["history", "--outputs", str(older)])
    assert result.exit_code == 0 and "(raden anger ingen valuta)" in result.output and " kr" not in result.output


def test_verify_shows_the_builds_time_as_history_does(tmp_path: Path, monkeypatch):
    """#23.14: verify's journal line said "2026-12-07T23:02:06+00:00" where history says
    "2026-12-08 00:02 CET": one time, in the computer's zone and named, wherever it is shown."""
    import time

    from grantsheet import api

    monkeypatch.setenv("TZ", "Europe/Stockholm")
    time.tzset()
    try:
        inputs, outputs = small_workspace(tmp_path / "ws")  # any build has a journal line
        built = api.build(inputs, outputs)
        (entry,) = api.history(outputs)
        local = dt.datetime.fromisoformat(entry.time).astimezone()
        shown = f"{local.strftime('%Y-%m-%d %H:%M')} {local.tzname()}"
        result = CliRunner().invoke(main, ["verify", str(built.master), "--no-recalc"])
        assert f"Journalpost 1 ({shown}, " in result.output and entry.time not in result.output
    finally:
        monkeypatch.delenv("TZ")
        time.tzset()
