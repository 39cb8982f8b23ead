"""Scale end to end (issue 25): each step an officer runs, at 1 150, 25 000 and 100 000 recipients.

    python benchmarks/scale.py                 # every case, one at a time; writes its section of BENCHMARKS.md
    python benchmarks/scale.py --only build-1150 rebuild-1150 --print
    python benchmarks/scale.py --report        # the section again from the figures recorded so far

Each case is one whole process, timed from outside: wall seconds, CPU seconds (user + system
of the process and every process it waited for: the workers, LibreOffice, Gnumeric) and its
peak resident memory (the largest single process), with the load average before and after,
as the machine is shared. Each case's figures are appended to WORK/scale.jsonl as it ends,
so a long run that is stopped keeps what it measured; the report takes the latest of each.

- ``build-N``: ``grantsheet build`` from nothing (the master and N per-recipient files);
  ``rebuild-N``: the same build over a copy of those outputs (every file read back, archived,
  the new set swapped in).
- ``master-N``, ``master-rebuild-N``: the master alone (benchmarks/master_only.py, with
  ``--previous`` over the master it wrote): at 100 000 recipients, 100 000 files are not a
  case anyone meets (one workbook each for every school of a large country is 25 000).
- ``rules-25000``: 25 000 schools in a table the grant file declares ([[tables]]), one pool
  by pupils and one by a decimal index, each holding every school to a minimum in payout
  units of 100 kr (#21); built and rebuilt as above, and its master alone (``rules-master-``).
- ``verify-N``: ``grantsheet verify`` of the master of ``build-N`` with every engine installed.
- ``collect-1150``: ``grantsheet collect`` of the 1 150 forms of ``build-1150`` as returns.
"""

from __future__ import annotations

import argparse
import datetime as dt
import json
import os
import platform
import shutil
import subprocess
import sys
import tempfile
import time
from collections.abc import Callable
from pathlib import Path

REPOSITORY = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(REPOSITORY))
sys.path.insert(0, str(REPOSITORY / "benchmarks"))

from run import MASTER_ONLY_SCRIPT, grantsheet_command, master_in, synthetic_inputs  # noqa: E402

HEADING = "## Scale end to end (issue 25)"
DEFAULT_WORK = Path(tempfile.gettempdir()) / "grantsheet-bench-scale"
CASES = (
    "build-1150",
    "rebuild-1150",
    "verify-1150",
    "collect-1150",
    "master-1000",
    "master-10000",
    "build-25000",
    "rebuild-25000",
    "verify-25000",
    "rules-25000",
    "rules-rebuild-25000",
    "rules-master-25000",
    "rules-master-rebuild-25000",
    "master-100000",
    "master-rebuild-100000",
)
MINIMUM_SHARE = 20  # percent of an even share: the minimum of the rules case


def measure(argv: list[str], ok_codes: tuple[int, ...] = (0,)) -> dict[str, float]:
    """Wall, CPU (this child and the processes it waited for) and peak memory of one run."""
    load = os.getloadavg()[0]
    with tempfile.TemporaryFile() as err:
        start = time.perf_counter()
        child = subprocess.Popen(argv, stdout=subprocess.DEVNULL, stderr=err)
        _, status, usage = os.wait4(child.pid, 0)
        wall = time.perf_counter() - start
        code = os.waitstatus_to_exitcode(status)
        if code not in ok_codes:
            err.seek(0)
            raise RuntimeError(f"{' '.join(argv)} exited {code}:\n{err.read().decode(errors='replace')[-3000:]}")
    return {
        "wall": wall,
        "cpu": usage.ru_utime + usage.ru_stime,
        "peak_mib": usage.ru_maxrss / 1024,  # Linux reports KiB
        "load_before": load,
        "load_after": os.getloadavg()[0],
    }


RULES_GRANT = """\
[grant]
year = 2024
title = "Statsbidrag till skolor (syntetiskt, {n} skolor)"
organisation = "Syntetiskt land"
example_data = true

[recipients]
noun = "skola"
plural = "skolor"
table = "skolor"

[[tables]]
id = "skolor"
file = "skolor.xlsx"
recipient = "Skola"
columns = [
  {{ id = "elever", heading = "Elever", kind = "count", unit = "elever" }},
  {{ id = "index", heading = "Socioekonomiskt index", kind = "decimal" }},
]

[[pools]]
id = "elever"
name = "Efter elever, golv"
amount = {amount}
key = "skolor.elever"
minimum = {minimum}
unit = 100

[[pools]]
id = "index"
name = "Efter socioekonomiskt index, golv"
amount = {amount}
key = "skolor.index"
minimum = {minimum}
unit = 100

[follow_up]
categories = ["Personal", "Läromedel", "Övrigt"]
"""


def rules_inputs(folder: Path, n: int) -> Path:
    """``n`` schools in a table the grant file declares: a pool by pupils and one by a decimal
    index (four decimals), each holding every school to a minimum in units of 100 kr."""
    import random

    import xlsxwriter

    inputs = folder / "inputs"
    if (inputs / "grant.toml").is_file():
        return inputs
    inputs.mkdir(parents=True, exist_ok=True)
    draw = random.Random(n)
    book = xlsxwriter.Workbook(str(inputs / "skolor.xlsx"), {"constant_memory": True})
    sheet = book.add_worksheet("Skolor")
    sheet.write_row(0, 0, ["Skola", "Elever", "Socioekonomiskt index"])
    for row in range(1, n + 1):
        sheet.write_string(row, 0, f"Skola {row:06d}")
        sheet.write_number(row, 1, draw.randint(20, 1500))
        sheet.write_string(row, 2, f"{draw.randint(5000, 15000) / 10000:.4f}".replace(".", ","))
    book.close()
    amount = 40_000 * n
    # An even share's fifth: the small schools are held up to it.
    minimum = amount // n * MINIMUM_SHARE // 100 // 100 * 100
    (inputs / "grant.toml").write_text(RULES_GRANT.format(n=n, amount=amount, minimum=minimum), encoding="utf-8")
    return inputs


def cases(work: Path) -> dict[str, Callable[[], dict[str, object]]]:
    gs = grantsheet_command()

    def build(name: str, inputs: Callable[[], Path]) -> Callable[[], dict[str, object]]:
        def run() -> dict[str, object]:
            outputs = work / name / "outputs"
            shutil.rmtree(outputs, ignore_errors=True)
            figures = measure([*gs, "build", "--inputs", str(inputs()), "--outputs", str(outputs)])
            return {**figures, "files": sum(1 for _ in outputs.rglob("*.xlsx"))}

        return run

    def rebuild(name: str, of: str, inputs: Callable[[], Path]) -> Callable[[], dict[str, object]]:
        def run() -> dict[str, object]:
            outputs = work / name / "outputs"
            shutil.rmtree(outputs, ignore_errors=True)
            shutil.copytree(work / of / "outputs", outputs)
            figures = measure([*gs, "build", "--inputs", str(inputs()), "--outputs", str(outputs)])
            return {**figures, "files": sum(1 for _ in outputs.rglob("*.xlsx"))}

        return run

    def master(n: int, previous: bool, ruled: bool = False) -> Callable[[], dict[str, object]]:
        def run() -> dict[str, object]:
            outputs = work / f"{'rules-' if ruled else ''}master-{n}" / "outputs"
            inputs = rules_inputs(work / f"rules-{n}", n) if ruled else synthetic_inputs(work / f"n{n}", n)
            if not previous:
                shutil.rmtree(outputs, ignore_errors=True)
            extra = ["--previous"] if previous else []
            return {**measure([sys.executable, str(MASTER_ONLY_SCRIPT), str(inputs), str(outputs), *extra]), "files": 1}

        return run

    def verify(of: str) -> Callable[[], dict[str, object]]:
        def run() -> dict[str, object]:
            from grantsheet.recalc import available_engines

            figures = measure([*gs, "verify", str(master_in(work / of / "outputs"))])
            return {**figures, "engines": ", ".join(available_engines()) or "none"}

        return run

    def collect() -> dict[str, object]:
        outputs = work / "build-1150" / "outputs"
        year = next(p for p in outputs.iterdir() if p.is_dir())
        forms = next(p for p in year.iterdir() if p.is_dir() and any(p.glob("*.xlsx")))
        summary = work / "collect-1150" / "sammanstallning.xlsx"
        summary.parent.mkdir(parents=True, exist_ok=True)
        summary.unlink(missing_ok=True)
        # Exit code 1: blank forms are flagged, as they should be.
        command = [*gs, "collect", str(forms), "--master", str(master_in(outputs)), "--output", str(summary)]
        return {**measure(command, ok_codes=(0, 1)), "files": sum(1 for _ in forms.glob("*.xlsx"))}

    def plain(n: int) -> Callable[[], Path]:
        return lambda: synthetic_inputs(work / f"n{n}", n)

    def ruled() -> Path:
        return rules_inputs(work / "rules-25000", 25_000)

    return {
        "build-1150": build("build-1150", plain(1150)),
        "rebuild-1150": rebuild("rebuild-1150", "build-1150", plain(1150)),
        "verify-1150": verify("build-1150"),
        "collect-1150": collect,
        "master-1000": master(1000, False),
        "master-10000": master(10_000, False),
        "build-25000": build("build-25000", plain(25_000)),
        "rebuild-25000": rebuild("rebuild-25000", "build-25000", plain(25_000)),
        "verify-25000": verify("build-25000"),
        "rules-25000": build("rules-25000", ruled),
        "rules-rebuild-25000": rebuild("rules-rebuild-25000", "rules-25000", ruled),
        "rules-master-25000": master(25_000, False, ruled=True),
        "rules-master-rebuild-25000": master(25_000, True, ruled=True),
        "master-100000": master(100_000, False),
        "master-rebuild-100000": master(100_000, True),
    }


def recorded(work: Path) -> dict[str, dict]:
    found: dict[str, dict] = {}
    log = work / "scale.jsonl"
    if log.is_file():
        for line in log.read_text(encoding="utf-8").splitlines():
            entry = json.loads(line)
            found[entry["case"]] = entry
    return found


def recipients(case: str) -> int:
    return int(case.rsplit("-", 1)[1])


def report(found: dict[str, dict]) -> str:
    lines = [
        HEADING,
        "",
        f"`python benchmarks/scale.py` on {platform.machine()}, {os.cpu_count()} CPU(s), Python "
        f"{platform.python_version()}: each case one whole process (one at a time is the plan; which ran alongside others says BENCHMARKS.md); CPU is user + system "
        "time of the process and every process it waited for (workers, LibreOffice, Gnumeric), peak memory "
        "the largest single process. The machine is shared: the load average (1 minute) before and after each "
        "case stands beside it, and under load the wall time grows, the CPU time much less.",
        "",
        "| case | recipients | files | wall | CPU | peak memory | load before–after | measured |",
        "|---|---:|---:|---:|---:|---:|---:|---|",
    ]
    for case in CASES:
        if case not in found:
            continue
        e = found[case]
        lines.append(
            f"| {case} | {recipients(case):,} | {e.get('files', '')} | {e['wall']:.1f} s | {e['cpu']:.1f} s | "
            f"{e['peak_mib']:.0f} MiB | {e['load_before']:.1f}–{e['load_after']:.1f} | {e['when']} |"
        )
    lines += ["", "Targets:", ""]
    for plain, rebuilt in (
        ("build-1150", "rebuild-1150"),
        ("build-25000", "rebuild-25000"),
        ("rules-25000", "rules-rebuild-25000"),
        ("rules-master-25000", "rules-master-rebuild-25000"),
        ("master-100000", "master-rebuild-100000"),
    ):
        if plain in found and rebuilt in found:
            cpu = found[rebuilt]["cpu"] / found[plain]["cpu"]
            wall = found[rebuilt]["wall"] / found[plain]["wall"]
            verdict = "met" if cpu < 1.5 else "**missed**"
            lines.append(
                f"- {rebuilt} < 1.5 × {plain}: CPU {cpu:.2f} ×, wall {wall:.2f} × (the CPU ratio is judged: "
                f"the two ran minutes apart at different loads): {verdict}"
            )
    if "verify-1150" in found:
        e = found["verify-1150"]
        verdict = "met" if e["wall"] < 10 else "**missed**"
        lines.append(
            f"- verify of the national master (engines: {e.get('engines')}) < 10 s: {e['wall']:.1f} s wall, "
            f"{e['cpu']:.1f} s CPU at load {e['load_before']:.1f}: {verdict}"
        )
    per = [
        (recipients(c), found[c]["peak_mib"]) for c in ("master-1000", "master-10000", "master-100000") if c in found
    ]
    if per:
        # Per recipient: the growth of the peak from one size to the next, the interpreter's own left out.
        steps = [(n, (peak - prior) * 1024 / (n - m)) for (m, prior), (n, peak) in zip(per, per[1:])]
        lines.append(
            "- Memory of the master alone: "
            + ", ".join(f"{n:,} recipients {peak:.0f} MiB" for n, peak in per)
            + ("; per recipient " + ", ".join(f"{kib:.1f} KiB up to {n:,}" for n, kib in steps) if steps else "")
            + "; the 100 000-recipient master below 2 GB: "
            + ("met" if "master-100000" in found and found["master-100000"]["peak_mib"] < 2048 else "not met")
        )
    lines.append("")
    return "\n".join(lines)


def write_section(output: Path, section: str) -> None:
    text = output.read_text(encoding="utf-8") if output.is_file() else ""
    if HEADING in text:
        before, _, after = text.partition(HEADING)
        rest = after.split("\n## ", 1)
        text = before + section + ("\n## " + rest[1] if len(rest) > 1 else "")
    else:
        text = text.rstrip("\n") + "\n\n" + section
    output.write_text(text, encoding="utf-8")


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("--only", nargs="+", choices=CASES, help="these cases (default: every one, in order)")
    parser.add_argument("--work", type=Path, default=DEFAULT_WORK, help="inputs, outputs and scale.jsonl (kept)")
    parser.add_argument("--report", action="store_true", help="measure nothing; the section from scale.jsonl")
    parser.add_argument("--print", action="store_true", help="print the section instead of writing BENCHMARKS.md")
    args = parser.parse_args()
    args.work.mkdir(parents=True, exist_ok=True)
    runners = cases(args.work)
    if not args.report:
        for case in args.only or CASES:
            figures = runners[case]()
            entry = {"case": case, "when": dt.datetime.now().strftime("%Y-%m-%d %H:%M"), **figures}
            with (args.work / "scale.jsonl").open("a", encoding="utf-8") as log:
                log.write(json.dumps(entry) + "\n")
            print(json.dumps(entry), flush=True)
    section = report(recorded(args.work))
    if args.print:
        print(section)
    else:
        write_section(REPOSITORY / "BENCHMARKS.md", section)
        print(section)


if __name__ == "__main__":
    main()
