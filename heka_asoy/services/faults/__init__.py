"""Fault reports, by topic:

- ``core``: the errors, the form's input and rules, photos, timeline events and status writes,
  the reporter's notices (shared by every use case below);
- ``reports``: the logged-in resident's list, filing, one report, comments and feedback;
- ``public``: the no-login form, its confirmation and routing, the desk's review of it;
- ``status``: status changes, visits and messages by the desk, maintenance or the system;
- ``forwarding``: sending reports and comments on to the maintenance company;
- ``moving``: the desk moves a report between the housing company and Heka, with a reason;
- ``links`` and ``maintenance``: the signed maintenance link and the page behind it.

Every write is one transaction that also queues its mails and on-page notifications, so a
report is never half-saved and its notices are never lost. Callers import from here
(``from heka_asoy.services.faults import X``); the modules are the package's own layout.
"""

from __future__ import annotations

from .core import (
    MAX_PHOTOS,
    MAX_REPORT_PHOTOS,
    FaultError,
    LinkClosed,
    LinkInvalid,
    PhotoFile,
    PhotoNotFound,
    ReportInput,
    ReportNotFound,
    ReportView,
    check_input,
    local,
    photos_of,
    timeline,
)
from .forwarding import forward_due, forward_hours
from .links import MAINTENANCE_SALT, _serializer, maintenance_token, report_for_maintenance
from .maintenance import (
    MaintenanceChange,
    MaintenanceView,
    maintenance_photo,
    maintenance_update,
    maintenance_view,
)
from .moving import MAX_REASON, move_report
from .public import (
    CONFIRM,
    DESK_LABEL,
    PublicReporter,
    accept_review,
    confirm_public_report,
    file_public_report,
    reject_review,
    route_confirmed,
    route_public_report,
)
from .reports import (
    ReportsPage,
    add_comment,
    answer_feedback,
    fault_flats,
    file_report,
    flat_reports,
    new_report_flats,
    report_view,
    reports_page,
    resident_photo,
    resident_report,
)
from .shared import SharedReport, join_report, me_too_count, shared_reports
from .status import (
    change_status,
    claim_report,
    maintenance_note,
    reschedule_visit,
    staff_message,
)

__all__ = [
    "CONFIRM",
    "DESK_LABEL",
    "MAINTENANCE_SALT",
    "MAX_PHOTOS",
    "MAX_REASON",
    "MAX_REPORT_PHOTOS",
    "FaultError",
    "LinkClosed",
    "LinkInvalid",
    "MaintenanceChange",
    "MaintenanceView",
    "PhotoFile",
    "PhotoNotFound",
    "PublicReporter",
    "ReportInput",
    "ReportNotFound",
    "ReportView",
    "ReportsPage",
    "SharedReport",
    "_serializer",
    "accept_review",
    "add_comment",
    "answer_feedback",
    "change_status",
    "check_input",
    "claim_report",
    "confirm_public_report",
    "fault_flats",
    "file_public_report",
    "file_report",
    "flat_reports",
    "forward_due",
    "forward_hours",
    "local",
    "maintenance_note",
    "maintenance_photo",
    "maintenance_token",
    "maintenance_update",
    "maintenance_view",
    "join_report",
    "me_too_count",
    "move_report",
    "new_report_flats",
    "photos_of",
    "reject_review",
    "report_for_maintenance",
    "report_view",
    "reports_page",
    "reschedule_visit",
    "resident_photo",
    "resident_report",
    "route_confirmed",
    "route_public_report",
    "shared_reports",
    "staff_message",
    "timeline",
]
