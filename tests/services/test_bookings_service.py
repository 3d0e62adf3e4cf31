"""The booking rules at service level: sauna turns, single hours, waiting lists and offers,
parking contracts, and the week grid.

Time is frozen (time_machine) on Wednesday 11 March 2026 at noon in Helsinki unless a test moves
it; services are called inside a request context, as the views call them (the access check
caches per request: each call gets a fresh one).
"""

from __future__ import annotations

from contextlib import contextmanager
from datetime import date, datetime, timedelta
from decimal import Decimal

import pytest
import time_machine
from flask import current_app, g

from heka_asoy.domain.office_hours import HELSINKI
from heka_asoy.models import (
    Fee,
    OutboxMail,
    ParkingContract,
    PowerOfAttorney,
    Sauna,
    SaunaHour,
    SaunaSingleBooking,
    SaunaTurn,
    SaunaTurnSkip,
    WaitingListEntry,
    utcnow,
)
from heka_asoy.services import booking_admin, bookings
from heka_asoy.services.bookings import BookingError
from heka_asoy.services.errors import NotFound, Refused
from tests.booking_factories import (
    hour_at,
    make_contract,
    make_entry,
    make_parking_space,
    make_sauna,
    make_turn,
)
from tests.factories import (
    add_other_resident,
    make_company,
    make_flat,
    make_lease,
    make_resident,
    make_staff,
    make_user,
)

WEDNESDAY = date(2026, 3, 11)
MONDAY, TUESDAY, THURSDAY, FRIDAY, SATURDAY, SUNDAY = 0, 1, 3, 4, 5, 6
NEXT_FRIDAY = date(2026, 3, 13)


def noon(day: date, hour: int = 12) -> datetime:
    return datetime(day.year, day.month, day.day, hour, tzinfo=HELSINKI)


@pytest.fixture
def clock(app):
    """Frozen on Wednesday 11 March 2026, 12:00 in Helsinki; ``clock.move_to`` moves it."""
    with time_machine.travel(noon(WEDNESDAY), tick=False) as traveller:
        yield traveller


@contextmanager
def request():
    """A request as a view has it, with a fresh access cache."""
    with current_app.test_request_context():
        g.pop("_flat_access", None)
        yield


def call(fn, *args, **kwargs):
    with request():
        return fn(*args, **kwargs)


def attempt(fn, *args, **kwargs):
    """("ok", result) or (the BookingError's code, None)."""
    try:
        return "ok", call(fn, *args, **kwargs)
    except BookingError as exc:
        return exc.code, None


def refused(code: str, fn, *args, **kwargs) -> dict:
    """Assert that the call is refused with ``code``; the refusal's parameters."""
    with pytest.raises(BookingError) as info:
        call(fn, *args, **kwargs)
    assert info.value.code == code, f"expected {code!r}, got {info.value.code!r}"
    return getattr(info.value, "params", {})  # (none before refusals had parameters)


# --- data ----------------------------------------------------------------------------------


def make_hour(sauna: Sauna, weekday: int = FRIDAY, start_hour: int = 19) -> SaunaHour:
    """An hour of the sauna's grid (``make_sauna``: Monday to Saturday 17-21, Saturday 17 and
    18 common); an hour outside it (Sunday, mornings) is added, bookable."""
    return SaunaHour.get_or_none(
        (SaunaHour.sauna == sauna)
        & (SaunaHour.weekday == weekday)
        & (SaunaHour.start_hour == start_hour)
    ) or SaunaHour.create(sauna=sauna, weekday=weekday, start_hour=start_hour)


def lease_party(company, *, flatmates: int = 0):
    """A lease party with an account in a new flat of ``company`` (``.flat``, ``.lease``); with
    ``flatmates`` the same lease has that many more parties with accounts (``.flatmates``)."""
    flat = make_flat(company)
    residents = [make_resident() for _ in range(1 + flatmates)]
    lease = make_lease(flat, residents)
    users = [make_user(r) for r in residents]
    for user in users:
        user.flat, user.lease = flat, lease
    users[0].flatmates = users[1:]
    return users[0]


def other_resident(flat):
    """A resident of ``flat`` who is not a lease party, with an account."""
    resident = make_resident()
    add_other_resident(flat, resident)
    user = make_user(resident)
    user.flat = flat
    return user


def agent_of(party, scopes: str):
    """A user holding the lease party's power of attorney with ``scopes``."""
    agent = make_user(None)
    PowerOfAttorney.create(
        grantor=party.resident_id,
        lease=party.lease,
        agent_name="Valtuutettu Testi",
        agent_user=agent,
        kind="general",
        scopes=scopes,
        valid_from=WEDNESDAY - timedelta(days=30),
    )
    return agent


def mails_to(user, event_subject: str | None = None) -> list[OutboxMail]:
    rows = OutboxMail.select().where(
        (OutboxMail.recipient == user.email) & (OutboxMail.kind == "booking_event")
    )
    return [m for m in rows if event_subject is None or event_subject in m.subject]


def entry_of(user, queue_key: str) -> WaitingListEntry:
    return WaitingListEntry.get(
        (WaitingListEntry.flat == user.flat.id) & (WaitingListEntry.queue_key == queue_key)
    )


# --- sauna rules -----------------------------------------------------------------------------


def test_quota_is_counted_per_flat_not_per_person(app, clock):
    """When two residents of one flat each book a turn, does the flat's quota of one stop the
    second, while another flat can still book that hour?"""
    company = make_company()
    sauna = make_sauna(company, turns_per_flat=1)
    friday, saturday = make_hour(sauna, FRIDAY), make_hour(sauna, SATURDAY)
    party = lease_party(company, flatmates=1)
    occupant = other_resident(party.flat)
    neighbour = lease_party(company)

    call(bookings.book_turn, party, party.flat.id, friday.id, NEXT_FRIDAY)
    refused("quota", bookings.book_turn, party.flatmates[0], party.flat.id, saturday.id, WEDNESDAY)
    refused("quota", bookings.book_turn, occupant, party.flat.id, saturday.id, WEDNESDAY)
    turn = call(bookings.book_turn, neighbour, neighbour.flat.id, saturday.id, WEDNESDAY)

    assert turn.starts_on == date(2026, 3, 14)  # moved to the hour's weekday
    assert SaunaTurn.select().where(SaunaTurn.flat == party.flat.id).count() == 1


def test_quota_of_two_lets_a_flat_hold_two_turns(app, clock):
    company = make_company()
    sauna = make_sauna(company, turns_per_flat=2)
    hours = [make_hour(sauna, day) for day in (THURSDAY, FRIDAY, SATURDAY)]
    party = lease_party(company, flatmates=1)

    call(bookings.book_turn, party, party.flat.id, hours[0].id, NEXT_FRIDAY)
    call(bookings.book_turn, party.flatmates[0], party.flat.id, hours[1].id, NEXT_FRIDAY)
    refused("quota", bookings.book_turn, party, party.flat.id, hours[2].id, NEXT_FRIDAY)


def test_a_cancelled_turn_counts_against_the_quota_until_it_ends(app, clock):
    company = make_company()
    sauna = make_sauna(company, turns_per_flat=1, notice_months=1)
    friday, saturday = make_hour(sauna, FRIDAY), make_hour(sauna, SATURDAY)
    party = lease_party(company)
    turn = call(bookings.book_turn, party, party.flat.id, friday.id, NEXT_FRIDAY)
    call(bookings.cancel_turn, party, party.flat.id, turn.id)  # ends on 30 April

    refused("quota", bookings.book_turn, party, party.flat.id, saturday.id, date(2026, 4, 25))
    clock.move_to(noon(date(2026, 5, 1)))
    assert call(bookings.book_turn, party, party.flat.id, saturday.id, date(2026, 5, 2))


def _cancelled_only_turn(company):
    """A sauna with a quota of one and a lease party whose only turn (Fridays) was cancelled
    today, 11 March: it ends on Thursday 30 April, its last evening is Friday 24 April."""
    sauna = make_sauna(company, turns_per_flat=1, notice_months=1)
    party = lease_party(company)
    turn = call(bookings.book_turn, party, party.flat.id, make_hour(sauna, FRIDAY).id, NEXT_FRIDAY)
    call(bookings.cancel_turn, party, party.flat.id, turn.id)
    return sauna, party


def test_a_cancelled_turn_stops_counting_after_the_week_of_its_last_evening(app, clock):
    """Cancelled today, does the flat's only turn (quota one) still fill the quota in the week
    of its last evening, and leave room for a turn booked today from any later week?"""
    company = make_company()
    sauna, party = _cancelled_only_turn(company)
    saturday = make_hour(sauna, SATURDAY)

    refused("quota", bookings.book_turn, party, party.flat.id, saturday.id, date(2026, 4, 25))
    new = call(bookings.book_turn, party, party.flat.id, saturday.id, date(2026, 4, 27))
    assert new.starts_on == date(2026, 5, 2)


def test_the_quota_says_from_which_week_there_is_room(app, clock):
    """Does the quota, seen from a week the cancelled turn still runs in, say that the week of
    27 April has room (in the page and in the refusal), and is that week not full?"""
    company = make_company()
    sauna, party = _cancelled_only_turn(company)
    saturday = make_hour(sauna, SATURDAY)

    assert call(bookings.turn_quota, party.flat.id, sauna, date(2026, 4, 22)) == bookings.Quota(
        1, 1, date(2026, 4, 27)
    )
    assert call(bookings.turn_quota, party.flat.id, sauna, date(2026, 4, 27)) == bookings.Quota(
        0, 1, None
    )
    params = refused(
        "quota", bookings.book_turn, party, party.flat.id, saturday.id, date(2026, 4, 25)
    )
    assert params == {"free_from": date(2026, 4, 27)}


def test_a_turn_without_an_end_fills_the_quota_for_good(app, clock):
    company = make_company()
    sauna = make_sauna(company, turns_per_flat=1)
    friday, saturday = make_hour(sauna, FRIDAY), make_hour(sauna, SATURDAY)
    party = lease_party(company)
    call(bookings.book_turn, party, party.flat.id, friday.id, NEXT_FRIDAY)

    assert call(bookings.turn_quota, party.flat.id, sauna, date(2026, 5, 25)) == bookings.Quota(
        1, 1, None
    )
    params = refused(
        "quota", bookings.book_turn, party, party.flat.id, saturday.id, date(2026, 5, 25)
    )
    assert params == {"free_from": None}


def test_a_turn_starts_within_the_start_window(app, clock):
    """Is a turn starting more than three months after the sauna's earliest start refused,
    9999-12-31 too (no overflow), for residents, offers and staff alike?"""
    company = make_company()
    sauna = make_sauna(company, earliest_start_days=7)
    saturday = make_hour(sauna, SATURDAY)  # 9999-12-31 is a Friday: the next Saturday is none
    party = lease_party(company)

    last = date(2026, 6, 18)  # 18 March (the earliest start) + 3 months
    for far in (date(2026, 6, 19), date(2099, 12, 1), date.max):
        params = refused("too_late", bookings.book_turn, party, party.flat.id, saturday.id, far)
        assert params == {"latest": last}
        refused(
            "too_late", booking_admin.assign_turn, make_staff(), saturday.id, party.flat.id, far
        )
    assert SaunaTurn.select().count() == 0
    assert call(bookings.book_turn, party, party.flat.id, saturday.id, last).starts_on == date(
        2026, 6, 20
    )
    # A one-off evening far ahead (which would keep the hour from being a weekly turn) too:
    # three months from today.
    friday = make_hour(sauna, FRIDAY)
    for far in (date(2026, 6, 12), date.max):  # Fridays
        params = refused("too_late", bookings.book_single, party, party.flat.id, friday.id, far)
        assert params == {"latest": date(2026, 6, 11)}
    assert SaunaSingleBooking.select().count() == 0


def test_earliest_start_is_enforced(app, clock):
    """Does a sauna that lets turns start a week ahead at the earliest refuse an earlier start?"""
    company = make_company()
    sauna = make_sauna(company, earliest_start_days=7)
    friday = make_hour(sauna, FRIDAY)
    party = lease_party(company)

    refused("too_early", bookings.book_turn, party, party.flat.id, friday.id, NEXT_FRIDAY)
    refused("too_early", bookings.book_turn, party, party.flat.id, friday.id, WEDNESDAY)
    turn = call(bookings.book_turn, party, party.flat.id, friday.id, WEDNESDAY + timedelta(days=7))
    assert turn.starts_on == date(2026, 3, 20)


def test_no_booking_in_the_past(app, clock):
    company = make_company()
    sauna = make_sauna(company, earliest_start_days=0, allow_one_off=True)
    hour = make_hour(sauna, MONDAY)
    party = lease_party(company)
    space = make_parking_space(company)

    refused("past", bookings.book_turn, party, party.flat.id, hour.id, WEDNESDAY - timedelta(1))
    refused("past", bookings.book_single, party, party.flat.id, hour.id, date(2026, 3, 9))
    refused("past", bookings.rent_space, party, party.flat.id, space.id, date(2026, 3, 1))
    assert SaunaTurn.select().count() == SaunaSingleBooking.select().count() == 0
    assert ParkingContract.select().count() == 0


def test_an_unbookable_hour_is_refused(app, clock):
    """Is a common turn (not bookable) refused as a weekly turn, a single hour and a queue?"""
    company = make_company()
    sauna = make_sauna(company)
    common = hour_at(sauna, SATURDAY, 18)  # the common men's turn
    party = lease_party(company)

    refused("unbookable", bookings.book_turn, party, party.flat.id, common.id, NEXT_FRIDAY)
    refused("unbookable", bookings.book_single, party, party.flat.id, common.id, date(2026, 3, 14))
    refused("unbookable", bookings.join_sauna_queue, party, party.flat.id, common.id)
    assert SaunaTurn.select().count() == 0


def test_only_the_flats_own_housing_company(app, clock):
    """Can a flat book another housing company's sauna or rent its parking space? It must not."""
    company, elsewhere = make_company(), make_company()
    foreign_hour = make_hour(make_sauna(elsewhere), FRIDAY)
    foreign_space = make_parking_space(elsewhere)
    party = lease_party(company)

    refused(
        "not_own_company", bookings.book_turn, party, party.flat.id, foreign_hour.id, NEXT_FRIDAY
    )
    refused(
        "not_own_company", bookings.book_single, party, party.flat.id, foreign_hour.id, NEXT_FRIDAY
    )
    refused(
        "not_own_company", bookings.rent_space, party, party.flat.id, foreign_space.id, NEXT_FRIDAY
    )
    assert SaunaTurn.select().count() == ParkingContract.select().count() == 0


def test_a_taken_hour_is_answered_as_taken(app, clock):
    company = make_company()
    hour = make_hour(make_sauna(company), FRIDAY)
    first, second = lease_party(company), lease_party(company)

    call(bookings.book_turn, first, first.flat.id, hour.id, NEXT_FRIDAY)
    refused("taken", bookings.book_turn, second, second.flat.id, hour.id, date(2026, 6, 1))
    assert [t.flat_id for t in SaunaTurn.select()] == [first.flat.id]


def test_booking_a_turn_adds_the_fee_and_mails_the_flat(app, clock):
    company = make_company()
    sauna = make_sauna(company, monthly_fee=Decimal("12.50"))
    hour = make_hour(sauna, FRIDAY)
    party = lease_party(company, flatmates=1)

    turn = call(bookings.book_turn, party, party.flat.id, hour.id, NEXT_FRIDAY)

    fee = Fee.get(Fee.source == f"sauna_turn:{turn.id}")
    assert (fee.lease_id, fee.kind, fee.monthly_amount) == (
        party.lease.id,
        "sauna",
        Decimal("12.50"),
    )
    assert (fee.starts_on, fee.ends_on) == (NEXT_FRIDAY, None)
    assert len(mails_to(party, "Sauna turn booked")) == 1
    assert len(mails_to(party.flatmates[0], "Sauna turn booked")) == 1


def test_cancellation_ends_at_the_end_of_the_notice_period(app, clock):
    """Cancelled on 15 March with one month's notice, does the turn (and its fee) end on
    30 April, the date shown before confirming?"""
    company = make_company()
    sauna = make_sauna(company, notice_months=1)
    hour = make_hour(sauna, FRIDAY)
    party = lease_party(company)
    turn = call(bookings.book_turn, party, party.flat.id, hour.id, NEXT_FRIDAY)

    clock.move_to(noon(date(2026, 3, 15)))
    assert bookings.turn_end_preview(sauna) == date(2026, 4, 30)
    cancelled = call(bookings.cancel_turn, party, party.flat.id, turn.id)

    assert cancelled.ends_on == SaunaTurn.get_by_id(turn.id).ends_on == date(2026, 4, 30)
    assert Fee.get(Fee.source == f"sauna_turn:{turn.id}").ends_on == date(2026, 4, 30)
    assert len(mails_to(party, "Sauna turn cancelled")) == 1
    refused("ended", bookings.cancel_turn, party, party.flat.id, turn.id)  # the end stays put
    # Until then the hour is still the flat's: nobody else can book it.
    other = lease_party(company)
    refused("taken", bookings.book_turn, other, other.flat.id, hour.id, date(2026, 5, 1))


def test_notice_of_two_months_and_of_none(app, clock):
    company = make_company()
    two = make_sauna(company, notice_months=2, turns_per_flat=5)
    none = make_sauna(company, notice_months=0, turns_per_flat=5)
    party = lease_party(company)
    long_turn = call(bookings.book_turn, party, party.flat.id, make_hour(two).id, NEXT_FRIDAY)
    short_turn = call(bookings.book_turn, party, party.flat.id, make_hour(none).id, NEXT_FRIDAY)

    clock.move_to(noon(date(2026, 3, 15)))
    assert call(bookings.cancel_turn, party, party.flat.id, long_turn.id).ends_on == date(
        2026, 5, 31
    )
    assert call(bookings.cancel_turn, party, party.flat.id, short_turn.id).ends_on == date(
        2026, 3, 31
    )


def test_a_turn_of_another_flat_cannot_be_cancelled(app, clock):
    company = make_company()
    hour = make_hour(make_sauna(company), FRIDAY)
    owner, other = lease_party(company), lease_party(company)
    turn = call(bookings.book_turn, owner, owner.flat.id, hour.id, NEXT_FRIDAY)

    refused("not_found", bookings.cancel_turn, other, other.flat.id, turn.id)
    with pytest.raises(NotFound):
        call(bookings.cancel_turn, other, owner.flat.id, turn.id)
    assert SaunaTurn.get_by_id(turn.id).ends_on is None


# --- single bookings of a skipped week -------------------------------------------------------


def test_a_skipped_week_can_be_booked_once_by_another_flat(app, clock):
    """When a flat gives up one week of its turn, can another flat book that hour once, and only
    that week, and only one flat?"""
    company = make_company()
    sauna = make_sauna(company, allow_one_off=True)
    hour = make_hour(sauna, FRIDAY)
    holder, guest, late = lease_party(company), lease_party(company), lease_party(company)
    turn = call(bookings.book_turn, holder, holder.flat.id, hour.id, NEXT_FRIDAY)
    skipped = date(2026, 3, 20)

    refused("taken", bookings.book_single, guest, guest.flat.id, hour.id, skipped)
    call(bookings.skip_week, holder, holder.flat.id, turn.id, skipped)
    refused("already", bookings.skip_week, holder, holder.flat.id, turn.id, skipped)
    booking = call(bookings.book_single, guest, guest.flat.id, hour.id, skipped)

    assert (booking.flat_id, booking.on_date) == (guest.flat.id, skipped)
    refused("taken", bookings.book_single, late, late.flat.id, hour.id, skipped)
    refused("taken", bookings.book_single, guest, guest.flat.id, hour.id, date(2026, 3, 27))
    assert len(mails_to(guest, "Single sauna hour booked")) == 1


def test_a_skipped_week_cannot_be_booked_when_the_sauna_does_not_allow_one_off(app, clock):
    company = make_company()
    sauna = make_sauna(company, allow_one_off=False)
    hour = make_hour(sauna, FRIDAY)
    holder, guest = lease_party(company), lease_party(company)
    turn = call(bookings.book_turn, holder, holder.flat.id, hour.id, NEXT_FRIDAY)
    call(bookings.skip_week, holder, holder.flat.id, turn.id, date(2026, 3, 20))

    refused(
        "one_off_not_allowed",
        bookings.book_single,
        guest,
        guest.flat.id,
        hour.id,
        date(2026, 3, 20),
    )
    assert SaunaSingleBooking.select().count() == 0


def test_a_week_can_only_be_skipped_on_the_turns_own_days(app, clock):
    company = make_company()
    hour = make_hour(make_sauna(company), FRIDAY)
    holder = lease_party(company)
    turn = call(bookings.book_turn, holder, holder.flat.id, hour.id, NEXT_FRIDAY)

    refused("not_free", bookings.skip_week, holder, holder.flat.id, turn.id, date(2026, 3, 19))
    refused("not_free", bookings.skip_week, holder, holder.flat.id, turn.id, date(2026, 3, 6))
    assert SaunaTurnSkip.select().count() == 0


def test_a_single_booking_and_a_weekly_turn_never_hold_the_same_evening(app, clock):
    """When one flat has booked a free hour once for a date, and another flat then books that
    hour as a weekly turn from that date, do two flats hold the sauna that evening?"""
    company = make_company()
    sauna = make_sauna(company, allow_one_off=True, earliest_start_days=1)
    hour = make_hour(sauna, FRIDAY)
    guest, weekly = lease_party(company), lease_party(company)
    evening = date(2026, 3, 20)

    call(bookings.book_single, guest, guest.flat.id, hour.id, evening)
    code, turn = attempt(bookings.book_turn, weekly, weekly.flat.id, hour.id, evening)

    assert code == "taken" or turn.starts_on > evening, (
        "double booking: book_turn (services/bookings.py _book_turn) does not look at "
        f"SaunaSingleBooking, so a weekly turn starting on {turn.starts_on} shares the evening "
        f"of {evening} with another flat's single booking"
    )


# --- waiting list and offers ------------------------------------------------------------------


def _taken_hour_with_queue(company, *, offer_days: int = 3, earliest_start_days: int = 1):
    """A Friday hour held by one flat (booked today), with two flats waiting for it."""
    sauna = make_sauna(company, offer_days=offer_days, earliest_start_days=earliest_start_days)
    hour = make_hour(sauna, FRIDAY)
    holder, first, second = (lease_party(company) for _ in range(3))
    turn = call(bookings.book_turn, holder, holder.flat.id, hour.id, NEXT_FRIDAY)
    call(bookings.join_sauna_queue, first, first.flat.id, hour.id)
    call(bookings.join_sauna_queue, second, second.flat.id, hour.id)
    return hour, turn, holder, first, second


def _release(clock, holder, turn) -> None:
    """The holder cancels on 15 March (ends 30 April); the housekeeping job runs on 1 May."""
    clock.move_to(noon(date(2026, 3, 15)))
    call(bookings.cancel_turn, holder, holder.flat.id, turn.id)
    clock.move_to(noon(date(2026, 4, 30)))
    assert bookings.release_ended() == 0  # the last evening is still the holder's
    clock.move_to(noon(date(2026, 5, 1), 9))
    assert bookings.release_ended() == 1


def test_joining_a_waiting_list_gives_a_position(app, clock):
    company = make_company()
    hour, _turn, holder, first, second = _taken_hour_with_queue(company)
    key = bookings.hour_key(hour.id)

    assert bookings.position(entry_of(first, key)) == 1
    assert bookings.position(entry_of(second, key)) == 2
    refused("already_waiting", bookings.join_sauna_queue, first, first.flat.id, hour.id)
    refused("own", bookings.join_sauna_queue, holder, holder.flat.id, hour.id)
    free = make_hour(Sauna.get_by_id(hour.sauna_id), SATURDAY)
    refused("free", bookings.join_sauna_queue, first, first.flat.id, free.id)

    call(bookings.leave_queue, first, first.flat.id, entry_of(first, key).id, "sauna")
    assert bookings.position(entry_of(second, key)) == 1


def test_a_freed_hour_is_offered_to_the_first_in_line_who_accepts_it(app, clock):
    """When a turn ends, is its hour offered by mail to the first in line with a deadline, kept
    from everyone else meanwhile, and booked when the offer is accepted?"""
    company = make_company()
    hour, turn, holder, first, second = _taken_hour_with_queue(company, offer_days=3)
    key = bookings.hour_key(hour.id)
    _release(clock, holder, turn)

    offer = entry_of(first, key)
    assert offer.status == "offered"
    assert offer.offer_ref == key
    assert offer.offer_expires_at == utcnow() + timedelta(days=3)
    mails = mails_to(first, "A place is offered to you")
    assert len(mails) == 1
    assert "http://localhost/my/bookings/offers" in mails[0].body_text
    assert "by 4 May 2026, 09:00;" in mails[0].body_text  # the deadline, Helsinki time
    assert mails_to(second, "A place is offered to you") == []
    assert entry_of(second, key).status == "waiting"

    # While the offer stands, nobody else gets the hour: not the next in line, not a stranger.
    stranger = lease_party(company)
    sauna = Sauna.get_by_id(hour.sauna_id)
    assert cell_of(bookings.week_grid(sauna, date(2026, 5, 4), first.flat.id), hour).state == (
        "offered_own"
    )
    for other in (second, stranger):
        grid = bookings.week_grid(sauna, date(2026, 5, 4), other.flat.id)
        assert cell_of(grid, hour).state == "taken"
    refused("taken", bookings.book_turn, stranger, stranger.flat.id, hour.id, date(2026, 5, 8))
    refused("taken", bookings.book_turn, second, second.flat.id, hour.id, date(2026, 5, 8))

    clock.move_to(noon(date(2026, 5, 3)))
    new_turn = call(bookings.accept_offer, first, first.flat.id, offer.id, date(2026, 5, 8))

    assert (new_turn.flat_id, new_turn.starts_on) == (first.flat.id, date(2026, 5, 8))
    assert entry_of(first, key).status == "accepted"
    assert entry_of(first, key).hold_key is None
    assert bookings.position(entry_of(second, key)) == 1
    holders = SaunaTurn.select().where(SaunaTurn.hold_key == key)
    assert [t.flat_id for t in holders] == [first.flat.id]
    refused("no_offer", bookings.accept_offer, first, first.flat.id, offer.id, date(2026, 5, 8))


def test_an_offer_not_accepted_in_time_goes_to_the_next_in_line(app, clock):
    """When the first in line lets the deadline pass, does the hour go to the next, who can then
    take it, while the first no longer can?"""
    company = make_company()
    hour, turn, holder, first, second = _taken_hour_with_queue(company, offer_days=3)
    key = bookings.hour_key(hour.id)
    _release(clock, holder, turn)
    offer = entry_of(first, key)

    clock.move_to(noon(date(2026, 5, 4), 10))  # deadline passed, the job has not run yet
    refused(
        "offer_expired", bookings.accept_offer, first, first.flat.id, offer.id, date(2026, 5, 8)
    )
    assert bookings.expire_offers() == 1

    assert entry_of(first, key).status == "expired"
    assert entry_of(first, key).hold_key is None
    second_offer = entry_of(second, key)
    assert second_offer.status == "offered"
    assert second_offer.offer_expires_at == utcnow() + timedelta(days=3)
    assert len(mails_to(second, "A place is offered to you")) == 1
    refused("no_offer", bookings.accept_offer, first, first.flat.id, offer.id, date(2026, 5, 8))
    refused("taken", bookings.book_turn, first, first.flat.id, hour.id, date(2026, 5, 8))

    new_turn = call(
        bookings.accept_offer, second, second.flat.id, second_offer.id, date(2026, 5, 8)
    )
    assert new_turn.flat_id == second.flat.id
    assert bookings.expire_offers() == 0


def test_a_lapsed_offer_passes_to_the_next_in_line_not_to_whoever_books_first(app, clock):
    """When the first in line's deadline has passed but the housekeeping job (every five
    minutes) has not run yet, can a flat outside the queue take the hour past the next in line?
    It must not; nor may the next in line be offered an hour someone else holds."""
    company = make_company()
    hour, turn, holder, first, second = _taken_hour_with_queue(company, offer_days=3)
    key = bookings.hour_key(hour.id)
    _release(clock, holder, turn)
    stranger = lease_party(company)

    clock.move_to(noon(date(2026, 5, 4), 10))  # deadline 9:00 passed, the job has not run
    code, _turn = attempt(bookings.book_turn, stranger, stranger.flat.id, hour.id, date(2026, 5, 8))
    bookings.expire_offers()

    assert code == "taken", (
        "queue jumped: services/bookings.py _active_offer ignores an offer past its deadline "
        "that expire_offers has not yet passed on, so a flat outside the queue booked the hour "
        f"ahead of the next in line, who is now offered it ({entry_of(second, key).status!r}) "
        "although it is taken"
    )
    assert entry_of(second, key).status == "offered"


def test_an_offered_hour_cannot_be_booked_for_a_single_evening_by_another_flat(app, clock):
    """While the first in line holds an offer for a freed hour, can another flat book one
    evening of it, which the weekly turn accepted from the offer would then share?"""
    company = make_company()
    hour, turn, holder, first, _second = _taken_hour_with_queue(company)
    _release(clock, holder, turn)
    stranger = lease_party(company)
    evening = date(2026, 5, 8)

    code, _single = attempt(bookings.book_single, stranger, stranger.flat.id, hour.id, evening)
    offer = entry_of(first, bookings.hour_key(hour.id))
    weekly = call(bookings.accept_offer, first, first.flat.id, offer.id, evening)

    assert code == "taken", (
        "double booking: services/bookings.py book_single does not look at the standing offer "
        f"(_active_offer) nor later book_turn at the single booking, so the evening of {evening} "
        f"is held by a single booking and by the weekly turn from {weekly.starts_on}"
    )


def test_an_offer_with_nobody_after_lapses_and_frees_the_hour(app, clock):
    company = make_company()
    hour, turn, holder, first, second = _taken_hour_with_queue(company, offer_days=1)
    key = bookings.hour_key(hour.id)
    call(bookings.leave_queue, second, second.flat.id, entry_of(second, key).id, "sauna")
    _release(clock, holder, turn)

    clock.move_to(noon(date(2026, 5, 3)))
    assert bookings.expire_offers() == 1
    stranger = lease_party(company)
    assert call(bookings.book_turn, stranger, stranger.flat.id, hour.id, date(2026, 5, 8))


def test_an_offer_is_the_flats_turn_whatever_the_rules_for_free_choice(app, clock):
    """When the first in line accepts from the mail without picking a date, is the turn booked
    from the hour's next evening, although the sauna's earliest start (a week) and the flat's
    quota (already full) would refuse a free pick?"""
    company = make_company()
    hour, turn, holder, first, _second = _taken_hour_with_queue(company, earliest_start_days=0)
    sauna = Sauna.get_by_id(hour.sauna_id)
    call(bookings.book_turn, first, first.flat.id, make_hour(sauna, MONDAY).id, NEXT_FRIDAY)
    Sauna.update(earliest_start_days=7, turns_per_flat=1).where(Sauna.id == sauna.id).execute()
    _release(clock, holder, turn)
    offer = entry_of(first, bookings.hour_key(hour.id))

    clock.move_to(noon(date(2026, 5, 2)))  # a Saturday
    new_turn = call(bookings.accept_offer, first, first.flat.id, offer.id)

    assert (new_turn.flat_id, new_turn.starts_on) == (first.flat.id, date(2026, 5, 8))
    other = make_hour(sauna, THURSDAY)
    refused("quota", bookings.book_turn, first, first.flat.id, other.id, date(2026, 6, 1))


def test_a_leaving_offeree_passes_the_offer_on(app, clock):
    company = make_company()
    hour, turn, holder, first, second = _taken_hour_with_queue(company)
    key = bookings.hour_key(hour.id)
    _release(clock, holder, turn)

    call(bookings.leave_queue, first, first.flat.id, entry_of(first, key).id, "sauna")

    assert entry_of(first, key).status == "left"
    assert entry_of(second, key).status == "offered"
    assert len(mails_to(second, "A place is offered to you")) == 1


# --- parking ---------------------------------------------------------------------------------


def test_a_lease_party_rents_a_space_and_its_fee_joins_the_charges(app, clock):
    company = make_company()
    space = make_parking_space(company, monthly_fee=Decimal("42.00"))
    party = lease_party(company)

    contract = call(bookings.rent_space, party, party.flat.id, space.id, date(2026, 4, 1))

    assert (contract.flat_id, contract.lease_id) == (party.flat.id, party.lease.id)
    assert (contract.starts_on, contract.ends_on) == (date(2026, 4, 1), None)
    fee = Fee.get(Fee.source == f"parking_contract:{contract.id}")
    assert (fee.lease_id, fee.kind, fee.monthly_amount) == (party.lease.id, "parking", Decimal(42))
    assert (fee.starts_on, fee.ends_on, fee.description) == (date(2026, 4, 1), None, space.code)
    assert len(mails_to(party, "Parking space rented")) == 1
    other = lease_party(company)
    refused("space_taken", bookings.rent_space, other, other.flat.id, space.id, date(2026, 4, 1))


def test_other_residents_may_see_but_not_rent(app, clock):
    """Is a resident who is not a lease party refused (403) when renting or queueing?"""
    company = make_company()
    space = make_parking_space(company)
    party = lease_party(company)
    occupant = other_resident(party.flat)

    with pytest.raises(Refused):
        call(bookings.rent_space, occupant, party.flat.id, space.id, date(2026, 4, 1))
    with pytest.raises(Refused):
        call(bookings.join_parking_queue, occupant, party.flat.id, "plug")
    assert ParkingContract.select().count() == WaitingListEntry.select().count() == 0
    # The sauna is every resident's.
    hour = make_hour(make_sauna(company), FRIDAY)
    assert call(bookings.book_turn, occupant, party.flat.id, hour.id, NEXT_FRIDAY)


def test_an_agent_with_a_parking_power_of_attorney_may_rent(app, clock):
    company = make_company()
    space = make_parking_space(company)
    party = lease_party(company)
    agent = agent_of(party, "parking")

    contract = call(bookings.rent_space, agent, party.flat.id, space.id, date(2026, 4, 1))

    assert (contract.flat_id, contract.lease_id) == (party.flat.id, party.lease.id)
    assert call(bookings.terminate_contract, agent, party.flat.id, contract.id).ends_on


def test_an_agent_whose_power_does_not_cover_parking_may_not(app, clock):
    company = make_company()
    space = make_parking_space(company)
    party = lease_party(company)
    agent = agent_of(party, "sauna,keys")

    with pytest.raises(Refused):
        call(bookings.rent_space, agent, party.flat.id, space.id, date(2026, 4, 1))
    assert ParkingContract.select().count() == 0


def test_a_contract_starts_within_the_start_window(app, clock):
    """Is a contract starting more than three months ahead refused, 2099-12-01 and 9999-12-31
    too, by the rental's own rules and the confirmation's check alike, for staff too; and does
    the last day of the window pass?"""
    company = make_company()
    space = make_parking_space(company)
    party = lease_party(company)

    for far in (date(2026, 6, 12), date(2099, 12, 1), date.max):
        params = refused("too_late", bookings.rent_space, party, party.flat.id, space.id, far)
        assert params == {"latest": date(2026, 6, 11)}
        refused("too_late", bookings.check_rental, party.flat.id, far)
        refused("too_late", booking_admin.rent_space, make_staff(), space.id, party.flat.id, far)
    assert ParkingContract.select().count() == 0
    contract = call(bookings.rent_space, party, party.flat.id, space.id, date(2026, 6, 11))
    assert contract.starts_on == date(2026, 6, 11)


def test_the_start_window_is_a_setting(app, clock):
    app.config["PARKING_START_WINDOW_MONTHS"] = 1
    company = make_company()
    space = make_parking_space(company)
    party = lease_party(company)

    refused("too_late", bookings.rent_space, party, party.flat.id, space.id, date(2026, 4, 12))
    assert call(bookings.rent_space, party, party.flat.id, space.id, date(2026, 4, 11))


def test_a_flat_rents_up_to_its_cap(app, clock):
    """With a cap of one space per flat, is a second rental refused, on every path a resident
    has (renting, queueing, the confirmation), while staff may rent a second deliberately?"""
    company = make_company()
    first, second, third = (make_parking_space(company) for _ in range(3))
    party = lease_party(company)
    call(bookings.rent_space, party, party.flat.id, first.id, WEDNESDAY)

    params = refused("cap", bookings.rent_space, party, party.flat.id, second.id, date(2026, 4, 1))
    assert params == {"cap": 1, "free_from": None}
    refused("cap", bookings.check_rental, party.flat.id, date(2026, 4, 1))
    refused("cap", bookings.join_parking_queue, party, party.flat.id, "garage")
    assert call(bookings.parking_allowance, party.flat.id) == bookings.ParkingAllowance(
        1, 1, None, date(2026, 6, 11)
    )
    staff = make_staff()
    assert booking_admin.rent_space(staff, second.id, party.flat.id, WEDNESDAY)
    assert ParkingContract.select().where(ParkingContract.flat == party.flat.id).count() == 2

    app.config["PARKING_MAX_PER_FLAT"] = 3
    assert call(bookings.rent_space, party, party.flat.id, third.id, WEDNESDAY)


def test_a_terminated_contract_makes_room_from_the_day_after_it_ends(app, clock):
    company = make_company()
    old, new = make_parking_space(company), make_parking_space(company)
    party = lease_party(company)
    contract = call(bookings.rent_space, party, party.flat.id, old.id, WEDNESDAY)
    call(bookings.terminate_contract, party, party.flat.id, contract.id)  # ends 30 April

    params = refused("cap", bookings.rent_space, party, party.flat.id, new.id, date(2026, 4, 30))
    assert params == {"cap": 1, "free_from": date(2026, 5, 1)}
    assert call(bookings.parking_allowance, party.flat.id) == bookings.ParkingAllowance(
        1, 1, date(2026, 5, 1), date(2026, 6, 11)
    )
    assert call(bookings.rent_space, party, party.flat.id, new.id, date(2026, 5, 1))


def test_a_flat_queues_only_when_no_space_of_the_kind_is_free(app, clock):
    """Is joining the queue for a type refused while a space of that type is free (not rented
    and not offered), and allowed when every one is rented or offered?"""
    company = make_company()
    rented, offered, free = (make_parking_space(company, kind="ev") for _ in range(3))
    holder, offeree, party = (lease_party(company) for _ in range(3))
    make_contract(rented, holder.flat)
    key = bookings.parking_queue_key(company.id, "ev")
    make_entry(
        key,
        offeree.flat,
        status="offered",
        offer_ref=bookings.space_key(offered.id),
        offer_expires_at=utcnow() + timedelta(days=3),
    )

    refused("space_free", bookings.join_parking_queue, party, party.flat.id, "ev")
    taker = lease_party(company)
    call(bookings.rent_space, taker, taker.flat.id, free.id, WEDNESDAY)
    assert call(bookings.join_parking_queue, party, party.flat.id, "ev").queue_key == key


def test_an_offer_passes_over_a_flat_at_its_cap(app, clock):
    """When a space frees, is it offered to the first flat in line that could take it, while a
    flat at its cap ahead of it keeps its place for a later space?"""
    company = make_company()
    space, other = make_parking_space(company, kind="garage"), make_parking_space(company)
    holder, capped, next_in_line = (lease_party(company) for _ in range(3))
    contract = make_contract(space, holder.flat)
    key = bookings.parking_queue_key(company.id, "garage")
    ahead = make_entry(key, capped.flat)
    behind = make_entry(key, next_in_line.flat)
    make_contract(other, capped.flat)  # rented since joining the queue

    call(bookings.terminate_contract, holder, holder.flat.id, contract.id)
    clock.move_to(noon(date(2026, 5, 1)))
    assert bookings.release_ended() == 1

    assert WaitingListEntry.get_by_id(ahead.id).status == "waiting"
    offer = WaitingListEntry.get_by_id(behind.id)
    assert (offer.status, offer.offer_ref) == ("offered", bookings.space_key(space.id))
    # An offeree who reached the cap meanwhile (staff rented it a space) cannot accept.
    booking_admin.rent_space(
        make_staff(), make_parking_space(company).id, next_in_line.flat.id, date(2026, 5, 1)
    )
    refused("cap", bookings.accept_offer, next_in_line, next_in_line.flat.id, offer.id)
    assert WaitingListEntry.get_by_id(behind.id).status == "offered"


def test_termination_notice_runs_one_month_from_the_end_of_the_month(app, clock):
    """Terminated on 15 March, does the contract (and its fee) end on 30 April, the date shown
    before confirming, and can it not be terminated twice?"""
    company = make_company()
    space = make_parking_space(company)
    party = lease_party(company)
    contract = call(bookings.rent_space, party, party.flat.id, space.id, WEDNESDAY)

    clock.move_to(noon(date(2026, 3, 15)))
    assert bookings.parking_end_preview(company) == date(2026, 4, 30)
    ended = call(bookings.terminate_contract, party, party.flat.id, contract.id)

    assert (ended.notice_given_on, ended.ends_on) == (date(2026, 3, 15), date(2026, 4, 30))
    assert ParkingContract.get_by_id(contract.id).ends_on == date(2026, 4, 30)
    assert Fee.get(Fee.source == f"parking_contract:{contract.id}").ends_on == date(2026, 4, 30)
    assert len(mails_to(party, "Parking contract terminated")) == 1
    refused("ended", bookings.terminate_contract, party, party.flat.id, contract.id)


def test_the_housing_companys_own_notice_period_applies(app, clock):
    company = make_company(parking_notice_months=3)
    party = lease_party(company)
    contract = call(
        bookings.rent_space, party, party.flat.id, make_parking_space(company).id, WEDNESDAY
    )

    clock.move_to(noon(date(2026, 3, 15)))
    ended = call(bookings.terminate_contract, party, party.flat.id, contract.id)
    assert ended.ends_on == date(2026, 6, 30)


def test_a_freed_space_is_offered_to_the_first_in_the_queue_for_its_type(app, clock):
    company = make_company(parking_offer_days=7)
    space = make_parking_space(company, kind="ev")
    holder, waiting, other_kind = (lease_party(company) for _ in range(3))
    contract = call(bookings.rent_space, holder, holder.flat.id, space.id, WEDNESDAY)
    call(bookings.join_parking_queue, other_kind, other_kind.flat.id, "garage")
    call(bookings.join_parking_queue, waiting, waiting.flat.id, "ev")
    refused("not_found", bookings.join_parking_queue, waiting, waiting.flat.id, "helicopter")

    clock.move_to(noon(date(2026, 3, 15)))
    call(bookings.terminate_contract, holder, holder.flat.id, contract.id)
    clock.move_to(noon(date(2026, 5, 1)))
    assert bookings.release_ended() == 1

    key = bookings.parking_queue_key(company.id, "ev")
    offer = entry_of(waiting, key)
    assert (offer.status, offer.offer_ref) == ("offered", bookings.space_key(space.id))
    assert offer.offer_expires_at == utcnow() + timedelta(days=7)
    assert len(mails_to(waiting, "A place is offered to you")) == 1
    stranger = lease_party(company)
    refused(
        "space_taken", bookings.rent_space, stranger, stranger.flat.id, space.id, date(2026, 5, 2)
    )

    new = call(bookings.accept_offer, waiting, waiting.flat.id, offer.id, date(2026, 5, 2))
    assert (new.flat_id, new.space_id, new.starts_on) == (
        waiting.flat.id,
        space.id,
        date(2026, 5, 2),
    )
    assert Fee.get(Fee.source == f"parking_contract:{new.id}").monthly_amount == Decimal(25)
    assert (
        entry_of(other_kind, bookings.parking_queue_key(company.id, "garage")).status == "waiting"
    )


# --- another flat's resident is refused everything --------------------------------------------


def _first_flats_bookings() -> tuple[dict, list]:
    """A flat with a turn, a skipped week, a single booking, queue entries (one of them an
    offer) and a parking contract; the actions a second flat's resident might try on it; and
    two such residents (same housing company, another one)."""
    company = make_company()
    sauna = make_sauna(company, turns_per_flat=3)
    friday, saturday, sunday = (make_hour(sauna, d) for d in (FRIDAY, SATURDAY, SUNDAY))
    space, free_space = make_parking_space(company), make_parking_space(company)
    first, holder, neighbour = (lease_party(company) for _ in range(3))
    stranger = lease_party(make_company())
    flat = first.flat.id
    turn = call(bookings.book_turn, first, flat, friday.id, NEXT_FRIDAY)
    holder_turn = call(bookings.book_turn, holder, holder.flat.id, saturday.id, NEXT_FRIDAY)
    call(bookings.skip_week, holder, holder.flat.id, holder_turn.id, date(2026, 3, 21))
    single = call(bookings.book_single, first, flat, saturday.id, date(2026, 3, 21))
    waiting = call(bookings.join_parking_queue, first, flat, "garage")
    offered = call(bookings.join_sauna_queue, first, flat, saturday.id)
    WaitingListEntry.update(
        status="offered",
        offer_ref=bookings.hour_key(saturday.id),
        offer_expires_at=utcnow() + timedelta(days=3),
    ).where(WaitingListEntry.id == offered.id).execute()
    contract = call(bookings.rent_space, first, flat, space.id, WEDNESDAY)
    actions = {
        "book_turn": (bookings.book_turn, flat, sunday.id, NEXT_FRIDAY),
        "cancel_turn": (bookings.cancel_turn, flat, turn.id),
        "skip_week": (bookings.skip_week, flat, turn.id, date(2026, 3, 20)),
        "book_single": (bookings.book_single, flat, sunday.id, date(2026, 3, 15)),
        "cancel_single": (bookings.cancel_single, flat, single.id),
        "join_sauna_queue (taken hour)": (bookings.join_sauna_queue, flat, saturday.id),
        "join_sauna_queue (free hour)": (bookings.join_sauna_queue, flat, sunday.id),
        "join_parking_queue": (bookings.join_parking_queue, flat, "plug"),
        "leave_queue": (bookings.leave_queue, flat, waiting.id, "parking"),
        "accept_offer (standing offer)": (bookings.accept_offer, flat, offered.id),
        "accept_offer (no offer)": (bookings.accept_offer, flat, waiting.id),
        "rent_space": (bookings.rent_space, flat, free_space.id, WEDNESDAY),
        "terminate_contract": (bookings.terminate_contract, flat, contract.id),
    }
    return actions, [neighbour, stranger]


def _try(user, fn, *args):
    try:
        call(fn, user, *args)
    except NotFound:
        return 404
    except Refused:
        return 403
    except BookingError as exc:
        return exc.code
    return "done"


def test_a_second_flats_resident_changes_nothing_of_the_first(app, clock):
    """Given the first flat's ids (turn, single booking, queue entries, offer, contract), is a
    resident of a second flat, of the same or another housing company, refused every action,
    with nothing changed?"""
    actions, intruders = _first_flats_bookings()
    before = _snapshot()

    for intruder in intruders:
        answers = {name: _try(intruder, *action) for name, action in actions.items()}
        assert "done" not in answers.values(), answers
        assert 403 not in answers.values(), answers
    assert _snapshot() == before


def test_a_second_flats_resident_learns_nothing_of_the_first(app, clock):
    """Does every action on the first flat answer a second flat's resident with the same 404,
    whatever the first flat has (an offer or not) or the hour is (free or taken)?"""
    actions, intruders = _first_flats_bookings()

    leaks = {}
    for n, intruder in enumerate(intruders):
        for name, action in actions.items():
            answer = _try(intruder, *action)
            if answer != 404:
                leaks[f"{name}, intruder {n}"] = answer
    assert not leaks, f"a booking answer instead of 404 tells of the first flat: {leaks}"


def _snapshot() -> dict:
    return {
        model.__name__: sorted(tuple(sorted(row.items())) for row in model.select().dicts())
        for model in (
            SaunaTurn,
            SaunaTurnSkip,
            SaunaSingleBooking,
            WaitingListEntry,
            ParkingContract,
            Fee,
        )
    }


# --- the week grid ---------------------------------------------------------------------------


def test_week_grid_shows_each_hour_as_the_flat_sees_it(app, clock):
    """Does the grid of the week of Wednesday 11 March show past, own, taken, free, unbookable,
    single free, single own and single taken hours?"""
    company = make_company()
    sauna = make_sauna(company, allow_one_off=True, turns_per_flat=5)
    me, neighbour, third = (lease_party(company) for _ in range(3))
    hours = {
        "past": make_hour(sauna, MONDAY, 18),
        "past_taken": make_hour(sauna, TUESDAY, 18),
        "free_today": make_hour(sauna, 2, 18),
        "own": make_hour(sauna, THURSDAY, 18),
        "taken": make_hour(sauna, FRIDAY, 18),
        "unbookable": hour_at(sauna, SATURDAY, 18),  # the common men's turn
        "single_free": make_hour(sauna, SUNDAY, 18),
        "single_own": make_hour(sauna, SUNDAY, 19),
        "single_taken": make_hour(sauna, SUNDAY, 20),
        "free": make_hour(sauna, SATURDAY, 19),
    }
    old = date(2026, 1, 1)

    def hold(name, user):
        return make_turn(hours[name], user.flat, starts_on=old)

    hold("past_taken", neighbour)
    own = hold("own", me)
    hold("taken", neighbour)
    sunday = date(2026, 3, 15)
    for name, guest in (("single_free", None), ("single_own", me), ("single_taken", third)):
        turn = hold(name, neighbour)
        SaunaTurnSkip.create(turn=turn, on_date=sunday)
        if guest is not None:
            SaunaSingleBooking.create(hour=hours[name], flat=guest.flat, on_date=sunday)
    # A turn that ended before this week does not hold the hour any more.
    make_turn(hours["free"], neighbour.flat, starts_on=old, ends_on=date(2026, 3, 1), hold_key=None)

    grid = bookings.week_grid(sauna, WEDNESDAY, me.flat.id)

    assert grid["week_start"] == date(2026, 3, 9)
    assert (grid["days"][0], grid["days"][-1]) == (date(2026, 3, 9), sunday)
    cells = {cell.hour.id: cell for _start, row in grid["rows"] for cell in row.values()}
    states = {name: cells[hour.id].state for name, hour in hours.items()}
    assert states == {
        "past": "past",
        "past_taken": "past",
        "free_today": "free",
        "own": "own",
        "taken": "taken",
        "unbookable": "unbookable",
        "single_free": "single_free",
        "single_own": "single_own",
        "single_taken": "single_taken",
        "free": "free",
    }
    assert cells[hours["own"].id].turn_id == own.id
    assert cells[hours["own"].id].day == date(2026, 3, 12)
    assert [start for start, _row in grid["rows"]] == [17, 18, 19, 20]
    assert sorted(grid["rows"][0][1]) == [0, 1, 2, 3, 4, 5]  # 17:00, Monday to Saturday
    assert sorted(grid["rows"][1][1]) == [0, 1, 2, 3, 4, 5, 6]  # 18:00, and Sunday's


def test_week_grid_without_one_off_shows_a_skipped_week_as_taken(app, clock):
    company = make_company()
    sauna = make_sauna(company, allow_one_off=False)
    hour = make_hour(sauna, FRIDAY)
    me, neighbour = lease_party(company), lease_party(company)
    turn = make_turn(hour, neighbour.flat, starts_on=date(2026, 1, 2))
    SaunaTurnSkip.create(turn=turn, on_date=NEXT_FRIDAY)

    grid = bookings.week_grid(sauna, WEDNESDAY, me.flat.id)
    assert cell_of(grid, hour).state == "taken"
    later = bookings.week_grid(sauna, date(2026, 3, 16), me.flat.id)
    assert cell_of(later, hour).state == "taken"


def test_week_grid_shows_the_flats_waiting_lists(app, clock):
    company = make_company()
    hour, _turn, _holder, first, _second = _taken_hour_with_queue(company)
    sauna = Sauna.get_by_id(hour.sauna_id)
    assert bookings.week_grid(sauna, WEDNESDAY, first.flat.id)["waiting"] == {
        bookings.hour_key(hour.id)
    }


def cell_of(grid: dict, hour: SaunaHour) -> bookings.Cell:
    return next(c for _start, row in grid["rows"] for c in row.values() if c.hour.id == hour.id)


def _fill(sauna, turns: int, company) -> list[SaunaHour]:
    """``turns`` more hours on the sauna, each held by a weekly turn with a skip this week, a
    single booking and a waiting flat."""
    hours = [make_hour(sauna, n % 7, 6 + n // 7) for n in range(turns)]
    for hour in hours:
        holder, guest, waiting = (make_flat(company) for _ in range(3))
        turn = make_turn(hour, holder, starts_on=date(2026, 1, 1))
        day = date(2026, 3, 9) + timedelta(days=hour.weekday)
        SaunaTurnSkip.create(turn=turn, on_date=day)
        SaunaSingleBooking.create(hour=hour, flat=guest, on_date=day)
        make_entry(bookings.hour_key(hour.id), waiting)
    return hours


def test_week_grid_runs_the_same_queries_whatever_the_number_of_bookings(app, clock, count_queries):
    """Does the calendar partial's grid cost the same number of queries with 1 turn as with 30
    (with their skips, single bookings and waiting lists)?"""
    company = make_company()
    me = lease_party(company)
    small, large = make_sauna(company, name="Pieni"), make_sauna(company, name="Suuri")
    for sauna, turns in ((small, 1), (large, 30)):
        hours = _fill(sauna, turns, company)
        call(bookings.join_sauna_queue, me, me.flat.id, hours[0].id)  # the flat waits in both

    counts = {}
    for sauna in (small, large):
        with count_queries() as counter:
            grid = bookings.week_grid(sauna, WEDNESDAY, me.flat.id)
        counts[sauna.name] = counter.count
        assert sum(len(row) for _start, row in grid["rows"]) == sauna.hours.count()
    assert counts["Pieni"] == counts["Suuri"], counts


# --- the resident page's view model ------------------------------------------------------------


def test_sauna_page_model_is_the_flats_own_and_the_grid_block_is_smaller(app, clock):
    """Does the service build the resident sauna page for the user's own flat only, with the
    first turn of each grid day, and leave out of the grid block what only the page shows?"""
    company = make_company()
    sauna = make_sauna(company)
    party = lease_party(company)
    hour = make_hour(sauna, FRIDAY, 19)
    make_turn(hour, party.flat, starts_on=WEDNESDAY - timedelta(days=30))
    page = call(bookings.sauna_page, party, party.flat.id, None, WEDNESDAY)
    assert page["sauna"].id == sauna.id
    assert [t.hour_id for t in page["mine"]["turns"]] == [hour.id]
    assert page["skip_choices"][page["mine"]["turns"][0].id][0].weekday() == FRIDAY
    earliest = page["earliest"]
    for day, first in page["first_turns"].items():
        assert first.weekday() == day.weekday()
        assert first >= min(day, earliest)
        assert first == day or first >= earliest
    grid = call(bookings.sauna_page, party, party.flat.id, None, WEDNESDAY, grid_only=True)
    assert "skip_choices" not in grid
    assert "turns" not in grid["mine"]
    assert grid["grid"]["week_start"] == page["grid"]["week_start"]

    stranger = lease_party(make_company())
    with pytest.raises(NotFound):
        call(bookings.sauna_page, stranger, party.flat.id, None, WEDNESDAY)
    other_sauna = make_sauna(make_company())
    with pytest.raises(NotFound):
        call(bookings.sauna_page, party, party.flat.id, other_sauna.id, WEDNESDAY)
