"""Housing companies, their buildings and flats, and the documents attached to them."""

from peewee import (
    JOIN,
    BooleanField,
    CharField,
    DateTimeField,
    DecimalField,
    ForeignKeyField,
    IntegerField,
    TextField,
)

from .base import BaseModel, utcnow


class MaintenanceCompany(BaseModel):
    """The housing company's maintenance company (fastighetsservice); receives fault reports."""

    name = CharField()
    email = CharField()
    phone = CharField()


class HousingCompany(BaseModel):
    """A housing company (asoy) in which Heka owns flats as shares. Heka does not run it."""

    name = CharField()
    business_id = CharField(unique=True)  # Y-tunnus, validated by domain.business_id
    street_address = CharField()
    postal_code = CharField(max_length=5)
    city = CharField(default="Helsinki")
    maintenance_company = ForeignKeyField(MaintenanceCompany, null=True, backref="companies")
    manager_name = CharField(default="")  # property manager (disponent / isännöitsijä)
    manager_company = CharField(default="")
    manager_phone = CharField(default="")
    manager_email = CharField(default="")
    parking_offer_days = IntegerField(default=7)  # days to accept a parking space offered
    parking_notice_months = IntegerField(default=1)
    created_at = DateTimeField(default=utcnow)

    class Meta:
        indexes = ((("name",), False),)


class Building(BaseModel):
    housing_company = ForeignKeyField(HousingCompany, backref="buildings", on_delete="CASCADE")
    code = CharField(max_length=10)  # "A", "B" …
    street_address = CharField()
    postal_code = CharField(max_length=5)
    year_built = IntegerField(null=True)
    floors = IntegerField(default=1)

    class Meta:
        indexes = ((("housing_company", "code"), True),)


class Flat(BaseModel):
    """A flat (studio or one-bedroom). ``housing_company`` is kept beside ``building`` so the
    access scope can filter by company without a join."""

    housing_company = ForeignKeyField(HousingCompany, backref="flats", on_delete="CASCADE")
    building = ForeignKeyField(Building, backref="flats", on_delete="CASCADE")
    number = CharField(max_length=20)  # "A 12"
    flat_type = CharField(max_length=10)  # 1h+kk, 1h+k, 2h+k, 2h+kk
    area_m2 = DecimalField(max_digits=6, decimal_places=1)
    floor = IntegerField(default=1)
    heka_code = CharField(unique=True)  # Heka's own flat identifier, used by the CSV import

    class Meta:
        indexes = (
            (("building", "number"), True),
            (("number",), False),  # the register's search by flat number alone (migration 019)
        )

    @classmethod
    def with_building_company(cls):
        """Flats with their ``building``, ``housing_company`` and the company's
        ``maintenance_company`` (None when it has none) in one query."""
        return (
            cls.select(cls, Building, HousingCompany, MaintenanceCompany)
            .join(Building)
            .switch(cls)
            .join(HousingCompany)
            .join(MaintenanceCompany, JOIN.LEFT_OUTER)
        )

    @classmethod
    def with_companies(cls, flat_id: int) -> "Flat":
        """The flat with its building, housing company and maintenance company (None when the
        housing company has none) in one query: what every fault mail and page about the flat
        shows. Raises ``Flat.DoesNotExist`` for an unknown id."""
        return cls.with_building_company().where(cls.id == flat_id).get()


class Document(BaseModel):
    """A file of a housing company or building, e.g. the rescue plan (pelastussuunnitelma)."""

    housing_company = ForeignKeyField(HousingCompany, backref="documents", on_delete="CASCADE")
    building = ForeignKeyField(Building, null=True, backref="documents", on_delete="CASCADE")
    kind = CharField(max_length=30)  # domain.documents.KINDS: rescue_plan, house_rules, other
    title = CharField()
    filename = CharField()
    content_type = CharField(default="application/pdf")
    storage_key = CharField(unique=True)  # path under the upload folder
    size = IntegerField(default=0)
    sha256 = CharField(max_length=64, default="")
    is_public = BooleanField(default=False)
    description = TextField(default="")
    created_at = DateTimeField(default=utcnow)

    class Meta:
        indexes = ((("housing_company", "kind"), False),)
