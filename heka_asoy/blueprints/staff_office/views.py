"""The desk's office calendar pages. Each view makes one service call (and, after an action
refused, reads the page again to show it with the words next to the field). Without JavaScript
every form posts and redirects back; with HTMX the week and day navigation swap the calendar
only."""

from __future__ import annotations

from flask import Blueprint, flash, redirect, request, url_for
from flask_babel import get_locale, ngettext
from flask_babel import gettext as _
from flask_login import current_user
from wtforms.fields.choices import SelectChoice

from ...domain.clock import helsinki_today
from ...i18n import house_time, house_weekday_date
from ...params import id_arg, parse_day
from ...rendering import render, wants_block
from ...services.appointments import desk, filing
from ...services.appointments.errors import AppointmentError
from ...services.appointments.record import RequestData
from ..staff.guards import staff_required
from . import labels
from .forms import CloseDayForm, NewRequestForm, OutcomeForm, ReasonForm, ReopenDayForm, SlotForm

bp = Blueprint("staff_office", __name__)


@bp.record_once
def _register_labels(state) -> None:
    labels.init_app(state.app)


def error_text(code: str) -> str:
    """A refusal of the appointment service in the page's language."""
    return {
        "slot_unavailable": _(
            "That time cannot be booked. Choose one of the offered times: never Tuesday "
            "(walk-in), a public holiday, a day the office is closed or a past time."
        ),
        "slot_full": _("Every desk is taken at that time. Choose another time."),
        "wrong_state": _("The request has changed meanwhile. See its status above."),
        "day_has_visits": _(
            "Visits still have times that day. Move or cancel them first, so nobody comes to a "
            "closed office."
        ),
        "reason_required": _("Write the reason."),
        "reason_too_long": _("The reason is too long."),
        "not_yet": _("The visit has not started yet."),
        "day_past": _("The day has already passed."),
        "no_hours": _("The office takes no appointments that day."),
        "name_required": _("Write the name."),
        "bad_email": _("Check the e-mail address."),
        "already_filed": _("This mail is already an appointment request."),
        "not_todays_visit": _("Choose one of the person's office visits today."),
    }.get(code, _("Check the form and try again."))


def _language() -> str:
    locale = get_locale()
    return locale.language if locale else "fi"


# --- the calendar -----------------------------------------------------------------------------


def _calendar(first, view: str, marked: int | None = None, **forms):
    """The calendar page, or its "calendar" block for HTMX; ``marked``: the visit whose outcome
    was just recorded (its card takes the focus after the swap)."""
    page = desk.calendar(first, view, _language())
    return render(
        "staff_office/calendar.html",
        block="calendar",
        page=page,
        marked=marked,
        outcome_form=OutcomeForm(formdata=None),
        close_form=forms.get("close") or CloseDayForm(formdata=None, day=page.first),
        reopen_form=ReopenDayForm(formdata=None, day=page.first),
    )


@bp.get("/")
@staff_required
def week():
    return _calendar(parse_day(request.args.get("week"), helsinki_today()), "week")


@bp.get("/day")
@staff_required
def day():
    return _calendar(parse_day(request.args.get("day"), helsinki_today()), "day")


@bp.get("/waiting")
@staff_required
def waiting():
    requested, proposed = desk.waiting_list()
    return render("staff_office/waiting.html", waiting=requested, proposed=proposed)


@bp.post("/day/close")
@staff_required
def close_day():
    form = CloseDayForm()
    if form.validate_on_submit():
        try:
            desk.close_day(current_user, form.day.data, form.reason.data)
        except AppointmentError as exc:
            form.reason.errors = [error_text(exc.code)]
        else:
            flash(_("The office is closed for appointments that day."), "success")
            return redirect(url_for(".day", day=form.day.data.isoformat()))
    first = form.day.data if form.day.data and not form.day.errors else helsinki_today()
    return _calendar(first, "day", close=form), 422


@bp.post("/day/reopen")
@staff_required
def reopen_day():
    form = ReopenDayForm()
    if not form.validate_on_submit():
        flash(_("Check the form and try again."), "error")
        return redirect(url_for(".week"))
    try:
        desk.reopen_day(current_user, form.day.data)
    except AppointmentError as exc:
        flash(error_text(exc.code), "error")
    else:
        flash(_("The day takes appointments again."), "success")
    return redirect(url_for(".day", day=form.day.data.isoformat()))


# --- one request ------------------------------------------------------------------------------


def slot_label(slot) -> str:
    free = ngettext("%(num)s desk free", "%(num)s desks free", slot.free)
    return (
        f"{house_weekday_date(slot.starts_at)} {house_time(slot.starts_at)}"
        f"–{house_time(slot.ends_at)} ({free})"
    )


def _slot_form(view, given, prefix: str) -> SlotForm:
    form = given or SlotForm(formdata=None, prefix=prefix)
    preferred = set((view.appointment.preferred_days or "").split(","))
    weekdays = ("mon", "tue", "wed", "thu", "fri", "sat", "sun")
    choices = [SelectChoice("", _("Choose a time"))]
    for slot in view.slots:
        label = slot_label(slot)
        if weekdays[slot.starts_at.weekday()] in preferred:
            label = _("%(time)s – a preferred day", time=label)
        choices.append(SelectChoice(slot.value, label))
    form.slot.choices = choices
    return form


def _request_page(appointment_id: int, code: int = 200, **given):
    view = desk.request_view(appointment_id)
    html = render(
        "staff_office/request.html",
        view=view,
        a=view.appointment,
        confirm_form=_slot_form(view, given.get("confirm"), "confirm"),
        propose_form=_slot_form(view, given.get("propose"), "propose"),
        decline_form=given.get("decline") or ReasonForm(formdata=None, prefix="decline"),
        cancel_form=given.get("cancel") or ReasonForm(formdata=None, prefix="cancel"),
        outcome_form=given.get("outcome") or OutcomeForm(formdata=None),
        outcome_error=given.get("outcome_error"),
    )
    return html, code


@bp.get("/requests/<int:appointment_id>")
@staff_required
def detail(appointment_id: int):
    return _request_page(appointment_id)


def _act(appointment_id: int, name: str, form, field: str, action, done: str):
    """Validate ``form``, run ``action`` (one service call); a refusal shows the page again
    with the words next to ``field`` and changes nothing."""
    if form.validate_on_submit():
        try:
            action(form)
        except AppointmentError as exc:
            getattr(form, field).errors = [error_text(exc.code)]
        else:
            flash(done, "success")
            return redirect(url_for(".detail", appointment_id=appointment_id))
    return _request_page(appointment_id, 422, **{name: form})


@bp.post("/requests/<int:appointment_id>/confirm")
@staff_required
def confirm(appointment_id: int):
    return _act(
        appointment_id,
        "confirm",
        SlotForm(prefix="confirm"),
        "slot",
        lambda f: desk.confirm(current_user, appointment_id, f.slot.data),
        _("The time is confirmed; the person was sent it by e-mail."),
    )


@bp.post("/requests/<int:appointment_id>/propose")
@staff_required
def propose(appointment_id: int):
    return _act(
        appointment_id,
        "propose",
        SlotForm(prefix="propose"),
        "slot",
        lambda f: desk.propose(current_user, appointment_id, f.slot.data),
        _("The time was proposed to the person by e-mail; it is kept for them."),
    )


@bp.post("/requests/<int:appointment_id>/decline")
@staff_required
def decline(appointment_id: int):
    return _act(
        appointment_id,
        "decline",
        ReasonForm(prefix="decline"),
        "reason",
        lambda f: desk.decline(current_user, appointment_id, f.reason.data),
        _("The request was declined; the person was told why by e-mail."),
    )


@bp.post("/requests/<int:appointment_id>/cancel")
@staff_required
def cancel(appointment_id: int):
    return _act(
        appointment_id,
        "cancel",
        ReasonForm(prefix="cancel"),
        "reason",
        lambda f: desk.cancel(current_user, appointment_id, f.reason.data),
        _("The visit was cancelled; the person was told why by e-mail."),
    )


@bp.post("/requests/<int:appointment_id>/outcome")
@staff_required
def outcome(appointment_id: int):
    form = OutcomeForm()
    if not form.validate_on_submit():
        return _request_page(appointment_id, 422, outcome_error=_("Check the form and try again."))
    try:
        visit = desk.record_outcome(current_user, appointment_id, form.outcome.data == "came")
    except AppointmentError as exc:
        return _request_page(appointment_id, 422, outcome_error=error_text(exc.code))
    if wants_block():  # the calendar's card of the visit is swapped in place
        return _calendar(desk.visit_day(visit), "day", marked=visit.id)
    if visit.status == "came":
        flash(_("Marked: %(name)s came.", name=visit.name), "success")
    else:
        flash(_("Marked: %(name)s did not come.", name=visit.name), "success")
    if form.back.data == "day":
        return redirect(url_for(".day", day=desk.visit_day(visit).isoformat()))
    return redirect(url_for(".detail", appointment_id=appointment_id))


# --- a request filed by the desk --------------------------------------------------------------


@bp.route("/requests/new", methods=["GET", "POST"])
@staff_required
def new_request():
    thread_id = id_arg("thread")
    if request.method == "GET":
        form = NewRequestForm(formdata=None)
        if thread_id is not None:
            found = filing.prefill_from_thread(thread_id)
            form.process(
                data={
                    "name": found.name,
                    "email": found.email,
                    "details": found.details,
                    "language": found.language,
                    "reason": "other",
                }
            )
        return render("staff_office/new_request.html", form=form, thread_id=thread_id)
    form = NewRequestForm()
    if form.validate_on_submit():
        data = RequestData(
            name=form.name.data,
            email=form.email.data,
            reason=form.reason.data,
            language=form.language.data,
            phone=form.phone.data or "",
            details=form.details.data or "",
        )
        try:
            created = filing.create_request(current_user, data, thread_id)
        except AppointmentError as exc:
            target = {"bad_email": form.email, "name_required": form.name}.get(exc.code)
            if target is not None:
                target.errors = [error_text(exc.code)]
            else:
                form.form_errors.append(error_text(exc.code))
        else:
            flash(_("Request %(number)s filed. Give it a time.", number=created.id), "success")
            return redirect(url_for(".detail", appointment_id=created.id))
    return render("staff_office/new_request.html", form=form, thread_id=thread_id), 422
