"""Browser tests: the real app served on loopback, driven in a real Chromium (Playwright).

What is real here: the werkzeug server with threads (as a person's browser would meet it), CSRF,
the strict Content-Security-Policy, the OpenID Connect provider (oidc-provider-mock on loopback),
an SMTP server (aiosmtpd) receiving the mail, and the demo mailbox page where the links are opened.

Every page of ours a test visits is checked with axe (``assert_accessible``); console errors and
uncaught script errors on our pages (CSP violations among them) fail the test. Every HTML page the
live app sends, and the page as the browser holds it at each check (after HTMX swaps), is kept for
the Nu HTML checker, which ``test_html_valid.py`` runs once over them all after the other tests.
"""

from __future__ import annotations

import hashlib
import os
import re
import threading
from contextlib import contextmanager
from pathlib import Path

import flask
import pytest
import requests

from heka_asoy import create_app
from tests.conftest import running_smtp_server

CHROMIUM = "/usr/bin/chromium"
#: Playwright's own ``--disable-features`` list (of the pinned 1.65). Chromium keeps only the
#: last ``--disable-features`` switch, so ours repeats it; test_chromium_switches.py fails
#: when a new Playwright's list has more.
PLAYWRIGHT_DISABLED_FEATURES = (
    "AvoidUnnecessaryBeforeUnloadCheckSync",
    "DestroyProfileOnBrowserClose",
    "HttpsUpgrades",
    "HttpsFirstBalancedModeAutoEnable",
    "LensOverlay",
    "MediaRouter",
    "PaintHolding",
    "ThirdPartyStoragePartitioning",
    "AvoidCorsURLLoaderRestartOnRedirect",
    "TcpPortRandomizationWin",
    "OptimizationHints",
    "NetworkTimeServiceQuerying",
    "AimEnabled",
    "PreconnectToSearch",
    "msForceBrowserSignIn",
    "msEdgeUpdateLaunchServicesPreferredVersion",
)
#: Every browser context is a window, and Chromium 156 preloads two pages of the address bar's
#: popup in each (WebUI, in a renderer of their own), for a bar headless Chromium never shows:
#: 14 % of the browser tests' CPU. Without them two browser test files took 32 s, not 40 s.
NO_ADDRESS_BAR_POPUPS = ("WebUIOmniboxPopup", "WebUIOmniboxAimPopup")
HERE = Path(__file__).resolve().parent

HTML_CHECK = HERE / "test_html_valid.py"
#: The browser tests' xdist groups: each group is one worker with one Chromium. Two, so both
#: workers of ``make test`` share the 10 minutes of browser work (one group made it the
#: suite's critical path); files are dealt to them alternately in name order.
GROUPS = 2


@pytest.hookimpl(wrapper=True)  # around xdist's hook: before it reads the marks, after it writes
def pytest_collection_modifyitems(config, items):
    """Everything under tests/browser is a browser test, run in one of ``GROUPS`` xdist groups
    (each one worker, one Chromium). The HTML check goes last: run alone or without xdist it
    then sees every page; under xdist ``make test`` runs it as a step of its own after the
    others, on the pages they left in ``HEKA_HTML_PAGES``.

    pytest-xdist 3.8 tells its loadgroup scheduler a test's group by appending ``@group`` to
    ``item._nodeid``, while pytest 9.2 reads node ids from ``item._id``: the suffix was lost and
    the browser tests spread over every worker (pytest-dev/pytest-xdist#1386). After xdist's hook
    the suffix is carried over; nothing happens where xdist's own way works (pytest before 9.2,
    or an xdist with pytest-dev/pytest-xdist#1388)."""
    files = sorted(
        {Path(i.path).resolve() for i in items if HERE in Path(i.path).resolve().parents}
    )
    group = {path: f"browser-{n % GROUPS}" for n, path in enumerate(files)}
    for item in items:
        path = Path(item.path).resolve()
        if path in group:
            if item.get_closest_marker("browser") is None:
                item.add_marker(pytest.mark.browser)
            if item.get_closest_marker("xdist_group") is None:
                item.add_marker(pytest.mark.xdist_group(group[path]))
    last = [item for item in items if Path(item.path).resolve() == HTML_CHECK]
    items[:] = [item for item in items if item not in last] + last
    yield
    for item in items:
        legacy = item.__dict__.get("_nodeid")
        if legacy and legacy != item.nodeid:
            from _pytest.nodeid import NodeId

            item._id = NodeId.parse(legacy)


# --- Chromium --------------------------------------------------------------------------------


@pytest.fixture(scope="session")
def base_url():
    """No fixed base URL (each test has its own live server). Defined here because
    pytest-playwright's own ``base_url`` fixture is an instance method, which pytest 9 deprecates
    and the suite's ``filterwarnings = error`` turns into an error."""
    return None


@pytest.fixture(scope="session")
def browser_type_launch_args(browser_type_launch_args):
    """The system Chromium, never a downloaded one; missing Chromium fails, it is never skipped."""
    if not os.path.exists(CHROMIUM):
        if os.environ.get("CI", "").lower() == "true":
            pytest.fail(
                f"{CHROMIUM} is missing on CI: the browser tests must run there. "
                "Install it in the image (apt-get install chromium).",
                pytrace=False,
            )
        pytest.fail(
            f"{CHROMIUM} is missing: apt-get install chromium "
            "(the browser tests need the system Chromium).",
            pytrace=False,
        )
    return {
        **browser_type_launch_args,
        "executable_path": CHROMIUM,
        "args": [
            "--no-sandbox",
            "--disable-gpu",
            "--disable-background-networking",
            "--disable-component-update",
            "--disable-sync",
            "--no-first-run",
            "--disable-quic",
            "--disable-features=" + ",".join(PLAYWRIGHT_DISABLED_FEATURES + NO_ADDRESS_BAR_POPUPS),
        ],
    }


# --- the pages met, for the HTML checker ------------------------------------------------------


#: A folder shared by every worker and by the later run of the HTML check (``make test`` sets
#: it): the browser tests run in two xdist groups, on two workers, and the check needs the pages
#: of both, so it runs as a pytest step of its own after them.
SHARED_PAGES = "HEKA_HTML_PAGES"
LABELS = "labels.tsv"


class PageRecorder:
    """The HTML of every page the browser tests meet, each once, written to ``folder`` for one
    run of the Nu HTML checker (a JVM start per page would cost seconds each). A page's file is
    named by its content's digest, so workers that meet the same page write it once; where each
    came from is appended to ``labels.tsv`` beside the pages, for the checker's failure
    message."""

    def __init__(self, folder: Path):
        self.folder = folder
        self._seen: set[str] = set()
        self._lock = threading.Lock()  # the live server answers in threads of its own

    @property
    def labels(self) -> dict[str, str]:
        """File name → the request that gave the page (the first one, of any worker)."""
        listed = self.folder / LABELS
        found: dict[str, str] = {}
        if listed.exists():
            for line in listed.read_text(encoding="utf-8").splitlines():
                name, _, label = line.partition("\t")
                found.setdefault(name, label)
        return found

    def add(self, html: str, label: str) -> None:
        name = hashlib.sha256(html.encode()).hexdigest()[:24] + ".html"
        with self._lock:
            if name in self._seen:
                return
            self._seen.add(name)
            (self.folder / name).write_text(html, encoding="utf-8")
            with open(self.folder / LABELS, "a", encoding="utf-8") as listed:
                listed.write(f"{name}\t{' '.join(label.split())}\n")  # one short append


@pytest.fixture(scope="session")
def html_pages(tmp_path_factory):
    shared = os.environ.get(SHARED_PAGES)
    if shared:
        Path(shared).mkdir(parents=True, exist_ok=True)
        return PageRecorder(Path(shared))
    return PageRecorder(tmp_path_factory.mktemp("html-pages"))


def record_documents(app, recorder: PageRecorder) -> None:
    """Keep every whole HTML document ``app`` sends, as sent (HTMX partials are fragments: they
    are checked in place, in the page the browser holds after the swap)."""

    @app.after_request
    def keep_document(response):
        if response.mimetype == "text/html" and not response.is_streamed:
            body = response.get_data(as_text=True)
            if body[:15].lower() == "<!doctype html>":
                where = f"{flask.request.method} {flask.request.full_path}"
                recorder.add(body, f"{where} ({response.status_code})")
        return response


# --- the live servers ------------------------------------------------------------------------


@pytest.fixture
def live_smtp():
    """A real SMTP server on a free loopback port, for the live app's outgoing mail."""
    with running_smtp_server() as sink:
        yield sink


@pytest.fixture
def live_app(app_config, oidc_provider, live_smtp, html_pages):
    """The app as a server runs it: real CSRF, demo mailbox, the test OIDC provider, real SMTP.

    Not used under an app context of the test thread (the server thread has its own per
    request); create data with ``in_app``.
    """
    config = {
        **app_config,
        "DEMO_MODE": True,
        "WTF_CSRF_ENABLED": True,
        "RATELIMIT_ENABLED": False,
        "OIDC_ISSUER": oidc_provider,
        "MAIL_SERVER": "127.0.0.1",
        "MAIL_PORT": live_smtp.port,
        "SERVER_NAME": None,
    }
    config.pop("PUBLIC_URL", None)
    app = create_app(config)
    record_documents(app, html_pages)
    yield app
    app.config["DATABASE"].close()


@pytest.fixture
def in_app(live_app):
    """``with in_app(): make_x(...)``: an app context in the test thread, only while creating
    data; the connection is closed again so the server thread sees a quiet database."""

    @contextmanager
    def context():
        db = live_app.config["DATABASE"]
        with live_app.app_context():
            db.connect(reuse_if_open=True)
            try:
                yield live_app
            finally:
                db.close()

    return context


@pytest.fixture
def live_server(live_app):
    """The live app served by werkzeug (threaded) on 127.0.0.1; yields the base URL.

    127.0.0.1 throughout: the OIDC redirect_uri and the mail links are built from the request
    host, and the session cookie belongs to it."""
    from werkzeug.serving import make_server

    server = make_server("127.0.0.1", 0, live_app, threaded=True)
    thread = threading.Thread(
        target=server.serve_forever, kwargs={"poll_interval": 0.05}, daemon=True
    )
    thread.start()
    yield f"http://127.0.0.1:{server.server_port}"
    server.shutdown()
    server.server_close()
    thread.join(timeout=5)


@pytest.fixture
def set_person(oidc_provider):
    """Set the claims the OIDC provider returns for ``sub``."""

    def put(sub: str, **claims) -> None:
        response = requests.put(f"{oidc_provider}/users/{sub}", json=claims, timeout=10)
        response.raise_for_status()

    return put


# --- accessibility and console -----------------------------------------------------------------

_AXE = None


def assert_accessible(page, context_label: str) -> None:
    """Run axe (all rules enabled by default: WCAG 2.x A/AA and best practices) on the page and
    fail with every violation: rule id, impact, help and the offending nodes."""
    global _AXE
    from axe_playwright_python.sync_playwright import Axe

    if _AXE is None:
        _AXE = Axe()
    results = _AXE.run(page)
    violations = results.response["violations"]
    if violations:
        lines = [f"axe: {len(violations)} violation(s) on {context_label} ({page.url}):"]
        for violation in violations:
            lines.append(f"- {violation['id']} ({violation['impact']}): {violation['help']}")
            for node in violation["nodes"]:
                targets = ", ".join(str(t) for t in node["target"])
                lines.append(f"    {targets}: {node['html'][:200]}")
        pytest.fail("\n".join(lines), pytrace=False)


_EXTERNAL = re.compile(r"^https?://(?!127\.0\.0\.1[:/]|localhost[:/])")


class Browsing:
    """Opens pages in fresh browser contexts (one per person) and watches their consoles."""

    def __init__(self, base_url: str, new_context, recorder: PageRecorder):
        self.base_url = base_url
        self._new_context = new_context
        self._recorder = recorder
        self.errors: list[str] = []

    def url(self, path: str) -> str:
        return self.base_url + path

    def _ours(self, url: str) -> bool:
        return url.startswith(self.base_url)

    def new_page(self, locale: str = "en-US", **context_args):
        """A page in a new context (a new person: own cookies), asking for ``locale``."""
        context = self._new_context(locale=locale, **context_args)
        context.set_default_timeout(10_000)
        context.set_default_navigation_timeout(15_000)
        # nothing leaves the machine (the provider's page links a CDN stylesheet)
        context.route(_EXTERNAL, lambda route: route.abort())
        page = context.new_page()

        def on_console(message):
            if message.type != "error":
                return
            where = (message.location or {}).get("url") or page.url
            if where == page.url and message.text.startswith("Failed to load resource"):
                return  # the page's own status (an error page); tests assert the status
            if self._ours(where):
                self.errors.append(f"console error on {page.url}: {message.text}")

        def on_page_error(error):
            if self._ours(page.url):
                self.errors.append(f"script error on {page.url}: {error}")

        page.on("console", on_console)
        page.on("pageerror", on_page_error)
        return page

    def check(self, page, label: str) -> None:
        """Axe on the current page, and no console errors so far; the page as it is now (after
        any HTMX swaps) is kept for the HTML checker."""
        assert page.url.startswith(self.base_url), f"{label}: not our page: {page.url}"
        self._recorder.add(page.content(), f"{label}: {page.url} (in the browser)")
        assert_accessible(page, label)
        self.assert_no_console_errors()

    def assert_no_console_errors(self) -> None:
        errors, self.errors = self.errors, []
        if errors:
            pytest.fail("Browser console errors:\n" + "\n".join(errors), pytrace=False)


@pytest.fixture
def browsing(live_server, new_context, html_pages):
    """Requested after ``live_server`` so browser contexts close before the server stops."""
    browsing = Browsing(live_server, new_context, html_pages)
    yield browsing
    browsing.assert_no_console_errors()


# --- fault reports -------------------------------------------------------------------------------


@pytest.fixture
def desk_moments():
    """Two moments in the near future, Helsinki time: ``saturday`` (11:00, the desk is closed)
    and ``open`` (10:00 of the first weekday after it with the desk open, holidays skipped).

    In the future on purpose: a session cookie made at a frozen time in the past would already
    be expired in the browser (which keeps the real clock)."""
    from datetime import UTC, datetime, time, timedelta
    from types import SimpleNamespace

    from heka_asoy.domain.office_hours import HELSINKI, desk_open

    today = datetime.now(UTC).astimezone(HELSINKI).date()
    day = today + timedelta(days=1)
    while day.weekday() != 5:
        day += timedelta(days=1)
    saturday = datetime.combine(day, time(11, 0), tzinfo=HELSINKI)
    opening = saturday
    while not desk_open(opening):
        opening = datetime.combine(opening.date() + timedelta(days=1), time(10, 0), HELSINKI)
    assert not desk_open(saturday)
    return SimpleNamespace(saturday=saturday, open=opening)


@pytest.fixture
def make_jpeg(tmp_path):
    """``make_jpeg(name)``: a small JPEG photo file (Pillow) for a file input; returns its path."""
    from PIL import Image

    def make(name: str = "fault.jpg", size=(320, 240), color=(180, 40, 40)) -> Path:
        path = tmp_path / name
        Image.new("RGB", size, color).save(path, "JPEG")
        return path

    return make


# --- bookings ------------------------------------------------------------------------------------


@pytest.fixture
def booking_moment():
    """Noon of the next Wednesday, Helsinki time, for the booking pages: the week's Monday and
    Tuesday are past, its Wednesday's hours start next week (the earliest start is tomorrow), and
    the next week is all free to book. In the future for the reason ``desk_moments`` gives."""
    from datetime import UTC, datetime, time, timedelta

    from heka_asoy.domain.office_hours import HELSINKI

    day = datetime.now(UTC).astimezone(HELSINKI).date() + timedelta(days=1)
    while day.weekday() != 2:
        day += timedelta(days=1)
    return datetime.combine(day, time(12, 0), tzinfo=HELSINKI)
