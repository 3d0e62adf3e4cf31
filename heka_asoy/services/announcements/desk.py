"""The desk writes announcements: the list with each one's state, create, edit, withdraw.

Every change is audited; "send by mail" asks for the mail job (``mailing``), which mails the
targeted residents once the publish time has come.
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import datetime

from peewee import JOIN, fn

from ...db import locked, write_txn
from ...domain import announcements as rules
from ...models import Announcement, AnnouncementMail, Building, HousingCompany, User, utcnow
from .. import addresses, audit, company_search, jobs
from ..company_search import Found
from ..errors import NotFound, ServiceError


class AnnouncementError(ServiceError):
    """A rule said no; ``code`` names the field: audience, company, building, expires_at."""


@dataclass(frozen=True)
class AnnouncementInput:
    """What the desk's form sends; times are Helsinki wall times (naive)."""

    audience: str
    company_id: int | None
    building_id: int | None
    title_fi: str
    body_fi: str
    title_sv: str = ""
    body_sv: str = ""
    title_en: str = ""
    body_en: str = ""
    publish_at: datetime | None = None  # None: now
    expires_at: datetime | None = None
    emergency: bool = False
    send_mail: bool = False


@dataclass(frozen=True)
class DeskRow:
    """One announcement in the desk's list."""

    announcement: Announcement
    state: str
    target: str
    mails: int


@dataclass(frozen=True)
class Places:
    """What the form's audience pickers offer: the housing companies and the buildings a search
    found (at most 20 each) and the chosen ones (``company_search.Found``)."""

    companies: Found
    buildings: Found


def form_places(
    company_query: str = "",
    company_id: int | None = None,
    building_query: str = "",
    building_id: int | None = None,
) -> Places:
    """The audience pickers (at most four queries, whatever the stock): Heka's 5,000 housing
    companies and 9,000 buildings are searched, never listed. Buildings are found by street
    address, postal code or housing company name (the public fault form's search)."""
    buildings, more = addresses.search(building_query)
    chosen = next((b for b in buildings if b.id == building_id), None) or addresses.building(
        building_id
    )
    query = company_search.clean(building_query)
    return Places(
        company_search.find(company_query, company_id),
        Found(query, company_search.too_short(query, id_counts=False), buildings, more, chosen),
    )


def _target(row: Announcement) -> str:
    """Whom an announcement is for, by name ("" for every resident)."""
    if row.audience == rules.HOUSING_COMPANY and row.housing_company_id:
        return row.housing_company.name
    if row.audience == rules.BUILDING and row.building_id:
        building = row.building
        return f"{building.housing_company.name}: {building.code}, {building.street_address}"
    return ""


def desk_list(limit: int = 200) -> list[DeskRow]:
    """The newest announcements with their state now, target and how many were mailed (two
    queries: the targets' names are joined, never looked up among every company)."""
    now = utcnow()
    target_company = HousingCompany.alias("target_company")
    building_company = HousingCompany.alias("building_company")
    rows = list(
        Announcement.select(
            Announcement,
            target_company.id,
            target_company.name,
            Building.id,
            Building.code,
            Building.street_address,
            building_company.id,
            building_company.name,
        )
        .join(
            target_company,
            JOIN.LEFT_OUTER,
            on=(Announcement.housing_company == target_company.id),
            attr="housing_company",
        )
        .switch(Announcement)
        .join(Building, JOIN.LEFT_OUTER, on=(Announcement.building == Building.id))
        .join(
            building_company,
            JOIN.LEFT_OUTER,
            on=(Building.housing_company == building_company.id),
            attr="housing_company",
        )
        .order_by(Announcement.published_at.desc(), Announcement.id.desc())
        .limit(limit)
    )
    counts: dict[int, int] = {}
    if rows:  # counted in SQL: a notice mailed to a whole company is thousands of rows
        counts = dict(
            AnnouncementMail.select(AnnouncementMail.announcement, fn.COUNT(AnnouncementMail.id))
            .where(AnnouncementMail.announcement.in_([r.id for r in rows]))
            .group_by(AnnouncementMail.announcement)
            .tuples()
        )
    return [
        DeskRow(
            r,
            rules.state(r.published_at, r.expires_at, r.withdrawn_at, now),
            _target(r),
            counts.get(r.id, 0),
        )
        for r in rows
    ]


def announcement(announcement_id: int) -> Announcement:
    """One announcement for the edit form; ``NotFound`` for an unknown id."""
    row = Announcement.get_or_none(Announcement.id == announcement_id)
    if row is None:
        raise NotFound("announcement")
    return row


def _fields(data: AnnouncementInput) -> dict:
    problem = rules.audience_problem(data.audience, data.company_id, data.building_id)
    if problem:
        raise AnnouncementError(problem)
    company_id = data.company_id if data.audience == rules.HOUSING_COMPANY else None
    building_id = data.building_id if data.audience == rules.BUILDING else None
    if company_id is not None and HousingCompany.get_or_none(id=company_id) is None:
        raise AnnouncementError("company")
    if building_id is not None:
        building = Building.get_or_none(id=building_id)
        if building is None:
            raise AnnouncementError("building")
        company_id = building.housing_company_id  # a building's announcement names both
    published = rules.wall_to_utc(data.publish_at) if data.publish_at else utcnow()
    expires = rules.wall_to_utc(data.expires_at) if data.expires_at else None
    problem = rules.schedule_problem(published, expires)
    if problem:
        raise AnnouncementError(problem)
    return {
        "audience": data.audience,
        "housing_company": company_id,
        "building": building_id,
        "title_fi": data.title_fi.strip(),
        "title_sv": data.title_sv.strip(),
        "title_en": data.title_en.strip(),
        "body_fi": data.body_fi.strip(),
        "body_sv": data.body_sv.strip(),
        "body_en": data.body_en.strip(),
        "published_at": published,
        "expires_at": expires,
        "emergency": data.emergency,
        "send_mail": data.send_mail,
    }


def save(staff: User, data: AnnouncementInput, announcement_id: int | None = None):
    """Create (``announcement_id`` None) or edit an announcement; audited. With "send by mail"
    the mail job is asked for (it waits for the publish time; nobody is mailed twice)."""
    fields = _fields(data)
    with write_txn():
        if announcement_id is None:
            row = Announcement.create(**fields, created_by=staff, updated_at=utcnow())
            audit.record("announcement_created", staff, row, audience=row.audience)
        else:
            row = locked(Announcement.select().where(Announcement.id == announcement_id)).first()
            if row is None:
                raise NotFound("announcement")
            if data.send_mail and not row.send_mail:
                fields["mailed_at"] = None  # mail asked for now: the sweep sends it too
            for name, value in fields.items():
                setattr(row, name, value)
            row.updated_at = utcnow()
            row.save()
            audit.record("announcement_edited", staff, row, audience=row.audience)
    if row.send_mail and row.mailed_at is None:
        jobs.after_request("mail_announcement", row.id)
    return row


def withdraw(staff: User, announcement_id: int) -> Announcement:
    """Take an announcement off the pages now (kept for the record); audited. Withdrawing
    twice changes nothing more."""
    with write_txn():
        row = locked(Announcement.select().where(Announcement.id == announcement_id)).first()
        if row is None:
            raise NotFound("announcement")
        if row.withdrawn_at is None:
            row.withdrawn_at = utcnow()
            row.updated_at = row.withdrawn_at
            row.save()
            audit.record("announcement_withdrawn", staff, row)
    return row
