"""The desk's forms on one request: status, decision, message, internal note, assignment."""

from __future__ import annotations

from flask_babel import lazy_gettext as _l
from wtforms import BooleanField, RadioField, SelectField, TextAreaField
from wtforms.fields.choices import SelectChoice
from wtforms.validators import InputRequired, Length, Optional

from ...domain import service_requests as rules
from ...forms import FlaskForm
from ..service_requests.labels import DECISION_LABELS, STATUS_LABELS


class StatusForm(FlaskForm):
    status = SelectField(
        _l("New status"),
        choices=[SelectChoice(s, v) for s, v in STATUS_LABELS.items() if s != rules.DECIDED],
        validators=[InputRequired()],
    )


class DecideForm(FlaskForm):
    decision = RadioField(
        _l("Decision"),
        choices=[SelectChoice(k, v) for k, v in DECISION_LABELS.items()],
        validators=[InputRequired(message=_l("Choose the decision."))],
    )
    text = TextAreaField(
        _l("Conditions or reason"),
        validators=[Optional(), Length(max=rules.TEXT_MAX)],
    )


class MessageForm(FlaskForm):
    body = TextAreaField(
        _l("Message to the resident"),
        validators=[InputRequired(message=_l("Write a message.")), Length(max=rules.MESSAGE_MAX)],
    )
    wait = BooleanField(_l("Waits for the resident's answer"))


class NoteForm(FlaskForm):
    body = TextAreaField(
        _l("Internal note (never shown to the resident)"),
        validators=[InputRequired(message=_l("Write a note.")), Length(max=rules.MESSAGE_MAX)],
    )


class AssignForm(FlaskForm):
    assignee = SelectField(_l("Assigned to"), validators=[Optional()])
