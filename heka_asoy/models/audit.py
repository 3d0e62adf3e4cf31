"""The audit log: who changed what, and when."""

from peewee import CharField, DateTimeField, ForeignKeyField, IntegerField

from .accounts import User
from .base import BaseModel, JSONField, utcnow


class AuditLog(BaseModel):
    actor = ForeignKeyField(User, null=True)
    #: On-behalf work: the desk worker who acted for ``actor`` (a resident) at the desk or on
    #: the phone (migration 017).
    acting_staff = ForeignKeyField(User, null=True, backref="acted_for")
    actor_label = CharField(default="")
    action = CharField(max_length=40)
    target_type = CharField(max_length=30, default="")
    target_id = IntegerField(null=True)
    data = JSONField(null=True)
    ip = CharField(max_length=45, default="")
    created_at = DateTimeField(default=utcnow)

    class Meta:
        indexes = (
            (("target_type", "target_id"), False),
            (("created_at",), False),
            # the admins' audit log: newest first by keyset per action or actor (migration 019)
            (("action", "id"), False),
            (("actor", "id"), False),
        )
