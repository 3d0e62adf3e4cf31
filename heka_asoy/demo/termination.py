"""Demo: a notice of a shared lease that waits for the second lease party's confirmation, so the
termination page and the desk's queue have something to show after ``make run``.

The first party gets a documented account (``DEMO_NOTICE_EMAIL``); the second has none and
would confirm after registering. Written directly (no mails), like the rest of the demo data.
"""

from __future__ import annotations

from datetime import date, datetime, timedelta

from ..domain.notice import lease_end_date
from ..domain.termination import refund_account
from ..models import Termination, TerminationConfirmation, User

DEMO_NOTICE_EMAIL = "irtisanominen.demo@example.fi"
DEMO_REFUND_IBAN = "FI49 5000 9420 0287 30"


def add_waiting_termination(households, today: date, now: datetime, password_hash: str):
    """Give notice of the first started lease with two parties (and no notice yet) as its
    first party; returns the notice, or None when the data set has no such lease."""
    household = next(
        (
            h
            for h in households
            if len(h.parties) == 2
            and h.lease.ends_on is None
            and h.lease.starts_on <= today - timedelta(days=60)
        ),
        None,
    )
    if household is None:
        return None
    first, second = household.parties
    user = User.create(
        email=DEMO_NOTICE_EMAIL,
        password_hash=password_hash,
        resident=first,
        contact_email=first.email,
        language=first.language,
        registered_via="strong",
        activated_at=now - timedelta(days=30),
    )
    given_on = today - timedelta(days=2)
    account = refund_account(DEMO_REFUND_IBAN)
    termination = Termination.create(
        lease=household.lease,
        given_on=given_on,
        ends_on=lease_end_date(given_on),
        requested_by=user,
        forwarding_address=f"Mannerheimintie 100 B 12\n00250 Helsinki\n({first.full_name})",
        iban=account.iban,
        bic=account.bic,
        inspection_wish="Arkisin klo 15 jälkeen / vardagar efter kl. 15",
        open_key=f"lease:{household.lease.id}",
        created_at=now - timedelta(days=2),
        updated_at=now - timedelta(days=2),
    )
    TerminationConfirmation.create(
        termination=termination,
        resident=first,
        confirmed_at=now - timedelta(days=2),
        confirmed_by=user,
    )
    TerminationConfirmation.create(termination=termination, resident=second)
    return termination
