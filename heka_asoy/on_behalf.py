"""The on-behalf gate: while a desk worker acts for a resident, the resident pages see the
resident and nothing else does.

The state is kept in the desk worker's signed session (``SESSION_KEY``: staff id, resident
account id, the resident's name for the banner, and an absolute end). The login session stays
the desk worker's (``security.load_user``); ``enter_resident_view`` — called by
``resident_required`` before any resident page runs — swaps Flask-Login's current user for the
resident account, so every resident page (and every page built later on the same guard, such as
the message threads) shows and writes exactly what the resident would, scoped by ``access`` to
the resident's own flats. Meanwhile:

- the banner ("You are acting for <name> — end") is on every page (``_banner.html``);
- every audit row of the request names the desk worker too (``g.acting_staff_id``, read by
  ``services.audit``), and every write request gets an audit row of its own (``after_request``);
- staff pages are refused until the desk worker ends the mode (``staff_required``);
- what is never done for someone else is refused with a clear message (``never_on_behalf``):
  log out everywhere, the e-mail for notices, identification, the data export and closing the
  account.
"""

from __future__ import annotations

import time
from functools import wraps

from flask import Flask, flash, g, render_template, request, session
from flask_babel import gettext as _
from flask_login import current_user

from .services import on_behalf as service

SESSION_KEY = "on_behalf"
SAFE_METHODS = frozenset({"GET", "HEAD", "OPTIONS"})


def real_user():
    """The logged-in person of this browser: the desk worker even while a resident page runs
    for the resident."""
    return g.get("on_behalf_staff") or current_user._get_current_object()


def begin(acting: service.Acting) -> None:
    """Keep the started mode in the session (the desk worker's own signed cookie)."""
    session[SESSION_KEY] = {
        "staff": acting.staff_id,
        "user": acting.user_id,
        "name": acting.name,
        "until": time.time() + service.LIFETIME.total_seconds(),
    }


def state() -> dict | None:
    """The running mode of this browser's desk worker, or None. A mode past its end, or left in
    a session someone else now holds, is dropped (an expired one is audited and said)."""
    data = session.get(SESSION_KEY)
    if not isinstance(data, dict):
        return None
    user = real_user()
    if not getattr(user, "is_authenticated", False) or not user.is_staff:
        session.pop(SESSION_KEY, None)
        return None
    if data.get("staff") != user.id:
        session.pop(SESSION_KEY, None)
        return None
    if time.time() >= float(data.get("until", 0)):
        session.pop(SESSION_KEY, None)
        service.end(data["staff"], data["user"], "expired")
        flash(_("Acting for %(name)s ended after 30 minutes.", name=data.get("name", "")), "info")
        return None
    return data


def stop(why: str = "ended") -> dict | None:
    """End the mode (audited); returns what was running, if anything."""
    data = state()
    session.pop(SESSION_KEY, None)
    if data is not None:
        service.end(data["staff"], data["user"], why)
    return data


def acting() -> bool:
    return state() is not None


def enter_resident_view() -> None:
    """Before a resident page: while acting, the page sees the resident account (its own
    flats only); the desk worker stays known as the one acting."""
    data = state()
    if data is None:
        return
    resident = service.resident_account(data["user"])
    if resident is None:  # closed or disabled meanwhile
        stop("account_gone")
        return
    g.on_behalf_staff = current_user._get_current_object()
    g.acting_staff_id = data["staff"]
    g._login_user = resident


def refused_page(never: bool = False):
    """The clear refusal while acting: staff pages wait for the end; some things are never
    done for someone else."""
    return render_template("staff_onbehalf/refused.html", never=never), 403


def never_on_behalf(view):
    """What only the person does themselves: refused while a desk worker acts for them."""

    @wraps(view)
    def wrapper(*args, **kwargs):
        if acting():
            return refused_page(never=True)
        return view(*args, **kwargs)

    return wrapper


def init_app(app: Flask) -> None:
    @app.context_processor
    def banner_context() -> dict:
        """The banner's name, from the session (no query on any page)."""
        if SESSION_KEY not in session:
            return {"on_behalf": None}
        return {"on_behalf": state()}

    @app.after_request
    def audit_write(response):
        """Every write request made for a resident gets its audit row naming both, whatever the
        page itself audits (a refused or invalid form too: the attempt is on record)."""
        staff_id = g.get("acting_staff_id")
        if staff_id and request.method not in SAFE_METHODS:
            service.record_write(
                staff_id,
                g._login_user.id,
                request.method,
                request.endpoint or "",
                response.status_code,
            )
        return response
