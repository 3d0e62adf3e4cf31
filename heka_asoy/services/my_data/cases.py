"""The export's cases: fault reports the person filed, their threads with the desk and their
service requests, each with what the person may see of its timeline (never internal notes)."""

from __future__ import annotations

from ...models import (
    Building,
    FaultEvent,
    FaultReport,
    Flat,
    HousingCompany,
    Message,
    MessageThread,
    ServiceRequest,
    ServiceRequestEvent,
    User,
)
from .common import place, with_address


def fault_reports(user: User) -> list[dict]:
    reports = list(
        with_address(FaultReport.select(FaultReport, Flat, Building, HousingCompany).join(Flat))
        .where(FaultReport.reporter == user.id)
        .order_by(FaultReport.created_at)
    )
    events: dict[int, list[dict]] = {}
    if reports:
        for e in (
            FaultEvent.select()
            .where(
                FaultEvent.report.in_([r.id for r in reports])
                & (FaultEvent.visible_to_resident == True)  # noqa: E712
                & (FaultEvent.kind != "note")
            )
            .order_by(FaultEvent.created_at, FaultEvent.id)
        ):
            events.setdefault(e.report_id, []).append(
                {"kind": e.kind, "status": e.status, "text": e.text, "created_at": e.created_at}
            )
    return [
        {
            "flat": place(r.flat),
            "category": r.category,
            "location": r.location,
            "description": r.description,
            "status": r.status,
            "reporter_name": r.reporter_name,
            "reporter_email": r.reporter_email,
            "reporter_phone": r.reporter_phone,
            "created_at": r.created_at,
            "events": events.get(r.id, []),
        }
        for r in reports
    ]


def threads(user: User) -> list[dict]:
    threads = list(
        MessageThread.select()
        .where(MessageThread.user == user.id)
        .order_by(MessageThread.created_at)
    )
    messages: dict[int, list[dict]] = {}
    if threads:
        for m in (
            Message.select()
            .where(
                Message.thread.in_([t.id for t in threads]) & (Message.internal == False)  # noqa: E712
            )
            .order_by(Message.created_at, Message.id)
        ):
            messages.setdefault(m.thread_id, []).append(
                {"from_the_desk": m.from_staff, "body": m.body, "created_at": m.created_at}
            )
    return [
        {
            "subject": t.subject,
            "topic": t.topic,
            "status": t.status,
            "created_at": t.created_at,
            "messages": messages.get(t.id, []),
        }
        for t in threads
    ]


def service_requests(user: User) -> list[dict]:
    requests = list(
        ServiceRequest.select()
        .where(ServiceRequest.user == user.id)
        .order_by(ServiceRequest.created_at)
    )
    events: dict[int, list[dict]] = {}
    if requests:
        for e in (
            ServiceRequestEvent.select()
            .where(
                ServiceRequestEvent.request.in_([r.id for r in requests])
                & (ServiceRequestEvent.internal == False)  # noqa: E712
                & (ServiceRequestEvent.kind != "note")
            )
            .order_by(ServiceRequestEvent.created_at, ServiceRequestEvent.id)
        ):
            events.setdefault(e.request_id, []).append(
                {"kind": e.kind, "status": e.status, "body": e.body, "created_at": e.created_at}
            )
    return [
        {
            "kind": r.kind,
            "status": r.status,
            "details": r.data,
            "decision": r.decision,
            "decision_text": r.decision_text,
            "created_at": r.created_at,
            "events": events.get(r.id, []),
        }
        for r in requests
    ]
