"""Issue 9 §7: the resident pages' "today" is Helsinki's date, and a password reset neither
activates an account nor goes anywhere but the username."""

from __future__ import annotations

import re
from datetime import UTC, date, datetime

import time_machine

from heka_asoy.domain.clock import helsinki_today
from heka_asoy.models import OutboxMail, User
from heka_asoy.services import access
from heka_asoy.services.bookings import common as booking_common
from tests.factories import login, make_resident, make_tenant, make_user

#: 23:30 UTC on 14 January: 01:30 on the 15th in Helsinki (UTC+2).
LATE_UTC = datetime(2027, 1, 14, 23, 30, tzinfo=UTC)


def _mail_link(kind: str) -> str:
    mail = OutboxMail.select().where(OutboxMail.kind == kind).order_by(OutboxMail.id.desc()).get()
    match = re.search(r"http://localhost(/\S+)", mail.body_text)
    assert match, mail.body_text
    return match.group(1)


def test_helsinki_today_is_the_next_day_late_in_utc():
    """At 23:30 UTC, is it already tomorrow in Helsinki (and in the booking services)?"""
    with time_machine.travel(LATE_UTC, tick=False):
        assert helsinki_today() == date(2027, 1, 15)
        assert booking_common.today() == date(2027, 1, 15)


def test_lease_starting_today_in_helsinki_opens_the_pages(app, client):
    """Does a lease starting on Helsinki's date open the pages at 01:30 Helsinki time, though the
    server's UTC date is still the day before?"""
    user = make_tenant(starts_on=date(2027, 1, 15))
    with time_machine.travel(LATE_UTC, tick=False):
        assert [fa.started for fa in access.compute_flats(user)] == [True]
        login(client, user)
        page = client.get("/my/")
        assert page.status_code == 200
        assert b"What you can do here" in page.data


def test_reset_does_not_activate_a_never_activated_account(app, client):
    """Does a password reset of an account never activated leave it inactive (login still
    refused as not activated), and say so?"""
    user = make_user(make_resident(), activated_at=None)
    client.post("/password/forgot", data={"email": user.email})
    done = client.post(
        _mail_link("reset"), data={"password": "Uusi1!x", "confirm": "Uusi1!x"},
        follow_redirects=True,
    )
    assert b"not activated yet" in done.data
    assert User.get_by_id(user.id).activated_at is None
    refused = login(client, user, "Uusi1!x")
    assert refused.status_code == 200
    assert b"activation" in refused.data.lower()


def test_reset_link_goes_to_the_username_not_the_notice_address(app, client):
    """With a different address for notices, does the reset link still go to the username?"""
    user = make_tenant(contact_email="notices@example.fi")
    client.post("/password/forgot", data={"email": user.email})
    mail = OutboxMail.get(OutboxMail.kind == "reset")
    assert mail.recipient == user.email
