"""The asoy desk's fault pages: the queue, one report, and the review queue.

HTMX requests get only the blocks that changed (``render(..., block=...)``): the queue's results
when a filter changes, the report's work area (status panel, timeline, note and message forms)
and its facts (visit time, forwarding) after a change. Without JavaScript every form posts and
redirects back (post/redirect/get).
"""

from __future__ import annotations

from datetime import UTC, datetime

from flask import Blueprint, flash, make_response, redirect, request, url_for
from flask_babel import gettext as _
from flask_login import current_user

from ...domain import faults as rules
from ...domain.office_hours import HELSINKI
from ...labels import responsible_label, status_label
from ...params import MAX_ID, parse_int
from ...rendering import render, wants_block
from ...services import fault_queue
from ...services import faults as service
from ...services.faults import FaultError, ReportNotFound
from ..faults.messages import fault_error_text
from ..photo_response import send_photo, wants_thumb
from ..staff.company_filter import company_args
from ..staff.guards import staff_required
from .forms import (
    MessageForm,
    MoveForm,
    NoteForm,
    QueueFilterForm,
    QuickStatusForm,
    StatusForm,
)

bp = Blueprint("staff_faults", __name__)


# --- the queue --------------------------------------------------------------------------------


@bp.get("/")
@staff_required
def queue():
    form = QueueFilterForm(request.args)
    form.fill_choices()
    if not form.status.data:
        form.status.data = fault_queue.OPEN
    filters = form.filters(parse_int(request.args.get("page"), 1, MAX_ID) or 1)
    result = fault_queue.queue(filters, datetime.now(UTC))
    company_note = form.company_note or form.show_company(result.company)
    args = {
        key: value
        for key, value in (
            ("status", filters.status),
            ("older_than", filters.older_than),
            ("overdue", "y" if filters.overdue else None),
            ("responsible", filters.responsible),
        )
        if value
    }
    args.update(company_args(result.company))
    return render(
        "staff_faults/queue.html",
        block="results",
        form=form,
        result=result,
        filters=filters,
        page_args=args,
        company_note=company_note,
    )


# --- one report -------------------------------------------------------------------------------


def _detail(
    view: fault_queue.DeskView,
    *,
    status_form=None,
    note_form=None,
    message_form=None,
    move_form=None,
    error=None,
    code=200,
):
    """The report page, or only its work area for HTMX."""
    report = view.report
    status_form = status_form or StatusForm(formdata=None)
    status_form.fill_choices(view.transitions, report.status)
    status_form.version.data = status_form.version.data or str(report.version)
    move_form = move_form or MoveForm(formdata=None, prefix="move")
    move_form.fill_choices(report.responsible)
    move_form.version.data = str(report.version)
    html = render(
        "staff_faults/detail.html",
        block="work",
        oob=("facts",),
        report=report,
        flat=report.flat,
        events=view.events,
        photos=view.photos,
        status_form=status_form,
        quick_form=QuickStatusForm(formdata=None, version=str(report.version)),
        note_form=note_form or NoteForm(formdata=None, prefix="note"),
        message_form=message_form or MessageForm(formdata=None, prefix="message"),
        move_form=move_form,
        error=error,
        closed=view.closed,
        in_review=view.in_review,
    )
    # HTMX swaps only 2xx answers: an error it should show comes as 200 with the message.
    return make_response(html, 200 if wants_block() else code)


def _done(report_id: int, message: str):
    """After a change: the fresh work area for HTMX, else back to the page."""
    if wants_block():
        return _detail(fault_queue.desk_view(report_id))
    flash(message, "success")
    return redirect(url_for("staff_faults.detail", report_id=report_id))


def _refused(report_id: int, exc: FaultError, **forms):
    code = 409 if exc.code in ("conflict", "transition") else 422
    view = fault_queue.desk_view(report_id)
    return _detail(view, error=fault_error_text(exc.code), code=code, **forms)


@bp.get("/<int:report_id>")
@staff_required
def detail(report_id: int):
    return _detail(fault_queue.desk_view(report_id))


@bp.post("/<int:report_id>/status")
@staff_required
def change_status(report_id: int):
    view = fault_queue.desk_view(report_id)
    form = StatusForm()
    form.fill_choices(view.transitions, view.report.status)
    if not form.validate():
        # An unknown choice here is almost always a status that changed under the form.
        return _detail(view, status_form=form, error=_("Check the status change."), code=422)
    visit_at = form.visit_at.data.replace(tzinfo=HELSINKI) if form.visit_at.data else None
    return _apply_status(report_id, form.status.data, form.version.data, visit_at, form)


def _apply_status(report_id, new, version, visit_at=None, form=None):
    try:
        service.change_status(
            report_id,
            new,
            actor_kind=rules.DESK,
            version=int(version),
            actor=current_user._get_current_object(),
            actor_label=service.DESK_LABEL,
            visit_at=visit_at,
        )
    except FaultError as exc:
        return _refused(report_id, exc, status_form=form)
    return _done(report_id, _("Status changed: %(status)s.", status=status_label(new)))


@bp.post("/<int:report_id>/redirect")
@staff_required
def redirect_to_heka(report_id: int):
    """Heka's own responsibility: taken off the maintenance company."""
    return _quick_status(report_id, rules.REDIRECTED)


@bp.post("/<int:report_id>/cancel")
@staff_required
def cancel(report_id: int):
    return _quick_status(report_id, rules.CANCELLED)


def _quick_status(report_id: int, status: str):
    """A one-button status change (redirect, cancel): only the version travels with it."""
    fault_queue.report_for_desk(report_id)  # 404 for no such report
    form = QuickStatusForm()
    if not form.validate():
        return _refused(report_id, FaultError("conflict"))
    return _apply_status(report_id, status, form.version.data)


@bp.post("/<int:report_id>/move")
@staff_required
def move(report_id: int):
    """Move the report between the housing company's maintenance and Heka's asoy desk."""
    view = fault_queue.desk_view(report_id)
    form = MoveForm(prefix="move")
    form.fill_choices(view.report.responsible)
    if not form.validate():
        return _detail(view, move_form=form, code=422)
    try:
        service.move_report(
            current_user._get_current_object(),
            report_id,
            form.responsible.data,
            form.reason.data,
            int(form.version.data),
        )
    except FaultError as exc:
        return _refused(report_id, exc, move_form=form)
    return _done(
        report_id,
        _("The report is now handled by: %(who)s.", who=responsible_label(form.responsible.data)),
    )


@bp.post("/<int:report_id>/note")
@staff_required
def note(report_id: int):
    form = NoteForm(prefix="note")
    if not form.validate():
        return _detail(fault_queue.desk_view(report_id), note_form=form, code=422)
    service.staff_message(current_user._get_current_object(), report_id, form.text.data, True)
    return _done(report_id, _("Internal note saved."))


@bp.post("/<int:report_id>/message")
@staff_required
def message(report_id: int):
    form = MessageForm(prefix="message")
    if not form.validate():
        return _detail(fault_queue.desk_view(report_id), message_form=form, code=422)
    service.staff_message(current_user._get_current_object(), report_id, form.text.data, False)
    return _done(report_id, _("Message sent to the resident."))


@bp.get("/photo/<int:photo_id>")
@staff_required
def photo(photo_id: int):
    """Any report's photo (``?thumb=1`` for the thumbnail): the desk sees every report."""
    return send_photo(fault_queue.desk_photo(photo_id, wants_thumb()))


# --- the review queue -------------------------------------------------------------------------


def _review_page(error: str | None = None, code: int = 200):
    html = render(
        "staff_faults/review.html",
        block="review_list",
        reports=fault_queue.review_queue(),
        quick_form=QuickStatusForm(formdata=None),
        error=error,
    )
    return make_response(html, 200 if wants_block() else code)


@bp.get("/review")
@staff_required
def review():
    return _review_page()


def _review_action(report_id: int, action, done_message: str):
    form = QuickStatusForm()
    try:
        if not form.validate():
            raise FaultError("conflict")
        action(current_user._get_current_object(), report_id, int(form.version.data))
    except (FaultError, ReportNotFound) as exc:
        code = 409 if exc.code in ("conflict", "transition") else 404
        return _review_page(error=fault_error_text(exc.code), code=code)
    if wants_block():
        return _review_page()
    flash(done_message, "success")
    return redirect(url_for("staff_faults.review"))


@bp.post("/review/<int:report_id>/accept")
@staff_required
def accept(report_id: int):
    return _review_action(
        report_id,
        service.accept_review,
        _("Report %(id)s accepted: it goes on to maintenance.", id=report_id),
    )


@bp.post("/review/<int:report_id>/reject")
@staff_required
def reject(report_id: int):
    return _review_action(
        report_id, service.reject_review, _("Report %(id)s rejected.", id=report_id)
    )
