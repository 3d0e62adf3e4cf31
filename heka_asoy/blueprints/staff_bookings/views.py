"""The desk's bookings admin: pick a housing company, then its saunas (rules, weekly grid, who
holds each hour, waiting lists, manual turns) and its parking (spaces and fees, contracts,
queues, the company's parking rules).

HTMX requests get only the block that changed (``render(..., block=...)``), or for the grid one
hour's cell; a refused change comes back as that block with the error, at status 200 (HTMX swaps
only 2xx answers). Without JavaScript every form posts and redirects back (post/redirect/get),
or shows the page again with the errors (422, 409 when the booking rules refused).
"""

from __future__ import annotations

from flask import Blueprint, abort, make_response, redirect, render_template, request, url_for
from flask_babel import gettext as _
from flask_login import current_user

from ...i18n import house_date
from ...labels import parking_kind_label, weekday_name
from ...params import parse_id
from ...rendering import render
from ...services import booking_admin as admin
from ...services import bookings
from ...services.bookings import PARKING_KINDS
from ..staff.guards import staff_required
from .answers import (
    REFUSALS,
    Block,
    Note,
    answer,
    error_text,
    is_htmx,
    leave,
    respond,
)
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

bp = Blueprint("staff_bookings", __name__)


def _actor():
    return current_user._get_current_object()


def _hour_time(hour) -> str:
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


def _page(template: str, block: str | None, code: int, **context):
    """A page of the admin (or its ``block`` for HTMX) with the template helpers, at ``code``."""
    return respond(render(template, block=block, **context, **_template_globals()), code)


# --- choosing a housing company -----------------------------------------------------------------


@bp.get("/")
@staff_required
def index():
    chosen = parse_id(request.args.get("company"))
    if chosen:
        return redirect(url_for("staff_bookings.company", company_id=chosen))
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
    company,
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
    return _page(
        "staff_bookings/company.html",
        block,
        code,
        note=note,
        company=company,
        saunas=admin.company_saunas(company),
        spaces=spaces,
        queues=queues,
        sauna_form=sauna_form or SaunaForm(formdata=None, prefix="new-sauna"),
        rules_form=rules_form,
        space_form=space_form or SpaceForm(formdata=None, prefix="new-space"),
    )


@bp.get("/company/<int:company_id>")
@staff_required
def company(company_id: int):
    return _company_page(admin.get_company(company_id))


@bp.post("/company/<int:company_id>/saunas")
@staff_required
def create_sauna(company_id: int):
    company_row = admin.get_company(company_id)
    form = SaunaForm(prefix="new-sauna")
    return answer(
        Block(_company_page, company_row, "saunas", "sauna_form"),
        form,
        lambda: admin.create_sauna(_actor(), company_id, **form.values()),
        lambda sauna: _("Sauna %(name)s added. Add its weekly hours next.", name=sauna.name),
        lambda sauna: url_for("staff_bookings.sauna", sauna_id=sauna.id),
    )


@bp.post("/company/<int:company_id>/parking-rules")
@staff_required
def parking_rules(company_id: int):
    company_row = admin.get_company(company_id)
    form = ParkingRulesForm(prefix="parking")
    return answer(
        Block(_company_page, company_row, "parking_rules", "rules_form"),
        form,
        lambda: admin.set_parking_rules(
            _actor(),
            company_id,
            offer_days=form.parking_offer_days.data,
            notice_months=form.parking_notice_months.data,
        ),
        lambda _company: _("Parking rules saved."),
        url_for("staff_bookings.company", company_id=company_id, _anchor="parking"),
        fresh=True,
        refused_code=422,
    )


@bp.post("/company/<int:company_id>/spaces")
@staff_required
def create_space(company_id: int):
    company_row = admin.get_company(company_id)
    form = SpaceForm(prefix="new-space")
    return answer(
        Block(_company_page, company_row, "spaces", "space_form"),
        form,
        lambda: admin.create_space(_actor(), company_id, **_space_fields(form)),
        lambda space: _("Parking space %(code)s added.", code=space.code),
        url_for("staff_bookings.company", company_id=company_id, _anchor="spaces"),
        beside_fields=True,
    )


def _space_fields(form: SpaceForm) -> dict:
    """The code, type and fee of a space, as the admin service takes them."""
    return {"code": form.code.data, "kind": form.kind.data, "monthly_fee": form.monthly_fee.data}


@bp.get("/company/<int:company_id>/queues")
@staff_required
def queues(company_id: int):
    """Every waiting list of the company: sauna hours and parking types, with positions."""
    company_row = admin.get_company(company_id)
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
    sauna,
    *,
    block: str | None = None,
    note: Note | None = None,
    rules_form: SaunaForm | None = None,
    hour_form: HourForm | None = None,
    code: int = 200,
):
    if rules_form is None:
        rules_form = SaunaForm(formdata=None, prefix="rules", obj=sauna)
    return _page(
        "staff_bookings/sauna.html",
        block,
        code,
        note=note,
        sauna=sauna,
        company=sauna.housing_company,
        board=admin.sauna_board(sauna),
        rules_form=rules_form,
        hour_form=hour_form or HourForm(formdata=None, prefix="hour"),
    )


@bp.get("/sauna/<int:sauna_id>")
@staff_required
def sauna(sauna_id: int):
    return _sauna_page(admin.get_sauna(sauna_id))


@bp.post("/sauna/<int:sauna_id>/rules")
@staff_required
def sauna_rules(sauna_id: int):
    sauna_row = admin.get_sauna(sauna_id)
    form = SaunaForm(prefix="rules")
    return answer(
        Block(_sauna_page, sauna_row, "rules", "rules_form"),
        form,
        lambda: admin.update_sauna(_actor(), sauna_id, **form.values()),
        lambda sauna: _("Rules of %(name)s saved.", name=sauna.name),
        url_for("staff_bookings.sauna", sauna_id=sauna_id, _anchor="rules"),
        fresh=True,
        refused_code=422,
    )


@bp.post("/sauna/<int:sauna_id>/hours")
@staff_required
def add_hour(sauna_id: int):
    sauna_row = admin.get_sauna(sauna_id)
    form = HourForm(prefix="hour")

    def add():
        bookable, label = usage_to_fields(form.usage.data)
        return admin.add_hour(
            _actor(),
            sauna_id,
            weekday=form.weekday.data,
            start_hour=form.start_hour.data,
            bookable=bookable,
            label=label,
        )

    return answer(
        Block(_sauna_page, sauna_row, "grid", "hour_form"),
        form,
        add,
        lambda hour: _("Hour added: %(time)s.", time=_hour_time(hour)),
        url_for("staff_bookings.sauna", sauna_id=sauna_id, _anchor="grid"),
    )


# --- one hour: its use, holder, waiting list ----------------------------------------------------


def _hour_page(
    hour,
    *,
    block: str | None = None,
    note: Note | None = None,
    usage_form: UsageForm | None = None,
    assign_form: FlatDateForm | None = None,
    end_form: EndForm | None = None,
    code: int = 200,
):
    sauna_row = hour.sauna
    slot = admin.hour_slot(hour)
    assign_form = assign_form or FlatDateForm(
        formdata=None, prefix="assign", starts_on=bookings.today()
    )
    assign_form.fill_flats(admin.company_flats(sauna_row.housing_company_id))
    usage_form = usage_form or UsageForm(formdata=None, prefix="usage", usage=slot.usage)
    end_form = end_form or EndForm(
        formdata=None, prefix="end", ends_on=bookings.turn_end_preview(sauna_row)
    )
    return _page(
        "staff_bookings/hour.html",
        block,
        code,
        note=note,
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
    )


@bp.get("/hour/<int:hour_id>")
@staff_required
def hour(hour_id: int):
    return _hour_page(admin.get_hour(hour_id))


def _hour_cell(hour, note: Note | None = None):
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
    hour_row = admin.get_hour(hour_id)
    in_grid = request.form.get("from") == "grid"
    form = UsageForm(prefix="" if in_grid else "usage")

    def change():
        bookable, label = usage_to_fields(form.usage.data)
        return admin.set_hour_usage(_actor(), hour_id, bookable=bookable, label=label)

    def notice(hour) -> str:
        return _("%(time)s: %(usage)s.", time=_hour_time(hour), usage=usage_label(form.usage.data))

    if not in_grid:
        return answer(
            Block(_hour_page, hour_row, "hour_work", "usage_form"),
            form,
            change,
            notice,
            url_for("staff_bookings.hour", hour_id=hour_id),
            fresh=True,
        )
    cell = Block(_grid_cell, hour_row, "hour_work")
    if not form.validate():
        return cell.again(note=Note("hour_work", error_text("label"), error=True), code=422)
    try:
        hour_row = change()
    except REFUSALS as exc:
        return cell.refused(exc)
    done = notice(hour_row)
    if is_htmx():
        return cell.done(done, hour_row)
    return leave(done, url_for("staff_bookings.sauna", sauna_id=hour_row.sauna_id, _anchor="grid"))


def _grid_cell(hour, *, block: str, note: Note | None = None, code: int = 200):
    """A change made in the grid: the hour's cell for HTMX, else the hour's page."""
    if is_htmx():
        return _hour_cell(hour, note and Note("cell", note.text, error=note.error))
    return _hour_page(hour, block=block, note=note, code=code)


@bp.post("/hour/<int:hour_id>/assign")
@staff_required
def assign_turn(hour_id: int):
    hour_row = admin.get_hour(hour_id)
    sauna_row = hour_row.sauna
    form = FlatDateForm(prefix="assign")
    form.fill_flats(admin.company_flats(sauna_row.housing_company_id))
    return answer(
        Block(_hour_page, hour_row, "hour_work", "assign_form"),
        form,
        lambda: admin.assign_turn(_actor(), hour_id, int(form.flat.data), form.starts_on.data),
        lambda turn: _(
            "Turn given to flat %(flat)s from %(start)s. The flat was told by e-mail.",
            flat=turn.flat.number,
            start=_date(turn.starts_on),
        ),
        url_for("staff_bookings.hour", hour_id=hour_id),
    )


@bp.post("/turn/<int:turn_id>/end")
@staff_required
def end_turn(turn_id: int):
    turn = admin.get_turn(turn_id)
    hour_row = turn.hour
    form = EndForm(prefix="end")
    return answer(
        Block(_hour_page, hour_row, "hour_work", "end_form"),
        form,
        lambda: admin.end_turn(_actor(), turn_id, form.ends_on.data),
        lambda turn: _(
            "The turn of flat %(flat)s ends on %(end)s. The flat was told by e-mail.",
            flat=turn.flat.number,
            end=_date(turn.ends_on),
        ),
        url_for("staff_bookings.hour", hour_id=hour_row.id),
    )


@bp.post("/hour/<int:hour_id>/remove")
@staff_required
def remove_hour(hour_id: int):
    hour_row = admin.get_hour(hour_id)
    if not ConfirmForm().validate():
        abort(400)
    time_text = _hour_time(hour_row)
    try:
        admin.remove_hour(_actor(), hour_id)
    except REFUSALS as exc:
        return Block(_hour_page, hour_row, "hour_work").refused(exc)
    return leave(
        _("Hour removed: %(time)s.", time=time_text),
        url_for("staff_bookings.sauna", sauna_id=hour_row.sauna_id, _anchor="grid"),
    )


#: Dates in the messages: the house style of the page's language.
_date = house_date


# --- one parking space: fee, contract, history --------------------------------------------------


def _space_page(
    space,
    *,
    block: str | None = None,
    note: Note | None = None,
    space_form: SpaceForm | None = None,
    rent_form: FlatDateForm | None = None,
    end_form: EndForm | None = None,
    code: int = 200,
):
    company_row = space.housing_company
    line = admin.space_line(space)
    rent_form = rent_form or FlatDateForm(formdata=None, prefix="rent", starts_on=bookings.today())
    rent_form.fill_flats(admin.company_flats(company_row.id))
    end_form = end_form or EndForm(
        formdata=None, prefix="end", ends_on=bookings.parking_end_preview(company_row)
    )
    return _page(
        "staff_bookings/space.html",
        block,
        code,
        note=note,
        space=space,
        company=company_row,
        line=line,
        history=admin.space_history(space),
        space_form=space_form or SpaceForm(formdata=None, prefix="space", obj=space),
        rent_form=rent_form,
        end_form=end_form,
        notice_end=bookings.parking_end_preview(company_row),
        confirm_form=ConfirmForm(formdata=None),
    )


@bp.get("/space/<int:space_id>")
@staff_required
def space(space_id: int):
    return _space_page(admin.get_space(space_id))


@bp.post("/space/<int:space_id>")
@staff_required
def edit_space(space_id: int):
    space_row = admin.get_space(space_id)
    form = SpaceForm(prefix="space")
    return answer(
        Block(_space_page, space_row, "space_form", "space_form"),
        form,
        lambda: admin.update_space(_actor(), space_id, **_space_fields(form)),
        lambda space: _("Parking space %(code)s saved.", code=space.code),
        url_for("staff_bookings.space", space_id=space_id),
        fresh=True,
        beside_fields=True,
    )


@bp.post("/space/<int:space_id>/remove")
@staff_required
def remove_space(space_id: int):
    space_row = admin.get_space(space_id)
    if not ConfirmForm().validate():
        abort(400)
    try:
        company_id = admin.remove_space(_actor(), space_id)
    except REFUSALS as exc:
        return Block(_space_page, space_row, "contract").refused(exc)
    return leave(
        _("Parking space %(code)s removed.", code=space_row.code),
        url_for("staff_bookings.company", company_id=company_id, _anchor="spaces"),
    )


@bp.post("/space/<int:space_id>/rent")
@staff_required
def rent_space(space_id: int):
    space_row = admin.get_space(space_id)
    form = FlatDateForm(prefix="rent")
    form.fill_flats(admin.company_flats(space_row.housing_company_id))
    return answer(
        Block(_space_page, space_row, "contract", "rent_form"),
        form,
        lambda: admin.rent_space(_actor(), space_id, int(form.flat.data), form.starts_on.data),
        lambda contract: _(
            "Space %(code)s rented to flat %(flat)s from %(start)s. The flat was told by e-mail.",
            code=space_row.code,
            flat=contract.flat.number,
            start=_date(contract.starts_on),
        ),
        url_for("staff_bookings.space", space_id=space_id),
    )


@bp.post("/contract/<int:contract_id>/terminate")
@staff_required
def terminate_contract(contract_id: int):
    contract = admin.get_contract(contract_id)
    space_row = contract.space
    form = EndForm(prefix="end")
    return answer(
        Block(_space_page, space_row, "contract", "end_form"),
        form,
        lambda: admin.terminate_contract(_actor(), contract_id, form.ends_on.data),
        lambda contract: _(
            "The contract of flat %(flat)s for space %(code)s ends on %(end)s. The flat was told "
            "by e-mail.",
            flat=contract.flat.number,
            code=space_row.code,
            end=_date(contract.ends_on),
        ),
        url_for("staff_bookings.space", space_id=space_row.id),
    )
