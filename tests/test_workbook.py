"""Golden checks of the master workbook, read back with openpyxl (formulas) and data_only (cached values)."""

from pathlib import Path

import openpyxl
import pandas
import pytest
from workspace import make_workspace, small_region

from grantsheet import api
from grantsheet_samples import Home, Listing

REPOSITORY = Path(__file__).resolve().parents[1]


@pytest.fixture(scope="module")
def example_build(example_build):
    """The session's build of the shipped example (as the repository's inputs/), read only."""
    return example_build("vasterbotten-2022")


def sheet_rows(path: Path, sheet: str, data_only: bool) -> list[tuple]:
    book = openpyxl.load_workbook(path, data_only=data_only)
    return [tuple(row) for row in book[sheet].iter_rows(values_only=True)]


def payout_table(path: Path, data_only: bool) -> dict[str, tuple]:
    """Payout sheet rows keyed by centre id (the rows under the header, before the totals)."""
    rows = sheet_rows(path, "Utbetalning", data_only)
    header = rows.index(next(r for r in rows if r[0] == "Hälsocentral-id"))
    return {row[0]: row for row in rows[header + 1 :] if row[0]}


def test_sheets_in_order(example_build):
    book = openpyxl.load_workbook(example_build.master)
    assert book.sheetnames == [
        "Översikt",
        "Parametrar",
        "Indata boendeplatser",
        "Indata listade 80+",
        "Beräkning",
        "Utbetalning",
        "Återrapportering",
        "Kontroll",
        "Metod",
        "grantsheet_seal",  # what the build read and decided (grantsheet.seal), very hidden
    ]
    assert [s.sheet_state for s in book.worksheets][-2:] == ["visible", "veryHidden"]


def test_every_amount_is_a_formula_whose_cached_value_is_the_python_result(example_build):
    formulas = payout_table(example_build.master, data_only=False)
    cached = payout_table(example_build.master, data_only=True)
    centres = example_build.dataset.centres
    assert list(formulas) == [centre.id for centre in centres]
    for index, centre in enumerate(centres):
        expected = [result.allocation.payouts[index] for result in example_build.pools]
        row_formulas, row_values = formulas[centre.id], cached[centre.id]
        assert all(str(cell).startswith("=") for cell in row_formulas[2:5])
        assert list(row_values[2:4]) == expected
        assert row_values[4] == sum(expected)


def test_payouts_sum_to_each_pool(example_build):
    cached = payout_table(example_build.master, data_only=True)
    for pool_index, result in enumerate(example_build.pools):
        assert sum(row[2 + pool_index] for row in cached.values()) == result.pool.amount == 4_200_000


def test_a_viewer_that_does_not_recalculate_sees_the_amounts(example_build):
    frame = pandas.read_excel(example_build.master, sheet_name="Utbetalning", header=3)
    total_column = frame.columns[-1]
    # The key's fingerprint (and the approval line) stand under the table, as on a paper list.
    total_row = frame.index[frame[frame.columns[1]] == "Summa"][0]
    assert frame[total_column].iloc[:total_row].sum() == 8_400_000
    assert frame[total_column].iloc[total_row] == 8_400_000


def test_pool_amounts_are_defined_names_on_the_parameters_sheet(example_build):
    book = openpyxl.load_workbook(example_build.master)
    for result in example_build.pools:
        defined = book.defined_names[result.pool.amount_name]
        sheet, cell = next(defined.destinations)
        assert sheet == "Parametrar"
        assert book[sheet][cell.replace("$", "")].value == result.pool.amount


def test_checks_are_formulas_and_all_ok(example_build):
    formulas = sheet_rows(example_build.master, "Kontroll", data_only=False)
    values = sheet_rows(example_build.master, "Kontroll", data_only=True)
    statuses = [(f[1], v[1]) for f, v in zip(formulas, values) if isinstance(f[1], str) and f[1].startswith("=IF(")]
    assert len(statuses) >= 4 * 2 + 4
    assert all(value == "OK" for _, value in statuses)


def test_calculation_and_payout_are_protected_follow_up_inputs_are_not(example_build):
    book = openpyxl.load_workbook(example_build.master)
    assert book["Beräkning"].protection.sheet and book["Utbetalning"].protection.sheet
    follow_up = book["Återrapportering"]
    assert follow_up.protection.sheet
    header_row = next(r for r in follow_up.iter_rows(min_row=1, max_row=10) if r[0].value == "Hälsocentral-id")
    headings = [c.value for c in header_row]
    first_data = header_row[0].row + 1
    typed = [
        c
        for c, h in zip(follow_up[first_data], headings)
        if h and (h.startswith("Använt:") or h in ("Beskrivning av hur medlen använts", "Kontaktperson", "Datum"))
    ]
    formula_cells = [c for c, h in zip(follow_up[first_data], headings) if h in ("Mottaget (kr)", "Kvar (kr)")]
    assert len(typed) == len(example_build.dataset.grant.follow_up_categories) + 3
    assert all(c.protection.locked is False for c in typed)
    assert all(c.protection.locked is not False for c in formula_cells)
    assert len(follow_up.data_validations.dataValidation) >= 3


def test_example_data_is_labelled_as_such(example_build):
    overview = sheet_rows(example_build.master, "Översikt", data_only=True)
    assert any(row[0] and str(row[0]).startswith("EXEMPELDATA") for row in overview)


def test_overview_names_every_input_with_its_checksum(example_build):
    overview = sheet_rows(example_build.master, "Översikt", data_only=True)
    listed = {row[0]: row[1] for row in overview if row[0] and row[1] and len(str(row[1])) == 64}
    assert {source.name: source.sha256 for source in example_build.dataset.sources} == listed


def test_overview_has_a_native_chart(example_build):
    book = openpyxl.load_workbook(example_build.master)
    assert len(book["Översikt"]._charts) == 1


def test_input_sheets_keep_provenance(example_build):
    rows = sheet_rows(example_build.master, "Indata boendeplatser", data_only=True)
    header = next(i for i, r in enumerate(rows) if r[0] == "Hälsocentral-id")
    data = [r for r in rows[header + 1 :] if r[0]]
    assert len(data) == len(example_build.dataset.tables["bed_places"].records)
    assert all(r[-3] == "boendeplatser.xlsx" and r[-2] == "Boendeplatser" and r[-1] > 4 for r in data)


def test_rebuilding_the_same_inputs_gives_identical_bytes(tmp_path, example_build):
    built = example_build  # the session's, built earlier in another folder
    first = built.master.read_bytes()
    second = api.build(built.master.parents[2] / "inputs", tmp_path / "b").master.read_bytes()
    assert first == second


def test_names_from_inputs_stay_text(tmp_path):
    hostile = '=HYPERLINK("http://example.com","klicka")'
    listings = [Listing(hostile, 10), Listing("+46 hälsocentral", 5), Listing("Vanlig", 7)]
    homes = [Home("@kommun", "-boende", hostile, 4), Home("Kommun", "Boende", "Vanlig", 3)]
    result = api.build(make_workspace(tmp_path, homes, listings), tmp_path / "out")
    book = openpyxl.load_workbook(result.master)
    names = [row[1].value for row in book["Utbetalning"].iter_rows(min_row=5) if row[0].value]
    assert hostile in names and "+46 hälsocentral" in names
    for row in book["Utbetalning"].iter_rows(min_row=5):
        if row[1].value == hostile:
            assert row[1].data_type == "s"


def test_english_workbook(tmp_path):
    homes, listings = small_region()
    result = api.build(make_workspace(tmp_path, homes, listings, language="en"), tmp_path / "out")
    book = openpyxl.load_workbook(result.master)
    assert book.sheetnames[0] == "Overview" and "Payout" in book.sheetnames
    checks = sheet_rows(result.master, "Checks", data_only=True)
    assert any(row[0] == "All checks" and row[1] == "OK" for row in checks)


def test_a_centre_without_homes_gets_nothing_from_the_nursing_home_pool(tmp_path):
    homes, listings = small_region()
    result = api.build(make_workspace(tmp_path, homes, listings), tmp_path / "out")
    by_name = {centre.name: index for index, centre in enumerate(result.dataset.centres)}
    sabo = result.pools[0].allocation
    assert sabo.payouts[by_name["Backens vårdcentral"]] == 0
    # 50 places at Ålidhem, 21 at Sorsele: 4 200 000 * 50/71 and * 21/71, largest remainder.
    assert sabo.payouts[by_name["Ålidhems hälsocentral"]] + sabo.payouts[by_name["Hälsocentralen Sorsele"]] == 4_200_000
    assert sabo.payouts[by_name["Ålidhems hälsocentral"]] == 2_957_746
