"""No reader reads a half-swapped set (#26.4): a build killed between two steps of its swap
leaves old and new files side by side until someone rolls it back; the page, ``export``,
``verify`` and ``collect`` each roll it back (or wait for a running swap) before they read."""

from __future__ import annotations

import io
import os
import shutil
import subprocess
import sys
import zipfile
from pathlib import Path

import pytest
from cycle_helpers import CENTRES, REPO, make_inputs
from test_faults import snapshot
from test_swap_kill import KILLED, KILLER

from grantsheet import api, lock, swap
from grantsheet.errors import InputError

YEAR = "2022"


@pytest.fixture(scope="module")
def half(tmp_path_factory) -> tuple[Path, Path, dict[str, bytes]]:
    """(inputs, outputs killed with the master and one centre's file new, the rest old, the
    previous set)."""
    tmp_path = tmp_path_factory.mktemp("half")
    inputs, outputs = make_inputs(tmp_path / "inputs"), tmp_path / "outputs"
    api.build(inputs, outputs)
    old = snapshot(outputs)
    make_inputs(inputs, [(n, i, c + 100) for n, i, c in CENTRES])
    files = len(CENTRES) + 2
    # The swap journal, a link per previous file, then the master's and one centre's renames.
    step = 2 + files + 2
    run = subprocess.run(
        [sys.executable, "-c", KILLER, str(inputs), str(outputs), str(step)],
        capture_output=True,
        text=True,
        env={**os.environ, "PYTHONPATH": str(REPO)},
    )
    assert run.returncode == KILLED, run.stderr
    mixed = snapshot(outputs)
    changed = {name for name in old if mixed.get(name) != old[name]}
    assert f"{YEAR}/grantsheet-{YEAR}.xlsx" in changed and 1 < len(changed) < len(old) - 1
    return inputs, outputs, old


def copy_of(half, tmp_path: Path) -> tuple[Path, Path, dict[str, bytes]]:
    inputs, outputs, old = half
    shutil.copytree(outputs, tmp_path / "outputs")
    return inputs, tmp_path / "outputs", old


def assert_rolled_back(outputs: Path, old: dict[str, bytes]) -> None:
    assert not (outputs / YEAR / swap.JOURNAL).exists()
    assert snapshot(outputs) == old


def test_export_reads_the_previous_set_not_the_half_one(half, tmp_path: Path):
    """Before, export wrote the new master's payouts from a set half of whose letters were old."""
    inputs, outputs, old = copy_of(half, tmp_path)
    with pytest.raises(InputError) as raised:
        api.export(inputs, outputs, csv=tmp_path / "payouts.csv")
    assert [p.kind for p in raised.value.problems] == ["export_build_differs"]  # the new inputs, the old build
    assert not (tmp_path / "payouts.csv").exists()
    assert_rolled_back(outputs, old)


def test_verify_reads_the_previous_set(half, tmp_path: Path):
    _, outputs, old = copy_of(half, tmp_path)
    (report,) = api.verify([outputs / YEAR / f"grantsheet-{YEAR}.xlsx"], recalc=False)
    assert report.ok
    assert_rolled_back(outputs, old)


def test_the_page_shows_and_zips_the_previous_set(half, tmp_path: Path):
    from test_web import client_for

    inputs, outputs, old = copy_of(half, tmp_path)
    client = client_for(inputs, outputs)
    assert client.get("/results").status_code == 200
    assert_rolled_back(outputs, old)
    with zipfile.ZipFile(io.BytesIO(client.get("/zip").content)) as bundle:
        zipped = {info.filename.rsplit("/", 1)[-1]: bundle.read(info) for info in bundle.infolist()}
    letters = {name.rsplit("/", 1)[-1]: data for name, data in old.items() if "/mottagare/" in name}
    assert zipped == letters


def test_collect_reads_the_previous_set(half, tmp_path: Path):
    _, outputs, old = copy_of(half, tmp_path)
    returns = tmp_path / "returns"
    returns.mkdir()
    api.collect([returns], outputs / YEAR / f"grantsheet-{YEAR}.xlsx", tmp_path / "summary.xlsx")
    assert_rolled_back(outputs, old)


def test_a_half_set_that_cannot_be_rolled_back_is_not_read(half, tmp_path: Path, monkeypatch):
    """A read-only share (simulated: root writes anyway) cannot take the lock or undo the swap:
    the reader says so instead of reading old and new files mixed."""
    _, outputs, _ = copy_of(half, tmp_path)

    def read_only(*args, **kwargs):
        raise PermissionError(13, "Read-only file system", str(outputs / lock.SWAP_LOCK_NAME))

    monkeypatch.setattr(lock, "swap_lock", read_only)
    with pytest.raises(InputError) as raised:
        api.verify([outputs / YEAR / f"grantsheet-{YEAR}.xlsx"], recalc=False)
    assert [p.kind for p in raised.value.problems] == ["outputs_half_swapped"]
    assert (outputs / YEAR / swap.JOURNAL).exists()
