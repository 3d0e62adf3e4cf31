"""One form per kind of request; each field's name is the rule's field name
(``domain.service_requests.FIELDS``), so the service gets ``{name: data}`` and its refusals land
next to the right field. Typed and bounded here, checked again by the rules."""

from __future__ import annotations

from datetime import date

from flask_babel import gettext as _
from flask_babel import lazy_gettext as _l
from flask_wtf.file import MultipleFileField
from werkzeug.datastructures import FileStorage
from wtforms import DateField, RadioField, StringField, TextAreaField
from wtforms.fields.choices import SelectChoice
from wtforms.validators import InputRequired, Length, Optional, ValidationError

from ...domain import service_requests as rules
from ...forms import FlaskForm
from ...i18n import house_date
from ...params import LAST_DAY, DayField
from ...services.photos import MAX_BYTES, MAX_MEGABYTES
from ...services.service_requests import Upload
from .labels import FREQUENCY_LABELS, WORKER_LABELS, field_label

ACCEPT = "application/pdf,image/jpeg,image/png,image/webp"
FIRST_BIRTH_DAY = date(1900, 1, 1)


def _birth_range(form, field) -> None:
    if field.data is not None and not FIRST_BIRTH_DAY <= field.data <= LAST_DAY:
        raise ValidationError(
            _(
                "Enter a date between %(first)s and %(last)s.",
                first=house_date(FIRST_BIRTH_DAY),
                last=house_date(LAST_DAY),
            )
        )


def _required(message):
    return InputRequired(message=message)


def _short(required: bool, message=None):
    return [_required(message) if required else Optional(), Length(max=rules.SHORT_MAX)]


def _long(required: bool, message=None):
    return [_required(message) if required else Optional(), Length(max=rules.TEXT_MAX)]


GIVE = _l("Fill in this field.")
CHOOSE = _l("Choose one.")
GIVE_DATE = _l("Give the date.")


class _RequestForm(FlaskForm):
    kind = ""
    max_files = rules.MAX_ATTACHMENTS
    max_megabytes = MAX_MEGABYTES
    attachments = MultipleFileField(
        _l("Attachments (PDF or images, optional)"), render_kw={"accept": ACCEPT}
    )

    def data_for_rules(self) -> dict:
        return {name: getattr(self, name).data for name in rules.FIELDS[self.kind]}

    def uploads(self, files: list[FileStorage]) -> list[Upload]:
        """Each chosen file read to at most MAX_BYTES + 1 (enough to refuse one too large); one
        past the limit of files is enough for the service to refuse."""
        found: list[Upload] = []
        for upload in files:
            if not isinstance(upload, FileStorage) or not upload.filename:
                continue
            if len(found) > rules.MAX_ATTACHMENTS:
                break
            found.append(Upload(upload.filename, upload.stream.read(MAX_BYTES + 1)))
        return found

    def relabel(self) -> None:
        """The labels of the kind's own wording (``labels.field_label``)."""
        for name in rules.FIELDS[self.kind]:
            getattr(self, name).label.text = field_label(self.kind, name)


class DisturbanceForm(_RequestForm):
    kind = rules.DISTURBANCE
    what = TextAreaField(_l("What happens"), validators=_long(True, GIVE))
    when = StringField(_l("When does it happen"), validators=_short(True, GIVE))
    how_often = RadioField(
        _l("How often"),
        choices=[SelectChoice(k, v) for k, v in FREQUENCY_LABELS.items()],
        validators=[_required(CHOOSE)],
    )
    which_flat = StringField(_l("Which flat, if you know"), validators=_short(False))


class SmokingForm(_RequestForm):
    kind = rules.SMOKING
    where = StringField(_l("Where does the smoke come from"), validators=_short(True, GIVE))
    when = StringField(_l("When does it happen"), validators=_short(True, GIVE))
    how_often = RadioField(
        _l("How often"),
        choices=[SelectChoice(k, v) for k, v in FREQUENCY_LABELS.items()],
        validators=[_required(CHOOSE)],
    )
    which_flat = StringField(_l("Which flat, if you know"), validators=_short(False))
    details = TextAreaField(_l("More details"), validators=_long(False))


class RenovationForm(_RequestForm):
    kind = rules.RENOVATION
    what = TextAreaField(_l("What will you renovate"), validators=_long(True, GIVE))
    where = StringField(_l("In which room or part of the flat"), validators=_short(True, GIVE))
    starts_on = DayField(_l("Work starts on"), validators=[_required(GIVE_DATE)])
    ends_on = DayField(_l("Work ends on"), validators=[_required(GIVE_DATE)])
    worker = RadioField(
        _l("Who does the work"),
        choices=[SelectChoice(k, v) for k, v in WORKER_LABELS.items()],
        validators=[_required(CHOOSE)],
    )
    contractor = StringField(_l("Contractor's name and contact details"), validators=_short(False))


class TransferForm(_RequestForm):
    kind = rules.TENANCY_TRANSFER
    first_names = StringField(_l("First names"), validators=_short(True, GIVE))
    last_name = StringField(_l("Last name"), validators=_short(True, GIVE))
    birth_date = DateField(_l("Date of birth"), validators=[_required(GIVE_DATE), _birth_range])
    relationship = StringField(_l("Relationship to you"), validators=_short(True, GIVE))
    living_since = DayField(_l("Living in the flat since"), validators=[_required(GIVE_DATE)])
    phone = StringField(_l("Phone"), validators=_short(False))
    email = StringField(_l("E-mail"), validators=_short(False))
    reason = TextAreaField(_l("Reason"), validators=_long(False))


class InspectionForm(_RequestForm):
    kind = rules.INSPECTION
    reason = TextAreaField(_l("Reason"), validators=_long(True, GIVE))
    preferred_times = StringField(_l("Preferred times"), validators=_short(True, GIVE))


class OtherForm(_RequestForm):
    kind = rules.OTHER
    subject = StringField(_l("Subject"), validators=_short(True, GIVE))
    details = TextAreaField(_l("More details"), validators=_long(True, GIVE))


FORMS: dict[str, type[_RequestForm]] = {
    form.kind: form
    for form in (
        DisturbanceForm,
        SmokingForm,
        RenovationForm,
        TransferForm,
        InspectionForm,
        OtherForm,
    )
}


class ReplyForm(FlaskForm):
    body = TextAreaField(
        _l("Your message to the asoy desk"),
        validators=[_required(_l("Write a message.")), Length(max=rules.MESSAGE_MAX)],
    )
