"""What collect, check and verify tell the officer (issue 11): words, numbers, headings, no noise."""

from __future__ import annotations

import datetime as dt
import os
import shutil
import subprocess
import time
import warnings
from pathlib import Path

import openpyxl
from click.testing import CliRunner
from contract_helpers import fill
from cycle_helpers import CENTRES, HOMES, SABO, make_inputs

from grantsheet import api, layout, texts
from grantsheet.cli import main

FOLLOW_UP = "Återrapportering"


def _run(*args: str):
    return CliRunner().invoke(main, list(args), catch_exceptions=False)


def _built(tmp_path: Path, centres=CENTRES, homes=HOMES):
    inputs = make_inputs(tmp_path / "inputs", centres, homes)
    return inputs, api.build(inputs, tmp_path / "outputs")


def test_one_of_a_kind_is_singular(tmp_path: Path):
    inputs = make_inputs(tmp_path / "inputs", CENTRES[:1], HOMES[:1])
    swedish = _run("check", "--inputs", str(inputs), "--lang", "sv").output
    english = _run("check", "--inputs", str(inputs), "--lang", "en").output
    assert "1 hälsocentral, 2 rader." in swedish and "hälsocentraler" not in swedish
    assert "1 health centre, 2 rows." in english
    one = texts.text("cli_collect_counts", "en", reported=1, total=1, used=0, received=1)
    assert one.startswith("1 of 1 health centre has reported;")
    two = texts.text("cli_collect_counts", "en", reported=2, total=1150, used=0, received=1)
    assert two.startswith("2 of 1 150 health centres have reported;")
    assert texts.text("cli_carried", "sv", count=1).endswith(": 1 hälsocentral.")
    assert texts.text("web_build_blocked", "en", count=1) == "First mend the 1 error above."
    assert texts.text("web_build_blocked", "sv", count=1) == "Rätta först 1 fel ovan."
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
    fill(hc2, {SABO: 10_000_000})
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


def _aged_build(tmp_path: Path):
    """A build whose inputs are an hour old, so a form saved now is later than its build by
    any clock's resolution."""
    inputs = make_inputs(tmp_path / "inputs")
    hour_ago = time.time() - 3600
    for path in inputs.iterdir():
        os.utime(path, (hour_ago, hour_ago))
    built = api.build(inputs, tmp_path / "outputs")
    return built, {p.name.split(" ")[0]: p for p in built.centre_files}


def _type_into_master(master: Path, centre_id: str, cells: dict[str, object]) -> None:
    book = openpyxl.load_workbook(master)
    sheet = book[FOLLOW_UP]
    row = next(r for r in range(5, sheet.max_row + 1) if sheet.cell(r, 1).value == centre_id)
    for column, value in cells.items():
        sheet[f"{column}{row}"] = value
    book.save(master)


def test_entries_the_officer_typed_into_the_master_are_counted(tmp_path: Path):
    built, _ = _aged_build(tmp_path)
    _type_into_master(built.master, "HC3", {"D": 300, "L": "Per Post", "M": dt.datetime(2023, 2, 1)})
    returns = tmp_path / "returns"
    returns.mkdir()
    collected = api.collect([returns], built.master, tmp_path / "summary.xlsx")
    assert collected.status("HC3") == "reported" and collected.used("HC3") == 300
    assert collected.entries["HC3"].values["contact"] == "Per Post"
    assert collected.reported == 1


def test_a_blank_return_is_told_apart_from_no_return(tmp_path: Path):
    built, files = _aged_build(tmp_path)
    year = built.master.parent
    fill(files["HC1"], {})  # opened and saved, nothing typed
    fill(files["HC2"], {SABO: 100, "contact": "Eva", "date": dt.datetime(2023, 1, 2)})
    collected = api.collect([year], built.master, tmp_path / "summary.xlsx")
    assert [i for i, _ in collected.blank] == ["HC1"]
    assert [i for i, _ in collected.missing] == ["HC3", "HC4"]  # their files lie there as the build wrote them
    assert [collected.status(i) for i in ("HC1", "HC2", "HC3")] == ["blank", "reported", "missing"]
    # A form sent back unchanged, put in a returns folder by the officer, came back blank too.
    returns = tmp_path / "returns"
    returns.mkdir()
    shutil.copy2(files["HC3"], returns / files["HC3"].name)
    collected = api.collect([returns], built.master, tmp_path / "summary.xlsx")
    assert [i for i, _ in collected.blank] == ["HC3"]
    result = _run("collect", str(year), "--master", str(built.master), "--output", str(tmp_path / "s.xlsx"))
    blank_part = result.output.split("Skickade tillbaka blanketten utan att fylla i något:")[1]
    assert "(HC1)" in blank_part and "(HC3)" not in blank_part
    assert "1 av 4 hälsocentraler har rapporterat" in result.output
    sheet = openpyxl.load_workbook(tmp_path / "s.xlsx")["Sammanställning"]
    header = [c.value for c in sheet[4]]
    status = {row[0]: row[header.index("Status")] for row in sheet.iter_rows(min_row=5, values_only=True) if row[0]}
    assert (status["HC1"], status["HC2"], status["HC3"]) == ("Tom blankett", "Rapporterad", "Saknas")


def test_a_payout_typed_over_on_the_payout_sheet_is_flagged(tmp_path: Path):
    built, files = _aged_build(tmp_path)
    book = openpyxl.load_workbook(files["HC1"])
    payout = book["Utbetalning"]
    total = payout.cell(layout.total_row(2) + 1, layout.COL["payout"] + 1)
    assert total.data_type == "f"
    total.value = 999_999
    # The letter's amount too, on the sheet the centre manager reads first.
    letter = book["Utbetalningsbesked"]
    amount = letter.cell(layout.LETTER_AMOUNT + 1, 2)
    assert amount.data_type == "f"
    amount.value = None
    book.save(files["HC1"])
    collected = api.collect([built.master.parent], built.master, tmp_path / "summary.xlsx")
    typed = [f for f in collected.flags if f.kind == "formula_typed_over"]
    assert [(f.centre_id, dict(f.params)["sheet"], dict(f.params)["cell"]) for f in typed] == [
        ("HC1", layout.PAYOUT, total.coordinate),
        ("HC1", layout.LETTER, amount.coordinate),
    ]
    assert typed[0].render("sv") == (
        f"Formelcellen {total.coordinate} på bladet Utbetalning har ersatts med 999 999 ({files['HC1'].name})."
    )
    assert typed[1].render("en") == (
        f"The formula cell {amount.coordinate} on the sheet Payout notice was replaced by (empty) ({files['HC1'].name})."
    )
    # Every other centre's file is as the build wrote it: nothing flagged there.
    assert {f.centre_id for f in collected.flags if f.kind.startswith("formula")} == {"HC1"}


def test_the_summary_has_description_contact_and_date_and_remarks_what_is_missing(tmp_path: Path):
    built, files = _aged_build(tmp_path)
    fill(files["HC1"], {SABO: 1000, "description": "Läkartid på boendet"})
    fill(files["HC2"], {SABO: 100, "description": "Ronder", "contact": "Eva Ek", "date": dt.datetime(2023, 1, 20)})
    summary = tmp_path / "summary.xlsx"
    collected = api.collect([built.master.parent], built.master, summary)
    assert [(f.kind, f.centre_id) for f in collected.flags] == [("contact_missing", "HC1"), ("date_missing", "HC1")]
    sheet = openpyxl.load_workbook(summary)["Sammanställning"]
    header = [c.value for c in sheet[4]]
    rows = {row[0]: row for row in sheet.iter_rows(min_row=5, values_only=True) if row[0]}
    columns = [header.index(label) for label in ("Beskrivning av hur medlen använts", "Kontaktperson", "Datum")]
    assert [rows["HC2"][c] for c in columns] == ["Ronder", "Eva Ek", dt.datetime(2023, 1, 20)]
    assert [rows["HC1"][c] for c in columns] == ["Läkartid på boendet", None, None]
    assert rows["HC1"][header.index("Anmärkningar")] == "Kontaktperson saknas. Datum saknas."


def test_conflict_remarks_name_the_field_and_both_values(tmp_path: Path):
    built, files = _aged_build(tmp_path)
    returns = tmp_path / "returns"
    returns.mkdir()
    second = returns / "HC1 rättad.xlsx"
    shutil.copyfile(files["HC1"], second)
    fill(files["HC1"], {SABO: 1000})
    fill(second, {SABO: 2500})
    collected = api.collect([built.master.parent, returns], built.master, tmp_path / "summary.xlsx")
    (conflict,) = [f for f in collected.flags if f.kind == "conflict"]
    shown = conflict.render("sv")
    assert shown.startswith("Använt: Läkarmedverkan i särskilt boende (kr): ")
    assert "1 000" in shown and "2 500" in shown and second.name in shown and files["HC1"].name in shown
    assert "amount:" not in shown


def test_a_value_the_officer_cleared_in_the_master_stays_cleared(tmp_path: Path):
    built, files = _aged_build(tmp_path)
    fill(files["HC1"], {SABO: 1000, "contact": "Anna"})
    rebuilt = api.build(tmp_path / "inputs", tmp_path / "outputs")  # the master now holds HC1's entries
    # The officer clears HC1's amount and contact in the master: the row is blank again.
    _type_into_master(rebuilt.master, "HC1", {"D": None, "L": None})
    collected = api.collect([rebuilt.master.parent], rebuilt.master, tmp_path / "summary.xlsx")
    assert collected.used("HC1") == 0 and "contact" not in collected.entries["HC1"].values
    assert [i for i, _ in collected.missing] == ["HC1", "HC2", "HC3", "HC4"]


def _saved_at(path: Path, moment: str) -> None:
    """Set the saved time the document records (docProps/core.xml dcterms:modified)."""
    import re

    from hostile_inputs import rewrite_member

    rewrite_member(
        path,
        "docProps/core.xml",
        lambda core: re.sub(
            rb"(<dcterms:modified[^>]*>)[^<]*(</dcterms:modified>)", rb"\g<1>" + moment.encode() + rb"\g<2>", core
        ),
    )


def test_a_saved_time_in_the_future_never_wins_a_conflict_by_itself(tmp_path: Path):
    """A form saved "2099-01-01" with 1 000 kr beat one saved today with 2 000 kr (#26.9):
    now the future time counts as no known time, the file is named, and the conflict stays."""
    built, files = _aged_build(tmp_path)
    returns = tmp_path / "returns"
    returns.mkdir()
    future, today = returns / "HC1 framtid.xlsx", returns / "HC1 idag.xlsx"
    shutil.copyfile(files["HC1"], future)
    shutil.copyfile(files["HC1"], today)
    fill(future, {SABO: 1000})
    fill(today, {SABO: 2000})
    _saved_at(future, "2099-01-01T00:00:00Z")
    collected = api.collect([returns], built.master, tmp_path / "summary.xlsx")
    assert collected.used("HC1") == 2000
    (conflict,) = [f for f in collected.flags if f.kind == "conflict"]
    assert future.name in conflict.render("en") and today.name in conflict.render("en")
    (note,) = [n for n in collected.notes if n.kind == "saved_in_the_future"]
    assert note.location.file.endswith(future.name) and "2099-01-01 00:00" in note.render("en")
    # The rebuild reads the forms the same way, and says so too.
    for path in (future, today):
        shutil.copyfile(path, built.master.parent / path.name)
    rebuilt = api.build(tmp_path / "inputs", tmp_path / "outputs")
    assert rebuilt.cycle.remarks and {r.kind for r in rebuilt.cycle.remarks} == {"saved_in_the_future"}


def test_a_killed_collects_half_written_summary_is_named_not_read(tmp_path: Path):
    """A collect killed while it wrote its summary leaves the hidden temporary file beside it
    (".Sammanställning-k3j9x.xlsx", cut short); the next collect and rebuild of that folder
    read it as a broken return and stopped (#26.13). Now it is named and left unread."""
    built, files = _aged_build(tmp_path)
    fill(files["HC1"], {SABO: 1000})
    folder = built.master.parent
    leftover = folder / ".s-k3j9x_2a.xlsx"
    leftover.write_bytes(files["HC2"].read_bytes()[:3000])
    collected = api.collect([folder], built.master, folder / "summary.xlsx")
    assert collected.used("HC1") == 1000
    (note,) = [n for n in collected.notes if n.kind == "gather_hidden_file"]
    assert note.location.file == str(leftover) and leftover.name in note.render("en")
    rebuilt = api.build(tmp_path / "inputs", tmp_path / "outputs")
    assert any(n.kind == "gather_hidden_file" for n in rebuilt.cycle.notes)


def test_a_form_sent_out_before_the_neutral_ids_is_counted_for_its_state(tmp_path, example_build):
    """A state's form 0.2.0 sent out as "HC-ALABAMA", returned after today's build calls the
    state "ALABAMA": its values count for Alabama, no unknown centre is flagged (#21)."""
    corpus = Path(__file__).parent / "corpus" / "0.2.0" / "cares-act-2020"
    built = example_build("cares-act-2020")  # the summary is written outside its workspace
    returned = corpus / "returns" / "HC-ALABAMA Alabama.xlsx"
    result = api.collect([returned], built.master, tmp_path / "summary.xlsx")
    assert [f.kind for f in result.flags if f.kind == "unknown_centre"] == []
    assert result.status("ALABAMA") == "reported"
    assert result.used("ALABAMA") > 0
