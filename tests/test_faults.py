"""Operating-system faults end in a located message, the staging folder is cleaned up and the
previous outputs stay as they were (#11.7).

The tests run as root, where ``chmod`` does not stop a write: a read-only folder and a full disk
are made real with a private mount namespace (``unshare -m``, a small or read-only tmpfs), and
also injected (an ``OSError`` raised where the build writes), which works for any user.
"""

from __future__ import annotations

import errno
import json
import os
import shutil
import subprocess
import sys
from pathlib import Path

import pytest
import tiers
from cycle_helpers import CENTRES, REPO, make_inputs

from grantsheet import api, cycle
from grantsheet.errors import InputError
from grantsheet.journal import JOURNAL_NAME


def snapshot(folder: Path) -> dict[str, bytes]:
    """Every visible file under ``folder`` (hidden ones: the lock, staging), but the build
    journal, which says when each build ran (never the same bytes twice; tests/test_audit.py)."""
    return {
        str(p.relative_to(folder)): p.read_bytes()
        for p in sorted(folder.rglob("*"))
        if p.is_file()
        and not any(part.startswith(".") for part in p.relative_to(folder).parts)
        and p.name != JOURNAL_NAME
    }


def built_twice_ready(tmp_path: Path) -> tuple[Path, Path, dict[str, bytes]]:
    """A workspace built once, with inputs changed so that the next build replaces every file."""
    inputs, outputs = make_inputs(tmp_path / "inputs"), tmp_path / "outputs"
    api.build(inputs, outputs)
    make_inputs(inputs, [(n, i, c + 100) for n, i, c in CENTRES])
    return inputs, outputs, snapshot(outputs)


@pytest.mark.parametrize("code", [errno.ENOSPC, errno.EACCES, errno.EROFS])
def test_an_injected_os_error_while_writing_is_a_message(tmp_path: Path, monkeypatch, code: int):
    inputs, outputs, before = built_twice_ready(tmp_path)

    def failing(path, *args, **kwargs):
        raise OSError(code, os.strerror(code), str(path))

    monkeypatch.setattr(cycle, "write_master", failing)
    with pytest.raises(InputError) as raised:
        api.build(inputs, outputs)
    (found,) = raised.value.problems
    expected = {errno.ENOSPC: "disk_full", errno.EACCES: "folder_not_writable", errno.EROFS: "folder_not_writable"}
    assert found.kind == expected[code]
    assert found.location.file.endswith("grantsheet-2022.xlsx")
    if code == errno.ENOSPC:
        assert "MB" in found.render("en") and "free at least" in found.render("en")
    assert not (outputs / "2022" / cycle.STAGING).exists()
    assert snapshot(outputs) == before


NAMESPACE_RUN = """
set -e
mount -t tmpfs -o size={size} none "$OUT"
cp -a "$PREVIOUS/." "$OUT/"
{after_copy}
set +e
"$PY" -c 'from grantsheet.cli import run; run()' build --inputs "$INPUTS" --outputs "$OUT" > "$LOG.out" 2> "$LOG.err"
echo $? > "$LOG.rc"
"$PY" -c 'import json, sys, pathlib; root = pathlib.Path(sys.argv[1]); print(json.dumps(sorted(
    [str(p.relative_to(root)), p.read_bytes().hex()] for p in root.rglob("*") if p.is_file())))' "$OUT" > "$LOG.files"
"""


def run_in_mount_namespace(tmp_path: Path, inputs: Path, outputs: Path, size: str, after_copy: str = ""):
    """Build with ``outputs`` copied onto a tmpfs of ``size`` in a private mount namespace."""
    if shutil.which("unshare") is None or os.geteuid() != 0:
        if os.environ.get("CI"):
            pytest.fail("unshare (util-linux) as root is needed for the real full-disk and read-only tests")
        pytest.skip("needs root and unshare for a private mount namespace")
    mount_point, log = tmp_path / "mnt", tmp_path / "log"
    mount_point.mkdir()
    env = {
        **os.environ,
        "PYTHONPATH": str(REPO),
        "OUT": str(mount_point),
        "PREVIOUS": str(outputs),
        "INPUTS": str(inputs),
        "PY": sys.executable,
        "LOG": str(log),
    }
    script = NAMESPACE_RUN.format(size=size, after_copy=after_copy)
    subprocess.run(["unshare", "-m", "--propagation", "private", "sh", "-c", script], env=env, check=True)
    files = {
        name: bytes.fromhex(data)
        for name, data in json.loads(Path(f"{log}.files").read_text())
        if not any(part.startswith(".") for part in Path(name).parts) and Path(name).name != JOURNAL_NAME
    }
    return int(Path(f"{log}.rc").read_text()), Path(f"{log}.err").read_text(), files


def test_a_really_full_disk_is_a_message_and_the_previous_outputs_stay(tmp_path: Path):
    inputs, outputs, before = built_twice_ready(tmp_path)
    used = sum(len(data) for data in before.values())
    # Room for the previous files (tmpfs keeps each in whole 4 KiB pages) and half a set more,
    # not for a second set beside them.
    pages = sum(-(-len(data) // 4096) * 4 for data in before.values())
    size = f"{pages + used // 2048}k"
    code, err, files = run_in_mount_namespace(tmp_path, inputs, outputs, size)
    assert code == 1, err
    assert "Traceback" not in err
    assert "Utdatafilerna har 1 problem" in err and "Disken är full" in err and "MB" in err
    assert files == before


def test_a_really_read_only_outputs_folder_is_a_message_and_the_previous_outputs_stay(tmp_path: Path):
    inputs, outputs, before = built_twice_ready(tmp_path)
    code, err, files = run_in_mount_namespace(tmp_path, inputs, outputs, "64m", 'mount -o remount,ro "$OUT"')
    assert code == 1, err
    assert "Traceback" not in err
    assert "Det går inte att skriva här" in err
    assert files == before


def test_an_os_error_in_any_command_is_a_message_not_a_traceback(tmp_path: Path, monkeypatch):
    from click.testing import CliRunner

    from grantsheet.cli import main

    def full(*args, **kwargs):
        raise OSError(errno.ENOSPC, os.strerror(errno.ENOSPC), str(tmp_path / "inputs" / "grant.toml"))

    monkeypatch.setattr(api, "check", full)
    result = CliRunner().invoke(main, ["check", "--inputs", str(tmp_path / "inputs"), "--lang", "en"])
    assert result.exit_code == 1
    assert result.exception is None or isinstance(result.exception, SystemExit)
    assert "The disk is full" in result.output and "grant.toml" in result.output


def test_a_file_held_open_on_windows_has_its_own_message(tmp_path: Path):
    from grantsheet.faults import os_problem

    error = PermissionError(errno.EACCES, "The process cannot access the file", str(tmp_path / "a.xlsx"))
    error.winerror = 32  # ERROR_SHARING_VIOLATION, as Windows reports a file Excel holds open
    found = os_problem(error, tmp_path)
    assert found.kind == "file_in_use" and "close the file" in found.render("en")


def test_a_full_disk_while_the_workers_write_prints_the_message_only(tmp_path: Path):
    """The disk fills while the centres' files are written on every core: each writer's zip
    file, left open, printed "Exception ignored in: ZipFile.__del__" with a traceback before
    the located message, 1 to 6 times (#26.13)."""
    many = [(f"Centre {n:02d} hälsocentral", f"HC{n:02d}", 100 + n) for n in range(40)]
    homes = [(f"Hem {n}", name, 10) for n, (name, _, _) in enumerate(many)]
    inputs, outputs = make_inputs(tmp_path / "inputs", many, homes), tmp_path / "outputs"
    api.build(inputs, outputs)
    make_inputs(inputs, [(n, i, c + 100) for n, i, c in many], homes)
    before = snapshot(outputs)
    used = sum(len(data) for data in before.values())
    pages = sum(-(-len(data) // 4096) * 4 for data in before.values())
    for share in tiers.cases((0.4, 0.5, 0.6)):  # the disk fills at another file each time
        run = tmp_path / f"at-{share}"
        run.mkdir()
        code, err, files = run_in_mount_namespace(run, inputs, outputs, f"{pages + int(used * share) // 1024}k")
        assert code == 1 and "Disken är full" in err
        assert "Exception ignored" not in err and "Traceback" not in err, err
        assert files == before
