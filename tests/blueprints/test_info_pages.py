"""The public information pages: contact and office, help, accessibility statement, privacy
notice. Each page answers without login in fi, sv and en with the exact numbers and addresses in
that language's place names; the contact page's "right now" follows the Helsinki clock (office
hours and Finnish public holidays); every language's prose defines the same sections."""

from __future__ import annotations

import re
from datetime import datetime
from pathlib import Path

import pytest
import time_machine

from heka_asoy.blueprints.info.views import PAGES
from heka_asoy.domain import contacts
from heka_asoy.domain.office_hours import HELSINKI
from tests.factories import login, make_staff, make_tenant

LANGUAGES = ("fi", "sv", "en")
PATHS = ("/contact", "/help", "/accessibility", "/privacy")
TEMPLATES = Path(__file__).resolve().parents[2] / "heka_asoy" / "templates" / "info"

# Helsinki wall-clock moments (2026: Tue 1 Dec, Mon 7 Dec; Mon 6 Dec 2027 Independence Day;
# Tue 6 Jan 2026 Epiphany).
TUESDAY_10 = datetime(2026, 12, 1, 10, 0, tzinfo=HELSINKI)
TUESDAY_13 = datetime(2026, 12, 1, 13, 0, tzinfo=HELSINKI)
MONDAY_10 = datetime(2026, 12, 7, 10, 0, tzinfo=HELSINKI)
INDEPENDENCE_DAY_10 = datetime(2027, 12, 6, 10, 0, tzinfo=HELSINKI)
EPIPHANY_TUESDAY_10 = datetime(2026, 1, 6, 10, 0, tzinfo=HELSINKI)
SATURDAY_10 = datetime(2026, 12, 5, 10, 0, tzinfo=HELSINKI)

#: Each language's place names on the contact page, and the other languages' that must not show.
PLACE_NAMES = {
    "fi": [
        "Viipurinkatu 2, Alppila",
        "Sturenkatu",
        "Linnanmäki",
        "Mäkelänkatu 2",
        "Vääksyntie / Teollisuuskatu",
        "Sörnäinen",
        "Tripla",
    ],
    "sv": [
        "Viborgsgatan 2, Alphyddan",
        "Sturegatan",
        "Borgbacken",
        "Backasgatan 2",
        "Vääksyvägen / Industrigatan",
        "Sörnäs",
        "Tripla",
    ],
    "en": [
        "Viipurinkatu 2 (Viborgsgatan 2)",
        "Alppila (Alphyddan)",
        "Sturenkatu (Sturegatan)",
        "Linnanmäki (Borgbacken)",
        "Mäkelänkatu 2 (Backasgatan 2)",
        "Vääksyntie (Vääksyvägen) / Teollisuuskatu (Industrigatan)",
    ],
}
NOT_IN = {
    "fi": ["Viborgsgatan", "Sturegatan", "Borgbacken", "Backasgatan", "Industrigatan"],
    "sv": ["Viipurinkatu", "Sturenkatu", "Linnanmäki", "Mäkelänkatu", "Teollisuuskatu"],
    "en": [],
}


def text_of(html: str) -> str:
    """The page's words with tags dropped and white space collapsed (numbers sit in links)."""
    return re.sub(r"\s+", " ", re.sub(r"<[^>]+>", " ", html)).replace(" .", ".")


def get(client, path: str, lang: str):
    client.set_cookie("lang", lang)
    return client.get(path)


def right_now_box(html: str) -> str:
    match = re.search(r'<section class="notice-box right-now".*?</section>', html, re.S)
    assert match, "no right-now box"
    return text_of(match.group(0))


@pytest.mark.parametrize("lang", LANGUAGES)
@pytest.mark.parametrize("path", PATHS)
def test_page_answers_without_login(client, path, lang):
    """Does each page answer 200 to a visitor who is not logged in, in the chosen language, with
    one h1 and every section heading of the page?"""
    page = get(client, path, lang)
    assert page.status_code == 200
    html = page.text
    assert f'<html lang="{lang}">' in html
    assert html.count("<h1") == 1
    _title, sections = PAGES[path.strip("/")]
    for section in sections:
        assert f'id="{section.id}"' in html


@pytest.mark.parametrize("lang", LANGUAGES)
def test_contact_page_has_exact_numbers_and_addresses(client, lang):
    """Does the contact page give every number and mailbox exactly, and the office's and the key
    service point's place names in the page's language only?"""
    text = text_of(get(client, "/contact", lang).text)
    for value in (
        contacts.ASOY_DESK_PHONE,
        contacts.ASOY_DESK_EMAIL,
        contacts.HEKA_CUSTOMER_SERVICE_PHONE,
        contacts.ONCALL_PHONE,
        contacts.GENERAL_EMAIL,
        contacts.KEY_SERVICE_NAME,
    ):
        assert value in text, value
    for name in PLACE_NAMES[lang]:
        assert name in text, name
    for name in NOT_IN[lang]:
        assert name not in text, name
    assert "500" in text
    assert "510" in text
    assert "10–15" in text


def test_contact_page_words_per_language(client):
    """Are the office's hours and floor said in each language's words?"""
    fi = text_of(get(client, "/contact", "fi").text)
    assert "tiistaisin klo 9–15" in fi
    assert "keskiviikkoisin klo 9–12 ja torstaisin klo 12–15" in fi
    assert "hissien jälkeinen ovi" in fi
    sv = text_of(get(client, "/contact", "sv").text)
    assert "tisdagar kl. 9–15" in sv
    assert "onsdagar kl. 9–12 och torsdagar kl. 12–15" in sv
    assert "dörren efter hissarna" in sv
    en = text_of(get(client, "/contact", "en").text)
    assert "Tuesday 9–15" in en
    assert "Wednesday 9–12 and Thursday 12–15" in en
    assert "1st floor, the door after the lifts" in en
    assert "book through the asoy desk by e-mail or from your resident pages" in en


@pytest.mark.parametrize(
    ("moment", "number"),
    [
        (TUESDAY_10, contacts.HEKA_CUSTOMER_SERVICE_PHONE),
        (TUESDAY_13, contacts.ONCALL_PHONE),
        (MONDAY_10, contacts.HEKA_CUSTOMER_SERVICE_PHONE),
        (INDEPENDENCE_DAY_10, contacts.ONCALL_PHONE),
        (EPIPHANY_TUESDAY_10, contacts.ONCALL_PHONE),
        (SATURDAY_10, contacts.ONCALL_PHONE),
    ],
)
@pytest.mark.parametrize("lang", LANGUAGES)
def test_right_now_number(client, moment, number, lang):
    """Is "right now call …" customer service on weekday mornings and the on-call number in the
    afternoon, at weekends and on public holidays, in every language?"""
    with time_machine.travel(moment, tick=False):
        box = right_now_box(get(client, "/contact", lang).text)
    assert number in box
    other = ({contacts.HEKA_CUSTOMER_SERVICE_PHONE, contacts.ONCALL_PHONE} - {number}).pop()
    # the other number is named only in the sentence after the call (what applies otherwise)
    assert box.index(number) < box.index(other)
    if lang == "en":
        assert f"right now call {number}." in box


def test_right_now_on_a_weekday_morning(client):
    """At 10 on a Tuesday: customer service, the desk answers, the office is open for walk-in."""
    with time_machine.travel(TUESDAY_10, tick=False):
        box = right_now_box(get(client, "/contact", "en").text)
    assert "That is Heka customer service" in box
    assert f"The asoy desk answers the phone now at {contacts.ASOY_DESK_PHONE}" in box
    assert "Customer service office today (Tuesday 1 Dec 2026): walk-in 9–15" in box
    assert "Open now." in box
    assert "Today is a public holiday" not in box


def test_right_now_on_a_weekday_afternoon(client):
    """At 13 on a Tuesday: on-call, the desk answers again the next morning, the office is still
    open for walk-in until 15."""
    with time_machine.travel(TUESDAY_13, tick=False):
        box = right_now_box(get(client, "/contact", "en").text)
    assert "That is the on-call service" in box
    assert "answers again on Wednesday 2 Dec 2026 at 09:00" in box
    assert "walk-in 9–15, no appointment needed. Open now." in box


def test_office_closed_on_monday(client):
    """On a Monday the office is closed, and the next opening is Tuesday's walk-in; the desk
    answers the phone."""
    with time_machine.travel(MONDAY_10, tick=False):
        fi = right_now_box(get(client, "/contact", "fi").text)
        en = right_now_box(get(client, "/contact", "en").text)
    assert "Customer service office today (Monday 7 Dec 2026): closed." in en
    assert "Next opening Tuesday 8 Dec 2026: walk-in 9–15" in en
    assert "Open now" not in en
    assert "maanantai 7.12.2026" in fi
    assert "tiistai 8.12.2026" in fi


def test_appointment_day_status(client):
    """On a Wednesday morning the office serves by appointment only."""
    with time_machine.travel(datetime(2026, 12, 2, 9, 30, tzinfo=HELSINKI), tick=False):
        box = right_now_box(get(client, "/contact", "en").text)
    assert "by appointment only, 9–12" in box
    assert "Open now." in box


@pytest.mark.parametrize("lang", LANGUAGES)
def test_holiday_closes_desk_and_office(client, lang):
    """On Independence Day (a Monday in 2027) and on Epiphany (a Tuesday, a walk-in day) the desk
    and the office are closed and the on-call number applies, named in the page's language."""
    names = {"fi": "Itsenäisyyspäivä", "sv": "Självständighetsdagen", "en": "Independence Day"}
    with time_machine.travel(INDEPENDENCE_DAY_10, tick=False):
        box = right_now_box(get(client, "/contact", lang).text)
    assert names[lang] in box
    assert contacts.ONCALL_PHONE in box
    with time_machine.travel(EPIPHANY_TUESDAY_10, tick=False):
        box = right_now_box(get(client, "/contact", lang).text)
    assert ": walk-in" not in box
    if lang == "en":
        assert "Today is a public holiday (Epiphany)" in box
        assert "Customer service office today (Tuesday 6 Jan 2026): closed." in box


@pytest.mark.parametrize("lang", LANGUAGES)
def test_help_page_says_what_to_try_and_whom_to_call(client, lang):
    text = text_of(get(client, "/help", lang).text)
    words = {
        "fi": ["ponnahdusikkunat", "Google Chrome", "toista selainta"],
        "sv": ["popupfönster", "Google Chrome", "en annan webbläsare"],
        "en": ["pop-up windows", "Google Chrome", "another browser"],
    }[lang]
    for word in [
        *words,
        contacts.HEKA_CUSTOMER_SERVICE_PHONE,
        contacts.ASOY_DESK_PHONE,
        contacts.ASOY_DESK_EMAIL,
        contacts.ONCALL_PHONE,
    ]:
        assert word in text, word


@pytest.mark.parametrize("lang", LANGUAGES)
def test_accessibility_statement(client, lang):
    """Does the statement say WCAG 2.1 AA, partial compliance, the known gaps (PDFs), the desk
    mailbox for feedback and the supervising agency in the page's language (Traficom since
    1 January 2025, when the monitoring moved there from the Southern Finland AVI)?"""
    text = text_of(get(client, "/accessibility", lang).text)
    words = {
        "fi": [
            "osittain",
            "PDF",
            "Liikenne- ja viestintävirasto Traficom",
            "saavutettavuusvalvonta",
        ],
        "sv": [
            "delvis",
            "PDF",
            "Transport- och kommunikationsverket Traficom",
            "saavutettavuusvalvonta",
        ],
        "en": [
            "partially meet",
            "PDF",
            "Finnish Transport and Communications Agency Traficom",
            "saavutettavuusvalvonta",
        ],
    }[lang]
    for word in [*words, "WCAG 2.1", "AA", "axe", "390", contacts.ASOY_DESK_EMAIL]:
        assert word in text, word


@pytest.mark.parametrize("lang", LANGUAGES)
def test_privacy_notice(client, lang):
    """Does the notice name the controller, the keyed hash, the data export page, the contact
    details page and the Data Protection Ombudsman?"""
    html = get(client, "/privacy", lang).text
    text = text_of(html)
    assert "Helsingin kaupungin asunnot Oy" in text
    assert "HMAC-SHA256" in text
    assert "010190-****" in text
    assert 'href="/my/data/"' in html
    assert 'href="/my/contact"' in html
    assert "www.tietosuoja.fi" in text
    assert contacts.ASOY_DESK_EMAIL in text
    assert {
        "fi": "tietosuojavaltuutetulle",
        "sv": "dataombudsmannen",
        "en": "Data Protection Ombudsman",
    }[lang] in text


@pytest.mark.parametrize("lang", LANGUAGES)
def test_footer_links_every_page_and_front_page_links_contact(client, lang):
    """Does the footer link all four pages (on the front page too), and the front page the
    contact page?"""
    html = get(client, "/", lang).text
    footer = html[html.index("<footer") :]
    for path in PATHS:
        assert f'href="{path}"' in footer
    main = html[html.index("<main") : html.index("</main>")]
    assert 'href="/contact"' in main


def test_every_language_defines_the_same_sections():
    """Does every language's prose template define intro() and one macro per section (so no
    language loses a section)?"""
    for page, (_title, sections) in PAGES.items():
        wanted = {"intro", *(section.id for section in sections)}
        for lang in LANGUAGES:
            source = (TEMPLATES / lang / f"{page}.html").read_text(encoding="utf-8")
            defined = set(re.findall(r"{%\s*macro\s+(\w+)\s*\(", source))
            assert defined == wanted, (page, lang, defined ^ wanted)


def test_pages_run_no_queries(app, client, count_queries):
    """A public information page reads nothing from the database."""
    with count_queries() as counted:
        for path in PATHS:
            assert client.get(path).status_code == 200
    assert counted.count == 0


def test_logged_in_people_see_the_same_public_pages(app, client):
    """A resident and a desk worker get the same pages (nothing of their own flats), and the
    pages take no parameters that could reach anyone's data."""
    tenant = make_tenant()
    login(client, tenant)
    anonymous = app.test_client()
    for path in PATHS:
        mine = client.get(path)
        assert mine.status_code == 200
        assert tenant.flat.number not in text_of(mine.text.split("<main", 1)[1].split("</main>")[0])
        assert client.get(f"{path}?flat=1&id=1").status_code == 200
        assert anonymous.get(path).status_code == 200
    desk = app.test_client()
    login(desk, make_staff())
    for path in PATHS:
        assert desk.get(path).status_code == 200
