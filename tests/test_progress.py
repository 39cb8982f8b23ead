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
    # The previous files, then the previous master once more (what changed since it).
    assert reading[0] == (0, files + 1) and sorted(d for d, _ in reading) == list(range(files + 2))
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
