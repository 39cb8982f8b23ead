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
from test_faults import built_twice_ready, snapshot

from grantsheet import api, journal, swap
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


@pytest.mark.slow  # a build process killed at each of its steps: dozens of whole processes
def test_a_kill_at_every_step_of_the_swap_leaves_one_complete_set(tmp_path: Path):
    inputs, base = make_inputs(tmp_path / "inputs"), tmp_path / "base"
    api.build(inputs, base)
    old = snapshot(base)
    old_journal = journal_bytes(base)
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
        assert_recorded(work, old_journal, found == old)
        report = api.build(inputs, work).changes
        # The report compares with the last complete set: the previous one after a rollback.
        assert report.count("changed") == (len(CENTRES) if found == old else 0)
        if found == old:
            assert snapshot(work) == new  # the rolled-back build, done again, is the build
    # Journal, an archive link per previous file, a rename per new file, the build journal's
    # entry appended, the swap journal's removal.
    files = len(CENTRES) + 2  # the master, one per centre, the recorded base (grantsheet.base)
    assert len(outcomes) == 2 + 2 * files + 1 + 1
    assert outcomes == ["old"] * (len(outcomes) - 1) + ["new"]


def journal_bytes(outputs: Path) -> bytes:
    return (outputs / "2022" / journal.JOURNAL_NAME).read_bytes()


def assert_recorded(outputs: Path, old_journal: bytes, is_old: bool) -> None:
    """The build journal goes with the set (#26.1): the previous journal byte for byte with the
    previous set, one entry more, for the very master in place, with the new one."""
    entries = journal.read(outputs / "2022" / journal.JOURNAL_NAME)
    assert all(entry.chained for entry in entries)
    if is_old:
        assert journal_bytes(outputs) == old_journal
    else:
        assert journal_bytes(outputs).startswith(old_journal)
        assert len(entries) == old_journal.count(b"\n") + 1
        master = entries[-1].master
        assert master is not None and master.sha256 == journal.sha256_of(outputs / "2022" / master.file)
        for output in entries[-1].outputs:
            assert journal.sha256_of(outputs / "2022" / output.file) == output.sha256


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


@pytest.mark.parametrize(
    "obstacle",
    [
        "file",
        pytest.param(
            "link",
            marks=pytest.mark.skipif(os.name == "nt", reason="a symbolic link needs a privilege on Windows"),
        ),
    ],
)
def test_a_centres_folder_in_the_way_is_found_before_anything_is_replaced(tmp_path: Path, obstacle: str):
    """A file (or a link out of the outputs) where the centres' folder belongs used to replace the
    master and then crash; now it is named and nothing is replaced."""
    inputs, outputs = make_inputs(tmp_path / "inputs"), tmp_path / "outputs"
    api.build(inputs, outputs)
    centres = outputs / "2022" / "mottagare"
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
    centres = outputs / "2022" / "mottagare"
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


def test_a_full_disk_while_the_entry_is_appended_leaves_the_previous_set_and_a_whole_journal(
    tmp_path: Path, monkeypatch
):
    """The disk fills while the build's journal line is written: the message says nothing was
    replaced, and so it is: the previous set, the journal without a cut line (#26.2). Before,
    the new set stayed in place and the next entry was appended onto the cut line."""
    inputs, outputs, before = built_twice_ready(tmp_path)
    old_journal = journal_bytes(outputs)
    real_fsync = os.fsync

    def full_at_the_journal(descriptor: int) -> None:
        if os.readlink(f"/proc/self/fd/{descriptor}").endswith(journal.JOURNAL_NAME):
            written = os.fstat(descriptor).st_size - len(old_journal)
            os.ftruncate(descriptor, len(old_journal) + written // 2)  # the disk took half the line
            raise OSError(28, os.strerror(28), str(outputs / "2022" / journal.JOURNAL_NAME))
        real_fsync(descriptor)

    monkeypatch.setattr(os, "fsync", full_at_the_journal)
    with pytest.raises(InputError) as raised:
        api.build(inputs, outputs)
    monkeypatch.undo()
    assert [p.kind for p in raised.value.problems] == ["disk_full"]
    assert snapshot(outputs) == before
    assert journal_bytes(outputs) == old_journal
    api.build(inputs, outputs)
    entries = api.history(outputs)
    assert [e.number for e in entries] == [1, 2] and all(e.chained for e in entries)


def test_a_zip_of_several_workbooks_in_the_outputs_is_archived_once(tmp_path: Path):
    """The page's "download all" saved into outputs/<year>/ holds every centre's file: the swap
    retired the zip once per workbook in it, and the second move found it gone (#26.3)."""
    import zipfile

    inputs, outputs = make_inputs(tmp_path / "inputs"), tmp_path / "outputs"
    api.build(inputs, outputs)
    year = outputs / "2022"
    centres = sorted((year / "mottagare").glob("*.xlsx"))
    with zipfile.ZipFile(year / "alla.zip", "w") as bundle:
        for path in centres:
            bundle.write(path, f"mottagare/{path.name}")
    zipped = (year / "alla.zip").read_bytes()
    make_inputs(inputs, [(n, i, c + 100) for n, i, c in CENTRES])
    result = api.build(inputs, outputs)
    assert result.changes.count("changed") == len(CENTRES)
    assert not (year / "alla.zip").exists()
    assert (result.cycle.archive / "alla.zip").read_bytes() == zipped


@pytest.mark.parametrize(
    "lock, file",
    [("~$endeplatser.xlsx", "boendeplatser.xlsx"), (".~lock.listade-80plus.xlsx#", "listade-80plus.xlsx")],
)
def test_an_input_open_in_excel_or_libreoffice_stops_the_build(tmp_path: Path, lock: str, file: str):
    """Its unsaved edits would be left out without a word; the build went ahead before (#26.10).
    Excel's lock for a longer name replaces its first two characters by ~$."""
    inputs, outputs, before = built_twice_ready(tmp_path)
    (inputs / lock).write_bytes(b"owner")
    with pytest.raises(InputError) as raised:
        api.build(inputs, outputs)
    (found,) = raised.value.problems
    assert (found.kind, found.location.file) == ("input_file_open", file)
    assert lock in found.render("en") and "save and close" in found.render("en")
    assert snapshot(outputs) == before
    (inputs / lock).unlink()
    assert api.build(inputs, outputs).changes.count("changed") == len(CENTRES)
