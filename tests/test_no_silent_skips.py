"""No silent skips (issue 11): every file in a returns folder or the outputs folder is read,
or named with the reason and a fix, by collect, the rebuild and verify alike."""

from __future__ import annotations

import os
import subprocess
from pathlib import Path

import openpyxl
import pytest
from click.testing import CliRunner
from contract_helpers import fill
from cycle_helpers import SABO, make_inputs
from hostile_inputs import declare_size, make_zip, ole_bytes

from grantsheet import api, recalc
from grantsheet.cli import main
from grantsheet.errors import InputError

FOLLOW_UP = "Återrapportering"


def _built(tmp_path: Path):
    inputs = make_inputs(tmp_path / "inputs")
    built = api.build(inputs, tmp_path / "outputs")
    files = {p.name.split(" ")[0]: p for p in built.centre_files}
    return inputs, built, files


def _to_ods(soffice: str, source: Path, folder: Path, profile: Path) -> Path:
    """``source`` saved as .ods by LibreOffice itself, the way a centre using it would."""
    folder.mkdir(parents=True, exist_ok=True)
    subprocess.run(
        [soffice, "--headless", "--norestore", f"-env:UserInstallation={profile.as_uri()}"]
        + ["--convert-to", "ods", "--outdir", str(folder), str(source)],
        check=True,
        capture_output=True,
        timeout=300,
        env={**os.environ, "HOME": str(profile)},
    )
    ods = folder / (source.stem + ".ods")
    assert ods.is_file()
    return ods


def _kinds(error: InputError) -> list[tuple[str, str]]:
    return [(p.kind, Path(p.location.file).name) for p in error.problems]


def _notes(notes) -> list[tuple[str, str]]:
    return sorted((n.kind, Path(n.location.file).name) for n in notes)


def test_an_ods_return_is_read_by_collect_rebuild_and_verify(tmp_path: Path, soffice: str):
    inputs, built, files = _built(tmp_path)
    fill(files["HC1"], {SABO: 1000, "contact": "Anna Berg"})
    returns = tmp_path / "returns"
    ods = _to_ods(soffice, files["HC1"], returns, tmp_path / "profile")

    collected = api.collect([returns], built.master, tmp_path / "summary.xlsx")
    assert "HC1" not in [i for i, _ in collected.missing]
    assert collected.used("HC1") == 1000
    assert collected.entries["HC1"].values["contact"] == "Anna Berg"
    assert collected.entries["HC1"].field_sources["contact"] == ods.name

    # verify says what the file is, and verifies LibreOffice's conversion of it.
    (report,) = api.verify([ods], recalc=False)
    assert report.kind == "centre" and report.shown == str(ods)
    assert "converted_from_ods" in [f.kind for f in report.findings]
    assert report.ok and report.payout_part_edited is False, report.findings

    # The centre's .ods, dropped into the outputs folder in place of its .xlsx, is carried
    # into the rebuild, and archived like any previous output.
    own = files["HC1"].parent / ods.name
    ods.rename(own)
    files["HC1"].unlink()
    rebuilt = api.build(inputs, tmp_path / "outputs")
    sheet = openpyxl.load_workbook(rebuilt.master)[FOLLOW_UP]
    row = next(r for r in range(5, sheet.max_row + 1) if sheet.cell(r, 1).value == "HC1")
    assert sheet.cell(row, 4).value == 1000 and sheet.cell(row, 12).value == "Anna Berg"
    assert not own.exists() and (rebuilt.cycle.archive / own.parent.name / own.name).is_file()


def test_without_libreoffice_an_ods_says_save_it_as_xlsx(tmp_path: Path, monkeypatch):
    _, built, files = _built(tmp_path)
    returns = tmp_path / "returns"
    returns.mkdir()
    (returns / "HC1.ods").write_bytes(make_zip({"mimetype": b"application/vnd.oasis.opendocument.spreadsheet"}))
    monkeypatch.setattr(recalc, "find_soffice", lambda: None)
    with pytest.raises(InputError) as raised:
        api.collect([returns], built.master, tmp_path / "summary.xlsx")
    assert _kinds(raised.value) == [("ods_no_libreoffice", "HC1.ods")]
    result = CliRunner().invoke(main, ["collect", str(returns), "--master", str(built.master)])
    assert result.exit_code == 1 and "(.xlsx)" in result.output and "LibreOffice" in result.output
    (report,) = api.verify([returns / "HC1.ods"])
    assert report.unreadable.kind == "ods_no_libreoffice" and not report.ok


def test_an_xls_gets_the_same_answer_from_collect_rebuild_and_verify(tmp_path: Path):
    inputs, built, files = _built(tmp_path)
    legacy = files["HC2"].parent / "HC2 återrapport.xls"
    legacy.write_bytes(ole_bytes("Workbook"))
    renamed = tmp_path / "renamed.xlsx"  # an .xls renamed .xlsx is still one
    renamed.write_bytes(ole_bytes("Workbook"))

    with pytest.raises(InputError) as from_collect:
        api.collect([legacy.parent, renamed], built.master, tmp_path / "summary.xlsx")
    with pytest.raises(InputError) as from_rebuild:
        api.build(inputs, tmp_path / "outputs")
    from_verify = api.verify([legacy, renamed])

    assert _kinds(from_collect.value) == [("file_legacy_xls", legacy.name), ("file_legacy_xls", renamed.name)]
    assert _kinds(from_rebuild.value) == [("file_legacy_xls", legacy.name)]
    assert [r.unreadable.kind for r in from_verify] == ["file_legacy_xls"] * 2
    messages = {p.render("sv").split(": ", 1)[1] for p in from_collect.value.problems[:1] + from_rebuild.value.problems}
    messages |= {from_verify[0].unreadable.render("sv").split(": ", 1)[1]}
    assert len(messages) == 1 and ".xlsx" in messages.pop()
    result = CliRunner().invoke(main, ["verify", str(legacy)])
    assert result.exit_code == 1 and ".xls (Excel 97–2003)" in result.output


def test_a_zip_attachment_is_opened_and_its_other_files_named(tmp_path: Path):
    _, built, files = _built(tmp_path)
    fill(files["HC2"], {SABO: 2500})
    returns = tmp_path / "returns"
    returns.mkdir()
    (returns / "svar.zip").write_bytes(
        make_zip(
            {
                "svar/HC2 ifylld.xlsx": files["HC2"].read_bytes(),
                "svar/läs mig.txt": b"Hej!",
                "__MACOSX/svar/._HC2 ifylld.xlsx": b"junk",
                "svar/~$HC2 ifylld.xlsx": b"Excel's lock file, zipped with the form",
            }
        )
    )
    collected = api.collect([returns], built.master, tmp_path / "summary.xlsx")
    assert collected.used("HC2") == 2500
    assert collected.entries["HC2"].field_sources["amount:lakarmedverkan_i_sarskilt_boende"] == (
        "svar.zip/svar/HC2 ifylld.xlsx"
    )
    assert [(n.kind, n.location.file) for n in collected.notes] == [
        ("gather_not_workbook", str(returns / "svar.zip" / "svar" / "läs mig.txt")),
        ("gather_lock_file", str(returns / "svar.zip" / "svar" / "~$HC2 ifylld.xlsx")),
    ]
    # A member larger than any form is refused from what the zip declares, never unpacked.
    bomb = make_zip({"HC3.xlsx": files["HC3"].read_bytes()})
    (returns / "svar.zip").write_bytes(declare_size(bomb, "HC3.xlsx", 30_000_000))
    with pytest.raises(InputError) as raised:
        api.collect([returns], built.master, tmp_path / "summary.xlsx")
    assert [p.kind for p in raised.value.problems] == ["return_too_large"]


def test_every_other_file_is_named_with_a_reason(tmp_path: Path):
    inputs, built, files = _built(tmp_path)
    year = built.master.parent
    (year / "anteckningar.pdf").write_bytes(b"%PDF-1.4\n%\xe2\xe3\xcf\xd3\n")
    other = openpyxl.Workbook()
    other.active["A1"] = "Egen lista"
    other.save(year / "egen lista.xlsx")

    rebuilt = api.build(inputs, tmp_path / "outputs")
    assert _notes(rebuilt.cycle.notes) == [
        ("gather_not_grantsheet", "egen lista.xlsx"),
        ("gather_not_workbook", "anteckningar.pdf"),
    ]
    result = CliRunner().invoke(main, ["build", "--inputs", str(inputs), "--outputs", str(tmp_path / "outputs")])
    assert result.exit_code == 0 and "2 filer lästes inte:" in result.output
    assert "anteckningar.pdf" in result.output and "Försök:" in result.output

    # The officer points collect at the year folder while a form is open in Excel: the
    # archive, the lock file, the PDF and the other workbook are each named.
    lock = files["HC1"].parent / ("~$" + files["HC1"].name)
    (year / "egen lista.xlsx").unlink()
    lock.write_bytes(b"\x00" * 165)
    collected = api.collect([year], built.master, tmp_path / "summary.xlsx")
    assert _notes(collected.notes) == [
        ("gather_archive_skipped", "arkiv"),
        ("gather_lock_file", lock.name),
        ("gather_not_workbook", "anteckningar.pdf"),
    ]
    result = CliRunner().invoke(
        main,
        ["collect", str(year), "--master", str(built.master), "--output", str(tmp_path / "s.xlsx"), "--lang", "en"],
    )
    assert "3 files were not read:" in result.output and "open in Excel or LibreOffice" in result.output
