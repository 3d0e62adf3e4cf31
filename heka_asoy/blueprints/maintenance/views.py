"""The maintenance company's page, reached by the signed link in the forwarded report's mail.

No account: the link itself names the report and the maintenance company it was sent to. A forged
link, or one signed for another company, is refused (404); once the report is closed the link has
expired (410). Every change is logged with the company's name as the actor.
"""

from __future__ import annotations

from datetime import datetime

from flask import Blueprint, flash, make_response, redirect, request, url_for
from flask_babel import gettext as _

from ...domain.office_hours import HELSINKI
from ...rendering import render
from ...services import faults as service
from ...services.faults import FaultError, LinkClosed, LinkInvalid, MaintenanceChange
from ..faults.messages import fault_error_text
from ..photo_response import send_photo, wants_thumb
from .forms import MaintenanceForm

bp = Blueprint("maintenance", __name__)


def _no_store(response):
    response.headers["Cache-Control"] = "no-store"
    return response


@bp.errorhandler(LinkInvalid)
@bp.errorhandler(LinkClosed)
def link_refused(exc: LinkInvalid | LinkClosed):
    """An expired link (the report closed) is gone, 410; any other refused link is 404."""
    code = 410 if isinstance(exc, LinkClosed) else 404
    return _no_store(make_response(render("maintenance/link_refused.html", code=code), code))


def _helsinki(value: datetime | None) -> datetime | None:
    """A datetime-local value is Helsinki wall time; make it aware."""
    return value.replace(tzinfo=HELSINKI) if value is not None else None


def _page(token: str, view: service.MaintenanceView, form: MaintenanceForm, **extra):
    return _no_store(
        make_response(
            render(
                "maintenance/report.html",
                token=token,
                report=view.report,
                flat=view.flat,
                form=form,
                events=view.events,
                photos=view.photos,
                closed=view.closed,
                **extra,
            )
        )
    )


@bp.route("/<token>", methods=["GET", "POST"])
def report(token: str):
    view = service.maintenance_view(token)
    form = MaintenanceForm()
    form.fill_choices(view.report.status)
    if request.method == "GET":
        form.version.data = str(view.report.version)
    if not form.validate_on_submit():
        response = _page(token, view, form)
        if request.method == "POST":
            response.status_code = 422
        return response

    change = MaintenanceChange(
        version=int(form.version.data),
        status=form.status.data or "",
        visit_at=_helsinki(form.visit_at.data),
        note=form.note.data or "",
    )
    try:
        view = service.maintenance_update(token, change)
    except FaultError as exc:
        form.form_errors.append(fault_error_text(exc.code))
        response = _page(token, service.maintenance_view(token, open_only=False), form)
        response.status_code = 409
        return response
    if view.closed:
        # The link expires with this change: say so here rather than redirect to a refusal.
        return _page(token, view, form, just_closed=True)
    flash(_("Saved. The resident has been told."), "success")
    return redirect(url_for("maintenance.report", token=token))


@bp.get("/<token>/photo/<int:photo_id>")
def photo(token: str, photo_id: int):
    """A photo of this link's report (``?thumb=1`` for the thumbnail); 404 for any other."""
    return send_photo(service.maintenance_photo(token, photo_id, wants_thumb()))
