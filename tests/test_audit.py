"""The audit (issue 12): the master's seal, exact formulas, the risks auditors look for, the journal."""

from __future__ import annotations

import datetime as dt
import hashlib
import json
import re
import shutil
import subprocess
import tomllib
from collections.abc import Callable
from pathlib import Path

import openpyxl
import pytest
import xlsxwriter
from click.testing import CliRunner
from contract_helpers import first_amount, own_cell
from hostile_inputs import rewrite_member
from openpyxl.packaging.relationship import Relationship
from openpyxl.workbook.defined_name import DefinedName
from openpyxl.workbook.external_link.external import ExternalBook, ExternalLink
from workspace import make_workspace, small_region

from grantsheet import api, fileformat
from grantsheet.cli import main
from grantsheet.journal import JOURNAL_NAME
from grantsheet.layout import SEAL_SHEET
from grantsheet.recalc import recalculate
from grantsheet.seal import BookCells, Seal, decode, digest, encode, parse, seal_text, written_sheets
from grantsheet.seal import _chunks as seal_chunks
from grantsheet_samples import Home, Listing

# The shipped example's grant file: its follow-up categories are the form's columns the risks below edit.
EXAMPLE_GRANT = api.templates_folder() / "examples" / "vasterbotten-2022" / "grant.toml"


@pytest.fixture(scope="module")
def built(tmp_path_factory):
    """A master of three centres laid out as the example's (its categories): each risk below loads,
    edits, saves and verifies it, in a third of the time of the example's master."""
    folder = tmp_path_factory.mktemp("audit")
    categories = tomllib.loads(EXAMPLE_GRANT.read_text(encoding="utf-8"))["follow_up"]["categories"]
    return api.build(make_workspace(folder, *small_region(), categories=categories), folder / "outputs")


def edited(master: Path, target: Path, edit: Callable[[openpyxl.Workbook], None]) -> Path:
    book = openpyxl.load_workbook(master)
    edit(book)
    book.save(target)
    return target


def failing(report) -> list[tuple[str, dict]]:
    return [(f.kind, dict(f.params)) for f in report.findings if f.failing]


def first_place_cell(book) -> openpyxl.cell.Cell:
    sheet = book["Indata boendeplatser"]
    return next(row[4] for row in sheet.iter_rows(min_row=5) if isinstance(row[4].value, int))


def test_the_seal_holds_the_dataset_the_build_read(built):
    book = openpyxl.load_workbook(built.master)
    assert book[SEAL_SHEET].sheet_state == "veryHidden"
    text = seal_text(list(book[SEAL_SHEET].iter_rows(values_only=True)))
    stored = {p.name: p.value for p in book.custom_doc_props.props}
    assert stored["grantsheet_seal"] == digest(text)
    seal = parse(text)
    assert seal.dataset == built.dataset == decode(json.loads(json.dumps(encode(built.dataset))))
    assert (seal.lang, seal.extra) == ("sv", {})


def test_the_seal_written_a_record_at_a_time_is_the_whole_dataset_encoded_at_once(built):
    # The memory of 100 000 centres: the pieces, cut into cells, make the very text of before.
    # The added sheets a cell at a time too (#25.2): their names sorted as sort_keys sorts them.
    extra = {
        "Ändringar": {(5, 0): ("s", "HC1"), (5, 3): ("f", "=C6-B6"), (5, 4): ("n", 2.5), (6, 1): ("b", True)},
        "Inte överförda": {},
        "B": {(0, 0): ("d", 46000)},
    }
    sealed = Seal(built.dataset, "sv", "9.9.9", "ab" * 32, extra)
    whole = json.dumps(
        {
            "format": fileformat.FORMATS[fileformat.SEAL],
            "version": "9.9.9",
            "lang": "sv",
            "formulas_sha256": "ab" * 32,
            "extra_sheets": {
                name: [[r, c, kind, value] for (r, c), (kind, value) in cells.items()] for name, cells in extra.items()
            },
            "dataset": encode(built.dataset),
        },
        ensure_ascii=False,
        sort_keys=True,
    )
    assert sealed.text() == whole
    assert len(list(sealed.pieces())) > len(built.dataset.centres)
    assert list(seal_chunks(sealed.pieces(), 1000)) == [whole[i : i + 1000] for i in range(0, len(whole), 1000)]


def test_an_added_sheet_is_sealed_from_the_writer_cell_for_cell_as_written(tmp_path):
    # BookCells reads a sheet's cells from the writer as the seal is written (#25.2): the
    # cells, their order (rows and columns as written) and blanks left out as written_sheets.
    book = xlsxwriter.Workbook(str(tmp_path / "book.xlsx"))
    sheet = book.add_worksheet("Ändringar")
    sheet.write_string(5, 2, "HC2")
    sheet.write_string(5, 0, "HC1")
    sheet.write_blank(5, 1, None, book.add_format({"num_format": "0"}))
    sheet.write_number(2, 4, 2.5)
    sheet.write_formula(5, 3, "=C6-B6", None, 0)
    sheet.write_boolean(7, 0, True)
    sheet.write_datetime(7, 1, dt.datetime(2026, 1, 2))
    cells = BookCells(sheet, sorted(book.str_table.string_table, key=book.str_table.string_table.__getitem__))
    (written,) = written_sheets(book)
    assert list(cells.items()) == list(written.cells.items())
    assert list(cells)[:3] == [(5, 2), (5, 0), (5, 3)]
    assert len(cells) == 6 and (5, 1) not in cells and cells[(7, 0)] == ("b", True)
    book.close()


def test_a_seal_of_the_first_format_is_read_with_only_the_formulas_of_the_added_sheets(built):
    # Masters built before every cell of the added sheets was sealed still verify by their formulas.
    book = openpyxl.load_workbook(built.master)
    data = json.loads(seal_text(list(book[SEAL_SHEET].iter_rows(values_only=True))))
    data["format"], data["extra_sheets"] = 1, {"Ändringar": [[5, 3, "=C6-B6"]]}
    old = parse(json.dumps(data))
    assert (old.extra, old.extra_typed) == ({"Ändringar": {(5, 3): ("f", "=C6-B6")}}, False)
    data["format"], data["extra_sheets"] = 2, {"Ändringar": [[5, 0, "s", "HC1"], [5, 3, "f", "=C6-B6"]]}
    new = parse(json.dumps(data))
    assert (new.extra, new.extra_typed) == ({"Ändringar": {(5, 0): ("s", "HC1"), (5, 3): ("f", "=C6-B6")}}, True)


def test_a_fresh_master_verifies_clean_and_names_its_journal_entry(built):
    report = api.verify([built.master], recalc=False)[0]
    assert report.ok, report.findings
    assert report.journal is not None and report.journal.same_bytes
    assert report.journal.entry.number == built.journal.number == 1
    assert [f.kind for f in report.findings if f.kind.startswith("journal")] == ["journal_same"]


def test_bed_places_and_pool_edited_then_recalculated_by_libreoffice(built, tmp_path, soffice):
    """The issue's first scenario: the book is consistent again after recalculation, but it is not the build's."""
    found = {}

    def edit(book):
        cell = first_place_cell(book)
        found.update(cell=cell.coordinate, before=cell.value)
        cell.value = cell.value + 7
        book["Parametrar"]["B5"] = 4_300_000

    copy = recalculate([edited(built.master, tmp_path / "ändrad.xlsx", edit)], tmp_path / "lo")[0]
    report = api.verify([copy])[0]
    record = next(
        r for r in built.dataset.tables["bed_places"].records if r.values["places"] == found["before"]
    )  # the row the edited cell came from
    lines = [f.render("en") for f in report.findings if f.failing]
    assert "Parametrar!B5: 4 300 000 kr, the decision says 4 200 000 kr" in lines[0]
    assert "the workbook differs from the decision" in lines[0]
    assert any(
        line.startswith(
            f"Indata boendeplatser!{found['cell']}: {found['before'] + 7}, the build read {found['before']} "
        )
        and "from boendeplatser.xlsx, sheet Boendeplatser, row" in line
        for line in lines
    ), lines
    assert record is not None and report.recalculated
    result = CliRunner().invoke(main, ["verify", str(copy), "--lang", "en"])
    assert result.exit_code == 1 and "differs from the decision" in result.output


def test_checks_replaced_by_ok_and_the_method_hidden(built, tmp_path, soffice):
    """The issue's second scenario: every check formula becomes ="OK", the Metod sheet is hidden."""

    def edit(book):
        for row in book["Kontroll"].iter_rows(min_row=5):
            if row[1].data_type == "f":
                row[1].value = '="OK"'
        book["Metod"].sheet_state = "hidden"

    copy = recalculate([edited(built.master, tmp_path / "ok.xlsx", edit)], tmp_path / "lo")[0]
    report = api.verify([copy])[0]
    kinds = failing(report)
    constants = [p["cell"] for kind, p in kinds if kind == "formula_constant" and p["sheet"] == "Kontroll"]
    n_checks = sum(
        1 for row in openpyxl.load_workbook(built.master)["Kontroll"].iter_rows(min_row=5) if row[1].data_type == "f"
    )
    assert len(constants) == n_checks >= 13
    assert ("sheet_hidden", {"sheet": "Metod", "state": "hidden"}) in kinds


def _external_link(book):
    link = ExternalLink(externalBook=ExternalBook())
    link.file_link = Relationship(type="externalLinkPath", Target="file:///C:/budget/annan.xlsx", TargetMode="External")
    book._external_links.append(link)


def _typed(sheet: str, cell: str, value: object):
    def edit(book):
        book[sheet][cell] = value

    return edit


def _formula_plus(sheet: str, cell: str, suffix: str):
    def edit(book):
        book[sheet][cell] = book[sheet][cell].value + suffix

    return edit


def _set(attribute: str, value: object, sheet: str | None = None, part: str = ""):
    def edit(book):
        target = book[sheet] if sheet else book
        for name in filter(None, part.split(".")):
            target = getattr(target, name)
        setattr(target, attribute, value)

    return edit


def _hide_row(book):
    book["Beräkning"].row_dimensions[12].hidden = True


def _hide_column(book):
    book["Utbetalning"].column_dimensions["C"].hidden = True


def _add_name(book):
    book.defined_names["extra_belopp"] = DefinedName("extra_belopp", attr_text="Parametrar!$B$9")


def _change_name(book):
    book.defined_names["belopp_sabo"].attr_text = "Parametrar!$B$6"


def _remove_name(book):
    del book.defined_names["belopp_hemsjukvard"]


def _shorten(book):
    sheet = book["Utbetalning"]
    cell = next(c for c in sheet["C"] if isinstance(c.value, str) and c.value.startswith("=SUM("))
    last = int(re.search(r"(\d+)\)$", cell.value).group(1))
    cell.value = re.sub(r"\d+\)$", f"{last - 1})", cell.value)


RISKS = {
    "hidden sheet": (_set("sheet_state", "hidden", "Metod"), "sheet_hidden", {"sheet": "Metod", "state": "hidden"}),
    "very hidden sheet": (
        _set("sheet_state", "veryHidden", "Kontroll"),
        "sheet_hidden",
        {"sheet": "Kontroll", "state": "veryHidden"},
    ),
    "hidden row": (_hide_row, "rows_hidden", {"sheet": "Beräkning", "rows": "12"}),
    "hidden column": (_hide_column, "cols_hidden", {"sheet": "Utbetalning"}),
    "constant in a formula": (
        _formula_plus("Beräkning", "K10", "+1000"),
        "formula_constant",
        {"sheet": "Beräkning", "cell": "K10"},
    ),
    "formula typed over": (_typed("Beräkning", "K10", 5000), "formula_overwritten", {"cell": "K10"}),
    "shortened formula": (_shorten, "formula_changed", {"sheet": "Utbetalning"}),
    "external link": (_external_link, "external_link", {"target": "file:///C:/budget/annan.xlsx"}),
    "name added": (_add_name, "name_added", {"name": "extra_belopp"}),
    "name changed": (_change_name, "name_changed", {"name": "belopp_sabo", "found": "Parametrar!$B$6"}),
    "name removed": (_remove_name, "name_removed", {"name": "belopp_hemsjukvard"}),
    "manual calculation": (_set("calcMode", "manual", part="calculation"), "calc_manual", {}),
    "iterative calculation": (_set("iterate", True, part="calculation"), "calc_iterative", {}),
    "protection removed": (_set("sheet", False, "Beräkning", "protection"), "protection_removed", {}),
    "error shown": (_typed("Metod", "A30", "#REF!"), "cell_error", {"sheet": "Metod", "cell": "A30"}),
    "input name changed": (_typed("Indata listade 80+", "B5", "Annan hälsocentral"), "input_differs", {"cell": "B5"}),
    "text typed where the build wrote nothing": (_typed("Kontroll", "D5", "ok enligt mig"), "cell_added", {}),
    "negative amount pasted": (_typed("Återrapportering", "D5", -500), "entry_invalid_amount", {"cell": "D5"}),
    "text pasted as an amount": (_typed("Återrapportering", "E6", "mycket"), "entry_invalid_amount", {"cell": "E6"}),
    "date out of range": (
        _typed("Återrapportering", "M5", dt.datetime(2031, 1, 1)),
        "entry_invalid_date",
        {"cell": "M5"},
    ),
    "sheet added": (lambda book: book.create_sheet("Mina noteringar"), "sheet_added", {"sheet": "Mina noteringar"}),
}


@pytest.mark.parametrize("name", list(RISKS))
def test_each_risk_is_a_located_finding(built, tmp_path, name):
    edit, kind, params = RISKS[name]
    report = api.verify([edited(built.master, tmp_path / "risk.xlsx", edit)], recalc=False)[0]
    found = [p for k, p in failing(report) if k == kind]
    assert any(params.items() <= p.items() for p in found), failing(report)
    assert not report.ok


def test_a_legitimate_follow_up_entry_is_no_finding(built, tmp_path):
    def edit(book):
        sheet = book["Återrapportering"]
        sheet["D5"], sheet["H6"], sheet["K5"] = 12_000, 0.5, "Läkartid i SÄBO"
        sheet["L5"], sheet["M5"] = "Anna Berg", dt.datetime(2023, 1, 31)

    report = api.verify([edited(built.master, tmp_path / "ifylld.xlsx", edit)], recalc=False)[0]
    assert report.ok, failing(report)


def test_a_libreoffice_resave_is_no_finding(built, tmp_path, soffice):
    copy = recalculate([built.master], tmp_path / "lo")[0]
    report = api.verify([copy], recalc=False)[0]
    assert report.ok, failing(report)


def test_a_gnumeric_resave_is_no_finding(built, tmp_path, ssconvert):
    copy = tmp_path / "gnumeric.xlsx"
    subprocess.run([ssconvert, "--recalc", str(built.master), str(copy)], check=True, capture_output=True)
    report = api.verify([copy], recalc=False)[0]
    kinds = {f.kind for f in report.findings}
    assert "calc_iterative" in kinds  # Gnumeric saves every book so: a note, not an error
    # Until the within-1-kr check is written without ABS(range) (issue 12 item 6), Gnumeric's
    # own result of it is #VALUE!, which verify rightly reports: nothing else may be reported.
    checks = openpyxl.load_workbook(built.master)["Kontroll"]
    portable = not any("ABS(" in str(row[1].value) for row in checks.iter_rows(min_row=5))
    allowed = set() if portable else {"cell_error", "check_failed"}
    assert [(k, p) for k, p in failing(report) if k not in allowed] == []


def test_a_wrong_saved_value_beside_a_shared_formula_is_found(built, tmp_path, soffice, ssconvert):
    """Excel saves a formula filled down as one shared formula, whose cells openpyxl reads
    (``readback.cells_by_openpyxl``) without their saved values: verify takes those from the
    file's values then, so a saved value no engine reaches is still found."""
    path = tmp_path / "shared.xlsx"
    shutil.copyfile(built.master, path)
    part = f"xl/worksheets/sheet{openpyxl.load_workbook(path, read_only=True).sheetnames.index('Beräkning') + 1}.xml"

    def share(xml: bytes) -> bytes:
        xml = re.sub(rb'<c r="E10"([^>]*)><f>', rb'<c r="E10"\1><f t="shared" ref="E10:E11" si="0">', xml, count=1)
        return re.sub(
            rb'<c r="E11"([^>]*)><f>[^<]*</f><v>[^<]*</v>',
            rb'<c r="E11"\1><f t="shared" si="0"/><v>0.5</v>',
            xml,
            count=1,
        )

    rewrite_member(path, part, share)
    report = api.verify([path])[0]
    assert [(k, p["sheet"], p["cell"], p["cached"], p["engine"]) for k, p in failing(report)] == [
        ("cached_differs", "Beräkning", "E11", 0.5, engine) for engine in ("LibreOffice", "Gnumeric")
    ]


def test_journal_entries_and_history(tmp_path):
    inputs, outputs = make_workspace(tmp_path, *small_region()), tmp_path / "outputs"
    first = api.build(inputs, outputs)
    second = api.build(inputs, outputs)
    entries = api.history(outputs)
    assert [e.number for e in entries] == [1, 2] and all(e.chained for e in entries)
    assert entries[1].previous and entries[0].previous == ""
    entry = entries[1]
    assert entry.year == 2022 and entry.user and entry.host and entry.version == api.version()
    assert {name for name, _ in entry.inputs} == {s.name for s in second.dataset.sources}
    base = outputs / "2022" / "grantsheet-2022-base.json"
    assert [o.file for o in entry.outputs] == [
        second.master.name,
        *(p.relative_to(outputs / "2022").as_posix() for p in second.centre_files),
        base.name,
    ]
    assert (entry.outputs[-1].sha256, entry.outputs[-1].seal) == (hashlib.sha256(base.read_bytes()).hexdigest(), None)
    assert [p.amount for p in entry.pools] == [4_200_000, 4_200_000]
    assert [p.paid for p in entry.pools] == [4_200_000, 4_200_000]
    # The archived first master is named as entry 1's very file; the current one as entry 2's.
    archived = outputs / "2022" / "arkiv" / "001" / first.master.name
    old, new = api.verify([archived, second.master], recalc=False)
    assert (old.journal.entry.number, old.journal.same_bytes) == (1, True)
    assert (new.journal.entry.number, new.journal.same_bytes) == (2, True)
    result = CliRunner().invoke(main, ["history", "--outputs", str(outputs), "--lang", "en"])
    assert result.exit_code == 0, result.output
    assert "#1" in result.output and "#2" in result.output and "4 200 000" in result.output


def test_an_edited_journal_breaks_its_chain(tmp_path):
    inputs, outputs = make_workspace(tmp_path, *small_region()), tmp_path / "outputs"
    api.build(inputs, outputs)
    api.build(inputs, outputs)
    journal = outputs / "2022" / JOURNAL_NAME
    lines = journal.read_text(encoding="utf-8").splitlines()
    lines[0] = lines[0].replace('"amount": 4200000', '"amount": 4300000', 1)
    journal.write_text("\n".join(lines) + "\n", encoding="utf-8")
    assert [e.chained for e in api.history(outputs)] == [True, False]


def test_a_forged_seal_belongs_to_no_journal_entry(tmp_path):
    """A forger who rewrites the seal consistently hides the edit from the seal, not from the journal."""
    outputs = tmp_path / "outputs"
    result = api.build(make_workspace(tmp_path, *small_region()), outputs)
    forged = result.master.parent / "förfalskad.xlsx"
    book = openpyxl.load_workbook(result.master)
    cell = first_place_cell(book)
    cell.value += 7
    seal = parse(seal_text(list(book[SEAL_SHEET].iter_rows(values_only=True))))
    table = seal.dataset.tables["bed_places"]
    index = cell.row - 5
    record = table.records[index]
    records = list(table.records)
    records[index] = record._replace(values={**record.values, "places": cell.value})
    tables = {**seal.dataset.tables, "bed_places": table._replace(records=tuple(records))}
    text = seal._replace(dataset=seal.dataset._replace(tables=tables)).text()
    for row in range(3, book[SEAL_SHEET].max_row + 1):
        book[SEAL_SHEET].cell(row, 1).value = None
    for offset, start in enumerate(range(0, len(text), 30_000)):
        book[SEAL_SHEET].cell(3 + offset, 1).value = text[start : start + 30_000]
    prop = next(p for p in book.custom_doc_props.props if p.name == "grantsheet_seal")
    prop.value = digest(text)
    book.save(forged)
    report = api.verify([forged], recalc=False)[0]
    kinds = [k for k, _ in failing(report)]
    assert "input_differs" not in kinds and "seal_edited" not in kinds  # the forgery is consistent
    assert kinds == ["journal_none"] or "journal_none" in kinds
    shutil.move(forged, tmp_path / forged.name)  # away from the outputs before any rebuild


def test_a_master_without_seal_is_a_finding(built, tmp_path):
    copy = edited(built.master, tmp_path / "utan.xlsx", lambda book: book.remove(book[SEAL_SHEET]))
    assert "seal_missing" in [k for k, _ in failing(api.verify([copy], recalc=False)[0])]


def test_an_edited_seal_is_a_finding(built, tmp_path):
    copy = edited(built.master, tmp_path / "sigill.xlsx", _typed(SEAL_SHEET, "A1", "något annat"))
    kinds = [k for k, _ in failing(api.verify([copy], recalc=False)[0])]
    assert "seal_edited" not in kinds  # the heading is not part of the seal
    text_cell = _typed(SEAL_SHEET, "A3", "{}")
    kinds = [
        k for k, _ in failing(api.verify([edited(built.master, tmp_path / "s2.xlsx", text_cell)], recalc=False)[0])
    ]
    assert "seal_edited" in kinds and "seal_unreadable" in kinds


def test_history_and_diff_have_help():
    for command in ("history", "diff"):
        result = CliRunner().invoke(main, [command, "--help"])
        assert result.exit_code == 0 and len(result.output) > 200


# -- diff ---------------------------------------------------------------------------------


def _rewrite_places(inputs: Path, change: Callable[[int], int]) -> tuple[str, int]:
    """Change the first nursing home's places in the bed-place input; returns its centre and new value."""
    path = inputs / "boendeplatser.xlsx"
    book = openpyxl.load_workbook(path)
    sheet = book.active
    for row in sheet.iter_rows():
        if isinstance(row[3].value, int) and row[3].value > 0:
            row[3].value = change(row[3].value)
            book.save(path)
            return str(row[2].value), row[3].value
    raise AssertionError("no home")


def test_diff_master_against_master_names_the_input_that_moved_each_payout(tmp_path):
    homes, listings = small_region()
    inputs = make_workspace(tmp_path, homes, listings)
    first = api.build(inputs, tmp_path / "a")
    centre, places = _rewrite_places(inputs, lambda n: n + 10)
    second = api.build(inputs, tmp_path / "b")
    report = api.diff(first.master, second.master)
    assert report.kind == "master" and not report.same
    assert [d.kind for d in report.inputs] == ["row_changed"]
    row = report.inputs[0]
    assert (dict(row.params)["before"], dict(row.params)["after"]) == (places - 10, places)
    assert "Platser" in row.render("sv") or "places" in row.render("en").lower()
    moved = {(c.centre_id, c.pool): c for c in report.payouts}
    own = next(c for c in report.payouts if row in c.reasons)
    assert {r.kind for r in own.reasons} >= {"because_key", "because_total_key", "row_changed"}
    assert own.after > own.before
    others = [c for c in moved.values() if c.centre_id != own.centre_id]
    assert others and all({r.kind for r in c.reasons} == {"because_total_key"} for c in others)
    assert all(c.after < c.before for c in others)
    assert report.parameters == () and report.entries == ()
    # The command line says the same, and exits 1 as diff does.
    result = CliRunner().invoke(main, ["diff", str(first.master), str(second.master), "--lang", "en"])
    assert result.exit_code == 1 and "the total key" in result.output, result.output
    same = CliRunner().invoke(main, ["diff", str(first.master), str(first.master), "--lang", "en"])
    assert same.exit_code == 0 and "No differences." in same.output


def test_diff_centre_file_against_the_file_as_sent(built, tmp_path):
    sent = built.centre_files[0]
    returned = tmp_path / "tillbaka.xlsx"

    def edit(book):
        first_amount(book).value = 15_000
        own_cell(book, "description").value = "Läkartid"

    edited(sent, returned, edit)
    report = api.diff(sent, returned)
    assert report.kind == "centre" and report.payouts == ()
    lines = [d.render("en") for d in report.entries]
    assert len(lines) == 2 and any("15 000" in line for line in lines), lines


def test_the_alabama_paradox_is_named_in_a_what_if(tmp_path):
    """Keys 6, 6, 2 get 4, 4, 2 of 10 kr and 5, 5, 1 of 11 kr: the third centre loses a krona."""
    homes = [Home("Umeå", f"Hem {i}", f"HC {i}", 5) for i in range(3)]
    listings = [Listing(f"HC {i}", n) for i, n in enumerate((6, 6, 2))]
    inputs = make_workspace(tmp_path, homes, listings, hemsjukvard=10)
    api.build(inputs, tmp_path / "outputs")
    alternative = tmp_path / "alternativ.toml"
    alternative.write_text(
        (inputs / "grant.toml").read_text(encoding="utf-8").replace("amount = 10\n", "amount = 11\n"),
        encoding="utf-8",
    )
    assert alternative.read_text(encoding="utf-8") != (inputs / "grant.toml").read_text(encoding="utf-8")
    written, report = api.scenario(inputs, alternative, tmp_path / "outputs")
    assert written == tmp_path / "outputs" / "2022-scenario" / "alternativ.xlsx" and written.is_file()
    paid = {c.centre: (c.before, c.after, [r.kind for r in c.reasons]) for c in report.payouts}
    assert paid["HC 2"][:2] == (2, 1) and "because_alabama" in paid["HC 2"][2]
    assert paid["HC 0"][:2] == (4, 5) and paid["HC 1"][:2] == (4, 5)
    result = CliRunner().invoke(
        main,
        ["diff", "--scenario", str(alternative), "--inputs", str(inputs), "--outputs", str(tmp_path / "outputs")],
    )
    assert result.exit_code == 1 and "Alabama" in result.output, result.output


def test_build_with_another_grant_file(tmp_path):
    homes, listings = small_region()
    inputs = make_workspace(tmp_path, homes, listings)
    alternative = tmp_path / "mer.toml"
    alternative.write_text(
        (inputs / "grant.toml").read_text(encoding="utf-8").replace("4200000", "5000000"), encoding="utf-8"
    )
    result = CliRunner().invoke(
        main, ["build", "--inputs", str(inputs), "--outputs", str(tmp_path / "mer"), "--grant", str(alternative)]
    )
    assert result.exit_code == 0, result.output
    built_alt = next((tmp_path / "mer").glob("*/grantsheet-*.xlsx"))
    base = api.build(inputs, tmp_path / "bas")
    amounts = [dict(d.params)["after"] for d in api.diff(base.master, built_alt).parameters]
    assert amounts and set(amounts) == {5_000_000}
