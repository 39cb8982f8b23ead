"""The centres' letters as e-mail: one draft (.eml) per centre with its files attached,
reminders to the centres that have not reported, and sending them by SMTP.

A draft is a complete message a mail program opens ready to send (``X-Unsent: 1``), so
the officer can read, change or send each one by hand; ``send`` sends the drafts as written.
"""

from __future__ import annotations

import mimetypes
import os
import re
import smtplib
import ssl
from collections.abc import Sequence
from email import policy
from email.message import EmailMessage
from email.parser import BytesParser
from email.utils import formatdate, make_msgid
from pathlib import Path
from typing import NamedTuple

from grantsheet import texts
from grantsheet.atomic import atomic_path
from grantsheet.errors import INPUTS, OUTPUTS, InputError, Location, Problem, problem, warning
from grantsheet.grant import Grant, MailSettings, is_address
from grantsheet.load import GRANT_FILE, Dataset

XLSX_TYPE = "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet"
DRAFT_SUFFIX = ".eml"


class Letter(NamedTuple):
    """What one centre's message says and carries."""

    centre_id: str
    centre: str
    address: str | None  # from the register; None: the draft has no recipient yet
    amount: int | float  # kronor paid to the centre, over every pool
    attachments: tuple[Path, ...]  # its workbook, and its PDFs when they were made


class Draft(NamedTuple):
    letter: Letter
    path: Path


def mail_settings(dataset: Dataset) -> MailSettings:
    """``[mail]``, or ``InputError`` naming the grant file when it is missing."""
    if dataset.grant.mail is None:
        raise InputError([problem("mail_no_settings", Location(GRANT_FILE))], INPUTS)
    return dataset.grant.mail


def address_problems(dataset: Dataset, letters: Sequence[Letter]) -> list[Problem]:
    """A register address that is not one is an error; a centre without one, a warning."""
    where = Location(dataset.register_file or GRANT_FILE)
    found = []
    for letter in letters:
        if letter.address is None:
            found.append(warning("mail_no_address", where, name=letter.centre, id=letter.centre_id))
        elif not is_address(letter.address):
            found.append(
                problem("mail_bad_address", where, name=letter.centre, id=letter.centre_id, value=letter.address)
            )
    return found


def fields(grant: Grant, letter: Letter, lang: str) -> dict[str, str]:
    """The values of the templates' placeholders for one centre."""
    deadline = grant.follow_up_deadline
    decision = " ".join(p for p in (grant.decision.body, grant.decision.reference, grant.decision.paragraph) if p)
    return {
        "centre": letter.centre,
        "centre_id": letter.centre_id,
        # Swedish writes "1 234 kr" (the currency's word), English "SEK 1 234" (its ISO code).
        "amount": texts.text(
            "mail_amount",
            lang,
            amount=texts.number(letter.amount, lang),
            currency=grant.currency_word if lang == "sv" else grant.currency,
        ),
        "deadline": deadline.isoformat() if deadline else texts.text("mail_no_deadline", lang),
        "title": grant.title,
        "organisation": grant.organisation,
        "decision": decision,
        "year": str(grant.year),
    }


def message(
    grant: Grant, settings: MailSettings, letter: Letter, lang: str, reminder: bool, approval: str = ""
) -> EmailMessage:
    prefix = "reminder_" if reminder else ""
    values = fields(grant, letter, lang)

    def worded(part: str) -> str:
        own = getattr(settings, f"{prefix}{part}")
        return own.format(**values) if own else texts.text(f"mail_{prefix}{part}", lang, **values)

    subject, body = worded("subject"), worded("body")
    if approval:  # the attest of the build the letter comes from (#27), under the officer's words
        body = f"{body.rstrip()}\n\n{approval}\n"
    mail = EmailMessage(policy=policy.SMTP)
    mail["From"] = settings.sender
    if letter.address:
        mail["To"] = letter.address
    # Header lines cannot hold a line break: a template's subject is one line.
    mail["Subject"] = " ".join(subject.split())
    mail["X-Unsent"] = "1"  # Outlook and others open the file as a message to send
    mail.set_content(body, charset="utf-8")
    for path in letter.attachments:
        kind = XLSX_TYPE if path.suffix.lower() == ".xlsx" else mimetypes.guess_type(path.name)[0]
        maintype, _, subtype = (kind or "application/octet-stream").partition("/")
        mail.add_attachment(path.read_bytes(), maintype=maintype, subtype=subtype, filename=path.name)
    return mail


def write_drafts(
    folder: Path,
    grant: Grant,
    settings: MailSettings,
    letters: Sequence[Letter],
    lang: str,
    reminder: bool,
    approval: str = "",
) -> list[Draft]:
    """One .eml per letter in ``folder``, named as the centre's workbook; drafts of an earlier run
    for centres no longer written to are removed (they would be sent by mistake). ``approval``:
    the line the letters end with ("Attesterad av Bo Ek 2026-02-03 10:14, bygge 7")."""
    drafts = []
    for letter in letters:
        stem = letter.attachments[0].stem if letter.attachments else _safe(letter.centre_id)
        path = folder / f"{stem}{DRAFT_SUFFIX}"
        with atomic_path(path) as temporary:
            temporary.write_bytes(message(grant, settings, letter, lang, reminder, approval).as_bytes())
        drafts.append(Draft(letter, path))
    written = {draft.path for draft in drafts}
    for old in folder.glob(f"*{DRAFT_SUFFIX}"):
        if old not in written:
            old.unlink()
    return drafts


def _safe(text: str) -> str:
    return re.sub(r'[<>:"/\\|?*\x00-\x1f]', "_", text).strip(" .") or "_"


def read_draft(path: Path) -> EmailMessage:
    with path.open("rb") as stream:
        return BytesParser(policy=policy.default).parse(stream)


def smtp_password(settings: MailSettings) -> str:
    """The password for ``[mail] user`` ("" without a user); ``InputError`` when no server is
    set, or the password's environment variable is empty while a user is set."""
    if not settings.host:
        raise InputError([problem("mail_no_host", Location(GRANT_FILE))], INPUTS)
    password = os.environ.get(settings.password_env, "")
    if settings.user and not password:
        raise InputError([problem("mail_no_password", Location(GRANT_FILE), variable=settings.password_env)], INPUTS)
    return password


def send(drafts: Sequence[Draft], settings: MailSettings) -> int:
    """Send every draft that has a recipient through ``[mail]``'s SMTP server; the number sent.

    ``InputError`` when no server is set, or the password's environment variable is empty
    while a user is set; nothing is sent then.
    """
    password = smtp_password(settings)
    sendable = [draft for draft in drafts if draft.letter.address]
    sent = 0
    try:
        with smtplib.SMTP(settings.host, settings.port, timeout=60) as server:
            if settings.starttls:
                server.starttls(context=ssl.create_default_context())
            if settings.user:
                server.login(settings.user, password)
            for draft in sendable:
                mail = read_draft(draft.path)
                del mail["X-Unsent"]
                mail["Date"] = formatdate(localtime=True)
                mail["Message-ID"] = make_msgid(domain=settings.sender.rpartition("@")[2])
                server.send_message(mail)
                sent += 1
    except (smtplib.SMTPException, OSError) as error:
        where = Location(GRANT_FILE)
        detail = f"{type(error).__name__}: {error}"
        raise InputError(
            [problem("mail_send_failed", where, host=f"{settings.host}:{settings.port}", detail=detail, sent=sent)],
            INPUTS,
        ) from None
    return sent


def missing_centre_file(path: Path) -> InputError:
    return InputError([problem("mail_no_centre_file", Location(str(path)))], OUTPUTS)
