"""Door opening and keys: the resident's page and the desk's log (with the invoice it makes)."""

from __future__ import annotations

from datetime import UTC, date, datetime, timedelta
from decimal import Decimal

import pytest

from heka_asoy.models import AuditLog, DoorOpening, Invoice, KeyHandover, Occupancy, PowerOfAttorney
from heka_asoy.services import door
from tests.factories import (
    add_other_resident,
    login,
    make_resident,
    make_staff,
    make_tenant,
    make_user,
)

WEEKDAY_MORNING = datetime(2026, 12, 2, 8, 0, tzinfo=UTC)  # Wed 10.00 in Helsinki
SUNDAY = datetime(2026, 12, 6, 12, 0, tzinfo=UTC)  # Independence Day, a Sunday


def _household():
    """A lease party (with an account), an adult other resident (with an account) and a child."""
    tenant = make_tenant()
    other = make_resident(first_names="Oskari", birth_date=date(1990, 5, 5))
    add_other_resident(tenant.flat, other)
    child = make_resident(first_names="Lilja", birth_date=date.today() - timedelta(days=365 * 8))
    add_other_resident(tenant.flat, child)
    return tenant, make_user(other), other, child


# --- the resident's page ----------------------------------------------------------------------


def test_page_says_whom_to_call_and_that_everyone_is_registered(app, client):
    """Does the page give the number that applies now, the rules, and say that every adult is
    in the register (the child counted as under 18)?"""
    tenant, _other_user, other, child = _household()
    login(client, tenant)
    page = client.get("/my/door/")
    assert page.status_code == 200
    text = page.text
    assert "Right now call" in text
    assert "usually within an hour" in text
    assert "sent to you by post" in text
    assert "identity document with a photo" in text
    assert "only for people in the resident register" in text
    assert "Every adult living in the flat is in the resident register." in text
    assert other.full_name in text
    assert child.full_name in text
    assert "Under 18" in text
    assert "Mäkelänkatu 2" in text


def test_page_names_adults_missing_from_the_register(app, client):
    tenant, _other_user, other, _child = _household()
    Occupancy.update(in_register=False).where(Occupancy.resident == other.id).execute()
    login(client, tenant)
    text = client.get("/my/door/").text
    assert "Not every adult living in the flat is in the resident register" in text
    assert f"The door cannot be opened for: {other.full_name}." in text


@pytest.mark.parametrize(("moment", "number"), [(WEEKDAY_MORNING, "09 5767 3000"),
                                                (SUNDAY, "09 5767 3100")])
def test_number_follows_office_hours(app, moment, number):
    """Is the number to call now customer service on weekday mornings and the on-call service
    otherwise (holidays too)?"""
    tenant = make_tenant()
    with app.test_request_context():
        info = door.door_info(tenant, None, now=moment)
    assert info.phone_now == number


def test_other_resident_sees_the_page(app, client):
    """May an other resident (flat_info is every resident's right) see it?"""
    _tenant, other_user, _other, _child = _household()
    login(client, other_user)
    assert client.get("/my/door/").status_code == 200


def test_second_flat_is_404(app, client):
    """Does a resident asking for another flat's page get 404, with nothing of it shown?"""
    tenant = make_tenant()
    stranger = make_tenant()
    login(client, tenant)
    answer = client.get(f"/my/door/?flat={stranger.flat.id}")
    assert answer.status_code == 404
    assert stranger.resident.full_name not in answer.text
    assert client.get("/my/door/?flat=abc").status_code == 404


def test_agent_with_keys_power_sees_it_and_parking_power_does_not(app, client):
    tenant = make_tenant()
    lease = tenant.flat.leases.get()
    agent = make_user(None)
    poa = PowerOfAttorney.create(grantor=tenant.resident, lease=lease, agent_name="Valtuutettu",
                                 agent_user=agent, kind="one_off", scopes="keys",
                                 valid_from=date.today())
    login(client, agent)
    assert client.get("/my/door/").status_code == 200
    assert PowerOfAttorney.get_by_id(poa.id).used_at is None  # reading spends nothing
    poa.scopes = "parking"
    poa.save()
    assert client.get(f"/my/door/?flat={tenant.flat.id}").status_code == 403


def test_dashboard_card_links_to_the_page(app, client):
    login(client, make_tenant())
    assert 'href="/my/door/"' in client.get("/my/").text


def test_staff_gets_403_on_the_resident_page(app, client):
    login(client, make_staff())
    assert client.get("/my/door/").status_code == 403


# --- the desk's log ---------------------------------------------------------------------------


def _opening_data(resident_id, **kw):
    data = {
        "opening-resident": str(resident_id),
        "opening-opened_at": (datetime.now() - timedelta(hours=1)).strftime("%Y-%m-%dT%H:%M"),
        "opening-performed_by": "Jari Huoltomies",
        "opening-document_type": "passport",
        "opening-fee": "60.00",
        "opening-notes": "",
    }
    data.update(kw)
    return data


def test_desk_logs_a_door_opening_and_it_is_invoiced(app, client):
    """Does a logged door opening make a one-off invoice of the fee on the flat's lease,
    linked to it, and show in the flat's list?"""
    tenant, _u, other, _child = _household()
    login(client, make_staff())
    page = client.get(f"/staff/door/flat/{tenant.flat.id}")
    assert page.status_code == 200
    assert other.full_name in page.text
    answer = client.post(f"/staff/door/flat/{tenant.flat.id}/opening",
                         data=_opening_data(other.id), follow_redirects=True)
    assert answer.status_code == 200
    opening = DoorOpening.get()
    invoice = Invoice.get()
    assert opening.invoice_id == invoice.id
    assert (invoice.kind, invoice.amount) == ("door_opening", Decimal("60.00"))
    assert invoice.lease_id == tenant.flat.leases.get().id
    assert invoice.lines.get().description.startswith("Ovenavaus ")
    assert f"Door opening logged and invoice {invoice.number} made." in answer.text
    assert "Jari Huoltomies" in answer.text
    assert AuditLog.select().where(AuditLog.action == "door_opened").count() == 1


def test_no_door_opening_for_someone_outside_the_register(app, client):
    """Is a person not in the flat's register (or of another flat) refused, with no opening
    and no invoice written?"""
    tenant, _u, other, _child = _household()
    Occupancy.update(in_register=False).where(Occupancy.resident == other.id).execute()
    stranger = make_tenant()
    login(client, make_staff())
    for resident_id in (other.id, stranger.resident.id):
        answer = client.post(f"/staff/door/flat/{tenant.flat.id}/opening",
                             data=_opening_data(resident_id))
        assert answer.status_code == 422
    assert DoorOpening.select().count() == 0
    assert Invoice.select().count() == 0


def test_door_opening_in_the_future_is_refused(app):
    tenant = make_tenant()
    with app.test_request_context(), pytest.raises(door.DoorError) as caught:
        door.log_door_opening(make_staff(), tenant.flat.id, door.DoorOpeningInput(
            tenant.resident.id, datetime.now(UTC) + timedelta(days=1), "X", "passport"))
    assert caught.value.code == "future"
    assert DoorOpening.select().count() == 0


def test_a_free_door_opening_makes_no_invoice(app):
    tenant = make_tenant()
    with app.test_request_context():
        opening = door.log_door_opening(make_staff(), tenant.flat.id, door.DoorOpeningInput(
            tenant.resident.id, datetime.now(UTC), "X", "id_card", fee=Decimal(0)))
    assert opening.invoice_id is None
    assert Invoice.select().count() == 0


def test_default_fee_is_the_setting(app):
    app.config["DOOR_OPENING_FEE"] = "75.50"
    tenant = make_tenant()
    with app.test_request_context():
        opening = door.log_door_opening(make_staff(), tenant.flat.id, door.DoorOpeningInput(
            tenant.resident.id, datetime.now(UTC), "X", "id_card"))
    assert opening.invoice.amount == Decimal("75.50")


def test_desk_logs_key_handovers(app, client):
    """Are keys given and keys returned into the after-hours box logged and listed, and the
    box refused for keys given out?"""
    tenant = make_tenant()
    login(client, make_staff())
    when = (datetime.now() - timedelta(hours=2)).strftime("%Y-%m-%dT%H:%M")
    base = {"keys-keys_count": "2", "keys-person_name": "Maija Muuttaja", "keys-handled_at": when}
    ok = client.post(f"/staff/door/flat/{tenant.flat.id}/keys",
                     data={**base, "keys-direction": "returned", "keys-via_after_hours_box": "y"},
                     follow_redirects=True)
    assert "Key handover logged." in ok.text
    refused = client.post(f"/staff/door/flat/{tenant.flat.id}/keys",
                          data={**base, "keys-direction": "collected",
                                "keys-via_after_hours_box": "y"})
    assert refused.status_code == 422
    assert "Only returned keys go into the after-hours box." in refused.text
    handover = KeyHandover.get()
    assert (handover.direction, handover.keys_count, handover.via_after_hours_box) == (
        "returned", 2, True)
    assert handover.lease_id == tenant.flat.leases.get().id
    assert "Maija Muuttaja" in client.get(f"/staff/door/flat/{tenant.flat.id}").text


def test_flat_search(app, client):
    tenant = make_tenant()
    login(client, make_staff())
    company = tenant.flat.housing_company
    found = client.get("/staff/door/", query_string={"q": company.name})
    assert f"/staff/door/flat/{tenant.flat.id}" in found.text
    assert "No flats found." in client.get("/staff/door/", query_string={"q": "zzzz"}).text


def test_unknown_flat_is_404_and_residents_get_403(app, client):
    tenant = make_tenant()
    login(client, make_staff())
    assert client.get("/staff/door/flat/999999").status_code == 404
    client.post("/logout")
    login(client, tenant)
    assert client.get(f"/staff/door/flat/{tenant.flat.id}").status_code == 403
    assert client.post(f"/staff/door/flat/{tenant.flat.id}/opening",
                       data=_opening_data(tenant.resident.id)).status_code == 403
    assert DoorOpening.select().count() == 0


def test_flat_log_query_count_is_constant(app, client, count_queries):
    """Does the flat's page read its logs in the same number of queries however long they
    are?"""
    tenant = make_tenant()
    staff = make_staff()
    login(client, staff)

    def add():
        with app.test_request_context():
            door.log_door_opening(staff, tenant.flat.id, door.DoorOpeningInput(
                tenant.resident.id, datetime.now(UTC), "X", "passport"))
            door.log_key_handover(staff, tenant.flat.id, door.KeyHandoverInput(
                "collected", 1, "X", datetime.now(UTC)))

    add()
    with count_queries() as few:
        assert client.get(f"/staff/door/flat/{tenant.flat.id}").status_code == 200
    for _ in range(4):
        add()
    with count_queries() as many:
        assert client.get(f"/staff/door/flat/{tenant.flat.id}").status_code == 200
    assert many.count == few.count
