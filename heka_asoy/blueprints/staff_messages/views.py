"""The desk's message threads. Each form posts and redirects back to the thread; refusals are
said next to their field."""

from __future__ import annotations

from flask import Blueprint, flash, redirect, render_template, request, url_for
from flask_babel import gettext as _
from flask_login import current_user

from ...params import parse_id
from ...services import messages as service
from ...services.messages import MessageError
from ..messages.forms import read_uploads
from ..messages.texts import message_error, show_error
from ..staff.guards import staff_required
from ..stored_file import send_stored
from .forms import AnswerForm, AssignForm, NoteForm, StatusForm

bp = Blueprint("staff_messages", __name__)


@bp.get("/")
@staff_required
def index():
    page = service.desk_list(request.args.get("status", "open"))
    return render_template(
        "staff_messages/index.html", page=page, filters=service.LIST_FILTERS
    )


def _page(thread_id: int, answer_form=None, note_form=None, status: int = 200):
    view = service.desk_thread(thread_id, parse_id(request.args.get("template")))
    assign_form = AssignForm(formdata=None, prefix="assign")
    assign_form.worker.choices = [("", _("Nobody"))] + [
        (str(w.id), w.name or w.email) for w in view.workers
    ]
    assign_form.worker.data = str(view.thread.assigned_to_id or "")
    return render_template(
        "staff_messages/thread.html",
        view=view,
        thread=view.thread,
        answer_form=answer_form
        or AnswerForm(formdata=None, prefix="answer", data={"body": view.template_text}),
        note_form=note_form or NoteForm(formdata=None, prefix="note"),
        status_form=StatusForm(formdata=None, prefix="status"),
        assign_form=assign_form,
    ), status


@bp.get("/<int:thread_id>")
@staff_required
def thread(thread_id: int):
    return _page(thread_id)


@bp.post("/<int:thread_id>/answer")
@staff_required
def answer(thread_id: int):
    form = AnswerForm(prefix="answer")
    if form.validate_on_submit():
        try:
            service.answer(
                current_user, thread_id, form.body.data, read_uploads(form.attachments)
            )
        except MessageError as exc:
            show_error(form, exc.code, exc.params)
        else:
            flash(_("Answer sent: shown on the resident's pages and mailed to them."), "success")
            return redirect(url_for("staff_messages.thread", thread_id=thread_id))
    return _page(thread_id, answer_form=form)


@bp.post("/<int:thread_id>/note")
@staff_required
def note(thread_id: int):
    form = NoteForm(prefix="note")
    if form.validate_on_submit():
        try:
            service.add_note(current_user, thread_id, form.body.data)
        except MessageError as exc:
            show_error(form, exc.code, exc.params)
        else:
            flash(_("Internal note saved."), "success")
            return redirect(url_for("staff_messages.thread", thread_id=thread_id))
    return _page(thread_id, note_form=form)


@bp.post("/<int:thread_id>/status")
@staff_required
def status(thread_id: int):
    form = StatusForm(prefix="status")
    if not form.validate_on_submit():
        flash(message_error("status")[1], "error")
        return redirect(url_for("staff_messages.thread", thread_id=thread_id))
    service.set_status(current_user, thread_id, form.status.data)
    flash(_("The conversation was closed.") if form.status.data == "closed"
          else _("The conversation was reopened."), "success")
    return redirect(url_for("staff_messages.thread", thread_id=thread_id))


@bp.post("/<int:thread_id>/assign")
@staff_required
def assign(thread_id: int):
    form = AssignForm(prefix="assign")
    raw = form.worker.data or ""
    worker = parse_id(raw)
    if form.validate_on_submit() and (worker is not None or raw == ""):
        try:
            service.assign(current_user, thread_id, worker)
        except MessageError as exc:
            flash(message_error(exc.code)[1], "error")
        else:
            flash(_("Assignment saved."), "success")
    else:
        flash(message_error("worker")[1], "error")
    return redirect(url_for("staff_messages.thread", thread_id=thread_id))


@bp.get("/file/<int:attachment_id>")
@staff_required
def attachment(attachment_id: int):
    found = service.desk_attachment(attachment_id)
    return send_stored(
        found.data, found.mimetype, found.download_name, as_attachment=found.as_attachment
    )
