"""A form belongs to a year, a grant and a centre: any other is named and its values kept aside,
never counted by collect nor carried by a rebuild (#16.4)."""

from __future__ import annotations

import re
import shutil
import zipfile
from pathlib import Path

import pytest
from contract_helpers import fill, form_values
from cycle_helpers import SABO, make_inputs

from grantsheet import api
from grantsheet.readback import workbook_info


def workspace(folder: Path, change: tuple[str, str] | None = None) -> tuple[Path, Path]:
    inputs = make_inputs(folder / "inputs")
    if change is not None:
        grant = inputs / "grant.toml"
        text = grant.read_text(encoding="utf-8")
        assert change[0] in text
        grant.write_text(text.replace(change[0], change[1]), encoding="utf-8")
    return inputs, folder / "outputs"


def typed(path: Path, amount: int, contact: str) -> None:
    fill(path, {SABO: amount, "contact": contact})


def with_stored_id(path: Path, centre_id: str) -> None:
    """``path`` with its stored centre id (a document property) changed, as anyone can in Excel's
    File > Properties > Custom."""
    with zipfile.ZipFile(path) as archive:
        members = {info.filename: archive.read(info) for info in archive.infolist()}
    custom = members["docProps/custom.xml"].decode("utf-8")
    old = workbook_info(path).centre_id
    custom, count = re.subn(
        f'(name="grantsheet_centre_id"[^>]*><vt:lpwstr>){re.escape(old)}<', rf"\g<1>{centre_id}<", custom
    )
    assert count == 1
    members["docProps/custom.xml"] = custom.encode("utf-8")
    with zipfile.ZipFile(path, "w", zipfile.ZIP_DEFLATED) as archive:
        for name, data in members.items():
            archive.writestr(name, data)


@pytest.mark.parametrize(
    "other, change, kind",
    [
        ("year", ("year = 2022", "year = 2023"), "foreign_other_year"),
        ("grant", ('reference = "RS 396-2022"', 'reference = "HSN 12-2022"'), "foreign_other_grant"),
        ("pools", ('id = "hemsjukvard"', 'id = "hemsjukvard_extra"'), "foreign_other_grant"),
    ],
)
def test_a_form_of_another_year_or_grant_is_named_and_not_counted_or_carried(tmp_path, other, change, kind):
    inputs, outputs = workspace(tmp_path / "here")
    here = api.build(inputs, outputs)
    their_inputs, their_outputs = workspace(tmp_path / "there", change)
    there = api.build(their_inputs, their_outputs)
    form = tmp_path / "returned.xlsx"
    shutil.copyfile(there.centre_files[0], form)
    typed(form, 12_345, "Fel bidrag")

    collected = api.collect([form], here.master, tmp_path / "summary.xlsx")
    assert [(n.kind, n.location.file) for n in collected.notes if n.kind.startswith("foreign")] == [(kind, str(form))]
    assert here.dataset.centres[0].id in {centre_id for centre_id, _ in collected.missing}  # not counted

    dropped = outputs / "2022" / "mottagare" / "returned.xlsx"
    shutil.copyfile(form, dropped)
    rebuilt = api.build(inputs, outputs)
    assert [n.kind for n in rebuilt.cycle.notes if n.kind.startswith("foreign")] == [kind]
    assert form_values(rebuilt.centre_files[0], SABO, "contact") == (None, None)  # not carried
    kept = {(k.field, k.value, k.reason) for k in rebuilt.cycle.not_carried}
    assert ("contact", "Fel bidrag", "foreign") in kept  # kept aside, not lost
    # ... and kept aside for good: the next build does not put it back either.
    again = api.build(inputs, outputs)
    assert form_values(again.centre_files[0], "contact") == (None,)
    assert ("contact", "Fel bidrag", "foreign") in {(k.field, k.value, k.reason) for k in again.cycle.not_carried}


def test_a_form_whose_stored_id_was_changed_to_another_centres_is_refused_not_merged(tmp_path):
    inputs, outputs = workspace(tmp_path)
    first = api.build(inputs, outputs)
    alfa, beta = first.centre_files[0], first.centre_files[1]
    typed(beta, 600, "Beta själv")
    typed(alfa, 99_999, "Kapad")
    with_stored_id(alfa, workbook_info(beta).centre_id)  # Alfa's form now claims to be Beta's

    collected = api.collect([outputs / "2022" / "mottagare"], first.master, tmp_path / "summary.xlsx")
    assert [(n.kind, n.location.file) for n in collected.notes if n.kind.startswith("foreign")] == [
        ("foreign_other_centre", str(alfa))
    ]
    rebuilt = api.build(inputs, outputs)
    assert form_values(rebuilt.centre_files[1], SABO, "contact") == (600, "Beta själv")  # never replaced
    assert form_values(rebuilt.centre_files[0], "contact") == (None,)
    assert ("contact", "Kapad", "foreign") in {(k.field, k.value, k.reason) for k in rebuilt.cycle.not_carried}
