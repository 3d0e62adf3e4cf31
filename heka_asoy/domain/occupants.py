"""The rules of a reported move in or out of a flat (muuttoilmoitus), apart from the database.

A move is reported around the day it happens: not earlier than ``PAST_LIMIT_DAYS`` back (older
changes are sorted out with the asoy desk, whose register may already differ) and not further
ahead than ``FUTURE_LIMIT_DAYS``. A person's date of birth cannot be after today nor after the
day they move in.
"""

from __future__ import annotations

from datetime import date, timedelta

PAST_LIMIT_DAYS = 365
FUTURE_LIMIT_DAYS = 180
NAME_MAX = 100
REASON_MAX = 1000

#: Problem codes, each said in words by the views.
DATE_TOO_EARLY = "date_too_early"
DATE_TOO_LATE = "date_too_late"
BIRTH_IN_FUTURE = "birth_in_future"
BIRTH_AFTER_MOVE = "birth_after_move"
BEFORE_MOVED_IN = "before_moved_in"


def move_date_problem(on_date: date, today: date) -> str | None:
    """Why ``on_date`` cannot be a reported move's date, or None."""
    if on_date < today - timedelta(days=PAST_LIMIT_DAYS):
        return DATE_TOO_EARLY
    if on_date > today + timedelta(days=FUTURE_LIMIT_DAYS):
        return DATE_TOO_LATE
    return None


def birth_date_problem(birth_date: date, on_date: date, today: date) -> str | None:
    """Why ``birth_date`` cannot be a newcomer's date of birth, or None."""
    if birth_date > today:
        return BIRTH_IN_FUTURE
    if birth_date > on_date:
        return BIRTH_AFTER_MOVE
    return None


def move_out_problem(on_date: date, moved_in: date, today: date) -> str | None:
    """Why a person who moved in on ``moved_in`` cannot move out on ``on_date``, or None."""
    if on_date < moved_in:
        return BEFORE_MOVED_IN
    return move_date_problem(on_date, today)


def earliest_move(today: date) -> date:
    return today - timedelta(days=PAST_LIMIT_DAYS)


def latest_move(today: date) -> date:
    return today + timedelta(days=FUTURE_LIMIT_DAYS)
