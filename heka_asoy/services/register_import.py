"""Import of the resident register and of the city's accounts from CSV files.

Heka's register lives in its own systems; the portal receives it as a CSV export (one row per
lease party or other resident). Staff need to know exactly which rows were not taken and why, so
every row is validated on its own, imported in its own savepoint (a bad row changes nothing,
good rows still import) and rejected rows come back with reasons in plain English that name the
column. Upserts use natural keys, so importing the same file again changes nothing.

Register CSV (UTF-8, header row, ``;`` or ``,`` detected from the header)::

    business_id;company_name;company_address;postal_code;building_code;building_address;
    flat_code;flat_number;flat_type;area_m2;floor;lease_number;lease_start;lease_end;
    monthly_rent;deposit;role;first_names;last_name;personal_identity_code;email;phone;moved_in

Optional columns may be left empty: building_address (defaults to the company address), floor
(1), lease_end, deposit (0), email, phone, moved_in (the lease start). Dates are YYYY-MM-DD,
amounts take a comma or a dot. Personal identity codes are never echoed in a reason.

City accounts CSV: ``email, password_hash, language`` (language optional, fi/sv/en).
"""

from __future__ import annotations

import csv
import itertools
import re
from collections import Counter
from collections.abc import Callable, Iterator
from dataclasses import dataclass, field
from datetime import date
from decimal import Decimal, InvalidOperation
from typing import TextIO

from email_validator import EmailNotValidError, validate_email
from peewee import IntegrityError, fn

from ..db import database, write_txn
from ..domain.business_id import is_valid_business_id
from ..domain.hetu import InvalidHetu, hetu_hash, mask_hetu, parse_hetu
from ..domain.text import has_controls
from ..models import (
    Building,
    Flat,
    HousingCompany,
    Lease,
    LeaseParty,
    Occupancy,
    Resident,
    User,
    utcnow,
)

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


# --------------------------------------------------------------------------------------------
# The report
# --------------------------------------------------------------------------------------------


@dataclass
class RejectedRow:
    """A row that was not imported. ``line_number`` is the line in the file (header = 1)."""

    line_number: int
    reasons: list[str]


@dataclass
class ImportReport:
    rows_total: int = 0
    rows_imported: int = 0
    created: Counter[str] = field(default_factory=Counter)
    updated: Counter[str] = field(default_factory=Counter)
    rejected: list[RejectedRow] = field(default_factory=list)
    warnings: list[str] = field(default_factory=list)

    @property
    def ok(self) -> bool:
        return not self.rejected

    def reject(self, line_number: int, reasons: list[str]) -> None:
        self.rejected.append(RejectedRow(line_number, reasons))

    def summary(self) -> str:
        """One paragraph for the staff page or the CLI."""
        made = ", ".join(f"{n} {k}" for k, n in sorted(self.created.items()) if n) or "nothing"
        lines = [f"{self.rows_imported} of {self.rows_total} rows imported; created {made}."]
        lines += [f"Warning: {w}" for w in self.warnings]
        lines += [f"Line {r.line_number}: {'; '.join(r.reasons)}" for r in self.rejected]
        return "\n".join(lines)


class RowRejected(Exception):  # noqa: N818 - a control-flow signal, not an error
    """Raised inside a row's savepoint to roll the row back with these reasons."""

    def __init__(self, *reasons: str) -> None:
        super().__init__("; ".join(reasons))
        self.reasons = list(reasons)


# --------------------------------------------------------------------------------------------
# Reading CSV
# --------------------------------------------------------------------------------------------


@dataclass
class CsvRows:
    header: list[str]
    rows: Iterator[tuple[int, list[str]]]  # (line number where the row starts, fields)


def read_csv(stream: TextIO) -> CsvRows:
    """Header and rows; the delimiter (``;`` or ``,``) is the one the header line uses most.

    Counting on the header is more predictable than ``csv.Sniffer`` on data, which guesses
    wrong when addresses contain commas. A UTF-8 byte order mark (Excel) is dropped.
    """
    first = stream.readline().lstrip("\ufeff")
    delimiter = ";" if first.count(";") > first.count(",") else ","
    reader = csv.reader(itertools.chain([first], stream), delimiter=delimiter)
    header = [h.strip().lower() for h in next(reader, [])]

    def rows() -> Iterator[tuple[int, list[str]]]:
        previous_end = reader.line_num
        for fields in reader:
            start, previous_end = previous_end + 1, reader.line_num
            if any(f.strip() for f in fields):
                yield start, fields

    return CsvRows(header, rows())


def check_header(header: list[str], known: tuple[str, ...], required: tuple[str, ...] | frozenset,
                 report: ImportReport) -> bool:
    """Reject the file (line 1) when required columns are missing; warn about unknown ones."""
    missing = [c for c in required if c not in header]
    if missing:
        report.reject(1, [f"header: missing column(s) {', '.join(missing)}"])
        return False
    unknown = [c for c in header if c not in known]
    if unknown:
        report.warnings.append(f"header: unknown column(s) ignored: {', '.join(unknown)}")
    return True


def as_record(header: list[str], fields: list[str]) -> dict[str, str] | str:
    """The row as a column -> stripped value dict, or a reason when the field count is off."""
    if len(fields) != len(header):
        return (f"row has {len(fields)} fields but the header has {len(header)} "
                "(check the delimiter and quotes)")
    return {h: v.strip() for h, v in zip(header, fields, strict=True)}


# --------------------------------------------------------------------------------------------
# Validating one register row
# --------------------------------------------------------------------------------------------


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


# --------------------------------------------------------------------------------------------
# Writing one register row
# --------------------------------------------------------------------------------------------

#: Columns that must agree between rows of the same company / flat / lease in one file.
CONSISTENT = {
    "company": ("company_name", "company_address", "postal_code"),
    "flat": ("business_id", "building_code", "flat_number", "flat_type", "area_m2", "floor"),
    "lease": ("flat_code", "lease_start", "lease_end", "monthly_rent", "deposit"),
}


class RegisterWriter:
    """Upserts one validated row; keeps per-file memory to catch rows that contradict each
    other (e.g. two rows of one lease with different rents)."""

    def __init__(self) -> None:
        self.seen: dict[tuple[str, str], tuple[int, RegisterRow]] = {}

    def check_consistency(self, line: int, row: RegisterRow) -> list[str]:
        reasons = []
        for entity, key in (("company", row.business_id), ("flat", row.flat_code),
                            ("lease", row.lease_number)):
            earlier = self.seen.get((entity, key))
            if earlier is None:
                continue
            first_line, first = earlier
            for col in CONSISTENT[entity]:
                a, b = getattr(first, col), getattr(row, col)
                if a is not None and b is not None and a != b:
                    reasons.append(f"{col}: differs from line {first_line} for the same "
                                   f"{entity} ({a} vs {b})")
        return reasons

    def remember(self, line: int, row: RegisterRow) -> None:
        for entity, key in (("company", row.business_id), ("flat", row.flat_code),
                            ("lease", row.lease_number)):
            self.seen.setdefault((entity, key), (line, row))

    def write(self, row: RegisterRow, counts: Counter[str]) -> None:
        company = self.company(row, counts)
        building = self.building(company, row, counts)
        flat = self.flat(company, building, row, counts)
        lease = self.lease(flat, row, counts)
        resident = self.resident(row, counts)
        self.link(row, lease, flat, resident, counts)

    @staticmethod
    def upsert(model, key: dict, values: dict, counts: Counter[str], name: str):
        """Get by ``key`` and update changed ``values``, or create; counts either."""
        obj = model.get_or_none(**key)
        if obj is None:
            counts[f"created:{name}"] += 1
            return model.create(**key, **values)
        changed = {k: v for k, v in values.items() if getattr(obj, k) != v}
        if changed:
            model.update(**changed).where(model.id == obj.id).execute()
            for k, v in changed.items():
                setattr(obj, k, v)
            counts[f"updated:{name}"] += 1
        return obj

    def company(self, row: RegisterRow, counts: Counter[str]) -> HousingCompany:
        return self.upsert(HousingCompany, {"business_id": row.business_id},
                           {"name": row.company_name, "street_address": row.company_address,
                            "postal_code": row.postal_code}, counts, "housing_company")

    def building(self, company: HousingCompany, row: RegisterRow,
                 counts: Counter[str]) -> Building:
        values = {"postal_code": row.postal_code}
        if row.building_address:
            values["street_address"] = row.building_address
        elif not Building.select().where(Building.housing_company == company,
                                         Building.code == row.building_code).exists():
            values["street_address"] = row.company_address
        return self.upsert(Building, {"housing_company": company, "code": row.building_code},
                           values, counts, "building")

    def flat(self, company: HousingCompany, building: Building, row: RegisterRow,
             counts: Counter[str]) -> Flat:
        existing = Flat.get_or_none(heka_code=row.flat_code)
        if existing is not None and existing.building_id != building.id:
            other = existing.building
            raise RowRejected(
                f"flat_code: flat {row.flat_code} is registered in building {other.code} of "
                f"{other.housing_company.business_id}; the import does not move flats")
        clash = Flat.get_or_none((Flat.building == building) & (Flat.number == row.flat_number)
                                 & (Flat.heka_code != row.flat_code))
        if clash is not None:
            raise RowRejected(f"flat_number: '{row.flat_number}' is already flat "
                              f"{clash.heka_code} in building {row.building_code}")
        values = {"number": row.flat_number, "flat_type": row.flat_type,
                  "area_m2": row.area_m2, "floor": row.floor}
        if existing is None:
            values.update(housing_company=company, building=building)
        return self.upsert(Flat, {"heka_code": row.flat_code}, values, counts, "flat")

    def lease(self, flat: Flat, row: RegisterRow, counts: Counter[str]) -> Lease:
        existing = Lease.get_or_none(number=row.lease_number)
        if existing is not None and existing.flat_id != flat.id:
            raise RowRejected(f"lease_number: lease {row.lease_number} belongs to another flat "
                              f"({existing.flat.heka_code})")
        values: dict = {"starts_on": row.lease_start, "monthly_rent": row.monthly_rent}
        # Empty optional cells keep what the portal knows (e.g. an end set by a termination).
        if row.lease_end is not None:
            values["ends_on"] = row.lease_end
        if row.deposit is not None or existing is None:
            values["deposit"] = row.deposit or Decimal(0)
        if existing is None:
            values["flat"] = flat
        return self.upsert(Lease, {"number": row.lease_number}, values, counts, "lease")

    def resident(self, row: RegisterRow, counts: Counter[str]) -> Resident:
        values = {"first_names": row.first_names, "last_name": row.last_name,
                  "hetu_masked": row.hetu_masked, "birth_date": row.birth_date}
        if row.email:
            values["email"] = row.email
        if row.phone:
            values["phone"] = row.phone
        return self.upsert(Resident, {"hetu_hash": row.hetu_hash}, values, counts, "resident")

    def link(self, row: RegisterRow, lease: Lease, flat: Flat, resident: Resident,
             counts: Counter[str]) -> None:
        is_party = LeaseParty.select().where(LeaseParty.lease == lease,
                                             LeaseParty.resident == resident).exists()
        if row.role == "lease_party" and not is_party:
            LeaseParty.create(lease=lease, resident=resident)
            counts["created:lease_party"] += 1
        elif row.role == "other_resident" and is_party:
            raise RowRejected(f"role: the person is already a lease party of lease "
                              f"{row.lease_number}, not an other resident")
        moved_in = row.moved_in or row.lease_start
        current = (Occupancy.select()
                   .where(Occupancy.resident == resident, Occupancy.flat == flat,
                          Occupancy.moved_out.is_null())
                   .order_by(Occupancy.moved_in.desc()).first())
        if current is None:
            Occupancy.create(resident=resident, flat=flat, moved_in=moved_in)
            counts["created:occupancy"] += 1
        elif row.moved_in is not None and current.moved_in != row.moved_in:
            Occupancy.update(moved_in=row.moved_in).where(Occupancy.id == current.id).execute()
            counts["updated:occupancy"] += 1


# --------------------------------------------------------------------------------------------
# Running an import
# --------------------------------------------------------------------------------------------


def _run_rows(csv_rows: CsvRows, report: ImportReport,
              handle: Callable[[int, dict[str, str], Counter[str]], None]) -> None:
    """Each row in its own savepoint inside one transaction: ``handle`` raises RowRejected (or
    the database refuses the row) and the savepoint rolls the row back; counts are merged into
    the report only for rows that stay."""
    db = database()
    with write_txn():
        for line, fields in csv_rows.rows:
            report.rows_total += 1
            record = as_record(csv_rows.header, fields)
            if isinstance(record, str):
                report.reject(line, [record])
                continue
            counts: Counter[str] = Counter()
            try:
                with db.atomic():
                    handle(line, record, counts)
            except RowRejected as exc:
                report.reject(line, exc.reasons)
                continue
            except IntegrityError as exc:
                report.reject(line, [f"the database refused the row ({_first_line(exc)})"])
                continue
            report.rows_imported += 1
            for key, n in counts.items():
                kind, name = key.split(":", 1)
                (report.created if kind == "created" else report.updated)[name] += n


def _first_line(exc: Exception) -> str:
    return str(exc).splitlines()[0] if str(exc) else exc.__class__.__name__


def import_register(stream: TextIO, hetu_key: bytes) -> ImportReport:
    """Import the resident register CSV (see the module docstring for the columns)."""
    report = ImportReport()
    csv_rows = read_csv(stream)
    required = tuple(c for c in REGISTER_COLUMNS if c not in OPTIONAL_COLUMNS)
    if not check_header(csv_rows.header, REGISTER_COLUMNS, required, report):
        return report
    writer = RegisterWriter()

    def handle(line: int, record: dict[str, str], counts: Counter[str]) -> None:
        row, reasons = parse_register_row(record, hetu_key)
        if row is None:
            raise RowRejected(*reasons)
        contradictions = writer.check_consistency(line, row)
        if contradictions:
            raise RowRejected(*contradictions)
        writer.write(row, counts)
        writer.remember(line, row)

    _run_rows(csv_rows, report, handle)
    return report


def import_city_accounts(stream: TextIO, hetu_key: bytes) -> ImportReport:
    """Import accounts from the city's housing-application service.

    The people keep their username and password (the city's argon2 hash is stored as is and
    upgraded at the next login if needed); the account is not linked to the register until
    the first login passes strong identification. ``hetu_key`` is accepted so both imports
    share one signature; the city's file carries no identity codes.
    """
    del hetu_key
    report = ImportReport()
    csv_rows = read_csv(stream)
    if not check_header(csv_rows.header, CITY_COLUMNS, CITY_REQUIRED, report):
        return report
    first_line_of: dict[str, int] = {}

    def handle(line: int, record: dict[str, str], counts: Counter[str]) -> None:
        email, password_hash, language = parse_city_row(record)
        if email in first_line_of:
            raise RowRejected(f"email: duplicate of line {first_line_of[email]}")
        if User.select().where(fn.LOWER(User.email) == email).exists():
            raise RowRejected(f"email: an account with {email} already exists")
        User.create(email=email, password_hash=password_hash, language=language,
                    registered_via="city", needs_strong_identification=True,
                    activated_at=utcnow(), resident=None)
        first_line_of[email] = line
        counts["created:user"] += 1

    _run_rows(csv_rows, report, handle)
    return report


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
