"""The example master equals tests/golden/, part by part (see tests/golden_parts.py)."""

from __future__ import annotations

import difflib

import pytest
from golden_parts import GOLDEN, build_example, golden_file, readable_parts

FIX = "If the change is meant, run `python scripts/update_golden.py` and commit the reviewed diff of tests/golden/."


@pytest.fixture(scope="module")
def built_parts(tmp_path_factory):
    return readable_parts(build_example(tmp_path_factory.mktemp("golden")))


def test_the_master_has_the_golden_parts(built_parts):
    stored = sorted(str(p.relative_to(GOLDEN)).replace("\\", "/") for p in GOLDEN.rglob("*") if p.is_file())
    assert sorted(built_parts) == stored, FIX


@pytest.mark.parametrize(
    "part", sorted(str(p.relative_to(GOLDEN)).replace("\\", "/") for p in GOLDEN.rglob("*") if p.is_file())
)
def test_each_part_equals_its_golden_text(built_parts, part):
    expected = golden_file(part).read_text(encoding="utf-8")
    found = built_parts.get(part, "")
    if found != expected:
        diff = "".join(
            list(difflib.unified_diff(expected.splitlines(True), found.splitlines(True), "golden", "built"))[:60]
        )
        pytest.fail(f"{part} differs from tests/golden:\n{diff}\n{FIX}")
