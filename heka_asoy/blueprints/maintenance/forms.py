"""The maintenance company's form: status, agreed visit time (given with "visit agreed", or alone to
move the agreed visit), a note for the resident."""

from __future__ import annotations

from flask_babel import lazy_gettext as _l
from wtforms import HiddenField, SelectField, TextAreaField
from wtforms.fields.choices import SelectChoice
from wtforms.validators import DataRequired, Length, Optional, Regexp

from ...domain import faults as rules
from ...forms import FlaskForm
from ...labels import status_label
from ...params import MomentField
from ..faults.messages import visit_time_valid


class MaintenanceForm(FlaskForm):
    status = SelectField(_l("Status"), default="")
    visit_at = MomentField(
        _l("Agreed visit time"), format="%Y-%m-%dT%H:%M", validators=[Optional()]
    )
    note = TextAreaField(_l("Note for the resident"), validators=[Length(max=4000)])
    version = HiddenField(validators=[DataRequired(), Regexp(r"^\d{1,9}$")])

    def fill_choices(self, current: str) -> None:
        self.current = current
        allowed = rules.allowed_next(current, rules.MAINTENANCE)
        self.status.choices = [
            SelectChoice("", _l("No change (%(status)s)", status=status_label(current)))
        ] + [SelectChoice(code, status_label(code)) for code in rules.STATUSES if code in allowed]

    def validate(self, extra_validators=None) -> bool:
        if not super().validate(extra_validators):
            return False
        ok = visit_time_valid(self, self.current)
        changes = self.status.data or self.visit_at.data or (self.note.data or "").strip()
        if ok and not changes:
            self.form_errors.append(
                str(_l("Choose a new status or write a note for the resident."))
            )
            ok = False
        return ok
