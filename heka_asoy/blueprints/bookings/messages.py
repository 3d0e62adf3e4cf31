"""Words for the booking rules' refusals (``services.bookings.BookingError`` codes), once for
the resident pages and the desk's bookings admin alike: the same rule says no in the same words
on both sides, so the texts speak of "the flat" rather than "your flat"."""

from flask_babel import lazy_gettext as _l

from ...i18n import house_date

BOOKING_ERRORS = {
    "not_found": _l("The booking was not found. Reload the page and try again."),
    "not_own_company": _l(
        "A flat can book only the saunas and parking spaces of its own housing company."
    ),
    "unbookable": _l("This hour cannot be booked: it is a common turn or otherwise reserved."),
    "past": _l("The date has already passed. Choose a date from today on."),
    "too_early": _l("The turn cannot start that soon. Choose a later start date."),
    "taken": _l("Someone else just booked this. Choose another hour or join the waiting list."),
    "space_taken": _l(
        "Someone else just rented this space. Choose another space or join the queue."
    ),
    "quota": _l("The flat already has as many turns in this sauna as the rules allow."),
    "quota_until": _l(
        "The flat already has as many turns in this sauna as the rules allow in that week. "
        "It can book another turn from the week of %(date)s on."
    ),
    "too_late": _l("The start date is too far ahead. Choose a date until %(date)s."),
    "cap_until": _l(
        "The flat already rents as many parking spaces as one flat may until its terminated "
        "contract ends. Choose a start date from %(date)s on."
    ),
    "space_free": _l("A space of this type is free: rent it instead of joining the queue."),
    "cap": _l(
        "The flat already has as many parking spaces as one flat may rent (%(num)s). To rent "
        "another, terminate one first."
    ),
    "ended": _l("This has already ended or been cancelled."),
    "not_free": _l("Choose a date on which the turn is yours: on its weekday, from today on."),
    "already": _l("You have already given up that week."),
    "one_off_not_allowed": _l("This sauna does not take one-off bookings."),
    "already_waiting": _l("Your flat is already on this waiting list."),
    "free": _l("This hour is free: book it instead of joining the waiting list."),
    "own": _l("This hour is already your turn."),
    "no_offer": _l("There is no open offer to accept."),
    "offer_expired": _l("The time to accept this offer has passed."),
    "no_lease": _l("The flat has no current lease to add the fee to."),
    "bad_input": _l("Check the date and try again."),
}


#: The wording of a refusal that says from when there is room again (``free_from``).
UNTIL = {"quota": "quota_until", "cap": "cap_until"}


def booking_error_text(error) -> str:
    """The message for ``error`` (a ``BookingError`` or its code), filled in with its
    parameters (a date, the cap)."""
    code = getattr(error, "code", error)
    params = getattr(error, "params", {})
    if params.get("free_from") is not None:
        code = UNTIL.get(code, code)
    day = params.get("free_from") or params.get("latest")
    values = {"num": params.get("cap"), "date": house_date(day) if day else None}
    return str(BOOKING_ERRORS.get(code, BOOKING_ERRORS["not_found"])) % values

