"""Status changes, visits and messages on a report, by the desk, maintenance or the system.

Status changes use an optimistic version check, so the desk and maintenance cannot overwrite
each other's change unseen; each is one transaction with its mails and notices.
"""

from __future__ import annotations

from datetime import datetime

from ...db import write_txn
from ...domain import faults as rules
from ...domain import responsibility as parties
from ...models import FaultEvent, FaultReport, User, utcnow
from .. import audit
from .core import FaultError, ReportNotFound, event, mail_reporter, naive, set_status
from .forwarding import mail_forward


def claim_report(report_id: int, version: int) -> FaultReport:
    """Take a report for a change if nobody changed it since ``version`` was read; call inside
    a write transaction. The conditional UPDATE is what makes it safe: of two workers holding the
    same version, the second updates no row (PostgreSQL re-checks the WHERE after the first
    commits; SQLite's IMMEDIATE transaction serialises them)."""
    report = FaultReport.get_or_none(FaultReport.id == report_id)
    if report is None:
        raise ReportNotFound()
    claimed = (
        FaultReport.update(version=FaultReport.version + 1)
        .where((FaultReport.id == report_id) & (FaultReport.version == version))
        .execute()
    )
    if claimed != 1:
        raise FaultError("conflict")
    report.version = version + 1
    return report


def change_status(
    report_id: int,
    new: str,
    *,
    actor_kind: str,
    version: int,
    actor: User | None = None,
    actor_label: str = "",
    text: str = "",
    visit_at: datetime | None = None,
) -> FaultReport:
    """Change a report's status as desk, maintenance or system, if the rules allow it and nobody
    changed the report since ``version`` was read (no lost update)."""
    with write_txn():
        report = claim_report(report_id, version)
        if not rules.can_transition(report.status, new, actor_kind):
            raise FaultError("transition")
        problem = rules.visit_problem(report.status, new, visit_at is not None)
        if problem:
            raise FaultError(problem)
        if visit_at is not None:
            report.visit_at = naive(visit_at)
        if new == rules.SENT_TO_MAINTENANCE:
            if not parties.forwarded(report.responsible):
                # Heka's or the resident's share: moving it (with a reason) is the way over
                raise FaultError("move_first")
            mail_forward(report)  # the desk sends it on by hand: maintenance must hear of it
        set_status(report, new, actor=actor, actor_label=actor_label, text=text)
        audit.record("fault_status", actor, report, actor_label=actor_label, status=new)
        mail_reporter(report, "fault_status")
    return report


def reschedule_visit(report_id: int, visit_at: datetime, *, version: int, actor_label: str):
    """Maintenance moves an agreed visit to a new time (no status change); the resident is told.
    Only while a visit is agreed: a report still waiting for one gets it with "visit agreed"."""
    with write_txn():
        report = claim_report(report_id, version)
        problem = rules.visit_problem(report.status, None, True)
        if problem:
            raise FaultError(problem)
        report.visit_at = naive(visit_at)
        report.updated_at = utcnow()
        report.save()
        event(report, "visit", text=visit_at.isoformat(), actor_label=actor_label)
        audit.record("fault_visit", None, report, actor_label=actor_label)
        mail_reporter(report, "fault_status")
    return report


def _report(report_id: int) -> FaultReport:
    report = FaultReport.get_or_none(FaultReport.id == report_id)
    if report is None:
        raise ReportNotFound()
    return report


def staff_message(staff: User, report_id: int, text: str, internal: bool) -> FaultEvent:
    """The desk writes an internal note (never shown to the resident) or a message to them."""
    if not text.strip():
        raise FaultError("empty_comment")
    with write_txn():
        report = _report(report_id)
        note = event(
            report,
            "note" if internal else "comment",
            text=text.strip(),
            visible=not internal,
            actor=staff,
            actor_label="asoy",
        )
        if not internal:
            mail_reporter(report, "fault_message", message=text.strip())
        audit.record("fault_note" if internal else "fault_message", staff, report)
    return note


def maintenance_note(report_id: int, text: str, label: str) -> FaultEvent:
    """Maintenance, acting through its link, leaves a note for the resident."""
    with write_txn():
        report = _report(report_id)
        note = event(report, "comment", text=text.strip(), actor_label=label)
        mail_reporter(report, "fault_message", message=text.strip())
        audit.record("fault_maintenance_note", None, report, actor_label=label)
    return note
