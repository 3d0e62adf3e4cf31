"""The resident parking page: the flat's contracts, free spaces by kind, renting (with a
confirmation step that shows the fee), terminating (showing the computed end date) and queues."""

from __future__ import annotations

from flask import request, url_for
from flask_babel import gettext as _
from flask_login import current_user

from ...labels import parking_kind_label
from ...params import id_arg
from ...rendering import render
from ...services import access
from ...services import bookings as service
from ...services.bookings import BookingError
from ..resident.guards import resident_required
from .answers import attempt, flash_answer
from .blueprint import bp
from .forms import QueueKindForm, RentForm
from .messages import booking_error_text
from .pages import can, flat_choices, leave_queue, money, pick_flat
from .pages import d as _d


def _parking_context(flat_id: int, **extra) -> dict:
    company = service.flat_company(flat_id)
    spaces = service.parking_spaces(company.id)
    allowance = service.parking_allowance(flat_id)
    return {
        **extra,
        "allowance": allowance,
        # the refusal's own words: the page says what a rental would be told
        "cap_text": booking_error_text(BookingError("cap", cap=allowance.cap)),
        "flats": flat_choices(),
        "flat_id": flat_id,
        "company": company,
        "can_rent": can(flat_id, "parking"),
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
    flat_id = pick_flat("parking")
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
        fee=money(space.monthly_fee),
    )


@bp.post("/parking/contracts/<int:contract_id>/terminate")
@resident_required
def terminate_contract(contract_id: int):
    flat_id = pick_flat("parking")
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
    flat_id = pick_flat("parking")
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
    return leave_queue(
        entry_id, "parking", "parking:", _parking_answer, _("Your flat left the queue.")
    )


