"""Per-centre files written by worker processes are the files one process writes."""

from pathlib import Path

import openpyxl

from grantsheet import api, parallel
from grantsheet.centre_files import FOLLOW_UP_ROW
from grantsheet.samples import synthetic_country
from workspace import make_workspace


def build_files(root: Path, inputs: Path, progress: list) -> dict[str, bytes]:
    outputs = root / "outputs"
    api.build(inputs, outputs, progress=lambda done, total: progress.append((done, total)))
    return {str(p.relative_to(outputs)): p.read_bytes() for p in sorted(outputs.rglob("*.xlsx"))}


def test_workers_write_the_same_bytes_as_one_process(tmp_path, monkeypatch):
    homes, listings = synthetic_country(parallel.PARALLEL_FROM + 9, seed=5)
    inputs = make_workspace(tmp_path / "ws", homes, listings)
    monkeypatch.setattr(parallel, "workers", lambda: 2)
    parallel_progress: list = []
    in_parallel = build_files(tmp_path / "parallel", inputs, parallel_progress)
    monkeypatch.setattr(parallel, "workers", lambda: 1)
    serial_progress: list = []
    serial = build_files(tmp_path / "serial", inputs, serial_progress)
    assert len(in_parallel) == len(listings) + 1
    assert in_parallel == serial
    total = len(listings) + 1
    assert parallel_progress == serial_progress == [(done, total) for done in range(total + 1)]


def test_an_error_in_a_worker_reaches_the_caller_and_nothing_is_swapped_in(tmp_path, monkeypatch):
    homes, listings = synthetic_country(parallel.PARALLEL_FROM, seed=6)
    inputs = make_workspace(tmp_path / "ws", homes, listings)
    monkeypatch.setattr(parallel, "workers", lambda: 2)

    def broken(path, dataset, results, index, *args):
        if index == 40:
            raise OSError("disk full")
        path.write_bytes(b"")

    monkeypatch.setattr(parallel, "write_centre_file", broken)
    outputs = tmp_path / "outputs"
    try:
        api.build(inputs, outputs)
    except OSError as error:
        assert "disk full" in str(error)
    else:
        raise AssertionError("the worker's error was lost")
    assert not any(p.suffix == ".xlsx" for p in outputs.rglob("*") if ".grantsheet-staging" not in p.parts)


def test_a_rebuild_reads_the_previous_files_on_every_core_and_carries_what_was_typed(tmp_path, monkeypatch):
    homes, listings = synthetic_country(parallel.PARALLEL_FROM + 3, seed=7)
    inputs = make_workspace(tmp_path / "ws", homes, listings)
    monkeypatch.setattr(parallel, "workers", lambda: 2)
    outputs = tmp_path / "outputs"
    first = api.build(inputs, outputs)
    typed = {}
    for number, path in enumerate(first.centre_files[::7]):
        book = openpyxl.load_workbook(path)
        sheet, column = contact_cell(book)
        sheet.cell(HEADER_ROW + 1, column).value = f"Kontakt {number}"
        book.save(path)
        typed[sheet.cell(HEADER_ROW + 1, 1).value] = f"Kontakt {number}"
    second = api.build(inputs, outputs)
    assert second.cycle.carried == len(typed)
    for path in second.centre_files:
        sheet, column = contact_cell(openpyxl.load_workbook(path))
        assert sheet.cell(HEADER_ROW + 1, column).value == typed.get(sheet.cell(HEADER_ROW + 1, 1).value)


HEADER_ROW = FOLLOW_UP_ROW  # the form's header (1-based) stands right above the centre's row


def contact_cell(book):
    sheet = book["Återrapportering"]
    return sheet, [c.value for c in sheet[HEADER_ROW]].index("Kontaktperson") + 1
