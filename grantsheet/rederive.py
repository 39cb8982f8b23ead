"""Re-derive a master workbook's allocation from its own parameters and input sheets.

Only typed cells are read (pool amounts, the input rows, the centres' ids and names),
never cached formula results: those are missing from files saved by tools that cannot
compute (openpyxl), and they are what ``verify`` has to check. Works in either language.
"""

from __future__ import annotations

from dataclasses import dataclass
from pathlib import Path

import openpyxl

from grantsheet import texts
from grantsheet.allocate import PoolAllocation, largest_remainder
from grantsheet.tables import TABLES
from grantsheet.write import TABLE_TOP


@dataclass(frozen=True)
class DerivedPool:
    name: str
    table: str  # input table whose counts are the key
    amount: int
    allocation: PoolAllocation


@dataclass(frozen=True)
class Derived:
    centre_ids: tuple[str, ...]  # calculation order
    centre_names: tuple[str, ...]
    pools: tuple[DerivedPool, ...]
    calc_header_row: int  # zero-based row of the calculation sheet's centre table header


def _labels(key: str, **params: object) -> set[str]:
    return {texts.text(key, lang, **params) for lang in ("sv", "en")}


def _sheet(book, key: str):
    names = _labels(key)
    name = next((n for n in book.sheetnames if n in names), None)
    if name is None:
        raise ValueError(f"the workbook has no sheet {sorted(names)}")
    return book[name]


def _int(value: object) -> int:
    if isinstance(value, bool) or not isinstance(value, (int, float)) or not float(value).is_integer():
        raise ValueError(f"{value!r} is not a whole number")
    return int(value)


def rederive(master: Path) -> Derived:
    book = openpyxl.load_workbook(master, read_only=True)
    try:
        table_of_key = {label: name for name in TABLES for label in _labels(f"key_{name}")}
        pools_raw = []
        for values in _sheet(book, "sheet_parameters").iter_rows(min_row=TABLE_TOP + 2, values_only=True):
            if not values or values[0] in (None, ""):
                break
            pools_raw.append((str(values[0]), _int(values[1]), table_of_key[str(values[2])]))
        keys_by_table: dict[str, dict[str, int]] = {}
        for table in {t for _, _, t in pools_raw}:
            spec = TABLES[table]
            sheet = _sheet(book, f"sheet_input_{table}")
            rows = sheet.iter_rows(min_row=TABLE_TOP + 1, values_only=True)
            header = [str(v) if v is not None else "" for v in next(rows, ())]
            key_labels = _labels(f"col_{table}_{spec.key_field}")
            key_col = next(i for i, h in enumerate(header) if h in key_labels)
            totals: dict[str, int] = {}
            for values in rows:
                if not values or values[0] in (None, ""):
                    break
                totals[str(values[0])] = totals.get(str(values[0]), 0) + _int(values[key_col])
            keys_by_table[table] = totals
        ids, names, header_row = [], [], -1
        id_labels = _labels("col_centre_id")
        for row, values in enumerate(_sheet(book, "sheet_calculation").iter_rows(values_only=True)):
            if header_row < 0:
                if values and values[0] in id_labels:
                    header_row = row
                continue
            if not values or values[0] in (None, ""):
                break
            ids.append(str(values[0]))
            names.append(str(values[1] or ""))
        pools = tuple(
            DerivedPool(name, table, amount,
                        largest_remainder(amount, [keys_by_table[table].get(i, 0) for i in ids]))
            for name, amount, table in pools_raw)
        return Derived(tuple(ids), tuple(names), pools, header_row)
    finally:
        book.close()
