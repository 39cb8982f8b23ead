"""The workspace lock: two runs in one workspace end in a result or a message, never a traceback."""

from __future__ import annotations

import contextlib
import os
import subprocess
import sys
import threading
import time
from collections.abc import Iterator
from pathlib import Path

import pytest
import tiers
from cycle_helpers import REPO, make_inputs

from grantsheet import api
from grantsheet.errors import InputError
from grantsheet.lock import HOLDER_NAME

ENV = {**os.environ, "PYTHONPATH": str(REPO)}
CLI = [sys.executable, "-c", "from grantsheet.cli import run; run()"]


@contextlib.contextmanager
def held_elsewhere(outputs: Path, command: str) -> Iterator[subprocess.Popen]:
    """Another process holding the workspace lock as ``command`` until the block ends (killed)."""
    holder = subprocess.Popen(
        [
            sys.executable,
            "-c",
            "import sys, time; from pathlib import Path; from grantsheet import api\n"
            "with api.workspace_lock(Path(sys.argv[1]), command=sys.argv[2]):\n"
            "    print('held', flush=True); time.sleep(30)",
            str(outputs),
            command,
        ],
        env=ENV,
        stdout=subprocess.PIPE,
        text=True,
    )
    try:
        assert holder.stdout is not None and holder.stdout.readline().strip() == "held"
        yield holder
    finally:
        holder.kill()
        holder.wait()


def test_two_builds_started_a_tenth_of_a_second_apart(tmp_path: Path):
    """The measured failure of #11.7: tracebacks in 5 of 10 rounds. Now each round ends with
    both builds done (the second waited) or the second told who holds the workspace."""
    inputs, outputs = make_inputs(tmp_path / "inputs"), tmp_path / "outputs"
    for _ in tiers.cases(range(3)):
        first = subprocess.Popen(
            [*CLI, "build", "--inputs", str(inputs), "--outputs", str(outputs)],
            env=ENV,
            stdout=subprocess.PIPE,
            stderr=subprocess.PIPE,
            text=True,
        )
        time.sleep(0.1)
        second = subprocess.run(
            [*CLI, "build", "--inputs", str(inputs), "--outputs", str(outputs)],
            env=ENV,
            capture_output=True,
            text=True,
        )
        out, err = first.communicate(timeout=120)
        assert first.returncode == 0, err
        assert "Traceback" not in err + second.stderr
        if second.returncode != 0:
            assert "En annan körning av grantsheet arbetar redan" in second.stderr
            assert "build" in second.stderr
        assert not (outputs / "2022" / ".grantsheet-staging").exists()
    assert sorted(p.name for p in (outputs / "2022").iterdir() if p.suffix == ".xlsx") == ["grantsheet-2022.xlsx"]


def test_a_held_lock_names_its_holder_after_waiting(tmp_path: Path):
    outputs = tmp_path / "outputs"
    with held_elsewhere(outputs, "grantsheet serve") as holder:
        started = time.monotonic()
        with pytest.raises(InputError) as raised, api.workspace_lock(outputs, wait=1.0):
            pass
        waited = time.monotonic() - started
        assert 1.0 <= waited < 5
        (found,) = raised.value.problems
        assert found.kind == "workspace_locked"
        params = dict(found.params)
        assert params["pid"] == holder.pid and params["command"] == "grantsheet serve"
        assert "grantsheet serve" in found.render("en") and str(holder.pid) in found.render("sv")
    # The system released the killed holder's lock: no stale lock to clear by hand.
    with api.workspace_lock(outputs, wait=1.0):
        assert api.lock.read_holder(outputs)["pid"] == os.getpid()
    assert not (outputs / HOLDER_NAME).exists()


def test_the_lock_is_reentrant_in_a_thread_and_exclusive_across_threads(tmp_path: Path):
    inputs, outputs = make_inputs(tmp_path / "inputs"), tmp_path / "outputs"
    outcome: list[object] = []
    with api.workspace_lock(outputs, command="page"):
        api.build(inputs, outputs)  # the page holds the lock and builds: no deadlock

        def other() -> None:
            try:
                with api.workspace_lock(outputs, wait=0.2):
                    outcome.append("got it")
            except InputError as error:
                outcome.append(error.problems[0].kind)

        thread = threading.Thread(target=other)
        thread.start()
        thread.join()
    assert outcome == ["workspace_locked"]


def test_mail_and_received_returns_take_the_workspace_lock(tmp_path: Path, monkeypatch):
    api.init_workspace(tmp_path, example="vasterbotten-2022")
    inputs, outputs = tmp_path / "inputs", tmp_path / "outputs"
    built = api.build(inputs, outputs)
    with held_elsewhere(outputs, "grantsheet build"):
        monkeypatch.setattr(api.lock, "WAIT_SECONDS", 0.2)
        for call in (
            lambda: api.mail(inputs, outputs),
            lambda: api.receive_returns([], outputs, built.master, built.dataset.grant),
        ):
            with pytest.raises(InputError) as raised:
                call()
            assert [p.kind for p in raised.value.problems] == ["workspace_locked"]
    assert api.mail(inputs, outputs).drafts  # free again
