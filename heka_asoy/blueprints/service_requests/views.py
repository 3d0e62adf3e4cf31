"""The resident's service requests under /my/requests/: the list of one's own requests and the
kinds one may file, the kind's own form, and one request with its timeline and a reply form.
The services decide who may file what and who sees which request (only its requester)."""

from __future__ import annotations

from flask import Blueprint, abort, flash, redirect, render_template, request, url_for
from flask_babel import gettext as _
from flask_login import current_user

from ...params import id_arg
from ...services import service_requests as service
from ...services.service_requests import RequestError
from ..resident.guards import resident_required
from ..stored_file import send_stored
from .forms import FORMS, ReplyForm
from .labels import TEMPLATE_GLOBALS
from .messages import put_error

bp = Blueprint("service_requests", __name__)
for _name, _function in TEMPLATE_GLOBALS.items():
    bp.add_app_template_global(_function, _name)


@bp.get("/")
@resident_required
def index():
    page = service.start_page(current_user, id_arg("flat"))
    return render_template("service_requests/index.html", page=page)


def _form_class(kind: str):
    form_class = FORMS.get(kind)
    if form_class is None:
        abort(404)
    return form_class


def _render_new(form, flat_id: int, code: int = 200):
    form.relabel()
    return render_template("service_requests/new.html", form=form, flat_id=flat_id), code


@bp.route("/new", methods=["GET", "POST"])
@resident_required
def new():
    kind = request.args.get("kind", "")
    form_class = _form_class(kind)
    flat_id = id_arg("flat")
    if flat_id is None:
        abort(404)
    if request.method == "GET":
        service.check_kind(current_user, flat_id, kind)
        return _render_new(form_class(formdata=None), flat_id)
    form = form_class()
    if form.validate_on_submit():
        try:
            filed = service.file_request(
                current_user,
                flat_id,
                kind,
                form.data_for_rules(),
                form.uploads(request.files.getlist(form.attachments.name)),
            )
        except RequestError as exc:
            put_error(form, exc)
        else:
            flash(
                _("Your request was sent to the asoy desk. You get an e-mail of every change."),
                "success",
            )
            return redirect(url_for("service_requests.detail", request_id=filed.id))
    else:
        service.check_kind(current_user, flat_id, kind)  # no form errors for a kind not yours
    return _render_new(form, flat_id, 422)


def _render_detail(request_id: int, form=None, code: int = 200):
    view = service.request_view(current_user, request_id)
    form = form or ReplyForm(formdata=None)
    return render_template("service_requests/detail.html", view=view, form=form), code


@bp.get("/<int:request_id>")
@resident_required
def detail(request_id: int):
    return _render_detail(request_id)


@bp.post("/<int:request_id>/reply")
@resident_required
def reply(request_id: int):
    form = ReplyForm()
    if form.validate_on_submit():
        try:
            service.reply(current_user, request_id, form.body.data)
        except RequestError as exc:
            put_error(form, exc)
        else:
            flash(_("Your message was sent to the asoy desk."), "success")
            return redirect(url_for("service_requests.detail", request_id=request_id))
    return _render_detail(request_id, form, 422)


@bp.get("/files/<int:attachment_id>")
@resident_required
def attachment(attachment_id: int):
    return send_attachment(service.resident_attachment(current_user, attachment_id))


def send_attachment(found):
    """A stored attachment as a download that no browser runs or sniffs."""
    return send_stored(
        found.data, found.mimetype, found.download_name, as_attachment=True, sandbox=True
    )
