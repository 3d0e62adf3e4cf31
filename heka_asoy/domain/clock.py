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


# Machine formats (file names, spreadsheets): the same in every language, unlike the house date
# styles of ``heka_asoy.i18n``, which are for people reading a page or a mail.


def file_stamp(value: date | datetime) -> str:
    """``20261130`` for a date, ``20261130-1430`` for a datetime: a sortable file-name part."""
    if isinstance(value, datetime):
        return value.strftime("%Y%m%d-%H%M")
    return value.strftime("%Y%m%d")


def precise_file_stamp(value: datetime) -> str:
    """``20261130-143005-123456``: a file-name part unique to the microsecond (two backups in one
    minute get two names)."""
    return value.strftime("%Y%m%d-%H%M%S-%f")


def sortable_minute(value: datetime) -> str:
    """``2026-11-30 14:30``: a wall time a spreadsheet sorts as text."""
    return value.strftime("%Y-%m-%d %H:%M")


def sortable_second(value: datetime) -> str:
    """``2026-11-30 14:30:05``: a wall time to the second (audit rows), sortable as text."""
    return value.strftime("%Y-%m-%d %H:%M:%S")
