"""Triage forms: link to a resident and flat, answer by mail, close as spam."""

from __future__ import annotations

from flask_babel import lazy_gettext as _l
from wtforms import SubmitField, TextAreaField
from wtforms.validators import DataRequired, Length

from ...forms import FlaskForm
from ...params import IdField

#: The longest answer the desk writes in one mail.
ANSWER_MAX = 10_000


class LinkForm(FlaskForm):
    resident_id = IdField(_l("Resident"))
    flat_id = IdField(_l("Flat"))
    submit = SubmitField(_l("Link to this flat"))


class AnswerForm(FlaskForm):
    body = TextAreaField(
        _l("Answer by e-mail"),
        validators=[DataRequired(_l("Write the answer.")), Length(max=ANSWER_MAX)],
    )
    submit = SubmitField(_l("Send the answer"))


class SpamForm(FlaskForm):
    submit = SubmitField(_l("Close as spam"))
