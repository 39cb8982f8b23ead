"""No unused import or variable, no undefined name: pyflakes' rules through ruff."""

import subprocess
import sys
from pathlib import Path

REPOSITORY = Path(__file__).resolve().parents[1]


def test_no_dead_imports_or_undefined_names():
    result = subprocess.run(
        [sys.executable, "-m", "ruff", "check", "--select", "F,E9", "--output-format", "concise",
         "grantsheet", "benchmarks", "scripts", "tests"],
        cwd=REPOSITORY, capture_output=True, text=True)
    assert result.returncode == 0, result.stdout + result.stderr
