"""The national rebuild before and after the recorded base of the follow-up cycle (issue 11).

    python benchmarks/follow_up_base.py BEFORE_TREE [AFTER_TREE] [--runs 5]

Each tree is a checkout of grantsheet (AFTER_TREE defaults to this one). For each, the
national case of ``benchmarks/run.py`` (1 150 centres) is built once; then every fifth
centre types into its form (two amounts, a description) and the officer into the
master, as a returned year looks; then the rebuild over a fresh copy of those outputs is
timed, the two trees alternately so that both see the same load on a shared machine.
Prints the medians and their ratio.
"""

from __future__ import annotations

import argparse
import os
import shutil
import statistics
import sys
import tempfile
from pathlib import Path

import openpyxl

HERE = Path(__file__).resolve().parent
sys.path.insert(0, str(HERE))

from run import NATIONAL, run_once, synthetic_inputs  # noqa: E402


def command(tree: Path, inputs: Path, outputs: Path) -> list[str]:
    code = f"import sys; sys.path.insert(0, {str(tree)!r}); from grantsheet.cli import main; main()"
    return [sys.executable, "-c", code, "build", "--inputs", str(inputs), "--outputs", str(outputs)]


def type_returns(outputs: Path) -> int:
    """Every fifth centre's form filled in, and one row of the master: returns as they come back."""
    files = sorted((outputs / "2022" / "mottagare").glob("*.xlsx"))
    for path in files[::5]:
        book = openpyxl.load_workbook(path)
        sheet = book["Återrapportering"]
        sheet["D5"], sheet["E5"], sheet["K5"] = 1000, 250, "Läkare en dag i veckan"
        book.save(path)
    master = next((outputs / "2022").glob("grantsheet-*.xlsx"))
    book = openpyxl.load_workbook(master)
    book["Återrapportering"]["D6"] = 500
    book.save(master)
    return len(files[::5])


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("before", type=Path)
    parser.add_argument("after", type=Path, nargs="?", default=HERE.parent)
    parser.add_argument("--runs", type=int, default=5)
    args = parser.parse_args()
    os.environ.setdefault("SOURCE_DATE_EPOCH", "1700000000")
    with tempfile.TemporaryDirectory(prefix="grantsheet-base-bench-") as tmp:
        work = Path(tmp)
        inputs = synthetic_inputs(work / "country", NATIONAL)
        trees = {"before": args.before.resolve(), "after": args.after.resolve()}
        first = {}
        for name, tree in trees.items():
            first[name] = work / f"{name}-first"
            run_once(command(tree, inputs, first[name]))
            typed = type_returns(first[name])
        print(f"{NATIONAL} centres, {typed} returned forms typed into, {args.runs} runs per tree")
        walls: dict[str, list[float]] = {name: [] for name in trees}
        for number in range(args.runs + 1):
            for name, tree in trees.items():
                outputs = work / f"{name}-rebuild"
                shutil.rmtree(outputs, ignore_errors=True)
                shutil.copytree(first[name], outputs)
                wall, _ = run_once(command(tree, inputs, outputs))
                if number:  # the first round warms the page cache
                    walls[name].append(wall)
        medians = {name: statistics.median(values) for name, values in walls.items()}
        for name, values in walls.items():
            print(f"{name}: median {medians[name]:.2f} s ({', '.join(f'{v:.2f}' for v in values)})")
        print(f"after / before: {medians['after'] / medians['before']:.3f}")


if __name__ == "__main__":
    main()
