"""Forms of the desk's bookings admin."""

from __future__ import annotations

from flask_babel import lazy_gettext as _l
from wtforms import BooleanField, DateField, DecimalField, IntegerField, SelectField, StringField
from wtforms.fields.choices import SelectChoice
from wtforms.validators import DataRequired, InputRequired, Length, NumberRange

from ...forms import FlaskForm
from ...labels import SAUNA_HOUR_LABELS, parking_kind_label, weekday_name
from ...params import DayField
from ...services import booking_admin
from ...services.bookings import PARKING_KINDS

#: What an hour is used for: bookable, or not bookable with one of the labels (or none).
USAGE_LABELS = {
    "bookable": _l("Bookable"),
    **{code: SAUNA_HOUR_LABELS[code] for code in booking_admin.HOUR_LABELS},
    "closed": SAUNA_HOUR_LABELS[""],
}


def usage_label(code: str) -> str:
    return str(USAGE_LABELS.get(code, USAGE_LABELS["closed"]))


def usage_choices() -> list[SelectChoice]:
    return [SelectChoice(code, label) for code, label in USAGE_LABELS.items()]


def usage_to_fields(usage: str) -> tuple[bool, str]:
    """(bookable, label) of a usage code."""
    if usage == "bookable":
        return True, ""
    return False, usage if usage in booking_admin.HOUR_LABELS else ""


def _range(name: str, message):
    low, high = booking_admin.LIMITS[name]
    return NumberRange(min=low, max=high, message=message)


def _required_number():
    return InputRequired(message=_l("Enter a whole number."))


FEE_VALIDATORS = [
    InputRequired(message=_l("Enter the monthly fee in euros.")),
    NumberRange(min=0, message=_l("The fee cannot be negative.")),
    NumberRange(max=float(booking_admin.MAX_FEE), message=_l("The fee is too large.")),
]


class CompanySearchForm(FlaskForm):
    """A GET search: no CSRF token (it changes nothing)."""

    class Meta:
        csrf = False

    q = StringField(_l("Housing company"), validators=[Length(max=80)])


class SaunaForm(FlaskForm):
    name = StringField(_l("Name"), validators=[DataRequired(), Length(max=100)])
    monthly_fee = DecimalField(
        _l("Monthly fee of a weekly turn (€)"), places=2, validators=FEE_VALIDATORS
    )
    turns_per_flat = IntegerField(
        _l("Weekly turns per flat"),
        default=1,
        validators=[
            _required_number(),
            _range("turns_per_flat", _l("From %(min)s to %(max)s turns.")),
        ],
    )
    earliest_start_days = IntegerField(
        _l("Earliest start (days from the booking)"),
        default=1,
        validators=[
            _required_number(),
            _range("earliest_start_days", _l("From %(min)s to %(max)s days.")),
        ],
    )
    notice_months = IntegerField(
        _l("Cancellation notice (months after the end of the month)"),
        default=1,
        validators=[
            _required_number(),
            _range("notice_months", _l("From %(min)s to %(max)s months.")),
        ],
    )
    allow_one_off = BooleanField(_l("Others may book a turn's free week once"), default=True)
    offer_days = IntegerField(
        _l("Days to accept a freed hour offered from the waiting list"),
        default=3,
        validators=[_required_number(), _range("offer_days", _l("From %(min)s to %(max)s days."))],
    )

    def values(self) -> dict:
        return {name: getattr(self, name).data for name in booking_admin.SAUNA_RULES}


class UsageForm(FlaskForm):
    usage = SelectField(_l("Use of the hour"), validators=[DataRequired()])

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        self.usage.choices = usage_choices()


class HourForm(FlaskForm):
    """A new hour of the weekly grid."""

    weekday = SelectField(_l("Weekday"), coerce=int, validators=[InputRequired()])
    start_hour = IntegerField(
        _l("Starts at (hour, 0–23)"),
        validators=[_required_number(), _range("start_hour", _l("From %(min)s to %(max)s."))],
    )
    usage = SelectField(_l("Use of the hour"), default="bookable", validators=[DataRequired()])

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        self.weekday.choices = [SelectChoice(i, weekday_name(i)) for i in range(7)]
        self.usage.choices = usage_choices()


class FlatDateForm(FlaskForm):
    """A flat of the company and a start date: assigning a turn or renting a space by hand."""

    flat = SelectField(_l("Flat"), validators=[DataRequired(message=_l("Choose the flat."))])
    #: Not bounded here: the service refuses a start past its window, however far, in words.
    starts_on = DateField(_l("Starts on"), validators=[InputRequired(message=_l("Enter a date."))])

    def fill_flats(self, flats) -> None:
        self.flat.choices = [SelectChoice("", _l("Choose the flat"))] + [
            SelectChoice(str(f.id), f.number) for f in flats
        ]


class EndForm(FlaskForm):
    ends_on = DayField(_l("Ends on"), validators=[InputRequired(message=_l("Enter a date."))])


class SpaceForm(FlaskForm):
    code = StringField(
        _l("Code"),
        validators=[DataRequired(message=_l("Enter the space's code.")), Length(max=10)],
    )
    kind = SelectField(_l("Type"), validators=[DataRequired()])
    monthly_fee = DecimalField(_l("Monthly fee (€)"), places=2, validators=FEE_VALIDATORS)

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        self.kind.choices = [SelectChoice(k, parking_kind_label(k)) for k in PARKING_KINDS]


class ParkingRulesForm(FlaskForm):
    parking_offer_days = IntegerField(
        _l("Days to accept a parking space offered from the queue"),
        validators=[
            _required_number(),
            _range("parking_offer_days", _l("From %(min)s to %(max)s days.")),
        ],
    )
    parking_notice_months = IntegerField(
        _l("Notice of a parking contract (months after the end of the month)"),
        validators=[
            _required_number(),
            _range("parking_notice_months", _l("From %(min)s to %(max)s months.")),
        ],
    )


class ConfirmForm(FlaskForm):
    """A button that changes something (remove an hour or a space): the CSRF token only."""
