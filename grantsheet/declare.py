"""A table dropped on the page, to be declared in the grant file (``[[tables]]``).

What the page shows of it is what the readers see (``read.sheet_heads``): each visible sheet
and its first rows. From them a declaration is proposed, for the officer to confirm or
change: the header row (the first row of two or more texts above a row of data), the column
that names the recipient (a heading the built-in tables know for their recipient, else the
first column of texts that differ row by row), and each other column's kind (a heading a
built-in table reads as a count or a decimal, else what its values are as the readers parse
them: whole numbers are counts, numbers with decimals decimals, the rest texts) with an id
made from its heading and the unit a built-in table gives it.
"""

from __future__ import annotations

from pathlib import Path
from typing import NamedTuple

from grantsheet.errors import Problem
from grantsheet.layout import category_id
from grantsheet.read import SheetHead, sheet_heads
from grantsheet.tables import COUNT, TABLES, TEXT, normalize_heading
from grantsheet.validate import parse_count

RECIPIENT = "recipient"  # the proposed role of the column that names the recipient
LEFT_OUT = ""  # a column the declaration leaves out
DECIMAL = "decimal"
ID_HEADING = "id"  # the reader finds a recipient's id under this heading of a declared table
COLUMN_ID_LENGTH = 31
TABLE_SUFFIXES = (".xlsx", ".xlsm", ".csv", ".txt")


class ColumnProposal(NamedTuple):
    position: int  # 0-based, in the sheet
    heading: str
    kind: str  # RECIPIENT, COUNT, DECIMAL, TEXT or LEFT_OUT
    id: str
    unit: str


class SheetProposal(NamedTuple):
    title: str
    header_row: int | None  # None: no header found; the officer picks another sheet
    rows: tuple[tuple[int, tuple[object, ...]], ...]  # the first rows, as read
    columns: tuple[ColumnProposal, ...]


def propose(path: Path, problems: list[Problem]) -> list[SheetProposal]:
    """Each visible sheet of the file at ``path`` with a proposed declaration; the readers'
    problems (a damaged file, a personal identity number) appended."""
    return [_sheet(head) for head in sheet_heads(path, problems)]


def table_id(file_name: str) -> str:
    """A declared table's id proposed from its file's name: "Befolkning 2025.xlsx" -> "befolkning_2025"."""
    return category_id(Path(file_name).stem)[:24].rstrip("_")


def _sheet(head: SheetHead) -> SheetProposal:
    header = _header(head.rows)
    if header is None:
        return SheetProposal(head.title, None, head.rows, ())
    number, headings = header
    data = [values for row, values in head.rows if row > number]
    columns = [_column(index, str(text).strip(), [_at(v, index) for v in data]) for index, text in headings]
    if not any(c.kind == RECIPIENT for c in columns):
        distinct = next((c for c in columns if c.kind == TEXT and _distinct(data, c.position)), None)
        if distinct is not None:
            columns[columns.index(distinct)] = distinct._replace(kind=RECIPIENT, id="")
    # Counts and decimals are what a pool's key sums; a column of texts is declared when the officer asks.
    columns = [c._replace(kind=LEFT_OUT) if c.kind == TEXT else c for c in columns]
    return SheetProposal(head.title, number, head.rows, tuple(_unique_ids(columns)))


def _header(rows) -> tuple[int, list[tuple[int, object]]] | None:
    """The header row: the first of two or more texts with a row after it."""
    for number, values in rows[:-1]:
        cells = [(index, value) for index, value in enumerate(values) if value is not None and str(value).strip()]
        if len(cells) >= 2 and all(isinstance(value, str) and parse_count(value)[1] for _, value in cells):
            return number, cells
    return None


def _at(values: tuple[object, ...], index: int) -> object:
    return values[index] if index < len(values) else None


def _distinct(data: list[tuple[object, ...]], index: int) -> bool:
    values = [str(_at(v, index)).strip() for v in data if _at(v, index) is not None]
    return bool(values) and len(set(values)) == len(values)


def _column(index: int, heading: str, values: list[object]) -> ColumnProposal:
    normalized = normalize_heading(heading)
    for spec in TABLES.values():
        for column in spec.columns:
            if normalized not in column.headings:
                continue
            if column.field == "centre":
                return ColumnProposal(index, heading, RECIPIENT, "", "")
            if column.field == "centre_id" or normalized == ID_HEADING:
                return ColumnProposal(index, heading, LEFT_OUT, "", "")  # read as the recipient's id
            if column.kind == COUNT or column.kind == DECIMAL:
                return ColumnProposal(index, heading, column.kind, _column_id(heading), _unit(column))
    return ColumnProposal(index, heading, _kind_of(values), _column_id(heading), "")


def _unit(column) -> str:
    """The unit a built-in table gives a key column, in Swedish (its words, where it has them)."""
    words = getattr(column, "key", None)
    return words.unit[0] if words is not None else ""


def _kind_of(values: list[object]) -> str:
    """COUNT when every value is a whole number as the readers parse one, DECIMAL when each is
    a number and one has decimals, else TEXT; a column with no value is left out."""
    given = [value for value in values if value is not None and str(value).strip()]
    if not given:
        return LEFT_OUT
    reasons = {parse_count(value)[1] for value in given}
    if reasons <= {None}:
        return COUNT
    if reasons <= {None, "count_fractional"}:
        return DECIMAL
    return TEXT


def _column_id(heading: str) -> str:
    return category_id(heading)[:COLUMN_ID_LENGTH].rstrip("_")


def _unique_ids(columns: list[ColumnProposal]) -> list[ColumnProposal]:
    """Two headings that make one id ("Antal (st)" and "Antal, st") get _2, _3 ..."""
    seen: set[str] = set()
    unique = []
    for column in columns:
        if column.id and column.kind not in (RECIPIENT, LEFT_OUT):
            candidate, number = column.id, 2
            while candidate in seen:
                candidate = f"{column.id[: COLUMN_ID_LENGTH - 3]}_{number}"
                number += 1
            seen.add(candidate)
            column = column._replace(id=candidate)
        unique.append(column)
    return unique


class Dropped(NamedTuple):
    """A table file dropped to be declared: kept in the inputs folder under ``name`` unless
    it has problems that stop it being read."""

    name: str
    written: bool
    sheets: tuple[SheetProposal, ...]
    problems: tuple[Problem, ...]


def receive(inputs: Path, name: str, upload: Path) -> Dropped:
    """Put the dropped file ``upload`` (sent as ``name``) into the inputs folder under its
    safe name, with its sheets and a proposed declaration; refused, nothing written, when
    it is no workbook or CSV file, too large, unreadable, or a file of that name is there
    (an input is replaced by dropping it on its row, where it is checked first)."""
    import shutil

    from grantsheet.atomic import atomic_path
    from grantsheet.errors import Location, problem
    from grantsheet.workspace import upload_name

    safe = upload_name(name)
    if not safe.lower().endswith(TABLE_SUFFIXES):
        return Dropped(safe or "-", False, (), (problem("table_not_workbook", Location(safe or "-")),))
    if (inputs / safe).exists():
        return Dropped(safe, False, (), (problem("table_file_exists", Location(safe)),))
    problems: list[Problem] = []
    staged = upload.with_name(safe)
    upload.rename(staged)
    sheets = tuple(propose(staged, problems))
    if problems or not any(sheet.header_row for sheet in sheets):
        return Dropped(safe, False, sheets, tuple(problems) or (problem("table_no_header", Location(safe)),))
    with atomic_path(inputs / safe) as temporary:
        shutil.copyfile(staged, temporary)
    return Dropped(safe, True, sheets, ())


def declaration(file: str, table: str, recipient: str, columns: list[tuple[str, str, str, str]]) -> dict[str, str]:
    """The grant form's fields of a new ``[[tables]]`` element: ``columns`` as (heading, kind,
    id, unit), each a line of the form's ``columns`` field, written inline as the file keeps it."""
    from grantsheet.grant_form import shown

    lines = [
        shown({"id": ident, "heading": heading, "kind": kind, **({"unit": unit} if unit else {})})
        for heading, kind, ident, unit in columns
    ]
    return {"id": table, "file": file, "recipient": recipient, "columns": "\n".join(lines)}
