"""The service error families become 404 and 403 pages in one place."""

from heka_asoy.services.errors import NotFound, Refused


def test_service_errors_map_to_404_and_403(app):
    """Does a NotFound raised by a service give a 404 page, and Refused a 403, in the user's
    language, without the view calling abort?"""

    @app.get("/_raise/<kind>")
    def _raise(kind):
        raise (NotFound if kind == "missing" else Refused)("test")

    client = app.test_client()
    missing = client.get("/_raise/missing", headers={"Accept-Language": "sv"})
    refused = client.get("/_raise/refused", headers={"Accept-Language": "sv"})
    assert missing.status_code == 404
    assert refused.status_code == 403
    assert 'lang="sv"' in missing.data.decode()
