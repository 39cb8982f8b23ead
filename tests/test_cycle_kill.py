"""A build killed half-way (SIGKILL, no clean-up) leaves the previous outputs intact."""

from __future__ import annotations

import os
import shutil
import signal
import subprocess
import sys
from pathlib import Path

import pytest
from cycle_helpers import CENTRES, make_inputs

from grantsheet import api
from grantsheet.journal import JOURNAL_NAME

KILLER = """
import os, signal, sys
from pathlib import Path
from grantsheet import api

def progress(done, total):
    if done == 3:  # the master and two centre files written, the rest not
        os.kill(os.getpid(), signal.SIGKILL)

api.build(Path(sys.argv[1]), Path(sys.argv[2]), progress=progress)
"""


def _snapshot(folder: Path) -> dict[str, bytes]:
    return {str(p.relative_to(folder)): p.read_bytes() for p in sorted(folder.rglob("*")) if p.is_file()}


@pytest.mark.skipif(os.name == "nt", reason="kills the build with SIGKILL, which Windows does not have")
def test_kill_during_write_leaves_previous_outputs_intact(tmp_path: Path):
    inputs, outputs = make_inputs(tmp_path / "inputs"), tmp_path / "outputs"
    api.build(inputs, outputs)
    before = _snapshot(outputs)
    make_inputs(inputs, [(n, i, c + 100) for n, i, c in CENTRES])  # the next build differs

    run = subprocess.run(
        [sys.executable, "-c", KILLER, str(inputs), str(outputs)],
        capture_output=True,
        env={**os.environ, "PYTHONPATH": str(Path(__file__).resolve().parent.parent)},
    )
    assert run.returncode == -signal.SIGKILL

    def visible(snapshot: dict[str, bytes]) -> dict[str, bytes]:
        # Hidden: the staging folder, the workspace lock and the killed run's note of who held it.
        return {name: data for name, data in snapshot.items() if not any(p.startswith(".") for p in name.split("/"))}

    after = visible(_snapshot(outputs))
    assert after == visible(before)  # every previous file byte for byte
    assert len(list((outputs / "2022" / ".grantsheet-staging").rglob("*.xlsx"))) == 3  # killed mid-way
    # The next run clears the half-written staging folder and completes.
    result = api.build(inputs, outputs)
    assert not (outputs / "2022" / ".grantsheet-staging").exists()
    assert result.changes.count("changed") == len(CENTRES)
    # Every previous workbook is archived; the journal stays and grows (one entry per build).
    assert _snapshot(outputs / "2022" / "arkiv" / "001") == {
        name.split("/", 1)[1]: data for name, data in visible(before).items() if not name.endswith(JOURNAL_NAME)
    }


EVERY_STEP = """
import os, sys
from pathlib import Path
from grantsheet import api

calls = 0

def tick(phase):
    def step(*_):
        global calls
        calls += 1
        if calls == int(sys.argv[3]):
            sys.stderr.write(phase)
            sys.stderr.flush()
            os._exit(137)
    return step

api.build(Path(sys.argv[1]), Path(sys.argv[2]), progress=tick("writing"), reading=tick("reading"),
          stage=lambda phase, *step: tick(phase)(*step))
"""


@pytest.mark.slow  # a build process killed at each of its steps: dozens of whole processes
def test_a_kill_at_every_step_of_a_build_leaves_one_set_with_its_journal_entry(tmp_path: Path):
    """Every report of progress a build makes (inputs read, previous outputs read, files
    written, the set checked, each file hashed for the journal) is a place to kill it: the
    next run finds the previous set with the previous journal, or the new set with its entry
    (#26.1). Before, a kill while the written files were hashed left the new set unrecorded."""
    from test_faults import snapshot
    from test_swap_kill import assert_recorded, journal_bytes

    inputs, base = make_inputs(tmp_path / "inputs"), tmp_path / "base"
    api.build(inputs, base)
    old, old_journal = snapshot(base), journal_bytes(base)
    make_inputs(inputs, [(n, i, c + 100) for n, i, c in CENTRES])
    reference = tmp_path / "reference"
    shutil.copytree(base, reference)
    api.build(inputs, reference)
    new = snapshot(reference)
    killed_in = []
    for step in range(1, 200):
        work = tmp_path / f"killed-at-{step}"
        shutil.copytree(base, work)
        run = subprocess.run(
            [sys.executable, "-c", EVERY_STEP, str(inputs), str(work), str(step)],
            capture_output=True,
            text=True,
            env={**os.environ, "PYTHONPATH": str(Path(__file__).resolve().parent.parent)},
        )
        if run.returncode == 0:
            break
        assert run.returncode == 137, run.stderr
        killed_in.append(run.stderr)
        with api.workspace_lock(work):
            pass
        found = snapshot(work)
        assert found in (old, new), f"a mixed set after a kill in {run.stderr} (step {step})"
        assert_recorded(work, old_journal, found == old)
        shutil.rmtree(work)
    assert {"inputs", "reading", "writing", "placing", "journal"} <= set(killed_in)


ORPHANS = """
import multiprocessing, os, signal, sys
from pathlib import Path
from grantsheet import api

def progress(done, total):
    if done == 3:  # the workers are writing the centres' files
        Path(sys.argv[3]).write_text(" ".join(str(p.pid) for p in multiprocessing.active_children()))
        os.kill(os.getpid(), signal.SIGKILL)

print("building", flush=True)
api.build(Path(sys.argv[1]), Path(sys.argv[2]), progress=progress)
"""


def _alive(pid: int) -> bool:
    try:
        state = Path(f"/proc/{pid}/status").read_text()
    except OSError:
        return False
    return "\nState:\tZ" not in state  # a zombie has ended; only its parent's reaping is left


def test_the_workers_end_with_a_killed_build_and_let_go_of_its_output(tmp_path: Path):
    """A SIGKILL of the build's main process left its workers alive for minutes, holding its
    standard output: a caller reading it waited for them (#26.13)."""
    import time

    many = [(f"Centre {n:02d} hälsocentral", f"HC{n:02d}", 100 + n) for n in range(40)]
    homes = [(f"Hem {n:02d}", name, 10) for name, _, n in [(c[0], c[1], i) for i, c in enumerate(many)]]
    inputs, outputs = make_inputs(tmp_path / "inputs", many, homes), tmp_path / "outputs"
    pids = tmp_path / "workers"
    run = subprocess.Popen(
        [sys.executable, "-c", ORPHANS, str(inputs), str(outputs), str(pids)],
        stdout=subprocess.PIPE,
        env={**os.environ, "PYTHONPATH": str(Path(__file__).resolve().parent.parent)},
    )
    try:
        output, _ = run.communicate(timeout=30)  # ends when every holder of the pipe has let go of it
    except subprocess.TimeoutExpired:
        run.stdout.close()
        pytest.fail("the killed build's output stayed open: its workers still hold it")
    assert output == b"building\n" and run.returncode == -signal.SIGKILL
    workers = [int(pid) for pid in pids.read_text().split()]
    assert workers
    deadline = time.monotonic() + 5
    while any(_alive(pid) for pid in workers) and time.monotonic() < deadline:
        time.sleep(0.05)
    assert not [pid for pid in workers if _alive(pid)]
