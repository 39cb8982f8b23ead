"""Attest before money moves (#27): two people, a recorded approval of the exact build, and
nothing booked or sent from an unapproved or changed build."""

from __future__ import annotations

import csv
import json

import openpyxl
import pytest
from click.testing import CliRunner
from test_export import ledger_workspace

from grantsheet import api
from grantsheet.cli import main
from grantsheet.errors import InputError
from grantsheet.journal import JOURNAL_NAME, read, read_approvals

BO = {"LOGNAME": "bo.ek", "USER": "bo.ek"}  # a second officer's operating-system account


def kinds(raised) -> list[str]:
    return [p.kind for p in raised.value.problems]


@pytest.fixture
def built(tmp_path):
    """A ledger-ready workspace built by anna.berg (as the page records its officer)."""
    inputs = ledger_workspace(tmp_path)
    outputs = tmp_path / "outputs"
    result = api.build(inputs, outputs, user="anna.berg")
    return inputs, outputs, result


def with_approval_rule(inputs, text: str) -> None:
    grant = inputs / "grant.toml"
    grant.write_text(grant.read_text(encoding="utf-8") + "\n[approval]\n" + text, encoding="utf-8")


def test_the_builder_cannot_approve_and_another_officer_can(built):
    inputs, outputs, result = built
    with pytest.raises(InputError) as raised:
        api.approve(inputs, outputs, approver="Anna.Berg ")
    assert kinds(raised) == ["approval_own_build"]
    assert not api.approval_status(inputs, outputs).approved
    approval = api.approve(inputs, outputs, approver="bo.ek", comment="Stämmer mot beslutet")
    assert approval.build == result.journal.number and approval.signed
    names = {name for name, _ in approval.files}
    assert result.master.name in names and len(names) == len(result.journal.outputs)
    stand = api.approval_status(inputs, outputs)
    assert stand.approved and stand.stamp("sv").startswith("Attesterad av bo.ek ")
    assert stand.stamp("sv").endswith(f", bygge {result.journal.number}")
    with pytest.raises(InputError) as raised:
        api.approve(inputs, outputs, approver="bo.ek")
    assert kinds(raised) == ["approval_already"]


def test_sie_is_refused_until_approved_and_csv_json_say_so(built, tmp_path):
    inputs, outputs, _ = built
    sie = tmp_path / "bok.se"
    with pytest.raises(InputError) as raised:
        api.export(inputs, outputs, sie=sie)
    assert kinds(raised) == ["approval_missing"]
    assert "0 av 1 attester" in raised.value.problems[0].render("sv") and not sie.exists()
    exported = api.export(inputs, outputs, csv=tmp_path / "ut.csv", json=tmp_path / "ut.json")
    assert exported.build.approval is not None and not exported.build.approval.approved
    document = json.loads((tmp_path / "ut.json").read_text(encoding="utf-8"))
    assert document["build"]["approval"]["approved"] is False
    with (tmp_path / "ut.csv").open(encoding="utf-8-sig", newline="") as stream:
        rows = list(csv.DictReader(stream, delimiter=";"))
    assert {row["approval"] for row in rows} == {"Bygge 1 ej attesterat (0 av 1 attester)"}
    api.approve(inputs, outputs, approver="bo.ek")
    assert api.export(inputs, outputs, sie=sie).written == {"sie": sie}


def test_approvers_and_required_approvals_from_the_grant_file(built, tmp_path):
    inputs, outputs, _ = built
    with_approval_rule(inputs, 'approvers = ["bo.ek", "cecilia.dahl", "anna.berg"]\nrequired = 2\n')
    with pytest.raises(InputError) as raised:
        api.approve(inputs, outputs, approver="david")
    assert kinds(raised) == ["approval_not_approver"]
    api.approve(inputs, outputs, approver="bo.ek")
    with pytest.raises(InputError) as raised:
        api.export(inputs, outputs, sie=tmp_path / "bok.se")
    assert kinds(raised) == ["approval_missing"]
    assert "1 av 2 attester" in raised.value.problems[0].render("sv")
    api.approve(inputs, outputs, approver="cecilia.dahl")
    assert api.export(inputs, outputs, sie=tmp_path / "bok.se").written


def test_a_master_changed_after_the_approval_is_refused_by_export_naming_the_file(built, tmp_path):
    inputs, outputs, result = built
    api.approve(inputs, outputs, approver="bo.ek")
    book = openpyxl.load_workbook(result.master)
    book.save(result.master)  # saved again: other bytes, the same payouts
    with pytest.raises(InputError) as raised:
        api.export(inputs, outputs, sie=tmp_path / "bok.se")
    assert kinds(raised) == ["approval_changed"]
    assert raised.value.problems[0].location.file == result.master.name
    assert not (tmp_path / "bok.se").exists()
    report = api.verify([result.master], recalc=False)[0]
    assert "approval_file_changed" in [f.kind for f in report.findings if f.failing]


def test_a_rebuild_voids_the_approval_and_the_journal_says_so(built, tmp_path):
    inputs, outputs, result = built
    approval = api.approve(inputs, outputs, approver="bo.ek")
    again = api.build(inputs, outputs, user="anna.berg")
    assert again.journal.voids == (approval.number,)
    stand = api.approval_status(inputs, outputs)
    assert stand.build.number == again.journal.number and not stand.approved and not stand.approvals
    with pytest.raises(InputError) as raised:
        api.export(inputs, outputs, sie=tmp_path / "bok.se")
    assert kinds(raised) == ["approval_missing"]
    history = CliRunner().invoke(main, ["history", "--outputs", str(outputs)])
    assert f"upphäver attesten i journalpost {approval.number}" in history.output
    assert f"#{approval.number} attesterad av bo.ek" in history.output
    # The chain holds through builds and approvals, every line signed.
    journal = result.master.parent / JOURNAL_NAME
    assert all(e.chained and e.signed for e in read(journal))
    assert all(a.chained and a.signed for a in read_approvals(journal))
    report = api.verify([again.master], recalc=False)[0]
    assert report.ok and "approval_none" in [f.kind for f in report.findings]


def test_a_rejection_is_recorded_and_blocks_until_a_rebuild(built, tmp_path):
    inputs, outputs, _ = built
    api.approve(inputs, outputs, approver="bo.ek", reject=True, comment="Fel antal platser i Sorsele")
    with pytest.raises(InputError) as raised:
        api.export(inputs, outputs, sie=tmp_path / "bok.se")
    assert "approval_rejected" in kinds(raised)
    assert "Fel antal platser i Sorsele" in raised.value.problems[0].render("sv")
    assert api.approval_status(inputs, outputs).stamp("sv").startswith("Bygge 1 avslaget av bo.ek")


def test_the_command_line_keeps_the_two_person_rule(tmp_path, monkeypatch):
    inputs = ledger_workspace(tmp_path)
    monkeypatch.chdir(tmp_path)
    runner = CliRunner()
    assert runner.invoke(main, ["build"], env={"LOGNAME": "anna", "USER": "anna"}).exit_code == 0
    own = runner.invoke(main, ["approve"], env={"LOGNAME": "anna", "USER": "anna"})
    assert own.exit_code == 1 and "anna byggde bygge 1" in own.output
    # A name given by hand does not hide who is at the keyboard: the builder's account is refused.
    disguised = runner.invoke(main, ["approve", "--as", "bo.ek"], env={"LOGNAME": "anna", "USER": "anna"})
    assert disguised.exit_code == 1 and "anna byggde bygge 1" in disguised.output
    refused = runner.invoke(main, ["export", "--sie", "bok.se"])
    assert refused.exit_code == 1 and "inte attesterat" in refused.output
    assert not (tmp_path / "bok.se").exists()
    reject = runner.invoke(main, ["approve", "--reject"], env=BO)
    assert reject.exit_code == 2  # a rejection says why
    approved = runner.invoke(main, ["approve", "--as", "Bo Ek", "--comment", "OK"], env=BO)
    assert approved.exit_code == 0, approved.output
    assert "Status: Attesterad av Bo Ek" in approved.output
    (line,) = read_approvals(inputs.parent / "outputs" / "2022" / JOURNAL_NAME)
    assert (line.approver, line.os_user, line.comment) == ("Bo Ek", "bo.ek", "OK")
    assert runner.invoke(main, ["export", "--sie", "bok.se"]).exit_code == 0


def test_an_approval_line_edited_afterwards_is_found_and_no_longer_counts(built, tmp_path):
    """Its approver renamed in the journal: the signature breaks, so it counts for nothing,
    and verify names the line."""
    inputs, outputs, result = built
    api.approve(inputs, outputs, approver="bo.ek")
    journal = result.master.parent / JOURNAL_NAME
    lines = journal.read_text(encoding="utf-8").splitlines()
    data = json.loads(lines[-1])
    data["approver"] = "cecilia.dahl"
    journal.write_text("\n".join([*lines[:-1], json.dumps(data, ensure_ascii=False)]) + "\n", encoding="utf-8")
    assert not api.approval_status(inputs, outputs).approved
    with pytest.raises(InputError) as raised:
        api.export(inputs, outputs, sie=tmp_path / "bok.se")
    assert kinds(raised) == ["approval_missing"]
    report = api.verify([result.master], recalc=False)[0]
    assert "journal_signature_invalid" in [f.kind for f in report.findings if f.failing]
