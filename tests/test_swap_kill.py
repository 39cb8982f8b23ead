"""A build killed at every step of the swap leaves the previous set or the new one, never a mix,
and the next build's change report compares with the last complete set (#16.2)."""

from __future__ import annotations

import os
import shutil
import subprocess
import sys
from pathlib import Path

import pytest
from cycle_helpers import CENTRES, REPO, make_inputs
from test_faults import snapshot

from grantsheet import api, swap
from grantsheet.errors import InputError

KILLED = 137
KILLER = f"""
import os, sys
from pathlib import Path
from grantsheet import api, swap

def hook(step):
    if step == int(sys.argv[3]):
        os._exit({KILLED})

swap.step_hook = hook
api.build(Path(sys.argv[1]), Path(sys.argv[2]))
"""


def test_a_kill_at_every_step_of_the_swap_leaves_one_complete_set(tmp_path: Path):
    inputs, base = make_inputs(tmp_path / "inputs"), tmp_path / "base"
    api.build(inputs, base)
    old = snapshot(base)
    make_inputs(inputs, [(n, i, c + 100) for n, i, c in CENTRES])  # every payout moves
    reference = tmp_path / "reference"
    shutil.copytree(base, reference)
    api.build(inputs, reference)
    new = snapshot(reference)
    assert old != new

    outcomes = []
    for step in range(1, 100):
        work = tmp_path / f"killed-at-{step}"
        shutil.copytree(base, work)
        run = subprocess.run(
            [sys.executable, "-c", KILLER, str(inputs), str(work), str(step)],
            capture_output=True,
            text=True,
            env={**os.environ, "PYTHONPATH": str(REPO)},
        )
        if run.returncode == 0:
            break  # past the last step: the build completed
        assert run.returncode == KILLED, run.stderr
        # Whoever takes the workspace next (a build, collect, the page) finds a complete set.
        with api.workspace_lock(work):
            pass
        assert not (work / "2022" / swap.JOURNAL).exists()
        assert not (work / "2022" / swap.STAGING).exists()
        found = snapshot(work)
        assert found in (old, new), f"a mixed set after a kill at step {step}"
        outcomes.append("old" if found == old else "new")
        report = api.build(inputs, work).changes
        # The report compares with the last complete set: the previous one after a rollback.
        assert report.count("changed") == (len(CENTRES) if found == old else 0)
        if found == old:
            assert snapshot(work) == new  # the rolled-back build, done again, is the build
    # Journal, an archive link per previous file, a rename per new file, the journal's removal.
    files = len(CENTRES) + 2  # the master, one per centre, the recorded base (grantsheet.base)
    assert len(outcomes) == 2 + 2 * files + 1
    assert outcomes == ["old"] * (len(outcomes) - 1) + ["new"]


def test_an_error_half_way_through_the_swap_puts_the_previous_set_back(tmp_path: Path, monkeypatch):
    inputs, outputs = make_inputs(tmp_path / "inputs"), tmp_path / "outputs"
    api.build(inputs, outputs)
    old = snapshot(outputs)
    make_inputs(inputs, [(n, i, c + 100) for n, i, c in CENTRES])
    replace = os.replace
    calls = []

    def held_open(source, target):
        calls.append(target)
        if len(calls) == 4 and swap.STAGING in str(source):  # a centre file held open (Windows)
            raise PermissionError(13, "The process cannot access the file", str(target))
        replace(source, target)

    monkeypatch.setattr(swap.os, "replace", held_open)
    with pytest.raises(InputError) as raised:
        api.build(inputs, outputs)
    monkeypatch.undo()
    assert raised.value.problems[0].kind == "folder_not_writable"
    assert snapshot(outputs) == old
    assert not (outputs / "2022" / swap.JOURNAL).exists()
    assert api.build(inputs, outputs).changes.count("changed") == len(CENTRES)


@pytest.mark.parametrize("obstacle", ["file", "link"])
def test_a_centres_folder_in_the_way_is_found_before_anything_is_replaced(tmp_path: Path, obstacle: str):
    """A file (or a link out of the outputs) where the centres' folder belongs used to replace the
    master and then crash; now it is named and nothing is replaced."""
    inputs, outputs = make_inputs(tmp_path / "inputs"), tmp_path / "outputs"
    api.build(inputs, outputs)
    centres = outputs / "2022" / "hälsocentraler"
    shutil.rmtree(centres)
    if obstacle == "file":
        centres.write_text("not a folder")
    else:
        outside = tmp_path / "elsewhere"
        outside.mkdir()
        centres.symlink_to(outside, target_is_directory=True)
    before = snapshot(outputs)
    with pytest.raises(InputError) as raised:
        api.build(inputs, outputs)
    kinds = {p.kind for p in raised.value.problems}
    assert kinds == {"output_in_the_way" if obstacle == "file" else "output_link"}
    assert str(centres) in raised.value.render("en")
    assert snapshot(outputs) == before
    if obstacle == "link":
        assert list((tmp_path / "elsewhere").iterdir()) == []


def test_a_centres_folder_that_cannot_be_written_is_found_before_the_master_is_replaced(tmp_path: Path, monkeypatch):
    """As root, chmod does not stop a write: the probe the swap makes is refused instead, as the
    system refuses it for an ordinary user in a read-only folder."""
    inputs, outputs = make_inputs(tmp_path / "inputs"), tmp_path / "outputs"
    api.build(inputs, outputs)
    make_inputs(inputs, [(n, i, c + 100) for n, i, c in CENTRES])
    before = snapshot(outputs)
    centres = outputs / "2022" / "hälsocentraler"
    real = swap.tempfile.mkstemp

    def read_only(*args, dir=None, **kwargs):
        if dir is not None and Path(dir) == centres:
            raise PermissionError(13, "Permission denied", str(centres / ".grantsheet-probe"))
        return real(*args, dir=dir, **kwargs)

    monkeypatch.setattr(swap.tempfile, "mkstemp", read_only)
    with pytest.raises(InputError) as raised:
        api.build(inputs, outputs)
    (found,) = raised.value.problems
    assert found.kind == "folder_not_writable" and str(centres) in found.render("en")
    assert snapshot(outputs) == before  # the master too
