"""Messages between a resident and the asoy desk (threads): the resident's side (``resident``),
the desk's side (``desk``), their mails (``mails``), attachments (``attachments``) and the
resident's list of all their cases (``cases``).

Callers import this package: ``services.messages.start_thread``.
"""

from .attachments import MAX_ATTACHMENTS, AttachmentFile, Upload
from .cases import CaseRow, my_cases
from .common import (
    BODY_MAX,
    STATUSES,
    SUBJECT_MAX,
    TOPICS,
    MessageError,
    status_label,
    topic_label,
)
from .desk import (
    LIST_FILTERS,
    DeskList,
    DeskThread,
    add_note,
    answer,
    assign,
    desk_attachment,
    desk_list,
    desk_thread,
    desk_workers,
    set_status,
)
from .resident import (
    ThreadsPage,
    ThreadView,
    new_thread_flats,
    own_thread,
    reply,
    require_messages,
    resident_attachment,
    start_thread,
    thread_view,
    threads_page,
)

__all__ = [
    "BODY_MAX",
    "LIST_FILTERS",
    "MAX_ATTACHMENTS",
    "STATUSES",
    "SUBJECT_MAX",
    "TOPICS",
    "AttachmentFile",
    "CaseRow",
    "DeskList",
    "DeskThread",
    "MessageError",
    "ThreadView",
    "ThreadsPage",
    "Upload",
    "add_note",
    "answer",
    "assign",
    "desk_attachment",
    "desk_list",
    "desk_thread",
    "desk_workers",
    "my_cases",
    "new_thread_flats",
    "own_thread",
    "reply",
    "require_messages",
    "resident_attachment",
    "set_status",
    "start_thread",
    "status_label",
    "thread_view",
    "threads_page",
    "topic_label",
]
