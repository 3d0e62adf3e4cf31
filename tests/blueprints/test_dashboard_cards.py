"""Issue 11: no dashboard card says "not yet available" any more; every card leads to its page."""

from __future__ import annotations

from heka_asoy.services.features import FEATURES
from tests.factories import login, make_tenant


def test_every_feature_is_built():
    assert [f.key for f in FEATURES if f.endpoint is None] == []


def test_the_dashboard_links_every_card_a_lease_party_may_use(app, client):
    user = make_tenant()
    login(client, user)
    page = client.get("/my/", headers={"Accept-Language": "en"}).get_data(as_text=True)
    assert "Not yet available" not in page
    for path in ("/my/flat/", "/my/announcements/", "/my/appointments/", "/my/faults/"):
        assert f'href="{path}' in page, path
        assert client.get(path).status_code == 200, path
