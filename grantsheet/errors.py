"""Problems found in the user's input, as located data.

Readers and validators collect ``Problem`` values instead of raising at the first
one, so the officer sees every problem of a run at once. ``InputError`` is the one
exception type for "the user's input is wrong"; any other exception is a bug.
"""

from __future__ import annotations

from collections.abc import Iterable
from dataclasses import dataclass, field
from typing import NamedTuple

from grantsheet import texts

ERROR = "error"
WARNING = "warning"


class Location(NamedTuple):
    """Where a problem is: a file, and inside it a sheet and cell, or a line."""

    file: str
    sheet: str | None = None
    cell: str | None = None
    line: int | None = None

    def describe(self, lang: str) -> str:
        parts = [self.file]
        if self.sheet is not None:
            parts.append(texts.text("where_sheet", lang, sheet=self.sheet))
        if self.cell is not None:
            parts.append(texts.text("where_cell", lang, cell=self.cell))
        if self.line is not None:
            parts.append(texts.text("where_line", lang, line=self.line))
        return ", ".join(parts)


class Problem(NamedTuple):
    """One thing wrong (or worth a warning) in the input.

    ``kind`` names an entry of the message catalogue; ``params`` fill it in. The
    text is rendered late, in the language the user asked for.
    """

    kind: str
    location: Location
    params: tuple[tuple[str, object], ...] = ()
    severity: str = ERROR

    # ``grant``: the grant the problem is about, when it is known: its message then speaks of its
    # recipients and currency ("the state 'X'"), else of health centres and kronor.
    def message(self, lang: str, grant: texts.Words | None = None) -> str:
        return texts.problem_text(self.kind, lang, grant, **dict(self.params))

    def fix(self, lang: str, grant: texts.Words | None = None) -> str:
        return texts.problem_fix(self.kind, lang, grant, **dict(self.params))

    def render(self, lang: str, grant: texts.Words | None = None) -> str:
        return texts.text(
            "problem_line",
            lang,
            where=self.location.describe(lang),
            message=self.message(lang, grant),
            fix=self.fix(lang, grant),
        )


def problem(kind: str, location: Location, severity: str = ERROR, /, **params: object) -> Problem:
    return Problem(kind, location, tuple(sorted(params.items())), severity)


def warning(kind: str, location: Location, **params: object) -> Problem:
    return problem(kind, location, WARNING, **params)


INPUTS, OUTPUTS, RETURNS = "inputs", "outputs", "returns"


@dataclass
class InputError(Exception):
    """The user's input is wrong. Carries every problem found, not only the first.

    ``subject`` says whose problems they are, for the heading the officer reads: the input
    files (INPUTS), the files a build wrote earlier (OUTPUTS), or forms the centres
    returned (RETURNS).
    """

    problems: list[Problem] = field(default_factory=list)
    subject: str = INPUTS

    def __post_init__(self) -> None:
        super().__init__(f"{len(self.problems)} problem(s) in the input")

    def render(self, lang: str, grant: texts.Words | None = None) -> str:
        return "\n".join(p.render(lang, grant) for p in self.problems)


def errors_in(problems: Iterable[Problem]) -> list[Problem]:
    return [p for p in problems if p.severity == ERROR]


def raise_if_errors(problems: Iterable[Problem]) -> None:
    problems = list(problems)
    if errors_in(problems):
        raise InputError(problems)
