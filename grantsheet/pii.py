"""Recognise Swedish personal identity numbers, which must never enter or leave grantsheet.

Input files hold aggregated counts only. A cell that looks like a personnummer or
samordningsnummer (a valid date, or day + 60, and a valid Luhn check digit) is refused.
"""

from __future__ import annotations

import datetime as dt
import re

_PATTERN = re.compile(r"(?<!\d)(\d{2})?(\d{2})(\d{2})(\d{2})[-+ ]?(\d{3})(\d)(?!\d)")


def looks_like_personal_id(value: object) -> bool:
    if isinstance(value, bool) or not isinstance(value, (str, int)):
        return False
    text = str(value)
    return any(_is_valid(match) for match in _PATTERN.finditer(text))


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
