"""One sauna: its rules and its weekly grid (adding hours)."""

from __future__ import annotations

from flask import url_for
from flask_babel import gettext as _

from ...services import booking_admin as admin
from ..staff.guards import staff_required
from .answers import Block, Note, answer
from .blueprint import bp
from .forms import HourForm, SaunaForm, usage_to_fields
from .pages import _actor, _hour_time, _page


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
