"""The desk's log of door openings and key handovers, per flat.

A door opening is paid: logging one makes its one-off invoice (``billing.issue_single``) in the
same transaction, so there is never an opening without its invoice or the other way round. The
person let in must live in the flat and be in the resident register on that day, as the rule
the resident page states.
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import UTC, datetime, timedelta
from decimal import Decimal

from peewee import JOIN

from ...db import contains_text, write_txn
from ...domain.invoicing import door_opening_line_text
from ...domain.office_hours import to_helsinki
from ...models import (
    Building,
    DoorOpening,
    Flat,
    HousingCompany,
    Invoice,
    KeyHandover,
    Lease,
    Occupancy,
    Resident,
    User,
    utcnow,
)
from .. import audit
from ..billing import Line, issue_single, today
from ..billing.common import setting_money
from ..errors import NotFound, ServiceError

DOCUMENT_TYPES = ("driving_licence", "passport", "id_card")
KEY_DIRECTIONS = ("collected", "returned")
MAX_KEYS = 20
#: Clock skew allowed for "when": a time a few minutes ahead is a slow phone, not the future.
_FUTURE_SLACK = timedelta(minutes=10)


class DoorError(ServiceError):
    """A door-opening or key-handover rule said no; ``code`` picks the message."""


@dataclass(frozen=True)
class DoorOpeningInput:
    resident_id: int
    opened_at: datetime  # aware, or naive Helsinki wall time
    performed_by: str
    document_type: str
    fee: Decimal | None = None  # None: DOOR_OPENING_FEE
    notes: str = ""


@dataclass(frozen=True)
class KeyHandoverInput:
    direction: str
    keys_count: int
    person_name: str
    handled_at: datetime  # aware, or naive Helsinki wall time
    via_after_hours_box: bool = False
    notes: str = ""


@dataclass(frozen=True)
class FlatLog:
    flat: Flat
    lease: Lease | None
    occupants: list[Resident]
    openings: list[DoorOpening]
    handovers: list[KeyHandover]


def default_fee() -> Decimal:
    return setting_money("DOOR_OPENING_FEE")


def _utc(moment: datetime) -> datetime:
    """Naive UTC, as every timestamp is stored."""
    return to_helsinki(moment).astimezone(UTC).replace(tzinfo=None)


def find_flats(query: str, limit: int = 30) -> list[Flat]:
    """Flats whose address, number, Heka code or housing company matches (one query)."""
    text = (query or "").strip()
    if not text:
        return []
    select = Flat.with_building_company().where(
        contains_text(Building.street_address, text)
        | contains_text(HousingCompany.name, text)
        | contains_text(Flat.heka_code, text)
        | contains_text(Flat.number, text)
    )
    return list(select.order_by(Building.street_address, Flat.number, Flat.id).limit(limit))


def _flat(flat_id: int) -> Flat:
    flat = Flat.with_building_company().where(Flat.id == flat_id).first()
    if flat is None:
        raise NotFound("flat")
    return flat


def _occupants(flat_id: int, day) -> list[Resident]:
    """People living in the flat on ``day`` who are in the register."""
    return list(
        Resident.select()
        .join(Occupancy)
        .where((Occupancy.flat == flat_id) & Occupancy.current_on(day) & Occupancy.in_register)
        .order_by(Resident.last_name, Resident.first_names, Resident.id)
    )


def flat_log(flat_id: int) -> FlatLog:
    """The flat, its lease, who may be let in today, and both logs newest first (five queries
    however long the logs are)."""
    flat = _flat(flat_id)
    day = today()
    logger = User.alias()
    openings = list(
        DoorOpening.select(DoorOpening, Resident, Invoice, logger)
        .join(Resident, JOIN.LEFT_OUTER, on=(DoorOpening.resident == Resident.id))
        .switch(DoorOpening)
        .join(Invoice, JOIN.LEFT_OUTER, on=(DoorOpening.invoice == Invoice.id))
        .switch(DoorOpening)
        .join(logger, JOIN.LEFT_OUTER, on=(DoorOpening.logged_by == logger.id))
        .where(DoorOpening.flat == flat_id)
        .order_by(DoorOpening.opened_at.desc(), DoorOpening.id.desc())
    )
    key_logger = User.alias()
    handovers = list(
        KeyHandover.select(KeyHandover, key_logger)
        .join(key_logger, JOIN.LEFT_OUTER, on=(KeyHandover.logged_by == key_logger.id))
        .where(KeyHandover.flat == flat_id)
        .order_by(KeyHandover.handled_at.desc(), KeyHandover.id.desc())
    )
    return FlatLog(flat, Lease.current_of(flat_id, day), _occupants(flat_id, day), openings,
                   handovers)


def log_door_opening(actor: User, flat_id: int, data: DoorOpeningInput) -> DoorOpening:
    """Log a door opening for a person in the register and invoice its fee on the lease
    running that day (one transaction). ``DoorError`` codes: future, not_in_register,
    document, no_lease, fee."""
    flat = _flat(flat_id)
    opened_at = _utc(data.opened_at)
    if opened_at > utcnow() + _FUTURE_SLACK:
        raise DoorError("future")
    if data.document_type not in DOCUMENT_TYPES:
        raise DoorError("document")
    fee = default_fee() if data.fee is None else Decimal(data.fee).quantize(Decimal("0.01"))
    if fee < 0:
        raise DoorError("fee")
    local = to_helsinki(data.opened_at)
    day = local.date()
    if data.resident_id not in {r.id for r in _occupants(flat.id, day)}:
        raise DoorError("not_in_register")
    lease = Lease.current_of(flat.id, day)
    if lease is None and fee > 0:
        raise DoorError("no_lease")
    with write_txn():
        invoice = None
        if fee > 0:
            line = Line("door_opening", door_opening_line_text(local), fee)
            invoice = issue_single(lease, "door_opening", [line])
        opening = DoorOpening.create(
            flat=flat.id,
            resident=data.resident_id,
            opened_at=opened_at,
            performed_by=data.performed_by.strip(),
            document_type=data.document_type,
            fee=fee,
            invoice=invoice,
            logged_by=actor,
            notes=data.notes.strip(),
        )
        audit.record("door_opened", actor, opening, flat=flat.id,
                     invoice=invoice.number if invoice else "")
    return opening


def log_key_handover(actor: User, flat_id: int, data: KeyHandoverInput) -> KeyHandover:
    """Log keys given to someone (``collected``) or returned at BLC Turva, also into the
    after-hours box. ``DoorError`` codes: direction, count, box, future."""
    flat = _flat(flat_id)
    if data.direction not in KEY_DIRECTIONS:
        raise DoorError("direction")
    if not 1 <= data.keys_count <= MAX_KEYS:
        raise DoorError("count")
    if data.via_after_hours_box and data.direction != "returned":
        raise DoorError("box")  # the box takes keys in; nobody collects from it
    handled_at = _utc(data.handled_at)
    if handled_at > utcnow() + _FUTURE_SLACK:
        raise DoorError("future")
    lease = Lease.current_of(flat.id, to_helsinki(data.handled_at).date())
    with write_txn():
        handover = KeyHandover.create(
            flat=flat.id,
            lease=lease,
            direction=data.direction,
            keys_count=data.keys_count,
            person_name=data.person_name.strip(),
            via_after_hours_box=data.via_after_hours_box,
            handled_at=handled_at,
            logged_by=actor,
            notes=data.notes.strip(),
        )
        audit.record("keys_logged", actor, handover, flat=flat.id, direction=data.direction)
    return handover
