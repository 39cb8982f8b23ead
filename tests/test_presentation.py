"""verify sees what prints (#26.6): edits of a master's XML that make a cell show another
amount, hide it, or leave rows off the printed payout list, each named with its sheet and
cell, where they passed with "alla kontroller OK" before."""

from __future__ import annotations

import re
import shutil
from pathlib import Path

import pytest
from cycle_helpers import CENTRES, make_inputs
from hostile_inputs import coloured_font, make_zip, zip_members

from grantsheet import api
from grantsheet.audit import book_views, master_views
from grantsheet.openpyxl_read import load_workbook
from grantsheet.readback import OutputBook
from grantsheet.recalc import recalculate

PAYOUT = "Utbetalning"


@pytest.fixture(scope="module")
def master(tmp_path_factory) -> Path:
    folder = tmp_path_factory.mktemp("presentation")
    return api.build(make_inputs(folder / "inputs"), folder / "outputs").master


def sheet_part(found: dict[str, bytes], name: str) -> str:
    book = found["xl/workbook.xml"].decode()
    rid = re.search(rf'<sheet name="{name}" sheetId="\d+" r:id="(rId\d+)"', book).group(1)
    rels = found["xl/_rels/workbook.xml.rels"].decode()
    return "xl/" + re.search(rf'Id="{rid}"[^>]*Target="([^"]+)"', rels).group(1)


def payout_cell(found: dict[str, bytes]) -> tuple[str, str]:
    """The first centre's payout cell on the payout sheet (C5) and its style index."""
    sheet = found[sheet_part(found, PAYOUT)].decode()
    style = re.search(r'<c r="C5" s="(\d+)"', sheet).group(1)
    return "C5", style


def tampered(master: Path, tmp_path: Path, edit) -> list[tuple[str, dict]]:
    copy = tmp_path / master.name
    shutil.copyfile(master, copy)
    found = zip_members(copy.read_bytes())
    edit(found)
    copy.write_bytes(make_zip(found))
    assert_views_as_openpyxl(copy)
    (report,) = api.verify([copy], recalc=False)
    assert not report.ok
    return [(f.kind, dict(f.params)) for f in report.findings if f.failing]


def assert_views_as_openpyxl(path: Path) -> None:
    """What verify reads of a master's presentation without openpyxl reading its cells
    (``master_views``) is what openpyxl's whole reading of it gives (``book_views``)."""
    with OutputBook(path) as book:
        cells = {name: book.cells(name) for name in book.sheetnames}
    whole = load_workbook(path)
    try:
        expected = book_views(whole, set(cells))
    finally:
        whole.close()
    assert dict(master_views(path, cells, list(cells))) == expected
    assert any(view.conditional for view in expected.values()) and any(v.print_area for v in expected.values())


def test_the_presentation_read_as_openpyxl_reads_it(master: Path, tmp_path: Path):
    """The master as built, with payouts merged over (openpyxl leaves all but a merged range's
    first cell empty) and with the payout sheet's cells written without their references."""
    assert_views_as_openpyxl(master)
    found = zip_members(master.read_bytes())
    part = sheet_part(found, PAYOUT)
    sheet = found[part].decode()
    merged = '<mergeCells count="1"><mergeCell ref="C5:D6"/></mergeCells>'
    unnamed = re.sub(r'(<c) r="[A-Z]+\d+"', r"\1", sheet)
    for number, changed in enumerate((sheet.replace("</sheetData>", "</sheetData>" + merged, 1), unnamed)):
        assert changed != sheet
        copy = tmp_path / f"{number}-{master.name}"
        copy.write_bytes(make_zip({**found, part: changed.encode()}))
        assert_views_as_openpyxl(copy)


def test_the_presentation_of_a_master_saved_by_an_engine(master: Path, tmp_path: Path, engine: str):
    """As LibreOffice and Gnumeric save the master (their styles, their conditional formats)."""
    (copy,) = recalculate([master], tmp_path, engine=engine)
    assert_views_as_openpyxl(copy)


def kronor_format(found: dict[str, bytes], code: str) -> None:
    styles = found["xl/styles.xml"].decode()
    assert "#,##0 &quot;kr&quot;" in styles
    found["xl/styles.xml"] = styles.replace('formatCode="#,##0 &quot;kr&quot;"', f'formatCode="{code}"').encode()


def test_a_number_format_that_shows_another_amount(master: Path, tmp_path: Path):
    """36 226 shown as "136 226 kr"."""
    findings = tampered(master, tmp_path, lambda found: kronor_format(found, "&quot;1&quot;# ##0 &quot;kr&quot;"))
    assert ("format_changed", {"sheet": PAYOUT, "cell": "C5", "found": "1# ##0 kr", "expected": "#,##0 kr"}) in findings


def test_a_hidden_number_format(master: Path, tmp_path: Path):
    findings = tampered(master, tmp_path, lambda found: kronor_format(found, ";;;"))
    assert ("format_changed", {"sheet": PAYOUT, "cell": "C5", "found": ";;;", "expected": "#,##0 kr"}) in findings


@pytest.mark.parametrize("white_colour", ['rgb="FFFFFFFF"', 'theme="0"'])
def test_a_white_font_on_a_payout(master: Path, tmp_path: Path, white_colour: str):
    """White as RGB and as Excel's palette gives it ("White, Background 1", the theme's)."""

    def white(found: dict[str, bytes]) -> None:
        _, style = payout_cell(found)
        coloured_font(found, int(style), white_colour, 11)

    findings = tampered(master, tmp_path, white)
    assert ("cell_invisible", {"sheet": PAYOUT, "cell": "C5"}) in findings


def test_a_conditional_format_added_on_a_payout(master: Path, tmp_path: Path):
    def conditional(found: dict[str, bytes]) -> None:
        part = sheet_part(found, PAYOUT)
        sheet = found[part].decode()
        rule = '<conditionalFormatting sqref="C5"><cfRule type="expression" dxfId="0" priority="99"><formula>TRUE</formula></cfRule></conditionalFormatting>'
        found[part] = sheet.replace("</sheetData>", "</sheetData>" + rule, 1).encode()

    findings = tampered(master, tmp_path, conditional)
    assert ("conditional_changed", {"sheet": PAYOUT, "area": "C5"}) in findings


def test_a_print_area_that_leaves_the_last_centres_and_the_total_off_the_paper(master: Path, tmp_path: Path):
    found_area = {}

    def shrink(found: dict[str, bytes]) -> None:
        book = found["xl/workbook.xml"].decode()
        area = re.search(
            r"(<definedName name=\"_xlnm.Print_Area\" localSheetId=\"\d+\">'?" + PAYOUT + r"'?!\$A\$1:\$(\w)\$)(\d+)<",
            book,
        )
        found_area["expected"] = f"A1:{area.group(2)}{area.group(3)}"
        shorter = int(area.group(3)) - len(CENTRES)
        found_area["found"] = f"A1:{area.group(2)}{shorter}"
        found["xl/workbook.xml"] = book.replace(area.group(0), f"{area.group(1)}{shorter}<").encode()

    findings = tampered(master, tmp_path, shrink)
    assert ("print_area_changed", {"sheet": PAYOUT, **found_area}) in findings


def test_a_master_of_the_format_before_verifies_as_before(master: Path, tmp_path: Path):
    """A format 2 master was written before the presentation was held to the layout: the
    same tamper is not a finding there, as before."""
    copy = tmp_path / master.name
    shutil.copyfile(master, copy)
    found = zip_members(copy.read_bytes())
    custom = found["docProps/custom.xml"].decode()
    custom, count = re.subn(r'(name="grantsheet_format"><vt:lpwstr>)\d+(</vt:lpwstr>)', r"\g<1>2\g<2>", custom)
    assert count == 1  # whatever format masters are written in now
    found["docProps/custom.xml"] = custom.encode()
    kronor_format(found, ";;;")
    copy.write_bytes(make_zip(found))
    (report,) = api.verify([copy], recalc=False)
    assert not [f for f in report.findings if f.kind == "format_changed"]
