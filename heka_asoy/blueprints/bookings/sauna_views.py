"""The resident sauna page: the week grid, weekly turns, one-off evenings and waiting lists.

The page is one template with two HTMX blocks: choosing a sauna or a week gets the block "grid";
booking, cancelling and queueing get "booking_area" (the grid and the flat's own bookings). The
view model comes from ``services.bookings.sauna_page`` in one call; the view adds only words.
An HTMX refusal is answered 200 with the message in the swapped area (htmx does not swap 4xx);
without JavaScript the forms post normally and redirect back (PRG).
"""

from __future__ import annotations

from datetime import date

from flask import make_response, request, url_for
from flask_babel import gettext as _
from flask_login import current_user

from ...extensions import htmx
from ...i18n import house_weekday_date
from ...labels import sauna_hour_label
from ...params import id_arg, parse_day, parse_id
from ...rendering import render
from ...services import bookings as service
from ...services.bookings import BookingError
from ..resident.guards import resident_required
from .answers import attempt, flash_answer
from .blueprint import bp
from .forms import HourForm, SingleForm, SkipForm, TurnForm
from .messages import booking_error_text
from .pages import d as _d
from .pages import flat_choices, hour_text, hours_text, leave_queue, money, pick_flat


def _sauna_context(flat_id: int, sauna_id: int | None, week: date, **extra) -> dict:
    """The service's view model with the page's words: the flat chooser (not in the grid
    block), hour labels and the day headings in the page's language."""
    grid_only = bool(extra.get("grid_only"))
    model = service.sauna_page(current_user, flat_id, sauna_id, week, grid_only=grid_only)
    return {
        **model,
        "flats": [] if grid_only else flat_choices("sauna"),
        "hour_label": lambda hour: sauna_hour_label(hour.label),
        "hour_text": hour_text,
        "hours_text": hours_text,
        "hour_key": service.hour_key,
        "day_names": {day: house_weekday_date(day) for day in model.get("days", ())},
        **extra,
    }


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
    response = make_response(response)
    response.vary.add("HX-Request")
    return response


@bp.get("/sauna")
@resident_required
def sauna():
    flat_id = pick_flat("sauna")
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


@bp.post("/sauna/book")
@resident_required
def book_turn():
    flat_id = pick_flat("sauna")
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
                "starts_on": max(form.starts_on.data, service.earliest_turn_start(hour.sauna)),
                "earliest": service.earliest_turn_start(hour.sauna),
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
        "Booked: %(hour)s every week from %(date)s.", hour=hour_text(hour), date=_d(turn.starts_on)
    )
    if hour.sauna.monthly_fee:
        text += " " + _(
            "The turn adds %(fee)s a month to your charges.", fee=money(hour.sauna.monthly_fee)
        )
    return text


@bp.post("/sauna/turns/<int:turn_id>/cancel")
@resident_required
def cancel_turn(turn_id: int):
    flat_id = pick_flat("sauna")
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
            hour=hour_text(turn.hour),
            date=_d(turn.ends_on),
        ),
    )


@bp.post("/sauna/turns/<int:turn_id>/skip")
@resident_required
def skip_week(turn_id: int):
    flat_id = pick_flat("sauna")
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
    flat_id = pick_flat("sauna")
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
            hours=hours_text(service.hour_with_sauna(booking.hour_id)),
        ),
    )


@bp.post("/sauna/single/<int:booking_id>/cancel")
@resident_required
def cancel_single(booking_id: int):
    flat_id = pick_flat("sauna")
    return attempt(
        _sauna_answer,
        flat_id,
        lambda: service.cancel_single(current_user, flat_id, booking_id),
        lambda _none: _("Your one-off booking is cancelled."),
    )


@bp.post("/sauna/queue")
@resident_required
def join_sauna_queue():
    flat_id = pick_flat("sauna")
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
    return leave_queue(
        entry_id, "sauna", "sauna_hour:", _sauna_answer, _("Your flat left the waiting list.")
    )


