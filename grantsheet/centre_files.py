"""One payout workbook per health centre (docs/design.md §5): its payout, the basis, its follow-up form.

The basis (pool amount, total key, the centre's key, the extra krona from the largest
remainder) is written as numbers copied from the master's calculation; rate, quota,
floor and payout are live formulas over them, each with its computed value. The
centre's id is stored twice inside the file (a custom document property and a cell),
so a renamed file still maps to its centre, and a seal (SHA-256 of the basis) lets
``verify`` tell whether the payout part was edited.
"""

from __future__ import annotations

import datetime as dt
import io
import re
import unicodedata
from collections.abc import Sequence
from fractions import Fraction
from pathlib import Path
from typing import TYPE_CHECKING, NamedTuple

import xlsxwriter
from xlsxwriter.format import Format
from xlsxwriter.worksheet import Worksheet

from grantsheet import fastsheet, fileformat, texts
from grantsheet.allocate import PoolResult
from grantsheet.identity import form_seal, grant_identity
from grantsheet.layout import (
    BASE_PROPERTY,
    BASIS_FIRST,
    BASIS_HEADER,
    CENTRE,
    CENTRE_ID_NAME,
    CENTRE_ID_PROPERTY,
    COL,
    FORM_FIRST_CATEGORY,
    FORM_HEADING_ROW,
    FORM_ID_ROW,
    FORM_LABEL_COL,
    FORM_NAME_ROW,
    FORM_PROPERTY,
    FORM_RECEIVED_ROW,
    FORM_VALUE_COL,
    GRANT_PROPERTY,
    ID_ROW,
    INFO_ROW,
    KIND_PROPERTY,
    LANG_PROPERTY,
    LETTER,
    LETTER_AMOUNT,
    LETTER_FIRST_LINE,
    LETTER_PAYOUT,
    LETTER_WIDTHS,
    SEAL_PROPERTY,
    SIGNATURE_PROPERTY,
    SIGNER_PROPERTY,
    WINDOWS_RESERVED,
    WORKBOOK_OPTIONS,
    YEAR_PROPERTY,
    CentreForm,
    basis_formulas,
    basis_total_formula,
    letter_formulas,
    ref,
    seal,
    total_row,
    view_properties,
)
from grantsheet.load import Dataset
from grantsheet.seal import presentation, presentation_text, written_sheets
from grantsheet.signing import Signer
from grantsheet.styles import HEADER_FILL, Styles, make_styles, money, text_lines
from grantsheet.tables import KeyWords, word
from grantsheet.write import page_line, validate_follow_up, write_entry_cells

if TYPE_CHECKING:
    from grantsheet.context import BuildContext
    from grantsheet.grant import Pool

_FORBIDDEN = re.compile(r'[<>:"/\\|?*\x00-\x1f\x7f]')
MAX_NAME_CHARS = 100


def safe_file_name(centre_id: str, name: str) -> str:
    """A file name from id and name that is valid on Linux, macOS and Windows (see ``safe_name``)."""
    return safe_name(f"{centre_id} {name}", ".xlsx")


def safe_name(stem: str, suffix: str) -> str:
    """``stem`` + ``suffix`` as a file name valid on Linux, macOS and Windows.

    NFC, no characters Windows forbids, no control characters, no trailing dot or space,
    no reserved device name, at most ``MAX_NAME_CHARS`` characters before the suffix.
    """
    text = unicodedata.normalize("NFC", stem)
    text = re.sub(r"\s+", " ", text)  # tabs and line breaks become one space
    text = _FORBIDDEN.sub("_", text).strip(" .")
    text = text[:MAX_NAME_CHARS].rstrip(" .")
    if not text or text.split(".")[0].upper() in WINDOWS_RESERVED:
        text = f"_{text}"
    return f"{text}{_FORBIDDEN.sub('_', suffix)}"


def centre_file_names(dataset: Dataset) -> dict[str, str]:
    """Centre id -> file name, unique even where only letter case differs (Windows, macOS)."""
    names: dict[str, str] = {}
    taken: set[str] = set()
    for centre in dataset.centres:
        name = safe_file_name(centre.id, centre.name)
        stem, number = name[:-5], 2
        while name.casefold() in taken:
            name = f"{stem} ({number}).xlsx"
            number += 1
        taken.add(name.casefold())
        names[centre.id] = name
    return names


class PoolBasis(NamedTuple):
    pool: str
    words: KeyWords  # what the key is called and counted in
    amount: int
    total_key: int
    key: int
    extra: int
    scale: int  # money units per krona: 1, or 100 for a pool split in öre
    # A pool with rules (docs/rules.md): the basis holds the payout whole (amount = payout, keys 1),
    # so the sheet's formulas give it exactly, and the letter says in words how it came about.
    rules: bool = False
    key_scale: int = 1  # key units per unit of the key's column: 10^decimals of a decimal key

    @property
    def decimals(self) -> int:
        """How many decimals the key's column holds (0 for a whole-number key)."""
        return len(str(self.key_scale)) - 1

    def shown(self, key: int) -> Fraction:
        """A key in key units as its column holds it: 1 304 061 -> 13,04061."""
        return Fraction(key, self.key_scale)

    def cached(self, key: int) -> int | float:
        """A key as the letter's formula computes it (its cached value): key units / key scale."""
        return key if self.key_scale == 1 else key / self.key_scale

    @property
    def floor(self) -> int:
        return self.amount * self.key // self.total_key

    @property
    def payout(self) -> int | float:
        """In kronor, as the workbook computes it: (floor + extra) / scale."""
        units = self.floor + self.extra
        return units if self.scale == 1 else units / self.scale


def centre_basis(results: Sequence[PoolResult], index: int) -> list[PoolBasis]:
    return [
        PoolBasis(r.pool.name, r.key_words, r.allocation.payouts[index], 1, 1, 0, r.scale, True)
        if r.pool.has_rules
        else PoolBasis(
            r.pool.name,
            r.key_words,
            r.allocation.amount,
            r.allocation.total_key,
            r.allocation.keys[index],
            r.allocation.extras[index],
            r.scale,
            key_scale=r.key_scale,
        )
        for r in results
    ]


def basis_tuple(b: PoolBasis) -> tuple[str, int, int, int, int, int, int]:
    """What the seal holds of a pool's basis (layout.BASIS_COLUMNS_7)."""
    return (b.pool, b.amount, b.total_key, b.key, b.extra, b.scale, b.key_scale)


class CentreWriter:
    def __init__(
        self,
        book: xlsxwriter.Workbook,
        build: BuildContext,
        index: int,
    ) -> None:
        self.book = book
        dataset = self.dataset = build.dataset
        results = self.results = build.results
        self.index = index
        self.centre = dataset.centres[index]
        self.lang = build.lang
        self.entry = build.entries.get(self.centre.id)
        self.styles: Styles = make_styles(book, dataset.grant.currency_word)
        self.basis = centre_basis(results, index)
        self.payout_name = self.t("sheet_payout")
        self.follow_up_name = self.t("sheet_follow_up")
        self._letter_formats: dict[tuple, Format] = {}

    def t(self, key: str, **params: object) -> str:
        return texts.recipient_text(key, self.lang, self.dataset.grant, **params)

    def write(self) -> None:
        letter = self.book.add_worksheet(self.t(LETTER))
        payout = self.book.add_worksheet(self.payout_name)
        follow_up = self.book.add_worksheet(self.follow_up_name)
        self.write_letter(letter)
        self.write_payout(payout)
        self.write_follow_up(follow_up)
        letter.activate()

    def write_letter(self, sheet: Worksheet) -> None:
        """The decision letter, an A4 letter (#23.7): sender, date and reference; recipient;
        subject; the decision, the amount and when it is paid; per pool the centre's share of
        the pool as a table of live formulas over the basis sheet and as arithmetic a
        calculator repeats, the rounding in words; how and by when to report, what to repay,
        whom to ask, for whom the figures are."""
        grant = self.dataset.grant
        last = LETTER_PAYOUT
        f = self.letter_format
        big, bold, text, right = f(bold=True, font_size=14), f(bold=True, font_size=12), f(), f(align="right")
        amount = f(bold=True, font_size=14, num_format=money(self.dataset.grant.currency_word), align="left")
        subject = f(bold=True, font_size=14, text_wrap=True, valign="top")
        wrap, label = f(text_wrap=True, valign="top"), f(bold=True)
        header = {"bold": True, "bg_color": HEADER_FILL, "text_wrap": True, "bottom": 1, "valign": "bottom"}
        heading, heading_right = f(**header), f(**header, align="right")
        total_label, total_kronor = (
            f(bold=True, top=1),
            f(bold=True, top=1, num_format=money(self.dataset.grant.currency_word)),
        )

        # Sender, date, reference; the recipient.
        contact = grant.contact
        sheet.write_string(0, 0, grant.organisation, big)
        for row, line in enumerate(
            filter(None, (contact.name, ", ".join(filter(None, (contact.email, contact.phone))))), 1
        ):
            sheet.write_string(row, 0, line, text)
        sheet.write_string(0, last - 1, self.t("letter_date"), right)
        sheet.write_string(0, last, self.letter_date.isoformat(), text)
        if grant.decision.reference:
            sheet.write_string(1, last - 1, self.t("letter_reference"), right)
            sheet.write_string(1, last, grant.decision.reference, text)
        sheet.write_string(4, 0, self.centre.name, bold)
        sheet.write_string(5, 0, f"{self.t('col_centre_id')} {self.centre.id}", text)
        self.banner(sheet, 6)

        # Subject, decision, amount, payout date.
        sheet.merge_range(7, 0, 7, last, "", subject)
        sheet.write_string(7, 0, self.t("letter_subject", title=grant.title), subject)
        sheet.set_row(7, 18 * text_lines(self.t("letter_subject", title=grant.title), 55) + 2)
        decision = self.t(
            "letter_decision_text",
            organisation=grant.organisation,
            title=_mid_sentence(grant.title),
            centre=self.centre.name,
            decision=self.decision_words(),
        )
        self.paragraph(sheet, 8, decision, wrap)
        formulas = letter_formulas(len(self.basis), self.payout_name)
        sheet.write_string(LETTER_AMOUNT, 0, self.t("letter_amount"), label)
        sheet.write_formula(LETTER_AMOUNT, 1, formulas[(LETTER_AMOUNT, 1)], amount, self.total)
        sheet.set_row(LETTER_AMOUNT, 20)
        paid_on = grant.decision.payout_date
        sheet.write_string(11, 0, self.t("letter_paid_on"), label)
        sheet.write_string(11, 1, paid_on.isoformat() if paid_on else self.t("letter_paid_on_decision"), text)

        # The basis: the centre's share of each pool.
        heading_format = f(bold=True, font_size=12, bottom=1)
        heading_row = LETTER_FIRST_LINE - 2
        sheet.merge_range(heading_row, 0, heading_row, last, "", heading_format)
        sheet.write_string(heading_row, 0, self.t("letter_basis_heading"), heading_format)
        labels = ("letter_col_pool", "letter_col_key", "letter_col_total_key", "letter_col_quota", "letter_col_payout")
        for col, label in enumerate(labels):
            sheet.write_string(LETTER_FIRST_LINE - 1, col, self.t(label), heading if col == 0 else heading_right)
        sheet.set_row(LETTER_FIRST_LINE - 1, 30)
        for p, b in enumerate(self.basis):
            self.letter_line(sheet, LETTER_FIRST_LINE + p, b, formulas)
        total_row = LETTER_FIRST_LINE + len(self.basis)
        sheet.write_string(total_row, 0, self.t("centre_total"), total_label)
        for col in range(1, last):
            sheet.write_blank(total_row, col, None, total_label)
        sheet.write_formula(total_row, last, formulas[(total_row, last)], total_kronor, self.total)

        # The arithmetic in words, the rounding, and what the centre does next.
        paragraphs = [self.arithmetic(b) for b in self.basis if not b.rules] + self.rule_sentences()
        if not all(b.rules for b in self.basis):
            paragraphs.append(self.rounding_words())
        paragraphs.append(
            self.t(
                "letter_report",
                deadline=self.deadline,
                sheet=self.follow_up_name,
                to=contact.email or grant.organisation,
            )
        )
        if grant.follow_up_repay_by or grant.follow_up_repay_account:
            paragraphs.append(
                self.t(
                    "letter_repay",
                    date=grant.follow_up_repay_by.isoformat() if grant.follow_up_repay_by else "-",
                    account=grant.follow_up_repay_account or "-",
                    reference=grant.decision.marking or grant.title,
                )
            )
        if contact.name or contact.email or contact.phone:
            reach = ", ".join(
                filter(None, (contact.email, self.t("letter_phone", phone=contact.phone) if contact.phone else ""))
            )
            paragraphs.append(self.t("letter_ask", name=contact.name or grant.organisation, reach=reach))
        paragraphs.append(
            self.t(
                "letter_for_whom",
                centre=self.centre.name,
                id_label=self.t("col_centre_id"),
                id=self.centre.id,
                sheet=self.payout_name,
            )
        )
        if self.dataset.signer is not None:  # a signed build, as every build since 0.2.0 (#26.7, #27)
            paragraphs.append(self.t("signed_with_key", fingerprint=self.dataset.signer))
            # Written before the approval, which is of these very bytes: where to find it.
            paragraphs.append(self.t("approval_at_print"))
        row = total_row + 2
        for text in paragraphs:
            self.paragraph(sheet, row, text, wrap)
            row += 1
        for col, width in enumerate(LETTER_WIDTHS):
            sheet.set_column(col, col, width)
        sheet.print_area(0, 0, row - 1, last)
        self.print_setup(sheet, portrait=True)
        sheet.set_margins(left=0.5, right=0.4, top=0.7, bottom=0.7)
        protect(sheet)

    def paragraph(self, sheet: Worksheet, row: int, text: str, wrap) -> None:  # noqa: ANN001 - an XlsxWriter format
        """``text`` across the letter's width, its row as high as its lines (no program
        fits a merged cell's height by itself)."""
        sheet.merge_range(row, 0, row, LETTER_PAYOUT, "", wrap)
        sheet.write_string(row, 0, text, wrap)
        sheet.set_row(row, 14 * text_lines(text, LETTER_LINE) + 3)

    @property
    def letter_date(self) -> dt.date:
        """The letter's date: the day its inputs last changed, so a rebuild of the same inputs
        writes the same letter (the build's own bytes are reproducible)."""
        return max(source.modified for source in self.dataset.sources).date()

    def decision_words(self) -> str:
        decision = self.dataset.grant.decision
        words = " ".join(p for p in (decision.body, decision.reference, decision.paragraph) if p)
        return words + (f", {decision.date.isoformat()}" if decision.date else "")

    def rule_sentences(self) -> list[str]:
        """In words, per pool with rules how this recipient's payout came about, and per pool where
        equal remainders straddled the cut whether the extra unit went to it and by which rule."""
        found = []
        index, name = self.index, self.centre.name
        for result in self.results:
            pool, allocation, split = result.pool, result.allocation, result.split
            if pool.has_rules and split is not None:
                eligible = result.eligible[index] if result.eligible else 1
                bound = split.bound[index] if split.bound else 0
                key = Fraction(split.keys[index], result.key_scale)  # a decimal key as read, not in key units
                keyed = f"{texts.number(key, self.lang)} {word(result.key_words.unit, self.lang)}"
                if not eligible:
                    found.append(self.t("letter_rule_not_eligible", pool=pool.name, centre=name))
                elif bound:
                    which = "minimum" if bound < 0 else "maximum"
                    amount = self.money(Fraction(allocation.payouts[index], result.scale))
                    found.append(
                        self.t(f"letter_rule_{which}", pool=pool.name, centre=name, amount=amount, keyed=keyed)
                    )
                else:
                    fixed = self.t("letter_rule_fixed", amount=self.money(pool.fixed)) if pool.fixed else ""
                    share = Fraction(pool.step * allocation.amount * allocation.keys[index], allocation.total_key or 1)
                    quota = pool.units(pool.fixed) + share
                    found.append(
                        self.t(
                            "letter_rule_share",
                            pool=pool.name,
                            fixed=fixed,
                            keyed=keyed,
                            total=texts.number(result.shown_total_key, self.lang),  # not in key units
                            quota=self.money(quota / result.scale, decimals=2),
                            rounding=self.t(f"letter_rounding_{pool.rounding}", unit=self.rounded_to(pool)),
                            payout=self.money(Fraction(allocation.payouts[index], result.scale)),
                        )
                    )
            if index in allocation.tied:
                won = allocation.extras[index] == 1
                rule = self.t("tie_rule_lot", seed=pool.seed) if pool.ties == "lot" else self.t("tie_rule_order")
                names = ", ".join(self.dataset.centres[row].name for row in allocation.tied)
                found.append(
                    self.t(
                        "letter_tie_won" if won else "letter_tie_lost",
                        pool=pool.name,
                        names=names,
                        left=self.money(allocation.ties_needed * pool.payout_unit),
                        unit=self.money(pool.payout_unit),
                        centre=name,
                        rule=rule,
                    )
                )
        return found

    def rounded_to(self, pool: Pool) -> str:
        """What a pool's payouts are whole multiples of, after "whole": "EUR", "cent" (not "0,01
        EUR"), "100 000 EUR"."""
        currency = self.dataset.grant.currency_word
        if pool.payout_unit == 1:
            return currency
        return texts.hundredth(currency) if pool.payout_unit == Fraction(1, 100) else self.money(pool.payout_unit)

    def money(self, value: int | Fraction | None, decimals: int | None = None) -> str:
        """An amount in words: "1 250 000 000 kr", with öre where it has them."""
        exact = Fraction(value or 0)
        places = decimals if decimals is not None else (None if exact.denominator == 1 else 2)
        shown = int(exact) if places is None else float(exact)
        return f"{texts.number(shown, self.lang, places)} {self.dataset.grant.currency_word}"

    def letter_line(self, sheet: Worksheet, row: int, b: PoolBasis, formulas: dict[tuple[int, int], str]) -> None:
        """One pool's row of the table: the centre's count, the total count, the exact share
        (two decimals) and the payout, each a formula over the basis sheet."""
        f = self.letter_format
        decimals = "." + "0" * b.decimals if b.decimals else ""
        units = f(num_format=f'#,##0{decimals} "{word(b.words.unit, self.lang)}"', valign="top")
        currency = self.dataset.grant.currency_word
        kronor = f(num_format=money(currency), valign="top")
        fraction = f(num_format=money(currency, fraction=True), valign="top")
        paid = kronor if b.scale == 1 else fraction
        sheet.write_string(row, 0, b.pool, f(text_wrap=True, valign="top"))
        sheet.set_row(row, 14 * text_lines(b.pool, LETTER_WIDTHS[0] * 6 // 5) + 2)
        if b.rules:
            # A pool with rules: its key and share are in the words under the table; the cells
            # keep the basis's formulas (verify reads them) but show nothing.
            hidden = f(num_format=";;;")
            for col in (1, 2, 3):
                sheet.write_formula(row, col, formulas[(row, col)], hidden, 1 if col < 3 else b.payout)
            sheet.write_formula(row, LETTER_PAYOUT, formulas[(row, LETTER_PAYOUT)], paid, b.payout)
            return
        sheet.write_formula(row, 1, formulas[(row, 1)], units, b.cached(b.key))
        sheet.write_formula(row, 2, formulas[(row, 2)], units, b.cached(b.total_key))
        sheet.write_formula(row, 3, formulas[(row, 3)], fraction, b.amount * b.key / b.total_key / b.scale)
        sheet.write_formula(row, LETTER_PAYOUT, formulas[(row, LETTER_PAYOUT)], paid, b.payout)

    def letter_format(self, **props: object) -> Format:
        """A format of the letter: 10 pt unless said (the letter is read on paper at 100 %,
        and 10 pt lets its table fit A4 portrait at that scale), one per kind per workbook."""
        key = tuple(sorted(props.items()))
        if key not in self._letter_formats:
            self._letter_formats[key] = self.book.add_format({"font_size": LETTER_POINTS, **props})
        return self._letter_formats[key]

    def arithmetic(self, b: PoolBasis) -> str:
        """ "Hemsjukvård: 1 246 av 15 072 personer. 4 200 000 kr × 1 246 / 15 072 = 347 213,38 kr,
        avrundat nedåt till 347 213 kr." The exact share written out, so a calculator gives
        the same (a rate rounded to öre times the count did not: #23.8)."""
        lang = self.lang
        exact = Fraction(b.amount * b.key, b.total_key * b.scale)
        floor = Fraction(b.floor, b.scale)
        paid = Fraction(b.floor + b.extra, b.scale)
        share = self.t(
            "letter_share",
            pool=b.pool,
            # As the column holds it, with its decimals: the same fraction as in key units.
            count=texts.number(b.shown(b.key), lang, b.decimals or None),
            total=texts.number(b.shown(b.total_key), lang, b.decimals or None),
            unit=word(b.words.unit, lang),
            amount=self.kronor(Fraction(b.amount, b.scale)),
            exact=self.kronor(exact),
        )
        if b.scale != 1:
            rounded = self.t("letter_rounded_ore", paid=self.kronor(paid))
        elif exact == paid:
            rounded = self.t("letter_rounded_none")
        elif b.extra == 0:
            rounded = self.t("letter_rounded_down", paid=self.kronor(paid))
        else:
            rounded = self.t("letter_rounded_up", paid=self.kronor(paid), floor=self.kronor(floor))
        return f"{share} {rounded}"

    def kronor(self, value: Fraction) -> str:
        """An amount as the letter writes it: whole units without decimals, else to the öre
        (half up), in integers: "347 213,38 kr"."""
        currency = self.dataset.grant.currency_word
        if value.denominator == 1:
            return f"{texts.number(int(value), self.lang)} {currency}"
        whole, cents = divmod((value * 100 + Fraction(1, 2)).__floor__(), 100)
        return f"{texts.number(whole, self.lang)}{',' if self.lang == 'sv' else '.'}{cents:02d} {currency}"

    def rounding_words(self) -> str:
        """The rounding of the pools split by share alone, in words (those with rules say theirs)."""
        recipients = self.dataset.grant.recipients
        nouns = word(recipients.plural, self.lang) if recipients is not None else self.t("letter_nouns")
        if all(b.scale != 1 for b in self.basis if not b.rules):
            return self.t("letter_rounding_words_ore")
        if self.dataset.grant.rounding == "floor":
            return self.t("letter_rounding_words_floor")
        return self.t("letter_rounding_words", nouns=nouns)

    @property
    def deadline(self) -> str:
        deadline = self.dataset.grant.follow_up_deadline
        return deadline.isoformat() if deadline else "-"

    def banner(self, sheet: Worksheet, row: int) -> None:
        if self.dataset.grant.example_data:
            sheet.write_string(row, 0, self.t("example_banner"), self.styles.banner)

    def decision_text(self) -> str:
        return self.dataset.grant.decision.describe(self.lang)

    def write_payout(self, sheet: Worksheet) -> None:
        s = self.styles
        grant = self.dataset.grant
        sheet.write_string(0, 0, self.t("basis_title", centre=self.centre.name, title=grant.title), s.title)
        sheet.write_string(1, 0, self.decision_text(), s.subtitle)
        self.banner(sheet, 2)
        facts = [
            (self.t("col_centre"), self.centre.name),
            (self.t("col_centre_id"), self.centre.id),
            (self.t("centre_organisation"), grant.organisation),
            (self.t("centre_year"), str(grant.year)),
        ]
        for offset, (label, value) in enumerate(facts):
            sheet.write_string(INFO_ROW + offset, 0, label, s.total_label)
            sheet.write_string(INFO_ROW + offset, 1, value, s.text)
        self.book.define_name(CENTRE_ID_NAME, "=" + ref(self.payout_name, ID_ROW, 1, True))
        # The amounts' unit: the currency, or it and its hundredth where a pool is split in those.
        money = self.t("money_or_hundredths") if any(b.scale != 1 for b in self.basis) else grant.currency_word
        labels = {
            "pool": self.t("col_pool"),
            "amount": self.t("centre_col_amount", money=money),
            "total_key": self.t("col_total_key"),
            "unit": self.t("col_unit"),
            "rate": self.t("centre_col_rate", money=money),
            "key": self.t("centre_col_key"),
            "quota": self.t("centre_col_quota", money=money),
            "floor": self.t("centre_col_floor", money=money),
            "extra": self.t("centre_col_extra", money=money),
            "scale": self.t("centre_col_scale"),
            "payout": self.t("centre_col_payout"),
            "key_scale": self.t("centre_col_key_scale"),
        }
        widths = {"pool": 30, "unit": 10}
        for name, col in COL.items():
            sheet.write_string(BASIS_HEADER, col, labels[name], s.header)
            sheet.set_column(col, col, widths.get(name, 15))
        sheet.set_row(BASIS_HEADER, 45)
        for p, b in enumerate(self.basis):
            row = BASIS_FIRST + p
            formulas = basis_formulas(row)
            money, money_fraction = (s.kronor, s.kronor_fraction) if b.scale == 1 else (s.ore, s.ore_fraction)
            sheet.write_string(row, COL["pool"], b.pool, s.text)
            sheet.write_number(row, COL["amount"], b.amount, money)
            sheet.write_number(row, COL["total_key"], b.total_key, s.count)
            sheet.write_string(row, COL["unit"], word(b.words.unit, self.lang), s.text)
            sheet.write_formula(
                row, COL["rate"], formulas["rate"], money_fraction, float(Fraction(b.amount, b.total_key))
            )
            sheet.write_number(row, COL["key"], b.key, s.count)
            sheet.write_formula(row, COL["quota"], formulas["quota"], money_fraction, b.amount * b.key / b.total_key)
            sheet.write_formula(row, COL["floor"], formulas["floor"], money, b.floor)
            sheet.write_number(row, COL["extra"], b.extra, money)
            sheet.write_number(row, COL["scale"], b.scale, s.count)
            sheet.write_formula(
                row, COL["payout"], formulas["payout"], s.kronor if b.scale == 1 else s.kronor_fraction, b.payout
            )
            sheet.write_number(row, COL["key_scale"], b.key_scale, s.count)
        last = total_row(len(self.basis))
        sheet.write_string(last, 0, self.t("centre_total"), s.total_label)
        sheet.write_formula(last, COL["payout"], basis_total_formula(len(self.basis)), s.total_kronor, self.total)
        text_row = last + 2
        last_col = max(COL.values())
        explanations = (self.t("centre_explain_1"), self.payout_words(), *self.key_words(), self.t("centre_explain_3"))
        for offset, explained in enumerate(explanations):
            row = text_row + offset
            sheet.merge_range(row, 0, row, last_col, "", s.wrap)
            sheet.write_string(row, 0, explained, s.wrap)
            sheet.set_row(row, 48)
        sheet.print_area(0, 0, text_row + len(explanations) - 1, last_col)
        self.print_setup(sheet)
        protect(sheet)

    def payout_words(self) -> str:
        """How the payouts of this file's pools came about, for the rules they use: largest
        remainder, rounding down, or the decision's own rules (each rounded on its own, ...)."""
        kinds = [
            "centre_explain_2_rules"
            if b.rules
            else "centre_explain_2_floor"
            if result.pool.rounding == "floor"
            else "centre_explain_2"
            for b, result in zip(self.basis, self.results)  # centre_basis: one per result, in order
        ]
        return " ".join(self.t(kind) for kind in dict.fromkeys(kinds))

    def key_words(self) -> list[str]:
        """Per pool keyed by a decimal column, what its key units are: the basis holds 1 304 061
        of 4 100 919, the column 13,04061 of 41,00919 procent (the letter shows the latter)."""
        lang = self.lang
        return [
            self.t(
                "centre_explain_key_scale",
                pool=b.pool,
                scale=texts.number(b.key_scale, lang),
                unit=word(b.words.unit, lang),
                count=texts.number(b.key, lang),
                total=texts.number(b.total_key, lang),
                shown=texts.number(b.shown(b.key), lang, b.decimals),
                shown_total=texts.number(b.shown(b.total_key), lang, b.decimals),
            )
            for b in self.basis
            if b.key_scale != 1
        ]

    @property
    def total(self) -> int | float:
        return sum(b.payout for b in self.basis)

    def print_setup(self, sheet: Worksheet, portrait: bool = False, one_page: bool = True) -> None:
        """A4, one page wide; portrait for the letter (one page, as a letter is) and the form."""
        sheet.set_paper(9)  # A4
        if portrait:
            sheet.set_portrait()
            sheet.fit_to_pages(1, 1 if one_page else 0)
        else:
            sheet.set_landscape()
            sheet.fit_to_pages(1, 0)
        sheet.set_header(page_line(self.centre.name, self.dataset.grant.title, bold_left=True))
        sheet.set_footer(page_line(self.centre.id, self.t("page"), right_codes=" &P / &N"))

    def write_follow_up(self, sheet: Worksheet) -> None:
        """The form read top to bottom (``layout.CentreForm``): who, what was received, per
        category what was used, the total and what is left, then description, contact, date."""
        s = self.styles
        grant = self.dataset.grant
        categories = grant.follow_up_categories
        form = CentreForm(categories)
        value = FORM_VALUE_COL
        deadline = grant.follow_up_deadline.isoformat() if grant.follow_up_deadline else "-"
        # Two columns a page wide: the title wraps within them, the labels carry no rule.
        title = self.book.add_format({"font_name": "Calibri", "bold": True, "font_size": 16, "text_wrap": True})
        label = self.book.add_format({"font_name": "Calibri", "bold": True, "valign": "top", "text_wrap": True})
        sheet.merge_range(0, 0, 0, value, self.t("follow_up_title", title=grant.title), title)
        sheet.set_row(0, 42)
        sheet.merge_range(1, 0, 1, value, self.t("follow_up_help", deadline=deadline), s.wrap)
        sheet.set_row(1, 34)
        self.banner(sheet, 2)
        sheet.set_column(FORM_LABEL_COL, FORM_LABEL_COL, 52)
        sheet.set_column(value, value, 30)
        totals = (form.used, form.left)
        labels = [
            (FORM_ID_ROW, "col_centre_id"),
            (FORM_NAME_ROW, "col_centre"),
            (FORM_RECEIVED_ROW, "col_received_kr"),
            (form.used, "col_used_total_kr"),
            (form.left, "form_left_kr"),
            (form.text["contact"][0], "col_contact"),
            (form.text["date"][0], "col_reported_on"),
        ]
        for row, key in labels:
            sheet.write_string(row, FORM_LABEL_COL, self.t(key), s.total_label if row in totals else label)
        sheet.write_string(FORM_ID_ROW, value, self.centre.id, s.text)
        sheet.write_string(FORM_NAME_ROW, value, self.centre.name, s.wrap)
        sheet.write_string(FORM_HEADING_ROW, FORM_LABEL_COL, self.t("form_category_heading"), s.header)
        sheet.write_string(FORM_HEADING_ROW, value, self.t("form_amount_heading"), s.header)
        for offset, category in enumerate(categories):
            sheet.write_string(FORM_FIRST_CATEGORY + offset, FORM_LABEL_COL, category.name, s.wrap)
        sheet.write_string(form.description_label, FORM_LABEL_COL, self.t("col_description"), label)
        description, _ = form.text["description"]
        sheet.merge_range(description, FORM_LABEL_COL, description, value, "", s.input_text)
        sheet.set_row(description, 150)
        # The description is written into the merged cell's first cell, where its name points.
        used = write_entry_cells(sheet, form.cells(), self.entry, categories, s)
        formulas = form.formulas(len(self.basis), self.payout_name)
        computed = {FORM_RECEIVED_ROW: self.total, form.used: used, form.left: self.total - used}
        for (row, col), formula in formulas.items():
            sheet.write_formula(row, col, formula, s.total_kronor if row in totals else s.kronor, computed[row])
        sheet.conditional_format(
            form.left, value, form.left, value, {"type": "cell", "criteria": "<", "value": 0, "format": s.negative}
        )
        validate_follow_up(
            sheet,
            (FORM_FIRST_CATEGORY, value, form.used - 1, value) if categories else None,
            {name: (row, col, row, col) for name, (row, col) in form.text.items()},
            grant.year,
            self.t,
        )
        for name, (row, col) in form.names().items():
            self.book.define_name(name, "=" + ref(self.follow_up_name, row, col, True))
        sheet.print_area(0, 0, form.last_row, value)
        self.print_setup(sheet, portrait=True, one_page=False)
        protect(sheet)


def protect(sheet: Worksheet) -> None:
    # No password: against accidental edits only; the yellow follow-up cells stay unlocked.
    sheet.protect("", {"format_columns": True, "format_rows": True})


def write_centre_file(path: Path, build: BuildContext, index: int, signer: Signer | None = None) -> Path:
    """Write centre ``index``'s workbook to ``path`` (the caller makes it atomic); ``signer`` signs its seal."""
    dataset, lang = build.dataset, build.lang
    centre = dataset.centres[index]
    basis = centre_basis(build.results, index)
    # In memory: a small book costs half as much without XlsxWriter's dozen temporary files;
    # the zip too, written to the file at once (on a file, each member's header is written,
    # sought back to and written again).
    packed = io.BytesIO()
    book = fastsheet.Workbook(packed, {**WORKBOOK_OPTIONS, "in_memory": True})
    book.set_properties(
        {
            "title": texts.text("centre_payout_title", lang, centre=centre.name, title=dataset.grant.title),
            "subject": texts.text("properties_subject", lang),
            "author": "grantsheet",
            "comments": texts.text("properties_comment", lang, version=build.version),
            "created": dataset.built_from,
        }
    )
    book.set_custom_property(KIND_PROPERTY, CENTRE)
    for prop, setting in fileformat.properties(CENTRE).items():
        book.set_custom_property(prop, setting)
    book.set_custom_property(CENTRE_ID_PROPERTY, centre.id)
    book.set_custom_property(LANG_PROPERTY, lang)
    book.set_custom_property(YEAR_PROPERTY, str(dataset.grant.year))
    if build.base_id is not None:
        book.set_custom_property(BASE_PROPERTY, build.base_id)
    grant = grant_identity(dataset.grant)
    book.set_custom_property(GRANT_PROPERTY, grant)
    book.set_custom_property(FORM_PROPERTY, form_seal(grant, str(dataset.grant.year), centre.id))
    book.set_calc_mode("auto")
    writer = CentreWriter(book, build, index)
    writer.write()
    # How the letter, the basis and the form show what they hold, the centre's own entries
    # aside (#26.6): kept in the file and sealed with the basis, so verify tells a cell shown
    # as another amount, hidden or left off the paper.
    own = {writer.follow_up_name: CentreForm(dataset.grant.follow_up_categories).cells().values()}
    shown = presentation_text(presentation(sheet, own.get(sheet.name, ())) for sheet in written_sheets(book))
    for prop, piece in view_properties(shown).items():
        book.set_custom_property(prop, piece)
    sealed = seal(centre.id, centre.name, [basis_tuple(b) for b in basis], shown)
    book.set_custom_property(SEAL_PROPERTY, sealed)
    if signer is not None:  # as the master's seal (#26.7): the file alone tells whose build it is
        book.set_custom_property(SIGNER_PROPERTY, signer.public)
        book.set_custom_property(SIGNATURE_PROPERTY, signer.sign(sealed.encode("ascii")))
    book.close()
    path.write_bytes(packed.getbuffer())
    return path


LETTER_POINTS = 10  # the letter's body text
# About how many characters of body text fill one line of the letter (LETTER_WIDTHS at 10 pt).
LETTER_LINE = 92


def _mid_sentence(title: str) -> str:
    """A title as it reads inside a sentence: "Statsbidrag för ..." -> "statsbidrag för ...",
    an acronym ("SÄBO-bidrag") left as it is."""
    if len(title) > 1 and title[0].isupper() and title[1].islower():
        return title[0].lower() + title[1:]
    return title
