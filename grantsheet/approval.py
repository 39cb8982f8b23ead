"""Attest before money moves (#27): two people, a recorded approval of the exact build.

A Swedish public body pays nothing without attest: the officer who prepared a payment and the
one who approves it are two, and the approval names what was approved. An approval is a line
of the build journal, in the same hash chain as the builds and signed with the approver's key
(grantsheet.signing): who approved, when, and the SHA-256 of the master and of every file the
build wrote. It approves the last build only; a rebuild voids it (the new build's line lists
the approvals it voids). ``export --sie`` and ``mail --send`` ask ``require`` first: an
unapproved build, or one whose files changed since the approval, is refused with each
missing approval or changed file named.
"""

from __future__ import annotations

import datetime as dt
import getpass
import os
import threading
from collections.abc import Sequence
from pathlib import Path
from typing import NamedTuple

from grantsheet import texts
from grantsheet.atomic import file_stamp
from grantsheet.errors import OUTPUTS, InputError, Location, Problem, problem
from grantsheet.grant import ApprovalRule
from grantsheet.journal import (
    APPROVED,
    JOURNAL_NAME,
    REJECTED,
    Approval,
    JournalEntry,
    journal_path,
    read,
    read_approvals,
    record_approval,
    sha256_of,
)
from grantsheet.signing import Signer


class Status(NamedTuple):
    """Where the last build of a year stands."""

    build: JournalEntry | None  # the last build (None: no build recorded)
    approvals: tuple[Approval, ...]  # its approvals that count, oldest first
    rejections: tuple[Approval, ...]
    required: int
    changed: tuple[str, ...]  # files (relative to the year's folder) that differ from what was approved

    @property
    def approved(self) -> bool:
        return (
            self.build is not None and len(self.approvals) >= self.required and not self.rejections and not self.changed
        )

    @property
    def missing(self) -> int:
        return max(0, self.required - len(self.approvals))

    def stamp(self, lang: str) -> str:
        """ "Attesterad av Bo Ek 2026-02-03 10:14, bygge 7", or what is missing."""
        if self.build is None:
            return texts.text("approval_no_build_stamp", lang)
        if self.approved:
            names = ", ".join(f"{a.approver} {shown_time(a.time)}" for a in self.approvals)
            return texts.text("approval_stamp", lang, names=names, build=self.build.number)
        if self.rejections:
            last = self.rejections[-1]
            return texts.text(
                "approval_rejected_stamp", lang, name=last.approver, time=shown_time(last.time), build=self.build.number
            )
        return texts.text(
            "approval_not_stamp", lang, build=self.build.number, have=len(self.approvals), required=self.required
        )

    def as_dict(self) -> dict[str, object]:
        """For the JSON export: the approval field."""
        return {
            "approved": self.approved,
            "build": self.build.number if self.build else None,
            "required": self.required,
            "approvals": [{"approver": a.approver, "time": a.time, "entry": a.number} for a in self.approvals],
            "rejections": [
                {"approver": a.approver, "time": a.time, "entry": a.number, "comment": a.comment}
                for a in self.rejections
            ],
            "changed_since_approval": list(self.changed),
        }


def shown_time(iso: str, zone: bool = False) -> str:
    """A journal time (UTC, ISO 8601) as a person reads it, in this computer's time zone, as
    the page shows the builds' times: "2026-02-03 10:14"; with ``zone``, the zone's name after
    it ("2026-02-03 10:14 CET"), where the reader may be elsewhere than the computer (a log)."""
    try:
        local = dt.datetime.fromisoformat(iso).astimezone()
    except ValueError:  # not a time grantsheet wrote: shown as it stands
        return iso
    shown = local.strftime("%Y-%m-%d %H:%M")
    return f"{shown} {local.tzname()}" if zone and local.tzname() else shown


def os_user() -> str:
    try:
        return getpass.getuser()
    except (KeyError, OSError):
        return os.environ.get("USERNAME", "?")


def _same(a: str, b: str) -> bool:
    return a.strip().casefold() == b.strip().casefold()


class Hashes:
    """The SHA-256 of files, kept by each file's path, size and times: the results page shows
    the approval status on every view, and hashed all 1 152 files of a national build for it
    each time (BENCHMARKS.md, #25). A file written since (its size or a time moved) is hashed
    again. For what is shown only: ``require``, which money waits on, hashes every file."""

    def __init__(self) -> None:
        self._known: dict[str, tuple[tuple[int, ...], str]] = {}
        self._lock = threading.Lock()  # the page's views run in a pool of threads

    def sha256(self, path: Path) -> str | None:
        """``path``'s SHA-256; None when it cannot be read."""
        try:
            stamp = file_stamp(path)
        except OSError:
            return None
        with self._lock:
            kept = self._known.get(str(path))
        if kept is not None and kept[0] == stamp:
            return kept[1]
        # Stamped before it is read: a file written meanwhile has other times when next asked.
        sha = _current_sha(path)
        if sha is not None:
            with self._lock:
                self._known[str(path)] = (stamp, sha)
        return sha


def status(year_folder: Path, rule: ApprovalRule, hashes: Hashes | None = None) -> Status:
    """The last build's approvals in the journal of ``year_folder`` under ``rule``: an approval
    counts when its line is signed, chained, by an approver ``rule`` allows who is not the
    builder, and once per approver; each approved file is compared with the file now (its
    hash as ``hashes`` kept it, when given and the file is unchanged since)."""
    path = journal_path(year_folder)
    builds = read(path)
    if not builds:
        return Status(None, (), (), rule.required, ())
    build = builds[-1]
    counted: list[Approval] = []
    rejections: list[Approval] = []
    for approval in read_approvals(path):
        if approval.build != build.number or approval.number < build.number:
            continue
        if not (approval.signed and approval.chained) or _same(approval.approver, build.user):
            continue
        if rule.approvers and not any(_same(approval.approver, name) for name in rule.approvers):
            continue
        if approval.decision == REJECTED:
            rejections.append(approval)
        elif approval.decision == APPROVED and not any(_same(approval.approver, a.approver) for a in counted):
            counted.append(approval)
    current = hashes.sha256 if hashes is not None else _current_sha
    changed: list[str] = []
    for approval in counted:
        for name, sha in approval.files:
            if name not in changed and current(year_folder / name) != sha:
                changed.append(name)
    return Status(build, tuple(counted), tuple(rejections), rule.required, tuple(changed))


def _current_sha(path: Path) -> str | None:
    try:
        return sha256_of(path)
    except OSError:
        return None


def record(
    year_folder: Path,
    rule: ApprovalRule,
    approver: str,
    signer: Signer,
    version: str,
    decision: str = APPROVED,
    comment: str = "",
    also_not: Sequence[str] = (),
) -> Approval:
    """Record ``approver``'s approval (or rejection) of the last build of ``year_folder``.

    ``InputError`` naming every reason it cannot be: no build, the approver built it (or one of
    ``also_not``, the operating system's user behind a name given by hand, did), the approver
    is not among ``rule.approvers``, has approved it already, or a file differs from what the
    build wrote: what is approved is exactly what the journal recorded. The caller holds the
    workspace lock."""
    path = journal_path(year_folder)
    builds = read(path)
    where = Location(str(path))
    if not builds:
        raise InputError([problem("approval_no_build", Location(str(year_folder)))], OUTPUTS)
    build = builds[-1]
    problems = refusals(status(year_folder, rule), rule, approver, also_not, decision, where)
    files = []
    for output in build.outputs:
        sha = _current_sha(year_folder / output.file)
        if sha != output.sha256:
            problems.append(problem("approval_file_differs", Location(output.file), build=build.number))
        files.append((output.file, output.sha256))
    if problems:
        raise InputError(problems, OUTPUTS)
    return record_approval(path, build, decision, approver, comment, files, version, signer)


def refusals(
    current: Status,
    rule: ApprovalRule,
    approver: str,
    also_not: Sequence[str] = (),
    decision: str = APPROVED,
    where: Location | None = None,
) -> list[Problem]:
    """Why ``approver`` may not approve (or reject) the build ``current`` stands for: they (or
    one of ``also_not``) built it, ``rule`` does not list them, they approved it already, or
    its journal line is not signed. The page asks it to offer the buttons or not."""
    build = current.build
    where = where or Location(JOURNAL_NAME)
    if build is None:
        return [problem("approval_no_build", where)]
    found = []
    if any(_same(name, build.user) for name in (approver, *also_not)):
        found.append(problem("approval_own_build", where, user=build.user, build=build.number))
    if rule.approvers and not any(_same(approver, name) for name in rule.approvers):
        found.append(problem("approval_not_approver", where, user=approver, approvers=", ".join(rule.approvers)))
    if not build.signed:
        found.append(problem("approval_build_unsigned", where, build=build.number))
    if decision == APPROVED and any(_same(approver, a.approver) for a in current.approvals):
        found.append(problem("approval_already", where, user=approver, build=build.number))
    return found


def require(year_folder: Path, rule: ApprovalRule, action: str) -> Status:
    """The last build's status when it is approved; else ``InputError`` naming what is missing
    or what changed since the approval (``action``: what was asked, "sie" or "send")."""
    found = status(year_folder, rule)
    where = Location(str(journal_path(year_folder)))
    problems: list[Problem] = []
    if found.build is None:
        problems.append(problem("approval_no_build", where))
    else:
        for rejection in found.rejections:
            problems.append(
                problem(
                    "approval_rejected",
                    where,
                    user=rejection.approver,
                    time=shown_time(rejection.time),
                    comment=rejection.comment or "-",
                    build=found.build.number,
                )
            )
        if found.missing:
            problems.append(
                problem(
                    "approval_missing",
                    where,
                    build=found.build.number,
                    have=len(found.approvals),
                    required=found.required,
                    action=texts.Term((f"approval_action_{action}",)),
                )
            )
        for name in found.changed:
            problems.append(problem("approval_changed", Location(name), build=found.build.number))
    if problems:
        raise InputError(problems, OUTPUTS)
    return found
