"""No link is followed out of the outputs folder: a linked year folder, centres' folder, archive
or file is refused by name before anything is read or written (#16.3)."""

from __future__ import annotations

import os
import shutil
from pathlib import Path

import pytest
from cycle_helpers import CENTRES, make_inputs
from test_faults import snapshot

from grantsheet import api
from grantsheet.errors import InputError


def linked(outputs: Path, outside: Path, which: str) -> Path:
    """Replace ``which`` under the year folder by a link to a copy of it in ``outside``."""
    year = outputs / "2022"
    target = {
        "year": year,
        "centres": year / "mottagare",
        "archive": year / "arkiv",
        "file": next((year / "mottagare").glob("*.xlsx")),
    }[which]
    moved = outside / target.name
    if target.exists():
        shutil.move(str(target), str(moved))
    else:
        moved.mkdir()
    target.symlink_to(moved, target_is_directory=moved.is_dir())
    return target


@pytest.mark.skipif(os.name == "nt", reason="makes symbolic links, which Windows allows only with a privilege")
@pytest.mark.parametrize("which", ["year", "centres", "archive", "file"])
def test_a_link_out_of_the_outputs_is_refused_by_name(tmp_path: Path, which: str):
    inputs, outputs = make_inputs(tmp_path / "inputs"), tmp_path / "outputs"
    api.build(inputs, outputs)
    make_inputs(inputs, [(n, i, c + 100) for n, i, c in CENTRES])
    outside = tmp_path / "outside"
    outside.mkdir()
    link = linked(outputs, outside, which)
    outside_before = snapshot(outside)
    with pytest.raises(InputError) as raised:
        api.build(inputs, outputs)
    problems = raised.value.problems
    assert [(p.kind, p.location.file) for p in problems] == [("output_link", str(link))]
    assert str(link.readlink()) in problems[0].render("en")
    assert snapshot(outside) == outside_before  # nothing written through the link
    assert not (outside / ".grantsheet-staging").exists()
