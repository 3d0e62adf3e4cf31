"""The desk's move-out notes of a termination."""

from __future__ import annotations

from flask_babel import lazy_gettext as _l
from wtforms import SelectField
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
            ("", _l("All")),
            ("awaiting_parties", _l("Waiting for confirmations")),
            ("in_effect", _l("In effect")),
            ("withdrawn", _l("Withdrawn")),
        ],
        validators=[Optional()],
    )
