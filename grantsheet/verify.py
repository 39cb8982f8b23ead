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

import tempfile
from collections.abc import Sequence
from dataclasses import dataclass, field
from pathlib import Path
from typing import NamedTuple

from openpyxl.utils import get_column_letter

from grantsheet import texts, xlsx
from grantsheet.errors import Problem
from grantsheet.followup import (
    OutputBook,
    WorkbookInfo,
    follow_up_sheet_names,
    layout_from_header,
    read_or_problem,
    workbook_info,
)
from grantsheet.gather import Found, Gathered, gather
from grantsheet.layout import (
    BASIS_COLUMNS,
    BASIS_FIRST,
    CALCULATION,
    CHECKS,
    COL,
    ID_ROW,
    INFO_ROW,
    LETTER,
    MASTER,
    PAYOUT,
    POOL_COLUMNS,
    TABLE_TOP,
    expected_formulas,
    letter_formulas,
    seal,
)
from grantsheet.openpyxl_read import load_workbook
from grantsheet.recalc import compare_with_recalculation, find_soffice, recalculate
from grantsheet.rederive import Derived, derive

# Sheets a master's verification reads besides those the re-derivation needs.
MASTER_SHEETS = (CALCULATION, PAYOUT, CHECKS)


class Finding(NamedTuple):
    kind: str  # a LABELS key "verify_<kind>"
    params: tuple[tuple[str, object], ...]
    failing: bool = True

    def render(self, lang: str) -> str:
        return texts.text(f"verify_{self.kind}", lang, **dict(self.params))


def finding(kind: str, failing: bool = True, **params: object) -> Finding:
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


def verify(paths: Sequence[Path], use_recalc: bool = True) -> list[VerifyReport]:
    """Verify each workbook; LibreOffice is started once for all of them. A file that cannot
    be read is reported as such (``VerifyReport.unreadable``); the others are verified. An
    .ods is verified as LibreOffice converts it to .xlsx (``grantsheet.gather``)."""
    with gather([Path(p) for p in paths]) as gathered:
        return _verify(gathered, use_recalc)


def _verify(gathered: Gathered, use_recalc: bool) -> list[VerifyReport]:
    reports = [_gathered_report(path, item) for path, item in gathered.items]
    recalculated: dict[Path, Path] = {}
    with tempfile.TemporaryDirectory(prefix="grantsheet-verify-") as tmp:
        known = [r.path for r in reports if r.kind is not None]
        if use_recalc and known and find_soffice() is not None:
            recalculated.update(zip(known, recalculate(known, tmp)))
        for report in reports:
            if report.unreadable is not None:
                continue
            if report.kind is None:
                report.findings.append(finding("not_grantsheet"))
                continue
            copy = recalculated.get(report.path)
            if report.kind == MASTER:
                _verify_master(report, copy)
            else:
                _verify_centre(report, copy)
            if copy is not None:
                report.recalculated = True
                _compare_cached(report, copy)
            else:
                report.findings.append(finding("no_recalc" if use_recalc else "recalc_skipped", failing=False))
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
        report.findings.append(finding("converted_from_ods", failing=False))
    return report


def _open_report(path: Path) -> VerifyReport:
    found = read_or_problem(path, "verify", lambda: _read_through(path))
    if isinstance(found, Problem):
        return VerifyReport(WorkbookInfo(path, None, None, None, None), unreadable=found)
    info, derived = found
    return VerifyReport(info, derived=derived)


def _read_through(path: Path) -> tuple[WorkbookInfo, Derived | None]:
    """What the file says it is, and a master's allocation re-derived from its own sheets,
    once every sheet has been read: a damaged file raises here, before LibreOffice and
    openpyxl are given it."""
    info = workbook_info(path)
    if info.kind is None:
        return info, None
    with OutputBook(path) as book:
        for name in book.sheetnames:
            book.cells(name)
        if info.kind != MASTER:
            return info, None
        missing = [key for key in MASTER_SHEETS if book.sheet_named(key) is None]
        if missing:
            raise xlsx.Damaged(f"no sheet {missing}")
        return info, derive(book)


def _compare_cached(report: VerifyReport, copy: Path) -> None:
    compared, mismatches = compare_with_recalculation(report.path, copy)
    report.formulas_compared = compared
    missing = [m for m in mismatches if m.cached is None]
    for m in mismatches:
        if m.cached is not None:
            report.findings.append(
                finding("cached_differs", sheet=m.sheet, cell=m.cell, cached=m.cached, recalculated=m.recalculated)
            )
    if missing:
        # Saved by a program that cannot compute (e.g. openpyxl): a viewer shows nothing there.
        report.findings.append(finding("no_cached_values", failing=False, count=len(missing)))


def _expect_formula(report: VerifyReport, sheet, row: int, col: int, allow_zero: bool = False) -> None:
    cell = sheet.cell(row + 1, col + 1)
    if cell.data_type == "f":
        return
    if allow_zero and cell.value == 0:
        return
    report.findings.append(finding("formula_overwritten", sheet=sheet.title, cell=_cell(row, col), value=cell.value))


def _verify_master(report: VerifyReport, copy: Path | None) -> None:
    derived = report.derived
    assert derived is not None  # re-derived when the report was opened
    n, n_pools = len(derived.centre_ids), len(derived.pools)
    book = load_workbook(report.path)
    values = load_workbook(copy if copy is not None else report.path, data_only=True)
    try:
        calc = _sheet(book, CALCULATION)
        first = derived.calc_header_row + 1
        total_col = 2 + len(POOL_COLUMNS) * n_pools
        for p, pool in enumerate(derived.pools):
            for col in range(1, 9):
                _expect_formula(report, calc, TABLE_TOP + 1 + p, col)
            for index in range(n):
                for offset, column in enumerate(POOL_COLUMNS):
                    if column == "eligible":
                        continue  # 1/0: a formula where the inputs hold the fact, else a typed fact
                    zero_key = column == "key" and pool.allocation.keys[index] == 0
                    _expect_formula(report, calc, first + index, 2 + len(POOL_COLUMNS) * p + offset, zero_key)
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
        checks_values = _sheet(values, CHECKS)
        failed = texts.all_labels("error")
        for row in range(TABLE_TOP + 1, checks.max_row):
            label = checks.cell(row + 1, 1).value
            status_cell = checks.cell(row + 1, 2)
            if status_cell.value is None and label is None:
                continue
            if status_cell.value is None:
                continue
            _expect_formula(report, checks, row, 1)
            shown = checks_values.cell(row + 1, 2).value
            if shown in failed:
                report.findings.append(finding("check_failed", label=label, status=shown))
        # Every payout, as saved (or recalculated), against the re-derivation.
        calc_values = _sheet(values, CALCULATION)
        payout_values = _sheet(values, PAYOUT)
        for index, centre_id in enumerate(derived.centre_ids):
            for p, pool in enumerate(derived.pools):
                expected = pool.paid[index]
                places = [
                    (calc_values, first + index, 2 + len(POOL_COLUMNS) * p + POOL_COLUMNS.index("payout")),
                    (payout_values, TABLE_TOP + 1 + index, 2 + p),
                ]
                for sheet, row, col in places:
                    found = sheet.cell(row + 1, col + 1).value
                    if found is None:
                        continue  # no saved value: the recalculation (when run) covers it
                    if found != expected:
                        report.findings.append(
                            finding(
                                "payout_differs",
                                centre=derived.centre_names[index],
                                id=centre_id,
                                pool=pool.name,
                                sheet=sheet.title,
                                cell=_cell(row, col),
                                found=found,
                                expected=expected,
                            )
                        )
    finally:
        book.close()
        values.close()


def _verify_centre(report: VerifyReport, copy: Path | None) -> None:
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
        layout = layout_from_header([c.value for c in follow_up[TABLE_TOP + 1]])
        sheets = {"payout": payout, "follow_up": follow_up}
        before = len(report.findings)
        expected = [
            (sheets[key], row, col, formula)
            for (key, row, col), formula in expected_formulas(
                n_pools, len(layout.categories) if layout else 0, payout.title
            ).items()
        ]
        letter = _sheet(book, LETTER)  # files written before the letter have none
        if letter is not None:
            expected += [(letter, row, col, f) for (row, col), f in letter_formulas(n_pools, payout.title).items()]
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
        for p in range(n_pools):
            row = BASIS_FIRST + p + 1
            values = [payout.cell(row, COL[name] + 1).value for name in ("pool", *BASIS_COLUMNS)]
            basis.append((str(values[0]), *values[1:]))
        name = payout.cell(INFO_ROW + 1, 2).value
        stored_id = payout.cell(ID_ROW + 1, 2).value
        if stored_id != info.centre_id:
            report.findings.append(finding("id_differs", found=stored_id, expected=info.centre_id))
        if info.seal != seal(str(info.centre_id), str(name), basis):
            report.findings.append(finding("seal_broken"))
        report.payout_part_edited = len(report.findings) > before
    finally:
        book.close()
