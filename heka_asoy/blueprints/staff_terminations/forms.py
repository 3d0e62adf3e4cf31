"""The desk's move-out notes of a termination."""

from __future__ import annotations

from flask_babel import lazy_gettext as _l
from wtforms import SelectField
from wtforms.fields.choices import SelectChoice
from wtforms.validators import Optional

from ...forms import FlaskForm, Form
from ...params import DayField, MomentField


class MoveOutForm(FlaskForm):
    """The booked inspection time and the day the keys came back; either may be left empty."""

    inspection_at = MomentField(_l("Move-out inspection booked for"), validators=[Optional()])
    keys_returned_on = DayField(_l("Keys returned on"), validators=[Optional()])


class StatusFilterForm(Form):
    """The queue's status filter (a GET form)."""

    status = SelectField(
        _l("Status"),
        choices=[
            SelectChoice("", _l("All")),
            SelectChoice("awaiting_parties", _l("Waiting for confirmations")),
            SelectChoice("in_effect", _l("In effect")),
            SelectChoice("withdrawn", _l("Withdrawn")),
        ],
        validators=[Optional()],
    )
