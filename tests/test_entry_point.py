"""The console script builds the same bytes as the library, never imports openpyxl to build
(nor to rebuild), and runs it without numpy (openpyxl's optional import) where it does."""

import subprocess
import sys
from pathlib import Path

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


def probe_modules(*args: str) -> tuple[bool, bool]:
    """(numpy hidden, openpyxl imported) after ``grantsheet ARGS`` run by the console script."""
    probe = (
        "import sys; from grantsheet.cli import run; sys.argv = ['grantsheet'] + sys.argv[1:]\n"
        "try:\n    run()\nexcept SystemExit:\n    pass\n"
        "print(sys.modules.get('numpy') is None, 'openpyxl' in sys.modules)"
    )
    done = subprocess.run([sys.executable, "-c", probe, *args], check=True, capture_output=True, text=True)
    hidden, imported = done.stdout.strip().splitlines()[-1].split()
    return hidden == "True", imported == "True"


def test_check_a_build_and_a_rebuild_do_not_import_openpyxl(tmp_path):
    inputs = str(REPOSITORY / "inputs")
    assert probe_modules("check", "--inputs", inputs) == (True, False)
    assert probe_modules("build", "--inputs", inputs, "--outputs", str(tmp_path)) == (True, False)
    assert probe_modules("build", "--inputs", inputs, "--outputs", str(tmp_path)) == (True, False)  # rebuild


def test_verify_reads_with_openpyxl_without_numpy(tmp_path):
    master = api.build(REPOSITORY / "inputs", tmp_path).master
    assert probe_modules("verify", "--no-recalc", str(master)) == (True, True)
