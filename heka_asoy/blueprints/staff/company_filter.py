"""The housing-company filter of the desk's queues (faults, the inbox): a text field for part of
a company's name or business ID, instead of a select of every company (5,000 of them at Heka's
scale made the page 305 KB).

A link that names one company by id (``?company=12``) still filters by it; the page then shows
the company's name in the field and keeps its id in a hidden field, so changing another filter
keeps that one company while the name is left as it is (``services.company_search.resolve``).
"""

from __future__ import annotations

from flask_babel import gettext as _
from flask_babel import lazy_gettext as _l
from wtforms import HiddenField, SearchField

from ...params import parse_id
from ...services.company_search import MAX_TEXT, MIN_TEXT, clean, too_short

LABEL = _l("Housing company")


class CompanyFilterFields:
    """The two fields, for a queue's filter form (a mixin: WTForms collects fields of every
    base class)."""

    company = SearchField(LABEL)
    company_id = HiddenField()

    def company_filter(self) -> tuple[str, int | None, str]:
        """What the field asks for: (text, the kept id, a note for the page). A text too long
        or too short to narrow anything is not used, and the note says why."""
        text = clean(self.company.data)
        raw = " ".join((self.company.data or "").split())
        if len(raw) > MAX_TEXT:
            note = _(
                "The housing company filter was not used: type at most %(max)d characters.",
                max=MAX_TEXT,
            )
            return "", None, note
        if too_short(text):
            note = _(
                "The housing company filter was not used: type at least %(min)d letters or "
                "digits of the name or business ID.",
                min=MIN_TEXT,
            )
            return "", None, note
        # the kept id counts only beside its name: an emptied field is no filter
        return text, parse_id(self.company_id.data) if text else None, ""

    def show_company(self, choice) -> str:
        """After the search: the chosen company's name in the field (its id kept hidden), and a
        note when no company matches."""
        if choice is None:
            self.company_id.data = ""
            return ""
        if choice.pinned:
            self.company.data = choice.name
            self.company_id.data = str(choice.company_id)
            return ""
        self.company_id.data = ""
        if not choice.found:
            return _(
                "No housing company matches “%(text)s”.", text=choice.text or choice.company_id
            )
        return ""


def company_args(choice) -> dict[str, str]:
    """The query argument that gives the company filter back (page links, the CSV): the id of
    the one company shown by name, else the text."""
    if choice is None:
        return {}
    if choice.company_id is not None:
        return {"company": str(choice.company_id)}
    return {"company": choice.text}
