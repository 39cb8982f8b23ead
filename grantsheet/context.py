"""What one build writes from, as one value (docs/design.md §5, docs/layers.md).

The dataset, its allocation, the language, the grantsheet version, the follow-up entries
carried into the new forms and the base they are compared with travel together from the
build down to every writer (the master, each centre's file, the seal, the journal). They
were six parameters of seven signatures, each passing them on in its own order; a
``BuildContext`` is made once by the build and handed down whole, and what a step learns
on the way (the carried entries, the base's id) is added with ``dataclasses.replace``.

It stands above allocate and below the writers, so the writers, the cycle and the audit's
re-layout (``grantsheet.expected``) take it alike. The signing key is not in it: it is a
secret, used by the master and the journal only, and a build's context crosses into the
worker processes that write the centres' files.
"""

from __future__ import annotations

from collections.abc import Mapping
from dataclasses import dataclass, field
from typing import TYPE_CHECKING

if TYPE_CHECKING:
    from grantsheet.allocate import PoolResult
    from grantsheet.entries import FollowUpEntry
    from grantsheet.load import Dataset


@dataclass(frozen=True)
class BuildContext:
    """One build's inputs to its writers."""

    dataset: Dataset
    results: tuple[PoolResult, ...]  # the allocation, one result a pool
    lang: str  # the language the files are written in
    version: str  # the grantsheet that writes them (document properties, seal, journal)
    # Follow-up entries typed into earlier outputs, by centre id: carried into the new forms.
    entries: Mapping[str, FollowUpEntry] = field(default_factory=dict)
    # The base file's build id (grantsheet.base), stored in every workbook the build writes.
    base_id: str | None = None
