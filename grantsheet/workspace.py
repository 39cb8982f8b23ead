"""The officer's workspace as records: what ``grantsheet serve`` and ``grantsheet watch`` show.

A workspace is an inputs folder and an outputs folder. Its status says what each input
file is and what is wrong with it (located problems, as ``check`` lists them), where the
last build is and whether an input changed after it. An input file is replaced only after
the whole inputs folder, with the new file in place, has been read in a scratch copy: a
file with errors is never written, and the file it replaces is archived, never lost.
Returned follow-up forms are kept in the workspace, so every collect sees all returns so far.
"""

from __future__ import annotations

import datetime as dt
import os
import shutil
import tempfile
import threading
import zipfile
from collections.abc import Sequence
from fractions import Fraction
from pathlib import Path, PurePosixPath, PureWindowsPath
from typing import TYPE_CHECKING, NamedTuple

from grantsheet import journal, safety, texts
from grantsheet.allocate import PoolAllocation, PoolResult, handing_out
from grantsheet.approval import shown_time
from grantsheet.atomic import atomic_path, file_stamp
from grantsheet.centre_files import safe_name
from grantsheet.changes import ChangeReport
from grantsheet.errors import ERROR, OUTPUTS, InputError, Location, Problem, problem
from grantsheet.gather import READ_SUFFIXES, ZIP_SUFFIXES, unpacked
from grantsheet.grant import Grant, read_grant
from grantsheet.layout import folder as output_folder
from grantsheet.readback import read_or_problem, workbook_info

if TYPE_CHECKING:
    from grantsheet.collect import CollectResult
    from grantsheet.rederive import Derived
from grantsheet.load import GRANT_FILE, Dataset, load_inputs, load_with_file
from grantsheet.lock import workspace_lock
from grantsheet.tables import Words

GRANT_ROLE = "grant"
REGISTER_ROLE = "register"
WORKBOOK_SUFFIXES = (".xlsx", ".xlsm")
INPUT_SUFFIXES = (".xlsx", ".xlsm", ".csv", ".txt", ".toml")
# A zip of returned forms unpacks into at most this many files (the country has about 1 150 centres).
MAX_RETURNED_FILES = 5_000


class InputFile(NamedTuple):
    name: str  # inside the inputs folder
    role: str  # GRANT_ROLE, REGISTER_ROLE or an input table's name
    exists: bool
    size: int
    modified: dt.datetime | None  # local time
    problems: tuple[Problem, ...]  # errors and warnings located in this file

    @property
    def errors(self) -> tuple[Problem, ...]:
        return tuple(p for p in self.problems if p.severity == ERROR)


class Workspace(NamedTuple):
    inputs: Path
    outputs: Path
    grant: Grant | None
    files: tuple[InputFile, ...]
    problems: tuple[Problem, ...]  # every problem of the inputs, as ``check`` lists them
    centres: int  # read from the inputs; 0 when they have errors
    master: Path | None  # the last build's master workbook
    built: dt.datetime | None  # when it was written (local time)
    changed: tuple[str, ...]  # input files changed on disk after that build
    history: tuple[BuildRecord, ...] = ()  # the year's build journal, newest first
    damaged: Problem | None = None  # the master cannot be read: what the pages that need it say

    @property
    def errors(self) -> tuple[Problem, ...]:
        return tuple(p for p in self.problems if p.severity == ERROR)


class BuildRecord(NamedTuple):
    """One entry of the build journal as the page lists it."""

    number: int
    time: dt.datetime  # local time
    user: str
    host: str
    workbooks: int  # the master and the centres' files
    pdfs: int
    pools: tuple[tuple[str, int | float, int | float], ...]  # per pool: name, paid, amount (kronor)
    chained: bool  # the journal's line before this entry is the one it was appended after
    master: str | None  # the master on disk now: "same" (this build's very file), "resaved", else None
    # Its approvals and rejections (#27), oldest first: (decision, approver, local time as shown).
    approvals: tuple[tuple[str, str, str], ...] = ()


class PoolSummary(NamedTuple):
    name: str
    unit: Words  # the pool's key unit ("platser", "places")
    amount: int | float  # kronor (with cents for a pool in öre)
    total_key: int | Fraction  # as the key column holds it (a decimal key is a Fraction)
    distributed: int  # money units the pool hands out (kronor, or öre)
    scale: int  # money units per krona
    paid: int | float  # kronor
    # The workbook's checks (sums to the pool, within 1 kr of the quota, none negative), as the
    # build computed them; None for a master read back, which only ``verify`` can judge.
    checks_ok: bool | None


class CentreRow(NamedTuple):
    id: str
    name: str
    keys: tuple[int | Fraction, ...]  # per pool: each centre's own key, as its column holds it
    paid: tuple[int | float, ...]  # per pool, kronor
    file: Path | None = None  # the centre's workbook
    pdf: Path | None = None  # and its PDF, when the build printed one

    @property
    def total(self) -> int | float:
        return sum(self.paid)


class Summary(NamedTuple):
    """A build's result as the page shows it: per pool, per centre, what changed."""

    master: Path
    built: dt.datetime | None
    pools: tuple[PoolSummary, ...]
    centres: tuple[CentreRow, ...]
    changes: ChangeReport | None  # None for a master read back from disk
    payout_pdf: Path | None = None  # the master's payout list printed, when the build printed it

    @property
    def checks_ok(self) -> bool | None:
        if any(pool.checks_ok is None for pool in self.pools):
            return None
        return all(pool.checks_ok for pool in self.pools)


class Replacement(NamedTuple):
    """What became of an uploaded input file."""

    name: str
    written: bool
    archived: Path | None  # where the replaced file was kept
    problems: tuple[Problem, ...]  # every problem of the inputs with the new file in place


# The last status of each workspace, with the file times it was read at: the page asks for
# it on every request, and reading a nation's inputs again each time costs a second.
_STATUS: dict[tuple[Path, Path], tuple[tuple, Workspace]] = {}
_STATUS_LOCK = threading.Lock()


def status(inputs: Path, outputs: Path) -> Workspace:
    """Read the inputs (writing nothing) and find the last build under ``outputs``; read
    again only when a file in the inputs folder or a master changed since the last time."""
    key = (inputs.resolve(), outputs.resolve())
    # The page's warm-up thread and the first request may ask at once: one of them reads.
    with _STATUS_LOCK:
        fingerprint = _fingerprint(inputs, outputs)
        cached = _STATUS.get(key)
        if cached is not None and cached[0] == fingerprint:
            return cached[1]
        found = _status(inputs, outputs)
        _STATUS[key] = (fingerprint, found)
        return found


def _fingerprint(inputs: Path, outputs: Path) -> tuple:
    """Name and stamp of every file status depends on: a change of any is seen."""
    paths = sorted(p for p in inputs.iterdir() if p.is_file()) if inputs.is_dir() else []
    paths += sorted(outputs.glob("*/grantsheet-*.xlsx")) + sorted(outputs.glob(f"*/{journal.JOURNAL_NAME}"))
    stats = []
    for path in paths:
        try:
            stats.append((str(path), *file_stamp(path)))
        except OSError:  # removed meanwhile: the next request sees it gone
            continue
    return tuple(stats)


def _status(inputs: Path, outputs: Path) -> Workspace:
    problems: list[Problem] = []
    grant = read_grant(inputs / GRANT_FILE, problems) if (inputs / GRANT_FILE).is_file() else None
    centres = 0
    try:
        dataset = load_inputs(inputs)
    except InputError as error:
        problems = list(error.problems)
    else:
        problems = list(dataset.warnings)
        centres = len(dataset.centres)
    files = tuple(_input_file(inputs, name, role, problems) for name, role in _input_names(grant))
    master = find_master(outputs, grant.year if grant else None)
    built = _local(master.stat().st_mtime) if master else None
    changed = tuple(f.name for f in files if master and f.exists and _changed_after(inputs / f.name, master))
    # A damaged master is said on the pages that need it; the rest of the page works (#26.5).
    seal = read_or_problem(master, "master", lambda: workbook_info(master).seal) if master else None
    damaged = seal if isinstance(seal, Problem) else None
    history = build_history(outputs, grant.year, master, seal if isinstance(seal, str) else None) if grant else ()
    return Workspace(inputs, outputs, grant, files, tuple(problems), centres, master, built, changed, history, damaged)


def build_history(outputs: Path, year: int, master: Path | None, seal: str | None) -> tuple[BuildRecord, ...]:
    """The year's build journal, newest first, each entry marked when it wrote the master on
    disk now (the very file, or one with its ``seal`` saved again since)."""
    entries = journal.history(outputs, year)
    found = journal.match(entries, master, seal) if master and entries else None
    decisions: dict[int, list[tuple[str, str, str]]] = {}
    for approval in journal.read_approvals(journal.journal_path(outputs / str(year))):
        if approval.signed:  # a line edited afterwards vouches for nobody
            shown = shown_time(approval.time)
            decisions.setdefault(approval.build, []).append((approval.decision, approval.approver, shown))
    records = []
    for entry in reversed(entries):
        written = [PurePosixPath(o.file).suffix.lower() for o in entry.outputs]
        records.append(
            BuildRecord(
                entry.number,
                dt.datetime.fromisoformat(entry.time).astimezone().replace(tzinfo=None),
                entry.user,
                entry.host,
                sum(suffix in WORKBOOK_SUFFIXES for suffix in written),
                written.count(".pdf"),
                tuple((p.name, p.paid, p.amount) for p in entry.pools),
                entry.chained,
                ("same" if found.same_bytes else "resaved") if found and found.entry.number == entry.number else None,
                tuple(decisions.get(entry.number, ())),
            )
        )
    return tuple(records)


def _input_names(grant: Grant | None) -> list[tuple[str, str]]:
    names = [(GRANT_FILE, GRANT_ROLE)]
    if grant is not None:
        names += [(file, table) for table, file in grant.input_files.items()]
        if grant.register_file:
            names.append((grant.register_file, REGISTER_ROLE))
    return names


def _input_file(inputs: Path, name: str, role: str, problems: Sequence[Problem]) -> InputFile:
    path = inputs / name
    located = tuple(p for p in problems if p.location.file == name)
    if not path.is_file():
        return InputFile(name, role, False, 0, None, located)
    stat = path.stat()
    return InputFile(name, role, True, stat.st_size, _local(stat.st_mtime), located)


def _local(timestamp: float) -> dt.datetime:
    return dt.datetime.fromtimestamp(timestamp).replace(microsecond=0)


def _changed_after(path: Path, master: Path) -> bool:
    """Changed since the master was written: a file copied in keeps its old modification
    time, but its status change time is the time of the copy."""
    stat = path.stat()
    return max(stat.st_mtime, stat.st_ctime) > master.stat().st_mtime


def find_master(outputs: Path, year: int | None) -> Path | None:
    """The master of ``year`` under ``outputs``; without a year, the newest year's."""
    if year is not None:
        path = outputs / str(year) / f"grantsheet-{year}.xlsx"
        return path if path.is_file() else None
    years = sorted((p for p in outputs.glob("*/grantsheet-*.xlsx") if p.parent.name.isdigit()), reverse=True)
    return years[0] if years else None


def upload_name(name: str) -> str:
    """The file name part of a name a browser sent, safe on every system ("" when nothing is left).

    A browser sends a base name, but a client may send any path (``../../x``, ``C:\\x``).
    """
    base = PureWindowsPath(PurePosixPath(name).name).name
    stem, suffix = os.path.splitext(base)
    return safe_name(stem, suffix.lower()) if stem.strip(" .") else ""


def input_target(inputs: Path, name: str) -> str | None:
    """The input file an upload called ``name`` replaces: the grant file or a file it names."""
    problems: list[Problem] = []
    grant = read_grant(inputs / GRANT_FILE, problems) if (inputs / GRANT_FILE).is_file() else None
    known = {known.casefold(): known for known, _ in _input_names(grant)}
    return known.get(upload_name(name).casefold())


def replace_input(inputs: Path, name: str, upload: Path, lang: str) -> Replacement:
    """Put ``upload`` in place of the input file ``name``, unless the inputs with it in place
    have errors in that file; the replaced file goes to ``inputs/arkiv/NNN/``."""
    refusal = _size_refusal(upload, safety.MAX_FILE_BYTES, name)
    if refusal is not None:
        return Replacement(name, False, None, (refusal,))
    try:
        problems = list(load_with_file(inputs, name, upload).warnings)
    except InputError as error:
        problems = list(error.problems)
    except UnicodeDecodeError:
        problems = [problem("file_not_text", Location(name))]
    if any(p.severity == ERROR and p.location.file == name for p in problems):
        return Replacement(name, False, None, tuple(problems))
    archived = None
    target = inputs / name
    if target.exists():
        from grantsheet.cycle import next_archive

        archive = next_archive(inputs, lang)
        archive.mkdir(parents=True)
        archived = archive / name
        shutil.copy2(target, archived)
    with atomic_path(target) as temporary:
        shutil.copyfile(upload, temporary)
    return Replacement(name, True, archived, tuple(problems))


def _size_refusal(path: Path, limit: int, name: str) -> Problem | None:
    size = path.stat().st_size
    if size > limit:
        return problem("file_too_large", Location(name), size=safety.mib(size), limit=safety.mib(limit))
    return None


def returns_folder(outputs: Path, year: int, lang: str) -> Path:
    """Where returned forms are kept: beside the year's outputs, not among them (a rebuild
    archives what it finds among its outputs)."""
    return outputs / output_folder("returns") / str(year)


def store_returns(
    uploads: Sequence[tuple[str, Path]], folder: Path, max_bytes: int
) -> tuple[list[Path], list[Problem]]:
    """Keep uploaded returns (workbooks, or zips of them) in ``folder`` under safe, unique names.

    Every file is bounded by ``max_bytes`` and a zip by ``safety.zip_bounds``; nothing is
    stored when any upload is refused.
    """
    accepted: list[tuple[str, bytes]] = []
    problems: list[Problem] = []
    for name, path in uploads:
        shown = upload_name(name) or "-"
        refusal = _size_refusal(path, max_bytes if not zipfile.is_zipfile(path) else safety.MAX_FILE_BYTES, shown)
        if refusal is not None:
            problems.append(refusal)
        elif shown.lower().endswith(ZIP_SUFFIXES):
            problems += _unzip(path, shown, accepted)
        elif shown.lower().endswith(READ_SUFFIXES):
            accepted.append((shown, path.read_bytes()))
        else:
            problems.append(problem("return_not_workbook", Location(shown)))
    if len(accepted) > MAX_RETURNED_FILES:
        problems.append(problem("returns_too_many", Location("-"), count=len(accepted), limit=MAX_RETURNED_FILES))
    if problems:
        return [], problems
    folder.mkdir(parents=True, exist_ok=True)
    stored = []
    for name, data in accepted:
        target = _unique(folder, name)
        with atomic_path(target) as temporary:
            temporary.write_bytes(data)
        stored.append(target)
    return stored, []


def _unzip(path: Path, shown: str, accepted: list[tuple[str, bytes]]) -> list[Problem]:
    """The forms in an uploaded zip, unpacked as ``collect`` unpacks one; what is no form
    (a readme, a lock file) is left out, not kept."""
    with tempfile.TemporaryDirectory(prefix="grantsheet-upload-") as work:
        items = unpacked(path, Path(work), shown)
        accepted += [(upload_name(i.path.name), i.path.read_bytes()) for i in items if not isinstance(i, Problem)]
    return [i for i in items if isinstance(i, Problem) and i.severity == ERROR]


def _unique(folder: Path, name: str) -> Path:
    """``name`` in ``folder``, or "name (2)" when a file of that name (in any letter case) is there."""
    taken = {p.name.casefold() for p in folder.iterdir()}
    stem, suffix = os.path.splitext(name)
    candidate, number = name, 2
    while candidate.casefold() in taken:
        candidate = f"{stem} ({number}){suffix}"
        number += 1
    return folder / candidate


def pool_checks_hold(allocation: PoolAllocation, hand_out: bool | str = True) -> bool:
    """The master's checks, on the Python side: the payouts sum to what the pool hands out
    (its rows' fixed or held parts and its units split by key), each row's split part lies
    within one payout unit of its exact quota, none is negative. ``hand_out``: as for
    ``allocate.largest_remainder`` (False: rounded down; "each": rounded on its own, so the
    sum may differ from the pool)."""
    total = allocation.total_key or 1
    payouts, step = allocation.payouts, allocation.step
    base = allocation.base or (0,) * len(payouts)
    split = [p - b for p, b in zip(payouts, base)]
    within = all(abs(s * total - step * allocation.amount * k) < step * total for s, k in zip(split, allocation.keys))
    handed = sum(base) + step * allocation.amount
    if hand_out == "each":
        sums = True  # each row rounded on its own: the difference to the pool is stated, not an error
    else:
        sums = sum(payouts) == handed if hand_out else sum(payouts) <= handed
    return sums and within and all(p >= 0 for p in payouts)


def build_summary(
    dataset: Dataset,
    pools: Sequence[PoolResult],
    master: Path,
    changes: ChangeReport | None,
    centre_files: Sequence[Path],
    pdfs: Sequence[Path],
) -> Summary:
    """``centre_files`` in the order of ``dataset.centres``; ``pdfs`` any of them printed, and
    the payout list's."""
    summaries = tuple(
        PoolSummary(
            r.pool.name,
            r.key_words.unit,
            r.pool.shown_amount,
            r.shown_total_key,  # a decimal key as its column holds it
            r.allocation.amount,
            r.scale,
            r.paid_total,
            pool_checks_hold(r.allocation, handing_out(r.pool.rounding)),
        )
        for r in pools
    )
    printed = set(pdfs)
    files: list[Path | None] = list(centre_files) or [None] * len(dataset.centres)
    rows = tuple(
        CentreRow(
            c.id,
            c.name,
            tuple(r.keys[i] for r in pools),
            tuple(r.paid[i] for r in pools),
            file,
            _pdf_of(file, printed),
        )
        for i, (c, file) in enumerate(zip(dataset.centres, files))
    )
    built = _local(master.stat().st_mtime) if master.is_file() else None
    return Summary(master, built, summaries, rows, changes, _payout_pdf(master, printed))


def _pdf_of(workbook: Path | None, printed: set[Path]) -> Path | None:
    pdf = workbook.with_suffix(".pdf") if workbook is not None else None
    return pdf if pdf in printed else None


def _payout_pdf(master: Path, printed: set[Path]) -> Path | None:
    """The payout list's PDF: the one beside the master (the centres' are in their folder)."""
    return next((pdf for pdf in sorted(printed) if pdf.parent == master.parent), None)


_SUMMARIES: dict[Path, tuple[tuple, Summary]] = {}


def master_summary(master: Path) -> Summary:
    """A master workbook's result re-derived from its own parameters and input sheets (read
    again only when the file changed)."""
    fingerprint = file_stamp(master)
    cached = _SUMMARIES.get(master.resolve())
    if cached is not None and cached[0] == fingerprint:
        return cached[1]
    summary = read_or_problem(master, "master", lambda: _master_summary(master))
    if isinstance(summary, Problem):
        raise InputError([summary], OUTPUTS)
    _SUMMARIES[master.resolve()] = (fingerprint, summary)
    return summary


def _master_summary(master: Path) -> Summary:
    from grantsheet.centre_files import safe_file_name
    from grantsheet.pdfs import existing_pdfs
    from grantsheet.readback import OutputBook, read_or_problem
    from grantsheet.rederive import derive

    def read() -> Derived:
        with OutputBook(master) as book:
            return derive(book)

    found = read_or_problem(master, "master", read)
    if isinstance(found, Problem):
        raise InputError([found])
    pools = tuple(
        PoolSummary(p.name, p.unit, p.amount, p.allocation.total_key, p.allocation.amount, p.scale, sum(p.paid), None)
        for p in found.pools
    )
    # A centre's file by the name the build gives it (from its id and name).
    beside = centre_files_of(master)
    by_name = {path.name.casefold(): path for path in beside}
    printed = set(existing_pdfs(master, beside))
    rows = []
    for i, (centre_id, name) in enumerate(zip(found.centre_ids, found.centre_names)):
        file = by_name.get(safe_file_name(centre_id, name).casefold())
        keys = tuple(p.keys[i] for p in found.pools)
        rows.append(
            CentreRow(centre_id, name, keys, tuple(p.paid[i] for p in found.pools), file, _pdf_of(file, printed))
        )
    return Summary(master, _local(master.stat().st_mtime), pools, tuple(rows), None, _payout_pdf(master, printed))


def receive_returns(
    uploads: Sequence[tuple[str, Path]], outputs: Path, master: Path, grant: Grant, lang: str, max_bytes: int
) -> CollectResult:
    """Keep the uploaded returns with those received before and collect them all against
    ``master``, of ``grant`` (the workspace's grant file); the summary goes beside them. On
    any problem the new files are not kept."""
    from grantsheet.collect import collect

    year = grant.year
    folder = returns_folder(outputs, year, lang)
    with workspace_lock(outputs):  # as the CLI's collect: no build replaces the master meanwhile
        stored, problems = store_returns(uploads, folder, max_bytes)
        if problems:
            raise InputError(problems)
        try:
            return collect([folder], master, summary_path(outputs, year, lang), lang, grant)
        except BaseException:
            for path in stored:
                path.unlink(missing_ok=True)
            raise


def summary_path(outputs: Path, year: int, lang: str) -> Path:
    return outputs / output_folder("returns") / texts.text("summary_file", lang, year=year)


def centre_files_of(master: Path) -> list[Path]:
    """The per-centre workbooks beside a master: every workbook in its year folder's
    subfolders, but the archive and the staging folder."""
    from grantsheet.cycle import output_files

    folder = master.parent
    return [p for p in output_files(folder) if p.parent != folder and p.suffix.lower() in WORKBOOK_SUFFIXES]


def zip_files(files: Sequence[Path], base: Path, target: Path) -> Path:
    """``files`` in one zip at ``target``, named by their path under ``base``; stored, not
    deflated: a workbook is a zip already."""
    with atomic_path(target) as temporary, zipfile.ZipFile(temporary, "w", zipfile.ZIP_STORED) as archive:
        for path in files:
            archive.write(path, path.relative_to(base).as_posix())
    return target
