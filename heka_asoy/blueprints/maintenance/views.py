"""The maintenance company's page, reached by the signed link in the forwarded report's mail.

No account: the link itself names the report and the maintenance company it was sent to. A forged
link, or one signed for another company, is refused (404); once the report is closed the link has
expired (410). Every change is logged with the company's name as the actor.
"""

from __future__ import annotations

from datetime import datetime

from flask import Blueprint, flash, make_response, redirect, request, url_for
from flask_babel import gettext as _
from peewee import JOIN

from ...db import write_txn
from ...domain import faults as rules
from ...domain.office_hours import HELSINKI
from ...models import Building, FaultPhoto, FaultReport, Flat, HousingCompany, MaintenanceCompany
from ...rendering import render
from ...services import faults as service
from ...services.faults import FaultError
from ..faults.messages import fault_error_text
from ..photo_response import send_photo
from .forms import MaintenanceForm

bp = Blueprint("maintenance", __name__)


class LinkRefused(Exception):
    def __init__(self, code: int):
        super().__init__(code)
        self.code = code


def _report(token: str) -> FaultReport:
    try:
        return service.report_for_maintenance(token)
    except FaultError as exc:
        raise LinkRefused(410 if exc.code == "link_closed" else 404) from exc


@bp.errorhandler(LinkRefused)
def link_refused(exc: LinkRefused):
    response = make_response(render("maintenance/link_refused.html", code=exc.code), exc.code)
    response.headers["Cache-Control"] = "no-store"
    return response


def _flat(report: FaultReport) -> Flat:
    """The report's flat with its building, housing company and maintenance company (1 query)."""
    return (
        Flat.select(Flat, Building, HousingCompany, MaintenanceCompany)
        .join(Building)
        .switch(Flat)
        .join(HousingCompany)
        .join(MaintenanceCompany, JOIN.LEFT_OUTER)
        .where(Flat.id == report.flat_id)
        .get()
    )


def _company_label(flat: Flat) -> str:
    company = flat.housing_company.maintenance_company
    return company.name if company is not None else _("Maintenance company")


def _helsinki(value: datetime | None) -> datetime | None:
    """A datetime-local value is Helsinki wall time; make it aware."""
    return value.replace(tzinfo=HELSINKI) if value is not None else None


def _page(token: str, report: FaultReport, flat: Flat, form: MaintenanceForm, **extra):
    response = make_response(
        render(
            "maintenance/report.html",
            token=token,
            report=report,
            flat=flat,
            form=form,
            events=service.timeline(report, include_internal=False),
            photos=service.photos_of(report),
            closed=report.status in rules.CLOSED_STATUSES,
            **extra,
        )
    )
    response.headers["Cache-Control"] = "no-store"
    return response


@bp.route("/<token>", methods=["GET", "POST"])
def report(token: str):
    report = _report(token)
    flat = _flat(report)
    form = MaintenanceForm()
    form.fill_choices(report.status)
    if request.method == "GET":
        form.version.data = str(report.version)
    if not form.validate_on_submit():
        response = _page(token, report, flat, form)
        if request.method == "POST":
            response.status_code = 422
        return response

    label = _company_label(flat)
    note = (form.note.data or "").strip()
    try:
        if int(form.version.data) != report.version:
            raise FaultError("conflict")
        with write_txn():
            if form.status.data:
                service.change_status(
                    report.id,
                    form.status.data,
                    actor_kind=rules.MAINTENANCE,
                    version=int(form.version.data),
                    actor_label=label,
                    visit_at=_helsinki(form.visit_at.data),
                )
            elif form.visit_at.data:
                service.reschedule_visit(
                    report.id,
                    _helsinki(form.visit_at.data),
                    version=int(form.version.data),
                    actor_label=label,
                )
            if note:
                service.maintenance_note(report.id, note, label)
    except FaultError as exc:
        if exc.code == "conflict":
            message = _("The report was changed meanwhile. Reload the page and try again.")
        else:
            message = fault_error_text(exc.code)
        form.form_errors.append(message)
        fresh = FaultReport.get_by_id(report.id)
        response = _page(token, fresh, flat, form)
        response.status_code = 409
        return response

    report = FaultReport.get_by_id(report.id)
    if report.status in rules.CLOSED_STATUSES:
        # The link expires with this change: say so here rather than redirect to a refusal.
        return _page(token, report, flat, form, just_closed=True)
    flash(_("Saved. The resident has been told."), "success")
    return redirect(url_for("maintenance.report", token=token))


@bp.get("/<token>/photo/<int:photo_id>")
def photo(token: str, photo_id: int):
    """A photo of this link's report (``?thumb=1`` for the thumbnail); 404 for any other."""
    report = _report(token)
    return send_photo(
        FaultPhoto.get_or_none((FaultPhoto.id == photo_id) & (FaultPhoto.report == report.id))
    )
