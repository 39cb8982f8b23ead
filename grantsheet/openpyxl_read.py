"""openpyxl's ``load_workbook`` for reading only, without the warnings it prints about itself.

openpyxl warns (``UserWarning``) about what it will drop when it saves a workbook it read
("Workbook contains no default style" for every file Gnumeric saved, "Data Validation
extension is not supported" for Excel's): grantsheet never saves what openpyxl read, so the
warnings say nothing about the officer's file, yet they reached the terminal.

openpyxl is imported here only when a workbook is opened: its import is a noticeable share
of a small build (docs/decisions/own-xlsx-reader.md).
"""

from __future__ import annotations

import os
import warnings
from typing import TYPE_CHECKING

if TYPE_CHECKING:
    from openpyxl import Workbook


def load_workbook(path: str | os.PathLike[str], **options: object) -> Workbook:
    import openpyxl

    with warnings.catch_warnings():
        warnings.filterwarnings("ignore", category=UserWarning, module=r"openpyxl\.")
        return openpyxl.load_workbook(path, **options)
