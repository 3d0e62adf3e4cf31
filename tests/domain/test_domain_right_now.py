"""The contact page's model (office_hours.right_now, office_day, next_office_day) and the place
names per language (contacts.places).

2026 calendar: Tue 1 Dec, Wed 2, Thu 3, Fri 4, Sat 5, Sun 6 Dec (Independence Day), Mon 7 Dec;
Tue 6 Jan 2026 is Epiphany; Mon 6 Dec 2027 is Independence Day.
"""

from __future__ import annotations

from datetime import date, datetime, time

import pytest

from heka_asoy.domain import contacts
from heka_asoy.domain.office_hours import (
    HELSINKI,
    Hours,
    OfficeStatus,
    WeeklyHours,
    next_office_day,
    office_day,
    right_now,
)


def at(day: date, hour: int, minute: int = 0) -> datetime:
    return datetime.combine(day, time(hour, minute), tzinfo=HELSINKI)


TUE, WED, THU, FRI, SAT, MON = (date(2026, 12, d) for d in (1, 2, 3, 4, 5, 7))


@pytest.mark.parametrize(
    ("day", "status", "window"),
    [
        (TUE, OfficeStatus.WALK_IN, (time(9), time(15))),
        (WED, OfficeStatus.APPOINTMENT, (time(9), time(12))),
        (THU, OfficeStatus.APPOINTMENT, (time(12), time(15))),
        (FRI, OfficeStatus.CLOSED, None),
        (SAT, OfficeStatus.CLOSED, None),
        (MON, OfficeStatus.CLOSED, None),
    ],
)
def test_office_day_by_weekday(day, status, window):
    """Walk-in Tue 9-15, appointments Wed 9-12 and Thu 12-15, closed Mon, Fri and weekends."""
    found = office_day(day)
    assert (found.status, found.window, found.holiday) == (status, window, False)


def test_office_closed_on_a_holiday_tuesday():
    """Epiphany on a Tuesday closes the walk-in day; the next day the office serves is Wed."""
    epiphany = date(2026, 1, 6)
    found = office_day(epiphany)
    assert found.status is OfficeStatus.CLOSED
    assert found.holiday
    assert next_office_day(epiphany).day == date(2026, 1, 7)


def test_next_office_day_skips_closed_days():
    assert next_office_day(THU).day == date(2026, 12, 8)  # Fri, weekend, Mon closed
    assert next_office_day(THU).status is OfficeStatus.WALK_IN


def test_next_office_day_none_when_never_open():
    never = Hours(office_walk_in=WeeklyHours({}), office_appointment=WeeklyHours({}))
    assert next_office_day(TUE, never) is None


@pytest.mark.parametrize(
    ("moment", "phone", "desk", "phase"),
    [
        (at(TUE, 10), contacts.HEKA_CUSTOMER_SERVICE_PHONE, True, "open"),
        (at(TUE, 13), contacts.ONCALL_PHONE, False, "open"),
        (at(TUE, 8, 59), contacts.ONCALL_PHONE, False, "before"),
        (at(TUE, 15), contacts.ONCALL_PHONE, False, "after"),
        (at(MON, 10), contacts.HEKA_CUSTOMER_SERVICE_PHONE, True, "closed"),
        (at(SAT, 10), contacts.ONCALL_PHONE, False, "closed"),
        (at(date(2027, 12, 6), 10), contacts.ONCALL_PHONE, False, "closed"),
    ],
)
def test_right_now(moment, phone, desk, phase):
    """The number that applies, whether the desk answers, and where the moment falls in today's
    office window."""
    now = right_now(moment)
    assert now.phone == phone
    assert now.on_call is (phone == contacts.ONCALL_PHONE)
    assert now.desk_open is desk
    assert now.office_phase == phase


def test_right_now_names_the_holiday_in_the_language():
    moment = at(date(2027, 12, 6), 10)
    assert right_now(moment, "fi").holiday == "Itsenäisyyspäivä"
    assert right_now(moment, "sv").holiday == "Självständighetsdagen"
    assert right_now(moment, "en").holiday == "Independence Day"
    assert right_now(at(TUE, 10), "en").holiday is None


def test_right_now_extra_closed_date_has_no_holiday_name():
    """A staff training day closes like a holiday, without a name."""
    now = right_now(at(TUE, 10), "en", Hours(closed_dates=frozenset({TUE})))
    assert now.holiday == ""
    assert now.on_call
    assert now.office_today.status is OfficeStatus.CLOSED


def test_right_now_next_desk_opening_and_utc_input():
    """An aware UTC moment is read in Helsinki time; after 12 the desk next opens tomorrow 9."""
    from datetime import UTC

    now = right_now(datetime(2026, 12, 1, 11, 0, tzinfo=UTC))  # 13:00 in Helsinki
    assert now.moment.hour == 13
    assert now.next_desk_opening == at(WED, 9)
    assert now.office_next.day == WED


@pytest.mark.parametrize(
    ("language", "office", "key_street", "key_corner"),
    [
        ("fi", "Viipurinkatu 2, Alppila", "Mäkelänkatu 2", "Vääksyntie / Teollisuuskatu"),
        ("sv", "Viborgsgatan 2, Alphyddan", "Backasgatan 2", "Vääksyvägen / Industrigatan"),
        (
            "en",
            "Viipurinkatu 2 (Viborgsgatan 2), Alppila (Alphyddan)",
            "Mäkelänkatu 2 (Backasgatan 2)",
            "Vääksyntie (Vääksyvägen) / Teollisuuskatu (Industrigatan)",
        ),
    ],
)
def test_places(language, office, key_street, key_corner):
    """The office and the key service point in each language's names (DOMAIN.md)."""
    names = contacts.places(language)
    assert (names.office, names.key_street, names.key_corner) == (office, key_street, key_corner)


def test_places_follow_the_constants():
    """The per-language names agree with the single constants (one source of truth)."""
    assert contacts.places("fi").office == contacts.OFFICE_ADDRESS_FI
    assert contacts.places("sv").office == contacts.OFFICE_ADDRESS_SV
    assert contacts.places("sv").bus_stop == "Sturegatan"
    assert contacts.places("sv").car_park == "Borgbacken"
    assert contacts.places("fi").bus_stop == "Sturenkatu"
    assert contacts.places("fi").car_park == "Linnanmäki"
    assert contacts.places("de") == contacts.places("fi")
