"""Workspaces and returned forms for the tests of the officer's page (HTTP and browser)."""

from __future__ import annotations

import re
from pathlib import Path

import openpyxl
import pytest
from contract_helpers import first_amount
from workspace import make_workspace, small_region

from grantsheet import api

EXAMPLE = "vasterbotten-2022"
FOLLOW_UP = "Återrapportering"


def example_workspace(folder: Path) -> tuple[Path, Path]:
    """A fresh workspace with the shipped example's inputs: (inputs, outputs)."""
    api.init_workspace(folder, EXAMPLE)
    return folder / "inputs", folder / "outputs"


def small_workspace(folder: Path) -> tuple[Path, Path]:
    """A fresh workspace of three centres (tests/workspace.py), the grant of the example's year and
    pools: (inputs, outputs). Its build takes a tenth of the example's, for the tests of the page's
    rules (tokens, origins, the journal's user, one build at a time) that any build shows."""
    inputs = make_workspace(folder, *small_region())
    return inputs, folder / "outputs"


# On a test of the page that reads the shipped example's names, files or numbers: its ``workspace``
# fixture gives the example's, not ``small_workspace``'s.
ON_THE_EXAMPLE = pytest.mark.parametrize("workspace", [example_workspace], indirect=True, ids=["example"])


def fill_return(path: Path, amount: int, save_as: Path | None = None) -> Path:
    """Type an amount used into a centre file's follow-up form, as a centre would (openpyxl
    keeps protection and the file's properties): the first category's."""
    book = openpyxl.load_workbook(path)
    first_amount(book).value = amount
    book.save(save_as or path)
    return save_as or path


def tamper(master: Path, target: Path) -> Path:
    """The master with one payout formula typed over by a number."""
    book = openpyxl.load_workbook(master)
    book["Utbetalning"]["C5"] = 123
    book.save(target)
    return target


def csrf_of(html: str) -> str:
    return re.search(r'name="csrf" value="([^"]+)"', html).group(1)


def payouts(master: Path) -> dict[str, tuple]:
    """Centre id -> the payout sheet's cached amounts, as a viewer that does not recalculate shows them."""
    sheet = openpyxl.load_workbook(master, data_only=True)["Utbetalning"]
    return {row[0]: row[2:] for row in sheet.iter_rows(min_row=5, values_only=True) if row[0]}


def visits_table(inputs: Path, folder: Path) -> Path:
    """A CSV file of the officer's own, as Swedish Excel saves one: visits per health centre
    (a whole count) and a share in per cent (a decimal), under a title row."""
    centres = [c.name for c in api.check(inputs).centres]
    lines = ["Besök per hälsocentral 2022", "Hälsocentral;Antal besök;Andel (%)"]
    lines += [f"{name};{100 + 7 * i};{i % 5},{i % 7}5" for i, name in enumerate(centres)]
    path = folder / "Besök 2022.csv"
    path.write_text("\n".join(lines) + "\n", encoding="cp1252")
    return path
