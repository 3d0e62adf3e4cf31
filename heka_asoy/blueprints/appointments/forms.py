"""The request forms (resident pages and public) and the link page's choices."""

from __future__ import annotations

from flask_babel import lazy_gettext as _l
from wtforms import (
    EmailField,
    RadioField,
    SelectMultipleField,
    StringField,
    TelField,
    TextAreaField,
)
from wtforms.fields.choices import SelectChoice
from wtforms.validators import DataRequired, Email, InputRequired, Length, Optional
from wtforms.widgets import CheckboxInput, ListWidget

from ...domain.appointments import REASONS, WEEKDAYS
from ...forms import FlaskForm
from ...services.appointments.requests import RequestInput
from .labels import DAY_LABELS, REASON_LABELS


class RequestForm(FlaskForm):
    """A request from the resident pages: the contact details come prefilled from the user; the
    flat (when the user has several) is the page's ``flat`` parameter."""

    reason = RadioField(
        _l("What is the visit about?"),
        choices=[SelectChoice(code, REASON_LABELS[code]) for code in REASONS],
        validators=[InputRequired(_l("Choose what the visit is about."))],
    )
    preferred_days = SelectMultipleField(
        _l("Days that suit you"),
        choices=[SelectChoice(code, DAY_LABELS[code]) for code in WEEKDAYS],
        validators=[Optional()],
        # one checkbox a day (the template draws the group: appointments/_fields.html)
        widget=ListWidget(prefix_label=False),
        option_widget=CheckboxInput(),
    )
    details = TextAreaField(
        _l("More information"),
        validators=[Optional(), Length(max=2000)],
        render_kw={"rows": 4},
    )
    name = StringField(_l("Your name"), validators=[DataRequired(), Length(max=200)])
    email = EmailField(
        _l("E-mail address"),
        validators=[DataRequired(), Email(check_deliverability=False), Length(max=254)],
    )
    phone = TelField(_l("Phone number"), validators=[Optional(), Length(max=40)])

    def to_input(self) -> RequestInput:
        return RequestInput(
            reason=self.reason.data or "",
            name=self.name.data or "",
            email=self.email.data or "",
            phone=self.phone.data or "",
            details=self.details.data or "",
            preferred_days=tuple(self.preferred_days.data or ()),
        )


class PublicRequestForm(RequestForm):
    """The no-login form: the same fields, and the honeypot ``website`` for bots."""

    #: A honeypot: hidden from people (visually and from screen readers); bots fill it in.
    website = StringField(
        _l("Leave this empty"),
        validators=[Optional(), Length(max=200)],
        render_kw={"autocomplete": "off", "tabindex": "-1"},
    )


class RebookForm(FlaskForm):
    """The free slot chosen on the link page (its value: ``slots.slot_value``)."""

    slot = StringField(
        _l("New time"),
        validators=[InputRequired(_l("Choose a new time.")), Length(max=20)],
    )
