"""grantsheet watch: a changed input starts a build, not while the file is open (issue 13)."""

from __future__ import annotations

import os
import queue
import subprocess
import sys
import threading
import time
from pathlib import Path

from web_helpers import example_workspace

from grantsheet.watch import input_changes

TIMEOUT = 30


def watching(inputs: Path):
    """input_changes in a thread: (batches, waits, stop)."""
    batches: queue.Queue = queue.Queue()
    waits: list[str] = []
    stop = threading.Event()

    def run() -> None:
        for names in input_changes(inputs, waits.append, stop, debounce_ms=200):
            batches.put(names)

    thread = threading.Thread(target=run, daemon=True)
    thread.start()
    time.sleep(0.5)  # the watcher is set up
    return batches, waits, stop, thread


def test_a_changed_input_is_reported_once_it_is_closed(tmp_path):
    inputs, _ = example_workspace(tmp_path / "ws")
    batches, waits, stop, thread = watching(inputs)
    try:
        grant = inputs / "grant.toml"
        grant.write_text(grant.read_text(encoding="utf-8") + "\n", encoding="utf-8")
        assert batches.get(timeout=TIMEOUT) == ["grant.toml"]

        lock = inputs / "~$boendeplatser.xlsx"
        lock.write_bytes(b"Excel has it open")
        (inputs / "boendeplatser.xlsx").write_bytes((inputs / "boendeplatser.xlsx").read_bytes())
        time.sleep(1.5)
        assert batches.empty() and waits == ["~$boendeplatser.xlsx"]
        lock.unlink()
        assert batches.get(timeout=TIMEOUT) == ["boendeplatser.xlsx"]
    finally:
        stop.set()
        thread.join(TIMEOUT)
    assert not thread.is_alive()


def test_grantsheet_watch_builds_when_an_input_changes(tmp_path):
    inputs, outputs = example_workspace(tmp_path / "ws")
    script = Path(sys.executable).parent / "grantsheet"
    command = [str(script), "watch", "--inputs", str(inputs), "--outputs", str(outputs)]
    watcher = subprocess.Popen(command, stdout=subprocess.PIPE, stderr=subprocess.STDOUT, text=True, env=os.environ)
    lines: queue.Queue = queue.Queue()
    threading.Thread(target=lambda: [lines.put(line) for line in watcher.stdout], daemon=True).start()
    try:
        assert "Bevakar" in lines.get(timeout=TIMEOUT)
        time.sleep(0.5)
        grant = inputs / "grant.toml"
        grant.write_text(grant.read_text(encoding="utf-8").replace("4200000", "4300000", 1), encoding="utf-8")
        seen = []
        while not any("Arbetsboken skrevs till" in line for line in seen):
            seen.append(lines.get(timeout=TIMEOUT))
        assert any("Ändrat: grant.toml" in line for line in seen)
        assert any("4 300 000 kr" in line for line in seen), seen
        assert (outputs / "2022" / "grantsheet-2022.xlsx").is_file()

        grant.write_text("this is not toml [", encoding="utf-8")  # a problem: listed, and the watch goes on
        seen = []
        while not any("grant.toml" in line and "FEL" in line for line in seen):
            seen.append(lines.get(timeout=TIMEOUT))
        assert watcher.poll() is None
    finally:
        watcher.terminate()
        watcher.wait(TIMEOUT)
