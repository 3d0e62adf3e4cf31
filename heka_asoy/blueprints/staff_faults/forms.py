"""Forms of the desk's fault pages."""

from __future__ import annotations

from flask_babel import lazy_gettext as _l
from flask_babel import lazy_ngettext as _ln
from wtforms import BooleanField, HiddenField, RadioField, SelectField, TextAreaField
from wtforms.fields.choices import SelectChoice
from wtforms.validators import DataRequired, Length, Optional, Regexp

from ...domain import faults as rules
from ...domain import responsibility as parties
from ...forms import FlaskForm
from ...labels import responsible_label, status_label
from ...params import MomentField, parse_int
from ...services import fault_queue
from ..faults.messages import visit_time_valid
from ..staff.company_filter import CompanyFilterFields

VERSION_PATTERN = Regexp(r"^\d{1,9}$")


class QueueFilterForm(CompanyFilterFields, FlaskForm):
    """The queue's filters: a GET form, so no CSRF token (it changes nothing). The housing
    company is a text (``CompanyFilterFields``), never a select of every company."""

    class Meta:
        csrf = False

    status = SelectField(_l("Status"), default=fault_queue.OPEN, validate_choice=False)
    older_than = SelectField(_l("Age"), default="", validate_choice=False)
    overdue = BooleanField(_l("Overdue only"))
    responsible = SelectField(_l("Handled by"), default="", validate_choice=False)

    def fill_choices(self) -> None:
        self.status.choices = [
            SelectChoice(fault_queue.OPEN, _l("All open")),
            SelectChoice(fault_queue.ALL, _l("All")),
            *(
                SelectChoice(code, status_label(code))
                for code in rules.STATUSES
                if code != rules.UNCONFIRMED
            ),
        ]
        self.older_than.choices = [SelectChoice("", _l("Any age"))] + [
            SelectChoice(str(days), _ln("Older than %(num)s day", "Older than %(num)s days", days))
            for days in fault_queue.AGE_DAYS
        ]
        self.responsible.choices = [SelectChoice("", _l("Anyone"))] + [
            SelectChoice(code, responsible_label(code)) for code in parties.PARTIES
        ]

    def filters(self, page: int) -> fault_queue.QueueFilters:
        """The filters asked for; anything unknown falls back to its default (a company text
        that cannot be used leaves ``self.company_note`` saying why)."""
        valid_status = {fault_queue.OPEN, fault_queue.ALL, *rules.STATUSES}
        status = self.status.data if self.status.data in valid_status else fault_queue.OPEN
        company_text, company, self.company_note = self.company_filter()
        older_than = parse_int(self.older_than.data, 1, max(fault_queue.AGE_DAYS))
        older_than = older_than if older_than in fault_queue.AGE_DAYS else None
        responsible = self.responsible.data if parties.is_party(self.responsible.data) else None
        return fault_queue.QueueFilters(
            responsible=responsible,
            status=status,
            company=company,
            company_text=company_text,
            older_than=older_than,
            overdue=bool(self.overdue.data),
            page=max(1, page),
        )


class StatusForm(FlaskForm):
    status = SelectField(_l("New status"), validators=[DataRequired()])
    visit_at = MomentField(
        _l("Agreed visit time"), format="%Y-%m-%dT%H:%M", validators=[Optional()]
    )
    version = HiddenField(validators=[DataRequired(), VERSION_PATTERN])

    def fill_choices(self, statuses: list[str], current: str) -> None:
        """The moves the desk may make from ``current``, the report's status."""
        self.current = current
        self.status.choices = [SelectChoice("", _l("Choose the new status"))] + [
            SelectChoice(code, status_label(code)) for code in statuses
        ]

    def validate(self, extra_validators=None) -> bool:
        ok = super().validate(extra_validators)
        return visit_time_valid(self, self.current) and ok


class QuickStatusForm(FlaskForm):
    """Redirect to Heka, cancel, accept or reject: a button with the report's version."""

    version = HiddenField(validators=[DataRequired(), VERSION_PATTERN])


class MoveForm(FlaskForm):
    """Move a report between the housing company's maintenance and Heka's asoy desk, with the
    reason the resident is told."""

    responsible = RadioField(_l("Who handles the report"), validators=[DataRequired()])
    reason = TextAreaField(
        _l("Reason (the resident sees it)"), validators=[DataRequired(), Length(max=2000)]
    )
    version = HiddenField(validators=[DataRequired(), VERSION_PATTERN])

    def fill_choices(self, current: str) -> None:
        """The parties the report can move to (not the one that has it)."""
        self.responsible.choices = [
            SelectChoice(code, responsible_label(code))
            for code in parties.MOVABLE
            if code != current
        ]
        if len(self.responsible.choices) == 1 and not self.responsible.data:
            self.responsible.data = self.responsible.choices[0].value


class NoteForm(FlaskForm):
    """An internal note: the desk sees it, the resident and maintenance never do."""

    text = TextAreaField(_l("Internal note"), validators=[DataRequired(), Length(max=4000)])


class MessageForm(FlaskForm):
    """A message to the resident: shown on their report page and e-mailed to them."""

    text = TextAreaField(
        _l("Message to the resident"), validators=[DataRequired(), Length(max=4000)]
    )
