"""The termination forms. Fields are checked for type and length here; the end date's window
and the IBAN are checked by the service (``lease.check_notice``), whose problems are put on
these fields in words (``messages``)."""

from __future__ import annotations

from flask_babel import lazy_gettext as _l
from wtforms import HiddenField, StringField, TextAreaField
from wtforms.validators import DataRequired, Length, Optional

from ...forms import FlaskForm
from ...params import DayField


class NoticeForm(FlaskForm):
    """Give notice: the end date (empty: the earliest), where to send post, where to refund the
    deposit, and a wish for the move-out inspection. ``confirm`` is set by the confirmation
    step's button; ``edit`` by its "change" button."""

    ends_on = DayField(_l("Last day of the lease"), validators=[Optional()])
    forwarding_address = TextAreaField(
        _l("Your address after moving out"), validators=[DataRequired(), Length(max=500)]
    )
    iban = StringField(
        _l("IBAN for the deposit refund"), validators=[DataRequired(), Length(max=42)]
    )
    inspection_wish = TextAreaField(
        _l("Preferred times for the move-out inspection"),
        validators=[Optional(), Length(max=500)],
    )
    confirm = HiddenField()
    edit = HiddenField()


class ConfirmForm(FlaskForm):
    """A leaving party's own confirmation; the forwarding address is theirs."""

    forwarding_address = TextAreaField(
        _l("Your address after moving out"), validators=[Optional(), Length(max=500)]
    )
