"""Office appointments, the rules without a database: the statuses a person sees, the weekdays
one may prefer, and the day the reminder goes out.

The reminder goes on the **working day before** the visit: Monday to Friday, not a Finnish
public holiday. A Thursday visit after a Wednesday holiday is reminded on Tuesday, a Wednesday
visit on the Friday before when Monday and Tuesday are holidays.
"""

from __future__ import annotations

from datetime import date, timedelta

from .office_hours import is_holiday

#: Every status of an appointment, in the order of its life.
STATUSES = (
    "unverified",
    "requested",
    "proposed",
    "confirmed",
    "declined",
    "cancelled",
    "came",
    "no_show",
)
#: What a person may ask a visit for.
REASONS = ("identification", "lease", "keys", "other")
#: The weekdays a person may prefer (the office books visits on Wednesdays and Thursdays; the
#: others are offered so that a person can say what suits them).
WEEKDAYS = ("mon", "tue", "wed", "thu", "fri")
#: Statuses still waiting for something to happen (shown first, as "open").
OPEN_STATUSES = ("unverified", "requested", "proposed", "confirmed")


def is_working_day(day: date) -> bool:
    """Monday to Friday and not a Finnish public holiday."""
    return day.weekday() < 5 and not is_holiday(day)


def reminder_day(visit_day: date) -> date:
    """The last working day before ``visit_day``."""
    day = visit_day - timedelta(days=1)
    while not is_working_day(day):
        day -= timedelta(days=1)
    return day


def days_text(days: list[str] | tuple[str, ...]) -> str:
    """Chosen weekdays as stored (``"wed,thu"``), in week order, unknown ones left out."""
    chosen = set(days)
    return ",".join(d for d in WEEKDAYS if d in chosen)


def days_list(text: str) -> list[str]:
    """The stored weekdays back as a list, in week order."""
    chosen = set((text or "").split(","))
    return [d for d in WEEKDAYS if d in chosen]
