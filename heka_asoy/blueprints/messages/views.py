"""Messages to the asoy desk and the list of the resident's own cases. Views are thin: the rules
live in ``services.messages``.

The thread page polls for news as the fault page does (its messages block replaces itself, or
the answer is 204 when nothing changed); a reply sent with HTMX gets the same block back with
the new message in it and a fresh form out of band, without a reload. Without JavaScript every
form posts and redirects as usual.
"""

from __future__ import annotations

from flask import Blueprint, flash, redirect, request, url_for
from flask_babel import gettext as _
from flask_login import current_user

from ...extensions import htmx
from ...params import id_arg
from ...rendering import render
from ...services import messages as service
from ...services.messages import MessageError
from ..resident.guards import resident_required
from ..stored_file import send_stored
from .forms import NewThreadForm, ReplyForm, read_uploads
from .texts import (
    CASE_KINDS,
    SERVICE_REQUEST_KINDS,
    SERVICE_REQUEST_STATUSES,
    show_error,
)

bp = Blueprint("messages", __name__)


@bp.app_template_global()
def message_topic_label(code: str) -> str:
    return service.topic_label(code)


@bp.app_template_global()
def message_status_label(code: str) -> str:
    return service.status_label(code)


@bp.get("/messages/")
@resident_required
def index():
    page = service.threads_page(current_user)
    return render("messages/index.html", threads=page.threads, flats=page.flats)


def _flat_label(flat) -> str:
    return f"{flat.address}, {flat.number} – {flat.company}"


@bp.route("/messages/new", methods=["GET", "POST"])
@resident_required
def new():
    form = NewThreadForm()
    wanted = id_arg("flat")
    flats, chosen = service.new_thread_flats(current_user, wanted)
    form.flat.choices = [(str(f.flat_id), _flat_label(f)) for f in flats]
    if request.method == "GET":
        form.flat.data = str(chosen)
    if form.validate_on_submit():
        try:
            thread = service.start_thread(
                current_user,
                chosen,
                form.topic.data,
                form.subject.data,
                form.body.data,
                read_uploads(form.attachments),
            )
        except MessageError as exc:
            show_error(form, exc.code, exc.params)
        else:
            flash(_("Thank you. Your message has been sent to the asoy desk."), "success")
            return redirect(url_for("messages.thread", thread_id=thread.id))
    return render("messages/new.html", form=form, flats=flats)


def _thread_page(view, form: ReplyForm, sent_id: int | None = None, with_form: bool = False):
    """The thread page; for HTMX its messages block (a poll's answer must not touch the form
    the resident may be typing in: only a sent reply brings a fresh form, out of band). The
    message just sent takes the focus after the swap, and the live region says it was sent."""
    return render(
        "messages/thread.html",
        block="messages",
        oob=("reply",) if with_form else (),
        thread=view.thread,
        messages=view.messages,
        attachments=view.attachments,
        version=view.version,
        form=form,
        sent_id=sent_id,
        form_oob=with_form,
    )


@bp.get("/messages/<int:thread_id>")
@resident_required
def thread(thread_id: int):
    view = service.thread_view(
        current_user, thread_id, unless_version=request.args.get("v") if htmx else None
    )
    if view is None:
        return "", 204  # the poll: nothing changed, nothing swapped, nothing re-announced
    return _thread_page(view, ReplyForm(formdata=None))


@bp.post("/messages/<int:thread_id>/reply")
@resident_required
def reply(thread_id: int):
    form = ReplyForm()
    if form.validate_on_submit():
        try:
            message = service.reply(
                current_user, thread_id, form.body.data, read_uploads(form.attachments)
            )
        except MessageError as exc:
            show_error(form, exc.code, exc.params)
        else:
            if not htmx:
                flash(_("Your message was sent."), "success")
                return redirect(url_for("messages.thread", thread_id=thread_id))
            view = service.thread_view(current_user, thread_id)
            return _thread_page(view, ReplyForm(formdata=None), sent_id=message.id, with_form=True)
    view = service.thread_view(current_user, thread_id)
    if htmx:
        # Refused: only the form comes back, in place of the old one, so its error summary
        # takes the focus (an out-of-band swap would not move it).
        body = render("messages/thread.html", block="reply", thread=view.thread, form=form)
        return body, {"HX-Retarget": "#reply-form", "HX-Reswap": "outerHTML"}
    return _thread_page(view, form)


@bp.get("/messages/file/<int:attachment_id>")
@resident_required
def attachment(attachment_id: int):
    """A file of the user's own thread; 404 for any other."""
    found = service.resident_attachment(current_user, attachment_id)
    return send_stored(
        found.data, found.mimetype, found.download_name, as_attachment=found.as_attachment
    )


@bp.get("/cases")
@resident_required
def cases():
    return render(
        "messages/cases.html",
        cases=service.my_cases(current_user),
        case_kinds=CASE_KINDS,
        request_kinds=SERVICE_REQUEST_KINDS,
        request_statuses=SERVICE_REQUEST_STATUSES,
    )
