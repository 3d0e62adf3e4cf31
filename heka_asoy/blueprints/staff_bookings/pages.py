"""What every page of the bookings admin shares: the acting user, the template helpers, the
rendering of a page or its block, hour and date wording, a space form's values.
"""

from __future__ import annotations

from flask_babel import gettext as _
from flask_login import current_user

from ...i18n import house_date
from ...labels import parking_kind_label, weekday_name
from ...rendering import render
from ...services import bookings
from ...services.bookings import PARKING_KINDS
from .answers import respond
from .forms import USAGE_LABELS, SpaceForm, usage_label


def _actor():
    return current_user._get_current_object()


def _hour_time(hour) -> str:
    return _("%(day)s at %(hour)s:00", day=weekday_name(hour.weekday), hour=hour.start_hour)


def _template_globals() -> dict:
    return {
        "usage_label": usage_label,
        "usage_labels": USAGE_LABELS,
        "hour_time": _hour_time,
        "parking_kinds": PARKING_KINDS,
        "kind_label": parking_kind_label,
        "today": bookings.today(),
    }


def _page(template: str, block: str | None, code: int, **context):
    """A page of the admin (or its ``block`` for HTMX) with the template helpers, at ``code``."""
    return respond(render(template, block=block, **context, **_template_globals()), code)


def _space_fields(form: SpaceForm) -> dict:
    """The code, type and fee of a space, as the admin service takes them."""
    return {"code": form.code.data, "kind": form.kind.data, "monthly_fee": form.monthly_fee.data}


#: Dates in the messages: the house style of the page's language.
_date = house_date
