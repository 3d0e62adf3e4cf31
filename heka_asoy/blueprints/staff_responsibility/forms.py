"""The form of the responsibility table: one rule, for every flat or one housing company."""

from __future__ import annotations

from flask import request, url_for
from flask_babel import lazy_gettext as _l
from wtforms import RadioField, SearchField, SelectField, TextAreaField
from wtforms.fields.choices import SelectChoice
from wtforms.validators import DataRequired, Length, ValidationError

from ...domain import responsibility as parties
from ...forms import FlaskForm
from ...labels import category_label, responsible_label
from ...params import parse_id
from ...services import company_search
from ...services.responsibility import MAX_NOTE
from ..faults.forms import category_choices
from ..staff.picker import company_choices, errors_to_search, live_search

#: The company choice for a rule of every flat.
ALL = ""


class RuleForm(FlaskForm):
    """Set (or remove) who answers for a category, with a note the form and the desk show."""

    category = SelectField(_l("Kind of fault"), validators=[DataRequired()])
    #: Heka has some 5,000 housing companies: one is found by a search (live results,
    #: ``templates/_picker.html``) and chosen from its results.
    company_q = SearchField(
        _l("Find the housing company"), validators=[Length(max=company_search.MAX_TEXT)]
    )
    company = RadioField(_l("Applies to"), default=ALL, validate_choice=False)
    responsible = SelectField(_l("Who answers for the repair"), default="")
    note = TextAreaField(
        _l("Note"),
        validators=[Length(max=MAX_NOTE)],
        description=_l(
            "Why, e.g. the article of the housing company's articles of association. "
            "Shown to the resident in the fault form."
        ),
    )

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        self.category.choices = category_choices()
        self.responsible.choices = [
            SelectChoice("", _l("No rule of its own (use the default)"))
        ] + [SelectChoice(code, responsible_label(code)) for code in parties.PARTIES]
        self.company.choices = [SelectChoice(ALL, _l("Every housing company"))]

    def searching(self) -> bool:
        """Was the form sent by the company search's button (no JavaScript)? Then it is shown
        again with the results, and nothing is saved."""
        return bool(request.form.get("find_company"))

    def fill_choices(self, found) -> None:
        """``found``: the company search's results and the chosen company
        (``company_search.Found``)."""
        self.company_found = found
        self.company.choices = [SelectChoice(ALL, _l("Every housing company"))] + company_choices(
            found.shown
        )
        if found.chosen is not None:
            self.company.data = str(found.chosen.id)
        elif self.company_id() is None:
            self.company.data = ALL  # an id of nothing stays unchecked beside its error
        elif not self.company.errors:
            # a link to a rule of a company that is gone: said, never read as every company
            self.company.errors = [
                _l(
                    "No housing company has the id in the link. Search for it by name or "
                    "business ID."
                )
            ]
        live_search(self.company_q, url_for("staff_responsibility.companies"), self.company.id)
        errors_to_search(self.company, self.company_q)

    def validate_company(self, field) -> None:
        """Anything but "every housing company" or an id is refused, never read as the former
        (a rule for every flat by mistake)."""
        if field.data not in (ALL, None) and parse_id(field.data) is None:
            raise ValidationError(_l("Choose the housing company from the search results."))

    def company_id(self) -> int | None:
        return parse_id(self.company.data)

    def category_name(self) -> str:
        return category_label(self.category.data or "")
