"""The desk's search for the resident to act for."""

from flask_babel import lazy_gettext as _l
from wtforms import StringField
from wtforms.validators import Length

from ...forms import FlaskForm


class ResidentAccountSearchForm(FlaskForm):
    class Meta:
        csrf = False  # a GET search changes nothing

    q = StringField(_l("Name or e-mail address"), validators=[Length(max=80)])


class StartForm(FlaskForm):
    """Only the CSRF token: the resident is in the URL."""
