"""The resident sauna page's view model, built in one call as the desk's boards are.

The page and its two HTMX blocks ask for the same model: ``grid_only`` (choosing a sauna or a
week) skips what only the full page shows (the flat's turns, one-off evenings, skip choices), so
the partial runs only the grid's queries. The model holds data, never markup: labels and dates
in the page's language are the view's and the template's.
"""

from __future__ import annotations

from datetime import date, timedelta

from ...domain.bookings import first_on_or_after
from .. import access
from .common import BookingNotFound, earliest_turn_start, today
from .grid import coming_skips, company_saunas, flat_sauna_bookings, flat_sauna_queue, week_grid
from .queues import describe_sauna_hours, positions
from .sauna import turn_quota

#: How many coming weeks of a turn the "skip one week" choice offers.
SKIP_WEEKS = 8


def sauna_page(
    user, flat_id: int, sauna_id: int | None, week: date, *, grid_only: bool = False
) -> dict:
    """Everything the sauna page (or its grid block) shows for one flat, in a number of queries
    that does not depend on how many bookings the sauna has. ``NotFound`` for a flat or sauna
    that is not the user's."""
    access.flat_access(user, flat_id, "sauna")
    saunas = company_saunas(flat_id)
    if sauna_id is not None:
        sauna = next((s for s in saunas if s.id == sauna_id), None)
        if sauna is None:
            raise BookingNotFound()
    else:
        sauna = saunas[0] if saunas else None
    now = today()
    model = {"flat_id": flat_id, "saunas": saunas, "sauna": sauna, "today": now}
    if sauna is None:
        return model
    grid = week_grid(sauna, week, flat_id)
    # The grid shows only the flat's places in queues; the page lists its bookings too.
    mine = {"queue": flat_sauna_queue(flat_id)} if grid_only else flat_sauna_bookings(flat_id)
    places = positions(mine["queue"])
    queue = [(entry, places[entry.id]) for entry in mine["queue"]]
    quota = turn_quota(flat_id, sauna, grid["week_start"])
    weekdays = {cell.hour.weekday for _start, cells in grid["rows"] for cell in cells.values()}
    this_week = now - timedelta(days=now.weekday())
    days = [d for d in grid["days"] if d.weekday() in weekdays]
    earliest = earliest_turn_start(sauna)
    model.update(
        grid=grid,
        days=days,
        grid_day=shown_day(week, days, grid["week_start"], now),
        week_no=grid["week_start"].isocalendar()[1],
        week_end=grid["week_start"] + timedelta(days=6),
        prev_week=grid["week_start"] - timedelta(weeks=1)
        if grid["week_start"] > this_week
        else None,
        next_week=grid["week_start"] + timedelta(weeks=1),
        positions={entry.queue_key: pos for entry, pos in queue},
        earliest=earliest,
        first_turns={day: first_turn(earliest, day) for day in days},
        turns_used=quota.used,
        quota_full=quota.full,
        quota_free_from=quota.free_from,
        mine=mine,
        queue=queue,
    )
    if not grid_only:
        skipped = coming_skips([t.id for t in mine["turns"]])
        described = describe_sauna_hours([entry.queue_key for entry, _pos in queue])
        model.update(
            skipped=skipped,
            skip_choices={
                t.id: skip_choices(t, skipped.get(t.id, set()), now) for t in mine["turns"]
            },
            queue_hours={entry.id: described[entry.queue_key] for entry, _pos in queue},
        )
    return model


def first_turn(earliest: date, day: date) -> date:
    """The first turn a booking from the grid's ``day`` gets: that day, or the same weekday of
    the first week the sauna's earliest start (``earliest``) allows."""
    if day >= earliest:
        return day
    return first_on_or_after(earliest, day.weekday())


def shown_day(asked: date, days: list[date], week_start: date, now: date) -> date:
    """The day a narrow screen shows of the week (one column at a time): the asked date (the
    ``week`` argument may be any day of its week), else today, else the week's first sauna day.
    Forms of the page send it back, so an answer shows the day the resident was looking at."""
    for day in (asked, now):
        if day in days:
            return day
    return days[0] if days else week_start


def skip_choices(turn, skipped: set[date], now: date) -> list[date]:
    """The coming evenings of ``turn`` the flat may give up, skipped ones left out."""
    start = max(now, turn.starts_on)
    first = first_on_or_after(start, turn.hour.weekday)
    days = [first + timedelta(weeks=i) for i in range(SKIP_WEEKS)]
    return [d for d in days if d not in skipped and (turn.ends_on is None or d <= turn.ends_on)]
