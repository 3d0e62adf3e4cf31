"""A bulk generator of Heka's whole asoy stock, for benchmarks and query-plan checks.

``load_demo_data`` builds 200 hand-shaped flats row by row; that does not tell us how the portal
behaves with the real 50,000 flats. This module writes the same kinds of rows (companies,
buildings, flats, residents, leases, lease parties, occupancies) with ``insert_many`` in batches,
one transaction per ``batch`` flats, so 50,000 flats take well under two minutes on SQLite.

Rows are deterministic for a given seed, database state and day (lease dates count back from
today). Codes carry a per-seed prefix (``GEN<seed>-``) so the generator can run beside the demo
data and once per seed; business IDs and identity codes already in the database are skipped, so
runs never collide with earlier rows.
"""

from __future__ import annotations

import hashlib
import hmac
import random
import time
from collections import Counter
from collections.abc import Sequence
from datetime import date, timedelta
from decimal import Decimal

from ..db import write_txn
from ..domain.business_id import make_business_id
from ..domain.clock import helsinki_today
from ..domain.hetu import make_hetu
from ..models import (
    Building,
    Flat,
    HousingCompany,
    Lease,
    LeaseParty,
    MaintenanceCompany,
    Occupancy,
    Resident,
)
from .data import FI_FEMALE, FI_LAST, FI_MALE, FLAT_TYPES, SV_FEMALE, SV_LAST, SV_MALE

#: (street, postal code) pairs around Helsinki; house numbers are drawn per company.
STREETS = [
    ("Mannerheimintie", "00250"), ("Hämeentie", "00530"), ("Mäkelänkatu", "00550"),
    ("Sturenkatu", "00510"), ("Helsinginkatu", "00500"), ("Fleminginkatu", "00530"),
    ("Runeberginkatu", "00260"), ("Topeliuksenkatu", "00250"), ("Tunturikatu", "00100"),
    ("Lauttasaarentie", "00200"), ("Meripuistotie", "00200"), ("Munkkiniemen puistotie", "00330"),
    ("Huopalahdentie", "00350"), ("Vihdintie", "00320"), ("Kaupintie", "00440"),
    ("Kantelettarentie", "00420"), ("Malminkaari", "00700"), ("Kirkonkyläntie", "00700"),
    ("Pihlajamäentie", "00710"), ("Siltavoudintie", "00640"), ("Maunulantie", "00630"),
    ("Koskelantie", "00610"), ("Kettutie", "00800"), ("Abraham Wetterin tie", "00880"),
    ("Roihuvuorentie", "00820"), ("Itäkatu", "00930"), ("Kontulantie", "00940"),
    ("Ounasvaarantie", "00970"), ("Vuotie", "00980"), ("Kallvikintie", "00980"),
    ("Kauppakartanonkatu", "00930"), ("Myllypurontie", "00920"), ("Välimerenkatu", "00220"),
    ("Ruoholahdenkatu", "00180"), ("Kalasatamankatu", "00580"), ("Arabiankatu", "00560"),
    ("Pasilankatu", "00240"), ("Asemapäällikönkatu", "00520"), ("Laajasalontie", "00840"),
    ("Kulosaaren puistotie", "00570"),
]

#: Rows per INSERT: SQLite allows 32,766 bound parameters per statement.
MAX_PARAMS = 30_000


class AlreadyGenerated(ValueError):
    """The seed's codes are already in the database: each seed may run once."""


def _stmt_rows(fields: Sequence, batch: int) -> int:
    return max(1, min(batch, MAX_PARAMS // len(fields)))


def insert_rows(model, fields: Sequence, rows: list[tuple], batch: int,
                returning: Sequence = ()) -> list[tuple]:
    """``insert_many`` in statements of at most ``batch`` rows; returns the ``returning``
    columns of the new rows (pairs of id and natural key, so their order does not matter)."""
    out: list[tuple] = []
    step = _stmt_rows(fields, batch)
    for i in range(0, len(rows), step):
        query = model.insert_many(rows[i:i + step], fields=fields)
        if returning:
            out.extend(query.returning(*returning).tuples().execute())
        else:
            query.execute()
    return out


class StockGenerator:
    """Generates ``n_flats`` flats with everything around them; see :func:`generate_stock`."""

    def __init__(self, n_flats: int, hetu_key: bytes, seed: int, batch: int) -> None:
        if n_flats < 1 or batch < 1:
            raise ValueError("n_flats and batch must be positive")
        self.n_flats = n_flats
        self.key = hetu_key
        self.seed = seed
        self.batch = batch
        self.prefix = f"GEN{seed}-"
        self.rng = random.Random(seed)
        self.today = helsinki_today()
        self.counts: Counter[str] = Counter()
        self.taken_bids = {b for (b,) in HousingCompany.select(HousingCompany.business_id).tuples()}
        self.taken_hetus = {
            h for (h,) in Resident.select(Resident.hetu_hash)
            .where(Resident.hetu_hash.is_null(False)).tuples()
        }
        self.next_n7 = self.rng.randrange(2_000_000, 9_000_000)
        self.flat_seq = 0
        self.maintenance: list[int] = []

    # -- driver ------------------------------------------------------------------------------

    def run(self) -> dict:
        if Flat.select().where(Flat.heka_code.startswith(self.prefix)).exists():
            raise AlreadyGenerated(f"flats {self.prefix}* exist already; use another seed")
        started = time.perf_counter()
        with write_txn():
            self.maintenance_companies()
        while self.flat_seq < self.n_flats:
            with write_txn():
                self.chunk(min(self.batch, self.n_flats - self.flat_seq))
        result: dict = dict(self.counts)
        result["seconds"] = round(time.perf_counter() - started, 2)
        return result

    def maintenance_companies(self) -> None:
        count = max(1, self.n_flats // 250)
        rows = [(f"Kiinteistöhuolto {self.prefix}{i:04d} Oy",
                 f"huolto{i}@{self.prefix.lower().rstrip('-')}.example.fi",
                 f"09 {self.rng.randint(1000, 9999)} {self.rng.randint(1000, 9999)}")
                for i in range(1, count + 1)]
        fields = [MaintenanceCompany.name, MaintenanceCompany.email, MaintenanceCompany.phone]
        self.maintenance = [i for (i,) in insert_rows(MaintenanceCompany, fields, rows,
                                                      self.batch, [MaintenanceCompany.id])]
        self.counts["maintenance_company"] += len(rows)

    def chunk(self, n_flats: int) -> None:
        """One transaction: the companies for ``n_flats`` flats and everything inside them."""
        sizes = self.company_sizes(n_flats)
        companies = self.companies(len(sizes))
        buildings = self.buildings(companies, sizes)
        flats = self.flats(buildings)
        self.people_and_leases(flats)

    def company_sizes(self, n_flats: int) -> list[int]:
        """About ten flats per housing company (4-16), summing to ``n_flats``."""
        sizes: list[int] = []
        left = n_flats
        while left > 0:
            size = min(left, self.rng.randint(4, 16))
            sizes.append(size)
            left -= size
        return sizes

    # -- property ----------------------------------------------------------------------------

    def business_ids(self, count: int) -> list[str]:
        """Valid business IDs not yet in the database, walking up from a seeded start."""
        out: list[str] = []
        while len(out) < count:
            bid = make_business_id(self.next_n7)
            self.next_n7 = 1_000_000 + (self.next_n7 - 999_999) % 9_000_000
            if bid is not None and bid not in self.taken_bids:
                self.taken_bids.add(bid)
                out.append(bid)
        return out

    def companies(self, count: int) -> list[tuple[int, str, str]]:
        """Insert ``count`` companies; returns (id, street address, postal code) for each."""
        rows = []
        for bid in self.business_ids(count):
            street, postal = self.rng.choice(STREETS)
            address = f"{street} {self.rng.randint(1, 150)}"
            manager = f"{self.rng.choice(FI_FEMALE + FI_MALE)} {self.rng.choice(FI_LAST)}"
            rows.append((f"As Oy {address}", bid, address, postal,
                         self.rng.choice(self.maintenance), manager, "Isännöinti Oy Esimerkki",
                         f"040 {self.rng.randint(100, 999)} {self.rng.randint(1000, 9999)}"))
        f = HousingCompany
        fields = [f.name, f.business_id, f.street_address, f.postal_code, f.maintenance_company,
                  f.manager_name, f.manager_company, f.manager_phone]
        returned = insert_rows(f, fields, rows, self.batch, [f.id, f.business_id])
        by_bid = dict((bid, cid) for cid, bid in returned)
        self.counts["housing_company"] += len(rows)
        return [(by_bid[r[1]], r[2], r[3]) for r in rows]

    def buildings(self, companies: list[tuple[int, str, str]],
                  sizes: list[int]) -> list[tuple[int, int, int, str]]:
        """1-3 buildings per company; returns (building id, company id, floors, code) per flat,
        i.e. which building each of the company's flats goes to."""
        rows, plan = [], []
        for (cid, address, postal), size in zip(companies, sizes, strict=True):
            count = 1 if size < 6 else self.rng.randint(1, 3)
            floors = self.rng.randint(2, 8)
            year = self.rng.randint(1950, 2020)
            for code in "ABC"[:count]:
                rows.append((cid, code, f"{address} {code}", postal, year, floors))
            plan.append((cid, count, floors, size))
        f = Building
        fields = [f.housing_company, f.code, f.street_address, f.postal_code, f.year_built,
                  f.floors]
        returned = insert_rows(f, fields, rows, self.batch, [f.id, f.housing_company, f.code])
        ids = {(cid, code): bid for bid, cid, code in returned}
        self.counts["building"] += len(rows)
        slots = []
        for cid, count, floors, size in plan:
            for i in range(size):
                code = "ABC"[i % count]
                slots.append((ids[(cid, code)], cid, floors, code))
        return slots

    def flats(self, slots: list[tuple[int, int, int, str]]) -> list[tuple[int, int, Decimal]]:
        """One flat per slot; returns (flat id, sequence number, area) per flat."""
        rows = []
        numbers: Counter[int] = Counter()
        for building_id, cid, floors, code in slots:
            numbers[building_id] += 1
            n = numbers[building_id]
            self.flat_seq += 1
            flat_type, low, high = self.rng.choice(FLAT_TYPES)
            area = Decimal(f"{self.rng.uniform(low, high):.1f}")
            rows.append((cid, building_id, f"{code} {n}", flat_type, area,
                         min(floors, 1 + (n - 1) // 3), f"{self.prefix}{self.flat_seq:06d}"))
        f = Flat
        fields = [f.housing_company, f.building, f.number, f.flat_type, f.area_m2, f.floor,
                  f.heka_code]
        returned = dict((code, fid) for fid, code in
                        insert_rows(f, fields, rows, self.batch, [f.id, f.heka_code]))
        self.counts["flat"] += len(rows)
        return [(returned[r[6]], int(r[6].rsplit("-", 1)[1]), r[4]) for r in rows]

    # -- people ------------------------------------------------------------------------------

    def people_and_leases(self, flats: list[tuple[int, int, Decimal]]) -> None:
        leases, people, links = [], [], []  # links: (lease number, hetu hash, is party, start)
        for flat_id, seq, area in flats:
            number = f"{self.prefix}L{seq:06d}"
            starts = self.lease_start()
            rent = Decimal(f"{min(900, max(450, float(area) * self.rng.uniform(14, 20))):.2f}")
            leases.append((flat_id, number, starts, rent, rent * 2))
            household = self.household()
            for is_party, person in household:
                people.append(person)
                links.append((number, person[2], is_party, starts, flat_id))
        lease_ids = self.insert_leases(leases)
        resident_ids = self.insert_residents(people)
        parties = [(lease_ids[n], resident_ids[h]) for n, h, party, _s, _f in links if party]
        occupancies = [(resident_ids[h], f, s) for _n, h, _p, s, f in links]
        insert_rows(LeaseParty, [LeaseParty.lease, LeaseParty.resident], parties, self.batch)
        insert_rows(Occupancy, [Occupancy.resident, Occupancy.flat, Occupancy.moved_in],
                    occupancies, self.batch)
        self.counts["lease_party"] += len(parties)
        self.counts["occupancy"] += len(occupancies)

    def lease_start(self) -> date:
        if self.rng.random() < 0.02:
            return self.today + timedelta(days=self.rng.randint(1, 60))
        return self.today - timedelta(days=self.rng.randint(30, 7300))

    def household(self) -> list[tuple[bool, tuple]]:
        """One or two lease parties and sometimes an other resident (about 1.4 people a flat)."""
        swedish = self.rng.random() < 0.1
        first = self.person(swedish, (1940, 2002), None)
        members = [(True, first)]
        if self.rng.random() < 0.25:
            members.append((True, self.person(swedish, (1940, 2002), first[1])))
        if self.rng.random() < 0.15:
            members.append((False, self.person(swedish, (2004, 2022), first[1])))
        return members

    def person(self, swedish: bool, born: tuple[int, int], last: str | None) -> tuple:
        """(first names, last name, hetu hash, masked hetu, birth date, language)."""
        female = self.rng.random() < 0.5
        if swedish:
            first = self.rng.choice(SV_FEMALE if female else SV_MALE)
            last = last or self.rng.choice(SV_LAST)
        else:
            first = self.rng.choice(FI_FEMALE if female else FI_MALE)
            last = last or self.rng.choice(FI_LAST)
        code, digest, birth = self.new_hetu(female, born)
        return (first, last, digest, code[:7] + "****", birth, "sv" if swedish else "fi")

    def new_hetu(self, female: bool, born: tuple[int, int]) -> tuple[str, str, date]:
        """A valid identity code whose hash is new to the database; the code itself is built
        canonical, so hashing it directly equals ``domain.hetu.hetu_hash`` (checked in tests)."""
        while True:
            birth = date(self.rng.randint(*born), 1, 1) + timedelta(days=self.rng.randint(0, 364))
            individual = self.rng.randrange(2, 898, 2) + (0 if female else 1)
            code = make_hetu(birth, individual)
            digest = hmac.new(self.key, code.encode("ascii"), hashlib.sha256).hexdigest()
            if digest not in self.taken_hetus:
                self.taken_hetus.add(digest)
                return code, digest, birth

    def insert_leases(self, leases: list[tuple]) -> dict[str, int]:
        f = Lease
        fields = [f.flat, f.number, f.starts_on, f.monthly_rent, f.deposit]
        returned = insert_rows(f, fields, leases, self.batch, [f.id, f.number])
        self.counts["lease"] += len(leases)
        return {number: lid for lid, number in returned}

    def insert_residents(self, people: list[tuple]) -> dict[str, int]:
        f = Resident
        fields = [f.first_names, f.last_name, f.hetu_hash, f.hetu_masked, f.birth_date,
                  f.language]
        returned = insert_rows(f, fields, people, self.batch, [f.id, f.hetu_hash])
        self.counts["resident"] += len(people)
        return {digest: rid for rid, digest in returned}


def generate_stock(n_flats: int, hetu_key: bytes, seed: int = 1, batch: int = 1000) -> dict:
    """Generate ``n_flats`` flats (with ~n/10 companies, their buildings, residents, leases,
    lease parties and occupancies); returns the rows created per table and ``seconds``.

    Runs once per seed (raises :class:`AlreadyGenerated` otherwise); different seeds can be
    combined, and the demo data may already be present.
    """
    return StockGenerator(n_flats, hetu_key, seed, batch).run()

