"""Throttling, CSRF, headers, cookies and error pages."""

from __future__ import annotations

import re

import pytest

from heka_asoy import create_app
from tests.factories import PASSWORD, login, make_tenant


@pytest.fixture
def strict_app(app_config):
    """An app with CSRF and rate limits on, as in production."""
    app_config.update(WTF_CSRF_ENABLED=True, RATELIMIT_ENABLED=True)
    from tests.conftest import _fresh_g_per_request

    app = create_app(app_config)
    _fresh_g_per_request(app)
    with app.app_context():
        yield app


def _csrf(client, url="/login") -> str:
    page = client.get(url).data.decode()
    return re.search(r'name="csrf_token" type="hidden" value="([^"]+)"', page).group(1)


def test_login_throttled_per_account(strict_app):
    """After 5 failed logins to one account in 15 minutes, is the next refused with 429?"""
    user = make_tenant()
    client = strict_app.test_client()
    token = _csrf(client)
    for _ in range(5):
        r = client.post("/login", data={"email": user.email, "password": "x", "csrf_token": token})
        assert r.status_code == 200
    blocked = client.post(
        "/login", data={"email": user.email, "password": PASSWORD, "csrf_token": token}
    )
    assert blocked.status_code == 429
    other = client.post(
        "/login", data={"email": "other@example.fi", "password": "x", "csrf_token": token}
    )
    assert other.status_code == 200  # another account is not blocked by this one


def test_login_throttled_per_address(strict_app):
    """Does one address trying many accounts get stopped too?"""
    client = strict_app.test_client()
    token = _csrf(client)
    codes = [
        client.post(
            "/login", data={"email": f"u{i}@example.fi", "password": "x", "csrf_token": token}
        ).status_code
        for i in range(31)
    ]
    assert codes[:30] == [200] * 30
    assert codes[30] == 429


def test_csrf_required_on_forms(strict_app):
    """Is a POST without the CSRF token refused, and accepted with it (also as an HTMX header)?"""
    user = make_tenant()
    client = strict_app.test_client()
    refused = client.post("/login", data={"email": user.email, "password": PASSWORD})
    assert refused.status_code == 400
    token = _csrf(client)
    header = client.post(
        "/login",
        data={"email": user.email, "password": PASSWORD},
        headers={"X-CSRFToken": token, "HX-Request": "true"},
    )
    assert header.status_code == 302


def test_security_headers_and_cookie_flags(app_config):
    """Does every page carry a CSP without inline script, and is the session cookie locked down?"""
    app_config.update(SESSION_COOKIE_SECURE=True)
    app = create_app(app_config)
    with app.app_context():
        user = make_tenant()
    client = app.test_client()
    page = client.get("/")
    csp = page.headers["Content-Security-Policy"]
    assert "script-src 'self'" in csp
    assert "unsafe-inline" not in csp
    assert page.headers["X-Content-Type-Options"] == "nosniff"
    assert page.headers["X-Frame-Options"] == "DENY"
    response = client.post(
        "/login", data={"email": user.email, "password": PASSWORD}, base_url="https://localhost"
    )
    cookie = response.headers["Set-Cookie"]
    assert "Secure" in cookie
    assert "HttpOnly" in cookie
    assert "SameSite=Lax" in cookie
    html = client.get("/login").data.decode()
    assert not re.search(r"<script(?![^>]*\bsrc=)[^>]*>", html), "inline script found"
    assert " style=" not in html


HSTS = "max-age=31536000; includeSubDomains"


def test_production_sends_hsts_behind_any_proxy(app_config):
    """Does production send Strict-Transport-Security (a year, subdomains) on every answer, also
    behind a proxy that the app does not trust to say the request was HTTPS (no PROXY_HOPS)?"""
    app_config.update(ENV_NAME="production", PROXY_HOPS=0)
    app = create_app(app_config)
    client = app.test_client()
    for url in ("/", "/login", "/no-such-page"):
        answer = client.get(url, headers={"X-Forwarded-Proto": "https"})
        assert answer.headers["Strict-Transport-Security"] == HSTS


def test_development_sends_hsts_only_over_https(client):
    """Outside production, is HSTS sent only over HTTPS (a developer's http://127.0.0.1 is not
    pinned to HTTPS)?"""
    assert "Strict-Transport-Security" not in client.get("/").headers
    secure = client.get("/", base_url="https://localhost")
    assert secure.headers["Strict-Transport-Security"] == HSTS


@pytest.mark.parametrize(
    ("lang", "text"),
    [("fi", "Sivua ei löytynyt"), ("sv", "Sidan hittades inte"), ("en", "Page not found")],
)
def test_error_pages_speak_the_language(client, lang, text):
    """Is the 404 page in the chosen language?"""
    client.set_cookie("lang", lang)
    page = client.get("/no-such-page")
    assert page.status_code == 404
    assert text in page.data.decode()
    assert f'lang="{lang}"' in page.data.decode()


def test_language_default_from_browser_and_remembered(client):
    """Does a new visitor get the browser's language (else Finnish), and is a choice remembered?"""
    assert 'lang="fi"' in client.get("/", headers={"Accept-Language": ""}).data.decode()
    assert 'lang="sv"' in client.get("/", headers={"Accept-Language": "sv-FI,sv"}).data.decode()
    assert 'lang="fi"' in client.get("/", headers={"Accept-Language": "de"}).data.decode()
    client.get("/lang/en?next=/login")
    assert 'lang="en"' in client.get("/", headers={"Accept-Language": "sv"}).data.decode()


def test_language_choice_is_saved_on_the_account(app, client):
    """Is the chosen language stored on the account, so mails follow it?"""
    user = make_tenant()
    login(client, user)
    client.get("/lang/sv")
    from heka_asoy.models import User

    assert User.get_by_id(user.id).language == "sv"


def test_language_switch_refuses_offsite_next(client):
    """Is an off-site ``next`` of the language switch ignored?"""
    assert client.get("/lang/sv?next=//evil.example").headers["Location"] == "/"


def test_production_needs_secrets(monkeypatch):
    """Does the app refuse to start in production without SECRET_KEY and HETU_KEY?"""
    monkeypatch.setenv("HEKA_ENV", "production")
    monkeypatch.delenv("SECRET_KEY", raising=False)
    monkeypatch.delenv("HETU_KEY", raising=False)
    with pytest.raises(RuntimeError, match="SECRET_KEY"):
        create_app({"DATABASE_URL": "sqlite:///:memory:"})


def test_durations_and_numbers_come_from_the_environment(monkeypatch):
    """Are the README's settings read from the environment with their types: a duration in
    seconds, a number as a number (a string would break the session lifetime and the limits)?"""
    from datetime import timedelta

    from heka_asoy.config import Config

    monkeypatch.setenv("SESSION_ABSOLUTE_LIFETIME", "3600")
    monkeypatch.setenv("LOGIN_FREE_FAILURES", "7")
    settings = Config.from_env()
    assert settings["SESSION_ABSOLUTE_LIFETIME"] == timedelta(hours=1)
    assert settings["LOGIN_FREE_FAILURES"] == 7


def test_a_signed_in_persons_pages_are_not_stored(client):
    """Does every page (and HTMX part) of a signed-in person say ``no-store``, so that Back after
    logging out on a shared computer cannot show it from the browser's cache, while the public
    pages of a visitor and the static files may be kept?"""
    assert "no-store" not in client.get("/").headers.get("Cache-Control", "")
    login(client, make_tenant())
    for url in ("/my/", "/my/faults/", "/", "/no-such-page"):
        answer = client.get(url)
        assert answer.headers["Cache-Control"] == "no-store", url
    htmx_part = client.get("/my/faults/", headers={"HX-Request": "true"})
    assert htmx_part.headers["Cache-Control"] == "no-store"
    script = client.get("/static/js/app.js")
    assert script.status_code == 200
    assert "no-store" not in script.headers.get("Cache-Control", "")
    script.close()


def test_a_history_restore_gets_the_whole_page(client):
    """When htmx asks for a page of the history (Back to an address it pushed), is the answer
    the whole page, not the block the same address gives an ordinary HTMX request?"""
    from tests.factories import make_staff

    login(client, make_staff())
    part = client.get("/staff/bookings/?q=Asunto", headers={"HX-Request": "true"})
    assert part.status_code == 200
    assert "<html" not in part.text
    restore = client.get(
        "/staff/bookings/?q=Asunto",
        headers={"HX-Request": "true", "HX-History-Restore-Request": "true"},
    )
    assert restore.status_code == 200
    assert "<html" in restore.text
    assert 'id="companies"' in restore.text
