"""The desk's forms for the housing companies' documents."""

from __future__ import annotations

from flask_babel import lazy_gettext as _l
from flask_wtf.file import FileField, FileRequired
from wtforms import RadioField, SelectField, StringField
from wtforms.fields.choices import SelectChoice
from wtforms.validators import DataRequired, InputRequired, Length

from ...domain import documents as rules
from ...forms import FlaskForm
from ..flat.labels import KIND_LABELS

#: What the file input offers (the service checks the real format from the bytes).
PDF_ACCEPT = "application/pdf,.pdf"
#: The scope value of a company-level document (a building's is its id).
WHOLE_COMPANY = "company"
CHOOSE_FILE = _l("Choose a PDF file.")


class CompanySearchForm(FlaskForm):
    """A GET search: no CSRF token (it changes nothing)."""

    class Meta:
        csrf = False

    q = StringField(_l("Housing company"), validators=[Length(max=80)])


class UploadForm(FlaskForm):
    scope = SelectField(_l("Concerns"), validators=[InputRequired()])
    kind = RadioField(
        _l("Kind"),
        choices=[SelectChoice(k, KIND_LABELS[k]) for k in rules.KINDS],
        default=rules.RESCUE_PLAN,
        validators=[InputRequired()],
    )
    title = StringField(_l("Title"), validators=[DataRequired(), Length(max=rules.MAX_TITLE)])
    file = FileField(
        _l("File (PDF)"),
        validators=[FileRequired(CHOOSE_FILE)],
        render_kw={"accept": PDF_ACCEPT},
    )

    def fill_scopes(self, buildings) -> None:
        self.scope.choices = [SelectChoice(WHOLE_COMPANY, _l("The whole housing company"))] + [
            SelectChoice(str(b.id), _l("Building %(code)s", code=b.code)) for b in buildings
        ]


class ReplaceForm(FlaskForm):
    title = StringField(_l("Title"), validators=[DataRequired(), Length(max=rules.MAX_TITLE)])
    file = FileField(
        _l("New file (PDF)"),
        validators=[FileRequired(CHOOSE_FILE)],
        render_kw={"accept": PDF_ACCEPT},
    )


class DeleteForm(FlaskForm):
    """Only the CSRF token: the document is named in the URL."""
