"""Bookings on the resident pages: sauna turns, parking spaces, waiting lists and offers.

Views are thin: every rule and every write is in ``services.bookings``. Each page is about one
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

from flask import abort, flash, redirect, request, url_for
from flask_babel import gettext as _
from flask_login import current_user

from ...extensions import htmx
from ...labels import parking_kind_label, weekday_name
from ...models import (
    Flat,
    HousingCompany,
    ParkingContract,
    ParkingSpace,
    Sauna,
    SaunaHour,
    SaunaTurn,
    SaunaTurnSkip,
    WaitingListEntry,
    utcnow,
)
from ...rendering import render
from ...services import access
from ...services import bookings as service
from ...services.bookings import PARKING_KINDS, BookingError
from ..resident.guards import resident_required
from . import bp
from .forms import (
    AcceptForm,
    HourForm,
    QueueKindForm,
    RentForm,
    SingleForm,
    SkipForm,
    TurnForm,
    parse_day,
)
from .messages import HOUR_LABELS, booking_error_text

#: How many coming weeks of a turn the "skip one week" choice offers.
SKIP_WEEKS = 8

# --- the flat -------------------------------------------------------------------------------


def _pick_flat(required: str | None, preferred: str | None = None) -> int:
    """The flat the page or form is about.

    The ``flat`` argument must be one of the user's started flats (404 otherwise) with the
    ``required`` right (403 otherwise). Without it: the first flat with ``preferred`` (or
    ``required``), else the first flat (when nothing is required)."""
    flats = access.started_flats(current_user)
    wanted = request.values.get("flat", type=int)
    if wanted is not None:
        if required:
            access.flat_access(current_user, wanted, required)
        elif wanted not in {fa.flat_id for fa in flats}:
            abort(404)
        return wanted
    want = preferred or required
    for fa in flats:
        if want is None or fa.can(want):
            return fa.flat_id
    if required is None and flats:
        return flats[0].flat_id
    abort(403)


def _flat_choices(capability: str | None = None):
    flats = access.started_flats(current_user)
    return access.describe([fa for fa in flats if capability is None or fa.can(capability)])


def _can(flat_id: int, capability: str) -> bool:
    return any(
        fa.flat_id == flat_id and fa.can(capability) for fa in access.started_flats(current_user)
    )


def _hours_text(hour: SaunaHour) -> str:
    return f"{hour.start_hour}–{hour.start_hour + 1}"


def _hour_text(hour: SaunaHour) -> str:
    """The hour as "Monday 17–18" in the page's language."""
    return f"{weekday_name(hour.weekday)} {_hours_text(hour)}"


def _not_found_or(code: str):
    """Foreign or unknown ids are answered 404 (their existence is not revealed)."""
    if code == "not_found":
        abort(404)


# --- sauna: reading -------------------------------------------------------------------------


def _earliest_start(sauna: Sauna) -> date:
    return service.today() + timedelta(days=sauna.earliest_start_days)


def _first_turn(sauna: Sauna, day: date) -> date:
    """The first turn a booking from the grid's ``day`` gets: that day, or the same weekday of
    the first week the sauna's earliest start allows."""
    earliest = _earliest_start(sauna)
    if day >= earliest:
        return day
    return service.first_on_or_after(earliest, day.weekday())


def _skip_choices(turn: SaunaTurn, skipped: set[date]) -> list[date]:
    start = max(service.today(), turn.starts_on)
    first = service.first_on_or_after(start, turn.hour.weekday)
    days = [first + timedelta(weeks=i) for i in range(SKIP_WEEKS)]
    return [d for d in days if d not in skipped and (turn.ends_on is None or d <= turn.ends_on)]


def _sauna_context(flat_id: int, sauna_id: int | None, week: date, **extra) -> dict:
    """Everything the sauna page shows, in a number of queries that does not depend on how many
    bookings the sauna has (the flat's own bookings and queue entries only)."""
    flat = Flat.get_by_id(flat_id)
    saunas = list(
        Sauna.select()
        .where(Sauna.housing_company == flat.housing_company_id)
        .order_by(Sauna.name, Sauna.id)
    )
    if sauna_id is not None:
        sauna = next((s for s in saunas if s.id == sauna_id), None)
        if sauna is None:
            abort(404)
    else:
        sauna = saunas[0] if saunas else None
    context = {
        "flats": _flat_choices("sauna"),
        "flat_id": flat_id,
        "saunas": saunas,
        "sauna": sauna,
        "hour_label": lambda hour: HOUR_LABELS.get(hour.label, HOUR_LABELS[""]),
        "hour_text": _hour_text,
        "hours_text": _hours_text,
        "hour_key": service.hour_key,
        "today": service.today(),
        **extra,
    }
    if sauna is None:
        return context
    grid = service.week_grid(sauna, week, flat_id)
    mine = service.flat_sauna_bookings(flat_id)
    places = service.positions(mine["queue"])
    queue = [(entry, places[entry.id]) for entry in mine["queue"]]
    used = sum(1 for t in mine["turns"] if t.hour.sauna_id == sauna.id and t.hold_key is not None)
    weekdays = {cell.hour.weekday for _start, cells in grid["rows"] for cell in cells.values()}
    this_week = service.today() - timedelta(days=service.today().weekday())
    context.update(
        grid=grid,
        days=[d for d in grid["days"] if d.weekday() in weekdays],
        week_no=grid["week_start"].isocalendar()[1],
        week_end=grid["week_start"] + timedelta(days=6),
        prev_week=grid["week_start"] - timedelta(weeks=1)
        if grid["week_start"] > this_week
        else None,
        next_week=grid["week_start"] + timedelta(weeks=1),
        positions={entry.queue_key: pos for entry, pos in queue},
        earliest=_earliest_start(sauna),
        first_turn=lambda day: _first_turn(sauna, day),
        turns_used=used,
        quota_full=used >= sauna.turns_per_flat,
        mine=mine,
        queue=queue,
    )
    if not extra.get("grid_only"):
        turn_ids = [t.id for t in mine["turns"]]
        skipped: dict[int, set[date]] = {}
        for skip in SaunaTurnSkip.select().where(
            SaunaTurnSkip.turn.in_(turn_ids) & (SaunaTurnSkip.on_date >= service.today())
        ):
            skipped.setdefault(skip.turn_id, set()).add(skip.on_date)
        context.update(
            skipped=skipped,
            skip_choices={t.id: _skip_choices(t, skipped.get(t.id, set())) for t in mine["turns"]},
            queue_hours=_queue_hours(queue),
        )
    return context


def _queue_hours(queue) -> dict:
    described = service.describe_sauna_hours([entry.queue_key for entry, _pos in queue])
    return {entry.id: described[entry.queue_key] for entry, _pos in queue}


def _state(name: str) -> str | None:
    """The page's state (``sauna``, ``week``) sent with a form. A form sends it as hidden fields;
    with HTMX the forms of "Your bookings" also include the grid's current state (hx-include),
    which comes last and wins, since the grid may have moved to another week meanwhile."""
    values = request.values.getlist(name)
    return values[-1] if values else None


def _state_sauna() -> int | None:
    value = _state("sauna")
    return int(value) if value and value.isdigit() else None


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
    context = _sauna_context(
        flat_id, request.args.get("sauna", type=int), week, grid_only=block == "grid"
    )
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
    if error:
        _not_found_or(error)
        error = booking_error_text(error)
    if htmx or extra.get("confirm"):
        context = _sauna_context(
            flat_id, _state_sauna(), week or _state_week(), error=error, notice=notice, **extra
        )
        return render("bookings/sauna.html", block="booking_area", **context)
    if error:
        flash(error, "error")
    elif notice:
        flash(notice, "success")
    args = _sauna_args(flat_id)
    if week:
        args["week"] = week.isoformat()
    return redirect(url_for("bookings.sauna", **args))


def _own_hour(flat_id: int, hour_id: int) -> tuple[SaunaHour, Sauna] | None:
    """The hour with its sauna if it is in the flat's housing company's sauna."""
    hour = (
        SaunaHour.select(SaunaHour, Sauna)
        .join(Sauna)
        .join(Flat, on=(Flat.housing_company == Sauna.housing_company))
        .where((SaunaHour.id == hour_id) & (Flat.id == flat_id))
        .first()
    )
    return (hour, hour.sauna) if hour else None


# --- sauna: writing -------------------------------------------------------------------------


@bp.post("/sauna/book")
@resident_required
def book_turn():
    flat_id = _pick_flat("sauna")
    form = TurnForm(request.form)
    if not form.validate():
        return _sauna_answer(flat_id, error="bad_input")
    if form.confirm.data != "1":
        found = _own_hour(flat_id, form.hour.data)
        if found is None:
            return _sauna_answer(flat_id, error="not_own_company")
        hour, sauna = found
        return _sauna_answer(
            flat_id,
            confirm={
                "kind": "book",
                "hour": hour,
                "sauna": sauna,
                "starts_on": max(form.starts_on.data, _earliest_start(sauna)),
                "earliest": _earliest_start(sauna),
            },
        )
    try:
        turn = service.book_turn(current_user, flat_id, form.hour.data, form.starts_on.data)
    except BookingError as exc:
        return _sauna_answer(flat_id, error=exc.code)
    hour = SaunaHour.get_by_id(turn.hour_id)
    sauna_row = Sauna.get_by_id(hour.sauna_id)
    text = _(
        "Booked: %(hour)s every week from %(date)s.", hour=_hour_text(hour), date=_d(turn.starts_on)
    )
    if sauna_row.monthly_fee:
        text += " " + _(
            "The turn adds %(fee)s a month to your charges.", fee=_money(sauna_row.monthly_fee)
        )
    return _sauna_answer(flat_id, notice=text, week=turn.starts_on)


@bp.post("/sauna/turns/<int:turn_id>/cancel")
@resident_required
def cancel_turn(turn_id: int):
    flat_id = _pick_flat("sauna")
    if request.form.get("confirm") != "1":
        turn = (
            SaunaTurn.select(SaunaTurn, SaunaHour, Sauna)
            .join(SaunaHour)
            .join(Sauna)
            .where((SaunaTurn.id == turn_id) & (SaunaTurn.flat == flat_id))
            .first()
        )
        if turn is None:
            abort(404)
        if turn.ends_on is not None:
            return _sauna_answer(flat_id, error="ended")
        ends_on = max(service.turn_end_preview(turn.hour.sauna), turn.starts_on)
        return _sauna_answer(flat_id, confirm={"kind": "cancel", "turn": turn, "ends_on": ends_on})
    try:
        turn = service.cancel_turn(current_user, flat_id, turn_id)
    except BookingError as exc:
        return _sauna_answer(flat_id, error=exc.code)
    return _sauna_answer(
        flat_id,
        notice=_(
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
    try:
        service.skip_week(current_user, flat_id, turn_id, form.on_date.data)
    except BookingError as exc:
        return _sauna_answer(flat_id, error=exc.code)
    return _sauna_answer(
        flat_id,
        notice=_(
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
    try:
        booking = service.book_single(current_user, flat_id, form.hour.data, form.on_date.data)
    except BookingError as exc:
        return _sauna_answer(flat_id, error=exc.code)
    hour = SaunaHour.get_by_id(booking.hour_id)
    return _sauna_answer(
        flat_id,
        notice=_(
            "Booked once: %(date)s at %(hours)s.", date=_d(booking.on_date), hours=_hours_text(hour)
        ),
    )


@bp.post("/sauna/single/<int:booking_id>/cancel")
@resident_required
def cancel_single(booking_id: int):
    flat_id = _pick_flat("sauna")
    try:
        service.cancel_single(current_user, flat_id, booking_id)
    except BookingError as exc:
        return _sauna_answer(flat_id, error=exc.code)
    return _sauna_answer(flat_id, notice=_("Your one-off booking is cancelled."))


@bp.post("/sauna/queue")
@resident_required
def join_sauna_queue():
    flat_id = _pick_flat("sauna")
    form = HourForm(request.form)
    if not form.validate():
        return _sauna_answer(flat_id, error="bad_input")
    try:
        entry = service.join_sauna_queue(current_user, flat_id, form.hour.data)
    except BookingError as exc:
        return _sauna_answer(flat_id, error=exc.code)
    return _sauna_answer(
        flat_id,
        notice=_(
            "Your flat is on the waiting list, position %(n)s. We e-mail you when the hour frees.",
            n=service.position(entry),
        ),
    )


def _own_entry(flat_id: int, entry_id: int, prefix: str) -> WaitingListEntry:
    """The flat's active queue entry of the kind ``prefix`` names, else 404."""
    entry = WaitingListEntry.get_or_none(
        (WaitingListEntry.id == entry_id)
        & (WaitingListEntry.flat == flat_id)
        & WaitingListEntry.hold_key.is_null(False)
    )
    if entry is None or not entry.queue_key.startswith(prefix):
        abort(404)
    return entry


@bp.post("/sauna/queue/<int:entry_id>/leave")
@resident_required
def leave_sauna_queue(entry_id: int):
    flat_id = _pick_flat("sauna")
    _own_entry(flat_id, entry_id, "sauna_hour:")
    try:
        service.leave_queue(current_user, flat_id, entry_id, "sauna")
    except BookingError as exc:
        return _sauna_answer(flat_id, error=exc.code)
    return _sauna_answer(flat_id, notice=_("Your flat left the waiting list."))


# --- parking --------------------------------------------------------------------------------


def _parking_context(flat_id: int) -> dict:
    flat = Flat.get_by_id(flat_id)
    company = HousingCompany.get_by_id(flat.housing_company_id)
    spaces = list(
        ParkingSpace.select()
        .where(ParkingSpace.housing_company == company)
        .order_by(ParkingSpace.code)
    )
    ids = [s.id for s in spaces]
    held = {
        c.space_id
        for c in ParkingContract.select(ParkingContract.space).where(
            ParkingContract.space.in_(ids) & ParkingContract.hold_key.is_null(False)
        )
    }
    offers = {
        e.offer_ref: e
        for e in WaitingListEntry.select().where(
            WaitingListEntry.offer_ref.in_([service.space_key(i) for i in ids])
            & (WaitingListEntry.status == "offered")
            & (WaitingListEntry.offer_expires_at > utcnow())
        )
    }
    free_by_kind: dict[str, list[ParkingSpace]] = {}
    for space in sorted(spaces, key=lambda s: (s.monthly_fee, s.code)):
        if space.id not in held and service.space_key(space.id) not in offers:
            free_by_kind.setdefault(space.kind, []).append(space)
    order = {kind: n for n, kind in enumerate(PARKING_KINDS)}
    kinds = sorted({s.kind for s in spaces}, key=lambda k: order.get(k, 99))
    contracts = list(
        ParkingContract.select(ParkingContract, ParkingSpace)
        .join(ParkingSpace)
        .where(
            (ParkingContract.flat == flat_id)
            & (ParkingContract.ends_on.is_null() | (ParkingContract.ends_on >= service.today()))
        )
        .order_by(ParkingContract.starts_on)
    )
    entries = list(
        WaitingListEntry.select().where(
            (WaitingListEntry.flat == flat_id)
            & WaitingListEntry.hold_key.is_null(False)
            & WaitingListEntry.queue_key.startswith("parking:")
        )
    )
    queue = {
        e.queue_key.rsplit(":", 1)[1]: (e, service.position(e))
        for e in entries
        if e.queue_key.startswith(f"parking:{company.id}:")
    }
    return {
        "flats": _flat_choices(),
        "flat_id": flat_id,
        "company": company,
        "can_rent": _can(flat_id, "parking"),
        "free_by_kind": free_by_kind,
        "kinds": kinds,
        "contracts": contracts,
        "queue": queue,
        "offered_to_me": any(e.flat_id == flat_id for e in offers.values()),
        "today": service.today(),
        "end_preview": service.parking_end_preview(company),
    }


@bp.get("/parking")
@resident_required
def parking():
    flat_id = _pick_flat(None, preferred="parking")
    return render("bookings/parking.html", **_parking_context(flat_id))


def _parking_answer(flat_id: int, *, error: str | None = None, notice: str | None = None):
    if error:
        _not_found_or(error)
        flash(booking_error_text(error, parking=True), "error")
    elif notice:
        flash(notice, "success")
    return redirect(url_for("bookings.parking", flat=flat_id))


@bp.post("/parking/rent")
@resident_required
def rent_space():
    flat_id = _pick_flat("parking")
    form = RentForm(request.form)
    if not form.validate():
        return _parking_answer(flat_id, error="bad_input")
    if form.confirm.data != "1":
        space = ParkingSpace.get_or_none(ParkingSpace.id == form.space.data)
        if space is None:
            abort(404)
        company = HousingCompany.get_by_id(space.housing_company_id)
        if company.id != Flat.get_by_id(flat_id).housing_company_id:
            return _parking_answer(flat_id, error="not_own_company")
        if form.starts_on.data < service.today():
            return _parking_answer(flat_id, error="past")
        return render(
            "bookings/parking_confirm.html",
            kind="rent",
            flat_id=flat_id,
            space=space,
            starts_on=form.starts_on.data,
            company=company,
        )
    try:
        contract = service.rent_space(current_user, flat_id, form.space.data, form.starts_on.data)
    except BookingError as exc:
        return _parking_answer(flat_id, error=exc.code)
    space = ParkingSpace.get_by_id(contract.space_id)
    return _parking_answer(
        flat_id,
        notice=_(
            "You rented parking space %(code)s from %(date)s. %(fee)s a month joins your charges.",
            code=space.code,
            date=_d(contract.starts_on),
            fee=_money(space.monthly_fee),
        ),
    )


@bp.post("/parking/contracts/<int:contract_id>/terminate")
@resident_required
def terminate_contract(contract_id: int):
    flat_id = _pick_flat("parking")
    if request.form.get("confirm") != "1":
        contract = (
            ParkingContract.select(ParkingContract, ParkingSpace)
            .join(ParkingSpace)
            .where((ParkingContract.id == contract_id) & (ParkingContract.flat == flat_id))
            .first()
        )
        if contract is None:
            abort(404)
        if contract.notice_given_on is not None:
            return _parking_answer(flat_id, error="ended")
        company = HousingCompany.get_by_id(contract.space.housing_company_id)
        return render(
            "bookings/parking_confirm.html",
            kind="terminate",
            flat_id=flat_id,
            contract=contract,
            space=contract.space,
            company=company,
            ends_on=max(service.parking_end_preview(company), contract.starts_on),
        )
    try:
        contract = service.terminate_contract(current_user, flat_id, contract_id)
    except BookingError as exc:
        return _parking_answer(flat_id, error=exc.code)
    return _parking_answer(
        flat_id,
        notice=_(
            "The contract is terminated. It ends on %(date)s; the fee stops then.",
            date=_d(contract.ends_on),
        ),
    )


@bp.post("/parking/queue")
@resident_required
def join_parking_queue():
    flat_id = _pick_flat("parking")
    form = QueueKindForm(request.form)
    if not form.validate():
        abort(404)
    try:
        entry = service.join_parking_queue(current_user, flat_id, form.kind.data)
    except BookingError as exc:
        return _parking_answer(flat_id, error=exc.code)
    return _parking_answer(
        flat_id,
        notice=_(
            "Your flat is in the queue for %(kind)s, position %(n)s.",
            kind=parking_kind_label(form.kind.data),
            n=service.position(entry),
        ),
    )


@bp.post("/parking/queue/<int:entry_id>/leave")
@resident_required
def leave_parking_queue(entry_id: int):
    flat_id = _pick_flat("parking")
    _own_entry(flat_id, entry_id, "parking:")
    try:
        service.leave_queue(current_user, flat_id, entry_id, "parking")
    except BookingError as exc:
        return _parking_answer(flat_id, error=exc.code)
    return _parking_answer(flat_id, notice=_("Your flat left the queue."))


# --- offers ---------------------------------------------------------------------------------


def _offer_start(ref: dict) -> date:
    """The earliest start of what is offered (a sauna turn: its first weekday the sauna's
    earliest start allows; a parking space: today)."""
    if ref["kind"] == "sauna":
        return service.first_on_or_after(_earliest_start(ref["sauna"]), ref["hour"].weekday)
    return service.today()


@bp.get("/offers")
@resident_required
def offers():
    """Open offers of every flat of the user (the offer mail links here without a flat)."""
    flats = access.started_flats(current_user)
    summaries = {s.flat_id: s for s in access.describe(flats)}
    entries = list(
        WaitingListEntry.select()
        .where(
            WaitingListEntry.flat.in_([fa.flat_id for fa in flats])
            & (WaitingListEntry.status == "offered")
            & (WaitingListEntry.offer_expires_at > utcnow())
        )
        .order_by(WaitingListEntry.offer_expires_at)
    )
    items = []
    for entry in entries:
        ref = service.describe_ref(entry.offer_ref)
        capability = "sauna" if ref["kind"] == "sauna" else "parking"
        items.append(
            {
                "entry": entry,
                "ref": ref,
                "flat": summaries[entry.flat_id],
                "can": _can(entry.flat_id, capability),
                "earliest": _offer_start(ref),
            }
        )
    return render(
        "bookings/offers.html",
        items=items,
        several_flats=len(flats) > 1,
        hour_text=_hour_text,
    )


def _offer_entry(flat_id: int, entry_id: int) -> WaitingListEntry:
    entry = WaitingListEntry.get_or_none(
        (WaitingListEntry.id == entry_id) & (WaitingListEntry.flat == flat_id)
    )
    if entry is None:
        abort(404)
    return entry


@bp.post("/offers/<int:entry_id>/accept")
@resident_required
def accept_offer(entry_id: int):
    flat_id = _pick_flat(None)
    entry = _offer_entry(flat_id, entry_id)
    form = AcceptForm(request.form)
    if not form.validate():
        flash(booking_error_text("bad_input"), "error")
        return redirect(url_for("bookings.offers"))
    parking = bool(entry.offer_ref and entry.offer_ref.startswith("parking_space:"))
    starts_on = form.starts_on.data
    if starts_on is None and entry.offer_ref and not parking:
        starts_on = _offer_start(service.describe_ref(entry.offer_ref))
    try:
        result = service.accept_offer(current_user, flat_id, entry_id, starts_on)
    except BookingError as exc:
        _not_found_or(exc.code)
        flash(booking_error_text(exc.code, parking=parking), "error")
        return redirect(url_for("bookings.offers"))
    if parking:
        flash(
            _(
                "You accepted the offer: the parking space is yours from %(date)s.",
                date=_d(result.starts_on),
            ),
            "success",
        )
        return redirect(url_for("bookings.parking", flat=flat_id))
    flash(
        _(
            "You accepted the offer: the sauna turn is yours from %(date)s.",
            date=_d(result.starts_on),
        ),
        "success",
    )
    return redirect(url_for("bookings.sauna", flat=flat_id))


@bp.post("/offers/<int:entry_id>/decline")
@resident_required
def decline_offer(entry_id: int):
    flat_id = _pick_flat(None)
    entry = _offer_entry(flat_id, entry_id)
    if entry.hold_key is None:
        abort(404)
    capability = "sauna" if entry.queue_key.startswith("sauna_hour:") else "parking"
    try:
        service.leave_queue(current_user, flat_id, entry_id, capability)
    except BookingError as exc:
        _not_found_or(exc.code)
        flash(booking_error_text(exc.code), "error")
    else:
        flash(_("You declined the offer; it goes to the next in line."), "success")
    return redirect(url_for("bookings.offers"))


# --- formatting -----------------------------------------------------------------------------


def _d(day: date) -> str:
    from flask_babel import format_date

    return format_date(day, "medium")


def _money(amount) -> str:
    from ...i18n import money

    return money(amount)
