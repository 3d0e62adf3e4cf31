"""The catalogue of resident features shown on the dashboard.

Each feature names the capability it needs (see ``access``) and whether it is built yet. An
unbuilt feature is listed and plainly says so, instead of leading to a fake page.
"""

from __future__ import annotations

from dataclasses import dataclass

from flask_babel import lazy_gettext as _l

from .access import FlatAccess


@dataclass(frozen=True)
class Feature:
    key: str
    title: object
    description: object
    capability: str
    endpoint: str | None = None  # None: not built yet
    #: Further capabilities any of which also opens the feature (service requests: every
    #: resident files disturbance reports, an agent with a renovation power the permit).
    also: tuple[str, ...] = ()


FEATURES: tuple[Feature, ...] = (
    Feature(
        "faults",
        _l("Fault reports"),
        _l("Report a non-urgent fault and follow its handling."),
        "faults",
        "faults.index",
    ),
    Feature(
        "messages",
        _l("Contact customer service"),
        _l("Send a message to the asoy desk, e.g. about rent payment or tenant democracy."),
        "messages",
        "messages.index",
    ),
    Feature(
        "contact",
        _l("Contact details and bank account"),
        _l("Update your phone, postal address, e-mail for notices and IBAN for refunds."),
        "contact_details",
        "household.contact",
    ),
    Feature(
        "flat",
        _l("Flat information and rescue plan"),
        _l("Your flat, its housing company, property manager and maintenance company."),
        "flat_info",
        "flat.index",
    ),
    Feature(
        "announcements",
        _l("Announcements"),
        _l("News from Heka for your home."),
        "announcements",
        "announcements.index",
    ),
    Feature(
        "service_requests",
        _l("Service requests"),
        _l("Disturbance, smoking, renovation permit, tenancy transfer, flat inspection."),
        "faults",  # disturbance and smoking: every resident (services.service_requests)
        "service_requests.index",
        also=("service_requests", "renovation"),
    ),
    Feature("lease", _l("Lease"), _l("The details of your lease."), "lease", "lease.index"),
    Feature(
        "rent",
        _l("Rent and other fees"),
        _l("Rent, fees, invoices, what is paid and what is open."),
        "rent",
        "rent.index",
    ),
    Feature(
        "occupants",
        _l("Occupants"),
        _l("Report people moving in or out."),
        "occupants",
        "household.occupants",
    ),
    Feature(
        "terminate",
        _l("Terminate the lease"),
        _l("See the notice period and end date before you confirm."),
        "terminate",
        "lease.terminate",
    ),
    Feature("sauna", _l("Sauna turns"), _l("Book a weekly sauna turn."), "sauna", "bookings.sauna"),
    Feature(
        "parking",
        _l("Parking space"),
        _l("Rent a parking space or join the queue."),
        "parking",
        "bookings.parking",
    ),
    Feature(
        "appointment",
        _l("Office appointment"),
        _l("Ask for a visit to the customer service office."),
        "messages",
        "my_appointments.index",
    ),
    Feature(
        "power_of_attorney",
        _l("Power of attorney"),
        _l("Authorise someone to handle your lease matters: the form prefilled with your flat."),
        "power_of_attorney",
        "powers.info",
    ),
    Feature(
        "door",
        _l("Door opening"),
        _l("Locked out? Door opening is ordered by phone; see who is in the register."),
        "flat_info",
        "door.index",
    ),
    Feature(
        "my_data",
        _l("Your data"),
        _l("See, print or download everything the pages hold about you; close your account."),
        "contact_details",
        "mydata.index",
    ),
)


@dataclass(frozen=True)
class FeatureView:
    feature: Feature
    allowed: bool

    @property
    def available(self) -> bool:
        return self.feature.endpoint is not None


def resident_features(flats: list[FlatAccess]) -> list[FeatureView]:
    """Every feature, marked allowed when any of the user's started flats grants it."""
    return [
        FeatureView(f, any(fa.can(c) for fa in flats for c in (f.capability, *f.also)))
        for f in FEATURES
    ]
