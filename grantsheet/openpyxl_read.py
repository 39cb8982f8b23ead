"""openpyxl's ``load_workbook`` for reading only, without the warnings it prints about itself.

openpyxl warns (``UserWarning``) about what it will drop when it saves a workbook it read
("Workbook contains no default style" for every file Gnumeric saved, "Data Validation
extension is not supported" for Excel's): grantsheet never saves what openpyxl read, so the
warnings say nothing about the officer's file, yet they reached the terminal.

openpyxl is imported here only when a workbook is opened: its import is a noticeable share
of a small build (docs/decisions/own-xlsx-reader.md).
"""

from __future__ import annotations

import contextlib
import os
import warnings
from collections.abc import Iterator
from typing import TYPE_CHECKING

if TYPE_CHECKING:
    from openpyxl import Workbook


def load_workbook(path: str | os.PathLike[str], **options: object) -> Workbook:
    import openpyxl

    with _quiet():
        return openpyxl.load_workbook(path, **options)


def load_styles(path: str | os.PathLike[str]) -> Workbook:
    """The workbook as openpyxl reads it ``read_only`` (its cell formats, theme, sheets and print
    areas; no sheet's cells), without its shared strings, which no cell read needs: a
    25 000-recipient master's took a second to read (``audit.master_views``)."""
    from openpyxl.reader.excel import ExcelReader

    class Styles(ExcelReader):
        def read_strings(self) -> None:
            """Left out (above)."""

    with _quiet():
        reader = Styles(path, read_only=True)
        reader.read()
        return reader.wb


@contextlib.contextmanager
def _quiet() -> Iterator[None]:
    with warnings.catch_warnings():
        warnings.filterwarnings("ignore", category=UserWarning, module=r"openpyxl\.")
        yield
