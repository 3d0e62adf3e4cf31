"""What day it is for the people the portal serves: the date in Europe/Helsinki.

The server may run in UTC (or anywhere); between 21:00 and 24:00 UTC Helsinki already lives the
next day (22:00 in winter, 21:00 in summer). A lease that starts "tomorrow" by the server's date
has started for the resident at midnight Helsinki time, so every resident-facing "today" comes
from here, never from ``date.today()``.
"""

from __future__ import annotations

from datetime import date, datetime

from .office_hours import HELSINKI


def helsinki_now() -> datetime:
    """The current moment as an aware Helsinki datetime."""
    return datetime.now(HELSINKI)


def helsinki_today() -> date:
    """Today's date in Helsinki."""
    return helsinki_now().date()
