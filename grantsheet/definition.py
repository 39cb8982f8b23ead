"""The grant's definition from the officer's page: start a workspace, preview a draft of the
grant file, save it.

- **Start.** A workspace whose inputs folder has no grant file yet is started from a shipped
  example, from last year's workspace (its grant file with the year moved on, and its
  register; the year's tables are the new year's to drop), or blank (``grantsheet init``'s
  templates). Nothing that exists is overwritten.
- **Preview.** A draft is read as ``grantsheet check`` reads the inputs folder, with the
  draft in place of the grant file and nothing written: the same problems, the same
  allocation; then per recipient what the draft pays and what the last build paid.
- **Save.** The draft replaces the grant file only if the file on disk is still the one the
  draft was made from (its SHA-256 at load: a hand edit meanwhile is not overwritten) and
  the draft has no error of its own. The replaced file is archived as a replaced input is
  (``inputs/arkiv/NNN/``), and the journal of grant changes records who saved it.
"""

from __future__ import annotations

import datetime as dt
import shutil
import tempfile
from collections.abc import Sequence
from fractions import Fraction
from pathlib import Path
from typing import NamedTuple

import tomlkit

from grantsheet import __version__, grant_form, journal
from grantsheet.allocate import allocate_pools
from grantsheet.atomic import atomic_path
from grantsheet.errors import ERROR, InputError, Location, Problem, problem
from grantsheet.grant import DATE, MAX_BYTES, SCHEMA, YEARS, read_grant
from grantsheet.load import GRANT_FILE, TableCache, load_inputs
from grantsheet.lock import workspace_lock
from grantsheet.tables import Words
from grantsheet.workspace import Summary

PREVIEW_ROWS = 12  # the recipients the preview lists; the totals count them all


class Previous(NamedTuple):
    """A workspace beside this one that a new year can start from."""

    inputs: Path
    year: int
    title: str


class PreviewPool(NamedTuple):
    name: str
    unit: Words  # the pool's key unit, as PoolSummary's
    amount: int | float
    total_key: int | Fraction  # as the key column holds it
    paid: int | float


class PreviewRow(NamedTuple):
    id: str
    name: str
    paid: tuple[int | float, ...]  # per pool
    before: int | float | None  # the last build's total for this recipient; None: not in it

    @property
    def total(self) -> int | float:
        return sum(self.paid)


class Preview(NamedTuple):
    problems: tuple[Problem, ...]  # every problem of the inputs with the draft in place
    pools: tuple[PreviewPool, ...] = ()
    rows: tuple[PreviewRow, ...] = ()  # the first PREVIEW_ROWS recipients
    recipients: int = 0
    changed: int | None = None  # recipients paid otherwise than by the last build; None: no build
    before_total: int | float | None = None

    @property
    def errors(self) -> tuple[Problem, ...]:
        return tuple(p for p in self.problems if p.severity == ERROR)

    @property
    def total(self) -> int | float:
        return sum(pool.paid for pool in self.pools)


class Saved(NamedTuple):
    archived: Path | None  # where the replaced grant file was kept
    change: journal.GrantChange
    problems: tuple[Problem, ...]  # what is still wrong elsewhere in the inputs (a table not dropped yet)


# --- start ---------------------------------------------------------------------------


def set_language(grant: Path, lang: str) -> None:
    """``[grant] language = lang`` in the grant file, its comments and layout as they were."""
    document = tomlkit.parse(grant.read_text(encoding="utf-8"))
    document.setdefault("grant", tomlkit.table())["language"] = lang
    grant.write_text(tomlkit.dumps(document), encoding="utf-8")


def copy_new(source: Path, inputs: Path) -> list[Path]:
    """Every file of ``source`` copied into ``inputs`` unless one of that name is there."""
    inputs.mkdir(parents=True, exist_ok=True)
    created = []
    for template in sorted(source.iterdir()):
        destination = inputs / template.name
        if template.is_file() and not destination.exists():
            shutil.copyfile(template, destination)
            created.append(destination)
    return created


def previous_workspaces(inputs: Path) -> list[Previous]:
    """The workspaces beside this one (``../*/inputs`` of its folder) with a grant file that
    reads, newest year first: what a new year may start from."""
    root = inputs.resolve().parent
    found = []
    for candidate in sorted(root.parent.glob(f"*/{inputs.name}/{GRANT_FILE}")):
        if candidate.parent.parent == root:
            continue
        grant = read_grant(candidate, [])
        if grant is not None:
            found.append(Previous(candidate.parent, grant.year, grant.title))
    return sorted(found, key=lambda p: (-p.year, p.inputs.parent.name))


def start(
    inputs: Path,
    outputs: Path,
    source: Path,
    previous: Previous | None = None,
    year: int | None = None,
) -> list[Path]:
    """Start the workspace ``inputs``/``outputs`` from the folder ``source`` (an example's or
    the blank templates), or from ``previous``: its grant file and its register. ``year``:
    the new grant's year (last year's + 1 from a previous workspace); the follow-up's and the
    ledger's dates move with it. Refused when the workspace has a grant file already."""
    if (inputs / GRANT_FILE).exists():
        raise InputError([problem("workspace_started", Location(GRANT_FILE))])
    if year is not None and not YEARS[0] <= year <= YEARS[1]:
        raise InputError([problem("start_bad_year", Location(GRANT_FILE), value=year, least=YEARS[0], most=YEARS[1])])
    outputs.mkdir(parents=True, exist_ok=True)
    if previous is None:
        created = copy_new(source, inputs)
        grant_path = inputs / GRANT_FILE
        if year is not None:
            grant_path.write_text(_moved_to(grant_path.read_text(encoding="utf-8"), year), encoding="utf-8")
        return created
    inputs.mkdir(parents=True, exist_ok=True)
    text = (previous.inputs / GRANT_FILE).read_text(encoding="utf-8")
    created = [inputs / GRANT_FILE]
    created[0].write_text(_moved_to(text, year or previous.year + 1), encoding="utf-8")
    grant = read_grant(previous.inputs / GRANT_FILE, [])
    register = grant.register_file if grant is not None else None
    if register and (previous.inputs / register).is_file() and not (inputs / register).exists():
        shutil.copyfile(previous.inputs / register, inputs / register)
        created.append(inputs / register)
    return created


def _moved_to(text: str, year: int) -> str:
    """The grant file ``text`` made the grant of ``year``: the year, and every date of the
    follow-up and the ledger moved by as many years (the decision's is last year's fact:
    the officer enters the new decision)."""
    form = grant_form.form_of(text)
    old = form.get("grant.year", "")
    shift = year - int(old) if old.isdigit() else 0
    changes = {"grant.year": str(year)}
    for name, value in form.items():
        section = name.partition(".")[0]
        row = SCHEMA.get(name)
        if value and section != "decision" and row is not None and DATE in row.kinds:
            changes[name] = _moved_date(value, shift)
    return grant_form.draft(text, changes).text


def _moved_date(value: str, years: int) -> str:
    try:
        date = dt.date.fromisoformat(value)
    except ValueError:
        return value
    try:
        return date.replace(year=date.year + years).isoformat()
    except ValueError:  # 29 February into a common year
        return date.replace(year=date.year + years, day=28).isoformat()


# --- check and preview ---------------------------------------------------------------


def check(inputs: Path, text: str) -> tuple[Problem, ...]:
    """Every problem of the inputs folder with ``text`` as its grant file, as ``check`` lists them."""
    return _read(inputs, text)[1]


def _read(inputs: Path, text: str, cache: TableCache | None = None):
    """The inputs of ``inputs`` with ``text`` as their grant file; ``cache``: tables read before."""
    data = text.encode("utf-8")
    if len(data) > MAX_BYTES:
        return None, (problem("grant_too_large", Location(GRANT_FILE), limit=MAX_BYTES),)
    with tempfile.TemporaryDirectory(prefix="grantsheet-draft-") as scratch:
        draft = Path(scratch) / GRANT_FILE
        draft.write_bytes(data)
        try:
            dataset = load_inputs(inputs, grant_path=draft, cache=cache)
        except InputError as error:
            return None, tuple(error.problems)
    return dataset, dataset.warnings


def preview(inputs: Path, text: str, previous: Summary | None, cache: TableCache | None = None) -> Preview:
    """What the draft ``text`` pays, per pool and per recipient, beside ``previous`` (the last
    build's result); only its problems when it has errors. With ``cache``, the tables are read
    again only when a file changed since the last preview."""
    dataset, problems = _read(inputs, text, cache)
    if dataset is None:
        return Preview(problems)
    try:
        results = allocate_pools(dataset)
    except InputError as error:  # a rule the allocation itself refuses (a tie that needs a decision)
        return Preview((*problems, *error.problems))
    before = {row.id: row.total for row in previous.centres} if previous is not None else None
    rows = [
        PreviewRow(c.id, c.name, tuple(r.paid[i] for r in results), before.get(c.id) if before is not None else None)
        for i, c in enumerate(dataset.centres)
    ]
    pools = tuple(
        PreviewPool(r.pool.name, r.key_words.unit, r.pool.shown_amount, r.shown_total_key, r.paid_total)
        for r in results
    )
    if before is None:
        return Preview(problems, pools, tuple(rows[:PREVIEW_ROWS]), len(rows))
    gone = set(before) - {row.id for row in rows}  # a recipient the last build paid and the draft does not list
    changed = sum(row.before != row.total for row in rows) + len(gone)
    return Preview(problems, pools, tuple(rows[:PREVIEW_ROWS]), len(rows), changed, sum(before.values()))


# --- save ------------------------------------------------------------------------------


def save(inputs: Path, outputs: Path, text: str, base: str, user: str | None, lang: str) -> Saved:
    """Write ``text`` as the grant file if the file on disk still has the SHA-256 ``base`` and
    ``text`` has no error of its own; the replaced file goes to ``inputs/arkiv/NNN/`` and the
    change into the journal of grant changes. ``InputError`` otherwise, nothing written."""
    from grantsheet.cycle import next_archive

    target = inputs / GRANT_FILE
    with workspace_lock(outputs):
        now = grant_form.sha256(target.read_bytes()) if target.is_file() else ""
        if now != base:
            raise InputError([problem("grant_changed_meanwhile", Location(GRANT_FILE))])
        problems = check(inputs, text)
        if _own_errors(problems):
            raise InputError(list(problems))
        archived = None
        if target.is_file():
            archive = next_archive(inputs, lang)
            archive.mkdir(parents=True)
            archived = archive / GRANT_FILE
            shutil.copy2(target, archived)
        data = text.encode("utf-8")
        with atomic_path(target) as temporary:
            temporary.write_bytes(data)
        where = archived.relative_to(inputs).as_posix() if archived else ""
        change = journal.record_grant_change(
            outputs, GRANT_FILE, grant_form.sha256(data), now, where, __version__, user
        )
    return Saved(archived, change, problems)


def _own_errors(problems: Sequence[Problem]) -> bool:
    return any(p.severity == ERROR and p.location.file == GRANT_FILE for p in problems)
