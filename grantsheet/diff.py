"""What differs between two grantsheet workbooks, and which input moved which payout (issue 12).

Two masters: their parameters (pool amounts and methods), their input rows (matched by
centre and the row's text, never by position: a re-sorted input file moves no payout),
each centre's key and payout per pool, and the follow-up entries. Each changed payout
carries its reasons: the pool amount, the centre's own key (and the input rows behind it),
the total key of every centre, the rounding; when none of those moved against it, the
largest-remainder rule did (a centre can get one krona less of a larger pool: the Alabama
paradox). Two centre files: the basis of each pool and the follow-up entries.

Everything is read from the workbooks' own sheets, as ``verify`` re-derives them; the two
books need not come from the same grant file (the officer's what-if).
"""

from __future__ import annotations

import functools
from pathlib import Path
from typing import NamedTuple

from grantsheet import texts
from grantsheet.allocate import shown_key
from grantsheet.followup import book_entries, under_stored_id
from grantsheet.identity import earlier_ids, ids_neutral
from grantsheet.layout import (
    BASIS_COLUMNS,
    BASIS_FIRST,
    CENTRE,
    COL,
    INFO_ROW,
    MASTER,
    PARAMETERS,
    PAYOUT,
    PROVENANCE_COLUMNS,
    TABLE_TOP,
    field_label,
)
from grantsheet.readback import OutputBook, workbook_info
from grantsheet.rederive import Derived, declared_specs, derive
from grantsheet.tables import NUMERIC, TABLES, column_labels, sheet_labels, word


class Difference(NamedTuple):
    """One thing that differs; ``kind`` names a ``texts`` entry "diff_<kind>"."""

    kind: str
    params: tuple[tuple[str, object], ...]
    centre_id: str = ""  # the centre it concerns, if any

    def render(self, lang: str) -> str:
        params = dict(self.params)
        # Field names are ids in the record, words in the reader's language when shown.
        if "entry_field" in params:
            params["field"] = field_label(str(params.pop("entry_field")), lang)
        if "column" in params:
            params["field"] = word(params.pop("column"), lang)  # type: ignore[arg-type]
        return texts.text(f"diff_{self.kind}", lang, **params)


def difference(kind: str, centre_id: str = "", **params: object) -> Difference:
    return Difference(kind, tuple(params.items()), centre_id)


class PayoutChange(NamedTuple):
    centre_id: str
    centre: str
    pool: str
    before: int | float | None  # None: the centre is not in that book
    after: int | float | None
    reasons: tuple[Difference, ...]


class DiffReport(NamedTuple):
    before: Path
    after: Path
    kind: str  # "master" or "centre"
    parameters: tuple[Difference, ...]
    inputs: tuple[Difference, ...]
    payouts: tuple[PayoutChange, ...]
    entries: tuple[Difference, ...]

    @property
    def same(self) -> bool:
        return not (self.parameters or self.inputs or self.payouts or self.entries)


class NotComparable(ValueError):
    """Two workbooks that are not two grantsheet masters or two centre files."""


def diff(before: Path, after: Path) -> DiffReport:
    kinds = (workbook_info(before).kind, workbook_info(after).kind)
    if kinds == (MASTER, MASTER):
        return _masters(before, after)
    if kinds == (CENTRE, CENTRE):
        return _centres(before, after)
    raise NotComparable(f"{before.name} is a {kinds[0]} workbook, {after.name} a {kinds[1]} one")


# -- masters -------------------------------------------------------------------------------


class _Master(NamedTuple):
    derived: Derived
    methods: dict[str, tuple[object, ...]]  # pool -> its method columns on the parameters sheet
    rows: dict[tuple[str, tuple], dict[str, object]]  # (table, (centre id, texts...)) -> field -> count
    entries: dict[str, dict[str, object]]
    labels: dict[tuple[str, str], tuple[str, str]]  # (table, count field) -> its heading in both languages


# The words the parameters sheet shows a pool's method in: a key of the catalogue each.
# The rounding rule is not among them: it is the pool's as derived (by its id from master format 7).
_METHOD_WORDS = ("key_", "unit_", "eligible_", "weight_")


@functools.cache
def _method_words() -> dict[str, str]:
    """Every language's (and version's) word for a method setting -> its catalogue key."""
    keys = [k for k in texts.LABELS if k.startswith(_METHOD_WORDS)] + ["yes", "no"]
    # Today's words in each language; a key frozen for reading back has its earlier words too.
    found = {
        word: key
        for key in keys
        for word in (
            texts.all_labels(key) if texts.read_back(key) else {texts.text(key, lang) for lang in ("sv", "en")}
        )
    }
    # A pool's key and unit in the built-in tables' words, in either language.
    for spec in TABLES.values():
        for column in spec.columns:
            if column.key is not None:
                for part, words in column.key._asdict().items():
                    found.update(dict.fromkeys(words, f"{spec.name}.{column.field}.{part}"))
    return found


def _method_word(value: object) -> object:
    """A method cell as its setting, not its words: language is not a method (#23.5)."""
    return _method_words().get(value, value) if isinstance(value, str) else value


def _read_master(path: Path) -> _Master:
    with OutputBook(path) as book:
        derived = derive(book)
        methods = {}
        parameters = book.rows(book.sheet_named(PARAMETERS) or "", min_row=TABLE_TOP + 2)
        for values, pool in zip(parameters, derived.pools):
            if not values or values[0] in (None, ""):
                break
            words = [_method_word(v) for v in values[2:9]]
            methods[str(values[0])] = (*words[:2], pool.rounding, *words[3:])
        rows: dict[tuple[str, tuple], dict[str, object]] = {}
        labels: dict[tuple[str, str], tuple[str, str]] = {}
        for table, spec in {**TABLES, **declared_specs(book)}.items():
            names = sheet_labels(spec)
            sheet = next((name for name in book.sheetnames if name in names), None)
            if sheet is None:
                continue
            found = book.rows(sheet, min_row=TABLE_TOP + 1)
            header = [str(v) if v is not None else "" for v in (found[0] if found else ())]
            counts, identity = {}, [0]
            provenance = {label for key in PROVENANCE_COLUMNS for label in texts.all_labels(f"col_{key}")}
            for col, label in enumerate(header[1:], start=1):
                field = next((c.field for c in spec.columns if label and label in column_labels(spec, c.field)), None)
                if field is not None and spec.column(field).kind in NUMERIC:
                    counts[field] = col
                    labels[(table, field)] = spec.column(field).label
                elif label and label not in provenance and field is not None:
                    identity.append(col)
            for values in found[1:]:
                if not values or values[0] in (None, ""):
                    break
                key = (table, tuple(values[c] if c < len(values) else None for c in identity))
                rows[key] = {f: values[c] if c < len(values) else None for f, c in counts.items()}
        entries = {e.centre_id: dict(e.values) for e in book_entries(book)}
    return _Master(derived, methods, rows, entries, labels)


def _under_ids_of(master: _Master, path: Path, other: _Master) -> _Master:
    """``master`` (read from ``path``) with a recipient's id an earlier format made from its
    name ("HC-ALABAMA") under the id ``other`` gives the same recipient ("ALABAMA"): the same
    state, not one removed and one added (``identity.earlier_ids``)."""
    if ids_neutral(workbook_info(path)):
        return master
    now = earlier_ids(master.derived.centre_ids, set(other.derived.centre_ids))
    if not now:
        return master
    derived = master.derived._replace(centre_ids=tuple(now.get(c, c) for c in master.derived.centre_ids))
    rows = {
        (table, (now.get(str(identity[0]), identity[0]), *identity[1:])): values
        for (table, identity), values in master.rows.items()
    }
    entries = {now.get(c, c): values for c, values in master.entries.items()}
    return master._replace(derived=derived, rows=rows, entries=entries)


def _masters(before_path: Path, after_path: Path) -> DiffReport:
    before, after = _read_master(before_path), _read_master(after_path)
    before, after = _under_ids_of(before, before_path, after), _under_ids_of(after, after_path, before)
    parameters = []
    amounts = ({p.name: p.amount for p in before.derived.pools}, {p.name: p.amount for p in after.derived.pools})
    for name in dict.fromkeys([*amounts[0], *amounts[1]]):
        a, b = amounts[0].get(name), amounts[1].get(name)
        if a != b:
            parameters.append(difference("pool_amount", pool=name, before=a, after=b))
        elif before.methods.get(name) != after.methods.get(name):
            parameters.append(difference("pool_method", pool=name))
    inputs = []
    for key in dict.fromkeys([*before.rows, *after.rows]):
        table, identity = key
        row_a, row_b = before.rows.get(key), after.rows.get(key)
        what = " / ".join(str(v) for v in identity[1:] if v not in (None, "")) or str(identity[0])
        if row_a is None or row_b is None:
            inputs.append(difference("row_added" if row_a is None else "row_removed", str(identity[0]), row=what))
            continue
        for field in row_a:
            if row_a[field] != row_b.get(field):
                inputs.append(
                    difference(
                        "row_changed",
                        str(identity[0]),
                        row=what,
                        column=after.labels.get((table, field)) or before.labels[(table, field)],
                        before=row_a[field],
                        after=row_b.get(field),
                    )
                )
    payouts = _payout_changes(before.derived, after.derived, inputs, parameters)
    return DiffReport(
        before_path,
        after_path,
        MASTER,
        tuple(parameters),
        tuple(inputs),
        payouts,
        _entry_differences(before.entries, after.entries),
    )


def _payout_changes(
    before: Derived, after: Derived, inputs: list[Difference], parameters: list[Difference]
) -> tuple[PayoutChange, ...]:
    changes = []
    names = dict(zip(before.centre_ids, before.centre_names)) | dict(zip(after.centre_ids, after.centre_names))
    for pool_after in after.pools:
        pool_before = next((p for p in before.pools if p.name == pool_after.name), None)
        if pool_before is None:
            continue
        index_a = {c: i for i, c in enumerate(before.centre_ids)}
        index_b = {c: i for i, c in enumerate(after.centre_ids)}
        for centre_id in dict.fromkeys([*before.centre_ids, *after.centre_ids]):
            ia, ib = index_a.get(centre_id), index_b.get(centre_id)
            paid_a = pool_before.paid[ia] if ia is not None else None
            paid_b = pool_after.paid[ib] if ib is not None else None
            if paid_a == paid_b:
                continue
            key_a = pool_before.keys[ia] if ia is not None else None
            key_b = pool_after.keys[ib] if ib is not None else None
            reasons = []
            if ia is None or ib is None:
                reasons.append(difference("because_centre_added" if ia is None else "because_centre_removed"))
            if pool_before.amount != pool_after.amount:
                reasons.append(difference("because_amount", before=pool_before.amount, after=pool_after.amount))
            if key_a is not None and key_b is not None and key_a != key_b:
                reasons.append(difference("because_key", before=key_a, after=key_b))
                reasons += [d for d in inputs if d.centre_id == centre_id]
            total_a = shown_key(pool_before.allocation.total_key, pool_before.key_scale)
            total_b = shown_key(pool_after.allocation.total_key, pool_after.key_scale)
            if total_a != total_b:
                reasons.append(difference("because_total_key", before=total_a, after=total_b))
            reasons += [d for d in parameters if d.kind == "pool_method" and dict(d.params)["pool"] == pool_after.name]
            grew = pool_after.amount > pool_before.amount and key_a == key_b and total_a == total_b
            if grew and paid_a is not None and paid_b is not None and paid_b < paid_a:
                reasons.append(difference("because_alabama"))
            elif not reasons:
                reasons.append(difference("because_remainder"))
            changes.append(
                PayoutChange(centre_id, names.get(centre_id, ""), pool_after.name, paid_a, paid_b, tuple(reasons))
            )
    return tuple(changes)


def _entry_differences(before: dict[str, dict], after: dict[str, dict]) -> tuple[Difference, ...]:
    found = []
    for centre_id in sorted(set(before) | set(after)):
        a, b = before.get(centre_id, {}), after.get(centre_id, {})
        for field in dict.fromkeys([*a, *b]):
            if a.get(field) != b.get(field):
                found.append(
                    difference(
                        "entry_changed",
                        centre_id,
                        id=centre_id,
                        entry_field=field,
                        before=a.get(field),
                        after=b.get(field),
                    )
                )
    return tuple(found)


# -- centre files --------------------------------------------------------------------------


def _read_centre(path: Path) -> tuple[str, str, dict[str, dict[str, object]], dict[str, dict]]:
    info = workbook_info(path)
    with OutputBook(path) as book:
        rows = book.rows(book.sheet_named(PAYOUT) or book.sheetnames[0])
        name = rows[INFO_ROW][1] if len(rows) > INFO_ROW and len(rows[INFO_ROW]) > 1 else ""
        totals = texts.all_labels("centre_total")
        basis: dict[str, dict[str, object]] = {}
        for values in rows[BASIS_FIRST:]:
            if not values or values[0] in (None, "") or values[0] in totals:
                break
            values = tuple(values) + (None,) * 11
            basis[str(values[0])] = {c: values[COL[c]] for c in BASIS_COLUMNS} | {"payout": _paid(values)}
        entries = {e.centre_id: dict(e.values) for e in under_stored_id(info, book_entries(book))}
    return str(info.centre_id or ""), str(name or ""), basis, entries


def _money(value: object) -> int | float | None:
    return value if isinstance(value, (int, float)) and not isinstance(value, bool) else None


def _paid(values: tuple) -> int | float | None:
    """A pool's payout from the typed basis, as the file's formulas compute it."""
    amount, total, key, extra, scale = (values[COL[c]] for c in BASIS_COLUMNS)
    numbers = (amount, total, key, extra, scale)
    if not all(isinstance(v, int) and not isinstance(v, bool) for v in numbers) or not total or not scale:
        return None
    units = amount * key // total + extra
    return units if scale == 1 else units / scale


def _centres(before_path: Path, after_path: Path) -> DiffReport:
    id_a, name, basis_a, entries_a = _read_centre(before_path)
    id_b, _, basis_b, entries_b = _read_centre(after_path)
    parameters = []
    # An id an earlier format made from the name ("HC-ALABAMA") is the same recipient's.
    if not (ids_neutral(workbook_info(before_path)) and ids_neutral(workbook_info(after_path))):
        if earlier_ids({id_a}, {id_b}) or earlier_ids({id_b}, {id_a}):
            entries_a = {id_b if c == id_a else c: values for c, values in entries_a.items()}
            id_a = id_b
    if id_a != id_b:
        parameters.append(difference("centre_id", before=id_a, after=id_b))
    payouts = []
    for pool in dict.fromkeys([*basis_a, *basis_b]):
        a, b = basis_a.get(pool, {}), basis_b.get(pool, {})
        reasons = []
        if a.get("amount") != b.get("amount"):
            reasons.append(difference("because_amount", before=a.get("amount"), after=b.get("amount")))
        if a.get("key") != b.get("key"):
            reasons.append(difference("because_key", before=a.get("key"), after=b.get("key")))
        if a.get("total_key") != b.get("total_key"):
            reasons.append(difference("because_total_key", before=a.get("total_key"), after=b.get("total_key")))
        if a.get("extra") != b.get("extra"):
            reasons.append(difference("because_extra", before=a.get("extra"), after=b.get("extra")))
        if reasons or a.get("payout") != b.get("payout"):
            payouts.append(
                PayoutChange(id_b, name, pool, _money(a.get("payout")), _money(b.get("payout")), tuple(reasons))
            )
    return DiffReport(
        before_path,
        after_path,
        CENTRE,
        tuple(parameters),
        (),
        tuple(payouts),
        _entry_differences(entries_a, entries_b),
    )
