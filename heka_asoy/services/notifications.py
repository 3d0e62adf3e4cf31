"""The notifications bell: the ``Notification`` rows already written for a user (fault progress,
answers from the desk ...), their unread count in the header, and marking them read.

The count is on every logged-in page, so it is one prepared query (built once per process, see
``prepared``), run at most once per request and only when a page's header is rendered: HTMX
fragments and redirects never pay for it.

"Read" means opened: following a notification (a POST that then redirects to its page) marks it
read, and "mark all as read" marks every one. Merely listing them does not: a GET changes nothing,
so a prefetch or a reload cannot clear the bell behind the user's back.
"""

from __future__ import annotations

from peewee import fn

from ..db import write_txn
from ..models import Notification, User, utcnow
from ..prepared import Prepared
from .errors import NotFound

#: The list shows the newest this many.
LIST_SIZE = 50


def _unread(user_id: int):
    return Notification.select(fn.COUNT(Notification.id).alias("unread")).where(
        (Notification.user == user_id) & Notification.read_at.is_null()
    )


_UNREAD = Prepared(_unread, int)


def unread_count(user_id: int) -> int:
    """How many of the user's notifications are unread (one query)."""
    row = _UNREAD.first(user_id)
    return int(row.unread or 0) if row is not None else 0


def notifications_for(user: User, limit: int = LIST_SIZE) -> list[Notification]:
    """The user's newest notifications, newest first (one query)."""
    return list(
        Notification.select()
        .where(Notification.user == user.id)
        .order_by(Notification.created_at.desc(), Notification.id.desc())
        .limit(limit)
    )


def safe_target(url: str) -> str | None:
    """A notification's link if it is a path on this site, else None (never an open redirect)."""
    if url.startswith("/") and not url.startswith("//") and "\\" not in url:
        return url
    return None


def open_notification(notification_id: int, user: User) -> str | None:
    """Mark one of the user's notifications read and give its link (None when it has none).
    ``NotFound`` for another user's notification or none at all."""
    with write_txn():
        notification = Notification.get_or_none(
            (Notification.id == notification_id) & (Notification.user == user.id)
        )
        if notification is None:
            raise NotFound("no_such_notification")
        if notification.read_at is None:
            Notification.update(read_at=utcnow()).where(
                Notification.id == notification.id
            ).execute()
    return safe_target(notification.url)


def mark_all_read(user: User) -> int:
    """Mark every unread notification of the user read; how many were."""
    with write_txn():
        return (
            Notification.update(read_at=utcnow())
            .where((Notification.user == user.id) & Notification.read_at.is_null())
            .execute()
        )
