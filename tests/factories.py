"""Plain factory functions for test data (CTFd style: ``make_x(**overrides)``)."""

from __future__ import annotations

import io
import itertools
from datetime import date, timedelta
from decimal import Decimal

from flask import current_app
from PIL import Image

from heka_asoy.domain.business_id import make_business_id
from heka_asoy.domain.hetu import hetu_hash, make_hetu, mask_hetu
from heka_asoy.models import (
    Building,
    Flat,
    HousingCompany,
    Lease,
    LeaseParty,
    MaintenanceCompany,
    Occupancy,
    Resident,
    User,
    utcnow,
)
from heka_asoy.services.passwords import hash_password

PASSWORD = "Salasana-1!"
#: The EXIF tag of the GPS block (where a phone writes the photo's position).
GPS_IFD = 0x8825
_seq = itertools.count(1)


def _business_id() -> str:
    while True:
        value = make_business_id(1_000_000 + next(_seq) * 7)
        if value:
            return value


def make_company(**kw) -> HousingCompany:
    maintenance = MaintenanceCompany.create(
        name="Huolto Oy Testi", email="huolto@example.fi", phone="09 123 4567"
    )
    n = next(_seq)
    data = {
        "name": f"Asunto Oy Testikatu {n}",
        "business_id": _business_id(),
        "street_address": f"Testikatu {n}",
        "postal_code": "00500",
        "maintenance_company": maintenance,
    }
    data.update(kw)
    return HousingCompany.create(**data)


def make_flat(company: HousingCompany | None = None, **kw) -> Flat:
    company = company or make_company()
    building = Building.get_or_none(Building.housing_company == company) or Building.create(
        housing_company=company,
        code="A",
        street_address=company.street_address,
        postal_code=company.postal_code,
    )
    n = next(_seq)
    data = {
        "housing_company": company,
        "building": building,
        "number": f"A {n}",
        "flat_type": "1h+kk",
        "area_m2": Decimal("31.5"),
        "floor": 2,
        "heka_code": f"T-{n}",
    }
    data.update(kw)
    return Flat.create(**data)


def make_hetu_code(n: int | None = None) -> str:
    n = n if n is not None else next(_seq)
    return make_hetu(date(1980, 1, 1) + timedelta(days=n % 9000), 2 + n % 897)


def make_resident(hetu: str | None = None, **kw) -> Resident:
    code = hetu or make_hetu_code()
    key = current_app.config["HETU_KEY"].encode()
    data = {
        "first_names": "Testi",
        "last_name": f"Asukas{next(_seq)}",
        "hetu_hash": hetu_hash(code, key),
        "hetu_masked": mask_hetu(code),
    }
    data.update(kw)
    resident = Resident.create(**data)
    resident.hetu_plain = code  # only in tests: what the person would type or the broker send
    return resident


def make_lease(flat: Flat, parties: list[Resident], starts_on: date | None = None, **kw) -> Lease:
    starts_on = starts_on or date.today() - timedelta(days=100)
    data = {
        "flat": flat,
        "number": f"L-{next(_seq)}",
        "starts_on": starts_on,
        "monthly_rent": Decimal("620.00"),
        "deposit": Decimal("1240.00"),
    }
    data.update(kw)
    lease = Lease.create(**data)
    for resident in parties:
        LeaseParty.create(lease=lease, resident=resident)
        Occupancy.create(resident=resident, flat=flat, moved_in=starts_on)
    return lease


def add_other_resident(flat: Flat, resident: Resident, moved_in: date | None = None) -> Occupancy:
    return Occupancy.create(
        resident=resident, flat=flat, moved_in=moved_in or date.today() - timedelta(days=50)
    )


def make_user(resident: Resident | None = None, password: str = PASSWORD, **kw) -> User:
    data = {
        "email": f"user{next(_seq)}@example.fi",
        "password_hash": hash_password(password),
        "resident": resident,
        "activated_at": utcnow(),
        "registered_via": "strong",
        "language": "en",  # tests match the English msgids
    }
    data.update(kw)
    return User.create(**data)


def make_staff(role: str = "staff", **kw) -> User:
    return make_user(role=role, name="Testi Virkailija", registered_via="staff", **kw)


def make_tenant(starts_on: date | None = None, **user_kw) -> User:
    """A lease party of a started lease, with an account: the usual resident in tests."""
    resident = make_resident()
    flat = make_flat()
    make_lease(flat, [resident], starts_on=starts_on)
    user = make_user(resident, **user_kw)
    user.flat = flat
    return user


def fault_report_input(**kw):
    """What a resident types into the fault form (a stove that does not heat), with overrides."""
    from heka_asoy.services.faults import ReportInput

    data = {
        "category": "appliances.stove",
        "description": "The left hotplate of the stove does not heat.",
        "location": "kitchen",
        "phone": "040 123 4567",
    }
    data.update(kw)
    return ReportInput(**data)


def file_fault_report(app, user: User, **kw):
    """A fault report ``user`` files for their flat through the service, as the form does."""
    from heka_asoy.services import faults

    with app.test_request_context():
        return faults.file_report(user, user.flat.id, fault_report_input(**kw))


def login(client, user: User, password: str = PASSWORD):
    return client.post("/login", data={"email": user.email, "password": password})


def gps_exif() -> Image.Exif:
    """EXIF as a phone writes it: the maker and the position (Helsinki)."""
    exif = Image.Exif()
    exif[0x010F] = "PhoneMaker"  # Make
    exif[GPS_IFD] = {
        1: "N",
        2: (60.0, 11.0, 30.0),
        3: "E",
        4: (24.0, 56.0, 15.0),
    }
    return exif


def gps_jpeg(size: tuple[int, int] = (64, 48)) -> bytes:
    """A JPEG photo carrying ``gps_exif()``."""
    out = io.BytesIO()
    Image.new("RGB", size, (120, 160, 200)).save(out, "JPEG", exif=gps_exif())
    return out.getvalue()


def make_power(tenant: User, agent: User | None, kind: str = "general", scopes: str = "general",
               **kw):
    """A power of attorney the lease party ``tenant`` (from ``make_tenant``) gives ``agent``
    for their current lease, valid from 30 days ago (written directly)."""
    from heka_asoy.models import PowerOfAttorney

    lease = Lease.select().where(Lease.flat == tenant.flat).order_by(Lease.starts_on.desc()).get()
    data = {
        "grantor": tenant.resident_id,
        "lease": lease,
        "agent_name": "Valtuutettu Testi",
        "agent_email": agent.email if agent is not None else "",
        "agent_user": agent,
        "kind": kind,
        "scopes": scopes,
        "valid_from": date.today() - timedelta(days=30),
    }
    data.update(kw)
    return PowerOfAttorney.create(**data)


def scan_pdf(text: str = "Valtakirja") -> bytes:
    """A small real PDF, as a scanner would write the signed form."""
    from fpdf import FPDF

    pdf = FPDF()
    pdf.add_page()
    pdf.set_font("Helvetica", size=12)
    pdf.cell(0, 10, text)
    return bytes(pdf.output())
