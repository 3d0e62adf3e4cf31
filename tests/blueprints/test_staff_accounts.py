"""Staff accounts for admins (issue 12 §5): list, disable (sessions end) and enable, a mailed
password reset link, role changes; never one's own account, always one active admin; every
change audited; desk workers and residents get 403."""

from __future__ import annotations

import re

import pytest

from heka_asoy.models import AuditLog, LoginSession, OutboxMail, User
from heka_asoy.services import staff_admin
from tests.blueprints.test_page_queries import logged_in
from tests.factories import PASSWORD, login, make_staff, make_tenant


@pytest.fixture
def admin_client(app):
    admin = make_staff(role="admin", email="chief@hekaoy.fi")
    client = app.test_client()
    login(client, admin)
    client.admin = admin
    return client


def fresh(user) -> User:
    return User.get_by_id(user.id)


def flashes(answer) -> str:
    return answer.get_data(as_text=True)


@pytest.mark.parametrize(
    ("method", "path"),
    [("get", "/staff/accounts/"), ("post", "/staff/accounts/{id}/disable"),
     ("post", "/staff/accounts/{id}/enable"), ("post", "/staff/accounts/{id}/reset"),
     ("post", "/staff/accounts/{id}/role")],
)  # fmt: skip
def test_only_admins_manage_accounts(app, client, method, path):
    worker = make_staff(email="w@hekaoy.fi")
    url = path.format(id=worker.id)
    assert getattr(client, method)(url).status_code == 302
    assert getattr(logged_in(app, make_tenant()), method)(url).status_code == 403
    desk = logged_in(app, make_staff())
    assert getattr(desk, method)(url, data={"role": "admin"}).status_code == 403
    assert fresh(worker).disabled is False
    assert fresh(worker).role == "staff"
    assert AuditLog.select().where(AuditLog.action.startswith("staff_")).count() == 0


def test_list_shows_staff_not_residents(app, admin_client):
    desk = make_staff(email="desk1@hekaoy.fi")
    User.update(name="Desk One").where(User.id == desk.id).execute()
    tenant = make_tenant()
    body = admin_client.get("/staff/accounts/").get_data(as_text=True)
    assert "desk1@hekaoy.fi" in body
    assert "Desk One" in body
    assert "chief@hekaoy.fi" in body
    assert tenant.email not in body
    assert "/staff/users/new" in body


def test_disable_ends_sessions_and_enable_lets_in_again(app, admin_client):
    worker = make_staff(email="worker@hekaoy.fi")
    worker_client = logged_in(app, worker)
    assert worker_client.get("/staff/").status_code == 200
    answer = admin_client.post(f"/staff/accounts/{worker.id}/disable", follow_redirects=True)
    assert "can no longer log in" in flashes(answer)
    assert fresh(worker).disabled
    assert LoginSession.select().where(LoginSession.user == worker.id).count() == 0
    assert worker_client.get("/staff/").status_code == 302  # the old session is gone
    assert login(app.test_client(), worker).status_code == 200  # refused: the form again
    admin_client.post(f"/staff/accounts/{worker.id}/enable")
    assert not fresh(worker).disabled
    assert logged_in(app, worker).get("/staff/").status_code == 200
    actions = [r.action for r in AuditLog.select().where(AuditLog.target_id == worker.id)
               .where(AuditLog.target_type == "user").order_by(AuditLog.id)]  # fmt: skip
    assert actions == ["staff_disabled", "staff_enabled"]
    row = AuditLog.get(AuditLog.action == "staff_disabled")
    assert row.actor_id == admin_client.admin.id


def test_no_admin_disables_or_demotes_themselves(app, admin_client):
    me = admin_client.admin
    make_staff(role="admin", email="second@hekaoy.fi")
    answer = admin_client.post(f"/staff/accounts/{me.id}/disable", follow_redirects=True)
    assert "cannot disable your own account" in flashes(answer)
    answer = admin_client.post(f"/staff/accounts/{me.id}/role", data={"role": "staff"},
                               follow_redirects=True)  # fmt: skip
    assert "cannot disable your own account" in flashes(answer)
    assert fresh(me).role == "admin"
    assert not fresh(me).disabled
    assert AuditLog.select().where(AuditLog.action.startswith("staff_")).count() == 0


def test_an_actor_no_longer_admin_and_the_last_admin_are_refused(app):
    """An admin disabled since opening the page is refused (not_admin); the guard itself
    refuses to leave no active admin (last_admin), though an active actor is always one."""
    actor = make_staff(role="admin")
    other = make_staff(role="admin")
    User.update(disabled=True).where(User.id == actor.id).execute()
    for change in (
        lambda: staff_admin.change_role(other.id, "staff", actor),
        lambda: staff_admin.set_disabled(other.id, True, actor),
        lambda: staff_admin.send_password_reset(other.id, actor),
    ):
        with pytest.raises(staff_admin.StaffAdminError) as refused:
            change()
        assert refused.value.code == "not_admin"
    assert fresh(other).role == "admin"
    assert not fresh(other).disabled
    with pytest.raises(staff_admin.StaffAdminError) as refused:
        staff_admin._guard(fresh(other), actor, [fresh(other)])
    assert refused.value.code == "last_admin"


def _demote(staff, _item, other_id):
    staff_admin.change_role(other_id, "staff", staff)


def test_two_admins_demoting_each_other_at_once_leave_one(app, database_url, tmp_path):
    """Two processes, each an admin demoting the other at the same moment: one wins, the
    other is refused (it is no longer an admin), no deadlock; one active admin remains."""
    from tests.desk_race import race

    first = make_staff(role="admin")
    second = make_staff(role="admin")
    answers = race(
        app, database_url, str(tmp_path), [1],
        _demote, [(first.id, (second.id,)), (second.id, (first.id,))],
    )  # fmt: skip
    assert sorted(a[0] for a in answers) == ["not_admin", "ok"]
    admins = User.select().where(User.role == "admin")
    assert admins.count() == 1


def test_role_change_is_audited(app, admin_client):
    worker = make_staff(email="promote@hekaoy.fi")
    answer = admin_client.post(f"/staff/accounts/{worker.id}/role", data={"role": "admin"},
                               follow_redirects=True)  # fmt: skip
    assert "role is now Admin" in flashes(answer)
    assert fresh(worker).role == "admin"
    row = AuditLog.get(AuditLog.action == "staff_role_changed")
    assert row.data == {"before": "staff", "after": "admin"}
    assert (row.target_type, row.target_id) == ("user", worker.id)
    admin_client.post(f"/staff/accounts/{worker.id}/role", data={"role": "root"})
    assert fresh(worker).role == "admin"


def test_reset_mails_the_link_of_the_reset_flow(app, admin_client):
    worker = make_staff(email="forgot@hekaoy.fi")
    answer = admin_client.post(f"/staff/accounts/{worker.id}/reset", follow_redirects=True)
    assert "reset link was mailed to forgot@hekaoy.fi" in flashes(answer)
    mail = OutboxMail.get(OutboxMail.recipient == "forgot@hekaoy.fi")
    link = re.search(r"http://localhost(/password/reset/\S+)", mail.body_text).group(1)
    new_password = "Uusi-Salasana-2026!"
    reset = app.test_client().post(link, data={"password": new_password, "confirm": new_password})
    assert reset.status_code == 302
    assert AuditLog.get(AuditLog.action == "staff_password_reset_sent").actor_id == (
        admin_client.admin.id
    )
    assert login(app.test_client(), worker, PASSWORD).status_code == 200  # the old one: refused
    assert login(app.test_client(), worker, new_password).status_code == 302


def test_no_reset_for_a_disabled_account_nor_for_residents(app, admin_client):
    worker = make_staff(email="off@hekaoy.fi", disabled=True)
    answer = admin_client.post(f"/staff/accounts/{worker.id}/reset", follow_redirects=True)
    assert "enable it before" in flashes(answer)
    tenant = make_tenant()
    for action in ("disable", "reset", "role"):
        answer = admin_client.post(f"/staff/accounts/{tenant.id}/{action}", data={"role": "staff"})
        assert answer.status_code == 404
    assert fresh(tenant).role == "resident"
    assert not fresh(tenant).disabled
    assert OutboxMail.select().count() == 0


def test_list_queries_do_not_grow_with_accounts(app, admin_client, count_queries):
    from tests.blueprints.test_page_queries import queries

    few = queries(admin_client, count_queries, "/staff/accounts/")
    for n in range(6):
        make_staff(email=f"many{n}@hekaoy.fi", role="admin" if n % 2 else "staff")
    assert queries(admin_client, count_queries, "/staff/accounts/") == few


def test_each_account_links_to_what_it_did(app, admin_client):
    worker = make_staff(email="linked@hekaoy.fi")
    body = admin_client.get("/staff/accounts/").get_data(as_text=True)
    assert f"/staff/audit/?who={worker.id}" in body
