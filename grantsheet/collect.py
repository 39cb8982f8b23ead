"""Collect the returned follow-up forms (docs/design.md §5) into a summary workbook.

The officer points the tool at returned files and folders (per-centre files, renamed
or not, saved as .xlsx or .ods, in a .zip or not: ``grantsheet.gather``); the master's own
follow-up tab is always read too, for what the officer typed there. Every file is mapped
to its centre by the id inside it. Returns are validated (amounts are non-negative
numbers, used <= received, dates are dates, contact and date given, formula cells on
every sheet not typed over), centres that have not reported and those that sent a blank
form back are listed apart, and a summary workbook is written for the region's own
report: per centre and per category, description, contact, date and unused funds, with
live formulas that carry their values.
"""

from __future__ import annotations

import datetime as dt
import functools
from collections.abc import Sequence
from dataclasses import dataclass, field
from pathlib import Path
from typing import NamedTuple

import xlsxwriter

from grantsheet import fileformat, identity, readback, safety, texts, xlsx
from grantsheet.atomic import atomic_path
from grantsheet.base import Base, merge_forms, read_base
from grantsheet.entries import FollowUpEntry, as_date, as_number, used_total
from grantsheet.errors import OUTPUTS, RETURNS, InputError, Location, Problem, problem, warning
from grantsheet.faults import refuse_open_outputs
from grantsheet.followup import FormNotFound, book_entries, form_categories, locate_form, reading_notes, under_stored_id
from grantsheet.gather import Found, gather
from grantsheet.grant import Grant
from grantsheet.layout import (
    CENTRE,
    FOLLOW_UP,
    KIND_PROPERTY,
    LETTER,
    MASTER,
    MAX_TEXT,
    PAYOUT,
    SUMMARY,
    TABLE_TOP,
    TEXT_FIELDS,
    WORKBOOK_OPTIONS,
    Category,
    amount_field,
    base_file_name,
    entry_broken,
    expected_formulas,
    field_label,
    letter_formulas,
    ref,
    span,
    total_row,
)
from grantsheet.load import GRANT_FILE
from grantsheet.readback import OutputBook, WorkbookInfo, read_or_problem, workbook_info
from grantsheet.rederive import Derived, derive
from grantsheet.styles import make_styles, text_lines


class Flag(NamedTuple):
    kind: str  # LABELS key "flag_<kind>"
    centre_id: str
    params: tuple[tuple[str, object], ...] = ()  # a "field" is a field id, shown by its label

    def render(self, lang: str) -> str:
        params = dict(self.params)
        if "field" in params:
            shown = params.get("categories")
            params["field"] = field_label(str(params["field"]), lang, shown if isinstance(shown, tuple) else ())
        if "sheet" in params:
            params["sheet"] = texts.text(str(params["sheet"]), lang)
        return texts.text(f"flag_{self.kind}", lang, **params)


class Returned(NamedTuple):
    """What one returned workbook holds."""

    entries: list[FollowUpEntry]
    kind: str  # MASTER or CENTRE
    sent: bool  # came back from its centre (a form merely written by the build has not)
    typed_over: list[tuple[str, str, object]]  # (sheet role, cell, value) of formula cells typed over
    payout_found: bool = True  # the payout sheet stands where grantsheet wrote it
    ids_neutral: bool = True  # its ids made from names are today's (identity.ids_neutral)


@dataclass
class CollectResult:
    summary: Path
    centres: list[tuple[str, str, int | float]]  # id, name, received (kronor, or öre / 100)
    entries: dict[str, FollowUpEntry]
    categories: tuple[Category, ...]
    missing: list[tuple[str, str]] = field(default_factory=list)  # id, name: nothing returned
    flags: list[Flag] = field(default_factory=list)
    notes: list[Problem] = field(default_factory=list)  # files not read, and why (grantsheet.gather)
    blank: list[tuple[str, str]] = field(default_factory=list)  # id, name: returned a form with nothing typed
    repay: Repayment | None = None  # where and by when unused funds go back (the grant file's [follow_up])
    grant: Grant | None = None  # the master's grant file, when collect was given it
    # Centres with an amount their form's validation refuses ("12 000 kr" typed as text): what
    # they used, and so what they have left, is not known; every sum over them is provisional.
    provisional: list[str] = field(default_factory=list)

    def unused(self) -> list[tuple[str, str, int | float]]:
        """Id, name and unused amount (received - used) of every centre that reported and has some left."""
        left = [(i, n, received - self.used(i)) for i, n, received in self.centres if self.status(i) == "reported"]
        return [(i, n, amount) for i, n, amount in left if amount > 0]

    @property
    def unused_total(self) -> int | float:
        return used_total([amount for _, _, amount in self.unused()])

    @property
    def reported(self) -> int:
        """How many centres have reported something."""
        return len(self.centres) - len(self.missing) - len(self.blank)

    def status(self, centre_id: str) -> str:
        """The centre's status: "reported", "blank" (its form came back with nothing typed) or "missing"."""
        if any(i == centre_id for i, _ in self.missing):
            return "missing"
        return "blank" if any(i == centre_id for i, _ in self.blank) else "reported"

    def used(self, centre_id: str, category: str | None = None) -> float | int:
        entry = self.entries.get(centre_id)
        if entry is None:
            return 0
        cats = [category] if category else [c.id for c in self.categories]
        return used_total([n for c in cats if (n := as_number(entry.values.get(amount_field(c)))) is not None])

    def total_by_category(self) -> dict[str, float | int]:
        return {c.name: used_total([self.used(i, c.id) for i, _, _ in self.centres]) for c in self.categories}

    def reporting(self) -> list[tuple[str, str, int | float]]:
        """Id, name and received amount of every centre that reported."""
        return [centre for centre in self.centres if self.status(centre[0]) == "reported"]


class Repayment(NamedTuple):
    """Unused funds: repaid by ``by`` to ``account``, marked ``reference`` (the decision)."""

    by: dt.date | None
    account: str
    reference: str

    def describe(self, lang: str) -> str:
        return texts.text(
            "collect_repay",
            lang,
            date=self.by.isoformat() if self.by else "-",
            account=self.account or "-",
            reference=self.reference or "-",
        )


def repayment(grant: Grant | None) -> Repayment | None:
    """Where and by when unused funds are repaid, when the grant file says (``[follow_up]``)."""
    if grant is None or not (grant.follow_up_repay_by or grant.follow_up_repay_account):
        return None
    return Repayment(grant.follow_up_repay_by, grant.follow_up_repay_account, grant.decision.marking or grant.title)


class Master(NamedTuple):
    """What collect takes from the master workbook the returns answer."""

    derived: Derived  # who should report, and what each received
    categories: tuple[Category, ...]  # of its follow-up form
    created: dt.datetime | None
    title: str
    base: Base | None  # what the build that wrote it wrote into the forms
    info: WorkbookInfo  # its year and grant


def read_master(master: Path) -> Master:
    """``InputError`` when ``master`` is not a master workbook grantsheet wrote, or cannot be read."""
    found = read_or_problem(master, "master", lambda: _master_contents(master))
    if isinstance(found, Problem):
        raise InputError([found], OUTPUTS)
    if found is None:
        raise InputError([problem("master_not_master", Location(str(master)))], OUTPUTS)
    return found


def _master_contents(master: Path) -> Master | None:
    info = workbook_info(master)
    if info.kind != MASTER:
        return None
    with OutputBook(master) as book:
        found = locate_form(book)
        if found is None:
            raise xlsx.Damaged("no follow-up form")
        categories = form_categories(*found)
        base = read_base(master.parent / base_file_name(info.year)) if info.year else None
        return Master(derive(book), categories, book.created, book.title or "", base, info)


def read_returns(paths: Sequence[Path], master: Path) -> tuple[list[Returned], list[Problem]]:
    """What every returned file and folder holds, the master's own follow-up tab included
    (the officer types returns that came by post there), and a note for every file that
    was not read (``grantsheet.gather``); ``InputError`` naming every file that may hold
    entries but cannot be read (a damaged return is never skipped: its centre would look
    silent)."""
    unreadable: list[Problem] = []
    notes: list[Problem] = []
    returned: list[Returned] = []
    given = {path.resolve() for path in paths}
    if not any(master.resolve() == p or master.resolve().is_relative_to(p) for p in given):
        paths = [*paths, master]
    belongs_to = workbook_info(master)
    with gather(paths, RETURNS) as gathered:
        unreadable += gathered.problems
        notes += gathered.notes
        for found in gathered.workbooks:
            result = read_or_problem(found.path, "return", functools.partial(_returned, found, master, belongs_to))
            if isinstance(result, Problem):
                unreadable.append(found.relocated(result))
            elif result is None:
                notes.append(warning("gather_not_grantsheet", Location(found.location)))
            elif isinstance(result, identity.Foreign):
                # A form of another year, grant or centre (grantsheet.identity): named, not counted.
                notes.append(warning(f"foreign_{result.reason}", Location(found.location), year=result.year))
            else:
                returned.append(result)
                notes += reading_notes(found.location, result.entries)
    if unreadable:
        raise InputError(unreadable, RETURNS)
    return returned, notes


def _returned(found: Found, master: Path, belongs_to: WorkbookInfo) -> Returned | identity.Foreign | Problem | None:
    """What one returned workbook holds; None for a workbook grantsheet did not write; why it is
    foreign (``grantsheet.identity``) for one that is not the master's grant's, year's or centre's;
    a problem for one whose form cannot be found."""
    info = workbook_info(found.path)
    if info.kind not in (MASTER, CENTRE):
        return None
    reason = identity.foreign(info, belongs_to.grant, belongs_to.year) if belongs_to.year else None
    if reason is not None:
        return identity.Foreign(reason, info.year or "?")
    # A form is bounded as a return; the officer's own master grows with the country.
    limit = readback.MAX_FILE_BYTES if info.kind == CENTRE else safety.MAX_FILE_BYTES
    with OutputBook(found.path, limit, form=info.kind == CENTRE) as book:
        try:
            entries = under_stored_id(info, book_entries(book))
        except FormNotFound:
            return problem("form_not_found", Location(found.location), file=found.label, kept=found.label)
        typed_over = _payout_typed_over(book, info.format) if info.kind == CENTRE else []
        # A centre's file lying where the build wrote it, unsaved since, was sent out, not returned.
        sent = book.resaved or not found.original.resolve().is_relative_to(master.resolve().parent)
    for entry in entries:
        entry.source = found.label
        entry.base_id = info.base
    # The master's blank rows are read too: one blank where the build wrote a value is the
    # officer clearing it (base.merge), and one blank where it wrote none is no edit.
    payout_found = typed_over is not None
    return Returned(entries, info.kind, sent, typed_over or [], payout_found, identity.ids_neutral(info))


def _payout_typed_over(book: OutputBook, file_format: int) -> list[tuple[str, str, object]] | None:
    """The formula cells of a centre's payout and letter sheets that hold a typed value (or
    nothing) instead of grantsheet's formula; None when the payout sheet is not where
    grantsheet wrote it. (The follow-up form's own formulas are checked where it is read.)"""
    sheet = book.sheet_named(PAYOUT)
    if sheet is None:
        return None
    cells = book.cells(sheet)
    totals = texts.all_labels("centre_total")
    n_pools = next((n for n in range(MAX_POOLS) if _value(cells, total_row(n), 0) in totals), None)
    if n_pools is None:
        return None
    expected = {PAYOUT: [(row, col) for (role, row, col) in expected_formulas(n_pools, 0, sheet) if role == "payout"]}
    letter = book.sheet_named(LETTER)
    if letter is not None:  # files written before the letter have none
        expected[LETTER] = list(letter_formulas(n_pools, sheet, file_format))
    typed = []
    for role, positions in expected.items():
        found = cells if role == PAYOUT else book.cells(str(letter))
        for row, col in positions:
            cell = found.get(row + 1, {}).get(col)
            if cell is None or not cell.formula:
                typed.append((role, f"{xlsx.column_letter(col + 1)}{row + 1}", None if cell is None else cell.value))
    return typed


MAX_POOLS = 1000  # far more than any grant file has: where the payout sheet's total row is looked for


def _value(cells, row: int, col: int) -> object:
    """The value at a zero-based row and column of ``cells``."""
    cell = cells.get(row + 1, {}).get(col)
    return None if cell is None else cell.value


def under_ids_of(returned: Sequence[Returned], ids: Sequence[str]) -> None:
    """A form sent out before format 5 and returned to today's build: its "HC-ALABAMA" is the
    master's "ALABAMA" (``identity.earlier_ids``), counted as that state's return, not flagged
    as an unknown centre's."""
    old = [entry for found in returned if not found.ids_neutral for entry in found.entries]
    now = identity.earlier_ids({entry.centre_id for entry in old}, set(ids))
    for entry in old:
        entry.centre_id = now.get(entry.centre_id, entry.centre_id)


def collect(paths: Sequence[Path], master: Path, output: Path, lang: str, grant: Grant | None = None) -> CollectResult:
    """Read the returns against ``master`` and write the summary workbook to ``output``.

    ``grant`` (the grant file, when there is one) gives the report to Socialstyrelsen the
    decision, the organisation and where unused funds are repaid; one of another grant or
    year than the master's is not used, and a note says so.

    Raises ``InputError`` (and writes nothing) when the master or any returned file
    cannot be read.
    """
    refuse_open_outputs([output])
    facts = read_master(master)
    derived, categories = facts.derived, facts.categories
    received = [sum(p.paid[i] for p in derived.pools) for i in range(len(derived.centre_ids))]
    centres = list(zip(derived.centre_ids, derived.centre_names, received))
    returned, notes = read_returns(paths, master)
    under_ids_of(returned, derived.centre_ids)
    if grant is not None and identity.foreign(facts.info, identity.grant_identity(grant), str(grant.year)):
        notes.append(warning("collect_grant_other", Location(GRANT_FILE), year=grant.year))
        grant = None
    entries = [entry for found in returned for entry in found.entries]
    merged, conflicts = merge_forms(entries, facts.base, categories, master.parent)
    result = CollectResult(output, centres, merged, categories, notes=notes, repay=repayment(grant), grant=grant)
    known = {c[0]: c for c in centres}
    for conflict in conflicts:
        result.flags.append(
            Flag(
                "conflict",
                conflict.centre_id,
                (
                    ("field", conflict.field),
                    ("kept", conflict.kept),
                    ("kept_source", conflict.kept_source),
                    ("dropped", conflict.dropped),
                    ("dropped_source", conflict.dropped_source),
                    ("categories", categories),
                ),
            )
        )
    sent: set[str] = set()
    for found in returned:
        ids = {e.centre_id for e in found.entries}
        if found.kind == CENTRE and found.sent:
            sent |= ids
        for centre_id in sorted(ids):
            source = found.entries[0].source
            if not found.payout_found:
                result.flags.append(Flag("payout_sheet_moved", centre_id, (("source", source),)))
            for sheet, cell, value in found.typed_over:
                result.flags.append(
                    Flag(
                        "formula_typed_over",
                        centre_id,
                        (("sheet", sheet), ("cell", cell), ("value", value), ("source", source)),
                    )
                )
    for centre_id, entry in sorted(merged.items()):
        if centre_id not in known:
            result.flags.append(Flag("unknown_centre", centre_id, (("id", centre_id), ("source", entry.source))))
            continue
        for cell in sorted(set(entry.overwritten)):
            result.flags.append(
                Flag(
                    "formula_overwritten",
                    centre_id,
                    (("sheet", FOLLOW_UP), ("cell", cell), ("source", entry.source)),
                )
            )
        year = int(facts.info.year or 0)
        for name, value in entry.values.items():
            # The form's own validation decides, as verify's (#23.4); the flags say which way.
            broken = entry_broken(name, value, year)
            if name.startswith("amount:"):
                number = as_number(value)
                category_key = name.split(":", 1)[1]
                category = next((c.name for c in categories if c.id == category_key), category_key)
                if number is None:
                    result.flags.append(
                        Flag("amount_not_number", centre_id, (("category", category), ("value", value)))
                    )
                elif number < 0:
                    result.flags.append(Flag("amount_negative", centre_id, (("category", category), ("value", number))))
                if broken and centre_id not in result.provisional:
                    result.provisional.append(centre_id)
                if category_key not in {c.id for c in categories}:
                    result.flags.append(Flag("unknown_category", centre_id, (("category", category),)))
            elif name == "date" and as_date(value) is None:
                result.flags.append(Flag("date_invalid", centre_id, (("value", value),)))
            elif name == "date" and broken:
                day = as_date(value)
                result.flags.append(
                    Flag("date_outside", centre_id, (("value", day), ("first", year), ("last", year + 3)))
                )
            elif broken:
                result.flags.append(Flag("text_too_long", centre_id, (("field", name), ("most", MAX_TEXT))))
        used = result.used(centre_id)
        if used > known[centre_id][2]:
            result.flags.append(Flag("used_exceeds", centre_id, (("used", used), ("received", known[centre_id][2]))))
        if entry.values:
            for name in ("contact", "date"):
                if name not in entry.values:
                    result.flags.append(Flag(f"{name}_missing", centre_id))
    silent = [(i, n) for i, n, _ in centres if i not in merged or merged[i].is_empty]
    result.missing = [(i, n) for i, n in silent if i not in sent]
    result.blank = [(i, n) for i, n in silent if i in sent]
    _write_summary(result, facts, lang)
    return result


class _SummaryColumns(NamedTuple):
    """Where the summary sheet's per-centre rows (zero-based, inclusive) and columns are."""

    sheet: str
    first: int
    last: int
    received: int
    first_category: int  # the categories' amounts, one column each from here
    status: int
    unused: int


REPORT_LABEL_WIDTH = 60  # characters of the report's label column


def _write_report(sheet, s, result: CollectResult, master: Master, on: _SummaryColumns, lang: str) -> None:
    """The region's own report to Socialstyrelsen: the grant, what came from the state and
    what was distributed, the amount used per activity (follow-up category), what is
    unused and repaid, and how many centres reported; every figure a live formula over the
    summary's per-centre rows, counting only the centres whose status is "reported"."""

    def t(key: str, **params: object) -> str:
        return texts.text(key, lang, **params)

    def column(col: int) -> str:
        return span(on.sheet, on.first, col, on.last, col)

    def put(row: int, text: str, fmt) -> None:  # noqa: ANN001 - an XlsxWriter format
        """A label or paragraph in column A: wrapped, its row as high as its lines, where it is
        longer than the column (two wrapped rows overlapped, a label was clipped: #23.9)."""
        lines = text_lines(text, REPORT_LABEL_WIDTH)
        if lines > 1:
            fmt = s.total_label_wrap if fmt is s.total_label else s.wrap
            sheet.set_row(row, 15 * lines + 2)
        sheet.write_string(row, 0, text, fmt)

    reported = f'{column(on.status)},"{t("status_reported")}"'
    grant = result.grant
    year = grant.year if grant is not None else master.info.year
    facts = [
        (t("report_grant"), grant.title if grant is not None else master.title),
        (t("report_decision"), grant.decision.marking if grant is not None else ""),
        (t("report_year"), str(year or "")),
        (t("report_organisation"), grant.organisation if grant is not None else ""),
    ]
    sheet.write_string(0, 0, t("collect_report_title"), s.title)
    sheet.write_string(1, 0, facts[0][1], s.subtitle)
    sheet.set_column(0, 0, REPORT_LABEL_WIDTH + 2)
    sheet.set_column(1, 1, 20)
    for row, (label, value) in enumerate(facts, start=TABLE_TOP):
        put(row, label, s.text)
        sheet.write_string(row, 1, value or "-", s.text)
    row = TABLE_TOP + len(facts)
    put(row, t("report_from_state"), s.text)
    sheet.write_number(row, 1, sum(pool.amount for pool in master.derived.pools), s.kronor)
    put(row + 1, t("report_distributed"), s.text)
    distributed = used_total([received for _, _, received in result.centres])
    sheet.write_formula(row + 1, 1, f"=SUM({column(on.received)})", s.kronor, distributed)

    row += 3
    sheet.write_string(row, 0, t("report_activity"), s.header)
    sheet.write_string(row, 1, t("report_used_kr"), s.header)
    reporting = result.reporting()
    by_category = [used_total([result.used(i, c.id) for i, _, _ in reporting]) for c in result.categories]
    for k, (category, used) in enumerate(zip(result.categories, by_category), start=1):
        put(row + k, category.name, s.text)
        sheet.write_formula(row + k, 1, f"=SUMIFS({column(on.first_category + k - 1)},{reported})", s.kronor, used)
    used_row = row + len(by_category) + 1
    used = used_total(by_category)
    put(used_row, t("report_used_total_kr"), s.total_label)
    sheet.write_formula(used_row, 1, f"=SUM({span(None, row + 1, 1, used_row - 1, 1)})", s.total_kronor, used)

    # Unused is what the reporting centres received less what they used; what is repaid
    # counts each centre's own remainder, so one centre's overspending lessens no other's.
    row = used_row + 2
    received = used_total([amount for _, _, amount in reporting])
    put(row, t("report_received_reported_kr"), s.text)
    sheet.write_formula(row, 1, f"=SUMIFS({column(on.received)},{reported})", s.kronor, received)
    put(row + 1, t("report_used_reported_kr"), s.text)
    sheet.write_formula(row + 1, 1, "=" + ref(None, used_row, 1), s.kronor, used)
    put(row + 2, t("report_unused_kr"), s.text)
    sheet.write_formula(
        row + 2, 1, f"={ref(None, row, 1)}-{ref(None, row + 1, 1)}", s.kronor, used_total([received, -used])
    )
    put(row + 3, t("col_repay_kr"), s.total_label)
    sheet.write_formula(
        row + 3,
        1,
        f'=SUMIFS({column(on.unused)},{column(on.unused)},">0",{reported})',
        s.total_kronor,
        result.unused_total,
    )
    wrapped = [(row + 4, t("report_repay_note"))]
    row += 5
    if result.provisional:
        names = ", ".join(name for centre_id, name, _ in result.centres if centre_id in result.provisional)
        wrapped.append((row, t("report_provisional", names=names)))
        row += 1
    if result.repay is not None:
        wrapped.append((row, result.repay.describe(lang)))
        row += 1
    for line, text in wrapped:
        put(line, text, s.wrap)

    row += 1
    sheet.write_string(row, 0, t("report_centres"), s.header)
    sheet.write_string(row, 1, t("report_count"), s.header)
    counts = [
        (t("report_count_paid"), f"=COUNTA({column(0)})", len(result.centres)),
        (t("report_count_reported"), f"=COUNTIF({reported})", result.reported),
        (t("report_count_blank"), f'=COUNTIF({column(on.status)},"{t("status_blank")}")', len(result.blank)),
        (t("report_count_missing"), f'=COUNTIF({column(on.status)},"{t("status_missing")}")', len(result.missing)),
    ]
    for k, (label, formula, count) in enumerate(counts, start=1):
        put(row + k, label, s.text)
        sheet.write_formula(row + k, 1, formula, s.count, count)
    sheet.set_paper(9)  # A4
    sheet.fit_to_pages(1, 0)


def _write_summary(result: CollectResult, master: Master, lang: str) -> None:
    def t(key: str, **params: object) -> str:
        return texts.text(key, lang, **params)

    created, title = master.created, master.title
    with atomic_path(result.summary) as temporary:
        book = xlsxwriter.Workbook(str(temporary), WORKBOOK_OPTIONS)
        book.set_properties(
            {
                "title": t("collect_title"),
                "author": "grantsheet",
                "created": created if isinstance(created, dt.datetime) else dt.datetime(2000, 1, 1),
            }
        )
        book.set_custom_property(KIND_PROPERTY, SUMMARY)
        for prop, setting in fileformat.properties(SUMMARY).items():
            book.set_custom_property(prop, setting)
        s = make_styles(book)
        summary = book.add_worksheet(t("sheet_collect_summary"))
        report = book.add_worksheet(t("sheet_collect_report"))
        findings = book.add_worksheet(t("sheet_collect_findings"))
        cats = result.categories
        n_cat = len(cats)
        received_col, first_cat = 2, 3
        used_col, left_col = 3 + n_cat, 4 + n_cat
        text_cols = {name: left_col + 1 + k for k, name in enumerate(TEXT_FIELDS)}
        status_col = left_col + 1 + len(TEXT_FIELDS)
        remark_col = status_col + 1
        summary.write_string(0, 0, t("collect_title"), s.title)
        summary.write_string(1, 0, title, s.subtitle)
        labels = [t("col_centre_id"), t("col_centre"), t("col_received_kr")]
        labels += [t("col_used_kr", category=c.name) for c in cats]
        labels += [t("col_used_total_kr"), t("col_unused_kr")]
        labels += [t(key) for key in TEXT_FIELDS.values()]
        labels += [t("col_status"), t("col_remarks")]
        widths = [24, 34, 16] + [18] * n_cat + [16, 16, 50, 28, 12, 16, 60]
        for col, (label, width) in enumerate(zip(labels, widths)):
            summary.write_string(TABLE_TOP, col, label, s.header)
            summary.set_column(col, col, width)
        summary.set_row(TABLE_TOP, 45)
        summary.freeze_panes(TABLE_TOP + 1, 2)
        flags_by_centre: dict[str, list[str]] = {}
        for flag in result.flags:
            flags_by_centre.setdefault(flag.centre_id, []).append(flag.render(lang))
        first = TABLE_TOP + 1
        column_values: dict[int, list] = {c: [] for c in range(first_cat, left_col + 1)}
        for offset, (centre_id, name, received) in enumerate(result.centres):
            row = first + offset
            entry = result.entries.get(centre_id)
            summary.write_string(row, 0, centre_id, s.text)
            summary.write_string(row, 1, name, s.text)
            summary.write_number(row, received_col, received, s.kronor)
            for k, category in enumerate(cats):
                value = entry.values.get(amount_field(category.id)) if entry else None
                number = as_number(value)
                if number is not None:
                    summary.write_number(row, first_cat + k, number, s.kronor)
                    column_values[first_cat + k].append(number)
                elif value is not None:
                    summary.write_string(row, first_cat + k, str(value), s.error)
                else:
                    summary.write_blank(row, first_cat + k, None, s.kronor)
            used = result.used(centre_id)
            status = result.status(centre_id)
            summary.write_formula(
                row, used_col, f"=SUM({span(None, row, first_cat, row, used_col - 1)})", s.kronor, used
            )
            column_values[used_col].append(used)
            # A centre that has not said what it used has nothing "left" yet: its whole amount
            # would otherwise be counted unused, against the report to Socialstyrelsen.
            if status == "reported":
                left = f"={ref(None, row, received_col)}-{ref(None, row, used_col)}"
                summary.write_formula(row, left_col, left, s.kronor, received - used)
                column_values[left_col].append(received - used)
            else:
                summary.write_blank(row, left_col, None, s.kronor)
            for name, col in text_cols.items():
                value = entry.values.get(name) if entry else None
                date = as_date(value) if name == "date" else None
                if date is not None:
                    summary.write_datetime(row, col, dt.datetime.combine(date, dt.time()), s.date)
                elif value is not None:
                    summary.write_string(row, col, str(value), s.wrap)
                else:
                    summary.write_blank(row, col, None, s.text)
            summary.write_string(row, status_col, t(f"status_{status}"), s.text if status == "reported" else s.error)
            summary.write_string(row, remark_col, " ".join(flags_by_centre.get(centre_id, [])), s.wrap)
        last = first + len(result.centres) - 1
        totals = last + 1
        summary.write_string(totals, 1, t("total"), s.total_label)
        total_received = sum(r for _, _, r in result.centres)
        summary.write_formula(
            totals,
            received_col,
            f"=SUM({span(None, first, received_col, last, received_col)})",
            s.total_kronor,
            total_received,
        )
        for col in range(first_cat, left_col + 1):
            summary.write_formula(
                totals,
                col,
                f"=SUM({span(None, first, col, last, col)})",
                s.total_kronor,
                used_total(column_values[col]),
            )
        summary.conditional_format(
            first, left_col, last, left_col, {"type": "cell", "criteria": "<", "value": 0, "format": s.negative}
        )
        summary.set_landscape()
        summary.set_paper(9)  # A4, not the printer's default
        # At 100 %, pages across each with the centres' ids and names: one page wide, its
        # columns printed at about 3.5 pt (#23.9).
        summary.repeat_rows(TABLE_TOP)
        summary.repeat_columns(0, 1)

        columns = _SummaryColumns(summary.name, first, last, received_col, first_cat, status_col, left_col)
        _write_report(report, s, result, master, columns, lang)

        findings.write_string(0, 0, t("sheet_collect_findings"), s.title)
        findings.set_column(0, 0, 24)
        findings.set_column(1, 1, 34)
        findings.set_column(2, 2, 90)
        findings.set_landscape()
        findings.set_paper(9)
        findings.fit_to_pages(1, 0)
        findings.repeat_rows(TABLE_TOP)
        for col, label in enumerate([t("col_centre_id"), t("col_centre"), t("col_remarks")]):
            findings.write_string(TABLE_TOP, col, label, s.header)
        names = {i: n for i, n, _ in result.centres}
        lines = [(i, n, t("flag_missing")) for i, n in result.missing]
        lines += [(i, n, t("flag_blank")) for i, n in result.blank]
        lines += [(f.centre_id, names.get(f.centre_id, ""), f.render(lang)) for f in result.flags]
        for offset, (centre_id, name, text) in enumerate(lines):
            row = TABLE_TOP + 1 + offset
            findings.write_string(row, 0, centre_id, s.text)
            findings.write_string(row, 1, name, s.text)
            findings.write_string(row, 2, text, s.wrap)
        if not lines:
            findings.write_string(TABLE_TOP + 1, 0, t("none"), s.text)
        summary.activate()
        book.close()
