"""grantsheet mail: one draft per centre with its files, reminders to the silent, sending by SMTP.

Every draft is parsed with the standard ``email`` package; sending goes to a local aiosmtpd
server on the loopback address only.
"""

from __future__ import annotations

import shutil
import socket
from email import message_from_bytes, policy
from pathlib import Path

import openpyxl
import pytest
from aiosmtpd.controller import Controller
from aiosmtpd.smtp import AuthResult, LoginPassword
from click.testing import CliRunner
from workspace import make_workspace, small_region

from grantsheet import api
from grantsheet.cli import main
from grantsheet.errors import InputError
from grantsheet.mail import read_draft
from grantsheet_samples import RegisterRow, write_register

MAIL = '\n[mail]\nsender = "bidrag@region.example.org"\n'


# Another officer than the builder, by their operating-system account (#27: letters of an
# approved build only are sent).
SECOND_OFFICER = {"LOGNAME": "bo.ek", "USER": "bo.ek"}


def mail_workspace(folder: Path, extra: str = MAIL, addresses: dict[int, str] | None = None) -> Path:
    homes, listings = small_region()
    inputs = make_workspace(folder, homes, listings)
    addresses = addresses if addresses is not None else {i: f"hc{i}@example.org" for i in range(len(listings))}
    rows = [
        RegisterRow(f"HC{i}", listing.centre, "Region", str(4100 + i), addresses.get(i, ""))
        for i, listing in enumerate(listings)
    ]
    write_register(inputs / "register.xlsx", rows)
    grant = inputs / "grant.toml"
    grant.write_text(grant.read_text(encoding="utf-8") + 'register = "register.xlsx"\n' + extra, encoding="utf-8")
    return inputs


def paid_per_centre(built) -> dict[str, int]:
    return {c.id: sum(pool.paid[i] for pool in built.pools) for i, c in enumerate(built.dataset.centres)}


def test_one_draft_per_centre_addressed_worded_and_with_its_workbook(tmp_path):
    inputs = mail_workspace(tmp_path)
    built = api.build(inputs, tmp_path / "outputs")
    result = api.mail(inputs, tmp_path / "outputs")
    assert result.folder == tmp_path / "outputs" / "2022" / "e-post"
    assert sorted(p.name for p in result.folder.glob("*.eml")) == sorted(
        f.with_suffix(".eml").name for f in built.centre_files
    )
    paid = paid_per_centre(built)
    files = {f.name: f for f in built.centre_files}
    for draft in result.drafts:
        raw = draft.path.read_bytes()
        mail = message_from_bytes(raw, policy=policy.default)
        centre = draft.letter.centre
        centre_id = draft.letter.centre_id
        assert mail["From"] == "bidrag@region.example.org"
        assert mail["To"] == f"hc{centre_id[2:]}@example.org"
        assert centre in mail["Subject"] and "Testbidrag 2022" in mail["Subject"]
        assert mail["X-Unsent"] == "1"
        body = mail.get_body(("plain",))
        assert body.get_content_charset() == "utf-8"
        text = body.get_content()
        amount = f"{paid[centre_id]:,}".replace(",", " ") + " kr"
        assert amount in text and "2023-01-31" in text and "RS 1-2022" in text and centre in text
        (attachment,) = list(mail.iter_attachments())
        assert attachment.get_content_type() == "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet"
        assert attachment.get_content() == files[attachment.get_filename()].read_bytes()
    assert "Ålidhems hälsocentral" in {d.letter.centre for d in result.drafts}


def test_templates_from_the_grant_file_and_the_pdf_attached_when_made(tmp_path):
    extra = MAIL + (
        'subject = "Beslut för {centre} ({centre_id})"\n'
        'body = """\nTill {centre}: {amount} ska redovisas senast {deadline}.\n"""\n'
    )
    inputs = mail_workspace(tmp_path, extra)
    built = api.build(inputs, tmp_path / "outputs")
    workbook = next(f for f in built.centre_files if "Sorsele" in f.name)
    workbook.with_suffix(".pdf").write_bytes(b"%PDF-1.4 test\n")
    result = api.mail(inputs, tmp_path / "outputs")
    draft = next(d for d in result.drafts if "Sorsele" in d.letter.centre)
    mail = read_draft(draft.path)
    assert mail["Subject"] == f"Beslut för Hälsocentralen Sorsele ({draft.letter.centre_id})"
    amount = f"{paid_per_centre(built)[draft.letter.centre_id]:,}".replace(",", " ")
    # The officer's words, then the build's attest (#27): drafts may be made before it.
    assert mail.get_body(("plain",)).get_content().strip() == (
        f"Till Hälsocentralen Sorsele: {amount} kr ska redovisas senast 2023-01-31."
        "\n\nAttest: Bygge 1 ej attesterat (0 av 1 attester)."
    )
    types = [a.get_content_type() for a in mail.iter_attachments()]
    assert types[1:] == ["application/pdf"] and mail.get_payload()[2].get_content() == b"%PDF-1.4 test\n"
    others = [d for d in result.drafts if d is not draft]
    assert all(len(list(read_draft(d.path).iter_attachments())) == 1 for d in others)


@pytest.mark.parametrize(
    ("line", "kind"),
    [
        ('subject = "För {hälsocentral}"', "grant_bad_template"),
        ('body = "Belopp {amount"', "grant_bad_template"),
        ('sender = "inte en adress"', "grant_bad_form"),
        ("port = 'x'", "grant_wrong_type"),
    ],
)
def test_a_wrong_mail_setting_is_named(tmp_path, line, kind):
    key = line.split(" =")[0]
    extra = MAIL.replace('sender = "bidrag@region.example.org"\n', "") if key == "sender" else MAIL
    inputs = mail_workspace(tmp_path, extra + line + "\n")
    with pytest.raises(InputError) as raised:
        api.check(inputs)
    assert [p.kind for p in raised.value.problems] == [kind]


def test_a_centre_without_address_gets_a_draft_without_recipient_and_a_warning(tmp_path):
    inputs = mail_workspace(tmp_path, addresses={0: "hc0@example.org", 1: "hc1@example.org"})
    api.build(inputs, tmp_path / "outputs")
    result = api.mail(inputs, tmp_path / "outputs")
    (warned,) = result.warnings
    assert warned.kind == "mail_no_address" and dict(warned.params)["id"] == "HC2"
    assert read_draft(next(d.path for d in result.drafts if d.letter.centre_id == "HC2"))["To"] is None


def test_a_bad_address_in_the_register_stops_before_any_draft(tmp_path):
    inputs = mail_workspace(tmp_path, addresses={0: "hc0@example.org", 1: "hc1 at example", 2: "x@example.org"})
    api.build(inputs, tmp_path / "outputs")
    with pytest.raises(InputError) as raised:
        api.mail(inputs, tmp_path / "outputs")
    assert [(p.kind, p.location.file) for p in raised.value.problems] == [("mail_bad_address", "register.xlsx")]
    assert not (tmp_path / "outputs" / "2022" / "e-post").exists()


def test_no_mail_settings_or_no_build_is_named(tmp_path):
    inputs = mail_workspace(tmp_path, extra="\n")
    with pytest.raises(InputError) as raised:
        api.mail(inputs, tmp_path / "outputs")
    assert [p.kind for p in raised.value.problems] == ["mail_no_settings"]
    grant = inputs / "grant.toml"
    grant.write_text(grant.read_text(encoding="utf-8") + MAIL, encoding="utf-8")
    with pytest.raises(InputError) as raised:
        api.mail(inputs, tmp_path / "outputs")
    assert [p.kind for p in raised.value.problems] == ["export_no_build"]


def _report(path: Path) -> None:
    """Type a number into the first cell a centre may type into, as a centre that reports would."""
    book = openpyxl.load_workbook(path)
    for sheet in book.worksheets:
        for row in sheet.iter_rows():
            for cell in row:
                if sheet.protection.sheet and cell.protection.locked is False:
                    cell.value = 1000
                    book.save(path)
                    return
    raise AssertionError(f"{path} has no cell to type into")


def return_form(built: api.BuildResult, folder: Path, centre: str, name: str | None = None, used: bool = True) -> Path:
    """Copy the file of the centre whose name holds ``centre`` into the returns ``folder``
    (as ``name``), with 1 000 kr typed as a centre that reports would (``used``), else blank."""
    source = next(f for f in built.centre_files if centre in f.name)
    target = folder / (name or source.name)
    shutil.copyfile(source, target)
    if used:
        _report(target)
    return target


def test_reminders_go_to_the_centres_that_have_not_reported(tmp_path):
    inputs = mail_workspace(tmp_path)
    built = api.build(inputs, tmp_path / "outputs")
    returns = tmp_path / "inkommet"
    returns.mkdir()
    return_form(built, returns, "Backens", "från backen.xlsx")
    result = api.mail(inputs, tmp_path / "outputs", reminders_from=[returns])
    assert result.folder == tmp_path / "outputs" / "2022" / "e-post" / "påminnelser"
    assert {d.letter.centre for d in result.drafts} == {"Hälsocentralen Sorsele", "Ålidhems hälsocentral"}
    assert {c for _, c in result.collected.missing} == {"Hälsocentralen Sorsele", "Ålidhems hälsocentral"}
    for draft in result.drafts:
        mail = read_draft(draft.path)
        assert "Påminnelse" in mail["Subject"] and draft.letter.centre in mail["Subject"]
        assert "2023-01-31" in mail.get_body(("plain",)).get_content()
        assert len(list(mail.iter_attachments())) == 1
    assert (result.folder / "sammanstallning.xlsx").is_file()
    # The letters themselves stay as they were.
    assert len(list((tmp_path / "outputs" / "2022" / "e-post").glob("*.eml"))) == 0


def test_a_centre_that_sent_its_form_back_blank_is_reminded_too(tmp_path):
    """A blank form says nothing about what was used: that centre has not reported either."""
    inputs = mail_workspace(tmp_path)
    built = api.build(inputs, tmp_path / "outputs")
    returns = tmp_path / "inkommet"
    returns.mkdir()
    return_form(built, returns, "Backens", "från backen.xlsx")
    return_form(built, returns, "Sorsele", "sorsele tom.xlsx", used=False)
    result = api.mail(inputs, tmp_path / "outputs", reminders_from=[returns])
    assert {c for _, c in result.collected.blank} == {"Hälsocentralen Sorsele"}
    assert {c for _, c in result.collected.missing} == {"Ålidhems hälsocentral"}
    assert {d.letter.centre for d in result.drafts} == {"Hälsocentralen Sorsele", "Ålidhems hälsocentral"}


class Inbox:
    def __init__(self) -> None:
        self.messages: list[tuple[str, list[str], bytes]] = []

    async def handle_DATA(self, server, session, envelope):  # noqa: N802 - aiosmtpd's hook name
        self.messages.append((envelope.mail_from, list(envelope.rcpt_tos), envelope.content))
        return "250 OK"


@pytest.fixture
def smtp_server():
    inbox = Inbox()
    logins = []

    def authenticate(server, session, envelope, mechanism, auth_data):
        ok = isinstance(auth_data, LoginPassword) and auth_data.password == b"hemligt"
        logins.append((auth_data.login, ok))
        return AuthResult(success=ok)

    with socket.socket() as probe:  # a free port on the loopback address
        probe.bind(("127.0.0.1", 0))
        port = probe.getsockname()[1]
    controller = Controller(inbox, hostname="127.0.0.1", port=port, authenticator=authenticate, auth_require_tls=False)
    controller.start()
    try:
        yield inbox, port, logins
    finally:
        controller.stop()


def _smtp(port: int) -> str:
    return (
        f'host = "127.0.0.1"\nport = {port}\nstarttls = false\nuser = "bidrag"\npassword_env = "TEST_SMTP_PASSWORD"\n'
    )


def test_send_shows_who_asks_and_sends_each_draft_to_its_centre(tmp_path, smtp_server, monkeypatch):
    inbox, port, logins = smtp_server
    mail_workspace(tmp_path, MAIL + _smtp(port), addresses={0: "hc0@example.org", 1: "hc1@example.org"})
    monkeypatch.chdir(tmp_path)
    monkeypatch.setenv("TEST_SMTP_PASSWORD", "hemligt")
    runner = CliRunner()
    assert runner.invoke(main, ["build"]).exit_code == 0
    assert runner.invoke(main, ["approve"], env=SECOND_OFFICER).exit_code == 0  # attest (#27)
    declined = runner.invoke(main, ["mail", "--send", "--lang", "en"], input="n\n")
    assert declined.exit_code == 1 and inbox.messages == []
    assert "2 messages will be sent through 127.0.0.1" in declined.output
    assert "<hc0@example.org>" in declined.output and "Not sent (no address): Hälsocentralen Sorsele" in declined.output
    sent = runner.invoke(main, ["mail", "--send", "--lang", "en"], input="y\n")
    assert sent.exit_code == 0, sent.output
    assert "2 messages sent." in sent.output
    assert logins == [(b"bidrag", True)]
    assert sorted(to for _, (to,), _ in inbox.messages) == ["hc0@example.org", "hc1@example.org"]
    for sender, _, content in inbox.messages:
        mail = message_from_bytes(content, policy=policy.default)
        assert sender == "bidrag@region.example.org"
        assert mail["X-Unsent"] is None and mail["Date"] and mail["Message-ID"]
        assert "Approval: Approved by bo.ek " in mail.get_body(("plain",)).get_content()
        assert len(list(mail.iter_attachments())) == 1
    again = runner.invoke(main, ["mail", "--send", "--yes"])
    assert again.exit_code == 0 and len(inbox.messages) == 4


def test_send_names_a_missing_password_before_it_asks(tmp_path, smtp_server, monkeypatch):
    """Not after the officer has read the list and said yes: nothing could have been sent."""
    inbox, port, _ = smtp_server
    mail_workspace(tmp_path, MAIL + _smtp(port))
    monkeypatch.chdir(tmp_path)
    monkeypatch.delenv("TEST_SMTP_PASSWORD", raising=False)
    runner = CliRunner()
    assert runner.invoke(main, ["build"]).exit_code == 0
    assert runner.invoke(main, ["approve"], env=SECOND_OFFICER).exit_code == 0
    asked = runner.invoke(main, ["mail", "--send", "--lang", "en"], input="y\n")
    assert asked.exit_code != 0 and inbox.messages == []
    assert "TEST_SMTP_PASSWORD" in asked.output and "Send now?" not in asked.output
    assert f"will be sent through 127.0.0.1:{port}" not in asked.output


def test_a_missing_password_or_an_unreachable_server_is_named_and_nothing_crashes(tmp_path, monkeypatch):
    with socket.socket() as probe:  # a loopback port nobody listens on
        probe.bind(("127.0.0.1", 0))
        port = probe.getsockname()[1]
    inputs = mail_workspace(tmp_path, MAIL + _smtp(port))
    api.build(inputs, tmp_path / "outputs")
    api.approve(inputs, tmp_path / "outputs", approver="bo.ek")
    result = api.mail(inputs, tmp_path / "outputs")
    monkeypatch.delenv("TEST_SMTP_PASSWORD", raising=False)
    with pytest.raises(InputError) as raised:
        api.send_mail(result)
    assert [p.kind for p in raised.value.problems] == ["mail_no_password"]
    monkeypatch.setenv("TEST_SMTP_PASSWORD", "hemligt")
    with pytest.raises(InputError) as raised:
        api.send_mail(result)
    (failed,) = raised.value.problems
    assert failed.kind == "mail_send_failed" and dict(failed.params)["sent"] == 0
    assert "ConnectionRefusedError" in failed.render("en")


# A self-signed certificate for "localhost", valid until 2126 (openssl req -x509 -newkey ec
# -pkeyopt ec_paramgen_curve:prime256v1 -days 36500 -subj /CN=localhost -addext
# subjectAltName=DNS:localhost): the test's server offers it, and the client trusts it only
# when SSL_CERT_FILE names it.
LOCALHOST_CERT = """-----BEGIN CERTIFICATE-----
MIIBljCCATugAwIBAgIUPQQs6yqPiFpV9B0Cg60monit/kIwCgYIKoZIzj0EAwIw
FDESMBAGA1UEAwwJbG9jYWxob3N0MCAXDTI2MTIwMjE2MTE1MFoYDzIxMjYxMTA4
MTYxMTUwWjAUMRIwEAYDVQQDDAlsb2NhbGhvc3QwWTATBgcqhkjOPQIBBggqhkjO
PQMBBwNCAAQ9zjub9mfsDw8N9dkWQkAyWDAUR40Pi/fb8RlvhPdvP9aFn8bQJoHG
PQ+IbaUZ8N6tOxjF6O+ey+GMhiR1OQqdo2kwZzAdBgNVHQ4EFgQUJY1gx7GsbxJB
UihvGistA46tfn4wHwYDVR0jBBgwFoAUJY1gx7GsbxJBUihvGistA46tfn4wDwYD
VR0TAQH/BAUwAwEB/zAUBgNVHREEDTALgglsb2NhbGhvc3QwCgYIKoZIzj0EAwID
SQAwRgIhAJQhVpUw5SvMPxyiZvTMIqcUIZ/gp2nAUWbdesxkMN3GAiEA7yEY/Yu2
T1JzIhDwYYv2nk+p0mgWsNZxa/TRw6HqtmI=
-----END CERTIFICATE-----
"""
LOCALHOST_KEY = """-----BEGIN PRIVATE KEY-----
MIGHAgEAMBMGByqGSM49AgEGCCqGSM49AwEHBG0wawIBAQQgkYw7MRgyKwul/UzR
mTVVuylVfy4TxdkA6EihJEj0hIahRANCAAQ9zjub9mfsDw8N9dkWQkAyWDAUR40P
i/fb8RlvhPdvP9aFn8bQJoHGPQ+IbaUZ8N6tOxjF6O+ey+GMhiR1OQqd
-----END PRIVATE KEY-----
"""


def test_send_goes_through_starttls_by_default_and_checks_the_certificate(tmp_path, monkeypatch):
    """STARTTLS is the default ([mail] starttls unset): the server here refuses mail and login
    before it, and a certificate the system does not trust stops the run before anything goes."""
    import ssl

    (tmp_path / "cert.pem").write_text(LOCALHOST_CERT)
    (tmp_path / "key.pem").write_text(LOCALHOST_KEY)
    context = ssl.SSLContext(ssl.PROTOCOL_TLS_SERVER)
    context.load_cert_chain(tmp_path / "cert.pem", tmp_path / "key.pem")
    inbox, logins = Inbox(), []

    def authenticate(server, session, envelope, mechanism, auth_data):
        logins.append((auth_data.login, session.ssl is not None))
        return AuthResult(success=auth_data.password == b"hemligt")

    with socket.socket() as probe:
        probe.bind(("127.0.0.1", 0))
        port = probe.getsockname()[1]
    smtp = f'host = "localhost"\nport = {port}\nuser = "bidrag"\npassword_env = "TEST_SMTP_PASSWORD"\n'
    inputs = mail_workspace(tmp_path / "ws", MAIL + smtp, addresses={0: "hc0@example.org"})
    api.build(inputs, tmp_path / "ws" / "outputs")
    api.approve(inputs, tmp_path / "ws" / "outputs", approver="bo.ek")
    result = api.mail(inputs, tmp_path / "ws" / "outputs")
    assert result.settings.starttls
    monkeypatch.setenv("TEST_SMTP_PASSWORD", "hemligt")
    controller = Controller(
        inbox, hostname="127.0.0.1", port=port, tls_context=context, require_starttls=True, authenticator=authenticate
    )
    controller.start()
    try:
        monkeypatch.setenv("SSL_CERT_FILE", str(tmp_path / "key.pem"))  # trusts nothing of this server
        with pytest.raises(InputError) as raised:
            api.send_mail(result)
        (failed,) = raised.value.problems
        assert failed.kind == "mail_send_failed" and dict(failed.params)["sent"] == 0
        assert "CERTIFICATE_VERIFY_FAILED" in failed.render("en") and inbox.messages == [] and logins == []
        monkeypatch.setenv("SSL_CERT_FILE", str(tmp_path / "cert.pem"))
        assert api.send_mail(result) == 1
    finally:
        controller.stop()
    assert logins == [(b"bidrag", True)]
    ((sender, recipients, _),) = inbox.messages
    assert (sender, recipients) == ("bidrag@region.example.org", ["hc0@example.org"])
