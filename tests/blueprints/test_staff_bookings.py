"""The asoy desk's bookings admin: saunas, hours and rules, parking spaces, holders, queues."""

from __future__ import annotations

from datetime import timedelta
from decimal import Decimal

import pytest
from babel.dates import format_date

from heka_asoy.i18n import LANG_COOKIE
from heka_asoy.models import (
    AuditLog,
    Fee,
    HousingCompany,
    OutboxMail,
    ParkingContract,
    ParkingSpace,
    Sauna,
    SaunaHour,
    SaunaTurn,
    utcnow,
)
from heka_asoy.services import booking_admin, bookings
from heka_asoy.services.bookings import BookingError
from tests.booking_factories import (
    hour_at,
    make_contract,
    make_entry,
    make_parking_space,
    make_sauna,
    make_turn,
)
from tests.factories import (
    login,
    make_companies,
    make_company,
    make_flat,
    make_staff,
    make_tenant,
)
from tests.page_cost import size_and_queries

HX = {"HX-Request": "true"}


@pytest.fixture
def desk(client):
    staff = make_staff()
    login(client, staff)
    return staff


@pytest.fixture
def tenant():
    """A lease party with an account; ``tenant.flat`` is in ``tenant.flat.housing_company``."""
    return make_tenant()


def actions(action: str) -> list[AuditLog]:
    return list(AuditLog.select().where(AuditLog.action == action).order_by(AuditLog.id))


def booking_mails(user) -> list[OutboxMail]:
    return list(
        OutboxMail.select().where(
            (OutboxMail.kind == "booking_event") & (OutboxMail.recipient == user.notice_email)
        )
    )


def next_week() -> str:
    return (bookings.today() + timedelta(days=7)).isoformat()


RULES = {
    "rules-name": "Talosauna",
    "rules-monthly_fee": "12.50",
    "rules-turns_per_flat": "1",
    "rules-earliest_start_days": "0",
    "rules-notice_months": "1",
    "rules-allow_one_off": "y",
    "rules-offer_days": "3",
}


# --- access -----------------------------------------------------------------------------------


def _all_urls(company, sauna, hour, turn, space, contract) -> list[tuple[str, str]]:
    return [
        ("get", "/staff/bookings/"),
        ("get", f"/staff/bookings/?company={company.id}"),
        ("get", f"/staff/bookings/company/{company.id}"),
        ("get", f"/staff/bookings/company/{company.id}/queues"),
        ("post", f"/staff/bookings/company/{company.id}/saunas"),
        ("post", f"/staff/bookings/company/{company.id}/parking-rules"),
        ("post", f"/staff/bookings/company/{company.id}/spaces"),
        ("get", f"/staff/bookings/sauna/{sauna.id}"),
        ("post", f"/staff/bookings/sauna/{sauna.id}/rules"),
        ("post", f"/staff/bookings/sauna/{sauna.id}/hours"),
        ("get", f"/staff/bookings/hour/{hour.id}"),
        ("post", f"/staff/bookings/hour/{hour.id}/usage"),
        ("post", f"/staff/bookings/hour/{hour.id}/assign"),
        ("post", f"/staff/bookings/hour/{hour.id}/remove"),
        ("post", f"/staff/bookings/turn/{turn.id}/end"),
        ("get", f"/staff/bookings/space/{space.id}"),
        ("post", f"/staff/bookings/space/{space.id}"),
        ("post", f"/staff/bookings/space/{space.id}/remove"),
        ("post", f"/staff/bookings/space/{space.id}/rent"),
        ("post", f"/staff/bookings/contract/{contract.id}/terminate"),
    ]


def test_residents_get_403_and_anonymous_go_to_login_on_every_url(app, client, tenant):
    """Every /staff/bookings URL, page or HTMX endpoint: a resident is refused, nothing changes;
    an anonymous visitor is sent to log in."""
    company = tenant.flat.housing_company
    sauna = make_sauna(company)
    hour = hour_at(sauna, 0, 17)
    turn = make_turn(hour_at(sauna, 1, 17), tenant.flat)
    space = make_parking_space(company)
    contract = make_contract(make_parking_space(company), tenant.flat)
    urls = _all_urls(company, sauna, hour, turn, space, contract)
    # the route list above is every rule of the blueprint
    rules = {r.rule for r in app.url_map.iter_rules() if r.endpoint.startswith("staff_bookings.")}
    assert len(rules) == len({u for _m, u in urls if "?" not in u})

    for method, url in urls:
        response = getattr(client, method)(url)
        assert response.status_code == 302, url
        assert "/login" in response.headers["Location"], url

    login(client, tenant)
    for method, url in urls:
        for headers in ({}, HX):
            data = {"usage": "closed", "from": "grid", "end-ends_on": next_week()}
            kwargs = {"data": data} if method == "post" else {}
            response = getattr(client, method)(url, headers=headers, **kwargs)
            assert response.status_code == 403, url
    assert SaunaHour.get_by_id(hour.id).bookable
    assert SaunaTurn.get_by_id(turn.id).ends_on is None
    assert ParkingSpace.get_or_none(ParkingSpace.id == space.id) is not None
    assert AuditLog.select().count() == 0


def test_staff_home_link_target_exists(app, client, desk):
    response = client.get("/staff/bookings/")
    assert response.status_code == 200
    assert "Saunas and parking" in response.text


# --- choosing a housing company ---------------------------------------------------------------


def test_search_finds_companies_and_select_opens_one(client, desk):
    first = make_company(name="Asunto Oy Kuusikko")
    make_company(name="Asunto Oy Männikkö")
    page = client.get("/staff/bookings/?q=kuusi", headers=HX)
    assert page.status_code == 200
    assert "Kuusikko" in page.text
    assert "Männikkö" not in page.text
    assert "<html" not in page.text  # only the results block
    assert f"/staff/bookings/company/{first.id}" in page.text

    full = client.get("/staff/bookings/")
    assert "Kuusikko" in full.text
    assert "Männikkö" in full.text
    chosen = client.get(f"/staff/bookings/?company={first.id}")
    assert chosen.status_code == 302
    assert chosen.headers["Location"].endswith(f"/staff/bookings/company/{first.id}")
    assert client.get("/staff/bookings/company/999999").status_code == 404


def test_company_list_stays_bounded_whatever_the_stock(client, desk, count_queries):
    """No select of every company: the list shows the first 50 by name and says how many there
    are; 60 companies or 300, the same bytes and queries (the count rides along in one query)."""
    make_companies(60)
    urls = ["/staff/bookings/", "/staff/bookings/?q=massakatu", "/staff/documents/"]
    few = {url: size_and_queries(client, count_queries, url) for url in urls}
    make_companies(240)
    many = {url: size_and_queries(client, count_queries, url) for url in urls}
    for url in urls:
        assert many[url][1] == few[url][1], url
        # 50 names either way (240 more listed would add some 30 KB): only their digits differ
        assert abs(many[url][0] - few[url][0]) < 500, url
    page = client.get("/staff/bookings/").text
    assert "<select" not in page
    assert "300 housing companies" in page
    assert page.count('href="/staff/bookings/company/') == 50
    assert "The first 50 by name are shown" in page
    found = client.get("/staff/bookings/?q=massakatu", headers=HX).text
    assert "300 housing companies match" in found
    assert "Type more of the name" in found


@pytest.mark.parametrize("language", ["fi", "sv", "en"])
def test_company_search_by_name_business_id_or_address(client, desk, language):
    client.set_cookie(LANG_COOKIE, language)
    mine = make_company(name="Asunto Oy Kuusikuja Ääriraja", street_address="Kuusikuja 3")
    make_company(name="Asunto Oy Männikkö")
    for text in ("kuusikuja", "ÄÄRIRAJA", mine.business_id, "kuusikuja 3"):
        page = client.get("/staff/bookings/", query_string={"q": text}, headers=HX).text
        assert f"/staff/bookings/company/{mine.id}" in page, text
        assert "Männikkö" not in page
    page = client.get("/staff/bookings/?q=kuusikuja").text
    assert f'<html lang="{language}"' in page


@pytest.mark.parametrize("text", ["x" * 300, "\x00\x01", "k", "9" * 30, "Nobody Oy"])
def test_company_search_bad_input_never_fails(client, desk, text):
    make_company()
    for headers in ({}, HX):
        response = client.get("/staff/bookings/", query_string={"q": text}, headers=headers)
        assert response.status_code == 200
    assert client.get("/staff/bookings/?company=999999").status_code == 302
    assert client.get("/staff/bookings/company/999999").status_code == 404


def test_company_page_lists_saunas_spaces_holders_and_queues(client, desk, tenant):
    company = tenant.flat.housing_company
    sauna = make_sauna(company, name="Rantasauna")
    make_turn(hour_at(sauna, 0, 17), tenant.flat)
    space = make_parking_space(company, kind="plug", fee="31.00", code="P7")
    make_contract(space, tenant.flat)
    make_parking_space(company, kind="ev", code="E1")
    waiting = make_flat(company, number="B 9")
    make_entry(bookings.parking_queue_key(company.id, "ev"), waiting)

    page = client.get(f"/staff/bookings/company/{company.id}")
    assert page.status_code == 200
    text = page.text
    assert "Rantasauna" in text
    assert "P7" in text
    assert "Heated space with a plug" in text
    assert tenant.flat.number in text
    assert "E1" in text
    assert "Free" in text
    assert "B 9" in text  # first in the EV queue
    assert "Parking queues" in text


# --- saunas and rules -------------------------------------------------------------------------


def test_create_sauna_is_audited(client, desk):
    company = make_company()
    data = {k.replace("rules-", "new-sauna-"): v for k, v in RULES.items()}
    response = client.post(f"/staff/bookings/company/{company.id}/saunas", data=data)
    assert response.status_code == 302
    sauna = Sauna.get(Sauna.housing_company == company)
    assert sauna.name == "Talosauna"
    assert sauna.monthly_fee == Decimal("12.50")
    assert response.headers["Location"].endswith(f"/staff/bookings/sauna/{sauna.id}")
    (row,) = actions("sauna_created")
    assert row.actor_id == desk.id
    assert row.target_id == sauna.id


def test_rules_edited_by_staff_apply_to_bookings(client, desk, tenant):
    """turns_per_flat 1 refuses a second turn; after staff set 2 the flat books two."""
    sauna = make_sauna(tenant.flat.housing_company, earliest_start_days=0)
    start = bookings.today() + timedelta(days=1)
    bookings.book_turn(tenant, tenant.flat.id, hour_at(sauna, 0, 17).id, start)
    with pytest.raises(BookingError) as refused:
        bookings.book_turn(tenant, tenant.flat.id, hour_at(sauna, 1, 17).id, start)
    assert refused.value.code == "quota"

    response = client.post(
        f"/staff/bookings/sauna/{sauna.id}/rules",
        data={**RULES, "rules-turns_per_flat": "2", "rules-notice_months": "2"},
        headers=HX,
    )
    assert response.status_code == 200
    assert "Rules of Talosauna saved." in response.text
    assert "<html" not in response.text
    sauna = Sauna.get_by_id(sauna.id)
    assert sauna.turns_per_flat == 2
    assert sauna.notice_months == 2
    assert sauna.monthly_fee == Decimal("12.50")

    bookings.book_turn(tenant, tenant.flat.id, hour_at(sauna, 1, 17).id, start)
    with pytest.raises(BookingError):
        bookings.book_turn(tenant, tenant.flat.id, hour_at(sauna, 2, 17).id, start)
    (row,) = actions("sauna_changed")
    assert row.actor_id == desk.id
    assert row.data["changes"]["turns_per_flat"] == ["1", "2"]
    # the notice the staff set is the default end of a cancelled turn
    assert bookings.turn_end_preview(sauna) == bookings.end_of_notice(bookings.today(), 2)


@pytest.mark.parametrize(
    ("field", "value", "message"),
    [
        ("rules-turns_per_flat", "0", "From 1 to 7 turns."),
        ("rules-monthly_fee", "-1", "The fee cannot be negative."),
        ("rules-notice_months", "", "Enter a whole number."),
        ("rules-notice_months", "x", "Not a valid integer value."),
        ("rules-offer_days", "0", "From 1 to 60 days."),
        ("rules-name", "", "This field is required."),
    ],
)
def test_invalid_rules_are_refused_with_the_reason(client, desk, field, value, message):
    sauna = make_sauna(make_company())
    url = f"/staff/bookings/sauna/{sauna.id}/rules"
    plain = client.post(url, data={**RULES, field: value})
    assert plain.status_code == 422
    assert message in plain.text
    htmx = client.post(url, data={**RULES, field: value}, headers=HX)
    assert htmx.status_code == 200  # HTMX swaps only 2xx: the block comes back with the error
    assert message in htmx.text
    assert 'id="rules"' in htmx.text
    assert Sauna.get_by_id(sauna.id).name == sauna.name
    assert actions("sauna_changed") == []


def test_sauna_page_shows_the_grid_with_holders_and_labels(client, desk, tenant):
    sauna = make_sauna(tenant.flat.housing_company)
    make_turn(hour_at(sauna, 2, 19), tenant.flat)
    waiting = make_flat(tenant.flat.housing_company, number="C 3")
    make_entry(bookings.hour_key(hour_at(sauna, 2, 19).id), waiting)
    later = bookings.today() + timedelta(days=10)
    make_turn(hour_at(sauna, 3, 19), waiting, starts_on=later, ends_on=later + timedelta(days=30))
    page = client.get(f"/staff/bookings/sauna/{sauna.id}")
    assert page.status_code == 200
    assert f"Flat {tenant.flat.number}" in page.text
    assert "Common turn for women" in page.text
    assert "Common turn for men" in page.text
    assert "1 waiting" in page.text
    assert f"Flat C 3 (from {format_date(later, 'd MMM yyyy', locale='en')}) (until " in page.text
    assert page.text.count('<td id="hour-') == 24


# --- hours ------------------------------------------------------------------------------------


def test_toggling_an_hour_unbookable_swaps_its_cell_and_booking_is_refused(client, desk, tenant):
    sauna = make_sauna(tenant.flat.housing_company, earliest_start_days=0)
    hour = hour_at(sauna, 3, 20)
    response = client.post(
        f"/staff/bookings/hour/{hour.id}/usage",
        data={"usage": "maintenance", "from": "grid"},
        headers=HX,
    )
    assert response.status_code == 200
    assert response.text.lstrip().startswith(f'<td id="hour-{hour.id}"')
    assert "Maintenance" in response.text
    hour = SaunaHour.get_by_id(hour.id)
    assert (hour.bookable, hour.label) == (False, "maintenance")
    with pytest.raises(BookingError) as refused:
        bookings.book_turn(tenant, tenant.flat.id, hour.id, bookings.today() + timedelta(days=1))
    assert refused.value.code == "unbookable"
    (row,) = actions("sauna_hour_changed")
    assert row.target_id == hour.id
    assert row.data["changes"]["label"] == ["", "maintenance"]

    # and back: bookable again (the label goes), booking works
    back = client.post(
        f"/staff/bookings/hour/{hour.id}/usage", data={"usage": "bookable", "from": "grid"}
    )
    assert back.status_code == 302
    assert back.headers["Location"].endswith(f"/staff/bookings/sauna/{sauna.id}#grid")
    assert SaunaHour.get_by_id(hour.id).label == ""
    bookings.book_turn(tenant, tenant.flat.id, hour.id, bookings.today() + timedelta(days=1))
    assert len(actions("sauna_hour_changed")) == 2


def test_a_held_hour_cannot_be_made_unbookable(client, desk, tenant):
    sauna = make_sauna(tenant.flat.housing_company)
    hour = hour_at(sauna, 0, 18)
    make_turn(hour, tenant.flat)
    response = client.post(
        f"/staff/bookings/hour/{hour.id}/usage",
        data={"usage": "common_men", "from": "grid"},
        headers=HX,
    )
    assert response.status_code == 200
    assert "End its turn before making the hour unbookable." in response.text
    assert SaunaHour.get_by_id(hour.id).bookable
    plain = client.post(f"/staff/bookings/hour/{hour.id}/usage", data={"usage-usage": "closed"})
    assert plain.status_code == 422
    assert actions("sauna_hour_changed") == []


def test_unknown_usage_is_refused(client, desk):
    sauna = make_sauna(make_company())
    hour = hour_at(sauna, 0, 17)
    response = client.post(f"/staff/bookings/hour/{hour.id}/usage", data={"usage-usage": "spa"})
    assert response.status_code == 422
    from_grid = client.post(
        f"/staff/bookings/hour/{hour.id}/usage", data={"usage": "spa", "from": "grid"}
    )
    assert from_grid.status_code == 422
    assert "Choose the use of the hour from the list." in from_grid.text
    in_cell = client.post(
        f"/staff/bookings/hour/{hour.id}/usage", data={"usage": "spa", "from": "grid"}, headers=HX
    )
    assert in_cell.status_code == 200
    assert in_cell.text.lstrip().startswith(f'<td id="hour-{hour.id}"')
    assert SaunaHour.get_by_id(hour.id).bookable
    with pytest.raises(booking_admin.AdminError):
        booking_admin.set_hour_usage(make_staff(), hour.id, bookable=False, label="spa")


def test_add_and_remove_hours(client, desk, tenant):
    sauna = make_sauna(tenant.flat.housing_company)
    url = f"/staff/bookings/sauna/{sauna.id}/hours"
    response = client.post(
        url,
        data={"hour-weekday": "6", "hour-start_hour": "21", "hour-usage": "common_women"},
        headers=HX,
    )
    assert response.status_code == 200
    assert 'id="grid"' in response.text
    assert "Hour added" in response.text
    added = hour_at(sauna, 6, 21)
    assert (added.bookable, added.label) == (False, "common_women")

    duplicate = client.post(
        url, data={"hour-weekday": "6", "hour-start_hour": "21", "hour-usage": "bookable"}
    )
    assert duplicate.status_code == 409
    assert "The sauna already has an hour at that time." in duplicate.text
    bad = client.post(url, data={"hour-weekday": "6", "hour-start_hour": "24"})
    assert bad.status_code == 422
    assert "From 0 to 23." in bad.text

    gone = client.post(f"/staff/bookings/hour/{added.id}/remove")
    assert gone.status_code == 302
    assert SaunaHour.get_or_none(SaunaHour.id == added.id) is None

    held = hour_at(sauna, 0, 17)
    make_turn(held, tenant.flat)
    kept = client.post(f"/staff/bookings/hour/{held.id}/remove", headers=HX)
    assert kept.status_code == 200
    assert "make it unbookable instead" in kept.text.lower()
    assert SaunaHour.get_or_none(SaunaHour.id == held.id) is not None
    assert [a.action for a in AuditLog.select().order_by(AuditLog.id)] == [
        "sauna_hour_added",
        "sauna_hour_removed",
    ]


# --- manual turns -----------------------------------------------------------------------------


def test_manual_assignment_creates_a_turn_and_mails_the_flat(client, desk, tenant):
    """Staff give an hour to a flat: the turn and its fee exist, the audit says by staff, and
    the lease party gets a booking_event mail at their notice address."""
    company = tenant.flat.housing_company
    sauna = make_sauna(company, monthly_fee=Decimal("15.00"), turns_per_flat=1)
    make_turn(hour_at(sauna, 0, 17), tenant.flat)  # the quota is already used: staff may still
    hour = hour_at(sauna, 4, 19)
    page = client.get(f"/staff/bookings/hour/{hour.id}")
    assert tenant.flat.number in page.text  # the company's flats to choose from
    other_company_flat = make_flat()
    assert other_company_flat.number not in page.text

    response = client.post(
        f"/staff/bookings/hour/{hour.id}/assign",
        data={"assign-flat": str(tenant.flat.id), "assign-starts_on": next_week()},
        headers=HX,
    )
    assert response.status_code == 200
    assert f"Turn given to flat {tenant.flat.number}" in response.text
    turn = SaunaTurn.get((SaunaTurn.hour == hour) & SaunaTurn.hold_key.is_null(False))
    assert turn.flat_id == tenant.flat.id
    assert turn.starts_on.weekday() == 4
    fee = Fee.get(Fee.source == f"sauna_turn:{turn.id}")
    assert fee.monthly_amount == Decimal("15.00")
    assert fee.starts_on == turn.starts_on
    (mail,) = booking_mails(tenant)
    assert mail.recipient == tenant.notice_email
    (row,) = actions("sauna_turn_booked")
    assert row.actor_id == desk.id
    assert row.data["by_staff"] is True

    # the hour is now taken: a second assignment is refused as just taken
    again = client.post(
        f"/staff/bookings/hour/{hour.id}/assign",
        data={"assign-flat": str(tenant.flat.id), "assign-starts_on": next_week()},
    )
    assert again.status_code in (200, 409)  # the hour page no longer offers the form
    assert SaunaTurn.select().where(SaunaTurn.hour == hour).count() == 1


def test_assignment_refuses_another_company_flat_a_past_date_and_an_unbookable_hour(
    client, desk, tenant
):
    sauna = make_sauna(tenant.flat.housing_company)
    hour = hour_at(sauna, 0, 19)
    url = f"/staff/bookings/hour/{hour.id}/assign"
    foreign = make_flat()
    response = client.post(
        url, data={"assign-flat": str(foreign.id), "assign-starts_on": next_week()}
    )
    assert response.status_code == 422
    assert "Not a valid choice" in response.text
    past = (bookings.today() - timedelta(days=1)).isoformat()
    response = client.post(
        url, data={"assign-flat": str(tenant.flat.id), "assign-starts_on": past}, headers=HX
    )
    assert response.status_code == 200
    assert "The date has already passed. Choose a date from today on." in response.text
    common = hour_at(sauna, 5, 17)
    response = client.post(
        f"/staff/bookings/hour/{common.id}/assign",
        data={"assign-flat": str(tenant.flat.id), "assign-starts_on": next_week()},
    )
    assert response.status_code == 409
    assert "This hour cannot be booked: it is a common turn or otherwise reserved." in response.text
    assert SaunaTurn.select().count() == 0
    assert OutboxMail.select().count() == 0


def test_ending_a_turn_sets_its_end_and_the_fee_end(client, desk, tenant):
    sauna = make_sauna(tenant.flat.housing_company, notice_months=1, earliest_start_days=0)
    hour = hour_at(sauna, 1, 18)
    turn = bookings.book_turn(tenant, tenant.flat.id, hour.id, bookings.today() + timedelta(days=1))
    OutboxMail.delete().execute()
    page = client.get(f"/staff/bookings/hour/{hour.id}")
    default_end = bookings.turn_end_preview(sauna)
    assert f'value="{default_end.isoformat()}"' in page.text  # the notice end is the default

    end = bookings.today() + timedelta(days=40)
    response = client.post(
        f"/staff/bookings/turn/{turn.id}/end", data={"end-ends_on": end.isoformat()}, headers=HX
    )
    assert response.status_code == 200
    assert "ends on" in response.text
    turn = SaunaTurn.get_by_id(turn.id)
    assert turn.ends_on == max(end, turn.starts_on)
    assert Fee.get(Fee.source == f"sauna_turn:{turn.id}").ends_on == turn.ends_on
    (mail,) = booking_mails(tenant)
    assert "ends on" in mail.body_text
    (row,) = actions("sauna_turn_cancelled")
    assert row.actor_id == desk.id
    assert row.data["ends_on"] == str(turn.ends_on)

    past = client.post(
        f"/staff/bookings/turn/{turn.id}/end",
        data={"end-ends_on": (bookings.today() - timedelta(days=1)).isoformat()},
    )
    assert past.status_code == 422
    assert "The end date cannot be in the past." in past.text
    assert SaunaTurn.get_by_id(turn.id).ends_on == turn.ends_on


# --- parking spaces ---------------------------------------------------------------------------


def _space_data(prefix: str, code="P1", kind="outdoor", fee="20.00") -> dict:
    return {f"{prefix}-code": code, f"{prefix}-kind": kind, f"{prefix}-monthly_fee": fee}


def test_parking_space_crud_with_validation(client, desk):
    company = make_company()
    other = make_company()
    make_parking_space(other, code="P1")  # the same code in another company is fine
    url = f"/staff/bookings/company/{company.id}/spaces"

    created = client.post(url, data=_space_data("new-space", "P1", "garage", "45.00"))
    assert created.status_code == 302
    space = ParkingSpace.get(ParkingSpace.housing_company == company)
    assert (space.code, space.kind, space.monthly_fee) == ("P1", "garage", Decimal("45.00"))

    for code in ("P1", "p1", " P1 "):
        duplicate = client.post(url, data=_space_data("new-space", code), headers=HX)
        assert duplicate.status_code == 200
        assert "The housing company already has a parking space with this code." in duplicate.text
    plain = client.post(url, data=_space_data("new-space", "P1"))
    assert plain.status_code == 409

    negative = client.post(url, data=_space_data("new-space", "P2", fee="-5"))
    assert negative.status_code == 422
    assert "The fee cannot be negative." in negative.text
    bad_kind = client.post(url, data=_space_data("new-space", "P2", kind="boat"))
    assert bad_kind.status_code == 422
    long_code = client.post(url, data=_space_data("new-space", "P" * 11))
    assert long_code.status_code == 422
    assert ParkingSpace.select().where(ParkingSpace.housing_company == company).count() == 1
    with pytest.raises(booking_admin.AdminError) as refused:
        booking_admin.create_space(desk, company.id, code="P9", kind="ev", monthly_fee="-0.01")
    assert refused.value.code == "negative_fee"

    second = booking_admin.create_space(desk, company.id, code="P2", kind="ev", monthly_fee=30)
    edit_url = f"/staff/bookings/space/{second.id}"
    taken = client.post(edit_url, data=_space_data("space", "p1", "ev", "30"), headers=HX)
    assert taken.status_code == 200
    assert "already has a parking space with this code" in taken.text
    edited = client.post(edit_url, data=_space_data("space", "P3", "plug", "33.50"), headers=HX)
    assert edited.status_code == 200
    assert "Parking space P3 saved." in edited.text
    second = ParkingSpace.get_by_id(second.id)
    assert (second.code, second.kind, second.monthly_fee) == ("P3", "plug", Decimal("33.50"))

    removed = client.post(f"/staff/bookings/space/{second.id}/remove")
    assert removed.status_code == 302
    assert ParkingSpace.get_or_none(ParkingSpace.id == second.id) is None

    assert [a.action for a in AuditLog.select().order_by(AuditLog.id)] == [
        "parking_space_created",
        "parking_space_created",
        "parking_space_changed",
        "parking_space_removed",
    ]
    changed = actions("parking_space_changed")[0]
    assert changed.data["changes"]["monthly_fee"] == ["30.00", "33.50"]


def test_a_rented_space_is_kept(client, desk, tenant):
    space = make_parking_space(tenant.flat.housing_company)
    make_contract(space, tenant.flat)
    response = client.post(f"/staff/bookings/space/{space.id}/remove", headers=HX)
    assert response.status_code == 200
    assert "kept for its history" in response.text
    assert ParkingSpace.get_or_none(ParkingSpace.id == space.id) is not None


def test_manual_rent_and_terminate(client, desk, tenant):
    company = tenant.flat.housing_company
    space = make_parking_space(company, kind="ev", fee="40.00", code="E5")
    page = client.get(f"/staff/bookings/space/{space.id}")
    assert "The space is free." in page.text

    start = bookings.today() + timedelta(days=3)
    rented = client.post(
        f"/staff/bookings/space/{space.id}/rent",
        data={"rent-flat": str(tenant.flat.id), "rent-starts_on": start.isoformat()},
        headers=HX,
    )
    assert rented.status_code == 200
    assert f"Space E5 rented to flat {tenant.flat.number}" in rented.text
    contract = ParkingContract.get(ParkingContract.space == space)
    assert contract.flat_id == tenant.flat.id
    assert contract.starts_on == start
    fee = Fee.get(Fee.source == f"parking_contract:{contract.id}")
    assert fee.monthly_amount == Decimal("40.00")
    (row,) = actions("parking_rented")
    assert row.actor_id == desk.id
    assert row.data["by_staff"] is True
    assert len(booking_mails(tenant)) == 1

    # the company's table shows the holder and the contract's dates
    table = client.get(f"/staff/bookings/company/{company.id}").text
    assert tenant.flat.number in table
    assert "E5" in table

    # renting it again is refused as just taken
    again = client.post(
        f"/staff/bookings/space/{space.id}/rent",
        data={"rent-flat": str(tenant.flat.id), "rent-starts_on": start.isoformat()},
    )
    assert again.status_code == 409
    assert "Someone else just rented this space." in again.text

    page = client.get(f"/staff/bookings/space/{space.id}")
    default_end = bookings.parking_end_preview(company)
    assert f'value="{default_end.isoformat()}"' in page.text
    terminated = client.post(
        f"/staff/bookings/contract/{contract.id}/terminate",
        data={"end-ends_on": default_end.isoformat()},
        headers=HX,
    )
    assert terminated.status_code == 200
    contract = ParkingContract.get_by_id(contract.id)
    assert contract.ends_on == default_end
    assert contract.notice_given_on == bookings.today()
    assert Fee.get(Fee.source == f"parking_contract:{contract.id}").ends_on == default_end
    assert len(actions("parking_terminated")) == 1
    assert len(booking_mails(tenant)) == 2

    twice = client.post(
        f"/staff/bookings/contract/{contract.id}/terminate",
        data={"end-ends_on": default_end.isoformat()},
    )
    assert twice.status_code == 409
    assert len(actions("parking_terminated")) == 1


def test_rent_refuses_a_flat_without_a_lease(client, desk):
    company = make_company()
    empty_flat = make_flat(company)
    space = make_parking_space(company)
    response = client.post(
        f"/staff/bookings/space/{space.id}/rent",
        data={"rent-flat": str(empty_flat.id), "rent-starts_on": next_week()},
    )
    assert response.status_code == 409
    assert "no current lease" in response.text
    assert ParkingContract.select().count() == 0


def test_parking_rules_of_the_company(client, desk):
    company = make_company()
    url = f"/staff/bookings/company/{company.id}/parking-rules"
    saved = client.post(
        url, data={"parking-parking_offer_days": "10", "parking-parking_notice_months": "2"}
    )
    assert saved.status_code == 302
    company = HousingCompany.get_by_id(company.id)
    assert (company.parking_offer_days, company.parking_notice_months) == (10, 2)
    assert bookings.parking_end_preview(company) == bookings.end_of_notice(bookings.today(), 2)
    (row,) = actions("parking_rules_changed")
    assert row.data["changes"]["parking_offer_days"] == ["7", "10"]

    refused = client.post(
        url,
        data={"parking-parking_offer_days": "0", "parking-parking_notice_months": "2"},
        headers=HX,
    )
    assert refused.status_code == 200
    assert "From 1 to 60 days." in refused.text
    assert HousingCompany.get_by_id(company.id).parking_offer_days == 10


# --- queues -----------------------------------------------------------------------------------


def test_queue_page_shows_positions_in_join_order(client, desk, tenant):
    company = tenant.flat.housing_company
    sauna = make_sauna(company, name="Kellarisauna")
    hour = hour_at(sauna, 2, 20)
    make_turn(hour, tenant.flat)
    now = utcnow()
    flats = [make_flat(company, number=f"D {n}") for n in (1, 2, 3)]
    key = bookings.hour_key(hour.id)
    entries = [
        make_entry(key, flats[2], joined_at=now - timedelta(hours=3)),
        make_entry(key, flats[0], joined_at=now - timedelta(hours=2)),
        make_entry(key, flats[1], joined_at=now - timedelta(hours=1)),
    ]
    left = make_entry(key, make_flat(company, number="D 9"), joined_at=now - timedelta(hours=5))
    left.status, left.hold_key = "left", None
    left.save()
    parking_key = bookings.parking_queue_key(company.id, "garage")
    garage = [
        make_entry(parking_key, flats[1], joined_at=now - timedelta(days=2)),
        make_entry(
            parking_key,
            flats[0],
            joined_at=now - timedelta(days=1),
            status="offered",
            offer_expires_at=now + timedelta(days=3),
            offer_ref="parking_space:1",
        ),
    ]

    page = client.get(f"/staff/bookings/company/{company.id}/queues")
    assert page.status_code == 200
    text = page.text
    assert "Kellarisauna" in text
    order = [text.index(f"<td>D {n}</td>") for n in (3, 1, 2)]
    assert order == sorted(order)
    assert "<td>D 9</td>" not in text  # left the queue
    assert "Offered, answer by" in text

    # the positions the desk sees are the booking service's positions
    lines = booking_admin._queues([key, parking_key])
    for entry in entries + garage:
        line = next(x for x in lines[entry.queue_key] if x.entry.id == entry.id)
        assert line.position == bookings.position(entry)
    assert [x.position for x in lines[key]] == [1, 2, 3]

    hour_page = client.get(f"/staff/bookings/hour/{hour.id}")
    assert hour_page.text.index("<td>D 3</td>") < hour_page.text.index("<td>D 2</td>")


def test_pages_run_in_a_constant_number_of_queries(client, desk, tenant, count_queries):
    """The grid and the company page do not query per hour, turn, space or queue entry."""
    company = tenant.flat.housing_company
    sauna = make_sauna(company)
    space = make_parking_space(company)
    pages = (f"/staff/bookings/sauna/{sauna.id}", f"/staff/bookings/company/{company.id}")
    client.get(pages[0])
    with count_queries() as few:
        before = [client.get(url) for url in pages]
    for n, hour in enumerate(list(SaunaHour.select().where(SaunaHour.sauna == sauna))[:10]):
        flat = make_flat(company, number=f"Q {n}")
        if hour.bookable:
            make_turn(hour, flat)
            make_entry(bookings.hour_key(hour.id), tenant.flat)
        other = make_parking_space(company, kind="garage")
        make_entry(bookings.parking_queue_key(company.id, "garage"), flat)
        make_contract(other, tenant.flat)
    make_contract(space, tenant.flat)
    with count_queries() as many:
        after = [client.get(url) for url in pages]
    assert [r.status_code for r in before + after] == [200] * 4
    # the pages show what was added: the grid its turns' flats, the company its garages
    assert all(f"Q {n}" in after[0].text for n in range(4)), "turns missing from the grid"
    assert after[1].text.count("garage") > before[1].text.count("garage")
    assert many.count == few.count
