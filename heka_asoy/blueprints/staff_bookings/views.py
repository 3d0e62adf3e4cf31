"""The desk's bookings admin: pick a housing company, then its saunas (rules, weekly grid, who
holds each hour, waiting lists, manual turns) and its parking (spaces and fees, contracts,
queues, the company's parking rules).

HTMX requests get only the block that changed (``render(..., block=...)``), or for the grid one
hour's cell; a refused change comes back as that block with the error, at status 200 (HTMX swaps
only 2xx answers). Without JavaScript every form posts and redirects back (post/redirect/get),
or shows the page again with the errors (422, 409 when the booking rules refused).
"""

from __future__ import annotations

from dataclasses import dataclass

from flask import abort, flash, make_response, redirect, render_template, request, url_for
from flask_babel import format_date
from flask_babel import gettext as _
from flask_login import current_user

from ...extensions import htmx
from ...labels import parking_kind_label, weekday_name
from ...models import HousingCompany, ParkingContract, ParkingSpace, Sauna, SaunaHour, SaunaTurn
from ...rendering import render
from ...services import booking_admin as admin
from ...services import bookings
from ...services.booking_admin import AdminError
from ...services.bookings import PARKING_KINDS, BookingError
from ..staff.guards import staff_required
from . import bp
from .forms import (
    USAGE_LABELS,
    CompanySearchForm,
    ConfirmForm,
    EndForm,
    FlatDateForm,
    HourForm,
    ParkingRulesForm,
    SaunaForm,
    SpaceForm,
    UsageForm,
    usage_label,
    usage_to_fields,
)


def _is_htmx() -> bool:
    return bool(htmx) and not htmx.boosted


def _actor():
    return current_user._get_current_object()


@dataclass(frozen=True)
class Note:
    """A message shown at the top of one block (``where``) after a change."""

    where: str
    text: str
    error: bool = False


def error_text(code: str) -> str:
    """Words for the refusals of the admin and booking services."""
    if code.startswith("range:"):
        return _("A value is outside its allowed range.")
    messages = {
        "not_found": _("Not found: it may have been removed a moment ago."),
        "name": _("Enter a name of at most 100 characters."),
        "fee_missing": _("Enter the monthly fee in euros."),
        "negative_fee": _("The fee cannot be negative."),
        "fee_too_large": _("The fee is too large."),
        "label": _("Choose the use of the hour from the list."),
        "hour_exists": _("The sauna already has an hour at that time."),
        "hour_held": _("A flat holds this hour. End its turn before making the hour unbookable."),
        "hour_offered": _(
            "This hour is offered to a flat in its waiting list. Wait for the answer before "
            "making the hour unbookable."
        ),
        "hour_used": _(
            "This hour has bookings or a waiting list, so it is kept for its history. Make it "
            "unbookable instead."
        ),
        "code": _("Enter the space's code (at most 10 characters)."),
        "kind": _("Choose the type of the space."),
        "duplicate_code": _("The housing company already has a parking space with this code."),
        "space_used": _(
            "This space has contracts or an open offer, so it is kept for its history."
        ),
        "flat": _("Choose a flat of this housing company."),
        "end_in_past": _("The end date cannot be in the past."),
        # the booking service's refusals
        "not_own_company": _("The flat is not in this housing company."),
        "unbookable": _("The hour is not bookable."),
        "past": _("The start date cannot be in the past."),
        "too_early": _("The start date is too early."),
        "taken": _("Just taken: another flat holds it, or it is offered to a flat in the queue."),
        "quota": _("The flat already has as many turns as the rules allow."),
        "ended": _("It has already ended or notice has already been given."),
        "no_lease": _("The flat has no current lease to add the fee to."),
    }
    return messages.get(code, _("The change could not be made."))


def _respond(html: str, code: int = 200):
    return make_response(html, 200 if _is_htmx() else code)


def _refusal_code(exc: Exception) -> int:
    code = getattr(exc, "code", "")
    if code == "not_found":
        return 404
    return (
        409 if isinstance(exc, BookingError) or code in ("duplicate_code", "hour_exists") else 422
    )


def _flash_back(message: str, endpoint: str, anchor: str | None = None, **args):
    flash(message, "success")
    return redirect(url_for(endpoint, _anchor=anchor, **args))


def _get(model, object_id: int):
    row = model.get_or_none(model.id == object_id)
    if row is None:
        abort(404)
    return row


def _hour_time(hour: SaunaHour) -> str:
    return _("%(day)s at %(hour)s:00", day=weekday_name(hour.weekday), hour=hour.start_hour)


def _template_globals() -> dict:
    return {
        "usage_label": usage_label,
        "usage_labels": USAGE_LABELS,
        "hour_time": _hour_time,
        "parking_kinds": PARKING_KINDS,
        "kind_label": parking_kind_label,
        "today": bookings.today(),
    }


# --- choosing a housing company -----------------------------------------------------------------


@bp.get("/")
@staff_required
def index():
    chosen = request.args.get("company", "")
    if chosen.isdigit():
        return redirect(url_for("staff_bookings.company", company_id=int(chosen)))
    form = CompanySearchForm(request.args)
    query = form.q.data if form.validate() else ""
    return render(
        "staff_bookings/index.html",
        block="companies",
        form=form,
        query=query or "",
        companies=admin.find_companies(query or ""),
        all_companies=admin.find_companies("", limit=1000),
    )


# --- one housing company: saunas and parking ----------------------------------------------------


def _company_page(
    company: HousingCompany,
    *,
    block: str | None = None,
    note: Note | None = None,
    sauna_form: SaunaForm | None = None,
    rules_form: ParkingRulesForm | None = None,
    space_form: SpaceForm | None = None,
    code: int = 200,
):
    spaces, queues = admin.parking_board(company)
    rules_form = rules_form or ParkingRulesForm(
        formdata=None,
        prefix="parking",
        parking_offer_days=company.parking_offer_days,
        parking_notice_months=company.parking_notice_months,
    )
    html = render(
        "staff_bookings/company.html",
        block=block,
        company=company,
        saunas=admin.company_saunas(company),
        spaces=spaces,
        queues=queues,
        sauna_form=sauna_form or SaunaForm(formdata=None, prefix="new-sauna"),
        rules_form=rules_form,
        space_form=space_form or SpaceForm(formdata=None, prefix="new-space"),
        note=note,
        **_template_globals(),
    )
    return _respond(html, code)


@bp.get("/company/<int:company_id>")
@staff_required
def company(company_id: int):
    return _company_page(_get(HousingCompany, company_id))


@bp.post("/company/<int:company_id>/saunas")
@staff_required
def create_sauna(company_id: int):
    company_row = _get(HousingCompany, company_id)
    form = SaunaForm(prefix="new-sauna")
    if not form.validate():
        return _company_page(company_row, block="saunas", sauna_form=form, code=422)
    try:
        sauna = admin.create_sauna(_actor(), company_id, **form.values())
    except AdminError as exc:
        note = Note("saunas", error_text(exc.code), error=True)
        return _company_page(
            company_row, block="saunas", sauna_form=form, note=note, code=_refusal_code(exc)
        )
    done = _("Sauna %(name)s added. Add its weekly hours next.", name=sauna.name)
    if _is_htmx():
        return _company_page(company_row, block="saunas", note=Note("saunas", done))
    return _flash_back(done, "staff_bookings.sauna", sauna_id=sauna.id)


@bp.post("/company/<int:company_id>/parking-rules")
@staff_required
def parking_rules(company_id: int):
    company_row = _get(HousingCompany, company_id)
    form = ParkingRulesForm(prefix="parking")
    if not form.validate():
        return _company_page(company_row, block="parking_rules", rules_form=form, code=422)
    try:
        company_row = admin.set_parking_rules(
            _actor(),
            company_id,
            offer_days=form.parking_offer_days.data,
            notice_months=form.parking_notice_months.data,
        )
    except AdminError as exc:
        note = Note("parking_rules", error_text(exc.code), error=True)
        return _company_page(
            company_row, block="parking_rules", rules_form=form, note=note, code=422
        )
    done = _("Parking rules saved.")
    if _is_htmx():
        return _company_page(company_row, block="parking_rules", note=Note("parking_rules", done))
    return _flash_back(done, "staff_bookings.company", "parking", company_id=company_id)


@bp.post("/company/<int:company_id>/spaces")
@staff_required
def create_space(company_id: int):
    company_row = _get(HousingCompany, company_id)
    form = SpaceForm(prefix="new-space")
    if not form.validate():
        return _company_page(company_row, block="spaces", space_form=form, code=422)
    try:
        space = admin.create_space(
            _actor(),
            company_id,
            code=form.code.data,
            kind=form.kind.data,
            monthly_fee=form.monthly_fee.data,
        )
    except AdminError as exc:
        _field_error(form, exc.code)
        return _company_page(company_row, block="spaces", space_form=form, code=_refusal_code(exc))
    done = _("Parking space %(code)s added.", code=space.code)
    if _is_htmx():
        return _company_page(company_row, block="spaces", note=Note("spaces", done))
    return _flash_back(done, "staff_bookings.company", "spaces", company_id=company_id)


def _field_error(form: SpaceForm, code: str) -> None:
    """Show a refusal of the service beside the field it is about."""
    target = {
        "duplicate_code": form.code,
        "code": form.code,
        "kind": form.kind,
        "negative_fee": form.monthly_fee,
        "fee_too_large": form.monthly_fee,
        "fee_missing": form.monthly_fee,
    }.get(code)
    if target is not None:
        target.errors = [*target.errors, error_text(code)]
    else:
        form.form_errors.append(error_text(code))


@bp.get("/company/<int:company_id>/queues")
@staff_required
def queues(company_id: int):
    """Every waiting list of the company: sauna hours and parking types, with positions."""
    company_row = _get(HousingCompany, company_id)
    sauna_queues = []
    for sauna, _hours, _held in admin.company_saunas(company_row):
        board = admin.sauna_board(sauna)
        lines = [slot for slot in board.slots.values() if slot.queue]
        lines.sort(key=lambda s: (s.hour.weekday, s.hour.start_hour))
        sauna_queues.append((sauna, lines))
    _spaces, parking_queues = admin.parking_board(company_row)
    return render(
        "staff_bookings/queues.html",
        company=company_row,
        sauna_queues=sauna_queues,
        queues=parking_queues,
        **_template_globals(),
    )


# --- one sauna: rules and the weekly grid -------------------------------------------------------


def _sauna_page(
    sauna: Sauna,
    *,
    block: str | None = None,
    note: Note | None = None,
    rules_form: SaunaForm | None = None,
    hour_form: HourForm | None = None,
    code: int = 200,
):
    if rules_form is None:
        rules_form = SaunaForm(formdata=None, prefix="rules", obj=sauna)
    html = render(
        "staff_bookings/sauna.html",
        block=block,
        sauna=sauna,
        company=sauna.housing_company,
        board=admin.sauna_board(sauna),
        rules_form=rules_form,
        hour_form=hour_form or HourForm(formdata=None, prefix="hour"),
        note=note,
        **_template_globals(),
    )
    return _respond(html, code)


@bp.get("/sauna/<int:sauna_id>")
@staff_required
def sauna(sauna_id: int):
    return _sauna_page(_get(Sauna, sauna_id))


@bp.post("/sauna/<int:sauna_id>/rules")
@staff_required
def sauna_rules(sauna_id: int):
    sauna_row = _get(Sauna, sauna_id)
    form = SaunaForm(prefix="rules")
    if not form.validate():
        return _sauna_page(sauna_row, block="rules", rules_form=form, code=422)
    try:
        sauna_row = admin.update_sauna(_actor(), sauna_id, **form.values())
    except AdminError as exc:
        note = Note("rules", error_text(exc.code), error=True)
        return _sauna_page(sauna_row, block="rules", rules_form=form, note=note, code=422)
    done = _("Rules of %(name)s saved.", name=sauna_row.name)
    if _is_htmx():
        return _sauna_page(sauna_row, block="rules", note=Note("rules", done))
    return _flash_back(done, "staff_bookings.sauna", "rules", sauna_id=sauna_id)


@bp.post("/sauna/<int:sauna_id>/hours")
@staff_required
def add_hour(sauna_id: int):
    sauna_row = _get(Sauna, sauna_id)
    form = HourForm(prefix="hour")
    if not form.validate():
        return _sauna_page(sauna_row, block="grid", hour_form=form, code=422)
    bookable, label = usage_to_fields(form.usage.data)
    try:
        hour = admin.add_hour(
            _actor(),
            sauna_id,
            weekday=form.weekday.data,
            start_hour=form.start_hour.data,
            bookable=bookable,
            label=label,
        )
    except AdminError as exc:
        note = Note("grid", error_text(exc.code), error=True)
        return _sauna_page(
            sauna_row, block="grid", hour_form=form, note=note, code=_refusal_code(exc)
        )
    done = _("Hour added: %(time)s.", time=_hour_time(hour))
    if _is_htmx():
        return _sauna_page(sauna_row, block="grid", note=Note("grid", done))
    return _flash_back(done, "staff_bookings.sauna", "grid", sauna_id=sauna_id)


# --- one hour: its use, holder, waiting list ----------------------------------------------------


def _hour_page(
    hour: SaunaHour,
    *,
    block: str | None = None,
    note: Note | None = None,
    usage_form: UsageForm | None = None,
    assign_form: FlatDateForm | None = None,
    end_form: EndForm | None = None,
    code: int = 200,
):
    sauna_row = Sauna.get_by_id(hour.sauna_id)
    slot = admin.hour_slot(hour)
    assign_form = assign_form or FlatDateForm(
        formdata=None, prefix="assign", starts_on=bookings.today()
    )
    assign_form.fill_flats(admin.company_flats(sauna_row.housing_company_id))
    usage_form = usage_form or UsageForm(formdata=None, prefix="usage", usage=slot.usage)
    end_form = end_form or EndForm(
        formdata=None, prefix="end", ends_on=bookings.turn_end_preview(sauna_row)
    )
    html = render(
        "staff_bookings/hour.html",
        block=block,
        hour=hour,
        sauna=sauna_row,
        company=sauna_row.housing_company,
        slot=slot,
        history=admin.hour_history(hour),
        usage_form=usage_form,
        assign_form=assign_form,
        end_form=end_form,
        notice_end=bookings.turn_end_preview(sauna_row),
        confirm_form=ConfirmForm(formdata=None),
        note=note,
        **_template_globals(),
    )
    return _respond(html, code)


@bp.get("/hour/<int:hour_id>")
@staff_required
def hour(hour_id: int):
    return _hour_page(_get(SaunaHour, hour_id))


def _hour_cell(hour: SaunaHour, note: Note | None = None):
    """One cell of the grid (the answer to a change made in the grid)."""
    slot = admin.hour_slot(hour)
    return make_response(
        render_template(
            "staff_bookings/_hour_cell.html",
            slot=slot,
            note=note,
            swapped=True,
            **_template_globals(),
        ),
        200,
    )


@bp.post("/hour/<int:hour_id>/usage")
@staff_required
def hour_usage(hour_id: int):
    """Make an hour bookable or not (with a label). From the grid (``from=grid``) HTMX swaps
    the hour's cell; from the hour's page its work block."""
    hour_row = _get(SaunaHour, hour_id)
    in_grid = request.form.get("from") == "grid"
    form = UsageForm(prefix="" if in_grid else "usage")
    if not form.validate():
        if in_grid:
            note = Note("cell" if _is_htmx() else "hour_work", error_text("label"), error=True)
            if _is_htmx():
                return _hour_cell(hour_row, note)
            return _hour_page(hour_row, block="hour_work", note=note, code=422)
        return _hour_page(hour_row, block="hour_work", usage_form=form, code=422)
    bookable, label = usage_to_fields(form.usage.data)
    try:
        hour_row = admin.set_hour_usage(_actor(), hour_id, bookable=bookable, label=label)
    except AdminError as exc:
        note = Note("hour_work", error_text(exc.code), error=True)
        if in_grid and _is_htmx():
            return _hour_cell(hour_row, Note("cell", note.text, error=True))
        return _hour_page(
            hour_row,
            block="hour_work",
            usage_form=None if in_grid else form,
            note=note,
            code=_refusal_code(exc),
        )
    done = _("%(time)s: %(usage)s.", time=_hour_time(hour_row), usage=usage_label(form.usage.data))
    if _is_htmx():
        if in_grid:
            return _hour_cell(hour_row, Note("cell", done))
        return _hour_page(hour_row, block="hour_work", note=Note("hour_work", done))
    if in_grid:
        return _flash_back(done, "staff_bookings.sauna", "grid", sauna_id=hour_row.sauna_id)
    return _flash_back(done, "staff_bookings.hour", hour_id=hour_id)


@bp.post("/hour/<int:hour_id>/assign")
@staff_required
def assign_turn(hour_id: int):
    hour_row = _get(SaunaHour, hour_id)
    sauna_row = Sauna.get_by_id(hour_row.sauna_id)
    form = FlatDateForm(prefix="assign")
    form.fill_flats(admin.company_flats(sauna_row.housing_company_id))
    if not form.validate():
        return _hour_page(hour_row, block="hour_work", assign_form=form, code=422)
    try:
        turn = admin.assign_turn(_actor(), hour_id, int(form.flat.data), form.starts_on.data)
    except (AdminError, BookingError) as exc:
        note = Note("hour_work", error_text(exc.code), error=True)
        return _hour_page(
            hour_row, block="hour_work", assign_form=form, note=note, code=_refusal_code(exc)
        )
    done = _(
        "Turn given to flat %(flat)s from %(start)s. The flat was told by e-mail.",
        flat=turn.flat.number,
        start=_date(turn.starts_on),
    )
    if _is_htmx():
        return _hour_page(hour_row, block="hour_work", note=Note("hour_work", done))
    return _flash_back(done, "staff_bookings.hour", hour_id=hour_id)


@bp.post("/turn/<int:turn_id>/end")
@staff_required
def end_turn(turn_id: int):
    turn = _get(SaunaTurn, turn_id)
    hour_row = SaunaHour.get_by_id(turn.hour_id)
    form = EndForm(prefix="end")
    if not form.validate():
        return _hour_page(hour_row, block="hour_work", end_form=form, code=422)
    try:
        turn = admin.end_turn(_actor(), turn_id, form.ends_on.data)
    except (AdminError, BookingError) as exc:
        note = Note("hour_work", error_text(exc.code), error=True)
        return _hour_page(
            hour_row, block="hour_work", end_form=form, note=note, code=_refusal_code(exc)
        )
    done = _(
        "The turn of flat %(flat)s ends on %(end)s. The flat was told by e-mail.",
        flat=turn.flat.number,
        end=_date(turn.ends_on),
    )
    if _is_htmx():
        return _hour_page(hour_row, block="hour_work", note=Note("hour_work", done))
    return _flash_back(done, "staff_bookings.hour", hour_id=hour_row.id)


@bp.post("/hour/<int:hour_id>/remove")
@staff_required
def remove_hour(hour_id: int):
    hour_row = _get(SaunaHour, hour_id)
    if not ConfirmForm().validate():
        abort(400)
    time_text = _hour_time(hour_row)
    try:
        admin.remove_hour(_actor(), hour_id)
    except AdminError as exc:
        note = Note("hour_work", error_text(exc.code), error=True)
        return _hour_page(hour_row, block="hour_work", note=note, code=_refusal_code(exc))
    done = _("Hour removed: %(time)s.", time=time_text)
    flash(done, "success")
    target = url_for("staff_bookings.sauna", sauna_id=hour_row.sauna_id, _anchor="grid")
    if _is_htmx():
        response = make_response("", 200)
        response.headers["HX-Redirect"] = target
        return response
    return redirect(target)


def _date(day) -> str:
    return format_date(day, "medium") if day else ""


# --- one parking space: fee, contract, history --------------------------------------------------


def _space_page(
    space: ParkingSpace,
    *,
    block: str | None = None,
    note: Note | None = None,
    space_form: SpaceForm | None = None,
    rent_form: FlatDateForm | None = None,
    end_form: EndForm | None = None,
    code: int = 200,
):
    company_row = HousingCompany.get_by_id(space.housing_company_id)
    line = admin.space_line(space)
    rent_form = rent_form or FlatDateForm(formdata=None, prefix="rent", starts_on=bookings.today())
    rent_form.fill_flats(admin.company_flats(company_row.id))
    end_form = end_form or EndForm(
        formdata=None, prefix="end", ends_on=bookings.parking_end_preview(company_row)
    )
    html = render(
        "staff_bookings/space.html",
        block=block,
        space=space,
        company=company_row,
        line=line,
        history=admin.space_history(space),
        space_form=space_form or SpaceForm(formdata=None, prefix="space", obj=space),
        rent_form=rent_form,
        end_form=end_form,
        notice_end=bookings.parking_end_preview(company_row),
        confirm_form=ConfirmForm(formdata=None),
        note=note,
        **_template_globals(),
    )
    return _respond(html, code)


@bp.get("/space/<int:space_id>")
@staff_required
def space(space_id: int):
    return _space_page(_get(ParkingSpace, space_id))


@bp.post("/space/<int:space_id>")
@staff_required
def edit_space(space_id: int):
    space_row = _get(ParkingSpace, space_id)
    form = SpaceForm(prefix="space")
    if not form.validate():
        return _space_page(space_row, block="space_form", space_form=form, code=422)
    try:
        space_row = admin.update_space(
            _actor(),
            space_id,
            code=form.code.data,
            kind=form.kind.data,
            monthly_fee=form.monthly_fee.data,
        )
    except AdminError as exc:
        _field_error(form, exc.code)
        return _space_page(space_row, block="space_form", space_form=form, code=_refusal_code(exc))
    done = _("Parking space %(code)s saved.", code=space_row.code)
    if _is_htmx():
        return _space_page(space_row, block="space_form", note=Note("space_form", done))
    return _flash_back(done, "staff_bookings.space", space_id=space_id)


@bp.post("/space/<int:space_id>/remove")
@staff_required
def remove_space(space_id: int):
    space_row = _get(ParkingSpace, space_id)
    if not ConfirmForm().validate():
        abort(400)
    try:
        company_id = admin.remove_space(_actor(), space_id)
    except AdminError as exc:
        note = Note("contract", error_text(exc.code), error=True)
        return _space_page(space_row, block="contract", note=note, code=_refusal_code(exc))
    flash(_("Parking space %(code)s removed.", code=space_row.code), "success")
    target = url_for("staff_bookings.company", company_id=company_id, _anchor="spaces")
    if _is_htmx():
        response = make_response("", 200)
        response.headers["HX-Redirect"] = target
        return response
    return redirect(target)


@bp.post("/space/<int:space_id>/rent")
@staff_required
def rent_space(space_id: int):
    space_row = _get(ParkingSpace, space_id)
    form = FlatDateForm(prefix="rent")
    form.fill_flats(admin.company_flats(space_row.housing_company_id))
    if not form.validate():
        return _space_page(space_row, block="contract", rent_form=form, code=422)
    try:
        contract = admin.rent_space(_actor(), space_id, int(form.flat.data), form.starts_on.data)
    except (AdminError, BookingError) as exc:
        note = Note("contract", error_text(exc.code), error=True)
        return _space_page(
            space_row, block="contract", rent_form=form, note=note, code=_refusal_code(exc)
        )
    done = _(
        "Space %(code)s rented to flat %(flat)s from %(start)s. The flat was told by e-mail.",
        code=space_row.code,
        flat=contract.flat.number,
        start=_date(contract.starts_on),
    )
    if _is_htmx():
        return _space_page(space_row, block="contract", note=Note("contract", done))
    return _flash_back(done, "staff_bookings.space", space_id=space_id)


@bp.post("/contract/<int:contract_id>/terminate")
@staff_required
def terminate_contract(contract_id: int):
    contract = _get(ParkingContract, contract_id)
    space_row = ParkingSpace.get_by_id(contract.space_id)
    form = EndForm(prefix="end")
    if not form.validate():
        return _space_page(space_row, block="contract", end_form=form, code=422)
    try:
        contract = admin.terminate_contract(_actor(), contract_id, form.ends_on.data)
    except (AdminError, BookingError) as exc:
        note = Note("contract", error_text(exc.code), error=True)
        return _space_page(
            space_row, block="contract", end_form=form, note=note, code=_refusal_code(exc)
        )
    done = _(
        "The contract of flat %(flat)s for space %(code)s ends on %(end)s. The flat was told "
        "by e-mail.",
        flat=contract.flat.number,
        code=space_row.code,
        end=_date(contract.ends_on),
    )
    if _is_htmx():
        return _space_page(space_row, block="contract", note=Note("contract", done))
    return _flash_back(done, "staff_bookings.space", space_id=space_row.id)
