"""Choosing a housing company and its page: saunas, parking rules, spaces, every queue."""

from __future__ import annotations

from flask import redirect, request, url_for
from flask_babel import gettext as _

from ...params import parse_id
from ...rendering import render
from ...services import booking_admin as admin
from ..staff.guards import staff_required
from .answers import Block, Note, answer
from .blueprint import bp
from .forms import CompanySearchForm, ParkingRulesForm, SaunaForm, SpaceForm
from .pages import _actor, _page, _space_fields, _template_globals


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
        found=admin.find_companies(query or ""),
    )


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
