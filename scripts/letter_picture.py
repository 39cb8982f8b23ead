"""Regenerate docs/letter.png: page 1 of Ålidhems hälsocentral's letter in the shipped example.

    python scripts/letter_picture.py

Builds the shipped example (``vasterbotten-2022``) with ``--pdf`` in a scratch folder
(LibreOffice prints the PDFs), renders the letter's first page with poppler's ``pdftoppm -r 90``
into docs/letter.png and prints the page read back with ``pdftotext -layout``: the text that
docs/letter.md quotes under the picture, to compare and review.
"""

from __future__ import annotations

import shutil
import subprocess
import sys
import tempfile
from pathlib import Path

from grantsheet import api

REPOSITORY = Path(__file__).resolve().parents[1]
DOCS = REPOSITORY / "docs"
CENTRE = "SE2321000222-HC0001 Ålidhems hälsocentral.pdf"


def main() -> None:
    with tempfile.TemporaryDirectory() as scratch:
        folder = Path(scratch)
        api.init_workspace(folder, "vasterbotten-2022")
        result = api.build(folder / "inputs", folder / "outputs", pdf=True)
        (letter,) = [path for path in result.pdfs if path.name == CENTRE]
        subprocess.run(
            ["pdftoppm", "-r", "90", "-f", "1", "-l", "1", "-png", "-singlefile", str(letter), str(folder / "letter")],
            check=True,
        )
        shutil.copyfile(folder / "letter.png", DOCS / "letter.png")
        page = subprocess.run(
            ["pdftotext", "-layout", "-f", "1", "-l", "1", str(letter), "-"], check=True, capture_output=True, text=True
        )
        sys.stdout.write(page.stdout)


if __name__ == "__main__":
    main()
