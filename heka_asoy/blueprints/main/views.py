"""Front page, language choice, health check, and the template context."""

from __future__ import annotations

from datetime import UTC, datetime
from urllib.parse import urlsplit

from flask import (
    Blueprint,
    current_app,
    make_response,
    redirect,
    render_template,
    request,
    url_for,
)
from flask_babel import get_locale
from flask_login import current_user

from ... import on_behalf
from ...domain import contacts
from ...domain.office_hours import desk_open, urgent_phone
from ...extensions import limiter
from ...i18n import LANG_COOKIE
from ...services import accounts
from ...services.health import readiness

bp = Blueprint("main", __name__)

LANGUAGE_NAMES = (("fi", "Suomi"), ("sv", "Svenska"), ("en", "English"))


@bp.app_context_processor
def shell_context() -> dict:
    now = datetime.now(UTC)
    return {
        "current_locale": str(get_locale() or "fi"),
        "languages": LANGUAGE_NAMES,
        "contacts": contacts,
        "demo_mode": current_app.config.get("DEMO_MODE", False),
        "urgent_phone_now": urgent_phone(now),
        "desk_open_now": desk_open(now),
    }


@bp.get("/")
def index():
    if current_user.is_authenticated:
        if current_user.is_staff and not on_behalf.acting():
            return redirect(url_for("staff.home"))
        return redirect(url_for("resident.dashboard"))
    return render_template("main/index.html")


@bp.get("/lang/<code>")
def set_language(code: str):
    """Remember the chosen language in a cookie and on the account (mail follows it)."""
    target = request.args.get("next", "/")
    if not target.startswith("/") or target.startswith("//") or urlsplit(target).netloc:
        target = "/"
    response = make_response(redirect(target))
    if code in current_app.config["LANGUAGES"]:
        response.set_cookie(
            LANG_COOKIE,
            code,
            max_age=365 * 24 * 3600,
            samesite="Lax",
            secure=current_app.config["SESSION_COOKIE_SECURE"],
            httponly=True,
        )
        if current_user.is_authenticated:
            accounts.set_language(current_user, code)
    return response


@bp.get("/health")
@limiter.exempt
def health():
    """Liveness: the process answers. Touches no database (``FLASKDB_EXCLUDED_ROUTES``), so a
    database outage never makes a load balancer restart every process."""
    return {"status": "ok"}


@bp.get("/ready")
@limiter.exempt
def ready():
    """Readiness: the database, Redis (when used) and storage answer; 503 when any does not.
    Each check by name with "ok" or "failed", nothing else (no hosts, no errors)."""
    ok, results = readiness()
    return {"status": "ok" if ok else "failed", "checks": results}, 200 if ok else 503
