"""Writing one validated register row: upserts by natural keys (company, building, flat,
lease, resident) and the links between them.

The writer remembers the file's earlier rows so rows that contradict each other (two rents for
one lease) are rejected instead of the last one silently winning.
"""

from __future__ import annotations

from collections import Counter
from decimal import Decimal

from ...models import Building, Flat, HousingCompany, Lease, LeaseParty, Occupancy, Resident
from .report import RowRejected
from .rows import RegisterRow

#: Columns that must agree between rows of the same company / flat / lease in one file.
CONSISTENT = {
    "company": ("company_name", "company_address", "postal_code"),
    "flat": ("business_id", "building_code", "flat_number", "flat_type", "area_m2", "floor"),
    "lease": ("flat_code", "lease_start", "lease_end", "monthly_rent", "deposit"),
}


class RegisterWriter:
    """Upserts one validated row; keeps per-file memory to catch rows that contradict each
    other (e.g. two rows of one lease with different rents)."""

    def __init__(self) -> None:
        self.seen: dict[tuple[str, str], tuple[int, RegisterRow]] = {}

    def check_consistency(self, line: int, row: RegisterRow) -> list[str]:
        reasons = []
        for entity, key in (("company", row.business_id), ("flat", row.flat_code),
                            ("lease", row.lease_number)):
            earlier = self.seen.get((entity, key))
            if earlier is None:
                continue
            first_line, first = earlier
            for col in CONSISTENT[entity]:
                a, b = getattr(first, col), getattr(row, col)
                if a is not None and b is not None and a != b:
                    reasons.append(f"{col}: differs from line {first_line} for the same "
                                   f"{entity} ({a} vs {b})")
        return reasons

    def remember(self, line: int, row: RegisterRow) -> None:
        for entity, key in (("company", row.business_id), ("flat", row.flat_code),
                            ("lease", row.lease_number)):
            self.seen.setdefault((entity, key), (line, row))

    def write(self, row: RegisterRow, counts: Counter[str]) -> None:
        company = self.company(row, counts)
        building = self.building(company, row, counts)
        flat = self.flat(company, building, row, counts)
        lease = self.lease(flat, row, counts)
        resident = self.resident(row, counts)
        self.link(row, lease, flat, resident, counts)

    @staticmethod
    def upsert(model, key: dict, values: dict, counts: Counter[str], name: str):
        """Get by ``key`` and update changed ``values``, or create; counts either."""
        obj = model.get_or_none(**key)
        if obj is None:
            counts[f"created:{name}"] += 1
            return model.create(**key, **values)
        changed = {k: v for k, v in values.items() if getattr(obj, k) != v}
        if changed:
            model.update(**changed).where(model.id == obj.id).execute()
            for k, v in changed.items():
                setattr(obj, k, v)
            counts[f"updated:{name}"] += 1
        return obj

    def company(self, row: RegisterRow, counts: Counter[str]) -> HousingCompany:
        return self.upsert(HousingCompany, {"business_id": row.business_id},
                           {"name": row.company_name, "street_address": row.company_address,
                            "postal_code": row.postal_code}, counts, "housing_company")

    def building(self, company: HousingCompany, row: RegisterRow,
                 counts: Counter[str]) -> Building:
        values = {"postal_code": row.postal_code}
        if row.building_address:
            values["street_address"] = row.building_address
        elif not Building.select().where(Building.housing_company == company,
                                         Building.code == row.building_code).exists():
            values["street_address"] = row.company_address
        return self.upsert(Building, {"housing_company": company, "code": row.building_code},
                           values, counts, "building")

    def flat(self, company: HousingCompany, building: Building, row: RegisterRow,
             counts: Counter[str]) -> Flat:
        existing = Flat.get_or_none(heka_code=row.flat_code)
        if existing is not None and existing.building_id != building.id:
            other = existing.building
            raise RowRejected(
                f"flat_code: flat {row.flat_code} is registered in building {other.code} of "
                f"{other.housing_company.business_id}; the import does not move flats")
        clash = Flat.get_or_none((Flat.building == building) & (Flat.number == row.flat_number)
                                 & (Flat.heka_code != row.flat_code))
        if clash is not None:
            raise RowRejected(f"flat_number: '{row.flat_number}' is already flat "
                              f"{clash.heka_code} in building {row.building_code}")
        values = {"number": row.flat_number, "flat_type": row.flat_type,
                  "area_m2": row.area_m2, "floor": row.floor}
        if existing is None:
            values.update(housing_company=company, building=building)
        return self.upsert(Flat, {"heka_code": row.flat_code}, values, counts, "flat")

    def lease(self, flat: Flat, row: RegisterRow, counts: Counter[str]) -> Lease:
        existing = Lease.get_or_none(number=row.lease_number)
        if existing is not None and existing.flat_id != flat.id:
            raise RowRejected(f"lease_number: lease {row.lease_number} belongs to another flat "
                              f"({existing.flat.heka_code})")
        values: dict = {"starts_on": row.lease_start, "monthly_rent": row.monthly_rent}
        # Empty optional cells keep what the portal knows (e.g. an end set by a termination).
        if row.lease_end is not None:
            values["ends_on"] = row.lease_end
        if row.deposit is not None or existing is None:
            values["deposit"] = row.deposit or Decimal(0)
        if existing is None:
            values["flat"] = flat
        return self.upsert(Lease, {"number": row.lease_number}, values, counts, "lease")

    def resident(self, row: RegisterRow, counts: Counter[str]) -> Resident:
        values = {"first_names": row.first_names, "last_name": row.last_name,
                  "hetu_masked": row.hetu_masked, "birth_date": row.birth_date}
        if row.email:
            values["email"] = row.email
        if row.phone:
            values["phone"] = row.phone
        return self.upsert(Resident, {"hetu_hash": row.hetu_hash}, values, counts, "resident")

    def link(self, row: RegisterRow, lease: Lease, flat: Flat, resident: Resident,
             counts: Counter[str]) -> None:
        is_party = LeaseParty.select().where(LeaseParty.lease == lease,
                                             LeaseParty.resident == resident).exists()
        if row.role == "lease_party" and not is_party:
            LeaseParty.create(lease=lease, resident=resident)
            counts["created:lease_party"] += 1
        elif row.role == "other_resident" and is_party:
            raise RowRejected(f"role: the person is already a lease party of lease "
                              f"{row.lease_number}, not an other resident")
        moved_in = row.moved_in or row.lease_start
        current = (Occupancy.select()
                   .where(Occupancy.resident == resident, Occupancy.flat == flat,
                          Occupancy.moved_out.is_null())
                   .order_by(Occupancy.moved_in.desc()).first())
        if current is None:
            Occupancy.create(resident=resident, flat=flat, moved_in=moved_in)
            counts["created:occupancy"] += 1
        elif row.moved_in is not None and current.moved_in != row.moved_in:
            Occupancy.update(moved_in=row.moved_in).where(Occupancy.id == current.id).execute()
            counts["updated:occupancy"] += 1
