"""The build journal (issue 12): one line appended to ``outputs/<year>/`` per build.

Each entry says when, by which user on which host and with which grantsheet version a
build ran, the SHA-256 of every input it read and every file it wrote (with the hash of
each file's seal), and per pool the amount, total key and sum paid. Each line also holds
the SHA-256 of the line before it, so an entry edited or removed later breaks the chain
after it (``JournalEntry.chained``).

The journal is what a seal cannot be: a record outside the workbook. Anyone able to edit a
workbook can also rewrite its seal consistently; they cannot make it match an entry
written when the workbook was built, unless they rewrite the journal too. Keep a copy of
it (or of its last line's hash) where the workbooks' editors cannot reach.
"""

from __future__ import annotations

import datetime as dt
import getpass
import hashlib
import json
import os
import socket
from collections.abc import Callable, Iterator, Sequence
from pathlib import Path
from typing import TYPE_CHECKING, NamedTuple

from grantsheet import fileformat, signing
from grantsheet.errors import Location
from grantsheet.layout import base_file_name
from grantsheet.readback import workbook_info
from grantsheet.signing import Signer

if TYPE_CHECKING:
    from grantsheet.context import BuildContext

JOURNAL_NAME = "grantsheet-journal.jsonl"


class Output(NamedTuple):
    file: str  # relative to the year's folder, with "/"
    sha256: str
    seal: str | None  # the hash of the seal the file carries


class PoolTotal(NamedTuple):
    name: str
    amount: int | float
    total_key: int
    paid: int | float


class JournalEntry(NamedTuple):
    number: int  # 1, 2, ... in the order the builds ran
    time: str  # UTC, ISO 8601
    user: str
    host: str
    version: str
    year: int
    inputs: tuple[tuple[str, str], ...]  # (file name, SHA-256)
    outputs: tuple[Output, ...]
    pools: tuple[PoolTotal, ...]
    previous: str  # SHA-256 of the line before ("" for the first)
    chained: bool = True  # the line before is the one this entry was appended after
    journal: Path | None = None
    public_key: str | None = None  # the key that signed the line (grantsheet.signing); None: unsigned
    signed: bool = False  # the line's signature is that key's over the rest of the line
    voids: tuple[int, ...] = ()  # the approvals of the build before that this build made void (#27)
    lang: str | None = None  # the language the build wrote in; None: a line of format 1 does not say
    # The grant's currency as its amounts are written ("kr", "USD"); None: a line of 0.3.0 or
    # before does not say (a field an older reader ignores, as it did "lang" within format 2).
    currency: str | None = None

    @property
    def master(self) -> Output | None:
        return next((o for o in self.outputs if "/" not in o.file), None)


class Match(NamedTuple):
    entry: JournalEntry
    output: Output
    same_bytes: bool  # the very file the build wrote; else the same seal, saved again since


def sha256_of(path: Path) -> str:
    digest = hashlib.sha256()
    with path.open("rb") as handle:
        for block in iter(lambda: handle.read(1 << 20), b""):
            digest.update(block)
    return digest.hexdigest()


def journal_path(year_folder: Path) -> Path:
    return year_folder / JOURNAL_NAME


def _user() -> str:
    try:
        return getpass.getuser()
    except (KeyError, OSError):  # no user name in the environment or the password database
        return os.environ.get("USERNAME", "?")


def prepare(
    year_folder: Path,
    staging: Path,
    build: BuildContext,
    written: Sequence[Path],
    user: str | None = None,
    progress: Callable[[int, int], None] | None = None,
    signer: Signer | None = None,
) -> JournalEntry:
    """The entry of ``build``, made from the files it staged (``written``: paths relative to
    ``staging``, which become the same paths in ``year_folder``), and its line written to
    ``staging``'s journal file, which the swap appends to the year's journal as one of its
    steps (``grantsheet.swap``): the entry is part of the set it records, so a run killed
    or a disk full before the new set is in place leaves neither (#26.1, #26.2).

    ``user``: who built (the page's logged-in officer), by default the operating system's
    user; ``progress(done, total)`` as the staged files are hashed; ``signer``: the key that
    signs the line. The line records the language the build wrote in (journal format 2)."""
    dataset, results = build.dataset, build.results
    path = journal_path(year_folder)
    lines = read_lines(path)
    # The recorded base decides what counts as a centre's edit in the next round: an auditor
    # tracing a carried value needs its hash as much as the workbooks'.
    base = Path(base_file_name(dataset.grant.year))
    files = [*written, base] if (staging / base).is_file() and base not in written else list(written)
    report = progress or (lambda done, total: None)
    report(0, len(files))
    hashed = []
    for number, relative in enumerate(files, 1):
        staged = staging / relative
        hashed.append(Output(relative.as_posix(), sha256_of(staged), _seal(staged)))
        report(number, len(files))
    entry = JournalEntry(
        number=len(lines) + 1,
        time=dt.datetime.now(dt.UTC).replace(microsecond=0).isoformat(),
        user=user or _user(),
        host=socket.gethostname(),
        version=build.version,
        year=dataset.grant.year,
        inputs=tuple((s.name, s.sha256) for s in dataset.sources),
        outputs=tuple(hashed),
        pools=tuple(PoolTotal(r.pool.name, r.pool.shown_amount, r.allocation.total_key, r.paid_total) for r in results),
        previous=previous_hash(lines),
        voids=standing_approvals(lines),
        lang=build.lang,
        currency=dataset.grant.currency_word,
    )
    line = signed_line(_as_json(entry), signer) + "\n"
    if not _ends_a_line(path):
        # A last line cut short (by a version that appended after its swap) stays a line of
        # its own, skipped by ``read``, instead of swallowing this entry.
        line = "\n" + line
    with (staging / JOURNAL_NAME).open("w", encoding="utf-8", newline="\n") as handle:
        handle.write(line)
    return entry._replace(journal=path, public_key=signer.public if signer else None, signed=signer is not None)


def previous_hash(lines: Sequence[str]) -> str:
    """What the next line chains to: the SHA-256 of the last line ("" for the first)."""
    return hashlib.sha256(lines[-1].encode("utf-8")).hexdigest() if lines else ""


def _canonical(data: dict) -> bytes:
    return json.dumps(data, ensure_ascii=False, sort_keys=True).encode("utf-8")


def signed_line(data: dict, signer: Signer | None) -> str:
    """The journal line of ``data``: with ``signer``, its public key and its signature over
    the line's other fields, so an edit of any of them breaks the signature."""
    if signer is not None:
        data = {**data, "signer": signer.public}
        data["signature"] = signer.sign(_canonical(data))
    return json.dumps(data, ensure_ascii=False, sort_keys=True)


def signature_of(data: dict) -> tuple[str | None, bool]:
    """The key a parsed line names as its signer, and whether the signature is that key's."""
    public = data.get("signer")
    if not isinstance(public, str):
        return None, False
    rest = {k: v for k, v in data.items() if k != "signature"}
    signature = data.get("signature")
    return public, signing.valid(public, signature if isinstance(signature, str) else None, _canonical(rest))


def _ends_a_line(path: Path) -> bool:
    """True when ``path`` is absent, empty, or ends with a line break."""
    try:
        with path.open("rb") as handle:
            handle.seek(-1, os.SEEK_END)
            return handle.read(1) == b"\n"
    except FileNotFoundError:
        return True
    except OSError:  # empty: seeking before the start
        return True


def _seal(path: Path) -> str | None:
    """The seal hash a workbook carries (none for a PDF or the recorded base)."""
    return workbook_info(path).seal if path.suffix.lower() == ".xlsx" else None


def _as_json(entry: JournalEntry) -> dict:
    return {
        "format": fileformat.FORMATS[fileformat.JOURNAL],
        "entry": entry.number,
        "time": entry.time,
        "user": entry.user,
        "host": entry.host,
        "version": entry.version,
        "year": entry.year,
        "inputs": [{"file": name, "sha256": sha} for name, sha in entry.inputs],
        "outputs": [o._asdict() for o in entry.outputs],
        "pools": [p._asdict() for p in entry.pools],
        "previous": entry.previous,
        # Only when there is one: a line without approvals reads as every build's before #27.
        **({"voids": list(entry.voids)} if entry.voids else {}),
        **({"lang": entry.lang} if entry.lang else {}),
        **({"currency": entry.currency} if entry.currency else {}),
    }


def read_lines(path: Path) -> list[str]:
    """The journal's lines, empty ones aside."""
    if not path.is_file():
        return []
    return [line for line in path.read_text(encoding="utf-8").splitlines() if line.strip()]


def chained_lines(path: Path) -> Iterator[tuple[int, str, str]]:
    """Each line of the journal at ``path`` with its number and the SHA-256 of the line before
    it ("" for the first): what the line's ``previous`` must be for the chain to hold. A line
    that is not what its reader expects still moves the chain on, so it breaks the next one."""
    before = ""
    for number, line in enumerate(read_lines(path), 1):
        yield number, line, before
        before = hashlib.sha256(line.encode("utf-8")).hexdigest()


def _number(value: object) -> int | float:
    """A pool's amount as written: whole, or with its cents (``int()`` would drop them)."""
    if isinstance(value, bool) or not isinstance(value, (int, float)):
        raise TypeError(f"not a number: {value!r}")
    return value


def read(path: Path) -> list[JournalEntry]:
    """Every entry of the journal at ``path``; a line that is not an entry is skipped and
    breaks the chain of the next one."""
    entries = []
    for number, line, before in chained_lines(path):
        try:
            data = json.loads(line)
            found = fileformat.check(
                fileformat.JOURNAL, data.get("format"), data.get("version"), Location(str(path), line=number)
            )
            if data.get("kind") == APPROVAL:
                continue
            entry = JournalEntry(
                number=int(data["entry"]),
                time=str(data["time"]),
                user=str(data["user"]),
                host=str(data["host"]),
                version=str(data["version"]),
                year=int(data["year"]),
                inputs=tuple((str(i["file"]), str(i["sha256"])) for i in data["inputs"]),
                outputs=tuple(Output(str(o["file"]), str(o["sha256"]), o.get("seal")) for o in data["outputs"]),
                pools=tuple(
                    PoolTotal(str(p["name"]), _number(p["amount"]), int(p["total_key"]), p["paid"])
                    for p in data["pools"]
                ),
                previous=str(data["previous"]),
                journal=path,
                voids=tuple(int(v) for v in data.get("voids", ())),
                lang=str(data["lang"]) if found >= 2 and data.get("lang") else None,
                currency=str(data["currency"]) if data.get("currency") else None,
            )
            public, signed = signature_of(data)
        except (ValueError, KeyError, TypeError, AttributeError):
            continue
        entries.append(entry._replace(chained=entry.previous == before, public_key=public, signed=signed))
    return entries


def journals(outputs: Path, year: int | None = None) -> list[Path]:
    """The journal of each year's folder under ``outputs`` (one year's, given ``year``)."""
    if year is not None:
        candidate = journal_path(outputs / str(year))
        return [candidate] if candidate.is_file() else []
    if not outputs.is_dir():
        return []
    return sorted(p / JOURNAL_NAME for p in outputs.iterdir() if (p / JOURNAL_NAME).is_file())


def history(outputs: Path, year: int | None = None) -> list[JournalEntry]:
    """Every build recorded under ``outputs`` (or for one year), oldest first."""
    return [entry for path in journals(outputs, year) for entry in read(path)]


def find_journal(workbook: Path) -> Path | None:
    """The journal beside a written file: in its folder or up to three above (a centre's
    file, an archived copy in arkiv/NNN/)."""
    for folder in list(workbook.resolve().parents)[:4]:
        candidate = journal_path(folder)
        if candidate.is_file():
            return candidate
    return None


def match(entries: Sequence[JournalEntry], workbook: Path, seal: str | None) -> Match | None:
    """The latest entry that wrote this very file, or else one whose output carried its seal."""
    sha = sha256_of(workbook)
    for entry in reversed(entries):
        for output in entry.outputs:
            if output.sha256 == sha:
                return Match(entry, output, True)
    if seal:
        for entry in reversed(entries):
            for output in entry.outputs:
                if output.seal == seal:
                    return Match(entry, output, False)
    return None


# -- approvals (#27): lines of their own in the same chain ---------------------------------

APPROVAL = "approval"
APPROVED, REJECTED = "approved", "rejected"


class Approval(NamedTuple):
    """One officer's approval (attest) or rejection of one build, as its journal line says."""

    number: int  # the line's entry number, in the same count as the builds'
    build: int  # the entry number of the build approved
    decision: str  # APPROVED or REJECTED
    approver: str  # who approved: the page's logged-in officer, or the OS user (or --as NAME)
    os_user: str  # the operating system's user of the process that recorded it
    host: str
    time: str  # UTC, ISO 8601
    comment: str
    files: tuple[tuple[str, str], ...]  # (file relative to the year's folder, SHA-256) approved
    previous: str
    chained: bool = True
    public_key: str | None = None
    signed: bool = False


def standing_approvals(lines: Sequence[str]) -> tuple[int, ...]:
    """The approvals of the last build among ``lines``: the ones a build appended now voids."""
    last_build: int | None = None
    approvals: list[int] = []
    for line in lines:
        try:
            data = json.loads(line)
            number = int(data["entry"])
        except (ValueError, KeyError, TypeError):
            continue
        if data.get("kind") != APPROVAL:
            last_build, approvals = number, []
        elif data.get("decision") == APPROVED and data.get("build") == last_build:
            approvals.append(number)
    return tuple(approvals)


def record_approval(
    path: Path,
    build: JournalEntry,
    decision: str,
    approver: str,
    comment: str,
    files: Sequence[tuple[str, str]],
    version: str,
    signer: Signer,
) -> Approval:
    """Append an approval (or rejection) of ``build`` to the journal at ``path``, signed with
    ``signer`` (the approver's key); the caller holds the workspace lock."""
    lines = read_lines(path)
    approval = Approval(
        number=len(lines) + 1,
        build=build.number,
        decision=decision,
        approver=approver,
        os_user=_user(),
        host=socket.gethostname(),
        time=dt.datetime.now(dt.UTC).replace(microsecond=0).isoformat(),
        comment=comment,
        files=tuple(files),
        previous=previous_hash(lines),
    )
    data = {
        "format": fileformat.FORMATS[fileformat.JOURNAL],
        "kind": APPROVAL,
        "entry": approval.number,
        "build": approval.build,
        "decision": decision,
        "approver": approver,
        "os_user": approval.os_user,
        "host": approval.host,
        "time": approval.time,
        "version": version,
        "comment": comment,
        "files": [{"file": name, "sha256": sha} for name, sha in approval.files],
        "previous": approval.previous,
    }
    line = signed_line(data, signer) + "\n"
    with path.open("a", encoding="utf-8", newline="\n") as handle:
        handle.write(line if _ends_a_line(path) else "\n" + line)
        handle.flush()
        os.fsync(handle.fileno())
    return approval._replace(public_key=signer.public, signed=True)


def read_approvals(path: Path) -> list[Approval]:
    """Every approval and rejection in the journal at ``path``, oldest first."""
    found = []
    for _, line, before in chained_lines(path):
        try:
            data = json.loads(line)
            if data.get("kind") == APPROVAL:
                public, signed = signature_of(data)
                approval = Approval(
                    number=int(data["entry"]),
                    build=int(data["build"]),
                    decision=str(data["decision"]),
                    approver=str(data["approver"]),
                    os_user=str(data["os_user"]),
                    host=str(data["host"]),
                    time=str(data["time"]),
                    comment=str(data.get("comment", "")),
                    files=tuple((str(f["file"]), str(f["sha256"])) for f in data["files"]),
                    previous=str(data["previous"]),
                    public_key=public,
                    signed=signed,
                )
                found.append(approval._replace(chained=approval.previous == before))
        except (ValueError, KeyError, TypeError, AttributeError):
            pass
    return found


# Who changed the grant file and when (the officer's page saves it), one chained line a
# change, as the builds' journal: beside the years' folders, since a change may come before
# the year's first build, or change the year.
GRANT_JOURNAL_NAME = "grantsheet-grant-journal.jsonl"


class GrantChange(NamedTuple):
    number: int
    time: str  # UTC, ISO 8601
    user: str
    host: str
    version: str
    file: str  # the grant file's name in the inputs folder
    sha256: str  # of the file written
    before: str  # of the file it replaced ("" when there was none)
    archived: str  # where the replaced file was kept, relative to the inputs folder
    previous: str  # SHA-256 of the line before ("" for the first)
    chained: bool = True


def record_grant_change(
    outputs: Path, file: str, sha256: str, before: str, archived: str, version: str, user: str | None
) -> GrantChange:
    """Append a change of the grant file to the journal of grant changes under ``outputs``."""
    path = outputs / GRANT_JOURNAL_NAME
    lines = read_lines(path)
    previous = hashlib.sha256(lines[-1].encode("utf-8")).hexdigest() if lines else ""
    now = dt.datetime.now(dt.UTC).replace(microsecond=0).isoformat()
    change = GrantChange(
        len(lines) + 1, now, user or _user(), socket.gethostname(), version, file, sha256, before, archived, previous
    )
    line = json.dumps(change._asdict() | {"chained": None}, ensure_ascii=False, sort_keys=True) + "\n"
    outputs.mkdir(parents=True, exist_ok=True)
    with path.open("a", encoding="utf-8", newline="\n") as handle:
        handle.write(line if _ends_a_line(path) else "\n" + line)
        handle.flush()
        os.fsync(handle.fileno())
    return change


def grant_changes(outputs: Path) -> list[GrantChange]:
    """Every change of the grant file the page recorded, oldest first; a line that is not one
    is skipped and breaks the chain of the next."""
    changes = []
    for _, line, before in chained_lines(outputs / GRANT_JOURNAL_NAME):
        try:
            data = json.loads(line)
            time, user, host, version, file, sha256, was, archived, previous = (
                str(data[key]) for key in GrantChange._fields[1:-1]
            )
            change = GrantChange(int(data["number"]), time, user, host, version, file, sha256, was, archived, previous)
        except (ValueError, KeyError, TypeError):
            continue
        changes.append(change._replace(chained=change.previous == before))
    return changes
