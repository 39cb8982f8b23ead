"""Write the compatibility corpus of one released version: what that version wrote.

    python scripts/make_corpus.py v0.1.0

Checks the tag out into a temporary git worktree and, with that version's own code (its
checkout first on ``PYTHONPATH``, driven through its command line, the interface every
version keeps), for each shipped example it has:

- builds the example's inputs (master, centre files, recorded base, build journal);
- returns a round of forms as centres do (openpyxl, the way tests/ types into them, by the
  forms' defined names ``gs_fu_*``): one centre reports every field, one only an amount,
  one sends its form back blank, one renamed;
- collects those returns into a summary.

The files go to ``tests/corpus/<version>/<example>/``: ``inputs/``, ``outputs/<year>/`` (the
build as the officer keeps it, without archive), ``returns/`` and ``sammanstallning.xlsx``.
The tests (tests/test_corpus.py) run verify, collect, diff and a rebuild that carries the
returns against every version there. Commit the folder; never regenerate an old version's
corpus with new code (that is what it guards against).
"""

from __future__ import annotations

import argparse
import datetime as dt
import os
import shutil
import subprocess
import sys
import tempfile
from pathlib import Path

import openpyxl

REPOSITORY = Path(__file__).resolve().parents[1]
CORPUS = REPOSITORY / "tests" / "corpus"
FORM_PREFIX = "gs_fu_"
# Centres that return a form, by position in the sorted centre files: (position, values, renamed).
RETURNS = (
    (0, "all", False),
    (1, "amount", True),
    (2, "blank", False),
)


def run_version(source: Path, *arguments: str) -> subprocess.CompletedProcess:
    """``grantsheet ARGUMENTS`` with the code of the checkout ``source``."""
    environment = dict(os.environ, PYTHONPATH=str(source), GRANTSHEET_LANG="sv", USER="corpus", USERNAME="corpus")
    command = [sys.executable, "-c", "from grantsheet.cli import run; run()", *arguments]
    return subprocess.run(command, cwd=source, env=environment, capture_output=True, text=True, check=False)


def version_of(source: Path) -> str:
    namespace: dict[str, str] = {}
    exec((source / "grantsheet" / "__init__.py").read_text(encoding="utf-8"), namespace)
    return namespace["__version__"]


def named_cells(book, prefix: str = FORM_PREFIX) -> dict[str, object]:
    """Defined name -> its (first) cell, for the form's names."""
    cells = {}
    for name, definition in book.defined_names.items():
        if not name.startswith(prefix):
            continue
        sheet, reference = next(iter(definition.destinations))
        cells[name] = book[sheet][reference.replace("$", "").split(":")[0]]
    return cells


def fill(source: Path, target: Path, how: str, year: int) -> None:
    """Copy a centre's file to ``target`` with its form typed in as a centre would, dated in
    January after the grant's ``year`` (inside the window collect accepts for a date)."""
    book = openpyxl.load_workbook(source)
    if how != "blank":
        names = named_cells(book)
        amounts = sorted(n for n in names if n.startswith(FORM_PREFIX + "amount_"))
        for index, name in enumerate(amounts if how == "all" else amounts[:1]):
            names[name].value = 12_000 + 1_000 * index
        if how == "all":
            for field, value in (
                ("description", "Läkarbesök på boendet, Kvartal 1–3"),
                ("contact", "Anna Berg, 090-123 45"),
                ("date", dt.datetime(year + 1, 1, 20)),
            ):
                if FORM_PREFIX + field in names:
                    names[FORM_PREFIX + field].value = value
    book.save(target)


def make_example(source: Path, example: str, work: Path, target: Path) -> None:
    workspace = work / example
    checked = [
        run_version(source, "init", str(workspace), "--example", example),
        run_version(source, "build", "--inputs", str(workspace / "inputs"), "--outputs", str(workspace / "outputs")),
    ]
    for result in checked:
        if result.returncode != 0:
            raise SystemExit(f"{example}: {result.args[3:]} failed:\n{result.stdout}{result.stderr}")
    year_folder = next(p for p in (workspace / "outputs").iterdir() if p.name.isdigit())
    master = year_folder / f"grantsheet-{year_folder.name}.xlsx"
    centre_files = sorted(p for p in year_folder.rglob("*.xlsx") if p != master and "arkiv" not in p.parts)
    returns = workspace / "returns"
    returns.mkdir()
    for position, how, renamed in RETURNS:
        if position < len(centre_files):
            name = f"retur {position + 1}.xlsx" if renamed else centre_files[position].name
            fill(centre_files[position], returns / name, how, int(year_folder.name))
    summary = workspace / "sammanstallning.xlsx"
    collected = run_version(
        source,
        "collect",
        str(returns),
        "--master",
        str(master),
        "--output",
        str(summary),
        "--inputs",
        str(workspace / "inputs"),
    )
    if not summary.is_file():
        raise SystemExit(f"{example}: collect wrote no summary:\n{collected.stdout}{collected.stderr}")
    shutil.copytree(workspace / "inputs", target / "inputs")
    shutil.copytree(year_folder, target / "outputs" / year_folder.name, ignore=shutil.ignore_patterns("arkiv"))
    shutil.copytree(returns, target / "returns")
    shutil.copyfile(summary, target / summary.name)


def make_corpus(tag: str) -> Path:
    with tempfile.TemporaryDirectory(prefix="grantsheet-corpus-") as temporary:
        source = Path(temporary) / "source"
        subprocess.run(["git", "worktree", "add", "--detach", str(source), tag], cwd=REPOSITORY, check=True)
        try:
            version = version_of(source)
            target = CORPUS / version
            if target.exists():
                shutil.rmtree(target)
            examples = sorted(p.name for p in (source / "templates" / "examples").iterdir() if p.is_dir())
            for example in examples:
                make_example(source, example, Path(temporary) / "work", target / example)
            (target / "TAG").write_text(f"{tag}\n", encoding="utf-8")
            return target
        finally:
            subprocess.run(["git", "worktree", "remove", "--force", str(source)], cwd=REPOSITORY, check=True)


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("tag", help="the git tag of a released version, e.g. v0.1.0")
    target = make_corpus(parser.parse_args().tag)
    size = sum(p.stat().st_size for p in target.rglob("*") if p.is_file())
    print(f"{target.relative_to(REPOSITORY)}: {size / 1e6:.1f} MB")


if __name__ == "__main__":
    main()
