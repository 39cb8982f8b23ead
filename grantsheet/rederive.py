"""Re-derive a master workbook's allocation from its own parameters and input sheets.

Only typed cells are read (pool amounts, the input rows, the centres' ids and names),
never cached formula results: those are missing from files saved by tools that cannot
compute (openpyxl), and they are what ``verify`` has to check. Works in either language.
"""

from __future__ import annotations

from fractions import Fraction
from pathlib import Path
from typing import Any, NamedTuple

from grantsheet import texts
from grantsheet.allocate import (
    ROUNDS_BY_SIDE,
    PoolAllocation,
    Split,
    integer_keys,
    own_keys,
    split_pool,
    threshold_eligibility,
)
from grantsheet.fileformat import ROUNDING_BY_ID
from grantsheet.grant import ELIGIBILITY, EQUAL, MEDIAN, ROUNDING_METHODS, TIES, WEIGHTS, Pool
from grantsheet.layout import (
    CALCULATION,
    PARAMETERS,
    POOL_COLUMNS,
    ROUNDING_PROPERTY,
    SEAL_SHEET,
    TABLE_TOP,
    calc_header_row,
    rule_pool_columns,
)
from grantsheet.readback import OutputBook, workbook_info
from grantsheet.tables import EQUAL_WORDS, NO_WORDS, TABLES, TableSpec, Words, column_labels, key_labels, sheet_labels


class DerivedPool(NamedTuple):
    name: str
    table: str  # input table whose counts are the key
    amount: int | float
    allocation: PoolAllocation
    scale: int = 1  # money units per krona (100 for a pool rounded in öre)
    unit: Words = NO_WORDS  # the key's unit, as its table declares it
    columns: tuple[str, ...] = POOL_COLUMNS  # the pool's columns on the calculation sheet
    split: Split | None = None  # the rounds and bounds of a pool with rules
    key_scale: int = 1  # key units per unit of the key's column
    rounding: str = "largest_remainder"  # the pool's rounding rule (grant.ROUNDING_METHODS)

    @property
    def keys(self) -> tuple[int | Fraction, ...]:
        """Each centre's own key as its column holds it (``allocate.own_keys``)."""
        return own_keys(self.split, self.allocation, self.key_scale)

    @property
    def paid(self) -> tuple[int | float, ...]:
        payouts = self.allocation.payouts
        return payouts if self.scale == 1 else tuple(p / self.scale for p in payouts)


class Derived(NamedTuple):
    centre_ids: tuple[str, ...]  # calculation order
    centre_names: tuple[str, ...]
    pools: tuple[DerivedPool, ...]
    calc_header_row: int  # zero-based row of the calculation sheet's centre table header

    def column(self, pool_index: int, name: str) -> int:
        """The calculation sheet's column of ``name`` in the pool's columns."""
        start = 2 + sum(len(pool.columns) for pool in self.pools[:pool_index])
        return start + self.pools[pool_index].columns.index(name)

    @property
    def total_column(self) -> int:
        return 2 + sum(len(pool.columns) for pool in self.pools)


def _sheet(book: OutputBook, key: str) -> str:
    name = book.sheet_named(key)
    if name is None:
        raise ValueError(f"the workbook has no sheet {sorted(texts.all_labels(key))}")
    return name


def _int(value: object) -> int:
    if isinstance(value, bool) or not isinstance(value, (int, float)) or not float(value).is_integer():
        raise ValueError(f"{value!r} is not a whole number")
    return int(value)


def _exact(value: object) -> int | Fraction:
    """A key cell's number exactly: a whole number, or a decimal read by its shortest repr (as
    ``validate.parse_decimal`` reads an input file)."""
    if isinstance(value, float) and not value.is_integer():
        return Fraction(repr(value))
    return _int(value)


def _lookup(prefix: str, choices: tuple[str, ...]) -> dict[str, str]:
    return {label: choice for choice in choices for label in texts.all_labels(f"{prefix}_{choice}")}


def _key_labels(specs: dict[str, TableSpec]) -> dict[str, tuple[str, str]]:
    """Key label on the parameters sheet -> (table, field)."""
    found: dict[str, tuple[str, str]] = {}
    for name, spec in specs.items():
        for field in spec.key_fields:
            for label in key_labels(spec, field):
                found.setdefault(label, (name, field))
    return found


def declared_specs(book: OutputBook) -> dict[str, TableSpec]:
    """The tables the master's grant file declared: only its seal says what their columns are."""
    from grantsheet.seal import SealError, parse, seal_text

    if SEAL_SHEET not in book.sheetnames:
        return {}
    try:
        dataset = parse(seal_text(book.rows(SEAL_SHEET))).dataset
    except SealError:
        return {}
    return {name: table.spec for name, table in dataset.tables.items() if table.spec.declared}


def rederive(master: Path) -> Derived:
    """The allocation again from the workbook's typed cells: pool settings and amounts (and a rate)
    on the parameters sheet, counts (and months) on the input sheets; for "region_run"
    eligibility the typed 1/0 of the calculation sheet (the register is not in the workbook)."""
    with OutputBook(master) as book:
        return derive(book)


def derive(book: OutputBook) -> Derived:
    """``rederive`` of a master already open."""
    specs = dict(TABLES)
    key_of = _key_labels(specs)
    info = workbook_info(book.path)
    written_in = info.format
    rounding_ids = _rounding_ids(info.rounding, written_in)
    # Frozen words are read when a master is: a build's start-up does not load them.
    from grantsheet.frozen_labels import MASTER_WORDS_BEFORE_7

    rounding_of = {
        label: choice
        for choice in ROUNDING_METHODS
        for label in texts.labels_before(f"rounding_{choice}", MASTER_WORDS_BEFORE_7)
    }
    eligible_of = _lookup("eligible", ELIGIBILITY)
    weight_of = _lookup("weight", WEIGHTS)
    yes = texts.all_labels("yes")
    ties_of = _lookup("ties", TIES)
    median = texts.all_labels("median")
    equal = set(EQUAL_WORDS.name)
    pools_raw: list[Pool] = []
    for values in book.rows(_sheet(book, PARAMETERS), min_row=TABLE_TOP + 2):
        if not values or values[0] in (None, ""):
            break
        values = tuple(values) + (None,) * 18
        if str(values[2]) not in equal:
            if str(values[2]) not in key_of and len(specs) == len(TABLES):
                specs.update(declared_specs(book))
                key_of = _key_labels(specs)
        table, field = key_of[str(values[2])] if str(values[2]) not in equal else (EQUAL, "")
        rate = _int(values[5]) if values[5] not in (None, "") else None
        settings: dict[str, Any] = {
            "id": f"p{len(pools_raw)}",
            "name": str(values[0]),
            "amount": _money(values[1]),
            "key": table,
            "line": 0,
            "key_field": field,
            "rounding": (
                rounding_of.get(str(values[4]), "largest_remainder")
                if rounding_ids is None
                else _rounding_id(rounding_ids, len(pools_raw))
            ),
            "rate": rate,
            "cap": rate is None or str(values[6]) in yes,
            "eligible": eligible_of.get(str(values[7]), "all"),
            "weight": weight_of.get(str(values[8]), "none"),
        }
        pools_raw.append(Pool(**(settings | _rules(values[9:18], ties_of, median))))
    needed = {(p.key, p.field, p.weight) for p in pools_raw if p.key != EQUAL}
    needed |= {(*p.eligible_column.split("."), "none") for p in pools_raw if p.eligible_column}  # type: ignore[misc]
    if any(p.eligible == "has_bed_places" for p in pools_raw):
        needed.add(("bed_places", "places", "none"))
    keys_by: dict[tuple[str, str, str], dict[str, int | Fraction]] = {}
    scales: dict[tuple[str, str, str], int] = {}
    for table, field, weight in needed:
        spec = specs[table]
        titles = sheet_labels(spec)
        sheet = next((name for name in book.sheetnames if name in titles), None)
        if sheet is None:
            raise ValueError(f"the workbook has no sheet {sorted(titles)}")
        rows = iter(book.rows(sheet, min_row=TABLE_TOP + 1))
        header = [str(v) if v is not None else "" for v in next(rows, ())]
        key_col = next(i for i, h in enumerate(header) if h in column_labels(spec, field))
        months_labels = column_labels(spec, spec.months_field) if spec.months_field else set()
        months_col = next((i for i, h in enumerate(header) if h in months_labels), None)
        totals: dict[str, int | Fraction] = {}
        values_read: list[int | Fraction] = []
        for values in rows:
            if not values or values[0] in (None, ""):
                break
            count = _exact(values[key_col])
            values_read.append(count)
            if weight == "months":
                months = values[months_col] if months_col is not None else None
                count *= 12 if months in (None, "") else _int(months)
            totals[str(values[0])] = totals.get(str(values[0]), 0) + count
        keys_by[(table, field, weight)] = totals
        scales[(table, field, weight)] = integer_keys(values_read)[1]
    ids, names, header_row, typed_eligible = [], [], -1, []
    id_labels = texts.all_labels("col_centre_id")
    for row, values in enumerate(book.rows(_sheet(book, CALCULATION))):
        if header_row < 0:
            if values and (values[0] in id_labels or row == calc_header_row(len(pools_raw))):
                header_row = row
            continue
        if not values or values[0] in (None, ""):
            break
        ids.append(str(values[0]))
        names.append(str(values[1] or ""))
        typed_eligible.append(values)
    pools = []
    start = 2  # the pool's first column on the calculation sheet
    for pool in pools_raw:
        scale = 1
        if pool.key == EQUAL:
            keys = [1] * len(ids)
        else:
            scale = scales[(pool.key, pool.field, pool.weight)]
            keys = [int(keys_by[(pool.key, pool.field, pool.weight)].get(i, 0) * scale) for i in ids]
        eligible = [1] * len(ids)
        if pool.eligible == "has_bed_places":
            places = keys_by[("bed_places", "places", "none")]
            eligible = [1 if places.get(i, 0) > 0 else 0 for i in ids]
        elif pool.eligible == "region_run":
            eligible = [_int(values[start]) for values in typed_eligible]  # the pool's first column
        elif pool.eligible == "threshold":
            table, field = pool.eligible_column.split(".")
            found = keys_by[(table, field, "none")]
            eligible = list(threshold_eligibility([found.get(i) for i in ids], pool.at_least, pool.at_most))
        keys = [k * e for k, e in zip(keys, eligible)]
        done = split_pool(pool, keys, eligible, ids, written_in)
        columns: tuple[str, ...] = POOL_COLUMNS
        if pool.has_rules:
            each = pool.rounding == "each"
            lot = pool.ties == "lot" and not each
            threshold = pool.eligible == "threshold"
            sides = pool.minimum is not None and pool.maximum is not None and written_in >= ROUNDS_BY_SIDE
            columns = rule_pool_columns(len(done.rounds), threshold, lot, pool.fixed is not None, each, sides)
        unit = specs[pool.key].key_words(pool.field).unit if pool.key != EQUAL else NO_WORDS
        allocation = done.allocation
        pools.append(
            DerivedPool(
                pool.name,
                pool.key,
                pool.shown_amount,
                allocation,
                pool.scale,
                unit,
                columns,
                done,
                scale,
                pool.rounding,
            )
        )
        start += len(columns)
    return Derived(tuple(ids), tuple(names), tuple(pools), header_row)


def _rounding_ids(found: str | None, written_in: int) -> list[str] | None:
    """The pools' rounding rules by id, from a master of format 7 on (``layout.ROUNDING_PROPERTY``);
    None for an earlier master, whose rules are read by their names on the parameters sheet."""
    if written_in < ROUNDING_BY_ID:
        return None
    ids = (found or "").split(",")
    unknown = [i for i in ids if i not in ROUNDING_METHODS]
    if unknown:
        raise ValueError(f"the property {ROUNDING_PROPERTY} names no rounding rule {unknown}")
    return ids


def _rounding_id(ids: list[str], pool: int) -> str:
    if pool >= len(ids):
        raise ValueError(f"the property {ROUNDING_PROPERTY} names fewer pools than the parameters sheet")
    return ids[pool]


def _rules(values: tuple, ties_of: dict[str, str], median: set[str]) -> dict[str, object]:
    """A pool's rules from the parameters sheet's columns 9 on (write.RULE_PARAMETERS): fixed,
    minimum, maximum, unit, ties, seed, the threshold's column and its bounds."""
    fixed, minimum, maximum, unit, ties, seed, column, at_least, at_most = values
    rules: dict[str, object] = {
        name: _money(value)
        for name, value in (("fixed", fixed), ("minimum", minimum), ("maximum", maximum), ("unit", unit))
        if value not in (None, "")
    }
    if ties not in (None, ""):
        rules["ties"] = ties_of.get(str(ties), "order")
    if seed not in (None, ""):
        rules["seed"] = _int(seed)
    if column not in (None, ""):
        rules |= {"eligible": "threshold", "eligible_column": str(column)}
        for name, bound in (("at_least", at_least), ("at_most", at_most)):
            if bound not in (None, ""):
                rules[name] = MEDIAN if str(bound) in median else _money(bound)
    return rules


def _money(value: object) -> int | Fraction:
    """A typed amount exactly: a whole number, or one with its (at most two) decimals."""
    if isinstance(value, float) and not value.is_integer():
        return Fraction(repr(value))
    return _int(value)
