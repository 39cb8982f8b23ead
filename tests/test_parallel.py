"""Per-centre files written by worker processes are the files one process writes."""

import os
import time
from pathlib import Path

import pytest
from contract_helpers import fill, form_values
from workspace import make_workspace

from grantsheet import api, parallel
from grantsheet.errors import InputError
from grantsheet.readback import workbook_info
from grantsheet_samples import synthetic_country


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
    homes, listings = synthetic_country(parallel.PARALLEL_FROM + 41, seed=6)
    inputs = make_workspace(tmp_path / "ws", homes, listings)
    monkeypatch.setattr(parallel, "workers", lambda: 2)

    def broken(path, build, index, signer):
        if index == 40:
            raise OSError("disk full")
        path.write_bytes(b"")

    monkeypatch.setattr(parallel, "write_centre_file", broken)
    outputs = tmp_path / "outputs"
    # The worker's error reaches the caller as a located problem (#11.7), not a traceback.
    with pytest.raises(InputError) as raised:
        api.build(inputs, outputs)
    assert "disk full" in raised.value.render("en")
    assert not any(p.suffix == ".xlsx" for p in outputs.rglob("*") if ".grantsheet-staging" not in p.parts)


def test_a_rebuild_reads_the_previous_files_on_every_core_and_carries_what_was_typed(tmp_path, monkeypatch):
    homes, listings = synthetic_country(parallel.PARALLEL_FROM + 3, seed=7)
    inputs = make_workspace(tmp_path / "ws", homes, listings)
    monkeypatch.setattr(parallel, "workers", lambda: 2)
    outputs = tmp_path / "outputs"
    first = api.build(inputs, outputs)
    typed = {}
    for number, path in enumerate(first.centre_files[::7]):
        fill(path, {"contact": f"Kontakt {number}"})
        typed[workbook_info(path).centre_id] = f"Kontakt {number}"
    second = api.build(inputs, outputs)
    assert second.cycle.carried == len(typed)
    for path in second.centre_files:
        assert form_values(path, "contact") == (typed.get(workbook_info(path).centre_id),)


def no_children_left() -> bool:
    try:
        os.waitpid(-1, os.WNOHANG)
    except ChildProcessError:
        return True
    return False


def test_fan_out_gives_every_result_once_and_reaps_its_workers():
    found = dict(parallel.fan_out(3, 50, lambda index: index * index))
    assert found == {index: index * index for index in range(50)}
    assert no_children_left()


def test_map_files_keeps_the_order_of_the_paths(monkeypatch):
    monkeypatch.setattr(parallel, "workers", lambda: 2)
    paths = [Path(f"file-{number}") for number in range(parallel.PARALLEL_FROM * 3)]
    assert parallel.map_files(lambda path: path.name.upper(), paths) == [p.name.upper() for p in paths]


def test_a_worker_that_dies_without_a_word_is_an_error_not_a_short_result():
    def dies(index):
        if index == 7:
            os._exit(3)
        return index

    with pytest.raises(RuntimeError, match="ended after"):
        list(parallel.fan_out(2, 20, dies))
    assert no_children_left()


def test_an_exception_that_cannot_be_pickled_arrives_as_its_text():
    class Local(Exception):  # a local class cannot be pickled
        pass

    def fails(index):
        if index == 3:
            raise Local("centre 3 broke")
        return index

    with pytest.raises(RuntimeError, match="Local: centre 3 broke"):
        list(parallel.fan_out(2, 10, fails))
    assert no_children_left()


def test_when_the_caller_stops_early_the_workers_are_stopped():
    # 10 s of jobs a worker: the test waited 6 s for the chunks under way at 10 ms a job.
    results = parallel.fan_out(2, 10_000, lambda index: time.sleep(0.002))
    next(results)
    results.close()
    assert no_children_left()


def test_a_damaged_output_read_by_a_worker_is_reported_like_any_other(tmp_path, monkeypatch):
    homes, listings = synthetic_country(parallel.PARALLEL_FROM + 3, seed=8)
    inputs = make_workspace(tmp_path / "ws", homes, listings)
    monkeypatch.setattr(parallel, "workers", lambda: 2)
    outputs = tmp_path / "outputs"
    damaged = api.build(inputs, outputs).centre_files[5]
    damaged.write_bytes(damaged.read_bytes()[:2000])  # cut short: no longer a zip
    with pytest.raises(InputError) as caught:
        api.build(inputs, outputs)
    assert [(p.kind, p.location.file) for p in caught.value.problems] == [("output_unreadable", str(damaged))]


@pytest.mark.slow  # each spawned worker imports grantsheet, as on Windows
def test_spawned_workers_as_on_windows_write_the_same_bytes(tmp_path, monkeypatch):
    """Without fork the workers are spawned: the job travels pickled, and the files are the same."""
    homes, listings = synthetic_country(12, seed=9)
    inputs = make_workspace(tmp_path / "ws", homes, listings)
    monkeypatch.setattr(parallel, "workers", lambda: 2)
    monkeypatch.setattr(parallel, "FORK", False)
    monkeypatch.setattr(parallel, "PARALLEL_FROM", 8)
    assert parallel.in_parallel(12) == 2
    spawned = build_files(tmp_path / "spawned", inputs, [])
    monkeypatch.setattr(parallel, "workers", lambda: 1)
    assert build_files(tmp_path / "serial", inputs, []) == spawned
    monkeypatch.setattr(parallel, "workers", lambda: 2)
    again = build_files(tmp_path / "spawned", inputs, [])  # a rebuild reads the files back in the workers
    centre_files = {name: data for name, data in spawned.items() if "/mottagare/" in name}
    assert {name: data for name, data in again.items() if name in centre_files} == centre_files
