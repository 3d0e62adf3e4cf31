"""The asoy desk's inbox beside threads and service requests: attachments, the timeline of a
service request, the repair-responsibility table, reply templates and account closing."""

from peewee import BooleanField, CharField, DateTimeField, ForeignKeyField, IntegerField, TextField

from .accounts import User
from .base import BaseModel, utcnow
from .cases import ServiceRequest
from .comms import Message
from .property import HousingCompany


class Attachment(BaseModel):
    """A file sent with a message or a service request (PDF or image; the same checks and
    storage as fault photos), kept under ``storage_key`` in the upload storage."""

    message = ForeignKeyField(Message, null=True, backref="attachments", on_delete="CASCADE")
    service_request = ForeignKeyField(
        ServiceRequest, null=True, backref="attachments", on_delete="CASCADE"
    )
    filename = CharField()
    content_type = CharField(max_length=100)
    storage_key = CharField()
    size = IntegerField(default=0)
    created_at = DateTimeField(default=utcnow)


class ServiceRequestEvent(BaseModel):
    """The timeline of a service request: status changes, messages both ways and the desk's
    internal notes (``internal``: never shown to the resident)."""

    request = ForeignKeyField(ServiceRequest, backref="events", on_delete="CASCADE")
    kind = CharField(max_length=10)  # status, message, note
    status = CharField(max_length=20, default="")
    body = TextField(default="")
    actor = ForeignKeyField(User, null=True)
    from_staff = BooleanField(default=False)
    internal = BooleanField(default=False)
    created_at = DateTimeField(default=utcnow)

    class Meta:
        indexes = ((("request", "created_at"), False),)


class ResponsibilityRule(BaseModel):
    """Who answers for a fault category's repair: the default row has no housing company; a
    housing company whose articles differ has rows of its own."""

    category = CharField(max_length=60)
    housing_company = ForeignKeyField(
        HousingCompany, null=True, backref="responsibility_rules", on_delete="CASCADE"
    )
    responsible = CharField(max_length=20)  # housing_company, heka, resident
    note = TextField(default="")
    updated_by = ForeignKeyField(User, null=True)
    updated_at = DateTimeField(default=utcnow)

    class Meta:
        indexes = ((("category", "housing_company"), True),)


class ReplyTemplate(BaseModel):
    """A ready answer the desk starts from, in the three languages."""

    name = CharField(max_length=100)
    body_fi = TextField()
    body_sv = TextField(default="")
    body_en = TextField(default="")
    created_by = ForeignKeyField(User, null=True)
    updated_at = DateTimeField(default=utcnow)


class AccountClosure(BaseModel):
    """A resident's request to close their account; staff confirm (the register is kept)."""

    user = ForeignKeyField(User, backref="closure_requests", on_delete="CASCADE")
    status = CharField(max_length=10, default="requested")  # requested, closed, refused
    reason = TextField(default="")
    requested_at = DateTimeField(default=utcnow)
    decided_by = ForeignKeyField(User, null=True)
    decided_at = DateTimeField(null=True)
