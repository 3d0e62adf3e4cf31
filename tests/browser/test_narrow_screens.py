"""A phone's width (390×844): the sauna week shows one day at a time, chosen with day links, and
the desk's fault queue turns its rows into labelled cards; neither page scrolls sideways, every
day's hours can be reached, booking works by keyboard, and axe passes in fi, sv and en."""

from __future__ import annotations

import re
from datetime import timedelta

import pytest
import time_machine
from playwright.sync_api import expect

from heka_asoy.models import SaunaTurn
from tests.blueprints.test_staff_faults import make_report
from tests.booking_factories import SAUNA_START_HOURS, SAUNA_WEEKDAYS, hour_at, make_sauna
from tests.browser.a11y_helpers import check, log_in, no_horizontal_scroll, open_page, page_in
from tests.factories import make_flat, make_staff, make_tenant

pytestmark = pytest.mark.browser

PHONE = {"width": 390, "height": 844}
WEDNESDAY, FRIDAY = 2, 4


def region_fits(page, selector: str) -> None:
    """The element does not scroll sideways either: nothing of it is hidden to the right."""
    inner, outer = page.locator(selector).evaluate("el => [el.scrollWidth, el.clientWidth]")
    assert inner <= outer, f"{selector} is {inner} px wide in {outer} px"


def settled(page, act) -> None:
    """Do ``act`` (a click, a key) and wait until HTMX has swapped and settled its answer: only
    then are the new forms wired to HTMX (a person cannot be faster than that)."""
    page.evaluate(
        "() => { window.__settled = false; document.addEventListener('htmx:afterSettle',"
        " () => { window.__settled = true; }, {once: true}); }"
    )
    act()
    page.wait_for_function("() => window.__settled")


def shown_day_columns(page) -> list[str]:
    """The texts of the grid's day headings a reader sees."""
    heads = page.locator("#sauna-grid thead th:not(.sauna-grid__corner)")
    return [h.inner_text().strip() for h in heads.all() if h.is_visible()]


@pytest.mark.parametrize("lang", ["fi", "sv", "en"])
def test_sauna_week_one_day_at_a_time(browsing, in_app, booking_moment, lang):
    """On a phone, does the sauna page show one day's column, reach every day through the day
    links (each day's every hour visible, the page never wider than the screen), and book by
    keyboard, staying on the chosen day?"""
    monday = booking_moment.date() - timedelta(days=booking_moment.weekday())
    with time_machine.travel(booking_moment, tick=True):
        with in_app():
            tenant = make_tenant()
            sauna = make_sauna(tenant.flat.housing_company)
            friday_hour = hour_at(sauna, FRIDAY, 18)
        page = page_in(browsing, lang, viewport=PHONE)
        log_in(browsing, page, tenant.email)
        open_page(browsing, page, "/my/bookings/sauna", lang, "sauna page on a phone")
        no_horizontal_scroll(page, f"sauna page [{lang}]")
        region_fits(page, ".sauna-grid-wrap")

        tabs = page.locator(".day-tabs a")
        expect(tabs).to_have_count(len(SAUNA_WEEKDAYS))
        expect(tabs.nth(WEDNESDAY)).to_have_attribute("aria-current", "true")  # today
        assert len(shown_day_columns(page)) == 1

        rows = page.locator("#sauna-grid tbody tr")
        for weekday in SAUNA_WEEKDAYS:
            day = monday + timedelta(days=weekday)
            settled(page, tabs.nth(weekday).click)
            expect(page).to_have_url(re.compile(rf"week={day.isoformat()}"))
            expect(page.locator(".day-tabs a[aria-current=true]")).to_have_count(1)
            expect(tabs.nth(weekday)).to_have_attribute("aria-current", "true")
            columns = shown_day_columns(page)
            assert len(columns) == 1, columns
            assert tabs.nth(weekday).inner_text().split()[-1] in columns[0]  # the same date
            expect(rows).to_have_count(len(SAUNA_START_HOURS))
            for row in rows.all():
                cells = [c for c in row.locator("td").all() if c.is_visible()]
                assert len(cells) == 1, f"{day}: {len(cells)} cells shown in a row"
                assert cells[0].bounding_box()["x"] + cells[0].bounding_box()["width"] <= 390
            no_horizontal_scroll(page, f"sauna page, day {day} [{lang}]")
            region_fits(page, ".sauna-grid-wrap")

        # by keyboard: choose Friday, book its 18–19 and confirm
        tabs.nth(FRIDAY).focus()
        settled(page, lambda: page.keyboard.press("Enter"))
        expect(tabs.nth(FRIDAY)).to_have_attribute("aria-current", "true")
        book = rows.nth(SAUNA_START_HOURS.index(18)).locator("td:visible button")
        book.focus()
        settled(page, lambda: page.keyboard.press("Enter"))
        panel = page.locator(".confirm-panel")
        expect(panel.locator("#confirm-h")).to_be_focused()
        no_horizontal_scroll(page, f"sauna booking confirmation [{lang}]")
        check(browsing, page, lang, "sauna booking confirmation on a phone")
        panel.locator("button[type=submit]").focus()
        page.keyboard.press("Enter")
        expect(page.locator("#booking-area .booking-message[role=status]")).to_be_focused()
        expect(tabs.nth(FRIDAY)).to_have_attribute("aria-current", "true")  # the booked day
        expect(rows.nth(SAUNA_START_HOURS.index(18)).locator("td:visible")).to_have_class(
            re.compile(r"slot--own")
        )
        no_horizontal_scroll(page, f"sauna page after booking [{lang}]")
        check(browsing, page, lang, "sauna page after booking on a phone")
        with in_app():
            assert SaunaTurn.select().where(SaunaTurn.hour == friday_hour.id).count() == 1


@pytest.mark.parametrize("lang", ["fi", "sv", "en"])
def test_staff_fault_queue_as_cards(browsing, in_app, lang):
    """On a phone, is each report of the desk's queue a card whose every value is labelled with
    its column's name, the page not wider than the screen?"""
    with in_app():
        flat = make_flat(number="B 12")
        for _ in range(3):
            make_report(flat, description="A long description of the fault " * 5)
        staff = make_staff()
    page = page_in(browsing, lang, viewport=PHONE)
    log_in(browsing, page, staff.email)
    open_page(browsing, page, "/staff/faults/?status=all", lang, "fault queue on a phone")
    no_horizontal_scroll(page, f"fault queue [{lang}]")
    region_fits(page, "#results .table-wrap")
    heads = page.locator("#results thead th").all_inner_texts()
    rows = page.locator("#results tbody tr")
    expect(rows).to_have_count(3)
    for row in rows.all():
        labels = row.locator("td").evaluate_all(
            "cells => cells.map(c => getComputedStyle(c, '::before').content)"
        )
        assert labels == [f'"{h.strip()}"' for h in heads]
        overflowing = row.locator("td").evaluate_all(
            "cells => cells.filter(c => c.scrollWidth > c.clientWidth).map(c => c.innerText)"
        )
        assert overflowing == [], f"cut off on a phone: {overflowing}"
        box = row.bounding_box()
        assert box["x"] >= 0
        assert box["x"] + box["width"] <= 390
