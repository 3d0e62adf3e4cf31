"""The desk's forms for powers of attorney."""

from __future__ import annotations

from flask_babel import lazy_gettext as _l
from flask_wtf.file import FileField
from wtforms import (
    EmailField,
    RadioField,
    SearchField,
    SelectField,
    SelectMultipleField,
    StringField,
    TextAreaField,
)
from wtforms.fields.choices import SelectChoice
from wtforms.validators import DataRequired, Email, InputRequired, Length, Optional

from ...domain import powers as rules
from ...forms import FlaskForm
from ...params import DayField
from .messages import KIND_LABELS, RECEIVED_LABELS, SCOPE_LABELS

#: What the file input offers (the service checks the real format from the bytes).
DOCUMENT_ACCEPT = "application/pdf,image/jpeg,image/png,image/webp"


class SearchForm(FlaskForm):
    class Meta:
        csrf = False  # a GET search changes nothing

    q = SearchField(
        _l("Lease number, address, resident or agent"), validators=[Length(max=100)]
    )


class RegisterPowerForm(FlaskForm):
    grantor = SelectField(_l("Giver of the power (lease party)"), validators=[InputRequired()])
    kind = RadioField(
        _l("Kind of power"),
        choices=[SelectChoice(k, KIND_LABELS[k]) for k in rules.KINDS],
        validators=[InputRequired()],
    )
    scopes = SelectMultipleField(
        _l("Acts (one-off, or what the free text allows)"),
        choices=[SelectChoice(s, SCOPE_LABELS[s]) for s in rules.ONE_OFF_SCOPES],
        validators=[Optional()],
    )
    free_text = TextAreaField(_l("Free text"), validators=[Length(max=2000)])
    agent_name = StringField(_l("Agent's name"), validators=[DataRequired(), Length(max=100)])
    agent_email = EmailField(
        _l("Agent's e-mail"),
        validators=[Optional(), Email(check_deliverability=False), Length(max=254)],
    )
    agent_hetu = StringField(
        _l("Agent's personal identity code"),
        validators=[Optional(), Length(max=11)],
        render_kw={"autocomplete": "off"},
    )
    valid_from = DayField(_l("Valid from"), validators=[InputRequired()])
    valid_until = DayField(_l("Valid until"), validators=[Optional()])
    received_via = RadioField(
        _l("Form received"),
        choices=[SelectChoice(k, RECEIVED_LABELS[k]) for k in rules.RECEIVED_VIA],
        default="office",
        validators=[InputRequired()],
    )
    document = FileField(
        _l("Scanned form (PDF or image)"), render_kw={"accept": DOCUMENT_ACCEPT}
    )

    def fill_grantors(self, parties) -> None:
        self.grantor.choices = [SelectChoice(str(r.id), r.full_name) for r in parties]


class RevokeForm(FlaskForm):
    """Only the CSRF token: revoking names the power in the URL."""
