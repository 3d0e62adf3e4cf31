"""A tenant's notice (irtisanominen) and each lease party's confirmation of it."""

from peewee import CharField, DateField, DateTimeField, ForeignKeyField, TextField

from .accounts import User
from .base import BaseModel, utcnow
from .lease import Lease
from .people import Resident


class Termination(BaseModel):
    """A notice to end a lease. With several lease parties it takes effect only when every
    leaving party has confirmed with their own login (``TerminationConfirmation``).

    ``open_key`` ("lease:<id>") is set while the notice is awaiting confirmations or in effect and
    cleared when it is withdrawn: the unique index is the last guard against two open notices of
    one lease given at the same moment."""

    lease = ForeignKeyField(Lease, backref="terminations", on_delete="CASCADE")
    status = CharField(max_length=20, default="awaiting_parties")  # domain.termination.STATUSES
    given_on = DateField()  # the day the first party gave notice (Helsinki)
    ends_on = DateField()  # the chosen end; moved later if the last party confirms too late
    requested_by = ForeignKeyField(User, backref="terminations_requested")
    forwarding_address = TextField(default="")
    iban = CharField(max_length=34, default="")
    bic = CharField(max_length=11, default="")
    inspection_wish = TextField(default="")
    open_key = CharField(null=True, unique=True)
    in_effect_on = DateField(null=True)  # the day the last party confirmed: the notice date
    withdrawn_by = ForeignKeyField(User, null=True, backref="terminations_withdrawn")
    withdrawn_at = DateTimeField(null=True)
    #: Desk's notes of the move-out: inspection booked for, keys returned at BLC Turva.
    inspection_at = DateTimeField(null=True)
    keys_returned_on = DateField(null=True)
    created_at = DateTimeField(default=utcnow)
    updated_at = DateTimeField(default=utcnow)

    class Meta:
        indexes = ((("lease", "created_at"), False), (("status", "ends_on"), False))

    @property
    def iban_display(self) -> str:
        """The stored (compact) IBAN in groups of four, as banks print it."""
        return " ".join(self.iban[i : i + 4] for i in range(0, len(self.iban), 4))


class TerminationConfirmation(BaseModel):
    """One leaving lease party's confirmation; ``confirmed_at`` is empty until they confirm.
    ``confirmed_by`` is the login that confirmed: the party's own, or their agent's."""

    termination = ForeignKeyField(Termination, backref="confirmations", on_delete="CASCADE")
    resident = ForeignKeyField(Resident, backref="termination_confirmations", on_delete="CASCADE")
    confirmed_at = DateTimeField(null=True)
    confirmed_by = ForeignKeyField(User, null=True, backref="termination_confirmations")
    forwarding_address = TextField(default="")

    class Meta:
        indexes = ((("termination", "resident"), True),)
