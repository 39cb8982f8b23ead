"""Verify a workbook written by grantsheet (docs/design.md §6): an auditor's independent check.

For a master workbook: re-derive the allocation from its own parameters and input
sheets, find formula cells typed over by hand, recalculate it with LibreOffice (when
installed) and compare every formula's saved value with the engine's, read the check
statuses, and compare every payout with the re-derived one.

For a per-centre file: every formula of the payout part and of the follow-up row is
still the formula grantsheet wrote, the basis still matches the seal stored in the
file, and the saved values agree with a recalculation.
"""

from __future__ import annotations

import functools
import tempfile
from collections.abc import Callable, Collection, Sequence
from concurrent.futures import ThreadPoolExecutor
from dataclasses import dataclass, field
from pathlib import Path
from typing import NamedTuple

from openpyxl.utils import get_column_letter

from grantsheet import texts, xlsx
from grantsheet.approval import shown_time
from grantsheet.audit import MasterAudit, cell_errors, centre_presentation, master_views, structure
from grantsheet.collector import collector_frozen
from grantsheet.errors import Problem
from grantsheet.fileformat import CENTRE_KEY_SCALE, CENTRE_PRESENTATION
from grantsheet.followup import follow_up_sheet_names, layout_from_header, read_entries
from grantsheet.gather import Found, Gathered, gather
from grantsheet.journal import APPROVED, JournalEntry, Match, find_journal, match, read_approvals, sha256_of
from grantsheet.journal import read as read_journal
from grantsheet.layout import (
    BASIS_COLUMNS,
    BASIS_COLUMNS_7,
    BASIS_FIRST,
    CALCULATION,
    CENTRE,
    CHECKS,
    COL,
    FORM_FIRST_CATEGORY,
    FORM_LABEL_COL,
    FORMULA_NAMES,
    ID_ROW,
    INFO_ROW,
    LETTER,
    MASTER,
    PAYOUT,
    SEAL_SHEET,
    TABLE_TOP,
    entry_broken,
    expected_formulas,
    letter_formulas,
    seal,
)
from grantsheet.openpyxl_read import load_workbook
from grantsheet.readback import Cells, OutputBook, WorkbookInfo, read_or_problem, workbook_info
from grantsheet.recalc import ENGINE_LABELS, available_engines, recalculate, values_match
from grantsheet.rederive import Derived, derive
from grantsheet.seal import Seal, SealError, digest, parse, parse_presentation, seal_text
from grantsheet.signing import Trusted, fingerprint, valid

# Sheets a master's verification reads besides those the re-derivation needs.
MASTER_SHEETS = (CALCULATION, PAYOUT, CHECKS)


class Finding(NamedTuple):
    kind: str  # a LABELS key "verify_<kind>"
    params: tuple[tuple[str, object], ...]
    failing: bool = True

    def render(self, lang: str) -> str:
        return texts.text(f"verify_{self.kind}", lang, **dict(self.params))


def finding(kind: str, failing: bool = True, /, **params: object) -> Finding:
    return Finding(kind, tuple(params.items()), failing)


@dataclass
class VerifyReport:
    info: WorkbookInfo  # what the file says it is (read once)
    findings: list[Finding] = field(default_factory=list)
    recalculated: bool = False
    formulas_compared: int = 0
    payout_part_edited: bool | None = None  # per-centre files only
    unreadable: Problem | None = None  # why the file was not verified at all
    derived: Derived | None = None  # a master's allocation from its own sheets
    given: str | None = None  # the file as the officer gave it, when ``path`` is a copy (an .ods converted)
    seal: Seal | None = None  # what a master's build read and decided, as its seal says
    cells: dict[str, Cells] | None = None  # a master's sheets as written, read once
    engines: tuple[str, ...] = ()  # the names of the engines that recalculated the file
    journal: Match | None = None  # the journal entry of the build that wrote the file

    @property
    def path(self) -> Path:
        return self.info.path

    @property
    def shown(self) -> str:
        """How the report names the file: as it was given."""
        return self.given or str(self.path)

    @property
    def kind(self) -> str | None:
        return self.info.kind

    @property
    def ok(self) -> bool:
        return self.kind is not None and self.unreadable is None and not any(f.failing for f in self.findings)


def _cell(row: int, col: int) -> str:
    return f"{get_column_letter(col + 1)}{row + 1}"


def _sheet(book, key: str):
    names = texts.all_labels(key)
    return next((book[n] for n in book.sheetnames if n in names), None)


def verify(
    paths: Sequence[Path], use_recalc: bool = True, journal: Path | None = None, trusted: Trusted | None = None
) -> list[VerifyReport]:
    """Verify each workbook; LibreOffice is started once for all of them. A file that cannot
    be read is reported as such (``VerifyReport.unreadable``); the others are verified. An
    .ods is verified as LibreOffice converts it to .xlsx (``grantsheet.gather``). Each is
    looked up in ``journal`` (else the journal beside it). With ``trusted`` (a public key or
    its fingerprint), the master's seal and the journal entry must be signed by that key."""
    with gather([Path(p) for p in paths]) as gathered:
        return _verify(gathered, use_recalc, journal, trusted)


def _verify(
    gathered: Gathered, use_recalc: bool, journal: Path | None, trusted: Trusted | None = None
) -> list[VerifyReport]:
    reports = [_gathered_report(path, item) for path, item in gathered.items]
    known = [r.path for r in reports if r.kind is not None]
    engines = available_engines() if use_recalc and known else ()
    verifiable = [r for r in reports if r.unreadable is None]
    with (
        collector_frozen(),
        tempfile.TemporaryDirectory(prefix="grantsheet-verify-") as tmp,
        ThreadPoolExecutor(max_workers=max(1, len(engines))) as pool,
    ):
        # The engines recalculate in their own processes while this one compares each file
        # with its build (and a master's presentation): all that needs no engine's values.
        running = {e: pool.submit(recalculate, known, Path(tmp) / e, engine=e) for e in engines}
        for report in verifiable:
            if report.kind is None:
                report.findings.append(finding("not_grantsheet"))
            elif report.kind == MASTER:
                _audit_master(report)
            else:
                _verify_centre(report)
        copies = {engine: dict(zip(known, future.result())) for engine, future in running.items()}
        parsed: dict[Path, dict[str, xlsx.Sheet]] = {}

        def values(path: Path, sheets: Collection[str] | None = None) -> dict[str, xlsx.Sheet]:
            """The file's values as saved, every sheet parsed once; with ``sheets`` those alone
            (an engine's copy but the first, whose formulas alone are compared), unless every
            sheet is parsed already. Only a whole reading is kept: a later call for every sheet
            never gets a part."""
            if path in parsed:
                return parsed[path]
            if sheets is not None:
                return _values(path, sheets)
            parsed[path] = _values(path)
            return parsed[path]

        for report in verifiable:
            if report.kind is None:
                continue
            own = {engine: copies[engine][report.path] for engine in engines}
            first = next(iter(own.values()), None)
            if report.kind == MASTER:
                _verify_master_values(report, values(first if first is not None else report.path))
            _compare_cached(report, own, values)
            for path in (report.path, *own.values()):
                parsed.pop(path, None)  # one file's values at a time in memory
            report.engines = tuple(ENGINE_LABELS[e] for e in engines)
            report.recalculated = bool(engines)
            if not engines:
                report.findings.append(finding("no_recalc" if use_recalc else "recalc_skipped", False))
            if report.kind == MASTER or report.info.format >= CENTRE_PRESENTATION:  # signed with its presentation
                _seal_signature(report, trusted)
            _journal_findings(report, journal, trusted)
    return reports


def _gathered_report(path: Path, item: Found | Problem) -> VerifyReport:
    if isinstance(item, Problem):
        return VerifyReport(WorkbookInfo(path, None, None, None, None), unreadable=item)
    report = _open_report(item.path)
    if not item.direct:
        report.given = item.location
    if report.unreadable is not None:
        report.unreadable = item.relocated(report.unreadable)
        report.info = report.info._replace(path=item.original)
    elif item.converted:
        report.findings.append(finding("converted_from_ods", False))
    return report


def _seal_signature(report: VerifyReport, trusted: Trusted | None) -> None:
    """Whose key signed the master's seal (or a centre file's, from format 4): a signature that is not the named key's over the
    seal's hash, or (given ``trusted``) a key other than the region's, is a finding."""
    info = report.info
    if info.signer is None:
        absent = "signature_absent" if report.kind == MASTER else "signature_absent_centre"
        report.findings.append(finding(absent, trusted is not None))
        return
    printed = fingerprint(info.signer)
    if not info.seal or not valid(info.signer, info.signature, info.seal.encode("ascii")):
        report.findings.append(finding("signature_invalid", fingerprint=printed))
        return
    if report.seal is not None and report.seal.dataset.signer != printed:
        report.findings.append(
            finding("signature_not_printed", printed=report.seal.dataset.signer, fingerprint=printed)
        )
    if trusted is None:
        report.findings.append(finding("signature_unchecked", False, fingerprint=printed))
    elif trusted.accepts(info.signer):
        report.findings.append(finding("signature_trusted", False, fingerprint=printed))
    else:
        report.findings.append(finding("signature_other_key", fingerprint=printed, trusted=trusted.shown))


def _journal_findings(report: VerifyReport, journal: Path | None, trusted: Trusted | None = None) -> None:
    """Which build's journal entry the file belongs to: the very file it wrote, or one with
    the seal it wrote; a file that matches no entry of the journal found is a finding. Every
    signed line must carry its key's signature; the file's entry must be signed by ``trusted``
    when given, and hold the hashes the master's seal holds."""
    path = journal if journal is not None else find_journal(report.path)
    if path is None:
        report.findings.append(finding("journal_absent", trusted is not None))
        return
    entries = read_journal(path)
    signatures = [(e.number, e.public_key, e.signed) for e in entries]
    signatures += [(a.number, a.public_key, a.signed) for a in read_approvals(path)]
    for number, public_key, signed in signatures:  # each build's line and each approval's
        if public_key is not None and not signed:
            report.findings.append(finding("journal_signature_invalid", entry=number, journal=path))
    found = match(entries, report.path, report.info.seal)
    report.journal = found
    if found is None:
        report.findings.append(finding("journal_none", journal=path))
        return
    entry = found.entry
    if trusted is not None and not (entry.signed and trusted.accepts(entry.public_key)):
        shown = fingerprint(entry.public_key) if entry.public_key else "-"
        report.findings.append(
            finding("journal_other_key", entry=entry.number, fingerprint=shown, trusted=trusted.shown)
        )
    if report.seal is not None:
        report.findings.extend(_cross_check(entry, found, report))
    report.findings.append(
        finding(
            "journal_same" if found.same_bytes else "journal_resaved",
            False,
            entry=entry.number,
            time=shown_time(entry.time, zone=True),  # as history shows it (#23.14), not as the journal stores it
            user=entry.user,
            host=entry.host,
            journal=path,
        )
    )
    report.findings.extend(_approval_findings(path, entries, entry, found.output.file, report.path))


def _approval_findings(
    path: Path, entries: Sequence[JournalEntry], entry: JournalEntry, name: str, file: Path
) -> list[Finding]:
    """Whether the build that wrote the file is approved and by whom (#27), a later build that
    voided its approvals, and that the file differs from the one approved."""
    approvals = [a for a in read_approvals(path) if a.build == entry.number and a.signed]
    later = next((e for e in entries if e.number > entry.number), None)
    found = []
    for approval in approvals:
        kind = "approval_approved" if approval.decision == APPROVED else "approval_rejected"
        found.append(
            finding(
                kind,
                False,
                user=approval.approver,
                time=shown_time(approval.time),
                build=entry.number,
                entry=approval.number,
                comment=approval.comment or "-",
                fingerprint=fingerprint(approval.public_key) if approval.public_key else "-",
            )
        )
        approved = dict(approval.files).get(name)
        if approval.decision == APPROVED and approved is not None and approved != sha256_of(file):
            found.append(finding("approval_file_changed", build=entry.number, entry=approval.number))
    if not approvals:
        found.append(finding("approval_none", False, build=entry.number))
    if later is not None and approvals:
        found.append(finding("approval_voided", False, build=entry.number, later=later.number))
    return found


def _cross_check(entry: JournalEntry, found: Match, report: VerifyReport) -> list[Finding]:
    """Every hash and figure the journal entry and the master's seal both hold, compared: an
    entry edited to name a forged master (its hash and seal) still holds the inputs of the
    build it recorded."""
    sealed = report.seal
    assert sealed is not None
    differences = []
    journal_inputs = dict(entry.inputs)
    seal_inputs = {source.name: source.sha256 for source in sealed.dataset.sources}
    for name in sorted(journal_inputs.keys() | seal_inputs.keys()):
        if journal_inputs.get(name) != seal_inputs.get(name):
            differences.append(
                finding(
                    "cross_input",
                    entry=entry.number,
                    file=name,
                    journal=(journal_inputs.get(name) or "-")[:12],
                    seal=(seal_inputs.get(name) or "-")[:12],
                )
            )
    if found.output.seal != report.info.seal:
        differences.append(
            finding(
                "cross_seal", entry=entry.number, journal=str(found.output.seal)[:12], seal=str(report.info.seal)[:12]
            )
        )
    amounts = {pool.name: pool.shown_amount for pool in sealed.dataset.grant.pools}
    for pool in entry.pools:
        if amounts.get(pool.name) != pool.amount:
            differences.append(
                finding(
                    "cross_pool", entry=entry.number, pool=pool.name, journal=pool.amount, seal=amounts.get(pool.name)
                )
            )
    for what, in_journal, in_seal in (
        ("version", entry.version, sealed.version),
        ("year", str(entry.year), str(sealed.dataset.grant.year)),
        ("signer", entry.public_key or "-", report.info.signer or "-"),
    ):
        if in_journal != in_seal:
            differences.append(finding("cross_field", entry=entry.number, field=what, journal=in_journal, seal=in_seal))
    return differences


def _open_report(path: Path) -> VerifyReport:
    found = read_or_problem(path, "verify", lambda: _read_through(path))
    if isinstance(found, Problem):
        return VerifyReport(WorkbookInfo(path, None, None, None, None), unreadable=found)
    info, derived, cells = found
    return VerifyReport(info, derived=derived, cells=cells)


def _read_through(path: Path) -> tuple[WorkbookInfo, Derived | None, dict[str, Cells] | None]:
    """What the file says it is, and a master's allocation re-derived from its own sheets,
    once every sheet has been read: a damaged file raises here, before LibreOffice and
    openpyxl are given it."""
    info = workbook_info(path)
    if info.kind not in (MASTER, CENTRE):
        # A summary of returns has no formulas or payouts to verify: as any other workbook.
        return info._replace(kind=None), None, None
    with OutputBook(path) as book:
        cells = {name: book.cells(name) for name in book.sheetnames}
        if info.kind != MASTER:
            return info, None, None
        missing = [key for key in MASTER_SHEETS if book.sheet_named(key) is None]
        if missing:
            raise xlsx.Damaged(f"no sheet {missing}")
        return info, derive(book), cells


def _compare_cached(report: VerifyReport, copies: dict[str, Path], values: Callable[..., dict]) -> None:
    """Every formula cell's saved value against each engine's result (``recalc.values_match``),
    the file's formulas and saved values read once for all engines: from its cells as written,
    which hold both, unless openpyxl read a sheet of them (``xlsx.Cell.cached``)."""
    if not copies:
        return
    if report.cells is None:
        with OutputBook(report.path) as book:
            report.cells = {name: book.cells(name) for name in book.sheetnames}
    formulas = [
        (name, row, col, cell)
        for name, cells in report.cells.items()
        for row, by_col in cells.items()
        for col, cell in by_col.items()
        if cell.formula
    ]
    report.formulas_compared = len(formulas)
    if all(cell.cached_known for *_, cell in formulas):
        cached = [cell.cached for *_, cell in formulas]
    else:
        saved = _by_row(values(report.path))
        cached = [_at(saved, name, row, col) for name, row, col, _ in formulas]
    missing = sum(1 for old in cached if old is None)
    with_formulas = {name for name, *_ in formulas}
    for engine, copy in copies.items():
        recalculated = _by_row(values(copy, with_formulas))
        for (name, row, col, _), old in zip(formulas, cached):
            new = _at(recalculated, name, row, col)
            if old is not None and not values_match(old, new):
                report.findings.append(
                    finding(
                        "cached_differs",
                        sheet=name,
                        cell=_cell(row - 1, col),
                        cached=old,
                        recalculated=new,
                        engine=ENGINE_LABELS[engine],
                    )
                )
    if missing:
        # Saved by a program that cannot compute (e.g. openpyxl): a viewer shows nothing there.
        report.findings.append(finding("no_cached_values", False, count=missing))


def _by_row(sheets: dict[str, xlsx.Sheet]) -> dict[str, dict[int, tuple[object, ...]]]:
    """Each sheet's values by 1-based row (a row the file holds twice: the later's values over
    the earlier's). Not a dictionary by cell: one of a 25 000-recipient master's 1.7 million
    values took 0.2 GB, for each engine."""
    found: dict[str, dict[int, tuple[object, ...]]] = {}
    for name, sheet in sheets.items():
        rows = found[name] = {}
        for number, values in sheet.rows:
            if number in rows:
                merged = list(rows[number]) + [None] * (len(values) - len(rows[number]))
                for col, value in enumerate(values):
                    if value is not None:
                        merged[col] = value
                values = tuple(merged)
            rows[number] = values
    return found


def _at(by_row: dict[str, dict[int, tuple[object, ...]]], name: str, row: int, col: int) -> object:
    """The value at 1-based ``row`` and 0-based ``col`` of sheet ``name`` (``_by_row``), None when empty."""
    found = by_row.get(name, {}).get(row, ())
    return found[col] if col < len(found) else None


def _expect_formula(report: VerifyReport, sheet, row: int, col: int, allow_zero: bool = False) -> None:
    cell = sheet.cell(row + 1, col + 1)
    if cell.data_type == "f":
        return
    if allow_zero and cell.value == 0:
        return
    report.findings.append(finding("formula_overwritten", sheet=sheet.title, cell=_cell(row, col), value=cell.value))


def _audit_master(report: VerifyReport) -> None:
    """A master against the build its seal records (grantsheet.audit: its cells as written, its
    presentation and structure); without a seal that can be read (a finding says why), that its
    formula cells still hold formulas."""
    assert report.cells is not None and report.derived is not None  # read when the report was opened
    if _audit_against_seal(report):
        assert report.seal is not None
        # From format 3 on, the master's presentation is what the build laid out (#26.6).
        view = functools.partial(master_views, report.path, report.cells) if report.info.format >= 3 else None
        audit = MasterAudit(report.cells, structure(report.path), report.seal, finding, report.info.format, view)
        report.findings.extend(audit.run())
        return
    book = load_workbook(report.path)
    try:
        _expect_formulas(report, book, report.derived)
    finally:
        book.close()


def _audit_against_seal(report: VerifyReport) -> bool:
    cells = report.cells
    assert cells is not None
    if SEAL_SHEET not in cells:
        report.findings.append(finding("seal_missing"))
        return False
    column_a = {row: by_col[0].value for row, by_col in cells[SEAL_SHEET].items() if 0 in by_col}
    text = seal_text([(column_a.get(row),) for row in range(1, max(column_a, default=0) + 1)])
    if digest(text) != report.info.seal:
        report.findings.append(finding("seal_edited"))
    try:
        sealed = parse(text)
    except SealError as error:
        report.findings.append(finding("seal_unreadable", detail=str(error)))
        return False
    report.seal = sealed
    return True


def _values(path: Path, sheets: Collection[str] | None = None) -> dict[str, xlsx.Sheet]:
    """Every sheet's values as saved (a formula cell gives its result), or of ``sheets``, by sheet name."""
    with xlsx.Workbook(path) as book:
        return {entry.title: book.parse(entry) for entry in book.sheets if sheets is None or entry.title in sheets}


def _verify_master_values(report: VerifyReport, values: dict[str, xlsx.Sheet]) -> None:
    """What a master's values say (recalculated by the first engine, when one ran): the cells
    showing an error (with a seal to audit against, as ``_audit_master``), the check statuses,
    each payout against the re-derivation."""
    derived, cells = report.derived, report.cells
    assert derived is not None and cells is not None
    if report.seal is not None:
        report.findings.extend(cell_errors(values, finding))
    by_row = {name: dict(sheet.rows) for name, sheet in values.items()}

    def value(key: str, row: int, col: int) -> object:
        """The value at zero-based ``row`` and ``col`` of the sheet with role ``key``."""
        name = _named(by_row, key)
        found = by_row.get(name, {}).get(row + 1, ()) if name else ()
        return found[col] if col < len(found) else None

    checks = cells[_named(cells, CHECKS) or ""]
    failed = texts.all_labels("error")
    for number in sorted(checks):
        if number <= TABLE_TOP + 1 or 1 not in checks[number]:
            continue
        shown = value(CHECKS, number - 1, 1)
        if shown in failed:
            label = checks[number].get(0)
            report.findings.append(finding("check_failed", label=label.value if label else None, status=shown))
    # Every payout, as saved (or recalculated), against the re-derivation.
    first = derived.calc_header_row + 1
    for index, centre_id in enumerate(derived.centre_ids):
        for p, pool in enumerate(derived.pools):
            expected = pool.paid[index]
            places = [
                (CALCULATION, first + index, derived.column(p, "payout")),
                (PAYOUT, TABLE_TOP + 1 + index, 2 + p),
            ]
            for key, row, col in places:
                found = value(key, row, col)
                if found is None:
                    continue  # no saved value: the recalculation (when run) covers it
                if found != expected:
                    report.findings.append(
                        finding(
                            "payout_differs",
                            centre=derived.centre_names[index],
                            id=centre_id,
                            pool=pool.name,
                            sheet=_named(by_row, key),
                            cell=_cell(row, col),
                            found=found,
                            expected=expected,
                        )
                    )


def _named(sheets: dict, key: str) -> str | None:
    """The name of the sheet with role ``key`` (a ``texts`` key) among ``sheets``, in either language."""
    names = texts.all_labels(key)
    return next((name for name in sheets if name in names), None)


def _expect_formulas(report: VerifyReport, book, derived: Derived) -> None:  # noqa: ANN001 - openpyxl
    """Without a seal (a master from before seals existed): that formula cells still hold a formula."""
    n, n_pools = len(derived.centre_ids), len(derived.pools)
    first = derived.calc_header_row + 1
    calc = _sheet(book, CALCULATION)
    total_col = derived.total_column
    for p, pool in enumerate(derived.pools):
        for col in range(1, 9):
            _expect_formula(report, calc, TABLE_TOP + 1 + p, col)
        for index in range(n):
            for column in pool.columns:
                if column in ("eligible", "value", "draw"):
                    continue  # 1/0 or a place: a formula where the inputs hold the fact, else a typed fact
                zero_key = column == "key" and pool.allocation.keys[index] == 0
                _expect_formula(report, calc, first + index, derived.column(p, column), zero_key)
    for index in range(n + 1):
        _expect_formula(report, calc, first + index, total_col)
    payout = _sheet(book, PAYOUT)
    for index in range(n + 1):
        for col in range(2, 3 + n_pools):
            _expect_formula(report, payout, TABLE_TOP + 1 + index, col)
    follow_up = next((book[s] for s in book.sheetnames if s in follow_up_sheet_names()), None)
    if follow_up is not None:
        layout = layout_from_header([c.value for c in follow_up[TABLE_TOP + 1]])
        if layout is not None:
            for form_col in (layout.received_col, layout.used_col, layout.left_col):
                if form_col is not None:
                    for index in range(n + 1):
                        _expect_formula(report, follow_up, TABLE_TOP + 1 + index, form_col)
    checks = _sheet(book, CHECKS)
    for row in range(TABLE_TOP + 1, checks.max_row):
        if checks.cell(row + 1, 2).value is not None:
            _expect_formula(report, checks, row, 1)


def _categories_by_name(book, follow_up) -> int | None:
    """The form's number of categories from where its used total's defined name points: the id
    the file stores, whatever its label says (the grant's currency is in it: "Total used (USD)").
    None for a form without the name (written before field ids) or one pointing elsewhere."""
    defined = book.defined_names.get(FORMULA_NAMES["used"])
    area = xlsx.area(defined.attr_text) if defined is not None else None
    if area is None or area[0] != follow_up.title or area[2] - 1 < FORM_FIRST_CATEGORY:
        return None
    return area[2] - 1 - FORM_FIRST_CATEGORY


def _verify_centre(report: VerifyReport) -> None:
    info = report.info
    book = load_workbook(report.path)
    try:
        payout = _sheet(book, PAYOUT)
        follow_up = next((book[s] for s in book.sheetnames if s in follow_up_sheet_names()), None)
        if payout is None or follow_up is None:
            report.findings.append(finding("not_grantsheet"))
            return
        totals = texts.all_labels("centre_total")
        n_pools = 0
        while payout.cell(BASIS_FIRST + n_pools + 1, 1).value not in totals and n_pools < 1000:
            n_pools += 1
        # A form sent before #14 has its one row under a header; one read top to bottom has
        # its categories in the rows down to the used total's label.
        layout = layout_from_header([c.value for c in follow_up[TABLE_TOP + 1]])
        by_name = _categories_by_name(book, follow_up)
        if layout is not None:
            n_categories = len(layout.categories)
        elif by_name is not None:
            n_categories = by_name
        else:
            first, used = FORM_FIRST_CATEGORY, texts.all_labels("col_used_total_kr")
            n_categories = 0
            while (
                follow_up.cell(first + n_categories + 1, FORM_LABEL_COL + 1).value not in used and n_categories < 1000
            ):
                n_categories += 1
        sheets = {"payout": payout, "follow_up": follow_up}
        before = len(report.findings)
        expected = [
            (sheets[key], row, col, formula)
            for (key, row, col), formula in expected_formulas(
                n_pools, n_categories, payout.title, row_form=layout is not None
            ).items()
        ]
        letter = _sheet(book, LETTER)  # files written before the letter have none
        if letter is not None:
            expected += [
                (letter, row, col, f) for (row, col), f in letter_formulas(n_pools, payout.title, info.format).items()
            ]
        for sheet, row, col, formula in expected:
            cell = sheet.cell(row + 1, col + 1)
            if cell.data_type != "f":
                report.findings.append(
                    finding("formula_overwritten", sheet=sheet.title, cell=_cell(row, col), value=cell.value)
                )
            elif cell.value != formula:
                report.findings.append(
                    finding(
                        "formula_changed", sheet=sheet.title, cell=_cell(row, col), found=cell.value, expected=formula
                    )
                )
        basis = []
        # From format 7 the seal holds each pool's key scale too, which the letter divides by.
        sealed = BASIS_COLUMNS_7 if info.format >= CENTRE_KEY_SCALE else BASIS_COLUMNS
        for p in range(n_pools):
            row = BASIS_FIRST + p + 1
            values = [payout.cell(row, COL[name] + 1).value for name in ("pool", *sealed)]
            basis.append((str(values[0]), *values[1:]))
        name = payout.cell(INFO_ROW + 1, 2).value
        stored_id = payout.cell(ID_ROW + 1, 2).value
        if stored_id != info.centre_id:
            report.findings.append(finding("id_differs", found=stored_id, expected=info.centre_id))
        # From format 4 the seal holds the file's presentation too, and the file is held to it.
        kept = info.view if info.format >= CENTRE_PRESENTATION else None
        if info.seal != seal(str(info.centre_id), str(name), basis, kept):
            report.findings.append(finding("seal_broken" if info.format < CENTRE_PRESENTATION else "seal_broken_view"))
        if info.format >= CENTRE_PRESENTATION:
            _compare_presentation(report, kept, book)
        report.payout_part_edited = len(report.findings) > before
        _check_entries(report, follow_up.title)
    finally:
        book.close()


def _compare_presentation(report: VerifyReport, kept: str | None, book) -> None:  # noqa: ANN001 - openpyxl's
    """What the centre file's letter, basis and form show and print against the presentation
    its build kept in it (#26.6): each difference located, then what to do about them."""
    if kept is None:
        report.findings.append(finding("presentation_missing"))
        return
    try:
        expected = parse_presentation(kept)
    except SealError:
        report.findings.append(finding("presentation_unreadable"))
        return
    before = len(report.findings)
    centre_presentation(
        book,
        report.path,
        expected,
        lambda kind, failing=True, **params: report.findings.append(finding(kind, failing, **params)),
    )
    if any(f.failing for f in report.findings[before:]):
        report.findings.append(finding("presentation_fix", False))


def _check_entries(report: VerifyReport, sheet: str) -> None:
    """The centre's typed entries that its cells' validation refuses, as the master's audit
    names them (#23.4): a centre file once said all was well where its master said FEL."""
    year = int(report.info.year or 0)
    for entry in read_entries(report.path):
        for name, value in entry.values.items():
            rule = entry_broken(name, value, year)
            if rule is not None:
                cell = entry.cells[name]
                report.findings.append(
                    finding(f"entry_invalid_{rule}", sheet=sheet, cell=cell, found=value, first=year, last=year + 3)
                )
