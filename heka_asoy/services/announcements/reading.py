"""What a resident sees of the announcements: the list page (marking what it shows read), the
dashboard's unread count and emergencies, and the fault form's emergencies for one flat.

Every read starts from ``access``: the homes are the started flats where the user may see
announcements, so an announcement for another building or company never reaches them.
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import datetime

from ...db import write_txn
from ...domain import announcements as rules
from ...models import Announcement, AnnouncementRead, Flat, User, utcnow
from .. import access

#: The dashboard card names this many of the newest announcements.
DASHBOARD_LATEST = 3


@dataclass(frozen=True)
class AnnouncementItem:
    """One announcement in the reader's language."""

    id: int
    title: str
    body: str
    emergency: bool
    published_at: datetime
    expires_at: datetime | None
    unread: bool


@dataclass(frozen=True)
class DashboardSummary:
    """The dashboard's announcement card: unread count, the newest few (emergencies first),
    and the emergencies pinned on top of the page."""

    unread: int
    emergencies: list[AnnouncementItem]
    latest: list[AnnouncementItem]


def homes_of_flats(flat_ids: list[int]) -> list[rules.Home]:
    """The housing company and building of each flat (one query)."""
    if not flat_ids:
        return []
    rows = Flat.select(Flat.housing_company, Flat.building).where(Flat.id.in_(flat_ids)).tuples()
    return [rules.Home(company, building) for company, building in rows]


def homes(user: User) -> list[rules.Home]:
    """Where the user lives, among the flats where they may see announcements."""
    return homes_of_flats(access.flat_ids_with(user, "announcements"))


def reaching(home_list: list[rules.Home], now: datetime):
    """The announcements shown at ``now`` that reach any of ``home_list``: the same rule as
    ``domain.announcements.reaches`` and ``shows_at``, in SQL."""
    companies = sorted({h.company_id for h in home_list})
    buildings = sorted({h.building_id for h in home_list})
    audience = Announcement.audience == rules.ALL
    if companies:
        audience |= (Announcement.audience == rules.HOUSING_COMPANY) & (
            Announcement.housing_company.in_(companies)
        )
    if buildings:
        audience |= (Announcement.audience == rules.BUILDING) & (
            Announcement.building.in_(buildings)
        )
    return (
        Announcement.select()
        .where(
            audience
            & (Announcement.published_at <= now)
            & (Announcement.expires_at.is_null() | (Announcement.expires_at > now))
            & (Announcement.withdrawn_at.is_null() | (Announcement.withdrawn_at > now))
        )
        .order_by(
            Announcement.emergency.desc(), Announcement.published_at.desc(), Announcement.id.desc()
        )
    )


def item(row: Announcement, language: str, unread: bool = False) -> AnnouncementItem:
    return AnnouncementItem(
        id=row.id,
        title=rules.localized(
            {"fi": row.title_fi, "sv": row.title_sv, "en": row.title_en}, language
        ),
        body=rules.localized({"fi": row.body_fi, "sv": row.body_sv, "en": row.body_en}, language),
        emergency=row.emergency,
        published_at=row.published_at,
        expires_at=row.expires_at,
        unread=unread,
    )


def _read_ids(user: User, ids: list[int]) -> set[int]:
    if not ids:
        return set()
    return {
        a
        for (a,) in AnnouncementRead.select(AnnouncementRead.announcement)
        .where((AnnouncementRead.user == user.id) & AnnouncementRead.announcement.in_(ids))
        .tuples()
    }


def _visible(user: User, now: datetime | None = None) -> list[Announcement]:
    home_list = homes(user)
    if not home_list:
        return []
    rows = reaching(home_list, now or utcnow())
    # The SQL orders them already; the domain's rule is the one that says how.
    return sorted(rows, key=lambda r: rules.order_key(r.emergency, r.published_at, r.id))


def announcements_page(user: User, language: str) -> list[AnnouncementItem]:
    """The announcements shown to the user now, emergencies first, each marked unread when the
    user had not seen it; the ones shown are then marked read (seen on this page)."""
    rows = _visible(user)
    seen = _read_ids(user, [r.id for r in rows])
    items = [item(r, language, unread=r.id not in seen) for r in rows]
    unread = [i.id for i in items if i.unread]
    if unread:
        now = utcnow()
        with write_txn():  # another tab may mark the same ones at once: the pair is unique
            AnnouncementRead.insert_many(
                [{"announcement": a, "user": user.id, "read_at": now} for a in unread]
            ).on_conflict_ignore().execute()
    return items


def dashboard_summary(user: User, language: str) -> DashboardSummary:
    """The unread count for the dashboard card and the emergencies for its banner."""
    rows = _visible(user)
    seen = _read_ids(user, [r.id for r in rows])
    items = [item(r, language, unread=r.id not in seen) for r in rows]
    return DashboardSummary(
        unread=sum(1 for i in items if i.unread),
        emergencies=[i for i in items if i.emergency],
        latest=items[:DASHBOARD_LATEST],
    )


def flat_emergencies(user: User, flat_id: int, language: str) -> list[AnnouncementItem]:
    """The emergencies shown now for one of the user's flats (its building, its housing company,
    everybody): what the fault form shows before a report is filed. ``NotFound`` for a flat that
    is not the user's."""
    access.flat_access(user, flat_id, "faults")
    home_list = homes_of_flats([flat_id])
    rows = reaching(home_list, utcnow()).where(Announcement.emergency == True)  # noqa: E712
    return [item(r, language) for r in rows]
