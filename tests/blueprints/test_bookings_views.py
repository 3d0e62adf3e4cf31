"""Bookings on the resident pages: the sauna grid (HTMX blocks), turns, skips, one-off hours,
waiting lists, offers, parking; the rules as the pages show them; access; query count."""

from __future__ import annotations

import re
from datetime import date, datetime
from zoneinfo import ZoneInfo

import pytest
import time_machine

from heka_asoy.models import (
    Fee,
    ParkingContract,
    SaunaSingleBooking,
    SaunaTurn,
    SaunaTurnSkip,
    WaitingListEntry,
)
from heka_asoy.services import bookings as service
from tests.booking_factories import (
    SAUNA_START_HOURS,
    bookable_hours,
    hour_at,
    make_contract,
    make_entry,
    make_parking_space,
    make_sauna,
    make_turn,
)
from tests.factories import (
    add_other_resident,
    login,
    make_flat,
    make_lease,
    make_resident,
    make_tenant,
    make_user,
)

HKI = ZoneInfo("Europe/Helsinki")
WEDNESDAY = datetime(2026, 1, 14, 12, 0, tzinfo=HKI)  # week 3 of 2026
MONDAY = date(2026, 1, 19)  # the coming Monday
HX = {"HX-Request": "true"}
BASE = "/my/bookings"


@pytest.fixture(autouse=True)
def wednesday():
    """Every test runs on Wednesday 14 January 2026 at noon, Helsinki time."""
    with time_machine.travel(WEDNESDAY, tick=False) as traveller:
        yield traveller


def neighbour(company):
    """A lease party of another flat in ``company``, with an account."""
    resident = make_resident()
    flat = make_flat(company)
    make_lease(flat, [resident])
    user = make_user(resident)
    user.flat = flat
    return user


def logged_in(app, user):
    client = app.test_client()
    login(client, user)
    return client


def setup_sauna(app, **sauna_kw):
    user = make_tenant()
    sauna = make_sauna(user.flat.housing_company, **sauna_kw)
    return user, sauna, logged_in(app, user)


def book(client, user, hour, starts_on=MONDAY, headers=None, confirm=True, **extra):
    data = {"flat": user.flat.id, "hour": hour.id, "starts_on": starts_on.isoformat(), **extra}
    if confirm:
        data["confirm"] = "1"
    return client.post(f"{BASE}/sauna/book", data=data, headers=headers or {})


# --- the grid -------------------------------------------------------------------------------


def test_sauna_page_is_a_table_of_the_week(app):
    """Is the week a real table (caption, day and hour headers) with buttons, the common turns'
    labels, the fee, and bookings from today's hours starting next week?"""
    user, sauna, client = setup_sauna(app)
    page = client.get(f"{BASE}/sauna").data.decode()
    assert "<html" in page
    assert "<caption" in page
    assert 'scope="col"' in page
    assert 'scope="row"' in page
    assert "Week 3" in page
    assert "Common turn for women" in page
    assert "Common turn for men" in page
    assert "€15.00" in page
    assert page.count(">Book<") == 3 * 4 + 2  # Wed–Fri four hours, Saturday two (today on)
    # Today's (Wednesday's) hours start next week: the earliest start is tomorrow.
    wednesday_17 = hour_at(sauna, 2, 17)
    assert f'name="hour" value="{wednesday_17.id}"' in page
    assert 'name="starts_on" value="2026-01-21"' in page
    # Monday's and Tuesday's hours are past: each cell says so, none offers a booking.
    assert page.count(">Past<") == 2 * len(SAUNA_START_HOURS)


def test_a_day_of_the_week_is_chosen_by_link(app):
    """Narrow screens show one day: does ``week=<a day>`` choose that day without JS (every
    other day's cells marked off, a link per day, the chosen one current), and do the grid's
    forms send their own day back, so the answer shows the day the resident was on?"""
    user, sauna, client = setup_sauna(app)
    friday = date(2026, 1, 16)
    page = client.get(f"{BASE}/sauna?week={friday.isoformat()}").data.decode()
    tabs = re.search(r'<nav class="day-tabs".*?</nav>', page, re.S).group(0)
    days = re.findall(r'href="[^"]*week=(2026-01-\d\d)[^"]*"', tabs)
    assert days == [f"2026-01-{d}" for d in range(12, 18)]  # Monday to Saturday
    assert re.findall(r'week=(2026-01-\d\d)[^"]*"[^>]*aria-current="true"', tabs) == ["2026-01-16"]
    head = re.search(r"<thead>.*?</thead>", page, re.S).group(0)
    assert head.count("sauna-grid__off") == 5
    body = re.search(r"<tbody>.*?</tbody>", page, re.S).group(0)
    assert body.count("<td ") - body.count("sauna-grid__off") == 4  # Friday's four hours
    friday_17 = hour_at(sauna, 4, 17)
    form = re.search(rf'<form[^>]*>(?:(?!</form>).)*value="{friday_17.id}".*?</form>', body, re.S)
    assert 'name="week" value="2026-01-16"' in form.group(0)
    # no week given: today (Wednesday) is the day shown
    page = client.get(f"{BASE}/sauna").data.decode()
    assert re.findall(r'week=(2026-01-\d\d)[^"]*"[^>]*aria-current="true"', page) == [
        "2026-01-14"
    ]


def test_dashboard_links_to_the_booking_pages(app):
    """Do the dashboard's sauna and parking cards lead to the booking pages?"""
    user = make_tenant()
    client = logged_in(app, user)
    page = client.get("/my/").data.decode()
    assert f'href="{BASE}/sauna"' in page
    assert f'href="{BASE}/parking"' in page


def test_choosing_a_week_swaps_only_the_grid(app):
    """Does an HTMX week change get only the grid block (no page, no "Your bookings"), and a
    history restore or a plain request the whole page?"""
    user, sauna, client = setup_sauna(app)
    url = f"{BASE}/sauna?flat={user.flat.id}&sauna={sauna.id}&week=2026-01-28"
    response = client.get(url, headers=HX)
    part = response.data.decode()
    assert response.status_code == 200
    assert "<html" not in part
    assert 'id="sauna-grid"' in part
    assert "Week 5" in part
    assert "Your bookings" not in part
    assert "HX-Request" in response.headers.get("Vary", "")
    restored = client.get(url, headers={**HX, "HX-History-Restore-Request": "true"})
    assert "<html" in restored.data.decode()
    assert "<html" in client.get(url).data.decode()
    area = client.get(url + "&area=1", headers=HX).data.decode()
    assert "<html" not in area
    assert 'id="booking-area"' in area
    assert "Your bookings" in area


def test_another_sauna_of_the_company_can_be_chosen(app):
    """With two saunas, is there a choice, and does it show the chosen one; is a sauna of
    another housing company refused?"""
    user, sauna, client = setup_sauna(app)
    second = make_sauna(user.flat.housing_company, name="Ranta-sauna")
    page = client.get(f"{BASE}/sauna").data.decode()
    assert 'id="grid-sauna"' in page
    assert "Ranta-sauna" in page
    part = client.get(f"{BASE}/sauna?sauna={second.id}", headers=HX).data.decode()
    assert "Ranta-sauna, week 3" in part
    foreign = make_sauna(make_tenant().flat.housing_company)
    assert client.get(f"{BASE}/sauna?sauna={foreign.id}").status_code == 404


# --- booking and cancelling -----------------------------------------------------------------


def test_book_a_turn_from_the_grid(app):
    """Does "Book" first show the fee and the earliest start, and the confirmation book the turn
    (with its fee) and redirect back to the page that shows it?"""
    user, sauna, client = setup_sauna(app)
    hour = hour_at(sauna, 0, 18)
    step = book(client, user, hour, confirm=False)
    assert step.status_code == 200
    text = step.data.decode()
    assert "Book the weekly turn Monday 18–19?" in text
    assert "€15.00 a month" in text
    assert "15 Jan 2026" in text  # the earliest start
    assert 'name="confirm" value="1"' in text
    assert SaunaTurn.select().count() == 0

    done = book(client, user, hour)
    assert done.status_code == 302
    assert "/my/bookings/sauna" in done.headers["Location"]
    turn = SaunaTurn.get()
    assert (turn.flat_id, turn.hour_id, turn.starts_on) == (user.flat.id, hour.id, MONDAY)
    assert Fee.get(Fee.source == f"sauna_turn:{turn.id}").monthly_amount == sauna.monthly_fee
    page = client.get(done.headers["Location"]).data.decode()
    assert "Booked: Monday 18–19 every week from 19 Jan 2026." in page
    assert "Your turn" in page


def test_book_via_htmx_swaps_the_slot_and_the_bookings(app):
    """Does an HTMX booking answer with only the booking area: the grid with the own turn and
    "Your bookings" with it, and a status message?"""
    user, sauna, client = setup_sauna(app)
    hour = hour_at(sauna, 3, 19)
    step = book(client, user, hour, confirm=False, headers=HX).data.decode()
    assert "<html" not in step
    assert "Confirm the booking" in step
    response = book(client, user, hour, starts_on=date(2026, 1, 15), headers=HX)
    part = response.data.decode()
    assert response.status_code == 200
    assert "<html" not in part
    assert part.lstrip().startswith('<div id="booking-area"')
    assert 'role="status"' in part
    assert "Your turn" in part
    assert "Your bookings" in part
    assert "Thursday 19–20" in part
    assert SaunaTurn.get().starts_on == date(2026, 1, 15)


def test_cancel_shows_the_end_date_before_confirming(app):
    """Does cancelling first show when the turn ends (end of the notice period) and change
    nothing, and the confirmation end the turn and its fee on that date?"""
    user, sauna, client = setup_sauna(app)
    book(client, user, hour_at(sauna, 0, 17))
    turn = SaunaTurn.get()
    url = f"{BASE}/sauna/turns/{turn.id}/cancel"
    step = client.post(url, data={"flat": user.flat.id})
    assert step.status_code == 200
    assert "If you cancel today, the turn ends on 28 Feb 2026." in step.data.decode()
    assert SaunaTurn.get_by_id(turn.id).ends_on is None
    part = client.post(url, data={"flat": user.flat.id}, headers=HX).data.decode()
    assert "<html" not in part
    assert "28 Feb 2026" in part
    assert "Keep the turn" in part

    done = client.post(url, data={"flat": user.flat.id, "confirm": "1"})
    assert done.status_code == 302
    assert SaunaTurn.get_by_id(turn.id).ends_on == date(2026, 2, 28)
    assert Fee.get(Fee.source == f"sauna_turn:{turn.id}").ends_on == date(2026, 2, 28)
    page = client.get(done.headers["Location"]).data.decode()
    assert "Cancelled: ends on 28 Feb 2026" in page
    again = client.post(url, data={"flat": user.flat.id}, headers=HX).data.decode()
    assert 'role="alert"' in again
    assert "already ended or been cancelled" in again


def test_skip_a_week_and_another_flat_books_it_once(app):
    """Can a flat give up one week of its turn, and another flat then book that hour once (and
    cancel it), while the hour stays the first flat's in other weeks?"""
    user, sauna, client = setup_sauna(app)
    hour = hour_at(sauna, 0, 17)
    turn = make_turn(hour, user.flat)
    page = client.get(f"{BASE}/sauna").data.decode()
    assert 'name="on_date"' in page
    assert "Monday 19 Jan 2026" in page
    part = client.post(
        f"{BASE}/sauna/turns/{turn.id}/skip",
        data={"flat": user.flat.id, "on_date": MONDAY.isoformat()},
        headers=HX,
    ).data.decode()
    assert "You gave up your turn on 19 Jan 2026." in part
    assert SaunaTurnSkip.get().on_date == MONDAY
    assert "Given up:" in part

    other = neighbour(user.flat.housing_company)
    other_client = logged_in(app, other)
    week = f"{BASE}/sauna?week={MONDAY.isoformat()}"
    assert "Book once" in other_client.get(week).data.decode()
    answer = other_client.post(
        f"{BASE}/sauna/single",
        data={"flat": other.flat.id, "hour": hour.id, "on_date": MONDAY.isoformat()},
        headers=HX,
    ).data.decode()
    assert "Booked once: 19 Jan 2026 at 17–18." in answer
    assert "Booked once" in answer
    single = SaunaSingleBooking.get()
    assert single.flat_id == other.flat.id
    assert "Taken" in client.get(week).data.decode()
    next_week = other_client.get(f"{BASE}/sauna?week=2026-01-26").data.decode()
    assert "Book once" not in next_week
    # The other flat cancels its one-off booking from its list.
    cancelled = other_client.post(
        f"{BASE}/sauna/single/{single.id}/cancel", data={"flat": other.flat.id}
    )
    assert cancelled.status_code == 302
    assert SaunaSingleBooking.select().count() == 0


def test_join_the_waiting_list_and_see_the_position(app):
    """Does a taken hour offer the waiting list, and a flat that joined see its position in the
    grid and in its list, and can it leave?"""
    user, sauna, client = setup_sauna(app)
    hour = hour_at(sauna, 4, 20)
    make_turn(hour, user.flat)
    first = neighbour(user.flat.housing_company)
    make_entry(service.hour_key(hour.id), first.flat)
    second = neighbour(user.flat.housing_company)
    c2 = logged_in(app, second)
    page = c2.get(f"{BASE}/sauna").data.decode()
    assert "Taken" in page
    assert "Join the waiting list" in page
    part = c2.post(
        f"{BASE}/sauna/queue", data={"flat": second.flat.id, "hour": hour.id}, headers=HX
    ).data.decode()
    assert "<html" not in part
    assert "Your flat is on the waiting list, position 2." in part
    assert "In the queue, position 2" in part
    assert "Leave the waiting list" in part
    again = c2.post(f"{BASE}/sauna/queue", data={"flat": second.flat.id, "hour": hour.id})
    assert again.status_code == 302
    assert "already on this waiting list" in c2.get(again.headers["Location"]).data.decode()
    entry = WaitingListEntry.get(WaitingListEntry.flat == second.flat.id)
    left = c2.post(f"{BASE}/sauna/queue/{entry.id}/leave", data={"flat": second.flat.id})
    assert left.status_code == 302
    assert WaitingListEntry.get_by_id(entry.id).status == "left"
    # A free hour is booked, not queued for.
    free = c2.post(
        f"{BASE}/sauna/queue",
        data={"flat": second.flat.id, "hour": hour_at(sauna, 4, 17).id},
        headers=HX,
    ).data.decode()
    assert 'role="alert"' in free
    assert "This hour is free" in free


def test_accept_an_offer_from_the_waiting_list(app, wednesday):
    """When a cancelled turn ends and frees its hour, is the first in line offered it on the
    offers page, and does accepting book the turn for that flat?"""
    user, sauna, client = setup_sauna(app)
    hour = hour_at(sauna, 0, 19)
    turn = make_turn(hour, user.flat)
    waiting = neighbour(user.flat.housing_company)
    with app.test_request_context():
        service.join_sauna_queue(waiting, waiting.flat.id, hour.id)
        service.cancel_turn(user, user.flat.id, turn.id)
    wednesday.move_to(datetime(2026, 3, 2, 9, 0, tzinfo=HKI))  # a Monday after the end
    with app.test_request_context():
        assert service.release_ended() == 1
    entry = WaitingListEntry.get(WaitingListEntry.flat == waiting.flat.id)
    assert entry.status == "offered"
    c2 = logged_in(app, waiting)
    offers = c2.get(f"{BASE}/offers").data.decode()
    assert "Sauna turn Monday 19–20" in offers
    assert "Accept by" in offers
    assert 'value="2026-03-09"' in offers  # today's turn is too soon: next Monday
    assert "The hour is offered to you" in c2.get(f"{BASE}/sauna").data.decode()
    done = c2.post(f"{BASE}/offers/{entry.id}/accept", data={"flat": waiting.flat.id})
    assert done.status_code == 302
    assert "/sauna" in done.headers["Location"]
    new = SaunaTurn.get(SaunaTurn.flat == waiting.flat.id)
    assert (new.hour_id, new.starts_on) == (hour.id, date(2026, 3, 9))
    assert WaitingListEntry.get_by_id(entry.id).status == "accepted"
    assert "No open offers" in c2.get(f"{BASE}/offers").data.decode()


def test_decline_an_offer(app):
    """Does declining an offer take the flat off the list?"""
    user, sauna, client = setup_sauna(app)
    hour = hour_at(sauna, 1, 17)
    entry = make_entry(
        service.hour_key(hour.id),
        user.flat,
        status="offered",
        offer_ref=service.hour_key(hour.id),
        offer_expires_at=datetime(2026, 1, 17, 12, 0),
    )
    assert "Decline" in client.get(f"{BASE}/offers").data.decode()
    response = client.post(f"{BASE}/offers/{entry.id}/decline", data={"flat": user.flat.id})
    assert response.status_code == 302
    assert WaitingListEntry.get_by_id(entry.id).status == "left"


# --- rules ----------------------------------------------------------------------------------


def test_taken_hour_says_just_taken(app):
    """Does booking an hour another flat holds say so, in words, and save nothing?"""
    user, sauna, client = setup_sauna(app)
    hour = hour_at(sauna, 2, 20)
    make_turn(hour, neighbour(user.flat.housing_company).flat)
    part = book(client, user, hour, headers=HX)
    assert part.status_code == 200
    text = part.data.decode()
    assert 'role="alert"' in text
    assert "Someone else just booked this. Choose another hour or join the waiting list." in text
    assert SaunaTurn.select().where(SaunaTurn.flat == user.flat.id).count() == 0


def test_other_housing_company_cannot_book_this_sauna(app):
    """Is a resident of another housing company refused this company's sauna hour, both at the
    confirmation step and when confirming?"""
    user, sauna, client = setup_sauna(app)
    stranger = make_tenant()
    c2 = logged_in(app, stranger)
    hour = hour_at(sauna, 0, 17)
    step = book(c2, stranger, hour, confirm=False, headers=HX).data.decode()
    assert "own housing company" in step
    assert 'role="alert"' in step
    assert sauna.name not in step
    done = book(c2, stranger, hour)
    assert done.status_code == 302
    assert "own housing company" in c2.get(done.headers["Location"]).data.decode()
    queue = c2.post(f"{BASE}/sauna/queue", data={"flat": stranger.flat.id, "hour": hour.id})
    assert queue.status_code == 302
    assert SaunaTurn.select().count() == 0
    assert WaitingListEntry.select().count() == 0


def test_past_and_unbookable_hours_are_refused(app):
    """Are a start in the past and a common (unbookable) hour refused with their messages?"""
    user, sauna, client = setup_sauna(app)
    past = book(client, user, hour_at(sauna, 0, 17), starts_on=date(2026, 1, 12), headers=HX)
    assert "The date has already passed" in past.data.decode()
    common = book(client, user, hour_at(sauna, 5, 17), headers=HX).data.decode()
    assert "This hour cannot be booked" in common
    assert SaunaTurn.select().count() == 0


def book_raw(client, user, hour, starts_on, headers=None):
    data = {"flat": user.flat.id, "hour": hour.id, "starts_on": starts_on, "confirm": "1"}
    return client.post(f"{BASE}/sauna/book", data=data, headers=headers or {})


def test_bad_date_is_answered_in_words(app):
    """Is a malformed date answered with a message, not an error page?"""
    user, sauna, client = setup_sauna(app)
    response = book_raw(client, user, hour_at(sauna, 0, 17), "next monday", headers=HX)
    assert response.status_code == 200
    assert "Check the date and try again." in response.data.decode()


@pytest.mark.parametrize("far", [date(2026, 4, 16), date(2099, 12, 1), date.max])
def test_a_turn_start_past_the_window_is_refused_in_words(app, far):
    """Is a turn starting past the window (three months from the earliest start, 15 January)
    refused with the last allowed day, at the confirmation step and when posted as confirmed,
    and does the confirmation step say the latest start?"""
    user, sauna, client = setup_sauna(app)
    hour = hour_at(sauna, 4, 19)
    message = "The start date is too far ahead. Choose a date until 15 Apr 2026."
    for confirm in (False, True):
        answer = book(client, user, hour, starts_on=far, headers=HX, confirm=confirm)
        assert answer.status_code == 200
        assert message in answer.data.decode()
        assert "Confirm the booking" not in answer.data.decode()
    assert SaunaTurn.select().count() == 0
    step = book(client, user, hour, starts_on=date(2026, 4, 15), confirm=False).data.decode()
    assert "Latest start" in step
    assert 'max="2026-04-15"' in step


def test_quota_is_enforced_per_flat(app):
    """With one turn per flat, is a second turn of the same flat refused (also for another
    person of the flat), and do free hours then show no "Book" button?"""
    user, sauna, client = setup_sauna(app, turns_per_flat=1)
    assert book(client, user, hour_at(sauna, 0, 17)).status_code == 302
    second = book(client, user, hour_at(sauna, 1, 17), headers=HX).data.decode()
    assert "The flat already has as many turns in this sauna as the rules allow." in second
    housemate = make_user(make_resident())
    add_other_resident(user.flat, housemate.resident)
    c2 = logged_in(app, housemate)
    assert "as many turns" in book(c2, user, hour_at(sauna, 2, 17), headers=HX).data.decode()
    assert SaunaTurn.select().count() == 1
    page = client.get(f"{BASE}/sauna?week=2026-01-19").data.decode()
    assert ">Book<" not in page
    assert "Your flat has all the turns it may hold in this sauna." in page


def test_after_cancelling_the_only_turn_the_weeks_after_its_end_can_be_booked(app):
    """With one turn per flat, cancelled (it ends on Saturday 28 February, its last Monday is
    23 February): is that week full with a link to the first week with room, and does that
    week offer "Book" buttons that book?"""
    user, sauna, client = setup_sauna(app, turns_per_flat=1)
    book(client, user, hour_at(sauna, 0, 17))
    turn = SaunaTurn.get()
    url = f"{BASE}/sauna/turns/{turn.id}/cancel"
    client.post(url, data={"flat": user.flat.id, "confirm": "1"})
    assert SaunaTurn.get_by_id(turn.id).ends_on == date(2026, 2, 28)

    last_week = client.get(f"{BASE}/sauna?week=2026-02-23").data.decode()
    assert ">Book<" not in last_week
    assert "you can book another hour from the week of 2 Mar 2026 on." in last_week
    assert "week=2026-03-02" in last_week
    assert "Go to week 10" in last_week
    after = client.get(f"{BASE}/sauna?week=2026-03-02").data.decode()
    assert "Your flat has all the turns" not in after
    assert after.count(">Book<") == 5 * 4 + 2  # every bookable hour, its old Monday too
    assert book(client, user, hour_at(sauna, 1, 17), starts_on=date(2026, 3, 3)).status_code == 302
    assert SaunaTurn.select().where(SaunaTurn.starts_on == date(2026, 3, 3)).count() == 1


def test_other_resident_can_book_the_sauna(app):
    """May an other resident (not a lease party) book a sauna turn for the flat?"""
    user, sauna, _client = setup_sauna(app)
    housemate = make_user(make_resident())
    add_other_resident(user.flat, housemate.resident)
    c2 = logged_in(app, housemate)
    assert book(c2, user, hour_at(sauna, 0, 20)).status_code == 302
    assert SaunaTurn.get().flat_id == user.flat.id


# --- parking --------------------------------------------------------------------------------


def test_rent_and_terminate_a_parking_space(app):
    """Does renting show the fee and start first, then make the contract with its fee; and does
    terminating show the computed end date before confirming, then end the contract?"""
    user = make_tenant()
    company = user.flat.housing_company
    space = make_parking_space(company, kind="plug", fee="32.50", code="P7")
    taken = make_parking_space(company, kind="garage", code="G1")
    make_contract(taken, neighbour(company).flat)
    client = logged_in(app, user)
    page = client.get(f"{BASE}/parking").data.decode()
    assert "P7" in page
    assert "Heated space with a plug" in page
    assert "€32.50" in page
    assert "G1" not in page  # not free
    assert "None free now." in page
    assert "Join the queue" in page
    assert 'min="2026-01-14"' in page

    data = {"flat": user.flat.id, "space": space.id, "starts_on": "2026-02-01"}
    step = client.post(f"{BASE}/parking/rent", data=data)
    assert step.status_code == 200
    text = step.data.decode()
    assert "Rent parking space P7?" in text
    assert "€32.50 a month" in text
    assert "1 Feb 2026" in text
    assert ParkingContract.select().count() == 1
    done = client.post(f"{BASE}/parking/rent", data={**data, "confirm": "1"})
    assert done.status_code == 302
    contract = ParkingContract.get(ParkingContract.flat == user.flat.id)
    assert contract.starts_on == date(2026, 2, 1)
    fee = Fee.get(Fee.source == f"parking_contract:{contract.id}")
    assert fee.monthly_amount == space.monthly_fee
    page = client.get(done.headers["Location"]).data.decode()
    assert "You rented parking space P7" in page
    assert "Your parking spaces" in page

    url = f"{BASE}/parking/contracts/{contract.id}/terminate"
    step = client.post(url, data={"flat": user.flat.id}).data.decode()
    assert "If you terminate today, the contract ends on 28 Feb 2026." in step
    assert ParkingContract.get_by_id(contract.id).ends_on is None
    done = client.post(url, data={"flat": user.flat.id, "confirm": "1"})
    assert done.status_code == 302
    contract = ParkingContract.get_by_id(contract.id)
    assert (contract.ends_on, contract.notice_given_on) == (date(2026, 2, 28), date(2026, 1, 14))
    assert "Terminated: ends on 28 Feb 2026" in client.get(done.headers["Location"]).data.decode()


def test_renting_in_the_past_or_a_taken_space_is_refused(app):
    user = make_tenant()
    company = user.flat.housing_company
    space = make_parking_space(company)
    client = logged_in(app, user)
    past = {"flat": user.flat.id, "space": space.id, "starts_on": "2026-01-13", "confirm": "1"}
    answer = client.post(f"{BASE}/parking/rent", data=past)
    assert "already passed" in client.get(answer.headers["Location"]).data.decode()
    make_contract(space, neighbour(company).flat)
    taken = {**past, "starts_on": "2026-01-20"}
    answer = client.post(f"{BASE}/parking/rent", data=taken)
    page = client.get(answer.headers["Location"]).data.decode()
    assert "Someone else just rented this space" in page
    assert ParkingContract.select().where(ParkingContract.flat == user.flat.id).count() == 0


@pytest.mark.parametrize("far", ["2026-04-15", "2099-12-01", "9999-12-31"])
def test_a_start_past_the_window_is_said_beside_the_date(app, far):
    """Is a start past the three months' window (however far) answered beside the space's date
    field, with the last allowed day, and nothing rented; the same when posted as confirmed?"""
    user = make_tenant()
    space = make_parking_space(user.flat.housing_company, code="P4")
    client = logged_in(app, user)
    data = {"flat": user.flat.id, "space": space.id, "starts_on": far}

    step = client.post(f"{BASE}/parking/rent", data=data)
    assert step.status_code == 422
    page = step.data.decode()
    message = "The start date is too far ahead. Choose a date until 14 Apr 2026."
    assert (
        f'id="start-{space.id}-error"><span class="visually-hidden">Error: </span>{message}' in page
    )
    assert f'value="{far}" min="2026-01-14" max="2026-04-14" required aria-invalid="true"' in page
    done = client.post(f"{BASE}/parking/rent", data={**data, "confirm": "1"})
    assert done.status_code == 302
    assert message in client.get(done.headers["Location"]).data.decode()
    assert ParkingContract.select().count() == 0


def test_the_parking_page_shows_the_start_range_and_the_cap(app):
    """Does the page say how many spaces a flat may rent and between which days a contract can
    start; and at the cap, say so with no rent or queue buttons, refusing a posted rental?"""
    user = make_tenant()
    company = user.flat.housing_company
    first, second = make_parking_space(company), make_parking_space(company)
    make_contract(make_parking_space(company, kind="ev"), neighbour(company).flat)
    client = logged_in(app, user)
    page = client.get(f"{BASE}/parking").data.decode()
    assert "A flat may rent 1 parking space at a time." in page
    assert "A new contract can start from 14 Jan 2026 to 14 Apr 2026." in page
    assert 'max="2026-04-14"' in page

    make_contract(first, user.flat)
    page = client.get(f"{BASE}/parking").data.decode()
    assert "as many parking spaces as one flat may rent (1). To rent another, terminate" in page
    assert f'action="{BASE}/parking/rent"' not in page
    assert f'action="{BASE}/parking/queue"' not in page
    data = {"flat": user.flat.id, "space": second.id, "starts_on": "2026-02-01"}
    step = client.post(f"{BASE}/parking/rent", data=data)
    assert "may rent (1). To rent another" in client.get(step.headers["Location"]).text
    queued = client.post(f"{BASE}/parking/queue", data={"flat": user.flat.id, "kind": "ev"})
    assert "may rent (1). To rent another" in client.get(queued.headers["Location"]).text
    assert ParkingContract.select().where(ParkingContract.flat == user.flat.id).count() == 1
    assert WaitingListEntry.select().count() == 0


def test_parking_queue_join_position_leave(app):
    """When no space of a type is free, can a lease party join its queue, see the position and
    leave?"""
    user = make_tenant()
    company = user.flat.housing_company
    ev = make_parking_space(company, kind="ev")
    make_contract(ev, neighbour(company).flat)
    ahead = neighbour(company)
    make_entry(service.parking_queue_key(company.id, "ev"), ahead.flat)
    client = logged_in(app, user)
    assert "Join the queue" in client.get(f"{BASE}/parking").data.decode()
    done = client.post(f"{BASE}/parking/queue", data={"flat": user.flat.id, "kind": "ev"})
    page = client.get(done.headers["Location"]).data.decode()
    assert "Your flat is in the queue for EV charging, position 2." in page
    assert "Your flat is in the queue, position 2" in page
    entry = WaitingListEntry.get(WaitingListEntry.flat == user.flat.id)
    client.post(f"{BASE}/parking/queue/{entry.id}/leave", data={"flat": user.flat.id})
    assert WaitingListEntry.get_by_id(entry.id).status == "left"
    assert (
        client.post(
            f"{BASE}/parking/queue", data={"flat": user.flat.id, "kind": "helicopter"}
        ).status_code
        == 404
    )


def test_accept_a_parking_offer_with_a_start_date(app):
    user = make_tenant()
    space = make_parking_space(user.flat.housing_company, code="P9")
    key = service.parking_queue_key(user.flat.housing_company_id, "outdoor")
    entry = make_entry(
        key,
        user.flat,
        status="offered",
        offer_ref=service.space_key(space.id),
        offer_expires_at=datetime(2026, 1, 20, 12, 0),
    )
    client = logged_in(app, user)
    offers = client.get(f"{BASE}/offers").data.decode()
    assert "Parking space P9" in offers
    assert "Rent from" in offers
    assert "A parking space is offered to your flat." in client.get(f"{BASE}/parking").data.decode()
    done = client.post(
        f"{BASE}/offers/{entry.id}/accept", data={"flat": user.flat.id, "starts_on": "2026-02-01"}
    )
    assert done.status_code == 302
    assert "/parking" in done.headers["Location"]
    contract = ParkingContract.get()
    assert (contract.space_id, contract.starts_on) == (space.id, date(2026, 2, 1))


def test_other_resident_sees_spaces_but_cannot_rent(app):
    """Does an other resident see the free spaces, with no rent or queue buttons and a sentence
    why, and are the posts refused (403) with nothing saved?"""
    user = make_tenant()
    company = user.flat.housing_company
    space = make_parking_space(company, code="P3")
    full = make_parking_space(company, kind="garage")
    make_contract(full, neighbour(company).flat)
    contract = make_contract(make_parking_space(company), user.flat)
    housemate = make_user(make_resident())
    add_other_resident(user.flat, housemate.resident)
    client = logged_in(app, housemate)
    page = client.get(f"{BASE}/parking").data.decode()
    assert "P3" in page
    assert "Only the lease party can rent a parking space" in page
    assert 'name="space"' not in page
    assert "Terminate" not in page
    assert f'action="{BASE}/parking/queue"' not in page
    rent = {"flat": user.flat.id, "space": space.id, "starts_on": "2026-01-20", "confirm": "1"}
    assert client.post(f"{BASE}/parking/rent", data=rent).status_code == 403
    queue = {"flat": user.flat.id, "kind": "garage"}
    assert client.post(f"{BASE}/parking/queue", data=queue).status_code == 403
    terminate = f"{BASE}/parking/contracts/{contract.id}/terminate"
    assert client.post(terminate, data={"flat": user.flat.id, "confirm": "1"}).status_code == 403
    assert ParkingContract.select().count() == 2
    assert ParkingContract.get_by_id(contract.id).ends_on is None
    assert WaitingListEntry.select().count() == 0


# --- access ---------------------------------------------------------------------------------


def test_second_flat_is_refused_every_booking_url(app):
    """Is a resident of a second flat (same housing company) refused every page, form and HTMX
    endpoint of the first flat's turns, one-off bookings, queue entries, contracts and offers,
    whether naming the first flat or their own, with nothing changed?"""
    owner = make_tenant()
    company = owner.flat.housing_company
    sauna = make_sauna(company)
    turn = make_turn(hour_at(sauna, 0, 17), owner.flat)
    single = SaunaSingleBooking.create(
        hour=hour_at(sauna, 1, 18), flat=owner.flat, on_date=date(2026, 1, 20)
    )
    held = make_turn(hour_at(sauna, 2, 18), neighbour(company).flat)
    sauna_entry = make_entry(service.hour_key(held.hour_id), owner.flat)
    offered_hour = hour_at(sauna, 3, 20)
    offer = make_entry(
        service.hour_key(offered_hour.id),
        owner.flat,
        status="offered",
        offer_ref=service.hour_key(offered_hour.id),
        offer_expires_at=datetime(2026, 1, 17, 12, 0),
    )
    space = make_parking_space(company)
    contract = make_contract(make_parking_space(company), owner.flat)
    parking_entry = make_entry(service.parking_queue_key(company.id, "garage"), owner.flat)

    intruder = neighbour(company)
    client = logged_in(app, intruder)
    x, own = owner.flat.id, intruder.flat.id

    for url in (
        f"{BASE}/sauna?flat={x}",
        f"{BASE}/sauna?flat={x}&area=1",
        f"{BASE}/sauna?flat={x}&week=2026-01-26",
        f"{BASE}/parking?flat={x}",
    ):
        assert client.get(url).status_code == 404, url
        assert client.get(url, headers=HX).status_code == 404, url

    hour = hour_at(sauna, 4, 17).id
    posts = [
        ("/sauna/book", {"flat": x, "hour": hour, "starts_on": "2026-01-23"}),
        ("/sauna/book", {"flat": x, "hour": hour, "starts_on": "2026-01-23", "confirm": "1"}),
        (f"/sauna/turns/{turn.id}/cancel", {"flat": x}),
        (f"/sauna/turns/{turn.id}/cancel", {"flat": x, "confirm": "1"}),
        (f"/sauna/turns/{turn.id}/cancel", {"flat": own}),
        (f"/sauna/turns/{turn.id}/cancel", {"flat": own, "confirm": "1"}),
        (f"/sauna/turns/{turn.id}/skip", {"flat": x, "on_date": "2026-01-19"}),
        (f"/sauna/turns/{turn.id}/skip", {"flat": own, "on_date": "2026-01-19"}),
        ("/sauna/single", {"flat": x, "hour": hour, "on_date": "2026-01-23"}),
        (f"/sauna/single/{single.id}/cancel", {"flat": x}),
        (f"/sauna/single/{single.id}/cancel", {"flat": own}),
        ("/sauna/queue", {"flat": x, "hour": held.hour_id}),
        (f"/sauna/queue/{sauna_entry.id}/leave", {"flat": x}),
        (f"/sauna/queue/{sauna_entry.id}/leave", {"flat": own}),
        ("/parking/rent", {"flat": x, "space": space.id, "starts_on": "2026-01-20"}),
        (
            "/parking/rent",
            {"flat": x, "space": space.id, "starts_on": "2026-01-27", "confirm": "1"},
        ),
        (f"/parking/contracts/{contract.id}/terminate", {"flat": x}),
        (f"/parking/contracts/{contract.id}/terminate", {"flat": x, "confirm": "1"}),
        (f"/parking/contracts/{contract.id}/terminate", {"flat": own}),
        (f"/parking/contracts/{contract.id}/terminate", {"flat": own, "confirm": "1"}),
        ("/parking/queue", {"flat": x, "kind": "garage"}),
        (f"/parking/queue/{parking_entry.id}/leave", {"flat": x}),
        (f"/parking/queue/{parking_entry.id}/leave", {"flat": own}),
        (f"/offers/{offer.id}/accept", {"flat": x}),
        (f"/offers/{offer.id}/accept", {"flat": own}),
        (f"/offers/{offer.id}/decline", {"flat": x}),
        (f"/offers/{offer.id}/decline", {"flat": own}),
    ]
    for path, data in posts:
        for headers in ({}, HX):
            response = client.post(BASE + path, data=data, headers=headers)
            assert response.status_code == 404, (path, data, headers, response.status_code)

    offers = client.get(f"{BASE}/offers").data.decode()
    assert "No open offers" in offers
    mine = client.get(f"{BASE}/sauna").data.decode()
    assert "Your flat has no sauna turns" in mine
    # Nothing changed.
    assert SaunaTurn.select().count() == 2
    assert SaunaTurn.get_by_id(turn.id).ends_on is None
    assert SaunaTurnSkip.select().count() == 0
    assert [b.id for b in SaunaSingleBooking.select()] == [single.id]
    assert ParkingContract.select().count() == 1
    assert ParkingContract.get_by_id(contract.id).ends_on is None
    statuses = {e.id: e.status for e in WaitingListEntry.select()}
    assert statuses == {sauna_entry.id: "waiting", offer.id: "offered", parking_entry.id: "waiting"}


def test_a_user_with_two_flats_picks_the_flat(app):
    """Does a resident of two flats get the first by default, the other by choice, and a 404 for
    a flat that is not theirs?"""
    user = make_tenant()
    sauna = make_sauna(user.flat.housing_company, name="Ensimmäinen sauna")
    second_flat = make_flat()
    make_lease(second_flat, [user.resident])
    make_sauna(second_flat.housing_company, name="Toinen sauna")
    client = logged_in(app, user)
    page = client.get(f"{BASE}/sauna").data.decode()
    assert 'id="flat-choice"' in page
    assert "Ensimmäinen sauna" in page
    assert "Toinen sauna" in client.get(f"{BASE}/sauna?flat={second_flat.id}").data.decode()
    assert client.get(f"{BASE}/sauna?flat={make_flat().id}").status_code == 404
    # A booking names its flat: the second flat books in its own sauna only.
    response = client.post(
        f"{BASE}/sauna/book",
        data={
            "flat": second_flat.id,
            "hour": hour_at(sauna, 0, 17).id,
            "starts_on": MONDAY.isoformat(),
            "confirm": "1",
        },
    )
    assert response.status_code == 302
    assert SaunaTurn.select().count() == 0


def test_grid_query_count_does_not_grow_with_bookings(app, count_queries):
    """Does the grid partial cost the same queries with 1 or 20 turns in the week?"""
    user, sauna, client = setup_sauna(app)
    hours = bookable_hours(sauna)
    company = user.flat.housing_company
    make_turn(hours[0], neighbour(company).flat)
    url = f"{BASE}/sauna?week=2026-01-19"
    client.get(url, headers=HX)  # warm up (session, translations)
    with count_queries() as few:
        assert client.get(url, headers=HX).status_code == 200
    for hour in hours[1:20]:
        make_turn(hour, neighbour(company).flat)
    with count_queries() as many:
        response = client.get(url, headers=HX)
    assert response.status_code == 200
    assert response.data.decode().count("Taken") == 20
    assert few.count == many.count


def test_offered_hour_is_not_free_for_others(app):
    """While an hour is offered from its queue, do other flats see it taken and the offered flat
    see the offer?"""
    from datetime import timedelta

    from heka_asoy.models import WaitingListEntry, utcnow

    offered_to, sauna, _client = setup_sauna(app)
    other = neighbour(sauna.housing_company)
    hour = bookable_hours(sauna)[0]
    key = service.hour_key(hour.id)
    WaitingListEntry.create(
        queue_key=key,
        flat=offered_to.flat,
        status="offered",
        offered_at=utcnow(),
        offer_expires_at=utcnow() + timedelta(days=3),
        offer_ref=key,
        hold_key=f"{key}|x",
    )

    def state(flat_id):
        grid = service.week_grid(sauna, MONDAY, flat_id)
        return next(
            cell.state
            for _, cells in grid["rows"]
            for cell in cells.values()
            if cell.hour.id == hour.id
        )

    assert state(offered_to.flat.id) == "offered_own"
    assert state(other.flat.id) == "taken"


def test_page_query_count_does_not_grow_with_the_flats_queues(app, count_queries):
    """Does the full sauna page cost the same queries when the flat waits in 1 or 5 queues?"""
    user, sauna, client = setup_sauna(app)
    hours = bookable_hours(sauna)
    make_entry(service.hour_key(hours[0].id), user.flat)
    with count_queries() as one:
        first = client.get(f"{BASE}/sauna")
    for hour in hours[1:5]:
        make_entry(service.hour_key(hour.id), user.flat)
    with count_queries() as five:
        second = client.get(f"{BASE}/sauna")
    assert (first.status_code, second.status_code) == (200, 200)
    assert first.data.decode().count("In the queue, position") == 1
    assert second.data.decode().count("In the queue, position") == 5
    assert one.count == five.count
