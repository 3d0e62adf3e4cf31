"""Demo rows of announcements and shared spaces (issue 11): for Maija's building an emergency
(water cut until 14:00, shown on her dashboard and in her fault form) and a normal announcement,
and an open laundry-room report by a neighbour that Maija can say "me too" to in the fault form
(/my/faults/new). The neighbour's name is never shown to her."""

from __future__ import annotations

from datetime import datetime, timedelta

from ..domain import faults as rules
from ..models import Announcement, FaultEvent, FaultReport, Flat, Occupancy, Resident, User


def announcement_rows(maija: Resident, staff: User, now: datetime) -> None:
    """An emergency and a normal announcement for Maija's building; a neighbour's open report
    about the laundry room."""
    flat = Flat.get_by_id(maija.occupancies.get().flat_id)
    building = flat.building
    Announcement.create(
        audience="building",
        housing_company=flat.housing_company_id,
        building=building.id,
        emergency=True,
        title_fi="Vesikatko talossasi tänään klo 14 asti",
        title_sv="Vattenavbrott i ditt hus i dag till kl. 14",
        title_en="Water cut in your building today until 14:00",
        body_fi="Putkiremontin vuoksi talossa ei tule vettä tänään klo 14 asti. Vikailmoitusta "
        "ei tarvitse tehdä.",
        body_sv="På grund av rörarbeten kommer det inget vatten i huset i dag till kl. 14. Du "
        "behöver inte göra en felanmälan.",
        body_en="Because of pipe work there is no water in the building today until 14:00. "
        "There is no need to report a fault.",
        published_at=now - timedelta(hours=2),
        expires_at=now + timedelta(hours=6),
        created_by=staff,
        updated_at=now - timedelta(hours=2),
    )
    Announcement.create(
        audience="building",
        housing_company=flat.housing_company_id,
        building=building.id,
        title_fi="Porraskäytävien siivous ensi viikolla",
        title_sv="Trapphusen städas nästa vecka",
        title_en="The stairwells are cleaned next week",
        body_fi="Porraskäytävät pestään ensi viikon tiistaina. Siirräthän kengät ja "
        "kynnysmatot sisälle.",
        body_sv="Trapphusen tvättas nästa tisdag. Flytta in skor och dörrmattor.",
        body_en="The stairwells are washed next Tuesday. Please take shoes and door mats inside.",
        published_at=now - timedelta(days=1),
        expires_at=now + timedelta(days=8),
        created_by=staff,
        updated_at=now - timedelta(days=1),
    )
    neighbour = (
        Occupancy.select(Occupancy, Flat)
        .join(Flat)
        .where((Flat.building == building.id) & (Occupancy.flat != flat.id))
        .order_by(Occupancy.id)
        .first()
    )
    if neighbour is None:
        return
    resident = Resident.get_by_id(neighbour.resident_id)
    created = now - timedelta(days=1, hours=3)
    report = FaultReport.create(
        flat=neighbour.flat_id,
        reporter_name=resident.full_name,
        reporter_phone="040 765 4321",
        category="common_areas.laundry",
        location="pesutupa",
        description="Pesukone 2 ei käynnisty, näytössä virhekoodi E21.",
        status=rules.SENT_TO_MAINTENANCE,
        status_changed_at=created + timedelta(minutes=5),
        forwarded_at=created + timedelta(minutes=5),
        created_at=created,
        updated_at=created + timedelta(minutes=5),
    )
    FaultEvent.create(report=report, kind="status", status=rules.RECEIVED, created_at=created)
    FaultEvent.create(
        report=report,
        kind="status",
        status=rules.SENT_TO_MAINTENANCE,
        created_at=created + timedelta(minutes=5),
    )
