"""Mail an announcement to the residents it targets, once each, in their own language.

A background job (``tasks.mail_announcement``, asked for when the desk saves an announcement
with "send by mail"; ``tasks.sweep_announcement_mail`` every minute is the backstop and mails the
ones whose publish time has come). The fan-out is idempotent: each (announcement, user) pair is
written to ``AnnouncementMail`` with the outbox mail in one transaction, and the unique pair lets
no second run mail anyone twice.
"""

from __future__ import annotations

from datetime import datetime

from ...db import locked, write_txn
from ...domain import announcements as rules
from ...domain.clock import helsinki_today
from ...models import (
    Announcement,
    AnnouncementMail,
    Flat,
    Lease,
    LeaseParty,
    Occupancy,
    User,
    utcnow,
)
from ..mailer import queue_mail
from ..urls import external_url
from .reading import item


def _target_flats(announcement: Announcement):
    query = Flat.select(Flat.id)
    if announcement.audience == rules.HOUSING_COMPANY:
        return query.where(Flat.housing_company == announcement.housing_company_id)
    if announcement.audience == rules.BUILDING:
        return query.where(Flat.building == announcement.building_id)
    return query


def recipients(announcement: Announcement) -> list[User]:
    """The active resident accounts living in the targeted flats today (by the register, or as
    a party of a running lease), each once, in id order."""
    today = helsinki_today()
    flats = _target_flats(announcement)
    living = Occupancy.select(Occupancy.resident).where(
        Occupancy.flat.in_(flats) & Occupancy.current_on(today)
    )
    leasing = (
        LeaseParty.select(LeaseParty.resident)
        .join(Lease)
        .where(Lease.flat.in_(flats) & Lease.current_on(today))
    )
    return list(
        User.select()
        .where(
            (User.resident.in_(living) | User.resident.in_(leasing))
            & User.activated_at.is_null(False)
            & (User.disabled == False)  # noqa: E712
        )
        .order_by(User.id)
    )


def mail_announcement(announcement_id: int, now: datetime | None = None) -> int:
    """Mail one announcement to every targeted resident not mailed yet, if it is shown now and
    asks for mail; how many mails were queued. Run twice, the second run queues none."""
    now = now or utcnow()
    with write_txn():
        announcement = locked(
            Announcement.select().where(Announcement.id == announcement_id)
        ).first()
        if announcement is None or not announcement.send_mail:
            return 0
        if not rules.shows_at(
            announcement.published_at, announcement.expires_at, announcement.withdrawn_at, now
        ):
            return 0
        mailed = {
            u
            for (u,) in AnnouncementMail.select(AnnouncementMail.user)
            .where(AnnouncementMail.announcement == announcement.id)
            .tuples()
        }
        link = external_url("announcements.index")
        queued = 0
        for user in recipients(announcement):
            if user.id in mailed:
                continue
            AnnouncementMail.create(announcement=announcement.id, user=user.id)
            shown = item(announcement, user.language)
            queue_mail(
                user.notice_email,
                "announcement",
                user.language,
                announcement=shown,
                link=link,
            )
            queued += 1
        Announcement.update(mailed_at=now).where(Announcement.id == announcement.id).execute()
    return queued


def mail_due(now: datetime | None = None) -> int:
    """The sweep: every shown announcement that asks for mail and has not been mailed since it
    was published or edited (the job never ran, or its publish time has just come)."""
    now = now or utcnow()
    due = (
        Announcement.select(Announcement.id)
        .where(
            Announcement.send_mail
            & Announcement.mailed_at.is_null()
            & (Announcement.published_at <= now)
            & (Announcement.expires_at.is_null() | (Announcement.expires_at > now))
            & Announcement.withdrawn_at.is_null()
        )
        .order_by(Announcement.id)
    )
    return sum(mail_announcement(a, now) for (a,) in due.tuples())
