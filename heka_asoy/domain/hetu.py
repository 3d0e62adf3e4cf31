"""Finnish personal identity code (henkilötunnus, "hetu") DDMMYYCZZZQ.

The strong-identification broker hands us the person's identity code. We need to
(1) check that it is well formed, (2) match it against the resident register without storing it in
readable form, and (3) show staff a masked version. The keyed hash below is what gets stored; the
century sign is canonicalised first because since 2023 the same person may be written with any of
the 1900s signs (``-YXWVU``) or 2000s signs (``ABCDEF``).
"""

from __future__ import annotations

import hashlib
import hmac
import re
from dataclasses import dataclass
from datetime import date

CHECK_CHARS = "0123456789ABCDEFHJKLMNPRSTUVWXY"

#: Century sign -> century (first two digits of the year).
CENTURY_SIGNS: dict[str, int] = {
    "+": 1800,
    "-": 1900,
    "Y": 1900,
    "X": 1900,
    "W": 1900,
    "V": 1900,
    "U": 1900,
    "A": 2000,
    "B": 2000,
    "C": 2000,
    "D": 2000,
    "E": 2000,
    "F": 2000,
}

#: The sign each century is written with in the canonical (hashed) form.
CANONICAL_SIGN: dict[int, str] = {1800: "+", 1900: "-", 2000: "A"}

#: Individual numbers 002-899 are ordinary, 900-999 temporary; 000 and 001 are never issued.
MIN_INDIVIDUAL = 2
MAX_INDIVIDUAL = 999
FIRST_TEMPORARY_INDIVIDUAL = 900

_HETU_RE = re.compile(r"^(\d{2})(\d{2})(\d{2})([-+A-FU-Y])(\d{3})([0-9A-FHJ-NPR-Y])$")


class InvalidHetu(ValueError):
    """The code is not a valid identity code.

    ``reason`` is machine readable so the UI can pick a translated message:
    ``'format'`` (shape or characters), ``'date'`` (no such birth date) or ``'checksum'``.
    """

    def __init__(self, reason: str, message: str | None = None) -> None:
        super().__init__(message or f"invalid personal identity code ({reason})")
        self.reason = reason


@dataclass(frozen=True)
class Hetu:
    """A parsed, valid identity code."""

    birth_date: date
    individual: int
    #: The code as given, stripped and upper-cased (keeps the given century sign).
    code: str
    #: The code with the canonical century sign; the same person always gives the same value.
    canonical: str

    @property
    def century_sign(self) -> str:
        return self.code[6]

    @property
    def is_temporary(self) -> bool:
        """Temporary codes (individual number 900-999) are given e.g. to foreign workers."""
        return self.individual >= FIRST_TEMPORARY_INDIVIDUAL


def check_char(birth_ddmmyy: str, individual: str) -> str:
    """The check character for the nine digits DDMMYY + ZZZ."""
    return CHECK_CHARS[int(birth_ddmmyy + individual) % 31]


def parse_hetu(code: str) -> Hetu:
    """Parse and validate an identity code; raise :class:`InvalidHetu` when it is not valid."""
    if not isinstance(code, str):
        raise InvalidHetu("format", "identity code must be a string")
    normalized = code.strip().upper()
    match = _HETU_RE.match(normalized)
    if match is None:
        raise InvalidHetu("format")
    dd, mm, yy, sign, zzz, check = match.groups()
    individual = int(zzz)
    if not MIN_INDIVIDUAL <= individual <= MAX_INDIVIDUAL:
        raise InvalidHetu("format", "individual number 000 and 001 are not issued")
    try:
        birth_date = date(CENTURY_SIGNS[sign] + int(yy), int(mm), int(dd))
    except ValueError as exc:
        raise InvalidHetu("date") from exc
    if check_char(dd + mm + yy, zzz) != check:
        raise InvalidHetu("checksum")
    canonical_sign = CANONICAL_SIGN[CENTURY_SIGNS[sign]]
    canonical = normalized[:6] + canonical_sign + normalized[7:]
    return Hetu(birth_date=birth_date, individual=individual, code=normalized, canonical=canonical)


def is_valid_hetu(code: str) -> bool:
    """True when ``code`` is a valid identity code (any valid century sign)."""
    try:
        parse_hetu(code)
    except InvalidHetu:
        return False
    return True


def canonical_hetu(code: str) -> str:
    """The code with the canonical century sign (``+``, ``-`` or ``A``)."""
    return parse_hetu(code).canonical


def hetu_hash(code: str, key: bytes) -> str:
    """HMAC-SHA256 (hex) of the canonical code: matchable, but not readable back.

    A keyed hash rather than a plain one because identity codes are few enough to be brute-forced
    from an unkeyed hash. Raises :class:`InvalidHetu` for invalid codes.
    """
    if not key:
        raise ValueError("hetu_hash needs a non-empty secret key")
    canonical = parse_hetu(code).canonical
    return hmac.new(key, canonical.encode("ascii"), hashlib.sha256).hexdigest()


def mask_hetu(code: str) -> str:
    """What staff may see: the birth date part and the century sign, e.g. ``010190-****``."""
    hetu = parse_hetu(code)
    return hetu.code[:7] + "****"


def make_hetu(birth_date: date, individual: int, sign: str | None = None) -> str:
    """Build a valid identity code (for demo data and tests).

    ``sign`` defaults to the canonical sign of the birth year's century; when given it must belong
    to that century. Birth years 1800-2099 only.
    """
    century = birth_date.year // 100 * 100
    if century not in CANONICAL_SIGN:
        raise ValueError("identity codes cover birth years 1800-2099 only")
    if not MIN_INDIVIDUAL <= individual <= MAX_INDIVIDUAL:
        raise ValueError(f"individual number must be {MIN_INDIVIDUAL}-{MAX_INDIVIDUAL}")
    if sign is None:
        sign = CANONICAL_SIGN[century]
    sign = sign.upper()
    if CENTURY_SIGNS.get(sign) != century:
        raise ValueError(f"century sign {sign!r} does not match birth year {birth_date.year}")
    ddmmyy = birth_date.strftime("%d%m") + f"{birth_date.year % 100:02d}"
    zzz = f"{individual:03d}"
    return f"{ddmmyy}{sign}{zzz}{check_char(ddmmyy, zzz)}"
