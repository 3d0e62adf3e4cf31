"""Login throttling and the shared counters, in the database (the default) and in Redis.

Every test runs once with the counters in the test's database (SQLite, or PostgreSQL in the
PostgreSQL pass) and once in the real Redis. The waits are set to a second or two, and tests
wait them out for real: Redis' expiry cannot be time-travelled.
"""

from __future__ import annotations

import time

import pytest

from heka_asoy import create_app
from heka_asoy.counters import DatabaseStorage, store
from heka_asoy.models import RateCounter
from heka_asoy.tasks import sweep_counters
from tests.conftest import REDIS_URL, _fresh_g_per_request
from tests.factories import PASSWORD, make_tenant

ATTACKER = "203.0.113.7"
TENANT_HOME = "198.51.100.20"


@pytest.fixture(params=["database", "redis"])
def counter_store(request):
    """Where the counters live: the app's database or Redis (with this test's key prefix)."""
    if request.param == "redis":
        return {
            "RATELIMIT_STORAGE_URI": REDIS_URL,
            "COUNTER_KEY_PREFIX": request.getfixturevalue("redis_prefix"),
        }
    return {}


@pytest.fixture
def throttled(app_config, counter_store):
    """An app with rate limits on: 3 free failures per account and address, then waits of 1 s
    doubling up to 2 s; 6 failures per address."""
    app_config.update(
        RATELIMIT_ENABLED=True,
        LOGIN_FREE_FAILURES=3,
        LOGIN_FIRST_DELAY=1,
        LOGIN_MAX_DELAY=2,
        LOGIN_LIMIT_PER_ADDRESS="6 per 15 minutes",
        **counter_store,
    )
    app = create_app(app_config)
    _fresh_g_per_request(app)
    with app.app_context():
        yield app


def _login(app, email: str, password: str, address: str = ATTACKER):
    client = app.test_client()
    client.environ_base["REMOTE_ADDR"] = address
    return client.post("/login", data={"email": email, "password": password})


def _wait_out(response) -> None:
    """Wait as long as the refusal says (never longer than the configured cap)."""
    seconds = int(response.headers["Retry-After"])
    assert seconds <= 2
    time.sleep(seconds + 0.1)


def test_counters_are_where_configured(throttled, counter_store):
    """Do the counters live in Redis when it is configured, else in the database, never in
    process memory?"""
    expected = "RedisStorage" if counter_store else "DatabaseStorage"
    assert type(store()).__name__ == expected


def test_successful_logins_do_not_count(throttled):
    """Can a tenant log in many times in a row without meeting a limit?"""
    user = make_tenant()
    assert [_login(throttled, user.email, PASSWORD).status_code for _ in range(12)] == [302] * 12


def test_failures_slow_down_the_pair_and_the_right_password_gets_in(throttled):
    """After the free failures, must the pair wait (429 with Retry-After, password not even
    checked), and does the right password get in once the wait is over?"""
    user = make_tenant()
    assert [_login(throttled, user.email, "wrong").status_code for _ in range(3)] == [200] * 3
    waiting = _login(throttled, user.email, PASSWORD)
    assert waiting.status_code == 429
    assert 1 <= int(waiting.headers["Retry-After"]) <= 1
    _wait_out(waiting)
    assert _login(throttled, user.email, PASSWORD).status_code == 302


def test_waits_double_up_to_the_cap(throttled):
    """Does each further failure double the wait, up to the cap?"""
    user = make_tenant()
    waits = []
    for _ in range(3):
        _login(throttled, user.email, "wrong")
    for _ in range(3):
        refused = _login(throttled, user.email, "wrong")
        assert refused.status_code == 429
        waits.append(int(refused.headers["Retry-After"]))
        _wait_out(refused)
        assert _login(throttled, user.email, "wrong").status_code == 200
    assert waits == [1, 2, 2]


def test_attacker_elsewhere_cannot_lock_the_tenant_out(throttled):
    """When someone elsewhere fails many times on a tenant's account, does the tenant's own
    address still get in at once with the right password?"""
    user = make_tenant()
    codes = [_login(throttled, user.email, "wrong").status_code for _ in range(6)]
    assert codes == [200] * 3 + [429] * 3
    assert _login(throttled, user.email, PASSWORD, TENANT_HOME).status_code == 302


def test_success_clears_the_pair(throttled):
    """Does a successful login forget the pair's earlier failures?"""
    user = make_tenant()
    for _ in range(2):
        _login(throttled, user.email, "wrong")
    assert _login(throttled, user.email, PASSWORD).status_code == 302
    codes = [_login(throttled, user.email, "wrong").status_code for _ in range(3)]
    assert codes == [200] * 3


def test_right_password_of_an_inactive_account_is_no_failure(throttled):
    """Does the right password of an account not yet activated clear the pair's failures (it is
    told to activate, not throttled), while a disabled account's logins count as failures?"""
    waiting = make_tenant(activated_at=None)
    for _ in range(2):
        _login(throttled, waiting.email, "wrong")
    answer = _login(throttled, waiting.email, PASSWORD)
    assert answer.status_code == 200
    assert "activat" in answer.get_data(as_text=True)
    codes = [_login(throttled, waiting.email, "wrong").status_code for _ in range(3)]
    assert codes == [200] * 3
    disabled = make_tenant(disabled=True)
    codes = [
        _login(throttled, disabled.email, PASSWORD, TENANT_HOME).status_code for _ in range(4)
    ]
    assert codes == [200] * 3 + [429]


def test_address_is_capped_across_accounts(throttled):
    """Is one address trying many accounts stopped after its failures, while other addresses
    go on?"""
    codes = [
        _login(throttled, f"u{i}@example.fi", "wrong").status_code for i in range(8)
    ]
    assert codes == [200] * 6 + [429] * 2
    assert _login(throttled, "u9@example.fi", "wrong", TENANT_HOME).status_code == 200


@pytest.mark.parametrize(
    ("lang", "text"),
    [("en", "Wait 30 seconds and try again."), ("fi", "30 sekuntia"), ("sv", "30 sekunder")],
)
def test_429_page_says_how_long_to_wait(app_config, lang, text):
    """Does the 429 page say, in the visitor's language, how long to wait?"""
    app_config.update(RATELIMIT_ENABLED=True, LOGIN_FREE_FAILURES=1, LOGIN_FIRST_DELAY=30)
    app = create_app(app_config)
    _fresh_g_per_request(app)
    with app.app_context():
        user = make_tenant()
        client = app.test_client()
        client.set_cookie("lang", lang)
        client.post("/login", data={"email": user.email, "password": "wrong"})
        page = client.post("/login", data={"email": user.email, "password": PASSWORD})
    assert page.status_code == 429
    assert page.headers["Retry-After"] == "30"
    assert text in page.get_data(as_text=True)


def test_other_limits_say_how_long_to_wait(app_config):
    """Does a Flask-Limiter limit (password reset orders) also say how long to wait?"""
    app_config.update(RATELIMIT_ENABLED=True, LOGIN_LIMIT_PER_ADDRESS="1 per 15 minutes")
    app = create_app(app_config)
    _fresh_g_per_request(app)
    with app.app_context():
        client = app.test_client()
        assert client.post("/password/forgot", data={"email": "a@example.fi"}).status_code == 302
        page = client.post("/password/forgot", data={"email": "a@example.fi"})
    assert page.status_code == 429
    assert "Wait 15 minutes and try again." in page.get_data(as_text=True)


def test_database_counter_windows(app):
    """Does a database counter count within its window, restart after it, and leave the table
    when the periodic job sweeps?"""
    import time_machine

    counters = DatabaseStorage()
    assert [counters.incr("k", 60) for _ in range(3)] == [1, 2, 3]
    assert counters.get("k") == 3
    assert counters.incr("k", 60, -1) == 2
    expiry = counters.get_expiry("k")
    assert 0 < expiry - time.time() <= 60
    with time_machine.travel(time.time() + 61, tick=False):
        assert counters.get("k") == 0
        assert sweep_counters.call_local() == 1  # the periodic job's body
        assert counters.incr("k", 60) == 1
    counters.clear("k")
    assert counters.get("k") == 0
    long_key = "x" * 400
    assert counters.incr(long_key, 60) == 1
    assert counters.get(long_key) == 1
    assert RateCounter.select().count() == 1
