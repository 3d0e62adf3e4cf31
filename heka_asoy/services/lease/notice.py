"""Giving notice, confirming it, withdrawing it.

Each write runs in one ``write_txn``: the lease row (a new notice) or the notice row (a
confirmation, a withdrawal) is locked first (FOR UPDATE on PostgreSQL; SQLite's IMMEDIATE
transaction serialises writers anyway), so two confirmations arriving together are taken one after
the other and the second sees the first. The status changes are conditional updates
("awaiting_parties" → "in_effect" / "withdrawn"): whatever the interleaving, the notice takes
effect once, and a withdrawal cannot land on a notice already in effect. The unique ``open_key``
is the last guard against two notices of one lease.
"""

from __future__ import annotations

from dataclasses import dataclass

from peewee import IntegrityError

from ...db import locked, write_txn
from ...domain.termination import (
    AWAITING,
    WITHDRAWN,
    end_date_problem,
    end_window,
    refund_account,
)
from ...models import Lease, Termination, TerminationConfirmation, User, utcnow
from .. import access, audit
from ..bookings import today
from ..errors import NotFound
from .common import TerminationError, acting_resident, leaving_parties, open_key
from .effect import take_effect_if_all_confirmed
from .notify import notify_given, notify_withdrawn


@dataclass(frozen=True)
class NoticeInput:
    """What the resident gives with the notice (the form's fields)."""

    ends_on: object  # date | None: None means the earliest possible end
    forwarding_address: str
    iban: str
    inspection_wish: str = ""


@dataclass(frozen=True)
class NoticeResult:
    termination: Termination
    #: Every party has confirmed: the lease ends on ``termination.ends_on``.
    in_effect: bool
    #: The user's one-off power was spent by this act: the flat is no longer theirs to see.
    power_spent: bool = False


def check_notice(data: NoticeInput) -> dict[str, str]:
    """The problems of the notice's fields, by field name (empty when it may be given): the
    confirmation step shows none that the write would refuse."""
    problems = {}
    code = end_date_problem(today(), data.ends_on)
    if code:
        problems["ends_on"] = code
    try:
        refund_account(data.iban)
    except ValueError:
        problems["iban"] = "iban"
    return problems


def _acting(user: User, flat_id: int) -> tuple[access.FlatAccess, int]:
    fa = access.flat_access(user, flat_id, "terminate")
    me = acting_resident(user, fa)
    if fa.lease is None or me is None:
        raise TerminationError("not_party")
    return fa, me


def give_notice(user: User, flat_id: int, data: NoticeInput) -> NoticeResult:
    """Give notice of the flat's lease. The user's own confirmation (or their grantor's, for an
    agent) is the first; the other leaving parties are mailed to confirm with their own login."""
    fa, me = _acting(user, flat_id)
    problems = check_notice(data)
    if problems:
        raise TerminationError(next(iter(problems.values())), fields=problems)
    account = refund_account(data.iban)
    given_on = today()
    with write_txn():
        lease = locked(Lease.select().where(Lease.id == fa.lease.id)).first()
        if lease is None:
            raise NotFound("lease")
        if lease.ends_on is not None:  # an end already agreed (e.g. given at the office)
            raise TerminationError("open")
        parties = leaving_parties(lease.id, acting_for=me)
        if me not in {p.id for p in parties}:
            raise TerminationError("not_party")
        try:
            with write_txn():  # a savepoint: the unique open_key is the last guard
                termination = Termination.create(
                    lease=lease,
                    given_on=given_on,
                    ends_on=data.ends_on or end_window(given_on).earliest,
                    requested_by=user,
                    forwarding_address=data.forwarding_address.strip(),
                    iban=account.iban,
                    bic=account.bic,
                    inspection_wish=data.inspection_wish.strip(),
                    open_key=open_key(lease),
                )
        except IntegrityError as exc:
            raise TerminationError("open") from exc
        now = utcnow()
        for party in parties:
            mine = party.id == me
            TerminationConfirmation.create(
                termination=termination,
                resident=party,
                confirmed_at=now if mine else None,
                confirmed_by=user if mine else None,
                forwarding_address=data.forwarding_address.strip() if mine else "",
            )
        access.spend_power(fa)
        audit.record(
            "termination_given", user, termination, ends_on=str(termination.ends_on), role=fa.role
        )
        in_effect = take_effect_if_all_confirmed(termination, user)
        if not in_effect:
            notify_given(termination, user)
    return NoticeResult(
        Termination.get_by_id(termination.id), in_effect, power_spent=_spent(fa)
    )


def _spent(fa: access.FlatAccess) -> bool:
    return fa.role == access.AGENT and fa.one_off


def _locked_open(lease_id: int, termination_id: int) -> Termination:
    """The lease's notice, row-locked; ``NotFound`` for another lease's or an unknown id."""
    termination = locked(
        Termination.select().where(
            (Termination.id == termination_id) & (Termination.lease == lease_id)
        )
    ).first()
    if termination is None:
        raise NotFound("termination")
    return termination


def confirm_notice(
    user: User, flat_id: int, termination_id: int, forwarding_address: str = ""
) -> NoticeResult:
    """Confirm the open notice as one of its leaving parties (or for one, as their agent). The
    last confirmation puts the notice in effect."""
    fa, me = _acting(user, flat_id)
    with write_txn():
        termination = _locked_open(fa.lease.id, termination_id)
        if termination.status != AWAITING:
            raise TerminationError("closed")
        confirmed = (
            TerminationConfirmation.update(
                confirmed_at=utcnow(),
                confirmed_by=user,
                forwarding_address=forwarding_address.strip(),
            )
            .where(
                (TerminationConfirmation.termination == termination.id)
                & (TerminationConfirmation.resident == me)
                & TerminationConfirmation.confirmed_at.is_null()
            )
            .execute()
        )
        if confirmed != 1:
            exists = TerminationConfirmation.select().where(
                (TerminationConfirmation.termination == termination.id)
                & (TerminationConfirmation.resident == me)
            ).exists()
            raise TerminationError("confirmed" if exists else "not_party")
        access.spend_power(fa)
        audit.record("termination_confirmed", user, termination, role=fa.role)
        in_effect = take_effect_if_all_confirmed(termination, user)
    return NoticeResult(Termination.get_by_id(termination.id), in_effect, power_spent=_spent(fa))


def withdraw_notice(user: User, flat_id: int, termination_id: int) -> NoticeResult:
    """Withdraw the notice before every party has confirmed; every party is told."""
    fa, me = _acting(user, flat_id)
    with write_txn():
        termination = _locked_open(fa.lease.id, termination_id)
        if not TerminationConfirmation.select().where(
            (TerminationConfirmation.termination == termination.id)
            & (TerminationConfirmation.resident == me)
        ).exists():
            raise TerminationError("not_party")
        now = utcnow()
        withdrawn = (
            Termination.update(
                status=WITHDRAWN, open_key=None, withdrawn_by=user, withdrawn_at=now, updated_at=now
            )
            .where((Termination.id == termination.id) & (Termination.status == AWAITING))
            .execute()
        )
        if withdrawn != 1:
            raise TerminationError("closed")
        access.spend_power(fa)
        audit.record("termination_withdrawn", user, termination, role=fa.role)
        termination = Termination.get_by_id(termination.id)
        notify_withdrawn(termination, user)
    return NoticeResult(termination, False, power_spent=_spent(fa))
