"""Ids, numbers and dates from URLs, query strings and form fields, bounded at the edge.

A value a visitor can type must never reach the database or date arithmetic out of range: an id
above 2**63 - 1 overflows SQLite's INTEGER (and one above 2**31 - 1 PostgreSQL's integer column
when written), and a date near 9999-12-31 overflows as soon as a week or a notice period is added
to it. Each such value used to be an error 500. Here every id is 1..MAX_ID and every date lies in
2000..2100, so an unknown id is a 404 and a date out of range a field error (or the page's
default, where a query argument picks a view).

- ``IdConverter`` replaces Flask's ``int`` URL converter (``init_app``), so every
  ``<int:...>`` route is bounded at once.
- ``parse_id``, ``parse_int``, ``parse_day`` and ``id_arg`` read query arguments and raw form
  values.
- ``IdField``, ``DayField`` and ``MomentField`` are the WTForms fields for ids, dates and
  date-times; each carries its range check, so a form cannot forget it.
"""

from __future__ import annotations

import re
from datetime import date, datetime

from flask import Flask, abort, request
from flask_babel import gettext as _
from flask_babel import lazy_gettext as _l
from werkzeug.routing import IntegerConverter
from wtforms import DateField, DateTimeLocalField, IntegerField
from wtforms.validators import NumberRange, ValidationError

from .i18n import house_date

#: The largest id: ids are peewee AutoFields, PostgreSQL's 32-bit serial integer (SQLite's
#: INTEGER is 64-bit), so no row of ours has a larger one.
MAX_ID = 2**31 - 1
#: The dates the portal accepts; far enough from date.min and date.max that adding a week, a
#: notice period or a time zone offset cannot overflow.
FIRST_DAY = date(2000, 1, 1)
LAST_DAY = date(2100, 12, 31)

#: ASCII digits only: str.isdigit() accepts "²", which int() refuses; int() accepts "1_000".
#: At most 19 digits: int() of thousands of digits is slow, and nothing we take is that long.
_INTEGER = re.compile(r"-?[0-9]{1,19}")


class IdConverter(IntegerConverter):
    """Flask's ``int`` converter limited to ids, 1..MAX_ID in ASCII digits: anything else does
    not match the route, so it is a 404 before a view or the database sees it."""

    regex = r"[0-9]+"

    def __init__(self, map, fixed_digits=0, min=1, max=MAX_ID, signed=False):
        super().__init__(map, fixed_digits=fixed_digits, min=min, max=max, signed=signed)


def init_app(app: Flask) -> None:
    """Register the bounded converter; must run before any blueprint adds its rules."""
    app.url_map.converters["int"] = IdConverter


def parse_int(value: str | None, low: int, high: int) -> int | None:
    """A whole number ``low``..``high`` written in ASCII digits, else None."""
    text = (value or "").strip()
    if not _INTEGER.fullmatch(text):
        return None
    number = int(text)
    return number if low <= number <= high else None


def parse_id(value: str | int | None) -> int | None:
    """An id (1..MAX_ID) from a query argument or a raw form value, else None."""
    if isinstance(value, int):
        return value if 1 <= value <= MAX_ID else None
    return parse_int(value, 1, MAX_ID)


def id_arg(name: str) -> int | None:
    """The id a request names in parameter ``name`` (query or form): None when it names none,
    a 404 when the value cannot be an id, like an id that does not exist."""
    raw = request.values.get(name, "")
    if not raw:
        return None
    value = parse_id(raw)
    if value is None:
        abort(404)
    return value


def day_in_range(day: date) -> bool:
    return FIRST_DAY <= day <= LAST_DAY


def parse_day(value: str | None, default: date | None = None) -> date | None:
    """An ISO date (YYYY-MM-DD) in FIRST_DAY..LAST_DAY, or ``default`` when missing, malformed
    or out of range."""
    try:
        day = date.fromisoformat(value or "")
    except ValueError:
        return default
    return day if day_in_range(day) else default


class _DayRange:
    """The field's date (or the date of its date-time) must lie in FIRST_DAY..LAST_DAY."""

    def __call__(self, form, field) -> None:
        value = field.data
        if value is None:
            return
        day = value.date() if isinstance(value, datetime) else value
        if not day_in_range(day):
            raise ValidationError(
                _(
                    "Enter a date between %(first)s and %(last)s.",
                    first=house_date(FIRST_DAY),
                    last=house_date(LAST_DAY),
                )
            )


class IdField(IntegerField):
    """An id chosen on the page (usually a button's value): 1..MAX_ID, else a field error."""

    def __init__(self, label=None, validators=None, **kwargs):
        validators = [*(validators or []), NumberRange(1, MAX_ID, _l("Not a valid choice."))]
        super().__init__(label, validators, **kwargs)


class DayField(DateField):
    """A date in FIRST_DAY..LAST_DAY, else a field error."""

    def __init__(self, label=None, validators=None, **kwargs):
        super().__init__(label, [*(validators or []), _DayRange()], **kwargs)


class MomentField(DateTimeLocalField):
    """A local date and time on a day in FIRST_DAY..LAST_DAY, else a field error."""

    def __init__(self, label=None, validators=None, **kwargs):
        super().__init__(label, [*(validators or []), _DayRange()], **kwargs)
