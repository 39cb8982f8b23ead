"""Recalculate the national master in both engines and compare every formula cell (issue 12.6).

    python benchmarks/engines.py            # writes its section into BENCHMARKS.md
    python benchmarks/engines.py --print    # prints the section only

The master is built in this process from the benchmark's synthetic country
(``run.synthetic_inputs``, 1 150 centres). Per engine: the wall time of
``grantsheet.recalc.recalculate`` on the master alone (the engine's start-up included),
of ``compare_with_recalculation`` over every formula cell, and of ``check_in_engines``,
both steps together, which is what ``verify`` would pay. ``benchmarks/run.py`` writes the
same section in its full report.
"""

from __future__ import annotations

import argparse
import datetime as dt
import os
import resource
import statistics
import sys
import tempfile
import time
from pathlib import Path

REPOSITORY = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(REPOSITORY))
sys.path.insert(0, str(Path(__file__).resolve().parent))

from grantsheet.allocate import allocate_pools  # noqa: E402
from grantsheet.api import master_path, version  # noqa: E402
from grantsheet.context import BuildContext  # noqa: E402
from grantsheet.load import load_inputs  # noqa: E402
from grantsheet.recalc import (  # noqa: E402
    ENGINE_LABELS,
    ENGINES,
    check_in_engines,
    compare_with_recalculation,
    recalculate,
)
from grantsheet.write import write_master  # noqa: E402

HEADING = "## Both engines on the national master"
NATIONAL = 1150


def national_master(work: Path) -> Path:
    from run import synthetic_inputs

    dataset = load_inputs(synthetic_inputs(work / f"n{NATIONAL}", NATIONAL))
    target = master_path(work / "outputs", dataset)
    write_master(target, BuildContext(dataset, allocate_pools(dataset), dataset.grant.language or "sv", version()))
    return target


def _cpu() -> float:
    """CPU seconds of this process and of its waited-for children (the engines)."""
    children = resource.getrusage(resource.RUSAGE_CHILDREN)
    return time.process_time() + children.ru_utime + children.ru_stime


def _median(action, runs: int) -> tuple[float, float]:
    """Median wall and CPU seconds of ``runs`` calls of ``action``."""
    walls, cpus = [], []
    for _ in range(runs):
        start, cpu = time.perf_counter(), _cpu()
        action()
        walls.append(time.perf_counter() - start)
        cpus.append(_cpu() - cpu)
    return statistics.median(walls), statistics.median(cpus)


def _seconds(timing: tuple[float, float]) -> str:
    return f"{timing[0]:.2f} s ({timing[1]:.2f} s)"


def section(master: Path, work: Path, runs: int = 3) -> list[str]:
    """The report section: per engine, recalculation, comparison and both, in seconds."""
    rows = []
    for engine in ENGINES:
        copies = work / f"engine-{engine}"
        recalculated = recalculate([master], copies, engine=engine)[0]  # warm-up, and the copy compared
        recalc = _median(lambda e=engine: recalculate([master], work / f"again-{e}", engine=e), runs)
        compared, mismatches = compare_with_recalculation(master, recalculated)
        compare = _median(lambda r=recalculated: compare_with_recalculation(master, r), runs)
        both = _median(lambda e=engine: check_in_engines([master], [e]), runs)
        rows.append((ENGINE_LABELS[engine], compared, len(mismatches), recalc, compare, both))
    total = _median(lambda: check_in_engines([master]), runs)
    lines = [
        HEADING,
        "",
        f"`grantsheet.recalc` on the master of the synthetic country ({NATIONAL:,} centres), median of {runs} runs "
        "each: the engine recalculating and saving a copy (start-up included), then every formula cell's cached "
        "value compared with the copy's (`compare_with_recalculation`, openpyxl reading both books), and "
        "`check_in_engines`, both steps. Wall time, and in brackets CPU time (this process and the engine's): "
        f"on a shared machine ({os.cpu_count()} CPUs) the wall time grows with the others' load, the CPU time "
        "much less.",
        "",
        "| engine | formula cells | differing | recalculate | compare | both |",
        "|---|---:|---:|---:|---:|---:|",
    ]
    for label, compared, differing, recalc, compare, both in rows:
        lines.append(
            f"| {label} | {compared:,} | {differing} | {_seconds(recalc)} | {_seconds(compare)} | {_seconds(both)} |"
        )
    lines += [
        "",
        f"Both engines (`check_in_engines([master])`, the two recalculating at the same time): {_seconds(total)}. Measured "
        f"{dt.date.today().isoformat()}; load average {os.getloadavg()[0]:.1f} at the end.",
        "",
    ]
    return lines


def write_section(report: Path, lines: list[str]) -> None:
    """Replace the section in ``report`` (up to the next heading), or put it before the notes."""
    text = report.read_text(encoding="utf-8").splitlines()
    block = lines if lines[-1] == "" else [*lines, ""]
    if HEADING in text:
        start = text.index(HEADING)
        end = next((i for i in range(start + 1, len(text)) if text[i].startswith("## ")), len(text))
        text[start:end] = block
    elif "## Notes" in text:
        at = text.index("## Notes")
        text[at:at] = block
    else:
        text += ["", *block]
    report.write_text("\n".join(text) + "\n", encoding="utf-8")


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("--print", action="store_true", help="print the section instead of writing BENCHMARKS.md")
    parser.add_argument("--runs", type=int, default=3, help="runs per figure (default 3)")
    args = parser.parse_args()
    with tempfile.TemporaryDirectory(prefix="grantsheet-engines-") as tmp:
        work = Path(tmp)
        lines = section(national_master(work), work, args.runs)
    print("\n".join(lines))
    if not args.print:
        write_section(REPOSITORY / "BENCHMARKS.md", lines)


if __name__ == "__main__":
    main()
