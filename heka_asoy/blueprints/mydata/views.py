"""Your data: the readable (printable) page, the JSON download and the closing request.

Only the person themselves: a desk worker acting for them is refused (``never_on_behalf``), a
desk account has no resident data (403)."""

from __future__ import annotations

import json
from datetime import date, datetime
from decimal import Decimal
from functools import wraps

from flask import Blueprint, abort, flash, redirect, render_template, url_for
from flask_babel import gettext as _
from flask_babel import lazy_gettext as _l
from flask_login import current_user, login_required

from ... import i18n, labels, on_behalf
from ...domain.clock import file_stamp
from ...services import account_closing, my_data
from .forms import CloseAccountForm
from .labels import FIELD_LABELS, SECTION_TITLES

bp = Blueprint("mydata", __name__)


def _own_account(view):
    """The logged-in resident account itself: never on behalf, never a desk account."""

    @wraps(view)
    @login_required
    @on_behalf.never_on_behalf
    def wrapper(*args, **kwargs):
        if current_user.is_staff:
            abort(403)
        return view(*args, **kwargs)

    return wrapper


DONE_BY = {
    "you": _l("You"),
    "desk": _l("The asoy desk"),
    "other": _l("Someone else (e.g. another lease party)"),
}

#: Codes whose words the page knows (``labels``); the JSON keeps the codes.
CODE_WORDS = {
    "category": labels.category_label,
    "status": labels.status_label,
    "weekday": lambda day: labels.weekday_name(int(day) - 1),  # ISO 1 = Monday in the JSON
    "done_by": lambda who: str(DONE_BY.get(who, who)),
}


@bp.app_template_filter("data_value")
def data_value(value, name: str = "") -> str:
    """One exported value in the reader's words, dates and money through the house filters,
    known codes (fault categories, statuses, weekdays) in words."""
    if value is None or value == "":
        return "–"
    if name in CODE_WORDS and isinstance(value, str | int) and not isinstance(value, bool):
        return CODE_WORDS[name](value)
    if isinstance(value, bool):
        return _("yes") if value else _("no")
    if isinstance(value, datetime):
        return i18n.house_datetime(value)
    if isinstance(value, date):
        return i18n.house_date(value)
    if isinstance(value, Decimal):
        return i18n.money(value)
    if isinstance(value, list | tuple):
        return ", ".join(str(v) for v in value)
    if isinstance(value, dict):
        return "; ".join(f"{k}: {v}" for k, v in value.items())
    return str(value)


def _page(form: CloseAccountForm, code: int = 200):
    export = my_data.export_for(current_user)
    html = render_template(
        "mydata/page.html",
        export=export,
        sections=my_data.SECTIONS,
        titles=SECTION_TITLES,
        labels=FIELD_LABELS,
        form=form,
    )
    return html, code


@bp.get("/")
@_own_account
def index():
    return _page(CloseAccountForm())


@bp.get("/export.json")
@_own_account
def export_json():
    export = my_data.export_for(current_user)
    body = json.dumps(export.as_json(), ensure_ascii=False, indent=2)
    stamp = file_stamp(export.created_at)
    return (
        body,
        200,
        {
            "Content-Type": "application/json; charset=utf-8",
            "Content-Disposition": f'attachment; filename="heka-my-data-{stamp}.json"',
            "Cache-Control": "no-store",
        },
    )


@bp.post("/close")
@_own_account
def close():
    form = CloseAccountForm()
    if not form.validate_on_submit():
        return _page(form, 422)
    account_closing.request_closure(current_user, form.reason.data or "")
    flash(
        _("Your request was sent. The asoy desk closes the account and tells you by e-mail."),
        "success",
    )
    return redirect(url_for("mydata.index"))
