"""User accounts, identifications and single-use tokens."""

from flask_login import UserMixin
from peewee import (
    BooleanField,
    CharField,
    DateTimeField,
    ForeignKeyField,
    IntegerField,
)

from .base import BaseModel, JSONField, utcnow
from .people import Resident

ROLE_RESIDENT = "resident"
ROLE_STAFF = "staff"  # dedicated asoy service staff (the asoy desk)
ROLE_ADMIN = "admin"
STAFF_ROLES = (ROLE_STAFF, ROLE_ADMIN)


class User(UserMixin, BaseModel):
    """A login. ``email`` is the username and is never changed; notices go to ``contact_email``."""

    email = CharField(unique=True)
    password_hash = CharField(null=True)
    role = CharField(max_length=10, default=ROLE_RESIDENT)
    resident = ForeignKeyField(Resident, null=True, unique=True, backref="users")
    name = CharField(default="")  # staff display name; residents use the register name
    contact_email = CharField(default="")
    language = CharField(max_length=2, default="fi")
    registered_via = CharField(max_length=12, default="strong")  # strong, office, city, staff
    activated_at = DateTimeField(null=True)
    #: True for accounts imported from the city's housing-application service: their first login to
    #: the resident pages must pass strong identification once.
    needs_strong_identification = BooleanField(default=False)
    #: Bumped on password change and "log out everywhere": every session carrying an older value
    #: is ended at once, on every worker and host.
    session_version = IntegerField(default=1)
    disabled = BooleanField(default=False)
    last_login_at = DateTimeField(null=True)
    created_at = DateTimeField(default=utcnow)

    #: The raw key of the login session this object was loaded for (never stored; see
    #: ``LoginSession``); set by ``services.sessions``.
    session_key = ""

    def get_id(self) -> str:
        """The session carries the id, the session version and the login session's key: bumping
        the version ends every session of the account, deleting the key's row ends this one."""
        return f"{self.id}:{self.session_version}:{self.session_key}"

    @property
    def is_active(self) -> bool:
        return self.activated_at is not None and not self.disabled

    @property
    def is_staff(self) -> bool:
        return self.role in STAFF_ROLES

    @property
    def is_admin(self) -> bool:
        return self.role == ROLE_ADMIN

    @property
    def notice_email(self) -> str:
        return self.contact_email or self.email


class Identification(BaseModel):
    """One identification of a person: strong (OIDC broker) or at the office (ID document shown)."""

    method = CharField(max_length=10)  # strong, office
    resident = ForeignKeyField(Resident, null=True, backref="identifications")
    user = ForeignKeyField(User, null=True, backref="identifications")
    hetu_hash = CharField(max_length=64, default="")
    name = CharField(default="")
    document_type = CharField(max_length=20, default="")  # driving_licence, passport, id_card
    recorded_by = ForeignKeyField(User, null=True, backref="recorded_identifications")
    used_at = DateTimeField(null=True)  # an office identification is consumed by a registration
    created_at = DateTimeField(default=utcnow)

    class Meta:
        indexes = (
            (("resident", "method", "created_at"), False),
            (("hetu_hash",), False),  # an agent outside the register: their account (011)
        )


class Token(BaseModel):
    """A single-use secret sent by e-mail. Only its hash is stored, so a database leak cannot be
    replayed."""

    purpose = CharField(max_length=20)  # activate, reset, …
    token_hash = CharField(max_length=64, unique=True)
    user = ForeignKeyField(User, null=True, backref="tokens", on_delete="CASCADE")
    data = JSONField(null=True)
    created_at = DateTimeField(default=utcnow)
    expires_at = DateTimeField()
    used_at = DateTimeField(null=True)

    class Meta:
        indexes = ((("user", "purpose"), False),)


class LoginSession(BaseModel):
    """One logged-in browser. The cookie carries a random key and the row only its hash, so a
    logout deletes the row and a copy of the cookie taken before opens nothing afterwards; the
    state is in the database, so it holds across gunicorn workers and hosts."""

    user = ForeignKeyField(User, backref="login_sessions", on_delete="CASCADE")
    key_hash = CharField(max_length=64, unique=True)
    created_at = DateTimeField(default=utcnow)
    #: An absolute end, however busy the session: the cookie's own expiry only counts idle time.
    expires_at = DateTimeField(index=True)
