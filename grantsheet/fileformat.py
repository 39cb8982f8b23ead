"""The format of every file grantsheet writes, and what a reader does with one of another version.

A master, a centre's file and a summary carry their kind's format number and the version
of grantsheet that wrote them as custom document properties (``layout.FORMAT_PROPERTY``,
``layout.VERSION_PROPERTY``); the recorded base, the seal and each journal line carry them
as the JSON fields ``format`` and ``version``. A file without a format was written by
grantsheet 0.1.0: it is format 1 (``UNVERSIONED``).

A reader asks ``check`` for the format of what it opened: a format up to ``FORMATS[kind]``
is read, each by its own rules (the reader branches on the number it got back); a newer
one is refused with ``NewerFormat``, a located problem naming both versions. How to change
a format: docs/file-format.md.
"""

from __future__ import annotations

from grantsheet import __version__
from grantsheet.errors import OUTPUTS, InputError, Location, problem
from grantsheet.layout import CENTRE, FORMAT_PROPERTY, MASTER, SUMMARY, VERSION_PROPERTY

BASE, SEAL, JOURNAL = "base", "seal", "journal"

# The format each kind of file is written in now. Raise a kind's number when a file of it
# changes in a way an older reader would misread (a field moved, renamed or changing
# meaning), add the reading of the old number where the reader differs, and name the
# change in CHANGELOG.md. History: CHANGELOG.md; the rules: docs/file-format.md.
FORMATS = {
    # 2: format and version properties (0.2.0); 3: verify holds its presentation to the
    # layout the seal gives (number formats, conditional formats, print areas and titles);
    # 4: a pool with a minimum and a maximum holds one side per round, with the columns and
    # cells that choose it (allocate.ROUNDS_BY_SIDE, docs/rules.md); 5: the recipients' files
    # in the folder "mottagare" whatever the recipients are, and an id made from a name "HC-"
    # only for the health centres (identity.NEUTRAL_IDS); 6: its texts in the grant's words
    # (problems, the method per rounding rule, the currency and its hundredth); 7: each pool's
    # rounding rule by its id in layout.ROUNDING_PROPERTY, its name in the grant's currency and unit;
    # 8: a pool amount with cents shown with them (AMOUNT_CENTS)
    MASTER: 8,
    # 2: format and version properties (0.2.0); 3: the letter an A4 letter (layout.letter_formulas);
    # 4: its presentation kept and sealed (layout.VIEW_PROPERTY), verify holds the file to it;
    # 5: as the master's 5 (the folder, the id); 6: the language it was written in (layout.LANG_PROPERTY)
    # 7: the basis holds each pool's key scale (layout.COL["key_scale"], sealed), and the letter
    # shows a decimal key as its column holds it (CENTRE_KEY_SCALE)
    CENTRE: 7,
    SUMMARY: 2,  # 2: kind, format and version properties (0.2.0)
    BASE: 1,  # 0.2.0 adds a "version" field, which a reader of format 1 ignores
    SEAL: 2,  # 2: every cell of the sheets a build adds is sealed, not only formulas (0.1.0)
    # 0.2.0 adds "format" to each line, which a reader of format 1 ignores; 2: a build's line
    # records the language it wrote in ("lang"), which history shows
    JOURNAL: 2,
}
# The centre file format from which a file keeps its presentation and verify holds it to it (#26.6).
CENTRE_PRESENTATION = 4
# The centre file format from which a file records the language it was written in (layout.LANG_PROPERTY).
CENTRE_LANG = 6
# The master format from which a pool's rounding rule is read by its id (layout.ROUNDING_PROPERTY),
# not by its name on the parameters sheet.
ROUNDING_BY_ID = 7
# The master format from which a pool's amount with cents (1 234 567,89) is shown with two decimals
# wherever the amount is (it was shown whole: verify holds an earlier master to that).
AMOUNT_CENTS = 8
# The centre file format from which the basis holds each pool's key scale and the letter shows the
# keys divided by it (13,04061 procent, not 1 304 061 key units; layout.letter_formulas).
CENTRE_KEY_SCALE = 7
UNVERSIONED = 1  # the format of a workbook or journal line without one: grantsheet 0.1.0


class NewerFormat(InputError):
    """A file written in a format newer than this grantsheet reads: the officer updates.

    An ``InputError`` (located, reported as the officer's problem, nothing written) rather
    than a damaged file: the file is fine, this grantsheet is too old for it."""

    def __init__(self, where: Location, kind: str, found: int, version: str | None) -> None:
        self.kind = kind
        self.found = found
        super().__init__(
            [
                problem(
                    "format_newer",
                    where,
                    version=version or "?",
                    found=found,
                    ours=__version__,
                    readable=FORMATS[kind],
                )
            ],
            OUTPUTS,
        )


def parse(raw: object) -> int:
    """A stored format as a number; a file without one is ``UNVERSIONED``. ``ValueError`` for
    a value grantsheet never writes (a damaged file)."""
    if raw is None or raw == "":
        return UNVERSIONED
    if isinstance(raw, bool) or not isinstance(raw, (int, str)) or not str(raw).isdigit():
        raise ValueError(f"not a grantsheet file format: {raw!r}")
    return int(raw)


def check(kind: str, raw: object, version: object, where: Location) -> int:
    """The format of a ``kind`` file as stored (``raw``, None when absent) and written by
    grantsheet ``version``: the number to read it by, or ``NewerFormat``."""
    found = parse(raw)
    if found > FORMATS[kind]:
        raise NewerFormat(where, kind, found, str(version) if version not in (None, "") else None)
    return found


def properties(kind: str) -> dict[str, str]:
    """The custom document properties a workbook of ``kind`` records its format with."""
    return {FORMAT_PROPERTY: str(FORMATS[kind]), VERSION_PROPERTY: __version__}


def fields(kind: str) -> dict[str, object]:
    """What a JSON file of ``kind`` records about its format: ``{"format": N, "version": "0.2.0"}``."""
    return {"format": FORMATS[kind], "version": __version__}
