"""The appointment feature's own refusals, shown next to the field or on the link page."""

from __future__ import annotations

from ..errors import ServiceError


class AppointmentError(ServiceError):
    """A change that the appointment's state or the office calendar does not allow.

    Codes: ``slot_unavailable`` (not an offered time: past, holiday, Tuesday walk-in, closed day,
    outside the hours), ``slot_full`` (every desk taken meanwhile), ``wrong_state`` (e.g. cancelling
    a visit already cancelled), ``day_has_visits`` (closing a day that holds confirmed visits).
    """


class LinkRefused(ServiceError):
    """A cancel/rebook link that is forged (``invalid``), replaced by a newer mail
    (``superseded``) or past its appointment (``expired``)."""
