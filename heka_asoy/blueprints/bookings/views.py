"""Bookings on the resident pages: sauna turns, parking spaces, waiting lists and offers.

Views are thin: every rule, read and write is in ``services.bookings``. Each page is about one
of the user's flats (the ``flat`` argument, checked against ``access``; the default is the first
flat with the right); every form names its flat again and the service checks access again.

The sauna page is one template with two HTMX blocks: choosing a sauna or a week gets the block
"grid"; booking, cancelling and queueing get "booking_area" (the grid and the flat's own
bookings). An HTMX refusal is answered 200 with the message in the swapped area (htmx does not
swap 4xx); an unknown or foreign id is a 404. Without JavaScript the forms post normally and
redirect back (PRG); a confirmation (booking, cancelling, renting, terminating) is a step of its
own that shows the fee or the computed end date first.
"""

from __future__ import annotations

from datetime import date, timedelta

from flask import Blueprint, request, url_for
from flask_babel import gettext as _
from flask_login import current_user

from ...extensions import htmx
from ...i18n import house_date, house_weekday_date
from ...labels import parking_kind_label, sauna_hour_label, weekday_name
from ...params import id_arg, parse_day, parse_id
from ...rendering import render
from ...services import access
from ...services import bookings as service
from ...services.bookings import BookingError, BookingNotFound
from ..resident.guards import resident_required
from .answers import attempt, flash_answer
from .forms import (
    AcceptForm,
    HourForm,
    QueueKindForm,
    RentForm,
    SingleForm,
    SkipForm,
    TurnForm,
)
from .messages import booking_error_text

bp = Blueprint("bookings", __name__)

#: How many coming weeks of a turn the "skip one week" choice offers.
SKIP_WEEKS = 8

# --- the flat -------------------------------------------------------------------------------


def _pick_flat(required: str | None, preferred: str | None = None) -> int:
    """The flat the page or form is about (the ``flat`` argument, checked by ``access``)."""
    return access.pick_flat(current_user, id_arg("flat"), required, preferred)


def _flat_choices(capability: str | None = None):
    flats = access.started_flats(current_user)
    return access.describe([fa for fa in flats if capability is None or fa.can(capability)])


def _can(flat_id: int, capability: str) -> bool:
    return any(
        fa.flat_id == flat_id and fa.can(capability) for fa in access.started_flats(current_user)
    )


def _hours_text(hour) -> str:
    return f"{hour.start_hour}–{hour.start_hour + 1}"


def _hour_text(hour) -> str:
    """The hour as "Monday 17–18" in the page's language."""
    return f"{weekday_name(hour.weekday)} {_hours_text(hour)}"


# --- sauna: reading -------------------------------------------------------------------------


def _earliest_start(sauna) -> date:
    return service.earliest_turn_start(sauna)


def _first_turn(sauna, day: date) -> date:
    """The first turn a booking from the grid's ``day`` gets: that day, or the same weekday of
    the first week the sauna's earliest start allows."""
    earliest = _earliest_start(sauna)
    if day >= earliest:
        return day
    return service.first_on_or_after(earliest, day.weekday())


def _skip_choices(turn, skipped: set[date]) -> list[date]:
    start = max(service.today(), turn.starts_on)
    first = service.first_on_or_after(start, turn.hour.weekday)
    days = [first + timedelta(weeks=i) for i in range(SKIP_WEEKS)]
    return [d for d in days if d not in skipped and (turn.ends_on is None or d <= turn.ends_on)]


def _sauna_context(flat_id: int, sauna_id: int | None, week: date, **extra) -> dict:
    """Everything the sauna page shows, in a number of queries that does not depend on how many
    bookings the sauna has (the flat's own bookings and queue entries only)."""
    saunas = service.company_saunas(flat_id)
    if sauna_id is not None:
        sauna = next((s for s in saunas if s.id == sauna_id), None)
        if sauna is None:
            raise BookingNotFound()
    else:
        sauna = saunas[0] if saunas else None
    grid_only = extra.get("grid_only")
    context = {
        "flats": [] if grid_only else _flat_choices("sauna"),  # the chooser is not in the grid
        "flat_id": flat_id,
        "saunas": saunas,
        "sauna": sauna,
        "hour_label": lambda hour: sauna_hour_label(hour.label),
        "hour_text": _hour_text,
        "hours_text": _hours_text,
        "hour_key": service.hour_key,
        "today": service.today(),
        **extra,
    }
    if sauna is None:
        return context
    grid = service.week_grid(sauna, week, flat_id)
    # The grid shows only the flat's places in queues; the page lists its bookings too.
    mine = {"queue": service.flat_sauna_queue(flat_id)} if grid_only else (
        service.flat_sauna_bookings(flat_id)
    )
    places = service.positions(mine["queue"])
    queue = [(entry, places[entry.id]) for entry in mine["queue"]]
    quota = service.turn_quota(flat_id, sauna, grid["week_start"])
    weekdays = {cell.hour.weekday for _start, cells in grid["rows"] for cell in cells.values()}
    this_week = service.today() - timedelta(days=service.today().weekday())
    days = [d for d in grid["days"] if d.weekday() in weekdays]
    context.update(
        grid=grid,
        days=days,
        grid_day=_shown_day(week, days, grid["week_start"]),
        day_names={day: house_weekday_date(day) for day in days},
        week_no=grid["week_start"].isocalendar()[1],
        week_end=grid["week_start"] + timedelta(days=6),
        prev_week=grid["week_start"] - timedelta(weeks=1)
        if grid["week_start"] > this_week
        else None,
        next_week=grid["week_start"] + timedelta(weeks=1),
        positions={entry.queue_key: pos for entry, pos in queue},
        earliest=_earliest_start(sauna),
        first_turn=lambda day: _first_turn(sauna, day),
        turns_used=quota.used,
        quota_full=quota.full,
        quota_free_from=quota.free_from,
        mine=mine,
        queue=queue,
    )
    if not grid_only:
        skipped = service.coming_skips([t.id for t in mine["turns"]])
        context.update(
            skipped=skipped,
            skip_choices={t.id: _skip_choices(t, skipped.get(t.id, set())) for t in mine["turns"]},
            queue_hours=_queue_hours(queue),
        )
    return context


def _shown_day(asked: date, days: list[date], week_start: date) -> date:
    """The day a narrow screen shows of the week (one column at a time): the asked date (the
    ``week`` argument may be any day of its week), else today, else the week's first sauna day.
    Forms of the page send it back, so an answer shows the day the resident was looking at."""
    for day in (asked, service.today()):
        if day in days:
            return day
    return days[0] if days else week_start


def _queue_hours(queue) -> dict:
    described = service.describe_sauna_hours([entry.queue_key for entry, _pos in queue])
    return {entry.id: described[entry.queue_key] for entry, _pos in queue}


def _state(name: str) -> str | None:
    """The page's state (``sauna``, ``week``) sent with a form. A form sends it as hidden fields;
    with HTMX the forms of "Your bookings" also include the grid's current state (data-hx-include),
    which comes last and wins, since the grid may have moved to another week meanwhile."""
    values = request.values.getlist(name)
    return values[-1] if values else None


def _state_sauna() -> int | None:
    return parse_id(_state("sauna"))


def _state_week() -> date:
    return parse_day(_state("week"), service.today())


def _sauna_args(flat_id: int) -> dict:
    """The page's state (flat, sauna, week) for the redirect back."""
    args = {"flat": flat_id}
    if _state_sauna():
        args["sauna"] = _state_sauna()
    if _state("week"):
        args["week"] = _state_week().isoformat()
    return args


def _vary(response):
    from flask import make_response

    response = make_response(response)
    response.vary.add("HX-Request")
    return response


@bp.get("/sauna")
@resident_required
def sauna():
    flat_id = _pick_flat("sauna")
    week = parse_day(request.args.get("week"), service.today())
    block = None
    if htmx and not htmx.history_restore_request:
        block = "booking_area" if request.args.get("area") else "grid"
    context = _sauna_context(flat_id, id_arg("sauna"), week, grid_only=block == "grid")
    return _vary(render("bookings/sauna.html", block=block, **context))


def _sauna_answer(
    flat_id: int,
    *,
    error: str | None = None,
    notice: str | None = None,
    week: date | None = None,
    **extra,
):
    """The answer to a sauna form: HTMX gets the booking area (with the message, or the
    confirmation step); a plain post a redirect back with the message flashed, or the page with
    the confirmation step. ``week`` shows another week than the form's (a new turn's first)."""
    if htmx or extra.get("confirm"):
        text = booking_error_text(error) if error else error
        context = _sauna_context(
            flat_id, _state_sauna(), week or _state_week(), error=text, notice=notice, **extra
        )
        return render("bookings/sauna.html", block="booking_area", **context)
    args = _sauna_args(flat_id)
    if week:
        args["week"] = week.isoformat()
    return flash_answer(url_for("bookings.sauna", **args), error=error, notice=notice)


# --- sauna: writing -------------------------------------------------------------------------


@bp.post("/sauna/book")
@resident_required
def book_turn():
    flat_id = _pick_flat("sauna")
    form = TurnForm(request.form)
    if not form.validate():
        return _sauna_answer(flat_id, error="bad_input")
    if form.confirm.data != "1":
        hour = service.flat_hour(flat_id, form.hour.data)
        if hour is None:
            return _sauna_answer(flat_id, error="not_own_company")
        try:  # the step never offers a start the booking would refuse
            service.check_start(form.starts_on.data, "sauna", hour.sauna)
        except BookingError as exc:
            return _sauna_answer(flat_id, error=exc)
        return _sauna_answer(
            flat_id,
            confirm={
                "kind": "book",
                "hour": hour,
                "sauna": hour.sauna,
                "starts_on": max(form.starts_on.data, _earliest_start(hour.sauna)),
                "earliest": _earliest_start(hour.sauna),
                "latest": service.last_start("sauna", hour.sauna),
            },
        )
    return attempt(
        _sauna_answer,
        flat_id,
        lambda: service.book_turn(current_user, flat_id, form.hour.data, form.starts_on.data),
        _booked_text,
        week=lambda turn: turn.starts_on,
    )


def _booked_text(turn) -> str:
    hour = service.hour_with_sauna(turn.hour_id)
    text = _(
        "Booked: %(hour)s every week from %(date)s.", hour=_hour_text(hour), date=_d(turn.starts_on)
    )
    if hour.sauna.monthly_fee:
        text += " " + _(
            "The turn adds %(fee)s a month to your charges.", fee=_money(hour.sauna.monthly_fee)
        )
    return text


@bp.post("/sauna/turns/<int:turn_id>/cancel")
@resident_required
def cancel_turn(turn_id: int):
    flat_id = _pick_flat("sauna")
    if request.form.get("confirm") != "1":
        turn = service.flat_turn(flat_id, turn_id)
        if turn.ends_on is not None:
            return _sauna_answer(flat_id, error="ended")
        ends_on = max(service.turn_end_preview(turn.hour.sauna), turn.starts_on)
        return _sauna_answer(flat_id, confirm={"kind": "cancel", "turn": turn, "ends_on": ends_on})
    return attempt(
        _sauna_answer,
        flat_id,
        lambda: service.cancel_turn(current_user, flat_id, turn_id),
        lambda turn: _(
            "Your turn %(hour)s is cancelled. It ends on %(date)s; the fee stops then.",
            hour=_hour_text(turn.hour),
            date=_d(turn.ends_on),
        ),
    )


@bp.post("/sauna/turns/<int:turn_id>/skip")
@resident_required
def skip_week(turn_id: int):
    flat_id = _pick_flat("sauna")
    form = SkipForm(request.form)
    if not form.validate():
        return _sauna_answer(flat_id, error="bad_input")
    return attempt(
        _sauna_answer,
        flat_id,
        lambda: service.skip_week(current_user, flat_id, turn_id, form.on_date.data),
        lambda _skip: _(
            "You gave up your turn on %(date)s. Others may book that hour once.",
            date=_d(form.on_date.data),
        ),
    )


@bp.post("/sauna/single")
@resident_required
def book_single():
    flat_id = _pick_flat("sauna")
    form = SingleForm(request.form)
    if not form.validate():
        return _sauna_answer(flat_id, error="bad_input")
    return attempt(
        _sauna_answer,
        flat_id,
        lambda: service.book_single(current_user, flat_id, form.hour.data, form.on_date.data),
        lambda booking: _(
            "Booked once: %(date)s at %(hours)s.",
            date=_d(booking.on_date),
            hours=_hours_text(service.hour_with_sauna(booking.hour_id)),
        ),
    )


@bp.post("/sauna/single/<int:booking_id>/cancel")
@resident_required
def cancel_single(booking_id: int):
    flat_id = _pick_flat("sauna")
    return attempt(
        _sauna_answer,
        flat_id,
        lambda: service.cancel_single(current_user, flat_id, booking_id),
        lambda _none: _("Your one-off booking is cancelled."),
    )


@bp.post("/sauna/queue")
@resident_required
def join_sauna_queue():
    flat_id = _pick_flat("sauna")
    form = HourForm(request.form)
    if not form.validate():
        return _sauna_answer(flat_id, error="bad_input")
    return attempt(
        _sauna_answer,
        flat_id,
        lambda: service.join_sauna_queue(current_user, flat_id, form.hour.data),
        lambda entry: _(
            "Your flat is on the waiting list, position %(n)s. We e-mail you when the hour frees.",
            n=service.position(entry),
        ),
    )


@bp.post("/sauna/queue/<int:entry_id>/leave")
@resident_required
def leave_sauna_queue(entry_id: int):
    return _leave_queue(
        entry_id, "sauna", "sauna_hour:", _sauna_answer, _("Your flat left the waiting list.")
    )


def _leave_queue(entry_id: int, capability: str, prefix: str, answer, notice: str):
    """Take the flat off its waiting list (``capability`` "sauna" or "parking"; the entry's
    queue key starts with ``prefix``), answered by ``answer``."""
    flat_id = _pick_flat(capability)
    service.flat_waiting_entry(flat_id, entry_id, prefix)
    return attempt(
        answer,
        flat_id,
        lambda: service.leave_queue(current_user, flat_id, entry_id, capability),
        lambda _none: notice,
    )


# --- parking --------------------------------------------------------------------------------


def _parking_context(flat_id: int, **extra) -> dict:
    company = service.flat_company(flat_id)
    spaces = service.parking_spaces(company.id)
    allowance = service.parking_allowance(flat_id)
    return {
        **extra,
        "allowance": allowance,
        # the refusal's own words: the page says what a rental would be told
        "cap_text": booking_error_text(BookingError("cap", cap=allowance.cap)),
        "flats": _flat_choices(),
        "flat_id": flat_id,
        "company": company,
        "can_rent": _can(flat_id, "parking"),
        "free_by_kind": spaces["free_by_kind"],
        "kinds": spaces["kinds"],
        "contracts": service.flat_contracts(flat_id),
        "queue": service.flat_parking_queues(flat_id, company.id),
        "offered_to_me": flat_id in spaces["offered_flats"],
        "today": service.today(),
        "end_preview": service.parking_end_preview(company),
    }


@bp.get("/parking")
@resident_required
def parking():
    flat_id = access.pick_flat_to_view(current_user, id_arg("flat"), "parking")
    return render("bookings/parking.html", **_parking_context(flat_id))


def _parking_answer(flat_id: int, *, error: str | None = None, notice: str | None = None):
    return flash_answer(url_for("bookings.parking", flat=flat_id), error=error, notice=notice)


@bp.post("/parking/rent")
@resident_required
def rent_space():
    flat_id = _pick_flat("parking")
    form = RentForm(request.form)
    if not form.validate():
        return _parking_answer(flat_id, error="bad_input")
    if form.confirm.data != "1":
        space = service.space_with_company(form.space.data)
        company = space.housing_company
        if company.id != service.flat_company(flat_id).id:
            return _parking_answer(flat_id, error="not_own_company")
        try:
            service.check_rental(flat_id, form.starts_on.data)
        except BookingError as exc:
            # Said beside the space's start date, which stays as given to be corrected; a flat
            # at its cap has no date to correct (the page shows no rent forms then).
            rent_error = {
                "space": space.id,
                "text": booking_error_text(exc),
                "value": form.starts_on.data,
            }
            context = _parking_context(flat_id, rent_error=rent_error)
            if context["allowance"].earliest is None:
                return _parking_answer(flat_id, error=exc)
            return render("bookings/parking.html", **context), 422
        return render(
            "bookings/parking_confirm.html",
            kind="rent",
            flat_id=flat_id,
            space=space,
            starts_on=form.starts_on.data,
            company=company,
        )
    return attempt(
        _parking_answer,
        flat_id,
        lambda: service.rent_space(current_user, flat_id, form.space.data, form.starts_on.data),
        _rented_text,
    )


def _rented_text(contract) -> str:
    space = service.parking_space(contract.space_id)
    return _(
        "You rented parking space %(code)s from %(date)s. %(fee)s a month joins your charges.",
        code=space.code,
        date=_d(contract.starts_on),
        fee=_money(space.monthly_fee),
    )


@bp.post("/parking/contracts/<int:contract_id>/terminate")
@resident_required
def terminate_contract(contract_id: int):
    flat_id = _pick_flat("parking")
    if request.form.get("confirm") != "1":
        contract = service.flat_contract(flat_id, contract_id)
        if contract.notice_given_on is not None:
            return _parking_answer(flat_id, error="ended")
        company = contract.space.housing_company
        return render(
            "bookings/parking_confirm.html",
            kind="terminate",
            flat_id=flat_id,
            contract=contract,
            space=contract.space,
            company=company,
            ends_on=max(service.parking_end_preview(company), contract.starts_on),
        )
    return attempt(
        _parking_answer,
        flat_id,
        lambda: service.terminate_contract(current_user, flat_id, contract_id),
        lambda contract: _(
            "The contract is terminated. It ends on %(date)s; the fee stops then.",
            date=_d(contract.ends_on),
        ),
    )


@bp.post("/parking/queue")
@resident_required
def join_parking_queue():
    flat_id = _pick_flat("parking")
    form = QueueKindForm(request.form)  # the service refuses an unknown type (404)
    return attempt(
        _parking_answer,
        flat_id,
        lambda: service.join_parking_queue(current_user, flat_id, form.kind.data),
        lambda entry: _(
            "Your flat is in the queue for %(kind)s, position %(n)s.",
            kind=parking_kind_label(form.kind.data),
            n=service.position(entry),
        ),
    )


@bp.post("/parking/queue/<int:entry_id>/leave")
@resident_required
def leave_parking_queue(entry_id: int):
    return _leave_queue(
        entry_id, "parking", "parking:", _parking_answer, _("Your flat left the queue.")
    )


# --- offers ---------------------------------------------------------------------------------


def _offer_start(ref: dict, flat_id: int) -> date:
    """The earliest start of what is offered (a sauna turn: its first weekday the sauna's
    earliest start allows; a parking space: the first day the flat's cap allows)."""
    if ref["kind"] == "sauna":
        return service.first_on_or_after(_earliest_start(ref["sauna"]), ref["hour"].weekday)
    return service.parking_allowance(flat_id).earliest or service.today()


@bp.get("/offers")
@resident_required
def offers():
    """Open offers of every flat of the user (the offer mail links here without a flat)."""
    flats = access.started_flats(current_user)
    summaries = {s.flat_id: s for s in access.describe(flats)}
    offered = service.open_offers([fa.flat_id for fa in flats])
    refs = service.describe_refs([entry.offer_ref for entry in offered])
    allowances: dict[int, date] = {}  # one parking allowance per flat, not per offer
    items = []
    for entry in offered:
        ref = refs[entry.offer_ref]
        capability = "sauna" if ref["kind"] == "sauna" else "parking"
        if ref["kind"] == "sauna":
            earliest = _offer_start(ref, entry.flat_id)
        elif entry.flat_id in allowances:
            earliest = allowances[entry.flat_id]
        else:
            earliest = allowances[entry.flat_id] = _offer_start(ref, entry.flat_id)
        items.append(
            {
                "entry": entry,
                "ref": ref,
                "flat": summaries[entry.flat_id],
                "can": _can(entry.flat_id, capability),
                "earliest": earliest,
            }
        )
    return render(
        "bookings/offers.html",
        items=items,
        several_flats=len(flats) > 1,
        hour_text=_hour_text,
    )


def _offers_answer(_flat_id: int, *, error: str | None = None, notice: str | None = None):
    """A refusal or notice about an offer, on the offers page."""
    return flash_answer(url_for("bookings.offers"), error=error, notice=notice)


@bp.post("/offers/<int:entry_id>/accept")
@resident_required
def accept_offer(entry_id: int):
    flat_id = _pick_flat(None)
    entry = service.flat_entry(flat_id, entry_id)
    form = AcceptForm(request.form)
    if not form.validate():
        return _offers_answer(flat_id, error="bad_input")
    parking = bool(entry.offer_ref and entry.offer_ref.startswith("parking_space:"))
    starts_on = form.starts_on.data
    if starts_on is None and entry.offer_ref and not parking:
        starts_on = _offer_start(service.describe_ref(entry.offer_ref), flat_id)
    try:
        result = service.accept_offer(current_user, flat_id, entry_id, starts_on)
    except BookingError as exc:
        return _offers_answer(flat_id, error=exc)
    if parking:
        return flash_answer(
            url_for("bookings.parking", flat=flat_id),
            notice=_(
                "You accepted the offer: the parking space is yours from %(date)s.",
                date=_d(result.starts_on),
            ),
        )
    return flash_answer(
        url_for("bookings.sauna", flat=flat_id),
        notice=_(
            "You accepted the offer: the sauna turn is yours from %(date)s.",
            date=_d(result.starts_on),
        ),
    )


@bp.post("/offers/<int:entry_id>/decline")
@resident_required
def decline_offer(entry_id: int):
    flat_id = _pick_flat(None)
    return attempt(
        _offers_answer,
        flat_id,
        lambda: service.decline_offer(current_user, flat_id, entry_id),
        lambda _none: _("You declined the offer; it goes to the next in line."),
    )


# --- formatting -----------------------------------------------------------------------------


#: Dates in the messages: the house style of the page's language.
_d = house_date


def _money(amount) -> str:
    from ...i18n import money

    return money(amount)
