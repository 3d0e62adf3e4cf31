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
    """A conversation with the asoy desk (a case): started on the pages by a resident, or by a
    mail to the desk mailbox. The history is kept; a new message reopens a closed thread.

    A mail from an address the register does not know has no ``user`` (and maybe no ``flat``):
    it waits in triage (``needs_triage``) until staff link it or answer it. ``reply_token`` is
    carried in the desk's answers (reply address and subject) so a reply finds its thread.
    """

    user = ForeignKeyField(User, null=True, backref="threads", on_delete="CASCADE")
    flat = ForeignKeyField(Flat, null=True, backref="threads")
    topic = CharField(max_length=20, default="other")  # rent, tenant_democracy, lease, other
    subject = CharField()
    status = CharField(max_length=10, default="open")  # open, answered, closed
    source = CharField(max_length=10, default="web")  # web, email, staff (on behalf)
    sender_email = CharField(default="")  # the mail's From (mailbox cases)
    sender_name = CharField(default="")
    reply_token = CharField(max_length=32, null=True, unique=True)
    needs_triage = BooleanField(default=False)
    assigned_to = ForeignKeyField(User, null=True, backref="assigned_threads")
    #: The desk's first answer: the SLA (first answer within 2 business days) stops here.
    first_answered_at = DateTimeField(null=True)
    created_at = DateTimeField(default=utcnow)
    updated_at = DateTimeField(default=utcnow)

    class Meta:
        indexes = (
            (("user", "updated_at"), False),
            (("status", "updated_at"), False),
            (("needs_triage", "created_at"), False),
            (("updated_at", "id"), False),  # the desk inbox's keyset pages (migration 016)
        )


class Message(BaseModel):
    """One message of a thread. ``internal`` notes are the desk's own and never shown to a
    resident nor mailed. ``message_id`` is the RFC 5322 Message-ID (of a fetched mail: the same
    mail fetched twice makes one message; of an answer mailed out: threading headers)."""

    thread = ForeignKeyField(MessageThread, backref="messages", on_delete="CASCADE")
    author = ForeignKeyField(User, null=True)
    from_staff = BooleanField(default=False)
    internal = BooleanField(default=False)
    source = CharField(max_length=10, default="web")  # web, email, staff
    body = TextField()
    message_id = CharField(max_length=255, null=True, unique=True)
    in_reply_to = CharField(max_length=255, default="")
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
    #: Pinned on top, on the dashboard and in the fault form (migration 017).
    emergency = BooleanField(default=False)
    #: Mailed to the targeted residents once published (``services.announcements.mailing``);
    #: ``mailed_at`` is set when the fan-out has run.
    send_mail = BooleanField(default=False)
    mailed_at = DateTimeField(null=True)
    withdrawn_at = DateTimeField(null=True)
    updated_at = DateTimeField(null=True)

    class Meta:
        indexes = ((("audience", "published_at"), False),)


class AnnouncementRead(BaseModel):
    """A resident has seen an announcement (the list page marks what it shows)."""

    announcement = ForeignKeyField(Announcement, backref="reads", on_delete="CASCADE")
    user = ForeignKeyField(User, backref="announcement_reads", on_delete="CASCADE")
    read_at = DateTimeField(default=utcnow)

    class Meta:
        indexes = ((("announcement", "user"), True), (("user",), False))


class AnnouncementMail(BaseModel):
    """An announcement mailed to one resident: the unique pair makes the fan-out idempotent."""

    announcement = ForeignKeyField(Announcement, backref="mails", on_delete="CASCADE")
    user = ForeignKeyField(User, backref="announcement_mails", on_delete="CASCADE")
    created_at = DateTimeField(default=utcnow)

    class Meta:
        indexes = ((("announcement", "user"), True),)


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
    #: Threading headers set on send: {"Message-ID", "In-Reply-To", "References", "Reply-To"}.
    headers = JSONField(null=True)
    created_at = DateTimeField(default=utcnow)
    sent_at = DateTimeField(null=True)

    class Meta:
        indexes = ((("status", "next_attempt_at"), False), (("created_at",), False))
