"""Jobs a service asks for are queued once, when the request ends."""

from flask import g

from heka_asoy.services import jobs


def test_a_job_asked_for_twice_in_a_request_is_queued_once(app):
    """Do two mails in one request ask for one outbox run, and is a job asked for outside a
    request left to its sweep rather than kept in the app context?"""
    with app.test_request_context("/"):
        jobs.after_request("send_outbox")
        jobs.after_request("send_outbox")
        jobs.after_request("route_public_report", 7)
        assert g.pop("queued_jobs") == [("send_outbox", ()), ("route_public_report", (7,))]
    jobs.after_request("send_outbox")
    assert "queued_jobs" not in g
