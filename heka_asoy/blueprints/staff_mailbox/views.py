"""The desk mailbox's triage pages. Each view makes one service call; the service decides."""

from __future__ import annotations

from flask import Blueprint, flash, redirect, render_template, request, url_for
from flask_babel import gettext as _
from flask_login import current_user

from ...services.mailbox import triage
from ...services.mailbox.triage import MailboxError
from ..staff.guards import staff_required
from ..stored_file import send_stored
from .forms import AnswerForm, LinkForm, SpamForm

bp = Blueprint("staff_mailbox", __name__)


def _error(code: str) -> str:
    return {
        "empty_answer": _("Write the answer."),
        "not_a_home": _("The person does not live in that flat now."),
        "closed": _("The case is closed."),
    }.get(code, _("The action failed."))


@bp.get("/")
@staff_required
def queue():
    items = triage.triage_queue()
    return render_template("staff_mailbox/queue.html", items=items)


@bp.get("/<int:thread_id>")
@staff_required
def case(thread_id: int):
    page = triage.case_page(thread_id, request.args.get("q", ""))
    return render_template(
        "staff_mailbox/case.html",
        page=page,
        answer_form=AnswerForm(formdata=None),
    )


@bp.post("/<int:thread_id>/link")
@staff_required
def link(thread_id: int):
    form = LinkForm()
    if not form.validate_on_submit():
        flash(_("Choose a person and a flat."), "error")
        return redirect(url_for(".case", thread_id=thread_id))
    try:
        triage.link(current_user, thread_id, form.resident_id.data, form.flat_id.data)
    except MailboxError as exc:
        flash(_error(exc.code), "error")
        return redirect(url_for(".case", thread_id=thread_id))
    flash(_("The case was linked to the resident and flat."), "success")
    return redirect(url_for(".queue"))


@bp.post("/<int:thread_id>/answer")
@staff_required
def answer(thread_id: int):
    form = AnswerForm()
    if not form.validate_on_submit():
        for errors in form.errors.values():
            flash(errors[0], "error")
        return redirect(url_for(".case", thread_id=thread_id))
    try:
        triage.answer(current_user, thread_id, form.body.data)
    except MailboxError as exc:
        flash(_error(exc.code), "error")
        return redirect(url_for(".case", thread_id=thread_id))
    flash(_("The answer was sent by e-mail."), "success")
    return redirect(url_for(".queue"))


@bp.post("/<int:thread_id>/spam")
@staff_required
def spam(thread_id: int):
    if not SpamForm().validate_on_submit():
        flash(_("The form expired; try again."), "error")
        return redirect(url_for(".case", thread_id=thread_id))
    triage.close_as_spam(current_user, thread_id)
    flash(_("The case was closed as spam."), "success")
    return redirect(url_for(".queue"))


@bp.get("/attachments/<int:attachment_id>")
@staff_required
def attachment(attachment_id: int):
    """An attachment as a download that no browser runs or sniffs."""
    found = triage.attachment_file(attachment_id)
    return send_stored(
        found.data, found.mimetype, found.download_name, as_attachment=True, sandbox=True
    )
