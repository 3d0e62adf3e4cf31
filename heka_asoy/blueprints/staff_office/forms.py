"""The desk's office forms: a time for a request, a reason, the visit's outcome, closing a day,
and a request taken by phone or from a mail."""

from __future__ import annotations

from flask_babel import lazy_gettext as _l
from wtforms import EmailField, HiddenField, SelectField, StringField, TextAreaField
from wtforms.fields.choices import SelectChoice
from wtforms.validators import AnyOf, DataRequired, Email, InputRequired, Length, Optional

from ...forms import FlaskForm
from ...params import DayField, IdField
from ...services.appointments import record as rules
from ...services.appointments.desk import REASON_MAX
from .labels import LANGUAGE_LABELS, REASON_LABELS


class SlotForm(FlaskForm):
    """A slot of the calendar (its form value). Not checked against the choices shown: a slot
    taken meanwhile must be said to be full, which only the service knows."""

    slot = SelectField(
        _l("Time"),
        validators=[InputRequired(_l("Choose a time.")), Length(max=20)],
        validate_choice=False,
    )


class ReasonForm(FlaskForm):
    reason = TextAreaField(
        _l("Reason (mailed to the person)"),
        validators=[DataRequired(_l("Write the reason.")), Length(max=REASON_MAX)],
    )


class OutcomeForm(FlaskForm):
    outcome = HiddenField(validators=[AnyOf(("came", "no_show"))])
    back = HiddenField(validators=[Optional(), AnyOf(("day", "request"))])


class CloseDayForm(FlaskForm):
    day = DayField(_l("Day"), validators=[InputRequired()])
    reason = TextAreaField(
        _l("Why the office is closed"),
        validators=[DataRequired(_l("Write the reason.")), Length(max=REASON_MAX)],
    )


class ReopenDayForm(FlaskForm):
    day = DayField(_l("Day"), validators=[InputRequired()])


class NewRequestForm(FlaskForm):
    name = StringField(
        _l("Name"), validators=[DataRequired(_l("Write the name.")), Length(max=rules.NAME_MAX)]
    )
    email = EmailField(
        _l("E-mail address"),
        validators=[
            DataRequired(_l("Write the e-mail address.")),
            Email(_l("Check the e-mail address."), check_deliverability=False),
            Length(max=rules.EMAIL_MAX),
        ],
    )
    phone = StringField(_l("Phone"), validators=[Optional(), Length(max=rules.PHONE_MAX)])
    reason = SelectField(
        _l("Reason for the visit"),
        choices=[SelectChoice(k, v) for k, v in REASON_LABELS.items()],
    )
    language = SelectField(
        _l("Language of the mails"),
        choices=[SelectChoice(k, v) for k, v in LANGUAGE_LABELS.items()],
    )
    details = TextAreaField(
        _l("More information"), validators=[Optional(), Length(max=rules.DETAILS_MAX)]
    )
    thread = IdField(validators=[Optional()])
