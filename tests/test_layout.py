"""The layout contract: readers find what a workbook means in ``grantsheet.layout``, never in a writer."""

import ast
from pathlib import Path

import pytest

from grantsheet.grant import read_grant
from grantsheet.layout import CATEGORY_ID, Category, category_id

PACKAGE = Path(__file__).resolve().parent.parent / "grantsheet"
WRITERS = {"grantsheet.write", "grantsheet.centre_files"}
# Modules that read workbooks back: they may not depend on how a writer is built.
READERS = (
    "readback",
    "entries",
    "followup",
    "collect",
    "verify",
    "rederive",
    "xlsx",
    "read",
    "recalc",
    "audit",
    "journal",
)
# Modules that run a build: they call a writer's entry points, and nothing else of it.
ORCHESTRATORS = {
    "cycle": {"MasterWriter", "write_master", "centre_file_names"},
    "changes": {"MasterWriter"},
    "expected": {"MasterWriter"},  # verify lays a master out again from its seal
    "parallel": {"write_centre_file"},
}


def imported(module: str) -> dict[str, set[str]]:
    """Module imported from -> names taken from it, for every import in ``module``."""
    tree = ast.parse((PACKAGE / f"{module}.py").read_text(encoding="utf-8"))
    found: dict[str, set[str]] = {}
    for node in ast.walk(tree):
        if isinstance(node, ast.ImportFrom) and node.module:
            if node.module == "grantsheet":
                for alias in node.names:
                    found.setdefault(f"grantsheet.{alias.name}", set()).add("*")
            else:
                found.setdefault(node.module, set()).update(alias.name for alias in node.names)
        elif isinstance(node, ast.Import):
            for alias in node.names:
                found.setdefault(alias.name, set()).add("*")
    return found


@pytest.mark.parametrize("module", READERS)
def test_a_reader_never_imports_a_writer(module):
    assert not WRITERS & set(imported(module)), f"grantsheet/{module}.py imports a writer; use grantsheet.layout"


@pytest.mark.parametrize("module, allowed", ORCHESTRATORS.items())
def test_a_build_takes_only_entry_points_from_the_writers(module, allowed):
    taken = {name for source, names in imported(module).items() if source in WRITERS for name in names}
    assert taken <= allowed, f"grantsheet/{module}.py takes {sorted(taken - allowed)} from a writer"


def test_the_readers_take_their_layout_from_the_layout_module():
    for module in ("followup", "collect", "verify", "rederive", "cycle"):
        assert "grantsheet.layout" in imported(module), module


@pytest.mark.parametrize(
    "name, expected",
    [
        ("Läkarmedverkan i särskilt boende", "lakarmedverkan_i_sarskilt_boende"),
        ("Övrigt", "ovrigt"),
        ("  Digitala lösningar (IT) ", "digitala_losningar_it"),
        ("2023: uppföljning", "c_2023_uppfoljning"),
        ("!!!", "c"),
        ("x" * 60, "x" * 40),
    ],
)
def test_a_plain_category_name_gets_a_stable_id(name, expected):
    assert category_id(name) == expected
    assert CATEGORY_ID.fullmatch(category_id(name))


GRANT = """\
[grant]
year = 2022
title = "Test"

[[pools]]
id = "sabo"
name = "Särskilt boende"
amount = 100
key = "bed_places"

[follow_up]
{categories}

[inputs]
bed_places = "boendeplatser.xlsx"
listed_80_plus = "listade.xlsx"
"""


def read(tmp_path, categories):
    path = tmp_path / "grant.toml"
    path.write_text(GRANT.format(categories=categories), encoding="utf-8")
    problems = []
    return read_grant(path, problems), problems


def test_categories_with_ids_and_plain_names_read_alike(tmp_path):
    grant, problems = read(
        tmp_path,
        'categories = [{ id = "sabo", name = "Läkarmedverkan i särskilt boende" }, "Övrigt", { name = "IT-stöd" }]',
    )
    assert problems == []
    assert grant.follow_up_categories == (
        Category("sabo", "Läkarmedverkan i särskilt boende"),
        Category("ovrigt", "Övrigt"),
        Category("it_stod", "IT-stöd"),
    )


@pytest.mark.parametrize(
    "categories, kind",
    [
        ('categories = [{ id = "Sabo!", name = "A" }]', "grant_bad_form"),
        ('categories = [{ id = 5, name = "A" }]', "grant_wrong_type"),
        ('categories = [{ id = "a" }]', "grant_missing_key"),
        ("categories = [3]", "grant_wrong_type"),
        ('categories = [{ id = "a", name = "A" }, { id = "a", name = "B" }]', "grant_duplicate_category"),
        ('categories = ["Övrigt", { id = "annat", name = "Övrigt" }]', "grant_duplicate_category"),
    ],
)
def test_a_bad_category_is_named_with_its_line(tmp_path, categories, kind):
    grant, problems = read(tmp_path, categories)
    assert grant is None
    assert [p.kind for p in problems] == [kind]
    assert problems[0].location.file == "grant.toml" and problems[0].location.line == 12
