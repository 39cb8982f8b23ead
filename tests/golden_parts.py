"""The example master, part by part, in a form a reviewer can read as a diff.

XlsxWriter's own tests compare a workbook with Excel's part by part, volatile parts
stripped. Here the reference is grantsheet's own earlier output: `tests/golden/` holds
every part of the shipped example's master as indented XML, so that a change of layout,
formula or style shows up in review as lines of a diff rather than as a changed binary.
"""

from __future__ import annotations

import os
import zipfile
from pathlib import Path
from xml.dom import minidom

from grantsheet import __version__, api

REPOSITORY = Path(__file__).resolve().parents[1]
GOLDEN = REPOSITORY / "tests" / "golden" / "vasterbotten-2022"
EXAMPLE_INPUTS = REPOSITORY / "inputs"
# A fixed signing key: the fingerprint on the overview and the seal's signature are golden too.
GOLDEN_KEY = REPOSITORY / "tests" / "keys" / "golden-signing-key.pem"
# A fixed "inputs last changed" time, so the overview's build time is part of the golden text.
EPOCH = "1650000000"
# Parts that say when and by which program rather than what: compared elsewhere (tests/test_workbook.py).
VOLATILE = {"docProps/core.xml", "docProps/app.xml"}


def build_example(outputs: Path) -> Path:
    previous = os.environ.get("SOURCE_DATE_EPOCH")
    os.environ["SOURCE_DATE_EPOCH"] = EPOCH
    try:
        return api.build(EXAMPLE_INPUTS, outputs, key=GOLDEN_KEY).master
    finally:
        if previous is None:
            del os.environ["SOURCE_DATE_EPOCH"]
        else:
            os.environ["SOURCE_DATE_EPOCH"] = previous


def readable_parts(workbook: Path) -> dict[str, str]:
    """Every non-volatile part as indented XML, the version number replaced by a placeholder."""
    parts = {}
    with zipfile.ZipFile(workbook) as archive:
        for name in sorted(archive.namelist()):
            if name in VOLATILE:
                continue
            text = minidom.parseString(archive.read(name)).toprettyxml(indent=" ")
            parts[name] = text.replace(__version__, "{version}")
    return parts


def golden_file(part: str) -> Path:
    # "[Content_Types].xml" is a valid file name on Windows and Linux; the folders mirror the zip.
    return GOLDEN / part
