"""Recognise Swedish personal identity numbers, which must never enter or leave grantsheet.

Input files hold aggregated counts only. A cell that looks like a personnummer or
samordningsnummer (a valid date, or day + 60, and a valid Luhn check digit) is refused,
and ``redact`` takes such numbers out of any text a message might quote.
"""

from __future__ import annotations

import datetime as dt
import math
import re

_PATTERN = re.compile(r"(?<!\d)(\d{2})?(\d{2})(\d{2})(\d{2})[-+ ]?(\d{3})(\d)(?!\d)")
REDACTED = "[personnummer]"


def looks_like_personal_id(value: object) -> bool:
    text = _as_text(value)
    return text is not None and any(_is_valid(match) for match in _PATTERN.finditer(text))


def redact(text: str) -> str:
    """``text`` with every valid-looking personnummer replaced by a placeholder."""
    return _PATTERN.sub(lambda m: REDACTED if _is_valid(m) else m.group(0), text)


def _as_text(value: object) -> str | None:
    if isinstance(value, bool):
        return None
    if isinstance(value, float):  # a number cell: 8112189876 is stored as 8112189876.0
        if not math.isfinite(value) or not value.is_integer():
            return None
        value = int(value)
    if isinstance(value, int):
        return str(value) if value >= 10**9 else None  # fewer than ten digits: never one
    if isinstance(value, str):
        return value
    return None


def _is_valid(match: re.Match[str]) -> bool:
    century, year, month, day, serial, check = match.groups()
    day_number = int(day)
    if day_number > 60:  # samordningsnummer: day of birth + 60
        day_number -= 60
    full_year = int((century or "19") + year)
    try:
        dt.date(full_year, int(month), day_number)
    except ValueError:
        return False
    digits = year + month + day + serial
    return _luhn_check_digit(digits) == int(check)


def _luhn_check_digit(nine_digits: str) -> int:
    total = 0
    for position, char in enumerate(nine_digits):
        product = int(char) * (2 if position % 2 == 0 else 1)
        total += product // 10 + product % 10
    return (10 - total % 10) % 10
