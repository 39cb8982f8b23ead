"""Read an input table from a workbook or CSV file into raw rows with provenance.

Only structure is decided here: which sheet, which row is the header, which column
is which field, which rows are data. Values stay as the file holds them; turning
them into counts, names and dates is ``validate``'s job.
"""

from __future__ import annotations

import csv
import io
import re
import zipfile
from dataclasses import dataclass
from pathlib import Path

from openpyxl.utils.cell import get_column_letter

from grantsheet import pii
from grantsheet.errors import Location, Problem, problem, warning
from grantsheet.tables import TableSpec, normalize_heading

HEADER_SEARCH_ROWS = 30
_SUMMARY_LABEL = re.compile(r"^(summa|totalt|total|totalsumma|sum|totals?)\b", re.IGNORECASE)
_LEGACY_MAGIC = b"\xd0\xcf\x11\xe0"


@dataclass(frozen=True)
class RawRow:
    """One data row as found: values by field, and the cell each came from."""

    row: int  # 1-based row number in the sheet
    values: dict[str, object]
    cells: dict[str, str]

    def location(self, table: "RawTable", field: str | None = None) -> Location:
        cell = self.cells[field] if field else f"A{self.row}"
        return Location(table.file, table.sheet, cell)


@dataclass(frozen=True)
class RawTable:
    spec: TableSpec
    file: str
    sheet: str | None  # None for CSV
    header_row: int
    rows: tuple[RawRow, ...]


Grid = list[tuple[object, ...]]


def read_table(path: Path, spec: TableSpec, problems: list[Problem]) -> RawTable | None:
    """Find ``spec``'s table in the file; append problems; None if it cannot be read."""
    grids = _load_grids(path, problems)
    if grids is None:
        return None
    located = _find_header(path.name, grids, spec, problems)
    if located is None:
        return None
    sheet, header_row, columns = located
    shown_sheet = sheet if _is_workbook(path) else None
    rows = _data_rows(path.name, shown_sheet, grids[sheet], header_row, columns, problems)
    return RawTable(spec, path.name, shown_sheet, header_row + 1, tuple(rows))


def _is_workbook(path: Path) -> bool:
    return path.suffix.lower() in (".xlsx", ".xlsm")


def _load_grids(path: Path, problems: list[Problem]) -> dict[str, Grid] | None:
    """Every visible sheet's cell values, row by row."""
    where = Location(path.name)
    if not path.is_file():
        problems.append(problem("file_missing", where))
        return None
    suffix = path.suffix.lower()
    if suffix == ".csv":
        return _load_csv(path, problems)
    with path.open("rb") as handle:
        magic = handle.read(4)
    if magic == _LEGACY_MAGIC:
        problems.append(problem("file_legacy_or_encrypted", where))
        return None
    if suffix not in (".xlsx", ".xlsm") or not zipfile.is_zipfile(path):
        problems.append(problem("file_not_spreadsheet", where, suffix=suffix or "-"))
        return None
    return _load_xlsx(path, problems)


def _load_xlsx(path: Path, problems: list[Problem]) -> dict[str, Grid] | None:
    from openpyxl import load_workbook

    try:
        # read_only streams rows: a sheet whose formatting reaches row 1 048 576
        # is read in a fraction of a second instead of half a minute.
        book = load_workbook(path, read_only=True, data_only=True)
    except Exception as error:  # openpyxl raises many types for a damaged file
        problems.append(problem("file_unreadable", Location(path.name), detail=type(error).__name__))
        return None
    try:
        return {
            sheet.title: [tuple(row) for row in sheet.iter_rows(values_only=True)]
            for sheet in book.worksheets
            if sheet.sheet_state == "visible"
        }
    finally:
        book.close()


def _load_csv(path: Path, problems: list[Problem]) -> dict[str, Grid] | None:
    data = path.read_bytes()
    for encoding in ("utf-8-sig", "cp1252"):
        try:
            text = data.decode(encoding)
            break
        except UnicodeDecodeError:
            continue
    else:  # cp1252 decodes almost anything; this is for the few bytes it does not
        problems.append(problem("file_unreadable", Location(path.name), detail="encoding"))
        return None
    first_line = text.split("\n", 1)[0]
    # Swedish Excel saves CSV with ";" because "," is the decimal separator.
    delimiter = ";" if first_line.count(";") >= first_line.count(",") else ","
    rows = [tuple(cell if cell != "" else None for cell in row)
            for row in csv.reader(io.StringIO(text), delimiter=delimiter)]
    return {path.stem: rows}


def _find_header(file: str, grids: dict[str, Grid], spec: TableSpec,
                 problems: list[Problem]) -> tuple[str, int, dict[str, int]] | None:
    """The sheet, 0-based header row and field -> column index of ``spec``'s table."""
    if not grids:
        problems.append(problem("no_visible_sheet", Location(file)))
        return None
    named_first = sorted(grids, key=lambda name: normalize_heading(name) not in spec.sheet_names)
    best_guess: tuple[str, int, list[str]] | None = None
    for sheet in named_first:
        for index, row in enumerate(grids[sheet][:HEADER_SEARCH_ROWS]):
            columns = _match_headings(row, spec)
            if all(c.field in columns for c in spec.columns if c.required):
                return sheet, index, columns
            found = [str(v).strip() for v in row if v is not None and str(v).strip()]
            if columns and (best_guess is None or len(found) > len(best_guess[2])):
                best_guess = (sheet, index, found)
    expected = ", ".join(f"\"{c.headings[0]}\"" for c in spec.columns if c.required)
    if best_guess is None:
        problems.append(problem("header_not_found", Location(file, named_first[0]),
                                expected=expected, rows=HEADER_SEARCH_ROWS))
        return None
    sheet, index, found = best_guess
    columns = _match_headings(grids[sheet][index], spec)
    missing = ", ".join(f"\"{c.headings[0]}\"" for c in spec.columns if c.required and c.field not in columns)
    problems.append(problem("missing_columns", Location(file, sheet, f"A{index + 1}"),
                            missing=missing, found=", ".join(f"\"{h}\"" for h in found)))
    return None


def _match_headings(row: tuple[object, ...], spec: TableSpec) -> dict[str, int]:
    columns: dict[str, int] = {}
    for index, value in enumerate(row):
        if value is None:
            continue
        heading = normalize_heading(value)
        for column in spec.columns:
            if column.field not in columns and heading in column.headings:
                columns[column.field] = index
                break
    return columns


def _data_rows(file: str, sheet: str | None, grid: Grid, header_row: int, columns: dict[str, int],
               problems: list[Problem]) -> list[RawRow]:
    rows = []
    letters = {field: get_column_letter(index + 1) for field, index in columns.items()}
    for index in range(header_row + 1, len(grid)):
        values = grid[index]
        number = index + 1
        filled = [v for v in values if v is not None and str(v).strip() != ""]
        if not filled:
            continue
        if _is_summary(filled[0]):
            problems.append(warning("summary_row_skipped", Location(file, sheet, f"A{number}"),
                                    label=str(filled[0]).strip()))
            continue
        _refuse_personal_ids(file, sheet, number, values, problems)
        rows.append(RawRow(
            row=number,
            values={field: values[col] if col < len(values) else None for field, col in columns.items()},
            cells={field: f"{letters[field]}{number}" for field in columns},
        ))
    return rows


def _is_summary(first_value: object) -> bool:
    return isinstance(first_value, str) and bool(_SUMMARY_LABEL.match(first_value.strip()))


def _refuse_personal_ids(file: str, sheet: str | None, number: int, values: tuple[object, ...],
                         problems: list[Problem]) -> None:
    # The value itself is never put into the message: it must not leak anywhere.
    for col, value in enumerate(values):
        if pii.looks_like_personal_id(value):
            cell = f"{get_column_letter(col + 1)}{number}"
            problems.append(problem("personal_id", Location(file, sheet, cell)))
