"""A table dropped on the page to be declared (grantsheet/declare.py): what is proposed from
its headings and values, and what is refused before anything is written."""

from __future__ import annotations

from pathlib import Path

import openpyxl

from grantsheet import declare
from grantsheet.declare import COUNT, DECIMAL, LEFT_OUT, RECIPIENT
from grantsheet.errors import Problem

REPOSITORY = Path(__file__).resolve().parents[1]


def csv_file(folder: Path, name: str, lines: list[str]) -> Path:
    path = folder / name
    path.write_text("\n".join(lines) + "\n", encoding="cp1252")  # as Swedish Excel saves it
    return path


def test_the_recipient_counts_and_decimals_are_proposed_below_a_title():
    problems: list[Problem] = []
    [sheet] = declare.propose(REPOSITORY / "templates" / "examples" / "nationell-2021" / "regioner.xlsx", problems)
    assert problems == [] and sheet.title == "Regioner" and sheet.header_row == 4
    kinds = {c.heading: (c.kind, c.id) for c in sheet.columns}
    # "Region" is a heading the readers know for a recipient; "Regionkod" for its id.
    assert kinds == {"Region": (RECIPIENT, ""), "Regionkod": (LEFT_OUT, ""), "Invånare 80+": (COUNT, "invanare_80")}


def test_a_table_of_unknown_headings_is_proposed_from_its_values(tmp_path):
    path = csv_file(
        tmp_path,
        "skolor.csv",
        ["Skola;Kommun;Elever;Andel (%);Andel, %", "Ekbacken;Umeå;312;12,5;1", "Tallen;Umeå;98;3,25;2"],
    )
    [sheet] = declare.propose(path, [])
    proposed = [(c.heading, c.kind, c.id) for c in sheet.columns]
    assert proposed == [
        ("Skola", RECIPIENT, ""),  # the first column of texts that differ row by row
        ("Kommun", LEFT_OUT, "kommun"),  # a text: declared when the officer asks
        ("Elever", COUNT, "elever"),
        ("Andel (%)", DECIMAL, "andel"),
        ("Andel, %", COUNT, "andel_2"),  # two headings that make one id
    ]


def test_receive_keeps_the_file_and_refuses_what_it_cannot_read(tmp_path):
    inputs = tmp_path / "inputs"
    inputs.mkdir()
    upload = csv_file(tmp_path, "upload-0", ["Region;Folkmängd", "Norrbotten;250000", "Skåne;1400000"])
    dropped = declare.receive(inputs, "../Befolkning.csv", upload)
    assert dropped.written and dropped.name == "Befolkning.csv" and dropped.problems == ()
    assert (inputs / "Befolkning.csv").read_text("cp1252").startswith("Region;Folkmängd")
    assert declare.table_id(dropped.name) == "befolkning"

    again = csv_file(tmp_path, "upload-1", ["Region;Folkmängd", "Norrbotten;1"])
    refused = declare.receive(inputs, "Befolkning.csv", again)
    assert not refused.written and [p.kind for p in refused.problems] == ["table_file_exists"]
    assert "Norrbotten;250000" in (inputs / "Befolkning.csv").read_text("cp1252")

    other = tmp_path / "upload-2"
    other.write_bytes(b"%PDF-1.4")
    assert [p.kind for p in declare.receive(inputs, "beslut.pdf", other).problems] == ["table_not_workbook"]
    flat = csv_file(tmp_path, "upload-3", ["bara en rad"])
    assert [p.kind for p in declare.receive(inputs, "rad.csv", flat).problems] == ["table_no_header"]
    assert sorted(p.name for p in inputs.iterdir()) == ["Befolkning.csv"]


def test_a_sheet_with_a_personal_identity_number_is_neither_shown_nor_kept(tmp_path):
    inputs = tmp_path / "inputs"
    inputs.mkdir()
    book = openpyxl.Workbook()
    book.active.append(["Mottagare", "Belopp"])
    book.active.append(["19121212-1212", 5])
    book.save(tmp_path / "upload")
    dropped = declare.receive(inputs, "lista.xlsx", tmp_path / "upload")
    assert not dropped.written and dropped.sheets == ()
    assert [(p.kind, p.location.cell) for p in dropped.problems] == [("personal_id", "A2")]
    assert list(inputs.iterdir()) == []


def test_the_declaration_is_the_grant_forms_fields_of_a_new_table():
    fields = declare.declaration(
        "Befolkning.csv",
        "befolkning",
        "Region",
        [("Folkmängd", COUNT, "invanare", "invånare"), ("Andel", DECIMAL, "andel", "")],
    )
    assert fields == {
        "id": "befolkning",
        "file": "Befolkning.csv",
        "recipient": "Region",
        "columns": '{id = "invanare", heading = "Folkmängd", kind = "count", unit = "invånare"}\n'
        '{id = "andel", heading = "Andel", kind = "decimal"}',
    }
