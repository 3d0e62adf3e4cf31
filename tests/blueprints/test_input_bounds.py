"""Out-of-range ids, numbers and dates are a 404 or a field error, never an error 500.

An id above 2**63 - 1 overflows SQLite's INTEGER (above 2**31 - 1 PostgreSQL's integer column,
when written); a date near 9999-12-31 overflows as soon as a week or a notice period is added to
it. The first tests are the cases
found by hand; the last throws such values (hypothesis) at every route of the app that takes an
id in its path or reads a parameter, logged in as whoever may open it.
"""

from __future__ import annotations

import io
import re
from datetime import UTC, date, datetime, timedelta
from urllib.parse import quote

import pytest
from flask import Request
from hypothesis import HealthCheck, example, given, settings
from hypothesis import strategies as st
from PIL import Image
from werkzeug.datastructures import ImmutableMultiDict

from heka_asoy.domain import faults as rules
from heka_asoy.models import FaultPhoto, FaultReport, SaunaSingleBooking
from heka_asoy.params import MAX_ID, parse_day, parse_id, parse_int
from heka_asoy.services import faults as service
from heka_asoy.services.bookings import hour_key, parking_queue_key, space_key
from heka_asoy.services.faults import ReportInput
from tests.booking_factories import (
    bookable_hours,
    make_contract,
    make_entry,
    make_parking_space,
    make_sauna,
    make_turn,
)
from tests.factories import (
    login,
    make_ann_announcement,
    make_appointment,
    make_flat_document,
    make_staff,
    make_tenant,
)

HUGE = "99999999999999999999999"
BAD_INPUT = "Check the date and try again."

#: Values that broke pages, by what the place takes: ids and numbers (past 2**63 - 1 and past
#: the largest id, negative, zero, 30 digits, a digit int() refuses), dates and date-times whose
#: arithmetic overflows, and malformed ones.
NASTY_NUMBERS = (HUGE, str(2**63), str(MAX_ID + 1), "-1", "0", "1" * 30, "²")
NASTY_DAYS = ("9999-12-27", "9999-12-31", "0001-01-01", "2026-02-30")
NASTY_MOMENTS = ("0001-01-01T00:00", "9999-12-31T23:59", "2026-02-30T10:00")
NASTY = NASTY_NUMBERS + NASTY_DAYS + NASTY_MOMENTS


def nasty_for(valid: str) -> tuple[str, ...]:
    """The nasty values of the kind a place takes, judged by its valid value."""
    if re.fullmatch(r"\d{4}-\d\d-\d\dT\d\d:\d\d", valid):
        return NASTY_MOMENTS
    if re.fullmatch(r"\d{4}-\d\d-\d\d", valid):
        return NASTY_DAYS
    return NASTY_NUMBERS


#: Every other value hypothesis tries: any integer, any date or date-time, any short text.
VALUES = st.one_of(
    st.sampled_from(NASTY),
    st.integers().map(str),
    st.dates().map(date.isoformat),
    st.datetimes().map(lambda moment: moment.strftime("%Y-%m-%dT%H:%M")),
    st.text(max_size=24),
)


def jpeg() -> bytes:
    buffer = io.BytesIO()
    Image.new("RGB", (32, 24), (200, 30, 30)).save(buffer, "JPEG")
    return buffer.getvalue()


def next_monday() -> date:
    today = date.today()
    return today + timedelta(days=7 - today.weekday())


def file_report(user, app, description: str) -> FaultReport:
    """A report of the user's flat with a photo, sent to maintenance."""
    with app.test_request_context():
        report = service.file_report(
            user,
            user.flat.id,
            ReportInput(
                category="water.tap",
                description=description,
                location="kitchen",
                phone="040 123 4567",
                photos=[jpeg()],
            ),
        )
    service.forward_due(datetime.now(UTC) + timedelta(days=30))
    report = FaultReport.get_by_id(report.id)
    assert report.status == rules.SENT_TO_MAINTENANCE
    return report


class World:
    """A tenant's flat with every kind of row a route can name (a report with a photo, a sauna
    turn, a one-off booking, queue entries, an offer, a parking space and contract), a desk
    user, and the ids and form values that are valid for them."""

    def __init__(self, app):
        self.tenant = make_tenant()
        flat = self.tenant.flat
        company = flat.housing_company
        self.staff = make_staff(role="admin")
        sauna = make_sauna(company)
        hours = bookable_hours(sauna)
        turn = make_turn(hours[0], flat)
        single = SaunaSingleBooking.create(hour=hours[1], flat=flat, on_date=next_monday())
        queued = make_entry(hour_key(hours[2].id), flat)
        space = make_parking_space(company)
        contract = make_contract(space, flat)
        free_space = make_parking_space(company)
        offer = make_entry(
            parking_queue_key(company.id, "outdoor"),
            flat,
            status="offered",
            offered_at=datetime.now(UTC).replace(tzinfo=None),
            offer_expires_at=(datetime.now(UTC) + timedelta(days=3)).replace(tzinfo=None),
            offer_ref=f"parking_space:{free_space.id}",
            hold_key=f"{space_key(free_space.id)}|offer",
        )
        report = file_report(self.tenant, app, "The left hotplate of the stove does not heat.")
        photo = FaultPhoto.get(FaultPhoto.report == report)
        self.token = service.maintenance_token(report)
        #: A valid value for each id in a route's path.
        self.path = {
            "report_id": report.id,
            "photo_id": photo.id,
            "turn_id": turn.id,
            "booking_id": single.id,
            "entry_id": queued.id,
            "contract_id": contract.id,
            "company_id": company.id,
            "sauna_id": sauna.id,
            "hour_id": hours[3].id,
            "space_id": space.id,
            "token": self.token,
            "announcement_id": make_ann_announcement().id,
            "document_id": make_flat_document(company).id,
            "appointment_id": make_appointment(self.tenant, flat=flat).id,
            "flat_id": flat.id,
        }
        #: Rows of their own for the routes that close or remove what other routes name.
        self.path_of = {
            "staff_bookings.remove_hour": {"hour_id": hours[5].id},
            "staff_bookings.remove_space": {"space_id": make_parking_space(company).id},
            "bookings.accept_offer": {"entry_id": offer.id},
            "staff_documents.delete": {"document_id": make_flat_document(company).id},
        }
        monday = next_monday()
        #: A valid value for each parameter a route reads from the query or the form.
        self.params = {
            "flat": str(flat.id),
            "building": str(flat.building_id),
            "sauna": str(sauna.id),
            "week": monday.isoformat(),
            "hour": str(hours[4].id),
            "starts_on": monday.isoformat(),
            "on_date": monday.isoformat(),
            "ends_on": (monday + timedelta(days=60)).isoformat(),
            "space": str(free_space.id),
            "company": str(company.id),
            "page": "1",
            "version": str(report.version),
            "visit_at": (monday + timedelta(days=1)).isoformat() + "T10:00",
            "resident_id": str(self.tenant.resident_id),
            "weekday": "2",
            "start_hour": "8",
            "kind": "outdoor",
            "publish_at": (monday + timedelta(days=1)).isoformat() + "T09:00",
            "expires_at": (monday + timedelta(days=2)).isoformat() + "T09:00",
            "day": monday.isoformat(),
            "whom_id": str(flat.id),
            "since": monday.isoformat(),
            "until": monday.isoformat(),
            "after": "5",
        }


# --- the cases found by hand ------------------------------------------------------------------


@pytest.fixture
def world(app):
    app.config["PROPAGATE_EXCEPTIONS"] = False  # a crash must show as the 500 a visitor sees
    return World(app)


def client_of(app, user=None):
    client = app.test_client()
    if user is not None:
        login(client, user)
    return client


@pytest.mark.parametrize(
    "url",
    [
        f"/my/faults/{HUGE}",
        f"/my/faults/photo/{HUGE}",
        f"/my/faults/{2**63}",
        "/my/faults/0",
        f"/my/faults/{'9' * 5000}",
        "/my/faults/%C2%B2",
    ],
)
def test_resident_url_with_an_id_out_of_range_is_404(app, world, url):
    """Is an id past 2**63 - 1, zero, thousands of digits or not an ASCII digit a 404?"""
    assert client_of(app, world.tenant).get(url).status_code == 404


@pytest.mark.parametrize("url", [f"/staff/faults/{HUGE}", f"/staff/faults/photo/{HUGE}"])
def test_staff_url_with_an_id_out_of_range_is_404(app, world, url):
    assert client_of(app, world.staff).get(url).status_code == 404


def test_maintenance_photo_out_of_range_is_404(app, world):
    """Behind a valid maintenance link, is a photo id past 2**63 - 1 a 404?"""
    client = client_of(app)
    assert client.get(f"/maintenance/{world.token}").status_code == 200
    assert client.get(f"/maintenance/{world.token}/photo/{HUGE}").status_code == 404


def test_public_form_building_out_of_range_is_no_building(app, world):
    """Is a building id past 2**63 - 1 answered like no building chosen (no flats)?"""
    client = client_of(app)
    for url in (f"/report-fault/flats?building={HUGE}", f"/report-fault/?building={HUGE}"):
        answer = client.get(url)
        assert answer.status_code == 200
        assert "Choose the address first" in answer.get_data(as_text=True)


@pytest.mark.parametrize("week", ["9999-12-27", "9999-12-31", "0001-01-01", "2026-02-30"])
def test_sauna_week_out_of_range_shows_this_week(app, world, week):
    """Does a week the calendar cannot page to show the current week, like a malformed one?"""
    client = client_of(app, world.tenant)
    grid = {"HX-Request": "true"}
    this_week = client.get("/my/bookings/sauna?week=nonsense", headers=grid)
    answer = client.get(f"/my/bookings/sauna?week={week}", headers=grid)
    assert answer.status_code == 200
    assert answer.get_data(as_text=True) == this_week.get_data(as_text=True)


TOO_FAR = "The start date is too far ahead."
PAST = "The date has already passed."


@pytest.mark.parametrize(
    ("path", "field", "value", "message"),
    [
        ("sauna/book", "starts_on", "9999-12-31", TOO_FAR),
        ("sauna/book", "starts_on", "0001-01-01", PAST),
        ("sauna/book", "hour", "1" * 30, BAD_INPUT),
        ("sauna/book", "hour", HUGE, BAD_INPUT),
        ("sauna/single", "on_date", "9999-12-31", BAD_INPUT),
        ("sauna/single", "on_date", "0001-01-01", BAD_INPUT),
        ("sauna/queue", "hour", HUGE, BAD_INPUT),
        ("parking/rent", "starts_on", "9999-12-31", TOO_FAR),
        ("parking/rent", "space", HUGE, BAD_INPUT),
    ],
)
@pytest.mark.parametrize("confirm", ["", "1"])
def test_booking_form_value_out_of_range_is_said(app, world, path, field, value, message, confirm):
    """Is an hour or space id past the largest id, or a date near the ends of the calendar,
    answered in words (with and without the confirmation step): a start by the service's
    window, another date or an id as bad input?"""
    data = {**world.params, field: value, "confirm": confirm}
    answer = client_of(app, world.tenant).post(
        f"/my/bookings/{path}", data=data, follow_redirects=True
    )
    assert answer.status_code in (200, 422)
    assert message in answer.get_data(as_text=True)


@pytest.mark.parametrize("visit_at", ["0001-01-01T00:00", "9999-12-31T23:59"])
def test_visit_time_out_of_range_is_a_field_error(app, world, visit_at):
    """Does a visit time whose time zone conversion would overflow get a field error?"""
    data = {"status": rules.VISIT_AGREED, "visit_at": visit_at, "version": world.params["version"]}
    report_id = world.path["report_id"]
    desk = client_of(app, world.staff).post(f"/staff/faults/{report_id}/status", data=data)
    assert desk.status_code == 422
    assert "Enter a date between" in desk.get_data(as_text=True)
    link = client_of(app).post(f"/maintenance/{world.token}", data=data)
    assert link.status_code == 422
    assert "Enter a date between" in link.get_data(as_text=True)


@pytest.mark.parametrize(
    ("field", "message"),
    [("starts_on", "The start date is too far ahead."), ("ends_on", "Enter a date between")],
)
def test_staff_booking_date_out_of_range_is_said(app, world, field, message):
    """Does the desk's turn assignment (the service's window) or ending (the date range) say
    what is wrong with a date near the end of the calendar?"""
    client = client_of(app, world.staff)
    if field == "starts_on":
        url = f"/staff/bookings/hour/{world.path['hour_id']}/assign"
        data = {"assign-flat": world.params["flat"], "assign-starts_on": "9999-12-31"}
    else:
        url = f"/staff/bookings/turn/{world.path['turn_id']}/end"
        data = {"end-ends_on": "9999-12-31"}
    answer = client.post(url, data=data)
    assert answer.status_code in (409, 422)
    assert message in answer.get_data(as_text=True)


@pytest.mark.parametrize("value", [HUGE, "²", "-5", "abc", ""])
def test_desk_identification_of_an_unknown_resident_is_404(app, world, value):
    client = client_of(app, world.staff)
    answer = client.post(
        "/staff/identification", data={"resident_id": value, "document_type": "passport"}
    )
    assert answer.status_code in (200, 404)
    if value.strip("-").isascii() and value.strip("-").isdigit():
        assert answer.status_code == 404


@pytest.mark.parametrize("value", [HUGE, "²", "1_0", "-3", str(MAX_ID)])
def test_queue_filters_out_of_range_fall_back(app, world, value):
    """Are the desk queue's company, age and page filters ignored when out of range?"""
    client = client_of(app, world.staff)
    for name in ("company", "older_than", "page"):
        assert client.get(f"/staff/faults/?{name}={value}").status_code == 200
    assert client.get(f"/staff/bookings/?company={value}").status_code in (200, 302)


def test_parsers_bound_ids_numbers_and_dates():
    assert parse_id("12") == 12
    assert parse_id(str(MAX_ID)) == MAX_ID
    for bad in (str(MAX_ID + 1), "0", "-1", "²", "1_000", "+5", "", None, "1" * 30):
        assert parse_id(bad) is None
    assert parse_int("-3", -5, 5) == -3
    assert parse_int("6", -5, 5) is None
    assert parse_day("2026-01-05") == date(2026, 1, 5)
    default = date(2026, 1, 1)
    for bad in ("9999-12-31", "0001-01-01", "2026-02-30", "", None, "x"):
        assert parse_day(bad, default) == default


# --- every route ----------------------------------------------------------------------------

#: Whose pages a blueprint's routes are: a tenant's, the desk's, or anyone's.
RESIDENT_BLUEPRINTS = {
    "resident", "faults", "bookings", "lease", "announcements", "flat", "my_appointments",
}
STAFF_BLUEPRINTS = {
    "staff", "staff_faults", "staff_bookings", "staff_terminations", "staff_mailbox",
    "staff_announcements", "staff_documents",
    "staff_office",
    "staff_register", "staff_audit", "staff_accounts",
}
#: Routes that only lead elsewhere or end the session: nothing there reads an id or a date.
SKIPPED_ENDPOINTS = {"static", "auth.logout"}
_PLACEHOLDER = re.compile(r"<(?:(\w+)(?:\([^)]*\))?:)?(\w+)>")

_read: set[str] = set()


class RecordingDict(ImmutableMultiDict):
    """Query and form parameters that note every name a view asks for."""

    def __contains__(self, key):
        _read.add(key)
        return super().__contains__(key)

    def __getitem__(self, key):
        _read.add(key)
        return super().__getitem__(key)

    def get(self, key, default=None, type=None):
        _read.add(key)
        return super().get(key, default, type)

    def getlist(self, key, type=None):
        _read.add(key)
        return super().getlist(key, type)


class RecordingRequest(Request):
    parameter_storage_class = RecordingDict


class Target:
    """One route and method, with what can be thrown at it: the ids in its path and the
    parameters its view reads (learnt by sending it valid values first)."""

    def __init__(self, rule, method, client, world):
        self.rule = rule
        self.method = method
        self.client = client
        self.world = world
        self.path_ids = [name for conv, name in _PLACEHOLDER.findall(rule.rule) if conv == "int"]
        self.path_values = {**world.path, **world.path_of.get(rule.endpoint, {})}
        self.valid = dict(world.params)
        _read.clear()
        self.send()
        # A form with a prefix reads "assign-starts_on": give it the valid "starts_on" too.
        for name in list(_read):
            suffix = name.rpartition("-")[2]
            if name != suffix and suffix in world.params:
                self.valid[name] = world.params[suffix]
        self.send()
        self.params = sorted(_read)

    def nasty_throws(self) -> list[tuple[str, str]]:
        """Each nasty value of its kind at each id in the path and each parameter that takes an
        id, a number or a date."""
        throws = [(f"path:{name}", value) for name in self.path_ids for value in NASTY_NUMBERS]
        for name in self.params:
            if name in self.valid:
                throws += [(name, value) for value in nasty_for(self.valid[name])]
        return throws

    @property
    def places(self) -> list[str]:
        return [f"path:{name}" for name in self.path_ids] + self.params

    def send(self, place: str | None = None, value: str | None = None):
        params = dict(self.valid)
        path_values = dict(self.path_values)
        if place and place.startswith("path:"):
            path_values[place.removeprefix("path:")] = value
        elif place:
            params[place] = value

        def fill(match):
            return quote(str(path_values.get(match.group(2), "x")), safe="")

        url = _PLACEHOLDER.sub(fill, self.rule.rule)
        if self.method == "GET":
            return self.client.get(url, query_string=params)
        return self.client.post(url, data=params)

    def __repr__(self):
        return f"{self.method} {self.rule.rule}"


@pytest.fixture
def targets(app, world):
    """Every route and method of the app that takes an id or reads a parameter, with a client
    logged in as whoever may open it."""
    for endpoint in ("staff_faults.cancel", "staff_faults.redirect_to_heka"):
        report = file_report(world.tenant, app, f"A fault the desk closes by {endpoint}.")
        world.path_of[endpoint] = {"report_id": report.id}
    app.request_class = RecordingRequest
    clients = {
        "resident": client_of(app, world.tenant),
        "staff": client_of(app, world.staff),
        "anyone": client_of(app),
    }
    found = []
    for rule in app.url_map.iter_rules():
        if rule.endpoint in SKIPPED_ENDPOINTS:
            continue
        blueprint = rule.endpoint.partition(".")[0]
        who = (
            "resident"
            if blueprint in RESIDENT_BLUEPRINTS
            else "staff"
            if blueprint in STAFF_BLUEPRINTS
            else "anyone"
        )
        for method in sorted(rule.methods & {"GET", "POST"}):
            target = Target(rule, method, clients[who], world)
            if target.places:
                found.append(target)
    assert len(found) > 50  # every id route and every page with parameters
    return found


@settings(
    max_examples=8,
    deadline=None,
    database=None,
    suppress_health_check=[HealthCheck.function_scoped_fixture, HealthCheck.too_slow],
)
@given(data=st.data())
@example(data=None)
def test_no_value_in_any_id_or_parameter_is_a_server_error(targets, data):
    """Throw nasty and random values, one place at a time, at every route: is every answer
    below 500? (``data=None``: each nasty value at every place of every route, once.)"""
    failures = []
    for target in targets:
        if data is None:
            throws = target.nasty_throws()
        else:
            place = data.draw(st.sampled_from(target.places), label=repr(target))
            throws = [(place, data.draw(VALUES, label=place))]
        for place, value in throws:
            status = target.send(place, value).status_code
            if status >= 500:
                failures.append(f"{target} {place}={value!r}: {status}")
    assert not failures, "\n".join(failures)
