"""What the distribution rules cost (#21): a 25 000-recipient grant with a fixed amount, a
minimum and a decimal key, and the national example before and after the rules.

    python benchmarks/rules.py --before DIR   # DIR: a checkout of grantsheet before #21
    python benchmarks/rules.py --before DIR --quick   # one run each, prints only

``--before`` is a source tree of an earlier grantsheet (``git archive 60db5fb | tar -x -C DIR``):
the same cases that it can build (the national example; 25 000 regions by a count key) run
with it first on the path. Each figure is a whole process (``benchmarks/run.run_once``): the
median wall time and the largest resident set. The 25 000-recipient cases run once each (a
build takes minutes on a shared machine): master only (``benchmarks/master_only.py``, as the
stress cases of run.py), and the rules case once more as a whole build with its recipients' files.
"""

from __future__ import annotations

import argparse
import os
import random
import shutil
import sys
import tempfile
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent))

from run import MASTER_ONLY_SCRIPT, Runs, grantsheet_command, repeat  # noqa: E402
from web import write_section  # noqa: E402

HEADING = "## Distribution rules (#21)"
RECIPIENTS = 25_000
TEMPLATES = Path(__file__).resolve().parents[1] / "templates"

RULES_GRANT = """\
[grant]
year = 2025
title = "Bidrag till kommunerna"
organisation = "Staten"

[recipients]
noun = "kommun"
plural = "kommuner"
table = "kommuner"

[[tables]]
id = "kommuner"
file = "kommuner.csv"
recipient = "Kommun"
columns = [
  { id = "invanare", heading = "Folkmängd", kind = "count", unit = "invånare" },
  { id = "andel", heading = "Andel (%)", kind = "decimal", unit = "procent" },
]

[[pools]]
id = "bas"
name = "Fast belopp och andel"
amount = 90000000000
key = "kommuner.andel"
fixed = 1000000
minimum = 2500000

[follow_up]
categories = ["Övrigt"]
"""
PLAIN_GRANT = """\
[grant]
year = 2025
title = "Bidrag till regionerna"
organisation = "Staten"

[[pools]]
id = "bas"
name = "Efter invånare"
amount = 10000000
key = "regions"

[follow_up]
categories = ["Övrigt"]

[inputs]
regions = "regioner.csv"
"""


def rules_inputs(folder: Path, n: int) -> Path:
    """``n`` recipients with a population and a share in per cent with five decimals (summing to
    about 100), a pool with a fixed amount, a minimum that holds the smallest, and the rest by share."""
    rng = random.Random(21)
    inputs = folder / "inputs"
    inputs.mkdir(parents=True, exist_ok=True)
    people = [int(rng.lognormvariate(9.5, 1.1)) + 1 for _ in range(n)]
    total = sum(people)
    lines = ["Kommun;Folkmängd;Andel (%)"]
    lines += [f"Kommun {i:05d};{p};{100 * p / total:.5f}".replace(".", ",") for i, p in enumerate(people)]
    (inputs / "kommuner.csv").write_text("\n".join(lines) + "\n", encoding="utf-8")
    (inputs / "grant.toml").write_text(RULES_GRANT, encoding="utf-8")
    return inputs


def plain_inputs(folder: Path, n: int) -> Path:
    """The same recipients by a count key and no rules: what a grantsheet before #21 can build (it
    refused a pool times the total key at or above 2^53, so 10 000 000 kr here)."""
    rng = random.Random(21)
    inputs = folder / "inputs"
    inputs.mkdir(parents=True, exist_ok=True)
    people = [int(rng.lognormvariate(9.5, 1.1)) + 1 for _ in range(n)]
    lines = ["Region;Invånare 80+"] + [f"Region {i:05d};{p}" for i, p in enumerate(people)]
    (inputs / "regioner.csv").write_text("\n".join(lines) + "\n", encoding="utf-8")
    (inputs / "grant.toml").write_text(PLAIN_GRANT, encoding="utf-8")
    return inputs


def timed(command: list[str], outputs: Path, runs: int, env_path: Path | None) -> Runs:
    def fresh() -> None:
        shutil.rmtree(outputs, ignore_errors=True)

    if env_path is not None:
        os.environ["PYTHONPATH"] = str(env_path)
    try:
        return repeat(lambda: command, runs, before=fresh, warmup=runs > 1)
    finally:
        os.environ.pop("PYTHONPATH", None)


def row(case: str, version: str, runs: Runs) -> str:
    spread = f"{min(runs.walls):.2f}–{max(runs.walls):.2f} s" if len(runs.walls) > 1 else "-"
    return f"| {case} | {version} | {runs.median:.2f} s | {spread} | {runs.peak:.0f} MiB |"


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--before", type=Path, required=True, help="a source tree of grantsheet before #21")
    parser.add_argument("--quick", action="store_true", help="one run each; print, do not write BENCHMARKS.md")
    args = parser.parse_args()
    runs = 1 if args.quick else 5
    before = args.before.resolve()
    gs = grantsheet_command()
    old_gs = [sys.executable, "-c", "from grantsheet.cli import main; main()"]
    master_only = [sys.executable, str(MASTER_ONLY_SCRIPT)]
    old_master_only = [sys.executable, str(before / "benchmarks" / "master_only.py")]
    load = os.getloadavg()[0]
    rows = []
    with tempfile.TemporaryDirectory(prefix="grantsheet-rules-") as scratch:
        work = Path(scratch)
        national = TEMPLATES / "examples" / "nationell-2021"
        out = work / "national" / "outputs"
        for version, command, path in (("before", old_gs, before), ("after", gs, None)):
            timing = timed(command + ["build", "--inputs", str(national), "--outputs", str(out)], out, runs, path)
            rows.append(row("national example, whole build (21 regions)", version, timing))
            print(rows[-1], flush=True)
        plain = plain_inputs(work / "plain", RECIPIENTS)
        out = work / "plain" / "outputs"
        for version, command, path in (("before", old_master_only, before), ("after", master_only, None)):
            timing = timed(command + [str(plain), str(out)], out, 1, path)
            rows.append(row(f"{RECIPIENTS:,} regions by a count, no rules, master only", version, timing))
            print(rows[-1], flush=True)
        inputs = rules_inputs(work / "rules", RECIPIENTS)
        out = work / "rules" / "outputs"
        timing = timed(master_only + [str(inputs), str(out)], out, 1, None)
        rows.append(row(f"{RECIPIENTS:,} recipients, fixed + minimum + decimal key, master only", "after", timing))
        print(rows[-1], flush=True)
        timing = timed(gs + ["build", "--inputs", str(inputs), "--outputs", str(out)], out, 1, None)
        rows.append(row(f"{RECIPIENTS:,} recipients, fixed + minimum + decimal key, whole build", "after", timing))
        print(rows[-1], flush=True)
    end_load = os.getloadavg()[0]
    section = "\n".join(
        [
            HEADING,
            "",
            f"`python benchmarks/rules.py --before DIR` (DIR: grantsheet at 60db5fb, before #21), on a 2-CPU "
            f"machine at a load average of {load:.1f} when the runs began and {end_load:.1f} when they ended. "
            "Whole processes; the median wall time of the runs and the largest resident set.",
            "",
            "| case | grantsheet | median wall | min–max | peak memory |",
            "|---|---|---:|---:|---:|",
            *rows,
            "",
        ]
    )
    print(section)
    if not args.quick:
        write_section(section, HEADING)


if __name__ == "__main__":
    main()
