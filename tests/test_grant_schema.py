"""The grant file is checked against one schema: every key known, every value its type and range.

Each case of the code-health and abuse reviews (issues 15 and 16) is here, and a property test
puts random values at random known and unknown places and finds no traceback and no misread.
"""

from __future__ import annotations

import time
from fractions import Fraction
from pathlib import Path
from typing import Any

import pytest
import tomli_w
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st
from workspace import make_workspace, small_region

from grantsheet import grant as grant_module
from grantsheet.errors import InputError, Problem, errors_in
from grantsheet.grant import EXACT_LIMIT, MAX_NESTING, SCHEMA, read_grant
from grantsheet.layout import category_id
from grantsheet.load import load_inputs

REPOSITORY = Path(__file__).resolve().parents[1]
EXAMPLE = (REPOSITORY / "inputs" / "grant.toml").read_text(encoding="utf-8")


def read_text(tmp_path: Path, text: str) -> tuple[object, list[Problem]]:
    path = tmp_path / "grant.toml"
    path.write_text(text, encoding="utf-8")
    problems: list[Problem] = []
    return read_grant(path, problems), problems


def changed(old: str, new: str) -> str:
    assert old in EXAMPLE
    return EXAMPLE.replace(old, new, 1)


def line_of(text: str, needle: str) -> int:
    return next(n for n, line in enumerate(text.splitlines(), start=1) if needle in line)


def only(problems: list[Problem]) -> Problem:
    assert len(problems) == 1, [p.render("en") for p in problems]
    return problems[0]


def test_the_shipped_grant_files_read_without_a_problem():
    for path in [REPOSITORY / "inputs" / "grant.toml", *REPOSITORY.glob("templates/**/grant.toml")]:
        problems: list[Problem] = []
        assert read_grant(path, problems) is not None and problems == [], path


@pytest.mark.parametrize(
    "old, new, kind, words",
    [
        # A text where a list belongs is not six categories, one per letter.
        ("categories = [", 'categories = "Övrigt"\nunused = [', "grant_wrong_type", "must be a list, but is a text"),
        ("deadline = 2023-01-31", 'deadline = "31 januari"', "grant_wrong_type", "a date written YYYY-MM-DD"),
        ("deadline = 2023-01-31", "deadline = 2023-01-31T12:00:00", "grant_wrong_type", "but is a date and time"),
        (
            'title = "Statsbidrag',
            'title = { a = 1 }\nx = "',
            "grant_wrong_type",
            "must be a text in quotes, but is a table",
        ),
        ("year = 2022", 'year = "2022"', "grant_wrong_type", '"year" must be a whole number'),
        ("year = 2022", "year = 2022.0", "grant_wrong_type", "but is a decimal number"),
        ("year = 2022", "year = 99999", "grant_out_of_range", "2000 to 2100"),
        ("year = 2022", "year = 9999", "grant_out_of_range", "2000 to 2100"),
        ("year = 2022", "year = 0", "grant_out_of_range", "2000 to 2100"),
        ("year = 2022", "year = -1", "grant_out_of_range", "2000 to 2100"),
        ("example_data = true", 'example_data = "ja"', "grant_wrong_type", "true or false"),
        ('language = "sv"', 'language = "fi"', "grant_bad_value", "sv, en"),
        ('method = "largest_remainder"', "method = 1", "grant_wrong_type", "a text in quotes"),
        ("amount = 4200000", "amount = 9007199254740992", "grant_out_of_range", "0 to 9007199254740991"),
        ("amount = 4200000", "amount = 9223372036854775807", "grant_out_of_range", "0 to 9007199254740991"),
    ],
)
def test_a_value_of_the_wrong_type_or_range_is_refused_on_its_line(tmp_path, old, new, kind, words):
    text = changed(old, new)
    grant, problems = read_text(tmp_path, text)
    assert grant is None
    found = [p for p in problems if p.kind == kind]
    assert len(found) == 1, [p.render("en") for p in problems]
    assert found[0].location.line == line_of(text, new.splitlines()[0])
    assert words in found[0].render("en")
    assert found[0].render("sv") != found[0].render("en")


@pytest.mark.parametrize(
    "old, new, suggestion",
    [
        ("[rounding]", "[rounding]\nrounding_typo = 1", None),
        ('key = "bed_places"', 'key = "bed_places"\namuont = 5', "amount"),
        ("[follow_up]", "[folow_up]", "follow_up"),
        ("deadline = 2023", "dedline = 2023", "deadline"),
        ("year = 2022", "year = 2022\nyaer = 2023", "year"),
    ],
)
def test_a_misspelt_key_is_refused_with_the_nearest_known_one(tmp_path, old, new, suggestion):
    text = changed(old, new)
    grant, problems = read_text(tmp_path, text)
    assert grant is None
    unknown = [p for p in problems if p.kind.startswith("grant_unknown_key")]
    assert len(unknown) == 1
    assert unknown[0].location.line == line_of(text, new.splitlines()[-1].split("=")[0].strip())
    if suggestion:
        assert f'did you mean "{suggestion}"?' in unknown[0].render("en")
        assert f'menade du "{suggestion}"?' in unknown[0].render("sv")


@pytest.mark.parametrize("opening, closing", [("[", "]"), ("{ b = ", "}"), ("[{ b = ", "}]")])
def test_deep_nesting_is_refused_without_a_recursion_error(tmp_path, opening, closing):
    text = EXAMPLE + "\na = " + opening * 3000 + "1" * (opening != "[") + closing * 3000 + "\n"
    grant, problems = read_text(tmp_path, text)
    assert grant is None
    found = only(problems)
    assert found.kind == "grant_too_deep" and found.location.line == text.count("\n")
    assert str(MAX_NESTING) in found.render("sv")


def test_deep_nesting_inside_strings_and_comments_is_text(tmp_path):
    text = changed('paragraph = "§ 70"', 'paragraph = "[[[[[[[[[[[[{{{{{{{{{{"  # ]]]]]]]]]]]]]]]]]]]')
    grant, problems = read_text(tmp_path, text)
    assert problems == [] and grant.decision.paragraph == "[[[[[[[[[[[[{{{{{{{{{{"


@pytest.mark.parametrize("command", ["check", "build"])
def test_deep_nesting_is_a_located_refusal_in_the_cli(tmp_path, command):
    from click.testing import CliRunner

    from grantsheet.cli import main

    inputs = make_workspace(tmp_path, *small_region())
    grant = inputs / "grant.toml"
    grant.write_text(grant.read_text(encoding="utf-8") + "a = " + "[" * 5000 + "]" * 5000 + "\n", encoding="utf-8")
    arguments = [command, "--inputs", str(inputs)] + (
        ["--outputs", str(tmp_path / "out")] if command == "build" else []
    )
    result = CliRunner().invoke(main, arguments)
    assert result.exit_code == 1 and isinstance(result.exception, SystemExit)
    assert "grant.toml, rad" in result.output and "nivåer" in result.output


@pytest.mark.parametrize(
    "encoding, named", [("utf-16", "UTF-16"), ("utf-16-be", "UTF-16"), ("latin-1", "Latin-1"), ("cp1252", "Latin-1")]
)
def test_a_grant_file_in_another_encoding_is_named(tmp_path, encoding, named):
    path = tmp_path / "grant.toml"
    path.write_bytes(EXAMPLE.encode(encoding))
    problems: list[Problem] = []
    assert read_grant(path, problems) is None
    found = only(problems)
    assert found.kind == "grant_encoding"
    assert named in found.render("en") and "save it as UTF-8" in found.render("en")
    assert "spara den som UTF-8" in found.render("sv")


def test_a_huge_title_is_refused_at_once(tmp_path):
    start = time.perf_counter()
    grant, problems = read_text(tmp_path, changed('title = "', 'title = "' + "x" * 900_000))
    assert grant is None and only(problems).kind == "grant_text_length"
    assert "150" in problems[0].render("en")
    grant, problems = read_text(tmp_path, changed('title = "', 'title = "' + "x" * 2_000_000))
    assert grant is None and only(problems).kind == "grant_too_large"
    assert time.perf_counter() - start < 5


@pytest.mark.parametrize(
    "old, new",
    [
        ('"Övrigt",', '"Övrigt",\n    "Övrigt",'),
        ('"Övrigt",', '"Övrigt",\n    " övrigt ",'),
        ('"Övrigt",', '"Övrigt",\n    "",'),
        ('"Övrigt",', '"Övrigt",\n    "   ",'),
    ],
)
def test_duplicate_or_empty_category_names_are_refused(tmp_path, old, new):
    text = changed(old, new)
    grant, problems = read_text(tmp_path, text)
    assert grant is None
    found = only(problems)
    assert found.kind in ("grant_duplicate_category", "grant_text_length")
    assert found.location.line == line_of(text, "Övrigt") + 1


def test_more_pools_than_a_sheet_holds_are_refused(tmp_path):
    pools = "".join(f'[[pools]]\nid = "p{i}"\nname = "P{i}"\namount = 1\nkey = "listed_80_plus"\n' for i in range(2000))
    text = '[grant]\nyear = 2022\n[inputs]\nlisted_80_plus = "l.xlsx"\n' + pools
    grant, problems = read_text(tmp_path, text)
    assert grant is None
    found = only(problems)
    assert found.kind == "grant_list_length" and "2000" in found.render("en")


def test_an_input_outside_the_inputs_folder_is_read_only_when_allowed_and_named(tmp_path):
    inputs = make_workspace(tmp_path / "ws", *small_region())
    outside = tmp_path / "elsewhere"
    outside.mkdir()
    (inputs / "listade.xlsx").rename(outside / "listade.xlsx")
    grant = inputs / "grant.toml"
    relative = '"../../elsewhere/listade.xlsx"'
    text = grant.read_text(encoding="utf-8").replace('"listade.xlsx"', relative)
    grant.write_text(text, encoding="utf-8")
    with pytest.raises(InputError) as refused:
        load_inputs(inputs)
    found = only(errors_in(refused.value.problems))
    assert found.kind == "grant_input_outside" and found.location.line == line_of(text, relative)
    grant.write_text(text.replace("[inputs]", "[inputs]\noutside_folder = true"), encoding="utf-8")
    dataset = load_inputs(inputs)
    assert "../../elsewhere/listade.xlsx" in [source.name for source in dataset.sources]
    assert "boendeplatser.xlsx" in [source.name for source in dataset.sources]


@pytest.mark.parametrize(
    "amount, kind",
    [
        (2**53 + 1, "grant_out_of_range"),
        (2**53 - 1, "grant_amount_beyond_engines"),
        (10**15, "grant_amount_beyond_engines"),
        (10**15 - 1, None),
    ],
)
def test_a_pool_beyond_what_the_engines_hold_is_refused_with_the_reason_and_one_below_builds(tmp_path, amount, kind):
    """The amount is the only bound on a pool in whole kronor: the formulas split the product
    amount × key into quotient and remainder steps (docs/rules.md). LibreOffice keeps 15
    digits: 2^53 - 1 was read and its cell came back changed (#26.13); 10^15 - 1 builds."""
    inputs = make_workspace(tmp_path, *small_region(), sabo=amount)
    grant = inputs / "grant.toml"
    problems: list[Problem] = []
    if kind is not None:
        assert read_grant(grant, problems) is None and only(problems).kind == kind
        assert amount == 2**53 + 1 or "15 digits" in only(problems).render("en")
        return
    assert load_inputs(inputs).grant.pools[0].amount == amount


def test_a_pool_in_ore_beyond_fifteen_digits_of_ore_is_refused(tmp_path):
    inputs = make_workspace(tmp_path, *small_region(), sabo=10**13)
    grant = inputs / "grant.toml"
    grant.write_text(
        grant.read_text(encoding="utf-8").replace("[follow_up]", '[rounding]\nmethod = "ore"\n\n[follow_up]'),
        encoding="utf-8",
    )
    problems: list[Problem] = []
    assert read_grant(grant, problems) is None
    assert only(problems).kind == "grant_amount_beyond_engines" and "9999999999999" in only(problems).render("en")


def test_a_total_key_above_ten_billion_is_refused_with_the_reason(tmp_path):
    homes, listings = small_region()
    listings = [listings[0]._replace(listed_80_plus=10**10), *listings[1:]]
    inputs = make_workspace(tmp_path, homes, listings)
    with pytest.raises(InputError) as refused:
        load_inputs(inputs)
    found = only(errors_in(refused.value.problems))
    assert found.kind == "pool_key_too_large" and "10 000 000 000" in found.render("en")


def test_a_pool_just_inside_the_bound_builds(tmp_path):
    homes, listings = small_region()
    total_places = 71  # the three homes of small_region
    inputs = make_workspace(tmp_path, homes, listings, sabo=(EXACT_LIMIT - 1) // total_places)
    assert load_inputs(inputs).grant.pools[0].amount == (EXACT_LIMIT - 1) // total_places


# The property test: random values at random places of the example grant file.

SCALARS = st.one_of(
    st.integers(min_value=-(2**63), max_value=2**63 - 1),
    st.text(max_size=20),
    st.sampled_from(["sv", "en", "floor", "ore", "all", "months", "none", "bed_places", "listed_80_plus", "x.xlsx"]),
    st.booleans(),
    st.floats(allow_nan=False, allow_infinity=False),
    st.dates(),
    st.datetimes(),
)
VALUES = st.recursive(
    SCALARS,
    lambda inner: st.lists(inner, max_size=3) | st.dictionaries(st.text(max_size=5), inner, max_size=3),
    max_leaves=4,
)
KNOWN = sorted({path.replace("[]", "[0]") for path in SCHEMA if path and not path.endswith("[]")})
PLACES = st.one_of(
    st.sampled_from(KNOWN),
    st.tuples(
        st.sampled_from(["", "grant.", "pools[0].", "follow_up.", "inputs."]), st.text("abcdey_", min_size=1)
    ).map("".join),
)


def _put(document: dict, place: str, value: object) -> None:
    """Set ``place`` ("pools[0].amount") to ``value``, making what lies on the way a table."""
    *parents, last = place.replace("[0]", ".0").split(".")
    node: Any = document
    for part in parents:
        key: Any = int(part) if isinstance(node, list) else part
        inside = node.get(key) if isinstance(node, dict) else node[key]
        if not isinstance(inside, dict | list) or isinstance(node, list) and isinstance(inside, list):
            node[key] = {}
        node = node[key]
    node[int(last) if isinstance(node, list) else last] = value


def _read_back(grant: grant_module.Grant, place: str) -> object:
    """What the grant says for a known place, as the file wrote it."""
    if place.startswith("follow_up.categories[0]."):
        return getattr(grant.follow_up_categories[0], place.rpartition(".")[2])
    table, _, key = place.replace("pools[0]", "pool").partition(".")
    if table == "pool":
        pool = grant.pools[0]
        if key == "key":
            return f"{pool.key}.{pool.key_field}" if pool.key_field else pool.key
        return getattr(pool, key)
    if table in ("ledger", "mail", "contact"):
        return getattr(getattr(grant, table), key)
    if table == "approval":
        found = getattr(grant.approval, key)
        return list(found) if isinstance(found, tuple) else found
    if table == "recipients":
        return {"noun": grant.who.noun[0], "plural": grant.who.plural[0], "table": grant.centres_table}[key]
    attribute = {
        "grant": key,
        "decision": key,
        "rounding": "rounding",
        "follow_up": f"follow_up_{key}",
        "inputs": "input_files",
    }[table]
    holder = grant.decision if table == "decision" else grant
    value = getattr(holder, attribute)
    if table == "inputs":
        if key == "register":
            return grant.register_file
        if key == "outside_folder":
            return grant.outside_folder
        return value.get(key, value)
    return [category.name for category in value] if key == "categories" else value


@pytest.mark.slow  # 300 grant files written and read
@settings(max_examples=300, deadline=None, suppress_health_check=[HealthCheck.function_scoped_fixture])
@given(place=PLACES, value=VALUES)
def test_random_grant_files_never_crash_and_are_never_misread(tmp_path, place, value):
    import tomllib

    document = tomllib.loads(EXAMPLE)
    _put(document, place, value)
    grant, problems = read_text(tmp_path, tomli_w.dumps(document))
    for found in problems:  # every problem renders in both languages
        found.render("sv"), found.render("en")
    if grant is None:
        assert problems
        return
    assert problems == []
    assert place in KNOWN, f"{place!r} is no setting and was taken silently"
    pattern = place.replace("[0]", "[]")
    if ("table",) in (SCHEMA[pattern].kinds, getattr(SCHEMA.get(pattern + "[]"), "kinds", None)):
        return  # a table's settings are places of their own
    if place.startswith("pools[0].eligible."):
        return  # a threshold's settings: read into the pool's eligible_column and bounds (test_rules)
    read = _read_back(grant, place)
    if place.split(".")[-1] in ("amount", "fixed", "minimum", "maximum", "unit") and isinstance(value, float):
        # Money is read exactly (a Decimal, kept as an int or a Fraction), never as the float it looks like.
        assert read == Fraction(str(value)), (place, value, read)
        return
    if isinstance(read, dict):  # an input table the pools do not use: not read
        return
    if isinstance(value, str) and place.startswith(("inputs.", "recipients.")):
        value = value.strip()
    if place.startswith("recipients.") and value == "":
        return  # not given: the words of the table that lists the recipients
    if place.startswith("ledger.") and place.endswith("_account"):
        value = str(value).strip()  # an account written as a number is still an account number
    if place == "follow_up.categories":
        assert [c.id for c in grant.follow_up_categories] == [
            item["id"]
            if isinstance(item, dict) and "id" in item
            else category_id(item if isinstance(item, str) else item["name"])
            for item in value
        ]
        value = [item if isinstance(item, str) else item["name"] for item in value]
    assert read == value and type(read) is type(value), (place, value, read)


def test_the_longest_texts_the_grant_file_allows_fit_every_print_header(tmp_path):
    import warnings
    import zipfile

    from grantsheet import api

    inputs = make_workspace(tmp_path, *small_region())
    grant = inputs / "grant.toml"
    title, body = "&" * grant_module.TITLE_LENGTH, "B" * grant_module.NAME_LENGTH
    text = grant.read_text(encoding="utf-8").replace('title = "Testbidrag 2022"', f'title = "{title}"')
    text = text.replace('body = "Regionstyrelsen"', f'body = "{body}"').replace('"RS 1-2022"', f'"{body}"')
    grant.write_text(text, encoding="utf-8")
    with warnings.catch_warnings():
        warnings.simplefilter("error")  # XlsxWriter warns when it leaves out a header too long
        result = api.build(inputs, tmp_path / "out")
    for book in [result.master, *result.centre_files]:
        with zipfile.ZipFile(book) as package:
            sheets = [package.read(n).decode() for n in package.namelist() if n.startswith("xl/worksheets/sheet")]
        lines = [part.split("</")[0] for xml in sheets for part in xml.split("<oddHeader>")[1:]]
        lines += [part.split("</")[0] for xml in sheets for part in xml.split("<oddFooter>")[1:]]
        assert lines and all(len(line.replace("&amp;", "&")) <= 255 for line in lines)
        assert any("…" in line for line in lines)


@pytest.mark.parametrize("char", ["\\u0007", "\\u001b", "\\u0000", "\\u0085"])
def test_a_control_character_in_a_text_is_refused_on_its_line(tmp_path, char):
    text = changed('name = "Hemsjukvård"', f'name = "Hem{char}sjukvård"')
    grant, problems = read_text(tmp_path, text)
    assert grant is None
    found = only(problems)
    assert found.kind == "grant_control_character" and found.location.line == line_of(text, "Hem")
    assert f"U+{int(char[2:], 16):04X}" in found.render("en")


def test_an_unknown_table_deep_in_a_header_is_named_on_its_line(tmp_path):
    text = EXAMPLE + "\n[" + ".".join(["extra"] * 2000) + "]\nx = 1\n"
    grant, problems = read_text(tmp_path, text)
    assert grant is None
    assert only(problems).location.line == line_of(text, "[extra.extra")


def test_a_list_element_is_placed_on_its_own_line_even_several_to_a_line(tmp_path):
    text = changed(
        '"Digitala lösningar",', '"Digitala lösningar", { id = "it", name = "IT, stöd" },\n    "Annat", "it stöd",'
    )
    text = text.replace('"it stöd"', '{ id = "it", name = "Mer IT" }')
    grant, problems = read_text(tmp_path, text)
    assert grant is None
    found = only(problems)
    assert found.kind == "grant_duplicate_category" and found.location.line == line_of(text, '"Annat"')


def test_a_word_outside_a_settings_choices_is_one_problem_whatever_its_length(tmp_path):
    text = changed('language = "sv"', 'language = "svenska\\u0007"')
    grant, problems = read_text(tmp_path, text)
    assert grant is None and only(problems).kind == "grant_bad_value"
    assert "sv, en" in problems[0].render("en")
