"""Reported changes of who lives in a flat, waiting for the asoy desk to confirm them."""

from peewee import CharField, DateField, DateTimeField, ForeignKeyField, TextField

from .accounts import User
from .base import BaseModel, utcnow
from .lease import Lease
from .people import Resident
from .property import Flat

#: The kinds of change: someone moves in (a new person for the register) or out.
MOVE_IN = "in"
MOVE_OUT = "out"
#: A change is pending until the desk confirms it (the register is updated then) or rejects it.
PENDING = "pending"
CONFIRMED = "confirmed"
REJECTED = "rejected"


class OccupantChange(BaseModel):
    """A lease party's report that a person moves in or out (muuttoilmoitus).

    The register (``Occupancy``) changes only when the desk confirms; the status moves from
    pending exactly once (a conditional update), so two desk workers cannot both apply it.
    ``resident`` is the person moving out, or, once a move-in is confirmed, the register entry
    made for the newcomer.
    """

    flat = ForeignKeyField(Flat, backref="occupant_changes", on_delete="CASCADE")
    lease = ForeignKeyField(Lease, null=True, backref="occupant_changes", on_delete="SET NULL")
    kind = CharField(max_length=3)
    first_names = CharField(default="")
    last_name = CharField(default="")
    birth_date = DateField(null=True)
    resident = ForeignKeyField(
        Resident, null=True, backref="occupant_changes", on_delete="SET NULL"
    )
    on_date = DateField()
    status = CharField(max_length=10, default=PENDING)
    reason = TextField(default="")
    requested_by = ForeignKeyField(
        User, null=True, backref="occupant_requests", on_delete="SET NULL"
    )
    decided_by = ForeignKeyField(
        User, null=True, backref="occupant_decisions", on_delete="SET NULL"
    )
    created_at = DateTimeField(default=utcnow)
    decided_at = DateTimeField(null=True)

    class Meta:
        indexes = ((("flat", "created_at"), False), (("status", "created_at"), False))

    @property
    def full_name(self) -> str:
        return f"{self.first_names} {self.last_name}".strip()
