"""Write the master workbook (docs/design.md §4): live formulas that carry their computed values.

Every formula cell is written together with the value Python computed for it, so
a viewer that does not recalculate shows the right number, and a spreadsheet that
does recalculate arrives at the same one. Text from inputs is always written with
``write_string``: a centre called "=HYPERLINK(...)" stays a name.

Formulas are linear in the number of centres: each centre's input rows are kept
contiguous and summed with SUM over that block, and the extra kronor are decided by
one threshold per pool (LARGE at the leftover count) and a running count of ties.
"""

from __future__ import annotations

import datetime as dt
import math
from collections.abc import Callable, Sequence
from fractions import Fraction
from functools import cached_property
from pathlib import Path
from typing import TYPE_CHECKING, NamedTuple

import xlsxwriter
from xlsxwriter.format import Format
from xlsxwriter.worksheet import Worksheet

from grantsheet import fastsheet, fileformat, texts
from grantsheet.allocate import ROUNDS_BY_SIDE, PoolResult, centre_values, integer_keys, row_key
from grantsheet.atomic import atomic_path
from grantsheet.collector import collector_paused
from grantsheet.entries import FollowUpEntry, as_date, as_number, used_total
from grantsheet.identity import grant_identity
from grantsheet.layout import (
    BASE_PROPERTY,
    GRANT_PROPERTY,
    KIND_PROPERTY,
    MASTER,
    MAX_TEXT,
    MONTHS_PER_YEAR,
    ORE_PER_KRONA,
    POOL_BLOCK,
    POOL_COLUMNS,
    PROVENANCE_COLUMNS,
    ROUNDING_PROPERTY,
    SIGNATURE_PROPERTY,
    SIGNER_PROPERTY,
    SPLIT_BASE,
    SPLIT_BASE_VALUE,
    TABLE_TOP,
    WORKBOOK_OPTIONS,
    YEAR_PROPERTY,
    Category,
    FollowUpColumns,
    amount_field,
    calc_header_row,
    form_names,
    key_scale_name,
    ref,
    rule_block_columns,
    span,
)
from grantsheet.rulesheet import RuleColumns, rule_sides
from grantsheet.seal import add_seal_sheet, seal_of
from grantsheet.styles import Styles, make_styles
from grantsheet.tables import COUNT, DATE, DECIMAL, KeyWords, sheet_name, word

if TYPE_CHECKING:
    from grantsheet.context import BuildContext
    from grantsheet.grant import Pool
    from grantsheet.signing import Signer

# A pool's rules on the parameters sheet, from column 9 (the at_least and at_most columns are
# the eligibility limits' source: rulesheet reads them there).
RULE_PARAMETERS = ("fixed", "minimum", "maximum", "unit", "ties", "seed", "column", "at_least", "at_most")


class CheckRow(NamedTuple):
    label: str
    formula: str
    passed: bool


class InputSheet(NamedTuple):
    """Where one input table landed: its sheet, key column and each centre's block."""

    name: str
    key_col: int
    id_col: int
    first_row: int
    last_row: int  # == first_row - 1 for an empty table
    blocks: dict[str, tuple[int, int]]  # centre id -> first and last sheet row
    # COUNT or DECIMAL field -> the column a key sums: the count, the weighted "place_months", or
    # a decimal column's whole key units.
    cols: dict[str, int] | None = None

    def col_of(self, field: str, weight: str = "none") -> int:
        if self.cols is None:
            return self.key_col
        return self.cols["place_months" if weight == "months" else field]


class MasterWriter:
    """Lays out and writes every sheet of the master workbook."""

    def __init__(
        self,
        book: xlsxwriter.Workbook,
        build: BuildContext,
        extra_sheets: Sequence[Callable[[MasterWriter], None]] = (),
        written_in: int = fileformat.FORMATS[fileformat.MASTER],
    ) -> None:
        self.book = book
        # The format to lay the master out in: today's for a build; a master's own when verify
        # lays one of an earlier version out again (grantsheet.expected), without what came later.
        self.format = written_in
        # Follow-up entries typed into earlier outputs, by centre id (carried over on rebuild).
        self.follow_up = build.entries
        # Further sheets (changes since the last build, entries not carried) added at the end.
        self.extra_sheets = tuple(extra_sheets)
        self.build = build
        dataset = self.dataset = build.dataset
        results = self.results = build.results
        self.lang = build.lang
        self.version = build.version
        self.styles: Styles = make_styles(book, dataset.grant.currency_word)
        self.names = {
            key: self.t(f"sheet_{key}")
            for key in ("overview", "parameters", "calculation", "payout", "follow_up", "checks", "method")
        }
        self.centres = dataset.centres
        self.n = len(self.centres)
        # Calculation sheet: a block of pool-level cells above the per-centre table.
        self.pool_block_top = TABLE_TOP + 1
        self.calc_header = calc_header_row(len(results))
        self.first = self.calc_header + 1  # first centre row on calculation, payout and follow-up
        self.last = self.first + self.n - 1
        self.totals = self.last + 1
        self.first_out = TABLE_TOP + 1  # first centre row on payout and follow-up sheets
        self.last_out = self.first_out + self.n - 1
        self.categories = dataset.grant.follow_up_categories
        self.follow_up_columns = FollowUpColumns(self.categories)
        self.input_sheets: dict[str, InputSheet] = {}
        self.rule_value_cache: dict[str, tuple[int | None, ...]] = {}
        self.checks: list[CheckRow] = []
        self.header_rows: dict[str, int] = {}  # sheet name -> its table's header row (header_row)

    def t(self, key: str, **params: object) -> str:
        # A master of an earlier format is laid out again in the words it was written in.
        if self.format < 2:
            return texts.format1_text(key, self.lang, self.dataset.grant, **params)
        return texts.worded_text(texts.master_words(key, self.format), self.lang, self.dataset.grant, **params)

    def rounding_name(self, pool: Pool) -> str:
        """A pool's rounding rule and what it rounds to: "Största rest (Hamilton), hela USD", "...,
        hela enheter om 100 000 kr" (a master before format 7 said whole kronor, ``master_words``)."""
        unit = pool.payout_unit
        if unit == 1:
            units = self.t("whole_units")
        elif unit == Fraction(1, 100):
            units = self.t("whole_hundredths")
        else:
            units = self.t(
                "whole_multiples", unit=f"{texts.number(unit, self.lang)} {self.dataset.grant.currency_word}"
            )
        return self.t(f"rounding_{pool.rounding}", units=units)

    def in_hundredths(self, label: str) -> str:
        """A heading of amounts in the currency, for a column of hundredths: "kvot (öre)", "quota
        (cent)" (format 5 and earlier put öre for the letters kr only, whatever the currency)."""
        if self.format < 6:
            return label.replace("kr", "öre")
        currency = self.dataset.grant.currency_word
        return label.replace(f"({currency})", f"({texts.hundredth(currency)})")

    # Column positions on the calculation sheet: a pool with rules has columns of its own.
    @cached_property
    def rule_columns(self) -> dict[int, RuleColumns]:
        return {p: RuleColumns(self, p, r) for p, r in enumerate(self.results) if r.pool.has_rules}

    @cached_property
    def rule_block(self) -> tuple[str, ...]:
        """The pool-level cells of the pools with rules, to the right of POOL_BLOCK: as many
        rounds as the pool that needed most, and the sides' cells when a pool weighs them."""
        rules = [r for r in self.results if r.pool.has_rules and r.split is not None]
        rounds = max((len(r.split.rounds) for r in rules), default=0)  # type: ignore[union-attr]
        return rule_block_columns(rounds, any(rule_sides(r, self.format) for r in rules))

    @cached_property
    def pool_layout(self) -> list[tuple[int, dict[str, int]]]:
        """Per pool: its first column and its columns' offsets."""
        layout, start = [], 2
        for index in range(len(self.results)):
            rules = self.rule_columns.get(index)
            names = rules.columns if rules is not None else POOL_COLUMNS
            layout.append((start, {name: offset for offset, name in enumerate(names)}))
            start += len(names)
        return layout

    def pool_col(self, pool_index: int, column: str) -> int:
        start, offsets = self.pool_layout[pool_index]
        return start + offsets[column]

    def pool_columns(self, pool_index: int) -> tuple[str, ...]:
        return tuple(self.pool_layout[pool_index][1])

    @property
    def calc_total_col(self) -> int:
        start, offsets = self.pool_layout[-1] if self.results else (2, {})
        return start + len(offsets)

    def calc(self, row: int, col: int, absolute: bool = False) -> str:
        return ref(self.names["calculation"], row, col, absolute)

    def calc_span(self, col: int) -> str:
        return span(self.names["calculation"], self.first, col, self.last, col)

    def pool_cell(self, pool_index: int, col: int) -> str:
        return ref(self.names["calculation"], self.pool_block_top + pool_index, col, True)

    def write(self) -> None:
        sheets = {key: self.book.add_worksheet(self.names[key]) for key in ("overview", "parameters")}
        input_worksheets = {
            name: self.book.add_worksheet(sheet_name(table.spec, self.lang))
            for name, table in self.dataset.tables.items()
        }
        for key in ("calculation", "payout", "follow_up", "checks", "method"):
            sheets[key] = self.book.add_worksheet(self.names[key])
        self.write_parameters(sheets["parameters"])
        for name, sheet in input_worksheets.items():
            self.input_sheets[name] = self.write_input(sheet, name)
        self.write_calculation(sheets["calculation"])
        self.write_payout(sheets["payout"])
        self.write_follow_up(sheets["follow_up"])
        self.write_checks(sheets["checks"])
        self.write_overview(sheets["overview"])
        self.write_method(sheets["method"])
        # The sheets every build writes; those added below are this build's extras (sealed apart).
        self.own_sheets = len(self.book.worksheets())
        for add_sheet in self.extra_sheets:
            add_sheet(self)
        self.print_setup(sheets)
        sheets["overview"].activate()

    def print_setup(self, sheets: dict[str, Worksheet]) -> None:
        """Every sheet prints (#23.9): A4; portrait for the texts and the payout list,
        landscape for the tables; one page wide, the table's header repeated on every page;
        the grant and the sheet above, the decision and the page below. The calculation is
        too wide for one page at a readable size: it runs over pages across, each with the
        centres' ids and names."""
        portrait = {sheets[key].name for key in ("overview", "payout", "checks", "method")}
        calculation = sheets["calculation"].name
        title, decision = self.dataset.grant.title, self.decision_text()
        for sheet in self.book.worksheets():
            sheet.set_paper(9)  # A4
            if sheet.name in portrait:
                sheet.set_portrait()
            else:
                sheet.set_landscape()
            if sheet.name == calculation:
                sheet.repeat_columns(0, 1)
            else:
                sheet.fit_to_pages(1, 0)
            header = self.header_rows.get(sheet.name)
            if header is not None:
                sheet.repeat_rows(header)
            sheet.set_header(page_line(title, sheet.name, bold_left=True))
            sheet.set_footer(page_line(decision, self.t("page"), right_codes=" &P / &N"))

    # -- shared pieces -----------------------------------------------------------------

    def heading(self, sheet: Worksheet, title: str, subtitle: str = "") -> None:
        sheet.write_string(0, 0, title, self.styles.title)
        if subtitle:
            sheet.write_string(1, 0, subtitle, self.styles.subtitle)

    def example_banner(self, sheet: Worksheet, row: int, col: int = 0) -> None:
        if self.dataset.grant.example_data:
            sheet.write_string(row, col, self.t("example_banner"), self.styles.banner)

    def header_row(self, sheet: Worksheet, row: int, labels: list[str], widths: list[int]) -> None:
        for col, (label, width) in enumerate(zip(labels, widths)):
            sheet.write_string(row, col, label, self.styles.header)
            sheet.set_column(col, col, width)
        sheet.set_row(row, 45)
        sheet.freeze_panes(row + 1, 0)
        self.header_rows[sheet.name] = row  # repeated on every printed page (print_setup)

    def centre_columns(self, sheet: Worksheet, row: int, index: int) -> None:
        centre = self.centres[index]
        sheet.write_string(row, 0, centre.id, self.styles.text)
        sheet.write_string(row, 1, centre.name, self.styles.text)

    def protect(self, sheet: Worksheet) -> None:
        # No password: the point is to stop accidental edits, not to lock anyone out.
        sheet.protect("", {"format_columns": True, "format_rows": True, "autofilter": True, "sort": False})

    # -- parameters --------------------------------------------------------------------

    def write_parameters(self, sheet: Worksheet) -> None:
        s = self.styles
        self.heading(sheet, self.t("parameters_title"), self.t("parameters_help"))
        self.header_row(
            sheet,
            TABLE_TOP,
            [
                self.t("col_pool"),
                self.t("col_amount_kr"),
                self.t("col_key"),
                self.t("col_unit"),
                self.t("col_rounding"),
                self.t("col_rate_set"),
                self.t("col_cap"),
                self.t("col_eligible"),
                self.t("col_weight"),
            ],
            [40, 18, 40, 14, 30, 16, 12, 26, 18],
        )
        for index, result in enumerate(self.results):
            row = TABLE_TOP + 1 + index
            pool = result.pool
            sheet.write_string(row, 0, pool.name, s.text)
            sheet.write_number(row, 1, pool.amount, self.amount_format(pool, typed=True))
            words = self.key_words(result)
            sheet.write_string(row, 2, word(words.name, self.lang), s.text)
            sheet.write_string(row, 3, word(words.unit, self.lang), s.text)
            self.book.define_name(pool.amount_name, "=" + ref(self.names["parameters"], row, 1, True))
            if (
                pool.weight != "none"
                or pool.rate is not None
                or pool.eligible != "all"
                or pool.rounding != "largest_remainder"
            ):
                sheet.write_string(row, 4, self.rounding_name(pool), s.text)
                if pool.rate is not None:
                    sheet.write_number(row, 5, pool.rate, s.input_kronor)
                    self.book.define_name(pool.rate_name, "=" + ref(self.names["parameters"], row, 5, True))
                    sheet.write_string(row, 6, self.t("yes" if pool.cap else "no"), s.text)
                sheet.write_string(row, 7, self.t(f"eligible_{pool.eligible}"), s.text)
                sheet.write_string(row, 8, self.t(f"weight_{pool.weight}"), s.text)
            if pool.has_rules:
                self.write_rule_parameters(sheet, row, pool)
        if self.rule_columns:
            labels = [self.t(f"col_rule_{name}") for name in RULE_PARAMETERS]
            for col, label in enumerate(labels, start=9):
                sheet.write_string(TABLE_TOP, col, label, s.header)
                sheet.set_column(col, col, 18)
        constants = []
        if any(r.pool.scale != 1 for r in self.results):
            constants.append((ORE_PER_KRONA, 100))
        if any(self.shows_months(name) for name in self.dataset.tables):
            constants.append((MONTHS_PER_YEAR, 12))
        if self.rule_columns:
            constants.append((SPLIT_BASE, SPLIT_BASE_VALUE))
        for rules in self.rule_columns.values():
            if rules.pool.eligible == "threshold":
                constants.append((rules.pool.rule_name("scale"), self.rule_scale(rules.result)))
        constant_labels = {
            name: self.t(f"constant_{name}") if not name.startswith("skala_") else self.t("constant_scale", column=name)
            for name, _ in constants
        }
        for (table, field), scale in self.key_scales.items():
            name = key_scale_name(table, field)
            column = self.dataset.tables[table].spec.column(field)
            constants.append((name, scale))
            constant_labels[name] = self.t("constant_key_scale", column=word(column.label, self.lang))
        row = TABLE_TOP + len(self.results) + 2
        for name, value in constants:
            sheet.write_string(row, 0, constant_labels[name], s.text)
            sheet.write_number(row, 1, value, s.count)
            self.book.define_name(name, "=" + ref(self.names["parameters"], row, 1, True))
            row += 1

    def write_rule_parameters(self, sheet: Worksheet, row: int, pool) -> None:  # noqa: ANN001 - a Pool
        """A pool's rules as the grant file gives them, its amounts as defined names."""
        s = self.styles
        col = {name: 9 + i for i, name in enumerate(RULE_PARAMETERS)}
        for name in ("fixed", "minimum", "maximum", "unit"):
            value = pool.payout_unit if name == "unit" else getattr(pool, name)
            if value is None:
                continue
            number = int(value) if value.denominator == 1 else float(value)
            sheet.write_number(row, col[name], number, s.input_kronor)
            self.book.define_name(pool.rule_name(name), "=" + ref(self.names["parameters"], row, col[name], True))
        sheet.write_string(row, col["ties"], self.t(f"ties_{pool.ties}"), s.text)
        if pool.seed is not None:
            sheet.write_number(row, col["seed"], pool.seed, s.count)
        if pool.eligible == "threshold":
            sheet.write_string(row, col["column"], pool.eligible_column, s.text)
            for name in ("at_least", "at_most"):
                bound = getattr(pool, name)
                if bound == "median":
                    sheet.write_string(row, col[name], self.t("median"), s.text)
                elif bound is not None:
                    number = int(bound) if bound.denominator == 1 else float(bound)
                    sheet.write_number(row, col[name], number, s.count)

    # -- input sheets ------------------------------------------------------------------

    def write_input(self, sheet: Worksheet, name: str) -> InputSheet:
        s = self.styles
        table = self.dataset.tables[name]
        spec = table.spec
        fields = [
            c
            for c in spec.columns
            if c.field != "centre_id" and (c.field != spec.months_field or self.shows_months(name))
        ]
        source = next(src for src in self.dataset.sources if src.name == table.file)
        self.heading(
            sheet,
            word(spec.title, self.lang),
            self.t("input_subtitle", file=table.file, sheet=table.sheet or "-", sha256=source.sha256),
        )
        labels = [self.t("col_centre_id")] + [word(c.label, self.lang) for c in fields]
        labels += [self.t(f"col_{key}") for key in PROVENANCE_COLUMNS]
        widths = [24] + [14 if c.kind != "text" else 32 for c in fields] + [24, 18, 8]
        self.header_row(sheet, TABLE_TOP, labels, widths)
        blocks: dict[str, tuple[int, int]] = {}
        row = TABLE_TOP
        for row, record in enumerate(table.records, start=TABLE_TOP + 1):
            sheet.write_string(row, 0, record.centre_id, s.text)
            for col, column in enumerate(fields, start=1):
                self.write_typed(sheet, row, col, column.kind, record.values.get(column.field))
            base = 1 + len(fields)
            sheet.write_string(row, base, table.file, s.text)
            sheet.write_string(row, base + 1, table.sheet or "-", s.text)
            sheet.write_number(row, base + 2, record.row, s.text)
            first, _ = blocks.get(record.centre_id, (row, row))
            blocks[record.centre_id] = (first, row)
        cols = {c.field: col for col, c in enumerate(fields, start=1) if c.kind in (COUNT, DECIMAL)}
        extra = 1 + len(fields) + len(PROVENANCE_COLUMNS)
        for (table_name, field), _ in self.key_scales.items():
            if table_name != name:
                continue
            # A decimal key in whole key units (13,04061 × 100 000 = 1 304 061): each row rounded
            # on its own is exact, and the sums the calculation forms are then sums of integers.
            column = spec.column(field)
            sheet.write_string(
                TABLE_TOP, extra, self.t("col_key_units", column=word(column.label, self.lang)), s.header
            )
            sheet.set_column(extra, extra, 16)
            scale = self.key_scales[(name, field)]
            for row, record in enumerate(table.records, start=TABLE_TOP + 1):
                value = record.values.get(field)
                sheet.write_formula(
                    row,
                    extra,
                    f"=ROUND({ref(None, row, cols[field])}*{key_scale_name(name, field)},0)",
                    s.count,
                    int(value * scale) if value is not None else 0,  # type: ignore[operator]
                )
            cols[field] = extra
            extra += 1
        if spec.months_field in cols:
            # Place-months: the count times the months held (empty = the whole year).
            weighted = extra
            sheet.write_string(TABLE_TOP, weighted, word(spec.months_label, self.lang), s.header)
            sheet.set_column(weighted, weighted, 16)
            count_col, months_col = cols[spec.key_field], cols[spec.months_field]
            for row, record in enumerate(table.records, start=TABLE_TOP + 1):
                months = ref(None, row, months_col)
                sheet.write_formula(
                    row,
                    weighted,
                    f"={ref(None, row, count_col)}*IF(ISBLANK({months}),{MONTHS_PER_YEAR},{months})",
                    s.count,
                    row_key(record, table, spec.key_field, "months"),
                )
            cols["place_months"] = weighted
        self.protect(sheet)
        key_col = 1 + [c.field for c in fields].index(spec.key_field)
        return InputSheet(sheet.name, key_col, 0, TABLE_TOP + 1, row, blocks, cols)

    def shows_months(self, name: str) -> bool:
        """The months column appears when a pool weights by it or a row fills it in."""
        table = self.dataset.tables[name]
        field = table.spec.months_field
        return field is not None and (
            any(r.pool.key == name and r.pool.weight == "months" for r in self.results)
            or any(record.values.get(field) is not None for record in table.records)
        )

    def key_words(self, result: PoolResult) -> KeyWords:
        return result.key_words

    @property
    def key_scales(self) -> dict[tuple[str, str], int]:
        """(table, field) -> key units per unit, for each decimal column a pool sums."""
        return {
            (r.pool.key, r.pool.field): r.key_scale
            for r in self.results
            if r.table is not None and r.table.spec.column(r.pool.field).kind == DECIMAL
        }

    def write_typed(self, sheet: Worksheet, row: int, col: int, kind: str, value: object) -> None:
        if value is None:
            sheet.write_blank(row, col, None, self.styles.text)
        elif kind == COUNT:
            sheet.write_number(row, col, value, self.styles.count)
        elif kind == DECIMAL:
            sheet.write_number(row, col, float(value), self.styles.decimal)  # type: ignore[arg-type]
        elif kind == DATE and isinstance(value, dt.date):
            sheet.write_datetime(row, col, dt.datetime.combine(value, dt.time()), self.styles.date)
        else:
            sheet.write_string(row, col, str(value), self.styles.text)

    # -- calculation -------------------------------------------------------------------

    def write_calculation(self, sheet: Worksheet) -> None:
        self.heading(sheet, self.t("calculation_title"), self.t("calculation_help"))
        self.write_pool_block(sheet)
        labels = [self.t("col_centre_id"), self.t("col_centre")]
        widths = [24, 34]
        for pool_index, result in enumerate(self.results):
            unit = word(self.key_words(result).unit, self.lang)
            rules = pool_index in self.rule_columns
            for column in self.pool_columns(pool_index):
                name, _, number = column.rpartition("_") if column[-1].isdigit() else (column, "", "")
                key = f"col_calc_rule_{'round_' if number else ''}{name}" if rules else f"col_calc_{name}"
                label = self.t(key, unit=unit, round=number, money=self.dataset.grant.currency_word)
                if result.scale != 1 and column in ("quota", "floor", "remainder", "extra"):
                    label = self.in_hundredths(label)
                labels.append(f"{result.pool.name}: {label}")
                widths.append(16)
        labels.append(self.t("col_total_kr"))
        widths.append(16)
        self.header_row(sheet, self.calc_header, labels, widths)
        sheet.freeze_panes(self.first, 2)
        for index in range(self.n):
            row = self.first + index
            self.centre_columns(sheet, row, index)
            for pool_index, result in enumerate(self.results):
                if pool_index in self.rule_columns:
                    self.rule_columns[pool_index].write_row(sheet, row, index)
                else:
                    self.write_calc_pool_row(sheet, row, index, pool_index, result)
            payout_cells = [ref(None, row, self.pool_col(p, "payout")) for p in range(len(self.results))]
            sheet.write_formula(
                row, self.calc_total_col, "=" + "+".join(payout_cells), self.money(), self.centre_total(index)
            )
        self.write_calc_totals(sheet)
        self.protect(sheet)

    def money(self, result: PoolResult | None = None, total: bool = False):
        """Whole kronor, or kronor with two decimals where a pool is paid in öre."""
        results = [result] if result is not None else self.results
        if any(r.scale != 1 for r in results):
            return self.styles.kronor_fraction
        return self.styles.total_kronor if total else self.styles.kronor

    def amount_format(self, pool: Pool, typed: bool = False) -> Format:
        """A pool's amount: with its cents where it has them (master format 8), else whole."""
        s = self.styles
        if self.format >= fileformat.AMOUNT_CENTS and Fraction(pool.amount).denominator != 1:
            return s.input_kronor_fraction if typed else s.kronor_fraction
        return s.input_kronor if typed else s.kronor

    def centre_total(self, index: int) -> int | float:
        return sum(result.paid[index] for result in self.results)

    def write_pool_block(self, sheet: Worksheet) -> None:
        s = self.styles
        labels = [self.t("col_pool")] + [self.t(f"col_block_{name}") for name in POOL_BLOCK]
        if self.rule_columns:  # the cells of the pools with rules, rounds numbered
            for name in self.rule_block:
                base, _, number = name.rpartition("_") if name[-1].isdigit() else (name, "", "")
                labels.append(self.t(f"col_block_{base}", round=number))
        for col, label in enumerate(labels):
            sheet.write_string(TABLE_TOP, col, label, s.header)
        sheet.set_row(TABLE_TOP, 45)
        for pool_index, result in enumerate(self.results):
            pool = result.pool
            row = self.pool_block_top + pool_index
            rules = self.rule_columns.get(pool_index)
            if rules is not None:
                sheet.write_string(row, 0, pool.name, s.text)
                c = {name: self.pool_cell(pool_index, col) for col, name in enumerate(POOL_BLOCK, start=1)}
                totals = [
                    ("pool_amount", "=" + pool.amount_name, self.amount_format(pool), pool.shown_amount),
                    ("paid", f"=SUM({self.span_at(pool_index, 'payout')})", self.money(result), result.paid_total),
                    ("residual", f"={c['pool_amount']}-{c['paid']}", self.money(result), result.residual),
                ]
                for col, formula, value in rules.block_cells():
                    fmt = s.kronor_fraction if POOL_BLOCK[min(col, len(POOL_BLOCK)) - 1] == "rate" else s.count
                    sheet.write_formula(row, col, formula, fmt, value)
                for name, formula, fmt, value in totals:
                    sheet.write_formula(row, 1 + POOL_BLOCK.index(name), formula, fmt, value)
                continue
            allocation = result.allocation
            c = {name: self.pool_cell(pool_index, col) for col, name in enumerate(POOL_BLOCK, start=1)}
            remainders = self.span_at(pool_index, "remainder")
            per_krona = f"*{ORE_PER_KRONA}" if result.scale != 1 else ""
            if pool.rate is None:
                distribute = f"={pool.amount_name}{per_krona}"
            elif pool.cap:
                distribute = f"=MIN({pool.amount_name},{pool.rate_name}*{c['total_key']}){per_krona}"
            else:
                distribute = f"={pool.rate_name}*{c['total_key']}{per_krona}"
            if pool.rounding == "floor":
                # Rounding down: no remainder reaches the total key, so nobody gets an extra krona.
                threshold = f"={c['total_key']}"
            else:
                threshold = f"=IF({c['leftover']}=0,0,LARGE({remainders},{c['leftover']}))"
            rate = Fraction(allocation.amount, allocation.total_key * result.scale)
            units = s.count if result.scale != 1 else s.kronor
            sheet.write_string(row, 0, pool.name, s.text)
            cells = [
                (distribute, units, allocation.amount),
                (f"=SUM({self.span_at(pool_index, 'key')})", s.count, allocation.total_key),
                (f"=SUM({self.span_at(pool_index, 'floor')})", units, sum(allocation.floors)),
                (f"={c['distribute']}-{c['floor_sum']}", units, allocation.leftover),
                (threshold, s.count, allocation.threshold),
                (f'=COUNTIF({remainders},">"&{c["threshold"]})', s.count, allocation.leftover - allocation.ties_needed),
                (f"={c['leftover']}-{c['above']}", s.count, allocation.ties_needed),
                (
                    f"={c['distribute']}/{c['total_key']}" + (f"/{ORE_PER_KRONA}" if per_krona else ""),
                    s.kronor_fraction,
                    float(rate),
                ),
            ]
            if self.has_block_totals:
                cells += [
                    ("=" + pool.amount_name, self.amount_format(pool), pool.shown_amount),
                    (f"=SUM({self.span_at(pool_index, 'payout')})", self.money(result), result.paid_total),
                    (f"={c['pool_amount']}-{c['paid']}", self.money(result), result.residual),
                ]
            for col, (formula, fmt, value) in enumerate(cells, start=1):
                sheet.write_formula(row, col, formula, fmt, value)

    @property
    def has_block_totals(self) -> bool:
        """Pool amount, paid and not paid: shown when some pool can leave money unpaid."""
        return any(
            r.pool.rate is not None or r.pool.rounding != "largest_remainder" or r.pool.has_rules for r in self.results
        )

    # -- what a pool with rules needs from the rest of the book ---------------------------

    def rule_column(self, result: PoolResult) -> tuple[str, str]:
        table, _, field = result.pool.eligible_column.partition(".")
        return table, field

    def rule_values(self, result: PoolResult) -> tuple[int | None, ...]:
        """Each centre's value of the pool's eligibility column in whole units (``rule_scale``),
        worked out once per pool (every row asks)."""
        if result.pool.id not in self.rule_value_cache:
            self.rule_value_cache[result.pool.id] = self._rule_values_of(result)
        return self.rule_value_cache[result.pool.id]

    def _rule_values_of(self, result: PoolResult) -> tuple[int | None, ...]:
        table, field = self.rule_column(result)
        values = centre_values(self.centres, self.dataset.tables[table], field)
        scale = self.rule_scale(result)
        return tuple(None if v is None else int(v * scale) for v in values)

    def rule_scale(self, result: PoolResult) -> int:
        """The power of ten that makes the eligibility column's values whole."""
        table, field = self.rule_column(result)
        values = [r.values.get(field) for r in self.dataset.tables[table].records]
        return integer_keys([v for v in values if v is not None])[1]  # type: ignore[misc]

    def rule_value_formula(self, result: PoolResult, index: int) -> tuple[str, int | None]:
        """The centre's value of the eligibility column in whole units, from its input rows."""
        table, field = self.rule_column(result)
        placed = self.input_sheets[table]
        block = placed.blocks.get(self.centres[index].id)
        value = self.rule_values(result)[index]
        if block is None or value is None:
            return "", None
        col = placed.col_of(field)
        cells = span(placed.name, block[0], col, block[1], col)
        if (table, field) in self.key_scales:  # a key too: its input sheet has it in whole units already
            return f"=SUM({cells})", value
        return f"=ROUND(SUM({cells})*{result.pool.rule_name('scale')},0)", value

    def rule_key_formula(self, result: PoolResult, index: int, eligible: str) -> str | None:
        """The key of a pool with rules: 1 for each eligible centre (equal), else the sum of its
        rows, times its eligibility; None when it has no rows."""
        from grantsheet.grant import EQUAL

        if result.pool.key == EQUAL:
            return f"={eligible}"
        formula = self.key_formula(result, index)
        if formula is None:
            return None
        return f"={eligible}*{formula[1:]}" if result.pool.eligible != "all" else formula

    def parameter_row(self, pool_index: int) -> int:
        return TABLE_TOP + 1 + pool_index

    def span_at(self, pool_index: int, column: str) -> str:
        col = self.pool_col(pool_index, column)
        return span(None, self.first, col, self.last, col)

    def write_calc_pool_row(self, sheet: Worksheet, row: int, index: int, pool_index: int, result: PoolResult) -> None:
        s = self.styles
        allocation = result.allocation
        amount, key_sum = self.pool_cell(pool_index, 1), self.pool_cell(pool_index, 2)
        threshold, needed = self.pool_cell(pool_index, 5), self.pool_cell(pool_index, 7)
        col = {name: self.pool_col(pool_index, name) for name in POOL_COLUMNS}
        cell = {name: ref(None, row, c) for name, c in col.items()}
        key = allocation.keys[index]
        total_key = allocation.total_key
        above_row = ref(None, row - 1, col["ties"])
        eligible = result.eligible[index] if result.eligible else 1
        eligible_formula = self.eligible_formula(result, index)
        if eligible_formula:
            sheet.write_formula(row, col["eligible"], eligible_formula, s.count, eligible)
        else:
            # Every centre (eligible = "all"), or the register's operator: a fact, not a formula.
            sheet.write_number(row, col["eligible"], eligible, s.count)
        key_formula = self.key_formula(result, index)
        if key_formula is not None:
            if result.pool.eligible != "all":
                key_formula = f"={cell['eligible']}*{key_formula[1:]}"
            sheet.write_formula(row, col["key"], key_formula, s.count, key)
        else:
            # A centre with no rows in the input table: nothing to sum, the key is 0.
            sheet.write_number(row, col["key"], 0, s.count)
        units = s.count if result.scale != 1 else s.kronor
        payout = f"={cell['floor']}+{cell['extra']}"
        if result.scale != 1:
            payout = f"=({cell['floor']}+{cell['extra']})/{ORE_PER_KRONA}"
        values = [
            ("share", f"={cell['key']}/{key_sum}", s.share, key / total_key),
            (
                "quota",
                f"={amount}*{cell['key']}/{key_sum}",
                s.kronor_fraction if result.scale == 1 else s.count,
                allocation.amount * key / total_key,
            ),
            ("floor", f"=INT({amount}*{cell['key']}/{key_sum})", units, allocation.floors[index]),
            ("remainder", f"=MOD({amount}*{cell['key']},{key_sum})", s.count, allocation.remainders[index]),
            # N() of the header cell above the first row is 0, so one formula serves every row.
            ("ties", f"=IF({cell['remainder']}={threshold},1,0)+N({above_row})", s.count, allocation.tie_counts[index]),
            (
                "extra",
                f"=IF(OR({cell['remainder']}>{threshold},AND({cell['remainder']}={threshold},"
                f"{cell['ties']}<={needed})),1,0)",
                units,
                allocation.extras[index],
            ),
            ("payout", payout, self.money(result), result.paid[index]),
        ]
        for name, formula, fmt, value in values:
            sheet.write_formula(row, col[name], formula, fmt, value)

    def eligible_formula(self, result: PoolResult, index: int) -> str:
        """Eligibility by formula where the inputs hold the fact: a centre with bed places."""
        if result.pool.eligible != "has_bed_places":
            return ""
        placed = self.input_sheets["bed_places"]
        block = placed.blocks.get(self.centres[index].id)
        if block is None:
            return ""
        cells = span(placed.name, block[0], placed.col_of("places"), block[1], placed.col_of("places"))
        return f"=IF(SUM({cells})>0,1,0)"

    def key_formula(self, result: PoolResult, index: int) -> str | None:
        """SUM over the centre's block of input rows; None when it has no rows (nothing to sum)."""
        placed = self.input_sheets[result.pool.key]
        block = placed.blocks.get(self.centres[index].id)
        if block is None:
            return None
        first, last = block
        col = placed.col_of(result.pool.field, result.pool.weight)
        cells = span(placed.name, first, col, last, col)
        return f"=SUM({cells})"

    def write_calc_totals(self, sheet: Worksheet) -> None:
        s = self.styles
        sheet.write_string(self.totals, 1, self.t("total"), s.total_label)
        for pool_index, result in enumerate(self.results):
            allocation = result.allocation
            units = s.total_count if result.scale != 1 else s.total_kronor
            sums = {
                "key": (sum(result.split.keys) if result.split else allocation.total_key, s.total_count),
                "floor": (sum(allocation.floors), units),
                "extra": (sum(allocation.extras), units),
                "payout": (result.paid_total, self.money(result, total=True)),
            }
            for column, (value, fmt) in sums.items():
                col = self.pool_col(pool_index, column)
                sheet.write_formula(self.totals, col, f"=SUM({self.span_at(pool_index, column)})", fmt, value)
        col = self.calc_total_col
        sheet.write_formula(
            self.totals,
            col,
            f"=SUM({span(None, self.first, col, self.last, col)})",
            self.money(total=True),
            self.grand_total(),
        )

    def grand_total(self) -> int | float:
        return sum(result.paid_total for result in self.results)

    # -- payout ------------------------------------------------------------------------

    def payout_total_col(self) -> int:
        return 2 + len(self.results)

    def write_payout(self, sheet: Worksheet) -> None:
        s = self.styles
        grant = self.dataset.grant
        # The title across the printed width, wrapped, its row as high as its lines: at 16 pt it
        # ran past the page ("…äldreomsorgen 202") and over the decision line below it.
        total_col = self.payout_total_col()
        title = self.t("payout_title", title=grant.title)
        wrapped = self.book.add_format({"bold": True, "font_size": 16, "text_wrap": True, "valign": "top"})
        sheet.merge_range(0, 0, 0, total_col, title, wrapped)
        width = 24 + 36 + 18 * (total_col - 1)
        sheet.set_row(0, 22 * math.ceil(len(title) * 1.7 / width) + 4)
        sheet.write_string(1, 0, self.decision_text(), self.styles.subtitle)
        self.example_banner(sheet, 2)
        labels = [self.t("col_centre_id"), self.t("col_centre")]
        # Format 5 and earlier said kr whatever the currency.
        currency = self.dataset.grant.currency_word if self.format >= 6 else "kr"
        labels += [f"{result.pool.name} ({currency})" for result in self.results] + [self.t("col_total_kr")]
        self.header_row(sheet, TABLE_TOP, labels, [24, 36] + [18] * (len(self.results) + 1))
        for index in range(self.n):
            row = self.first_out + index
            self.centre_columns(sheet, row, index)
            calc_row = self.first + index
            for pool_index, result in enumerate(self.results):
                sheet.write_formula(
                    row,
                    2 + pool_index,
                    "=" + self.calc(calc_row, self.pool_col(pool_index, "payout")),
                    self.money(result),
                    result.paid[index],
                )
            sheet.write_formula(
                row,
                total_col,
                f"=SUM({span(None, row, 2, row, total_col - 1)})",
                self.money(),
                self.centre_total(index),
            )
        totals_row = self.last_out + 1
        sheet.write_string(totals_row, 1, self.t("total"), s.total_label)
        for col in range(2, total_col + 1):
            pools = self.results if col == total_col else [self.results[col - 2]]
            value = sum(result.paid_total for result in pools)
            fmt = self.money(None if col == total_col else self.results[col - 2], total=True)
            sheet.write_formula(
                totals_row, col, f"=SUM({span(None, self.first_out, col, self.last_out, col)})", fmt, value
            )
        # Under the label column, as the total's label: column A holds only centre ids.
        last_row = self.audit_lines(sheet, totals_row + 2, 1)
        sheet.print_area(0, 0, last_row, total_col)
        self.protect(sheet)

    def audit_lines(self, sheet: Worksheet, row: int, col: int) -> int:
        """Under the payout list: the signing key's fingerprint and that the list is printed
        before its approval (#27: the workbook is written before it, and an approval is of
        these very bytes); the last row written. An unsigned master (a what-if, or one written
        before 0.2.0, laid out again by verify) has neither: nothing is paid from it unsigned."""
        if self.dataset.signer is None:
            return row - 2
        sheet.write_string(row, col, self.t("signed_with_key", fingerprint=self.dataset.signer), self.styles.text)
        sheet.write_string(row + 1, col, self.t("approval_at_print"), self.styles.text)
        return row + 1

    def payout_cell(self, index: int, absolute: bool = False) -> str:
        return ref(self.names["payout"], self.first_out + index, self.payout_total_col(), absolute)

    def decision_text(self) -> str:
        return self.dataset.grant.decision.describe(self.lang)

    # -- follow-up ---------------------------------------------------------------------

    def write_follow_up(self, sheet: Worksheet) -> None:
        s = self.styles
        grant = self.dataset.grant
        deadline = grant.follow_up_deadline.isoformat() if grant.follow_up_deadline else "-"
        self.heading(sheet, self.t("follow_up_title", title=grant.title), self.t("follow_up_help", deadline=deadline))
        self.example_banner(sheet, 2)
        columns = self.follow_up_columns
        received_col, first_cat = columns.received, columns.first_category
        used_col, left_col, text_cols = columns.used, columns.left, columns.text
        self.header_row(sheet, TABLE_TOP, columns.labels(self.t), columns.widths(34))
        sheet.freeze_panes(TABLE_TOP + 1, 2)
        column_values: dict[int, list[float | int]] = {col: [] for col in range(first_cat, left_col + 1)}
        for index in range(self.n):
            row = self.first_out + index
            received = self.centre_total(index)
            self.centre_columns(sheet, row, index)
            sheet.write_formula(row, received_col, "=" + self.payout_cell(index), self.money(), received)
            entry = self.follow_up.get(self.centres[index].id)
            used = write_entry_cells(sheet, columns.cells(row), entry, self.categories, s)
            sheet.write_formula(row, used_col, columns.used_formula(row), s.kronor, used)
            sheet.write_formula(row, left_col, columns.left_formula(row), s.kronor, received - used)
            column_values[used_col].append(used)
            column_values[left_col].append(received - used)
            for offset, category in enumerate(self.categories):
                number = as_number(entry.values.get(amount_field(category.id))) if entry else None
                if number is not None:
                    column_values[first_cat + offset].append(number)
        first, last = self.first_out, self.last_out
        validate_follow_up(
            sheet,
            (first, first_cat, last, used_col - 1) if self.categories else None,
            {name: (first, col, last, col) for name, col in text_cols.items()},
            self.dataset.grant.year,
            self.t,
        )
        if self.n:
            for name, col in form_names(columns).items():
                self.book.define_name(
                    name, "=" + span(self.names["follow_up"], self.first_out, col, self.last_out, col)
                )
        sheet.conditional_format(
            self.first_out,
            left_col,
            self.last_out,
            left_col,
            {"type": "cell", "criteria": "<", "value": 0, "format": s.negative},
        )
        totals_row = self.last_out + 1
        sheet.write_string(totals_row, 1, self.t("total"), s.total_label)
        total_received = self.grand_total()
        for col in [received_col, *range(first_cat, left_col + 1)]:
            value = total_received if col == received_col else used_total(column_values[col])
            sheet.write_formula(
                totals_row, col, f"=SUM({span(None, self.first_out, col, self.last_out, col)})", s.total_kronor, value
            )
        self.protect(sheet)

    @property
    def follow_up_received(self) -> str:
        col = self.follow_up_columns.received
        return span(self.names["follow_up"], self.first_out, col, self.last_out, col)

    # -- checks ------------------------------------------------------------------------

    def write_checks(self, sheet: Worksheet) -> None:
        s = self.styles
        self.heading(sheet, self.t("checks_title"), self.t("checks_help"))
        self.header_row(sheet, TABLE_TOP, [self.t("col_check"), self.t("col_status")], [80, 12])
        self.checks = self.build_checks()
        first = TABLE_TOP + 1
        for offset, check in enumerate(self.checks):
            sheet.write_string(first + offset, 0, check.label, s.wrap)
            sheet.write_formula(first + offset, 1, check.formula, s.text, self.status(check.passed))
        last = first + len(self.checks) - 1
        statuses = span(None, first, 1, last, 1)
        self.overall_row = last + 2
        sheet.write_string(self.overall_row, 0, self.t("check_overall"), s.total_label)
        passed = all(check.passed for check in self.checks)
        sheet.write_formula(
            self.overall_row,
            1,
            f'=IF(COUNTIF({statuses},"{self.status(True)}")'
            f'=ROWS({statuses}),"{self.status(True)}","{self.status(False)}")',
            s.total_label,
            self.status(passed),
        )
        self.status_colours(sheet, first, self.overall_row)
        self.write_warnings(sheet, self.overall_row + 2)
        self.protect(sheet)

    def status(self, passed: bool) -> str:
        return self.t("ok") if passed else self.t("error")

    def status_colours(self, sheet: Worksheet, first: int, last: int) -> None:
        for text, fmt in ((self.status(True), self.styles.ok), (self.status(False), self.styles.error)):
            sheet.conditional_format(
                first, 1, last, 1, {"type": "cell", "criteria": "==", "value": f'"{text}"', "format": fmt}
            )

    def check(self, label: str, condition: str, passed: bool) -> CheckRow:
        formula = f'=IF({condition},"{self.status(True)}","{self.status(False)}")'
        return CheckRow(label, formula, passed)

    def build_checks(self) -> list[CheckRow]:
        checks = []
        ore = f"*{ORE_PER_KRONA}"
        for pool_index, result in enumerate(self.results):
            if pool_index in self.rule_columns:
                checks += self.rule_checks(pool_index, result)
                continue
            allocation = result.allocation
            pool = result.pool
            name = pool.name
            scaled = ore if result.scale != 1 else ""
            payouts = self.calc_span(self.pool_col(pool_index, "payout"))
            quotas = self.calc_span(self.pool_col(pool_index, "quota"))
            keys = self.calc_span(self.pool_col(pool_index, "key"))
            placed = self.input_sheets[pool.key]
            key_col = placed.col_of(pool.field, pool.weight)
            input_keys = span(placed.name, placed.first_row, key_col, max(placed.last_row, placed.first_row), key_col)
            table = self.dataset.tables[pool.key]
            # In whole key units, as the input sheet's units column rounds each decimal row.
            input_total = sum(row_key(r, table, pool.field, pool.weight) for r in table.records) * result.key_scale
            within_one = all(
                abs(Fraction(allocation.amount * k, allocation.total_key) - p) < 1
                for k, p in zip(allocation.keys, allocation.payouts)
            )
            distributed = self.pool_cell(pool_index, 1)
            paid_units = f"ROUND(SUM({payouts}){scaled},0)" if scaled else f"SUM({payouts})"
            if pool.rounding == "floor":
                checks.append(
                    self.check(
                        self.t("check_pool_floor", pool=name),
                        f"AND({paid_units}<={distributed},{distributed}-{paid_units}<COUNT({keys}))",
                        0 <= allocation.amount - result.paid_units < max(self.n, 1),
                    )
                )
            elif pool.rate is None and result.scale == 1:
                checks.append(
                    self.check(
                        self.t("check_pool_sum", pool=name),
                        f"SUM({payouts})={pool.amount_name}",
                        result.paid_units == pool.amount,
                    )
                )
            else:
                checks.append(
                    self.check(
                        self.t("check_pool_distributed", pool=name),
                        f"{paid_units}={distributed}",
                        result.paid_units == allocation.amount,
                    )
                )
            if pool.rate is None or pool.cap:
                if pool.rate is not None or pool.rounding != "largest_remainder":
                    checks.append(
                        self.check(
                            self.t("check_pool_at_most", pool=name),
                            f"{paid_units}<={pool.amount_name}{scaled}",
                            result.paid_units <= pool.amount * result.scale,
                        )
                    )
            if pool.eligible == "all":
                checks.append(
                    self.check(
                        self.t("check_keys", pool=name),
                        f"SUM({keys})=SUM({input_keys})",
                        allocation.total_key == input_total,
                    )
                )
            else:
                checks.append(
                    self.check(
                        self.t("check_keys_eligible", pool=name),
                        f"SUM({keys})<=SUM({input_keys})",
                        allocation.total_key <= input_total,
                    )
                )
            checks += [
                self.check(
                    self.t("check_within_one", pool=name),
                    # Not ABS(range-range): inside SUMPRODUCT, Gnumeric applies implicit
                    # intersection to ABS's range argument (docs/engines.md).
                    f"SUMPRODUCT(({payouts}{scaled}-{quotas}>=1)+({quotas}-{payouts}{scaled}>=1))=0",
                    within_one,
                ),
                self.check(
                    self.t("check_not_negative", pool=name),
                    f'COUNTIF({payouts},"<0")=0',
                    min(allocation.payouts, default=0) >= 0,
                ),
            ]
        defining = self.dataset.grant.centres_table
        placed = self.input_sheets[defining]
        centre_ids = span(placed.name, placed.first_row, placed.id_col, placed.last_row, placed.id_col)
        total_col = self.payout_total_col()
        payout_total = ref(self.names["payout"], self.last_out + 1, total_col, True)
        pools_total = "+".join(r.pool.amount_name for r in self.results)
        if self.has_block_totals:
            residuals = "+".join(self.pool_cell(p, 1 + POOL_BLOCK.index("residual")) for p in range(len(self.results)))
            grant_check = self.check(
                self.t("check_grant_total_residual"),
                f"ROUND({payout_total}+{residuals}-({pools_total}),2)=0",
                all(r.paid_units + round(r.residual * r.scale) == r.pool.amount * r.scale for r in self.results),
            )
        else:
            grant_check = self.check(
                self.t("check_grant_total"),
                f"{payout_total}={pools_total}",
                self.grand_total() == sum(r.pool.amount for r in self.results),
            )
        checks += [
            self.check(
                self.t("check_all_centres"),
                f"COUNTA({self.calc_span(0)})=COUNTA({centre_ids})",
                self.n == len(self.dataset.tables[defining].records),
            ),
            self.check(
                self.t("check_payout_sheet"),
                f"ROUND({payout_total}-SUM({self.calc_span(self.calc_total_col)}),2)=0"
                if any(r.scale != 1 for r in self.results)
                else f"{payout_total}=SUM({self.calc_span(self.calc_total_col)})",
                True,
            ),
            self.check(
                self.t("check_follow_up"),
                f"ROUND(SUM({self.follow_up_received})-{payout_total},2)=0"
                if any(r.scale != 1 for r in self.results)
                else f"SUM({self.follow_up_received})={payout_total}",
                True,
            ),
            grant_check,
        ]
        return checks

    def rule_checks(self, pool_index: int, result: PoolResult) -> list[CheckRow]:
        """A pool with rules: its sum (or, rounded each on its own, its difference to the pool in
        words), every payout within one payout unit of its exact quota (half a unit each on its
        own), no eligible recipient below the minimum or above the maximum, none negative."""
        pool, allocation, name = result.pool, result.allocation, result.pool.name
        ore = f"*{ORE_PER_KRONA}" if result.scale != 1 else ""
        payouts = self.calc_span(self.pool_col(pool_index, "payout"))
        quotas = self.calc_span(self.pool_col(pool_index, "quota"))
        eligible = self.calc_span(self.pool_col(pool_index, "eligible"))
        paid = f"ROUND(SUM({payouts}){ore},0)" if ore else f"SUM({payouts})"
        amount = f"ROUND({pool.amount_name}{ore},0)" if ore else pool.amount_name
        units = pool.units(pool.amount)
        checks = []
        if pool.rounding == "largest_remainder" or pool.rounding == "ore":
            checks.append(
                self.check(self.t("check_pool_sum", pool=name), f"{paid}={amount}", result.paid_units == units)
            )
        elif pool.rounding == "floor":
            checks.append(
                self.check(self.t("check_pool_at_most", pool=name), f"{paid}<={amount}", result.paid_units <= units)
            )
        else:
            difference = result.paid_units - units
            checks.append(self.check(self.each_words(result), f"{paid}-{amount}={difference}", True))
        step = pool.step
        half = pool.rounding == "each"
        within = all(
            2 * abs(p - q) <= step if half else abs(p - q) < step
            for p, q in zip(allocation.payouts, self.rule_quotas(result))
        )
        unit = self.rule_columns[pool_index].step or "1"
        limit = f"{unit}/2" if half else unit
        compare = ">" if half else ">="
        checks.append(
            self.check(
                self.t("check_within_unit", pool=name, unit=texts.number(float(pool.payout_unit), self.lang)),
                f"SUMPRODUCT(({payouts}{ore}-{quotas}{compare}{limit})+({quotas}-{payouts}{ore}{compare}{limit}))=0",
                within,
            )
        )
        for bound, setting, sign in (("minimum", pool.minimum, "<"), ("maximum", pool.maximum, ">")):
            if setting is None:
                continue
            units_bound = pool.units(setting)
            held = all(
                (p >= units_bound if sign == "<" else p <= units_bound)
                for p, e in zip(allocation.payouts, result.eligible or (1,) * self.n)
                if e
            )
            name_units = f"ROUND({pool.rule_name(bound)}{ore},0)" if ore else pool.rule_name(bound)
            checks.append(
                self.check(
                    self.t(f"check_{bound}", pool=name),
                    f'COUNTIFS({eligible},1,{payouts},"{sign}"&{name_units}{"/" + ORE_PER_KRONA if ore else ""})=0',
                    held,
                )
            )
        if self.format >= ROUNDS_BY_SIDE and (pool.minimum is not None or pool.maximum is not None):
            formula, passed = self.rule_columns[pool_index].rounds_enough()
            checks.append(self.check(self.t("check_rounds_enough", pool=name), formula, passed))
        checks.append(
            self.check(
                self.t("check_not_negative", pool=name),
                f'COUNTIF({payouts},"<0")=0',
                min(allocation.payouts, default=0) >= 0,
            )
        )
        return checks

    def each_words(self, result: PoolResult) -> str:
        """How far the sum of a pool rounded each on its own lies from the pool, in words."""
        difference = result.paid_units - result.pool.units(result.pool.amount)
        return self.t(
            "check_each_difference" if difference else "check_each_even",
            pool=result.pool.name,
            difference=self.kronor_text(Fraction(abs(difference), result.scale)).rsplit(" ", 1)[0],
            currency=self.dataset.grant.currency_word,
            direction=self.t("more" if difference > 0 else "less"),
        )

    def rule_quotas(self, result: PoolResult) -> list[Fraction]:
        """Each row's exact amount before rounding, in money units: the quota column's values."""
        allocation, split, pool = result.allocation, result.split, result.pool
        assert split is not None
        d, k = allocation.amount, allocation.total_key or 1
        found = []
        for index, sharing in enumerate(allocation.keys):
            if split.bound and split.bound[index]:
                found.append(Fraction(allocation.base[index]))
            else:
                eligible = result.eligible[index] if result.eligible else 1
                found.append(pool.units(pool.fixed) * eligible + Fraction(pool.step * d * sharing, k))
        return found

    def write_warnings(self, sheet: Worksheet, row: int) -> None:
        sheet.write_string(row, 0, self.t("warnings_title"), self.styles.total_label)
        warnings = self.dataset.warnings
        if not warnings:
            sheet.write_string(row + 1, 0, self.t("warnings_none"), self.styles.text)
        for offset, found in enumerate(warnings, start=1):
            # Format 6 writes them in the grant's words (a summary row "was not read as a region").
            grant = self.dataset.grant if self.format >= 6 else None
            sheet.write_string(row + offset, 0, found.render(self.lang, grant), self.styles.wrap)

    # -- overview ----------------------------------------------------------------------

    def write_overview(self, sheet: Worksheet) -> None:
        s = self.styles
        grant = self.dataset.grant
        self.heading(sheet, grant.title, self.decision_text())
        self.example_banner(sheet, 2)
        sheet.set_column(0, 0, 34)
        sheet.set_column(1, 1, 36)  # half a SHA-256 a line (write_build_info)
        sheet.set_column(2, 6, 18)
        row = TABLE_TOP
        for col, label in enumerate(
            [
                self.t("col_pool"),
                self.t("col_amount_kr"),
                self.t("col_total_key"),
                self.t("col_unit"),
                self.t("col_rate"),
                self.t("col_paid_kr"),
            ]
        ):
            sheet.write_string(row, col, label, s.header)
        sheet.set_row(row, 32)
        for pool_index, result in enumerate(self.results):
            row += 1
            allocation = result.allocation
            payout_col = 2 + pool_index
            paid = span(self.names["payout"], self.first_out, payout_col, self.last_out, payout_col)
            pool = result.pool
            sheet.write_string(row, 0, pool.name, s.text)
            sheet.write_formula(row, 1, "=" + pool.amount_name, self.amount_format(pool), pool.shown_amount)
            sheet.write_formula(row, 2, "=" + self.pool_cell(pool_index, 2), s.count, allocation.total_key)
            sheet.write_string(row, 3, word(self.key_words(result).unit, self.lang), s.text)
            sheet.write_formula(
                row,
                4,
                "=" + self.pool_cell(pool_index, 8),
                s.kronor_fraction,
                float(Fraction(allocation.amount * result.pool.step, (allocation.total_key or 1) * result.scale)),
            )
            sheet.write_formula(row, 5, f"=SUM({paid})", self.money(result), result.paid_total)
        for result in self.results:
            if result.pool.rounding == "each":
                row += 1
                sheet.write_string(row, 0, self.each_words(result), s.text)
        row += 2
        sheet.write_string(row, 0, self.t("overview_status"), s.total_label)
        overall = ref(self.names["checks"], self.overall_row, 1, True)
        sheet.write_formula(row, 1, "=" + overall, s.total_label, self.status(all(c.passed for c in self.checks)))
        self.status_colours(sheet, row, row)
        sheet.write_string(row + 1, 0, self.t("overview_centres"), s.text)
        sheet.write_formula(row + 1, 1, f"=COUNTA({self.calc_span(0)})", s.count, self.n)
        row = self.write_build_info(sheet, row + 3)
        self.write_chart(sheet, row + 1)

    def write_build_info(self, sheet: Worksheet, row: int) -> int:
        s = self.styles
        facts = [
            (self.t("overview_built_with"), f"grantsheet {self.version}"),
            *([(self.t("overview_signing_key"), self.dataset.signer)] if self.dataset.signer else []),
            (self.t("overview_inputs_time"), self.dataset.built_from.strftime("%Y-%m-%d %H:%M:%S UTC")),
            (
                self.t("overview_rounding"),
                "; ".join(dict.fromkeys(self.rounding_name(r.pool) for r in self.results)),
            ),
        ]
        for label, value in facts:
            sheet.write_string(row, 0, label, s.text)
            sheet.write_string(row, 1, value, s.text)
            row += 1
        row += 1
        # A SHA-256 is 64 characters: in two lines of a 9 pt monospace font, never cut (it showed
        # 17). The cells stay where earlier builds wrote them: verify compares an old master's.
        digest = self.book.add_format({"font_name": "Consolas", "font_size": 9, "text_wrap": True, "valign": "top"})
        for col, label in enumerate([self.t("col_file"), self.t("col_sha256"), self.t("col_size_bytes")]):
            sheet.write_string(row, col, label, s.header)
        for source in self.dataset.sources:
            row += 1
            sheet.write_string(row, 0, source.name, s.text)
            sheet.write_string(row, 1, source.sha256, digest)
            sheet.write_number(row, 2, source.size, s.count)
            sheet.set_row(row, 26)
        return row + 1

    def write_chart(self, sheet: Worksheet, row: int) -> None:
        chart = self.book.add_chart({"type": "bar"})
        payout = self.names["payout"]
        total_col = self.payout_total_col()
        chart.add_series(
            {
                "name": self.t("chart_series"),
                "categories": [payout, self.first_out, 1, self.last_out, 1],
                "values": [payout, self.first_out, total_col, self.last_out, total_col],
                "fill": {"color": "#2E75B6"},
            }
        )
        chart.set_title({"name": self.t("chart_title")})
        chart.set_x_axis(
            {"name": self.dataset.grant.currency_word if self.format >= 6 else "kr", "num_format": "#,##0"}
        )
        chart.set_y_axis({"reverse": True})
        chart.set_legend({"none": True})
        chart.set_size({"width": 900, "height": max(320, 18 * self.n + 80)})
        sheet.insert_chart(row, 0, chart)

    # -- method ------------------------------------------------------------------------

    def write_method(self, sheet: Worksheet) -> None:
        self.heading(sheet, self.t("method_title"))
        sheet.set_column(0, 0, 110)
        pools = [r.pool for r in self.results]
        # Format 1 (0.1) described the presets' keys in one paragraph (its own "method_1"), not
        # each pool's key: it is laid out so again.
        paragraphs = [self.t("method_1")]
        for result in self.results if self.format >= 2 else ():
            words = self.key_words(result)
            key = word(words.name, self.lang)
            paragraphs.append(self.t("method_key", pool=result.pool.name, column=key, unit=word(words.unit, self.lang)))
        if self.format >= 6:
            paragraphs += self.rounding_paragraphs(pools)
        else:  # format 5 and earlier described largest remainder whatever the pools' rule
            paragraphs += [self.t(f"method_{n}") for n in range(2, 6)]
            if any(p.rounding != "floor" for p in pools):
                paragraphs.append(self.t("method_paradox"))
            paragraphs += [self.t(f"method_{n}") for n in range(6, 8)]
        features = [
            ("floor", any(p.rounding == "floor" for p in pools)),
            ("ore", any(p.rounding == "ore" for p in pools)),
            ("rate", any(p.rate is not None for p in pools)),
            ("eligible", any(p.eligible != "all" for p in pools)),
            ("months", any(p.weight == "months" for p in pools)),
        ]
        paragraphs += [self.t(f"method_{name}") for name, used in features if used]
        if self.rule_columns:
            paragraphs.append(self.t("method_rule_steps", base=texts.number(SPLIT_BASE_VALUE, self.lang)))
        for result in self.results:
            paragraphs += self.rule_paragraphs(result)
        for row, paragraph in enumerate(paragraphs, start=2):
            sheet.write_string(row, 0, paragraph, self.styles.wrap)

    def rounding_paragraphs(self, pools: list[Pool]) -> list[str]:
        """The method's words on rounding, for the rules the pools use (format 6): largest
        remainder (in whole units or in hundredths) with its ties, guarantees, paradox and
        threshold only where a pool is split so; rounding down, each on its own and the payout
        unit in their own paragraphs (``features``, ``rule_paragraphs``)."""
        largest = any(p.rounding in ("largest_remainder", "ore") for p in pools)
        found = [self.t("method_2")]
        if largest:
            found += [self.t(key) for key in ("method_3", "method_4", "method_5", "method_paradox")]
        found.append(self.t("method_6"))
        if largest:
            found.append(self.t("method_7"))
        return found

    def kronor_text(self, money: int | Fraction | None) -> str:
        """An amount of the grant's currency in words: "1 250 000 000 kr"."""
        value = Fraction(money or 0)
        shown = int(value) if value.denominator == 1 else float(value)
        return f"{texts.number(shown, self.lang, None if value.denominator == 1 else 2)} {self.dataset.grant.currency_word}"

    def rule_paragraphs(self, result: PoolResult) -> list[str]:
        """The Method sheet's words for a pool's rules, and for a tie in any pool split by largest
        remainder: who had equal remainders across the cut, and by which rule the unit went."""
        pool, found = result.pool, []
        name = pool.name
        if pool.eligible == "threshold":
            bounds = []
            for key, bound in (("at_least", pool.at_least), ("at_most", pool.at_most)):
                if bound is not None:
                    shown = self.t("median") if bound == "median" else texts.number(float(bound), self.lang)
                    bounds.append(f"{self.t(f'threshold_{key}')} {shown}")
            found.append(
                self.t(
                    "method_rule_eligible",
                    pool=name,
                    column=pool.eligible_column,
                    bounds=self.t("term_and").join(bounds),
                    scale=texts.number(self.rule_scale(result), self.lang),
                )
            )
        if pool.key == "equal":
            found.append(self.t("method_rule_equal", pool=name))
        if pool.fixed is not None:
            found.append(self.t("method_rule_fixed", pool=name, fixed=self.kronor_text(pool.fixed)))
        limits = [
            self.t(f"method_rule_{name}", amount=self.kronor_text(bound))
            for name, bound in (("minimum", pool.minimum), ("maximum", pool.maximum))
            if bound is not None
        ]
        if limits:
            found.append(self.t("method_rule_rounds", pool=name, limits=self.t("term_and").join(limits)))
        if rule_sides(result, self.format):
            rounds = len(result.split.rounds) if result.split is not None else 0
            found.append(self.t("method_rule_sides", pool=name, rounds=rounds))
        if pool.step != 1:
            found.append(self.t("method_rule_unit", pool=name, unit=self.kronor_text(pool.payout_unit)))
        if pool.rounding == "each":
            # The difference itself, as on the overview and the checks: a reader of the method
            # sheet alone should not take a sum off the pool for an error.
            difference = self.each_words(result)
            # "till närmaste hela USD", not "hela 1 USD" (format 5 and earlier said the unit's amount)
            whole = pool.payout_unit == 1 and self.format >= 6
            unit = self.dataset.grant.currency_word if whole else self.kronor_text(pool.payout_unit)
            found.append(self.t("method_rule_each", pool=name, unit=unit, difference=difference))
            return found
        if pool.rounding == "floor":
            return found
        tied = result.allocation.tied
        if tied:
            names = ", ".join(self.centres[row].name for row in tied)
            tie = self.t("method_rule_tied", names=names, units=result.allocation.ties_needed)
        else:
            tie = self.t("method_rule_no_tie")
        if pool.ties == "lot":
            found.append(self.t("method_rule_ties_lot", pool=name, seed=pool.seed, tied=tie))
        elif pool.ties == "stop":
            found.append(self.t("method_rule_ties_stop", pool=name))
        elif pool.has_rules or (tied and self.format >= 2):  # format 1 said nothing of a tie
            found.append(self.t("method_rule_ties_order", pool=name, tied=tie))
        return found


Area = tuple[int, int, int, int]  # first row, first column, last row, last column (zero-based)


def validate_follow_up(
    sheet: Worksheet,
    amounts: Area | None,
    text: dict[str, Area],
    year: int,
    t: Callable[..., str],
) -> None:
    """Data validation on the cells a centre types into: amounts >= 0 (``amounts``, None
    without categories), dates near the grant year, bounded text (``text``: field -> area).

    Shared by the master's follow-up sheet and each centre's own form.
    """
    if amounts is not None:
        sheet.data_validation(
            *amounts,
            {
                "validate": "decimal",
                "criteria": ">=",
                "value": 0,
                "input_title": t("validation_amount_title"),
                "input_message": t("validation_amount_message"),
                "error_title": t("validation_amount_title"),
                "error_message": t("validation_amount_error"),
            },
        )
    sheet.data_validation(
        *text["date"],
        {
            "validate": "date",
            "criteria": "between",
            "minimum": dt.date(year, 1, 1),
            "maximum": dt.date(year + 3, 12, 31),
            "input_title": t("validation_date_title"),
            "input_message": t("validation_date_message"),
            "error_message": t("validation_date_error", first=year, last=year + 3),
        },
    )
    for key in ("description", "contact"):
        sheet.data_validation(
            *text[key],
            {
                "validate": "length",
                "criteria": "<=",
                "value": MAX_TEXT,
                "error_message": t("validation_text_error"),
            },
        )


def write_entry_cells(
    sheet,
    cells: dict[str, tuple[int, int]],
    entry: FollowUpEntry | None,
    categories: tuple[Category, ...],
    styles,
) -> float | int:
    """Write a centre's typed follow-up cells at ``cells`` (field -> row, column), blank where
    nothing was typed; return the used total.

    Shared by the master's follow-up sheet and the per-centre files, so the two look and
    read alike. Text is always written with write_string: a typed "=..." stays text.
    """
    values = entry.values if entry is not None else {}
    numbers = []
    for category in categories:
        field = amount_field(category.id)
        value = values.get(field)
        number = as_number(value)
        if number is not None:
            sheet.write_number(*cells[field], number, styles.input_kronor)
            numbers.append(number)
        elif value is not None:
            sheet.write_string(*cells[field], str(value), styles.input_kronor)
        else:
            sheet.write_blank(*cells[field], None, styles.input_kronor)
    for name in ("description", "contact"):
        value = values.get(name)
        if value is None:
            sheet.write_blank(*cells[name], None, styles.input_text)
        else:
            sheet.write_string(*cells[name], str(value), styles.input_text)
    value = values.get("date")
    date = as_date(value)
    if date is not None:
        sheet.write_datetime(*cells["date"], dt.datetime.combine(date, dt.time()), styles.input_date)
    elif value is not None:
        sheet.write_string(*cells["date"], str(value), styles.input_date)
    else:
        sheet.write_blank(*cells["date"], None, styles.input_date)
    return used_total(numbers)


# Excel holds a page header or footer of at most 255 characters, codes included; XlsxWriter
# leaves out a longer one with a warning.
PAGE_LINE_LIMIT = 255


def page_line(left: str, right: str, *, bold_left: bool = False, right_codes: str = "") -> str:
    """A page header or footer with ``left`` and ``right`` texts, the longer of them shortened
    (ending in "…") until the line fits what Excel holds."""
    prefix = '&L&"Calibri,Bold"' if bold_left else "&L"
    while True:
        line = f"{prefix}{escape_header(left)}&R{escape_header(right)}{right_codes}"
        if len(line) <= PAGE_LINE_LIMIT:
            return line
        if len(left) >= len(right):
            left = left[: len(left) - 2] + "…"
        else:
            right = right[: len(right) - 2] + "…"


def escape_header(text: str) -> str:
    """Excel page headers treat & as a control character."""
    return text.replace("&", "&&")


def write_master(
    path: Path,
    build: BuildContext,
    extra_sheets: Sequence[Callable[[MasterWriter], None]] = (),
    signer: Signer | None = None,
) -> Path:
    """Write the master workbook atomically; the same inputs give the same bytes (and key:
    an Ed25519 signature is deterministic). ``signer`` signs the seal's hash."""
    dataset, lang = build.dataset, build.lang
    # The writer's cells (millions at 100 000 centres, each holding its format, no cycles) live
    # until the file is closed: each full collection walked them all again (BENCHMARKS.md).
    with atomic_path(path) as temporary, collector_paused():
        # XlsxWriter's workbook with a fast path for formulas its rewriting cannot change.
        book = fastsheet.Workbook(str(temporary), WORKBOOK_OPTIONS)
        book.set_properties(
            {
                "title": dataset.grant.title,
                "subject": texts.text("properties_subject", lang),
                "author": "grantsheet",
                "comments": texts.text("properties_comment", lang, version=build.version),
                # A datetime, not a date: XlsxWriter silently turns a date into "now".
                "created": dataset.built_from,
            }
        )
        book.set_custom_property(KIND_PROPERTY, MASTER)
        for prop, setting in fileformat.properties(MASTER).items():
            book.set_custom_property(prop, setting)
        book.set_custom_property(YEAR_PROPERTY, str(dataset.grant.year))
        if build.base_id is not None:
            book.set_custom_property(BASE_PROPERTY, build.base_id)
        book.set_custom_property(GRANT_PROPERTY, grant_identity(dataset.grant))
        book.set_calc_mode("auto")
        writer = MasterWriter(book, build, extra_sheets)
        writer.write()
        book.set_custom_property(ROUNDING_PROPERTY, ",".join(r.pool.rounding for r in writer.results))
        hashed = add_seal_sheet(book, seal_of(book, build, writer.own_sheets), texts.text("seal_heading", lang))
        if signer is not None:
            book.set_custom_property(SIGNER_PROPERTY, signer.public)
            book.set_custom_property(SIGNATURE_PROPERTY, signer.sign(hashed.encode("ascii")))
        book.close()
    return path
