"""The asoy desk's side: the list with filters, one request with everything (internal notes
too), and what the desk does with it — status, decision, message, internal note, assignment.

Every change the requester should know of is mailed to them in their language and noticed on
their pages (``common.tell_requester``); internal notes and assignments never are. The first
desk message or decision stops the SLA clock (``first_answered_at``). A status leaves its old
value through a conditional UPDATE, so two desk workers acting at once cannot both move it;
the second hears of the conflict and nothing changes.
"""

from __future__ import annotations

from dataclasses import dataclass, field

from peewee import JOIN

from ...db import write_txn
from ...domain import service_requests as rules
from ...models import Building, Flat, HousingCompany, ServiceRequest, User, utcnow
from ...models.accounts import STAFF_ROLES
from ...models.desk import Attachment, ReplyTemplate, ServiceRequestEvent
from .. import audit
from ..errors import NotFound
from ..inbox import templates as reply_templates
from .attachments import AttachmentFile, attachment_file
from .common import RequestError, add_event, tell_requester

#: How many requests the desk's list shows at a time.
LIST_LIMIT = 200
#: The list's status filter: "open" (everything not closed) or one status, or "all".
STATUS_FILTERS = ("open", *rules.STATUSES, "all")

Assignee = User.alias("assignee")


@dataclass(frozen=True)
class DeskList:
    kind: str
    status: str
    mine: bool
    requests: list[ServiceRequest]


def _with_place(query):
    """Requests with flat, building, housing company, requester and assignee: one query."""
    return (
        query.select(ServiceRequest, Flat, Building, HousingCompany, User, Assignee)
        .join(Flat)
        .join(Building)
        .switch(Flat)
        .join(HousingCompany)
        .switch(ServiceRequest)
        .join(User, on=(ServiceRequest.user == User.id))
        .switch(ServiceRequest)
        .join(
            Assignee,
            JOIN.LEFT_OUTER,
            on=(ServiceRequest.assigned_to == Assignee.id),
            attr="assignee",
        )
    )


def desk_list(staff: User, kind: str = "", status: str = "open", mine: bool = False) -> DeskList:
    """The requests of one kind (or all) and status filter, oldest open first; one query."""
    kind = kind if rules.is_kind(kind) else ""
    status = status if status in STATUS_FILTERS else "open"
    query = _with_place(ServiceRequest.select())
    if kind:
        query = query.where(ServiceRequest.kind == kind)
    if status == "open":
        query = query.where(ServiceRequest.status != rules.CLOSED)
    elif status != "all":
        query = query.where(ServiceRequest.status == status)
    if mine:
        query = query.where(ServiceRequest.assigned_to == staff.id)
    order = (
        (ServiceRequest.created_at, ServiceRequest.id)
        if status in ("open", rules.RECEIVED, rules.IN_PROGRESS, rules.WAITING)
        else (ServiceRequest.updated_at.desc(), ServiceRequest.id.desc())
    )
    return DeskList(kind, status, mine, list(query.order_by(*order).limit(LIST_LIMIT)))


@dataclass(frozen=True)
class DeskView:
    request: ServiceRequest
    events: list[ServiceRequestEvent]
    attachments: list[Attachment]
    staff: list[User]
    statuses: list[str]
    decisions: tuple[str, ...]
    #: The desk's reply templates, and the chosen one's text in the requester's language.
    templates: list[ReplyTemplate] = field(default_factory=list)
    template_text: str = ""


def _get(request_id: int) -> ServiceRequest:
    request = _with_place(ServiceRequest.select()).where(ServiceRequest.id == request_id).first()
    if request is None:
        raise NotFound("service_request")
    return request


def desk_view(request_id: int, template_id: int | None = None) -> DeskView:
    """Everything about one request: fields, attachments, the whole timeline with internal
    notes, and what can be done next; with ``template_id`` the message to the resident starts
    from that reply template in their language (``NotFound`` for an unknown one)."""
    request = _get(request_id)
    Actor = User.alias("actor")
    events = list(
        ServiceRequestEvent.select(ServiceRequestEvent, Actor)
        .join(Actor, JOIN.LEFT_OUTER, on=(ServiceRequestEvent.actor == Actor.id), attr="actor")
        .where(ServiceRequestEvent.request == request.id)
        .order_by(ServiceRequestEvent.created_at, ServiceRequestEvent.id)
    )
    attachments = list(
        Attachment.select().where(Attachment.service_request == request.id).order_by(Attachment.id)
    )
    staff = list(
        User.select()
        .where(User.role.in_(STAFF_ROLES) & ~User.disabled)
        .order_by(User.name, User.email)
    )
    statuses = [
        s
        for s in rules.statuses_for(request.kind)
        if rules.can_set_status(request.kind, request.status, s)
    ]
    decisions = (
        rules.DECISIONS.get(request.kind, ())
        if request.status not in (rules.DECIDED, rules.CLOSED)
        else ()
    )
    language = request.user.language if request.user_id else "fi"
    return DeskView(
        request,
        events,
        attachments,
        staff,
        statuses,
        decisions,
        reply_templates.templates(),
        reply_templates.template_body(template_id, language) if template_id else "",
    )


def _move(request: ServiceRequest, **changes) -> None:
    """Write ``changes`` only if the status is still what was read (else "conflict")."""
    changes["updated_at"] = utcnow()
    won = (
        ServiceRequest.update(**changes)
        .where((ServiceRequest.id == request.id) & (ServiceRequest.status == request.status))
        .execute()
    )
    if won != 1:
        raise RequestError("conflict")
    for name, value in changes.items():
        setattr(request, name, value)


def set_status(staff: User, request_id: int, status: str) -> ServiceRequest:
    """Move the request to ``status`` (not "decided": that is ``decide``); the requester is
    told."""
    with write_txn():
        request = _get(request_id)
        if not rules.can_set_status(request.kind, request.status, status):
            raise RequestError("transition", field="status")
        _move(request, status=status, handled_by=staff.id)
        add_event(request, "status", staff, status=status, from_staff=True)
        audit.record("service_request_status", staff, request, status=status)
        tell_requester(request, "status")
    return request


def decide(staff: User, request_id: int, decision: str, text: str) -> ServiceRequest:
    """Decide the request (approved, approved with conditions, refused, as its kind allows),
    with the conditions or the reason; the requester is told, the SLA clock stops."""
    text = (text or "").strip()
    problem = rules.decision_text_problem(decision, text)
    if problem:
        raise RequestError(problem, field="text")
    with write_txn():
        request = _get(request_id)
        if request.status == rules.DECIDED:
            raise RequestError("already_decided")
        if not rules.can_decide(request.kind, request.status, decision):
            raise RequestError("decision", field="decision")
        _move(
            request,
            status=rules.DECIDED,
            decision=decision,
            decision_text=text,
            handled_by=staff.id,
            first_answered_at=request.first_answered_at or utcnow(),
        )
        add_event(request, "status", staff, status=rules.DECIDED, body=text, from_staff=True)
        audit.record("service_request_decided", staff, request, decision=decision)
        tell_requester(request, "decided", text)
    return request


def message(staff: User, request_id: int, body: str, wait: bool = False) -> ServiceRequestEvent:
    """A message from the desk to the requester, mailed to them. ``wait``: the request now
    waits for the resident's answer; otherwise a request still "received" is now in progress
    (the desk has started on it). The first desk message stops the SLA clock."""
    body = (body or "").strip()
    if not body:
        raise RequestError("required", field="body")
    if len(body) > rules.MESSAGE_MAX:
        raise RequestError("too_long", field="body")
    with write_txn():
        request = _get(request_id)
        if request.status == rules.CLOSED:
            raise RequestError("closed", field="body")
        new = (
            rules.WAITING
            if wait
            else (rules.IN_PROGRESS if request.status == rules.RECEIVED else request.status)
        )
        event = add_event(request, "message", staff, body=body, from_staff=True)
        changes = {"first_answered_at": request.first_answered_at or utcnow()}
        if new != request.status:
            changes.update(status=new, handled_by=staff.id)
            add_event(request, "status", staff, status=new, from_staff=True)
        _move(request, **changes)
        audit.record("service_request_message", staff, request)
        tell_requester(request, "message", body)
    return event


def add_note(staff: User, request_id: int, body: str) -> ServiceRequestEvent:
    """An internal note: on the desk's timeline only, never shown or mailed to the resident."""
    body = (body or "").strip()
    if not body:
        raise RequestError("required", field="body")
    if len(body) > rules.MESSAGE_MAX:
        raise RequestError("too_long", field="body")
    with write_txn():
        request = _get(request_id)
        event = add_event(request, "note", staff, body=body, from_staff=True, internal=True)
        audit.record("service_request_note", staff, request)
    return event


def assign(staff: User, request_id: int, assignee_id: int | None) -> ServiceRequest:
    """Give the request to a desk worker (None: to nobody); not told to the resident."""
    with write_txn():
        request = _get(request_id)
        if assignee_id is not None and not (
            User.select()
            .where((User.id == assignee_id) & User.role.in_(STAFF_ROLES) & ~User.disabled)
            .exists()
        ):
            raise RequestError("assignee", field="assignee")
        ServiceRequest.update(assigned_to=assignee_id, updated_at=utcnow()).where(
            ServiceRequest.id == request.id
        ).execute()
        request.assigned_to = assignee_id
        audit.record("service_request_assigned", staff, request, assignee=assignee_id)
    return request


def desk_attachment(attachment_id: int) -> AttachmentFile:
    """Any request's file, for the desk."""
    row = Attachment.get_or_none(
        (Attachment.id == attachment_id) & Attachment.service_request.is_null(False)
    )
    if row is None:
        raise NotFound("attachment")
    return attachment_file(row.storage_key, row.content_type, row.filename)
