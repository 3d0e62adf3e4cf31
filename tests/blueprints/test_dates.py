"""One date style per language: the house filters (heka_asoy.i18n) and every page and mail using
them. Finnish conventions in Finnish and Swedish (``30.11.2026 klo 11.06``), ``30 Nov 2026, 11:06``
in English; times in Helsinki time; never ISO, US or Babel's mixed default styles."""

from __future__ import annotations

import re
from datetime import UTC, date, datetime, time
from pathlib import Path
from zoneinfo import ZoneInfo

import pytest
import time_machine
from flask import render_template_string
from flask_babel import force_locale

from heka_asoy.domain import faults as rules
from heka_asoy.models import OutboxMail
from heka_asoy.services import faults as service
from tests.blueprints.test_maintenance import file_forwarded, tenant
from tests.booking_factories import hour_at, make_sauna, make_turn
from tests.factories import login, make_staff, make_tenant

HELSINKI = ZoneInfo("Europe/Helsinki")
PACKAGE = Path(__file__).resolve().parents[2] / "heka_asoy"
#: Monday 30 November 2026, 11.06 in Helsinki (09.06 UTC): the time of the page tests.
NOW = datetime(2026, 11, 30, 11, 6, tzinfo=HELSINKI)

FILTERS = (
    "{{ d|date }}|{{ d|day_month }}|{{ d|weekday_date }}|{{ t|time }}|{{ dt|time }}"
    "|{{ dt|datetime }}|{{ d|date_range(e) }}|{{ y|date_range(e2) }}|{{ summer|datetime }}"
)
VALUES = {
    "d": date(2026, 11, 30),
    "e": date(2026, 12, 6),
    "y": date(2026, 12, 28),
    "e2": date(2027, 1, 3),
    "t": time(7, 5),
    "dt": datetime(2026, 11, 30, 9, 6),  # naive UTC as stored: 11.06 in Helsinki (UTC+2)
    "summer": datetime(2026, 6, 1, 21, 30),  # 0.30 on 2 June in Helsinki (UTC+3)
}
EXPECTED = {
    "fi": [
        "30.11.2026",
        "30.11.",
        "maanantai 30.11.2026",
        "7.05",
        "11.06",
        "30.11.2026 klo 11.06",
        "30.11.–6.12.2026",
        "28.12.2026–3.1.2027",
        "2.6.2026 klo 0.30",
    ],
    "sv": [
        "30.11.2026",
        "30.11.",
        "måndag 30.11.2026",
        "7.05",
        "11.06",
        "30.11.2026 kl. 11.06",
        "30.11.–6.12.2026",
        "28.12.2026–3.1.2027",
        "2.6.2026 kl. 0.30",
    ],
    "en": [
        "30 Nov 2026",
        "30 Nov",
        "Monday 30 Nov 2026",
        "07:05",
        "11:06",
        "30 Nov 2026, 11:06",
        "30 Nov – 6 Dec 2026",
        "28 Dec 2026 – 3 Jan 2027",
        "2 Jun 2026, 00:30",
    ],
}


@pytest.mark.parametrize("language", ["fi", "sv", "en"])
def test_house_filters_write_each_language_one_way(app, language):
    """Does every date filter give the house style of the language, in Helsinki time?"""
    with app.test_request_context(), force_locale(language):
        rendered = render_template_string(FILTERS, **VALUES)
    assert rendered.split("|") == EXPECTED[language]


def test_filters_accept_no_format_argument(app):
    """A page cannot pick another style: the filters take no format."""
    with app.test_request_context(), pytest.raises(TypeError):
        render_template_string("{{ d|date('short') }}", d=date(2026, 11, 30))


def test_time_elements_carry_utc_to_the_whole_second(app):
    """Does ``utc_iso`` (the value of ``<time datetime>``) write UTC to the whole second, as HTML
    allows (at most three digits of a fraction; ``isoformat()`` writes six), from a stored naive
    UTC datetime and from an aware one?"""
    stored = datetime(2026, 12, 7, 8, 0, 0, 28728)
    aware = datetime(2026, 12, 7, 10, 0, 0, 500, tzinfo=ZoneInfo("Europe/Helsinki"))
    with app.test_request_context():
        rendered = render_template_string("{{ a|utc_iso }}|{{ b|utc_iso }}", a=stored, b=aware)
    assert rendered == "2026-12-07T08:00:00Z|2026-12-07T08:00:00Z"


# --- what the pages and mails show ------------------------------------------------------------

#: Styles that must never reach a page or a mail: ISO dates, US dates, 12-hour clock, Babel's
#: Swedish "1 feb. 2026" and Finnish "30. marraskuuta 2026", English "Nov 30, 2026".
FORBIDDEN = {
    "ISO date": re.compile(r"\b\d{4}-\d{2}-\d{2}\b"),
    "US date": re.compile(r"\b\d{1,2}/\d{1,2}/\d{2,4}\b"),
    "12-hour clock": re.compile(r"\b\d{1,2}[:.]\d{2}\s?[AP]M\b"),
    "month word with a dot or a day dot": re.compile(r"\b\d{1,2}\.? [a-zåäö]{3,9}\. \d{4}\b"),
    "US month first": re.compile(r"\b[A-Z][a-z]{2} \d{1,2}, \d{4}\b"),
    "long month name": re.compile(r"\b\d{1,2}\.? (marraskuuta|november|November)\b"),
}


def visible_text(html: str) -> str:
    """The text a reader sees: tags (and so attribute values such as ``datetime=``) dropped."""
    return re.sub(r"\s+", " ", re.sub(r"<[^>]+>", " ", html))


def assert_house_style(text: str, label: str) -> None:
    for name, pattern in FORBIDDEN.items():
        found = pattern.search(text)
        around = text[max(found.start() - 80, 0) : found.end() + 80] if found else ""
        assert not found, f"{label}: {name} {found.group(0)!r} in …{around}…"


NOW_TEXT = {"fi": "30.11.2026 klo 11.06", "sv": "30.11.2026 kl. 11.06", "en": "30 Nov 2026, 11:06"}
VISIT_TEXT = {"fi": "2.12.2026 klo 8.30", "sv": "2.12.2026 kl. 8.30", "en": "2 Dec 2026, 08:30"}


@pytest.fixture
def monday():
    with time_machine.travel(NOW, tick=False) as traveller:
        yield traveller


@pytest.mark.parametrize("language", ["fi", "sv", "en"])
def test_fault_pages_and_mail_use_the_house_style(app, client, monday, language):
    """The resident's fault page, the desk's queue and report, and the status mail with an agreed
    visit: each date in the language's house style, none in another."""
    user = tenant(language=language)
    report = file_forwarded(app, user)
    visit = datetime(2026, 12, 2, 8, 30, tzinfo=HELSINKI)
    service.change_status(
        report.id,
        rules.VISIT_AGREED,
        actor_kind="maintenance",
        actor_label="Huolto Oy",
        version=report.version,
        visit_at=visit,
    )
    mail = OutboxMail.select().where(OutboxMail.kind == "fault_status").get()
    for label, text in (("mail text", mail.body_text), ("mail html", visible_text(mail.body_html))):
        assert VISIT_TEXT[language] in text, label
        assert_house_style(text, f"{label} [{language}]")

    client.set_cookie("lang", language)
    login(client, user)
    page = visible_text(client.get(f"/my/faults/{report.id}").get_data(as_text=True))
    assert NOW_TEXT[language] in page
    assert VISIT_TEXT[language] in page
    assert_house_style(page, f"resident fault page [{language}]")

    desk = app.test_client()
    desk.set_cookie("lang", language)
    login(desk, make_staff())
    for url in ("/staff/faults/?status=all", f"/staff/faults/{report.id}"):
        page = visible_text(desk.get(url).get_data(as_text=True))
        assert NOW_TEXT[language] in page, url
        assert_house_style(page, f"{url} [{language}]")


WEEK_TEXT = {"fi": "30.11.–6.12.2026", "sv": "30.11.–6.12.2026", "en": "30 Nov – 6 Dec 2026"}
TURN_TEXT = {"fi": "7.12.2026", "sv": "7.12.2026", "en": "7 Dec 2026"}


@pytest.mark.parametrize("language", ["fi", "sv", "en"])
def test_sauna_page_uses_the_house_style(app, monday, language):
    """The sauna week: its date range, the column heads and the flat's turn in the house style."""
    user = make_tenant(language=language)
    sauna = make_sauna(user.flat.housing_company)
    make_turn(hour_at(sauna, 0, 18), user.flat, starts_on=date(2026, 12, 7))
    client = app.test_client()
    client.set_cookie("lang", language)
    login(client, user)
    page = visible_text(client.get("/my/bookings/sauna").get_data(as_text=True))
    assert WEEK_TEXT[language] in page
    assert TURN_TEXT[language] in page
    assert_house_style(page, f"sauna page [{language}]")


def test_demo_mailbox_names_the_mail_states(app_config):
    """The demo mailbox says in words whether a mail is sent or waiting, not the outbox codes."""
    from heka_asoy import create_app

    app_config["DEMO_MODE"] = True
    demo_app = create_app(app_config)
    with demo_app.app_context():
        OutboxMail.create(recipient="a@example.fi", subject="Odottaa", body_text="x")
        OutboxMail.create(
            recipient="b@example.fi",
            subject="Lähti",
            body_text="y",
            status="sent",
            sent_at=datetime.now(UTC).replace(tzinfo=None),
        )
    demo = demo_app.test_client()
    demo.set_cookie("lang", "en")
    cells = re.findall(r"<td>([^<]*)</td>", demo.get("/demo/mail").get_data(as_text=True))
    assert "Sent" in cells
    assert "Waiting to be sent" in cells
    assert not {"sent", "pending"} & set(cells)
    mail = demo.get("/demo/mail/1").get_data(as_text=True)
    assert "<dd>Waiting to be sent</dd>" in mail


# --- no other way to write a date -------------------------------------------------------------

#: A format argument to a date filter, or Babel or strftime called from a template.
RAW_FORMAT = re.compile(
    r"\|\s*(date|datetime|time|day_month|weekday_date)\s*\(|format_(date|datetime|time|skeleton|interval)|strftime"
)
EXPRESSION = re.compile(r"(.{0,12})\{\{(.*?)\}\}", re.S)


def test_templates_write_dates_only_through_the_house_filters():
    """No template formats a date its own way: no format argument, no Babel call, no strftime,
    and ``isoformat()`` only where a machine reads it (an attribute value or a URL)."""
    offences = []
    for path in sorted((PACKAGE / "templates").rglob("*.*")):
        source = path.read_text(encoding="utf-8")
        name = path.relative_to(PACKAGE)
        offences += [f"{name}: {m.group(0)}" for m in RAW_FORMAT.finditer(source)]
        for before, expression in EXPRESSION.findall(source):
            if "isoformat()" in expression and not (
                before.endswith('="') or "url_for(" in expression
            ):
                offences.append(f"{name}: {{{{{expression}}}}} shown as text")
    assert offences == []


def test_python_formats_dates_only_in_i18n():
    """Python code writes dates for people through heka_asoy.i18n only (Babel's format calls
    live there, once)."""
    call = re.compile(r"\bformat_(date|datetime|time|skeleton|interval)\b|\.strftime\(")
    offences = []
    for path in sorted(PACKAGE.rglob("*.py")):
        name = path.relative_to(PACKAGE).as_posix()
        if name == "i18n.py" or name.startswith("domain/"):
            continue  # domain/ has no Flask and writes codes (the identity code's date part)
        source = path.read_text(encoding="utf-8")
        offences += [f"{name}: {m.group(0)}" for m in call.finditer(source)]
    assert offences == []


@pytest.mark.parametrize(
    ("language", "written"),
    [("fi", "1\u00a0234,50\u00a0€"), ("sv", "1\u00a0234,50\u00a0€"), ("en", "€1,234.50")],
)
def test_money_is_written_in_each_language_and_remembered_per_language(app, language, written):
    """Does the remembered euro format follow the page's language, whatever was asked before
    in another one, for a Decimal, a float and an int alike?"""
    from decimal import Decimal

    from heka_asoy.i18n import money

    for other in ("fi", "en", "sv"):
        with app.test_request_context(), force_locale(other):
            money(Decimal("1234.50"))
    with app.test_request_context(), force_locale(language):
        assert money(Decimal("1234.50")) == written
        assert money(1234.5) == written
        assert money(0) == written.replace("1\u00a0234,50", "0,00").replace("1,234.50", "0.00")
