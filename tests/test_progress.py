"""A build's progress as the page and the CLI see it: every file counted as it is finished,
the previous outputs counted as they are read back, and no long silence (issue 13)."""

from __future__ import annotations

import os
import time
from pathlib import Path

import pytest
from cycle_helpers import make_inputs

from grantsheet import api, parallel


def test_a_rebuild_counts_the_previous_files_read_and_every_file_written(tmp_path: Path):
    inputs = make_inputs(tmp_path / "inputs")
    outputs = tmp_path / "outputs"
    first = api.build(inputs, outputs)
    reading: list[tuple[int, int]] = []
    writing: list[tuple[int, int]] = []
    api.build(
        inputs, outputs, progress=lambda d, t: writing.append((d, t)), reading=lambda d, t: reading.append((d, t))
    )
    files = 1 + len(first.centre_files)
    # The previous files, each once: the master for its entries and what changed since it.
    assert reading[0] == (0, files) and sorted(d for d, _ in reading) == list(range(files + 1))
    assert writing[0] == (0, files) and sorted(d for d, _ in writing) == list(range(files + 1))


@pytest.mark.skipif(not hasattr(os, "fork"), reason="the workers are forked")
def test_results_arrive_while_meanwhile_runs(monkeypatch):
    """The master is written in this process while the workers write the centres' files:
    their files are counted as they come, not all at once when the master is done."""
    monkeypatch.setattr(parallel, "workers", lambda: 2)
    arrived_during: list[int] = []
    running = []

    def master() -> None:
        running.append(True)
        time.sleep(0.5)
        running.clear()

    for index, _ in parallel.fan_out(2, 8, lambda index: index, master):
        if running:
            arrived_during.append(index)
    assert len(arrived_during) == 8


def test_an_error_in_meanwhile_is_raised_after_the_workers_are_stopped():
    def master() -> None:
        raise ValueError("the master could not be written")

    with pytest.raises(ValueError, match="master could not"):
        list(parallel.fan_out(2, 4, lambda index: index, master))


@pytest.mark.skipif(not hasattr(os, "fork"), reason="the workers are forked")
def test_each_job_is_counted_as_a_worker_finishes_it_not_a_chunk_at_a_time(monkeypatch):
    """Two chunks of four jobs: the last job of each waits until the others were counted,
    which they are only if a job is counted when it is done, before its chunk comes back."""
    import multiprocessing

    monkeypatch.setattr(parallel, "CHUNKS_PER_WORKER", 1)
    released = multiprocessing.get_context("fork").Event()
    counted: list[int] = []

    def work(index: int) -> bool:
        return released.wait(20) if index in (3, 7) else True

    def finished() -> None:
        counted.append(len(counted) + 1)
        if len(counted) == 6:
            released.set()

    results = dict(parallel.fan_out(2, 8, work, finished=finished))
    assert all(results.values()) and counted == list(range(1, 9))


def test_a_build_reports_the_inputs_read_and_the_set_put_in_place(tmp_path: Path):
    inputs = make_inputs(tmp_path / "inputs")
    outputs = tmp_path / "outputs"
    api.build(inputs, outputs)
    stages: list[tuple[str, int, int]] = []
    result = api.build(inputs, outputs, stage=lambda *step: stages.append(step))
    files = len(result.dataset.sources)  # the grant file and each input file
    assert stages == [
        *[("inputs", done, files + 1) for done in range(1, files + 2)],
        ("placing", 0, 2),
        ("placing", 1, 2),
        # The files are hashed for the journal in staging: the entry goes in with the set (#26.1).
        *[("journal", done, len(result.journal.outputs)) for done in range(len(result.journal.outputs) + 1)],
        ("placing", 2, 2),
    ]
