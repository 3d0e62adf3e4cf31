"""Service requests (issue 10 §2): each kind with its own fields and statuses
(``domain.service_requests``); the resident files and follows their own (``resident``), the
asoy desk handles them (``desk``); attachments are checked and stored like the scanned power
of attorney (``attachments``); the requester alone is told of every change (``common``).

Callers import this package: ``services.service_requests.file_request``.
"""

from .attachments import AttachmentFile, Upload
from .common import RequestError
from .desk import (
    STATUS_FILTERS,
    DeskList,
    DeskView,
    add_note,
    assign,
    decide,
    desk_attachment,
    desk_list,
    desk_view,
    message,
    set_status,
)
from .resident import (
    KindChoice,
    RequestView,
    StartPage,
    check_kind,
    file_request,
    reply,
    request_view,
    resident_attachment,
    start_page,
)

__all__ = [
    "STATUS_FILTERS",
    "AttachmentFile",
    "DeskList",
    "DeskView",
    "KindChoice",
    "RequestError",
    "RequestView",
    "StartPage",
    "Upload",
    "add_note",
    "assign",
    "check_kind",
    "decide",
    "desk_attachment",
    "desk_list",
    "desk_view",
    "file_request",
    "message",
    "reply",
    "request_view",
    "resident_attachment",
    "set_status",
    "start_page",
]
