"""The asoy desk's one queue (``/staff/inbox/``), its CSV export, assignment, and the reply
templates (``/staff/inbox/templates``).

The queue is a GET form: HTMX swaps only the results block when a filter changes; without
JavaScript the form submits and the page reloads. Pages go by keyset ("Next page" carries the
last row's cursor), so there are no page numbers. Each row links to the case's own desk page;
the message and service request pages are built by other features, so a link whose endpoint is
not there (yet) is left out instead of failing the queue.
"""

from __future__ import annotations

from urllib.parse import urlsplit

from flask import (
    Blueprint,
    Response,
    flash,
    redirect,
    request,
    stream_with_context,
    url_for,
)
from flask_babel import gettext as _
from flask_login import current_user

from ...domain import inbox as rules
from ...domain.clock import file_stamp, helsinki_now
from ...rendering import render
from ...services import inbox
from ...services.inbox import assignment, export, templates
from ...services.inbox import queue as inbox_queue
from ..staff.guards import staff_required
from . import labels
from .forms import AssignForm, DeleteForm, InboxFilterForm, TemplateForm, filter_args

bp = Blueprint("staff_inbox", __name__)

#: Each table's desk page: (endpoint, the id's argument name).
_DESK_PAGES = {
    rules.FAULT_TABLE: ("staff_faults.detail", "report_id"),
    rules.THREAD_TABLE: ("staff_messages.thread", "thread_id"),
    rules.REQUEST_TABLE: ("staff_requests.detail", "request_id"),
}


def item_url(row: inbox.InboxRow) -> str:
    """The case's own desk page."""
    endpoint, argument = _DESK_PAGES[row.table]
    return url_for(endpoint, **{argument: row.id})


def _back(default: str) -> str:
    """Where to go after a POST: the queue page the form was on (a local inbox path only)."""
    target = request.form.get("back", "")
    parts = urlsplit(target)
    if target.startswith("/staff/inbox") and not parts.netloc and "\\" not in target:
        return target
    return default


# --- the queue ----------------------------------------------------------------------------------


def _filter_form(workers=None) -> InboxFilterForm:
    form = InboxFilterForm(request.args)
    form.fill_choices(inbox_queue.workers() if workers is None else workers)
    if not form.state.data:
        form.state.data = rules.ACTIVE
    return form


@bp.get("/")
@staff_required
def queue():
    workers = inbox_queue.workers()
    form = _filter_form(workers)
    filters = form.filters(request.args.get("after"))
    result = inbox.page(filters, viewer_id=current_user.id)
    company_note = form.company_note or form.show_company(result.company)
    assign_form = AssignForm(formdata=None)
    assign_form.fill_choices(workers)
    args = filter_args(filters, result.company)
    return render(
        "staff_inbox/queue.html",
        block="results",
        form=form,
        result=result,
        filters=filters,
        page_args=args,
        company_note=company_note,
        worker_choices=[(c.value, str(c.label)) for c in assign_form.worker.choices],
        item_url=item_url,
        labels=labels,
        table_names=assignment.NAME_OF_TABLE,
        rules=rules,
    )


@bp.get("/export.csv")
@staff_required
def export_csv():
    form = _filter_form()
    filters = form.filters()
    headers = [
        _("Type"), _("Number"), _("Status"), _("Own status"), _("Title"), _("Sender"),
        _("Housing company"), _("Flat"), _("Received"), _("Last activity"), _("Assigned to"),
        _("Overdue"), _("Needs triage"),
    ]  # fmt: skip
    rows = inbox_queue.all_rows(filters, viewer_id=current_user.id)
    body = stream_with_context(export.csv_lines(rows, headers, labels.label))
    stamp = file_stamp(helsinki_now())
    return Response(
        body,
        mimetype="text/csv",
        headers={"Content-Disposition": f'attachment; filename="desk-queue-{stamp}.csv"'},
    )


@bp.post("/assign/<kind>/<int:item_id>")
@staff_required
def assign(kind: str, item_id: int):
    form = AssignForm()
    form.fill_choices(inbox_queue.workers())
    back = _back(url_for("staff_inbox.queue"))
    if not form.validate():
        flash(_("The assignment was not saved. Try again."), "error")
        return redirect(back)
    worker = inbox.assign(kind, item_id, form.worker_id(), current_user._get_current_object())
    if worker is None:
        flash(_("The case is now assigned to nobody."), "success")
    else:
        flash(_("The case is now assigned to %(name)s.", name=worker.name or worker.email),
              "success")  # fmt: skip
    return redirect(back)


# --- reply templates ----------------------------------------------------------------------------


def _data(form: TemplateForm) -> templates.TemplateData:
    return templates.TemplateData(
        name=form.name.data,
        body_fi=form.body_fi.data,
        body_sv=form.body_sv.data or "",
        body_en=form.body_en.data or "",
    )


@bp.get("/templates")
@staff_required
def template_list():
    return render("staff_inbox/templates.html", templates=templates.templates())


@bp.route("/templates/new", methods=["GET", "POST"])
@staff_required
def template_new():
    form = TemplateForm()
    if form.validate_on_submit():
        templates.create_template(_data(form), current_user._get_current_object())
        flash(_("The reply template was saved."), "success")
        return redirect(url_for("staff_inbox.template_list"))
    code = 422 if request.method == "POST" else 200
    return render("staff_inbox/template_form.html", form=form, reply_template=None), code


@bp.route("/templates/<int:template_id>", methods=["GET", "POST"])
@staff_required
def template_edit(template_id: int):
    if request.method == "POST":
        form = TemplateForm()
        if form.validate_on_submit():
            actor = current_user._get_current_object()
            templates.update_template(template_id, _data(form), actor)
            flash(_("The reply template was saved."), "success")
            return redirect(url_for("staff_inbox.template_list"))
        template = templates.get_template(template_id)
        return render("staff_inbox/template_form.html", form=form, reply_template=template), 422
    template = templates.get_template(template_id)
    form = TemplateForm(obj=template)
    return render("staff_inbox/template_form.html", form=form, reply_template=template)


@bp.post("/templates/<int:template_id>/delete")
@staff_required
def template_delete(template_id: int):
    form = DeleteForm()
    if form.validate_on_submit():
        templates.delete_template(template_id, current_user._get_current_object())
        flash(_("The reply template was deleted."), "success")
    return redirect(url_for("staff_inbox.template_list"))
