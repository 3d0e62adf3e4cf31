"""The resident register: people and which flats they live in."""

from peewee import BooleanField, CharField, DateField, DateTimeField, ForeignKeyField

from .base import BaseModel, utcnow
from .property import Flat


class Resident(BaseModel):
    """A person in the resident register (asukasrekisteri).

    The personal identity code is never stored readable: ``hetu_hash`` is a keyed hash (matched at
    identification) and ``hetu_masked`` is what staff may see.
    """

    first_names = CharField()
    last_name = CharField()
    hetu_hash = CharField(max_length=64, unique=True, null=True)
    hetu_masked = CharField(max_length=11, default="")
    birth_date = DateField(null=True)
    email = CharField(default="")
    phone = CharField(default="")
    postal_address = CharField(default="")  # address for post, when not the flat
    language = CharField(max_length=2, default="fi")
    deceased_on = DateField(null=True)
    created_at = DateTimeField(default=utcnow)

    class Meta:
        indexes = (
            (("last_name", "first_names"), False),
            (("hetu_masked",), False),  # the register's search by birth date (migration 019)
        )

    @property
    def full_name(self) -> str:
        return f"{self.first_names} {self.last_name}"


class Occupancy(BaseModel):
    """A person living in a flat according to the register (lease party or other resident)."""

    resident = ForeignKeyField(Resident, backref="occupancies", on_delete="CASCADE")
    flat = ForeignKeyField(Flat, backref="occupancies", on_delete="CASCADE")
    moved_in = DateField()
    moved_out = DateField(null=True)
    in_register = BooleanField(default=True)  # door opening requires being in the register
    created_at = DateTimeField(default=utcnow)

    class Meta:
        indexes = ((("flat", "moved_in"), False), (("resident", "flat", "moved_in"), True))

    @classmethod
    def current_on(cls, day):
        """The condition "lives there on ``day``": moved in by then and not moved out before."""
        return (cls.moved_in <= day) & (cls.moved_out.is_null() | (cls.moved_out >= day))
