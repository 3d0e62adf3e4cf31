"""The register search. The page's form is POSTed: a search writes an audit row, and an
identity code typed into it must not travel in a URL (server logs, browser history). Links
to a search (e.g. by housing company) may still GET it (``meta={"csrf": False}``)."""

from __future__ import annotations

from flask_babel import lazy_gettext as _l
from wtforms import StringField
from wtforms.validators import Length

from ...forms import FlaskForm
from ...services.register import RegisterQuery
from ...services.register.lookup import MAX_TERM

_TOO_LONG = _l("At most %(max)d characters.")


def _field(label):
    return StringField(label, validators=[Length(max=MAX_TERM, message=_TOO_LONG)])


class RegisterSearchForm(FlaskForm):
    company = _field(_l("Housing company (name or business ID)"))
    address = _field(_l("Street address"))
    flat = _field(_l("Flat (number or Heka code)"))
    person = _field(_l("Person (name, birth date DDMMYY or identity code)"))

    def query(self) -> RegisterQuery:
        return RegisterQuery(
            company=self.company.data or "",
            address=self.address.data or "",
            flat=self.flat.data or "",
            person=self.person.data or "",
        )
