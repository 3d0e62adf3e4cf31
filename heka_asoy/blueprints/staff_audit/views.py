"""``/staff/audit/``: the audit log for admins, filtered by who, whom, what and when, newest
first a page at a time (keyset), and the same filter as CSV (at most ``EXPORT_MAX`` rows).
Reading and exporting are audited by the service."""

from __future__ import annotations

from flask import Blueprint, Response, request, stream_with_context
from flask_babel import format_number
from flask_babel import gettext as _
from flask_login import current_user

from ...domain.clock import file_stamp, helsinki_now
from ...rendering import render
from ...services import audit_log
from ...services.audit_log import csv as audit_csv
from ..staff.guards import admin_required
from .forms import KNOWN_ACTIONS, WHOM_LABELS, AuditFilterForm, filter_args

bp = Blueprint("staff_audit", __name__)

#: Target types with a page of their own: (endpoint, the id's argument name).
_TARGET_PAGES = {
    "flat": ("staff_register.flat", "flat_id"),
    "faultreport": ("staff_faults.detail", "report_id"),
    "servicerequest": ("staff_requests.detail", "request_id"),
    "messagethread": ("staff_messages.thread", "thread_id"),
    "lease": ("staff_powers.lease", "lease_id"),
    "termination": ("staff_terminations.detail", "termination_id"),
}


@bp.get("/")
@admin_required
def log():
    form = AuditFilterForm(request.args)
    filters = form.filters(request.args.get("after"))
    result = audit_log.read_page(filters, current_user._get_current_object())
    return render(
        "staff_audit/log.html", block="results", form=form, result=result,
        page_args=filter_args(filters), actions=KNOWN_ACTIONS, whom_labels=WHOM_LABELS,
        target_pages=_TARGET_PAGES, export_max=format_number(audit_log.EXPORT_MAX),
    )  # fmt: skip


@bp.get("/export.csv")
@admin_required
def export_csv():
    filters = AuditFilterForm(request.args).filters()
    rows = audit_log.export_rows(filters, current_user._get_current_object())
    headers = [
        _("Number"), _("Time"), _("Username"), _("Name"), _("Role"), _("Acting desk worker"),
        _("System actor"), _("Action"), _("Target type"), _("Target id"), _("Details"),
        _("IP address"),
    ]  # fmt: skip
    body = stream_with_context(audit_csv.csv_lines(rows, headers))
    stamp = file_stamp(helsinki_now())
    return Response(
        body,
        mimetype="text/csv",
        headers={"Content-Disposition": f'attachment; filename="audit-log-{stamp}.csv"'},
    )
