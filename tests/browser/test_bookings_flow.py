"""Bookings as people meet them, in Chromium against the live app (real CSRF, real SMTP): a lease
party books a weekly sauna turn in the HTMX grid and cancels it; a neighbour joins the hour's
waiting list, is offered the hour by mail when the turn has ended and accepts it; a lease party
rents a parking space and terminates it while another resident of the flat only sees the spaces;
and a sauna hour and a parking space are taken with the keyboard alone. Axe runs on the pages of
every step (the three languages are in test_bookings_a11y.py).

Time is frozen with time_machine (``tick=True``) at ``booking_moment``, a Wednesday noon in the
near future; the live server runs in a thread of this process and sees the frozen clock, the
browser keeps the real one (so the moments are never in the past: see ``desk_moments``).
"""

from __future__ import annotations

import re
from datetime import date, datetime, time, timedelta

import pytest
import time_machine
from babel.dates import format_date
from playwright.sync_api import expect

from heka_asoy.domain.office_hours import HELSINKI
from heka_asoy.i18n import HOUSE_FORMATS
from heka_asoy.models import Fee, ParkingContract, SaunaTurn, WaitingListEntry
from heka_asoy.services import bookings as service
from heka_asoy.services.mailer import send_due
from tests.booking_factories import hour_at, make_parking_space, make_sauna
from tests.browser.a11y_helpers import mark_document, same_document
from tests.factories import (
    PASSWORD,
    add_other_resident,
    make_flat,
    make_lease,
    make_resident,
    make_tenant,
    make_user,
)

pytestmark = pytest.mark.browser

TUESDAY = 1
OFFER_SUBJECT = "A place is offered to you – answer by the deadline"


# --- helpers -------------------------------------------------------------------------------------


def _path(page, path: str) -> None:
    """Wait until the page is at ``path`` (a regular expression; any query, any fragment)."""
    expect(page).to_have_url(re.compile(r"^http://127\.0\.0\.1:\d+" + path + r"(\?[^#]*)?(#.*)?$"))


def _log_in(page, email: str) -> None:
    """Fill in the login form the page shows (or was sent to) and send it."""
    _path(page, "/login")
    page.locator("#email").fill(email)
    page.locator("#password").fill(PASSWORD)
    page.locator("#password").press("Enter")  # by keyboard: the keyboard test clicks nothing
    expect(page).not_to_have_url(re.compile(r"/login"))


def _open_logged_in(browsing, email: str, path: str):
    page = browsing.new_page()
    page.goto(browsing.url(path))
    _log_in(page, email)
    _path(page, path)
    return page


def _link_in(mail, path: str) -> str:
    body = mail.get_body(("plain",)).get_content()
    found = re.search(r"http://127\.0\.0\.1:\d+" + path + r"\S*", body)
    assert found, f"no {path} link in: {body}"
    return found.group(0)


def _en(day: date) -> str:
    """A date as the English pages write it (the house style, heka_asoy.i18n)."""
    return format_date(day, HOUSE_FORMATS["en"].date, locale="en")


def _end_of_next_month(day: date) -> date:
    """One month from the end of ``day``'s calendar month: the last day of the next month."""
    first_of_next = (day.replace(day=1) + timedelta(days=32)).replace(day=1)
    return (first_of_next + timedelta(days=32)).replace(day=1) - timedelta(days=1)


def _monday(day: date) -> date:
    return day - timedelta(days=day.weekday())


def _cell(page, weekday: int, start: int):
    """The grid's cell of ``weekday`` (0 = Monday) at ``start`` o'clock (the grid has the columns
    Monday to Saturday, as the factory's saunas)."""
    row = page.locator("#sauna-grid tbody tr").filter(
        has=page.get_by_role("rowheader", name=f"{start}–{start + 1}", exact=True)
    )
    return row.locator("td").nth(weekday)


def _neighbour(company):
    """A lease party of another flat of ``company``, with an account."""
    resident = make_resident()
    flat = make_flat(company)
    make_lease(flat, [resident])
    user = make_user(resident)
    user.flat = flat
    return user


# --- sauna: book, cancel, queue, offer ---------------------------------------------------------


def test_sauna_turn_booked_cancelled_queued_and_offered(
    browsing, in_app, live_app, live_smtp, booking_moment
):
    """Does a lease party move to next week swapping only the grid, book a free hour through the
    confirmation step and see it become their turn and listed without a reload, then cancel it
    seeing the end date first; does a neighbour see the hour taken and join its waiting list at
    position 1; and when the turn has ended, is the neighbour offered the hour by mail and can
    take it through the mail's link?"""
    today = booking_moment.date()
    next_monday = today + timedelta(days=7 - today.weekday())
    tuesday = next_monday + timedelta(days=TUESDAY)
    cancel_end = _end_of_next_month(today)
    with in_app():
        holder = make_tenant()
        company = holder.flat.housing_company
        sauna = make_sauna(company, name="Rantasauna")
        hour_id = hour_at(sauna, TUESDAY, 18).id
        waiter = _neighbour(company)
        holder_email, holder_flat = holder.email, holder.flat.id
        waiter_email, waiter_flat = waiter.email, waiter.flat.id

    with time_machine.travel(booking_moment, tick=True):
        # --- the lease party: this week, then the next (only the grid swaps) ---------------------
        page = _open_logged_in(browsing, holder_email, "/my/bookings/sauna")
        expect(page.get_by_role("heading", level=1)).to_have_text("Sauna turns")
        week_h = page.locator("#week-h")
        expect(week_h).to_contain_text(f"Week {today.isocalendar()[1]}")
        expect(page.locator(".my-bookings")).to_contain_text("Your flat has no sauna turns")
        browsing.check(page, "sauna page, this week")

        mark_document(page)
        page.locator(".my-bookings").evaluate("el => el.dataset.marker = 'kept'")
        page.get_by_role("link", name="Next week").click()
        expect(page).to_have_url(re.compile(rf"[?&]week={next_monday.isoformat()}(&|$)"))
        expect(week_h).to_contain_text(f"Week {next_monday.isocalendar()[1]}")
        expect(week_h).to_be_focused()
        expect(page.locator(".my-bookings[data-marker=kept]")).to_have_count(1)
        assert same_document(page), "choosing a week reloaded the page"
        browsing.check(page, "sauna page, next week")

        # --- book a free hour through the confirmation step --------------------------------------
        cell = _cell(page, TUESDAY, 18)
        book = cell.get_by_role("button")
        expect(book).to_have_accessible_name(re.compile(r"^Book .*18–19$"))
        book.click()
        panel = page.locator(".confirm-panel")
        expect(panel.get_by_role("heading")).to_have_text("Book the weekly turn Tuesday 18–19?")
        expect(panel.get_by_role("heading")).to_be_focused()
        expect(panel).to_contain_text("€15.00 a month, added to your charges")
        expect(panel).to_contain_text(_en(today + timedelta(days=1)))  # the earliest start
        expect(panel.get_by_label("First turn on or after")).to_have_value(tuesday.isoformat())
        with in_app():
            assert SaunaTurn.select().count() == 0  # nothing is booked before confirming
        browsing.check(page, "sauna booking confirmation")

        panel.get_by_role("button", name="Confirm the booking").click()
        status = page.get_by_role("status").filter(has_text="Booked:")
        expect(status).to_contain_text(f"Booked: Tuesday 18–19 every week from {_en(tuesday)}.")
        expect(status).to_contain_text("adds €15.00 a month")
        expect(panel).to_have_count(0)
        expect(cell).to_contain_text("Your turn")
        expect(cell.get_by_role("button")).to_have_count(0)
        mine = page.locator(".my-bookings")
        expect(mine.locator(".booking-card")).to_have_count(1)
        expect(mine).to_contain_text("Tuesday 18–19")
        expect(mine).to_contain_text(f"From {_en(tuesday)}")
        assert same_document(page), "booking reloaded the page"
        browsing.check(page, "sauna turn booked")
        with in_app():
            turn = SaunaTurn.get(SaunaTurn.flat == holder_flat)
            assert (turn.hour_id, turn.starts_on, turn.ends_on) == (hour_id, tuesday, None)
            turn_id = turn.id
        assert "Sauna turn booked" in [str(m["Subject"]) for m in live_smtp.to(holder_email)]

        # --- cancel it: the end date is shown before confirming ----------------------------------
        mine.get_by_role("button", name="Cancel the turn… Tuesday 18–19").click()
        expect(panel.get_by_role("heading")).to_have_text("Cancel the turn Tuesday 18–19?")
        expect(panel.get_by_role("heading")).to_be_focused()
        expect(panel.locator(".confirm-panel__key")).to_have_text(
            f"If you cancel today, the turn ends on {_en(cancel_end)}."
        )
        with in_app():
            assert SaunaTurn.get_by_id(turn_id).ends_on is None
        browsing.check(page, "sauna cancel confirmation")
        panel.get_by_role("button", name="Cancel the turn", exact=True).click()
        expect(page.get_by_role("status").filter(has_text="is cancelled")).to_contain_text(
            f"Your turn Tuesday 18–19 is cancelled. It ends on {_en(cancel_end)}"
        )
        expect(mine).to_contain_text(f"Cancelled: ends on {_en(cancel_end)}")
        expect(mine.get_by_role("button", name=re.compile("^Cancel the turn"))).to_have_count(0)
        expect(cell).to_contain_text("Your turn")  # until the end
        assert same_document(page), "cancelling reloaded the page"
        browsing.check(page, "sauna turn cancelled")
        with in_app():
            assert SaunaTurn.get_by_id(turn_id).ends_on == cancel_end
            assert Fee.get(Fee.source == f"sauna_turn:{turn_id}").ends_on == cancel_end

        # --- the neighbour: the hour is taken; join its waiting list -----------------------------
        other = _open_logged_in(browsing, waiter_email, "/my/bookings/sauna")
        mark_document(other)
        other.get_by_role("link", name="Next week").click()
        expect(other.locator("#week-h")).to_contain_text(f"Week {next_monday.isocalendar()[1]}")
        taken = _cell(other, TUESDAY, 18)
        expect(taken).to_contain_text("Taken")
        browsing.check(other, "sauna page with a taken hour")
        taken.get_by_role("button", name="Join the waiting list Tuesday 18–19").click()
        expect(other.get_by_role("status").filter(has_text="on the waiting list")).to_contain_text(
            "position 1"
        )
        expect(taken).to_contain_text("In the queue, position 1")
        expect(taken.get_by_role("button")).to_have_count(0)
        lists = other.locator(".my-bookings")
        expect(lists.get_by_role("heading", name="Waiting lists")).to_be_visible()
        expect(lists).to_contain_text("In the queue, position 1")
        assert same_document(other), "joining the waiting list reloaded the page"
        browsing.check(other, "sauna waiting list joined")

    # --- the turn has ended: the hour is offered to the neighbour by mail ----------------------
    released_on = cancel_end + timedelta(days=1)
    with time_machine.travel(datetime.combine(released_on, time(9, 0), HELSINKI), tick=True):
        with in_app(), live_app.test_request_context(base_url=browsing.base_url):
            assert service.release_ended(on=released_on) == 1
            assert send_due()["sent"] >= 1
            entry = WaitingListEntry.get(WaitingListEntry.flat == waiter_flat)
            assert (entry.status, entry.offer_ref) == ("offered", service.hour_key(hour_id))
        offers = [m for m in live_smtp.to(waiter_email) if str(m["Subject"]) == OFFER_SUBJECT]
        assert len(offers) == 1
        assert "Tuesday at 18:00" in offers[0].get_body(("plain",)).get_content()
        assert not [m for m in live_smtp.to(holder_email) if str(m["Subject"]) == OFFER_SUBJECT]
        link = _link_in(offers[0], "/my/bookings/offers")
        assert link.startswith(browsing.base_url)

        # weeks later the session has expired: the link leads through the login to the offer
        other.goto(link)
        _log_in(other, waiter_email)
        _path(other, "/my/bookings/offers")
        card = other.locator(".booking-card")
        expect(card).to_have_count(1)
        expect(card.get_by_role("heading")).to_have_text("Sauna turn Tuesday 18–19")
        expect(card).to_contain_text("Rantasauna")
        browsing.check(other, "offers page with the sauna offer")
        card.get_by_role("button", name="Accept").click()

        first = service.first_on_or_after(released_on + timedelta(days=1), TUESDAY)
        _path(other, "/my/bookings/sauna")
        expect(other.get_by_role("status").filter(has_text="accepted")).to_contain_text(
            f"You accepted the offer: the sauna turn is yours from {_en(first)}."
        )
        if _monday(first) != _monday(released_on):
            other.get_by_role("link", name="Next week").click()
            expect(other).to_have_url(re.compile(rf"week={_monday(first).isoformat()}"))
        expect(_cell(other, TUESDAY, 18)).to_contain_text("Your turn")
        expect(other.locator(".my-bookings")).to_contain_text(f"From {_en(first)}")
        expect(other.locator(".my-bookings")).not_to_contain_text("Waiting lists")
        browsing.check(other, "sauna page after accepting the offer")
        with in_app():
            new_turn = SaunaTurn.get(SaunaTurn.hold_key == service.hour_key(hour_id))
            assert (new_turn.flat_id, new_turn.starts_on) == (waiter_flat, first)
            assert WaitingListEntry.get_by_id(entry.id).status == "accepted"


# --- parking: rent and terminate -----------------------------------------------------------------


def test_after_cancelling_the_only_turn_a_later_week_can_be_booked(
    browsing, in_app, booking_moment
):
    """With one turn per flat, after cancelling her only turn, is a lease party told from which
    week she can book again, led there by a link (swapping only the grid), and does that week
    offer "Book" buttons that book a new turn through the confirmation step?"""
    today = booking_moment.date()
    next_monday = today + timedelta(days=7 - today.weekday())
    cancel_end = _end_of_next_month(today)
    last_evening = cancel_end - timedelta(days=(cancel_end.weekday() - TUESDAY) % 7)
    free_week = _monday(last_evening) + timedelta(days=7)
    wednesday = free_week + timedelta(days=2)
    with in_app():
        holder = make_tenant()
        sauna = make_sauna(holder.flat.housing_company, name="Rantasauna", turns_per_flat=1)
        hour_id = hour_at(sauna, TUESDAY, 18).id
        holder_email, holder_flat = holder.email, holder.flat.id

    with time_machine.travel(booking_moment, tick=True):
        page = _open_logged_in(browsing, holder_email, "/my/bookings/sauna")
        page.get_by_role("link", name="Next week").click()
        expect(page.locator("#week-h")).to_contain_text(f"Week {next_monday.isocalendar()[1]}")
        _cell(page, TUESDAY, 18).get_by_role("button").click()
        panel = page.locator(".confirm-panel")
        panel.get_by_role("button", name="Confirm the booking").click()
        expect(page.get_by_role("status").filter(has_text="Booked:")).to_be_visible()
        mine = page.locator(".my-bookings")
        mine.get_by_role("button", name="Cancel the turn… Tuesday 18–19").click()
        panel.get_by_role("button", name="Cancel the turn", exact=True).click()
        expect(mine).to_contain_text(f"Cancelled: ends on {_en(cancel_end)}")

        # --- the week shown is still full; the note leads to the first week with room ----------
        grid = page.locator("#sauna-grid")
        note = grid.locator(".notice-box").filter(has_text="cancelled turn ends")
        expect(note).to_contain_text(
            f"you can book another hour from the week of {_en(free_week)} on."
        )
        expect(grid.get_by_role("button", name=re.compile("^Book "))).to_have_count(0)
        browsing.check(page, "sauna quota full after cancelling")
        mark_document(page)
        note.get_by_role("link", name=f"Go to week {free_week.isocalendar()[1]}").click()
        expect(page).to_have_url(re.compile(rf"[?&]week={free_week.isoformat()}(&|$)"))
        expect(page.locator("#week-h")).to_contain_text(f"Week {free_week.isocalendar()[1]}")
        assert same_document(page), "going to the free week reloaded the page"
        expect(grid.locator(".notice-box")).to_have_count(0)
        browsing.check(page, "sauna week after the cancelled turn ends")

        # --- that week books -----------------------------------------------------------------
        book = _cell(page, 2, 18).get_by_role("button")
        expect(book).to_have_accessible_name(re.compile(r"^Book .*18–19$"))
        book.click()
        expect(panel.get_by_role("heading")).to_have_text("Book the weekly turn Wednesday 18–19?")
        panel.get_by_role("button", name="Confirm the booking").click()
        expect(page.get_by_role("status").filter(has_text="Booked:")).to_contain_text(
            f"Booked: Wednesday 18–19 every week from {_en(wednesday)}."
        )
        expect(_cell(page, 2, 18)).to_contain_text("Your turn")
        expect(mine.locator(".booking-card")).to_have_count(2)
        with in_app():
            turns = SaunaTurn.select().where(SaunaTurn.flat == holder_flat).order_by(SaunaTurn.id)
            assert [(t.hour_id == hour_id, t.starts_on, t.ends_on) for t in turns] == [
                (True, next_monday + timedelta(days=TUESDAY), cancel_end),
                (False, wednesday, None),
            ]


def test_parking_space_rented_and_terminated(browsing, in_app, live_smtp, booking_moment):
    """Does a lease party see the fee and start before renting, the computed end (one month from
    the end of the calendar month) before terminating; and does another resident of the same
    flat see the spaces but no button to rent or terminate?"""
    today = booking_moment.date()
    end = _end_of_next_month(today)
    with in_app():
        tenant = make_tenant()
        flat, company = tenant.flat, tenant.flat.housing_company
        space = make_parking_space(company, "outdoor", "25.00", code="P7")
        make_parking_space(company, "plug", "35.50", code="L2")
        roommate = make_user(make_resident())
        add_other_resident(flat, roommate.resident)
        tenant_email, roommate_email, flat_id = tenant.email, roommate.email, flat.id

    with time_machine.travel(booking_moment, tick=True):
        page = _open_logged_in(browsing, tenant_email, "/my/bookings/parking")
        expect(page.get_by_role("heading", level=1)).to_have_text("Parking space")
        expect(page.locator("main")).to_contain_text("P7")
        browsing.check(page, "parking page")

        page.get_by_role("button", name="Rent P7").click()
        _path(page, "/my/bookings/parking/rent")
        expect(page.get_by_role("heading", level=1)).to_have_text("Rent parking space P7?")
        facts = page.locator("main .facts")
        expect(facts).to_contain_text(_en(today))  # starts on
        expect(facts).to_contain_text("€25.00 a month, added to your charges")
        expect(facts).to_contain_text("The contract ends at the end of the month after")
        with in_app():
            assert ParkingContract.select().count() == 0
        browsing.check(page, "parking rent confirmation")
        page.get_by_role("button", name="Confirm the rental").click()
        _path(page, "/my/bookings/parking")
        expect(page.get_by_role("status").filter(has_text="You rented")).to_contain_text(
            f"You rented parking space P7 from {_en(today)}. €25.00 a month joins your charges."
        )
        yours = page.locator(".booking-card")
        expect(yours).to_have_count(1)
        expect(yours).to_contain_text("P7")
        expect(page.get_by_role("button", name="Rent P7")).to_have_count(0)  # no longer free
        browsing.check(page, "parking space rented")
        with in_app():
            contract = ParkingContract.get(ParkingContract.flat == flat_id)
            assert (contract.space_id, contract.starts_on, contract.ends_on) == (
                space.id,
                today,
                None,
            )

        yours.get_by_role("button", name="Terminate… parking space P7").click()
        _path(page, rf"/my/bookings/parking/contracts/{contract.id}/terminate")
        expect(page.get_by_role("heading", level=1)).to_have_text("Terminate parking space P7?")
        expect(page.locator(".confirm-panel__key")).to_have_text(
            f"If you terminate today, the contract ends on {_en(end)}."
        )
        with in_app():
            assert ParkingContract.get_by_id(contract.id).ends_on is None
        browsing.check(page, "parking terminate confirmation")
        page.get_by_role("button", name="Terminate the contract").click()
        _path(page, "/my/bookings/parking")
        expect(page.get_by_role("status").filter(has_text="terminated")).to_contain_text(
            f"It ends on {_en(end)}"
        )
        expect(yours).to_contain_text(f"Terminated: ends on {_en(end)}")
        expect(yours.get_by_role("button")).to_have_count(0)
        browsing.check(page, "parking contract terminated")
        with in_app():
            ended = ParkingContract.get_by_id(contract.id)
            assert (ended.notice_given_on, ended.ends_on) == (today, end)
            assert Fee.get(Fee.source == f"parking_contract:{contract.id}").ends_on == end
        subjects = [str(m["Subject"]) for m in live_smtp.to(tenant_email)]
        assert "Parking space rented" in subjects
        assert "Parking contract terminated" in subjects

        # --- another resident of the flat: sees, cannot rent ------------------------------------
        roommate_page = _open_logged_in(browsing, roommate_email, "/my/bookings/parking")
        main = roommate_page.locator("main")
        expect(main).to_contain_text("Only the lease party can rent a parking space")
        expect(main).to_contain_text("L2")
        expect(main).to_contain_text("€35.50 a month")
        expect(main.locator(".booking-card")).to_contain_text("P7")  # the flat's contract
        expect(main.get_by_role("button")).to_have_count(0)  # neither rent, terminate nor queue
        browsing.check(roommate_page, "parking page of another resident")


# --- by keyboard only ----------------------------------------------------------------------------


def _focused(locator) -> bool:
    return locator.evaluate("el => el === document.activeElement")


def _tab_to(page, target, label: str, limit: int = 120) -> int:
    """Press Tab until ``target`` has the focus; returns the number of presses."""
    for presses in range(1, limit + 1):
        page.keyboard.press("Tab")
        if _focused(target):
            return presses
    pytest.fail(f"{label}: not reached with {limit} presses of Tab", pytrace=False)


def test_sauna_and_parking_by_keyboard_only(browsing, in_app, booking_moment):
    """Can a sauna hour be booked (next week, the hour, the confirmation) and a parking space
    rented (the link there, the space, the confirmation) with Tab, Enter and Space only?"""
    today = booking_moment.date()
    next_monday = today + timedelta(days=7 - today.weekday())
    with in_app():
        tenant = make_tenant()
        company = tenant.flat.housing_company
        make_sauna(company)
        make_parking_space(company, "outdoor", "25.00", code="K1")
        make_parking_space(company, "garage", "60.00", code="K2")
        email, flat_id = tenant.email, tenant.flat.id

    with time_machine.travel(booking_moment, tick=True):
        page = _open_logged_in(browsing, email, "/my/bookings/sauna")
        mark_document(page)
        page.keyboard.press("Tab")
        page.keyboard.press("Enter")  # the skip link: focus to the main content
        expect(page.locator("main#main")).to_be_focused()

        _tab_to(page, page.get_by_role("link", name="Next week"), "next week")
        page.keyboard.press("Enter")
        week_h = page.locator("#week-h")
        expect(week_h).to_contain_text(f"Week {next_monday.isocalendar()[1]}")
        expect(week_h).to_be_focused()  # the keyboard goes on from the new grid

        cell = _cell(page, TUESDAY, 18)
        _tab_to(page, cell.get_by_role("button"), "Tuesday 18–19")
        page.keyboard.press("Enter")
        heading = page.locator("#confirm-h")
        expect(heading).to_have_text("Book the weekly turn Tuesday 18–19?")
        expect(heading).to_be_focused()
        presses = _tab_to(page, page.get_by_role("button", name="Confirm the booking"), "confirm")
        assert presses <= 6, "the date field and the button follow the heading"
        page.keyboard.press("Space")
        message = page.get_by_role("status").filter(has_text="Booked:")
        expect(message).to_be_focused()
        expect(cell).to_contain_text("Your turn")
        assert same_document(page)
        browsing.check(page, "sauna turn booked by keyboard")
        with in_app():
            assert SaunaTurn.get(SaunaTurn.flat == flat_id).starts_on == next_monday + timedelta(
                days=TUESDAY
            )

        # --- to the parking page by its link, then rent -------------------------------------------
        _tab_to(
            page,
            page.locator(".booking-links").get_by_role("link", name="Parking space"),
            "parking link",
        )
        page.keyboard.press("Enter")
        _path(page, "/my/bookings/parking")
        page.keyboard.press("Tab")
        page.keyboard.press("Enter")  # the skip link
        _tab_to(page, page.get_by_role("button", name="Rent K2"), "rent K2")
        page.keyboard.press("Space")
        _path(page, "/my/bookings/parking/rent")
        expect(page.get_by_role("heading", level=1)).to_have_text("Rent parking space K2?")
        page.keyboard.press("Tab")
        page.keyboard.press("Enter")  # the skip link
        _tab_to(page, page.get_by_role("button", name="Confirm the rental"), "confirm rental")
        page.keyboard.press("Enter")
        _path(page, "/my/bookings/parking")
        expect(page.get_by_role("status").filter(has_text="You rented")).to_contain_text(
            "parking space K2"
        )
        browsing.check(page, "parking space rented by keyboard")
        with in_app():
            contract = ParkingContract.get(ParkingContract.flat == flat_id)
            assert (contract.space.code, contract.starts_on) == ("K2", today)
