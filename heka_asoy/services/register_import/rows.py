"""The columns of both files and the validation of one row into typed values.

Every bad field adds its own reason naming the column, so one pass tells staff everything
wrong with a row; personal identity codes are never echoed in a reason.
"""

from __future__ import annotations

import re
from dataclasses import dataclass
from datetime import date
from decimal import Decimal, InvalidOperation

from email_validator import EmailNotValidError, validate_email

from ...domain.business_id import is_valid_business_id
from ...domain.hetu import InvalidHetu, hetu_hash, mask_hetu, parse_hetu
from ...domain.text import has_controls
from .report import RowRejected

REGISTER_COLUMNS = (
    "business_id", "company_name", "company_address", "postal_code", "building_code",
    "building_address", "flat_code", "flat_number", "flat_type", "area_m2", "floor",
    "lease_number", "lease_start", "lease_end", "monthly_rent", "deposit", "role",
    "first_names", "last_name", "personal_identity_code", "email", "phone", "moved_in",
)
OPTIONAL_COLUMNS = frozenset(
    {"building_address", "floor", "lease_end", "deposit", "email", "phone", "moved_in"}
)
CITY_COLUMNS = ("email", "password_hash", "language")
CITY_REQUIRED = ("email", "password_hash")

FLAT_TYPES = ("1h+kk", "1h+k", "2h+k", "2h+kk")
ROLES = ("lease_party", "other_resident")
LANGUAGES = ("fi", "sv", "en")

_DATE_RE = re.compile(r"^\d{4}-\d{2}-\d{2}$")
_POSTAL_RE = re.compile(r"^\d{5}$")
_ARGON2_RE = re.compile(
    r"^\$argon2(id|i|d)\$v=\d+\$m=\d+,t=\d+,p=\d+\$[A-Za-z0-9+/]+={0,2}\$[A-Za-z0-9+/]+={0,2}$"
)
_HETU_REASONS = {
    "format": "personal_identity_code: not a personal identity code (form DDMMYYCZZZQ)",
    "date": "personal_identity_code: the birth date in the code does not exist",
    "checksum": "personal_identity_code: the check character does not match (typing error?)",
}
#: Column limits of the models (CharField max_length), checked before the database sees them.
_MAX_LENGTHS = {"building_code": 10, "flat_number": 20, "postal_code": 5}


@dataclass(frozen=True)
class RegisterRow:
    """A validated register row with typed values."""

    business_id: str
    company_name: str
    company_address: str
    postal_code: str
    building_code: str
    building_address: str
    flat_code: str
    flat_number: str
    flat_type: str
    area_m2: Decimal
    floor: int
    lease_number: str
    lease_start: date
    lease_end: date | None
    monthly_rent: Decimal
    deposit: Decimal | None
    role: str
    first_names: str
    last_name: str
    hetu_hash: str
    hetu_masked: str
    birth_date: date
    email: str
    phone: str
    moved_in: date | None


class FieldReader:
    """Reads typed values out of a record, collecting a reason per bad column."""

    def __init__(self, record: dict[str, str]) -> None:
        self.record = record
        self.reasons: list[str] = []

    def text(self, col: str, required: bool = True) -> str:
        value = self.record.get(col, "")
        if required and not value:
            self.reasons.append(f"{col}: required but empty")
        limit = _MAX_LENGTHS.get(col, 255)
        if len(value) > limit:
            self.reasons.append(f"{col}: longer than {limit} characters")
        if has_controls(value):
            # Like the forms, but refused rather than dropped: a file is fixed at its source.
            self.reasons.append(f"{col}: contains control characters (e.g. a NUL byte)")
        return value

    def choice(self, col: str, allowed: tuple[str, ...]) -> str:
        value = self.text(col)
        if value and value not in allowed:
            self.reasons.append(f"{col}: '{value}' is not one of {', '.join(allowed)}")
        return value

    def day(self, col: str, required: bool = True) -> date | None:
        value = self.text(col, required)
        if not value:
            return None
        try:
            if not _DATE_RE.match(value):
                raise ValueError(value)
            return date.fromisoformat(value)
        except ValueError:
            self.reasons.append(f"{col}: '{value}' is not a date in the form YYYY-MM-DD")
            return None

    def number(self, col: str, low: Decimal, high: Decimal, places: str = "0.01",
               required: bool = True) -> Decimal | None:
        """A decimal with a comma or a dot, rounded to the column's precision so that a
        re-import compares equal to what the database stored."""
        value = self.text(col, required)
        if not value:
            return None
        compact = value.replace(" ", "").replace("\u00a0", "")
        if "," in compact and "." in compact:
            self.reasons.append(f"{col}: '{value}' mixes a comma and a dot; use one separator")
            return None
        try:
            number = Decimal(compact.replace(",", "."))
        except InvalidOperation:
            number = None
        if number is None or not number.is_finite():
            self.reasons.append(f"{col}: '{value}' is not a number")
            return None
        if not low <= number <= high:
            self.reasons.append(f"{col}: {value} is outside the accepted range {low}-{high}")
            return None
        return number.quantize(Decimal(places))

    def integer(self, col: str, low: int, high: int, default: int) -> int:
        value = self.text(col, required=False)
        if not value:
            return default
        if not re.fullmatch(r"-?\d+", value) or not low <= int(value) <= high:
            self.reasons.append(f"{col}: '{value}' is not a whole number between {low} and {high}")
            return default
        return int(value)

    def email(self, col: str, required: bool = False) -> str:
        value = self.text(col, required)
        if not value:
            return ""
        try:
            return validate_email(value, check_deliverability=False).normalized.lower()
        except EmailNotValidError:
            self.reasons.append(f"{col}: '{value}' is not a valid e-mail address")
            return ""


def parse_register_row(record: dict[str, str], hetu_key: bytes) -> tuple[RegisterRow | None,
                                                                        list[str]]:
    """Validate one record; returns the typed row, or None and every reason it is bad."""
    r = FieldReader(record)
    business_id = r.text("business_id")
    if business_id and not is_valid_business_id(business_id):
        r.reasons.append(f"business_id: '{business_id}' is not a valid business ID "
                         "(form NNNNNNN-C with a matching check digit)")
    postal_code = r.text("postal_code")
    if postal_code and not _POSTAL_RE.match(postal_code):
        r.reasons.append(f"postal_code: '{postal_code}' is not a five-digit postal code")
    code = r.text("personal_identity_code")
    hetu = None
    if code:
        try:
            hetu = parse_hetu(code)
        except InvalidHetu as exc:
            r.reasons.append(_HETU_REASONS.get(exc.reason, "personal_identity_code: invalid"))
    values = {
        "business_id": business_id.strip(),
        "company_name": r.text("company_name"),
        "company_address": r.text("company_address"),
        "postal_code": postal_code,
        "building_code": r.text("building_code"),
        "building_address": r.text("building_address", required=False),
        "flat_code": r.text("flat_code"),
        "flat_number": r.text("flat_number"),
        "flat_type": r.choice("flat_type", FLAT_TYPES),
        "area_m2": r.number("area_m2", Decimal("5"), Decimal("500"), places="0.1"),
        "floor": r.integer("floor", -3, 60, default=1),
        "lease_number": r.text("lease_number"),
        "lease_start": r.day("lease_start"),
        "lease_end": r.day("lease_end", required=False),
        "monthly_rent": r.number("monthly_rent", Decimal("1"), Decimal("100000")),
        "deposit": r.number("deposit", Decimal("0"), Decimal("1000000"), required=False),
        "role": r.choice("role", ROLES),
        "first_names": r.text("first_names"),
        "last_name": r.text("last_name"),
        "email": r.email("email"),
        "phone": r.text("phone", required=False),
        "moved_in": r.day("moved_in", required=False),
    }
    start, end, moved_in = values["lease_start"], values["lease_end"], values["moved_in"]
    if start and end and end < start:
        r.reasons.append("lease_end: before lease_start")
    if end and moved_in and moved_in > end:
        r.reasons.append("moved_in: after lease_end")
    if r.reasons or hetu is None:
        return None, r.reasons
    return RegisterRow(**values, hetu_hash=hetu_hash(code, hetu_key),
                       hetu_masked=mask_hetu(code), birth_date=hetu.birth_date), []


def parse_city_row(record: dict[str, str]) -> tuple[str, str, str]:
    """(e-mail, password hash, language) of a valid city row; RowRejected otherwise."""
    r = FieldReader(record)
    email = r.email("email", required=True)
    password_hash = record.get("password_hash", "")
    if not password_hash:
        r.reasons.append("password_hash: required but empty")
    elif not password_hash.startswith("$argon2"):
        r.reasons.append("password_hash: not an argon2 hash (must start with $argon2)")
    elif not _ARGON2_RE.match(password_hash):
        r.reasons.append("password_hash: malformed argon2 hash")
    language = (record.get("language") or "fi").lower()
    if language not in LANGUAGES:
        r.reasons.append(f"language: '{language}' is not one of {', '.join(LANGUAGES)}")
    if r.reasons:
        raise RowRejected(*r.reasons)
    return email, password_hash, language
