"""Collect the returned follow-up forms (design §5) into a summary workbook.

The officer points the tool at returned files (per-centre files, renamed or not, or
the master's follow-up tab); every file is mapped to its centre by the id inside it.
Returns are validated (amounts are non-negative numbers, used <= received, dates are
dates, formula cells not typed over), centres that have not reported are listed, and a
summary workbook is written for the region's own report: per centre and per category,
unused funds, with live formulas that carry their values.
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Sequence
from dataclasses import dataclass, field
from pathlib import Path
from typing import NamedTuple

import xlsxwriter

from grantsheet import texts, xlsx
from grantsheet.atomic import atomic_path
from grantsheet.errors import OUTPUTS, RETURNS, InputError, Location, Problem, problem, warning
from grantsheet.followup import (
    FollowUpEntry,
    OutputBook,
    as_date,
    as_number,
    layout_from_header,
    merge_entries,
    read_entries,
    read_or_problem,
    under_stored_id,
    used_total,
    workbook_info,
)
from grantsheet.gather import Found, gather
from grantsheet.layout import CENTRE, FOLLOW_UP, MASTER, TABLE_TOP, WORKBOOK_OPTIONS, amount_field, ref, span
from grantsheet.rederive import Derived, derive
from grantsheet.styles import make_styles


class Flag(NamedTuple):
    kind: str  # LABELS key "flag_<kind>"
    centre_id: str
    params: tuple[tuple[str, object], ...] = ()

    def render(self, lang: str) -> str:
        return texts.text(f"flag_{self.kind}", lang, **dict(self.params))


@dataclass
class CollectResult:
    summary: Path
    centres: list[tuple[str, str, int]]  # id, name, received
    entries: dict[str, FollowUpEntry]
    categories: tuple[str, ...]
    missing: list[tuple[str, str]] = field(default_factory=list)
    flags: list[Flag] = field(default_factory=list)
    notes: list[Problem] = field(default_factory=list)  # files not read, and why (grantsheet.gather)

    def used(self, centre_id: str, category: str | None = None) -> float | int:
        entry = self.entries.get(centre_id)
        if entry is None:
            return 0
        cats = [category] if category else self.categories
        return used_total([n for c in cats if (n := as_number(entry.values.get(amount_field(c)))) is not None])

    def total_by_category(self) -> dict[str, float | int]:
        return {c: used_total([self.used(i, c) for i, _, _ in self.centres]) for c in self.categories}


class Master(NamedTuple):
    """What collect takes from the master workbook the returns answer."""

    derived: Derived  # who should report, and what each received
    categories: tuple[str, ...]  # of its follow-up sheet
    created: dt.datetime | None
    title: str


def read_master(master: Path) -> Master:
    """``InputError`` when ``master`` is not a master workbook grantsheet wrote, or cannot be read."""
    found = read_or_problem(master, "master", lambda: _master_contents(master))
    if isinstance(found, Problem):
        raise InputError([found], OUTPUTS)
    if found is None:
        raise InputError([problem("master_not_master", Location(str(master)))], OUTPUTS)
    return found


def _master_contents(master: Path) -> Master | None:
    if workbook_info(master).kind != MASTER:
        return None
    with OutputBook(master) as book:
        sheet = book.sheet_named(FOLLOW_UP)
        header = book.rows(sheet, min_row=TABLE_TOP + 1)[0] if sheet else ()
        layout = layout_from_header(list(header))
        if layout is None:
            raise xlsx.Damaged("no follow-up sheet with its header")
        return Master(derive(book), layout.categories, book.created, book.title or "")


def read_returns(paths: Sequence[Path], master: Path) -> tuple[list[FollowUpEntry], list[Problem]]:
    """Every follow-up entry in the returned files and folders, and a note for every file
    that was not read (``grantsheet.gather``); ``InputError`` naming every file that may
    hold entries but cannot be read (a damaged return is never skipped: its centre would
    look silent)."""
    unreadable: list[Problem] = []
    notes: list[Problem] = []
    entries: list[FollowUpEntry] = []
    with gather(paths, RETURNS) as gathered:
        unreadable += gathered.problems
        notes += gathered.notes
        for found in gathered.workbooks:
            result = read_or_problem(found.path, "return", lambda found=found: _return_entries(found, master))
            if isinstance(result, Problem):
                unreadable.append(found.relocated(result))
            elif result is None:
                notes.append(warning("gather_not_grantsheet", Location(found.location)))
            else:
                entries += result
    if unreadable:
        raise InputError(unreadable, RETURNS)
    return entries, notes


def _return_entries(found: Found, master: Path) -> list[FollowUpEntry] | None:
    """The entries of one returned workbook; None for a workbook grantsheet did not write."""
    info = workbook_info(found.path)
    if info.kind not in (MASTER, CENTRE):
        return None
    entries = under_stored_id(info, read_entries(found.path))
    for entry in entries:
        entry.source = found.label
    if found.direct and found.path.resolve() == master.resolve():
        entries = [e for e in entries if e.values]  # the master's blank rows are not returns
    return entries


def collect(paths: Sequence[Path], master: Path, output: Path, lang: str) -> CollectResult:
    """Read the returns against ``master`` and write the summary workbook to ``output``.

    Raises ``InputError`` (and writes nothing) when the master or any returned file
    cannot be read.
    """
    facts = read_master(master)
    derived, categories = facts.derived, facts.categories
    received = [sum(p.paid[i] for p in derived.pools) for i in range(len(derived.centre_ids))]
    centres = list(zip(derived.centre_ids, derived.centre_names, received))
    entries, notes = read_returns(paths, master)
    merged, conflicts = merge_entries(entries)
    result = CollectResult(output, centres, merged, categories, notes=notes)
    known = {c[0]: c for c in centres}
    for conflict in conflicts:
        result.flags.append(
            Flag(
                "conflict",
                conflict.centre_id,
                (("field", conflict.field), ("kept", conflict.kept_source), ("dropped", conflict.dropped_source)),
            )
        )
    for centre_id, entry in sorted(merged.items()):
        if centre_id not in known:
            result.flags.append(Flag("unknown_centre", centre_id, (("id", centre_id), ("source", entry.source))))
            continue
        for cell in sorted(set(entry.overwritten)):
            result.flags.append(Flag("formula_overwritten", centre_id, (("cell", cell), ("source", entry.source))))
        for name, value in entry.values.items():
            if name.startswith("amount:"):
                number = as_number(value)
                category = name.split(":", 1)[1]
                if number is None:
                    result.flags.append(
                        Flag("amount_not_number", centre_id, (("category", category), ("value", value)))
                    )
                elif number < 0:
                    result.flags.append(Flag("amount_negative", centre_id, (("category", category), ("value", number))))
                if category not in categories:
                    result.flags.append(Flag("unknown_category", centre_id, (("category", category),)))
            elif name == "date" and as_date(value) is None:
                result.flags.append(Flag("date_invalid", centre_id, (("value", value),)))
        used = result.used(centre_id)
        if used > known[centre_id][2]:
            result.flags.append(Flag("used_exceeds", centre_id, (("used", used), ("received", known[centre_id][2]))))
    result.missing = [(i, n) for i, n, _ in centres if i not in merged or merged[i].is_empty]
    _write_summary(result, facts, lang)
    return result


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
        s = make_styles(book)
        summary = book.add_worksheet(t("sheet_collect_summary"))
        per_category = book.add_worksheet(t("sheet_collect_categories"))
        findings = book.add_worksheet(t("sheet_collect_findings"))
        cats = result.categories
        n_cat = len(cats)
        received_col, first_cat = 2, 3
        used_col, left_col, status_col, remark_col = 3 + n_cat, 4 + n_cat, 5 + n_cat, 6 + n_cat
        summary.write_string(0, 0, t("collect_title"), s.title)
        summary.write_string(1, 0, title, s.subtitle)
        labels = [t("col_centre_id"), t("col_centre"), t("col_received_kr")]
        labels += [t("col_used_kr", category=c) for c in cats]
        labels += [t("col_used_total_kr"), t("col_unused_kr"), t("col_status"), t("col_remarks")]
        widths = [24, 34, 16] + [18] * n_cat + [16, 16, 14, 60]
        for col, (label, width) in enumerate(zip(labels, widths)):
            summary.write_string(TABLE_TOP, col, label, s.header)
            summary.set_column(col, col, width)
        summary.set_row(TABLE_TOP, 45)
        summary.freeze_panes(TABLE_TOP + 1, 2)
        flags_by_centre: dict[str, list[str]] = {}
        for flag in result.flags:
            flags_by_centre.setdefault(flag.centre_id, []).append(flag.render(lang))
        missing = {i for i, _ in result.missing}
        first = TABLE_TOP + 1
        column_values: dict[int, list] = {c: [] for c in range(first_cat, left_col + 1)}
        for offset, (centre_id, name, received) in enumerate(result.centres):
            row = first + offset
            entry = result.entries.get(centre_id)
            summary.write_string(row, 0, centre_id, s.text)
            summary.write_string(row, 1, name, s.text)
            summary.write_number(row, received_col, received, s.kronor)
            for k, category in enumerate(cats):
                value = entry.values.get(amount_field(category)) if entry else None
                number = as_number(value)
                if number is not None:
                    summary.write_number(row, first_cat + k, number, s.kronor)
                    column_values[first_cat + k].append(number)
                elif value is not None:
                    summary.write_string(row, first_cat + k, str(value), s.error)
                else:
                    summary.write_blank(row, first_cat + k, None, s.kronor)
            used = result.used(centre_id)
            summary.write_formula(
                row, used_col, f"=SUM({span(None, row, first_cat, row, used_col - 1)})", s.kronor, used
            )
            summary.write_formula(
                row, left_col, f"={ref(None, row, received_col)}-{ref(None, row, used_col)}", s.kronor, received - used
            )
            column_values[used_col].append(used)
            column_values[left_col].append(received - used)
            summary.write_string(
                row,
                status_col,
                t("status_missing" if centre_id in missing else "status_reported"),
                s.error if centre_id in missing else s.text,
            )
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
        summary.fit_to_pages(1, 0)
        summary.repeat_rows(TABLE_TOP)

        per_category.write_string(0, 0, t("collect_categories_title"), s.title)
        per_category.write_string(TABLE_TOP, 0, t("col_category"), s.header)
        per_category.write_string(TABLE_TOP, 1, t("col_used_total_kr"), s.header)
        per_category.set_column(0, 0, 50)
        per_category.set_column(1, 1, 18)
        rows = [(c, first_cat + k, used_total(column_values[first_cat + k])) for k, c in enumerate(cats)]
        rows += [
            (t("col_used_total_kr"), used_col, used_total(column_values[used_col])),
            (t("col_received_kr"), received_col, total_received),
            (t("col_unused_kr"), left_col, used_total(column_values[left_col])),
        ]
        for offset, (label, col, value) in enumerate(rows):
            row = TABLE_TOP + 1 + offset
            per_category.write_string(row, 0, label, s.total_label if offset >= n_cat else s.text)
            per_category.write_formula(row, 1, "=" + ref(summary.name, totals, col, True), s.kronor, value)
        per_category.write_string(
            TABLE_TOP + len(rows) + 2,
            0,
            t("collect_reported", reported=len(result.centres) - len(result.missing), total=len(result.centres)),
            s.text,
        )

        findings.write_string(0, 0, t("sheet_collect_findings"), s.title)
        findings.set_column(0, 0, 24)
        findings.set_column(1, 1, 34)
        findings.set_column(2, 2, 90)
        for col, label in enumerate([t("col_centre_id"), t("col_centre"), t("col_remarks")]):
            findings.write_string(TABLE_TOP, col, label, s.header)
        names = {i: n for i, n, _ in result.centres}
        lines = [(i, n, t("flag_missing")) for i, n in result.missing]
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
