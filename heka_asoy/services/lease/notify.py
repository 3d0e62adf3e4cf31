"""The termination's mails, each in its recipient's language, written in the caller's
transaction (the outbox sends them after the commit)."""

from __future__ import annotations

from ...domain import contacts
from ...models import (
    Flat,
    Lease,
    PowerOfAttorney,
    Resident,
    Termination,
    TerminationConfirmation,
    User,
)
from ..mailer import queue_mail
from ..urls import external_url


def _person(user: User, termination: Termination) -> str:
    """The name to show for a login: the register name; for an agent, the name on their power
    of attorney for this lease; else the account's name or address."""
    resident = Resident.get_or_none(Resident.id == user.resident_id) if user.resident_id else None
    if resident is not None:
        return resident.full_name
    power = PowerOfAttorney.get_or_none(
        (PowerOfAttorney.agent_user == user.id) & (PowerOfAttorney.lease == termination.lease_id)
    )
    return power.agent_name if power is not None else (user.name or user.email)


def _recipients(termination: Termination, actor: User | None):
    """(address, language, confirmation or None) for every leaving party, reached through
    their account (the address for notices) or, without one, the register's e-mail; and the
    acting user when not one of them (an agent)."""
    rows = list(
        TerminationConfirmation.select(TerminationConfirmation, Resident)
        .join(Resident)
        .where(TerminationConfirmation.termination == termination.id)
    )
    users = {
        u.resident_id: u
        for u in User.select().where(
            User.resident.in_([r.resident_id for r in rows] or [0])
            & User.activated_at.is_null(False)
        )
    }
    seen = set()
    for row in rows:
        user = users.get(row.resident_id)
        address = user.notice_email if user else row.resident.email
        language = user.language if user else row.resident.language
        if address and address.lower() not in seen:
            seen.add(address.lower())
            yield address, language, row
    if actor is not None and not actor.is_staff and actor.notice_email.lower() not in seen:
        yield actor.notice_email, actor.language, None


def _send(termination: Termination, actor: User | None, event: str, **extra) -> None:
    flat = Flat.with_companies(_flat_id(termination))
    names = [
        row.resident.full_name
        for row in TerminationConfirmation.select(TerminationConfirmation, Resident)
        .join(Resident)
        .where(
            (TerminationConfirmation.termination == termination.id)
            & TerminationConfirmation.confirmed_at.is_null()
        )
    ]
    link = external_url("lease.terminate", flat=flat.id)
    for address, language, row in _recipients(termination, actor):
        kind = event
        if event == "given":
            kind = "confirm_request" if row is not None and row.confirmed_at is None else "awaiting"
        key_address, key_entrance = contacts.key_service_point(language)
        queue_mail(
            address,
            "termination_event",
            language,
            event=kind,
            termination=termination,
            flat=flat,
            link=link,
            actor_name=_person(actor, termination) if actor is not None else "",
            waiting_for=names,
            key_address=key_address,
            key_entrance=key_entrance,
            contacts=contacts,
            **extra,
        )


def _flat_id(termination: Termination) -> int:
    return Lease.select(Lease.flat).where(Lease.id == termination.lease_id).scalar()


def notify_given(termination: Termination, actor: User) -> None:
    """The parties still to confirm get a link to confirm; those who have, a receipt."""
    _send(termination, actor, "given")


def notify_in_effect(termination: Termination, actor: User, moved: bool = False) -> None:
    """Every party (and an agent who acted): the lease ends on the date, how keys are returned."""
    _send(termination, actor, "in_effect", moved=moved)


def notify_withdrawn(termination: Termination, actor: User) -> None:
    """Every party (and an agent who acted): the notice was withdrawn, by whom."""
    _send(termination, actor, "withdrawn")


def notify_inspection(termination: Termination, staff: User) -> None:
    """Every party: the time of the move-out inspection the desk booked."""
    _send(termination, staff, "inspection")
