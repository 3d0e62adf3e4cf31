"""The booking forms' fields, parsed and checked for type only (the rules live in the service).

These are plain WTForms forms: CSRF is checked for every POST by the app's CSRFProtect (the
templates send the token as a hidden field, HTMX as a header). A form that does not validate is
answered with the "bad_input" message.
"""

from __future__ import annotations

from datetime import date

from wtforms import DateField, IntegerField, StringField
from wtforms.validators import AnyOf, InputRequired, Optional

from ...forms import Form
from ...services.bookings import PARKING_KINDS


class HourForm(Form):
    """Join an hour's waiting list."""

    hour = IntegerField(validators=[InputRequired()])


class TurnForm(HourForm):
    """Book a weekly turn; ``confirm`` is set by the confirmation step's button."""

    starts_on = DateField(validators=[InputRequired()])
    confirm = StringField()


class SingleForm(HourForm):
    """Book an hour once."""

    on_date = DateField(validators=[InputRequired()])


class SkipForm(Form):
    on_date = DateField(validators=[InputRequired()])


class RentForm(Form):
    space = IntegerField(validators=[InputRequired()])
    starts_on = DateField(validators=[InputRequired()])
    confirm = StringField()


class QueueKindForm(Form):
    kind = StringField(validators=[InputRequired(), AnyOf(PARKING_KINDS)])


class AcceptForm(Form):
    starts_on = DateField(validators=[Optional()])


def parse_day(value: str | None, default: date) -> date:
    """An ISO date from a query argument, or ``default`` when missing or malformed."""
    try:
        return date.fromisoformat(value) if value else default
    except ValueError:
        return default
