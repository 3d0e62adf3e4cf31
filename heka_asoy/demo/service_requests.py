"""Demo rows of the service requests: Maija (lease party, flat 1) asked for a permit to renovate
her bathroom and the desk asked her a question (see /my/requests/ as Maija: waiting for her
answer); Oskari (other resident of the same flat) reported a disturbing neighbour — which Maija
does not see. The desk handles both at /staff/requests/."""

from __future__ import annotations

from datetime import date, datetime, timedelta

from ..models import Resident, ServiceRequest, User
from ..models.desk import ServiceRequestEvent


def service_request_rows(maija: Resident, oskari: Resident, staff: User, today: date,
                         now: datetime) -> None:
    flat_id = maija.occupancies.get().flat_id
    maija_user = User.get(User.resident == maija.id)
    oskari_user = User.get(User.resident == oskari.id)
    filed = now - timedelta(days=3)
    answered = now - timedelta(days=2)
    renovation = ServiceRequest.create(
        flat=flat_id,
        user=maija_user.id,
        kind="renovation",
        status="waiting_for_resident",
        data={
            "what": "Kylpyhuoneen seinälaatoitus uusitaan, vesieristystä ei muuteta.",
            "where": "kylpyhuone",
            "starts_on": (today + timedelta(days=30)).isoformat(),
            "ends_on": (today + timedelta(days=37)).isoformat(),
            "worker": "contractor",
            "contractor": "Laatoitus Virtanen Oy, 040 765 4321",
        },
        handled_by=staff.id,
        first_answered_at=answered,
        created_at=filed,
        updated_at=answered,
    )
    for step in (
        {"kind": "status", "status": "received", "actor": maija_user.id, "created_at": filed},
        {"kind": "message", "from_staff": True, "actor": staff.id, "created_at": answered,
         "body": "Onko urakoitsijalla vesieristyssertifikaatti? Lähetä kopio liitteenä."},
        {"kind": "status", "status": "waiting_for_resident", "from_staff": True,
         "actor": staff.id, "created_at": answered},
        {"kind": "note", "internal": True, "from_staff": True, "actor": staff.id,
         "created_at": answered, "body": "Isännöitsijä hyväksyy laatoituksen ilman ehtoja."},
    ):
        ServiceRequestEvent.create(request=renovation.id, **step)
    report = ServiceRequest.create(
        flat=flat_id,
        user=oskari_user.id,
        kind="disturbance",
        data={
            "what": "Yläkerrasta kuuluu kovaa musiikkia ja kolinaa.",
            "when": "Arkiöisin klo 23–02",
            "how_often": "weekly",
            "which_flat": "B 14",
        },
        created_at=now - timedelta(hours=20),
        updated_at=now - timedelta(hours=20),
    )
    ServiceRequestEvent.create(
        request=report.id, kind="status", status="received", actor=oskari_user.id,
        created_at=report.created_at,
    )
