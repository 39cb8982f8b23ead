"""A master workbook against its own build (issue 12): what the spreadsheet-audit tools look
for, and what none of them can, a comparison with the decision and the inputs as read.

``audit_master`` regenerates the master from its seal (``grantsheet.seal``) and compares
every cell the build wrote with the file: a typed input or parameter that differs is named
with where the build read it, a formula that differs from the one the writer writes at that
place is named (replaced, shortened, padded with a constant). Then the risks: hidden sheets,
rows and columns the build did not hide, defined names added, changed or removed, manual or
iterative calculation, removed sheet protection, external links, cells showing errors, and
follow-up entries that break their data validation.

Re-saving in LibreOffice or Gnumeric is not an edit: formulas are compared after the
spelling differences those programs introduce (quotes, spaces, letter case, ``_xlfn.``).
"""

from __future__ import annotations

import datetime as dt
import posixpath
import re
import zipfile
from collections import Counter
from collections.abc import Callable, Iterable, Iterator, Mapping
from pathlib import Path
from typing import NamedTuple

from defusedxml.ElementTree import fromstring
from openpyxl.styles.colors import COLOR_INDEX
from openpyxl.utils import get_column_letter
from openpyxl.utils.datetime import from_excel, to_excel

from grantsheet import texts, xlsx
from grantsheet.expected import Expected, expected_master
from grantsheet.layout import SEAL_SHEET, TABLE_TOP, amount_field, entry_broken
from grantsheet.openpyxl_read import load_styles
from grantsheet.readback import Cells
from grantsheet.seal import (
    Presentation,
    Seal,
    Written,
    colour,
    formula_digest,
    number_format,
    presentation,
    print_range,
    text_digest,
)
from grantsheet.xlsx import Cell

# finding(kind, failing=True, **params), as verify makes them.
Make = Callable[..., object]

ERROR_VALUES = frozenset({"#NULL!", "#DIV/0!", "#VALUE!", "#REF!", "#NAME?", "#NUM!", "#N/A", "#GETTING_DATA"})
# Names spreadsheet programs define themselves for print titles, print areas and filters.
BUILT_IN_NAMES = re.compile(r"^(_xlnm\.|Print_Titles$|Print_Area$|_FilterDatabase$|Excel_BuiltIn_)", re.IGNORECASE)

_STRING = re.compile(r'"(?:[^"]|"")*"')
_QUOTED_SHEET = re.compile(r"'((?:[^']|'')*)'!")
_NUMBER = re.compile(r"(?<![A-Z$\d.!:_])\d+(?:\.\d+)?(?:E[+-]?\d+)?(?![\d(A-Z_])")
_REFERENCE = re.compile(r"\$?[A-Z]{1,3}\$?\d+|[A-Z_][A-Z0-9_.]*(?![(\w])")


def cell_name(row: int, col: int) -> str:
    return f"{get_column_letter(col + 1)}{row + 1}"


def _double_negation(text: str) -> str:
    """``--(x)`` as Gnumeric saves it: ``-(-(x))``."""
    start = text.find("--(")
    while start >= 0:
        depth, end = 0, start + 2
        for end in range(start + 2, len(text)):
            depth += {"(": 1, ")": -1}.get(text[end], 0)
            if depth == 0:
                break
        text = f"{text[:start]}-(-{text[start + 2 : end + 1]}){text[end + 1 :]}"
        start = text.find("--(", start + 1)
    return text


def normalized(formula: str) -> str:
    """A formula as written by any program that kept it: no ``=``, no spaces or ``_xlfn.``
    outside strings, sheet names unquoted, upper case outside strings, ``--(x)`` as ``-(-(x))``."""
    text = formula[1:] if formula.startswith("=") else formula
    strings = _STRING.findall(text)
    parts = _STRING.split(text)
    out = []
    for index, part in enumerate(parts):
        part = _QUOTED_SHEET.sub(lambda m: m.group(1).replace("''", "'") + "!", part)
        out.append(part.replace(" ", "").replace("_xlfn.", "").replace("_xlws.", "").upper())
        if index < len(strings):
            out.append(strings[index])
    return _double_negation("".join(out))


def _literals(text: str) -> Counter:
    bare = _STRING.sub("", text)
    return Counter(_NUMBER.findall(bare)) + Counter(_STRING.findall(text))


def is_constant_padding(found: str, expected: str) -> bool:
    """Whether ``found`` holds a typed number or text ``expected`` does not, or refers to nothing."""
    found_n, expected_n = normalized(found), normalized(expected)
    if _literals(found_n) - _literals(expected_n):
        return True
    return not _REFERENCE.search(_STRING.sub("", found_n))


def _file_value(cell: Cell | None) -> tuple[str, object] | None:
    """A cell as written (``xlsx.Cell``) in the terms of ``seal.Written``; None when empty."""
    if cell is None or cell.value is None or cell.value == "":
        return None
    value = cell.value
    if cell.formula:
        return ("f", str(value))
    if isinstance(value, bool):
        return ("b", value)
    if isinstance(value, (dt.datetime, dt.date, dt.time)):
        return ("d", to_excel(value))
    if isinstance(value, (int, float)):
        return ("n", value)
    return ("s", str(value))


def _same(found: tuple[str, object], expected: tuple[str, object]) -> bool:
    if found[0] != expected[0] and {found[0], expected[0]} != {"n", "d"}:
        return False
    if found[0] == "f":
        return normalized(str(found[1])) == normalized(str(expected[1]))
    if found[0] in ("n", "d"):
        return abs(float(found[1]) - float(expected[1])) < 1e-9  # type: ignore[arg-type]
    return found[1] == expected[1]


class Structure(NamedTuple):
    """What a workbook says about itself besides its cells, read from its XML parts."""

    states: dict[str, str]  # sheet -> "visible", "hidden" or "veryHidden"
    protected: dict[str, bool]
    hidden_rows: dict[str, set[int]]  # zero-based
    hidden_cols: dict[str, set[int]]
    names: dict[str, str]  # "name" (or "Sheet!name" for a sheet's own) -> what it refers to
    calc_mode: str
    iterative: bool
    links: list[str]  # the files external links point to
    application: str  # the program that saved the file last


def _local(tag: str) -> str:
    return tag.rsplit("}", 1)[-1]


def _attribute(element, name: str) -> str | None:  # noqa: ANN001 - an XML element
    return next((value for key, value in element.attrib.items() if _local(key) == name), None)


def _flag(value: str | None) -> bool:
    return value in ("1", "true")


_HIDDEN_ROW = re.compile(rb"<(?:\w+:)?row\b[^>]*>")
_ROW_NUMBER = re.compile(rb'\br="(\d+)"')
_ROW_HIDDEN = re.compile(rb'\bhidden="(?:1|true)"')
_ROW_HEIGHT = re.compile(rb'\bht="([^"]*)"')
# A row lower than a point or a column narrower than half a character hides what it holds as
# surely as the hidden flag does (#26.6): both count as hidden.
LOWEST_ROW, NARROWEST_COLUMN = 1.0, 0.5


def _group(found: re.Match[bytes] | None) -> bytes | None:
    return found.group(1) if found else None


def _below(text: str | bytes | None, least: float) -> bool:
    try:
        return text is not None and float(text) < least
    except ValueError:
        return False


def structure(path: Path) -> Structure:
    """Sheet states, protection, hidden rows and columns, defined names, calculation settings
    and external links, without parsing any sheet's cells: only the XML outside
    ``<sheetData>`` is parsed, and the rows are scanned for their ``hidden`` flag."""
    with zipfile.ZipFile(path) as package:
        workbook_part = _office_part(package)
        relations = _part_relations(package, workbook_part)
        book = fromstring(package.read(workbook_part))
        states, parts = {}, {}
        for element in book.iter():
            tag = _local(element.tag)
            if tag == "sheet":
                name = element.get("name", "")
                states[name] = element.get("state", "visible")
                parts[name] = relations.get(_attribute(element, "id") or "", "")
        sheet_names = list(states)
        names: dict[str, str] = {}
        calc_mode, iterative, links = "auto", False, list[str]()
        for element in book.iter():
            tag = _local(element.tag)
            if tag == "definedName":
                local = element.get("localSheetId")
                key = element.get("name", "")
                if local is not None and local.isdigit() and int(local) < len(sheet_names):
                    key = f"{sheet_names[int(local)]}!{key}"
                names[key] = element.text or ""
            elif tag == "calcPr":
                calc_mode = element.get("calcMode", "auto")
                iterative = _flag(element.get("iterate"))
            elif tag == "externalReference":
                part = relations.get(_attribute(element, "id") or "", "")
                targets = _part_relations(package, part, external=True) if part else {}
                links.extend(targets.values() or ["?"])
        protected, hidden_rows, hidden_cols = {}, {}, {}
        for name, part in parts.items():
            if part not in package.namelist():
                continue
            data = package.read(part)
            start = data.find(b"<sheetData")
            end = data.rfind(b"</sheetData>")
            if start < 0:
                outside, rows = data, b""
            elif end < 0:  # <sheetData/>
                close = data.index(b">", start) + 1
                outside, rows = data[:start] + data[close:], b""
            else:
                outside, rows = data[:start] + data[end + len(b"</sheetData>") :], data[start:end]
            sheet = fromstring(outside)
            protected[name] = any(_local(e.tag) == "sheetProtection" and _flag(e.get("sheet")) for e in sheet.iter())
            hidden_cols[name] = {
                col - 1
                for e in sheet.iter()
                if _local(e.tag) == "col" and (_flag(e.get("hidden")) or _below(e.get("width"), NARROWEST_COLUMN))
                for col in range(int(e.get("min", "1")), int(e.get("max", e.get("min", "1"))) + 1)
            }
            hidden_rows[name] = {
                int(number.group(1)) - 1
                for tag in _HIDDEN_ROW.findall(rows)
                if (_ROW_HIDDEN.search(tag) or _below(_group(_ROW_HEIGHT.search(tag)), LOWEST_ROW))
                and (number := _ROW_NUMBER.search(tag))
            }
        try:
            app = package.read("docProps/app.xml")[:4096].decode("utf-8", "replace")
        except KeyError:
            app = ""
    found = re.search(r"<Application>([^<]*)</Application>", app)
    return Structure(
        states,
        protected,
        hidden_rows,
        hidden_cols,
        names,
        calc_mode,
        iterative,
        links,
        found.group(1) if found else "",
    )


class View(NamedTuple):
    """What a reader of one sheet sees besides its values (#26.6), as ``seal.Written`` holds
    the build's: each cell's number format, the cells whose text has the colour of its
    background, the conditional formats by range, the print area and the repeated rows."""

    formats: dict[tuple[int, int], str]
    invisible: frozenset[tuple[int, int]]
    conditional: dict[str, tuple[tuple[str, str, str], ...]]
    print_area: str
    print_titles: str
    texts: dict[tuple[int, int], str] = {}  # with ``words``: each text cell's text


def master_views(path: Path, cells: Mapping[str, Cells], sheets: Iterable[str]) -> Iterator[tuple[str, View]]:
    """``View`` of each of ``sheets`` of a master, in that order, one at a time, of its numbers
    and formulas (``cells``: its sheets as written, as verify read them), the same as
    ``book_views`` gives of the master open in openpyxl (tests/test_presentation.py) without
    openpyxl reading a cell: it reads the cell formats, the theme and the print areas
    (``openpyxl_read.load_styles``), and ``xlsx.Workbook.styles`` each cell's format index and
    the conditional formats. openpyxl held a 25 000-recipient master whole while it read the
    presentation, 2.2 GB; all its sheets' views at once took 0.3 GB (BENCHMARKS.md)."""
    book = load_styles(path)
    try:
        theme = _theme_colours(book.loaded_theme)
        with xlsx.Workbook(path) as own:
            entries = {entry.title: entry for entry in own.sheets}
            for name in sheets:
                if name in book.sheetnames and name in entries and name in cells:
                    yield name, _styled_view(book, book[name], own.styles(entries[name]), cells[name], theme)
    finally:
        book.close()


def _styled_view(book, sheet, styles: xlsx.Styles, cells: Cells, theme: list[str]) -> View:  # noqa: ANN001
    """``master_views`` of one sheet (``sheet`` of ``book`` open in openpyxl ``read_only``)."""
    from openpyxl.cell.read_only import ReadOnlyCell
    from openpyxl.formatting.formatting import ConditionalFormatting, ConditionalFormattingList

    merged = _merged_away(styles.merged, cells)
    looks: dict[int, tuple[str, bool]] = {}  # a cell format's number format and invisibility, asked once
    formats, invisible = {}, set()
    for row, by_col in cells.items():
        for col, cell in by_col.items():
            position = (row - 1, col)
            if cell.value is None or _text(cell.value) or position in merged:
                continue
            index = styles.cells.get(position, 0)
            if index not in looks:
                styled = ReadOnlyCell(sheet, row, col + 1, None, style_id=index)
                looks[index] = (number_format(styled.number_format), _invisible(styled, theme))
            formats[position], hidden = looks[index]
            if hidden:
                invisible.add(position)
    # As openpyxl's reader binds a sheet's conditional formats: one it cannot read is dropped.
    formatting = ConditionalFormattingList()
    for element in styles.conditional:
        try:
            block = ConditionalFormatting.from_tree(element)
        except TypeError:
            continue
        for rule in block.rules:
            if rule.dxfId is not None:
                rule.dxf = book._differential_styles[rule.dxfId]
            formatting[block] = rule
    return View(formats, frozenset(invisible), _conditional(formatting), *_printed(sheet))


def _merged_away(lists: list, cells: Cells) -> set[tuple[int, int]]:
    """The cells (0-based) openpyxl empties: all but the first of each merged range of the
    sheet's last list of them (each list it reads replaces the one before), up to the last row
    and column that hold a cell (a range may reach the sheet's edge)."""
    from openpyxl.worksheet.cell_range import CellRange
    from openpyxl.worksheet.merge import MergeCells

    if not lists:
        return set()
    last_row = max(cells, default=0)
    last_col = max((col + 1 for by_col in cells.values() for col in by_col), default=0)
    away: set[tuple[int, int]] = set()
    for merge in MergeCells.from_tree(lists[-1]).mergeCell:
        min_col, min_row, max_col, max_row = CellRange(merge.ref).bounds
        rows, cols = range(min_row - 1, min(max_row, last_row)), range(min_col - 1, min(max_col, last_col))
        away.update((row, col) for row in rows for col in cols if (row, col) != (min_row - 1, min_col - 1))
    return away


def book_views(book, sheets: set[str], words: bool = False) -> dict[str, View]:  # noqa: ANN001 - openpyxl's
    """``View`` of each of ``sheets`` of a workbook openpyxl has open (it has read the styles),
    of its numbers and formulas, and with ``words`` of its texts too."""
    theme = _theme_colours(book.loaded_theme)
    return {name: _view(book[name], words, theme) for name in book.sheetnames if name in sheets}


def _theme_colours(part: bytes | None) -> list[str]:
    """The workbook theme's colours (``RRGGBB``) in the order a colour's ``theme`` attribute
    counts them: Excel's palette puts "Background 1" (lt1) first, so the first two pairs of
    the theme's scheme (dk1, lt1, dk2, lt2) are swapped."""
    scheme = next((e for e in fromstring(part).iter() if _local(e.tag) == "clrScheme"), None) if part else None
    if scheme is None:
        return []
    found = [
        next((c.get("lastClr") or c.get("val") or "" for c in slot if _local(c.tag) in ("srgbClr", "sysClr")), "")
        for slot in scheme
    ]
    if len(found) >= 4:
        found[:4] = [found[1], found[0], found[3], found[2]]
    return [value.upper() for value in found]


def _rgb(color, theme: list[str]) -> str:  # noqa: ANN001 - an openpyxl Color, or None
    """A colour as ``RRGGBB``, whether the file gives it as RGB, as a colour of its theme (Excel's
    "White, Background 1" is ``theme="0"``) or of the legacy palette (``indexed="9"``); "" for
    the automatic colour and a theme colour lightened or darkened (``tint``), which is no longer
    the colour it is compared with."""
    if color is None:
        return ""
    if color.type == "rgb":
        return colour(color.rgb)
    if color.type == "theme" and not color.tint:
        return theme[color.theme] if color.theme < len(theme) else ""
    if color.type == "indexed" and color.indexed < len(COLOR_INDEX):
        return colour(COLOR_INDEX[color.indexed])
    return ""


def _view(sheet, words: bool, theme: list[str]) -> View:  # noqa: ANN001 - an openpyxl worksheet
    formats, invisible, texts = {}, set(), {}
    for row in sheet.iter_rows():
        for cell in row:
            text = _text(cell.value)
            if cell.value is None or text and not words:
                continue
            position = (cell.row - 1, cell.column - 1)
            if text:
                texts[position] = cell.value
            formats[position] = number_format(cell.number_format)
            if _invisible(cell, theme):
                invisible.add(position)
    return View(formats, frozenset(invisible), _conditional(sheet.conditional_formatting), *_printed(sheet), texts)


def _text(value: object) -> bool:
    """A cell's value is text a reader sees as such: a string that is no formula."""
    return isinstance(value, str) and not value.startswith("=")


def _conditional(formatting) -> dict[str, tuple[tuple[str, str, str], ...]]:  # noqa: ANN001 - openpyxl's
    """A sheet's conditional formats (openpyxl's) by range: each rule's type, and the number
    format and font colour it shows a cell in."""
    conditional: dict[str, list[tuple[str, str, str]]] = {}
    for block in formatting:
        for rule in block.rules:
            shown = rule.dxf
            numbers = number_format(shown.numFmt.formatCode) if shown is not None and shown.numFmt else "general"
            font = colour(shown.font.color.rgb) if shown is not None and shown.font and shown.font.color else ""
            conditional.setdefault(str(block.sqref), []).append((str(rule.type), numbers, font))
    return {area: tuple(sorted(rules)) for area, rules in conditional.items()}


def _printed(sheet) -> tuple[str, str]:  # noqa: ANN001 - an openpyxl worksheet, read-only or not
    """The sheet's print area and the rows it repeats on each page, as openpyxl's reader set them
    from the workbook's names (a read-only sheet has them, not the properties that show them)."""
    area = getattr(sheet, "_print_area", None)
    rows = getattr(sheet, "_print_rows", None)
    return print_range(str(area) if area else ""), print_range(str(rows) if rows else "")


SHOWN_TEXT = 100  # characters of a changed text a finding quotes


def view_differences(expected: Presentation, view: View, add: Callable[..., None]) -> None:
    """What a reader sees on one sheet against what the build laid out (#26.6), each difference
    added (``add(kind, failing=True, **params)``) with its sheet and cell: a number format that
    shows another amount (or none), a text changed or removed (a centre file's: the master's are
    compared with its seal's layout), text in the colour of its background, a conditional format
    added, changed or removed, a print area or repeated rows that leave rows off the paper."""
    name = expected.name
    for position, code in sorted(expected.formats.items()):
        shown = view.formats.get(position)
        if shown is not None and shown != code:
            add("format_changed", sheet=name, cell=cell_name(*position), found=shown, expected=code)
    for position, digest in sorted(expected.texts.items()):
        found = view.texts.get(position, "")
        if text_digest(found) != digest:
            shown = found if len(found) <= SHOWN_TEXT else found[: SHOWN_TEXT - 1] + "…"
            add("text_changed", sheet=name, cell=cell_name(*position), found=shown)
    for position in sorted(view.invisible & set(expected.formats)):
        add("cell_invisible", sheet=name, cell=cell_name(*position))
    for area in sorted(set(view.conditional) | set(expected.conditional)):
        if view.conditional.get(area) != expected.conditional.get(area):
            add("conditional_changed", sheet=name, area=area)
    if view.print_area != expected.print_area:
        add("print_area_changed", sheet=name, found=view.print_area or "-", expected=expected.print_area or "-")
    if view.print_titles != expected.print_titles:
        # Gnumeric drops the repeated rows when it saves: headings lost on later pages
        # hide no amount; rows repeated that the build did not repeat can.
        add(
            "print_titles_changed",
            bool(view.print_titles),
            sheet=name,
            found=view.print_titles or "-",
            expected=expected.print_titles or "-",
        )


def hidden_differences(
    name: str, rows: set[int], cols: set[int], expected: Presentation | Written, add: Callable[..., None]
) -> None:
    """Rows and columns of sheet ``name`` hidden where the build hid none."""
    hidden = sorted(rows - expected.hidden_rows)
    if hidden:
        add("rows_hidden", sheet=name, rows=_spans(r + 1 for r in hidden))
    hidden = sorted(cols - expected.hidden_cols)
    if hidden:
        add("cols_hidden", sheet=name, cols=", ".join(get_column_letter(c + 1) for c in hidden))


def centre_presentation(book, path: Path, expected: list[Presentation], add: Callable[..., None]) -> None:  # noqa: ANN001
    """A centre file (format 4, open in openpyxl as ``book``) against the presentation its
    build kept in it: each sheet's number formats, visible text, conditional formats, print
    area and titles, hidden rows and columns, and that the sheet is shown at all."""
    found = structure(path)
    seen = book_views(book, {sheet.name for sheet in expected}, words=True)
    for sheet in expected:
        view = seen.get(sheet.name)
        if view is None:
            add("sheet_missing", sheet=sheet.name)
            continue
        view_differences(sheet, view, add)
        hidden_differences(
            sheet.name, found.hidden_rows.get(sheet.name, set()), found.hidden_cols.get(sheet.name, set()), sheet, add
        )
        state = found.states.get(sheet.name, "visible")
        if state != "visible":
            add("sheet_hidden", sheet=sheet.name, state=state)


def _invisible(cell, theme: list[str]) -> bool:  # noqa: ANN001 - an openpyxl cell
    """Its text is drawn in the colour of its background (white on no fill, for instance)."""
    font = _rgb(cell.font.color, theme) if cell.font is not None else ""
    fill = _rgb(cell.fill.fgColor, theme) if cell.fill is not None and cell.fill.fill_type == "solid" else "FFFFFF"
    # The automatic colour ("") is the program's own contrast: drawn in no colour of the file's.
    return bool(font) and font == fill or (cell.font is not None and (cell.font.sz or 11) < 4)


def _office_part(package: zipfile.ZipFile) -> str:
    for relation in fromstring(package.read("_rels/.rels")).iter():
        if relation.get("Type", "").endswith("/officeDocument"):
            return relation.get("Target", "").lstrip("/")
    raise ValueError("no workbook part")


def _part_relations(package: zipfile.ZipFile, part: str, external: bool = False) -> dict[str, str]:
    """A part's relationships: id -> target part (or, with ``external``, the outside targets)."""
    folder, name = posixpath.split(part)
    try:
        root = fromstring(package.read(posixpath.join(folder, "_rels", name + ".rels")))
    except KeyError:
        return {}
    found = {}
    for relation in root.iter():
        target = relation.get("Target")
        if target is None:
            continue
        if external:
            if relation.get("TargetMode") == "External":
                found[relation.get("Id", "")] = target
        elif target.startswith("/"):
            found[relation.get("Id", "")] = target[1:]
        else:
            found[relation.get("Id", "")] = posixpath.normpath(posixpath.join(folder, target))
    return found


class MasterAudit:
    """One master's comparison with its build; ``findings`` collects what differs."""

    def __init__(
        self,
        cells: dict[str, Cells],
        found: Structure,
        seal: Seal,
        make: Make,
        written_in: int,
        view: Callable[[list[str]], Iterable[tuple[str, View]]] | None = None,
    ) -> None:
        """``written_in``: the master's format (``WorkbookInfo.format``), which it is laid out in again."""
        self.cells = cells  # every sheet as written (a formula cell gives its formula)
        self.structure = found
        self.seal = seal
        self.make = make
        # The file's presentation, read when the master's format seals it (grantsheet.fileformat).
        self.view = view
        self.findings: list = []
        # A label reworded since the version that wrote the file: its words then are no edit.
        self.reworded = texts.earlier_wording(seal.version, seal.lang)
        try:
            self.expected: Expected | None = expected_master(seal, written_in)
        except (TypeError, ValueError, KeyError, AttributeError, IndexError):
            # A seal of a grantsheet whose dataset this one cannot lay out again.
            self.expected = None

    def add(self, kind: str, failing: bool = True, **params: object) -> None:
        self.findings.append(self.make(kind, failing, **params))

    def run(self) -> list:
        """What the file as written says; its values are ``cell_errors``' (an engine's, when one
        ran), so this part runs while the engines recalculate."""
        if self.expected is None:
            self.add("seal_other_version", False, built=self.seal.version)
            self.compare_digest()
        else:
            self.compare_cells()
        self.sheet_states()
        self.calculation()
        for target in self.structure.links:
            self.add("external_link", target=target)
        return self.findings

    def compare_cells(self) -> None:
        assert self.expected is not None
        self.writer = self.expected.writer
        faithful = self.expected.formulas == self.seal.formulas
        if not faithful:
            self.add("seal_other_version", False, built=self.seal.version)
        own = {self.reworded.get(sheet.name, sheet.name) for sheet in self.expected.sheets}
        for sheet in self.expected.sheets:
            sheet = sheet._replace(name=self.reworded.get(sheet.name, sheet.name))
            if sheet.name not in self.cells:
                self.add("sheet_missing", sheet=sheet.name)
                continue
            self.compare_sheet(sheet, faithful)
        for name, sealed in self.seal.extra.items():
            if name not in self.cells:
                self.add("sheet_missing", sheet=name)
                continue
            self.compare_extra(name, sealed)
        for name in self.cells:
            if name not in own and name not in self.seal.extra and name != SEAL_SHEET:
                self.add("sheet_added", sheet=name)
        if not faithful:
            self.compare_digest()
        elif self.view is not None:
            self.compare_views(self.view([sheet.name for sheet in self.expected.sheets]))
        self.defined_names()

    # -- cells -------------------------------------------------------------------------

    def found_cells(self, name: str) -> dict[tuple[int, int], Cell]:
        return {(row - 1, col): cell for row, by_col in self.cells[name].items() for col, cell in by_col.items()}

    def entry_cells(self, sheet: Written) -> set[tuple[int, int]]:
        """The follow-up cells a centre or the officer types into (not sealed, validated)."""
        if sheet.name != self.writer.names["follow_up"]:
            return set()
        columns = self.writer.follow_up_columns
        cols = [*range(columns.first_category, columns.used), *columns.text.values()]
        rows = range(self.writer.first_out, self.writer.last_out + 1)
        return {(row, col) for row in rows for col in cols}

    def compare_sheet(self, sheet: Written, faithful: bool) -> None:
        entries = self.entry_cells(sheet)
        found_cells = self.found_cells(sheet.name)
        for position, expected in sheet.cells.items():
            found = _file_value(found_cells.get(position))
            if found is not None and (_same(found, expected) or found == ("s", self.reworded.get(str(expected[1])))):
                continue
            if expected[0] == "f":
                # From another version's writer only a formula typed over is told here (compare_digest).
                if faithful or found is None or found[0] != "f":
                    self.formula_finding(sheet.name, position, found, str(expected[1]))
            else:
                self.typed_finding(sheet.name, position, found, expected)
        for position, cell in found_cells.items():
            if position in sheet.cells:
                continue
            found = _file_value(cell)
            if found is None:
                continue
            if position in entries:
                self.check_entry(sheet.name, position, cell.value)
            else:
                self.add("cell_added", sheet=sheet.name, cell=cell_name(*position), found=_value(found))
        if sheet.protected and not self.structure.protected.get(sheet.name, False):
            self.add("protection_removed", sheet=sheet.name)
        self.hidden_lines(sheet)

    def formula_finding(self, sheet: str, position: tuple[int, int], found, expected: str) -> None:  # noqa: ANN001
        cell = cell_name(*position)
        if found is None or found[0] != "f":
            self.add("formula_overwritten", sheet=sheet, cell=cell, value=_value(found))
        elif is_constant_padding(str(found[1]), expected):
            self.add("formula_constant", sheet=sheet, cell=cell, found=found[1], expected=expected)
        else:
            self.add("formula_changed", sheet=sheet, cell=cell, found=found[1], expected=expected)

    def typed_finding(self, sheet: str, position: tuple[int, int], found, expected) -> None:  # noqa: ANN001
        cell = cell_name(*position)
        found_text = _value(found)
        row, col = position
        writer = self.writer
        if sheet == writer.names["parameters"] and col in (1, 5):
            index = row - TABLE_TOP - 1
            if 0 <= index < len(writer.results):
                pool = writer.results[index].pool
                self.add(
                    "decision_differs",
                    sheet=sheet,
                    cell=cell,
                    found=found_text,
                    expected=_value(expected),
                    pool=pool.name,
                )
                return
        for table, placed in writer.input_sheets.items():
            if placed.name == sheet and placed.first_row <= row <= placed.last_row and col > 0:
                data = writer.dataset.tables[table]
                record = data.records[row - placed.first_row]
                self.add(
                    "input_differs",
                    sheet=sheet,
                    cell=cell,
                    found=found_text,
                    expected=_value(expected),
                    file=data.file,
                    source_sheet=data.sheet or "-",
                    row=record.row,
                )
                return
        self.add("typed_differs", sheet=sheet, cell=cell, found=found_text, expected=_value(expected))

    def compare_extra(self, name: str, sealed: Mapping[tuple[int, int], tuple[str, object]]) -> None:
        """A sheet this build added (its changes report, the entries not carried over): every
        cell as sealed; from a format 1 seal only the formulas, the only cells it holds."""
        found_cells = {p: c for p, c in self.found_cells(name).items() if self.seal.extra_typed or c.formula}
        for position, expected in sealed.items():
            found = _file_value(found_cells.pop(position, None))
            if found is not None and _same(found, expected):
                continue
            if expected[0] == "f":
                self.formula_finding(name, position, found, str(expected[1]))
            else:
                self.typed_finding(name, position, found, expected)
        for position, cell in found_cells.items():
            found = _file_value(cell)
            if found is not None:
                self.add("cell_added", sheet=name, cell=cell_name(*position), found=_value(found))

    def compare_digest(self) -> None:
        """This grantsheet writes other formulas than the build's did: the file's formulas, as
        they stand, against the digest of the build's that the seal holds."""
        extra = set(self.seal.extra) | {SEAL_SHEET}
        found = [
            Written(
                name,
                {p: ("f", str(c.value)) for p, c in self.found_cells(name).items() if c.formula},
                False,
                frozenset(),
                frozenset(),
                (),
            )
            for name in self.cells
            if name not in extra
        ]
        if formula_digest(found) != self.seal.formulas:
            self.add("formulas_differ", built=self.seal.version)

    def hidden_lines(self, sheet: Written) -> None:
        rows, cols = self.structure.hidden_rows, self.structure.hidden_cols
        hidden_differences(sheet.name, rows.get(sheet.name, set()), cols.get(sheet.name, set()), sheet, self.add)

    def check_entry(self, sheet: str, position: tuple[int, int], value: object) -> None:
        """A typed follow-up value that its cell's data validation would have refused (pasted over)."""
        row, col = position
        columns = self.writer.follow_up_columns
        year = self.writer.dataset.grant.year
        text = {c: name for name, c in columns.text.items()}
        rule = entry_broken(text.get(col, amount_field("")), value, year)
        if rule is not None:
            self.add(
                f"entry_invalid_{rule}",
                sheet=sheet,
                cell=cell_name(row, col),
                found=value,
                first=year,
                last=year + 3,
            )

    # -- the workbook ------------------------------------------------------------------

    def compare_views(self, found: Iterable[tuple[str, View]]) -> None:
        """What the reader sees on each of the build's sheets (``found``: in their order, a view
        at a time) against what the build laid out (#26.6), of the cells that hold numbers and
        formulas (``view_differences``)."""
        assert self.expected is not None
        expected = {sheet.name: sheet for sheet in self.expected.sheets}
        for name, view in found:
            view_differences(presentation(expected[name], words=False), view, self.add)

    def sheet_states(self) -> None:
        for name, state in self.structure.states.items():
            if name != SEAL_SHEET and state != "visible":
                self.add("sheet_hidden", sheet=name, state=state)

    def defined_names(self) -> None:
        found = {n: t for n, t in self.structure.names.items() if not BUILT_IN_NAMES.match(n.split("!")[-1])}
        assert self.expected is not None
        expected = self.expected.defined_names
        for name, text in found.items():
            if name not in expected:
                self.add("name_added", name=name, found=text)
            elif normalized(text) != normalized(expected[name]):
                self.add("name_changed", name=name, found=text, expected=expected[name])
        for name, text in expected.items():
            if name not in found:
                self.add("name_removed", name=name, expected=text)

    def calculation(self) -> None:
        if self.structure.calc_mode == "manual":
            self.add("calc_manual")
        if self.structure.iterative:
            # Gnumeric saves every workbook so; it matters only with a circular reference, and
            # every formula is compared with the build's above.
            self.add("calc_iterative", not self.structure.application.lower().startswith("gnumeric"))


def cell_errors(values: dict[str, xlsx.Sheet], make: Make) -> list:
    """A finding for each cell of a master's ``values`` (an engine's, when one ran) that shows
    an error (#REF!, #DIV/0! ...); the seal's sheet holds text only."""
    found = []
    for name, sheet in values.items():
        if name == SEAL_SHEET or not sheet.errors:
            continue
        shown = {(row, col): cells[col] for row, cells in sheet.rows for col in range(len(cells))}
        for row, col in sorted(sheet.errors):
            found.append(
                make(
                    "cell_error",
                    True,
                    sheet=name,
                    cell=f"{get_column_letter(col + 1)}{row}",
                    error=shown.get((row, col)),
                )
            )
    return found


def _value(cell: tuple[str, object] | None) -> object:
    """What a cell holds, for a message: a date as a date, nothing as None."""
    if cell is None:
        return None
    kind, value = cell
    return from_excel(value) if kind == "d" else value


def _spans(numbers) -> str:  # noqa: ANN001
    """1, 2, 3, 7 -> "1-3, 7"."""
    spans: list[list[int]] = []
    for number in numbers:
        if spans and number == spans[-1][1] + 1:
            spans[-1][1] = number
        else:
            spans.append([number, number])
    return ", ".join(str(a) if a == b else f"{a}-{b}" for a, b in spans)
