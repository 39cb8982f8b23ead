"""Per-centre payout files: safe names, the id inside, the basis as live formulas."""

from __future__ import annotations

from pathlib import Path

import openpyxl
from cycle_helpers import make_inputs

from grantsheet import api
from grantsheet.centre_files import MAX_NAME_CHARS, safe_file_name
from grantsheet.layout import FORMULA_NAMES, ID_NAME, NAME_NAME, amount_field, field_name
from grantsheet.readback import workbook_info


def test_safe_file_names_are_valid_on_windows_and_linux():
    assert safe_file_name("HC1", "Beta/Gamma vårdcentral") == "HC1 Beta_Gamma vårdcentral.xlsx"
    assert safe_file_name("A:B", 'x<y>"z|?*') == "A_B x_y__z___.xlsx"
    assert safe_file_name("CON", "") == "_CON.xlsx"
    assert safe_file_name("id", "slut. ") == "id slut.xlsx"
    assert safe_file_name("id", "tab\there\x01") == "id tab here_.xlsx"
    long = safe_file_name("id", "å" * 500)
    assert len(long) == MAX_NAME_CHARS + len(".xlsx")
    # NFC: a decomposed å becomes one character, as macOS and Windows would otherwise differ.
    assert safe_file_name("id", "a\u030a") == "id å.xlsx"


def test_centre_file_holds_id_basis_and_follow_up(tmp_path: Path):
    result = api.build(make_inputs(tmp_path / "inputs"), tmp_path / "outputs")
    assert [p.name for p in result.centre_files] == [
        "HC1 Alfa hälsocentral.xlsx",
        "HC2 Beta_Gamma vårdcentral.xlsx",
        "HC3 Delta hälsocentral.xlsx",
        "HC4 Epsilon hälsocentral.xlsx",
    ]
    path = result.centre_files[1]
    info = workbook_info(path)
    assert (info.kind, info.centre_id) == ("centre", "HC2")
    formulas = openpyxl.load_workbook(path)
    values = openpyxl.load_workbook(path, data_only=True)
    payout, cached = formulas["Utbetalning"], values["Utbetalning"]
    assert payout["B6"].value == "HC2"
    # Basis row per pool: amount, total key, key, extra, money units per krona typed;
    # rate, quota, floor, payout live.
    assert payout["E11"].value == "=B11/C11" and payout["G11"].value == "=B11*F11/C11"
    assert payout["H11"].value == "=INT(B11*F11/C11)" and payout["K11"].value == "=(H11+I11)/J11"
    assert payout["J11"].value == 1
    assert payout["K13"].value == "=SUM($K$11:$K$12)"
    sabo = result.pools[0].allocation
    assert (cached["B11"].value, cached["C11"].value, cached["F11"].value) == (4_200_000, sabo.total_key, 31)
    assert cached["K11"].value == sabo.payouts[1]
    total = sum(r.allocation.payouts[1] for r in result.pools)
    assert cached["K13"].value == total
    follow = values["Återrapportering"]
    assert (follow["A5"].value, follow["B5"].value) == ("Hälsocentral-id", "HC2")
    assert follow["B7"].value == total
    assert formulas["Återrapportering"]["B7"].value == "=Utbetalning!$K$13"
    assert formulas["Återrapportering"].protection.sheet and payout.protection.sheet
    assert formulas["Återrapportering"]["B10"].protection.locked is False
    assert payout.print_options is not None and payout.page_setup.paperSize == 9


def test_the_form_reads_top_to_bottom_and_prints_on_a4_portrait(tmp_path: Path):
    result = api.build(make_inputs(tmp_path / "inputs"), tmp_path / "outputs")
    book = openpyxl.load_workbook(result.centre_files[0])
    sheet = book["Återrapportering"]
    categories = result.dataset.grant.follow_up_categories
    # One row per category, the label left of the amount typed beside it.
    assert [sheet.cell(10 + i, 1).value for i in range(len(categories))] == [c.name for c in categories]
    last = 9 + len(categories)
    assert [sheet.cell(row, 1).value for row in range(last + 1, last + 3)] == ["Summa använt (kr)", "Kvar (kr)"]
    assert sheet.cell(last + 1, 2).value == f"=SUM($B$10:$B${last})"
    assert sheet.cell(last + 2, 2).value == f"=B7-B{last + 1}"
    names = {name: d.attr_text for name, d in book.defined_names.items()}
    for i, category in enumerate(categories):
        assert names[field_name(amount_field(category.id))] == f"Återrapportering!$B${10 + i}"
        assert sheet.cell(10 + i, 2).protection.locked is False
    assert names[ID_NAME] == "Återrapportering!$B$5" and names[NAME_NAME] == "Återrapportering!$B$6"
    assert names[FORMULA_NAMES["received"]] == "Återrapportering!$B$7"
    assert names[FORMULA_NAMES["used"]] == f"Återrapportering!$B${last + 1}"
    assert names[FORMULA_NAMES["left"]] == f"Återrapportering!$B${last + 2}"
    assert sheet.cell(last + 4, 1).value == "Beskrivning av hur medlen använts"
    description = f"A{last + 5}"
    assert names[field_name("description")] == f"Återrapportering!${description[0]}${description[1:]}"
    assert f"{description}:B{last + 5}" in {str(r) for r in sheet.merged_cells.ranges}
    assert sheet[description].alignment.wrap_text and sheet.row_dimensions[last + 5].height >= 100
    contact, date = names[field_name("contact")], names[field_name("date")]
    assert (contact, date) == (f"Återrapportering!$B${last + 7}", f"Återrapportering!$B${last + 8}")
    for cell in (description, f"B{last + 7}", f"B{last + 8}"):
        assert sheet[cell].protection.locked is False
    rules = {dv.type: str(dv.sqref) for dv in sheet.data_validations.dataValidation if dv.type != "textLength"}
    assert rules == {"decimal": f"B10:B{last}", "date": f"B{last + 8}"}
    assert sheet.protection.sheet
    assert sheet.page_setup.orientation == "portrait" and sheet.page_setup.paperSize == 9
    # One page wide (fitToWidth 1, the default, is not written), as many pages high as it takes.
    assert sheet.sheet_properties.pageSetUpPr.fitToPage
    assert (sheet.page_setup.fitToWidth or 1, sheet.page_setup.fitToHeight) == (1, 0)
    assert sheet.print_area == f"'Återrapportering'!$A$1:$B${last + 8}"
