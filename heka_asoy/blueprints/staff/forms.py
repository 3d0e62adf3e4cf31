"""Staff forms."""

from flask_babel import lazy_gettext as _l
from wtforms import EmailField, HiddenField, PasswordField, SelectField, StringField
from wtforms.fields.choices import SelectChoice
from wtforms.validators import DataRequired, Email, Length

from ...forms import FlaskForm

DOCUMENT_CHOICES = [
    SelectChoice("driving_licence", _l("Driving licence")),
    SelectChoice("passport", _l("Passport")),
    SelectChoice("id_card", _l("Identity card")),
]


class ResidentSearchForm(FlaskForm):
    class Meta:
        csrf = False  # a GET search changes nothing

    q = StringField(_l("Name or personal identity code"), validators=[Length(max=80)])


class OfficeIdentificationForm(FlaskForm):
    resident_id = HiddenField(validators=[DataRequired()])
    document_type = SelectField(_l("Identity document shown"), choices=DOCUMENT_CHOICES)
    #: The office visit it happened at (one of the person's visits today), or "" for none.
    appointment_id = StringField(_l("At the office visit"), validators=[Length(max=12)])


class StaffUserForm(FlaskForm):
    email = EmailField(
        _l("E-mail address"), validators=[DataRequired(), Email(check_deliverability=False)]
    )
    name = StringField(_l("Name"), validators=[DataRequired(), Length(max=100)])
    role = SelectField(
        _l("Role"),
        choices=[SelectChoice("staff", _l("Asoy desk")), SelectChoice("admin", _l("Admin"))],
    )
    password = PasswordField(_l("Password"), validators=[DataRequired(), Length(max=256)])
