"""One hour of a sauna: its use, the turn holding it, its waiting list, removal.

A change made in the grid answers with the hour's cell for HTMX, else with the hour's page.
"""

from __future__ import annotations

from flask import abort, make_response, render_template, request, url_for
from flask_babel import gettext as _

from ...rendering import wants_block
from ...services import booking_admin as admin
from ...services import bookings
from ..staff.guards import staff_required
from .answers import REFUSALS, Block, Note, answer, error_text, leave
from .blueprint import bp
from .forms import ConfirmForm, EndForm, FlatDateForm, UsageForm, usage_label, usage_to_fields
from .pages import _actor, _date, _hour_time, _page, _template_globals


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
    if wants_block():
        return cell.done(done, hour_row)
    return leave(done, url_for("staff_bookings.sauna", sauna_id=hour_row.sauna_id, _anchor="grid"))


def _grid_cell(hour, *, block: str, note: Note | None = None, code: int = 200):
    """A change made in the grid: the hour's cell for HTMX, else the hour's page."""
    if wants_block():
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
