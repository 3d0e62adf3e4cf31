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


def make_companies(count: int, name: str = "Asunto Oy Massakatu") -> list[HousingCompany]:
    """``count`` housing companies at once, each with one building (pages that must stay the
    same size however many companies Heka has): names "<name> 1", "<name> 2" …"""
    first = next(_seq)
    rows = [
        {
            "name": f"{name} {first + n}",
            "business_id": _business_id(),
            "street_address": f"Massakatu {first + n}",
            "postal_code": "00100",
        }
        for n in range(count)
    ]
    HousingCompany.insert_many(rows).execute()
    made = list(
        HousingCompany.select().where(
            HousingCompany.business_id.in_([r["business_id"] for r in rows])
        )
    )
    Building.insert_many(
        [
            {
                "housing_company": c.id,
                "code": "A",
                "street_address": c.street_address,
                "postal_code": c.postal_code,
            }  # fmt: skip
            for c in made
        ]
    ).execute()
    return made


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
    """What a resident types into the fault form (a stiff tap: the housing company's to repair,
    so the report goes on to maintenance), with overrides."""
    from heka_asoy.services.faults import ReportInput

    data = {
        "category": "water.tap",
        "description": "The kitchen tap is stiff and hard to turn.",
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


# --- rent invoices (the rent page's tests) ----------------------------------------------------


def make_rent_invoice(lease: Lease, period: date | None = None, **kw):
    """An invoice of ``lease`` for the month ``period`` (default: this month) with one rent line
    (``lines``: a list of (description, amount[, fee]) to replace it), open unless told;
    ``paid_amount`` and ``status`` as given. The reference is a valid national one."""
    from heka_asoy.domain.references import fi_reference
    from heka_asoy.models import Invoice, InvoiceLine

    period = period or date.today().replace(day=1)
    n = next(_seq)
    lines = kw.pop("lines", None) or [("Vuokra", lease.monthly_rent)]
    data = {
        "lease": lease,
        "number": f"R-{n:06d}",
        "reference": fi_reference(100_000 + n),
        "period": period,
        "issued_on": period - timedelta(days=14),
        "due_on": period + timedelta(days=1),
        "amount": sum((Decimal(line[1]) for line in lines), Decimal(0)),
        "paid_amount": Decimal(0),
        "status": "open",
    }
    data.update(kw)
    invoice = Invoice.create(**data)
    for line in lines:
        InvoiceLine.create(
            invoice=invoice,
            description=line[0],
            amount=Decimal(line[1]),
            fee=line[2] if len(line) > 2 else None,
        )
    return invoice


def make_rent_year(lease: Lease, months: int = 12, today: date | None = None) -> list:
    """``months`` monthly invoices of ``lease`` up to this month: all paid but the last, open."""
    today = today or date.today()
    out = []
    for back in range(months - 1, -1, -1):
        index = today.year * 12 + today.month - 1 - back
        period = date(index // 12, index % 12 + 1, 1)
        paid = back > 0
        out.append(
            make_rent_invoice(
                lease,
                period,
                status="paid" if paid else "open",
                paid_amount=lease.monthly_rent if paid else Decimal(0),
            )
        )
    return out


# --- termination (i9/termination) -------------------------------------------------------------


def make_shared_lease(parties: int = 2, **lease_kw):
    """A flat whose started lease has ``parties`` lease parties, each with an account:
    (flat, lease, [users])."""
    flat = make_flat()
    residents = [make_resident() for _ in range(parties)]
    lease = make_lease(flat, residents, **lease_kw)
    return flat, lease, [make_user(r) for r in residents]


def make_lease_power(grantor: Resident, lease: Lease, agent: User, scopes: str = "terminate", **kw):
    """A power of attorney from ``grantor`` to ``agent`` (one-off by default), valid today."""
    from heka_asoy.models import PowerOfAttorney

    data = {
        "grantor": grantor,
        "lease": lease,
        "agent_name": "Valtuutettu Testi",
        "agent_user": agent,
        "kind": "one_off",
        "scopes": scopes,
        "valid_from": date.today() - timedelta(days=1),
    }
    data.update(kw)
    return PowerOfAttorney.create(**data)


def make_payable_invoice(
    reference: str | None = None,
    amount: Decimal | str = "450.00",
    lease: Lease | None = None,
    **kw,
):
    """An invoice a bank payment can be matched to, on ``lease`` (a new flat's lease when
    none), with ``reference`` (a fresh valid national reference when none)."""
    from heka_asoy.domain.references import fi_reference
    from heka_asoy.models import Invoice

    n = next(_seq)
    if lease is None:
        lease = make_lease(make_flat(), [make_resident()])
    today = date.today()
    data = {
        "lease": lease,
        "number": f"INV-{n:06d}",
        "reference": reference or fi_reference(90000000 + n),
        "period": today.replace(day=1),
        "issued_on": today,
        "due_on": today + timedelta(days=14),
        "amount": Decimal(amount),
    }
    data.update(kw)
    return Invoice.create(**data)


def make_power(
    tenant: User, agent: User | None, kind: str = "general", scopes: str = "general", **kw
):
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


# --- the desk inbox (issue 10 §4, helper "queue"): rows written directly --------------------


def make_inbox_thread(flat: Flat | None = None, user: User | None = None, **kw):
    """A message thread (a mailbox case with ``source="email"``), written directly."""
    from heka_asoy.models import MessageThread, utcnow

    now = utcnow()
    data = {
        "flat": flat,
        "user": user,
        "subject": "Vuokranmaksu",
        "topic": "rent",
        "status": "open",
        "created_at": now,
        "updated_at": now,
    }
    data.update(kw)
    return MessageThread.create(**data)


def make_inbox_request(flat: Flat, user: User, **kw):
    """A service request, written directly."""
    from heka_asoy.models import ServiceRequest, utcnow

    now = utcnow()
    data = {"flat": flat, "user": user, "kind": "smoking", "status": "received",
            "created_at": now, "updated_at": now}  # fmt: skip
    data.update(kw)
    return ServiceRequest.create(**data)


def make_inbox_notification(user: User, text: str = "Vikailmoitukseesi on vastattu", **kw):
    """A bell notification for ``user``, written directly."""
    from heka_asoy.models import Notification

    data = {"user": user, "kind": "fault_status", "text": text, "url": "/my/faults/"}
    data.update(kw)
    return Notification.create(**data)


def make_appointment(user: User | None = None, **kw):
    """An office visit asked for (status "requested"), by ``user`` when given."""
    from heka_asoy.models import Appointment

    fields = {
        "name": "Testi Asukas",
        "email": f"visit{next(_seq)}@example.fi",
        "reason": "lease",
        "language": "fi",
        "status": "requested",
    }
    if user is not None:
        fields.update(user=user, email=user.email, name=user.name)
    fields.update(kw)
    return Appointment.create(**fields)


# --- announcements and "me too" (issue 11) ----------------------------------------------------


def make_ann_building(company, code: str = "B", **kw):
    """Another building of ``company`` (``make_flat`` puts flats in the company's first one)."""
    data = {
        "housing_company": company,
        "code": code,
        "street_address": f"{company.street_address} {code}",
        "postal_code": company.postal_code,
    }
    data.update(kw)
    return Building.create(**data)


def make_ann_tenant(company=None, building=None, **user_kw) -> User:
    """A lease party of a flat in ``building`` (or the company's first building)."""
    resident = make_resident()
    flat_kw = {"building": building} if building is not None else {}
    flat = make_flat(company or (building.housing_company if building else None), **flat_kw)
    make_lease(flat, [resident])
    user = make_user(resident, **user_kw)
    user.flat = flat
    return user


def make_ann_announcement(**kw):
    """A shown announcement for every resident, in fi/sv/en, published an hour ago."""
    from heka_asoy.models import Announcement

    data = {
        "audience": "all",
        "title_fi": "Tiedote",
        "title_sv": "Meddelande",
        "title_en": "Notice",
        "body_fi": "Suomeksi.",
        "body_sv": "På svenska.",
        "body_en": "In English.",
        "published_at": utcnow() - timedelta(hours=1),
    }
    data.update(kw)
    return Announcement.create(**data)


# --- flat information and documents (issue 11 part 3, helper "flat") ------------------------


def flat_doc_pdf(text: str = "Pelastussuunnitelma") -> bytes:
    """A small valid PDF for a housing company's document."""
    return scan_pdf(text)


def make_flat_document(
    company: HousingCompany,
    building: Building | None = None,
    kind: str = "rescue_plan",
    title: str = "Pelastussuunnitelma",
    data: bytes | None = None,
    **kw,
):
    """A document of ``company`` (``building`` None: company-level) with its file stored as the
    service stores it, written directly."""
    import hashlib

    from heka_asoy.models import Document
    from heka_asoy.services.flat_info import storage

    content = data if data is not None else flat_doc_pdf(title)
    fields = {
        "housing_company": company,
        "building": building,
        "kind": kind,
        "title": title,
        "filename": f"{kind.replace('_', '-')}.pdf",
        "storage_key": storage.put(content),
        "size": len(content),
        "sha256": hashlib.sha256(content).hexdigest(),
    }
    fields.update(kw)
    return Document.create(**fields)


def office_visit(starts_at, desk: int = 1, **kw):
    """An office visit holding the slot that starts at ``starts_at`` (aware) at desk ``desk``,
    written directly, so a test can have visits in the past too (status "confirmed")."""
    from datetime import UTC

    from heka_asoy.domain.clock import file_stamp

    start = starts_at.astimezone(UTC).replace(tzinfo=None)
    fields = {
        "status": "confirmed",
        "starts_at": start,
        "ends_at": start + timedelta(minutes=30),
        "slot_key": f"{file_stamp(start)}#{desk}",
    }
    fields.update(kw)
    return make_appointment(**fields)


def office_mail(
    subject: str,
    body: str = "Hei!",
    sender: str = "Maija Meikäläinen <maija.meikalainen@example.org>",
    **headers,
) -> bytes:
    """A raw mail to the desk mailbox (for the appointment intake)."""
    from email.message import EmailMessage
    from email.utils import make_msgid

    from heka_asoy.domain.contacts import ASOY_DESK_EMAIL

    msg = EmailMessage()
    msg["From"] = sender
    msg["To"] = ASOY_DESK_EMAIL
    msg["Subject"] = subject
    msg["Message-ID"] = make_msgid(domain="example.org")
    for name, value in headers.items():
        msg[name.replace("_", "-")] = value
    msg.set_content(body)
    return bytes(msg)


# --- the admins' register and audit log (issue 12 §5, helper "register") ---------------------


def register_flat_history(flat: Flat, user: User, lease: Lease, n: int = 1) -> None:
    """``n`` of each thing the register's flat page lists, on ``flat``: a fault report, a
    service request, a desk thread, an office appointment, a sauna turn, a parking contract and
    an invoice of ``lease`` (rows written directly)."""
    from heka_asoy.models import FaultReport
    from tests.booking_factories import (
        bookable_hours,
        make_contract,
        make_parking_space,
        make_sauna,
        make_turn,
    )

    for i in range(n):
        FaultReport.create(flat=flat, reporter=user, category="water.tap",
                           description=f"Tap {i}", status="received")  # fmt: skip
        make_inbox_request(flat, user)
        make_inbox_thread(flat, user, subject=f"Register thread {i}")
        make_appointment(user, flat=flat)
        sauna = make_sauna(flat.housing_company)
        make_turn(bookable_hours(sauna)[0], flat)
        make_contract(make_parking_space(flat.housing_company), flat)
        make_rent_invoice(lease, kind="other")  # not the once-a-month rent invoice
