"""A form whose defined names point elsewhere (#26.8): gs_fu_id on an empty cell made the
centre silent and the file was never named; on Utbetalning!$B$6 the form read as blank
although 1 000 kr was typed, and the rebuild dropped it without a word. Names that disagree
with the file's id or the form's shape are named, and the values found by the other anchors."""

from __future__ import annotations

import re
from pathlib import Path

import pytest
from contract_helpers import fill
from cycle_helpers import SABO, make_inputs
from hostile_inputs import rewrite_member

from grantsheet import api


def pointed(path: Path, target: str) -> None:
    """The form's id name pointed at ``target`` (the file's XML edited, as a program could)."""
    rewrite_member(
        path,
        "xl/workbook.xml",
        lambda book: re.sub(
            rb'(<definedName name="gs_fu_id">)[^<]*(</definedName>)', rb"\g<1>" + target.encode() + rb"\g<2>", book
        ),
    )


@pytest.mark.parametrize(
    "target",
    ["Återrapportering!$B$30", "Utbetalning!$B$6", "Återrapportering!$B$6"],
    ids=["empty-cell", "other-sheet", "not-the-files-id"],
)
def test_a_form_whose_id_name_points_elsewhere_is_named_and_read_by_its_labels(tmp_path: Path, target: str):
    inputs, outputs = make_inputs(tmp_path / "inputs"), tmp_path / "outputs"
    built = api.build(inputs, outputs)
    form = next(f for f in built.centre_files if f.name.startswith("HC1"))
    fill(form, {SABO: 1000})
    pointed(form, target)
    collected = api.collect([form.parent], built.master, tmp_path / "summary.xlsx")
    assert collected.used("HC1") == 1000
    (note,) = [n for n in collected.notes if n.kind == "form_names_disagree"]
    assert note.location.file.endswith(form.name)
    rebuilt = api.build(inputs, outputs)
    assert any(r.kind == "form_names_disagree" for r in rebuilt.cycle.remarks)
    assert rebuilt.cycle.carried >= 1  # the 1 000 kr went into the new files
