"""The resident's own cases in one list ("My cases"): the fault reports of the flats they may
see (as the fault list shows them), their message threads with the desk and their service
requests, newest activity first, in a constant number of queries."""

from __future__ import annotations

from dataclasses import dataclass
from datetime import datetime

from flask import url_for

from ...models import ServiceRequest, User
from .. import access
from ..faults import flat_reports
from .resident import CAPABILITY, own_threads

#: The most cases of each kind the list shows.
PER_KIND = 50


@dataclass(frozen=True)
class CaseRow:
    """One case of any kind, as the list shows it. ``url`` is None when its page is not built."""

    kind: str  # fault, message, service_request
    id: int
    title: str  # a code for faults (category) and service requests (kind); the thread subject
    status: str
    updated_at: datetime
    url: str | None
    unread: int = 0


def _link(endpoint: str, **values) -> str:
    """The URL of a case's page."""
    return url_for(endpoint, **values)


def _service_requests(user: User, limit: int) -> list[ServiceRequest]:
    return list(
        ServiceRequest.select()
        .where(ServiceRequest.user == user.id)
        .order_by(ServiceRequest.updated_at.desc(), ServiceRequest.id.desc())
        .limit(limit)
    )


def my_cases(user: User, limit: int = PER_KIND) -> list[CaseRow]:
    rows: list[CaseRow] = []
    for report in flat_reports(user, limit):
        rows.append(
            CaseRow(
                "fault",
                report.id,
                report.category,
                report.status,
                report.updated_at,
                url_for("faults.detail", report_id=report.id),
            )
        )
    if access.flat_ids_with(user, CAPABILITY):
        for thread in own_threads(user, limit):
            rows.append(
                CaseRow(
                    "message",
                    thread.id,
                    thread.subject,
                    thread.status,
                    thread.updated_at,
                    url_for("messages.thread", thread_id=thread.id),
                    thread.unread,
                )
            )
    for request in _service_requests(user, limit):
        rows.append(
            CaseRow(
                "service_request",
                request.id,
                request.kind,
                request.status,
                request.updated_at,
                _link("service_requests.detail", request_id=request.id),
            )
        )
    rows.sort(key=lambda row: (row.updated_at, row.id), reverse=True)
    return rows
