"""Saunas and their weekly turns, parking spaces and contracts, and waiting lists.

Double booking is prevented by locks in the services and, as the last guard, by unique indexes
on ``hold_key`` columns: a row holding a resource sets its key, a released row sets it to NULL
(NULLs never collide), so at most one row can hold a resource at a time.
"""

from peewee import (
    BooleanField,
    CharField,
    DateField,
    DateTimeField,
    ForeignKeyField,
    IntegerField,
)

from .base import BaseModel, MoneyField, utcnow
from .lease import Lease
from .property import Building, Flat, HousingCompany


class Sauna(BaseModel):
    housing_company = ForeignKeyField(HousingCompany, backref="saunas", on_delete="CASCADE")
    building = ForeignKeyField(Building, null=True)
    name = CharField()
    monthly_fee = MoneyField(default=0)
    turns_per_flat = IntegerField(default=1)
    earliest_start_days = IntegerField(default=1)
    notice_months = IntegerField(default=1)
    allow_one_off = BooleanField(default=True)
    offer_days = IntegerField(default=3)  # days to accept a freed hour offered from the queue


class SaunaHour(BaseModel):
    """One hour in the sauna's weekly grid; ``bookable`` is False for e.g. common turns."""

    sauna = ForeignKeyField(Sauna, backref="hours", on_delete="CASCADE")
    weekday = IntegerField()  # 0 = Monday
    start_hour = IntegerField()
    bookable = BooleanField(default=True)
    label = CharField(default="")  # common_men, common_women, maintenance

    class Meta:
        indexes = ((("sauna", "weekday", "start_hour"), True),)


class SaunaTurn(BaseModel):
    """A flat's recurring weekly turn (vakiovuoro)."""

    hour = ForeignKeyField(SaunaHour, backref="turns", on_delete="CASCADE")
    flat = ForeignKeyField(Flat, backref="sauna_turns", on_delete="CASCADE")
    starts_on = DateField()
    ends_on = DateField(null=True)
    hold_key = CharField(null=True, unique=True)
    created_at = DateTimeField(default=utcnow)

    class Meta:
        indexes = ((("flat", "starts_on"), False),)


class SaunaTurnSkip(BaseModel):
    """A week a flat gives up its turn; others may book that hour once if the sauna allows it."""

    turn = ForeignKeyField(SaunaTurn, backref="skips", on_delete="CASCADE")
    on_date = DateField()
    created_at = DateTimeField(default=utcnow)

    class Meta:
        indexes = ((("turn", "on_date"), True),)


class SaunaSingleBooking(BaseModel):
    """A one-off booking of an hour freed for one week."""

    hour = ForeignKeyField(SaunaHour, backref="single_bookings", on_delete="CASCADE")
    flat = ForeignKeyField(Flat, backref="sauna_single_bookings", on_delete="CASCADE")
    on_date = DateField()
    created_at = DateTimeField(default=utcnow)

    class Meta:
        indexes = ((("hour", "on_date"), True),)


class ParkingSpace(BaseModel):
    housing_company = ForeignKeyField(HousingCompany, backref="parking_spaces", on_delete="CASCADE")
    code = CharField(max_length=10)
    kind = CharField(max_length=12)  # outdoor, carport, plug, garage, ev
    monthly_fee = MoneyField()

    class Meta:
        indexes = ((("housing_company", "code"), True),)


class ParkingContract(BaseModel):
    space = ForeignKeyField(ParkingSpace, backref="contracts", on_delete="CASCADE")
    flat = ForeignKeyField(Flat, backref="parking_contracts", on_delete="CASCADE")
    lease = ForeignKeyField(Lease, backref="parking_contracts", on_delete="CASCADE")
    starts_on = DateField()
    ends_on = DateField(null=True)
    notice_given_on = DateField(null=True)
    hold_key = CharField(null=True, unique=True)
    created_at = DateTimeField(default=utcnow)

    class Meta:
        indexes = ((("flat", "starts_on"), False),)


class WaitingListEntry(BaseModel):
    """A place in a queue: for one sauna hour, or for a parking space type in a housing company.
    Order is by ``joined_at`` then id (first come, first served)."""

    queue_key = CharField(max_length=60)  # "sauna_hour:12" or "parking:5:ev"
    flat = ForeignKeyField(Flat, backref="waiting_entries", on_delete="CASCADE")
    status = CharField(
        max_length=10, default="waiting"
    )  # waiting, offered, accepted, expired, left
    joined_at = DateTimeField(default=utcnow)
    offered_at = DateTimeField(null=True)
    offer_expires_at = DateTimeField(null=True)
    offer_ref = CharField(max_length=40, null=True)  # what is offered, e.g. "parking_space:5"
    hold_key = CharField(null=True, unique=True)  # "queue_key|flat" while active

    class Meta:
        indexes = ((("queue_key", "status", "joined_at"), False),)
