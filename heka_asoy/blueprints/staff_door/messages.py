"""The words for the door-opening and key-handover refusals."""

from __future__ import annotations

from flask_babel import lazy_gettext as _l

DOOR_ERRORS = {
    "future": _l("The time is in the future."),
    "not_in_register": _l(
        "This person is not in the resident register of the flat on that day; the door is "
        "opened only for people in the register."
    ),
    "document": _l("Choose the identity document shown."),
    "no_lease": _l("The flat has no lease running on that day, so the fee cannot be invoiced."),
    "fee": _l("The fee cannot be negative."),
    "direction": _l("Choose whether the keys were given or returned."),
    "count": _l("The number of keys must be 1–20."),
    "box": _l("Only returned keys go into the after-hours box."),
}


def door_error_text(code: str) -> str:
    return str(DOOR_ERRORS.get(code, _l("The entry could not be saved.")))
