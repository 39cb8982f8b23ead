"""The file format (grantsheet.fileformat): every file says its format and who wrote it; a file
of a newer format is refused with both versions named; labels reworded after a release still
read the files of that release (grantsheet/frozen_labels.py)."""

from __future__ import annotations

import json
import re
import shutil
from pathlib import Path

import pytest
from click.testing import CliRunner
from hostile_inputs import rewrite_member

from grantsheet import __version__, api, fileformat, seal, tables, texts
from grantsheet.cli import main
from grantsheet.errors import InputError
from grantsheet.layout import FORMAT_PROPERTY, VERSION_PROPERTY
from grantsheet.readback import workbook_info

CORPUS = Path(__file__).parent / "corpus"
OLD_MASTER = CORPUS / "0.1.0" / "vasterbotten-2022" / "outputs" / "2022" / "grantsheet-2022.xlsx"


@pytest.fixture(scope="module")
def built(tmp_path_factory, example_build):
    """A folder with a form of the session's build of the example returned and collected, and that build."""
    folder = tmp_path_factory.mktemp("format")
    result = example_build("vasterbotten-2022")
    returned = folder / "returns"
    returned.mkdir()
    shutil.copyfile(result.centre_files[0], returned / result.centre_files[0].name)
    api.collect([returned], result.master, folder / "sammanstallning.xlsx")
    return folder, result


def test_every_file_records_its_format_and_version(built):
    folder, result = built
    for path, kind in ((result.master, "master"), (result.centre_files[0], "centre")):
        info = workbook_info(path)
        assert (info.kind, info.format, info.version) == (kind, fileformat.FORMATS[kind], __version__)
    summary = workbook_info(folder / "sammanstallning.xlsx")
    assert (summary.kind, summary.format, summary.version) == ("summary", fileformat.FORMATS["summary"], __version__)
    year = result.master.parent
    base = json.loads((year / "grantsheet-2022-base.json").read_text(encoding="utf-8"))
    assert (base["format"], base["version"]) == (fileformat.FORMATS["base"], __version__)
    line = json.loads((year / "grantsheet-journal.jsonl").read_text(encoding="utf-8").splitlines()[-1])
    assert (line["format"], line["version"]) == (fileformat.FORMATS["journal"], __version__)


def test_a_file_without_a_format_is_read_as_format_1():
    """What grantsheet 0.1.0 wrote (the corpus) has no format property."""
    info = workbook_info(OLD_MASTER)
    assert (info.kind, info.format, info.version) == ("master", 1, None)


def _newer(source: Path, target: Path) -> Path:
    """``source`` as a grantsheet 9.1 of format 99 would have written it."""
    shutil.copyfile(source, target)

    def change(xml: bytes) -> bytes:
        for name, value in ((FORMAT_PROPERTY, b"99"), (VERSION_PROPERTY, b"9.1.0")):
            xml = re.sub(
                rb'(name="' + name.encode() + rb'"[^>]*><vt:lpwstr>)[^<]*(</vt:lpwstr>)',
                rb"\g<1>" + value + rb"\g<2>",
                xml,
            )
        return xml

    rewrite_member(target, "docProps/custom.xml", change)
    return target


def test_a_newer_master_is_refused_naming_both_versions(built, tmp_path):
    _, result = built
    newer = _newer(result.master, tmp_path / "ny.xlsx")
    with pytest.raises(fileformat.NewerFormat) as raised:
        workbook_info(newer)
    [found] = raised.value.problems
    assert found.location.file == str(newer)
    assert found.render("en") == (
        f"{newer}: The file was written by grantsheet 9.1.0 (file format 99); this is grantsheet {__version__}, "
        f"which reads formats up to {fileformat.FORMATS['master']}. Try: update grantsheet "
        "(pip install --upgrade grantsheet) and run again; the file is fine."
    )
    [report] = api.verify([newer], recalc=False)
    assert report.unreadable is not None and report.unreadable.kind == "format_newer"


def test_collect_and_verify_on_the_command_line_say_update(built, tmp_path):
    folder, result = built
    newer = _newer(result.master, tmp_path / "ny.xlsx")
    out = CliRunner().invoke(main, ["collect", str(folder / "returns"), "--master", str(newer), "--lang", "en"])
    assert out.exit_code == 1
    assert "written by grantsheet 9.1.0 (file format 99)" in out.output and "update grantsheet" in out.output


def test_a_rebuild_over_a_newer_centre_file_writes_nothing(tmp_path, example_copy):
    workspace = example_copy("vasterbotten-2022")
    master = workspace / "outputs" / "2022" / "grantsheet-2022.xlsx"
    target = next((master.parent / "mottagare").glob("*.xlsx"))
    _newer(target, tmp_path / "ny.xlsx").replace(target)
    before = master.read_bytes()
    with pytest.raises(InputError) as raised:
        api.build(workspace / "inputs", workspace / "outputs")
    assert [p.kind for p in raised.value.problems] == ["format_newer"]
    assert master.read_bytes() == before


def test_a_newer_journal_line_is_located(tmp_path):
    journal = tmp_path / "grantsheet-journal.jsonl"
    journal.write_text('{"entry": 1}\n{"format": 7, "version": "0.9.0"}\n', encoding="utf-8")
    from grantsheet import journal as journals

    with pytest.raises(fileformat.NewerFormat) as raised:
        journals.read(journal)
    assert raised.value.problems[0].location.line == 2
    assert "0.9.0" in raised.value.problems[0].render("en")


def test_a_newer_base_is_refused(tmp_path):
    from grantsheet.base import read_base

    base = tmp_path / "grantsheet-2022-base.json"
    base.write_text('{"format": 5, "version": "1.0.0", "centres": {}}', encoding="utf-8")
    with pytest.raises(fileformat.NewerFormat):
        read_base(base)


def test_rewording_a_label_keeps_verifying_masters_written_before(monkeypatch, tmp_path):
    """The issue's own example: "Antal platser (platser)" reworded in texts.py; the 0.1.0 master,
    whose input sheet has the old heading and no column ids, still verifies."""
    spec = tables.TABLES["bed_places"]
    assert spec.column("places").label[0] == "Antal platser (platser)"
    # Since the built-in tables are declarations, a rewording is made in their preset.
    places = spec.column("places")._replace(label=("Antal vårdplatser (platser)", "Bed places (places)"))
    reworded = spec._replace(columns=tuple(places if c.field == "places" else c for c in spec.columns))
    monkeypatch.setitem(tables.TABLES, "bed_places", reworded)
    monkeypatch.setitem(seal._SPECS, "bed_places", reworded)
    assert "Antal platser (platser)" in tables.column_labels(reworded, "places")
    master = tmp_path / "outputs" / "2022" / OLD_MASTER.name
    master.parent.mkdir(parents=True)
    shutil.copyfile(OLD_MASTER, master)  # verify leaves a lock beside the outputs: not in the corpus
    [report] = api.verify([master], recalc=False)
    assert report.unreadable is None
    assert [f.render("en") for f in report.findings if f.failing] == []
    assert report.derived is not None and sum(report.derived.pools[0].allocation.payouts) == 4_200_000


def test_only_read_back_labels_are_frozen():
    from grantsheet.frozen_labels import LABELS as FROZEN

    for version, labels in FROZEN.items():
        assert labels and all(texts.read_back(key) for key in labels), version
        assert all(len(value) == len(texts._INDEX) for value in labels.values()), version
