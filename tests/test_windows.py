"""The officer's Windows desktop, tested here behind the platform switches: where LibreOffice
is looked for, how an engine's process tree is ended, a console in cp1252, error 5 for a file
Excel holds open, Excel's lock files beside an output, OneDrive's reparse points, and paths
too long for Excel."""

from __future__ import annotations

import errno
import io
import os
import shutil
import stat
import subprocess
import sys
from pathlib import Path
from types import SimpleNamespace

import pytest

from grantsheet import api, faults, recalc, swap
from grantsheet.cli import tolerant_output
from grantsheet.errors import InputError

EXAMPLE = "vasterbotten-2022"


# -- LibreOffice where its Windows installer puts it ------------------------------------------


def test_libreoffice_is_found_in_program_files_when_not_on_path(monkeypatch, tmp_path):
    monkeypatch.setattr(recalc.shutil, "which", lambda name: None)
    program_files = tmp_path / "Program Files"
    environ = {"ProgramFiles": str(program_files), "ProgramFiles(x86)": str(tmp_path / "Program Files (x86)")}
    assert recalc.find_soffice(environ, windows=True) is None
    places = recalc.soffice_places(environ, windows=True)
    assert places[0] == "PATH" and "App Paths" in places[1]
    assert str(program_files / "LibreOffice" / "program" / "soffice.exe") in places
    soffice = program_files / "LibreOffice" / "program" / "soffice.exe"
    soffice.parent.mkdir(parents=True)
    soffice.write_bytes(b"")
    assert recalc.find_soffice(environ, windows=True) == str(soffice)


def test_a_missing_libreoffice_is_named_with_where_it_was_looked_for(monkeypatch, tmp_path):
    monkeypatch.setattr(recalc.shutil, "which", lambda name: None)
    monkeypatch.setattr(recalc, "WINDOWS", True)
    monkeypatch.setenv("ProgramFiles", str(tmp_path / "Program Files"))
    api.init_workspace(tmp_path, EXAMPLE)
    with pytest.raises(InputError) as raised:
        api.build(tmp_path / "inputs", tmp_path / "outputs", pdf=True)
    [found] = raised.value.problems
    text = found.render("en")
    assert found.kind == "pdf_no_libreoffice"
    assert str(tmp_path / "Program Files" / "LibreOffice" / "program" / "soffice.exe") in text
    assert "libreoffice.org" in text


# -- ending an engine's process tree -------------------------------------------------------------


def test_the_process_tree_is_ended_by_taskkill_on_windows(monkeypatch):
    """Windows has neither os.killpg nor signal.SIGKILL: a timeout or Ctrl+C ended in
    AttributeError and left soffice running."""
    process = subprocess.Popen([sys.executable, "-c", "import time; time.sleep(60)"], stdout=subprocess.PIPE)
    calls = []
    monkeypatch.setattr(recalc, "WINDOWS", True)
    monkeypatch.setattr(recalc.subprocess, "run", lambda command, **kwargs: calls.append(command))
    monkeypatch.setattr(recalc, "signal", SimpleNamespace())  # Windows' signal module: no SIGKILL
    monkeypatch.delattr(recalc.os, "killpg", raising=False)
    recalc._kill_tree(process)
    assert calls == [["taskkill", "/T", "/F", "/PID", str(process.pid)]]
    assert process.returncode is not None  # killed as well, should taskkill not have ended it


# -- a console or redirected output in cp1252 ----------------------------------------------------


def test_a_cp1252_stream_replaces_what_it_cannot_encode():
    stream = io.TextIOWrapper(io.BytesIO(), encoding="cp1252")
    tolerant_output([stream])
    stream.write("Hälsocentral → 1 000 kr\n")
    stream.flush()
    assert stream.buffer.getvalue() == "Hälsocentral ? 1 000 kr\n".encode("cp1252")


def test_the_command_line_on_a_cp1252_output_does_not_die(tmp_path):
    """A scheduled task's redirected output is in the ANSI code page: a file name (or a centre's
    name) outside it ended the run in UnicodeEncodeError."""
    odd = tmp_path / "återbud→2023.xlsx"
    odd.write_bytes(b"not a workbook")
    environment = dict(os.environ, PYTHONIOENCODING="cp1252:strict", GRANTSHEET_LANG="en")
    result = subprocess.run(
        [sys.executable, "-c", "from grantsheet.cli import run; run()", "verify", "--no-recalc", str(odd)],
        capture_output=True,
        env=environment,
        check=False,
    )
    output = (result.stdout + result.stderr).decode("cp1252")
    assert "UnicodeEncodeError" not in output
    assert "återbud?2023.xlsx" in output


# -- a file Excel holds open -----------------------------------------------------------------------


def _windows_error(code: int, path: Path) -> OSError:
    error = OSError(errno.EACCES, "Access is denied", str(path))
    error.winerror = code  # type: ignore[attr-defined]  # set by Windows on its OSErrors
    return error


def test_error_5_on_a_file_that_exists_is_the_file_in_use(tmp_path):
    master = tmp_path / "grantsheet-2022.xlsx"
    master.write_bytes(b"x")
    assert faults.os_problem(_windows_error(5, master), tmp_path).kind == "file_in_use"
    assert faults.os_problem(_windows_error(32, master), tmp_path).kind == "file_in_use"


def test_error_5_on_a_file_not_there_is_not_the_file_in_use(tmp_path):
    assert faults.os_problem(_windows_error(5, tmp_path / "ny.xlsx"), tmp_path).kind == "folder_not_writable"


@pytest.fixture(scope="module")
def built(tmp_path_factory):
    folder = tmp_path_factory.mktemp("windows")
    api.init_workspace(folder, EXAMPLE)
    return folder, api.build(folder / "inputs", folder / "outputs")


def test_collect_refuses_an_output_open_in_excel(built, tmp_path):
    _, result = built
    output = tmp_path / "sammanstallning.xlsx"
    output.write_bytes(b"the summary as Excel has it open")
    (tmp_path / "~$sammanstallning.xlsx").write_bytes(b"")
    with pytest.raises(InputError) as raised:
        api.collect([result.centre_files[0]], result.master, output)
    [found] = raised.value.problems
    assert (found.kind, found.location.file) == ("output_file_open", str(output))
    assert "~$sammanstallning.xlsx" in found.render("en")
    assert output.read_bytes() == b"the summary as Excel has it open"


def test_export_refuses_an_output_open_in_excel_and_writes_none(built, tmp_path):
    folder, _ = built
    csv, json = tmp_path / "utbetalningar.csv", tmp_path / "utbetalningar.json"
    (tmp_path / "~$utbetalningar.csv").write_bytes(b"")
    with pytest.raises(InputError) as raised:
        api.export(folder / "inputs", folder / "outputs", csv=csv, json=json)
    assert [p.kind for p in raised.value.problems] == ["output_file_open"]
    assert not csv.exists() and not json.exists()


# -- OneDrive ------------------------------------------------------------------------------------


@pytest.mark.parametrize(
    ("attributes", "tag", "link"),
    [
        (stat.FILE_ATTRIBUTE_REPARSE_POINT, 0x9000701A, False),  # a OneDrive folder (cloud files)
        (stat.FILE_ATTRIBUTE_REPARSE_POINT, 0x9000001A, False),  # a file not yet downloaded
        (stat.FILE_ATTRIBUTE_REPARSE_POINT, 0xA0000003, True),  # a junction
        (stat.FILE_ATTRIBUTE_REPARSE_POINT, 0xA000000C, True),  # a symbolic link
        (0, 0, False),  # a folder
    ],
)
def test_a_onedrive_folder_is_told_from_a_link(monkeypatch, tmp_path, attributes, tag, link):
    found = SimpleNamespace(st_mode=stat.S_IFDIR | 0o755, st_file_attributes=attributes, st_reparse_tag=tag)
    monkeypatch.setattr(swap.os, "lstat", lambda path: found)
    assert swap._is_link(tmp_path) is link


# -- paths too long for Excel ------------------------------------------------------------------------


def test_a_path_too_long_for_excel_names_the_folder_to_shorten(tmp_path):
    outputs = tmp_path / ("d" * (230 - len(str(tmp_path))))
    written = [Path("2022", "arkiv", "000", "mottagare", "SE2321000222-HC0001 Ålidhems hälsocentral.xlsx")]
    faults.refuse_long_paths(outputs, written, windows=False)  # no limit of Excel's to keep
    with pytest.raises(InputError) as raised:
        faults.refuse_long_paths(outputs, written, windows=True)
    [found] = raised.value.problems
    longest = str(outputs / written[0])
    assert dict(found.params) == {
        "path": longest,
        "length": len(longest),
        "limit": 218,
        "folder": str(outputs),
        "over": len(longest) - 218,
    }
    faults.refuse_long_paths(tmp_path, written, windows=True)


def test_a_build_whose_files_excel_could_not_open_writes_nothing(monkeypatch, tmp_path):
    monkeypatch.setattr(faults, "WINDOWS", True)
    api.init_workspace(tmp_path, EXAMPLE)
    outputs = tmp_path / ("utdata-" + "x" * (150 - len(str(tmp_path))))
    with pytest.raises(InputError) as raised:
        api.build(tmp_path / "inputs", outputs)
    assert [p.kind for p in raised.value.problems] == ["path_too_long_for_excel"]
    assert dict(raised.value.problems[0].params)["folder"] == str(outputs)
    assert not outputs.exists() or not any(outputs.rglob("*.xlsx"))
    shutil.rmtree(outputs, ignore_errors=True)
