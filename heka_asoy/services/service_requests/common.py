"""What the resident and desk sides share: the refusal, the timeline event, and telling the
requester (a mail in their language through the outbox and a notice for the bell).

Only ever the requester is told: nothing about a request is mailed or noticed to anyone else,
so a disturbance report never reaches the neighbour it is about (``domain.service_requests``).
"""

from __future__ import annotations

from flask_babel import force_locale
from flask_babel import gettext as _

from ...models import Notification, ServiceRequest, User
from ...models.desk import ServiceRequestEvent
from ..errors import ServiceError
from ..mailer import queue_mail
from ..urls import external_url


class RequestError(ServiceError):
    """A service-request rule said no; ``code`` picks the words and ``field`` (in ``params``)
    the form field they are shown next to. Nothing was changed."""

    @property
    def field(self) -> str | None:
        return self.params.get("field")


def add_event(
    request: ServiceRequest,
    kind: str,
    actor: User | None,
    *,
    status: str = "",
    body: str = "",
    from_staff: bool = False,
    internal: bool = False,
) -> ServiceRequestEvent:
    """One step of the timeline (in the caller's transaction)."""
    return ServiceRequestEvent.create(
        request=request.id,
        kind=kind,
        status=status,
        body=body,
        actor=actor.id if actor is not None else None,
        from_staff=from_staff,
        internal=internal,
    )


def _notice_text(request: ServiceRequest, event: str) -> str:
    """The bell's line, in the requester's language (set by the caller)."""
    if event == "message":
        return _(
            "New message from the asoy desk on your service request %(number)s.", number=request.id
        )
    if event == "decided":
        return _("Your service request %(number)s was decided.", number=request.id)
    if event == "received":
        return _("Your service request %(number)s was received.", number=request.id)
    return _("The status of your service request %(number)s changed.", number=request.id)


def tell_requester(request: ServiceRequest, event: str, body: str = "") -> None:
    """Mail the requester (and only them) about ``event`` — received, status, decided, message —
    and leave a notice for the bell; inside the caller's transaction."""
    user = User.get_by_id(request.user_id)
    if user.disabled:
        return
    link = external_url("service_requests.detail", request_id=request.id)
    with force_locale(user.language or "fi"):
        text = _notice_text(request, event)
    Notification.create(user=user.id, kind="service_request", text=text[:255], url=link)
    queue_mail(
        user.notice_email,
        "service_request_event",
        user.language or "fi",
        request=request,
        event=event,
        body=body,
        link=link,
    )
