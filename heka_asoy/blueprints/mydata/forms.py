"""The closing request."""

from flask_babel import lazy_gettext as _l
from wtforms import TextAreaField
from wtforms.validators import Length

from ...forms import FlaskForm


class CloseAccountForm(FlaskForm):
    reason = TextAreaField(_l("Reason (optional)"), validators=[Length(max=2000)])
