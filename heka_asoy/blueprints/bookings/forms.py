"""The booking forms' fields, parsed and checked for type only (the rules live in the service).

These are plain WTForms forms: CSRF is checked for every POST by the app's CSRFProtect (the
templates send the token as a hidden field, HTMX as a header). A form that does not validate is
answered with the "bad_input" message.

Dates are bounded (``params.DayField``) but for the start of a turn or a contract: the service
refuses a start past its window however far (``check_start``, before any arithmetic) and says
the last allowed day, which says more than a range would.
"""

from __future__ import annotations

from wtforms import DateField, StringField
from wtforms.validators import AnyOf, InputRequired, Optional

from ...forms import Form
from ...params import DayField, IdField
from ...services.bookings import PARKING_KINDS


class HourForm(Form):
    """Join an hour's waiting list."""

    hour = IdField(validators=[InputRequired()])


class TurnForm(HourForm):
    """Book a weekly turn; ``confirm`` is set by the confirmation step's button."""

    starts_on = DateField(validators=[InputRequired()])
    confirm = StringField()


class SingleForm(HourForm):
    """Book an hour once."""

    on_date = DayField(validators=[InputRequired()])


class SkipForm(Form):
    on_date = DayField(validators=[InputRequired()])


class RentForm(Form):
    space = IdField(validators=[InputRequired()])
    starts_on = DateField(validators=[InputRequired()])
    confirm = StringField()


class QueueKindForm(Form):
    kind = StringField(validators=[InputRequired(), AnyOf(PARKING_KINDS)])


class AcceptForm(Form):
    starts_on = DateField(validators=[Optional()])

