"""Benchmark the officer's page (issue 13): start page, a build through the page, progress.

    python benchmarks/web.py            # writes its section of BENCHMARKS.md
    python benchmarks/web.py --quick    # fewer runs, prints only

A real ``grantsheet serve`` process answers over HTTP on loopback, as the officer's
browser reaches it. Targets: the start page answers in under 200 ms; a build through the
page (from the click's request to the job's end) takes at most 0.3 s more than the same
``grantsheet build`` process (both rebuilds of the same workspace, alternately); the
national build (1 150 centres) shows new progress at least every second.
"""

from __future__ import annotations

import argparse
import json
import re
import socket
import statistics
import subprocess
import sys
import tempfile
import time
import urllib.parse
import urllib.request
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent))

from run import NATIONAL, example_inputs, grantsheet_command, run_once, synthetic_inputs  # noqa: E402

REPOSITORY = Path(__file__).resolve().parents[1]
BENCHMARKS = REPOSITORY / "BENCHMARKS.md"
HEADING = "## The officer's page (grantsheet serve)"
# The page's own rate (static/app.js asks every 200 ms). Polled every 50 ms, the server's
# answers took enough of the main process's share of 2 cores to make the national build
# 0.4 s slower (2026-12-02, --quick: +0.63 s against +0.21 s): the benchmark's cost, not the page's.
POLL_SECONDS = 0.2


def free_port() -> int:
    with socket.socket() as probe:
        probe.bind(("127.0.0.1", 0))
        return probe.getsockname()[1]


class Page:
    """A ``grantsheet serve`` process over one workspace."""

    def __init__(self, inputs: Path, outputs: Path) -> None:
        self.port = free_port()
        self.url = f"http://127.0.0.1:{self.port}"
        command = grantsheet_command() + ["serve", "--no-browser", "--port", str(self.port)]
        command += ["--inputs", str(inputs), "--outputs", str(outputs)]
        self.process = subprocess.Popen(command, stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL)
        end = time.monotonic() + 30
        while True:
            try:
                self.get("/")
                break
            except OSError:
                if time.monotonic() > end or self.process.poll() is not None:
                    raise RuntimeError("grantsheet serve did not start") from None
                time.sleep(0.05)

    def get(self, path: str) -> bytes:
        with urllib.request.urlopen(self.url + path, timeout=120) as response:
            return response.read()

    def build(self) -> tuple[float, list[float]]:
        """Seconds from the build request to the job's end, and when (from the request) the
        page was given new progress."""
        csrf = re.search(rb'name="csrf" value="([^"]+)"', self.get("/")).group(1).decode()
        request = urllib.request.Request(
            self.url + "/build", data=urllib.parse.urlencode({"csrf": csrf}).encode(), method="POST"
        )
        start = time.perf_counter()
        with urllib.request.urlopen(request, timeout=120) as response:  # follows the 303 to /build/<id>
            job = response.url.rsplit("/", 1)[1]
        changes, last = [], None
        while True:
            state = json.loads(self.get(f"/jobs/{job}"))
            seen = (state["phase"], state["done"], state["total"])
            if seen != last:
                changes.append(time.perf_counter() - start)
                last = seen
            if state["state"] != "running":
                if state["state"] != "done":
                    raise RuntimeError(f"the build through the page ended {state['state']}")
                return time.perf_counter() - start, changes
            time.sleep(POLL_SECONDS)

    def close(self) -> None:
        self.process.terminate()
        self.process.wait(10)


def start_page(page: Page, runs: int) -> tuple[float, float]:
    """(median, slowest) seconds for GET / over ``runs`` requests after one warm-up."""
    page.get("/")
    walls = []
    for _ in range(runs):
        start = time.perf_counter()
        page.get("/")
        walls.append(time.perf_counter() - start)
    return statistics.median(walls), max(walls)


def compare_builds(name: str, inputs: Path, work: Path, runs: int) -> dict:
    """The page's builds and ``grantsheet build``'s, alternately, each a rebuild of its own workspace."""
    cli_outputs, page_outputs = work / f"{name}-cli", work / f"{name}-page"
    command = grantsheet_command() + ["build", "--inputs", str(inputs), "--outputs", str(cli_outputs)]
    run_once(command)  # the first build: the rest are rebuilds, as on the page
    page = Page(inputs, page_outputs)
    try:
        page.build()
        first_page = start_page(page, 20)
        cli, via_page, gaps = [], [], []
        for _ in range(runs):
            cli.append(run_once(command)[0])
            wall, changes = page.build()
            via_page.append(wall)
            moments = [0.0, *changes, wall]
            gaps.append(max(b - a for a, b in zip(moments, moments[1:])))
    finally:
        page.close()
    return {"cli": cli, "page": via_page, "gaps": gaps, "start": first_page}


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--quick", action="store_true", help="2 runs each; print instead of writing BENCHMARKS.md")
    args = parser.parse_args()
    # Seven national pairs: one build's wall time moves by a second from run to run on this
    # 2-core machine, as much as the 0.3 s margin the page is held to and more.
    runs = 2 if args.quick else 5
    load_before = load_average()
    with tempfile.TemporaryDirectory(prefix="grantsheet-web-bench-") as scratch:
        work = Path(scratch)
        results = {
            "example": compare_builds("example", example_inputs(work / "example"), work, runs),
            f"n{NATIONAL}": compare_builds(
                f"n{NATIONAL}", synthetic_inputs(work / f"n{NATIONAL}", NATIONAL), work, 2 if args.quick else 7
            ),
        }
    section = report(results, load_before)
    print(section)
    if not args.quick:
        write_section(section)
        print(f"written to {BENCHMARKS}")


def load_average() -> str:
    with open("/proc/loadavg", encoding="ascii") as handle:
        return handle.read().split()[0]


def report(results: dict, load_before: str) -> str:
    lines = [
        HEADING,
        "",
        f"`python benchmarks/web.py`, {time.strftime('%Y-%m-%d %H:%M')}, a real `grantsheet serve` process asked over "
        f"loopback HTTP on a 2-CPU machine with nothing else of ours running: load average {load_before} "
        f"when the runs began, {load_average()} when they ended. A build through the page is "
        "timed from the build request to the end of its job (as the page's own polling sees it), a `grantsheet "
        "build` as a whole process; both are rebuilds of the same inputs, run alternately.",
        "",
        "| target | case | figure | verdict |",
        "|---|---|---|---|",
    ]
    for case, found in results.items():
        median, slowest = found["start"]
        lines.append(
            f"| start page < 200 ms | {case} | median {median * 1000:.0f} ms, slowest {slowest * 1000:.0f} ms "
            f"(20 requests) | {'met' if slowest < 0.2 else 'NOT met'} |"
        )
    for case, found in results.items():
        cli, page = statistics.median(found["cli"]), statistics.median(found["page"])
        lines.append(
            f"| build via the page ≤ `grantsheet build` + 0.3 s | {case} | page {page:.2f} s, CLI {cli:.2f} s "
            f"(median of {len(found['cli'])}), difference {page - cli:+.2f} s | {'met' if page - cli <= 0.3 else 'NOT met'} |"
        )
    national = results[f"n{NATIONAL}"]
    worst = max(national["gaps"])
    lines.append(
        f"| national build: new progress at least every second | n{NATIONAL} | longest wait for new progress "
        f"{worst:.2f} s (worst of {len(national['gaps'])} builds, polled every {POLL_SECONDS * 1000:.0f} ms) | "
        f"{'met' if worst <= 1 else 'NOT met'} |"
    )
    lines += [
        "",
        "- The page's build runs in the server's process: no interpreter start-up and no imports, which a "
        "`grantsheet build` pays; the page's own costs are the polling and the result page's summary.",
        "- Progress has six phases, each counted in steps of real work: the input files read and checked; the "
        "previous outputs read back (one step per file as a worker finishes it, and the previous master once more "
        "for what changed, read meanwhile in the server's process); the files written (one step per file as a "
        "worker finishes it, from a count the workers share, the master among them); the new set checked and put "
        "in place; the PDFs printed (with PDFs); each file hashed into the build journal.",
        "- Before (2026-12-01, load average 10.46): longest wait 3.19 s. Then the workers' files were counted a "
        "chunk at a time (18-34 files), and reading the inputs, reading the previous master for what changed and "
        "putting the new set in place had no count of their own. The tree before the change (`66f52f7`, "
        "`--quick`: 2 builds) run on 2026-12-02 at a load average of 1.0-2.1: longest wait 1.58 s, the page's "
        "national build +1.57 s over the CLI's.",
        "- The page's national build was +0.72 s over the CLI's (median of 7 pairs, 2026-12-02 16:36) until t"
        "he server paused its cyclic garbage collector while a build runs (`web/jobs.py`, `collector.collector_paused`): the "
        "server's long-lived objects (the web stack, earlier summaries) made each full collection walk more t"
        "han a `grantsheet build` process ever holds; py-spy showed the same code holding the GIL longer in t"
        "he server (writing the master, reading the inputs). With the collector paused: the figure above. The"
        " cycles left meanwhile cost 4 MiB at the peak of a national build (86 against 82 MiB, in one process"
        "). The benchmark polls at the page's own 200 ms; at 50 ms its own requests added about 0.4 s.",
        "",
    ]
    return "\n".join(lines)


def write_section(section: str, heading: str = HEADING) -> None:
    """Replace the section under ``heading`` of BENCHMARKS.md (or append it), leaving the rest as it is."""
    text = BENCHMARKS.read_text(encoding="utf-8") if BENCHMARKS.is_file() else ""
    before, found, after = text.partition(heading)
    if found:
        rest = after.split("\n## ", 1)
        after = "\n## " + rest[1] if len(rest) > 1 else ""
    BENCHMARKS.write_text(before.rstrip("\n") + "\n\n" + section + after, encoding="utf-8")


if __name__ == "__main__":
    main()
