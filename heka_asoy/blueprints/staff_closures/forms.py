"""Deciding a closing request."""

from flask_babel import lazy_gettext as _l
from wtforms import TextAreaField
from wtforms.validators import DataRequired, Length

from ...forms import FlaskForm


class ConfirmForm(FlaskForm):
    """Only the CSRF token: the request is in the URL."""


class RefuseForm(FlaskForm):
    reason = TextAreaField(
        _l("Reason for refusing (mailed to the resident)"),
        validators=[DataRequired(), Length(max=2000)],
    )
