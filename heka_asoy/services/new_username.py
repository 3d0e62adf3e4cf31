"""A new username for a person who already has an account.

The username (the e-mail address) never changes, so a person whose address changed registers
again. After a strong or office identification they may do so: the old account is closed (it can
no longer log in, its sessions end, the audit log says why) and the new one takes over what
belongs to the person rather than to the login. The flat, its fault reports and bookings follow
the person anyway: access is decided by the register (``access``), not by the account.
"""

from __future__ import annotations

from ..domain.emails import mask_email
from ..models import (
    Appointment,
    FaultMeToo,
    FaultReport,
    MessageThread,
    Notification,
    PowerOfAttorney,
    ServiceRequest,
    User,
)
from . import audit, sessions, tokens
from .mailer import queue_mail

#: The person's own things that are tied to an account: they move to the new username.
#: (Who did what — event actors, message authors — stays with the old account, as it happened.)
PERSONAL_LINKS = (
    FaultReport.reporter,
    MessageThread.user,
    ServiceRequest.user,
    Notification.user,
    Appointment.user,
    PowerOfAttorney.agent_user,
    FaultMeToo.user,  # the "me too" follower keeps hearing of the report's progress
)


def close_for_new_username(old: User) -> None:
    """Close ``old`` before its person's new account is created (in the caller's transaction):
    it frees the person's register link, can no longer log in, and every session and mailed link
    of it ends."""
    User.update(resident=None, disabled=True).where(User.id == old.id).execute()
    sessions.end_all_sessions(old)
    tokens.revoke_all(old)


def hand_over(old: User, new: User) -> None:
    """Move the person's own things from the closed ``old`` account to ``new``, audit it, and
    tell the old address (if someone else closed the account, its owner hears of it)."""
    for field in PERSONAL_LINKS:
        field.model.update({field: new.id}).where(field == old.id).execute()
    old_addresses = [address for address in (old.email, old.contact_email) if address]
    FaultReport.update(reporter_email=new.email).where(
        (FaultReport.reporter == new.id) & FaultReport.reporter_email.in_(old_addresses)
    ).execute()
    audit.record(
        "close_account",
        new,
        old,
        reason="new_username",
        successor=new.id,
        resident=new.resident_id,
    )
    queue_mail(
        old.notice_email,
        "account_closed",
        old.language,
        user=old,
        new_username=mask_email(new.email),
    )
