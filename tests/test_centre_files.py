"""Per-centre payout files: safe names, the id inside, the basis as live formulas."""

from __future__ import annotations

from pathlib import Path

import openpyxl
from cycle_helpers import make_inputs

from grantsheet import api
from grantsheet.centre_files import MAX_NAME_CHARS, safe_file_name
from grantsheet.followup import workbook_info


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
    assert follow["A5"].value == "HC2" and follow["C5"].value == total
    assert formulas["Återrapportering"]["C5"].value == "=Utbetalning!$K$13"
    assert formulas["Återrapportering"].protection.sheet and payout.protection.sheet
    assert formulas["Återrapportering"]["D5"].protection.locked is False
    assert payout.print_options is not None and payout.page_setup.paperSize == 9
