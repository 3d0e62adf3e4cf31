"""The register search (issue 12 §5): flats by housing company, address and flat, people by
name (case ignored), birth date or identity code; bounded lists; a full identity code is
matched by its keyed hash, never stored in the audit row."""

from __future__ import annotations

from datetime import date, timedelta

from heka_asoy.models import AuditLog
from heka_asoy.services import register
from heka_asoy.services.register import RegisterQuery
from tests.factories import (
    add_other_resident,
    make_company,
    make_flat,
    make_lease,
    make_resident,
    make_staff,
    make_user,
)


def search(admin, **kw):
    return register.search(RegisterQuery(**kw), admin)


def test_flats_by_company_address_and_flat(app):
    """Does each flat field find the flat, and together narrow to it?"""
    admin = make_staff(role="admin")
    company = make_company(name="Asunto Oy Kulmakatu 7", street_address="Kulmakatu 7")
    flat = make_flat(company, number="B 14", heka_code="HK-0014")
    other = make_flat(company, number="B 15")
    make_flat()  # another company
    assert {f.id for f in search(admin, company="kulmakatu").flats} == {flat.id, other.id}
    assert {f.id for f in search(admin, company=company.business_id).flats} == {flat.id, other.id}
    assert {f.id for f in search(admin, address="KULMAKATU 7").flats} == {flat.id, other.id}
    assert [f.id for f in search(admin, address="Kulmakatu", flat="b 14").flats] == [flat.id]
    assert [f.id for f in search(admin, flat="HK-0014").flats] == [flat.id]
    hit = search(admin, flat="HK-0014").flats[0]
    assert (hit.street_address, hit.number, hit.company_name) == (
        "Kulmakatu 7", "B 14", "Asunto Oy Kulmakatu 7",
    )  # fmt: skip
    assert search(admin, company="Nowhere Oy").flats == []


def test_people_by_name_ignore_case_in_every_alphabet(app):
    """Do name words match first and last names, case ignored, also in ä and ö?"""
    admin = make_staff(role="admin")
    aino = make_resident(first_names="Aino Äijä", last_name="Öhman")
    make_resident(first_names="Aino", last_name="Virtanen")
    found = search(admin, person="äijä ÖHMAN").people
    assert [p.id for p in found] == [aino.id]
    assert found[0].name == "Aino Äijä Öhman"
    assert len(search(admin, person="aino").people) == 2


def test_person_by_full_identity_code_matches_the_hash_and_logs_it_masked(app):
    """Is a full identity code matched through its keyed hash, shown and logged masked only?"""
    admin = make_staff(role="admin")
    person = make_resident()
    make_resident()
    result = search(admin, person=person.hetu_plain)
    assert result.person_mode == "code"
    assert [p.id for p in result.people] == [person.id]
    assert result.people[0].hetu_masked == person.hetu_masked
    row = AuditLog.select().where(AuditLog.action == "register_viewed").get()
    assert row.data["person"] == person.hetu_masked
    assert person.hetu_plain not in str(row.data)
    assert row.actor_id == admin.id


def test_person_by_birth_date_or_masked_code(app):
    """Do DDMMYY and the masked form find the person (equality on the masked column)?"""
    admin = make_staff(role="admin")
    person = make_resident()
    birth = person.hetu_masked[:6]
    for text in (birth, person.hetu_masked, person.hetu_masked[:7]):
        result = search(admin, person=text)
        assert result.person_mode == "birth"
        assert person.id in [p.id for p in result.people]


def test_person_hits_carry_current_flats_and_account(app):
    """Does a person found carry the flats they live in today and their account's username?"""
    admin = make_staff(role="admin")
    person = make_resident(last_name="Kotilainen")
    flat = make_flat()
    make_lease(flat, [person])
    old = make_flat()
    add_other_resident(old, person, moved_in=date.today() - timedelta(days=900))
    from heka_asoy.models import Occupancy

    Occupancy.update(moved_out=date.today() - timedelta(days=400)).where(
        Occupancy.flat == old
    ).execute()
    user = make_user(person)
    hit = search(admin, person="kotilainen").people[0]
    assert [f.flat_id for f in hit.flats] == [flat.id]
    assert hit.account_email == user.email


def test_lists_are_bounded(app, monkeypatch):
    """Is each list cut at the page size, saying there are more?"""
    from heka_asoy.services.register import lookup

    monkeypatch.setattr(lookup, "PAGE_SIZE", 3)
    admin = make_staff(role="admin")
    company = make_company(name="Asunto Oy Iso")
    for _ in range(5):
        make_flat(company)
        make_resident(last_name="Samanniminen")
    result = search(admin, company="iso", person="samanniminen")
    assert len(result.flats) == 3
    assert result.flats_capped
    assert len(result.people) == 3
    assert result.people_capped


def test_empty_search_finds_nothing_and_is_not_logged(app):
    admin = make_staff(role="admin")
    result = search(admin, company="  ", person="")
    assert result.query.empty
    assert result.flats == []
    assert result.people == []
    assert AuditLog.select().count() == 0
