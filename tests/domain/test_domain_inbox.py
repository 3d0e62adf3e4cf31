"""The desk inbox's rules: status mapping and the first-answer SLA in business hours."""

from __future__ import annotations

from datetime import UTC, datetime, timedelta
from zoneinfo import ZoneInfo

import pytest
from hypothesis import given
from hypothesis import strategies as st

from heka_asoy.domain import faults
from heka_asoy.domain import inbox as rules
from heka_asoy.domain.office_hours import business_hours_between, latest_start_within

HELSINKI = ZoneInfo("Europe/Helsinki")


def at(*args) -> datetime:
    return datetime(*args, tzinfo=HELSINKI)


def test_every_fault_status_but_unconfirmed_has_a_queue_state():
    """Does every fault status the desk sees map to open, waiting or closed, and closed ones
    to closed?"""
    for status in faults.STATUSES:
        state = rules.state_of(rules.FAULT_TABLE, status)
        if status == faults.UNCONFIRMED:
            assert state is None
        elif status in faults.CLOSED_STATUSES:
            assert state == rules.CLOSED
        else:
            assert state in (rules.OPEN, rules.WAITING)


@pytest.mark.parametrize(
    ("table", "status", "state"),
    [
        (rules.THREAD_TABLE, "open", rules.OPEN),
        (rules.THREAD_TABLE, "answered", rules.WAITING),
        (rules.THREAD_TABLE, "closed", rules.CLOSED),
        (rules.REQUEST_TABLE, "received", rules.OPEN),
        (rules.REQUEST_TABLE, "in_progress", rules.OPEN),
        (rules.REQUEST_TABLE, "waiting_for_resident", rules.WAITING),
        (rules.REQUEST_TABLE, "decided", rules.CLOSED),
        (rules.REQUEST_TABLE, "closed", rules.CLOSED),
        (rules.FAULT_TABLE, faults.WAITING_FOR_PARTS, rules.WAITING),
        (rules.FAULT_TABLE, faults.RECEIVED, rules.OPEN),
    ],
)
def test_statuses_map_to_the_queue_states(table, status, state):
    assert rules.state_of(table, status) == state


def test_state_filters_give_each_tables_statuses():
    """Does each filter list exactly the statuses of its states, and "active" open + waiting?"""
    assert rules.statuses_for(rules.THREAD_TABLE, rules.ACTIVE) == ("answered", "open")
    assert rules.statuses_for(rules.THREAD_TABLE, rules.CLOSED) == ("closed",)
    assert rules.statuses_for(rules.REQUEST_TABLE, rules.WAITING) == ("waiting_for_resident",)
    assert faults.UNCONFIRMED not in rules.statuses_for(rules.FAULT_TABLE, rules.ALL)
    assert rules.statuses_for(rules.THREAD_TABLE, "nonsense") == rules.statuses_for(
        rules.THREAD_TABLE, rules.ACTIVE
    )


def test_thread_kind_by_source():
    assert rules.thread_kind("email") == rules.MAILBOX
    assert rules.thread_kind("web") == rules.MESSAGE
    assert rules.thread_kind("staff") == rules.MESSAGE


def test_sla_counts_two_working_days_over_a_weekend():
    """Is a message of Friday 15:00 overdue only after Tuesday 15:00 (Fri 1 h, Mon 8 h, Tue 7 h
    = 16 business hours; Saturday and Sunday count nothing)?"""
    sent = at(2026, 11, 27, 15, 0)  # Friday
    assert not rules.sla_overdue(sent, None, at(2026, 11, 30, 16, 0))  # Monday evening
    assert not rules.sla_overdue(sent, None, at(2026, 12, 1, 15, 0))  # exactly 16 h
    assert rules.sla_overdue(sent, None, at(2026, 12, 1, 15, 1))
    answered = at(2026, 11, 30, 9, 0)
    assert not rules.sla_overdue(sent, answered, at(2026, 12, 10, 12, 0))


def test_sla_skips_a_finnish_holiday():
    """A message of Wednesday 23.12.2026 at 8:00 waits 8 h that day; Christmas Eve (Thursday)
    and Christmas Day (Friday) are holidays, then the weekend: it is overdue only after Monday
    28.12 at 16:00."""
    sent = at(2026, 12, 23, 8, 0)
    assert not rules.sla_overdue(sent, None, at(2026, 12, 27, 23, 0))
    assert not rules.sla_overdue(sent, None, at(2026, 12, 28, 16, 0))
    assert rules.sla_overdue(sent, None, at(2026, 12, 29, 8, 1))


def test_sla_cutoff_is_exactly_the_rule():
    """Is ``created <= sla_cutoff(now)`` the same as ``sla_overdue(created, None, now)`` right
    at the edge?"""
    now = at(2026, 12, 29, 10, 30)
    cutoff = rules.sla_cutoff(now)
    one = timedelta(microseconds=1)
    assert rules.sla_overdue(cutoff, None, now)
    assert not rules.sla_overdue(cutoff + one, None, now)


@given(
    st.datetimes(min_value=datetime(2025, 1, 1), max_value=datetime(2027, 12, 31)),
    st.integers(min_value=0, max_value=60 * 24 * 10),
)
def test_cutoff_agrees_with_the_rule_everywhere(now, minutes):
    """For any now and any age, the SQL cutoff and the per-row rule agree."""
    now = now.replace(tzinfo=UTC)
    created = now - timedelta(minutes=minutes)
    assert (created <= rules.sla_cutoff(now)) == rules.sla_overdue(created, None, now)


def test_latest_start_within_matches_business_hours():
    """The shared walk back: the moment it gives has exactly the limit of business time."""
    now = at(2026, 12, 29, 10, 30)
    start = latest_start_within(rules.SLA_LIMIT, now, rules.SLA_HOURS)
    assert business_hours_between(start, now, rules.SLA_HOURS) == rules.SLA_LIMIT


def test_naive_times_are_refused():
    with pytest.raises(ValueError, match="aware"):
        rules.sla_overdue(datetime(2026, 1, 1), None, at(2026, 1, 2))
    with pytest.raises(ValueError, match="aware"):
        rules.sla_cutoff(datetime(2026, 1, 1))
