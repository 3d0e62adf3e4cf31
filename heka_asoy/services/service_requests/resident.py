"""The resident's side: the kinds a user may file for a flat, filing one (with attachments),
the list of their own requests, one request with its timeline, and replying to the desk.

Visibility: a request is seen only by the user who filed it (and the desk), in a flat the user
still may see (``access.started_flats``). Other residents of the same flat do not see it, and
nothing ties a disturbance report to the flat it names (``which_flat`` is only text for the
desk), so no page, list or mail of the neighbour can show it. Any other request id is
``NotFound``, exactly as a request that does not exist.
"""

from __future__ import annotations

from dataclasses import dataclass

from ...db import write_txn
from ...domain import service_requests as rules
from ...domain.clock import helsinki_today
from ...models import ServiceRequest, User, utcnow
from ...models.desk import Attachment, ServiceRequestEvent
from .. import access, audit
from ..errors import NotFound, Refused
from .attachments import AttachmentFile, Upload, attachment_file, check_uploads, discard, store
from .common import RequestError, add_event, tell_requester

#: How many of the user's requests the list shows.
LIST_LIMIT = 100


@dataclass(frozen=True)
class KindChoice:
    kind: str
    allowed: bool


@dataclass(frozen=True)
class StartPage:
    flats: list
    flat_id: int
    kinds: list[KindChoice]
    requests: list[ServiceRequest]


def _visible_flats(user: User) -> list[int]:
    return [fa.flat_id for fa in access.started_flats(user)]


def _own(user: User):
    """The user's own requests in flats they may still see."""
    return ServiceRequest.select().where(
        (ServiceRequest.user == user.id) & ServiceRequest.flat.in_(_visible_flats(user) or [0])
    )


def start_page(user: User, wanted_flat: int | None) -> StartPage:
    """The list of the user's own requests (newest first) and the kinds they may file for the
    chosen flat; a constant number of queries."""
    # Without a choice: the first flat where the user files at least the neighbour reports.
    flat_id = access.pick_flat(user, wanted_flat, None, preferred="faults")
    flat = next(f for f in access.started_flats(user) if f.flat_id == flat_id)
    kinds = [KindChoice(k, flat.can(rules.CAPABILITY[k])) for k in rules.KINDS]
    if not any(k.allowed for k in kinds):
        raise Refused("service_requests")
    requests = list(
        _own(user)
        .order_by(ServiceRequest.created_at.desc(), ServiceRequest.id.desc())
        .limit(LIST_LIMIT)
    )
    flats = access.describe(access.started_flats(user))
    return StartPage(flats, flat_id, kinds, requests)


def check_kind(user: User, flat_id: int, kind: str) -> None:
    """May the user file ``kind`` for the flat? NotFound for an unknown kind or flat, Refused
    without the kind's capability."""
    if not rules.is_kind(kind):
        raise NotFound("kind")
    access.flat_access(user, flat_id, rules.CAPABILITY[kind])


def file_request(
    user: User, flat_id: int, kind: str, fields: dict, uploads: list[Upload] | None = None
) -> ServiceRequest:
    """File a request of ``kind`` for the flat: the kind's fields checked by the rules, the
    attachments checked and stored, the request and its first timeline step written, and the
    requester mailed a receipt. A bad field or file is a ``RequestError`` and nothing is kept."""
    check_kind(user, flat_id, kind)
    try:
        data = rules.clean_data(kind, fields, helsinki_today())
    except rules.RequestRuleError as exc:
        raise RequestError(exc.code, field=exc.field) from exc
    stored = store(check_uploads(uploads or []))
    try:
        with write_txn():
            fa = access.flat_access(user, flat_id, rules.CAPABILITY[kind])
            request = ServiceRequest.create(flat=flat_id, user=user.id, kind=kind, data=data)
            for s in stored:
                Attachment.create(
                    service_request=request.id,
                    filename=s.filename,
                    content_type=s.content_type,
                    storage_key=s.storage_key,
                    size=s.size,
                )
            add_event(request, "status", user, status=rules.RECEIVED)
            access.spend_power(fa)
            audit.record("service_request_filed", user, request, flat=flat_id, kind=kind)
            tell_requester(request, "received")
    except BaseException:
        discard(stored)
        raise
    return request


@dataclass(frozen=True)
class RequestView:
    request: ServiceRequest
    events: list[ServiceRequestEvent]
    attachments: list[Attachment]
    can_reply: bool


def _own_request(user: User, request_id: int) -> ServiceRequest:
    request = _own(user).where(ServiceRequest.id == request_id).first()
    if request is None:
        raise NotFound("service_request")
    return request


def request_view(user: User, request_id: int) -> RequestView:
    """One of the user's own requests with its timeline (never the desk's internal notes) and
    attachments; NotFound for anyone else's."""
    request = _own_request(user, request_id)
    events = list(
        ServiceRequestEvent.select()
        .where((ServiceRequestEvent.request == request.id) & ~ServiceRequestEvent.internal)
        .order_by(ServiceRequestEvent.created_at, ServiceRequestEvent.id)
    )
    attachments = list(
        Attachment.select().where(Attachment.service_request == request.id).order_by(Attachment.id)
    )
    return RequestView(request, events, attachments, rules.accepts_reply(request.status))


def reply(user: User, request_id: int, body: str) -> ServiceRequestEvent:
    """The requester's message to the desk. A request waiting for the resident goes back to
    "in progress" (the desk's turn); a closed one takes no reply (file a new request)."""
    body = (body or "").strip()
    if not body:
        raise RequestError("required", field="body")
    if len(body) > rules.MESSAGE_MAX:
        raise RequestError("too_long", field="body")
    with write_txn():
        request = _own_request(user, request_id)
        if not rules.accepts_reply(request.status):
            raise RequestError("closed", field="body")
        event = add_event(request, "message", user, body=body)
        new = rules.status_after_reply(request.status)
        changes = {"updated_at": utcnow()}
        if new != request.status:
            changes["status"] = new
            add_event(request, "status", user, status=new)
        ServiceRequest.update(**changes).where(ServiceRequest.id == request.id).execute()
        audit.record("service_request_reply", user, request, flat=request.flat_id)
    return event


def resident_attachment(user: User, attachment_id: int) -> AttachmentFile:
    """A file of one of the user's own requests; NotFound for any other."""
    row = (
        Attachment.select(Attachment)
        .join(ServiceRequest)
        .where(
            (Attachment.id == attachment_id)
            & (ServiceRequest.user == user.id)
            & ServiceRequest.flat.in_(_visible_flats(user) or [0])
        )
        .first()
    )
    if row is None:
        raise NotFound("attachment")
    return attachment_file(row.storage_key, row.content_type, row.filename)
