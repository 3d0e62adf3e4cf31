"""The desk mailbox's triage pages: staff only, one service call per view, constant queries."""

from __future__ import annotations

import pytest

from heka_asoy.models import Attachment, MessageThread, OutboxMail
from heka_asoy.services import mailbox
from tests.factories import login, make_flat, make_lease, make_resident, make_staff, make_tenant
from tests.services.test_mailbox_triage import raw


@pytest.fixture
def case(app) -> MessageThread:
    assert mailbox.take(raw(subject="Kysymys saunasta", body="Milloin sauna on auki?")) == "new"
    return MessageThread.get()


def test_staff_sees_the_queue_and_the_case(app, client, case):
    login(client, make_staff())
    page = client.get("/staff/mailbox/")
    assert page.status_code == 200
    assert "Kysymys saunasta" in page.text
    detail = client.get(f"/staff/mailbox/{case.id}")
    assert "Milloin sauna on auki?" in detail.text
    assert "stranger@example.org" in detail.text


def test_search_link_answer_and_spam(app, client, case):
    resident = make_resident(first_names="Ville", last_name="Vallaton")
    flat = make_flat()
    make_lease(flat, [resident])
    login(client, make_staff())
    found = client.get(f"/staff/mailbox/{case.id}?q=vallaton")
    assert "Ville Vallaton" in found.text
    assert f'value="{flat.id}"' in found.text
    linked = client.post(f"/staff/mailbox/{case.id}/link",
                         data={"resident_id": resident.id, "flat_id": flat.id},
                         follow_redirects=True)
    assert "The case was linked to the resident and flat." in linked.text
    assert MessageThread.get_by_id(case.id).flat_id == flat.id

    empty = client.post(f"/staff/mailbox/{case.id}/answer", data={"body": ""},
                        follow_redirects=True)
    assert "Write the answer." in empty.text
    sent = client.post(f"/staff/mailbox/{case.id}/answer", data={"body": "Sauna on auki."},
                       follow_redirects=True)
    assert "The answer was sent by e-mail." in sent.text
    assert OutboxMail.select().count() == 1

    spam = client.post(f"/staff/mailbox/{case.id}/spam", follow_redirects=True)
    assert "The case was closed as spam." in spam.text
    assert MessageThread.get_by_id(case.id).status == "closed"


def test_link_to_a_flat_not_the_persons_home_changes_nothing(app, client, case):
    resident = make_resident()
    make_lease(make_flat(), [resident])
    other = make_flat()
    login(client, make_staff())
    answer = client.post(f"/staff/mailbox/{case.id}/link",
                         data={"resident_id": resident.id, "flat_id": other.id},
                         follow_redirects=True)
    assert "The person does not live in that flat now." in answer.text
    assert MessageThread.get_by_id(case.id).needs_triage


def test_residents_and_visitors_get_nothing(app, client, case):
    """A resident (even the sender's namesake) gets 403 everywhere; a visitor the login page;
    nothing changes."""
    base = f"/staff/mailbox/{case.id}"
    urls = [("get", "/staff/mailbox/"), ("get", base), ("post", f"{base}/answer"),
            ("post", f"{base}/spam"), ("post", f"{base}/link")]
    for method, url in urls:
        assert getattr(client, method)(url, data={"body": "x"}).status_code == 302
    login(client, make_tenant())
    for method, url in urls:
        assert getattr(client, method)(url, data={"body": "x"}).status_code == 403
    thread = MessageThread.get_by_id(case.id)
    assert (thread.status, thread.needs_triage) == ("open", True)
    assert OutboxMail.select().count() == 0


def test_unknown_and_web_threads_are_404(app, client, case):
    login(client, make_staff())
    assert client.get("/staff/mailbox/999999").status_code == 404
    tenant = make_tenant()
    web = MessageThread.create(user=tenant, subject="Vuokra")
    assert client.get(f"/staff/mailbox/{web.id}").status_code == 404
    assert client.post(f"/staff/mailbox/{web.id}/spam").status_code == 404
    assert MessageThread.get_by_id(web.id).status == "open"
    assert client.get("/staff/mailbox/attachments/999999").status_code == 404


def test_attachment_download_is_a_sandboxed_attachment(app, client):
    from email.message import EmailMessage

    from tests.factories import scan_pdf

    msg = EmailMessage()
    msg["From"] = "a@example.org"
    msg["To"] = "asiakaspalvelu.asoyasunnot@hekaoy.fi"
    msg["Subject"] = "Liite"
    msg["Message-ID"] = "<liite@example.org>"
    msg.set_content("Liitteenä suunnitelma")
    msg.add_attachment(scan_pdf(), maintype="application", subtype="pdf", filename="plan.pdf")
    mailbox.take(bytes(msg))
    attachment = Attachment.get()
    login(client, make_staff())
    response = client.get(f"/staff/mailbox/attachments/{attachment.id}")
    assert response.status_code == 200
    assert response.headers["Content-Disposition"].startswith("attachment")
    assert response.headers["Content-Security-Policy"] == "sandbox; default-src 'none'"
    assert response.data.startswith(b"%PDF-")


def _queue_queries(client, count_queries) -> int:
    client.get("/staff/mailbox/")
    with count_queries() as counter:
        response = client.get("/staff/mailbox/")
    assert response.status_code == 200
    return counter.count


def test_queue_query_count_is_constant(app, client, count_queries):
    login(client, make_staff())
    mailbox.take(raw(subject="Eka"))
    few = _queue_queries(client, count_queries)
    for n in range(8):
        mailbox.take(raw(subject=f"Asia {n}", sender=f"s{n}@example.org"))
    assert _queue_queries(client, count_queries) == few


def test_search_query_count_is_constant(app, client, case, count_queries):
    login(client, make_staff())

    def searched() -> int:
        client.get(f"/staff/mailbox/{case.id}?q=Haku")
        with count_queries() as counter:
            client.get(f"/staff/mailbox/{case.id}?q=Haku")
        return counter.count

    make_lease(make_flat(), [make_resident(last_name="Hakulinen")])
    few = searched()
    for _ in range(5):
        make_lease(make_flat(), [make_resident(last_name="Hakunen")])
    assert searched() == few
