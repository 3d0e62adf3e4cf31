"""Powers of attorney: the desk registers and revokes them, the agent acts within the scope,
a one-off power is spent by its use, and the resident's form PDF (SQLite and PostgreSQL)."""

from __future__ import annotations

import io
from datetime import date, timedelta

import pytest
from flask import g
from pypdf import PdfReader

from heka_asoy.domain import powers as rules
from heka_asoy.models import AuditLog, ParkingContract, PowerOfAttorney, User
from heka_asoy.services import access, bookings, powers
from heka_asoy.services.errors import NotFound, Refused
from heka_asoy.services.powers import DocumentError, PowerError, PowerInput
from heka_asoy.storage import storage
from tests.booking_factories import bookable_hours, make_parking_space, make_sauna
from tests.factories import (
    add_other_resident,
    gps_jpeg,
    login,
    make_company,
    make_flat,
    make_lease,
    make_power,
    make_resident,
    make_staff,
    make_tenant,
    make_user,
    scan_pdf,
)


def _input(tenant, **kw) -> PowerInput:
    data = {
        "grantor_id": tenant.resident_id,
        "kind": "one_off",
        "scopes": ("parking",),
        "free_text": "",
        "agent_name": "Veli Valtuutettu",
        "agent_email": "veli@example.fi",
        "valid_from": date.today(),
        "valid_until": None,
        "received_via": "email",
    }
    data.update(kw)
    return PowerInput(**data)


def _lease_id(tenant) -> int:
    return tenant.flat.leases.get().id


def _stored_files() -> list[str]:
    return [key for key in storage().keys() if key.startswith("powers/")]


def _fresh(user):
    """``user`` as a new request sees them (no cached access)."""
    g.pop("_flat_access", None)
    return user


# --- registering -----------------------------------------------------------------------------


def test_register_with_scanned_pdf_links_an_existing_account_and_audits(app):
    """Does the desk's registration store the power, its PDF, link the agent's account by
    e-mail, and leave an audit row?"""
    staff, tenant = make_staff(), make_tenant()
    agent = make_user(None, email="veli@example.fi")
    power = powers.register_power(
        staff, _lease_id(tenant), _input(tenant, agent_email="Veli@Example.fi"), scan_pdf()
    )
    assert (power.kind, power.scopes) == ("one_off", "parking")
    assert power.agent_email == "veli@example.fi"
    assert power.agent_user_id == agent.id
    assert power.document_mime == "application/pdf"
    found = powers.power_document(power.id)
    assert found.data.startswith(b"%PDF-")
    log = AuditLog.get(AuditLog.action == "power_registered")
    assert (log.actor_id, log.target_id) == (staff.id, power.id)
    (fa,) = access.compute_flats(agent)
    assert (fa.flat_id, fa.role, fa.one_off) == (tenant.flat.id, access.AGENT, True)


def test_an_image_form_is_re_encoded_without_metadata(app):
    """Is a photographed form stored as a fresh JPEG without its EXIF (GPS) block?"""
    tenant = make_tenant()
    power = powers.register_power(make_staff(), _lease_id(tenant), _input(tenant), gps_jpeg())
    data = powers.power_document(power.id).data
    assert power.document_mime == "image/jpeg"
    assert data.startswith(b"\xff\xd8")
    assert b"PhoneMaker" not in data


@pytest.mark.parametrize(
    ("upload", "code"),
    [
        (b"", "empty"),
        (b"just text, no form", "not_document"),
        (b"%PDF-1.4\n garbage without objects", "pdf_damaged"),
    ],
)
def test_a_bad_upload_is_refused_whole(app, upload, code):
    """Is a bad file refused with its reason, leaving neither a row nor a file?"""
    tenant = make_tenant()
    with pytest.raises(DocumentError) as info:
        powers.register_power(make_staff(), _lease_id(tenant), _input(tenant), upload)
    assert info.value.code == code
    assert PowerOfAttorney.select().count() == 0
    assert _stored_files() == []


def _pdf_with(key: str, value) -> bytes:
    """The scanned form with one entry added to its catalog."""
    from pypdf import PdfWriter
    from pypdf.generic import NameObject

    writer = PdfWriter(clone_from=io.BytesIO(scan_pdf()))
    writer._root_object[NameObject(key)] = value
    out = io.BytesIO()
    writer.write(out)
    return out.getvalue()


def _script_on_open() -> bytes:
    from pypdf.generic import DictionaryObject, NameObject, TextStringObject

    action = DictionaryObject(
        {NameObject("/S"): NameObject("/JavaScript"), NameObject("/JS"): TextStringObject("1")}
    )
    return _pdf_with("/OpenAction", action)


def _script_in_names() -> bytes:
    from pypdf.generic import DictionaryObject, NameObject

    return _pdf_with("/Names", DictionaryObject({NameObject("/JavaScript"): DictionaryObject()}))


@pytest.mark.parametrize("make", [_script_on_open, _script_in_names])
def test_a_pdf_with_javascript_is_refused(app, make):
    """Is a PDF that runs a script when opened (or carries scripts) refused?"""
    tenant = make_tenant()
    with pytest.raises(DocumentError) as info:
        powers.register_power(make_staff(), _lease_id(tenant), _input(tenant), make())
    assert info.value.code == "pdf_active"
    assert PowerOfAttorney.select().count() == 0


def test_a_pdf_opening_at_a_page_is_accepted(app):
    """Is a plain "open at page 1" destination (scanners write it) accepted?"""
    from pypdf.generic import ArrayObject, NameObject, NumberObject

    tenant = make_tenant()
    data = _pdf_with("/OpenAction", ArrayObject([NumberObject(0), NameObject("/Fit")]))
    power = powers.register_power(make_staff(), _lease_id(tenant), _input(tenant), data)
    assert power.document_mime == "application/pdf"


def test_a_failed_write_removes_the_stored_file(app):
    """When the row cannot be written (grantor not a party), is the already stored file gone?"""
    tenant, stranger = make_tenant(), make_resident()
    with pytest.raises(PowerError) as info:
        powers.register_power(
            make_staff(), _lease_id(tenant), _input(tenant, grantor_id=stranger.id), scan_pdf()
        )
    assert info.value.code == "grantor"
    assert PowerOfAttorney.select().count() == 0
    assert _stored_files() == []


@pytest.mark.parametrize(
    ("changes", "code"),
    [
        ({"kind": "one_off", "scopes": ()}, "no_scope"),
        ({"kind": "free_text", "scopes": (), "free_text": "  "}, "no_text"),
        ({"kind": "mystery"}, "kind"),
        ({"scopes": ("everything",)}, "scope"),
        ({"valid_until": date.today() - timedelta(days=1)}, "validity"),
        ({"agent_email": "not an address"}, "agent_email"),
        ({"agent_name": " "}, "agent_name"),
        ({"received_via": "pigeon"}, "received_via"),
    ],
)
def test_the_form_rules_refuse(app, changes, code):
    tenant = make_tenant()
    with pytest.raises(PowerError) as info:
        powers.register_power(make_staff(), _lease_id(tenant), _input(tenant, **changes), None)
    assert info.value.code == code
    assert PowerOfAttorney.select().count() == 0


def test_unknown_lease_is_not_found(app):
    tenant = make_tenant()
    with pytest.raises(NotFound):
        powers.register_power(make_staff(), 999_999, _input(tenant), None)


def test_general_kind_stores_its_own_scope(app):
    """Does a general power store the scope "general" whatever acts were ticked?"""
    tenant = make_tenant()
    power = powers.register_power(
        make_staff(), _lease_id(tenant), _input(tenant, kind="general", scopes=("sauna",)), None
    )
    assert power.scopes == "general"


def test_revoke_ends_the_agents_access(app):
    """Does a revoked power stop granting the flat, and is revoking twice refused?"""
    staff, tenant, agent = make_staff(), make_tenant(), make_user(None)
    power = make_power(tenant, agent)
    assert access.compute_flats(agent)
    powers.revoke_power(staff, power.id)
    assert access.compute_flats(agent) == []
    assert AuditLog.select().where(AuditLog.action == "power_revoked").count() == 1
    with pytest.raises(PowerError):
        powers.revoke_power(staff, power.id)


def test_agent_registering_later_is_linked_at_login(app):
    """Is a power for an address without an account linked when that account logs in?"""
    tenant = make_tenant()
    power = powers.register_power(
        make_staff(), _lease_id(tenant), _input(tenant, agent_email="later@example.fi"), None
    )
    assert power.agent_user_id is None
    agent = make_user(None, email="later@example.fi")
    client = app.test_client()
    assert login(client, agent).status_code == 302
    assert PowerOfAttorney.get_by_id(power.id).agent_user_id == agent.id
    page = client.get("/my/")
    assert page.status_code == 200
    assert tenant.flat.number in page.get_data(as_text=True)


def test_staff_accounts_are_never_linked(app):
    tenant = make_tenant()
    staff = make_staff(email="desk-agent@example.fi")
    power = powers.register_power(
        staff, _lease_id(tenant), _input(tenant, agent_email="desk-agent@example.fi"), None
    )
    assert power.agent_user_id is None
    assert powers.link_agent_powers(staff) == 0


def test_search_finds_leases_and_powers(app, count_queries):
    """Do leases and powers turn up by address, party and agent, in a constant number of
    queries?"""
    tenant = make_tenant()
    make_power(tenant, None, agent_name="Aku Ankka")
    street = tenant.flat.building.street_address
    with count_queries() as one:
        result = powers.search(street)
    assert [c.lease.id for c in result.leases] == [_lease_id(tenant)]
    assert [r.power.agent_name for r in result.powers] == ["Aku Ankka"]
    assert [r.power.agent_name for r in powers.search("ankka").powers] == ["Aku Ankka"]
    last_name = User.get_by_id(tenant.id).resident.last_name
    assert powers.search(last_name).leases[0].parties == [tenant.resident.full_name]
    for _ in range(4):
        other = make_tenant()
        make_power(other, None)
    with count_queries() as many:
        powers.search("Testikatu")
    assert one.count == many.count


# --- the agent acts within the scope ----------------------------------------------------------


ALL_CAPS = sorted(access.ALL_CAPABILITIES)


@pytest.mark.parametrize("scope", sorted(access.POA_SCOPES))
def test_each_scope_allows_exactly_its_capabilities(app, scope):
    """For every scope: does flat_access allow exactly the scope's capabilities (and refuse
    every other one with 403, never 404)?"""
    tenant, agent = make_tenant(), make_user(None)
    make_power(tenant, agent, kind="general" if scope == "general" else "one_off", scopes=scope)
    allowed = set()
    with app.test_request_context():
        for capability in ALL_CAPS:
            try:
                access.flat_access(agent, tenant.flat.id, capability)
            except Refused:
                continue
            allowed.add(capability)
    assert allowed == set(access.POA_SCOPES[scope])
    assert not allowed & (access.PERSONAL | access.GRANTOR)


def test_one_off_parking_power_rents_once_and_is_then_gone(app):
    """Does a one-off parking power rent one space, then grant nothing (a second rental is
    refused, the flat is gone from the agent's pages)?"""
    tenant, agent = make_tenant(), make_user(None)
    power = make_power(tenant, agent, kind="one_off", scopes="parking")
    company = tenant.flat.housing_company
    first, second = make_parking_space(company), make_parking_space(company)
    start = date.today() + timedelta(days=7)
    with app.test_request_context():
        contract = bookings.rent_space(agent, tenant.flat.id, first.id, start)
    assert contract.flat_id == tenant.flat.id
    assert PowerOfAttorney.get_by_id(power.id).used_at is not None
    with app.test_request_context(), pytest.raises(NotFound):
        bookings.rent_space(agent, tenant.flat.id, second.id, start)
    assert ParkingContract.select().count() == 1
    assert access.compute_flats(agent) == []


def test_a_refused_act_leaves_the_one_off_power_unspent(app):
    """When the act itself is refused (the space is another company's), is the power kept?"""
    tenant, agent = make_tenant(), make_user(None)
    power = make_power(tenant, agent, kind="one_off", scopes="parking")
    foreign = make_parking_space(make_tenant().flat.housing_company)
    with app.test_request_context(), pytest.raises(bookings.BookingError):
        bookings.rent_space(agent, tenant.flat.id, foreign.id, date.today() + timedelta(days=7))
    assert PowerOfAttorney.get_by_id(power.id).used_at is None


def test_one_off_sauna_power_books_one_turn(app):
    """Does a one-off sauna power book one weekly turn and then end?"""
    tenant, agent = make_tenant(), make_user(None)
    power = make_power(tenant, agent, kind="one_off", scopes="sauna")
    sauna = make_sauna(tenant.flat.housing_company, earliest_start_days=0)
    hour = bookable_hours(sauna)[0]
    with app.test_request_context():
        bookings.book_turn(agent, tenant.flat.id, hour.id, date.today() + timedelta(days=7))
    assert PowerOfAttorney.get_by_id(power.id).used_at is not None
    assert access.compute_flats(agent) == []


def test_a_lasting_power_is_not_spent(app):
    tenant, agent = make_tenant(), make_user(None)
    power = make_power(tenant, agent, kind="general", scopes="general")
    space = make_parking_space(tenant.flat.housing_company)
    with app.test_request_context():
        bookings.rent_space(agent, tenant.flat.id, space.id, date.today() + timedelta(days=7))
    assert PowerOfAttorney.get_by_id(power.id).used_at is None


# --- the resident's form ----------------------------------------------------------------------


@pytest.mark.parametrize("language", ["fi", "sv", "en"])
def test_form_pdf_parses_and_carries_the_flat(app, language):
    """Does the form PDF parse and name the flat's address (with å, ä, ö), number, lease,
    the giver and the general mailbox, with its title in the language asked for?"""
    from flask_babel import force_locale
    from flask_babel import gettext as _

    company = make_company(street_address="Mäkelänkatu 2 Å", name="Asunto Oy Sörkkä")
    resident = make_resident(first_names="Åsa", last_name="Öhman")
    flat = make_flat(company)
    lease = make_lease(flat, [resident])
    user = make_user(resident)
    with app.test_request_context():
        data = powers.resident_form_pdf(user, flat.id, language)
        with force_locale(language):
            title = _("Power of attorney")
    text = "\n".join(page.extract_text() for page in PdfReader(io.BytesIO(data)).pages)
    assert "Mäkelänkatu 2 Å" in text
    assert "Asunto Oy Sörkkä" in text
    assert flat.number in text
    assert lease.number in text
    assert "Åsa Öhman" in text
    assert "asiakaspalvelu@hekaoy.fi" in text
    assert text.startswith(title)


def test_form_only_for_a_lease_party_of_own_flat(app):
    """Is the form refused to an other resident (403) and for another flat (404)?"""
    tenant, stranger = make_tenant(), make_tenant()
    occupant = make_user(make_resident())
    add_other_resident(tenant.flat, occupant.resident)
    with app.test_request_context(), pytest.raises(Refused):
        powers.resident_form_pdf(_fresh(occupant), tenant.flat.id, "fi")
    with app.test_request_context(), pytest.raises(NotFound):
        powers.resident_form_pdf(_fresh(stranger), tenant.flat.id, "fi")


def test_domain_status():
    today = date(2027, 1, 15)
    assert rules.status(today, None, False, False, today) == "valid"
    assert rules.status(today + timedelta(days=1), None, False, False, today) == "upcoming"
    assert rules.status(today, today - timedelta(days=1), False, False, today) == "expired"
    assert rules.status(today, None, False, True, today) == "used"
    assert rules.status(today, None, True, True, today) == "revoked"


def test_agent_with_one_off_parking_power_accepts_an_offer_once(app):
    """Can an agent whose power covers only parking take a parking offer from the queue (the
    offer check no longer asks for the sauna right), spending the one-off power?"""
    from heka_asoy.models import utcnow
    from heka_asoy.services.bookings import parking_queue_key, space_key
    from tests.booking_factories import make_entry

    tenant, agent = make_tenant(), make_user(None)
    power = make_power(tenant, agent, kind="one_off", scopes="parking")
    company = tenant.flat.housing_company
    space = make_parking_space(company, kind="outdoor")
    entry = make_entry(
        parking_queue_key(company.id, "outdoor"),
        tenant.flat,
        status="offered",
        offer_ref=space_key(space.id),
        offered_at=utcnow(),
        offer_expires_at=utcnow() + timedelta(days=3),
    )
    with app.test_request_context():
        contract = bookings.accept_offer(
            agent, tenant.flat.id, entry.id, date.today() + timedelta(days=7)
        )
    assert contract.space_id == space.id
    assert PowerOfAttorney.get_by_id(power.id).used_at is not None
