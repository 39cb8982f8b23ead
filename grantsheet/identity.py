"""Which grant, year and centre a workbook belongs to (#16.4).

Every workbook a build writes carries, in its document properties, the grant it belongs to
(``GRANT_PROPERTY``) and its year; a centre's form also carries a seal over that grant and
its centre id (``FORM_PROPERTY``). A form returned into another year, a form of another
grant, or a form whose stored centre id was changed to another centre's is foreign: the
rebuild and ``collect`` name it and keep its values aside, and never count or carry them.

The grant is its organisation, its decision (body and reference), its year and its pools
(by id): what makes it the same decision. Not its title, amounts or categories, which the
officer may reword or change between builds while the forms already sent out stay that
grant's.
"""

from __future__ import annotations

import hashlib
import json
from collections.abc import Collection, Iterable
from typing import TYPE_CHECKING, NamedTuple

from grantsheet.layout import CENTRE, MASTER

if TYPE_CHECKING:  # the writers import this module; it needs neither reader nor grant file code
    from grantsheet.grant import Grant
    from grantsheet.readback import WorkbookInfo

OTHER_YEAR, OTHER_GRANT, OTHER_CENTRE = "other_year", "other_grant", "other_centre"


class Foreign(NamedTuple):
    reason: str  # OTHER_YEAR, OTHER_GRANT or OTHER_CENTRE
    year: str  # the year the workbook says it belongs to ("?" when it does not say)


def _digest(payload: object) -> str:
    return hashlib.sha256(json.dumps(payload, ensure_ascii=False).encode("utf-8")).hexdigest()


def grant_identity(grant: Grant) -> str:
    return _digest(
        [
            grant.organisation,
            grant.decision.body,
            grant.decision.reference,
            grant.year,
            sorted(pool.id for pool in grant.pools),
        ]
    )


def form_seal(grant: str, year: str, centre_id: str) -> str:
    """The seal of a centre's form: its grant, year and centre together."""
    return _digest([grant, year, centre_id])


def foreign(info: WorkbookInfo, grant: str | None, year: str) -> str | None:
    """Why the workbook ``info`` describes does not belong to ``grant`` (None: unknown, as for
    a master written before grants were recorded) and ``year``; None when it does.

    A workbook written before these properties existed has none of them, and is taken as
    the grant's when its year (which forms have long carried) is right.
    """
    if info.year is not None and info.year != year:
        return OTHER_YEAR
    if grant is not None and info.grant is not None and info.grant != grant:
        return OTHER_GRANT
    if info.kind == CENTRE and info.form is not None:
        if info.grant is None or info.form != form_seal(info.grant, info.year or "", info.centre_id or ""):
            return OTHER_CENTRE
    return None


# The master and centre file format from which an id made from a recipient's name has the
# health centres' "HC-" only when the recipients are the health centres' presets (#21): 0.2.0
# wrote "HC-ALABAMA" for a state, today's build "ALABAMA".
NEUTRAL_IDS = {MASTER: 5, CENTRE: 5}


def ids_neutral(info: WorkbookInfo) -> bool:
    """Whether the workbook ``info`` describes was written with today's ids made from names."""
    return info.format >= NEUTRAL_IDS.get(info.kind or "", 0)


EARLIER_PREFIX = "HC-"


def earlier_ids(stored: Iterable[str], current: Collection[str]) -> dict[str, str]:
    """Each id of ``stored`` (read from files of a format before ``NEUTRAL_IDS``: ``ids_neutral`` is False) that names a
    recipient of ``current`` only without the "HC-" an earlier version made it with -> that
    recipient's id now. An id the grant still has is itself, whatever it looks like."""
    return {
        old: old.removeprefix(EARLIER_PREFIX)
        for old in stored
        if old not in current and old.startswith(EARLIER_PREFIX) and old.removeprefix(EARLIER_PREFIX) in current
    }
