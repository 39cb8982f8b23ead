"""The master a seal describes, laid out again in memory as this grantsheet writes it.

``verify`` compares every cell of a master with this (``grantsheet.audit``). It runs the
master's writer, so it is a module of its own above the writers: the seal itself
(``grantsheet.seal``) is written by the writer and imports none of it.
"""

from __future__ import annotations

import io
from typing import Any, NamedTuple

from grantsheet import fastsheet
from grantsheet.allocate import allocate_pools
from grantsheet.context import BuildContext
from grantsheet.layout import WORKBOOK_OPTIONS
from grantsheet.seal import Seal, Written, formula_digest, written_sheets


class Expected(NamedTuple):
    sheets: list[Written]  # the build's own sheets, in order
    defined_names: dict[str, str]  # name -> formula ("=Parametrar!$B$5")
    formulas: str  # formula_digest of ``sheets``
    writer: Any  # the MasterWriter that laid them out (rows, columns, pools): a writer's class, not a reader's


def expected_master(seal: Seal, written_in: int) -> Expected:
    """Lay the master out again from the seal, in memory, without its follow-up entries or
    added sheets: the cells the build wrote and the formulas, as this grantsheet writes a
    master of format ``written_in`` (the file's own: ``WorkbookInfo.format``)."""
    from grantsheet.write import MasterWriter

    book = fastsheet.Workbook(io.BytesIO(), {**WORKBOOK_OPTIONS, "in_memory": True})
    build = BuildContext(seal.dataset, allocate_pools(seal.dataset, written_in), seal.lang, seal.version)
    writer = MasterWriter(book, build, written_in=written_in)
    writer.write()
    sheets = written_sheets(book)
    for worksheet in book.worksheets():
        # Copied into ``sheets``: the writer is kept for its layout (rows, columns, pools), not
        # its cells, a third of a 25 000-recipient master's layout in memory.
        worksheet.table.clear()
    names = {name: formula for name, _, formula, _ in book.defined_names}
    return Expected(sheets, names, formula_digest(sheets), writer)
