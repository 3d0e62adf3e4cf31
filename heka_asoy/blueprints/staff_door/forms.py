"""Logging a door opening and a key handover."""

from __future__ import annotations

from flask_babel import lazy_gettext as _l
from wtforms import (
    BooleanField,
    DecimalField,
    IntegerField,
    RadioField,
    SelectField,
    StringField,
    TextAreaField,
)
from wtforms.fields.choices import SelectChoice
from wtforms.validators import DataRequired, InputRequired, Length, NumberRange, Optional

from ...forms import FlaskForm
from ...params import MomentField
from ..staff.forms import DOCUMENT_CHOICES


class FlatSearchForm(FlaskForm):
    class Meta:
        csrf = False  # a GET search changes nothing

    q = StringField(_l("Address, flat, Heka code or housing company"),
                    validators=[Length(max=80)])


class DoorOpeningForm(FlaskForm):
    resident = SelectField(_l("Resident let in"), coerce=int,
                           validators=[InputRequired()])
    opened_at = MomentField(_l("Opened at"), validators=[InputRequired()])
    performed_by = StringField(_l("Opened by"), validators=[DataRequired(), Length(max=100)])
    document_type = SelectField(_l("Identity document shown"), choices=DOCUMENT_CHOICES)
    fee = DecimalField(_l("Fee (€)"), places=2,
                       validators=[InputRequired(), NumberRange(0, 1000)])
    notes = TextAreaField(_l("Notes"), validators=[Optional(), Length(max=1000)])


class KeyHandoverForm(FlaskForm):
    direction = RadioField(
        _l("Keys were"),
        choices=[
            SelectChoice("collected", _l("Given to the person")),
            SelectChoice("returned", _l("Returned")),
        ],
        validators=[InputRequired()],
    )
    keys_count = IntegerField(_l("Number of keys"), default=1,
                              validators=[InputRequired(), NumberRange(1, 20)])
    person_name = StringField(_l("Person"), validators=[DataRequired(), Length(max=100)])
    via_after_hours_box = BooleanField(_l("Returned into BLC Turva's after-hours box"))
    handled_at = MomentField(_l("When"), validators=[InputRequired()])
    notes = TextAreaField(_l("Notes"), validators=[Optional(), Length(max=1000)])
