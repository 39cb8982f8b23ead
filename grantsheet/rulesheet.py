"""The calculation sheet's part of a pool with rules (docs/rules.md): one formula per column,
the same down every row, each cell written with the value Python computed for it.

An auditor reads, left to right: the eligibility test, the key, the fixed part, per round of
the minimum and maximum the exact quota's floor and remainder and whether the row is held
there, then the split of the rest in units of the payout unit and the payout.

Every exact quotient ``floor(P × k / K)`` is written in steps that keep each product below
2^53, where a spreadsheet's doubles stop holding every integer: with ``P = A·K + B``
(``B < K <= 10^10``) and ``k = kh·base + kl`` (``base`` = 100 000), the floor is
``A·k + base·q1 + q2`` where ``B·kh = q1·K + r1`` and ``r1·base + B·kl = q2·K + r2``, and ``r2``
is the remainder. No product passes 2·10^15, and no cell holds a number of more than 15
digits (LibreOffice saves 15 significant digits): the cells are q1, r1, the floor and r2.
Each quotient of two exact integers is ``INT`` corrected by one where the engine's rounding
of the division reached the next integer.
"""

from __future__ import annotations

from fractions import Fraction
from functools import cache
from typing import TYPE_CHECKING

from grantsheet.allocate import ROUNDS_BY_SIDE
from grantsheet.layout import (
    ORE_PER_KRONA,
    POOL_BLOCK,
    SPLIT_BASE,
    SPLIT_BASE_VALUE,
    ref,
    rule_pool_columns,
    span,
)

if TYPE_CHECKING:
    from xlsxwriter.worksheet import Worksheet

    from grantsheet.allocate import PoolResult, Round
    from grantsheet.write import MasterWriter

BASE = SPLIT_BASE_VALUE


def rule_sides(result: PoolResult, written_in: int) -> bool:
    """Whether the pool's rounds weigh the minimum's side against the maximum's (both bounds,
    a master of format 4 on)."""
    pool = result.pool
    return pool.minimum is not None and pool.maximum is not None and written_in >= ROUNDS_BY_SIDE


def columns_of(result: PoolResult, written_in: int) -> tuple[str, ...]:
    """The calculation sheet's columns of a pool with rules."""
    pool, split = result.pool, result.split
    assert split is not None
    return rule_pool_columns(
        len(split.rounds),
        pool.eligible == "threshold",
        pool.ties == "lot" and pool.rounding != "each",
        pool.fixed is not None,
        pool.rounding == "each",
        rule_sides(result, written_in),
    )


def fq(x: str, k: str) -> str:
    """The exact floor of ``x / k`` for integers below 2^53 (``k`` > 0)."""
    return f"(INT(({x})/{k})-IF(({x})-INT(({x})/{k})*{k}<0,1,0))"


def steps(whole: int, rest: int, divisor: int, key: int) -> tuple[int, int, int, int]:
    """Python's q1, r1, floor and remainder of ``(whole·divisor + rest)·key / divisor``, as the
    formulas compute them (``divisor`` 0 counts as 1)."""
    d = divisor or 1
    high, low = divmod(key, BASE)
    part, r1 = divmod(rest * high, d)
    q2, r2 = divmod(r1 * BASE + rest * low, d)
    return part, r1, whole * key + BASE * part + q2, r2


class RuleColumns:
    """Writes one pool with rules onto the calculation sheet of ``writer``."""

    def __init__(self, writer: MasterWriter, pool_index: int, result: PoolResult) -> None:
        self.w, self.p, self.result = writer, pool_index, result
        self.pool = pool = result.pool
        assert result.split is not None
        self.split = result.split
        self.rounds = len(self.split.rounds)
        self.sides = rule_sides(result, writer.format)
        self.columns = columns_of(result, writer.format)
        self.money = f"*{ORE_PER_KRONA}" if result.scale != 1 else ""
        self.amount = self.units(pool.amount_name)
        self.fixed = self.units(pool.rule_name("fixed")) if pool.fixed is not None else ""
        self.minimum = self.units(pool.rule_name("minimum")) if pool.minimum is not None else ""
        self.maximum = self.units(pool.rule_name("maximum")) if pool.maximum is not None else ""
        self.step = self.units(pool.rule_name("unit")) if pool.step != 1 else ""
        self.block = {name: 1 + i for i, name in enumerate(POOL_BLOCK)}
        self.block |= {name: 1 + len(POOL_BLOCK) + i for i, name in enumerate(writer.rule_block)}

    def units(self, name: str) -> str:
        """A parameter in the pool's money units: öre are the kronor (with cents) times 100, rounded,
        since 0,07 × 100 is not 7 in a double."""
        return f"ROUND({name}{self.money},0)" if self.money else name

    # -- references ---------------------------------------------------------------

    # The same references for every row: looked up once (a national sheet asks for them 10^5 times).
    @cache  # noqa: B019 - one RuleColumns per pool and build
    def col(self, name: str) -> int:
        return self.w.pool_col(self.p, name)

    def cell(self, row: int, name: str) -> str:
        return ref(None, row, self.col(name))

    @cache  # noqa: B019
    def span(self, name: str) -> str:
        return span(None, self.w.first, self.col(name), self.w.last, self.col(name))

    @cache  # noqa: B019
    def at(self, name: str) -> str:
        """A pool-level cell of the block."""
        return self.w.pool_cell(self.p, self.block[name])

    def bound_span(self, number: int) -> str:
        return self.span(f"bound_{number}")

    def held_off(self, number: int, base: str) -> str:
        """``base`` less what the rows held before round ``number`` took (minimum or maximum,
        above their fixed part): what the rows still sharing share by key."""
        text = base
        if number > 1:
            fixed = f"-{self.fixed}" if self.fixed else ""
            if self.minimum:
                text += f"-({self.minimum}{fixed})*COUNTIF({self.bound_span(number - 1)},-1)"
            if self.maximum:
                text += f"-({self.maximum}{fixed})*COUNTIF({self.bound_span(number - 1)},1)"
        return text

    # -- the pool block -------------------------------------------------------------

    def block_cells(self) -> list[tuple[int, str, object]]:
        """(block column, formula, value) of the pool's cells before the common totals."""
        allocation, split = self.result.allocation, self.split
        eligible = self.span("eligible")
        base = self.amount + (f"-{self.fixed}*SUM({eligible})" if self.fixed else "")
        cells: list[tuple[int, str, object]] = []
        last = self.rounds
        distribute = self.amount
        if last and (self.minimum or self.maximum):
            bound = self.bound_span(last)
            fixed = f"-{self.fixed}*COUNTIFS({eligible},1,{bound},0)" if self.fixed else ""
            distribute += fixed
            distribute += f"-{self.minimum}*COUNTIF({bound},-1)" if self.minimum else ""
            distribute += f"-{self.maximum}*COUNTIF({bound},1)" if self.maximum else ""
        else:
            distribute = base
        distribute = f"=({distribute})/{self.step}" if self.step else f"={distribute}"
        total, leftover = self.at("total_key"), self.at("leftover")
        remainders = self.span("remainder")
        floors = sum(allocation.floors)
        each = self.pool.rounding == "each"
        if self.pool.rounding in ("floor", "each"):
            threshold, threshold_value = f"={total}", allocation.total_key
        else:
            threshold = f"=IF({leftover}=0,0,LARGE({remainders},{leftover}))"
            threshold_value = allocation.threshold
        above = sum(1 for r in allocation.remainders if r > threshold_value)
        rate = Fraction(allocation.amount * self.pool.step, (allocation.total_key or 1) * self.result.scale)
        rate_formula = f"={self.at('distribute')}/MAX({total},1)"
        rate_formula += (f"*{self.step}" if self.step else "") + (f"/{ORE_PER_KRONA}" if self.money else "")
        cells += [
            (self.block["distribute"], distribute, allocation.amount),
            (self.block["total_key"], f"=SUM({self.span('sharing')})", allocation.total_key),
            (self.block["floor_sum"], f"=SUM({self.span('floor')})", floors),
            (self.block["leftover"], f"={self.at('distribute')}-{self.at('floor_sum')}", allocation.amount - floors),
            (self.block["threshold"], threshold, threshold_value),
            (self.block["above"], f'=COUNTIF({remainders},">"&{self.at("threshold")})', above),
            (
                self.block["ties_needed"],
                f"={leftover}-{self.at('above')}",
                allocation.amount - floors - above if not each else allocation.amount - floors - above,
            ),
            (self.block["rate"], rate_formula, float(rate)),
        ]
        cells += self.limit_cells()
        d, k = allocation.amount, allocation.total_key
        whole = d // k if k else 0
        cells += [
            (self.block["per_key"], f"=IF({total}=0,0,{fq(self.at('distribute'), total)})", whole),
            (self.block["per_key_rest"], f"={self.at('distribute')}-{self.at('per_key')}*{total}", d - whole * k),
        ]
        for number, done in enumerate(split.rounds, start=1):
            rest, key = f"round_rest_{number}", f"round_key_{number}"
            keys = self.span("key")
            key_formula = f"=SUM({keys})" if number == 1 else f"=SUMIFS({keys},{self.bound_span(number - 1)},0)"
            whole = done.rest // done.key if done.key else 0
            cells += [
                (self.block[rest], "=" + self.held_off(number, base), done.rest),
                (self.block[key], key_formula, done.key),
                (
                    self.block[f"round_per_key_{number}"],
                    f"=IF({self.at(key)}=0,0,{fq(self.at(rest), self.at(key))})",
                    whole,
                ),
                (
                    self.block[f"round_per_key_rest_{number}"],
                    f"={self.at(rest)}-{self.at(f'round_per_key_{number}')}*{self.at(key)}",
                    done.rest - whole * done.key,
                ),
            ]
            if self.sides:
                cells += self.side_cells(number, done)
        return cells

    def side_cells(self, number: int, done: Round) -> list[tuple[int, str, object]]:
        """A round's weighing of the two sides (allocate.round_side): the whole units of the
        quotas outside beyond their bounds (negative below the minimum), the sum of their
        remainders, and the side held: -1 those below, 1 those above, 0 both."""
        out, floors, rems = self.span(f"out_{number}"), self.span(f"floor_{number}"), self.span(f"remainder_{number}")
        fixed = f"-{self.fixed}" if self.fixed else ""
        gap = (
            f"=SUMIFS({floors},{out},1)-({self.maximum}{fixed})*COUNTIF({out},1)"
            f"+SUMIFS({floors},{out},-1)-({self.minimum}{fixed})*COUNTIF({out},-1)"
        )
        rests = f"=SUMIFS({rems},{out},1)+SUMIFS({rems},{out},-1)"
        g, r, key = (
            self.at(f"round_gap_{number}"),
            self.at(f"round_rests_{number}"),
            f"MAX({self.at(f'round_key_{number}')},1)",
        )
        whole = fq(r, key)
        side = f"=IF({g}+{whole}<0,-1,IF(OR({g}+{whole}>0,{r}-{whole}*{key}>0),1,0))"
        return [
            (self.block[f"round_gap_{number}"], gap, done.gap),
            (self.block[f"round_rests_{number}"], rests, done.remainders),
            (self.block[f"round_side_{number}"], side, done.side),
        ]

    def rounds_enough(self) -> tuple[str, bool]:
        """The check that the book's rounds reach the fixed point (docs/rules.md): no eligible
        row left sharing by key has a final quota, in payout units ``floor + remainder / key``,
        below the minimum or above the maximum (each less the fixed part). The formula as the
        Checks sheet writes it, and whether it holds for the values written."""
        allocation, split = self.result.allocation, self.split
        column = self.w.calc_span  # on the Checks sheet: the calculation sheet's columns by name
        criteria = f"{column(self.col('eligible'))},1"
        criteria += f",{column(self.col(f'bound_{self.rounds}'))},0" if self.rounds else ""
        floors, rems = column(self.col("floor")), column(self.col("remainder"))
        fixed = f"-{self.fixed}" if self.fixed else ""
        step = f"/{self.step}" if self.step else ""
        tests = []
        passed = True
        sharing = [e and not b for e, b in zip(split.eligible, split.bound or (0,) * len(split.eligible))]
        floors_of = [f for f, s in zip(allocation.floors, sharing) if s]
        rems_of = [r for r, s in zip(allocation.remainders, sharing) if s]
        rule = split.rule
        if self.minimum:
            low = f"({self.minimum}{fixed}){step}"
            tests.append(f'COUNTIFS({criteria},{floors},"<"&{low})')
            if rule.minimum is not None and rule.minimum > rule.fixed:
                units = (rule.minimum - rule.fixed) // rule.step
                passed = passed and all(f >= units for f in floors_of)
        if self.maximum:
            high = f"({self.maximum}{fixed}){step}"
            tests.append(f'COUNTIFS({criteria},{floors},">"&{high})')
            tests.append(f'COUNTIFS({criteria},{floors},{high},{rems},">0")')
            if rule.maximum is not None:
                units = (rule.maximum - rule.fixed) // rule.step
                passed = passed and all(f < units or f == units and r == 0 for f, r in zip(floors_of, rems_of))
        return "+".join(tests) + "=0", passed

    def limit_cells(self) -> list[tuple[int, str, object]]:
        """The eligibility limits in the value column's whole units: the median of the values,
        or the grant's number times the column's power of ten (rounded inwards)."""
        pool = self.pool
        if pool.eligible != "threshold":
            return []
        from grantsheet.allocate import median

        cells: list[tuple[int, str, object]] = []
        values = [v for v in self.w.rule_values(self.result) if v is not None]
        for name, bound, param in (("lower_limit", pool.at_least, 16), ("upper_limit", pool.at_most, 17)):
            if bound is None:
                continue
            if bound == "median":
                formula, value = f"=MEDIAN({self.span('value')})", median(values) if values else 0
            else:
                scaled = Fraction(bound) * self.w.rule_scale(self.result)
                cell = ref(self.w.names["parameters"], self.w.parameter_row(self.p), param, True)
                product = f"ROUND({cell}*{pool.rule_name('scale')},6)"
                if name == "lower_limit":
                    formula, value = f"=-INT(-{product})", -((-scaled.numerator) // scaled.denominator)
                else:
                    formula, value = f"=INT({product})", scaled.numerator // scaled.denominator
            cells.append((self.block[name], formula, float(value) if isinstance(value, Fraction) else value))
        return cells

    # -- one row ----------------------------------------------------------------------

    def write_row(self, sheet: Worksheet, row: int, index: int) -> None:
        """Every cell of the pool in the centre's ``row`` (``index`` in calculation order)."""
        s, w = self.w.styles, self.w
        allocation, split, pool = self.result.allocation, self.split, self.pool
        c = {name: self.cell(row, name) for name in self.columns}
        units = s.count
        write = sheet.write_formula
        eligible = self.result.eligible[index] if self.result.eligible else 1
        if pool.eligible == "threshold":
            value_formula, value = w.rule_value_formula(self.result, index)
            if value_formula:
                write(row, self.col("value"), value_formula, s.count, value)
                tests = []
                if pool.at_least is not None:
                    tests.append(f"{c['value']}>={self.at('lower_limit')}")
                if pool.at_most is not None:
                    tests.append(f"{c['value']}<={self.at('upper_limit')}")
                write(row, self.col("eligible"), f"=IF(AND({','.join(tests)}),1,0)", s.count, eligible)
            else:  # no rows in the value's table: no value, not eligible
                sheet.write_blank(row, self.col("value"), None, s.count)
                sheet.write_number(row, self.col("eligible"), eligible, s.count)
        else:
            formula = w.eligible_formula(self.result, index)
            if formula:
                write(row, self.col("eligible"), formula, s.count, eligible)
            else:
                sheet.write_number(row, self.col("eligible"), eligible, s.count)
        key = split.keys[index]
        key_formula = w.rule_key_formula(self.result, index, c["eligible"])
        if key_formula is None:
            sheet.write_number(row, self.col("key"), 0, s.count)
        else:
            write(row, self.col("key"), key_formula, s.count, key)
        if "draw" in c:
            sheet.write_number(row, self.col("draw"), self.split.rule.draw[index], s.count)
        fixed_value = pool.units(pool.fixed) * eligible
        if self.fixed:
            write(row, self.col("fixed"), f"={c['eligible']}*{self.fixed}", units, fixed_value)
        previous = None
        for number, done in enumerate(split.rounds, start=1):
            whole = done.rest // done.key if done.key else 0
            values = steps(whole, done.rest - whole * done.key, done.key, key)
            self.write_steps(
                sheet,
                row,
                f"_{number}",
                c["key"],
                f"round_per_key_{number}",
                f"round_key_{number}",
                values,
                f"round_per_key_rest_{number}",
            )
            floor, remainder = self.cell(row, f"floor_{number}"), self.cell(row, f"remainder_{number}")
            test = "0"
            fixed = f"-{self.fixed}" if self.fixed else ""
            if self.maximum:
                high = f"({self.maximum}{fixed})"
                test = f"IF(OR({floor}>{high},AND({floor}={high},{remainder}>0)),1,0)"
            if self.minimum:
                test = f"IF({floor}<({self.minimum}{fixed}),-1,{test})"
            formula = f"IF({c['eligible']}=0,0,{test})"
            if self.sides:  # where the quota lies, then whether this round's side holds it
                out = self.cell(row, f"out_{number}")
                if previous is not None:
                    formula = f"IF({previous}<>0,0,{formula})"
                write(row, self.col(f"out_{number}"), "=" + formula, s.count, done.out[index])
                side = self.at(f"round_side_{number}")
                formula = f"IF(OR({side}=0,{out}={side}),{out},0)"
            if previous is not None:
                formula = f"IF({previous}<>0,{previous},{formula})"
            write(row, self.col(f"bound_{number}"), "=" + formula, s.count, done.bound[index])
            previous = self.cell(row, f"bound_{number}")
        sharing = allocation.keys[index]
        sharing_formula = f"=IF({previous}=0,{c['key']},0)" if previous else f"={c['key']}"
        write(row, self.col("sharing"), sharing_formula, s.count, sharing)
        d, k = allocation.amount, allocation.total_key
        whole = d // k if k else 0
        values = steps(whole, d - whole * k, k, sharing)
        self.write_steps(sheet, row, "", c["sharing"], "per_key", "total_key", values, "per_key_rest")
        step = f"{self.step}*" if self.step else ""
        fixed = f"{c['fixed']}+" if self.fixed else ""
        exact = f"{fixed}{step}{self.at('distribute')}*{c['sharing']}/MAX({self.at('total_key')},1)"
        exact_value = fixed_value + Fraction(pool.step * d * sharing, k or 1)
        payout = f"{fixed}{step}({c['floor']}+{c['extra']})"
        bound = split.bound[index] if split.bound else 0
        if previous:
            held = "{rest}"
            if self.maximum:
                held = f"IF({previous}=1,{self.maximum},{held})"
            if self.minimum:
                held = f"IF({previous}=-1,{self.minimum},{held})"
            exact, payout = held.format(rest=exact), held.format(rest=payout)
            if bound:
                exact_value = Fraction(allocation.base[index])
        write(row, self.col("quota"), "=" + exact, s.kronor_fraction if not self.money else units, float(exact_value))
        if "ties" in c:
            threshold, rems = self.at("threshold"), self.span("remainder")
            if "draw" in c:
                ties = f'=COUNTIFS({rems},{threshold},{self.span("draw")},"<="&{c["draw"]})'
            else:
                ties = f"=IF({c['remainder']}={threshold},1,0)+N({ref(None, row - 1, self.col('ties'))})"
            write(row, self.col("ties"), ties, s.count, allocation.tie_counts[index])
            extra = (
                f"=IF(OR({c['remainder']}>{threshold},AND({c['remainder']}={threshold},"
                f"{c['ties']}<={self.at('ties_needed')})),1,0)"
            )
        else:
            extra = f"=IF(2*{c['remainder']}>=MAX({self.at('total_key')},1),1,0)"
        write(row, self.col("extra"), extra, s.count, allocation.extras[index])
        payout_formula = f"=({payout})/{ORE_PER_KRONA}" if self.money else f"={payout}"
        write(row, self.col("payout"), payout_formula, w.money(self.result), self.result.paid[index])

    def write_steps(
        self,
        sheet: Worksheet,
        row: int,
        suffix: str,
        key: str,
        whole: str,
        divisor: str,
        values: tuple[int, int, int, int],
        rest: str,
    ) -> None:
        """The four quotient/remainder steps of ``floor(P × key / K)`` in ``row``."""
        s = self.styles
        whole, rest, divisor = self.at(whole), self.at(rest), f"MAX({self.at(divisor)},1)"
        high = f"{rest}*INT({key}/{SPLIT_BASE})"
        part, part_rest = self.cell(row, f"part{suffix}"), self.cell(row, f"part_rest{suffix}")
        floor = self.cell(row, f"floor{suffix}")
        carry = f"{part_rest}*{SPLIT_BASE}+{rest}*({key}-{SPLIT_BASE}*INT({key}/{SPLIT_BASE}))"
        formulas = (
            "=" + fq(high, divisor),
            f"={high}-{divisor}*{part}",
            f"={whole}*{key}+{SPLIT_BASE}*{part}+{fq(carry, divisor)}",
            f"={carry}-{divisor}*({floor}-{whole}*{key}-{SPLIT_BASE}*{part})",
        )
        for name, formula, value in zip(("part", "part_rest", "floor", "remainder"), formulas, values):
            sheet.write_formula(row, self.col(f"{name}{suffix}"), formula, s.count, value)

    @property
    def styles(self):  # noqa: ANN201 - the writer's Styles
        return self.w.styles
