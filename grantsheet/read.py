"""Read an input table from a workbook or CSV file into raw rows with provenance.

Only structure is decided here: which sheet, which row is the header, which column
is which field, which rows are data. Values stay as the file holds them; turning
them into counts, names and dates is ``validate``'s job.

A file is first judged by ``safety.inspect_file`` (kind, size, zip bomb, XML
declarations); only then does a parser see it. A workbook sheet is read in one
streaming pass (``xlsx``) that also sees hidden rows, merged cells, and formula
cells without a computed value. What the reader cannot read unambiguously it refuses
with a located problem:

- data is never taken from a hidden sheet, nor from hidden or filtered-out rows;
- a formula cell without a calculated value is never read as 0 (or as empty);
- a merged cell over data is read only where it is unambiguous (one text column,
  e.g. a centre's name merged over its homes' rows), and then said so;
- a cell that looks like a personnummer is refused and never quoted.
"""

from __future__ import annotations

import bisect
import csv
import io
import re
from pathlib import Path
from typing import NamedTuple

from grantsheet import pii, safety, xlsx
from grantsheet.errors import Location, Problem, problem, warning
from grantsheet.tables import TEXT, TableSpec, normalize_heading
from grantsheet.xlsx import Sheet, column_letter

HEADER_SEARCH_ROWS = 30
# A sheet this small is read whole at once: reading its head first would only read it twice.
WHOLE_SHEET_BYTES = 1024 * 1024
MAX_PROBLEMS_OF_A_KIND = 50  # per file; beyond it one line says how many more there were
# A sheet whose formatting reaches this far past its last data row is reported.
FAR_EXTENT_ROWS = 1000
_SUMMARY_LABEL = re.compile(r"^(summa|totalt|total|totalsumma|sum|totals?)\b", re.IGNORECASE)


class RawRow(NamedTuple):
    """One data row as found: values by field, and the cell each came from."""

    row: int  # 1-based row number in the sheet
    values: dict[str, object]
    cells: dict[str, str]

    def location(self, table: RawTable, field: str | None = None) -> Location:
        cell = self.cells[field] if field else f"A{self.row}"
        return Location(table.file, table.sheet, cell)


class RawTable(NamedTuple):
    spec: TableSpec
    file: str
    sheet: str | None  # None for CSV
    header_row: int
    rows: tuple[RawRow, ...]
    data_range: str | None = None  # e.g. "A4:D120": where the rows read stand


def read_table(path: Path, spec: TableSpec, problems: list[Problem]) -> RawTable | None:
    """Find ``spec``'s table in the file; append problems; None if it cannot be read."""
    found: list[Problem] = []
    try:
        return _read_table(path, spec, found)
    finally:
        problems.extend(cap_problems(found))


def _read_table(path: Path, spec: TableSpec, problems: list[Problem]) -> RawTable | None:
    return _with_source(path, problems, lambda source: _read_source(source, spec, problems))


def _with_source(path: Path, problems: list[Problem], read):
    """``read(source)`` of the file at ``path`` (a workbook or a CSV file), checked for size
    and kind first; None, with the problem appended, when it cannot be read."""
    where = Location(path.name)
    if not path.is_file():
        problems.append(problem("file_missing", where))
        return None
    kind, refusal = safety.inspect_file(path)
    if refusal is not None:
        problems.append(problem(refusal.kind, where, **refusal.params))
        return None
    unreadable = "csv_unreadable" if kind == safety.CSV else "file_unreadable"
    try:
        source = _CsvSource(path) if kind == safety.CSV else _XlsxSource(path)
    except _Unreadable as error:
        problems.append(problem(unreadable, where, detail=error.detail))
        return None
    try:
        return read(source)
    except _Unreadable as error:
        problems.append(problem(unreadable, where, detail=error.detail))
        return None
    finally:
        source.close()


class SheetHead(NamedTuple):
    """A sheet's first rows that hold something, as the readers see them: (row, values)."""

    title: str
    rows: tuple[tuple[int, tuple[object, ...]], ...]


def sheet_heads(path: Path, problems: list[Problem], rows: int = 12) -> list[SheetHead]:
    """The visible sheets of a workbook (a CSV file's one) with their first ``rows`` rows:
    what the page shows of a table dropped to be declared. Read as ``read_table`` reads,
    with its refusals; a sheet holding a personal identity number is refused, never shown."""

    def heads(source: _Source) -> list[SheetHead]:
        found = []
        for title in source.visible():
            sheet, before = (title if source.is_workbook else None), len(problems)
            if source.is_workbook and pii.looks_like_personal_id(title):
                problems.append(problem("personal_id_sheet_name", Location(source.file)))
                continue
            first = source.head(title).rows[:rows]
            for number, values in first:
                _refuse_personal_ids(source.file, sheet, number, values, problems)
            if len(problems) == before:
                found.append(SheetHead(title, tuple(first)))
        return found

    return _with_source(path, problems, heads) or []


def _read_source(source: _Source, spec: TableSpec, problems: list[Problem]) -> RawTable | None:
    file = source.file
    for title in source.titles():
        if pii.looks_like_personal_id(title):
            problems.append(problem("personal_id_sheet_name", Location(file)))
            return None
    located = _find_header(source, spec, problems)
    if located is None:
        return None
    title, header_row, columns = located
    sheet = source.sheet(title)
    shown_sheet = title if source.is_workbook else None
    rows = _data_rows(file, shown_sheet, sheet, header_row, columns, spec, source.uncalculated, problems)
    data_range = _data_range(header_row, columns, rows)
    last = rows[-1].row if rows else header_row
    if sheet.extent > last + FAR_EXTENT_ROWS:
        problems.append(
            warning(
                "sheet_extent_far",
                Location(file, shown_sheet),
                extent=sheet.extent,
                range=data_range or f"{column_letter(1)}{header_row}",
            )
        )
    return RawTable(spec, file, shown_sheet, header_row, tuple(rows), data_range)


# --- sources: a workbook or a CSV file ----------------------------------------------------


class _Unreadable(Exception):
    """The parser failed on a damaged file; reported as ``file_unreadable``."""

    def __init__(self, detail: str) -> None:
        super().__init__(detail)
        self.detail = detail


class _Source:
    file: str
    is_workbook: bool
    uncalculated = False  # formula values in the file were never calculated (fullCalcOnLoad)

    def titles(self) -> list[str]:
        raise NotImplementedError

    def visible(self) -> list[str]:
        raise NotImplementedError

    def hidden(self) -> list[str]:
        return []

    def head(self, title: str) -> Sheet:
        """At least the first HEADER_SEARCH_ROWS rows: enough to find a header."""
        raise NotImplementedError

    def sheet(self, title: str) -> Sheet:
        raise NotImplementedError

    def close(self) -> None:
        pass


class _CsvSource(_Source):
    is_workbook = False

    def __init__(self, path: Path) -> None:
        self.file = path.name
        self._sheet = Sheet(path.stem, _csv_rows(path.read_bytes()))

    def titles(self) -> list[str]:
        return []

    def visible(self) -> list[str]:
        return [self._sheet.title]

    def head(self, title: str) -> Sheet:
        return self._sheet

    def sheet(self, title: str) -> Sheet:
        return self._sheet


_DELIMITERS = (";", ",", "\t")


def _csv_rows(data: bytes) -> list[tuple[int, tuple[object, ...]]]:
    text = _decode(data)
    lines = text.splitlines()[:HEADER_SEARCH_ROWS]
    # Swedish Excel saves CSV with ";" because "," is the decimal separator; "Unicode
    # text" is tab-separated. The most frequent one in the first lines wins, ";" on a tie.
    counts = {d: sum(line.count(d) for line in lines) for d in _DELIMITERS}
    delimiter = max(_DELIMITERS, key=lambda d: counts[d])
    try:
        parsed = list(csv.reader(io.StringIO(text, newline=""), delimiter=delimiter))
    except csv.Error as error:  # e.g. a field over the csv module's size limit
        raise _Unreadable(str(error)) from None
    rows: list[tuple[int, tuple[object, ...]]] = []
    for number, row in enumerate(parsed, start=1):
        values = tuple(cell if cell.strip() != "" else None for cell in row)
        if any(value is not None for value in values):
            rows.append((number, values))
    return rows


def _decode(data: bytes) -> str:
    if data.startswith((b"\xff\xfe", b"\xfe\xff")):
        encodings: tuple[str, ...] = ("utf-16",)
    else:
        encodings = ("utf-8-sig", "cp1252")
    for encoding in encodings:
        try:
            return data.decode(encoding)
        except UnicodeDecodeError:
            continue
    # cp1252 decodes almost anything; this is for the five bytes it does not.
    raise _Unreadable("UTF-8, UTF-16, cp1252")


class _XlsxSource(_Source):
    """A workbook; each sheet parsed by a streaming pass when needed."""

    is_workbook = True

    def __init__(self, path: Path) -> None:
        self.file = path.name
        try:
            self._book = xlsx.Workbook(path)
        except Exception as error:  # a damaged package: zip, XML, missing parts ...
            raise _Unreadable(type(error).__name__) from None
        self.uncalculated = self._book.uncalculated
        self._sheets = {entry.title: entry for entry in self._book.sheets}
        self._heads: dict[str, Sheet] = {}
        self._full: dict[str, Sheet] = {}

    def titles(self) -> list[str]:
        return list(self._sheets)

    def visible(self) -> list[str]:
        return [title for title, entry in self._sheets.items() if entry.visible]

    def hidden(self) -> list[str]:
        return [title for title, entry in self._sheets.items() if not entry.visible]

    def head(self, title: str) -> Sheet:
        if title in self._full or self._sheets[title].size <= WHOLE_SHEET_BYTES:
            return self.sheet(title)
        if title not in self._heads:
            self._heads[title] = self._parse(title, HEADER_SEARCH_ROWS)
        return self._heads[title]

    def sheet(self, title: str) -> Sheet:
        if title not in self._full:
            self._full[title] = self._parse(title, None)
        return self._full[title]

    def _parse(self, title: str, row_limit: int | None) -> Sheet:
        try:
            return self._book.parse(self._sheets[title], row_limit)
        except Exception as error:  # a damaged sheet: expat, defusedxml, bad references ...
            raise _Unreadable(type(error).__name__) from None

    def close(self) -> None:
        self._book.close()


# --- the header ---------------------------------------------------------------------------


def _find_header(source: _Source, spec: TableSpec, problems: list[Problem]) -> tuple[str, int, dict[str, int]] | None:
    """The sheet, 1-based header row and field -> column index of ``spec``'s table.

    Every visible sheet is searched. One table found: read it. Several: the one on a
    sheet named as expected ("Listade 80+"), else refused as ambiguous. None: say why.
    """
    file = source.file
    visible = source.visible()
    found = [(title, located) for title in visible if (located := _header_in(source.head(title), spec))]
    if len(found) > 1:
        named = [item for item in found if normalize_heading(item[0]) in spec.sheet_names]
        if len(named) != 1:
            problems.append(
                problem(
                    "several_tables",
                    Location(file, found[1][0]),
                    sheets=_quoted(title for title, _ in found),
                    expected=f'"{spec.sheet_names[0].capitalize()}"',
                )
            )
            return None
        found = named
    hidden_with_table = [title for title in source.hidden() if _header_in(source.head(title), spec)]
    if found:
        ((title, (header_row, columns)),) = found
        for hidden in hidden_with_table:
            problems.append(warning("hidden_sheet_ignored", Location(file, hidden), sheet=title))
        return title, header_row, columns
    if hidden_with_table:
        problems.append(problem("sheet_hidden", Location(file, hidden_with_table[0])))
        return None
    if not visible:
        problems.append(problem("no_visible_sheet", Location(file)))
        return None
    if all(not source.head(t).rows and not source.head(t).truncated for t in visible):
        problems.append(problem("workbook_empty", Location(file)))
        return None
    _report_no_header(source, spec, visible, problems)
    return None


def _header_in(sheet: Sheet, spec: TableSpec) -> tuple[int, dict[str, int]] | None:
    for number, row in sheet.rows:
        if number > HEADER_SEARCH_ROWS:
            break
        columns = _match_headings(row, spec)
        if all(c.field in columns for c in spec.columns if c.required):
            return number, columns
    return None


def _report_no_header(source: _Source, spec: TableSpec, visible: list[str], problems: list[Problem]) -> None:
    file = source.file
    named_first = sorted(visible, key=lambda name: normalize_heading(name) not in spec.sheet_names)
    best: tuple[str, int, list[str], dict[str, int]] | None = None
    for title in named_first:
        for number, row in source.head(title).rows:
            if number > HEADER_SEARCH_ROWS:
                break
            columns = _match_headings(row, spec)
            headings = [pii.redact(str(v).strip()) for v in row if v is not None and str(v).strip()]
            if columns and (best is None or len(headings) > len(best[2])):
                best = (title, number, headings, columns)
    shown = named_first[0] if source.is_workbook else None
    expected = ", ".join(f'"{c.headings[0]}"' for c in spec.columns if c.required)
    if best is None:
        problems.append(problem("header_not_found", Location(file, shown), expected=expected, rows=HEADER_SEARCH_ROWS))
        if source.is_workbook and len(visible) > 1:
            problems.append(problem("header_not_found_in", Location(file), sheets=_quoted(visible)))
        return
    title, number, headings, columns = best
    missing = ", ".join(f'"{c.headings[0]}"' for c in spec.columns if c.required and c.field not in columns)
    problems.append(
        problem(
            "missing_columns",
            Location(file, title if source.is_workbook else None, f"A{number}"),
            missing=missing,
            found=", ".join(f'"{h}"' for h in headings),
        )
    )


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


def _quoted(names) -> str:
    return ", ".join(f'"{name}"' for name in names)


# --- data rows ----------------------------------------------------------------------------


def _data_rows(
    file: str,
    sheet_name: str | None,
    sheet: Sheet,
    header_row: int,
    columns: dict[str, int],
    spec: TableSpec,
    uncalculated: bool,
    problems: list[Problem],
) -> list[RawRow]:
    letters = {field: column_letter(index + 1) for field, index in columns.items()}
    by_column = {index: field for field, index in columns.items()}
    headings = {index: spec.column(field).headings for index, field in by_column.items()}
    watched = bool(sheet.formulas or sheet.errors)
    content = dict(sheet.rows)
    for number, row_values in sheet.rows:  # title block and unmapped columns too: nothing leaks
        _refuse_personal_ids(file, sheet_name, number, row_values, problems)
    data_numbers = sorted(n for n in sheet.content_rows() if n > header_row)
    fills = _merged_fills(file, sheet_name, sheet, header_row, by_column, spec, content, data_numbers, problems)
    rows = []
    hidden: list[int] = []
    for number in data_numbers:
        values: list[object] = list(content.get(number, ()))
        for col, value in fills.get(number, {}).items():
            values.extend([None] * (col + 1 - len(values)))
            values[col] = value
        filled = [v for v in values if v is not None and str(v).strip() != ""]
        if filled and _is_summary(filled[0]):
            problems.append(
                warning(
                    "summary_row_skipped",
                    Location(file, sheet_name, f"A{number}"),
                    label=pii.redact(str(filled[0]).strip()),
                )
            )
            continue
        if filled and _is_repeated_header(values, headings):
            problems.append(warning("header_repeated", Location(file, sheet_name, f"A{number}")))
            continue
        if number in sheet.hidden_rows:
            hidden.append(number)
            continue
        if watched and not _cells_readable(file, sheet_name, sheet, number, by_column, letters, uncalculated, problems):
            continue
        rows.append(
            RawRow(
                row=number,
                values={field: values[col] if col < len(values) else None for field, col in columns.items()},
                cells={field: f"{letters[field]}{number}" for field in columns},
            )
        )
    if hidden:
        problems.append(
            problem(
                "rows_filtered" if sheet.filtered else "rows_hidden",
                Location(file, sheet_name, f"A{hidden[0]}"),
                rows=_row_ranges(hidden),
                count=len(hidden),
            )
        )
    return rows


def _merged_fills(
    file: str,
    sheet_name: str | None,
    sheet: Sheet,
    header_row: int,
    by_column: dict[int, str],
    spec: TableSpec,
    content: dict[int, tuple[object, ...]],
    data_numbers: list[int],
    problems: list[Problem],
) -> dict[int, dict[int, object]]:
    """Values a merged cell gives the rows it covers, where that is unambiguous.

    Excel keeps a merged cell's value in its top-left cell only. A range down one text
    column (a centre's name merged over its homes) means that name on every row: filled
    in, with a warning. Any other merge over data (a count over several rows, a range
    across columns, one reaching up into the header) is refused.
    """
    fills: dict[int, dict[int, object]] = {}  # row -> column -> value
    for min_col, min_row, max_col, max_row in sheet.merged:
        if max_row <= header_row or not any(min_col <= col + 1 <= max_col for col in by_column):
            continue
        start = bisect.bisect_left(data_numbers, min_row)
        end = bisect.bisect_right(data_numbers, max_row)
        covered = data_numbers[start:end]
        if not covered:
            continue
        ref = f"{column_letter(min_col)}{min_row}:{column_letter(max_col)}{max_row}"
        field = by_column.get(min_col - 1)
        single_text = (
            min_col == max_col and min_row > header_row and field is not None and spec.column(field).kind == TEXT
        )
        if not single_text or field is None:
            problems.append(problem("merged_cells", Location(file, sheet_name, ref)))
            continue
        top = content.get(min_row, ())
        value = top[min_col - 1] if min_col - 1 < len(top) else None
        for number in covered:
            if number != min_row:
                fills.setdefault(number, {})[min_col - 1] = value
        problems.append(
            warning("merged_cells_filled", Location(file, sheet_name, ref), heading=spec.column(field).headings[0])
        )
    return fills


def _cells_readable(
    file: str,
    sheet_name: str | None,
    sheet: Sheet,
    number: int,
    by_column: dict[int, str],
    letters: dict[str, str],
    uncalculated: bool,
    problems: list[Problem],
) -> bool:
    """Refuse a formula without a calculated value, and a cell showing an error, in the table."""
    ok = True
    for col, field_name in by_column.items():
        cell = f"{letters[field_name]}{number}"
        has_value = sheet.formulas.get((number, col))
        if has_value is False:
            problems.append(problem("formula_no_value", Location(file, sheet_name, cell)))
            ok = False
        elif has_value and uncalculated:
            problems.append(problem("formula_not_calculated", Location(file, sheet_name, cell)))
            ok = False
        elif (number, col) in sheet.errors:
            problems.append(problem("cell_error", Location(file, sheet_name, cell)))
            ok = False
    return ok


def _is_summary(first_value: object) -> bool:
    return isinstance(first_value, str) and bool(_SUMMARY_LABEL.match(first_value.strip()))


def _is_repeated_header(values: list[object], headings: dict[int, tuple[str, ...]]) -> bool:
    """A header row repeated inside the data, as paged exports print one per page.

    ``headings`` maps each table column to its headings; a row is a header again when
    at least two of its cells are headings of their columns and none is anything else.
    """
    texts = [(values[col], names) for col, names in headings.items() if col < len(values) and values[col] is not None]
    if len(texts) < 2 or not all(isinstance(value, str) for value, _ in texts):
        return False
    return all(normalize_heading(value) in names for value, names in texts)


def _row_ranges(numbers: list[int], shown: int = 10) -> str:
    ranges: list[str] = []
    start = previous = numbers[0]
    for number in [*numbers[1:], None]:
        if number is not None and number == previous + 1:
            previous = number
            continue
        ranges.append(str(start) if start == previous else f"{start}–{previous}")
        if number is not None:
            start = previous = number
    text = ", ".join(ranges[:shown])
    return text + (" …" if len(ranges) > shown else "")


def _data_range(header_row: int, columns: dict[str, int], rows: list[RawRow]) -> str | None:
    if not columns:
        return None
    first, last = min(columns.values()), max(columns.values())
    last_row = rows[-1].row if rows else header_row
    return f"{column_letter(first + 1)}{header_row}:{column_letter(last + 1)}{last_row}"


def _refuse_personal_ids(
    file: str, sheet: str | None, number: int, values: tuple[object, ...], problems: list[Problem]
) -> None:
    # The value itself is never put into the message: it must not leak anywhere.
    for col, value in enumerate(values):
        if value is not None and pii.looks_like_personal_id(value):
            cell = f"{column_letter(col + 1)}{number}"
            problems.append(problem("personal_id", Location(file, sheet, cell)))


def cap_problems(problems: list[Problem], limit: int = MAX_PROBLEMS_OF_A_KIND) -> list[Problem]:
    """At most ``limit`` problems of one kind per file, then one line saying how many more."""
    counts: dict[tuple[str, str], int] = {}
    kept: list[Problem] = []
    for found in problems:
        key = (found.location.file, found.kind)
        counts[key] = counts.get(key, 0) + 1
        if counts[key] <= limit:
            kept.append(found)
    for (file, kind), count in counts.items():
        if count > limit:
            severity = next(p.severity for p in problems if (p.location.file, p.kind) == (file, kind))
            kept.append(problem("more_problems", Location(file), severity, count=count - limit, of_kind=kind))
    return kept
