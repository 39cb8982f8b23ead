"""Recalculate generated workbooks in real spreadsheet engines and check their cached values.

A workbook written by XlsxWriter carries a cached result for every formula, and that is
what viewers that do not recalculate (pandas, previews, openpyxl ``data_only``) show. The
check here proves those cached results are what a real spreadsheet engine computes, in
two engines with separate code bases (``ENGINES``): LibreOffice and Gnumeric. A formula
that two engines read alike is one Excel is likely to read alike too (docs/engines.md).

LibreOffice keeps cached values on load unless its profile says "always recalculate", so
each call runs it with a private, throw-away profile that does (docs/tools.md).
Gnumeric's ``ssconvert --recalc`` recalculates every formula; it takes one file per call.
"""

from __future__ import annotations

import contextlib
import math
import os
import shutil
import signal
import subprocess
import sys
import tempfile
from collections.abc import Iterable, Iterator, Mapping
from concurrent.futures import ThreadPoolExecutor
from pathlib import Path
from typing import TYPE_CHECKING, NamedTuple, TypeGuard

from openpyxl.utils import get_column_letter

from grantsheet.openpyxl_read import load_workbook

if TYPE_CHECKING:
    from openpyxl.worksheet._read_only import ReadOnlyWorksheet

__all__ = [
    "ENGINES",
    "CellMismatch",
    "EngineCheck",
    "RecalcError",
    "available_engines",
    "check_in_engines",
    "compare_with_recalculation",
    "find_engine",
    "find_soffice",
    "find_ssconvert",
    "recalculate",
]

LIBREOFFICE, GNUMERIC = "libreoffice", "gnumeric"
# The engines a workbook's formulas are held to, in the order they are run.
ENGINES = (LIBREOFFICE, GNUMERIC)
ENGINE_LABELS = {LIBREOFFICE: "LibreOffice", GNUMERIC: "Gnumeric"}
_INSTALL_HINTS = {
    LIBREOFFICE: "LibreOffice (soffice) is not installed (Debian: apt-get install -y libreoffice-calc-nogui)",
    GNUMERIC: "Gnumeric (ssconvert) is not installed (Debian: apt-get install -y gnumeric)",
}
# Gnumeric's writer for the .xlsx of Excel 2010 and later (ssconvert --list-exporters).
_GNUMERIC_XLSX = "Gnumeric_Excel:xlsx2"
# Its readers by file name: left to guess, ssconvert reads a damaged .xlsx as text and
# "recalculates" that (ssconvert --list-importers).
_GNUMERIC_IMPORTERS = {
    ".xlsx": "Gnumeric_Excel:xlsx",
    ".xlsm": "Gnumeric_Excel:xlsx",
    ".ods": "Gnumeric_OpenCalc:openoffice",
}

_FALLBACK_SOFFICE = Path("/usr/lib/libreoffice/program/soffice")

# 0 = "always recalculate" for both OOXML (.xlsx) and ODF files on load.
_PROFILE_SETTINGS = """\
<?xml version="1.0" encoding="UTF-8"?>
<oor:items xmlns:oor="http://openoffice.org/2001/registry" \
xmlns:xs="http://www.w3.org/2001/XMLSchema" \
xmlns:xsi="http://www.w3.org/2001/XMLSchema-instance">
<item oor:path="/org.openoffice.Office.Calc/Formula/Load">\
<prop oor:name="OOXMLRecalcMode" oor:op="fuse"><value>0</value></prop></item>
<item oor:path="/org.openoffice.Office.Calc/Formula/Load">\
<prop oor:name="ODFRecalcMode" oor:op="fuse"><value>0</value></prop></item>
</oor:items>
"""

# Absolute tolerance for fractional numbers: LibreOffice writes 15 significant digits.
_ABS_TOL = 1e-9

# How much of LibreOffice's output to quote in an error message.
_OUTPUT_TAIL_CHARS = 2000


class RecalcError(RuntimeError):
    """An engine is missing, failed, timed out or did not write an expected output.

    This is a problem of the environment, not of the user's input.
    """


class CellMismatch(NamedTuple):
    """A formula cell whose cached value differs from an engine's recalculated one."""

    sheet: str
    cell: str
    formula: str
    cached: object
    recalculated: object


WINDOWS = os.name == "nt"
# Where LibreOffice's Windows installer puts it (it does not add it to PATH), and the key it
# registers the program under.
_WINDOWS_PROGRAM = Path("LibreOffice") / "program" / "soffice.exe"
_APP_PATHS = r"SOFTWARE\Microsoft\Windows\CurrentVersion\App Paths\soffice.exe"


def _registered_soffice() -> str | None:
    """The path the registry's App Paths give for soffice.exe (machine, then user), if any."""
    if sys.platform != "win32":
        return None
    import winreg

    for root in (winreg.HKEY_LOCAL_MACHINE, winreg.HKEY_CURRENT_USER):
        with contextlib.suppress(OSError), winreg.OpenKey(root, _APP_PATHS) as key:
            return str(winreg.QueryValue(key, None))
    return None


def _installed_at(environ: Mapping[str, str], windows: bool) -> list[Path]:
    """Where an installer puts LibreOffice: the Debian path, or the Program Files folders."""
    if not windows:
        return [_FALLBACK_SOFFICE]
    folders = [environ.get(name) for name in ("ProgramFiles", "ProgramW6432", "ProgramFiles(x86)")]
    return [Path(folder) / _WINDOWS_PROGRAM for folder in dict.fromkeys(folders) if folder]


def soffice_places(environ: Mapping[str, str] | None = None, windows: bool | None = None) -> list[str]:
    """Where ``find_soffice`` looks, in order, as a message names them."""
    on_windows = WINDOWS if windows is None else windows
    registry = [f"HKLM/HKCU\\{_APP_PATHS}"] if on_windows else []
    return ["PATH", *registry, *map(str, _installed_at(os.environ if environ is None else environ, on_windows))]


def find_soffice(environ: Mapping[str, str] | None = None, windows: bool | None = None) -> str | None:
    """Return the LibreOffice executable, or None when it is not installed: on PATH, else
    (on Windows, whose installer does not add it to PATH) where the registry's App Paths say,
    else where the installer puts it (``soffice_places``)."""
    for name in ("soffice", "libreoffice"):
        found = shutil.which(name)
        if found:
            return found
    on_windows = WINDOWS if windows is None else windows
    registered = _registered_soffice() if on_windows else None
    candidates = [Path(registered)] if registered else []
    candidates += _installed_at(os.environ if environ is None else environ, on_windows)
    return next((str(path) for path in candidates if path.is_file()), None)


def find_ssconvert() -> str | None:
    """Return Gnumeric's command-line converter, or None when it is not installed."""
    return shutil.which("ssconvert")


def find_engine(engine: str) -> str | None:
    """The program that runs ``engine`` (one of ``ENGINES``), or None when it is not installed."""
    finders = {LIBREOFFICE: find_soffice, GNUMERIC: find_ssconvert}
    if engine not in finders:
        raise ValueError(f"unknown engine {engine!r}; the engines are: {', '.join(ENGINES)}")
    return finders[engine]()


def available_engines() -> tuple[str, ...]:
    """The engines of ``ENGINES`` installed here."""
    return tuple(engine for engine in ENGINES if find_engine(engine) is not None)


def missing_engine_reason(engine: str) -> str:
    """Why ``engine`` cannot run, with how to install it."""
    return _INSTALL_HINTS[engine]


def recalculate(
    paths: Iterable[str | os.PathLike[str]],
    out_dir: str | os.PathLike[str],
    *,
    engine: str = LIBREOFFICE,
    batch_size: int = 200,
    timeout_per_batch: float = 600,
) -> list[Path]:
    """Have ``engine`` (one of ``ENGINES``) recalculate every formula of `paths` and save .xlsx copies.

    Returns the recalculated copies, one per input and in input order: ``out_dir/<stem>.xlsx``,
    or ``out_dir/duplicate-<n>/<stem>.xlsx`` for the n-th repeat of an output name (same
    name in different folders). The inputs are only read. LibreOffice converts up to
    `batch_size` files per start; Gnumeric one file per call, so for it a batch is one file.
    """
    if batch_size < 1:
        raise ValueError(f"batch_size must be at least 1, got {batch_size}")
    program = find_engine(engine)
    sources = [Path(p).resolve() for p in paths]
    if not sources:
        return []
    absent = [str(p) for p in sources if not p.is_file()]
    if absent:
        raise FileNotFoundError(f"cannot recalculate missing files: {', '.join(absent)}")
    targets = _plan_targets(sources, Path(out_dir).resolve())
    _refuse_to_overwrite_inputs(sources, targets)
    if program is None:
        raise RecalcError(f"{missing_engine_reason(engine)}; it is needed to recalculate")
    label = ENGINE_LABELS[engine]

    with tempfile.TemporaryDirectory(prefix="grantsheet-recalc-") as tmp:
        work = Path(tmp)
        env = _headless_env(work / "home")
        # Staged copies named by input position: names never collide, so one soffice
        # call serves a whole batch, and no engine sees (or touches) the originals.
        staged = _stage(sources, work / "in")
        converted = work / "out"
        converted.mkdir()
        outputs = [converted / f"{index}.xlsx" for index in range(len(sources))]
        log = []
        if engine == LIBREOFFICE:
            profile = _make_profile(work / "profile")
            for start in range(0, len(staged), batch_size):
                batch = staged[start : start + batch_size]
                command = _soffice_command(program, profile, converted, batch)
                log.append(_run(command, env, timeout_per_batch, label, f"{len(batch)} file(s)"))
        else:
            for source, copy, output in zip(sources, staged, outputs):
                command = _ssconvert_command(program, copy, output)
                log.append(_run(command, env, timeout_per_batch, label, str(source)))
        missing = [str(s) for s, o in zip(sources, outputs) if not o.is_file()]
        if missing:
            # LibreOffice exits 0 even when it cannot load a file or silently skips some.
            raise RecalcError(f"{label} produced no recalculated copy of: {', '.join(missing)}\n{_tail(''.join(log))}")
        for output, target in zip(outputs, targets):
            target.parent.mkdir(parents=True, exist_ok=True)
            shutil.move(output, target)
    return targets


class EngineCheck(NamedTuple):
    """One workbook recalculated in one engine: how many formula cells were compared, and
    those whose cached value the engine does not reach."""

    engine: str
    path: Path
    compared: int
    mismatches: list[CellMismatch]


def check_in_engines(paths: Iterable[str | os.PathLike[str]], engines: Iterable[str] = ENGINES) -> list[EngineCheck]:
    """Recalculate every workbook of `paths` in each of `engines` and compare every formula
    cell's cached value with the engine's result (``compare_with_recalculation``).

    Engine by engine, each in input order. Raises ``RecalcError`` when an engine is not
    installed or fails; ``available_engines()`` says which can run here.
    """
    sources = [Path(p) for p in paths]
    chosen = list(engines)
    checks = []
    with tempfile.TemporaryDirectory(prefix="grantsheet-engines-") as tmp:
        # The engines are separate programs: they recalculate at the same time, each in a
        # thread that only waits for its process.
        with ThreadPoolExecutor(max_workers=max(len(chosen), 1)) as pool:
            runs = [pool.submit(recalculate, sources, Path(tmp) / engine, engine=engine) for engine in chosen]
            copies = [run.result() for run in runs]
        for engine, recalculated in zip(chosen, copies):
            for source, copy in zip(sources, recalculated):
                compared, mismatches = compare_with_recalculation(source, copy)
                checks.append(EngineCheck(engine, source, compared, mismatches))
    return checks


def _plan_targets(sources: list[Path], out: Path) -> list[Path]:
    """Pick each input's output path; the n-th repeat of a name goes to its own folder."""
    seen: dict[str, int] = {}
    targets = []
    for source in sources:
        name = source.stem + ".xlsx"
        # casefold: two names differing only in case collide on macOS and Windows.
        repeat = seen.get(name.casefold(), 0)
        seen[name.casefold()] = repeat + 1
        folder = out if repeat == 0 else out / f"duplicate-{repeat}"
        targets.append(folder / name)
    return targets


def _refuse_to_overwrite_inputs(sources: list[Path], targets: list[Path]) -> None:
    clashes = sorted({str(t) for t in targets} & {str(s) for s in sources})
    if clashes:
        raise ValueError(f"output folder would overwrite input files: {', '.join(clashes)}; choose another out_dir")


def _stage(sources: list[Path], folder: Path) -> list[Path]:
    folder.mkdir()
    staged = []
    for index, source in enumerate(sources):
        copy = folder / f"{index}{source.suffix}"
        shutil.copyfile(source, copy)
        staged.append(copy)
    return staged


def _make_profile(profile: Path, locale: str | None = None) -> Path:
    """A private profile that recalculates on load; with ``locale`` ("sv-SE") numbers and dates
    are shown as that locale writes them and documents are in its language (what a PDF prints,
    and the language it declares)."""
    settings = profile / "user" / "registrymodifications.xcu"
    settings.parent.mkdir(parents=True)
    text = _PROFILE_SETTINGS
    if locale is not None:
        item = (
            '<item oor:path="/org.openoffice.Setup/L10N">'
            f'<prop oor:name="ooSetupSystemLocale" oor:op="fuse"><value>{locale}</value></prop></item>\n'
            '<item oor:path="/org.openoffice.Office.Linguistic/General">'
            f'<prop oor:name="DefaultLocale" oor:op="fuse"><value>{locale}</value></prop></item>\n'
        )
        text = text.replace("</oor:items>", item + "</oor:items>")
    settings.write_text(text, encoding="utf-8")
    return profile


def _headless_env(home: Path) -> dict[str, str]:
    """Environment in which an engine needs neither a display nor the caller's home."""
    home.mkdir()
    env = dict(os.environ)
    # LibreOffice and Gnumeric write settings and caches under $HOME; CI users may have none
    # or a read-only one.
    env["HOME"] = str(home)
    env.pop("DISPLAY", None)
    env.pop("WAYLAND_DISPLAY", None)
    env["SAL_USE_VCLPLUGIN"] = "svp"
    return env


def _soffice_command(soffice: str, profile: Path, target_dir: Path, batch: list[Path], to: str = "xlsx") -> list[str]:
    return [
        soffice,
        "--headless",
        "--norestore",
        "--nologo",
        f"-env:UserInstallation={profile.as_uri()}",
        "--convert-to",
        to,
        "--outdir",
        str(target_dir),
        *map(str, batch),
    ]


def _ssconvert_command(ssconvert: str, source: Path, target: Path) -> list[str]:
    importer = _GNUMERIC_IMPORTERS.get(source.suffix.lower())
    chosen = [f"--import-type={importer}"] if importer else []
    return [ssconvert, *chosen, "--recalc", f"--export-type={_GNUMERIC_XLSX}", str(source), str(target)]


def _run(command: list[str], env: dict[str, str], timeout: float, label: str, subject: str) -> str:
    """Run one engine call and return its console output."""
    try:
        # Own session: on timeout the whole tree (sh -> oosplash -> soffice.bin) is killed.
        process = subprocess.Popen(
            command,
            stdin=subprocess.DEVNULL,
            stdout=subprocess.PIPE,
            stderr=subprocess.STDOUT,
            env=env,
            start_new_session=not WINDOWS,
            creationflags=getattr(subprocess, "CREATE_NEW_PROCESS_GROUP", 0) if WINDOWS else 0,
        )
    except OSError as error:
        raise RecalcError(f"cannot start {label} ({command[0]}): {error}") from error
    try:
        output, _ = process.communicate(timeout=timeout)
    except subprocess.TimeoutExpired:
        _kill_tree(process)
        raise RecalcError(f"{label} took longer than {timeout} s for {subject}") from None
    except BaseException:
        _kill_tree(process)
        raise
    text = output.decode(errors="replace")
    if process.returncode != 0:
        raise RecalcError(f"{label} exited with status {process.returncode} for {subject}:\n{_tail(text)}")
    return text


def _tail(text: str) -> str:
    return text[-_OUTPUT_TAIL_CHARS:]


def _kill_tree(process: subprocess.Popen[bytes]) -> None:
    """End the engine and every process it started: its process group on POSIX; on Windows,
    which has neither process groups to signal nor SIGKILL, ``taskkill /T /F`` ends the tree
    (soffice.exe -> soffice.bin), and the process itself is killed if that fails."""
    if WINDOWS:
        subprocess.run(
            ["taskkill", "/T", "/F", "/PID", str(process.pid)],
            stdin=subprocess.DEVNULL,
            stdout=subprocess.DEVNULL,
            stderr=subprocess.DEVNULL,
            check=False,
        )
        with contextlib.suppress(OSError):
            process.kill()
    else:
        with contextlib.suppress(ProcessLookupError):
            os.killpg(process.pid, signal.SIGKILL)  # type: ignore[attr-defined, unused-ignore]
    process.communicate()


def compare_with_recalculation(
    original: str | os.PathLike[str],
    recalculated: str | os.PathLike[str],
    *,
    rel_tol: float = 1e-9,
) -> tuple[int, list[CellMismatch]]:
    """Compare every formula's cached value in `original` with an engine's result, the
    same cell of its `recalculated` copy.

    Returns the number of formula cells compared and the mismatching ones. Whole numbers
    must match exactly (3 and 3.0 are equal); fractions within `rel_tol` (and 1e-9
    absolute), because LibreOffice keeps only 15 significant digits.
    """
    formulas = load_workbook(original, read_only=True)
    cached = load_workbook(original, read_only=True, data_only=True)
    recalc = load_workbook(recalculated, read_only=True, data_only=True)
    try:
        compared = 0
        mismatches: list[CellMismatch] = []
        for sheet in formulas.worksheets:
            name = sheet.title
            cached_at = _ValueCursor(_cell_values(cached[name]))
            recalc_at = _ValueCursor(_cell_values(recalc[name]) if name in recalc.sheetnames else iter(()))
            for row, col, formula in _formula_cells(sheet):
                compared += 1
                old, new = cached_at.value_at(row, col), recalc_at.value_at(row, col)
                if not values_match(old, new, rel_tol=rel_tol):
                    cell = f"{get_column_letter(col)}{row}"
                    mismatches.append(CellMismatch(name, cell, formula, old, new))
        return compared, mismatches
    finally:
        for workbook in (formulas, cached, recalc):
            workbook.close()


def values_match(cached: object, recalculated: object, *, rel_tol: float = 1e-9) -> bool:
    """Whether a cached value and a recalculated one count as the same result."""
    # bool is an int subclass: without this TRUE would equal 1.
    if isinstance(cached, bool) or isinstance(recalculated, bool):
        return type(cached) is type(recalculated) and cached == recalculated
    if _is_number(cached) and _is_number(recalculated):
        if float(cached).is_integer() or float(recalculated).is_integer():
            return cached == recalculated
        return math.isclose(cached, recalculated, rel_tol=rel_tol, abs_tol=_ABS_TOL)
    return cached == recalculated


def _is_number(value: object) -> TypeGuard[int | float]:
    return isinstance(value, (int, float)) and not isinstance(value, bool)


def _formula_cells(sheet: ReadOnlyWorksheet) -> Iterator[tuple[int, int, str]]:
    """(row, column, formula text) of each formula cell, in row-major order."""
    # The <dimension> tag may understate the used range; read all cells present.
    sheet.reset_dimensions()
    for row in sheet.iter_rows():
        for cell in row:
            # data_type, not a leading "=": text written with write_string may start with "=".
            if cell.data_type == "f":
                yield cell.row, cell.column, _formula_text(cell.value)


def _formula_text(value: object) -> str:
    # Array formulas come as ArrayFormula objects whose .text holds the formula.
    text = getattr(value, "text", value)
    return text if isinstance(text, str) else repr(value)


def _cell_values(sheet: ReadOnlyWorksheet) -> Iterator[tuple[tuple[int, int], object]]:
    """((row, column), value) of each non-empty cell, in row-major order."""
    sheet.reset_dimensions()
    # values_only skips building a cell object per value; iter_rows yields one tuple per
    # row from row 1 (empty for missing rows), starting at column 1.
    for row_number, values in enumerate(sheet.iter_rows(values_only=True), start=1):
        for column, value in enumerate(values, start=1):
            if value is not None:
                yield (row_number, column), value


class _ValueCursor:
    """Looks up values in a row-major stream of cells by walking forward only.

    Lookups must come in row-major order; this keeps memory constant for huge sheets.
    """

    def __init__(self, cells: Iterator[tuple[tuple[int, int], object]]) -> None:
        self._cells = cells
        self._current: tuple[tuple[int, int], object] | None = next(cells, None)

    def value_at(self, row: int, column: int) -> object:
        """The value at (row, column), or None when that cell is empty."""
        wanted = (row, column)
        while self._current is not None and self._current[0] < wanted:
            self._current = next(self._cells, None)
        if self._current is not None and self._current[0] == wanted:
            return self._current[1]
        return None
