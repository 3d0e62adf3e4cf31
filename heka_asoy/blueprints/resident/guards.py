"""The gate in front of every resident page."""

from __future__ import annotations

from functools import wraps

from flask import abort, redirect, render_template, url_for
from flask_login import current_user

from ... import on_behalf
from ...services import access


def resident_required(view):
    """Logged in as a resident, identified once (city accounts), and with a lease that has
    started; before the start the user sees only the start date. A desk worker acting for a
    resident (``on_behalf``) passes as that resident."""

    @wraps(view)
    def wrapper(*args, **kwargs):
        on_behalf.enter_resident_view()
        if not current_user.is_authenticated:
            return redirect(url_for("auth.login", next=_request_path()))
        if current_user.is_staff:
            abort(403)
        if current_user.needs_strong_identification:
            return redirect(url_for("auth.first_identification"))
        if not access.started_flats(current_user):
            return render_template(
                "resident/not_started.html", starts_on=access.upcoming_start(current_user)
            )
        return view(*args, **kwargs)

    return wrapper


def _request_path() -> str:
    from flask import request

    return request.full_path if request.query_string else request.path
