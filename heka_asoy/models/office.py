"""Office appointments, powers of attorney and key handovers."""

from peewee import (
    BooleanField,
    CharField,
    DateField,
    DateTimeField,
    ForeignKeyField,
    IntegerField,
    TextField,
)

from .accounts import Identification, User
from .base import BaseModel, utcnow
from .lease import Lease
from .people import Resident
from .property import Flat


class Appointment(BaseModel):
    """A customer-service visit to the office, asked for by a resident (pages, public form, e-mail)
    and given a time by the asoy desk, by e-mail.

    A held slot is written into ``slot_key`` as ``<start>#<desk>``: the unique index lets a slot
    hold at most as many visits as there are desks, however many confirmations race (migration
    016). ``link_version`` goes into the signed cancel/rebook link; raising it retires every link
    mailed before."""

    user = ForeignKeyField(User, null=True, backref="appointments")
    resident = ForeignKeyField(Resident, null=True)
    flat = ForeignKeyField(Flat, null=True, backref="appointments")
    name = CharField()
    email = CharField()
    phone = CharField(default="")
    reason = CharField(max_length=30)  # identification, lease, keys, other
    details = TextField(default="")
    #: Weekdays the person prefers, e.g. "wed,thu" (empty: any).
    preferred_days = CharField(max_length=20, default="")
    language = CharField(max_length=2, default="fi")
    #: unverified (public form, e-mail not yet confirmed), requested, proposed, confirmed,
    #: declined, cancelled, came, no_show
    status = CharField(max_length=12, default="requested")
    source = CharField(max_length=10, default="pages")  # pages, public, email, staff
    starts_at = DateTimeField(null=True)
    ends_at = DateTimeField(null=True)
    slot_key = CharField(null=True, unique=True)
    link_version = IntegerField(default=0)
    decline_reason = TextField(default="")
    #: The message-id of the mail it was filed from (desk mailbox intake), for the thread.
    intake_ref = CharField(default="")
    reminded_at = DateTimeField(null=True)
    #: The office identification recorded at this visit (the registration path it opens).
    identification = ForeignKeyField(Identification, null=True, backref="appointments")
    confirmed_by = ForeignKeyField(User, null=True)
    created_at = DateTimeField(default=utcnow)
    updated_at = DateTimeField(null=True, default=utcnow)

    class Meta:
        indexes = ((("status", "starts_at"), False), (("user", "created_at"), False))


class OfficeClosure(BaseModel):
    """A day the desk closed the office for appointments (training, illness, ...)."""

    day = DateField(unique=True)
    reason = CharField(default="")
    created_by = ForeignKeyField(User, null=True)
    created_at = DateTimeField(default=utcnow)


class PowerOfAttorney(BaseModel):
    """A power of attorney (valtakirja) registered by staff; the agent acts within ``scopes``."""

    grantor = ForeignKeyField(Resident, backref="powers_given", on_delete="CASCADE")
    lease = ForeignKeyField(Lease, backref="powers_of_attorney", on_delete="CASCADE")
    agent_name = CharField()
    agent_email = CharField(default="")
    agent_hetu_hash = CharField(max_length=64, default="")
    agent_user = ForeignKeyField(User, null=True, backref="powers_held")
    kind = CharField(max_length=20)  # general, one_off, tenancy_transfer, estate, free_text
    scopes = CharField(default="")  # comma separated; see services.access.SCOPES
    free_text = TextField(default="")
    valid_from = DateField()
    valid_until = DateField(null=True)
    received_via = CharField(max_length=10, default="office")  # office, email
    registered_by = ForeignKeyField(User, null=True)
    revoked_at = DateTimeField(null=True)
    used_at = DateTimeField(null=True)  # a one-off power is spent by its first use
    created_at = DateTimeField(default=utcnow)
    #: The scanned form: a storage key under the upload folder (PDF or re-encoded JPEG).
    document_path = CharField(null=True)
    document_mime = CharField(max_length=40, default="")

    class Meta:
        indexes = (
            (("agent_user", "valid_from"), False),
            (("lease",), False),
            (("agent_email",), False),  # an agent's powers are linked when they log in
            (("agent_hetu_hash",), False),  # … or register with strong identification
        )


class KeyHandover(BaseModel):
    """Keys returned or collected at the key service point (BLC Turva Oy)."""

    flat = ForeignKeyField(Flat, backref="key_handovers", on_delete="CASCADE")
    lease = ForeignKeyField(Lease, null=True)
    direction = CharField(max_length=10)  # returned, collected
    keys_count = IntegerField(default=1)
    person_name = CharField(default="")
    power_of_attorney = ForeignKeyField(PowerOfAttorney, null=True)
    via_after_hours_box = BooleanField(default=False)
    handled_at = DateTimeField(default=utcnow)
    logged_by = ForeignKeyField(User, null=True)
    notes = TextField(default="")

    class Meta:
        indexes = ((("flat", "handled_at"), False),)
