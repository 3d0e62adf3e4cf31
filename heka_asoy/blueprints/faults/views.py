"""Fault reports on the resident pages. Views are thin: rules live in ``services.faults``."""

from __future__ import annotations

from flask import Blueprint, flash, redirect, render_template, request, url_for
from flask_babel import get_locale
from flask_babel import gettext as _
from flask_login import current_user

from ...domain import faults as rules
from ...extensions import htmx
from ...params import id_arg
from ...rendering import render
from ...services import announcements, responsibility
from ...services import faults as service
from ...services.faults import FaultError
from ..photo_response import send_photo, wants_thumb
from ..resident.guards import resident_required
from .forms import CommentForm, FaultForm, FeedbackForm, form_to_input, read_upload
from .messages import fault_error_text
from .urgency import urgency_response

bp = Blueprint("faults", __name__)


@bp.get("/")
@resident_required
def index():
    page = service.reports_page(current_user)
    return render("faults/index.html", reports=page.reports, flats=page.flats)


@bp.route("/new", methods=["GET", "POST"])
@resident_required
def new():
    flats, chosen = service.new_report_flats(current_user, id_arg("flat"))
    form = FaultForm()
    show_urgent_ack = False
    if form.validate_on_submit():
        try:
            report = service.file_report(
                current_user, chosen, form_to_input(form, request.files.getlist(form.photos.name))
            )
        except FaultError as exc:
            _form_error(form, exc)
            show_urgent_ack = exc.code == "looks_urgent"
        else:
            flash(_("Thank you. Your fault report has been received."), "success")
            return redirect(url_for("faults.detail", report_id=report.id))
    elif request.method == "POST":
        show_urgent_ack = bool(form.urgent_acknowledged.data)
    return render(
        "faults/new.html",
        form=form,
        flats=flats,
        chosen=chosen,
        show_urgent_ack=show_urgent_ack,
        urgent_words=rules.urgent_matches(form.description.data or ""),
        responsibility=responsibility.form_responsibility(form.category.data, chosen),
        notices=announcements.fault_form_notices(current_user, chosen, str(get_locale() or "fi")),
    )


def _form_error(form, exc: FaultError) -> None:
    text = fault_error_text(exc.code, exc.detail)
    if exc.code.startswith("photo_") or exc.code == "too_many_photos":
        form.photos.errors = [*form.photos.errors, text]
    elif exc.code == "category":
        form.category.errors = [*form.category.errors, text]
    elif exc.code == "looks_urgent":
        form.urgent_acknowledged.errors = [text]
    else:
        form.form_errors.append(text)


@bp.post("/check-urgency")
@resident_required
def check_urgency():
    """HTMX: say it again when the text or category looks urgent."""
    return urgency_response()


@bp.get("/responsibility")
@resident_required
def who_handles():
    """HTMX: who the chosen category goes to at the chosen flat (one of the user's: 404 for
    any other), said under the category before the report is sent."""
    found = responsibility.resident_responsibility(
        current_user, request.args.get("category"), id_arg("flat")
    )
    return render_template("faults/_responsibility.html", responsibility=found)


@bp.get("/<int:report_id>")
@resident_required
def detail(report_id: int):
    view = service.report_view(
        current_user, report_id, unless_version=request.args.get("v") if htmx else None
    )
    if view is None:
        return "", 204  # the poll: nothing changed, nothing swapped, nothing re-announced
    return render(
        "faults/detail.html",
        block="status",
        oob=("facts",),
        report=view.report,
        events=view.events,
        photos=view.photos,
        steps=rules.TIMELINE_STEPS,
        closed=view.closed,
        comment_form=CommentForm(),
        feedback_form=FeedbackForm(formdata=None),
    )


@bp.post("/<int:report_id>/comment")
@resident_required
def comment(report_id: int):
    """Through the comment form like every post, so the text is cleaned and checked as in any
    other form (control characters removed, the length limit said in words)."""
    form = CommentForm()
    if not form.validate_on_submit():
        for errors in form.errors.values():
            flash(errors[0], "error")
        return redirect(url_for("faults.detail", report_id=report_id))
    blob = read_upload(request.files.get("photo"))
    try:
        service.add_comment(current_user, report_id, form.text.data or "", blob)
    except FaultError as exc:
        flash(fault_error_text(exc.code, "1"), "error")
    else:
        flash(_("Your comment was added."), "success")
    return redirect(url_for("faults.detail", report_id=report_id))


@bp.post("/<int:report_id>/feedback")
@resident_required
def feedback(report_id: int):
    fixed = request.form.get("fixed") == "yes"
    form = FeedbackForm()
    if not form.validate():
        # Only the comment's length can fail here (the browser stops it first: maxlength).
        flash(" ".join(str(e) for errors in form.errors.values() for e in errors), "error")
        return redirect(url_for("faults.detail", report_id=report_id))
    try:
        result = service.answer_feedback(current_user, report_id, fixed, form.comment.data or "")
    except FaultError as exc:
        flash(fault_error_text(exc.code), "error")
        return redirect(url_for("faults.detail", report_id=report_id))
    if fixed:
        flash(_("Thank you for your answer."), "success")
    elif result.id == report_id and result.responsible != "housing_company":
        flash(_("The report has been reopened: the asoy desk handles it again."), "success")
    elif result.id == report_id:
        flash(_("The report has been reopened and sent back to maintenance."), "success")
    else:
        flash(_("A new report linked to the earlier one has been made."), "success")
    return redirect(url_for("faults.detail", report_id=result.id))


@bp.get("/photo/<int:photo_id>")
@resident_required
def photo(photo_id: int):
    """A photo of the user's own flat's report; 404 for any other."""
    return send_photo(service.resident_photo(current_user, photo_id, wants_thumb()))
