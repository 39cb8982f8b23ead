"""The code passes the project's linters: ruff's rules, ruff's formatting, mypy's type check and the
import contracts (import-linter: the layers of docs/layers.md).

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


def test_import_contracts_hold():
    """[tool.importlinter] in pyproject.toml: the layers read -> ... -> front ends, indirect
    imports and imports inside functions included; the writers never import a reader."""
    check = "import sys; from importlinter.cli import lint_imports; sys.exit(lint_imports(no_cache=True, no_logo=True))"
    result = subprocess.run([sys.executable, "-c", check], cwd=REPOSITORY, capture_output=True, text=True)
    assert result.returncode == 0, result.stdout + result.stderr
