"""One parking space: its code, type and fee, its contract and earlier contracts."""

from __future__ import annotations

from flask import abort, url_for
from flask_babel import gettext as _

from ...services import booking_admin as admin
from ...services import bookings
from ..staff.guards import staff_required
from .answers import REFUSALS, Block, Note, answer, leave
from .blueprint import bp
from .forms import ConfirmForm, EndForm, FlatDateForm, SpaceForm
from .pages import _actor, _date, _page, _space_fields


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
