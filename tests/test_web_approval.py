"""Attest on the officer's page (#27): the results page shows the approval, a second officer
approves or rejects with a comment, and the builder is neither offered the buttons nor let
through by the server."""

from __future__ import annotations

import os

from test_web import build, client_for
from web_helpers import csrf_of, small_workspace

from grantsheet import api, approval
from grantsheet.journal import APPROVED, JOURNAL_NAME, REJECTED, read, read_approvals

ANNA = {"authorization": "Bearer anna-token"}
BO = {"authorization": "Bearer bo-token"}


def post_decision(client, headers, decision: str, comment: str = ""):
    csrf = csrf_of(client.get("/", headers=headers).text)  # the one token of the page, on every form
    data = {"csrf": csrf, "decision": decision, "comment": comment}
    return client.post("/approve", data=data, headers=headers, follow_redirects=False)


def test_a_second_officer_approves_and_the_builder_cannot(tmp_path):
    inputs, outputs = small_workspace(tmp_path / "ws")
    client = client_for(inputs, outputs, "Anna Berg:anna-token", "Bo Ek:bo-token")
    assert build(client, **ANNA).state == "done"
    own = client.get("/results", headers=ANNA).text
    assert 'id="approve"' not in own and "Du gjorde detta bygge" in own
    assert "Bygge 1 ej attesterat (0 av 1 attester)" in own
    refused = post_decision(client, ANNA, "approve")  # the server refuses what the page does not offer
    assert refused.status_code == 422 and "Anna Berg byggde bygge 1" in refused.text
    assert read_approvals(outputs / "2022" / JOURNAL_NAME) == []
    second = client.get("/results", headers=BO).text
    assert 'id="approve"' in second and "Att attestera" in second
    approved = post_decision(client, BO, "approve", "Stämmer mot beslutet")
    assert approved.status_code == 303
    (line,) = read_approvals(outputs / "2022" / JOURNAL_NAME)
    assert (line.approver, line.decision, line.comment, line.signed) == (
        "Bo Ek",
        APPROVED,
        "Stämmer mot beslutet",
        True,
    )
    shown = client.get("/results", headers=BO).text
    assert "Attesterad av Bo Ek " in shown and ", bygge 1" in shown and 'id="approve"' not in shown
    assert api.approval_status(inputs, outputs).approved
    history = client.get("/", headers=ANNA).text  # the journal on the workspace page: beside its build
    assert "Attesterad av Bo Ek " in history.split('id="history"')[1]
    journal = outputs / "2022" / JOURNAL_NAME
    assert all(entry.chained and entry.signed for entry in read(journal))


def test_a_rejection_needs_a_comment_and_is_recorded(tmp_path):
    inputs, outputs = small_workspace(tmp_path / "ws")
    client = client_for(inputs, outputs, "Anna Berg:anna-token", "Bo Ek:bo-token")
    assert build(client, **ANNA).state == "done"
    assert post_decision(client, BO, "reject").status_code == 422
    assert post_decision(client, BO, "reject", "Sorsele har fel antal platser").status_code == 303
    (line,) = read_approvals(outputs / "2022" / JOURNAL_NAME)
    assert (line.decision, line.comment) == (REJECTED, "Sorsele har fel antal platser")
    page = client.get("/results", headers=ANNA).text
    assert "Bygge 1 avslaget av Bo Ek" in page and "Sorsele har fel antal platser" in page


def test_a_name_typed_with_a_shared_token_cannot_approve(tmp_path):
    """With a shared token anyone can type any name: the two-person rule would be a name."""
    inputs, outputs = small_workspace(tmp_path / "ws")
    client = client_for(inputs, outputs, "shared-token")
    assert client.get("/?token=shared-token&user=Anna", follow_redirects=False).status_code == 303
    assert build(client).state == "done"
    client.cookies.set("grantsheet_user", "Bo")
    page = client.get("/results").text
    assert 'id="approve"' not in page and "Attest kräver en inloggning med ett eget namn" in page
    assert post_decision(client, {}, "approve").status_code == 403
    assert read_approvals(outputs / "2022" / JOURNAL_NAME) == []


def test_the_results_hash_each_file_once_and_a_file_changed_since_shows_changed(tmp_path, monkeypatch):
    """The approval status on every view of the results: each file the approval names is hashed
    once; a file changed since, even to the same size with its modification time put back, is
    hashed again and named as changed."""
    inputs, outputs = small_workspace(tmp_path / "ws")
    client = client_for(inputs, outputs, "Anna Berg:anna-token", "Bo Ek:bo-token")
    assert build(client, **ANNA).state == "done"
    assert post_decision(client, BO, "approve", "Stämmer").status_code == 303
    assert "Attesterad av Bo Ek " in client.get("/results", headers=BO).text
    hashed: list[str] = []
    sha256_of = approval._current_sha
    monkeypatch.setattr(approval, "_current_sha", lambda path: hashed.append(path.name) or sha256_of(path))
    assert "Attesterad av Bo Ek " in client.get("/results", headers=BO).text
    assert hashed == []  # nothing written since the last view: nothing hashed
    letter = next(p for p in (outputs / "2022").rglob("*.xlsx") if not p.name.startswith("grantsheet-"))  # a centre's
    before = letter.stat()
    data = bytearray(letter.read_bytes())
    data[-30] ^= 0xFF  # one byte of the zip's directory: the same size
    letter.write_bytes(bytes(data))
    os.utime(letter, ns=(before.st_atime_ns, before.st_mtime_ns))
    assert letter.stat().st_size == before.st_size and letter.stat().st_mtime_ns == before.st_mtime_ns
    shown = client.get("/results", headers=BO).text
    assert hashed == [letter.name]
    assert f"{letter.relative_to(outputs / '2022').as_posix()} har ändrats sedan attesten" in shown
    assert "Attesterad av Bo Ek " not in shown
