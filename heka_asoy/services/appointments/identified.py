"""The office identification done at a visit: which of today's visits a person of the register
may be (to pick on the identification form), and linking the identification to the visit.

A person may have asked for the visit before they had an account or before the register knew
their e-mail, so a visit is theirs when it names them (resident or account), or carries their
register or account e-mail, or their full name."""

from __future__ import annotations

from datetime import datetime, timedelta

from peewee import JOIN, fn

from ...domain.clock import helsinki_today
from ...domain.office_hours import HELSINKI
from ...models import Appointment, Identification, Resident, User
from .errors import AppointmentError
from .slots import to_utc

#: Statuses of a visit that can have happened today.
TODAY_STATES = ("confirmed", "came", "proposed")


def _today_bounds() -> tuple[datetime, datetime]:
    today = helsinki_today()
    start = datetime.combine(today, datetime.min.time(), tzinfo=HELSINKI)
    return to_utc(start), to_utc(start + timedelta(days=1))


def todays_visits(residents: list[Resident]) -> dict[int, list[Appointment]]:
    """Today's visits per resident id (one query for all ``residents``)."""
    if not residents:
        return {}
    start, end = _today_bounds()
    rows = list(
        Appointment.select(Appointment, User)
        .join(User, JOIN.LEFT_OUTER, on=(Appointment.user == User.id), attr="account")
        .where(
            Appointment.status.in_(TODAY_STATES),
            Appointment.starts_at >= start,
            Appointment.starts_at < end,
        )
        .order_by(Appointment.starts_at, Appointment.id)
    )
    found: dict[int, list[Appointment]] = {}
    for resident in residents:
        emails = {e for e in ((resident.email or "").lower(),) if e}
        name = resident.full_name.casefold()
        for visit in rows:
            account = getattr(visit, "account", None)
            if (
                visit.resident_id == resident.id
                or (account is not None and account.resident_id == resident.id)
                or (visit.email or "").lower() in emails
                or " ".join(visit.name.split()).casefold() == name
            ):
                found.setdefault(resident.id, []).append(visit)
    return found


def attach(appointment_id: int, resident: Resident, identification: Identification) -> None:
    """Save the identification on the visit it happened at (call inside the identification's
    transaction); refused unless the visit is one of the person's visits today."""
    visits = todays_visits([resident]).get(resident.id, [])
    if appointment_id not in {v.id for v in visits}:
        raise AppointmentError("not_todays_visit")
    Appointment.update(
        identification=identification.id, resident=fn.COALESCE(Appointment.resident, resident.id)
    ).where(Appointment.id == appointment_id).execute()
