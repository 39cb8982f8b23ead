"""The console script runs without numpy (openpyxl's optional import) and builds the same bytes."""

import subprocess
import sys
from pathlib import Path

from grantsheet import api

REPOSITORY = Path(__file__).resolve().parents[1]
RUN = ("import sys; from grantsheet.cli import run; sys.argv = ['grantsheet'] + sys.argv[1:]; run()")


def test_console_script_builds_the_same_master_as_the_library(tmp_path):
    library = api.build(REPOSITORY / "inputs", tmp_path / "library").master
    subprocess.run([sys.executable, "-c", RUN, "build", "--inputs", str(REPOSITORY / "inputs"),
                    "--outputs", str(tmp_path / "script")], check=True, capture_output=True)
    script = tmp_path / "script" / library.relative_to(tmp_path / "library")
    assert script.read_bytes() == library.read_bytes()


def test_console_script_does_not_import_numpy():
    probe = ("import sys; from grantsheet.cli import run; sys.argv = ['grantsheet', 'check', '--inputs', sys.argv[1]]\n"
             "try:\n    run()\nexcept SystemExit:\n    pass\n"
             "print(sys.modules.get('numpy') is None, 'openpyxl' in sys.modules)")
    done = subprocess.run([sys.executable, "-c", probe, str(REPOSITORY / "inputs")], check=True,
                          capture_output=True, text=True)
    assert done.stdout.strip().splitlines()[-1] == "True True"
