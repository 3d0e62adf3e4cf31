"""Forms of the desk's payment pages."""

from __future__ import annotations

from flask_babel import lazy_gettext as _l
from flask_wtf.file import FileAllowed, FileField, FileRequired, FileSize
from wtforms import StringField
from wtforms.validators import DataRequired, Length

from ...forms import FlaskForm
from ...services.billing.payment_import import MAX_FILE_BYTES

MAX_FILE_MB = MAX_FILE_BYTES // (1024 * 1024)


class PaymentFileForm(FlaskForm):
    file = FileField(
        _l("Bank file"),
        validators=[
            FileRequired(_l("Choose the file the bank sent.")),
            FileAllowed(["xml", "txt"], _l("Choose a camt.054 file (.xml) or a KTL file (.txt).")),
            FileSize(MAX_FILE_BYTES, message=_l("The file is too large: at most %(mb)s MB.",
                                                mb=MAX_FILE_MB)),
        ],
        render_kw={"accept": ".xml,.txt"},
    )


class AllocateForm(FlaskForm):
    key = StringField(
        _l("Invoice number or reference"), validators=[DataRequired(), Length(max=40)]
    )


class InvoiceSearchForm(FlaskForm):
    class Meta:
        csrf = False  # a GET search changes nothing

    q = StringField(_l("Invoice number or reference"), validators=[Length(max=40)])
