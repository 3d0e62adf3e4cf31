"""The maintenance company's form: status, agreed visit time, a note for the resident."""

from __future__ import annotations

from flask_babel import lazy_gettext as _l
from wtforms import DateTimeLocalField, HiddenField, SelectField, TextAreaField
from wtforms.fields.choices import SelectChoice
from wtforms.validators import DataRequired, Length, Optional, Regexp

from ...domain import faults as rules
from ...forms import FlaskForm
from ...labels import status_label


class MaintenanceForm(FlaskForm):
    status = SelectField(_l("Status"), default="")
    visit_at = DateTimeLocalField(
        _l("Agreed visit time"), format="%Y-%m-%dT%H:%M", validators=[Optional()]
    )
    note = TextAreaField(_l("Note for the resident"), validators=[Length(max=4000)])
    version = HiddenField(validators=[DataRequired(), Regexp(r"^\d{1,9}$")])

    def fill_choices(self, current: str) -> None:
        allowed = rules.allowed_next(current, rules.MAINTENANCE)
        self.status.choices = [
            SelectChoice("", _l("No change (%(status)s)", status=status_label(current)))
        ] + [SelectChoice(code, status_label(code)) for code in rules.STATUSES if code in allowed]

    def validate(self, extra_validators=None) -> bool:
        if not super().validate(extra_validators):
            return False
        ok = True
        if not self.status.data and not (self.note.data or "").strip():
            self.form_errors.append(
                str(_l("Choose a new status or write a note for the resident."))
            )
            ok = False
        if self.status.data == rules.VISIT_AGREED and self.visit_at.data is None:
            self.visit_at.errors = [*self.visit_at.errors, str(_l("Give the agreed visit time."))]
            ok = False
        if self.visit_at.data is not None and not self.status.data:
            self.visit_at.errors = [
                *self.visit_at.errors,
                str(
                    _l(
                        "A visit time is saved with a new status, e.g. Visit agreed. To move an "
                        "agreed visit, write the new time in the note for the resident."
                    )
                ),
            ]
            ok = False
        return ok
