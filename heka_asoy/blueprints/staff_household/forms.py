"""The desk's decision on one reported move: two buttons share the reason field."""

from __future__ import annotations

from flask_babel import lazy_gettext as _l
from wtforms import SubmitField, TextAreaField
from wtforms.validators import Length, Optional

from ...domain.occupants import REASON_MAX
from ...forms import FlaskForm


class DecideForm(FlaskForm):
    reason = TextAreaField(
        _l("Reason (required when rejecting)"), validators=[Optional(), Length(max=REASON_MAX)]
    )
    confirm = SubmitField(_l("Confirm"))
    reject = SubmitField(_l("Reject"))
