"""Strong identification through the OpenID Connect broker (Authlib client).

Production points ``OIDC_ISSUER`` at the Finnish Trust Network broker; locally and in tests it is
the oidc-provider-mock server on loopback: the same protocol flow either way. The client is kept
per app (not module-wide) because each test app talks to its own provider.
"""

from __future__ import annotations

from authlib.integrations.flask_client import OAuth
from flask import Flask, current_app


def init_app(app: Flask) -> None:
    oauth = OAuth(app)
    issuer = app.config["OIDC_ISSUER"].rstrip("/")
    oauth.register(
        "broker",
        client_id=app.config["OIDC_CLIENT_ID"],
        client_secret=app.config["OIDC_CLIENT_SECRET"],
        server_metadata_url=f"{issuer}/.well-known/openid-configuration",
        client_kwargs={"scope": "openid profile"},
    )
    app.extensions["heka_oauth"] = oauth


def broker():
    return current_app.extensions["heka_oauth"].broker


def start(redirect_uri: str):
    """Redirect the browser to the broker (a nonce guards against replayed ID tokens)."""
    return broker().authorize_redirect(redirect_uri)


def finish() -> dict:
    """Exchange the code for tokens and return the person's claims (ID token + userinfo)."""
    client = broker()
    token = client.authorize_access_token()
    claims = dict(token.get("userinfo") or {})
    try:
        claims.update(client.userinfo(token=token))
    except Exception:  # noqa: BLE001, S110 - userinfo is optional; the ID token suffices
        pass
    return claims
