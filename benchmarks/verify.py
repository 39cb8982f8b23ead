"""Benchmark ``grantsheet verify`` of the national master (issue 12: under 10 s, both engines).

    python benchmarks/verify.py             # 3 runs each; rewrites the "Verify" section of BENCHMARKS.md
    python benchmarks/verify.py --runs 1 --print

Each timing is a whole ``grantsheet verify`` process (start-up, the seal's comparison with
the build, the risks, the re-derivation and every recalculating engine installed), on the
master of a fresh national build (``benchmarks/run.py``'s synthetic country).
"""

from __future__ import annotations

import argparse
import datetime as dt
import os
import platform
import statistics
import subprocess
import sys
import tempfile
import time
from pathlib import Path

REPOSITORY = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(REPOSITORY))
sys.path.insert(0, str(REPOSITORY / "benchmarks"))

from run import NATIONAL, grantsheet_command, synthetic_inputs  # noqa: E402

from grantsheet.recalc import available_engines  # noqa: E402

HEADING = "## Verify (issue 12)"


def timed(command: list[str]) -> float:
    start = time.perf_counter()
    done = subprocess.run(command, capture_output=True, text=True)
    elapsed = time.perf_counter() - start
    if done.returncode != 0:
        raise SystemExit(f"{' '.join(command)} failed ({done.returncode}):\n{done.stdout}{done.stderr}")
    return elapsed


def section(runs: int) -> str:
    with tempfile.TemporaryDirectory(prefix="grantsheet-bench-verify-") as tmp:
        work = Path(tmp)
        inputs = synthetic_inputs(work / "national", NATIONAL)
        outputs = work / "national" / "outputs"
        timed([*grantsheet_command(), "build", "--inputs", str(inputs), "--outputs", str(outputs)])
        master = next(outputs.glob("*/grantsheet-*.xlsx"))
        cases = {
            "verify (seal, risks, re-derivation, every engine)": [*grantsheet_command(), "verify", str(master)],
            "verify --no-recalc (no engine)": [*grantsheet_command(), "verify", "--no-recalc", str(master)],
        }
        figures = {name: [timed(command) for _ in range(runs)] for name, command in cases.items()}
        load = os.getloadavg()[0]
    engines = ", ".join(available_engines()) or "none"
    lines = [
        HEADING,
        "",
        f"Measured {dt.date.today().isoformat()} by `python benchmarks/verify.py` on {platform.machine()}, "
        f"{os.cpu_count()} CPU(s), Python {platform.python_version()}: `grantsheet verify` of the national "
        f"master ({NATIONAL:,} centres), whole process, median of {runs} run(s). Engines installed: {engines}. "
        f"The machine is shared: load average {load:.1f} at the end of the runs. LibreOffice and Gnumeric "
        "recalculate in their own processes while grantsheet compares the master with its seal.",
        "",
        "| case | median wall | min–max | target |",
        "|---|---:|---:|---|",
    ]
    for name, times in figures.items():
        median = statistics.median(times)
        target = f"< 10 s: **{'met' if median < 10 else 'not met'}**" if "every engine" in name else ""
        lines.append(f"| {name} | {median:.2f} s | {min(times):.2f}–{max(times):.2f} s | {target} |")
    return "\n".join(lines) + "\n"


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--runs", type=int, default=3)
    parser.add_argument("--print", action="store_true", help="print the section instead of writing BENCHMARKS.md")
    args = parser.parse_args()
    text = section(args.runs)
    if args.print:
        print(text)
        return
    path = REPOSITORY / "BENCHMARKS.md"
    report = path.read_text(encoding="utf-8")
    if HEADING in report:
        before, _, after = report.partition(HEADING)
        rest = after.split("\n## ", 1)
        report = before + text + ("\n## " + rest[1] if len(rest) > 1 else "")
    else:
        report = report.rstrip("\n") + "\n\n" + text
    path.write_text(report, encoding="utf-8")
    print(text)


if __name__ == "__main__":
    main()
