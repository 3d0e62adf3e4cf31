"""The local OpenID Connect provider for development: ``python -m heka_asoy.demo.idp``.

Strong identification in production is an OIDC identity broker that returns the person's name and
personal identity code. Locally we run a real OIDC provider (``oidc-provider-mock``) on loopback
instead of faking the flow inside the app, so the app's OIDC client code is exercised for real.
Its predefined users are the demo people, whose codes match the demo register.
"""

from __future__ import annotations

import argparse
import os

import oidc_provider_mock
from flask import Flask
from oidc_provider_mock import User
from werkzeug.serving import run_simple

from .identities import ACCOUNT_IDENTITIES, DEMO_IDENTITIES, UNKNOWN_IDENTITY

CLAIMS = ("name", "given_name", "family_name", "personal_identity_code")


def idp_users() -> list[User]:
    """The provider's one-click users: first the people who can register, then the account
    holders, then one person who is not in the register."""
    people = [*DEMO_IDENTITIES, *ACCOUNT_IDENTITIES, UNKNOWN_IDENTITY]
    return [User(sub=p["sub"], claims={c: p[c] for c in CLAIMS}) for p in people]


def make_app(require_nonce: bool = True) -> Flask:
    """The provider app. A nonce is required because the portal always sends one (replay guard)."""
    # authlib refuses plain http unless told otherwise; the provider only listens on loopback.
    os.environ.setdefault("AUTHLIB_INSECURE_TRANSPORT", "1")
    return oidc_provider_mock.app(user_claims=idp_users(), require_nonce=require_nonce)


def main(argv: list[str] | None = None) -> None:
    parser = argparse.ArgumentParser(description="Local OpenID Connect provider (demo people).")
    parser.add_argument("--port", type=int, default=9400)
    parser.add_argument("--no-nonce", action="store_true", help="do not require a nonce")
    args = parser.parse_args(argv)
    # Loopback only: the mock signs in anyone who clicks, so it must never be reachable.
    run_simple("127.0.0.1", args.port, make_app(require_nonce=not args.no_nonce), threaded=True)


if __name__ == "__main__":
    main()
