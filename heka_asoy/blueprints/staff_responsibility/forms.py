"""The form of the responsibility table: one rule, for every flat or one housing company."""

from __future__ import annotations

from flask_babel import lazy_gettext as _l
from wtforms import SelectField, TextAreaField
from wtforms.fields.choices import SelectChoice
from wtforms.validators import DataRequired, Length

from ...domain import responsibility as parties
from ...forms import FlaskForm
from ...labels import category_label, responsible_label
from ...params import parse_id
from ...services.responsibility import MAX_NOTE
from ..faults.forms import category_choices

#: The company choice for a rule of every flat.
ALL = ""


class RuleForm(FlaskForm):
    """Set (or remove) who answers for a category, with a note the form and the desk show."""

    category = SelectField(_l("Kind of fault"), validators=[DataRequired()])
    company = SelectField(_l("Applies to"), default=ALL)
    responsible = SelectField(_l("Who answers for the repair"), default="")
    note = TextAreaField(
        _l("Note"),
        validators=[Length(max=MAX_NOTE)],
        description=_l(
            "Why, e.g. the article of the housing company's articles of association. "
            "Shown to the resident in the fault form."
        ),
    )

    def fill_choices(self, companies) -> None:
        self.category.choices = category_choices()
        self.company.choices = [SelectChoice(ALL, _l("Every housing company"))] + [
            SelectChoice(str(c.id), c.name) for c in companies
        ]
        self.responsible.choices = [
            SelectChoice("", _l("No rule of its own (use the default)"))
        ] + [SelectChoice(code, responsible_label(code)) for code in parties.PARTIES]

    def company_id(self) -> int | None:
        return parse_id(self.company.data)

    def category_name(self) -> str:
        return category_label(self.category.data or "")
