"""Contact details and bank account: validated, audited, confirmed by mail; the e-mail for
notices changes only through the link mailed to the new address."""

from __future__ import annotations

import re
from datetime import date, timedelta

import pytest
import time_machine

from heka_asoy.models import AuditLog, BankAccount, OutboxMail, PowerOfAttorney, Resident, Token
from heka_asoy.models import User as UserModel
from heka_asoy.services import household
from heka_asoy.services.errors import Refused
from heka_asoy.services.household import HouseholdError
from tests.factories import add_other_resident, make_resident, make_tenant, make_user


def _mails(kind: str) -> list[OutboxMail]:
    return list(OutboxMail.select().where(OutboxMail.kind == kind).order_by(OutboxMail.id))


def _token_from_mail() -> str:
    (mail,) = _mails("contact_email_confirm")
    match = re.search(r"/my/contact/confirm-email/(\S+)", mail.body_text)
    assert match, mail.body_text
    return match.group(1)


def test_details_are_saved_audited_and_confirmed_by_mail(app):
    """Are phone and address for post saved, the change audited and mailed to the user?"""
    user = make_tenant()
    with app.test_request_context():
        changed = household.update_details(user, " 040  123 4567 ", "Postikatu 1\n00100 Helsinki")
    assert changed == ["phone", "postal_address"]
    resident = Resident.get_by_id(user.resident_id)
    assert resident.phone == "040 123 4567"
    assert resident.postal_address == "Postikatu 1\n00100 Helsinki"
    log = AuditLog.get(AuditLog.action == "contact_details_changed")
    assert log.data == {"fields": ["phone", "postal_address"]}
    (mail,) = _mails("contact_changed")
    assert mail.recipient == user.email
    assert "Phone" in mail.body_text
    assert "Address for post" in mail.body_text


def test_nothing_changed_is_neither_written_nor_mailed(app):
    user = make_tenant()
    with app.test_request_context():
        assert household.update_details(user, "", "") == []
    assert _mails("contact_changed") == []
    assert AuditLog.select().count() == 0


@pytest.mark.parametrize("phone", ["abc", "12", "040 123 4567 x", "+" + "1" * 40])
def test_bad_phone_changes_nothing(app, phone):
    user = make_tenant()
    with app.test_request_context(), pytest.raises(HouseholdError) as caught:
        household.update_details(user, phone, "Uusi osoite")
    assert caught.value.code == "phone"
    assert Resident.get_by_id(user.resident_id).postal_address == ""
    assert _mails("contact_changed") == []


def test_other_resident_has_own_contact_details(app):
    """Does an other resident (not a lease party) manage their own details?"""
    tenant = make_tenant()
    other = make_resident()
    add_other_resident(tenant.flat, other)
    user = make_user(other)
    view = household.contact_page(user)
    assert view.username == user.email
    with app.test_request_context():
        household.update_details(user, "050 111 2222", "")
    assert Resident.get_by_id(other.id).phone == "050 111 2222"
    assert Resident.get_by_id(tenant.resident_id).phone == ""


def test_agent_has_no_contact_details(app):
    """Is an agent with a power of attorney refused the principal's contact details?"""
    tenant = make_tenant()
    agent = make_user(None)
    PowerOfAttorney.create(
        grantor=tenant.resident,
        lease=tenant.flat.leases.get(),
        agent_name="Valtuutettu",
        agent_user=agent,
        kind="general",
        scopes="general",
        valid_from=date.today(),
    )
    with pytest.raises(Refused):
        household.contact_page(agent)
    with app.test_request_context(), pytest.raises(Refused):
        household.set_bank_account(agent, "FI2112345600000785", "Valtuutettu")
    assert BankAccount.select().count() == 0


def test_email_change_waits_for_the_link_then_tells_both_addresses(app):
    """Does the notice address change only when the link mailed to the new address is used,
    with the username kept and both addresses told?"""
    user = make_tenant()
    old = user.email
    with app.test_request_context():
        assert household.request_email_change(user, "Uusi.Osoite@Example.fi") == (
            "uusi.osoite@example.fi"
        )
    assert UserModel.get_by_id(user.id).contact_email == ""
    (confirm,) = _mails("contact_email_confirm")
    assert confirm.recipient == "uusi.osoite@example.fi"
    assert household.contact_page(user).pending_email == "uusi.osoite@example.fi"
    raw = _token_from_mail()
    assert household.email_change_preview(raw) == "uusi.osoite@example.fi"
    with app.test_request_context():
        household.confirm_email_change(raw)
    fresh = UserModel.get_by_id(user.id)
    assert fresh.email == old  # the username never changes
    assert fresh.notice_email == "uusi.osoite@example.fi"
    assert Resident.get_by_id(user.resident_id).email == "uusi.osoite@example.fi"
    assert sorted(m.recipient for m in _mails("contact_changed")) == sorted(
        [old, "uusi.osoite@example.fi"]
    )
    assert AuditLog.get(AuditLog.action == "contact_email_changed").actor_id == user.id


def test_email_link_is_single_use(app):
    user = make_tenant()
    with app.test_request_context():
        household.request_email_change(user, "uusi@example.fi")
        raw = _token_from_mail()
        household.confirm_email_change(raw)
        with pytest.raises(HouseholdError) as caught:
            household.confirm_email_change(raw)
    assert caught.value.code == "link_used"
    assert len(_mails("contact_changed")) == 2


def test_expired_email_link_changes_nothing(app):
    user = make_tenant()
    with app.test_request_context():
        household.request_email_change(user, "uusi@example.fi")
    raw = _token_from_mail()
    token = Token.get(Token.purpose == household.CONFIRM_EMAIL)
    with time_machine.travel(token.created_at + timedelta(hours=24, seconds=1), tick=False):
        with app.test_request_context(), pytest.raises(HouseholdError) as caught:
            household.confirm_email_change(raw)
    assert caught.value.code == "link_expired"
    assert UserModel.get_by_id(user.id).contact_email == ""
    assert _mails("contact_changed") == []


def test_a_newer_request_ends_the_older_link(app):
    user = make_tenant()
    with app.test_request_context():
        household.request_email_change(user, "eka@example.fi")
        first = _token_from_mail()
        household.request_email_change(user, "toka@example.fi")
        with pytest.raises(HouseholdError) as caught:
            household.confirm_email_change(first)
    assert caught.value.code == "link_used"
    assert UserModel.get_by_id(user.id).contact_email == ""


@pytest.mark.parametrize(
    ("email", "code"), [("not-an-address", "email"), ("", "email"), ("SAME", "email_same")]
)
def test_bad_email_changes_nothing(app, email, code):
    user = make_tenant()
    with app.test_request_context(), pytest.raises(HouseholdError) as caught:
        household.request_email_change(user, user.email.upper() if email == "SAME" else email)
    assert caught.value.code == code
    assert Token.select().count() == 0
    assert OutboxMail.select().count() == 0


def test_bank_account_is_validated_and_its_bic_derived(app):
    """Is the IBAN checked with schwifty, stored compact with its BIC, audited and mailed?"""
    user = make_tenant()
    with app.test_request_context():
        account = household.set_bank_account(user, "fi21 1234 5600 0007 85", "  Testi  Asukas ")
    assert (account.iban, account.bic, account.holder_name) == (
        "FI2112345600000785",
        "NDEAFIHH",
        "Testi Asukas",
    )
    view = household.contact_page(user)
    assert view.iban_formatted == "FI21 1234 5600 0007 85"
    log = AuditLog.get(AuditLog.action == "bank_account_changed")
    assert "FI2112345600000785" not in str(log.data)  # only masked in the log
    (mail,) = _mails("contact_changed")
    assert "0785" in mail.body_text
    assert "FI2112345600000785" not in mail.body_text
    with app.test_request_context():
        household.set_bank_account(user, "DE89 3704 0044 0532 0130 00", "Testi Asukas")
    assert BankAccount.select().count() == 1
    assert BankAccount.get().bic == "COBADEFFXXX"


@pytest.mark.parametrize(
    ("iban", "holder", "code"),
    [
        ("FI2112345600000786", "Testi", "iban_invalid"),
        ("hello", "Testi", "iban_invalid"),
        ("", "Testi", "iban_invalid"),
        ("FI2112345600000785", "  ", "holder_name"),
        ("BR1500000000000010932840814P2", "Testi", "iban_not_sepa"),
    ],
)
def test_bad_bank_account_changes_nothing(app, iban, holder, code):
    user = make_tenant()
    with app.test_request_context():
        household.set_bank_account(user, "FI2112345600000785", "Vanha")
    with app.test_request_context(), pytest.raises(HouseholdError) as caught:
        household.set_bank_account(user, iban, holder)
    assert caught.value.code == code
    assert BankAccount.get().holder_name == "Vanha"
    assert len(_mails("contact_changed")) == 1
