"""Words for codes (statuses, categories) in the page's or the mail's language.

Codes stay in the domain and the database; their words live here, once, for pages and mails.
"""

from __future__ import annotations

from flask import Flask
from flask_babel import lazy_gettext as _l

STATUS_LABELS = {
    "unconfirmed": _l("Waiting for e-mail confirmation"),
    "review": _l("Being checked by customer service"),
    "received": _l("Received"),
    "sent_to_maintenance": _l("Sent to maintenance"),
    "visit_agreed": _l("Visit agreed"),
    "in_progress": _l("In progress"),
    "waiting_for_parts": _l("Waiting for parts"),
    "done": _l("Done"),
    "cancelled": _l("Cancelled"),
    "redirected": _l("Redirected to Heka"),
}

CATEGORY_LABELS = {
    "water": _l("Water and plumbing"),
    "water.leak": _l("Water leak"),
    "water.tap": _l("Tap"),
    "water.toilet": _l("Toilet"),
    "water.drain_blocked": _l("Blocked drain or sewer"),
    "water.shower": _l("Shower"),
    "water.other": _l("Other water or plumbing fault"),
    "electricity": _l("Electricity"),
    "electricity.no_power": _l("No electricity"),
    "electricity.burning_smell": _l("Smell of burning"),
    "electricity.socket": _l("Socket or switch"),
    "electricity.lighting": _l("Fixed lighting"),
    "electricity.other": _l("Other electrical fault"),
    "doors_windows": _l("Doors, locks and windows"),
    "doors_windows.lock": _l("Lock"),
    "doors_windows.door": _l("Door"),
    "doors_windows.window": _l("Window"),
    "doors_windows.balcony": _l("Balcony or balcony door"),
    "doors_windows.other": _l("Other door, lock or window fault"),
    "appliances": _l("Appliances"),
    "appliances.stove": _l("Stove or oven"),
    "appliances.fridge": _l("Fridge or freezer"),
    "appliances.dishwasher": _l("Dishwasher"),
    "appliances.washing_machine": _l("Washing machine"),
    "appliances.other": _l("Other appliance"),
    "ventilation_heating": _l("Ventilation and heating"),
    "ventilation_heating.radiator_cold": _l("Cold radiator"),
    "ventilation_heating.ventilation": _l("Ventilation"),
    "ventilation_heating.other": _l("Other ventilation or heating fault"),
    "common_areas": _l("Common areas"),
    "common_areas.stairwell": _l("Stairwell"),
    "common_areas.laundry": _l("Laundry room"),
    "common_areas.sauna": _l("Sauna"),
    "common_areas.yard": _l("Yard"),
    "common_areas.other": _l("Other common area"),
    "other": _l("Other"),
    "other.other": _l("Other fault"),
}


def status_label(code: str) -> str:
    return str(STATUS_LABELS.get(code, code))


def category_label(code: str) -> str:
    return str(CATEGORY_LABELS.get(code, code))


PARKING_KIND_LABELS = {
    "outdoor": _l("Outdoor space"),
    "carport": _l("Car port"),
    "plug": _l("Heated space with a plug"),
    "garage": _l("Garage"),
    "ev": _l("EV charging"),
}


def parking_kind_label(code: str) -> str:
    return str(PARKING_KIND_LABELS.get(code, code))


#: The states of an outbox mail (services.mailer), as the demo mailbox shows them.
OUTBOX_STATUS_LABELS = {
    "pending": _l("Waiting to be sent"),
    "sending": _l("Being sent"),
    "sent": _l("Sent"),
    "dead": _l("Not sent: too many failed attempts"),
}


def outbox_status_label(code: str) -> str:
    return str(OUTBOX_STATUS_LABELS.get(code, code))


#: What a sauna hour that cannot be booked is for (``SaunaHour.label``; "" for none), on the
#: resident's grid and in the desk's admin alike.
SAUNA_HOUR_LABELS = {
    "common_men": _l("Common turn for men"),
    "common_women": _l("Common turn for women"),
    "maintenance": _l("Maintenance"),
    "": _l("Not bookable"),
}


def sauna_hour_label(code: str) -> str:
    return str(SAUNA_HOUR_LABELS.get(code, SAUNA_HOUR_LABELS[""]))


def weekday_name(weekday: int, width: str = "wide") -> str:
    """Monday is 0, in the page's or mail's language (Babel)."""
    from flask_babel import get_locale

    return get_locale().days["format"][width][weekday]


#: Who answers for a repair (``domain.responsibility``): as a column and a fact on a report.
RESPONSIBLE_LABELS = {
    "housing_company": _l("The housing company's maintenance"),
    "heka": _l("Heka's asoy desk"),
    "resident": _l("Usually the resident's own (the desk decides)"),
}

#: The same said to the person filing the report, before they send it.
RESPONSIBLE_TEXTS = {
    "housing_company": _l("This goes to the housing company's maintenance."),
    "heka": _l("This goes to Heka's asoy desk, which orders the repair."),
    "resident": _l("This is usually yours to fix; the desk can help."),
}


def responsible_label(code: str) -> str:
    return str(RESPONSIBLE_LABELS.get(code, code))


def responsible_text(code: str) -> str:
    return str(RESPONSIBLE_TEXTS.get(code, ""))


def init_app(app: Flask) -> None:
    app.jinja_env.globals.update(
        responsible_label=responsible_label,
        responsible_text=responsible_text,
        status_label=status_label,
        category_label=category_label,
        parking_kind_label=parking_kind_label,
        outbox_status_label=outbox_status_label,
        weekday_name=weekday_name,
    )
