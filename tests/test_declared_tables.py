"""A table of the officer's own, declared in the grant file ([[tables]]), end to end: located
problems, the build, both engines through verify, diff and collect; decimal keys exact."""

from fractions import Fraction
from pathlib import Path

import pytest
import xlsxwriter
from hypothesis import given, settings
from hypothesis import strategies as st
from tiers import examples

from grantsheet import api
from grantsheet.allocate import allocate_pools, largest_remainder
from grantsheet.errors import InputError
from grantsheet.grant import read_grant
from grantsheet.tables import TABLES, sheet_name
from grantsheet.validate import parse_decimal

GRANT = """\
[grant]
year = 2024
title = "Bidrag till regionerna"
organisation = "Staten"

[recipients]
noun = "region"
plural = "regioner"
table = "befolkning"

[[tables]]
id = "befolkning"
file = "befolkning.xlsx"
recipient = "Region"
columns = [
  { id = "invanare", heading = "Folkmängd", kind = "count", unit = "invånare" },
  { id = "andel", heading = ["Andel (%)", "Procent"], kind = "decimal", unit = "procent" },
  { id = "arbetsloshet", heading = "Arbetslöshet (%)", kind = "decimal" },
]

[[pools]]
id = "bas"
name = "Efter folkmängd"
amount = 1000000
key = "befolkning.invanare"

[[pools]]
id = "andel"
name = "Efter andel"
amount = 2000000
key = "befolkning.andel"

[follow_up]
categories = ["Övrigt"]
"""
# A title row above the header, "1 234" with spaces, a decimal comma, a float cell, a Summa row.
ROWS = [
    ("Region Stockholm", 2_454_821, 23.51234, 7.1),
    ("Region Uppsala", 404_589, "3,87501", 6.2),
    ("Region Skåne", "1 414 659", 13.04061, 8.4),
    ("Region Gotland", 60_686, "0,58123", 5.5),
]


def write_table(path: Path, rows=ROWS, heading: str = "Andel (%)") -> None:
    book = xlsxwriter.Workbook(path)
    sheet = book.add_worksheet("Befolkning")
    sheet.write_string(0, 0, "Folkmängd per region (exempel)")
    sheet.write_row(2, 0, ["Region", "Folkmängd", heading, "Arbetslöshet (%)"])
    for number, row in enumerate(rows, start=3):
        for col, value in enumerate(row):
            if isinstance(value, str):
                sheet.write_string(number, col, value)
            else:
                sheet.write_number(number, col, value)
    sheet.write_row(3 + len(rows), 0, ["Summa", 4_334_755])
    book.close()


def workspace(tmp_path: Path, rows=ROWS, heading: str = "Andel (%)") -> Path:
    inputs = tmp_path / "inputs"
    inputs.mkdir(parents=True)
    (inputs / "grant.toml").write_text(GRANT, encoding="utf-8")
    write_table(inputs / "befolkning.xlsx", rows, heading)
    return inputs


def test_the_issue_vocabulary_reads_into_one_declaration(tmp_path):
    inputs = workspace(tmp_path)
    problems: list = []
    grant = read_grant(inputs / "grant.toml", problems)
    assert problems == [] and grant is not None
    spec = grant.tables["befolkning"]
    assert spec.declared and spec.defines_centres and grant.centres_table == "befolkning"
    assert [c.field for c in spec.columns] == ["centre", "centre_id", "invanare", "andel", "arbetsloshet"]
    assert spec.column("andel").headings == ("andel (%)", "procent")
    assert spec.key_words("invanare").unit == ("invånare", "invånare")
    assert spec.key_fields == ("invanare", "andel", "arbetsloshet")
    assert sheet_name(spec, "sv") == "Indata befolkning" and sheet_name(spec, "en") == "Input befolkning"
    # The grant file's words in its language (sv), translated in the other.
    assert grant.who.noun == ("region", "region") and grant.who.plural == ("regioner", "regions")
    assert grant.input_files == {"befolkning": "befolkning.xlsx"} and grant.currency == "SEK"


def test_a_builtin_table_is_a_preset_of_the_same_declaration():
    for spec in TABLES.values():
        assert not spec.declared
        for field in spec.key_fields:
            words = spec.key_words(field)
            assert all(words.name) and all(words.unit) and all(words.one)
        assert all(spec.label) and all(spec.title)
        assert all(all(c.label) for c in spec.columns if c.field != "centre_id")


@pytest.mark.parametrize(
    "line, kind",
    [
        ('key = "befolkning.region"', "grant_unknown_column"),
        ('key = "folk.invanare"', "grant_bad_value"),
        ('key = "befolkning.andel"\nrate = 5', "grant_rate_decimal_key"),
    ],
)
def test_a_pool_key_names_a_numeric_column_of_a_known_table(tmp_path, line, kind):
    inputs = workspace(tmp_path)
    text = GRANT.replace('key = "befolkning.invanare"', line)
    (inputs / "grant.toml").write_text(text, encoding="utf-8")
    problems: list = []
    assert read_grant(inputs / "grant.toml", problems) is None
    assert [p.kind for p in problems] == [kind]
    assert problems[0].location.line == text.splitlines().index(line.splitlines()[-1]) + 1


def test_a_declared_id_may_not_take_a_builtin_tables_name(tmp_path):
    inputs = workspace(tmp_path)
    (inputs / "grant.toml").write_text(GRANT.replace('id = "befolkning"', 'id = "regioner"'), encoding="utf-8")
    problems: list = []
    assert read_grant(inputs / "grant.toml", problems) is None
    assert "grant_table_id_taken" in [p.kind for p in problems]


def test_bad_cells_are_located_with_file_sheet_cell_and_fix(tmp_path):
    rows = [
        ("Region Stockholm", 2_454_821, 23.512345678, 7.1),  # 9 decimals
        ("Region Uppsala", "många", "3,87501", 6.2),
        ("Region Skåne", 1_414_659, "13,0406,1", 8.4),
    ]
    inputs = workspace(tmp_path, rows)
    with pytest.raises(InputError) as raised:
        api.check(inputs)
    found = {(p.kind, p.location.file, p.location.sheet, p.location.cell) for p in raised.value.problems}
    assert ("decimal_too_many", "befolkning.xlsx", "Befolkning", "C4") in found
    assert ("count_not_a_number", "befolkning.xlsx", "Befolkning", "B5") in found
    assert ("decimal_not_a_number", "befolkning.xlsx", "Befolkning", "C6") in found
    too_many = next(p for p in raised.value.problems if p.kind == "decimal_too_many")
    assert "6" in too_many.fix("sv") and "decimaler" in too_many.fix("sv")


def test_a_missing_heading_names_the_declared_one(tmp_path):
    inputs = workspace(tmp_path, heading="Andelen")
    with pytest.raises(InputError) as raised:
        api.check(inputs)
    (missing,) = [p for p in raised.value.problems if p.kind == "missing_columns"]
    assert missing.location.cell == "A3" and "andel (%)" in missing.render("sv")


def test_a_count_above_ten_million_is_read(tmp_path):
    rows = [("Kalifornien", 39_512_223, 11.9, 4.0), ("Wyoming", 578_759, 0.18, 3.7)]
    dataset = api.check(workspace(tmp_path, rows))
    keys = [record.values["invanare"] for record in dataset.tables["befolkning"].records]
    assert sorted(keys) == [578_759, 39_512_223]


def test_a_declared_table_builds_verifies_in_both_engines_diffs_and_collects(tmp_path, soffice, ssconvert):
    inputs = workspace(tmp_path)
    result = api.build(inputs, tmp_path / "outputs")
    shares = result.pools[1]
    # Decimal keys in whole key units: 13,04061 % is 1 304 061 hundred-thousandths.
    assert shares.key_scale == 100_000
    exact = [Fraction(1304061, 100000), Fraction(387501, 100000), Fraction(2351234, 100000), Fraction(58123, 100000)]
    names = [c.name for c in result.dataset.centres]
    assert names == ["Region Gotland", "Region Skåne", "Region Stockholm", "Region Uppsala"]
    keys = dict(zip(["Region Skåne", "Region Uppsala", "Region Stockholm", "Region Gotland"], exact))
    total = sum(exact)
    for name, paid in zip(names, shares.paid):
        assert abs(paid - 2_000_000 * keys[name] / total) < 1
    assert sum(shares.paid) == 2_000_000

    (report,) = api.verify([result.master])
    assert report.ok, [f.render("en") for f in report.findings]
    assert set(report.engines) == {"LibreOffice", "Gnumeric"} and report.formulas_compared > 100

    changed = [row if row[0] != "Region Gotland" else ("Region Gotland", 60_686, "0,68123", 5.5) for row in ROWS]
    write_table(inputs / "befolkning.xlsx", changed)
    again = api.build(inputs, tmp_path / "after")
    difference = api.diff(result.master, again.master)
    (changed_row,) = difference.inputs
    assert changed_row.render("sv").count("Andel (%) (procent)") == 1 and "Region Gotland" in changed_row.render("sv")
    assert {change.centre for change in difference.payouts} == set(names)  # every share moves

    collected = api.collect([], result.master, tmp_path / "sammanstallning.xlsx")
    assert {name for _, name in collected.missing} == set(names)


@settings(max_examples=examples(60), deadline=None)
@given(
    st.lists(st.integers(0, 10**9), min_size=1, max_size=12).filter(any),
    st.integers(0, 10**6),
    st.integers(0, 6),
)
def test_decimal_keys_split_exactly_as_the_fraction_oracle(millionths, amount, decimals):
    """Keys read from their decimal text (as a file gives them) split like exact fractions:
    each payout within one krona of amount × k / K, and the floors are the oracle's."""
    scale = 10**decimals
    texts = [f"{m // scale},{m % scale:0{decimals}d}" if decimals else str(m) for m in millionths]
    keys = [parse_decimal(text)[0] for text in texts]
    assert keys == [Fraction(m, scale) for m in millionths]
    total = sum(keys)  # type: ignore[arg-type]
    result = largest_remainder(amount, [int(k * scale) for k in keys])  # type: ignore[operator]
    assert sum(result.payouts) == amount
    for key, floor, payout in zip(keys, result.floors, result.payouts):
        quota = Fraction(amount) * key / total  # type: ignore[operator]
        assert floor == quota.numerator // quota.denominator
        assert abs(payout - quota) < 1


@settings(max_examples=examples(60), deadline=None)
@given(st.integers(0, 10**16), st.integers(0, 6))
def test_a_float_cell_is_read_by_its_shortest_repr(digits, decimals):
    value = Fraction(digits, 10**decimals)
    if value > 10**10:
        return
    cell = float(value)
    parsed, kind = parse_decimal(cell)
    assert kind is None and parsed == Fraction(repr(cell))
    if len(repr(cell).replace(".", "").lstrip("0")) <= 15:  # a double holds 15 digits as typed
        assert parsed == value


def test_seven_decimals_are_refused_not_rounded():
    assert parse_decimal(13.04061) == (Fraction(1304061, 100000), None)
    assert parse_decimal("13,040610") == (Fraction(1304061, 100000), None)
    assert parse_decimal("0,0000001") == (None, "decimal_too_many")
    assert parse_decimal(0.1 + 0.2) == (None, "decimal_too_many")


def test_the_allocation_uses_the_declared_column(tmp_path):
    dataset = api.check(workspace(tmp_path))
    (people, shares) = allocate_pools(dataset)
    assert people.key_scale == 1 and people.allocation.total_key == 4_334_755
    assert shares.allocation.total_key == 4_100_919  # 41,00919 in hundred-thousandths


def test_a_grant_without_categories_writes_forms_without_a_circle(tmp_path, soffice, ssconvert):
    """categories = [] (the schema allows it): no category rows, nothing used, no formula that
    sums its own cell; verify passes the master and a centre's file in both engines."""
    inputs = tmp_path / "inputs"
    api.init_workspace(tmp_path, "vasterbotten-2022")
    grant = (inputs / "grant.toml").read_text(encoding="utf-8")
    start = grant.index("categories = [")
    end = grant.index("]\n", start) + 2
    (inputs / "grant.toml").write_text(grant[:start] + "categories = []\n" + grant[end:], encoding="utf-8")
    result = api.build(inputs, tmp_path / "outputs")
    assert result.dataset.grant.follow_up_categories == ()
    centre_file = sorted((result.master.parent / "mottagare").glob("*.xlsx"))[0]
    reports = api.verify([result.master, centre_file])
    for report in reports:
        assert report.ok, [f.render("en") for f in report.findings]
    collected = api.collect([centre_file], result.master, tmp_path / "sammanstallning.xlsx")
    assert collected.categories == ()


def test_the_export_shows_a_decimal_key_with_its_decimals_and_a_neutral_id(tmp_path):
    """Region Skåne's share 13,04061 % is its key in the export, not the 1 304 061 key units the
    split counts in; its id, made from its name, has no health centre's "HC-" (#21)."""
    import csv
    import json

    inputs = workspace(tmp_path)
    outputs = tmp_path / "outputs"
    api.build(inputs, outputs)
    api.export(inputs, outputs, csv=tmp_path / "excel.csv", json=tmp_path / "p.json")
    api.export(inputs, outputs, csv=tmp_path / "plain.csv", csv_plain=True)
    with (tmp_path / "plain.csv").open(encoding="utf-8", newline="") as handle:
        plain = {(r["centre_id"], r["pool_id"]): r["key"] for r in csv.DictReader(handle)}
    with (tmp_path / "excel.csv").open(encoding="utf-8-sig", newline="") as handle:
        excel = {(r["centre_id"], r["pool_id"]): r["key"] for r in csv.DictReader(handle, delimiter=";")}
    payouts = json.loads((tmp_path / "p.json").read_text(encoding="utf-8"))["payouts"]
    keys = {(p["centre_id"], p["pool_id"]): p["key"] for p in payouts}
    skane = ("REGION-SKANE", "andel")
    assert (plain[skane], excel[skane], keys[skane]) == ("13.04061", "13,04061", "13.04061")
    assert keys[("REGION-SKANE", "bas")] == 1_414_659


def test_the_letter_shows_a_decimal_key_as_its_column_holds_it(tmp_path):
    """Region Skåne's letter said "1 304 061 av 4 100 919 procent", the key units the split
    counts in (#21.7). Now 13,04061 of 41,00919 procent, in the table (the key units over the
    key scale the basis keeps and seals) and in the arithmetic, which a calculator repeats."""
    import openpyxl

    from grantsheet.layout import COL, LETTER_FIRST_LINE
    from grantsheet.verify import verify

    inputs = workspace(tmp_path)
    built = api.build(inputs, tmp_path / "outputs")
    skane = next(f for f in built.centre_files if "Skåne" in f.name)
    letter = openpyxl.load_workbook(skane, data_only=True).worksheets[0]
    formats = openpyxl.load_workbook(skane).worksheets[0]
    line = LETTER_FIRST_LINE + 1 + 1  # the second pool's row, one-based
    key, total = (letter.cell(line, col).value for col in (2, 3))
    assert (key, total) == (13.04061, 41.00919)
    assert formats.cell(line, 2).number_format == '#,##0.00000 "procent"'
    text = " ".join(str(c) for row in letter.iter_rows(values_only=True) for c in row if c)
    assert "Efter andel: 13,04061 av 41,00919 procent. 2 000 000 kr × 13,04061 / 41,00919 = " in text
    assert "1 304 061" not in text and "4 100 919" not in text
    exact = Fraction(2_000_000) * Fraction("13.04061") / Fraction("41.00919")
    whole, ore = divmod(round(exact * 100), 100)  # the exact share to the öre, on a calculator
    assert f"= {whole:,}".replace(",", " ") + f",{ore:02d} kr" in text
    # The payout sheet keeps the exact key units and seals the scale they are in.
    basis = openpyxl.load_workbook(skane, data_only=True).worksheets[1]
    row = [basis.cell(12, c + 1).value for c in (COL["key"], COL["total_key"], COL["key_scale"])]
    assert row == [1_304_061, 4_100_919, 100_000]
    said = " ".join(str(c) for line in basis.iter_rows(values_only=True) for c in line if isinstance(c, str))
    assert "1 304 061 av 4 100 919 är 13,04061 av 41,00919 procent" in said
    (report,) = verify([skane], use_recalc=False)
    assert report.ok, [f.render("en") for f in report.findings]
