"""Builds started from the page: one at a time per workspace, in a thread, with progress.

The page asks ``/jobs/<id>`` for a job's progress while the build runs. A build asked for
while one is running is not queued: the page is shown the running build instead.
"""

from __future__ import annotations

import secrets
import threading
import time
from collections.abc import Callable
from dataclasses import dataclass, field
from pathlib import Path

from grantsheet import api
from grantsheet.atomic import file_stamp
from grantsheet.collector import collector_paused
from grantsheet.cycle import INPUTS
from grantsheet.errors import InputError, Problem
from grantsheet.workspace import Summary

RUNNING, DONE, FAILED, BROKEN = "running", "done", "failed", "broken"
KEPT_JOBS = 20


@dataclass
class Job:
    id: str
    pdf: bool = False  # the build prints every file to PDF too
    user: str | None = None  # who asked for it, for the build journal (None: the server's user)
    started: float = field(default_factory=time.monotonic)
    state: str = RUNNING
    # The inputs read ("inputs"), the previous outputs read back ("reading"), the files
    # written ("writing"), checked ("placing"), "printing" (PDFs), hashed for the build
    # journal ("journal"), and put in place with their journal entry ("placing" again).
    phase: str = INPUTS
    done: int = 0
    total: int = 0
    updated: float = field(default_factory=time.monotonic)
    summary: Summary | None = None
    problems: list[Problem] = field(default_factory=list)  # FAILED: the input is wrong
    seconds: float | None = None

    def reading(self, done: int, total: int) -> None:
        self._advance("reading", done, total)

    def writing(self, done: int, total: int) -> None:
        self._advance("writing", done, total)

    def stage(self, phase: str, done: int, total: int) -> None:
        self._advance(phase, done, total)

    def _advance(self, phase: str, done: int, total: int) -> None:
        # Two threads of the build count files (the master's and the workers'): never back.
        if phase != self.phase or done > self.done:
            self.phase, self.done, self.total, self.updated = phase, done, total, time.monotonic()

    def as_json(self) -> dict:
        return {"id": self.id, "state": self.state, "phase": self.phase, "done": self.done, "total": self.total}


class Builds:
    """The builds of one workspace."""

    def __init__(self, inputs: Path, outputs: Path, log: Callable[[BaseException], None]) -> None:
        self.inputs, self.outputs = inputs, outputs
        self.log = log
        self._lock = threading.Lock()  # one build at a time in this server
        self._jobs: dict[str, Job] = {}
        self.last: Summary | None = None  # the last build this server made
        self._last_stamp: tuple[int, int, int, int] | None = None  # its master's, as written

    def last_of(self, master: Path) -> Summary | None:
        """The last build this server made, while ``master`` on disk is still the one it
        wrote (a build from the terminal replaces it: then the page reads the file)."""
        if self.last is None or self.last.master != master:
            return None
        try:
            return self.last if file_stamp(master) == self._last_stamp else None
        except OSError:
            return None

    def job(self, job_id: str) -> Job | None:
        return self._jobs.get(job_id)

    def running(self) -> Job | None:
        return next((job for job in self._jobs.values() if job.state == RUNNING), None)

    def start(self, pdf: bool = False, user: str | None = None) -> tuple[Job, bool]:
        """A new build (``pdf``: with PDFs) for ``user``, or the one already running (then False)."""
        if not self._lock.acquire(blocking=False):
            running = self.running()
            if running is not None:
                return running, False
            self._lock.acquire()  # a build is just ending: wait for it
        job = Job(secrets.token_urlsafe(8), pdf=pdf, user=user)
        self._jobs[job.id] = job
        for old in list(self._jobs)[:-KEPT_JOBS]:
            del self._jobs[old]
        threading.Thread(target=self._run, args=(job,), name=f"build-{job.id}", daemon=True).start()
        return job, True

    def _run(self, job: Job) -> None:
        try:
            # The server's process lives on: its own objects (the web stack, earlier builds'
            # summaries) would make every full collection during a build walk more than a
            # ``grantsheet build`` process ever holds. At national size: the page's build +0.72 s
            # over the CLI's with the collector on, -0.07 s with it paused (BENCHMARKS.md); the
            # cycles left meanwhile held 4 MiB more at the peak.
            with collector_paused():
                result = api.build(
                    self.inputs,
                    self.outputs,
                    progress=job.writing,
                    reading=job.reading,
                    pdf=job.pdf,
                    user=job.user,
                    stage=job.stage,
                )
            job.summary = self.last = api.summary(result)
            self._last_stamp = file_stamp(self.last.master)
            job.state = DONE
        except InputError as error:
            job.problems = list(error.problems)
            job.state = FAILED
        except Exception as error:  # noqa: BLE001 - the page says so; the server keeps running
            self.log(error)
            job.state = BROKEN
        finally:
            job.seconds = time.monotonic() - job.started
            self._lock.release()

    def wait(self, job: Job, timeout: float) -> None:
        """Until ``job`` has ended, at most ``timeout`` seconds (for tests and the CLI)."""
        end = time.monotonic() + timeout
        while job.state == RUNNING and time.monotonic() < end:
            time.sleep(0.01)
