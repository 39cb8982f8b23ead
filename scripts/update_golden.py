"""Write tests/golden/ anew from the shipped example: run after a reviewed change of the master's layout.

python scripts/update_golden.py && git diff tests/golden
"""

from __future__ import annotations

import shutil
import sys
import tempfile
from pathlib import Path

# This checkout's grantsheet, not whichever one the virtualenv has installed (a venv of
# another worktree would write the golden parts of its own code).
sys.path[:0] = [str(Path(__file__).resolve().parents[1]), str(Path(__file__).resolve().parents[1] / "tests")]

from golden_parts import GOLDEN, build_example, golden_file, readable_parts  # noqa: E402


def main() -> None:
    with tempfile.TemporaryDirectory() as scratch:
        parts = readable_parts(build_example(Path(scratch)))
    shutil.rmtree(GOLDEN, ignore_errors=True)
    for part, text in parts.items():
        target = golden_file(part)
        target.parent.mkdir(parents=True, exist_ok=True)
        target.write_text(text, encoding="utf-8", newline="\n")
    print(f"{len(parts)} parts written to {GOLDEN}")


if __name__ == "__main__":
    main()
