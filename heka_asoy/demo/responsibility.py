"""Demo rows of "who repairs": a rule for every housing company (lights are the resident's
bulbs), one housing company whose articles make the dishwashers its own, and Maija's fridge
report that stays with the asoy desk (see /staff/responsibility/ and /staff/faults/?responsible=heka
as the desk, /my/faults/ as Maija)."""

from __future__ import annotations

from datetime import datetime, timedelta

from ..domain import faults as rules
from ..domain import responsibility as parties
from ..models import FaultEvent, FaultReport, HousingCompany, Resident, User
from ..models.desk import ResponsibilityRule


def responsibility_rows(
    companies: list[HousingCompany], staff: User, maija: Resident, now: datetime
) -> None:
    """The table's demo rules and one report of Heka's share, waiting at the desk."""
    ResponsibilityRule.create(
        category="electricity.lighting",
        responsible=parties.RESIDENT,
        note="Lamput ja sulakkeet vaihtaa asukas (vuokrasopimuksen ehdot, kohta 9).",
        updated_by=staff,
        updated_at=now - timedelta(days=60),
    )
    if len(companies) > 1:
        ResponsibilityRule.create(
            category="appliances.dishwasher",
            housing_company=companies[1],
            responsible=parties.HOUSING_COMPANY,
            note="Yhtiöjärjestys § 4: astianpesukoneet ovat taloyhtiön kunnossapidettäviä.",
            updated_by=staff,
            updated_at=now - timedelta(days=30),
        )
    occupancy = maija.occupancies.get()
    user = User.get_or_none(User.resident == maija.id)
    created = now - timedelta(hours=20)
    report = FaultReport.create(
        flat=occupancy.flat_id,
        reporter=user,
        reporter_name=maija.full_name,
        reporter_email=user.email if user is not None else "",
        reporter_phone="040 123 4567",
        category="appliances.fridge",
        location="keittiö",
        description="Jääkaappi ei kylmene, pakastin toimii.",
        status=rules.RECEIVED,
        responsible=parties.HEKA,
        status_changed_at=created,
        created_at=created,
        updated_at=created,
    )
    FaultEvent.create(
        report=report, kind="status", status=rules.RECEIVED, actor=user, created_at=created
    )
