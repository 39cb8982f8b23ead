"""Regenerate a year's outputs safely (docs/design.md §5).

One build writes the master workbook and one workbook per centre into
``outputs/<year>/``. Before anything is written:

- a file open in Excel or LibreOffice (its lock file is present) stops the run;
- every follow-up entry typed into the previous master or into any per-centre file
  in that folder (renamed ones too: the centre id is read from inside the file) is
  read and carried into the new files, keyed by centre id. Entries that cannot be
  placed (centre or category gone, or an older conflicting value) go to a clearly
  marked sheet of the master, and come back from there when they can be placed again.

All new files are first written into a staging folder beside the outputs: a run killed
during that (long) phase leaves the previous outputs untouched. Then the previous files
are kept in ``arkiv/NNN/`` and the new set is swapped in as one set (``grantsheet.swap``):
a run killed during the swap is rolled back by the next, so the outputs are always the
previous complete set or the new one.
"""

from __future__ import annotations

import dataclasses
import datetime as dt
import itertools
import os
import shutil
import zipfile
from collections.abc import Callable, Collection, Sequence
from dataclasses import dataclass, field
from pathlib import Path
from typing import NamedTuple

from grantsheet import identity, lock, pdfs, safety, swap, texts
from grantsheet.allocate import PoolResult
from grantsheet.base import base_of, merge_forms, read_base, write_base
from grantsheet.centre_files import centre_file_names
from grantsheet.changes import (
    Before,
    ChangeReport,
    changes_sheet,
    compare,
    current_states,
    pool_totals,
    read_states,
    states_in,
)
from grantsheet.collector import collector_paused
from grantsheet.context import BuildContext
from grantsheet.entries import Conflict, FollowUpEntry
from grantsheet.errors import OUTPUTS, InputError, Location, Problem, problem, warning
from grantsheet.faults import refuse_long_paths
from grantsheet.followup import FormNotFound, book_entries, field_from_label, reading_notes, under_stored_id
from grantsheet.gather import excluded_dirs, gather
from grantsheet.grant import Grant
from grantsheet.journal import JOURNAL_NAME, JournalEntry, prepare
from grantsheet.layout import (
    CENTRE,
    MASTER,
    NOT_CARRIED,
    TABLE_TOP,
    Category,
    base_file_name,
    field_label,
    folder_names,
    follow_up_fields,
    is_field,
)
from grantsheet.layout import folder as layout_folder
from grantsheet.load import Dataset
from grantsheet.parallel import map_files, write_centre_files
from grantsheet.readback import (
    MAX_FILE_BYTES,
    MAX_FORM_UNPACKED,
    OutputBook,
    WorkbookInfo,
    is_lock_file,
    read_or_problem,
    workbook_info,
)
from grantsheet.signing import Signer
from grantsheet.write import MasterWriter, write_master

Progress = Callable[[int, int], None]
# A phase's progress: (phase, done, total) for the phases without a callback of their own.
Stage = Callable[[str, int, int], None]
INPUTS, PLACING, JOURNAL, PRINTING = "inputs", "placing", "journal", "printing"
STAGING = swap.STAGING
REASONS = ("centre_removed", "category_removed", "conflict", "foreign")
# Kept aside for good: a value replaced by a later one, or one from a form of another grant,
# year or centre (grantsheet.identity), never comes back into a form by itself.
NEVER_PUT_BACK = ("conflict", "foreign")


@dataclass
class KeptEntry:
    """A typed value that could not be placed in this build's follow-up forms."""

    centre_id: str
    centre_name: str
    field: str
    value: object
    source: str
    reason: str
    kept_value: object = None  # of a conflict: the value used instead, and where it came from
    kept_source: str = ""


@dataclass
class Previous:
    master: Path | None = None
    files: list[WorkbookInfo] = field(default_factory=list)  # every grantsheet workbook found
    entries: dict[str, FollowUpEntry] = field(default_factory=dict)
    conflicts: list[Conflict] = field(default_factory=list)
    kept: list[KeptEntry] = field(default_factory=list)
    notes: list[Problem] = field(default_factory=list)  # files not read, and why; forms not found
    remarks: list[Problem] = field(default_factory=list)  # CycleResult.remarks
    before: Before | None = None  # the figures of the master read_previous was asked for (``expected``)


class CycleResult(NamedTuple):
    master: Path
    centre_files: tuple[Path, ...]
    changes: ChangeReport
    carried: int  # centres whose typed entries were carried over
    not_carried: tuple[KeptEntry, ...]
    archive: Path | None
    notes: tuple[Problem, ...] = ()  # files in the outputs folder that were not read, and why
    remarks: tuple[Problem, ...] = ()  # what was read otherwise than typed (a formula typed into a form)
    conflicts: tuple[KeptEntry, ...] = ()  # this build's: two files edited one field differently
    pdfs: tuple[Path, ...] = ()  # with pdf: each centre file's print, then the payout list's (grantsheet.pdfs)
    entry: JournalEntry | None = None  # this build's entry, appended to the journal with the set


def output_files(folder: Path) -> list[Path]:
    """Every file under ``folder`` except the archive and staging folders and the build
    journal (grantsheet's own record, never an output to read back), sorted."""
    found: list[Path] = []
    if not folder.is_dir():
        return found
    for root, dirs, files in os.walk(folder):
        dirs[:] = sorted(d for d in dirs if d not in excluded_dirs())
        found.extend(Path(root) / name for name in sorted(files))
    return [path for path in found if path != folder / JOURNAL_NAME]


def refuse_if_open(folder: Path) -> None:
    locks = [path for path in output_files(folder) if is_lock_file(path)]
    if locks:
        raise InputError(
            [
                problem("output_file_open", Location(str(path.parent / _locked_name(path))), lock=path.name)
                for path in locks
            ],
            OUTPUTS,
        )


def _locked_name(lock: Path) -> str:
    name = lock.name
    if name.startswith("~$"):
        return name[2:]
    return name[len(".~lock.") : -1]


def read_previous(
    folder: Path,
    results: Sequence[PoolResult],
    reading: Progress | None = None,
    grant: Grant | None = None,
    lang: str = texts.DEFAULT_LANGUAGE,
    expected: Path | None = None,
    ids: Collection[str] = (),
) -> Previous:
    """Every previous output under ``folder`` (``grantsheet.gather``: an .ods or a zip a centre
    sent back is read too; a file that is not read is named in ``notes``); ``reading(done,
    total)`` as the workbooks are read. Their entries are merged by the three-way rule against
    the base the last build recorded (``grantsheet.base``); the ids of ``grant``'s categories
    find the entries of forms written before categories had ids.

    The master at ``expected`` is read in this process while the workers read the other files
    (the longest read of a rebuild), and once: for its entries and for the figures it paid
    (``Previous.before``, what changed since it, under today's recipients' ``ids``)."""
    categories = grant.follow_up_categories if grant is not None else ()
    previous = Previous()
    entries: list[FollowUpEntry] = []
    base_path = folder / base_file_name(folder.name)
    recorded = read_or_problem(base_path, "base", lambda: read_base(base_path))
    archive = next_archive(folder, lang)
    with gather([folder] if folder.is_dir() else [], OUTPUTS) as gathered:
        workbooks = gathered.workbooks
        paths = [found.path for found in workbooks]
        report = reading or (lambda done, total: None)
        read = itertools.count(1)
        report(0, len(paths))
        here = next((i for i, found in enumerate(workbooks) if found.direct and found.path == expected), None)
        master: list[_Output | Problem | None] = []

        def read_master() -> None:
            if here is not None:
                # Its cells, strings and sealed dataset (millions of objects at 100 000
                # centres, and no cycles) were walked by each full collection as they grew:
                # 40 % of the reading's CPU at 25 000 (BENCHMARKS.md).
                with collector_paused():
                    contents = read_or_problem(paths[here], "output", lambda: _output_contents(paths[here], True, ids))
                master.append(contents)
                report(next(read), len(paths))

        others = [path for i, path in enumerate(paths) if i != here]
        found_files = map_files(_read_output, others, lambda: report(next(read), len(paths)), read_master)
        if here is not None:
            found_files.insert(here, master[0])
        unreadable = gathered.problems
        unreadable += [w.relocated(f) for w, f in zip(workbooks, found_files) if isinstance(f, Problem)]
        if isinstance(recorded, Problem):
            unreadable.append(recorded)
        if unreadable:
            raise InputError(unreadable, OUTPUTS)
        previous.notes = gathered.notes
        for workbook, contents in zip(workbooks, found_files):
            if contents is None:
                previous.notes.append(warning("gather_not_grantsheet", Location(workbook.location)))
                continue
            assert not isinstance(contents, Problem)  # raised above
            info, file_entries, kept, located, _ = contents
            reason = None if grant is None else identity.foreign(info, identity.grant_identity(grant), str(grant.year))
            if reason is not None:
                # Not this grant's, year's or centre's form: named, its values kept aside.
                previous.notes.append(warning(f"foreign_{reason}", Location(workbook.location), year=info.year or "?"))
                previous.kept.extend(
                    KeptEntry(e.centre_id, e.centre_name, name, value, workbook.label, "foreign")
                    for e in file_entries
                    for name, value in e.values.items()
                )
                previous.kept.extend(dataclasses.replace(k, reason="foreign") for k in kept)
                previous.files.append(info._replace(path=workbook.original))
                continue
            for entry in file_entries:
                entry.source = workbook.label
                entry.base_id = info.base
            if not located:
                kept_in = archive / workbook.original.relative_to(folder)
                previous.notes.append(
                    warning("form_not_found", Location(workbook.location), file=workbook.label, kept=str(kept_in))
                )
            # The file on disk is archived, whatever was read of it (an .ods, a zip).
            previous.files.append(info._replace(path=workbook.original))
            if (
                info.kind == MASTER
                and workbook.direct
                and (previous.master is None or info.path.name.startswith("grantsheet-"))
            ):
                previous.master = info.path
                previous.before = contents.before
            previous.kept.extend(kept)
            previous.remarks.extend(_typed_formulas(workbook.location, file_entries))
            previous.remarks.extend(reading_notes(workbook.location, file_entries))
            entries.extend(file_entries)
    assert not isinstance(recorded, Problem)  # raised above
    previous.entries, previous.conflicts = merge_forms(entries, recorded, categories, folder)
    return previous


def _typed_formulas(location: str, entries: Sequence[FollowUpEntry]) -> list[Problem]:
    return [
        warning(
            "typed_formula_value"
            if isinstance(cached, (int, float)) and not isinstance(cached, bool)
            else "typed_formula_text",
            Location(location, sheet, cell),
            formula=formula,
            value=cached,
        )
        for entry in entries
        for _, sheet, cell, formula, cached in entry.typed_formulas
    ]


class _Output(NamedTuple):
    info: WorkbookInfo
    entries: list[FollowUpEntry]
    kept: list[KeptEntry]  # a master's entries kept aside
    located: bool  # False: the follow-up form could not be found
    before: Before | None = None  # a master's figures, when asked for (``changes.states_in``)


def _read_output(path: Path) -> _Output | Problem | None:
    """A previous output's kind, typed follow-up entries and (a master's) entries kept aside;
    None for a workbook grantsheet did not write; a problem for a file that cannot be read
    (damaged: it may be one of ours, with typed entries, so the rebuild stops)."""
    return read_or_problem(path, "output", lambda: _output_contents(path))


def _output_contents(path: Path, figures: bool = False, ids: Collection[str] = ()) -> _Output | None:
    """``figures``: a master's figures too, from the same opened book, under today's ``ids``."""
    info = workbook_info(path)
    if info.kind not in (MASTER, CENTRE):
        return None  # a workbook grantsheet did not write: left alone
    # The master is the officer's own and grows with the country (tens of megabytes at
    # 100 000 centres); a form, perhaps returned by a centre, is bounded as collect bounds it.
    with OutputBook(
        path, safety.MAX_FILE_BYTES if info.kind == MASTER else MAX_FILE_BYTES, form=info.kind == CENTRE, info=info
    ) as book:
        kept = kept_entries(book) if info.kind == MASTER else []
        try:
            file_entries, located = under_stored_id(info, book_entries(book)), True
        except FormNotFound:
            file_entries, located = [], False
        before = states_in(book, ids) if figures and info.kind == MASTER else None
    return _Output(info, file_entries, kept, located, before)


def kept_entries(master: OutputBook) -> list[KeptEntry]:
    """The not-carried entries recorded in a previous master."""
    name = master.sheet_named(NOT_CARRIED)
    if name is None:
        return []
    reasons = {label: reason for reason in REASONS for label in texts.all_labels(f"reason_{reason}")}
    kept = []
    for values in master.rows(name, min_row=TABLE_TOP + 2):  # 1-based: under the header
        values = tuple(values) + (None,) * 9
        if values[0] in (None, "") or values[5] not in reasons or values[3] in (None, ""):
            continue
        stored = str(values[FIELD_ID_COLUMN] or "")
        field_name = stored if is_field(stored) else field_from_label(str(values[2]))
        if field_name is None:
            continue
        kept.append(
            KeptEntry(
                str(values[0]), str(values[1] or ""), field_name, values[3], str(values[4] or ""), reasons[values[5]]
            )
        )
    return kept


def under_ids_now(previous: Previous, ids: set[str]) -> Previous:
    """``previous`` with its entries under today's ids: files of a format before
    ``identity.NEUTRAL_IDS`` hold "HC-ALABAMA" for the state the build now calls "ALABAMA"
    (``identity.earlier_ids``). An entry already under today's id keeps that place; the
    earlier one is then kept aside as a removed centre's, not lost."""
    if all(identity.ids_neutral(info) for info in previous.files):
        return previous
    stored = {*previous.entries, *(c.centre_id for c in previous.conflicts), *(k.centre_id for k in previous.kept)}
    now = {old: new for old, new in identity.earlier_ids(stored, ids).items() if new not in previous.entries}
    if not now:
        return previous
    entries = {}
    for centre_id, entry in previous.entries.items():
        entry.centre_id = now.get(centre_id, centre_id)
        entries[entry.centre_id] = entry
    conflicts = [dataclasses.replace(c, centre_id=now.get(c.centre_id, c.centre_id)) for c in previous.conflicts]
    kept = [dataclasses.replace(k, centre_id=now.get(k.centre_id, k.centre_id)) for k in previous.kept]
    return dataclasses.replace(previous, entries=entries, conflicts=conflicts, kept=kept)


def place_entries(previous: Previous, dataset: Dataset) -> tuple[dict[str, FollowUpEntry], list[KeptEntry]]:
    """Split what was typed into what this build's forms can hold and what must be kept aside."""
    ids = {c.id for c in dataset.centres}
    previous = under_ids_now(previous, ids)
    fields = follow_up_fields(dataset.grant.follow_up_categories)
    placed: dict[str, FollowUpEntry] = {}
    kept: list[KeptEntry] = []
    for centre_id, entry in sorted(previous.entries.items()):
        for name, value in entry.values.items():
            source = entry.field_sources.get(name, entry.source)
            if centre_id not in ids:
                kept.append(KeptEntry(centre_id, entry.centre_name, name, value, source, "centre_removed"))
            elif name not in fields:
                kept.append(KeptEntry(centre_id, entry.centre_name, name, value, source, "category_removed"))
            else:
                target = placed.setdefault(centre_id, FollowUpEntry(centre_id, entry.centre_name, source=source))
                target.values[name] = value
    for conflict in previous.conflicts:
        name = next((e.centre_name for e in [previous.entries.get(conflict.centre_id)] if e), "")
        kept.append(
            KeptEntry(
                conflict.centre_id,
                name,
                conflict.field,
                conflict.dropped,
                conflict.dropped_source,
                "conflict",
                conflict.kept,
                conflict.kept_source,
            )
        )
    for old in previous.kept:
        # Put back what can be placed again and is not typed anew; keep the rest.
        if old.centre_id in ids and old.field in fields and old.reason not in NEVER_PUT_BACK:
            target = placed.setdefault(old.centre_id, FollowUpEntry(old.centre_id, old.centre_name, source=old.source))
            if old.field not in target.values:
                target.values[old.field] = old.value
                continue
            if _same(target.values[old.field], old.value):
                continue
            kept.append(KeptEntry(old.centre_id, old.centre_name, old.field, old.value, old.source, "conflict"))
        else:
            kept.append(old)
    unique: dict[tuple, KeptEntry] = {}
    for aside in kept:
        unique.setdefault((aside.centre_id, aside.field, repr(aside.value), aside.reason), aside)
    ordered = sorted(unique.values(), key=lambda e: (e.centre_id, e.field, e.reason, repr(e.value)))
    return placed, ordered


def _same(a: object, b: object) -> bool:
    from grantsheet.entries import same_value

    return same_value(a, b)


FIELD_ID_COLUMN = 8  # of the not-carried sheet: what finds the field again, whatever its label says


def not_carried_sheet(kept: Sequence[KeptEntry], categories: Sequence[Category]):
    def add(writer: MasterWriter) -> None:
        s = writer.styles
        sheet = writer.book.add_worksheet(writer.t("sheet_not_carried"))
        writer.heading(sheet, writer.t("not_carried_title"), writer.t("not_carried_help"))
        sheet.set_tab_color("#C00000")
        labels = [
            writer.t("col_centre_id"),
            writer.t("col_centre"),
            writer.t("col_field"),
            writer.t("col_value"),
            writer.t("col_source"),
            writer.t("col_reason"),
            writer.t("col_kept_value"),
            writer.t("col_kept_source"),
            writer.t("col_field_id"),
        ]
        writer.header_row(sheet, TABLE_TOP, labels, [24, 34, 40, 40, 36, 40, 40, 36, 24])
        for offset, entry in enumerate(kept):
            row = TABLE_TOP + 1 + offset
            sheet.write_string(row, 0, entry.centre_id, s.text)
            sheet.write_string(row, 1, entry.centre_name, s.text)
            sheet.write_string(row, 2, field_label(entry.field, writer.lang, categories), s.text)
            _write_value(sheet, row, 3, entry.value, s)
            sheet.write_string(row, 4, entry.source, s.text)
            sheet.write_string(row, 5, writer.t(f"reason_{entry.reason}"), s.text)
            if entry.reason == "conflict":
                _write_value(sheet, row, 6, entry.kept_value, s)
                sheet.write_string(row, 7, entry.kept_source, s.text)
            sheet.write_string(row, FIELD_ID_COLUMN, entry.field, s.text)
        writer.protect(sheet)

    return add


def _write_value(sheet, row: int, col: int, value: object, s) -> None:
    if value is None:
        sheet.write_blank(row, col, None, s.wrap)
    elif isinstance(value, bool):
        sheet.write_string(row, col, str(value), s.wrap)
    elif isinstance(value, (int, float)):
        sheet.write_number(row, col, value, s.kronor)
    elif isinstance(value, (dt.datetime, dt.date)):
        moment = value if isinstance(value, dt.datetime) else dt.datetime.combine(value, dt.time())
        sheet.write_datetime(row, col, moment, s.date)
    else:
        sheet.write_string(row, col, str(value), s.wrap)


def master_name(dataset: Dataset) -> str:
    return f"grantsheet-{dataset.grant.year}.xlsx"


def next_archive(folder: Path, lang: str) -> Path:
    archive = folder / layout_folder("archive")
    # Numbered on from the archives under earlier folder names too (English "archive").
    earlier = [folder / name for name in folder_names("archive")]
    numbers = [int(p.name) for a in earlier if a.is_dir() for p in a.iterdir() if p.name.isdigit()]
    return archive / f"{max(numbers, default=0) + 1:03d}"


def planned_outputs(dataset: Dataset) -> list[Path]:
    """The workbooks a build writes, relative to the year's folder: the master, then each
    centre's file in the order of ``dataset.centres``."""
    centres_dir = layout_folder("centres")
    names = centre_file_names(dataset)
    return [Path(master_name(dataset)), *(Path(centres_dir) / names[c.id] for c in dataset.centres)]


def regenerate(
    outputs: Path,
    build: BuildContext,
    progress: Progress | None = None,
    reading: Progress | None = None,
    pdf: bool = False,
    stage: Stage | None = None,
    user: str | None = None,
    signer: Signer | None = None,
) -> CycleResult:
    """Write ``build``'s outputs for its year (``progress(done, total)`` as files are written) after reading
    the previous ones back (``reading(done, total)`` as they are read); with ``pdf`` their
    prints too, made from the staged workbooks and swapped in with them, so a print that
    fails leaves the previous outputs as they were. The build journal's entry for them
    (``user`` built) goes in with the set. ``stage(phase, done, total)`` while the new set is
    checked and put in place (``PLACING``), printed (``PRINTING``) and hashed for the journal
    (``JOURNAL``). ``signer`` signs the master's seal and the journal entry. The entries carried
    over and the base's id are this function's to find: ``build``'s own are not read."""
    dataset, results, lang = build.dataset, build.results, build.lang
    folder = outputs / str(dataset.grant.year)
    planned = planned_outputs(dataset)
    # Each file lands in the year's folder and, at the next build, in its archive folder.
    archive = Path(str(dataset.grant.year), layout_folder("archive"), "000")
    refuse_long_paths(outputs, [archive / path for path in planned])
    swap.refuse_links(folder)
    refuse_if_open(folder)
    expected = folder / master_name(dataset)
    ids = {centre.id for centre in dataset.centres}
    previous = read_previous(folder, results, reading, dataset.grant, lang, expected, ids)
    placed, kept = place_entries(previous, dataset)
    before = previous.before
    if previous.master is not None and previous.master != expected:  # a master of another name
        before = read_states(previous.master, ids)
    report = compare(before, current_states(dataset, results), pool_totals(results))

    staging = folder / STAGING
    shutil.rmtree(staging, ignore_errors=True)  # left by a run that was killed
    staging.mkdir(parents=True)
    try:
        return _write_and_swap(
            folder,
            staging,
            dataclasses.replace(build, entries=placed),
            progress,
            previous,
            kept,
            report,
            pdf,
            stage,
            user,
            signer,
        )
    finally:
        shutil.rmtree(staging, ignore_errors=True)


def _write_and_swap(
    folder: Path,
    staging: Path,
    build: BuildContext,
    progress: Progress | None,
    previous: Previous,
    kept: list[KeptEntry],
    report: ChangeReport,
    pdf: bool,
    stage: Stage | None = None,
    user: str | None = None,
    signer: Signer | None = None,
) -> CycleResult:
    dataset = build.dataset
    centres_dir = layout_folder("centres")
    planned = planned_outputs(dataset)
    total = len(planned)
    # What this build writes into the forms: the base the next rebuild or collect compares with.
    base = Path(base_file_name(dataset.grant.year))
    categories = dataset.grant.follow_up_categories
    recorded = base_of(build.entries, follow_up_fields(categories))
    write_base(staging / base, recorded)
    build = dataclasses.replace(build, base_id=recorded.build_id)
    report_progress = progress or (lambda done, total: None)
    report_progress(0, total)
    # Extra sheets only when they have something to say: a first build of identical
    # inputs stays the same workbook as before the follow-up cycle existed.
    extra = [changes_sheet(report)] if report.previous_time is not None else []
    extra += [not_carried_sheet(kept, categories)] if kept else []
    (staging / centres_dir).mkdir(exist_ok=True)
    # Files are counted as they are finished, the master (in a thread) among the centres' files.
    done = itertools.count(1)

    def master() -> None:
        write_master(staging / planned[0], build, extra, signer)
        report_progress(next(done), total)

    # The centre files on every core, the master in this process meanwhile (grantsheet.parallel).
    write_centre_files(
        [staging / p for p in planned[1:]],
        build,
        lambda: report_progress(next(done), total),
        meanwhile=master,
        signer=signer,
    )

    report_stage = stage or (lambda phase, done, total: None)
    report_stage(PLACING, 0, 2)
    refuse_unreadable(staging, planned, folder)
    report_stage(PLACING, 1, 2)
    printed = (
        pdfs.write_pdfs(
            staging / planned[0],
            [staging / p for p in planned[1:]],
            build.lang,
            folder,
            lambda done, total: report_stage(PRINTING, done, total),
        )
        if pdf
        else []
    )
    prints = [p.relative_to(staging) for p in printed]
    written = [*planned, *prints]
    entry = prepare(folder, staging, build, written, user, lambda *step: report_stage(JOURNAL, *step), signer)
    archive = _swap_in(folder, staging, planned, [base, *prints], previous, build.lang)
    report_stage(PLACING, 2, 2)
    return CycleResult(
        folder / planned[0],
        tuple(folder / p for p in planned[1:]),
        report,
        sum(1 for e in build.entries.values() if e.values),
        tuple(kept),
        archive,
        tuple(previous.notes),
        tuple(previous.remarks),
        tuple(k for k in kept if k.reason == "conflict" and k.kept_source),
        tuple(folder / p for p in prints),
        entry,
    )


def refuse_unreadable(staging: Path, planned: list[Path], folder: Path) -> None:
    """Never put in place an output the next run would refuse to read back (#16.1): each new
    file is held to the bounds it will be read under (size, zip parts; a centre's form to a
    form's), before anything is replaced."""
    problems = []
    for number, relative in enumerate(planned):
        written, form = staging / relative, number > 0
        with zipfile.ZipFile(written) as archive:
            infos = archive.infolist()
        unpacked = sum(info.file_size for info in infos)
        limits = [
            (written.stat().st_size, MAX_FILE_BYTES if form else safety.MAX_FILE_BYTES),
            (max((info.file_size for info in infos), default=0), safety.MAX_MEMBER_BYTES),
            (unpacked, MAX_FORM_UNPACKED if form else safety.MAX_UNPACKED_BYTES),
        ]
        over = [(size, limit) for size, limit in limits if size > limit]
        if len(infos) > safety.MAX_MEMBERS:
            over.append((len(infos), safety.MAX_MEMBERS))
        problems += [
            problem("output_would_be_unreadable", Location(str(folder / relative)), size=size, limit=limit)
            for size, limit in over[:1]
        ]
    if problems:
        raise InputError(problems, OUTPUTS)


def _swap_in(
    folder: Path, staging: Path, workbooks: list[Path], others: list[Path], previous: Previous, lang: str
) -> Path | None:
    """Archive every previous output and put the new set (``workbooks``, the master first, and
    ``others``) in its place, as one set (grantsheet.swap). The previous build's prints are
    outputs too: replaced by this build's, or archived with the workbooks they print, as no
    print may show amounts its workbook no longer holds."""
    old_files = [info.path for info in previous.files]
    centre_files = [p for p in old_files if p.parent != folder] + [folder / p for p in workbooks[1:]]
    old_files += pdfs.existing_pdfs(folder / workbooks[0], centre_files)
    planned = [*workbooks, *others]
    existing = [p for p in planned if (folder / p).exists()]
    archive = next_archive(folder, lang) if old_files or existing else None
    plan = swap.plan_swap(folder, planned, old_files, archive, [Path(JOURNAL_NAME)])
    with lock.swap_lock(folder.parent):  # no reader reads the set meanwhile (#26.4)
        swap.swap(folder, staging, plan, folder.parent)
    return archive
