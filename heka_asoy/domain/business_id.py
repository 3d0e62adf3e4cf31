"""Finnish business ID (Y-tunnus) ``NNNNNNN-C``.

Housing companies, property managers and maintenance companies are identified by their business
ID; validating it catches typing errors when staff enter them. Rule: weights 7, 9, 10, 5, 8, 4, 2
over the seven digits, r = sum mod 11; the check digit is 0 when r = 0, ``11 - r`` otherwise, and
no ID is issued when r = 1.
"""

from __future__ import annotations

import re

_WEIGHTS = (7, 9, 10, 5, 8, 4, 2)
_BUSINESS_ID_RE = re.compile(r"^(\d{7})-(\d)$")


def business_id_check_digit(first7: str) -> int | None:
    """Check digit for the seven digits, or None when no valid ID has them (r = 1)."""
    if len(first7) != 7 or not (first7.isascii() and first7.isdigit()):
        raise ValueError("a business ID starts with seven digits")
    remainder = sum(int(d) * w for d, w in zip(first7, _WEIGHTS, strict=True)) % 11
    if remainder == 0:
        return 0
    if remainder == 1:
        return None
    return 11 - remainder


def is_valid_business_id(value: str) -> bool:
    """True for a valid ``NNNNNNN-C`` business ID (surrounding whitespace is tolerated)."""
    if not isinstance(value, str):
        return False
    match = _BUSINESS_ID_RE.match(value.strip())
    if match is None:
        return False
    first7, check = match.groups()
    return business_id_check_digit(first7) == int(check)


def make_business_id(n7: str | int) -> str | None:
    """The valid business ID for seven digits (for demo data), or None when r = 1."""
    first7 = f"{n7:07d}" if isinstance(n7, int) else n7
    check = business_id_check_digit(first7)
    return None if check is None else f"{first7}-{check}"
