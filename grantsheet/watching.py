"""Progress for work whose steps are seen rather than called back: worker processes raising a
shared count, LibreOffice writing PDFs into a folder. A thread looks at the count and calls
``step()`` once for each unit it has grown by, so a caller counts every unit as it does for
work in its own process."""

from __future__ import annotations

import threading
from collections.abc import Callable


class CountWatcher:
    """Calls ``step()`` once for each unit ``look()`` shows done, looking every ``every`` seconds
    from a thread between ``start()`` and ``stop()``."""

    def __init__(self, look: Callable[[], int], step: Callable[[], None], every: float) -> None:
        self.look, self.step, self.every = look, step, every
        self.reported = 0
        self.stopping = threading.Event()
        self.thread = threading.Thread(target=self._watch, name="grantsheet-watch", daemon=True)

    def start(self) -> None:
        self.thread.start()

    def _watch(self) -> None:
        while not self.stopping.wait(self.every):
            self._report(self.look())

    def _report(self, upto: int) -> None:
        while self.reported < upto:
            self.reported += 1
            self.step()

    def stop(self, final: int | None = None) -> None:
        """Stop looking; with ``final`` (all done), count what the last look did not see."""
        self.stopping.set()
        if self.thread.is_alive():
            self.thread.join()
        if final is not None:
            self._report(final)
