"""Login session loading and the security headers every response carries."""

from __future__ import annotations

from flask import Flask, request, session
from werkzeug.middleware.proxy_fix import ProxyFix

from .extensions import login_manager
from .models import User
from .services import sessions


@login_manager.user_loader
def load_user(session_id: str) -> User | None:
    """Load the user of a session, in one query; a session ended on the server (logout, log out
    everywhere, password changed, account closed) loads nobody."""
    return sessions.user_for(session_id)


#: A year, subdomains too.
HSTS = "max-age=31536000; includeSubDomains"


def content_security_policy(app: Flask) -> str:
    """No inline script anywhere; forms may only post to us."""
    return "; ".join(
        [
            "default-src 'self'",
            "script-src 'self'",
            "style-src 'self'",
            "img-src 'self' data:",
            "font-src 'self' data:",
            "connect-src 'self'",
            "object-src 'none'",
            "base-uri 'self'",
            "frame-ancestors 'none'",
            "form-action 'self'",
        ]
    )


def init_app(app: Flask) -> None:
    login_manager.init_app(app)
    login_manager.login_view = "auth.login"
    login_manager.session_protection = "basic"
    if app.config.get("PROXY_HOPS"):
        hops = int(app.config["PROXY_HOPS"])
        app.wsgi_app = ProxyFix(app.wsgi_app, x_for=hops, x_proto=hops, x_host=hops)
    csp = content_security_policy(app)
    # Production is served over HTTPS only, but behind a proxy the app is not told so (without
    # PROXY_HOPS request.is_secure is never true): send HSTS there always. Browsers ignore it on
    # plain http, so it cannot lock anyone out; elsewhere (a developer's http://127.0.0.1) only
    # over HTTPS.
    hsts_always = app.config.get("ENV_NAME") == "production"

    @app.after_request
    def set_headers(response):
        response.headers.setdefault("Content-Security-Policy", csp)
        response.headers.setdefault("X-Content-Type-Options", "nosniff")
        response.headers.setdefault("Referrer-Policy", "same-origin")
        response.headers.setdefault("X-Frame-Options", "DENY")
        response.headers.setdefault("Permissions-Policy", "camera=(), geolocation=()")
        if hsts_always or request.is_secure:
            response.headers.setdefault("Strict-Transport-Security", HSTS)
        if session.get("_user_id") and request.endpoint != "static":
            # A signed-in person's page is theirs: no copy in the browser's cache (Back after
            # logging out on a shared computer would show it again) nor in any proxy's.
            response.headers.setdefault("Cache-Control", "no-store")
        if "Vary" not in response.headers or "HX-Request" not in response.headers["Vary"]:
            response.vary.add("HX-Request")
        return response
