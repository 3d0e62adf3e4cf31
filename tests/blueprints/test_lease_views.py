"""The lease page, the termination pages and the desk's queue over HTTP: who sees what (a
second flat's account 404, an other resident 403), the confirmation step, field errors in the
user's language with nothing written, CSRF, and query counts that do not grow with the rows.

Time is frozen on Wednesday 11 March 2026 at noon in Helsinki: the earliest end is 30 April.
"""

from __future__ import annotations

import re
from datetime import date, datetime

import pytest
import time_machine

from heka_asoy import create_app
from heka_asoy.domain.office_hours import HELSINKI
from heka_asoy.models import KeyHandover, Lease, OutboxMail, PowerOfAttorney, Termination
from tests.booking_factories import make_contract, make_parking_space
from tests.factories import (
    PASSWORD,
    add_other_resident,
    login,
    make_lease_power,
    make_resident,
    make_shared_lease,
    make_staff,
    make_tenant,
    make_user,
)

IBAN = "FI21 1234 5600 0007 85"
FORM = {"forwarding_address": "Uusikatu 1 A 2", "iban": IBAN, "inspection_wish": "ma-ti"}


@pytest.fixture(autouse=True)
def wednesday(app):
    with time_machine.travel(datetime(2026, 3, 11, 12, tzinfo=HELSINKI), tick=False):
        yield


def _text(response) -> str:
    return response.get_data(as_text=True)


def _logged_in(app, user, language="en"):
    client = app.test_client()
    client.environ_base["HTTP_ACCEPT_LANGUAGE"] = language
    login(client, user)
    return client


# --- the lease page -------------------------------------------------------------------------


def test_lease_page_shows_the_lease_and_the_flat(app):
    flat, lease, (anna, bertil) = make_shared_lease()
    child = make_resident(first_names="Lapsi")
    add_other_resident(flat, child)
    client = _logged_in(app, anna)
    page = _text(client.get("/my/lease/"))
    for text in (
        anna.resident.full_name,
        bertil.resident.full_name,
        child.full_name,
        lease.number,
        "€620.00",
        "€1,240.00",
        flat.housing_company.business_id,
        "31.5\u00a0m²",
        "Until further notice",
    ):
        assert text in page, text
    assert 'href="/my/lease/terminate?flat=' in page
    dashboard = _text(client.get("/my/"))
    assert 'href="/my/lease/"' in dashboard
    assert 'href="/my/lease/terminate"' in dashboard


def test_area_in_finnish(app):
    tenant = make_tenant()
    client = _logged_in(app, tenant, "fi")
    client.set_cookie("lang", "fi")
    assert "31,5\u00a0m²" in _text(client.get("/my/lease/"))


def test_who_sees_the_lease_and_termination_pages(app):
    """Other resident 403, another flat's account 404 (also by the flat argument), an agent
    with a "terminate" power 200, staff 403."""
    flat, lease, (anna,) = make_shared_lease(1)
    other = make_user(make_resident())
    add_other_resident(flat, other.resident)
    stranger = make_tenant()
    agent = make_user(None)
    make_lease_power(anna.resident, lease, agent)
    for url in ("/my/lease/", "/my/lease/terminate"):
        assert _logged_in(app, other).get(url).status_code == 403
        assert _logged_in(app, anna).get(url).status_code == 200
        assert _logged_in(app, agent).get(url).status_code == 200
        assert _logged_in(app, stranger).get(f"{url}?flat={flat.id}").status_code == 404
        assert _logged_in(app, make_staff()).get(url).status_code == 403


def test_lease_page_query_count_does_not_grow(app, count_queries):
    flat, _lease, (anna, _bertil) = make_shared_lease()
    client = _logged_in(app, anna)
    add_other_resident(flat, make_resident())
    with count_queries() as few:
        assert client.get("/my/lease/").status_code == 200
    for _ in range(5):
        add_other_resident(flat, make_resident())
    with count_queries() as many:
        page = _text(client.get("/my/lease/"))
    assert page.count("Asukas") >= 8
    assert many.count == few.count


# --- giving notice --------------------------------------------------------------------------


def test_form_confirm_step_and_notice(app):
    """Does the form show the earliest end, the next step the end, the IBAN with its BIC and
    the key return, and only the confirmation write the notice?"""
    tenant = make_tenant()
    client = _logged_in(app, tenant)
    form = _text(client.get("/my/lease/terminate"))
    assert "30 Apr 2026" in form
    assert "30 Apr 2027" in form  # the latest end a notice today may choose
    step = client.post("/my/lease/terminate", data={**FORM, "flat": tenant.flat.id})
    text = _text(step)
    assert "The lease ends on 30 Apr 2026." in text
    assert "NDEAFIHH" in text
    assert "BLC Turva Oy" in text
    assert "Mäkelänkatu 2 (Backasgatan 2)" in text
    assert Termination.select().count() == 0
    done = client.post(
        "/my/lease/terminate", data={**FORM, "flat": tenant.flat.id, "confirm": "1"}
    )
    assert done.status_code == 302
    assert Lease.get(Lease.flat == tenant.flat).ends_on == date(2026, 4, 30)
    page = _text(client.get(done.headers["Location"]))
    assert "Your notice is in effect" in page
    assert "In effect" in page


def test_a_later_end_date(app):
    tenant = make_tenant()
    client = _logged_in(app, tenant)
    data = {**FORM, "flat": tenant.flat.id, "ends_on": "2026-06-15", "confirm": "1"}
    assert client.post("/my/lease/terminate", data=data).status_code == 302
    assert Lease.get(Lease.flat == tenant.flat).ends_on == date(2026, 6, 15)


@pytest.mark.parametrize(
    ("value", "message"),
    [
        ("2026-04-29", "The lease can end on 30 Apr 2026 at the earliest"),
        ("2027-05-01", "Choose an end date on 30 Apr 2027 at the latest"),
        ("2300-01-01", "Enter a date between"),
        ("huomenna", "Not a valid date value"),
    ],
)
@pytest.mark.parametrize("confirm", ["", "1"])
def test_bad_dates_are_field_errors_and_change_nothing(app, value, message, confirm):
    tenant = make_tenant()
    client = _logged_in(app, tenant)
    data = {**FORM, "flat": tenant.flat.id, "ends_on": value, "confirm": confirm}
    response = client.post("/my/lease/terminate", data=data)
    assert response.status_code == 200
    text = _text(response)
    assert message in text
    assert 'id="ends_on-error"' in text
    assert 'aria-invalid="true"' in text
    assert Termination.select().count() == 0
    assert Lease.get(Lease.flat == tenant.flat).ends_on is None


def test_field_errors_in_the_users_language(app):
    """A Finnish user's bad date and bad IBAN are answered in Finnish."""
    from flask_babel import force_locale, gettext

    from heka_asoy.i18n import house_date
    from heka_asoy.params import FIRST_DAY, LAST_DAY

    tenant = make_tenant(language="fi")
    client = _logged_in(app, tenant, "fi")
    data = {**FORM, "flat": tenant.flat.id, "ends_on": "2300-01-01"}
    text = _text(client.post("/my/lease/terminate", data=data))
    with app.test_request_context(), force_locale("fi"):
        expected = gettext(
            "Enter a date between %(first)s and %(last)s.",
            first=house_date(FIRST_DAY),
            last=house_date(LAST_DAY),
        )
    assert expected.startswith("Anna päivämäärä")
    assert expected in text
    assert Termination.select().count() == 0


def test_bad_iban_is_a_field_error(app):
    tenant = make_tenant()
    client = _logged_in(app, tenant)
    text = _text(
        client.post("/my/lease/terminate", data={**FORM, "iban": "FI00 1", "flat": tenant.flat.id})
    )
    assert 'id="iban-error"' in text
    assert "not a valid IBAN" in text
    assert Termination.select().count() == 0


def test_writes_refused_for_other_resident_and_second_flat(app):
    """An other resident's notice is 403 and a second flat's account 404; nothing changes."""
    flat, lease, (anna, bertil) = make_shared_lease()
    other = make_user(make_resident())
    add_other_resident(flat, other.resident)
    stranger = make_tenant()
    data = {**FORM, "flat": flat.id, "confirm": "1"}
    assert _logged_in(app, other).post("/my/lease/terminate", data=data).status_code == 403
    assert _logged_in(app, stranger).post("/my/lease/terminate", data=data).status_code == 404
    assert Termination.select().count() == 0
    assert _logged_in(app, anna).post("/my/lease/terminate", data=data).status_code == 302
    t = Termination.get()
    for user, code in ((other, 403), (stranger, 404)):
        client = _logged_in(app, user)
        for action in ("confirm", "withdraw"):
            url = f"/my/lease/terminate/{t.id}/{action}"
            assert client.post(url, data={"flat": flat.id}).status_code == code
    # through the stranger's own flat the notice id is unknown
    client = _logged_in(app, stranger)
    url = f"/my/lease/terminate/{t.id}/withdraw"
    assert client.post(url, data={"flat": stranger.flat.id}).status_code == 404
    assert Termination.get_by_id(t.id).status == "awaiting_parties"


def test_second_party_confirms_and_withdraws(app):
    flat, lease, (anna, bertil) = make_shared_lease()
    data = {**FORM, "flat": flat.id, "confirm": "1"}
    _logged_in(app, anna).post("/my/lease/terminate", data=data)
    t = Termination.get()
    client = _logged_in(app, bertil)
    page = _text(client.get("/my/lease/terminate"))
    assert "Confirm the notice" in page
    assert "Withdraw the notice" in page
    assert "not confirmed yet" in page
    assert "Notice given: waiting for every lease party" in _text(client.get("/my/lease/"))
    too_long = client.post(
        f"/my/lease/terminate/{t.id}/confirm",
        data={"flat": flat.id, "forwarding_address": "x" * 501},
    )
    assert too_long.status_code == 200
    assert 'id="forwarding_address-error"' in _text(too_long)
    assert Termination.get_by_id(t.id).status == "awaiting_parties"
    answer = client.post(f"/my/lease/terminate/{t.id}/withdraw", data={"flat": flat.id})
    assert answer.status_code == 302
    assert "withdrawn" in _text(client.get(answer.headers["Location"]))
    assert Termination.get_by_id(t.id).status == "withdrawn"
    _logged_in(app, anna).post("/my/lease/terminate", data=data)
    again = Termination.get(Termination.status == "awaiting_parties")
    answer = client.post(
        f"/my/lease/terminate/{again.id}/confirm",
        data={"flat": flat.id, "forwarding_address": "Bertilsgatan 3"},
    )
    assert answer.status_code == 302
    assert Lease.get_by_id(lease.id).ends_on == date(2026, 4, 30)
    twice = client.post(f"/my/lease/terminate/{again.id}/confirm", data={"flat": flat.id})
    assert "no longer waiting" in _text(client.get(twice.headers["Location"]))


def test_one_off_agent_gets_the_receipt_in_the_answer(app):
    """The spent power no longer opens the flat: the receipt comes with the answer."""
    tenant = make_tenant()
    agent = make_user(None)
    power = make_lease_power(tenant.resident, Lease.get(Lease.flat == tenant.flat), agent)
    client = _logged_in(app, agent)
    data = {**FORM, "flat": tenant.flat.id, "confirm": "1"}
    answer = client.post("/my/lease/terminate", data=data)
    assert answer.status_code == 200
    assert "has now been used" in _text(answer)
    assert PowerOfAttorney.get_by_id(power.id).used_at is not None
    after = client.get(f"/my/lease/terminate?flat={tenant.flat.id}")
    assert "Your notice" not in _text(after)  # the flat is no longer the agent's to see


@pytest.fixture
def strict_app(app_config):
    app_config.update(WTF_CSRF_ENABLED=True)
    from tests.conftest import _fresh_g_per_request

    app = create_app(app_config)
    _fresh_g_per_request(app)
    with app.app_context():
        yield app


def test_csrf_required(strict_app):
    flat, _lease, (anna, bertil) = make_shared_lease()
    client = strict_app.test_client()
    page = _text(client.get("/login"))
    token = re.search(r'name="csrf_token" type="hidden" value="([^"]+)"', page).group(1)
    client.post("/login", data={"email": anna.email, "password": PASSWORD, "csrf_token": token})
    data = {**FORM, "flat": flat.id, "confirm": "1"}
    assert client.post("/my/lease/terminate", data=data).status_code == 400
    assert Termination.select().count() == 0
    form = _text(client.get("/my/lease/terminate"))
    token = re.search(r'name="csrf_token" value="([^"]+)"', form).group(1)
    assert client.post("/my/lease/terminate", data={**data, "csrf_token": token}).status_code == 302
    t = Termination.get()
    withdraw = client.post(f"/my/lease/terminate/{t.id}/withdraw", data={"flat": flat.id})
    assert withdraw.status_code == 400
    assert Termination.get_by_id(t.id).status == "awaiting_parties"


# --- the desk -------------------------------------------------------------------------------


def test_staff_queue_detail_and_move_out(app, count_queries):
    flat, _lease, (anna, _bertil) = make_shared_lease()
    make_contract(make_parking_space(flat.housing_company), flat)
    data = {**FORM, "flat": flat.id, "confirm": "1"}
    _logged_in(app, anna).post("/my/lease/terminate", data=data)
    staff = _logged_in(app, make_staff())
    with count_queries() as one:
        page = _text(staff.get("/staff/terminations/"))
    assert flat.number in page
    assert "Waiting for confirmations" in page
    assert "ma-ti" in page
    for _ in range(4):
        tenant = make_tenant()
        _logged_in(app, tenant).post(
            "/my/lease/terminate", data={**FORM, "flat": tenant.flat.id, "confirm": "1"}
        )
    with count_queries() as five:
        page = _text(staff.get("/staff/terminations/?status=in_effect"))
    assert page.count("In effect") >= 4
    assert five.count == one.count
    t = Termination.get(Termination.status == "awaiting_parties")
    assert staff.get(f"/staff/terminations/{t.id}").status_code == 200
    assert staff.get("/staff/terminations/99999").status_code == 404
    answer = staff.post(
        f"/staff/terminations/{t.id}/move-out",
        data={"inspection_at": "2026-04-28T10:00", "keys_returned_on": ""},
    )
    assert answer.status_code == 302
    saved = Termination.get_by_id(t.id)
    assert saved.inspection_at == datetime(2026, 4, 28, 7, 0)  # 10.00 Helsinki (EEST) in UTC
    assert saved.keys_returned_on is None
    told = OutboxMail.select().where(OutboxMail.subject.contains("move-out inspection"))
    assert sorted(m.recipient for m in told) == sorted([anna.email, _bertil.email])
    assert "28 Apr 2026, 10:00" in told.first().body_text
    assert KeyHandover.select().count() == 0
    staff.post(f"/staff/terminations/{t.id}/move-out", data={"keys_returned_on": "2026-04-30"})
    (handover,) = KeyHandover.select()
    assert (handover.flat_id, handover.direction) == (flat.id, "returned")
    assert Termination.get_by_id(t.id).keys_returned_on == date(2026, 4, 30)
    assert Termination.get_by_id(t.id).inspection_at == datetime(2026, 4, 28, 7, 0)
    assert OutboxMail.select().where(OutboxMail.subject.contains("inspection")).count() == 2
    bad = staff.post(f"/staff/terminations/{t.id}/move-out", data={"keys_returned_on": "x"})
    assert bad.status_code == 422
    assert "Termination" in _text(bad)
    assert _logged_in(app, anna).get("/staff/terminations/").status_code == 403


def test_agreed_end_is_shown_instead_of_the_form(app):
    tenant = make_tenant()
    Lease.update(ends_on=date(2026, 3, 31), notice_given_on=date(2026, 2, 10)).execute()
    client = _logged_in(app, tenant)
    page = _text(client.get("/my/lease/terminate"))
    assert "Notice has been given. The lease ends on 31 Mar 2026." in page
    assert 'name="forwarding_address"' not in page
    lease_page = _text(client.get("/my/lease/"))
    assert "notice given on 10 Feb 2026" in lease_page


def test_second_notice_of_one_lease_is_said_in_words(app):
    """Two parties fill in the form at once: the later one hears the notice exists already."""
    flat, _lease, (anna, bertil) = make_shared_lease()
    data = {**FORM, "flat": flat.id, "confirm": "1"}
    later = _logged_in(app, bertil)
    later.get("/my/lease/terminate")
    assert _logged_in(app, anna).post("/my/lease/terminate", data=data).status_code == 302
    answer = later.post("/my/lease/terminate", data=data)
    assert answer.status_code == 302
    page = _text(later.get(answer.headers["Location"]))
    assert "A notice of this lease has already been given." in page
    assert "Confirm the notice" in page
    assert Termination.select().count() == 1


@pytest.mark.parametrize(
    "scope",
    [
        "general",
        "terminate",
        "parking",
        "sauna",
        "keys",
        "manager_certificate",
        "renovation",
        "lease_and_payments",
        "tenancy_transfer",
        "estate",
    ],
)
def test_agent_of_each_scope(app, scope):
    """Does a power of attorney open the lease page and the termination page exactly when its
    scope says so (access.POA_SCOPES), and nothing else?"""
    from heka_asoy.services.access import POA_SCOPES

    tenant = make_tenant()
    agent = make_user(None)
    make_lease_power(tenant.resident, Lease.get(Lease.flat == tenant.flat), agent, scopes=scope)
    client = _logged_in(app, agent)
    for url, capability in (("/my/lease/", "lease"), ("/my/lease/terminate", "terminate")):
        expected = 200 if capability in POA_SCOPES[scope] else 403
        assert client.get(f"{url}?flat={tenant.flat.id}").status_code == expected, url
    data = {**FORM, "flat": tenant.flat.id, "confirm": "1"}
    answer = client.post("/my/lease/terminate", data=data)
    assert answer.status_code == (200 if "terminate" in POA_SCOPES[scope] else 403)
    assert Termination.select().count() == (1 if "terminate" in POA_SCOPES[scope] else 0)
