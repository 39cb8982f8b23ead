"""Build bad and awkward input files in code, for the hostile-input corpus and the fuzz tests.

Every file is made here from scratch (openpyxl, XlsxWriter, zipfile, plain bytes):
no binary blobs are checked in. ``good_workspace`` writes a valid inputs folder; a
corpus case then spoils one file of it.
"""

from __future__ import annotations

import io
import re
import struct
import zipfile
from collections.abc import Callable, Iterable, Sequence
from dataclasses import dataclass, field
from pathlib import Path

import openpyxl
import xlsxwriter
from workspace import make_workspace

from grantsheet.errors import InputError, Problem
from grantsheet.load import Dataset, load_inputs

LISTED = "listade.xlsx"
BEDS = "boendeplatser.xlsx"
LISTED_SHEET = "Listade 80+"
BEDS_SHEET = "Boendeplatser"

LISTED_HEADER = ["Hälsocentral", "Antal listade 80+"]
BEDS_HEADER = ["Kommun", "Särskilt boende", "Ansvarig hälsocentral", "Antal platser"]
# Header on row 3 under a title and an empty row, data from row 4, as real exports have it.
LISTED_ROWS = [["Ålidhems hälsocentral", 1204], ["Backens vårdcentral", 830], ["Hälsocentralen Sorsele", 95]]
BEDS_ROWS = [
    ["Umeå", "Björkbacken", "Ålidhems hälsocentral", 32],
    ["Umeå", "Tallgården", "Ålidhems hälsocentral", 18],
    ["Sorsele", "Fjällgläntan", "Hälsocentralen Sorsele", 21],
]


def titled(title: str, header: Sequence[object], rows: Iterable[Sequence[object]]) -> list[list[object]]:
    return [[title], [], list(header)] + [list(row) for row in rows]


def listed_table(rows: Iterable[Sequence[object]] = LISTED_ROWS) -> list[list[object]]:
    return titled("Listade patienter 80 år och äldre", LISTED_HEADER, rows)


def beds_table(rows: Iterable[Sequence[object]] = BEDS_ROWS) -> list[list[object]]:
    return titled("Särskilda boenden och ansvarig hälsocentral", BEDS_HEADER, rows)


@dataclass
class SheetPlan:
    """One worksheet to write with openpyxl, which writes formulas without a value."""

    title: str
    rows: list[list[object]]
    state: str = "visible"  # or "hidden", "veryHidden"
    hidden_rows: Sequence[int] = ()
    merges: Sequence[str] = ()
    autofilter: str | None = None


def write_book(path: Path, *sheets: SheetPlan) -> Path:
    book = openpyxl.Workbook()
    book.remove(book.active)
    for plan in sheets:
        sheet = book.create_sheet(plan.title)
        for row in plan.rows:
            sheet.append(row)
        for number in plan.hidden_rows:
            sheet.row_dimensions[number].hidden = True
        for ref in plan.merges:
            sheet.merge_cells(ref)
        if plan.autofilter:
            sheet.auto_filter.ref = plan.autofilter
        sheet.sheet_state = plan.state
    if all(plan.state != "visible" for plan in sheets) and sheets:
        book.active = 0
    book.save(path)
    return path


def good_workspace(folder: Path) -> Path:
    """A valid inputs folder: grant.toml, listade.xlsx and boendeplatser.xlsx (openpyxl-written)."""
    inputs = make_workspace(folder, [], [])
    write_book(inputs / LISTED, SheetPlan(LISTED_SHEET, listed_table()))
    write_book(inputs / BEDS, SheetPlan(BEDS_SHEET, beds_table()))
    return inputs


def use_file(inputs: Path, table: str, name: str) -> None:
    """Point the grant file's [inputs] entry for ``table`` at ``name``."""
    grant = inputs / "grant.toml"
    lines = grant.read_text(encoding="utf-8").splitlines()
    lines = [f'{table} = "{name}"' if line.startswith(f"{table} =") else line for line in lines]
    grant.write_text("\n".join(lines) + "\n", encoding="utf-8")


def add_register(inputs: Path, name: str = "register.xlsx") -> None:
    grant = inputs / "grant.toml"
    grant.write_text(grant.read_text(encoding="utf-8") + f'register = "{name}"\n', encoding="utf-8")


def load(inputs: Path) -> tuple[Dataset | None, list[Problem]]:
    """The dataset (None on error) and every problem, errors and warnings."""
    try:
        dataset = load_inputs(inputs)
    except InputError as error:
        return None, list(error.problems)
    return dataset, list(dataset.warnings)


def located(problems: Iterable[Problem], severity: str = "error") -> list[tuple[str, str | None, str | None, str]]:
    return sorted(
        ((p.location.file, p.location.sheet, p.location.cell, p.kind) for p in problems if p.severity == severity),
        key=_sortable,
    )


def _sortable(item: tuple) -> tuple:
    return tuple("" if part is None else part for part in item)


# --- raw bytes and zips ---------------------------------------------------------------------


def xlsx_bytes(rows: list[list[object]], title: str = LISTED_SHEET) -> bytes:
    buffer = io.BytesIO()
    book = openpyxl.Workbook()
    sheet = book.active
    sheet.title = title
    for row in rows:
        sheet.append(row)
    book.save(buffer)
    return buffer.getvalue()


def zip_members(data: bytes) -> dict[str, bytes]:
    with zipfile.ZipFile(io.BytesIO(data)) as archive:
        return {info.filename: archive.read(info) for info in archive.infolist()}


def make_zip(members: dict[str, bytes]) -> bytes:
    buffer = io.BytesIO()
    with zipfile.ZipFile(buffer, "w", zipfile.ZIP_DEFLATED) as archive:
        for name, content in members.items():
            archive.writestr(name, content)
    return buffer.getvalue()


def rewrite_member(path: Path, member: str, change: Callable[[bytes], bytes]) -> None:
    members = zip_members(path.read_bytes())
    members[member] = change(members[member])
    path.write_bytes(make_zip(members))


def declare_size(data: bytes, member: str, size: int) -> bytes:
    """The zip with ``member``'s uncompressed size in the central directory set to ``size``:
    a zip that lies about what it unpacks to."""
    out = bytearray(data)
    position = out.find(b"PK\x01\x02")
    while position >= 0:
        name_length = struct.unpack_from("<H", out, position + 28)[0]
        name = bytes(out[position + 46 : position + 46 + name_length]).decode()
        if name == member:
            struct.pack_into("<I", out, position + 24, size)
            return bytes(out)
        position = out.find(b"PK\x01\x02", position + 46)
    raise KeyError(member)


def ole_bytes(*stream_names: str) -> bytes:
    """The start of a Compound File (legacy .xls, encrypted .xlsx) naming its streams."""
    header = b"\xd0\xcf\x11\xe0\xa1\xb1\x1a\xe1" + b"\x00" * 504
    directory = b"".join(name.encode("utf-16-le").ljust(64, b"\x00") + b"\x00" * 64 for name in stream_names)
    return header + directory


def xlsxwriter_book(
    path: Path,
    rows: list[list[object]],
    *,
    title: str = LISTED_SHEET,
    formulas: dict[tuple[int, int], tuple[str, object]] | None = None,
    blank_formatted: Sequence[tuple[int, int]] = (),
) -> Path:
    """A workbook written by XlsxWriter; ``formulas`` maps (row, col) (0-based) to
    (formula, cached value or None). XlsxWriter stores 0 when no value is given."""
    book = xlsxwriter.Workbook(str(path), {"strings_to_formulas": False, "strings_to_numbers": False})
    sheet = book.add_worksheet(title)
    bold = book.add_format({"bold": True})
    for r, row in enumerate(rows):
        for c, value in enumerate(row):
            if value is None:
                continue
            if isinstance(value, str):
                sheet.write_string(r, c, value)
            else:
                sheet.write(r, c, value)
    for (r, c), (formula, value) in (formulas or {}).items():
        if value is None:
            sheet.write_formula(r, c, formula)
        else:
            sheet.write_formula(r, c, formula, None, value)
    for r, c in blank_formatted:
        sheet.write_blank(r, c, None, bold)
    book.close()
    return path


def saved_by_a_spreadsheet_program(path: Path) -> None:
    """Drop fullCalcOnLoad, as Excel does on saving: the stored values are then its own."""
    rewrite_member(path, "xl/workbook.xml", lambda xml: xml.replace(b' fullCalcOnLoad="1"', b""))


@dataclass
class Outcome:
    """What a corpus case expects: its errors exactly, and these warnings among the warnings."""

    errors: list[tuple[str, str | None, str | None, str]] = field(default_factory=list)
    warnings: list[tuple[str, str | None, str | None, str]] = field(default_factory=list)
    check: Callable[[Dataset], None] | None = None  # for a case that must read right


def coloured_font(found: dict[str, bytes], style: int, colour: str, size: int, copy: bool = False) -> int:
    """A font of ``colour`` (the attributes of its ``<color>``: 'rgb="FFFFFFFF"', 'theme="0"')
    and ``size`` added to the workbook's styles part in ``found``, given to the cell style
    ``style`` (as a program editing the file would), or with ``copy`` to a new cell style
    copied from it, for one cell only; returns the cell style that has it."""
    styles = found["xl/styles.xml"].decode()
    fonts = re.search(r'<fonts count="(\d+)"[^>]*>', styles)
    font = int(fonts.group(1))
    styles = styles.replace(
        "</fonts>", f'<font><sz val="{size}"/><color {colour}/><name val="Calibri"/></font></fonts>'
    )
    styles = styles.replace(fonts.group(0), fonts.group(0).replace(f'count="{font}"', f'count="{font + 1}"'))
    xfs = re.search(r'<cellXfs count="(\d+)"[^>]*>(.*?)</cellXfs>', styles, re.S)
    entries = re.findall(r"<xf [^>]*?(?:/>|>.*?</xf>)", xfs.group(2), re.S)
    changed = re.sub(r'fontId="\d+"', f'fontId="{font}"', entries[style], count=1)
    total = int(xfs.group(1))
    if copy:
        grown = (
            xfs.group(0)
            .replace(f'count="{total}"', f'count="{total + 1}"', 1)
            .replace("</cellXfs>", changed + "</cellXfs>")
        )
    else:
        grown = xfs.group(0).replace(entries[style], changed, 1)
    found["xl/styles.xml"] = styles.replace(xfs.group(0), grown).encode()
    return total if copy else style
