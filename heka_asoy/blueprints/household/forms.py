"""The household forms: typed and bounded here, checked by the rules in the services (phone,
IBAN, dates), whose refusals are put next to these fields (``messages``)."""

from __future__ import annotations

from datetime import date

from flask_babel import gettext as _
from flask_babel import lazy_gettext as _l
from wtforms import DateField, EmailField, SelectField, StringField, TelField, TextAreaField
from wtforms.validators import InputRequired, Length, Optional, ValidationError

from ...domain.contact_details import HOLDER_MAX, PHONE_MAX
from ...domain.occupants import NAME_MAX
from ...forms import FlaskForm
from ...i18n import house_date
from ...params import LAST_DAY, DayField
from ...services.household.contact import EMAIL_MAX, POSTAL_MAX

#: The earliest date of birth taken: the portal's general date range starts in 2000, which
#: would leave out nearly every adult.
FIRST_BIRTH_DAY = date(1900, 1, 1)


def _birth_day_range(form, field) -> None:
    if field.data is not None and not FIRST_BIRTH_DAY <= field.data <= LAST_DAY:
        raise ValidationError(
            _(
                "Enter a date between %(first)s and %(last)s.",
                first=house_date(FIRST_BIRTH_DAY),
                last=house_date(LAST_DAY),
            )
        )


class DetailsForm(FlaskForm):
    phone = TelField(_l("Phone"), validators=[Optional(), Length(max=PHONE_MAX)])
    postal_address = TextAreaField(
        _l("Address for post"), validators=[Optional(), Length(max=POSTAL_MAX)]
    )


class EmailForm(FlaskForm):
    email = EmailField(
        _l("New e-mail address for notices"),
        validators=[
            InputRequired(message=_l("Give the new e-mail address.")),
            Length(max=EMAIL_MAX),
        ],
    )


class BankForm(FlaskForm):
    iban = StringField(
        _l("IBAN"),
        validators=[InputRequired(message=_l("Give the account number (IBAN).")), Length(max=42)],
    )
    holder_name = StringField(
        _l("Account holder"),
        validators=[
            InputRequired(message=_l("Give the account holder's name.")),
            Length(max=HOLDER_MAX),
        ],
    )


class ConfirmForm(FlaskForm):
    """The confirmation button of a mailed link: a link only opens the page, so a mail
    program that follows links cannot use it up."""


class MoveInForm(FlaskForm):
    first_names = StringField(
        _l("First names"),
        validators=[InputRequired(message=_l("Give the first names.")), Length(max=NAME_MAX)],
    )
    last_name = StringField(
        _l("Last name"),
        validators=[InputRequired(message=_l("Give the last name.")), Length(max=NAME_MAX)],
    )
    birth_date = DateField(
        _l("Date of birth"),
        validators=[InputRequired(message=_l("Give the date of birth.")), _birth_day_range],
    )
    on_date = DayField(
        _l("Moving-in date"), validators=[InputRequired(message=_l("Give the moving-in date."))]
    )


class MoveOutForm(FlaskForm):
    resident = SelectField(
        _l("Who moves out"),
        coerce=int,
        validators=[InputRequired(message=_l("Choose who moves out."))],
    )
    on_date = DayField(
        _l("Moving-out date"),
        validators=[InputRequired(message=_l("Give the moving-out date."))],
    )
