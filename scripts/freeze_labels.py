"""Freeze the read-back labels of a released version into grantsheet/frozen_labels.py.

    python scripts/freeze_labels.py v0.2.0

A reader finds some things in a workbook by the words grantsheet wrote there (a file of
format 1 has no ids for them): sheet names, column headings, the parameters' words, folder
names. ``texts.all_labels`` knows the words of today's ``texts.py`` and of every version
frozen here, so a label reworded later still finds what an earlier version wrote. Run it
for every tag (docs/file-format.md); the version's existing entry is replaced, the others
kept. Only the keys of ``texts.READ_BACK`` families are frozen: what a reader looks up.
"""

from __future__ import annotations

import argparse
import pprint
import subprocess
import sys
from pathlib import Path

REPOSITORY = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(REPOSITORY))

from grantsheet import frozen_labels, texts  # noqa: E402

TARGET = REPOSITORY / "grantsheet" / "frozen_labels.py"
HEADER = '''"""The read-back labels of each released version, frozen (written by scripts/freeze_labels.py).

Version -> texts key -> its texts in the order of ``texts._INDEX`` (Swedish, English).
``texts.all_labels`` reads them with today's: never edit an entry, it is what files of
that version say. Only keys of the ``texts.READ_BACK`` families; below them, by hand,
what a master of format 1 said otherwise than today's catalogue (``texts.format1_text``).
"""

LABELS: dict[str, dict[str, tuple[str, ...]]] = '''
BY_HAND = "# -- Kept by scripts/freeze_labels.py, written by hand"


def labels_at(tag: str) -> tuple[str, dict[str, tuple[str, ...]]]:
    """The version and the read-back labels of ``texts.py`` at ``tag``."""

    def show(path: str) -> str:
        return subprocess.run(
            ["git", "show", f"{tag}:{path}"], cwd=REPOSITORY, capture_output=True, text=True, check=True
        ).stdout

    version: dict[str, object] = {}
    exec(show("grantsheet/__init__.py"), version)
    namespace: dict[str, object] = {"__name__": "frozen_texts"}
    exec(show("grantsheet/texts.py"), namespace)
    labels = namespace["LABELS"]
    assert isinstance(labels, dict)
    # Since 0.2 the built-in tables' words are in their declarations (grantsheet/tables.py).
    tables: dict[str, object] = {"__name__": "frozen_tables"}
    try:
        exec(show("grantsheet/tables.py"), tables)
    except subprocess.CalledProcessError:
        tables = {}
    if "frozen_form" in tables:
        labels = {**tables["frozen_form"](), **labels}  # type: ignore[operator]
    kept = {key: tuple(value) for key, value in sorted(labels.items()) if texts.read_back(key)}
    return str(version["__version__"]), kept


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("tag", help="the git tag of a released version, e.g. v0.2.0")
    version, labels = labels_at(parser.parse_args().tag)
    frozen = dict(frozen_labels.LABELS) | {version: labels}
    ordered = dict(sorted(frozen.items(), key=lambda item: tuple(int(p) for p in item[0].split("."))))
    # What follows the labels was written by hand (the format-1 texts): kept as it is.
    _, marker, by_hand = TARGET.read_text(encoding="utf-8").partition(BY_HAND)
    labels_text = HEADER + pprint.pformat(ordered, width=110, sort_dicts=False) + "\n"
    TARGET.write_text(labels_text + ("\n" + marker + by_hand if marker else ""), encoding="utf-8")
    subprocess.run([sys.executable, "-m", "ruff", "format", "-q", str(TARGET)], cwd=REPOSITORY, check=False)
    print(f"{TARGET.relative_to(REPOSITORY)}: {version}, {len(labels)} labels")


if __name__ == "__main__":
    main()
