"""The console script builds the same bytes as the library and never imports openpyxl to build
(nor to rebuild)."""

import subprocess
import sys
from pathlib import Path

import pytest

from grantsheet import api

REPOSITORY = Path(__file__).resolve().parents[1]
RUN = "import sys; from grantsheet.cli import run; sys.argv = ['grantsheet'] + sys.argv[1:]; run()"


def test_console_script_builds_the_same_master_as_the_library(tmp_path):
    library = api.build(REPOSITORY / "inputs", tmp_path / "library").master
    subprocess.run(
        [
            sys.executable,
            "-c",
            RUN,
            "build",
            "--inputs",
            str(REPOSITORY / "inputs"),
            "--outputs",
            str(tmp_path / "script"),
        ],
        check=True,
        capture_output=True,
    )
    script = tmp_path / "script" / library.relative_to(tmp_path / "library")
    assert script.read_bytes() == library.read_bytes()


def openpyxl_imported(*args: str) -> bool:
    """Whether ``grantsheet ARGS``, run by the console script, imported openpyxl."""
    probe = (
        "import sys; from grantsheet.cli import run; sys.argv = ['grantsheet'] + sys.argv[1:]\n"
        "try:\n    run()\nexcept SystemExit:\n    pass\n"
        "print('openpyxl' in sys.modules)"
    )
    done = subprocess.run([sys.executable, "-c", probe, *args], check=True, capture_output=True, text=True)
    return done.stdout.strip().splitlines()[-1] == "True"


@pytest.mark.slow  # three whole processes for what start-up imports, as the benchmark gate's start-up
def test_check_a_build_and_a_rebuild_do_not_import_openpyxl(tmp_path):
    inputs = str(REPOSITORY / "inputs")
    assert not openpyxl_imported("check", "--inputs", inputs)
    assert not openpyxl_imported("build", "--inputs", inputs, "--outputs", str(tmp_path))
    assert not openpyxl_imported("build", "--inputs", inputs, "--outputs", str(tmp_path))  # rebuild


def test_verify_reads_with_openpyxl(example_build):
    master = example_build("vasterbotten-2022").master
    assert openpyxl_imported("verify", "--no-recalc", str(master))
