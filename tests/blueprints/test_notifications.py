"""The notifications bell and page: the unread count in the header for residents and staff,
only the user's own notifications, opening marks read, another user's id is 404."""

from __future__ import annotations

import re

from heka_asoy.models import Notification, utcnow
from tests.factories import login, make_inbox_notification, make_staff, make_tenant

HX = {"HX-Request": "true"}


def bell(html: str) -> str:
    return re.search(r'<a id="notification-bell".*?</a>', html, re.S).group(0)


def test_bell_counts_unread_for_residents_and_staff(app, client):
    tenant = make_tenant()
    make_inbox_notification(tenant)
    make_inbox_notification(tenant)
    make_inbox_notification(tenant, read_at=utcnow())
    make_inbox_notification(make_tenant())  # someone else's
    login(client, tenant)
    html = bell(client.get("/my/").text)
    assert 'aria-label="Notifications, 2 unread"' in html
    assert 'href="/notifications/"' in html
    assert "bell--unread" in html
    staff_client = app.test_client()
    login(staff_client, make_staff())
    html = bell(staff_client.get("/staff/").text)
    assert 'aria-label="Notifications, 0 unread"' in html
    assert "bell--unread" not in html


def test_no_bell_when_logged_out(client):
    assert "notification-bell" not in client.get("/login").text


def test_page_lists_only_own_notifications_and_viewing_marks_nothing(app, client):
    tenant, other = make_tenant(), make_tenant()
    mine = make_inbox_notification(tenant, text="Oma ilmoitus")
    make_inbox_notification(other, text="Toisen ilmoitus")
    login(client, tenant)
    html = client.get("/notifications/").text
    assert "Oma ilmoitus" in html
    assert "Toisen ilmoitus" not in html
    assert Notification.get_by_id(mine.id).read_at is None


def test_opening_marks_read_and_follows_the_link(app, client):
    tenant = make_tenant()
    n = make_inbox_notification(tenant, url="/my/faults/")
    login(client, tenant)
    response = client.post(f"/notifications/{n.id}/open")
    assert response.status_code == 302
    assert response.headers["Location"] == "/my/faults/"
    assert Notification.get_by_id(n.id).read_at is not None
    assert 'aria-label="Notifications, 0 unread"' in bell(client.get("/my/").text)


def test_an_outside_link_is_not_followed(app, client):
    tenant = make_tenant()
    n = make_inbox_notification(tenant, url="https://evil.example/")
    login(client, tenant)
    assert client.post(f"/notifications/{n.id}/open").headers["Location"] == "/notifications/"


def test_another_users_notification_is_404_and_unchanged(app, client):
    tenant, other = make_tenant(), make_tenant()
    theirs = make_inbox_notification(other)
    login(client, tenant)
    assert client.post(f"/notifications/{theirs.id}/open").status_code == 404
    assert client.post("/notifications/999999/open").status_code == 404
    assert Notification.get_by_id(theirs.id).read_at is None


def test_mark_all_read_with_and_without_htmx(app, client):
    tenant, other = make_tenant(), make_tenant()
    for _ in range(3):
        make_inbox_notification(tenant)
    theirs = make_inbox_notification(other)
    login(client, tenant)
    partial = client.post("/notifications/read-all", headers=HX).text
    assert 'id="notification-list"' in partial
    assert 'data-hx-swap-oob="true"' in bell(partial)
    assert 'aria-label="Notifications, 0 unread"' in bell(partial)
    assert not Notification.select().where(
        (Notification.user == tenant.id) & Notification.read_at.is_null()
    ).exists()
    assert Notification.get_by_id(theirs.id).read_at is None
    make_inbox_notification(tenant)
    response = client.post("/notifications/read-all")
    assert response.status_code == 302


def test_notifications_need_login(client):
    response = client.get("/notifications/")
    assert response.status_code == 302
    assert "/login" in response.headers["Location"]
    assert client.post("/notifications/read-all").status_code == 302


def test_bell_is_one_query_and_only_on_full_pages(app, client, count_queries):
    """Does the bell add the same one query whatever the number of notifications, and none to
    an HTMX fragment?"""
    tenant = make_tenant()
    login(client, tenant)

    def measure(path, headers=None):
        client.get(path, headers=headers or {})
        with count_queries() as counter:
            assert client.get(path, headers=headers or {}).status_code == 200
        return counter.count

    page = measure("/notifications/")
    fragment = measure("/notifications/", HX)
    assert page - fragment == 1
    for _ in range(20):
        make_inbox_notification(tenant)
    assert measure("/notifications/") == page
    assert measure("/notifications/", HX) == fragment
