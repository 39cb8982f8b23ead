"""The grant file as the page's form (grantsheet/grant_form.py): its fields are the schema's,
a form posted back unchanged writes the very same file, a change is written into the file's
own text with the officer's comments kept, and what the officer types is read as the
command line reads the file."""

from __future__ import annotations

import datetime as dt
import tomllib
from pathlib import Path

import pytest

from grantsheet import grant_form
from grantsheet.errors import Problem
from grantsheet.grant import LIST, SCHEMA, TABLE, children, read_grant

REPOSITORY = Path(__file__).resolve().parents[1]
GRANT_FILES = [REPOSITORY / "inputs" / "grant.toml", *sorted(REPOSITORY.glob("templates/**/grant.toml"))]
EXAMPLE = (REPOSITORY / "templates" / "examples" / "vasterbotten-2022" / "grant.toml").read_text(encoding="utf-8")


def read(tmp_path: Path, text: str):
    path = tmp_path / "grant.toml"
    path.write_text(text, encoding="utf-8")
    problems: list[Problem] = []
    return read_grant(path, problems), problems


@pytest.mark.parametrize("path", GRANT_FILES, ids=lambda p: str(p.relative_to(REPOSITORY)))
def test_a_form_posted_back_unchanged_writes_the_same_file(path):
    text = path.read_text(encoding="utf-8")
    assert grant_form.draft(text, grant_form.form_of(text)).text == text


def test_every_setting_of_the_schema_is_a_field_of_the_form():
    """The form is the schema's: a setting added to grant.SCHEMA appears without web code."""
    # Every list of tables with an element: the example's pools, and a table of its own.
    text = EXAMPLE + '\n[[tables]]\nid = "befolkning"\nfile = "b.xlsx"\nrecipient = "Region"\ncolumns = []\n'
    shown = {field.setting.path for section in grant_form.sections(text) for field in section.fields}
    tables = [path for path in children("").values() if SCHEMA[path].kinds == (TABLE,)]
    present = tomllib.loads(text)  # a list of tables has a section per element the file holds
    lists = [
        path + "[]"
        for key, path in children("").items()
        if path + "[]" in SCHEMA and LIST in SCHEMA[path].kinds and present.get(key)
    ]
    expected = {path for table in tables + lists for path in children(table).values()}
    assert shown == expected


def test_a_change_keeps_the_comments_and_reads_back_as_typed(tmp_path):
    text = EXAMPLE.replace("[rounding]", "# Beslutat av regionstyrelsen.\n[rounding]", 1)
    form = grant_form.form_of(text)
    form["pools.0.amount"] = "4 300 000"  # as an officer types it, digits grouped
    form["grant.title"] = "Nytt namn"
    form["follow_up.deadline"] = "2023-02-28"
    form["follow_up.categories"] += '\n{ id = "it", name = "IT-stöd" }'
    written = grant_form.draft(text, form).text
    for line in text.splitlines():
        if line.lstrip().startswith("#"):
            assert line in written
    grant, problems = read(tmp_path, written)
    assert problems == []
    assert grant.pools[0].amount == 4_300_000 and grant.title == "Nytt namn"
    assert grant.follow_up_deadline == dt.date(2023, 2, 28)
    assert grant.follow_up_categories[-1] == ("it", "IT-stöd")
    assert grant_form.form_of(written)["pools.0.amount"] == "4300000"


def test_an_emptied_field_leaves_the_setting_out_and_an_optional_table_goes_with_its_last_setting(tmp_path):
    text = EXAMPLE
    form = grant_form.form_of(text)
    assert form["ledger.cost_account"] == "4990" and form["ledger.series"] == "A"
    form["ledger.cost_account"] = form["ledger.counter_account"] = form["ledger.series"] = ""
    form["rounding.method"] = ""
    written = grant_form.draft(text, form).text
    assert "[ledger]" not in written and "method =" not in written
    grant, problems = read(tmp_path, written)
    assert problems == [] and grant.ledger is None and grant.rounding == "largest_remainder"


def test_what_fits_no_type_reaches_the_file_as_text_and_gets_the_commands_message(tmp_path):
    form = grant_form.form_of(EXAMPLE)
    form["pools.1.amount"] = "4200000 kr"
    form["grant.example_data"] = "kanske"
    _, problems = read(tmp_path, grant_form.draft(EXAMPLE, form).text)
    by_key = {dict(p.params)["key"]: p for p in problems}
    assert set(by_key) == {"amount", "example_data"}
    assert all(p.kind == "grant_wrong_type" for p in problems)
    assert by_key["amount"].message("en").startswith('"amount" must be a whole number')


def test_a_pool_removed_or_added_keeps_the_others_with_their_comments():
    form = grant_form.form_of(EXAMPLE)
    removed = grant_form.draft(EXAMPLE, form, "remove:pools.0")
    assert removed.order["pools"] == [1]
    assert 'id = "sabo"' not in removed.text
    kept_line = next(line for line in EXAMPLE.splitlines() if line.startswith('key = "listed_80_plus"'))
    assert kept_line in removed.text

    again = grant_form.form_of(removed.text, removed.order)
    added = grant_form.draft(EXAMPLE, again, "add:pools")
    assert added.order["pools"] == [1, None]
    new = grant_form.form_of(added.text, added.order)
    new |= {"pools.1.id": "ny", "pools.1.name": "Ny pott", "pools.1.amount": "100", "pools.1.key": "bed_places"}
    final = grant_form.draft(EXAMPLE, new)
    assert final.order["pools"] == [1, None]
    assert final.text.count("[[pools]]") == 2 and 'id = "ny"' in final.text and kept_line in final.text


def test_a_form_not_made_by_the_page_cannot_use_one_pool_twice():
    form = grant_form.form_of(EXAMPLE) | {"_order.pools": "0,0"}
    assert grant_form.draft(EXAMPLE, form).order["pools"] == [None, None]


def test_a_problem_on_a_line_is_found_beside_its_field(tmp_path):
    form = grant_form.form_of(EXAMPLE) | {"pools.1.amount": "-5"}
    text = grant_form.draft(EXAMPLE, form).text
    _, problems = read(tmp_path, text)
    lines = grant_form.field_lines(text, grant_form.sections(text))
    assert [lines[p.location.line] for p in problems] == ["pools.1.amount"]


def test_a_file_toml_cannot_read_is_not_made_a_form():
    assert not grant_form.readable("[grant\nyear = 2022")
    assert grant_form.readable(EXAMPLE)


def test_a_pools_key_is_offered_from_the_built_in_tables_and_the_declared_ones():
    declared = {"tables": [{"id": "befolkning", "columns": [
        {"id": "invanare", "kind": "count"}, {"id": "andel", "kind": "decimal"}, {"id": "namn", "kind": "text"}
    ]}]}  # fmt: skip
    keys = grant_form.pool_keys(declared)
    assert keys[0] == "equal" and {"bed_places", "listed_80_plus.listed"} <= set(keys)
    assert {"befolkning.invanare", "befolkning.andel"} <= set(keys) and "befolkning.namn" not in keys
    [pool] = [s for s in grant_form.sections(EXAMPLE) if s.name == "pools.0"]
    assert [f.suggestions for f in pool.fields if f.key == "key"] == [grant_form.pool_keys({})]
