"""Leases and their parties."""

from peewee import (
    CharField,
    DateField,
    DateTimeField,
    ForeignKeyField,
    IntegerField,
    TextField,
)

from .base import BaseModel, MoneyField, utcnow
from .people import Resident
from .property import Flat


class Lease(BaseModel):
    """A residential lease of one flat. The resident pages open only once ``starts_on`` is past."""

    flat = ForeignKeyField(Flat, backref="leases", on_delete="CASCADE")
    number = CharField(unique=True)
    starts_on = DateField()
    ends_on = DateField(null=True)
    monthly_rent = MoneyField()
    deposit = MoneyField(default=0)
    terms = TextField(default="")
    notice_given_on = DateField(null=True)
    #: Day of the month the rent falls due (the 2nd unless the lease says otherwise); the
    #: invoice moves it to the next banking day.
    due_day = IntegerField(default=2)
    created_at = DateTimeField(default=utcnow)

    class Meta:
        indexes = ((("flat", "starts_on"), False),)

    @classmethod
    def not_ended_on(cls, day):
        """The condition "not ended before ``day``" (started or still ahead), for queries that
        also show a lease about to start."""
        return cls.ends_on.is_null() | (cls.ends_on >= day)

    @classmethod
    def current_on(cls, day):
        """The condition "the lease runs on ``day``": started by then and not ended before."""
        return (cls.starts_on <= day) & cls.not_ended_on(day)

    @classmethod
    def current_of(cls, flat_id: int, day) -> "Lease | None":
        """The flat's lease running on ``day`` (the latest started, should two overlap)."""
        return (
            cls.select()
            .where((cls.flat == flat_id) & cls.current_on(day))
            .order_by(cls.starts_on.desc())
            .first()
        )


class LeaseParty(BaseModel):
    """A person who signed the lease (vuokrasopimuksen osapuoli)."""

    lease = ForeignKeyField(Lease, backref="parties", on_delete="CASCADE")
    resident = ForeignKeyField(Resident, backref="lease_parties", on_delete="CASCADE")

    class Meta:
        indexes = ((("lease", "resident"), True), (("resident",), False))
