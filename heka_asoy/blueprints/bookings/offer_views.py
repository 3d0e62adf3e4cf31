"""Offers of a freed sauna hour or parking space to the next flat in line: the list of every
flat's open offers (the offer mail links here) and accepting or declining one."""

from __future__ import annotations

from datetime import date

from flask import request, url_for
from flask_babel import gettext as _
from flask_login import current_user

from ...rendering import render
from ...services import access
from ...services import bookings as service
from ...services.bookings import BookingError
from ..resident.guards import resident_required
from .answers import attempt, flash_answer
from .blueprint import bp
from .forms import AcceptForm
from .pages import can, hour_text, pick_flat
from .pages import d as _d


def _offer_start(ref: dict, flat_id: int) -> date:
    """The earliest start of what is offered (a sauna turn: its first weekday the sauna's
    earliest start allows; a parking space: the first day the flat's cap allows)."""
    if ref["kind"] == "sauna":
        earliest = service.earliest_turn_start(ref["sauna"])
        return service.first_on_or_after(earliest, ref["hour"].weekday)
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
                "can": can(entry.flat_id, capability),
                "earliest": earliest,
            }
        )
    return render(
        "bookings/offers.html",
        items=items,
        several_flats=len(flats) > 1,
        hour_text=hour_text,
    )


def _offers_answer(_flat_id: int, *, error: str | None = None, notice: str | None = None):
    """A refusal or notice about an offer, on the offers page."""
    return flash_answer(url_for("bookings.offers"), error=error, notice=notice)


@bp.post("/offers/<int:entry_id>/accept")
@resident_required
def accept_offer(entry_id: int):
    flat_id = pick_flat(None)
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
    flat_id = pick_flat(None)
    return attempt(
        _offers_answer,
        flat_id,
        lambda: service.decline_offer(current_user, flat_id, entry_id),
        lambda _none: _("You declined the offer; it goes to the next in line."),
    )


