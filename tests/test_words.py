"""The grant's words reach every text: a grant over regions from a declared table never speaks of
health centres, nursing homes or the listed 80+; every text is there in Swedish and English."""

from __future__ import annotations

import json
import re
import string
from pathlib import Path

import openpyxl
import pytest
from click.testing import CliRunner

from grantsheet import api, texts
from grantsheet.cli import main
from grantsheet.layout import SEAL_SHEET

# What only the built-in presets of today's grant may say (in either language).
FORBIDDEN = re.compile(r"hälsocentral|vårdcentral|health centre|\bcentres?\b|säbo|särskilt boende|80\+|80 år", re.I)
EXAMPLE = "regioner-befolkning-2024"


def visible_text(book: Path) -> str:
    """Every text a reader of a workbook sees: its sheets' names and cells (the seal's hidden sheet
    of field ids is no text), headers and footers, and its document properties."""
    workbook = openpyxl.load_workbook(book)
    found = [workbook.properties.title or "", workbook.properties.subject or "", workbook.properties.description or ""]
    for sheet in workbook.worksheets:
        if sheet.title == SEAL_SHEET:
            continue
        found.append(sheet.title)
        found += [str(sheet.oddHeader.center.text or ""), str(sheet.oddFooter.center.text or "")]
        found += [str(cell) for row in sheet.iter_rows(values_only=True) for cell in row if isinstance(cell, str)]
    return "\n".join(found)


def values(data: object) -> list[str]:
    """The texts in exported data, not its field names (a file format: centre_id stays)."""
    if isinstance(data, dict):
        return [text for value in data.values() for text in values(value)]
    if isinstance(data, list):
        return [text for value in data for text in values(value)]
    return [data] if isinstance(data, str) else []


@pytest.mark.parametrize("lang", ["sv", "en"])
def test_no_output_of_a_declared_table_grant_speaks_of_health_centres(tmp_path, lang):
    runner = CliRunner()
    workspace = tmp_path / "ws"
    assert runner.invoke(main, ["init", str(workspace), "--example", EXAMPLE]).exit_code == 0
    inputs, outputs = workspace / "inputs", workspace / "outputs"
    said = []
    for args in (["check"], ["build", "--outputs", str(outputs)]):
        result = runner.invoke(main, [*args, "--inputs", str(inputs), "--lang", lang])
        assert result.exit_code == 0, result.output
        said.append(result.output)
    cli = "\n".join(said)
    assert "21 regioner" in cli or "21 regions" in cli
    books = sorted(outputs.rglob("*.xlsx"))
    assert len(books) == 22  # the master and a file per region
    exported = api.export(inputs, outputs, csv=tmp_path / "ut.csv", json=tmp_path / "ut.json")
    assert exported is not None
    texts_out = {
        "cli": cli,
        "csv": "\n".join((tmp_path / "ut.csv").read_text(encoding="utf-8").splitlines()[1:]),
        "json": "\n".join(values(json.loads((tmp_path / "ut.json").read_text(encoding="utf-8")))),
        **{str(book.relative_to(workspace)): visible_text(book) for book in books},
    }
    found = {where: FORBIDDEN.findall(text) for where, text in texts_out.items() if FORBIDDEN.search(text)}
    assert found == {}
    master = visible_text(next(book for book in books if book.parent.name == "2024"))
    assert ("Region-id" if lang == "sv" else "Region id") in master
    assert ("Beräkning per region" if lang == "sv" else "Calculation per region") in master


def test_a_grant_in_another_currency_marks_its_amounts_with_it(tmp_path):
    api.init_workspace(tmp_path, EXAMPLE)
    grant = tmp_path / "inputs" / "grant.toml"
    grant.write_text(grant.read_text(encoding="utf-8").replace('currency = "SEK"', 'currency = "EUR"'), "utf-8")
    result = CliRunner().invoke(main, ["build", "--inputs", str(tmp_path / "inputs"), "--outputs", str(tmp_path / "o")])
    assert result.exit_code == 0, result.output
    assert "100 000 000 EUR" in result.output and " kr" not in result.output
    master = visible_text(tmp_path / "o" / "2024" / "grantsheet-2024.xlsx")
    assert "Belopp (EUR)" in master
    book = openpyxl.load_workbook(tmp_path / "o" / "2024" / "grantsheet-2024.xlsx")
    assert '"EUR"' in book["Parametrar"]["B5"].number_format


def placeholders(template: str) -> set[str]:
    return {name for _, name, _, _ in string.Formatter().parse(template) if name}


def test_every_text_is_there_in_swedish_and_english_with_the_same_placeholders():
    for key, words in texts.LABELS.items():
        assert len(words) == 2 and all(word.strip() for word in words), key
        assert placeholders(words[0]) == placeholders(words[1]), key
    for kind, ((message_sv, fix_sv), (message_en, fix_en)) in texts.PROBLEMS.items():
        assert all(part.strip() for part in (message_sv, fix_sv, message_en, fix_en)), kind
        assert placeholders(message_sv + fix_sv) == placeholders(message_en + fix_en), kind


def test_a_noun_token_is_filled_in_every_language():
    class Grant:
        who = type("Who", (), {"noun": ("kommun", "municipality"), "plural": ("kommuner", "municipalities")})()
        currency_word = "kr"

    for key in texts.LABELS:
        for lang in ("sv", "en"):
            template = texts.LABELS[key][0 if lang == "sv" else 1]
            if "@" in template:
                params = dict.fromkeys(placeholders(template), 1)
                shown = texts.recipient_text(key, lang, Grant(), **params)
                assert not re.search(r"@[Nn]oun[a-z]*@|@kr@", shown), key
