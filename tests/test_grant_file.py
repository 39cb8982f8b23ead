"""Grant file problems name the file, the line and the fix; every pool shape reads."""

from pathlib import Path

import pytest

from grantsheet.errors import Problem
from grantsheet.grant import read_grant

HEAD = """\
[grant]
year = 2022
title = "Test"

[[pools]]
id = "sabo"
name = "Särskilt boende"
"""
TAIL = """
[inputs]
bed_places = "boendeplatser.xlsx"
listed_80_plus = "listade.xlsx"
quality = "kvalitet.xlsx"
"""


def read(tmp_path: Path, pool_lines: str) -> tuple[object, list[Problem]]:
    path = tmp_path / "grant.toml"
    path.write_text(HEAD + pool_lines + TAIL, encoding="utf-8")
    problems: list[Problem] = []
    return read_grant(path, problems), problems


@pytest.mark.parametrize(
    "pool_lines, kind, line, fix",
    [
        ('amount = 100\nkey = "bed_places.beds"\n', "grant_unknown_column", 9, "bed_places.places"),
        ('amount = 100\nkey = "boendeplatser"\n', "grant_bad_value", 9, "bed_places"),
        ('amount = -5\nkey = "bed_places"\n', "grant_out_of_range", 8, "amount = 4200000"),
        ("amount = 100\n", "grant_missing_key", 5, 'key = "bed_places"'),
        ('amount = 100\nkey = "bed_places"\nrate = 0\n', "grant_out_of_range", 10, "rate = 500"),
        ('amount = 100\nkey = "bed_places"\nrate = 12.5\n', "grant_wrong_type", 10, "rate = 500"),
        ('amount = 100\nkey = "bed_places"\ncap = false\n', "grant_cap_without_rate", 10, "rate ="),
        ('amount = 100\nkey = "bed_places"\nrounding = "up"\n', "grant_bad_value", 10, "largest_remainder, floor, ore"),
        ('amount = 100\nkey = "bed_places"\neligible = "private"\n', "grant_bad_value", 10, "has_bed_places"),
        ('amount = 100\nkey = "listed_80_plus"\nweight = "months"\n', "grant_weight_without_months", 10, "bed_places"),
        ('amount = 100\nkey = "bed_places"\nrat = 5\n', "grant_unknown_key_near", 10, '"rate"'),
    ],
)
def test_a_pool_problem_names_file_line_and_fix(tmp_path, pool_lines, kind, line, fix):
    grant, problems = read(tmp_path, pool_lines)
    assert grant is None
    assert [p.kind for p in problems] == [kind]
    found = problems[0]
    assert found.location.file == "grant.toml" and found.location.line == line
    for lang, word in (("sv", "rad"), ("en", "line")):
        rendered = found.render(lang)
        assert rendered.startswith(f"grant.toml, {word} {line}: ")
        assert fix in found.fix(lang)


def test_every_pool_setting_reads(tmp_path):
    grant, problems = read(
        tmp_path,
        'amount = 100000\nkey = "quality.reviews"\nrate = 300\ncap = false\n'
        'rounding = "ore"\neligible = "has_bed_places"\n',
    )
    assert problems == []
    pool = grant.pools[0]
    assert (pool.key, pool.field, pool.rate, pool.cap, pool.rounding, pool.eligible) == (
        "quality",
        "reviews",
        300,
        False,
        "ore",
        "has_bed_places",
    )
    assert pool.scale == 100 and pool.rate_name == "sats_sabo"
    assert set(grant.input_files) == {"quality", "bed_places", "listed_80_plus"}
    assert grant.who.noun == ("hälsocentral", "health centre")


def test_the_rounding_default_comes_from_the_rounding_table(tmp_path):
    path = tmp_path / "grant.toml"
    path.write_text(HEAD + 'amount = 1\nkey = "bed_places"\n\n[rounding]\nmethod = "floor"\n' + TAIL, encoding="utf-8")
    problems: list[Problem] = []
    grant = read_grant(path, problems)
    assert problems == [] and grant.pools[0].rounding == "floor"


def test_a_national_grant_pays_regions(tmp_path):
    path = tmp_path / "grant.toml"
    path.write_text(
        '[grant]\nyear = 2021\n[[pools]]\nid = "regioner"\nname = "R"\namount = 298500000\n'
        'key = "regions"\n[inputs]\nregions = "regioner.xlsx"\n',
        encoding="utf-8",
    )
    problems: list[Problem] = []
    grant = read_grant(path, problems)
    assert problems == []
    assert grant.centres_table == "regions" and grant.who.plural == ("regioner", "regions")
    assert grant.input_files == {"regions": "regioner.xlsx"}
