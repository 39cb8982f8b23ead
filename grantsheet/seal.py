"""The master's seal (issue 12): what the build read and decided, stored inside the workbook.

The seal is the build's whole dataset (the grant file's decision, pools and methods, every
input row with its source file, sheet and row, the input files' SHA-256), the language and
version it was written with, and the SHA-256 of every formula it wrote. It is JSON, kept in
a sheet of its own (very hidden; LibreOffice turns that into hidden, Gnumeric into visible)
and hashed into a custom document property.

``verify`` regenerates the master from the seal in memory (``audit.expected_master``) and
compares every cell the build wrote with the file. The hash only tells an edit of the seal
that did not also redo the hash: anyone who can edit the file can write a new, consistent
seal. What a deliberate forger cannot redo is the journal beside the outputs
(``grantsheet.journal``), which records each written file's SHA-256 and its seal's hash.
"""

from __future__ import annotations

import contextlib
import datetime as dt
import hashlib
import itertools
import json
import re
from collections.abc import Iterable, Iterator, Mapping
from fractions import Fraction
from typing import TYPE_CHECKING, Any, NamedTuple

from xlsxwriter.utility import xl_cell_to_rowcol, xl_rowcol_to_cell

from grantsheet import errors, fileformat, layout, load, tables, validate
from grantsheet import grant as grant_module
from grantsheet.layout import SEAL_PROPERTY, SEAL_SHEET
from grantsheet.load import Dataset
from grantsheet.tables import REGISTER, TABLES, TableSpec

if TYPE_CHECKING:
    from grantsheet.context import BuildContext

# Format 2 seals every cell of the sheets a build adds (its changes report and the entries
# not carried over), their texts and numbers too; format 1 sealed only their formulas.
READ_FORMATS = (1, 2)  # fileformat.FORMATS[SEAL] is the one written
SEAL_CHUNK = 30_000  # characters per cell: Excel holds at most 32 767 in one
SEAL_FIRST_ROW = 2  # zero-based: a heading above the seal's text
DIGEST_LINES = 4096  # formulas hashed at a time
CELLS_AT_ONCE = 4096  # an added sheet's cells encoded at a time

# Every record type a dataset is made of: the NamedTuples of the modules that define them
# (a new setting in the grant file is sealed without a change here; nothing else is built).
_TYPES = {
    value.__name__: value
    for module in (grant_module, layout, validate, load, errors, tables)
    for value in vars(module).values()
    if isinstance(value, type)
    and issubclass(value, tuple)
    and hasattr(value, "_fields")
    and value.__module__ == module.__name__
}
_SPECS = {spec.name: spec for spec in (*TABLES.values(), REGISTER)}


class SealError(ValueError):
    """The seal cannot be read: missing, cut, or not what grantsheet writes."""


def encode(value: object) -> object:
    """``value`` (a dataset and what it holds) as JSON data, types kept by tags."""
    if value is None or isinstance(value, (bool, int, float, str)):
        return value
    if isinstance(value, Fraction):  # money with cents, a decimal key: exactly, as "n/d"
        return {"$q": f"{value.numerator}/{value.denominator}"}
    if isinstance(value, dt.datetime):
        return {"$dt": value.isoformat()}
    if isinstance(value, dt.date):
        return {"$d": value.isoformat()}
    if isinstance(value, Fraction):
        return {"$q": [value.numerator, value.denominator]}
    if isinstance(value, TableSpec) and _SPECS.get(value.name) == value:
        return {"$spec": value.name}  # a preset as it is: by name (a declared table is sealed whole)
    if isinstance(value, tuple) and hasattr(value, "_fields"):
        name = type(value).__name__
        if _TYPES.get(name) is not type(value):
            raise TypeError(f"cannot seal a {name}")
        return {"$t": name, "f": [encode(v) for v in value]}
    if isinstance(value, (tuple, list)):
        return [encode(v) for v in value]
    if isinstance(value, dict):
        return {"$m": [[encode(k), encode(v)] for k, v in value.items()]}
    raise TypeError(f"cannot seal a {type(value).__name__}")


_JSON = json.JSONEncoder(ensure_ascii=False, sort_keys=True).encode
# The records that hold the long lists (the centres, a table's rows): written a field at a time.
STREAMED = ("Dataset", "Table")


def encoded_text(value: object) -> Iterator[str]:
    """``json.dumps(encode(value), ensure_ascii=False, sort_keys=True)`` in pieces, the same
    text: the dataset's lists and tables a value at a time, so that each centre and each row
    is encoded on its own, never the whole dataset at once (which added 53 MiB to the peak of a
    10 000-centre master)."""
    name = type(value).__name__
    if name in STREAMED and _TYPES.get(name) is type(value):
        yield '{"$t": ' + _JSON(name) + ', "f": '
        yield from _sequence(value)
        yield "}"
    elif isinstance(value, dict):
        yield '{"$m": '
        yield from _sequence([key, item] for key, item in value.items())
        yield "}"
    elif isinstance(value, (tuple, list)) and not hasattr(value, "_fields"):
        yield from _sequence(value)
    else:
        yield _JSON(encode(value))


def _sequence(values: Iterable[object]) -> Iterator[str]:
    yield "["
    for number, value in enumerate(values):
        if number:
            yield ", "
        yield from encoded_text(value)
    yield "]"


def _cells_text(cells: Mapping[tuple[int, int], tuple[str, object]]) -> Iterator[str]:
    """``cells`` as the JSON list of ``[row, col, kind, value]`` that ``json.dumps`` spells, in
    pieces of ``CELLS_AT_ONCE`` cells: a list's items are joined by ", " however many are
    encoded at once, and an encoder call per cell was most of the time a rebuild's seal took."""
    items = iter(cells.items())
    yield "["
    separator = ""
    while batch := [[r, c, kind, value] for (r, c), (kind, value) in itertools.islice(items, CELLS_AT_ONCE)]:
        yield separator + _JSON(batch)[1:-1]
        separator = ", "
    yield "]"


def decode(data: object) -> object:
    """The inverse of ``encode``; only the types a dataset holds are built."""
    if isinstance(data, list):
        return tuple(decode(v) for v in data)
    if not isinstance(data, dict):
        return data
    if "$q" in data:
        return Fraction(data["$q"])
    if "$dt" in data:
        return dt.datetime.fromisoformat(data["$dt"])
    if "$d" in data:
        return dt.date.fromisoformat(data["$d"])
    if "$spec" in data:
        return _SPECS[data["$spec"]]
    if "$q" in data:
        return Fraction(*data["$q"])
    if "$m" in data:
        return {decode(k): decode(v) for k, v in data["$m"]}
    if "$t" in data:
        cls: Any = _TYPES[data["$t"]]
        return cls(*[decode(v) for v in data["f"]])
    raise SealError(f"unknown seal entry {sorted(data)}")


class Seal(NamedTuple):
    dataset: Dataset
    lang: str
    version: str
    formulas: str  # SHA-256 of every formula the build wrote on its own sheets (formula_digest)
    extra: Mapping[str, Mapping[tuple[int, int], tuple[str, object]]]  # sheets added to this build (changes ...)
    extra_typed: bool = True  # False for a format 1 seal: ``extra`` holds only the formulas

    def text(self) -> str:
        return "".join(self.pieces())

    def pieces(self) -> Iterator[str]:
        """The seal's JSON text (keys sorted) in pieces, the dataset (the first key) a record
        at a time (``encoded_text``)."""
        rest = json.dumps(
            {
                "format": fileformat.FORMATS[fileformat.SEAL],
                "version": self.version,
                "lang": self.lang,
                "formulas_sha256": self.formulas,
            },
            ensure_ascii=False,
            sort_keys=True,
        )
        yield '{"dataset": '
        yield from encoded_text(self.dataset)
        # The added sheets' cells a few thousand at a time (a rebuild's changes report has a row
        # per centre): the same text as json.dumps of them all, names sorted as sort_keys sorts them.
        yield ', "extra_sheets": {'
        for number, name in enumerate(sorted(self.extra)):
            yield (", " if number else "") + _JSON(name) + ": "
            yield from _cells_text(self.extra[name])
        yield "}, " + rest[1:]


def digest(text: str) -> str:
    return hashlib.sha256(text.encode("utf-8")).hexdigest()


def _sealed_cell(cell: list, typed: bool) -> tuple[str, object]:
    if not typed:
        return ("f", str(cell[2]))
    kind, value = str(cell[2]), cell[3]
    if kind not in ("f", "n", "d", "s", "b"):
        raise SealError(f"unknown cell kind {kind!r}")
    return kind, value


def parse(text: str) -> Seal:
    with _unreadable():
        data = json.loads(text)
        dataset = _dataset(data)
        typed = data["format"] >= 2
        extra = {
            name: {(int(cell[0]), int(cell[1])): _sealed_cell(cell, typed) for cell in cells}
            for name, cells in data["extra_sheets"].items()
        }
        return Seal(dataset, str(data["lang"]), str(data["version"]), str(data["formulas_sha256"]), extra, typed)


def sealed_dataset(text: str) -> Dataset:
    """The dataset of a seal alone (``parse`` without the added sheets' cells, which a
    rebuild's master holds by the hundred thousand and what changed since it never reads)."""
    with _unreadable():
        return _dataset(json.loads(text))


@contextlib.contextmanager
def _unreadable() -> Iterator[None]:
    """Whatever a cut or foreign seal makes JSON or the decoder raise, as a ``SealError``."""
    try:
        yield
    except (KeyError, TypeError, ValueError, AttributeError) as error:
        if isinstance(error, SealError):
            raise
        raise SealError(type(error).__name__) from None


def _dataset(data: dict) -> Dataset:
    if data.get("format") not in READ_FORMATS:
        raise SealError(f"seal format {data.get('format')!r}")
    dataset = decode(data["dataset"])
    if not isinstance(dataset, Dataset):
        raise SealError("the seal holds no dataset")
    return dataset


# -- what an XlsxWriter workbook holds before it is closed -------------------------------


class Written(NamedTuple):
    """One sheet as the writer laid it out: every cell, its protection, hidden rows and columns."""

    name: str
    cells: dict[tuple[int, int], tuple[str, object]]  # (row, col) -> ("f", formula) | ("n" | "d", number) | ("s", text)
    protected: bool
    hidden_rows: frozenset[int]
    hidden_cols: frozenset[int]
    validations: tuple[tuple[int, int, int, int, dict], ...]  # first row, first col, last row, last col, options
    # What a reader sees besides the values (#26.6): each cell's number format (a text's
    # too: ";;;" hides it), the conditional formats by range, the print area and the rows
    # repeated on each page.
    formats: dict[tuple[int, int], str] = {}
    conditional: dict[str, tuple[tuple[str, str, str], ...]] = {}
    print_area: str = ""
    print_titles: str = ""


def written_sheets(book, first: int = 0) -> list[Written]:  # noqa: ANN001 - an xlsxwriter.Workbook, not yet closed
    """The sheets of ``book`` from its ``first`` on, every cell as ``Written`` holds it."""
    by_index = _strings(book)
    dxf = {f.dxf_index: f for f in book.formats if getattr(f, "dxf_index", None) is not None}
    sheets = []
    # A master's cells share a few dozen formats: each spelled once, not once a cell (with the
    # position shared by both dictionaries, 0.15 GB of a 25 000-recipient master's layout).
    codes: dict[object, str] = {}
    for sheet in book.worksheets()[first:]:
        cells: dict[tuple[int, int], tuple[str, object]] = {}
        formats: dict[tuple[int, int], str] = {}
        for row, by_col in sheet.table.items():
            for col, cell in by_col.items():
                value = _cell_value(cell, by_index)
                if value is not None:
                    code = cell.format.num_format if cell.format else None
                    if code not in codes:
                        codes[code] = number_format(code)
                    position = (row, col)
                    formats[position] = codes[code]
                    cells[position] = value
        validations = tuple(
            (v["cells"][0][0], v["cells"][0][1], v["cells"][0][2], v["cells"][0][3], v)
            for v in sheet.validations
            if v.get("cells")
        )
        sheets.append(
            Written(
                sheet.name,
                cells,
                bool(sheet.protect_options),
                frozenset(r for r, info in sheet.row_info.items() if info.hidden),
                frozenset(c for c, info in sheet.col_info.items() if info.hidden),
                validations,
                formats,
                {
                    area: tuple(sorted(_rule(option, dxf) for option in options))
                    for area, options in sheet.cond_formats.items()
                },
                print_range(sheet.print_area_range or ""),
                print_range(sheet.repeat_row_range or ""),
            )
        )
    return sheets


def _strings(book) -> list[str]:  # noqa: ANN001 - an xlsxwriter.Workbook, not yet closed
    """The book's shared strings by their index, as its String cells refer to them."""
    strings = book.str_table.string_table
    return sorted(strings, key=strings.__getitem__)


def _cell_value(cell, by_index: list[str]) -> tuple[str, object] | None:  # noqa: ANN001 - an XlsxWriter cell
    """One XlsxWriter cell as ``Written`` holds it; None for a blank (it holds no value)."""
    kind = type(cell).__name__
    if kind == "Formula":
        return ("f", "=" + cell.formula)
    if kind == "Number":
        return ("n", cell.number)
    if kind == "Datetime":
        return ("d", cell.number)
    if kind == "String":
        return ("s", by_index[cell.string])
    if kind == "Boolean":
        return ("b", bool(cell.boolean))
    return None


class BookCells(Mapping[tuple[int, int], tuple[str, object]]):
    """The cells of one XlsxWriter worksheet as ``Written.cells`` holds them, read from the
    worksheet when asked: the seal of an added sheet (a rebuild's changes report, a row per
    centre) is written from it without a copy of its cells (BENCHMARKS.md)."""

    def __init__(self, sheet, by_index: list[str]) -> None:  # noqa: ANN001 - an XlsxWriter worksheet
        self.table = sheet.table
        self.by_index = by_index

    def __getitem__(self, position: tuple[int, int]) -> tuple[str, object]:
        row, col = position
        cell = self.table[row].get(col) if row in self.table else None
        value = None if cell is None else _cell_value(cell, self.by_index)
        if value is None:
            raise KeyError(position)
        return value

    def __iter__(self) -> Iterator[tuple[int, int]]:
        # Rows and columns in the order they were written, as ``written_sheets`` holds them.
        for row, by_col in self.table.items():
            for col, cell in by_col.items():
                if _cell_value(cell, self.by_index) is not None:
                    yield row, col

    def __len__(self) -> int:
        return sum(1 for _ in self)


class Presentation(NamedTuple):
    """How one sheet shows what it holds, as the build laid it out (#26.6): the number format
    of each cell it checks (its text is visible too), the conditional formats by range, the
    print area, the rows repeated on each page, the hidden rows and columns."""

    name: str
    formats: dict[tuple[int, int], str]
    conditional: dict[str, tuple[tuple[str, str, str], ...]]
    print_area: str
    print_titles: str
    hidden_rows: frozenset[int] = frozenset()
    hidden_cols: frozenset[int] = frozenset()
    # The words: each text cell's ``text_digest``. Only a digest, so the kept presentation
    # stays a few properties long; enough to name the cell whose text was changed or removed.
    texts: dict[tuple[int, int], str] = {}


def text_digest(text: str) -> str:
    """The first 64 bits of a text's SHA-256, in hex: no second text with the same digest is
    found by trying (2^64 tries), and an edit shows."""
    return hashlib.sha256(text.encode("utf-8")).hexdigest()[:16]


def presentation(sheet: Written, own: Iterable[tuple[int, int]] = (), words: bool = True) -> Presentation:
    """``sheet``'s presentation: of every cell the build wrote but ``own`` (the cells a centre
    types into), of its numbers and formulas only without ``words``."""
    skip = set(own)
    return Presentation(
        sheet.name,
        {
            position: code
            for position, code in sheet.formats.items()
            if position not in skip and (words or sheet.cells[position][0] != "s")
        },
        sheet.conditional,
        sheet.print_area,
        sheet.print_titles,
        sheet.hidden_rows,
        sheet.hidden_cols,
        {
            position: text_digest(str(value))
            for position, (kind, value) in sheet.cells.items()
            if words and kind == "s" and position not in skip
        },
    )


def presentation_text(sheets: Iterable[Presentation]) -> str:
    """The presentation of a centre file's sheets as JSON, one spelling for one presentation
    (keys sorted, cells in order) and without a space (a space escaped as \\u0020): the text is
    kept in pieces (``layout.view_properties``), and a program may trim a piece's spaces."""
    data = [
        {
            "name": shown.name,
            "formats": {
                code: [_cell(*p) for p in sorted(p for p, c in shown.formats.items() if c == code)]
                for code in sorted(set(shown.formats.values()))
            },
            "conditional": {area: [list(rule) for rule in rules] for area, rules in shown.conditional.items()},
            "print_area": shown.print_area,
            "print_titles": shown.print_titles,
            "hidden_rows": sorted(shown.hidden_rows),
            "hidden_cols": sorted(shown.hidden_cols),
            "texts": {_cell(*position): digest for position, digest in sorted(shown.texts.items())},
        }
        for shown in sheets
    ]
    text = json.dumps(data, ensure_ascii=True, sort_keys=True, separators=(",", ":"))
    return text.replace(" ", "\\u0020")  # only inside strings: the separators have none


def parse_presentation(text: str) -> list[Presentation]:
    """The inverse of ``presentation_text``; ``SealError`` for a text it does not write. A
    presentation kept before the texts were (the first format 4 files) checks no texts."""
    try:
        return [
            Presentation(
                str(sheet["name"]),
                {_position(cell): str(code) for code, cells in sheet["formats"].items() for cell in cells},
                {
                    str(area): tuple((str(kind), str(shown), str(font)) for kind, shown, font in rules)
                    for area, rules in sheet["conditional"].items()
                },
                str(sheet["print_area"]),
                str(sheet["print_titles"]),
                frozenset(int(row) for row in sheet["hidden_rows"]),
                frozenset(int(col) for col in sheet["hidden_cols"]),
                {_position(cell): str(digest) for cell, digest in sheet.get("texts", {}).items()},
            )
            for sheet in json.loads(text)
        ]
    except (KeyError, TypeError, ValueError, AttributeError) as error:
        raise SealError(type(error).__name__) from None


def _cell(row: int, col: int) -> str:
    return xl_rowcol_to_cell(row, col)


def _position(cell: str) -> tuple[int, int]:
    if not re.fullmatch(r"[A-Z]{1,3}[1-9][0-9]{0,6}", cell):
        raise ValueError(cell)
    return xl_cell_to_rowcol(cell)


def number_format(code: object) -> str:
    """A number format as a reader sees it, whoever saved it: XlsxWriter's, Excel's and
    LibreOffice's spellings of one format (quotes, backslashes, letter case) are one."""
    if code in (None, "", 0, "General", "general"):
        return "general"
    return str(code).replace('"', "").replace("\\", "").lower()


def colour(rgb: object) -> str:
    """ "#C00000", "FFC00000", XlsxWriter's Color(0xC00000) -> "C00000"; "" for none (the theme's)."""
    if hasattr(rgb, "_rgb_hex_value"):  # XlsxWriter's Color, as XlsxWriter itself writes it
        return str(rgb._rgb_hex_value()).upper()
    return str(rgb)[-6:].upper() if isinstance(rgb, str) and len(rgb) >= 6 else ""


def print_range(text: str) -> str:
    """ "'Utbetalning'!$A$1:$F$45" -> "A1:F45", a print area or the rows repeated on each page."""
    return text.rsplit("!", 1)[-1].replace("$", "").upper()


def _rule(option: dict, dxf: dict) -> tuple[str, str, str]:
    """A conditional format's rule as a reader sees it: its type, and the number format and
    font colour it shows a cell in."""
    shown = dxf.get(option.get("format"))
    numbers = number_format(shown.num_format) if shown is not None else "general"
    return str(option.get("type", "")), numbers, colour(shown.font_color) if shown is not None else ""


def formula_digest(sheets: Iterable[Written]) -> str:
    """SHA-256 of every formula with its sheet and cell, in sheet, row and column order."""
    return _digest_rows(
        ((sheet.name, row, col, value) for (row, col), (kind, value) in sorted(sheet.cells.items()) if kind == "f")
        for sheet in sheets
    )


def _digest_rows(sheets: Iterable[Iterable[tuple[str, int, int, object]]]) -> str:
    """``formula_digest``'s hash of (sheet, row, column, formula) in order, a few thousand
    lines at a time: a whole sheet's text at once, a copy of its formulas, added 32 MiB to the
    peak of a 10 000-centre master."""
    hashed = hashlib.sha256()
    lines: list[str] = []
    for formulas in sheets:
        for name, row, col, value in formulas:
            lines.append(f"{name}\t{row}\t{col}\t{value}\n")
            if len(lines) == DIGEST_LINES:
                hashed.update("".join(lines).encode())
                lines.clear()
    hashed.update("".join(lines).encode())
    return hashed.hexdigest()


def _book_formulas(sheet) -> Iterator[tuple[str, int, int, object]]:  # noqa: ANN001 - an XlsxWriter worksheet
    """A worksheet's formulas in row and column order, as ``written_sheets`` writes them."""
    for row in sorted(sheet.table):
        by_col = sheet.table[row]
        for col in sorted(by_col):
            cell = by_col[col]
            if type(cell).__name__ == "Formula":
                yield sheet.name, row, col, "=" + cell.formula


def seal_of(book, build: BuildContext, own_sheets: int) -> Seal:  # noqa: ANN001
    """The seal of ``build``'s master whose sheets are written (the first ``own_sheets`` are
    the build's own).

    The build's own sheets are hashed straight from XlsxWriter's cells: a copy of every cell
    (``written_sheets``) took 1.1 GB at 100 000 centres (BENCHMARKS.md); the added sheets'
    cells are read from them as the seal's text is written (``BookCells``)."""
    formulas = _digest_rows(_book_formulas(sheet) for sheet in book.worksheets()[:own_sheets])
    by_index = _strings(book)
    extra = {sheet.name: BookCells(sheet, by_index) for sheet in book.worksheets()[own_sheets:]}
    return Seal(build.dataset, build.lang, build.version, formulas, extra)


def add_seal_sheet(book, seal: Seal, heading: str) -> str:  # noqa: ANN001
    """Write the seal into its own very hidden sheet and its hash into a document property;
    returns the hash."""
    sheet = book.add_worksheet(SEAL_SHEET)
    sheet.write_string(0, 0, heading)
    hashed = hashlib.sha256()
    for offset, chunk in enumerate(_chunks(seal.pieces(), SEAL_CHUNK)):
        sheet.write_string(SEAL_FIRST_ROW + offset, 0, chunk)
        hashed.update(chunk.encode("utf-8"))
    sheet.very_hidden()
    # The property centre files carry their seal's hash in: one name, one meaning.
    book.set_custom_property(SEAL_PROPERTY, hashed.hexdigest())
    return hashed.hexdigest()


def _chunks(pieces: Iterable[str], size: int) -> Iterator[str]:
    """The text of ``pieces`` cut into strings of ``size`` characters (the last shorter)."""
    held: list[str] = []
    length = 0
    for piece in pieces:
        held.append(piece)
        length += len(piece)
        if length >= size:
            text = "".join(held)
            cut = length - length % size
            yield from (text[start : start + size] for start in range(0, cut, size))
            held, length = [text[cut:]], length - cut
    if length:
        yield "".join(held)


def seal_text(rows: Iterator[tuple[object, ...]] | list[tuple[object, ...]]) -> str:
    """The seal's text from its sheet's rows (values, from row 1)."""
    parts = []
    for number, values in enumerate(rows):
        if number < SEAL_FIRST_ROW:
            continue
        value = values[0] if values else None
        if value in (None, ""):
            break
        parts.append(str(value))
    return "".join(parts)


# -- the master again, from its seal -----------------------------------------------------
