"""The follow-up cycle through a real program: LibreOffice, driven by its own UNO API
(``tests/uno_centre.py``), fills forms, clears a value, unprotects a form and inserts
rows and columns, saves as .xlsx and .ods; then collect and two rebuilds keep every value
(issue 11)."""

from __future__ import annotations

import datetime as dt
import json
import os
import shutil
import socket
import subprocess
from pathlib import Path

import openpyxl
import pytest
from contract_helpers import edit, read
from cycle_helpers import make_inputs

from grantsheet import api
from grantsheet.fileformat import CENTRE_PRESENTATION

SYSTEM_PYTHON = "/usr/bin/python3"  # Debian's python3-uno serves this interpreter only
SCRIPT = Path(__file__).with_name("uno_centre.py")
XLSX, ODS = "Calc MS Excel 2007 XML", "calc8"
SABO = "amount:lakarmedverkan_i_sarskilt_boende"
HEMS = "amount:lakarmedverkan_i_hemsjukvarden"
OTHER = "amount:ovrigt"
FIELDS = [SABO, HEMS, OTHER, "description", "contact", "date"]


@pytest.fixture(scope="module")
def uno_python(soffice: str) -> str:
    """``/usr/bin/python3`` with ``uno``; missing, the test is skipped, or fails where CI is set."""
    found = Path(SYSTEM_PYTHON).is_file() and (
        subprocess.run([SYSTEM_PYTHON, "-c", "import uno"], capture_output=True).returncode == 0
    )
    if not found:
        reason = f"{SYSTEM_PYTHON} has no uno module (apt-get install -y python3-uno)"
        if "CI" in os.environ:
            pytest.fail(f"{reason}; CI is set, so this test must run")
        pytest.skip(reason)
    return SYSTEM_PYTHON


def free_port() -> int:
    with socket.socket() as probe:
        probe.bind(("127.0.0.1", 0))
        return probe.getsockname()[1]


def in_libreoffice(uno_python: str, soffice: str, work: Path, files: list[dict]) -> None:
    """Each of ``files`` opened, edited and saved by LibreOffice in one session."""
    work.mkdir(parents=True, exist_ok=True)
    spec = work / "spec.json"
    profile = work / "profile"
    spec.write_text(
        json.dumps({"soffice": soffice, "profile": str(profile), "port": free_port(), "files": files}),
        encoding="utf-8",
    )
    run = subprocess.run([uno_python, str(SCRIPT), str(spec)], capture_output=True, text=True, timeout=300)
    assert run.returncode == 0, run.stdout + run.stderr


def edited(path: Path, work: Path, ops: list, save: list[tuple[Path, str]]) -> dict:
    """A file to edit: opened from a copy (LibreOffice holds what it opened), saved to ``save``."""
    source = work / "opened" / path.name
    source.parent.mkdir(parents=True, exist_ok=True)
    shutil.copyfile(path, source)
    return {"open": str(source), "ops": ops, "save": [[str(target), kind] for target, kind in save]}


def centre_file(result, centre_id: str) -> Path:
    return next(p for p in result.cycle.centre_files if p.name.startswith(f"{centre_id} "))


def test_forms_filled_cleared_and_reshaped_in_libreoffice_come_back_whole(tmp_path: Path, soffice, uno_python):
    inputs, outputs = make_inputs(tmp_path / "inputs"), tmp_path / "outputs"
    first = api.build(inputs, outputs)
    year = outputs / "2022"
    hc1, hc2, hc3 = (centre_file(first, c) for c in ("HC1", "HC2", "HC3"))
    hc1_typed = {
        SABO: 1000,
        HEMS: 250.5,
        "description": "Läkare en dag i veckan på Alfagården",
        "contact": "Anna Berg",
        "date": dt.datetime(2023, 1, 20),
    }
    hc2_typed = {SABO: 700, "description": "Rader och en kolumn infogade i formuläret", "contact": "Bo Ek"}
    hc3_typed = {OTHER: 300, "contact": "Åsa Öberg"}
    ods = hc3.with_suffix(".ods")
    in_libreoffice(
        uno_python,
        soffice,
        tmp_path / "round-1",
        [
            edited(
                hc1,
                tmp_path / "round-1",
                [["set", "HC1", f, {"date": "2023-01-20"} if f == "date" else v] for f, v in hc1_typed.items()],
                [(hc1, XLSX)],
            ),
            edited(
                hc2,
                tmp_path / "round-1",
                [
                    ["unprotect"],
                    ["insert_rows_above_form", 2],
                    ["insert_columns", 1, 1],
                    ["insert_rows_above", "contact", 1],
                ]
                + [["set", "HC2", f, v] for f, v in hc2_typed.items()],
                [(hc2, XLSX)],
            ),
            edited(hc3, tmp_path / "round-1", [["set", "HC3", f, v] for f, v in hc3_typed.items()], [(ods, ODS)]),
        ],
    )
    hc3.unlink()  # the centre sent its form back as .ods only
    sheet = openpyxl.load_workbook(hc2)["Återrapportering"]
    assert sheet["A4"].value is None and sheet["C7"].value == "HC2"  # the form moved down and its values right

    collected = api.collect([year], first.master, tmp_path / "summary.xlsx")
    expected = {"HC1": hc1_typed, "HC2": hc2_typed, "HC3": hc3_typed}
    for centre_id, typed in expected.items():
        values = collected.entries[centre_id].values
        assert {f: values.get(f) for f in typed} == typed, centre_id
    assert [i for i, _ in collected.missing] == ["HC4"]

    # The officer corrects HC3 in the master after HC3 saved its .ods (LibreOffice converts the
    # .ods when it is read: its own saved time, not the conversion's, decides).
    edit(first.master, "HC3", {OTHER: 301})
    expected["HC3"] = {**hc3_typed, OTHER: 301}
    second = api.build(inputs, outputs)
    (conflict,) = second.cycle.conflicts
    assert (conflict.centre_id, conflict.field, conflict.value, conflict.kept_value) == ("HC3", OTHER, 300, 301)
    for centre_id, typed in expected.items():
        for path in (second.master, centre_file(second, centre_id)):
            assert read(path, centre_id, list(typed)) == typed, (centre_id, path.name)

    # HC1 clears an amount it typed and corrects its contact, in the new file.
    in_libreoffice(
        uno_python,
        soffice,
        tmp_path / "round-2",
        [
            edited(
                centre_file(second, "HC1"),
                tmp_path / "round-2",
                [["clear", "HC1", SABO], ["set", "HC1", "contact", "Anna Berg-Ek"]],
                [(centre_file(second, "HC1"), XLSX)],
            )
        ],
    )
    third = api.build(inputs, outputs)
    after = {**hc1_typed, SABO: None, "contact": "Anna Berg-Ek"}
    for path in (third.master, centre_file(third, "HC1")):
        assert read(path, "HC1", FIELDS) == {OTHER: None, **after}, path.name
    for centre_id in ("HC2", "HC3"):
        assert read(third.master, centre_id, list(expected[centre_id])) == expected[centre_id]
    assert third.cycle.conflicts == ()


def test_a_form_filled_in_libreoffice_still_verifies_what_its_letter_prints(tmp_path: Path, soffice, uno_python):
    """A centre types every field of its form and saves in LibreOffice: its file still verifies,
    its kept presentation (centre file format 4, #26.6) against what LibreOffice saved, with
    no finding: typing in the form's cells is the centre's, and a save is no edit of the letter."""
    inputs, outputs = make_inputs(tmp_path / "inputs"), tmp_path / "outputs"
    hc1 = centre_file(api.build(inputs, outputs), "HC1")
    typed = {SABO: 1000, HEMS: 250.5, OTHER: 0, "description": "Läkare på Alfagården", "contact": "Anna Berg"}
    ops = [["set", "HC1", field, value] for field, value in typed.items()]
    ops.append(["set", "HC1", "date", {"date": "2023-01-20"}])
    in_libreoffice(uno_python, soffice, tmp_path / "fill", [edited(hc1, tmp_path / "fill", ops, [(hc1, XLSX)])])
    assert read(hc1, "HC1", list(typed)) == typed  # the values are in the file LibreOffice saved

    (report,) = api.verify([hc1])
    assert report.ok, [f.render("en") for f in report.findings if f.failing]
    assert report.info.format >= CENTRE_PRESENTATION and report.info.view is not None
    kinds = {f.kind for f in report.findings}
    assert "journal_resaved" in kinds  # its seal, presentation included, is the build's
    assert not kinds & {"format_changed", "cell_invisible", "conditional_changed", "print_area_changed"}
