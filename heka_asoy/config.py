"""Settings from the environment. Secrets are required outside development and tests."""

from __future__ import annotations

import os
from datetime import timedelta
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
INSTANCE = Path(os.environ.get("HEKA_INSTANCE", ROOT / "instance"))


def _bool(name: str, default: bool = False) -> bool:
    return os.environ.get(name, str(default)).lower() in {"1", "true", "yes", "on"}


class Config:
    """Production-shaped defaults; ``from_env`` reads overrides."""

    ENV_NAME = "production"
    SECRET_KEY: str | None = None
    #: Key of the keyed hash of personal identity codes; separate from SECRET_KEY so rotating
    #: session keys does not orphan the register.
    HETU_KEY: str | None = None
    DATABASE_URL = f"sqlite:///{INSTANCE / 'heka.db'}"
    UPLOAD_FOLDER = str(INSTANCE / "uploads")
    #: ``s3://bucket/prefix?endpoint=…&region=…`` keeps uploads in an S3-compatible store that
    #: every host shares; empty: the upload folder (see ``heka_asoy/storage``).
    STORAGE_URL = ""
    HUEY_URL = f"sqlite:///{INSTANCE / 'huey.db'}"  # or redis://host:6379/0
    HUEY_IMMEDIATE = False
    RATELIMIT_ENABLED = True
    #: Where rate limits and login throttling count: the app's database (``heka+db://``, see
    #: ``counters.py``) or Redis (set by ``REDIS_URL``); never process memory, which each worker
    #: would have its own of.
    RATELIMIT_STORAGE_URI = "heka+db://"
    RATELIMIT_HEADERS_ENABLED = True
    #: Prefix of the counters' keys in Redis, so several portals can share one Redis.
    COUNTER_KEY_PREFIX = "heka_asoy"
    #: Posts per address to the account forms; for login, failed logins per address.
    LOGIN_LIMIT_PER_ADDRESS = "30 per 15 minutes"
    #: Login throttling per account and address (see ``services/login_throttle.py``): failures
    #: before the waits start, the first wait and its cap (seconds), and how long failures are
    #: remembered (seconds from the first).
    LOGIN_FREE_FAILURES = 5
    LOGIN_FIRST_DELAY = 30
    LOGIN_MAX_DELAY = 900
    LOGIN_FAILURE_MEMORY = 86400

    MAIL_SERVER = "localhost"
    MAIL_PORT = 25
    MAIL_USE_TLS = False
    MAIL_USE_SSL = False
    MAIL_USERNAME: str | None = None
    MAIL_PASSWORD: str | None = None
    MAIL_DEFAULT_SENDER = "Heka <noreply@hekaoy.fi>"
    MAIL_TIMEOUT = 10
    OUTBOX_MAX_ATTEMPTS = 12
    #: A mail claimed by a job that died mid-send (a killed consumer) is sent again after this
    #: long, by the next run on any host: at least once, never lost.
    OUTBOX_STALE_SENDING = timedelta(minutes=10)
    #: The desk mailbox read by the intake job (``services/mailbox``):
    #: ``imaps://user:password@host:993/INBOX``; empty: the Maildir folder below, if any.
    DESK_IMAP_URL = ""
    DESK_MAILDIR = ""
    #: The most mails one run of the intake job (every minute) takes.
    DESK_INTAKE_BATCH = 50

    OIDC_ISSUER = "http://127.0.0.1:9400"
    OIDC_CLIENT_ID = "heka-asoy"
    OIDC_CLIENT_SECRET = "heka-asoy-local-secret"  # noqa: S105 - the local provider accepts any
    #: Claim carrying the personal identity code; brokers of the Finnish Trust Network name it
    #: differently, so it is a setting.
    OIDC_HETU_CLAIM = "personal_identity_code"

    PUBLIC_URL = "http://127.0.0.1:8000"
    DEMO_MODE = False
    BABEL_DEFAULT_LOCALE = "fi"
    BABEL_DEFAULT_TIMEZONE = "Europe/Helsinki"
    LANGUAGES = ("fi", "sv", "en")

    SESSION_COOKIE_SECURE = True
    SESSION_COOKIE_HTTPONLY = True
    SESSION_COOKIE_SAMESITE = "Lax"
    REMEMBER_COOKIE_SECURE = True
    REMEMBER_COOKIE_HTTPONLY = True
    PERMANENT_SESSION_LIFETIME = timedelta(hours=8)  # idle time: the cookie is renewed on use
    #: A login session ends this long after the login however busy it is (services.sessions).
    SESSION_ABSOLUTE_LIFETIME = timedelta(hours=12)
    WTF_CSRF_TIME_LIMIT = None  # tied to the session instead of a clock
    MAX_CONTENT_LENGTH = 40 * 1024 * 1024
    TOKEN_LIFETIME = timedelta(hours=24)
    #: When reports are forwarded to maintenance: weekdays (0 = Monday) and the hours, e.g.
    #: "0,1,2,3,4 9-12". Outside them (and on Finnish public holidays) reports wait.
    FORWARD_HOURS = "0,1,2,3,4 9-12"
    ARGON2_TIME_COST = 0  # 0: argon2-cffi's default
    ARGON2_MEMORY_COST = 0
    #: Heka as the payee of rent and fee invoices: the account carried in the virtual barcode and
    #: the EPC QR code, the name and BIC printed beside it.
    HEKA_CREDITOR_IBAN = "FI2112345600000785"
    HEKA_CREDITOR_NAME = "Helsingin kaupungin asunnot Oy"
    HEKA_CREDITOR_BIC = "NDEAFIHH"
    #: Day of the month the invoicing job makes next month's invoices (it runs daily from this
    #: day on, so a lease signed later in the month still gets its invoice; a second run makes
    #: none twice).
    INVOICE_DAY = 15
    #: Water fee per person in the resident register, € a month (euros as text: "20.00").
    WATER_FEE_PER_PERSON = "20.00"
    #: Fee of a door opening, € (the desk may enter another when logging one).
    DOOR_OPENING_FEE = "60.00"
    #: Days from issue to due date of a one-off invoice (moved to the next banking day).
    ONE_OFF_DUE_DAYS = 14
    PROXY_HOPS = 0  # number of trusted reverse proxies in front of gunicorn
    #: How far ahead a parking contract may start (months from today); a later start would
    #: hold a space empty until then.
    PARKING_START_WINDOW_MONTHS = 3
    #: Parking spaces one flat may rent at a time. The asoy flats are studios and one-bedroom
    #: flats (one household, usually one car) and spaces are scarce: one each, so that a queue
    #: moves. Staff may rent a flat a further space by hand.
    PARKING_MAX_PER_FLAT = 1
    #: How far ahead a weekly sauna turn may start (months from the sauna's earliest start).
    SAUNA_START_WINDOW_MONTHS = 3
    #: Office appointments: visits one 30-minute slot can hold at once (desks staffed), the
    #: slot length, and how many days ahead a rebooking offers times.
    OFFICE_DESKS = 2
    OFFICE_SLOT_MINUTES = 30
    OFFICE_BOOKING_DAYS = 28

    #: Logs (``heka_asoy/logs.py``): ``json`` (one object a line, with the request id) or
    #: ``text``; the level of the process's handler.
    LOG_FORMAT = "json"
    LOG_LEVEL = "INFO"
    #: Prometheus metrics at ``/metrics`` (``heka_asoy/metrics.py``): off unless enabled; then
    #: served only to the addresses of ``METRICS_ALLOW`` (comma-separated addresses or networks)
    #: or to a scraper sending ``Authorization: Bearer <METRICS_TOKEN>``; everyone else gets 404.
    METRICS_ENABLED = False
    METRICS_ALLOW = "127.0.0.1,::1"
    METRICS_TOKEN = ""

    @classmethod
    def from_env(cls) -> dict:
        """Settings as a dict: class defaults, overridden by environment variables of that name."""
        out = {k: getattr(cls, k) for k in dir(cls) if k.isupper()}
        for key, value in list(out.items()):
            if key in os.environ:
                raw = os.environ[key]
                if isinstance(value, bool):
                    out[key] = _bool(key)
                elif isinstance(value, int):
                    out[key] = int(raw)
                elif isinstance(value, timedelta):
                    out[key] = timedelta(seconds=int(raw))  # durations are given in seconds
                else:
                    out[key] = raw
        if "REDIS_URL" in os.environ:
            out.setdefault("HUEY_URL", os.environ["REDIS_URL"])
            if "HUEY_URL" not in os.environ:
                out["HUEY_URL"] = os.environ["REDIS_URL"]
            if "RATELIMIT_STORAGE_URI" not in os.environ:
                out["RATELIMIT_STORAGE_URI"] = os.environ["REDIS_URL"]
        return out


class DevelopmentConfig(Config):
    """The embedded default behind ``make run``: SQLite, local identity provider, demo mail page."""

    ENV_NAME = "development"
    SECRET_KEY = "dev-only-not-secret"  # noqa: S105
    HETU_KEY = "dev-only-hetu-key"
    DEMO_MODE = True
    SESSION_COOKIE_SECURE = False
    REMEMBER_COOKIE_SECURE = False
    MAIL_SERVER = "127.0.0.1"
    MAIL_PORT = 8025
    LOG_FORMAT = "text"
    #: The local SMTP server (``demo/smtp.py``) delivers mail to the desk here.
    DESK_MAILDIR = str(INSTANCE / "desk-maildir")


CONFIGS = {"production": Config, "development": DevelopmentConfig}


def load_config(overrides: dict | None = None) -> dict:
    """Pick the config class from ``HEKA_ENV`` (default production), apply env and overrides, and
    refuse to start production without real secrets."""
    cls = CONFIGS[os.environ.get("HEKA_ENV", "production")]
    settings = cls.from_env()
    settings.update(overrides or {})
    if not settings.get("TESTING") and settings["ENV_NAME"] == "production":
        missing = [k for k in ("SECRET_KEY", "HETU_KEY") if not settings.get(k)]
        if missing:
            raise RuntimeError(
                f"Set {', '.join(missing)} in the environment (HEKA_ENV=production)."
            )
    return settings
