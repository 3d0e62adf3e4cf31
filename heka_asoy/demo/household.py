"""Demo rows of the household features: Maija (lease party, flat 1) has reported that her
sister moves in, waiting in the desk's occupant queue, and has given her IBAN for refunds."""

from __future__ import annotations

from datetime import date, datetime, timedelta

from ..models import BankAccount, OccupantChange, Resident, User


def household_rows(maija: Resident, today: date, now: datetime) -> None:
    """A pending move-in for Maija's flat (see it at /my/occupants as Maija, decide it at
    /staff/occupants as the desk) and her bank account (at /my/contact)."""
    occupancy = maija.occupancies.get()
    user = User.get_or_none(User.resident == maija.id)
    lease = maija.lease_parties.get().lease
    OccupantChange.create(
        flat=occupancy.flat_id,
        lease=lease.id,
        kind="in",
        first_names="Eeva Maria",
        last_name="Lahtinen",
        birth_date=date(1999, 4, 12),
        on_date=today + timedelta(days=14),
        requested_by=user.id if user is not None else None,
        created_at=now - timedelta(days=1),
    )
    BankAccount.create(
        resident=maija.id,
        iban="FI2112345600000785",
        bic="NDEAFIHH",
        holder_name=maija.full_name,
        updated_at=now - timedelta(days=20),
    )
