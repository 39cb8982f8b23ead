"""The build's identity (#26.7): each journal entry and each master's seal signed with a key kept
outside the workspace; verify with the region's key refuses a forged master however consistent."""

from __future__ import annotations

import json
import os
import shutil
import stat
import sys
from pathlib import Path

import openpyxl
import pytest
from click.testing import CliRunner
from workspace import make_workspace

from grantsheet import api, signing
from grantsheet.cli import main
from grantsheet.errors import InputError
from grantsheet.journal import JOURNAL_NAME, read
from grantsheet.layout import LETTER
from grantsheet_samples import Home, Listing

HOMES = [
    Home("Umeå", "Björkbacken", "Ålidhems hälsocentral", 32),
    Home("Sorsele", "Fjällgläntan", "Hälsocentralen Sorsele", 9),
]
LISTINGS = [Listing("Ålidhems hälsocentral", 1204), Listing("Hälsocentralen Sorsele", 95)]


def failing(report) -> list[str]:
    return [f.kind for f in report.findings if f.failing]


def notes(report) -> list[str]:
    return [f.kind for f in report.findings if not f.failing]


@pytest.fixture
def region(tmp_path, monkeypatch):
    """A workspace built with the region's key (made on first use in its configuration folder)."""
    monkeypatch.setenv(signing.CONFIG_ENV, str(tmp_path / "region-config"))
    inputs = make_workspace(tmp_path / "real", HOMES, LISTINGS)
    result = api.build(inputs, tmp_path / "real" / "outputs")
    public = tmp_path / "region-config" / signing.PUBLIC_FILE
    return inputs, result, public


def forge(tmp_path: Path, monkeypatch, inputs: Path, outputs: Path | None = None) -> Path:
    """The forger's build: Sorsele's home 9 -> 90 places, grantsheet run with another key in a
    copy of the inputs (and of the outputs, journal included, when given); the forged master."""
    monkeypatch.setenv(signing.CONFIG_ENV, str(tmp_path / "forger-config"))
    copy = tmp_path / "forger"
    forged_homes = [h._replace(places=90) if h.places == 9 else h for h in HOMES]
    forged_inputs = make_workspace(copy, forged_homes, LISTINGS)
    shutil.copyfile(inputs / "grant.toml", forged_inputs / "grant.toml")
    if outputs is not None:
        shutil.copytree(outputs, copy / "outputs", dirs_exist_ok=True)
    return api.build(forged_inputs, copy / "outputs").master


def test_the_journal_line_and_the_seal_are_signed_with_the_key_made_on_first_use(region):
    _, result, public = region
    folder = public.parent
    assert (folder / signing.KEY_FILE).is_file() and public.is_file()
    if sys.platform != "win32":
        assert stat.S_IMODE(os.stat(folder / signing.KEY_FILE).st_mode) == 0o600
    entry = read(result.master.parent / JOURNAL_NAME)[-1]
    assert entry.signed and entry.public_key == signing.read_public(public)
    report = api.verify([result.master], recalc=False, key=public)[0]
    assert report.ok, failing(report)
    assert "signature_trusted" in notes(report)


def test_the_fingerprint_is_printed_on_the_overview_the_payout_list_and_every_letter(region):
    _, result, public = region
    printed = signing.fingerprint(signing.read_public(public))
    book = openpyxl.load_workbook(result.master)
    for sheet in ("Översikt", "Utbetalning"):
        texts = [str(c.value) for row in book[sheet].iter_rows() for c in row if c.value is not None]
        assert any(printed in text for text in texts), sheet
    for centre_file in result.centre_files:
        letter = openpyxl.load_workbook(centre_file)[api_letter_name()]
        assert any(printed in str(c.value) for row in letter.iter_rows() for c in row if c.value), centre_file.name


def api_letter_name() -> str:
    from grantsheet import texts

    return texts.text(LETTER, "sv")


def test_a_forged_master_rebuilt_with_another_key_is_refused_with_the_key(region, tmp_path, monkeypatch):
    """#26.7: 9 -> 90 places, rebuilt by grantsheet and consistently sealed (and signed) with the
    forger's key, copied over the real master."""
    inputs, result, public = region
    forged = forge(tmp_path, monkeypatch, inputs)
    shutil.copyfile(forged, result.master)
    without_key = api.verify([result.master], recalc=False)[0]
    assert "input_differs" not in failing(without_key) and "seal_edited" not in failing(without_key)
    assert "journal_none" in failing(without_key)  # the journal beside it never recorded it
    with_key = api.verify([result.master], recalc=False, key=public)[0]
    assert "signature_other_key" in failing(with_key)
    printed = signing.fingerprint(signing.read_public(public))
    with_fingerprint = api.verify([result.master], recalc=False, fingerprint=printed.replace(" ", ":").upper())[0]
    assert "signature_other_key" in failing(with_fingerprint)


def test_a_forgery_built_in_a_copy_of_the_outputs_and_copied_back_is_refused_with_the_key(
    region, tmp_path, monkeypatch
):
    """The forger copies the outputs with their journal, builds there and copies all back: the
    chain holds and every signature is valid, but the last entry is signed with another key."""
    inputs, result, public = region
    outputs = result.master.parent.parent
    forge(tmp_path, monkeypatch, inputs, outputs)
    shutil.copytree(tmp_path / "forger" / "outputs", outputs, dirs_exist_ok=True)
    entries = read(result.master.parent / JOURNAL_NAME)
    assert [e.chained for e in entries] == [True, True] and all(e.signed for e in entries)
    without_key = api.verify([result.master], recalc=False)[0]
    assert without_key.ok  # nothing but a key tells this forgery: verify says which key signed it
    assert "signature_unchecked" in notes(without_key)
    with_key = api.verify([result.master], recalc=False, key=public)[0]
    assert {"signature_other_key", "journal_other_key"} <= set(failing(with_key))


def test_a_journal_line_edited_to_name_a_forged_master_is_refused(region, tmp_path, monkeypatch):
    """The last line's master hash and seal edited to the forgery's: the chain after it is intact
    (it is the last), but its signature breaks and its input hash differs from the seal's."""
    inputs, result, public = region
    forged = forge(tmp_path, monkeypatch, inputs)
    journal = result.master.parent / JOURNAL_NAME
    forged_entry = read(forged.parent / JOURNAL_NAME)[-1]
    data = json.loads(journal.read_text(encoding="utf-8").splitlines()[-1])
    master = next(o for o in data["outputs"] if "/" not in o["file"])
    master["sha256"], master["seal"] = forged_entry.master.sha256, forged_entry.master.seal
    journal.write_text(json.dumps(data, ensure_ascii=False, sort_keys=True) + "\n", encoding="utf-8")
    shutil.copyfile(forged, result.master)
    assert read(journal)[-1].chained
    history = CliRunner().invoke(main, ["history", "--outputs", str(journal.parent.parent)])
    assert "OBS: signaturen stämmer inte med nyckeln" in history.output
    without_key = api.verify([result.master], recalc=False)[0]
    kinds = failing(without_key)
    assert "journal_signature_invalid" in kinds
    cross = [f for f in without_key.findings if f.kind == "cross_input"]
    assert [dict(f.params)["file"] for f in cross] == ["boendeplatser.xlsx"]
    assert "cross_field" in kinds  # the entry names the region's key, the master the forger's
    assert "signature_other_key" in failing(api.verify([result.master], recalc=False, key=public)[0])


def test_verify_key_on_the_command_line_refuses_the_forgery(region, tmp_path, monkeypatch):
    inputs, result, public = region
    runner = CliRunner()
    good = runner.invoke(main, ["verify", "--no-recalc", "--key", str(public), str(result.master)])
    assert good.exit_code == 0, good.output
    shutil.copyfile(forge(tmp_path, monkeypatch, inputs), result.master)
    refused = runner.invoke(main, ["verify", "--no-recalc", "--key", str(public), str(result.master)])
    assert refused.exit_code == 1
    assert "inte med den angivna" in refused.output


def test_a_key_inside_the_workspace_is_refused_and_nothing_is_written(region, tmp_path):
    inputs, result, _ = region
    inside = inputs / "nyckel.pem"
    shutil.copyfile(tmp_path / "region-config" / signing.KEY_FILE, inside)
    before = result.master.read_bytes()
    with pytest.raises(InputError) as raised:
        api.build(inputs, result.master.parent.parent, key=inside)
    assert [p.kind for p in raised.value.problems] == ["signing_key_in_workspace"]
    assert result.master.read_bytes() == before


def test_the_key_named_by_the_environment_signs(region, tmp_path, monkeypatch):
    inputs, result, _ = region
    shutil.copytree(tmp_path / "region-config", tmp_path / "elsewhere")
    monkeypatch.setenv(signing.CONFIG_ENV, str(tmp_path / "empty-config"))
    monkeypatch.setenv(signing.KEY_ENV, str(tmp_path / "elsewhere" / signing.KEY_FILE))
    again = api.build(inputs, result.master.parent.parent)
    assert not (tmp_path / "empty-config").exists()
    assert again.journal is not None and again.journal.public_key == result.journal.public_key
    monkeypatch.setenv(signing.KEY_ENV, str(inputs / "grant.toml"))
    monkeypatch.chdir(tmp_path)
    with pytest.raises(InputError):
        api.build(inputs, tmp_path / "other-outputs")


def test_the_configuration_folder_is_the_platforms(monkeypatch, tmp_path):
    monkeypatch.delenv(signing.CONFIG_ENV)
    monkeypatch.setattr(sys, "platform", "win32")
    monkeypatch.setenv("APPDATA", str(tmp_path / "Roaming"))
    assert signing.config_folder() == tmp_path / "Roaming" / "grantsheet"
    monkeypatch.setattr(sys, "platform", "linux")
    monkeypatch.setenv("XDG_CONFIG_HOME", str(tmp_path / "xdg"))
    assert signing.config_folder() == tmp_path / "xdg" / "grantsheet"


def test_a_key_as_grantsheet_writes_it_is_read_by_its_fixed_form_any_other_by_cryptography(tmp_path, monkeypatch):
    # A build reads its key by the fixed bytes of an unencrypted Ed25519 PKCS #8 PEM (RFC 8410),
    # without importing cryptography's serialization; any other key goes through it.
    from cryptography.hazmat.primitives import serialization
    from cryptography.hazmat.primitives.asymmetric.ed448 import Ed448PrivateKey

    monkeypatch.setenv(signing.CONFIG_ENV, str(tmp_path / "config"))
    made = signing.signer()  # made on first use
    pem = made.path.read_bytes()
    for text in (pem, pem.replace(b"\n", b"\r\n")):
        plain = signing.plain_private_key(text)
        assert plain is not None and plain.sign(b"build 7") == made.key.sign(b"build 7")
    pkcs8, encoding = serialization.PrivateFormat.PKCS8, serialization.Encoding.PEM
    encrypted = made.key.private_bytes(encoding, pkcs8, serialization.BestAvailableEncryption(b"secret"))
    ed448 = Ed448PrivateKey.generate().private_bytes(encoding, pkcs8, serialization.NoEncryption())
    assert signing.plain_private_key(encrypted) is None and signing.plain_private_key(ed448) is None
    (tmp_path / "ed448.pem").write_bytes(ed448)
    with pytest.raises(InputError) as raised:
        signing.signer(tmp_path / "ed448.pem")
    assert [p.kind for p in raised.value.problems] == ["signing_key_unreadable"]
    assert signing.signer(made.path).key.sign(b"build 7") == made.key.sign(b"build 7")


def test_a_signer_travels_to_a_spawned_worker_whole(tmp_path):
    """The centres' files are signed in worker processes (#26.6); where they are spawned, not
    forked (Windows, macOS), the signer is pickled: it arrives signing as the build's key."""
    import pickle

    from cryptography.hazmat.primitives.asymmetric.ed25519 import Ed25519PrivateKey

    key = signing.Signer(Ed25519PrivateKey.generate(), tmp_path / "key.pem")
    arrived = pickle.loads(pickle.dumps(key))
    assert arrived.public == key.public and arrived.path == key.path
    assert arrived.sign(b"seal") == key.sign(b"seal")
