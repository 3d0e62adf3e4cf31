"""Demo: a resident who asked for their account to be closed, so the desk's closing page
(/staff/account-closures/) has a request to confirm or refuse after ``make run``; and the
account is a documented login (``DEMO_CLOSING_EMAIL``) whose /my/data shows the waiting request.
"""

from __future__ import annotations

from datetime import date, datetime, timedelta

from ..models import AccountClosure, User

DEMO_CLOSING_EMAIL = "sulkeminen.demo@example.fi"


def add_closing_request(households, today: date, now: datetime, password_hash: str):
    """An account for the first lease party of a started lease who has none yet, with a waiting
    request to close it; returns the request, or None when no such party exists."""
    for household in households:
        if household.lease.starts_on > today or household.lease.ends_on is not None:
            continue
        person = household.parties[0]
        if User.select().where(User.resident == person.id).exists():
            continue
        user = User.create(
            email=DEMO_CLOSING_EMAIL,
            password_hash=password_hash,
            resident=person,
            contact_email=person.email,
            language=person.language,
            registered_via="strong",
            activated_at=now - timedelta(days=200),
        )
        return AccountClosure.create(
            user=user,
            reason="Muutan ulkomaille, en tarvitse tunnusta. / Jag flyttar utomlands.",
            requested_at=now - timedelta(days=1),
        )
    return None
