"""The library API: what the command line (or a notebook) calls.

    from grantsheet.api import build
    result = build(Path("inputs"), Path("outputs"))

Each function raises ``InputError`` when the user's input is wrong; nothing is
written in that case.
"""

from __future__ import annotations

from pathlib import Path
from typing import TYPE_CHECKING, NamedTuple

from grantsheet import __version__, lock
from grantsheet.allocate import PoolResult, allocate_pools
from grantsheet.context import BuildContext
from grantsheet.errors import InputError
from grantsheet.faults import os_errors, refuse_open_outputs
from grantsheet.load import Dataset, TableCache, load_inputs, open_in_a_program
from grantsheet.texts import DEFAULT_LANGUAGE

# The writers and the follow-up cycle are imported where they are used: `check` and
# `init` need neither XlsxWriter nor the rebuild machinery.
if TYPE_CHECKING:
    import datetime as dt

    import pandas

    from grantsheet.approval import Status as ApprovalStatus
    from grantsheet.changes import ChangeReport
    from grantsheet.collect import CollectResult
    from grantsheet.cycle import CycleResult, Progress, Stage
    from grantsheet.definition import Preview, Previous, Saved
    from grantsheet.diff import DiffReport
    from grantsheet.export import Build, PayoutRecord
    from grantsheet.grant import Grant, MailSettings
    from grantsheet.journal import Approval, GrantChange, JournalEntry
    from grantsheet.mail import Draft
    from grantsheet.verify import VerifyReport
    from grantsheet.workspace import Replacement, Summary, Workspace


def version() -> str:
    return __version__


class BuildResult(NamedTuple):
    dataset: Dataset
    pools: tuple[PoolResult, ...]
    master: Path
    lang: str
    # The follow-up cycle: per-centre files, what changed, what was carried over, the archive.
    cycle: CycleResult | None = None
    pdfs: tuple[Path, ...] = ()  # with pdf=True: each centre file's PDF, then the payout list's
    journal: JournalEntry | None = None  # this build's entry in outputs/<year>/'s journal

    @property
    def centre_files(self) -> tuple[Path, ...]:
        return self.cycle.centre_files if self.cycle else ()

    @property
    def changes(self) -> ChangeReport | None:
        return self.cycle.changes if self.cycle else None


def check(inputs: Path) -> Dataset:
    """Read and validate the inputs folder; write nothing."""
    return load_inputs(inputs)


def master_path(outputs: Path, dataset: Dataset) -> Path:
    year = dataset.grant.year
    return outputs / str(year) / f"grantsheet-{year}.xlsx"


def build(
    inputs: Path,
    outputs: Path,
    lang: str | None = None,
    progress: Progress | None = None,
    pdf: bool = False,
    reading: Progress | None = None,
    grant: Path | None = None,
    user: str | None = None,
    stage: Stage | None = None,
    key: Path | None = None,
) -> BuildResult:
    """Allocate every pool; write the master workbook and one workbook per centre under ``outputs``.

    With ``pdf``: also each centre file as a PDF beside it and the master's payout list as a
    PDF (LibreOffice), put in place with the workbooks as one set: when a print fails, the
    previous outputs stay. PDFs of the previous build go to its archive either way: they
    print workbooks that were replaced. ``grant``: another grant file than ``inputs/grant.toml``
    (the officer's what-if; give it its own ``outputs``), read with the input files of ``inputs``.
    ``user``: who the build journal records as building (the page passes its logged-in
    officer); by default the operating system's user, as for ``grantsheet build``. ``key``:
    the private key that signs the master's seal and the journal entry (grantsheet.signing;
    by default ``GRANTSHEET_SIGNING_KEY``'s, else the user's own, made on first use); its
    fingerprint is printed on the overview, the payout list and every letter.

    Follow-up entries typed into the previous outputs are carried over, the previous
    files are archived, and nothing is touched while one of them is open (lock file).
    ``progress(done, total)`` is called as files are written, ``reading(done, total)`` as
    the previous outputs are read back, and ``stage(phase, done, total)`` for the rest
    (``cycle.INPUTS``: the input files read; ``PLACING``: the new set checked and put in
    place; ``PRINTING``: each PDF made, with ``pdf``; ``JOURNAL``: each file hashed for the
    build journal): a national build shows new progress at least every second (the page's).
    The workspace lock is held meanwhile (see ``workspace_lock``); an operating-system error
    (a full disk, a read-only folder) is an ``InputError`` that names it, and the previous
    outputs stay.
    """
    from grantsheet import pdfs as printing
    from grantsheet import signing
    from grantsheet.cycle import INPUTS, regenerate

    report = stage or (lambda phase, done, total: None)
    signer = signing.signer(key, (inputs, outputs))
    dataset = _load(inputs, grant, lambda done, total: report(INPUTS, done, total))
    if opened := open_in_a_program(inputs, dataset):
        raise InputError(opened)
    dataset = dataset._replace(signer=signer.fingerprint)
    results = allocate_pools(dataset)
    language = lang or dataset.grant.language or DEFAULT_LANGUAGE
    folder = outputs / str(dataset.grant.year)
    if pdf and (missing := printing.libreoffice_missing(folder)) is not None:
        raise missing
    with lock.workspace_lock(outputs), os_errors(folder):
        build = BuildContext(dataset, results, language, version())
        cycle = regenerate(outputs, build, progress, reading, pdf, stage, user, signer)
    return BuildResult(dataset, results, cycle.master, language, cycle, cycle.pdfs, cycle.entry)


def _load(inputs: Path, grant: Path | None, progress: Progress | None = None) -> Dataset:
    """``load_inputs``, with ``grant`` standing in for the folder's grant file when given."""
    if grant is None:
        return load_inputs(inputs, progress)
    from grantsheet.load import GRANT_FILE, load_with_file

    return load_with_file(inputs, GRANT_FILE, grant, progress)


def templates_folder() -> Path:
    """templates/ beside the package in a checkout, or inside it in an installed wheel."""
    package = Path(__file__).resolve().parent
    for candidate in (package.parent / "templates", package / "_templates"):
        if (candidate / "grant.toml").is_file():
            return candidate
    raise FileNotFoundError("grantsheet's templates folder is missing from this installation")


def example_names() -> list[str]:
    """The shipped examples (templates/examples/<name>/ with a grant file), sorted."""
    folder = templates_folder() / "examples"
    if not folder.is_dir():
        return []
    return sorted(p.name for p in folder.iterdir() if (p / "grant.toml").is_file())


def init_workspace(target: Path, example: str | None = None, lang: str | None = None) -> list[Path]:
    """Create a fresh workspace: ``target/inputs`` with the grant file and blank input workbooks,
    or with a shipped example's grant file and inputs (see ``example_names``); ``lang`` sets
    the new grant file's language (its comments and layout kept).

    Existing files are never overwritten; the paths that were created are returned.
    """
    from grantsheet.definition import copy_new, set_language
    from grantsheet.load import GRANT_FILE

    source = _template_source(example)
    (target / "outputs").mkdir(parents=True, exist_ok=True)
    created = copy_new(source, target / "inputs")
    grant = target / "inputs" / GRANT_FILE
    if lang is not None and grant in created:
        set_language(grant, lang)
    return created


def _template_source(example: str | None) -> Path:
    """The folder a new workspace's inputs are copied from: an example's, or the blank templates."""
    if example is None:
        return templates_folder()
    if example not in example_names():
        raise ValueError(f"no example {example!r}; the examples are: {', '.join(example_names())}")
    return templates_folder() / "examples" / example


def verify(
    paths: list[Path],
    recalc: bool = True,
    journal: Path | None = None,
    key: Path | None = None,
    fingerprint: str | None = None,
) -> list[VerifyReport]:
    """Verify workbooks written by grantsheet (see grantsheet.verify); ``journal``: the build
    journal to look them up in (default: the one beside each file). ``key`` (a public key
    file, PEM) or ``fingerprint`` (as printed on the overview): the master's seal and its
    journal entry must be signed by that key (``ValueError`` for a file that is no Ed25519 key).
    A swap a killed build left in the outputs a file lies in is rolled back first
    (``settled``); the lock is not held while the files are recalculated (minutes for a
    national master), so a rebuild meanwhile is not waited for."""
    from grantsheet.signing import Trusted, read_public
    from grantsheet.verify import verify as verify_workbooks

    trusted = None
    if key is not None:
        trusted = Trusted(public=read_public(key))
    elif fingerprint is not None:
        trusted = Trusted(printed=fingerprint)
    for outputs in dict.fromkeys(filter(None, map(_built_into, paths))):
        with settled(outputs):
            pass
    return verify_workbooks(paths, use_recalc=recalc, journal=journal, trusted=trusted)


def _built_into(path: Path) -> Path | None:
    """The outputs folder ``path`` lies in as a build put it there (outputs/<year>/…, a
    centre's folder or the archive below it), else None."""
    from grantsheet.journal import JOURNAL_NAME
    from grantsheet.swap import JOURNAL

    for folder in list(path.resolve().parents)[:4]:
        if folder.name.isdigit() and ((folder / JOURNAL_NAME).is_file() or (folder / JOURNAL).is_file()):
            return folder.parent
    return None


def settled(outputs: Path):
    """A context manager: while it is held, the outputs under ``outputs`` are complete sets
    (a swap a killed build left is rolled back first, and none runs meanwhile): what every
    reader of a workspace's outputs holds (the page, ``export``, ``verify``; #26.4)."""
    return lock.settled(outputs)


def collect(
    returns: list[Path], master: Path, output: Path, lang: str | None = None, inputs: Path | None = None
) -> CollectResult:
    """Read returned follow-up files and write a summary workbook (see grantsheet.collect).

    With ``inputs`` (a folder with the grant file), the summary's report to Socialstyrelsen
    names the decision and the organisation, and the summary and the result also say by
    when and to which account unused funds are repaid (``[follow_up] repay_by``,
    ``repay_account``), marked with the decision's reference.

    Holds the lock of the workspace the master belongs to: a build does not replace the
    master while its returns are read against it.
    """
    from grantsheet.collect import collect as collect_returns

    grant = None
    if inputs is not None:
        from grantsheet.errors import raise_if_errors
        from grantsheet.grant import read_grant
        from grantsheet.load import GRANT_FILE

        problems: list = []
        grant = read_grant(inputs / GRANT_FILE, problems)
        raise_if_errors(problems)
    with lock.workspace_lock(outputs_of(master)), os_errors(output.parent):
        return collect_returns(returns, master, output, lang or DEFAULT_LANGUAGE, grant)


def outputs_of(master: Path) -> Path:
    """The outputs folder a master belongs to: ``outputs`` for ``outputs/<year>/grantsheet-<year>.xlsx``."""
    folder = master.resolve().parent
    return folder.parent if folder.name.isdigit() else folder


def workspace_lock(outputs: Path, wait: float | None = None, command: str | None = None):
    """Hold the workspace lock of ``outputs`` (a context manager): the lock ``build`` and
    ``collect`` take; ``wait`` seconds at most (``lock.WAIT_SECONDS`` by default). A caller
    already holding it in this thread may call them inside."""
    return lock.workspace_lock(outputs, wait, command)


def payouts(source: Path | BuildResult) -> list[PayoutRecord]:
    """Each centre's key and payout per pool, as records (``PayoutRecord``: centre_id, centre,
    cost_centre, pool_id, pool, key, payout), from an inputs folder (allocated as ``build``
    would, nothing written) or from a ``BuildResult``."""
    from grantsheet.export import payout_records

    if isinstance(source, BuildResult):
        return payout_records(source.dataset, source.pools)
    dataset = load_inputs(source)
    return payout_records(dataset, allocate_pools(dataset))


def payouts_frame(source: Path | BuildResult) -> pandas.DataFrame:
    """``payouts`` as a pandas DataFrame, one row per centre and pool (``pip install 'grantsheet[pandas]'``)."""
    try:
        import pandas
    except ImportError as error:
        raise ImportError("payouts_frame needs pandas: pip install 'grantsheet[pandas]'") from error
    from grantsheet.export import PayoutRecord

    return pandas.DataFrame.from_records(payouts(source), columns=PayoutRecord._fields)


class ExportResult(NamedTuple):
    build: Build  # the master the payouts were checked against
    records: list[PayoutRecord]
    written: dict[str, Path]  # "sie", "csv", "json" -> the file written

    @property
    def paid_total_ore(self) -> int:
        from grantsheet.export import ore

        return sum(ore(record.payout) for record in self.records)


def export(
    inputs: Path,
    outputs: Path,
    sie: Path | None = None,
    csv: Path | None = None,
    json: Path | None = None,
    today: dt.date | None = None,
    csv_plain: bool = False,
) -> ExportResult:
    """Write the payouts of the build of ``inputs`` in ``outputs`` for the ledger (SIE 4 import
    file, accounts from ``[ledger]``), as CSV and as JSON, each naming the build.

    ``InputError`` when there is no such build, it holds other payouts than the inputs give
    now, or (for SIE) ``[ledger]`` or a paid centre's cost centre is missing, or the build is
    not approved or its files changed since (#27: each missing approval and changed file
    named); nothing is written then. CSV and JSON of an unapproved build are written, and
    say so: each names the build's approval (``Build.approval``). The CSV is for Swedish Excel
    (``;``, decimal comma, a byte order mark) unless ``csv_plain`` (RFC 4180, UTF-8).
    """
    import datetime as dt

    from grantsheet import approval
    from grantsheet.export import (
        check_build,
        ledger_problems,
        payout_records,
        sie_text,
        write_csv,
        write_json,
        write_sie,
    )
    from grantsheet.load import GRANT_FILE

    dataset = load_inputs(inputs)
    records = payout_records(dataset, allocate_pools(dataset))
    if sie is not None:
        problems = ledger_problems(dataset, records, GRANT_FILE)
        if problems:
            raise InputError(problems)
    with settled(outputs):
        build = check_build(master_path(outputs, dataset), records, version(), dataset)
        rule = dataset.grant.approval
        stand = approval.require(build.master.parent, rule, "sie") if sie is not None else None
        build = build._replace(approval=stand or approval.status(build.master.parent, rule))
    refuse_open_outputs(path for path in (sie, csv, json) if path is not None)
    written: dict[str, Path] = {}
    if sie is not None:
        assert dataset.grant.ledger is not None
        write_sie(sie, sie_text(records, build, dataset.grant.ledger, today or dt.date.today()))
        written["sie"] = sie
    if csv is not None:
        write_csv(csv, records, build, csv_plain)
        written["csv"] = csv
    if json is not None:
        write_json(json, records, build)
        written["json"] = json
    return ExportResult(build, records, written)


class MailResult(NamedTuple):
    folder: Path  # where the drafts are
    drafts: list[Draft]
    warnings: list  # Problem: centres without an address (their drafts have no recipient)
    settings: MailSettings
    collected: CollectResult | None = None  # reminders: the returns as collect read them
    build: Build | None = None  # the build the drafts attach (its approval: before sending)


def centre_documents(folder: Path, dataset: Dataset) -> dict[str, tuple[Path, ...]]:
    """Centre id -> its workbook in the build's folder, and its PDF when one was made beside it.

    ``InputError`` naming the first centre whose workbook is missing (no build, or another one).
    """
    from grantsheet.centre_files import centre_file_names
    from grantsheet.layout import folder as layout_folder
    from grantsheet.layout import folder_names
    from grantsheet.mail import missing_centre_file

    names = centre_file_names(dataset)
    # Today's folder first (named when a file is missing), then the names earlier builds gave it.
    today = layout_folder("centres")
    dirs = [today, *sorted(folder_names("centres") - {today})]
    found: dict[str, tuple[Path, ...]] = {}
    for centre in dataset.centres:
        workbook = next(
            (folder / d / names[centre.id] for d in dirs if (folder / d / names[centre.id]).is_file()), None
        )
        if workbook is None:
            raise missing_centre_file(folder / dirs[0] / names[centre.id])
        pdf = workbook.with_suffix(".pdf")
        found[centre.id] = (workbook, pdf) if pdf.is_file() else (workbook,)
    return found


def mail(inputs: Path, outputs: Path, lang: str | None = None, reminders_from: list[Path] | None = None) -> MailResult:
    """Write one e-mail draft (.eml) per centre of the build of ``inputs`` in ``outputs``, with its
    workbook (and PDFs) attached, under ``outputs/<year>/<mail folder>``; addressed from the
    register's e-mail column, worded by ``[mail]``'s templates.

    With ``reminders_from`` (returned files or folders): the returns are collected as
    ``collect`` does (its summary written beside the reminders), and a reminder is drafted
    for each centre that has not reported or sent its form back blank.
    """
    from grantsheet import texts
    from grantsheet.errors import raise_if_errors
    from grantsheet.export import check_build, ore, payout_records
    from grantsheet.layout import folder as layout_folder
    from grantsheet.mail import Letter, address_problems, mail_settings, write_drafts

    dataset = load_inputs(inputs)
    settings = mail_settings(dataset)
    records = payout_records(dataset, allocate_pools(dataset))
    # Drafts go into the outputs, and the build they attach must not be swapped meanwhile.
    with lock.workspace_lock(outputs), os_errors(outputs):
        build = check_build(master_path(outputs, dataset), records, version(), dataset)
        language = lang or dataset.grant.language or DEFAULT_LANGUAGE
        year_folder = build.master.parent
        documents = centre_documents(year_folder, dataset)
        paid: dict[str, int] = {}
        for record in records:
            paid[record.centre_id] = paid.get(record.centre_id, 0) + ore(record.payout)
        letters = [
            Letter(
                c.id, c.name, c.email, paid[c.id] // 100 if paid[c.id] % 100 == 0 else paid[c.id] / 100, documents[c.id]
            )
            for c in dataset.centres
        ]
        folder = year_folder / layout_folder("mail")
        collected = None
        if reminders_from is not None:
            folder = folder / layout_folder("reminders")
            collected = collect(
                reminders_from, build.master, folder / texts.text("file_reminder_summary", language), language
            )
            # A blank form says nothing about what was used: that centre is reminded too.
            silent = {centre_id for centre_id, _ in collected.missing + collected.blank}
            letters = [letter for letter in letters if letter.centre_id in silent]
        found = address_problems(dataset, letters)
        raise_if_errors(found)
        # A letter says whether its build is approved: sent, it always is (check_sending).
        stamp = "" if reminders_from is not None else _approval_line(year_folder, dataset, language)
        drafts = write_drafts(
            folder, dataset.grant, settings, letters, language, reminder=reminders_from is not None, approval=stamp
        )
        return MailResult(folder, drafts, found, settings, collected, build)


def _approval_line(year_folder: Path, dataset: Dataset, lang: str) -> str:
    from grantsheet import approval, texts

    stamp = approval.status(year_folder, dataset.grant.approval).stamp(lang)
    return texts.text("mail_approval", lang, stamp=stamp)


def check_sending(result: MailResult) -> None:
    """``InputError`` when ``result``'s drafts cannot be sent (no server in ``[mail]``, or the
    password's environment variable empty while a user is set, or the build they attach is
    not approved or changed since, #27): to say so before asking. Reminders ask for no
    approval: they pay nothing."""
    from grantsheet.errors import InputError
    from grantsheet.mail import smtp_password

    raised: list[InputError] = []
    for check in (lambda: _require_approval(result), lambda: smtp_password(result.settings)):
        try:
            check()
        except InputError as error:
            raised.append(error)
    if raised:  # both reasons at once: the officer fixes them in one go
        raise InputError([p for error in raised for p in error.problems], raised[0].subject)


def _require_approval(result: MailResult) -> None:
    """Letters are sent for an approved build only, unchanged since (#27); reminders ask for
    no approval: they pay nothing."""
    from grantsheet import approval

    if result.build is not None and result.collected is None:
        outputs = result.build.master.parent.parent
        with settled(outputs):
            approval.require(result.build.master.parent, result.build.dataset.grant.approval, "send")


def send_mail(result: MailResult) -> int:
    """Send ``result``'s drafts that have a recipient through the SMTP server of ``[mail]``
    (password from the environment variable it names); the number sent. ``InputError`` for
    letters of a build that is not approved, or whose files changed since (#27)."""
    from grantsheet.mail import send

    _require_approval(result)

    return send(result.drafts, result.settings)


def workspace(inputs: Path, outputs: Path) -> Workspace:
    """The workspace's state: the grant, each input file with its problems, the last build,
    and the input files changed since it (see grantsheet.workspace)."""
    from grantsheet.workspace import status

    return status(inputs, outputs)


def replace_input(inputs: Path, name: str, upload: Path, lang: str | None = None) -> Replacement:
    """Put ``upload`` in place of the input file ``name`` unless it has errors; the old file is archived."""
    from grantsheet.workspace import replace_input as replace

    return replace(inputs, name, upload, lang or DEFAULT_LANGUAGE)


def input_target(inputs: Path, name: str) -> str | None:
    """The input file an uploaded file called ``name`` replaces, if any."""
    from grantsheet.workspace import input_target as target

    return target(inputs, name)


def summary(result: BuildResult) -> Summary:
    """A build's result as records: per pool, per centre, what changed."""
    from grantsheet.workspace import build_summary

    return build_summary(result.dataset, result.pools, result.master, result.changes, result.centre_files, result.pdfs)


def master_summary(master: Path) -> Summary:
    """The result a master workbook holds, re-derived from its own sheets."""
    from grantsheet.workspace import master_summary as read

    return read(master)


def receive_returns(
    uploads: list[tuple[str, Path]], outputs: Path, master: Path, grant: Grant, lang: str | None = None
) -> CollectResult:
    """Keep uploaded returns (workbooks or zips, as (file name, path)) with those received
    before, and collect them all against ``master``, of ``grant`` (see grantsheet.workspace)."""
    from grantsheet.readback import MAX_FILE_BYTES
    from grantsheet.workspace import receive_returns as receive

    with lock.workspace_lock(outputs), os_errors(outputs):  # the returns are kept in the outputs
        return receive(uploads, outputs, master, grant, lang or DEFAULT_LANGUAGE, MAX_FILE_BYTES)


def start_workspace(
    inputs: Path, outputs: Path, example: str | None = None, previous: Previous | None = None, year: int | None = None
) -> list[Path]:
    """Start a workspace that has no grant file yet: from the shipped ``example``, from
    ``previous`` (last year's workspace: its grant file moved to ``year``, its register), or
    from the blank templates (see grantsheet.definition); the paths created."""
    from grantsheet.definition import start

    return start(inputs, outputs, _template_source(example), previous, year)


def preview_grant(inputs: Path, text: str, previous: Summary | None = None, cache: TableCache | None = None) -> Preview:
    """What the grant file ``text`` would pay with the inputs of ``inputs``, beside
    ``previous`` (the last build's summary), and its problems, as ``check`` lists them;
    nothing is written (see grantsheet.definition). ``cache`` (a ``load.TableCache``) keeps
    the tables read, for the next preview while no input file changes."""
    from grantsheet.definition import preview

    return preview(inputs, text, previous, cache)


def save_grant(
    inputs: Path, outputs: Path, text: str, base: str, user: str | None = None, lang: str | None = None
) -> Saved:
    """Replace the grant file with ``text``, unless the file on disk is no longer the one of
    SHA-256 ``base`` or ``text`` has errors; the previous one is archived and the change
    journalled with ``user`` (see grantsheet.definition)."""
    from grantsheet.definition import save

    return save(inputs, outputs, text, base, user, lang or DEFAULT_LANGUAGE)


def grant_changes(outputs: Path) -> list[GrantChange]:
    """Every change of the grant file saved from the page, oldest first: who, when, the
    file's SHA-256 before and after, where the replaced one was archived."""
    from grantsheet.journal import grant_changes as changes

    return changes(outputs)


def approve(
    inputs: Path,
    outputs: Path,
    approver: str | None = None,
    comment: str = "",
    reject: bool = False,
    key: Path | None = None,
    also_not: tuple[str, ...] = (),
) -> Approval:
    """Record an approval (attest) of the last build of ``inputs`` in ``outputs`` (with
    ``reject``, a rejection), signed with the approver's key (``key``, as for ``build``), as a
    line of the build journal: the approver (by default the operating system's user), the
    time, the comment and the SHA-256 of the master and every file the build wrote.

    ``InputError`` naming each reason it cannot be: the approver (or one of ``also_not``, the
    OS user behind a name given by hand) built it, is not among ``[approval] approvers``,
    has approved it already, or a file differs from what the build wrote (see
    grantsheet.approval). Holds the workspace lock: no build runs meanwhile."""
    from grantsheet import approval, signing
    from grantsheet.journal import APPROVED, REJECTED

    grant = _grant_only(inputs)
    signer = signing.signer(key, (inputs, outputs))
    folder = outputs / str(grant.year)
    with lock.workspace_lock(outputs), settled(outputs), os_errors(folder):
        return approval.record(
            folder,
            grant.approval,
            approver or approval.os_user(),
            signer,
            version(),
            REJECTED if reject else APPROVED,
            comment,
            also_not,
        )


def _grant_only(inputs: Path) -> Grant:
    """The grant file of ``inputs``, read and checked (``InputError`` on a problem)."""
    from grantsheet.errors import raise_if_errors
    from grantsheet.grant import read_grant
    from grantsheet.load import GRANT_FILE

    problems: list = []
    grant = read_grant(inputs / GRANT_FILE, problems)
    raise_if_errors(problems)
    assert grant is not None
    return grant


def approval_status(inputs: Path, outputs: Path) -> ApprovalStatus:
    """Where the last build of ``inputs`` in ``outputs`` stands: its approvals, rejections,
    how many ``[approval]`` requires, and the files changed since (grantsheet.approval)."""
    from grantsheet import approval

    grant = _grant_only(inputs)
    with settled(outputs):
        return approval.status(outputs / str(grant.year), grant.approval)


def approvals(outputs: Path, year: int | None = None) -> dict[Path, dict[int, list[Approval]]]:
    """Every approval and rejection the journals under ``outputs`` record (one year's, given
    ``year``): by journal, then by the entry number of the build they are of."""
    from grantsheet.journal import journals, read_approvals

    found: dict[Path, dict[int, list[Approval]]] = {}
    for path in journals(outputs, year):
        for approval in read_approvals(path):
            found.setdefault(path, {}).setdefault(approval.build, []).append(approval)
    return found


def history(outputs: Path, year: int | None = None) -> list[JournalEntry]:
    """Every build the journals under ``outputs`` record (one year's, given ``year``), oldest first."""
    from grantsheet.journal import history as journal_history

    return journal_history(outputs, year)


def diff(before: Path, after: Path) -> DiffReport:
    """What differs between two grantsheet workbooks (two masters, or two centre files) and
    which input or parameter moved each changed payout (see grantsheet.diff). ``ValueError``
    (``diff.NotComparable``) for any other pair."""
    from grantsheet.diff import diff as diff_workbooks

    return diff_workbooks(before, after)


def scenario(
    inputs: Path, grant: Path, outputs: Path, lang: str | None = None, current: Path | None = None
) -> tuple[Path, DiffReport]:
    """The officer's what-if: the master of ``inputs`` with the grant file ``grant`` instead of
    ``inputs/grant.toml``, written to ``outputs/<year>-scenario/<grant's name>.xlsx`` (master
    only, no journal entry: nothing is paid from it), compared with the year's built master.

    ``current``: the workbook to compare with instead. ``InputError`` when the inputs are
    wrong or there is no built master to compare with.
    """
    from grantsheet.diff import diff as diff_workbooks
    from grantsheet.errors import OUTPUTS, InputError, Location, problem
    from grantsheet.write import write_master

    if current is None:
        current = master_path(outputs, load_inputs(inputs))
    if not current.is_file():
        raise InputError([problem("scenario_no_build", Location(str(current)))], OUTPUTS)
    dataset = _load(inputs, grant)
    language = lang or dataset.grant.language or DEFAULT_LANGUAGE
    target = outputs / f"{dataset.grant.year}-scenario" / f"{grant.stem}.xlsx"
    target.parent.mkdir(parents=True, exist_ok=True)
    with os_errors(target.parent):
        write_master(target, BuildContext(dataset, allocate_pools(dataset), language, version()))
    return target, diff_workbooks(current, target)
