"""The grant's words reach every text: a grant over regions from a declared table never speaks of
health centres, nursing homes or the listed 80+; every text is there in Swedish and English."""

from __future__ import annotations

import ast
import datetime as dt
import functools
import inspect
import itertools
import json
import re
import string
from collections.abc import Callable
from pathlib import Path
from typing import NamedTuple

import openpyxl
import pytest
from click.testing import CliRunner

from grantsheet import api, texts
from grantsheet.cli import main
from grantsheet.layout import SEAL_SHEET
from grantsheet.tables import TABLES

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


# English is CI's (slow): the fast tier reads the English words of a grant's outputs in
# test_grant_words (the CARES Act).
@pytest.mark.parametrize("lang", ["sv", pytest.param("en", marks=pytest.mark.slow)])
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


# -- the keys made at run time (#24.3) -----------------------------------------------------
# A text key made from strings at run time (f"rounding_{pool.rounding}") is looked up only when
# that value turns up: a missing one was a KeyError in a worker process, one build at a time.
# Every such family in grantsheet/ is listed here with the source of its values, and each of
# its keys must be in the catalogue in Swedish and English; a new family fails until it is.

PACKAGE = Path(texts.__file__).resolve().parent
# Calls whose first argument is a texts key (LABELS) or a problem's kind (PROBLEMS).
TEXT_CALLS = {"t", "text", "recipient_text", "format1_text", "all_labels", "all_templates"}
PROBLEM_CALLS = {"problem", "warning"}


def _trees() -> dict[str, ast.Module]:
    """Module path below grantsheet/ ("web/app") -> its syntax tree."""
    return {
        path.relative_to(PACKAGE).with_suffix("").as_posix(): ast.parse(path.read_text(encoding="utf-8"))
        for path in sorted(PACKAGE.rglob("*.py"))
    }


TREES = _trees()


def _called(node: ast.Call) -> str:
    return node.func.attr if isinstance(node.func, ast.Attribute) else getattr(node.func, "id", "")


def _literals(node: ast.AST) -> list[str]:
    """The texts an argument may be: a string, or either string of a conditional."""
    if isinstance(node, ast.Constant) and isinstance(node.value, str):
        return [node.value]
    if isinstance(node, ast.IfExp):
        return _literals(node.body) + _literals(node.orelse)
    return []


class _Scope(NamedTuple):
    """A module or one of its functions (nested ones included in it): the strings each variable
    is assigned, and every call with its name and positional arguments."""

    name: str | None
    assigned: dict[str, list[str]]
    calls: list[tuple[str, list[ast.expr]]]


def _scope(node: ast.AST) -> _Scope:
    assigned: dict[str, list[str]] = {}
    calls = []
    for inner in ast.walk(node):
        if isinstance(inner, ast.Assign) and isinstance(inner.targets[0], ast.Name):
            assigned.setdefault(inner.targets[0].id, []).extend(_literals(inner.value))
        elif isinstance(inner, ast.Call):
            calls.append((_called(inner), inner.args))
    return _Scope(getattr(node, "name", None), assigned, calls)


# Each module walked once for all the collection's literal_args (once for each, it took seconds).
@functools.cache
def _scopes(module: str, functions: bool) -> tuple[_Scope, ...]:
    """The module ``module`` as one scope, or each of its functions."""
    tree = TREES[module]
    if not functions:
        return (_scope(tree),)
    return tuple(_scope(n) for n in ast.walk(tree) if isinstance(n, (ast.FunctionDef, ast.AsyncFunctionDef)))


def literal_args(names: set[str], position: int = 0, module: str | None = None, inside: str | None = None) -> set[str]:
    """Every string given as argument ``position`` to a call of one of ``names`` (a function or a
    method), in ``module`` (else anywhere), within the function ``inside`` (else anywhere); a
    variable given is read from the strings its function assigns it (kind = "a" if x else "b"),
    or, outside ``inside``, that its module assigns it anywhere."""
    found = set()
    for name in TREES:
        if module not in (None, name):
            continue
        for scope in _scopes(name, inside is not None):
            if inside not in (None, scope.name):
                continue
            for called, args in scope.calls:
                if called in names and len(args) > position:
                    given = args[position]
                    found.update(scope.assigned.get(given.id, []) if isinstance(given, ast.Name) else _literals(given))
    return found


# The kinds of verify's findings (texts "verify_<kind>"): verify.finding's and the audit's.
FINDINGS = (
    literal_args({"finding"}, module="verify")
    | literal_args({"add"}, module="audit")
    | literal_args({"make"}, module="audit", inside="cell_errors")  # a master's cells showing an error
)


def _pattern(node: ast.JoinedStr) -> str:
    return "".join(part.value if isinstance(part, ast.Constant) else "{}" for part in node.values)


def key_sites() -> dict[tuple[str, str], list[int]]:
    """(module, pattern) -> lines of every f-string in grantsheet/ that makes a key at run time: one
    a text or a problem is asked for by, and one that reads like a key (lower-case words and
    underscores around its values: "col_calc_{}", "{}_unreadable")."""
    asked = {id(node.args[0]) for node in _calls(TEXT_CALLS | PROBLEM_CALLS)}
    found: dict[tuple[str, str], list[int]] = {}
    for name, tree in TREES.items():
        for node in ast.walk(tree):
            if isinstance(node, ast.JoinedStr):
                pattern = _pattern(node)
                words = pattern.replace("{}", " ")
                keylike = re.fullmatch(r"[a-z_{}]+", pattern) and re.search(r"[a-z]_|_[a-z]", words)
                if "{}" in pattern and (keylike or id(node) in asked):
                    found.setdefault((name, pattern), []).append(node.lineno)
    # The page's templates join a key with + ({{ t("change_" + row.status) }}).
    for path in sorted(PACKAGE.rglob("*.html")):
        name = path.relative_to(PACKAGE).as_posix()
        for number, line in enumerate(path.read_text(encoding="utf-8").splitlines(), 1):
            for prefix in re.findall(r"""\b(?:t|label)\(["']([a-z_]+)["'] \+""", line):
                found.setdefault((name, prefix + "{}"), []).append(number)
    return found


def _calls(names: set[str]) -> list[ast.Call]:
    return [
        node
        for tree in TREES.values()
        for node in ast.walk(tree)
        if isinstance(node, ast.Call) and _called(node) in names and node.args
    ]


def _every_flag(layout_function: Callable[..., tuple[str, ...]]) -> set[str]:
    """Every name ``layout_function(1, *flags)`` gives (one round), whatever its flags."""
    flags = len(inspect.signature(layout_function).parameters) - 1
    return {name for chosen in itertools.product((False, True), repeat=flags) for name in layout_function(1, *chosen)}


def _rule_names() -> tuple[set[str], set[str]]:
    """The calculation columns and the pool-level cells of the pools with rules (layout.py), a
    round's with its number 1."""
    from grantsheet.layout import rule_block_columns, rule_pool_columns

    return _every_flag(rule_pool_columns), _every_flag(rule_block_columns)


def _rule_column_keys() -> set[str]:
    """The headings of a pool with rules' calculation columns (write.MasterWriter.write_calculation),
    a round's by its name without the number."""
    columns, _ = _rule_names()
    return {f"col_calc_rule_round_{c[:-2]}" if c.endswith("_1") else f"col_calc_rule_{c}" for c in columns}


def is_cell_name(pattern: str) -> bool:
    """Whether ``pattern`` makes the name of a rule column or cell of a round ("out_{}", "part_rest{}"
    with a "_1" given): a name of the workbook's layout, no text."""
    columns, cells = _rule_names()
    return bool({pattern.replace("{}", "1"), pattern.replace("{}", "_1")} & (columns | cells))


def _families() -> dict[tuple[str, str], Callable[[], set[str]]]:
    """(module, pattern) of every key family -> the keys it may make, from where its values come."""
    from grantsheet import changes, cycle, errors, grant, identity, journal, layout, write
    from grantsheet.cli import main
    from grantsheet.layout import CENTRE, MASTER, POOL_BLOCK, POOL_COLUMNS, PROVENANCE_COLUMNS
    from grantsheet.tables import KINDS_DECLARED
    from grantsheet.web.app import PHASES

    def keys(pattern: str, *values: object) -> Callable[[], set[str]]:
        return lambda: {pattern.format(value) for value in values}

    bounds = ("minimum", "maximum")  # a pool's limits (grant.Pool.minimum, .maximum)
    roundings, eligible = grant.ROUNDING_METHODS, (*grant.ELIGIBILITY, "threshold")
    statuses = (changes.ADDED, changes.REMOVED, changes.CHANGED, changes.UNCHANGED)
    foreign = (identity.OTHER_YEAR, identity.OTHER_GRANT, identity.OTHER_CENTRE)
    roles = literal_args({"read_or_problem"}, 1)  # what readback.read_or_problem is asked to read
    entry_rules = ("amount", "date", "text")  # what layout.entry_broken finds wrong with an entry
    flags = literal_args({"Flag"}, module="collect")
    # What a value in the grant file may be (grant._kind of each TOML type) and what a setting asks for.
    toml = (True, 1, 1.5, "a", {}, [], dt.datetime(2024, 1, 1, 8), dt.date(2024, 1, 1), dt.time(8))
    types = {grant._kind(value) for value in toml} | {kind for row in grant.SCHEMA.values() for kind in row.kinds}
    read_back = {"rounding": roundings, "eligible": eligible, "weight": grant.WEIGHTS, "ties": grant.TIES}
    return {
        ("approval", "approval_action_{}"): keys("approval_action_{}", *literal_args({"require"}, 2)),
        ("audit", "entry_invalid_{}"): keys("verify_entry_invalid_{}", *entry_rules),
        ("verify", "entry_invalid_{}"): keys("verify_entry_invalid_{}", *entry_rules),
        ("centre_files", "letter_rule_{}"): keys("letter_rule_{}", *bounds),
        ("centre_files", "letter_rounding_{}"): keys("letter_rounding_{}", *roundings),
        ("changes", "col_{}"): keys("col_{}", "key_before", "key_after", "payout_before", "payout_after"),
        ("changes", "change_{}"): keys("change_{}", *statuses),
        ("cli", "change_{}"): keys("change_{}", *statuses),
        ("cli", "cli_problems_{}"): keys("cli_problems_{}", errors.INPUTS, errors.OUTPUTS, errors.RETURNS),
        ("cli", "decision_{}"): keys("decision_{}", journal.APPROVED, journal.REJECTED),
        ("cli", "verify_kind_{}"): keys("verify_kind_{}", MASTER, CENTRE, None),
        ("cli", "cli_history_language_{}"): keys("cli_history_language_{}", *grant.LANGUAGES, "unknown"),
        ("cli_help", "help_opt_{}"): lambda: {
            param.help_key
            for command in (main, *main.commands.values())
            for param in command.params
            if hasattr(param, "help_key")  # an option; an argument has no help
        },
        ("cli_help", "help_cmd_{}"): keys("help_cmd_{}", main.name, *main.commands),
        ("cli", "diff_section_{}"): keys("diff_section_{}", "parameters", "inputs", "entries", "payouts"),
        ("collect", "flag_{}"): keys("flag_{}", *flags, "contact_missing", "date_missing"),
        ("collect", "{}_missing"): keys("flag_{}_missing", "contact", "date"),
        ("collect", "status_{}"): keys("status_{}", "reported", "blank", "missing"),
        ("collect", "foreign_{}"): keys("foreign_{}", *foreign),
        ("cycle", "foreign_{}"): keys("foreign_{}", *foreign),
        ("cycle", "reason_{}"): keys("reason_{}", *cycle.REASONS),
        ("diff", "diff_{}"): keys("diff_{}", *literal_args({"difference"}, module="diff")),
        ("diff", "col_{}"): keys("col_{}", *PROVENANCE_COLUMNS),
        ("write", "col_{}"): keys("col_{}", *PROVENANCE_COLUMNS),
        ("grant", "type_{}"): keys("type_{}", *types),
        ("layout", "dir_{}"): keys("dir_{}", *(role for role in layout.FOLDERS if "_" not in role)),
        ("mail", "mail_{}{}"): lambda: {f"mail_{p}{part}" for p in ("", "reminder_") for part in ("subject", "body")},
        ("readback", "{}_too_large"): keys("{}_too_large", *roles),
        ("readback", "{}_unreadable"): keys("{}_unreadable", *roles),
        ("rederive", "{}_{}"): lambda: {
            f"{prefix}_{value}" for prefix, values in read_back.items() for value in values
        },
        ("rederive", "rounding_{}"): keys("rounding_{}", *roundings),  # a master before format 7
        ("verify", "verify_{}"): keys("verify_{}", *FINDINGS),
        ("web/app", "web_{}"): keys("web_{}", *literal_args({"problem"}, module="approval", inside="refusals")),
        ("web/app", "severity_{}"): keys("severity_{}", errors.ERROR, errors.WARNING),
        ("web/templates/verify.html", "verify_kind_{}"): keys("verify_kind_{}", MASTER, CENTRE),
        ("web/templates/workspace.html", "web_history_{}"): keys(
            "web_history_{}", "same", "resaved", journal.APPROVED, journal.REJECTED
        ),  # workspace.HistoryEntry.master, and an approval's decision
        ("web/templates/grant.html", "web_tables_kind_{}"): keys(
            "web_tables_kind_{}", "recipient", *KINDS_DECLARED, ""
        ),
        ("web/templates/results.html", "change_{}"): keys("change_{}", *statuses),
        ("web/templates/build.html", "web_progress_{}"): keys("web_progress_{}", *PHASES),
        ("write", "sheet_{}"): keys(
            "sheet_{}", "overview", "parameters", "calculation", "payout", "follow_up", "checks", "method"
        ),
        ("write", "rounding_{}"): keys("rounding_{}", *roundings),
        ("write", "eligible_{}"): keys("eligible_{}", *eligible),
        ("write", "weight_{}"): keys("weight_{}", *grant.WEIGHTS),
        ("write", "ties_{}"): keys("ties_{}", *grant.TIES),
        ("write", "col_rule_{}"): keys("col_rule_{}", *write.RULE_PARAMETERS),
        ("write", "constant_{}"): keys("constant_{}", layout.ORE_PER_KRONA, layout.MONTHS_PER_YEAR, layout.SPLIT_BASE),
        ("write", "col_calc_{}"): keys("col_calc_{}", *POOL_COLUMNS),
        ("write", "col_calc_rule_{}{}"): _rule_column_keys,
        ("write", "col_block_{}"): lambda: {
            f"col_block_{name.removesuffix('_1')}" for name in (*POOL_BLOCK, *_rule_names()[1])
        },
        ("write", "check_{}"): keys("check_{}", *bounds),
        ("write", "threshold_{}"): keys("threshold_{}", "at_least", "at_most"),
        ("write", "method_{}"): keys("method_{}", *range(2, 8), "floor", "ore", "rate", "eligible", "months"),
        ("write", "method_rule_{}"): keys("method_rule_{}", *bounds),
    }


FAMILIES = _families()
# f-strings that read like keys and are none (besides the rule columns' and cells' names,
# ``is_cell_name``): the workbook's defined names, a category's id, and the built-in tables'
# frozen keys, which only texts.all_labels looks up (a table with no words in a release has
# none: an empty set).
NOT_TEXT_KEYS = {
    ("grant", "belopp_{}"),
    ("grant", "sats_{}"),
    ("layout", "c_{}"),  # a category's id made from its name
    ("layout", "nyckelenheter_{}_{}"),
    # The grant page's labels of settings: label() shows the setting's own name where no text is.
    ("web/templates/grant.html", "setting_{}"),
    ("tables", "col_{}_{}"),
    ("tables", "col_{}_place_months"),
    ("tables", "key_{}"),
    ("tables", "sheet_input_{}"),
}


def test_every_key_made_at_run_time_has_its_family_here():
    sites = key_sites()
    unknown = {
        site: lines
        for site, lines in sites.items()
        if site not in FAMILIES and site not in NOT_TEXT_KEYS and not is_cell_name(site[1])
    }
    assert not unknown, (
        f"keys made at run time with no family in tests/test_words.py (module, pattern: lines): {unknown}"
    )
    gone = sorted((set(FAMILIES) | NOT_TEXT_KEYS) - set(sites))
    assert not gone, f"families no longer in the code: {gone}"


def _in_both_languages(key: str) -> bool:
    if key in texts.LABELS:
        return len(texts.LABELS[key]) == 2 and all(words.strip() for words in texts.LABELS[key])
    parts = texts.PROBLEMS.get(key, ())
    return len(parts) == 2 and all(part.strip() for language in parts for part in language)


@pytest.mark.parametrize("site", sorted(FAMILIES), ids="{0[0]}:{0[1]}".format)
def test_every_key_of_a_family_is_in_the_catalogue_in_swedish_and_english(site):
    made = FAMILIES[site]()
    assert made, f"{site}: its source gives no values"
    missing = sorted(key for key in made if not _in_both_languages(key))
    assert not missing, f"{site}: no text in both languages for {missing}"


@pytest.mark.parametrize("role", sorted(literal_args({"read_or_problem"}, 1)))
def test_a_file_read_back_that_fails_is_a_message_in_both_languages(tmp_path, role):
    from grantsheet.readback import TooLarge, read_or_problem

    path = tmp_path / "file.xlsx"
    path.write_bytes(b"PK")

    def damaged() -> None:
        raise ValueError("not a workbook")

    def too_large() -> None:
        raise TooLarge(path, 30_000_000, 20_000_000)

    for read in (damaged, too_large):
        found = read_or_problem(path, role, read)
        assert all(found.render(lang) for lang in ("sv", "en")), found.kind  # a damaged base said KeyError 'file'


def _quoted_in_templates() -> set[str]:
    """The words quoted in the page's templates and scripts (t("web_title"), label("setting_" + ...))."""
    found: set[str] = set()
    for path in (*PACKAGE.rglob("*.html"), *PACKAGE.rglob("*.js")):
        found |= set(re.findall(r"""["']([a-z0-9_]+)["']""", path.read_text(encoding="utf-8")))
    return found


def _strings_in_code() -> set[str]:
    """Every string in grantsheet/'s code but the catalogue's own entries and the frozen labels."""
    found: set[str] = set()
    for name, tree in TREES.items():
        if name == "frozen_labels":
            continue
        for statement in tree.body:
            target = getattr(statement, "target", None) or next(iter(getattr(statement, "targets", [])), None)
            if name == "texts" and getattr(target, "id", None) in ("LABELS", "PROBLEMS"):
                continue
            found |= {n.value for n in ast.walk(statement) if isinstance(n, ast.Constant) and isinstance(n.value, str)}
    return found


def test_every_key_named_in_the_code_is_in_the_catalogue():
    in_templates = {
        key
        for path in PACKAGE.rglob("*.html")
        for key in re.findall(r"""\bt\(["']([a-z0-9_]+)["'][,)]""", path.read_text(encoding="utf-8"))
    }
    named = {
        "text": (literal_args(TEXT_CALLS) | in_templates) - set(texts.LABELS),
        "problem": literal_args(PROBLEM_CALLS) - set(texts.PROBLEMS),
        "verify finding": {f"verify_{k}" for k in FINDINGS} - set(texts.LABELS),
    }
    from grantsheet.frozen_labels import LABELS as FROZEN

    # all_labels finds the words of keys that only a released version had ("dir_centres_region").
    named["text"] -= {key for version in FROZEN.values() for key in version}
    assert not any(named.values()), f"named in the code, not in texts.py: {named}"


def test_every_text_of_the_catalogue_is_used():
    used = _strings_in_code() | _quoted_in_templates() | {key for make in FAMILIES.values() for key in make()}
    unused = sorted(key for key in (*texts.LABELS, *texts.PROBLEMS) if key not in used)
    assert not unused, f"texts no code asks for (nor a family of tests/test_words.py): {unused}"


@pytest.mark.parametrize("name", sorted(TABLES))
def test_a_preset_table_has_its_words_in_swedish_and_english(name):
    """A table's words are in its declaration (grantsheet/tables.py), not keys of texts.py: each
    word the master writes of it is there in both languages."""
    spec = TABLES[name]
    words = {"label": spec.label, "title": spec.title, "noun": spec.noun, "plural": spec.plural}
    # The input sheet's headings (the id column has the catalogue's "col_centre_id").
    words |= {f"column {c.field}": c.label for c in spec.columns if c.field != "centre_id"}
    for field in spec.key_fields:
        words |= {f"key {field} {part}": getattr(spec.key_words(field), part) for part in ("name", "unit", "one")}
    if spec.months_field:
        words["months"] = spec.months_label
    missing = sorted(what for what, pair in words.items() if len(pair) != 2 or not all(w.strip() for w in pair))
    assert not missing, f"table {name}: no words in both languages for {missing}"
