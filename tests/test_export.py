"""grantsheet export: the payouts for the ledger (SIE 4I), as CSV and JSON, and as records.

The SIE file is read back by a parser written here from the format's rules, not by the
writer's code: it must balance and its debits must sum to the paid total.
"""

from __future__ import annotations

import csv
import datetime as dt
import hashlib
import io
import json
import re
import shlex
import subprocess
import sys
from decimal import Decimal
from pathlib import Path

import pytest
from click.testing import CliRunner
from workspace import make_workspace, small_region

from grantsheet import api
from grantsheet.cli import main
from grantsheet.errors import InputError
from grantsheet_samples import RegisterRow, write_register

LEDGER = '\n[ledger]\ncost_account = 4990\ncounter_account = "2890"\nseries = "A"\ndate = 2022-06-30\n'


def ledger_workspace(folder: Path, *, rounding: str | None = None, cost_centres: bool = True) -> Path:
    homes, listings = small_region()
    inputs = make_workspace(folder, homes, listings)
    rows = [
        RegisterRow(f"HC{i}", listing.centre, "Region", str(4100 + i) if cost_centres else "", f"hc{i}@example.org")
        for i, listing in enumerate(listings)
    ]
    write_register(inputs / "register.xlsx", rows)
    grant = inputs / "grant.toml"
    text = grant.read_text(encoding="utf-8")
    if rounding:
        text = text.replace("[follow_up]", f'[rounding]\nmethod = "{rounding}"\n\n[follow_up]')
    grant.write_text(text + 'register = "register.xlsx"\n' + LEDGER, encoding="utf-8")
    return inputs


def parse_sie(data: bytes) -> dict:
    """An SIE 4 file's labels, objects and vouchers, by the format's rules (fields split like a
    shell line: quoted with \\" escapes; an object list in braces)."""
    text = data.decode("cp437")
    assert text.endswith("\r\n")
    labels: dict[str, list[list[str]]] = {}
    vouchers: list[dict] = []
    current: dict | None = None
    for line in text.split("\r\n"):
        line = line.strip()
        if not line:
            continue
        if line == "{":
            assert vouchers and current is None
            current = vouchers[-1]
            continue
        if line == "}":
            current = None
            continue
        label, _, rest = line.partition(" ")
        if label == "#TRANS":
            assert current is not None
            match = re.match(r"(\d+) \{([^}]*)\} (-?\d+(?:\.\d{1,2})?)(.*)$", rest)
            assert match, line
            objects = shlex.split(match.group(2))
            current["trans"].append(
                {
                    "account": match.group(1),
                    "objects": dict(zip(objects[::2], objects[1::2])),
                    "amount": Decimal(match.group(3)),
                    "fields": shlex.split(match.group(4)),
                }
            )
            continue
        fields = shlex.split(rest)
        labels.setdefault(label, []).append(fields)
        if label == "#VER":
            vouchers.append({"fields": fields, "trans": []})
    return {"labels": labels, "vouchers": vouchers}


def test_sie_file_balances_and_books_every_centre_on_its_cost_centre(tmp_path):
    inputs = ledger_workspace(tmp_path)
    built = api.build(inputs, tmp_path / "outputs")
    api.approve(inputs, tmp_path / "outputs", approver="bo.ek")  # a second officer's attest (#27)
    sie = tmp_path / "bok" / "utbetalning.se"
    result = api.export(inputs, tmp_path / "outputs", sie=sie, today=dt.date(2022, 7, 1))
    assert result.written == {"sie": sie}
    parsed = parse_sie(sie.read_bytes())
    labels = parsed["labels"]
    assert labels["#FLAGGA"] == [["0"]]
    assert labels["#FORMAT"] == [["PC8"]]
    assert labels["#SIETYP"] == [["4"]]
    assert labels["#GEN"][0][0] == "20220701"
    assert labels["#PROGRAM"][0][0] == "grantsheet"
    assert labels["#FNAMN"] == [["Region Test"]]
    (voucher,) = parsed["vouchers"]
    series, number, date, text = voucher["fields"]
    assert (series, number, date) == ("A", "", "20220630")
    assert "RS 1-2022 par. 1" in text  # § is not in code page 437
    transactions = voucher["trans"]
    assert sum(t["amount"] for t in transactions) == 0
    debits = [t for t in transactions if t["account"] == "4990"]
    (counter,) = [t for t in transactions if t["account"] == "2890"]
    paid_total = sum(pool.paid_total for pool in built.pools)
    assert sum(t["amount"] for t in debits) == paid_total == -counter["amount"] == 8_400_000
    by_object = {t["objects"]["1"]: (t["amount"], t["fields"][-1]) for t in debits}
    per_centre = {}
    for record in api.payouts(built):
        per_centre[record.cost_centre] = per_centre.get(record.cost_centre, 0) + record.payout
    assert by_object == {
        cost_centre: (Decimal(amount), name)
        for cost_centre, amount, name in [
            (c.cost_centre, per_centre[c.cost_centre], c.name) for c in built.dataset.centres
        ]
    }
    assert "Ålidhems hälsocentral" in {name for _, name in by_object.values()}  # å survives PC8
    objects = {fields[1]: fields[2] for fields in labels["#OBJEKT"]}
    assert objects == {cost_centre: name for cost_centre, (_, name) in by_object.items()}


def test_sie_amounts_in_ore_still_balance_to_the_ore(tmp_path):
    inputs = ledger_workspace(tmp_path, rounding="ore")
    built = api.build(inputs, tmp_path / "outputs")
    api.approve(inputs, tmp_path / "outputs", approver="bo.ek")
    sie = tmp_path / "ore.se"
    api.export(inputs, tmp_path / "outputs", sie=sie)
    (voucher,) = parse_sie(sie.read_bytes())["vouchers"]
    amounts = [t["amount"] for t in voucher["trans"]]
    assert any(amount != amount.to_integral_value() for amount in amounts)
    assert sum(amounts) == 0
    assert -min(amounts) == sum(Decimal(str(pool.paid_total)) for pool in built.pools)


def test_csv_and_json_name_the_build_and_hold_every_centre_and_pool(tmp_path):
    inputs = ledger_workspace(tmp_path)
    built = api.build(inputs, tmp_path / "outputs")
    csv_file, json_file = tmp_path / "ut.csv", tmp_path / "ut.json"
    result = api.export(inputs, tmp_path / "outputs", csv=csv_file, json=json_file)
    assert result.build.master == built.master
    with csv_file.open(encoding="utf-8-sig", newline="") as stream:
        rows = list(csv.DictReader(stream, delimiter=";"))
    document = json.loads(json_file.read_text(encoding="utf-8"))
    expected = {
        (c.id, pool.pool.id): (pool.allocation.keys[i], pool.paid[i])
        for i, c in enumerate(built.dataset.centres)
        for pool in built.pools
    }
    assert {(r["centre_id"], r["pool_id"]): (int(r["key"]), int(r["payout"])) for r in rows} == expected
    assert {(p["centre_id"], p["pool_id"]): (p["key"], p["payout"]) for p in document["payouts"]} == expected
    sha = hashlib.sha256(built.master.read_bytes()).hexdigest()
    assert {(r["master"], r["master_sha256"]) for r in rows} == {(built.master.name, sha)}
    assert document["build"]["master"] == built.master.name and document["build"]["master_sha256"] == sha
    assert document["build"]["decision"]["reference"] == "RS 1-2022"
    assert {i["file"] for i in document["build"]["inputs"]} >= {"grant.toml", "register.xlsx"}
    assert "Ålidhems hälsocentral" in {p["centre"] for p in document["payouts"]}


def test_json_names_the_inputs_the_build_read_not_those_edited_since(tmp_path):
    """An edit that changes no payout (here a comment) passes the export's check; the JSON's
    build is still the one the journal recorded for the master, input hashes and all."""
    inputs = ledger_workspace(tmp_path)
    grant = inputs / "grant.toml"
    built_with = hashlib.sha256(grant.read_bytes()).hexdigest()
    built = api.build(inputs, tmp_path / "outputs")
    grant.write_text(grant.read_text(encoding="utf-8") + "# mail settings to come\n", encoding="utf-8")
    json_file = tmp_path / "ut.json"
    api.export(inputs, tmp_path / "outputs", json=json_file)
    document = json.loads(json_file.read_text(encoding="utf-8"))
    hashes = {i["file"]: i["sha256"] for i in document["build"]["inputs"]}
    assert hashes["grant.toml"] == built_with != hashlib.sha256(grant.read_bytes()).hexdigest()
    (entry,) = api.history(tmp_path / "outputs")
    assert hashes == dict(entry.inputs)
    assert (document["build"]["time"], document["build"]["journal_entry"]) == (entry.time, entry.number)
    assert document["build"]["master_sha256"] == hashlib.sha256(built.master.read_bytes()).hexdigest()


def test_export_refuses_without_a_build_or_from_inputs_changed_since(tmp_path):
    inputs = ledger_workspace(tmp_path)
    outputs = tmp_path / "outputs"
    target = tmp_path / "ut.csv"
    with pytest.raises(InputError) as raised:
        api.export(inputs, outputs, csv=target)
    assert [p.kind for p in raised.value.problems] == ["export_no_build"]
    api.build(inputs, outputs)
    grant = inputs / "grant.toml"
    grant.write_text(grant.read_text(encoding="utf-8").replace("amount = 4200000", "amount = 4200001", 1), "utf-8")
    with pytest.raises(InputError) as raised:
        api.export(inputs, outputs, csv=target)
    assert [p.kind for p in raised.value.problems] == ["export_build_differs"]
    assert not target.exists()


def test_sie_needs_the_ledger_accounts_and_every_paid_centres_cost_centre(tmp_path):
    inputs = ledger_workspace(tmp_path, cost_centres=False)
    grant = inputs / "grant.toml"
    grant.write_text(grant.read_text(encoding="utf-8").replace(LEDGER, "\n"), encoding="utf-8")
    api.build(inputs, tmp_path / "outputs")
    with pytest.raises(InputError) as raised:
        api.export(inputs, tmp_path / "outputs", sie=tmp_path / "x.se")
    kinds = [p.kind for p in raised.value.problems]
    assert kinds == ["export_no_ledger"] + ["export_no_cost_centre"] * 3
    assert {p.location.file for p in raised.value.problems[1:]} == {"register.xlsx"}
    assert not (tmp_path / "x.se").exists()


@pytest.mark.parametrize(
    ("line", "kind"),
    [
        ('cost_account = "49-90"', "grant_bad_form"),
        ("dimension = -1", "grant_out_of_range"),
        ('date = "2022-06-30"', "grant_wrong_type"),
        ('konto = "1"', "grant_unknown_key"),
    ],
)
def test_a_wrong_ledger_setting_is_named_with_its_line(tmp_path, line, kind):
    inputs = ledger_workspace(tmp_path)
    grant = inputs / "grant.toml"
    text = grant.read_text(encoding="utf-8")
    key = line.split(" =")[0]
    kept = [x for x in text.splitlines() if not x.startswith(f"{key} =")]
    grant.write_text("\n".join(kept) + "\n" + line + "\n", encoding="utf-8")
    with pytest.raises(InputError) as raised:
        api.check(inputs)
    (found,) = raised.value.problems
    assert found.kind == kind
    assert found.location.line == len(kept) + 1


def test_the_export_command_writes_what_it_is_asked_and_says_where(tmp_path, monkeypatch):
    inputs = ledger_workspace(tmp_path)
    monkeypatch.chdir(tmp_path)
    runner = CliRunner()
    assert runner.invoke(main, ["build", "--lang", "en"]).exit_code == 0
    # Another officer approves (#27), under their own operating-system account.
    approved = runner.invoke(main, ["approve", "--lang", "en"], env={"LOGNAME": "bo.ek", "USER": "bo.ek"})
    assert approved.exit_code == 0, approved.output
    result = runner.invoke(main, ["export", "--sie", "bok.se", "--json", "ut.json", "--lang", "en"])
    assert result.exit_code == 0, result.output
    assert "SIE was written to bok.se" in result.output and "JSON was written to ut.json" in result.output
    assert (tmp_path / "bok.se").is_file() and not (tmp_path / "ut.csv").exists()
    nothing = runner.invoke(main, ["export", "--lang", "en"])
    assert nothing.exit_code != 0 and "--sie, --csv and/or --json" in nothing.output
    assert inputs.is_dir()


def test_payouts_as_records_and_as_a_data_frame(tmp_path):
    import pandas

    inputs = ledger_workspace(tmp_path)
    records = api.payouts(inputs)
    assert len(records) == 3 * 2
    frame = api.payouts_frame(inputs)
    assert isinstance(frame, pandas.DataFrame)
    assert list(frame.columns) == list(records[0]._fields)
    assert frame.groupby("pool_id")["payout"].sum().to_dict() == {"sabo": 4_200_000, "hemsjukvard": 4_200_000}
    assert frame.to_dict("records") == [r._asdict() for r in records]


def test_the_library_imports_pandas_only_for_the_data_frame():
    code = "import sys, grantsheet.api, grantsheet.export; assert 'pandas' not in sys.modules"
    subprocess.run([sys.executable, "-c", code], check=True)


def test_a_name_a_spreadsheet_would_run_as_a_formula_is_neutralised_in_the_csv(tmp_path: Path):
    """A centre named =cmd|' /C calc'!A0 went verbatim into the CSV, a formula Excel runs when
    the file is opened (#26.11): each text that starts like one gets a quote in front (OWASP)."""
    from grantsheet_samples import Home, Listing

    hostile = ["=cmd|' /C calc'!A0", "+1+1", "-2+3", "@SUM(1)"]  # a leading tab is trimmed on input
    listings = [Listing(name, 100 + number) for number, name in enumerate(hostile)]
    homes = [Home("Umeå", f"Hem {number}", name, 10) for number, name in enumerate(hostile)]
    inputs = make_workspace(tmp_path, homes, listings)
    outputs = tmp_path / "outputs"
    api.build(inputs, outputs)
    api.export(inputs, outputs, csv=tmp_path / "payouts.csv")
    with (tmp_path / "payouts.csv").open(encoding="utf-8-sig", newline="") as handle:
        names = {row["centre"] for row in csv.DictReader(handle, delimiter=";")}
    assert names == {"'" + name for name in hostile}


def test_the_csv_opens_in_swedish_excel_and_the_plain_one_by_an_option(tmp_path: Path):
    """#23.11: UTF-8 without a byte order mark, ',' and a decimal point showed 'Ã…' in one
    column in Swedish Excel: the default is now what it reads, the plain CSV an option."""
    inputs = ledger_workspace(tmp_path)
    grant = inputs / "grant.toml"
    grant.write_text(
        grant.read_text(encoding="utf-8").replace("[follow_up]", '[rounding]\nmethod = "ore"\n\n[follow_up]')
    )
    api.build(inputs, tmp_path / "outputs")
    excel, plain = tmp_path / "excel.csv", tmp_path / "plain.csv"
    runner = CliRunner()
    common = ["export", "--inputs", str(inputs), "--outputs", str(tmp_path / "outputs")]
    assert runner.invoke(main, [*common, "--csv", str(excel)]).exit_code == 0
    assert runner.invoke(main, [*common, "--csv", str(plain), "--csv-plain"]).exit_code == 0
    data = excel.read_bytes()
    assert data.startswith(b"\xef\xbb\xbf") and data.decode("utf-8-sig").splitlines()[0].startswith("centre_id;")
    rows = list(csv.DictReader(io.StringIO(data.decode("utf-8-sig")), delimiter=";"))
    plain_rows = list(csv.DictReader(io.StringIO(plain.read_text(encoding="utf-8")), delimiter=","))
    assert not plain.read_bytes().startswith(b"\xef\xbb\xbf")
    decimals = [(row["payout"], other["payout"]) for row, other in zip(rows, plain_rows) if "." in other["payout"]]
    assert decimals and all(a == b.replace(".", ",") for a, b in decimals)
    assert "Ålidhems hälsocentral" in {row["centre"] for row in rows}


def test_a_decimal_key_is_written_with_its_exact_decimals():
    """A decimal key travels as its decimals, never through a float (13.04061, not 13.0406099...)."""
    from fractions import Fraction

    from grantsheet.export import decimal_text

    cases = {Fraction(1304061, 100000): "13.04061", Fraction(3, 100): "0.03", Fraction(-5, 2): "-2.5", Fraction(7): "7"}
    assert {value: decimal_text(value) for value in cases} == cases
    big = Fraction(9_999_999_999_123_456, 10**6)  # 10^10 with six decimals: more digits than a float holds
    assert decimal_text(big) == "9999999999.123456"
