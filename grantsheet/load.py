"""Load an inputs folder: the grant file and every table it names, read and validated.

All problems of all files are collected before anything fails, so one run of
``grantsheet check`` lists everything the officer has to mend.
"""

from __future__ import annotations

import datetime as dt
import hashlib
import os
import threading
from collections.abc import Callable
from fractions import Fraction
from pathlib import Path
from typing import NamedTuple

from grantsheet.allocate import (
    FULL_YEAR,
    PRIVATE,
    REGION_RUN,
    RuleError,
    ZeroTotalKey,
    is_region_run,
    pool_keys,
    scaled_pool_keys,
    split_pool,
)
from grantsheet.atomic import file_stamp
from grantsheet.errors import WARNING, InputError, Location, Problem, errors_in, problem, raise_if_errors, warning
from grantsheet.faults import lock_file
from grantsheet.grant import EQUAL, KEY_LIMIT, Grant, is_outside, read_grant
from grantsheet.read import RawTable, read_table
from grantsheet.tables import REGISTER, TEXT
from grantsheet.validate import Centre, Table, normalize_name, validate

GRANT_FILE = "grant.toml"


class SourceFile(NamedTuple):
    """A file that was read, so the workbook can say exactly what it was built from."""

    name: str
    sha256: str
    size: int
    modified: dt.datetime


class Dataset(NamedTuple):
    grant: Grant
    centres: tuple[Centre, ...]  # calculation order
    tables: dict[str, Table]
    sources: tuple[SourceFile, ...]
    warnings: tuple[Problem, ...]
    register_file: str | None = None  # the optional register of centres, when the grant file names one
    # The fingerprint of the key that signs the build (grantsheet.signing), printed on the
    # overview, the payout list and every letter: sealed with the rest, so verify lays it out again.
    signer: str | None = None

    @property
    def built_from(self) -> dt.datetime:
        """The newest input's time: a build timestamp that is the same on every rebuild."""
        return max(source.modified for source in self.sources)


class TableCache:
    """The input tables as last read and checked, kept by each file's path, size and times
    and the columns the grant file reads from it: the grant editor's preview (#22) asks after
    every change typed, and reading and checking the national tables took seconds where the
    allocation takes milliseconds (BENCHMARKS.md, #25). A file changed on disk, or a table
    declared otherwise, is read again; a read with an error is not kept."""

    def __init__(self) -> None:
        self._kept: tuple[tuple, tuple[tuple[Centre, ...], dict[str, Table], tuple[Problem, ...]]] | None = None
        self._lock = threading.Lock()  # the page's previews run in a pool of threads

    @staticmethod
    def key(folder: Path, grant: Grant) -> tuple | None:
        """What the read depends on; None when a file cannot be looked at (it is read, and fails)."""
        reads = [(folder / file, grant.specs[table]) for table, file in grant.input_files.items()]
        if grant.register_file:
            reads.append((folder / grant.register_file, REGISTER))
        try:
            # ctime and inode too (file_stamp): a file copied or renamed in with its old time.
            return tuple((str(path.resolve()), file_stamp(path), spec) for path, spec in reads)
        except OSError:
            return None

    def get(self, key: tuple) -> tuple[tuple[Centre, ...], dict[str, Table], tuple[Problem, ...]] | None:
        with self._lock:
            return self._kept[1] if self._kept is not None and self._kept[0] == key else None

    def keep(self, key: tuple, read: tuple[tuple[Centre, ...], dict[str, Table], tuple[Problem, ...]]) -> None:
        with self._lock:
            self._kept = (key, read)  # the last read only: a preview asks for one workspace's tables


def load_inputs(
    folder: Path,
    progress: Callable[[int, int], None] | None = None,
    grant_path: Path | None = None,
    cache: TableCache | None = None,
) -> Dataset:
    """Read and validate everything in ``folder``; raise InputError listing all problems.

    ``progress(done, total)``: after the grant file, after each input file, and once all is
    checked (a national input file takes a good part of a second). ``grant_path``: a grant
    file to read instead of the folder's (a draft); ``cache``: the tables as read before,
    taken when no file has changed since."""
    report = progress or (lambda done, total: None)
    problems: list[Problem] = []
    grant_path = grant_path or folder / GRANT_FILE
    grant = read_grant(grant_path, problems)
    raise_if_errors(problems)
    assert grant is not None
    register_file = grant.register_file
    steps = 2 + len(grant.input_files) + bool(register_file)
    report(1, steps)
    key = TableCache.key(folder, grant) if cache is not None else None
    kept = cache.get(key) if cache is not None and key is not None else None
    if kept is not None:
        centres, tables = list(kept[0]), dict(kept[1])
        problems.extend(kept[2])
    else:
        before = len(problems)
        centres, tables = _read_tables(folder, grant, problems, report, steps)
        if cache is not None and key is not None:
            cache.keep(key, (tuple(centres), dict(tables), tuple(problems[before:])))
    _check_pool_rules(grant, centres, tables, register_file, grant_path.name, problems)
    _check_keys(grant, centres, tables, grant_path.name, problems)
    _check_exact(grant, centres, tables, grant_path.name, problems)
    raise_if_errors(problems)
    _warn_uncapped_overspend(grant, centres, tables, grant_path.name, problems)
    read_files = list(grant.input_files.values()) + ([register_file] if register_file else [])
    sources = [_source(grant_path, grant_path.name)] + [
        _source(folder / name, _shown_name(name)) for name in read_files
    ]
    report(steps, steps)
    return Dataset(
        grant=grant,
        centres=tuple(centres),
        tables=tables,
        sources=tuple(sources),
        warnings=tuple(p for p in problems if p.severity == WARNING),
        register_file=register_file,
    )


def _read_tables(
    folder: Path, grant: Grant, problems: list[Problem], report: Callable[[int, int], None], steps: int
) -> tuple[list[Centre], dict[str, Table]]:
    """Every input table of ``grant`` read from ``folder``, and checked."""
    raw_tables = {}
    for number, (table_name, file_name) in enumerate(grant.input_files.items(), 2):
        raw = read_table(folder / file_name, grant.specs[table_name], problems)
        if raw is not None:
            raw_tables[table_name] = raw
        report(number, steps)
    register_file = grant.register_file
    register = read_table(folder / register_file, REGISTER, problems) if register_file else None
    if register_file:
        report(steps - 1, steps)
    return _validated(raw_tables, register, problems)


def _validated(
    raw_tables: dict[str, RawTable], register: RawTable | None, problems: list[Problem]
) -> tuple[list[Centre], dict[str, Table]]:
    """The rows checked even where reading refused a personnummer in a count, a date or a
    column of no use: the officer sees every problem at once (#23.3), and the refused cell
    gets no second problem from the check of its value. Any other reading error left rows
    out or a centre unnamed, and checking the rest would name false problems: those stop here."""
    read_errors = errors_in(problems)
    refused = {p.location for p in read_errors if p.kind == "personal_id"}
    tables = list(raw_tables.values()) + ([register] if register is not None else [])
    if read_errors and (len(refused) < len(read_errors) or _names_refused(tables, refused)):
        raise_if_errors(problems)
    centres, checked = validate(raw_tables, problems, register)
    if read_errors:
        problems[:] = [p for p in problems if p in read_errors or p.location not in refused]
        raise InputError(problems)
    return centres, checked


def _names_refused(tables: list[RawTable], refused: set[Location]) -> bool:
    """Whether a refused cell is a text a row is matched by (a centre's name or id, a home)."""
    return any(
        raw.spec.column(field).kind == TEXT and Location(raw.file, raw.sheet, cell) in refused
        for raw in tables
        for row in raw.rows
        for field, cell in row.cells.items()
    )


def _check_pool_rules(
    grant: Grant,
    centres: list[Centre],
    tables: dict[str, Table],
    register_file: str | None,
    grant_file: str,
    problems: list[Problem],
) -> None:
    """What a pool's eligibility and weight need from the inputs: operators, months 0-12."""
    for pool in grant.pools:
        if pool.eligible == "region_run":
            if register_file is None:
                problems.append(
                    problem("region_run_needs_register", Location(grant_file, line=pool.line), pool=pool.name)
                )
                continue
            for centre in centres:
                if is_region_run(centre.operator) is None:
                    problems.append(
                        problem(
                            "operator_unknown",
                            Location(register_file),
                            name=centre.name,
                            id=centre.id,
                            value=centre.operator or "",
                            allowed=", ".join(REGION_RUN[:3] + PRIVATE[:2]),
                        )
                    )
    table = tables.get("bed_places")
    field = table.spec.months_field if table is not None else None
    if table is None or field is None:
        return
    held: dict[tuple[str, ...], int] = {}
    for record in table.records:
        months = record.values.get(field)
        if months is None:
            months = FULL_YEAR
        assert isinstance(months, int)  # a COUNT column holds whole numbers once validated
        if months > FULL_YEAR:
            problems.append(problem("months_over_12", Location(table.file, table.sheet), row=record.row, value=months))
            continue
        home = tuple(normalize_name(str(record.values.get(f) or "")) for f in table.spec.identity)
        held[home] = held.get(home, 0) + months
        if held[home] > FULL_YEAR:
            problems.append(
                problem(
                    "months_total_over_12",
                    Location(table.file, table.sheet),
                    row=record.row,
                    home=record.values.get("home"),
                    value=held[home],
                )
            )


def _warn_uncapped_overspend(
    grant: Grant, centres: list[Centre], tables: dict[str, Table], grant_file: str, problems: list[Problem]
) -> None:
    """An uncapped rate pays every unit whatever the pool holds: say so when that is more than the pool."""
    for pool in grant.pools:
        if pool.rate is None or pool.cap:
            continue
        keys, _ = pool_keys(pool, centres, tables)
        cost = pool.rate * sum(keys)
        if cost > pool.amount:
            problems.append(
                warning(
                    "rate_exceeds_pool",
                    Location(grant_file, line=pool.line),
                    pool=pool.name,
                    cost=cost,
                    amount=pool.amount,
                )
            )


def _check_keys(
    grant: Grant, centres: list[Centre], tables: dict[str, Table], grant_file: str, problems: list[Problem]
) -> None:
    """A pool cannot be divided by a total key of zero.

    Not judged for a file that already has errors: its rows in error were left out,
    and "the key is zero" would then mislead. Nor when the file that lists the centres
    has errors: a centre in error there is left out of every table.
    """
    files_in_error = {found.location.file for found in errors_in(problems)}
    if any(t.spec.defines_centres and t.file in files_in_error for t in tables.values()):
        files_in_error |= {t.file for t in tables.values()}
    for pool in grant.pools:
        if pool.key == EQUAL:
            continue
        table = tables[pool.key]
        if pool.eligible == "has_bed_places" and tables["bed_places"].file in files_in_error:
            continue
        keys, eligible = pool_keys(pool, centres, tables)
        # A pool whose minimum (above its fixed part) holds every eligible recipient needs no key.
        held = pool.minimum is not None and pool.minimum > (pool.fixed or 0) and any(eligible)
        if table.file not in files_in_error and sum(keys) == 0 and not held:
            problems.append(
                problem(
                    "zero_total_key",
                    Location(table.file, table.sheet),
                    pool=pool.name,
                    grant_file=grant_file,
                    line=pool.line,
                )
            )


def _check_exact(
    grant: Grant, centres: list[Centre], tables: dict[str, Table], grant_file: str, problems: list[Problem]
) -> None:
    """A pool's key in total (decimal keys as integers) stays within KEY_LIMIT, where the
    workbook's quotient/remainder steps stay exact, and its rule can be carried out on these
    recipients: the fixed amounts within the pool, the minimum and maximum leaving no money
    that nobody can take, a tie with ties = "stop" settled by a decision."""
    ids = [centre.id for centre in centres]
    for pool in grant.pools:
        at = Location(grant_file, line=pool.line)
        keys, eligible, scale = scaled_pool_keys(pool, centres, tables)
        total = sum(keys)
        if total > KEY_LIMIT:
            scaled = "" if scale == 1 else f" × {scale}"
            problems.append(
                problem("pool_key_too_large", at, pool=pool.name, total=total, scaled=scaled, limit=KEY_LIMIT)
            )
            continue
        if total == 0 and pool.minimum is None:
            continue  # _check_keys names it
        try:
            split_pool(pool, keys, eligible, ids)
        except ZeroTotalKey:
            continue  # _check_keys names it
        except RuleError as refused:
            problems.append(_rule_problem(refused, pool, centres, grant_file))


def _rule_problem(refused: RuleError, pool, centres: list[Centre], grant_file: str) -> Problem:
    """A rule that cannot be carried out, located at the pool in the grant file, in money."""
    params = dict(refused.params)
    money = {"amount": pool.amount, "fixed": pool.fixed, "minimum": pool.minimum, "maximum": pool.maximum}
    if "needed" in params:
        params["needed"] = Fraction(int(str(params["needed"])), pool.scale)
    if "left" in params:
        params["left"] = Fraction(int(str(params["left"])), pool.scale)
    if "rows" in params:
        rows = params.pop("rows")
        params["recipients"] = ", ".join(centres[row].name for row in rows)  # type: ignore[attr-defined]
        params["amount"] = params["units"] * pool.payout_unit
        money.pop("amount")
    shown = {name: 0 if value is None else value for name, value in money.items()}
    params = {name: _plain(value) for name, value in (shown | params).items()}
    return problem(
        refused.kind,
        Location(grant_file, line=pool.line),
        pool=pool.name,
        grant_file=grant_file,
        line=pool.line,
        **params,
    )


def _plain(value: object) -> object:
    """Money for a message: an int when whole, else a float of its (at most two) decimals."""
    if not isinstance(value, Fraction):
        return value
    return int(value) if value.denominator == 1 else float(value)


def _shown_name(name: str) -> str:
    """A file in the inputs folder by its name; one outside it (``outside_folder``) as the grant file gives it."""
    return name if is_outside(name) else Path(name).name


def open_in_a_program(inputs: Path, dataset: Dataset) -> list[Problem]:
    """Each input file read that Excel or LibreOffice holds open: its lock file lies beside it
    (#26.10, ``faults.lock_file``). What the program shows may not be saved yet, and a build
    from the file on disk would leave those edits out without a word, so the build stops instead."""
    found = []
    for source in dataset.sources:
        held = lock_file(inputs / source.name)
        if held is not None:
            found.append(problem("input_file_open", Location(source.name), lock=held.name))
    return found


def _source(path: Path, name: str) -> SourceFile:
    data = path.read_bytes()
    epoch = os.environ.get("SOURCE_DATE_EPOCH")
    seconds = int(epoch) if epoch else int(path.stat().st_mtime)
    return SourceFile(
        name=name,
        sha256=hashlib.sha256(data).hexdigest(),
        size=len(data),
        modified=dt.datetime.fromtimestamp(seconds, dt.UTC).replace(tzinfo=None),
    )


def load_with_file(
    inputs: Path, name: str, replacement: Path, progress: Callable[[int, int], None] | None = None
) -> Dataset:
    """Read ``inputs`` as if its file ``name`` were ``replacement``, touching neither folder:
    the page's trial of an upload and the what-if scenario's other grant file."""
    import shutil
    import tempfile

    with tempfile.TemporaryDirectory(prefix="grantsheet-trial-") as folder:
        staged = Path(folder)
        for source in inputs.iterdir():
            if source.is_file() and source.name != name:
                shutil.copy2(source, staged / source.name)
        shutil.copy2(replacement, staged / name)
        return load_inputs(staged, progress)
