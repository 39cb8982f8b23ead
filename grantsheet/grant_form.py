"""The grant file as a form: what the officer's page edits instead of a text editor.

The form's sections and fields are derived from the grant file's schema (``grant.SCHEMA``),
not listed a second time: a setting added to the schema is a field of the form, with its
choices, its default and its example as the schema gives them. What the officer types is
turned into TOML values by the setting's types alone and written into the grant file's
own text (tomlkit), so the officer's comments and layout stay where they were. Whether the
result is right is decided by reading it exactly as ``grantsheet check`` does: one set of
rules and one set of messages.

A draft is never stored: every request carries the whole form, and the draft is the grant
file on disk with the form applied. ``_order.<list>`` says, per element of a list of tables
(``[[pools]]``), which element of the file it was, so a pool removed above keeps the
others' comments with them.
"""

from __future__ import annotations

import datetime as dt
import hashlib
import re
from collections.abc import Mapping, Sequence
from typing import Any, NamedTuple

import tomlkit
import tomlkit.exceptions
from tomlkit.items import AoT, InlineTable, Table

from grantsheet.grant import (
    BOOL,
    DATE,
    EQUAL,
    FLOAT,
    INT,
    LIST,
    REQUIRED,
    SCHEMA,
    TABLE,
    TEXT,
    Setting,
    children,
    setting_lines,
)
from grantsheet.tables import TABLES

UNSET = object()  # a field left empty: the setting is removed from the file
ORDER = "_order."  # "_order.pools": the file's index of each element, in the form's order (NEW for one added)
NEW = "new"
ADD, REMOVE = "add:", "remove:"  # actions: "add:pools", "remove:pools.1"
KEY = "pools[].key"  # the setting whose choices depend on the tables: offered, checked by the schema's rules
LONG_TEXT = 1000  # a text setting allowed longer than this is a text area (a letter's body, not a path)
# Characters a number may be typed with: "4 200 000", "4 200 000" (no-break space), "4_200_000".
_DIGIT_GROUPS = re.compile(r"[\s\u00a0\u202f_]")


class Field(NamedTuple):
    name: str  # the form's field name: "pools.0.amount"
    at: tuple  # the setting's place in the file: ("pools", 0, "amount")
    setting: Setting
    value: str  # as the form shows it; "" when the file does not set it
    suggestions: tuple[str, ...] = ()  # offered as the officer types (a pool's key: the keys there are)

    @property
    def key(self) -> str:
        return str(self.at[-1])

    @property
    def control(self) -> str:
        """How the page asks for it: select, date, number, lines, textarea, toml or text."""
        kinds = self.setting.kinds
        if LIST in kinds:
            return "lines"
        if TABLE in kinds:
            return "toml"  # a word, or a table written inline: { column = "…", at_least = "median" }
        if self.setting.allowed or kinds == (BOOL,):
            return "select"
        if DATE in kinds:
            return "date"
        if INT in kinds and TEXT not in kinds:
            return "number"
        if self.setting.most is not None and self.setting.most > LONG_TEXT:
            return "textarea"
        return "text"

    @property
    def choices(self) -> tuple[str, ...]:
        """A select's options; "" (not set: the default) first unless the setting is required."""
        options = self.setting.allowed or (("true", "false") if self.setting.kinds == (BOOL,) else ())
        return options if self.required else ("", *options)

    @property
    def required(self) -> bool:
        return self.setting.default is REQUIRED

    @property
    def default(self) -> str:
        """What the grant file means when the setting is left out, as the form would show it."""
        default = self.setting.default
        if default is REQUIRED or default is None or isinstance(default, dict | list) and not default:
            return ""
        return shown(default)


class Section(NamedTuple):
    name: str  # "grant", "pools.0"
    table: str  # its schema path: "grant", "pools[]"
    fields: tuple[Field, ...]
    origin: int | None = None  # an element of a list: its index in the file (None: new)

    @property
    def title(self) -> str:
        """The table as the file writes it: "grant", "pools"."""
        return self.table.removesuffix("[]")

    @property
    def position(self) -> int | None:
        """Its place in its list (0, 1, ...); None for a plain table."""
        last = self.name.rpartition(".")[2]
        return int(last) if last.isdigit() else None


class Draft(NamedTuple):
    """The grant file with a form applied: its text, and each list's elements' origins."""

    text: str
    order: dict[str, list[int | None]]


def sha256(data: bytes) -> str:
    return hashlib.sha256(data).hexdigest()


def lists() -> list[str]:
    """The top-level settings that are lists of tables ([[pools]]): each element a section."""
    return [key for key, path in children("").items() if _is_table_list(path)]


def _is_table_list(path: str) -> bool:
    element = SCHEMA.get(path + "[]")
    return LIST in SCHEMA[path].kinds and element is not None and element.kinds == (TABLE,)


def _tables() -> list[str]:
    """The top-level settings that are tables ([grant], [decision], ...), in the schema's order."""
    return [key for key, path in children("").items() if SCHEMA[path].kinds == (TABLE,)]


def sections(text: str, order: Mapping[str, Sequence[int | None]] | None = None) -> list[Section]:
    """The form for a grant file's ``text``: one section per table, one per element of a list
    of tables, in the schema's order. ``order``: the origins ``draft`` returned, else each
    element is the file's own."""
    data = _parse(text).unwrap()
    keys = pool_keys(data)
    found = []
    for key, path in children("").items():
        value = data.get(key)
        if key in lists():
            elements = value if isinstance(value, list) else []
            origins = list(order[key]) if order and key in order else list(range(len(elements)))
            for index, element in enumerate(elements):
                values = element if isinstance(element, dict) else {}
                name = f"{key}.{index}"
                origin = origins[index] if index < len(origins) else None
                fields = _fields(name, (key, index), path + "[]", values, keys)
                found.append(Section(name, path + "[]", fields, origin))
        elif key in _tables():
            found.append(Section(key, path, _fields(key, (key,), path, value if isinstance(value, dict) else {})))
    return found


def _fields(name: str, at: tuple, table: str, values: dict, keys: tuple[str, ...] = ()) -> tuple[Field, ...]:
    return tuple(
        Field(
            f"{name}.{key}",
            (*at, key),
            SCHEMA[path],
            shown(values[key]) if key in values else "",
            keys if path == KEY else (),
        )
        for key, path in children(table).items()
    )


def pool_keys(data: dict) -> tuple[str, ...]:
    """The keys a pool may name, to offer as the officer types: one share each, every built-in
    table and its key columns, and each count or decimal column of a table the file declares."""
    keys = [EQUAL]
    for name, spec in TABLES.items():
        keys += [name, *(f"{name}.{column}" for column in spec.key_fields)]
    for table in data.get("tables") or []:
        for column in table.get("columns") or [] if isinstance(table, dict) else []:
            if isinstance(column, dict) and column.get("kind") in ("count", "decimal"):
                keys.append(f"{table.get('id')}.{column.get('id')}")
    return tuple(dict.fromkeys(keys))


def shown(value: Any) -> str:
    """A setting's value as the form shows it: a list one item a line, a table inline."""
    if isinstance(value, bool):
        return "true" if value else "false"
    if isinstance(value, str):
        return value
    if isinstance(value, list):
        return "\n".join(shown(item) for item in value)
    if isinstance(value, dict):
        return _inline(value)
    if isinstance(value, dt.date):
        return value.isoformat()
    return str(value)


def _inline(value: dict) -> str:
    table = tomlkit.inline_table()
    table.update(value)
    return table.as_string().strip()


def parse(setting: Setting, text: str, current: Any = UNSET) -> Any:
    """The TOML value the officer meant by ``text`` for ``setting``: by the setting's types.

    What fits none of them stays a text: reading the file then names what it should be, in
    the words ``grantsheet check`` uses. ``current``: the value the file holds, which decides
    between a number and a text where both are allowed (a ledger account).
    """
    kinds = setting.kinds
    text = text.replace("\r\n", "\n")
    if not text.strip():
        return UNSET
    if LIST in kinds:
        element = SCHEMA.get(setting.path + "[]")
        return [parse(element, line) if element else line for line in text.splitlines() if line.strip()]
    text = text if setting.most is not None and setting.most > LONG_TEXT else text.strip()
    if TABLE in kinds and text.startswith("{"):
        written = _toml_value(text)
        if written is not UNSET:
            return written
    if INT in kinds and (TEXT not in kinds or isinstance(current, int) and not isinstance(current, bool)):
        digits = _DIGIT_GROUPS.sub("", text)
        if re.fullmatch(r"[+-]?[0-9]+", digits):
            return int(digits)
    if BOOL in kinds and text.lower() in ("true", "false"):
        return text.lower() == "true"
    if DATE in kinds:
        try:
            return dt.date.fromisoformat(text)
        except ValueError:
            pass
    if FLOAT in kinds:  # "0,01", "4 200 000,50": as a Swedish officer writes a sum with cents
        try:
            return float(_DIGIT_GROUPS.sub("", text).replace(",", "."))
        except ValueError:
            pass
    return text


def _toml_value(text: str) -> Any:
    try:
        return tomlkit.parse(f"v = {text}")["v"].unwrap()
    except (tomlkit.exceptions.TOMLKitError, ValueError):
        return UNSET


def readable(text: str) -> bool:
    """Whether the form can show ``text``: a file TOML cannot read is mended by hand (or
    replaced), since a form of it would lose what it could not read."""
    try:
        tomlkit.parse(text)
    except (tomlkit.exceptions.TOMLKitError, ValueError):
        return False
    return True


def _parse(text: str) -> tomlkit.TOMLDocument:
    """The grant file as tomlkit reads it; a file it cannot read is an empty form (reading it
    with ``grant.read_grant`` names the line)."""
    try:
        return tomlkit.parse(text)
    except (tomlkit.exceptions.TOMLKitError, ValueError):
        return tomlkit.document()


def draft(text: str, form: Mapping[str, str], action: str = "") -> Draft:
    """The grant file ``text`` with the form's fields written into it (comments and layout
    kept), and with ``action`` done: "add:pools" adds an empty pool, "remove:pools.1" removes
    the second. Settings the form does not name are left as they are."""
    document = _parse(text)
    order: dict[str, list[int | None]] = {}
    for key in _tables():
        if any(name.startswith(f"{key}.") for name in form):
            _fill_table(document, key, form)
    for key in lists():
        if ORDER + key in form:
            order[key] = _fill_list(document, key, form, action)
    return Draft(tomlkit.dumps(document), order)


def _fill_table(document: tomlkit.TOMLDocument, key: str, form: Mapping[str, str]) -> None:
    found = document.get(key)
    present = isinstance(found, Table | InlineTable)
    table: Any = found if present else tomlkit.table()
    _fill(table, key, key, form)
    optional = SCHEMA[key].default is None  # [ledger], [mail]: there only when something is set
    if not present and len(table):
        table.add(tomlkit.nl())
        document[key] = table
    elif present and optional and not len(table):
        del document[key]


def _fill_list(document: tomlkit.TOMLDocument, key: str, form: Mapping[str, str], action: str) -> list[int | None]:
    old = document.get(key)
    elements = list(old) if isinstance(old, AoT) else []
    written = form[ORDER + key].strip()
    origins = (
        [int(o) if o.isdigit() and int(o) < len(elements) else None for o in written.split(",")] if written else []
    )
    if len(origins) != len({o for o in origins if o is not None}) + origins.count(None):
        origins = [None] * len(origins)  # the same element twice: a form not made by the page
    kept = [(index, origin) for index, origin in enumerate(origins) if action != f"{REMOVE}{key}.{index}"]
    if action == ADD + key:
        kept.append((len(origins), None))
    existing = [origin for _, origin in kept if origin is not None]
    # The page's own edits (one removed, one added at the end) keep the file's layout as it is.
    in_place = existing == sorted(existing) and all(o is not None for _, o in kept[: len(existing)])
    array = old if in_place and isinstance(old, AoT) else tomlkit.aot()
    if array is old:
        for index in reversed(range(len(elements))):
            if index not in existing:
                del array[index]
    for index, origin in kept:
        table = elements[origin] if origin is not None else tomlkit.table()
        _fill(table, f"{key}.{index}", f"{key}[]", form)
        if origin is None:
            table.add(tomlkit.nl())  # a blank line before the next table, as the officer leaves one
        if origin is None or array is not old:
            array.append(table)
    if len(array):
        document[key] = array
    elif key in document:
        del document[key]
    return [origin for _, origin in kept]


def _fill(table: Any, name: str, pattern: str, form: Mapping[str, str]) -> None:
    """Each field of the form under ``name`` written into ``table``; a value the file holds
    already (by what it means) is not touched, so its comment and spelling stay."""
    for key, path in children(pattern).items():
        field = f"{name}.{key}"
        if field not in form:
            continue
        current = table[key].unwrap() if key in table and hasattr(table[key], "unwrap") else table.get(key, UNSET)
        value = parse(SCHEMA[path], form[field], current)
        if value is UNSET:
            if key in table:
                del table[key]
        elif not _same(value, current):
            table[key] = _item(value)


def _same(value: Any, current: Any) -> bool:
    return type(value) is type(current) and value == current


def _item(value: Any) -> Any:
    """A list of more than a few items is written one a line, as the officer would."""
    if isinstance(value, list) and len(value) > 2:
        array = tomlkit.array()
        array.extend(value)
        array.multiline(True)
        return array
    return value


def form_of(text: str, order: Mapping[str, Sequence[int | None]] | None = None) -> dict[str, str]:
    """The form as the page fills it for ``text``: what posting it back unchanged would send."""
    form = {}
    for section in sections(text, order):
        for field in section.fields:
            form[field.name] = field.value
    document = _parse(text).unwrap()
    for key in lists():
        count = len(document.get(key) or [])
        origins = list(order[key]) if order and key in order else list(range(count))
        form[ORDER + key] = order_value(origins)
    return form


def order_value(origins: Sequence[int | None]) -> str:
    """``_order.<list>``'s value: each element's index in the file, "new" for one added."""
    return ",".join(NEW if o is None else str(o) for o in origins)


def field_lines(text: str, found: Sequence[Section]) -> dict[int, str]:
    """Line of ``text`` -> the field (its form name) that stands on it: a problem located on a
    line is shown beside its field too."""
    line_of = setting_lines(text)
    lines: dict[int, str] = {}
    for section in found:
        for field in section.fields:
            line = line_of(field.at) if field.value else None
            if line is not None and line_of(field.at[:-1]) != line:
                lines.setdefault(line, field.name)
    return lines
