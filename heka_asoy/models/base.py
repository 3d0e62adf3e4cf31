"""The base model and field types shared by every model module."""

from __future__ import annotations

import json
from datetime import UTC, datetime

from peewee import DecimalField, TextField

from ..extensions import flask_db


def utcnow() -> datetime:
    """Naive UTC now: every timestamp is stored as naive UTC so SQLite and PostgreSQL agree."""
    return datetime.now(UTC).replace(tzinfo=None)


class BaseModel(flask_db.Model):
    """Base for all models; binds them to the database behind FlaskDB's proxy."""

    class Meta:
        legacy_table_names = False


class JSONField(TextField):
    """JSON stored as text, so it works the same on SQLite and PostgreSQL."""

    def db_value(self, value):
        return None if value is None else json.dumps(value, sort_keys=True, default=str)

    def python_value(self, value):
        return None if value is None else json.loads(value)


def MoneyField(**kwargs) -> DecimalField:  # noqa: N802 - reads like a field class
    """Euros with cents, rounded on the way in."""
    return DecimalField(max_digits=12, decimal_places=2, auto_round=True, **kwargs)
