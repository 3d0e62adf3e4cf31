"""Forms of the desk inbox: the queue's filters, assignment and reply templates."""

from __future__ import annotations

from flask_babel import lazy_gettext as _l
from wtforms import BooleanField, SelectField, StringField, TextAreaField
from wtforms.fields.choices import SelectChoice
from wtforms.validators import DataRequired, Length, Optional

from ...domain import inbox as rules
from ...forms import FlaskForm
from ...params import parse_id
from ...services import inbox
from ...services.inbox.queue import Cursor
from ..staff.company_filter import CompanyFilterFields, company_args
from .labels import KIND_LABELS, STATE_FILTER_LABELS


class InboxFilterForm(CompanyFilterFields, FlaskForm):
    """The queue's filters: a GET form, so no CSRF token (it changes nothing). The housing
    company is a text (``CompanyFilterFields``), never a select of every company."""

    class Meta:
        csrf = False

    kind = SelectField(_l("Type"), default="", validate_choice=False)
    state = SelectField(_l("Status"), default=rules.ACTIVE, validate_choice=False)
    assigned = SelectField(_l("Assigned to"), default="", validate_choice=False)
    overdue = BooleanField(_l("Overdue only"))

    def fill_choices(self, workers) -> None:
        self.kind.choices = [SelectChoice("", _l("All types"))] + [
            SelectChoice(code, KIND_LABELS[code]) for code in rules.KINDS
        ]
        self.state.choices = [
            SelectChoice(code, STATE_FILTER_LABELS[code]) for code in rules.STATE_FILTERS
        ]
        self.assigned.choices = [
            SelectChoice("", _l("Anyone or nobody")),
            SelectChoice(inbox.ME, _l("Me")),
            SelectChoice(inbox.NOBODY, _l("Nobody")),
        ] + [SelectChoice(str(w.id), w.name or w.email) for w in workers]

    def filters(self, after: str | None = None) -> inbox.InboxFilters:
        """The filters asked for; anything unknown falls back to its default (a company text
        that cannot be used leaves ``self.company_note`` saying why)."""
        company_text, company, self.company_note = self.company_filter()
        kind = self.kind.data if self.kind.data in rules.KINDS else ""
        state = self.state.data if self.state.data in rules.STATE_FILTERS else rules.ACTIVE
        assigned = self.assigned.data
        if assigned not in (inbox.ME, inbox.NOBODY):
            assigned = parse_id(assigned)
        return inbox.InboxFilters(
            kind=kind,
            state=state,
            company=company,
            company_text=company_text,
            assigned=assigned,
            overdue=bool(self.overdue.data),
            after=Cursor.parse(after),
        )


def filter_args(filters: inbox.InboxFilters, company=None) -> dict[str, str]:
    """The query arguments that give these filters back (links to the next page, the CSV);
    ``company``: what the housing-company filter matched."""
    args = {
        "kind": filters.kind,
        "state": filters.state if filters.state != rules.ACTIVE else "",
        "assigned": str(filters.assigned or ""),
        "overdue": "y" if filters.overdue else "",
        **company_args(company),
    }
    return {key: value for key, value in args.items() if value}


class AssignForm(FlaskForm):
    worker = SelectField(_l("Assign to"), default="", validate_choice=False)

    def fill_choices(self, workers) -> None:
        self.worker.choices = [SelectChoice("", _l("Nobody"))] + [
            SelectChoice(str(w.id), w.name or w.email) for w in workers
        ]

    def worker_id(self) -> int | None:
        return parse_id(self.worker.data)


class TemplateForm(FlaskForm):
    name = StringField(_l("Name"), validators=[DataRequired(), Length(max=100)])
    body_fi = TextAreaField(_l("Text in Finnish"), validators=[DataRequired(), Length(max=5000)])
    body_sv = TextAreaField(_l("Text in Swedish"), validators=[Optional(), Length(max=5000)])
    body_en = TextAreaField(_l("Text in English"), validators=[Optional(), Length(max=5000)])


class DeleteForm(FlaskForm):
    """Only the CSRF token."""
