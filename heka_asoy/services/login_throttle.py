"""Login throttling: failed logins slow down their (account, address) pair and cap their address.

A hard lockout per account (ten wrong passwords, then fifteen minutes even for the right one) let
anyone lock anyone out, and counting successful logins stopped tenants who simply log in often.
The scheme here:

* **Only failures count.** Each attempt first reserves its place with an atomic increment of
  the shared counters and gives it back when it turns out not to be a failure (right password)
  or is refused. So the limits hold exactly however many workers or hosts answer at once.
* **Per account and address** (the pair): the first ``LOGIN_FREE_FAILURES`` failures go through
  at once. From the last free one on, every attempt opens a wait before the pair's next attempt:
  ``LOGIN_FIRST_DELAY`` seconds, doubling with each further attempt, at most
  ``LOGIN_MAX_DELAY``. An attempt during the wait is refused (429 with ``Retry-After``) without
  checking the password, so guessing learns nothing there. A successful login clears the
  pair; failures are forgotten ``LOGIN_FAILURE_MEMORY`` seconds after the pair's first one.
  The right password always gets in once the wait is over. Failures from another address do not
  touch the tenant's own pair, so nobody elsewhere can lock a tenant out.
* **Per address**: at most ``LOGIN_LIMIT_PER_ADDRESS`` failures for any accounts (then 429 until
  the window ends), so one address cannot walk through many accounts, nor many pairs' free
  attempts.

The counters live where every worker and host sees them: the database in the embedded default,
Redis when ``REDIS_URL`` is set (``heka_asoy.counters``). Keys carry digests, not the e-mail
addresses and IP addresses themselves.
"""

from __future__ import annotations

import hashlib
import math
import time

from flask import current_app
from limits import parse

from ..counters import store
from ..metrics import count_throttle_event
from ..models import User
from .accounts import AccountError, normalize_email
from .accounts import authenticate as check_credentials


class Throttled(Exception):
    """Too many failed logins: try again in ``retry_after`` seconds."""

    def __init__(self, retry_after: int):
        super().__init__(retry_after)
        self.retry_after = retry_after


def _digest(*parts: str) -> str:
    return hashlib.sha256("\0".join(parts).encode()).hexdigest()[:32]


def delay(attempt: int) -> int:
    """Seconds the pair waits after its ``attempt``-th counted attempt (0 before the last free
    one): the first delay, doubled per further attempt, capped."""
    config = current_app.config
    beyond = attempt - config["LOGIN_FREE_FAILURES"]
    if beyond < 0:
        return 0
    return min(config["LOGIN_FIRST_DELAY"] * 2 ** min(beyond, 32), config["LOGIN_MAX_DELAY"])


def _refused(until: float) -> Throttled:
    return Throttled(max(1, math.ceil(until - time.time())))


class _Attempt:
    """One login attempt's keys in the shared counters and its reservations there."""

    def __init__(self, email: str, address: str):
        config = current_app.config
        self.counters = store()
        self.per_address = parse(config["LOGIN_LIMIT_PER_ADDRESS"])
        self.address_window = self.per_address.get_expiry()
        self.memory = config["LOGIN_FAILURE_MEMORY"]
        pair = _digest(normalize_email(email), address)
        self.address_key = "login:address:" + _digest(address)
        self.pair_key = "login:pair:" + pair
        self.wait_key = "login:wait:" + pair

    def reserve(self) -> None:
        """Count this attempt as a failure in advance, or raise ``Throttled`` (counting nothing)."""
        counters = self.counters
        if counters.incr(self.address_key, self.address_window) > self.per_address.amount:
            counters.incr(self.address_key, self.address_window, -1)
            count_throttle_event("address_refused")
            raise _refused(counters.get_expiry(self.address_key))
        wait = delay(counters.incr(self.pair_key, self.memory))
        if wait and counters.incr(self.wait_key, wait) > 1:  # the pair's wait is not over
            counters.incr(self.pair_key, self.memory, -1)
            counters.incr(self.address_key, self.address_window, -1)
            count_throttle_event("pair_refused")
            raise _refused(counters.get_expiry(self.wait_key))
        if wait:  # this attempt goes through and opens the pair's wait
            count_throttle_event("pair_delayed")

    def succeeded(self) -> None:
        """The right password: the pair starts afresh and the address gets its place back."""
        self.counters.clear(self.pair_key)
        self.counters.clear(self.wait_key)
        self.counters.incr(self.address_key, self.address_window, -1)


def authenticate(email: str, password: str, address: str) -> User:
    """``accounts.authenticate`` behind the throttle; raises ``Throttled`` or ``AccountError``."""
    if not current_app.config["RATELIMIT_ENABLED"]:
        return check_credentials(email, password)
    attempt = _Attempt(email, address)
    attempt.reserve()
    try:
        user = check_credentials(email, password)
    except AccountError as exc:
        if exc.code != "bad_credentials":  # the right password of an account not yet activated
            attempt.succeeded()
        raise
    attempt.succeeded()
    return user
