"""The demo data set, its documented accounts and the local identity provider."""

from __future__ import annotations

import hashlib
import os
import shutil
from datetime import date, timedelta
from decimal import Decimal
from urllib.parse import parse_qs, urlparse

import pytest

from heka_asoy import create_app
from heka_asoy.demo.data import load_demo_data
from heka_asoy.demo.identities import ACCOUNT_IDENTITIES, DEMO_IDENTITIES, UNKNOWN_IDENTITY
from heka_asoy.demo.idp import idp_users, make_app
from heka_asoy.domain.business_id import is_valid_business_id
from heka_asoy.domain.hetu import hetu_hash, is_valid_hetu
from heka_asoy.domain.references import is_valid_fi_reference
from heka_asoy.models import (
    Announcement,
    Building,
    Document,
    Fee,
    Flat,
    HousingCompany,
    Invoice,
    InvoiceLine,
    Lease,
    LeaseParty,
    MaintenanceCompany,
    Occupancy,
    ParkingContract,
    ParkingSpace,
    Resident,
    Sauna,
    SaunaHour,
    SaunaTurn,
    User,
)
from heka_asoy.services.passwords import verify_password
from heka_asoy.storage import storage
from tests.conftest import PG_URL, empty_database, make_test_config

TODAY = date(2026, 5, 20)


@pytest.fixture(scope="module")
def demo_db(migrated_template, tmp_path_factory):
    """The demo data loaded once for this module (loading takes seconds); the tests only read
    it. Returns the database URL, the folder and the counts the load reported."""
    folder = tmp_path_factory.mktemp("demo")
    if PG_URL:
        empty_database(PG_URL)
        url = PG_URL
    else:
        shutil.copy(migrated_template, folder / "demo.db")
        url = f"sqlite:///{folder / 'demo.db'}"
    loader = create_app(make_test_config(url, folder))
    with loader.app_context():
        counts = load_demo_data(
            loader.config["HETU_KEY"].encode(), loader.config["UPLOAD_FOLDER"], TODAY
        )
    loader.config["DATABASE"].close()
    return url, folder, counts


@pytest.fixture
def database_url(demo_db):
    """Every test of this module reads the one demo database."""
    return demo_db[0]


@pytest.fixture
def app_config(demo_db):
    return make_test_config(demo_db[0], demo_db[1])


@pytest.fixture
def demo(demo_db):
    """The counts the demo load reported."""
    return demo_db[2]


def key(app) -> bytes:
    return app.config["HETU_KEY"].encode()


def user(email: str) -> User:
    return User.get(User.email == email)


def leases_of(resident: Resident) -> list[Lease]:
    return list(Lease.select().join(LeaseParty).where(LeaseParty.resident == resident))


def test_are_there_twenty_companies_with_valid_business_ids(demo):
    """Are there at least 20 housing companies, each with a valid business ID, a Helsinki
    postal code, a property manager and a maintenance company on example domains?"""
    companies = list(HousingCompany.select())
    assert len(companies) >= 20
    assert demo["housing_company"] == len(companies)
    for c in companies:
        assert is_valid_business_id(c.business_id), c.business_id
        assert "00100" <= c.postal_code <= "00990"
        assert c.manager_name
        assert c.manager_company
        assert c.manager_phone
        assert c.manager_email.endswith(".example.fi")
        assert c.maintenance_company.email.startswith("huolto@")
        assert c.maintenance_company.email.endswith(".example.fi")
        assert 1 <= c.buildings.count() <= 3
    shared = [m for m in MaintenanceCompany.select() if m.companies.count() > 1]
    assert shared, "maintenance companies are shared among housing companies"


def test_are_there_two_hundred_small_flats(demo):
    """Are there exactly 200 flats of the asoy types, 20-55 m², on existing floors?"""
    flats = list(Flat.select())
    assert len(flats) == demo["flat"] == 200
    assert {f.flat_type for f in flats} == {"1h+kk", "1h+k", "2h+k", "2h+kk"}
    for f in flats:
        assert Decimal(20) <= f.area_m2 <= Decimal(55)
        assert 1 <= f.floor <= f.building.floors
        assert f.housing_company_id == f.building.housing_company_id
    assert len({f.heka_code for f in flats}) == 200


def test_do_leases_have_realistic_rents_and_start_dates(demo):
    """Does every flat have a lease with rent 450-900 €, a deposit of twice the rent and at
    least one party, most started and a few starting in the future?"""
    leases = list(Lease.select())
    assert len(leases) == 200
    future = [lease for lease in leases if lease.starts_on > TODAY]
    assert 1 <= len(future) <= 20
    for lease in leases:
        assert Decimal(450) <= lease.monthly_rent <= Decimal(900)
        assert lease.deposit == lease.monthly_rent * 2
        assert lease.parties.count() >= 1
    others = Occupancy.select().join(Resident).where(
        Resident.id.not_in(LeaseParty.select(LeaseParty.resident)))
    assert others.count() >= 10, "some residents are other residents, not lease parties"


def test_are_residents_stored_without_readable_identity_codes(demo):
    """Does every resident have a hash, a masked code and a birth date, never the code?"""
    for r in Resident.select():
        assert len(r.hetu_hash) == 64
        assert r.hetu_masked.endswith("****")
        assert r.birth_date is not None
        assert r.email.endswith("@example.fi")


def test_do_invoices_cover_twelve_months_with_unique_references(demo):
    """Are there monthly invoices over the last 12 months with valid, unique references,
    mostly paid, a few partly paid and exactly one unpaid overdue invoice?"""
    invoices = list(Invoice.select())
    periods = {i.period for i in invoices}
    assert len(periods) >= 12
    assert min(periods) <= date(2025, 6, 1)
    assert all(is_valid_fi_reference(i.reference) for i in invoices)
    assert len({i.reference for i in invoices}) == len(invoices)
    for i in invoices:
        assert i.amount == sum((line.amount for line in i.lines), Decimal(0))
        assert i.paid_amount == sum((p.amount for p in i.payments), Decimal(0))
    by_status = {s: [i for i in invoices if i.status == s] for s in ("paid", "partly_paid", "open")}
    assert len(by_status["paid"]) > len(invoices) * 0.8
    assert by_status["partly_paid"]
    overdue = [i for i in by_status["open"] if i.due_on < TODAY]
    assert len(overdue) == 1
    maija = Resident.get(Resident.email == "maija.lahtinen@example.fi")
    assert overdue[0].lease in leases_of(maija)


def test_is_water_charged_per_person(demo):
    """Is the water fee 20-25 € per person per month, with the rent as a fee too?"""
    for lease in Lease.select():
        persons = Occupancy.select().where(Occupancy.flat == lease.flat).count()
        water = Fee.get(Fee.lease == lease, Fee.kind == "water")
        assert Decimal(20) <= water.monthly_amount / persons <= Decimal(25)
        assert Fee.get(Fee.lease == lease, Fee.kind == "rent").monthly_amount == lease.monthly_rent


def test_do_saunas_have_a_weekly_grid_with_common_hours(demo):
    """Does every sauna have Mon-Sat 17-21 hours, two of them common (not bookable), and do a
    few flats hold turns with a sauna fee?"""
    for sauna in Sauna.select():
        hours = list(sauna.hours)
        assert {(h.weekday, h.start_hour) for h in hours} == {
            (d, s) for d in range(6) for s in (17, 18, 19, 20)}
        common = {h.label for h in hours if not h.bookable}
        assert common == {"common_men", "common_women"}
    turns = list(SaunaTurn.select())
    assert turns
    assert all(t.hour.bookable for t in turns)
    assert Fee.select().where(Fee.kind == "sauna").count() == len(turns)
    closed = [h for h in SaunaHour.select() if not h.bookable]
    assert len(closed) == 2 * Sauna.select().count()


def test_are_there_parking_spaces_of_every_kind_and_some_contracts(demo):
    """Are there outdoor, carport, plug, garage and EV spaces with fees, some under contract?"""
    kinds = {s.kind for s in ParkingSpace.select()}
    assert kinds == {"outdoor", "carport", "plug", "garage", "ev"}
    contracts = list(ParkingContract.select())
    assert contracts
    for c in contracts:
        assert c.flat.housing_company_id == c.space.housing_company_id
        assert c.lease.flat_id == c.flat_id


def test_are_announcements_targeted_and_written_in_three_languages(demo):
    """Are there announcements to all, to one company and to one building, each in fi/sv/en?"""
    announcements = list(Announcement.select())
    assert {a.audience for a in announcements} == {"all", "housing_company", "building"}
    for a in announcements:
        for field in ("title_fi", "title_sv", "title_en", "body_fi", "body_sv", "body_en"):
            assert len(getattr(a, field)) > 10, field
        if a.audience == "building":
            assert a.building is not None
        if a.audience == "housing_company":
            assert a.housing_company is not None


def test_does_every_company_have_a_rescue_plan_pdf_on_disk(app, demo):
    """Does every housing company have a rescue plan document whose PDF exists under the
    app's storage with the recorded size and checksum?"""
    for company in HousingCompany.select():
        doc = Document.get(Document.housing_company == company, Document.kind == "rescue_plan")
        assert not os.path.isabs(doc.storage_key)
        content = storage().read(doc.storage_key)
        assert content.startswith(b"%PDF")
        assert doc.size == len(content)
        assert doc.sha256 == hashlib.sha256(content).hexdigest()
        assert doc.filename.endswith(".pdf")


def test_are_the_demo_accounts_in_the_documented_situations(demo):
    """Are the documented accounts active, with the documented passwords, roles, languages
    and relations to flats and leases?"""
    users = {u.email: u for u in User.select()}
    assert all(u.activated_at is not None and u.is_active for u in users.values())
    assert users["desk@hekaoy.fi"].role == "staff"
    assert users["desk@hekaoy.fi"].name == "Asoy-palvelu Demo"
    assert users["admin@hekaoy.fi"].role == "admin"
    assert verify_password(users["desk@hekaoy.fi"].password_hash, "Toimisto-2026!")
    assert verify_password(users["admin@hekaoy.fi"].password_hash, "Toimisto-2026!")

    maija, oskari = users["maija.lahtinen@example.fi"], users["oskari.lahtinen@example.fi"]
    aino, ville = users["aino.nieminen@example.fi"], users["ville.koskinen@example.fi"]
    for u in (maija, oskari, aino, ville, users["kaupunki.kayttaja@example.fi"]):
        assert u.role == "resident"
        assert verify_password(u.password_hash, "Asukas-2026!")
    assert (maija.language, oskari.language, aino.language) == ("fi", "sv", "en")

    (maija_lease,) = leases_of(maija.resident)
    assert maija_lease.flat.heka_code == "DEMO-0001"
    assert maija_lease.starts_on < TODAY
    assert leases_of(oskari.resident) == []
    assert Occupancy.get(Occupancy.resident == oskari.resident).flat == maija_lease.flat

    (aino_lease,) = leases_of(aino.resident)
    assert aino_lease.starts_on < TODAY
    assert aino_lease.flat.housing_company_id != maija_lease.flat.housing_company_id

    (ville_lease,) = leases_of(ville.resident)
    assert ville_lease.starts_on == TODAY + timedelta(days=30)


def test_is_the_city_account_unlinked_until_strong_identification(app, demo):
    """Is the city-imported account flagged for strong identification, without a resident,
    while its person is a lease party of a started lease in the register?"""
    city = user("kaupunki.kayttaja@example.fi")
    assert city.registered_via == "city"
    assert city.needs_strong_identification is True
    assert city.resident is None
    katja = next(p for p in DEMO_IDENTITIES if p["sub"] == "demo-katja")
    resident = Resident.get(Resident.hetu_hash == hetu_hash(katja["personal_identity_code"],
                                                           key(app)))
    (lease,) = leases_of(resident)
    assert lease.starts_on < TODAY


def test_are_demo_identities_valid_and_in_the_register(app, demo):
    """Are the identity provider's people valid codes matched to residents by hash: Liisa a
    lease party and Erik an other resident, neither with an account?"""
    for person in [*DEMO_IDENTITIES, *ACCOUNT_IDENTITIES]:
        assert is_valid_hetu(person["personal_identity_code"])
        resident = Resident.get(Resident.hetu_hash == hetu_hash(person["personal_identity_code"],
                                                               key(app)))
        assert resident.first_names == person["given_name"]
        assert resident.last_name == person["family_name"]
    by_sub = {p["sub"]: p for p in DEMO_IDENTITIES}
    assert set(by_sub) == {"demo-liisa", "demo-katja", "demo-erik"}
    liisa = Resident.get(Resident.hetu_hash == hetu_hash(
        by_sub["demo-liisa"]["personal_identity_code"], key(app)))
    erik = Resident.get(Resident.hetu_hash == hetu_hash(
        by_sub["demo-erik"]["personal_identity_code"], key(app)))
    assert liisa.full_name == "Liisa Mäkelä"
    assert leases_of(liisa)[0].starts_on < TODAY
    assert leases_of(erik) == []
    assert Occupancy.select().where(Occupancy.resident == erik).count() == 1
    assert not User.select().where(User.resident.in_([liisa, erik])).exists()
    unknown = hetu_hash(UNKNOWN_IDENTITY["personal_identity_code"], key(app))
    assert not Resident.select().where(Resident.hetu_hash == unknown).exists()


def test_does_a_second_load_create_nothing(app, demo):
    """Does loading the demo data a second time create nothing?"""
    assert demo["flat"] == 200
    before = {m: m.select().count() for m in (Flat, Resident, Invoice, User, Building)}
    again = load_demo_data(key(app), app.config["UPLOAD_FOLDER"], TODAY)
    assert set(again) == set(demo)
    assert all(n == 0 for n in again.values())
    assert {m: m.select().count() for m in before} == before


def test_are_all_email_addresses_on_example_domains(demo):
    """Is every e-mail address an example domain, except the two documented staff logins?"""
    emails = [u.email for u in User.select()] + [r.email for r in Resident.select()]
    emails += [m.email for m in MaintenanceCompany.select()]
    staff = {"desk@hekaoy.fi", "admin@hekaoy.fi"}
    for email in emails:
        assert email in staff or email.rsplit("@", 1)[1].split(".")[-2] == "example", email


def test_does_the_identity_provider_serve_the_demo_people():
    """Does the local OIDC provider publish its configuration and offer the demo people with
    their identity codes as claims?"""
    users = {u.sub: u for u in idp_users()}
    for person in DEMO_IDENTITIES:
        claims = users[person["sub"]].claims
        assert claims["personal_identity_code"] == person["personal_identity_code"]
        assert claims["name"] == person["name"]
    client = make_app().test_client()
    response = client.get("/.well-known/openid-configuration")
    assert response.status_code == 200
    assert response.get_json()["authorization_endpoint"].endswith("/oauth2/authorize")


def test_do_demo_buildings_belong_to_their_companies(demo):
    """Do the buildings use codes A-C and the companies' postal codes?"""
    for b in Building.select():
        assert b.code in {"A", "B", "C"}
        assert b.postal_code == b.housing_company.postal_code


def test_does_the_identity_provider_hand_out_the_identity_code():
    """Does a code flow with a demo person end in userinfo carrying the name and the personal
    identity code, and is a request without a nonce refused?"""
    client = make_app().test_client()
    params = {"client_id": "heka-asoy", "redirect_uri": "http://127.0.0.1:8000/cb",
              "response_type": "code", "scope": "openid profile", "state": "s1"}
    refused = client.post("/oauth2/authorize", query_string=params, data={"sub": "demo-liisa"})
    assert "code=" not in refused.headers.get("Location", "")
    response = client.post("/oauth2/authorize", query_string={**params, "nonce": "n1"},
                           data={"sub": "demo-liisa"})
    code = parse_qs(urlparse(response.headers["Location"]).query)["code"][0]
    token = client.post("/oauth2/token", data={
        "grant_type": "authorization_code", "code": code, "client_id": "heka-asoy",
        "client_secret": "secret", "redirect_uri": params["redirect_uri"]}).get_json()
    info = client.get("/userinfo",
                      headers={"Authorization": f"Bearer {token['access_token']}"}).get_json()
    assert info["sub"] == "demo-liisa"
    assert info["personal_identity_code"] == "170486-248C"
    assert info["name"] == "Liisa Mäkelä"


def test_next_months_invoices_come_from_the_invoicing_service(demo, app):
    """Once the invoicing day has passed, does every running lease have next month's invoice,
    made by the service (RF reference, due on a banking day, lines by kind), and is a second
    run a no-op?"""
    from heka_asoy.domain.banking_days import is_banking_day
    from heka_asoy.domain.references import is_valid_rf_reference
    from heka_asoy.services.billing import issue_month

    upcoming = date(2026, 6, 1)
    invoices = list(Invoice.select().where(Invoice.period == upcoming))
    running = Lease.select().where(Lease.current_on(upcoming)).count()
    assert len(invoices) == running > 0
    for invoice in invoices:
        assert is_valid_rf_reference(invoice.rf_reference)
        assert is_banking_day(invoice.due_on)
        assert invoice.issued_on == TODAY
        # in line order, as the rent page shows them (a table's rows come in no set order)
        lines = invoice.lines.order_by(InvoiceLine.id)
        assert [line.kind for line in lines][:2] == ["rent", "water"]
    assert issue_month(upcoming).issued == 0


def test_maija_has_a_door_opening_and_a_key_handover(demo):
    from heka_asoy.models import DoorOpening, KeyHandover

    opening = DoorOpening.get()
    assert opening.resident.email == "maija.lahtinen@example.fi"
    assert opening.invoice.kind == "door_opening"
    assert opening.invoice.status == "paid"
    assert KeyHandover.get().flat_id == opening.flat_id


def test_does_maijas_building_have_an_emergency_and_an_open_shared_space_report(demo):
    """Does Maija's building have an emergency and a normal announcement, and a neighbour's
    open laundry-room report she can say "me too" to (issue 11)?"""
    from heka_asoy.models import FaultReport, Flat, Resident

    maija = Resident.get(Resident.first_names == "Maija")
    flat = Flat.get_by_id(maija.occupancies.get().flat_id)
    mine = Announcement.select().where(Announcement.building == flat.building_id)
    assert sorted(a.emergency for a in mine)[-2:] == [False, True]
    shared = (
        FaultReport.select()
        .join(Flat)
        .where((Flat.building == flat.building_id) & (FaultReport.category.startswith("common_")))
    )
    assert [r.flat_id != flat.id for r in shared] == [True]
def test_maija_has_a_confirmed_office_visit_and_a_waiting_request(demo):
    """Does Maija have a confirmed visit on an appointment day ahead and one request waiting?"""
    from heka_asoy.models import Appointment
    from heka_asoy.services.appointments.slots import to_local

    rows = list(Appointment.select().where(Appointment.user == user("maija.lahtinen@example.fi")))
    assert sorted(a.status for a in rows) == ["confirmed", "requested"]
    (visit,) = [a for a in rows if a.status == "confirmed"]
    assert to_local(visit.starts_at).weekday() in (2, 3)
    assert to_local(visit.starts_at).date() > TODAY
    assert visit.slot_key
