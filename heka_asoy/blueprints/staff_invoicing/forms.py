"""The run form: which month to invoice."""

from flask_babel import lazy_gettext as _l
from wtforms import SelectField

from ...forms import FlaskForm


class RunInvoicingForm(FlaskForm):
    period = SelectField(_l("Month to invoice"))
