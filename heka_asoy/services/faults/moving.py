"""The desk moves a report between the housing company's maintenance and Heka's asoy desk.

The responsibility table decides at filing who answers for the repair; the desk sometimes knows
better (the fridge came with the flat but the housing company renewed the kitchen; the "light"
is a broken fitting, not a bulb). A move always has a reason, which the resident sees on the
timeline and in the mail; the move is audited.

- To the housing company: the report goes to its maintenance company by the usual forwarding
  (now in office hours, else at the next opening), as a new report.
- To Heka: the report stays with the asoy desk in "received"; if maintenance already had it, its
  company is told by mail that the report was taken off them.
"""

from __future__ import annotations

from ...db import write_txn
from ...domain import faults as rules
from ...domain import responsibility as parties
from ...models import Flat, User
from .. import audit
from ..mailer import queue_mail
from .core import FaultError, event, mail_reporter, set_status
from .forwarding import schedule_forward
from .public import DESK_LABEL
from .status import claim_report

#: The longest reason kept (the form says so too).
MAX_REASON = 2000


def move_report(staff: User, report_id: int, to: str, reason: str, version: int):
    """Move an open report to ``to`` (``parties.MOVABLE``) with a ``reason``; one transaction
    with the same optimistic version check as every status change."""
    reason = reason.strip()
    if to not in parties.MOVABLE:
        raise FaultError("move_party")
    if not reason:
        raise FaultError("move_reason")
    if len(reason) > MAX_REASON:
        raise FaultError("move_reason_long")
    with write_txn():
        report = claim_report(report_id, version)
        if report.status in rules.CLOSED_STATUSES or report.status in (
            rules.UNCONFIRMED,
            rules.REVIEW,
        ):
            raise FaultError("move_closed")
        if report.responsible == to:
            raise FaultError("move_same")
        was = report.responsible
        at_maintenance = report.forwarded_at is not None and report.status in (
            rules.MAINTENANCE_STATUSES
        )
        report.responsible = to
        report.forward_after = None
        report.save()
        event(report, "moved", status=to, text=reason, actor=staff, actor_label=DESK_LABEL)
        if to == parties.HEKA:
            if at_maintenance:
                _mail_withdrawn(report, reason)
            if report.status != rules.RECEIVED:
                set_status(report, rules.RECEIVED, actor=staff, actor_label=DESK_LABEL)
        else:
            if report.status != rules.RECEIVED:
                set_status(report, rules.RECEIVED, actor=staff, actor_label=DESK_LABEL)
            schedule_forward(report, template=None)  # the reporter hears of the move below
        audit.record(
            "fault_moved",
            staff,
            report,
            actor_label=DESK_LABEL,
            responsible=to,
            was=was,
            reason=reason,
        )
        mail_reporter(report, "fault_moved", reason=reason)
    return report


def _mail_withdrawn(report, reason: str) -> None:
    """Tell the maintenance company that a report it had is Heka's to repair after all."""
    flat = Flat.with_companies(report.flat_id)
    company = flat.housing_company.maintenance_company
    if company is None or not company.email:
        return
    queue_mail(company.email, "fault_withdrawn", "fi", report=report, flat=flat, reason=reason)
