"""Desk and office hours, Finnish public holidays and phone routing.

Datetimes are passed explicitly (no frozen clock). 2026 calendar used below: Tue 10 March,
Wed 11, Thu 12, Fri 13, Sat 14, Mon 16 March; Tue 6 January (Epiphany); Sun 6 December 2026 and
Mon 6 December 2027 (Independence Day).
"""

from __future__ import annotations

import dataclasses
from datetime import UTC, date, datetime, time, timedelta

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from heka_asoy.domain import contacts
from heka_asoy.domain.office_hours import (
    DEFAULT_HOURS,
    HELSINKI,
    Hours,
    OfficeStatus,
    WeeklyHours,
    appointment_slots,
    business_hours_between,
    desk_open,
    holiday_name,
    is_holiday,
    next_desk_opening,
    office_status,
    to_helsinki,
    urgent_phone,
)

TUE = date(2026, 3, 10)
WED = date(2026, 3, 11)
THU = date(2026, 3, 12)
FRI = date(2026, 3, 13)
SAT = date(2026, 3, 14)
MON = date(2026, 3, 16)


def at(day: date, hour: int, minute: int = 0, second: int = 0) -> datetime:
    return datetime.combine(day, time(hour, minute, second), tzinfo=HELSINKI)


def test_calendar_assumptions() -> None:
    assert [d.weekday() for d in (TUE, WED, THU, FRI, SAT, MON)] == [1, 2, 3, 4, 5, 0]
    assert date(2027, 12, 6).weekday() == 0
    assert date(2026, 1, 6).weekday() == 1


# --- holidays -----------------------------------------------------------------------------------


@pytest.mark.parametrize(
    "day",
    [
        date(2026, 1, 1),  # New Year's Day
        date(2026, 1, 6),  # Epiphany
        date(2026, 4, 3),  # Good Friday
        date(2026, 4, 6),  # Easter Monday
        date(2026, 5, 1),  # May Day
        date(2026, 5, 14),  # Ascension Day
        date(2026, 6, 19),  # Midsummer Eve (juhannusaatto)
        date(2026, 6, 20),  # Midsummer Day
        date(2026, 12, 6),  # Independence Day
        date(2026, 12, 24),  # Christmas Eve
        date(2026, 12, 25),
        date(2026, 12, 26),
        date(2027, 12, 6),
    ],
)
def test_finnish_holidays(day: date) -> None:
    assert is_holiday(day)


@pytest.mark.parametrize("day", [TUE, date(2026, 12, 31), date(2026, 6, 18), date(2026, 4, 30)])
def test_ordinary_days(day: date) -> None:
    assert not is_holiday(day)
    assert holiday_name(day) is None


def test_holiday_names() -> None:
    assert holiday_name(date(2026, 12, 6)) == "Itsenäisyyspäivä"
    assert holiday_name(date(2026, 12, 6), "sv_FI") == "Självständighetsdagen"
    assert holiday_name(date(2026, 6, 19), "en_US") == "Midsummer Eve"


def test_is_holiday_uses_the_helsinki_date() -> None:
    # 5 Dec 2027 22:30 UTC is already 6 Dec 00:30 in Helsinki.
    assert is_holiday(datetime(2027, 12, 5, 22, 30, tzinfo=UTC))
    assert not is_holiday(datetime(2027, 12, 5, 21, 30, tzinfo=UTC))


# --- desk and phone routing ---------------------------------------------------------------------


@pytest.mark.parametrize(
    ("moment", "is_open"),
    [
        (at(TUE, 9), True),
        (at(TUE, 8, 59, 59), False),
        (at(TUE, 11, 59, 59), True),
        (at(TUE, 12), False),  # closing time is not open
        (at(MON, 10), True),
        (at(FRI, 10), True),
        (at(SAT, 10), False),
        (at(date(2026, 3, 15), 10), False),  # Sunday
        (at(date(2026, 12, 24), 10), False),  # Christmas Eve, a Thursday
        (at(date(2026, 6, 19), 10), False),  # Midsummer Eve, a Friday
    ],
)
def test_desk_open(moment: datetime, is_open: bool) -> None:
    assert desk_open(moment) is is_open


def test_timezones() -> None:
    # Winter (UTC+2) and summer (UTC+3) time.
    assert desk_open(datetime(2026, 3, 10, 7, 30, tzinfo=UTC))
    assert not desk_open(datetime(2026, 3, 10, 10, 0, tzinfo=UTC))
    assert desk_open(datetime(2026, 6, 2, 6, 30, tzinfo=UTC))
    assert not desk_open(datetime(2026, 6, 2, 9, 0, tzinfo=UTC))
    # Naive datetimes are Helsinki wall-clock time.
    assert desk_open(datetime(2026, 6, 2, 9, 30))
    assert to_helsinki(datetime(2026, 6, 2, 9, 30)).utcoffset() == timedelta(hours=3)


@pytest.mark.parametrize(
    ("moment", "phone"),
    [
        (at(TUE, 10), "09 5767 3000"),
        (at(TUE, 12), "09 5767 3100"),
        (at(TUE, 8), "09 5767 3100"),
        (at(SAT, 10), "09 5767 3100"),
        (at(date(2027, 12, 6), 10), "09 5767 3100"),  # Independence Day on a Monday
        (at(date(2026, 1, 6), 10), "09 5767 3100"),  # Epiphany on a Tuesday
    ],
)
def test_urgent_phone(moment: datetime, phone: str) -> None:
    assert urgent_phone(moment) == phone


def test_urgent_phone_uses_the_contact_constants() -> None:
    assert urgent_phone(at(TUE, 10)) == contacts.HEKA_CUSTOMER_SERVICE_PHONE
    assert urgent_phone(at(SAT, 10)) == contacts.ONCALL_PHONE


@pytest.mark.parametrize(
    ("moment", "expected"),
    [
        (at(TUE, 10), at(TUE, 10)),  # open now: now
        (at(TUE, 7), at(TUE, 9)),
        (at(TUE, 12), at(WED, 9)),
        (at(FRI, 13), at(MON, 9)),
        (at(SAT, 10), at(MON, 9)),
        (at(date(2026, 12, 23), 12), at(date(2026, 12, 28), 9)),  # over Christmas
        (at(date(2026, 4, 2), 12), at(date(2026, 4, 7), 9)),  # over Easter
        (at(date(2026, 6, 18), 15), at(date(2026, 6, 22), 9)),  # over Midsummer
    ],
)
def test_next_desk_opening(moment: datetime, expected: datetime) -> None:
    result = next_desk_opening(moment)
    assert result == expected
    assert result.tzinfo is not None
    assert desk_open(result)


def test_next_desk_opening_accepts_utc() -> None:
    result = next_desk_opening(datetime(2026, 3, 13, 12, 0, tzinfo=UTC))  # Fri 14:00 local
    assert result == at(MON, 9)
    assert result.utcoffset() == timedelta(hours=2)


def test_next_desk_opening_never() -> None:
    with pytest.raises(ValueError, match="never opens"):
        next_desk_opening(at(TUE, 10), Hours(desk=WeeklyHours({})))


@pytest.mark.parametrize(
    ("start", "end", "expected"),
    [
        (at(TUE, 9, 30), at(TUE, 10), timedelta(minutes=30)),
        (at(TUE, 8), at(TUE, 13), timedelta(hours=3)),
        (at(FRI, 11), at(MON, 10), timedelta(hours=2)),  # a weekend does not count
        (at(FRI, 18), at(MON, 9), timedelta(0)),
        (at(TUE, 10), at(TUE, 9), timedelta(0)),  # end before start
        (at(MON, 0), at(MON, 0) + timedelta(days=7), timedelta(hours=15)),
        # Christmas week 2026: Mon-Wed open, Thu 24 and Fri 25 holidays.
        (at(date(2026, 12, 21), 0), at(date(2026, 12, 28), 0), timedelta(hours=9)),
        # Over the change to summer time (Sun 29 March 2026).
        (at(date(2026, 3, 27), 10), at(date(2026, 3, 30), 10), timedelta(hours=3)),
    ],
)
def test_business_hours_between(start: datetime, end: datetime, expected: timedelta) -> None:
    assert business_hours_between(start, end) == expected


naive_moments = st.datetimes(min_value=datetime(2025, 1, 1), max_value=datetime(2027, 12, 31))


@settings(deadline=None)
@given(naive_moments, naive_moments, naive_moments)
def test_business_hours_are_additive(a: datetime, b: datetime, c: datetime) -> None:
    a, b, c = sorted((a, b, c))
    whole = business_hours_between(a, c)
    assert whole == business_hours_between(a, b) + business_hours_between(b, c)
    assert timedelta(0) <= whole <= to_helsinki(c) - to_helsinki(a) + timedelta(hours=1)


@settings(deadline=None)
@given(naive_moments)
def test_next_opening_is_open_and_nothing_opens_before_it(moment: datetime) -> None:
    opening = next_desk_opening(moment)
    assert desk_open(opening)
    assert opening >= to_helsinki(moment)
    # No desk-open time lies between the moment and the next opening.
    assert business_hours_between(moment, opening) == timedelta(0)


@settings(deadline=None)
@given(naive_moments)
def test_phone_matches_desk(moment: datetime) -> None:
    expected = "09 5767 3000" if desk_open(moment) else "09 5767 3100"
    assert urgent_phone(moment) == expected


# --- the office ---------------------------------------------------------------------------------


@pytest.mark.parametrize(
    ("moment", "status"),
    [
        (at(TUE, 9), OfficeStatus.WALK_IN),
        (at(TUE, 14, 59), OfficeStatus.WALK_IN),
        (at(TUE, 15), OfficeStatus.CLOSED),
        (at(WED, 10), OfficeStatus.APPOINTMENT),
        (at(WED, 13), OfficeStatus.CLOSED),
        (at(THU, 10), OfficeStatus.CLOSED),
        (at(THU, 12, 30), OfficeStatus.APPOINTMENT),
        (at(MON, 10), OfficeStatus.CLOSED),
        (at(FRI, 10), OfficeStatus.CLOSED),
        (at(SAT, 10), OfficeStatus.CLOSED),
        (at(date(2026, 1, 6), 10), OfficeStatus.CLOSED),  # Epiphany, a Tuesday
        (at(date(2026, 5, 14), 13), OfficeStatus.CLOSED),  # Ascension Day, a Thursday
    ],
)
def test_office_status(moment: datetime, status: OfficeStatus) -> None:
    assert office_status(moment) is status


def test_office_status_values_are_template_friendly() -> None:
    assert OfficeStatus.WALK_IN == "walk_in"
    assert str(OfficeStatus.CLOSED) == "closed"


def test_appointment_slots() -> None:
    assert appointment_slots(WED) == [at(WED, h, m) for h in (9, 10, 11) for m in (0, 30)]
    assert appointment_slots(THU) == [at(THU, h, m) for h in (12, 13, 14) for m in (0, 30)]
    assert appointment_slots(THU, slot_minutes=45) == [
        at(THU, 12),
        at(THU, 12, 45),
        at(THU, 13, 30),
        at(THU, 14, 15),
    ]
    assert appointment_slots(WED, slot_minutes=240) == []


@pytest.mark.parametrize("day", [MON, TUE, FRI, SAT, date(2026, 5, 14), date(2026, 12, 24)])
def test_no_appointment_slots(day: date) -> None:
    assert appointment_slots(day) == []


def test_appointment_slots_validate_length() -> None:
    with pytest.raises(ValueError, match="positive"):
        appointment_slots(WED, slot_minutes=0)


@given(st.dates(min_value=date(2025, 1, 1), max_value=date(2027, 12, 31)), st.integers(5, 90))
def test_slots_lie_in_appointment_hours(day: date, minutes: int) -> None:
    for slot in appointment_slots(day, minutes):
        assert office_status(slot) is OfficeStatus.APPOINTMENT
        assert office_status(slot + timedelta(minutes=minutes) - timedelta(seconds=1)) is (
            OfficeStatus.APPOINTMENT
        )


# --- configuration ------------------------------------------------------------------------------


def test_hours_can_be_overridden() -> None:
    saturday_desk = Hours(desk=WeeklyHours({5: (10, 14)}))
    assert desk_open(at(SAT, 10), saturday_desk)
    assert not desk_open(at(TUE, 10), saturday_desk)
    assert urgent_phone(at(SAT, 13), saturday_desk) == "09 5767 3000"

    half_past = Hours(desk=WeeklyHours({1: (time(8, 30), time(11, 45))}))
    assert desk_open(at(TUE, 8, 30), half_past)
    assert not desk_open(at(TUE, 11, 45), half_past)

    no_holidays = Hours(observe_holidays=False)
    assert desk_open(at(date(2026, 12, 24), 10), no_holidays)

    training_day = Hours(closed_dates=frozenset({TUE}))
    assert not desk_open(at(TUE, 10), training_day)
    assert office_status(at(TUE, 10), training_day) is OfficeStatus.CLOSED
    assert next_desk_opening(at(TUE, 8), training_day) == at(WED, 9)


def test_hours_are_frozen_and_hashable() -> None:
    with pytest.raises(dataclasses.FrozenInstanceError):
        DEFAULT_HOURS.observe_holidays = False  # type: ignore[misc]
    with pytest.raises(TypeError):
        DEFAULT_HOURS.desk.days[0] = (8, 9)  # type: ignore[index]
    assert hash(Hours()) == hash(DEFAULT_HOURS)
    assert Hours() == DEFAULT_HOURS
    assert WeeklyHours({0: (9, 12)}) == WeeklyHours({0: (time(9), time(12))})


@pytest.mark.parametrize(
    "days",
    [{7: (9, 12)}, {0: (12, 9)}, {0: (9, 9)}, {0: (9, 24)}, {0: (True, 12)}, {0: ("9", 12)}],
)
def test_invalid_weekly_hours(days: dict) -> None:
    with pytest.raises(ValueError, match=r"."):
        WeeklyHours(days)


def test_contact_points() -> None:
    assert contacts.ASOY_DESK_PHONE == "09 5767 4000"
    assert contacts.ASOY_DESK_EMAIL == "asiakaspalvelu.asoyasunnot@hekaoy.fi"
    assert contacts.GENERAL_EMAIL == "asiakaspalvelu@hekaoy.fi"
    assert contacts.MAINTENANCE_CALLER_PREFIX == "09 5767"
    assert contacts.OFFICE_ADDRESS_SV.startswith("Viborgsgatan 2")
    assert contacts.KEY_SERVICE_NAME == "BLC Turva Oy"
