"""Peewee models, one module per domain. ``ALL_MODELS`` is in dependency order."""

from .accounts import Identification, LoginSession, Token, User
from .audit import AuditLog
from .bank_imports import BankFileImport
from .base import BaseModel, utcnow
from .billing import BankAccount, Fee, Invoice, InvoiceLine, Payment
from .bookings import (
    ParkingContract,
    ParkingSpace,
    Sauna,
    SaunaHour,
    SaunaSingleBooking,
    SaunaTurn,
    SaunaTurnSkip,
    WaitingListEntry,
)
from .cases import (
    DoorOpening,
    FaultEvent,
    FaultMeToo,
    FaultPhoto,
    FaultReport,
    ServiceRequest,
)
from .comms import (
    Announcement,
    AnnouncementMail,
    AnnouncementRead,
    Message,
    MessageThread,
    Notification,
    OutboxMail,
)
from .counters import RateCounter
from .desk import (
    AccountClosure,
    Attachment,
    ReplyTemplate,
    ResponsibilityRule,
    ServiceRequestEvent,
)
from .lease import Lease, LeaseParty
from .occupants import OccupantChange
from .office import Appointment, KeyHandover, OfficeClosure, PowerOfAttorney
from .people import Occupancy, Resident
from .property import Building, Document, Flat, HousingCompany, MaintenanceCompany
from .termination import Termination, TerminationConfirmation

ALL_MODELS = [
    MaintenanceCompany,
    HousingCompany,
    Building,
    Flat,
    Document,
    Resident,
    Occupancy,
    Lease,
    LeaseParty,
    User,
    Identification,
    Token,
    LoginSession,
    BankAccount,
    BankFileImport,
    Fee,
    Invoice,
    InvoiceLine,
    Payment,
    FaultReport,
    FaultPhoto,
    FaultEvent,
    ServiceRequest,
    DoorOpening,
    MessageThread,
    Message,
    Attachment,
    ServiceRequestEvent,
    ResponsibilityRule,
    ReplyTemplate,
    AccountClosure,
    Announcement,
    Notification,
    OutboxMail,
    Sauna,
    SaunaHour,
    SaunaTurn,
    SaunaTurnSkip,
    SaunaSingleBooking,
    ParkingSpace,
    ParkingContract,
    WaitingListEntry,
    Appointment,
    OfficeClosure,
    PowerOfAttorney,
    KeyHandover,
    OccupantChange,
    AuditLog,
    RateCounter,
    Termination,
    TerminationConfirmation,
    AnnouncementRead,
    AnnouncementMail,
    FaultMeToo,
]

__all__ = ["ALL_MODELS", "BaseModel", "utcnow"] + [m.__name__ for m in ALL_MODELS]
