"""The recorded base of the follow-up cycle, and the three-way rule that uses it.

Each build records what it wrote into every follow-up field (``layout.base_file_name``,
JSON beside the master, archived with the outputs). When the outputs come back, every
copy of a form is one side: a value equal to the base is no edit, a different one is
an edit by that side, and a cleared cell is an edit too (to nothing). One side's edit
wins over the base; two sides that edited one field differently are a conflict, which
the document saved last wins (by its own record of when it was saved, never the file
system's time) and which is reported with both values and both files. This is how
version control merges, for the same reason: without the base a cleared cell and a
cell nobody touched look the same, and the newer file cannot be told from the newer edit.

Without a base (outputs of a version before it) the rule falls back to
``entries.merge_entries``: typed values are kept, the later saved file wins a
conflict, and a cleared value cannot be told from an untouched one.
"""

from __future__ import annotations

import datetime as dt
import hashlib
import json
from collections.abc import Iterable, Mapping, Sequence
from pathlib import Path
from typing import NamedTuple

from grantsheet import fileformat
from grantsheet.entries import Conflict, FollowUpEntry, as_date, as_number, merge_entries, same_value
from grantsheet.errors import Location
from grantsheet.layout import AMOUNT_PREFIX, Category, base_file_name, category_aliases

MAX_BASE_BYTES = 200_000_000  # 100 000 centres with every field typed stay far below


class Base(NamedTuple):
    """What one build wrote into every follow-up field: centre id -> field -> value (blank fields absent)."""

    values: dict[str, dict[str, object]]

    @property
    def build_id(self) -> str:
        """Names this base: the same written values give the same id (files carry it)."""
        # Over the text format 1 wrote, whatever format the file is in: the workbooks of
        # earlier builds carry the ids of their bases.
        return hashlib.sha256(encode(self, {"format": 1}).encode("utf-8")).hexdigest()[:16]


def written_value(field: str, value: object) -> object:
    """``value`` as a follow-up cell holds it once written (``write.write_entry_cells``) and read back."""
    if value is None or (isinstance(value, str) and not value.strip()):
        return None
    if field.startswith(AMOUNT_PREFIX):
        number = as_number(value)
        return number if number is not None else str(value)
    if field == "date":
        date = as_date(value)
        return date if date is not None else str(value)
    return str(value)


def base_of(entries: Mapping[str, FollowUpEntry], fields: Iterable[str]) -> Base:
    """The base a build records when it writes ``entries`` into forms holding ``fields``."""
    wanted = set(fields)
    values: dict[str, dict[str, object]] = {}
    for centre_id, entry in sorted(entries.items()):
        written = {f: written_value(f, v) for f, v in sorted(entry.values.items()) if f in wanted}
        written = {f: v for f, v in written.items() if v is not None}
        if written:
            values[centre_id] = written
    return Base(values)


def _encode_value(value: object) -> object:
    if isinstance(value, dt.datetime):
        return {"datetime": value.isoformat()}
    if isinstance(value, dt.date):
        return {"date": value.isoformat()}
    return value


def _decode_value(value: object) -> object:
    if isinstance(value, dict):
        if "datetime" in value:
            return dt.datetime.fromisoformat(str(value["datetime"]))
        if "date" in value:
            return dt.date.fromisoformat(str(value["date"]))
        raise ValueError(f"not a recorded value: {value!r}")
    if isinstance(value, (str, int, float)) and not isinstance(value, bool):
        return value
    raise ValueError(f"not a recorded value: {value!r}")


def encode(base: Base, about: Mapping[str, object]) -> str:
    """``base`` as JSON, after the fields ``about`` its format."""
    centres = {c: {f: _encode_value(v) for f, v in fields.items()} for c, fields in sorted(base.values.items())}
    return json.dumps({**about, "centres": centres}, ensure_ascii=False, sort_keys=True, indent=1)


def write_base(path: Path, base: Base) -> None:
    """Into a staging folder: the rebuild renames it into place with the workbooks."""
    path.write_text(encode(base, fileformat.fields(fileformat.BASE)) + "\n", encoding="utf-8")


def read_base(path: Path) -> Base | None:
    """The base at ``path``; None when there is none. ``ValueError`` (or ``OSError``) when it is damaged."""
    if not path.is_file():
        return None
    if path.stat().st_size > MAX_BASE_BYTES:
        raise ValueError(f"{path.name} is larger than {MAX_BASE_BYTES} bytes")
    raw = json.loads(path.read_text(encoding="utf-8"))
    if not isinstance(raw, dict) or "format" not in raw or not isinstance(raw.get("centres"), dict):
        raise ValueError(f"{path.name} is not a follow-up base")
    fileformat.check(fileformat.BASE, raw["format"], raw.get("version"), Location(str(path)))
    values: dict[str, dict[str, object]] = {}
    for centre_id, fields in raw["centres"].items():
        if not isinstance(fields, dict):
            raise ValueError(f"{path.name}: centre {centre_id!r} has no fields")
        values[str(centre_id)] = {str(f): _decode_value(v) for f, v in fields.items()}
    return Base(values)


def bases_by_id(paths: Iterable[Path]) -> dict[str, Base]:
    """The readable bases at ``paths`` (the archived ones) by their ids; a damaged one is
    left out, and the files written with it compare with the last base instead."""
    found: dict[str, Base] = {}
    for path in paths:
        try:
            base = read_base(path)
        except (ValueError, OSError):
            continue
        if base is not None:
            found.setdefault(base.build_id, base)
    return found


def merge(
    entries: Iterable[FollowUpEntry], base: Base | None, earlier: Mapping[str, Base] | None = None
) -> tuple[dict[str, FollowUpEntry], list[Conflict]]:
    """One entry per centre id by the three-way rule (see the module's docstring). A form
    written by an earlier build (``FollowUpEntry.base_id`` found in ``earlier``) is compared
    with that build's base: an old copy of an untouched form is no edit."""
    if base is None:
        return merge_entries(entries)
    sides: dict[str, list[FollowUpEntry]] = {}
    for entry in sorted(entries, key=lambda e: (e.modified, e.source)):
        sides.setdefault(entry.centre_id, []).append(entry)
    merged: dict[str, FollowUpEntry] = {}
    conflicts: list[Conflict] = []
    for centre_id in sorted(set(sides) | set(base.values)):
        found = sides.get(centre_id, [])
        written = base.values.get(centre_id, {})
        target = FollowUpEntry(
            centre_id,
            next((e.centre_name for e in found if e.centre_name), ""),
            source=found[-1].source if found else "",
            modified=found[-1].modified if found else 0.0,
        )
        fields = set(written) | {f for side in found for f in side.present | set(side.values)}
        for name in sorted(fields):
            before = written.get(name)
            edits = [
                (side, side.values.get(name))
                for side in found
                if (name in side.present or name in side.values)
                and not same_value(side.values.get(name), _before(side, name, before, earlier or {}))
            ]
            if not edits:
                if before is not None:
                    target.values[name] = before
                    target.field_sources[name] = next((s.source for s in found if name in s.values), target.source)
                continue
            winner_side, winner = edits[-1]  # saved last (sorted above)
            if winner is not None:
                target.values[name] = winner
                target.field_sources[name] = winner_side.source
            reported: list[object] = [winner]
            for side, value in reversed(edits[:-1]):
                if not any(same_value(value, seen) for seen in reported):
                    reported.append(value)
                    conflicts.append(Conflict(centre_id, name, winner, winner_side.source, value, side.source))
        for side in found:
            target.overwritten.extend(side.overwritten)
            if target.received is None:
                target.received = side.received
        merged[centre_id] = target
    return merged, conflicts


def _before(side: FollowUpEntry, name: str, before: object, earlier: Mapping[str, Base]) -> object:
    """What the build that wrote ``side``'s form wrote into field ``name``."""
    own = earlier.get(side.base_id) if side.base_id else None
    return before if own is None else own.values.get(side.centre_id, {}).get(name)


def merge_forms(
    entries: list[FollowUpEntry], recorded: Base | None, categories: Sequence[Category], folder: Path
) -> tuple[dict[str, FollowUpEntry], list[Conflict]]:
    """``merge`` of the forms read from the outputs in ``folder`` (a rebuild) or returned
    against the master there (collect): categories found by the ids their names give in forms
    written before ids (``layout.category_aliases``), and each form written by an earlier
    build compared with that build's base from the archive under ``folder``."""
    aliases = category_aliases(categories)

    def aliased(values: dict[str, object]) -> dict[str, object]:
        return {aliases.get(name, name): value for name, value in values.items()}

    last = recorded.build_id if recorded is not None else None
    for entry in entries:
        entry.values = aliased(entry.values)
        entry.present = frozenset(aliases.get(f, f) for f in entry.present)
        if entry.base_id == last:
            entry.base_id = None  # written by the last build: compared with its base
    base = None if recorded is None else Base({c: aliased(v) for c, v in recorded.values.items()})
    earlier: dict[str, Base] = {}
    if base is not None and any(entry.base_id for entry in entries):
        archived = bases_by_id(sorted(folder.glob(f"*/*/{base_file_name(folder.name)}")))
        earlier = {key: Base({c: aliased(v) for c, v in b.values.items()}) for key, b in archived.items()}
    return merge(entries, base, earlier)
