"""Per-centre files written by worker processes are the files one process writes."""

from pathlib import Path

from grantsheet import api, parallel
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
