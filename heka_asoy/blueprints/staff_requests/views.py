"""The asoy desk's service requests under /staff/requests/: a plain list with filters (the
unified queue lists them too), and one request with all its fields, attachments and timeline,
where the desk changes the status, decides, writes to the requester, notes internally and
assigns. Each action is one POST and one service call."""

from __future__ import annotations

from flask import Blueprint, flash, redirect, render_template, request, url_for
from flask_babel import gettext as _
from flask_login import current_user
from wtforms.fields.choices import SelectChoice

from ...domain import service_requests as rules
from ...params import parse_id
from ...services import service_requests as service
from ...services.service_requests import RequestError
from ..service_requests.labels import DECISION_LABELS, KIND_LABELS, STATUS_LABELS
from ..service_requests.messages import put_error
from ..service_requests.views import send_attachment
from ..staff.guards import staff_required
from .forms import AssignForm, DecideForm, MessageForm, NoteForm, StatusForm

bp = Blueprint("staff_requests", __name__)


@bp.get("/")
@staff_required
def index():
    page = service.desk_list(
        current_user,
        request.args.get("kind", ""),
        request.args.get("status", "open"),
        mine=request.args.get("mine") == "1",
    )
    return render_template(
        "staff_requests/index.html",
        page=page,
        kinds=KIND_LABELS,
        statuses=STATUS_LABELS,
    )


def _forms(view, **given):
    status = given.get("status") or StatusForm(prefix="status", formdata=None)
    status.status.choices = [SelectChoice(s, STATUS_LABELS[s]) for s in view.statuses]
    decide = given.get("decide") or DecideForm(prefix="decide", formdata=None)
    decide.decision.choices = [SelectChoice(d, DECISION_LABELS[d]) for d in view.decisions]
    assign = given.get("assign") or AssignForm(
        prefix="assign", formdata=None, assignee=str(view.request.assigned_to_id or "")
    )
    assign.assignee.choices = [SelectChoice("", _("Nobody"))] + [
        SelectChoice(str(u.id), u.name or u.email) for u in view.staff
    ]
    return {
        "status": status,
        "decide": decide,
        "message": given.get("message")
        or MessageForm(prefix="message", formdata=None, data={"body": view.template_text}),
        "note": given.get("note") or NoteForm(prefix="note", formdata=None),
        "assign": assign,
    }


def _render(request_id: int, code: int = 200, **given):
    view = service.desk_view(request_id, parse_id(request.args.get("template")))
    return render_template(
        "staff_requests/detail.html", view=view, forms=_forms(view, **given), rules=rules
    ), code


@bp.get("/<int:request_id>")
@staff_required
def detail(request_id: int):
    return _render(request_id)


def _act(request_id: int, name: str, form, action, done: str):
    """Validate ``form``, run ``action`` (one service call); on a refusal show the page again
    with the words next to the field."""
    if form.validate_on_submit():
        try:
            action(form)
        except RequestError as exc:
            put_error(form, exc)
        else:
            flash(done, "success")
            return redirect(url_for("staff_requests.detail", request_id=request_id))
    return _render(request_id, 422, **{name: form})


@bp.post("/<int:request_id>/status")
@staff_required
def status(request_id: int):
    form = StatusForm(prefix="status")
    form.status.choices = [SelectChoice(s, s) for s in rules.STATUSES]
    return _act(
        request_id,
        "status",
        form,
        lambda f: service.set_status(current_user, request_id, f.status.data),
        _("Status changed; the resident was told by e-mail."),
    )


@bp.post("/<int:request_id>/decide")
@staff_required
def decide(request_id: int):
    form = DecideForm(prefix="decide")
    return _act(
        request_id,
        "decide",
        form,
        lambda f: service.decide(current_user, request_id, f.decision.data, f.text.data),
        _("Decided; the resident was told by e-mail."),
    )


@bp.post("/<int:request_id>/message")
@staff_required
def message(request_id: int):
    form = MessageForm(prefix="message")
    return _act(
        request_id,
        "message",
        form,
        lambda f: service.message(current_user, request_id, f.body.data, bool(f.wait.data)),
        _("Message sent to the resident."),
    )


@bp.post("/<int:request_id>/note")
@staff_required
def note(request_id: int):
    form = NoteForm(prefix="note")
    return _act(
        request_id,
        "note",
        form,
        lambda f: service.add_note(current_user, request_id, f.body.data),
        _("Internal note saved."),
    )


def _assignee(value: str | None) -> int | None:
    """Nobody for an empty choice; an id, or 0 (no such worker: refused) for anything else."""
    if not value:
        return None
    return parse_id(value) or 0


@bp.post("/<int:request_id>/assign")
@staff_required
def assign(request_id: int):
    form = AssignForm(prefix="assign")
    form.assignee.choices = None  # checked by the service: a desk worker
    form.assignee.validate_choice = False
    return _act(
        request_id,
        "assign",
        form,
        lambda f: service.assign(current_user, request_id, _assignee(f.assignee.data)),
        _("Assignment saved."),
    )


@bp.get("/files/<int:attachment_id>")
@staff_required
def attachment(attachment_id: int):
    return send_attachment(service.desk_attachment(attachment_id))
