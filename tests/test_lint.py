"""The code passes the project's linters: ruff's rules, ruff's formatting and mypy's type check.

They run as tests so that the README's one test command is also the CI's lint step.
"""

import subprocess
import sys
from pathlib import Path

REPOSITORY = Path(__file__).resolve().parents[1]
CODE = ["grantsheet", "benchmarks", "scripts", "tests"]


def _run(*args: str) -> subprocess.CompletedProcess[str]:
    return subprocess.run([sys.executable, "-m", *args], cwd=REPOSITORY, capture_output=True, text=True)


def test_ruff_rules_pass():
    result = _run("ruff", "check", "--output-format", "concise", *CODE)
    assert result.returncode == 0, result.stdout + result.stderr


def test_code_is_formatted():
    result = _run("ruff", "format", "--check", *CODE)
    assert result.returncode == 0, result.stdout + result.stderr


def test_types_check():
    result = _run("mypy")  # files and settings: [tool.mypy] in pyproject.toml
    assert result.returncode == 0, result.stdout + result.stderr
