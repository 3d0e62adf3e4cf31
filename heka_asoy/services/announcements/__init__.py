"""Announcements from Heka to all, one housing company or one building, by topic:

- ``reading``: what a resident sees (the list page, marking read, the dashboard's unread count
  and emergencies, the fault form's emergencies);
- ``desk``: the desk's list, create, edit and withdraw (audited);
- ``mailing``: the mail fan-out to the targeted residents, once each (a background job);
- ``fault_form``: what the fault form shows before a report is filed (emergencies and the
  building's open shared-space reports).

The rules without Flask are in ``domain.announcements``. Callers import from here.
"""

from __future__ import annotations

from .desk import (
    AnnouncementError,
    AnnouncementInput,
    DeskRow,
    Places,
    announcement,
    desk_list,
    form_places,
    save,
    withdraw,
)
from .fault_form import FaultFormNotices, fault_form_notices
from .mailing import mail_announcement, mail_due, recipients
from .reading import (
    AnnouncementItem,
    DashboardSummary,
    announcements_page,
    dashboard_summary,
    flat_emergencies,
)

__all__ = [
    "AnnouncementError",
    "AnnouncementInput",
    "AnnouncementItem",
    "DashboardSummary",
    "DeskRow",
    "FaultFormNotices",
    "Places",
    "announcement",
    "announcements_page",
    "dashboard_summary",
    "desk_list",
    "fault_form_notices",
    "flat_emergencies",
    "form_places",
    "mail_announcement",
    "mail_due",
    "recipients",
    "save",
    "withdraw",
]
