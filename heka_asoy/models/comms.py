"""Messages with the asoy desk, announcements, on-page notifications and the mail outbox."""

from peewee import (
    BooleanField,
    CharField,
    DateTimeField,
    ForeignKeyField,
    IntegerField,
    TextField,
)

from .accounts import User
from .base import BaseModel, JSONField, utcnow
from .property import Building, Flat, HousingCompany


class MessageThread(BaseModel):
    """A conversation between a resident and the asoy desk; the history is kept."""

    user = ForeignKeyField(User, backref="threads", on_delete="CASCADE")
    flat = ForeignKeyField(Flat, null=True, backref="threads")
    topic = CharField(max_length=20, default="other")  # rent, tenant_democracy, other
    subject = CharField()
    status = CharField(max_length=10, default="open")  # open, answered, closed
    created_at = DateTimeField(default=utcnow)
    updated_at = DateTimeField(default=utcnow)

    class Meta:
        indexes = ((("user", "updated_at"), False), (("status", "updated_at"), False))


class Message(BaseModel):
    thread = ForeignKeyField(MessageThread, backref="messages", on_delete="CASCADE")
    author = ForeignKeyField(User, null=True)
    from_staff = BooleanField(default=False)
    body = TextField()
    read_at = DateTimeField(null=True)
    created_at = DateTimeField(default=utcnow)

    class Meta:
        indexes = ((("thread", "created_at"), False),)


class Announcement(BaseModel):
    """An announcement from Heka to all, to one housing company or to one building."""

    audience = CharField(max_length=16, default="all")  # all, housing_company, building
    housing_company = ForeignKeyField(HousingCompany, null=True, backref="announcements")
    building = ForeignKeyField(Building, null=True, backref="announcements")
    title_fi = CharField()
    title_sv = CharField(default="")
    title_en = CharField(default="")
    body_fi = TextField()
    body_sv = TextField(default="")
    body_en = TextField(default="")
    published_at = DateTimeField(default=utcnow)
    expires_at = DateTimeField(null=True)
    created_by = ForeignKeyField(User, null=True)

    class Meta:
        indexes = ((("audience", "published_at"), False),)


class Notification(BaseModel):
    """A notice shown on the pages (the bell); e-mail goes through ``OutboxMail``."""

    user = ForeignKeyField(User, backref="notifications", on_delete="CASCADE")
    kind = CharField(max_length=30)
    text = CharField()  # already in the user's language when created
    url = CharField(default="")
    read_at = DateTimeField(null=True)
    created_at = DateTimeField(default=utcnow)

    class Meta:
        indexes = ((("user", "created_at"), False),)


class OutboxMail(BaseModel):
    """A mail waiting to be sent. Written in the same transaction as the change that causes it and
    sent by a background job with retries, so a mail server that is down delays mail, never
    loses it."""

    recipient = CharField()
    subject = CharField()
    body_text = TextField()
    body_html = TextField(default="")
    language = CharField(max_length=2, default="fi")
    kind = CharField(max_length=30, default="")
    status = CharField(max_length=10, default="pending")  # pending, sending, sent, dead
    attempts = IntegerField(default=0)
    next_attempt_at = DateTimeField(default=utcnow)
    last_error = TextField(default="")
    #: Files from the upload folder attached at send time: [{"key", "filename", "type"}].
    attachments = JSONField(null=True)
    created_at = DateTimeField(default=utcnow)
    sent_at = DateTimeField(null=True)

    class Meta:
        indexes = ((("status", "next_attempt_at"), False), (("created_at",), False))
