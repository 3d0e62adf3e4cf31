"""Fault reports, service requests and door openings."""

from peewee import (
    JOIN,
    BooleanField,
    CharField,
    DateTimeField,
    ForeignKeyField,
    IntegerField,
    TextField,
)

from .accounts import User
from .base import BaseModel, JSONField, MoneyField, utcnow
from .billing import Invoice
from .people import Resident
from .property import Building, Flat, HousingCompany, MaintenanceCompany


class FaultReport(BaseModel):
    """A non-urgent fault report (vikailmoitus), sent on to the maintenance company."""

    flat = ForeignKeyField(Flat, backref="fault_reports", on_delete="CASCADE")
    reporter = ForeignKeyField(User, null=True, backref="fault_reports")
    reporter_name = CharField(default="")
    reporter_email = CharField(default="")
    reporter_phone = CharField(default="")
    is_public = BooleanField(default=False)  # sent through the form without login
    confirmed_at = DateTimeField(null=True)  # public reports are confirmed by an e-mailed link
    matches_register = BooleanField(default=True)
    category = CharField(max_length=40)
    location = CharField(default="")
    description = TextField()
    master_key_allowed = BooleanField(default=False)
    pets = CharField(default="")
    visiting_times = CharField(default="")
    status = CharField(max_length=20, default="received")
    forward_after = DateTimeField(null=True)  # outside office hours: forwarded at next opening
    forwarded_at = DateTimeField(null=True)
    visit_at = DateTimeField(null=True)
    done_at = DateTimeField(null=True)
    feedback = CharField(max_length=10, default="")  # fixed, not_fixed
    previous = ForeignKeyField("self", null=True, backref="followups")
    #: The form's one-time submission id: a double submit finds the first report instead of
    #: making a second one.
    client_token = CharField(max_length=64, null=True, unique=True)
    #: Who answers for the repair (domain: Limited Liability Housing Companies Act ch. 4):
    #: housing_company (its maintenance company), heka (the asoy desk orders it) or resident.
    responsible = CharField(max_length=20, default="housing_company")
    assigned_to = ForeignKeyField(User, null=True, backref="assigned_faults")
    status_changed_at = DateTimeField(default=utcnow)  # the overdue clock runs from here
    version = IntegerField(
        default=1
    )  # optimistic lock: no lost update between desk and maintenance
    created_at = DateTimeField(default=utcnow)
    updated_at = DateTimeField(default=utcnow)

    class Meta:
        indexes = (
            (("flat", "created_at"), False),
            (("status", "created_at"), False),
            (("status", "status_changed_at"), False),
            (("created_at",), False),  # the desk's "all" queue, newest first, at 1M reports
            (("updated_at", "id"), False),  # the desk inbox's keyset pages (migration 016)
        )

    @classmethod
    def with_place(cls, maintenance: bool = False):
        """Reports with their flat, building and housing company joined (and the maintenance
        company, which a housing company may lack, with ``maintenance``): what the desk's lists
        and report page show, in one query."""
        models = [cls, Flat, Building, HousingCompany]
        if maintenance:
            models.append(MaintenanceCompany)
        query = cls.select(*models).join(Flat).join(Building).switch(Flat).join(HousingCompany)
        return query.join(MaintenanceCompany, JOIN.LEFT_OUTER) if maintenance else query


class FaultPhoto(BaseModel):
    report = ForeignKeyField(FaultReport, backref="photos", on_delete="CASCADE")
    storage_key = CharField(unique=True)
    thumb_key = CharField(default="")
    content_type = CharField(default="image/jpeg")
    width = IntegerField(default=0)
    height = IntegerField(default=0)
    size = IntegerField(default=0)
    uploaded_by = ForeignKeyField(User, null=True)
    created_at = DateTimeField(default=utcnow)


class FaultEvent(BaseModel):
    """One step in a report's timeline: a status change, a comment or an internal note."""

    report = ForeignKeyField(FaultReport, backref="events", on_delete="CASCADE")
    kind = CharField(max_length=12)  # status, comment, note, visit, feedback
    status = CharField(max_length=20, default="")
    text = TextField(default="")
    visible_to_resident = BooleanField(default=True)
    actor = ForeignKeyField(User, null=True)
    actor_label = CharField(default="")  # e.g. the maintenance company acting through its link
    created_at = DateTimeField(default=utcnow)

    class Meta:
        indexes = ((("report", "created_at"), False),)


class ServiceRequest(BaseModel):
    """A service request: disturbing neighbours, smoking, renovation permit, tenancy transfer,
    flat inspection, other. Type-specific fields live in ``data``."""

    flat = ForeignKeyField(Flat, backref="service_requests", on_delete="CASCADE")
    user = ForeignKeyField(User, backref="service_requests")
    kind = CharField(max_length=30)
    #: received, in_progress, waiting_for_resident, decided, closed
    status = CharField(max_length=20, default="received")
    data = JSONField(default=dict)
    handled_by = ForeignKeyField(User, null=True)
    assigned_to = ForeignKeyField(User, null=True, backref="assigned_requests")
    decision = CharField(max_length=30, default="")  # approved, approved_with_conditions, refused
    decision_text = TextField(default="")  # the conditions or the reason
    first_answered_at = DateTimeField(null=True)  # the SLA stops at the desk's first answer
    created_at = DateTimeField(default=utcnow)
    updated_at = DateTimeField(default=utcnow)

    class Meta:
        indexes = (
            (("flat", "created_at"), False),
            (("status", "created_at"), False),
            (("updated_at", "id"), False),  # the desk inbox's keyset pages (migration 016)
        )


class DoorOpening(BaseModel):
    """A paid door opening ordered by phone; staff log it and its invoice."""

    flat = ForeignKeyField(Flat, backref="door_openings", on_delete="CASCADE")
    resident = ForeignKeyField(Resident, null=True)
    opened_at = DateTimeField()
    performed_by = CharField(default="")
    document_type = CharField(max_length=20, default="")  # the photo ID shown
    fee = MoneyField(default=0)
    invoice = ForeignKeyField(Invoice, null=True)
    logged_by = ForeignKeyField(User, null=True)
    notes = TextField(default="")
    created_at = DateTimeField(default=utcnow)

    class Meta:
        indexes = ((("flat", "opened_at"), False),)


class FaultMeToo(BaseModel):
    """A resident of the same building says "me too" to an open report about a shared space:
    counted once per user on the report, and the user then gets its progress notices."""

    report = ForeignKeyField(FaultReport, backref="me_too", on_delete="CASCADE")
    user = ForeignKeyField(User, backref="fault_me_too", on_delete="CASCADE")
    created_at = DateTimeField(default=utcnow)

    class Meta:
        indexes = ((("report", "user"), True), (("user",), False))
