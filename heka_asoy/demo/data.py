"""The demo data set: 25 Helsinki housing companies, 200 flats, their residents, a year of rent.

Why a hand-shaped data set rather than random rows: the demo accounts must land in situations the
access rules care about (a lease party and an other resident of the same flat, a flat in another
company, a lease that has not started, a city-imported account, register entries without an
account), and the money pages need paid, open, partly paid and overdue invoices. Everything else
is generated from a fixed seed, so two loads on the same day give the same data.

The personal identity codes are synthetic (valid checksums, see ``domain.hetu.make_hetu``) and
only their keyed hash and masked form are stored, as for real people. Every e-mail address is on
an ``example.fi`` domain (the staff demo accounts use the Heka addresses the README documents).
"""

from __future__ import annotations

import hashlib
import os
import random
import unicodedata
from dataclasses import dataclass
from datetime import UTC, date, datetime, time, timedelta
from decimal import Decimal

from fpdf import FPDF

from ..db import write_txn
from ..domain.business_id import make_business_id
from ..domain.clock import helsinki_today
from ..domain.hetu import hetu_hash, make_hetu, mask_hetu, parse_hetu
from ..domain.invoicing import (
    FeeRow,
    door_opening_line_text,
    monthly_due_date,
    monthly_number,
    monthly_reference,
    plan_monthly_lines,
    rf_form,
    total,
)
from ..domain.office_hours import to_helsinki
from ..models import (
    Announcement,
    Building,
    Document,
    DoorOpening,
    Fee,
    Flat,
    HousingCompany,
    Identification,
    Invoice,
    InvoiceLine,
    KeyHandover,
    Lease,
    LeaseParty,
    MaintenanceCompany,
    Occupancy,
    ParkingContract,
    ParkingSpace,
    Payment,
    PowerOfAttorney,
    Resident,
    Sauna,
    SaunaHour,
    SaunaTurn,
    User,
    utcnow,
)
from ..services.billing import Line, issue_month, issue_single
from ..services.billing.common import setting_money
from ..services.passwords import hash_password
from ..storage import LocalStorage, Storage
from .bank_file import import_demo_bank_file
from .closing import add_closing_request
from .identities import ACCOUNT_IDENTITIES, DEMO_IDENTITIES, identity
from .termination import add_waiting_termination

RESIDENT_PASSWORD = "Asukas-2026!"  # noqa: S105 - documented demo password
STAFF_PASSWORD = "Toimisto-2026!"  # noqa: S105 - documented demo password
#: The load is skipped when this account exists: it is created in the same transaction as
#: everything else, so its presence means a complete earlier load.
MARKER_EMAIL = "desk@hekaoy.fi"
SEED = 2026

#: Models whose rows the load reports, keyed by table name in the returned dict.
COUNTED_MODELS = (
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
    Fee,
    Invoice,
    InvoiceLine,
    Payment,
    Sauna,
    SaunaHour,
    SaunaTurn,
    ParkingSpace,
    ParkingContract,
    Announcement,
)

# --------------------------------------------------------------------------------------------
# Fixed reference data
# --------------------------------------------------------------------------------------------


@dataclass(frozen=True)
class CompanySpec:
    name: str
    street: str
    number: int
    postal_code: str


COMPANIES = [
    CompanySpec("Asunto Oy Helsingin Kalliontähti", "Fleminginkatu", 12, "00530"),
    CompanySpec("As Oy Herttoniemen Kettutie 5", "Kettutie", 5, "00800"),
    CompanySpec("Asunto Oy Vallilan Mäkelänrinne", "Mäkelänkatu", 45, "00550"),
    CompanySpec("Asunto Oy Runeberginkatu 40", "Runeberginkatu", 40, "00260"),
    CompanySpec("As Oy Kannelmäen Sitratori", "Sitratori", 3, "00420"),
    CompanySpec("Asunto Oy Malmin Kauppatie 20", "Malmin kauppatie", 20, "00700"),
    CompanySpec("As Oy Puotilan Rantakartano", "Rantakartanontie", 4, "00910"),
    CompanySpec("Asunto Oy Vuosaaren Merikorttikuja", "Merikorttikuja", 2, "00980"),
    CompanySpec("As Oy Kontulan Keinulaudantie 8", "Keinulaudantie", 8, "00940"),
    CompanySpec("Asunto Oy Pasilan Veturitalli", "Ratapihantie", 7, "00520"),
    CompanySpec("As Oy Lauttasaaren Myrskylyhty", "Lauttasaarentie", 30, "00200"),
    CompanySpec("Asunto Oy Munkkiniemen Puistotie 14", "Munkkiniemen puistotie", 14, "00330"),
    CompanySpec("As Oy Arabianrannan Ateljee", "Hämeentie", 135, "00560"),
    CompanySpec("Asunto Oy Käpylän Pohjolankatu 30", "Pohjolankatu", 30, "00610"),
    CompanySpec("As Oy Oulunkylän Siltavoudintie 8", "Siltavoudintie", 8, "00640"),
    CompanySpec("Asunto Oy Maunulan Metsäpuro", "Metsäpurontie", 20, "00630"),
    CompanySpec("As Oy Pihlajamäen Rapakivenkuja 4", "Rapakivenkuja", 4, "00710"),
    CompanySpec("Asunto Oy Kalasataman Verkkosaari", "Verkkosaarenkatu", 5, "00580"),
    CompanySpec("As Oy Jätkäsaaren Saukko", "Välimerenkatu", 12, "00220"),
    CompanySpec("Asunto Oy Itäkeskuksen Kastelli", "Kastelholmantie", 2, "00900"),
    CompanySpec("As Oy Mellunmäen Ounasvaara", "Ounasvaarantie", 3, "00970"),
    CompanySpec("Asunto Oy Koskelan Limingantie 9", "Limingantie", 9, "00560"),
    CompanySpec("As Oy Ruoholahden Itämerenkatu 14", "Itämerenkatu", 14, "00180"),
    CompanySpec("Asunto Oy Etu-Töölön Cygnaeus", "Cygnaeuksenkatu", 8, "00100"),
    CompanySpec("Asunto Oy Kulosaaren Rantapuisto", "Kulosaaren puistotie", 26, "00570"),
]

#: (name, e-mail, phone); each serves several housing companies.
MAINTENANCE = [
    ("Kiinteistöhuolto Kalliola Oy", "huolto@kalliolahuolto.example.fi", "09 2715 3300"),
    ("Huoltoässät Oy", "huolto@huoltoassat.example.fi", "020 741 2250"),
    ("Helsingin Kiinteistöpalvelu Oy", "huolto@hkpalvelu.example.fi", "09 8563 4100"),
    ("Itä-Helsingin Talohuolto Oy", "huolto@itatalohuolto.example.fi", "09 3487 1900"),
    ("Kiinteistöhuolto Pohjoisranta Oy", "huolto@pohjoisranta.example.fi", "010 322 7600"),
    ("Fastighetsservice Västerhav Ab", "huolto@vasterhav.example.fi", "09 6122 4080"),
]

#: (manager name, company, phone, e-mail domain).
MANAGERS = [
    ("Heikki Rautio", "Isännöinti Oy Kantakaupunki", "040 718 2231", "kantakaupunki.example.fi"),
    ("Sari Holmström", "Isännöinti Oy Kantakaupunki", "040 718 2245", "kantakaupunki.example.fi"),
    ("Jarmo Kettunen", "Isännöintitoimisto Itäväylä Oy", "050 331 9012", "itavayla.example.fi"),
    ("Tiina Vuorela", "Isännöinti Pohjola Oy", "044 902 1133", "isannointipohjola.example.fi"),
    ("Marcus Sjöstrand", "Disponentbyrå Sjöstrand Ab", "040 566 0190", "sjostrand.example.fi"),
    ("Päivi Lindroos", "Isännöinti Oy Meri-Helsinki", "050 412 7788", "merihelsinki.example.fi"),
    ("Antero Kallio", "Isännöinti Oy Meri-Helsinki", "050 412 7790", "merihelsinki.example.fi"),
    ("Kirsi Aaltonen", "Isännöintitoimisto Itäväylä Oy", "050 331 9020", "itavayla.example.fi"),
]

FI_FEMALE = [
    "Anna",
    "Laura",
    "Johanna",
    "Tiina",
    "Sari",
    "Minna",
    "Hanna",
    "Elina",
    "Riikka",
    "Noora",
    "Emilia",
    "Sanna",
    "Päivi",
    "Marjatta",
    "Tuula",
    "Helena",
    "Eveliina",
    "Jenni",
    "Satu",
    "Kirsi",
    "Outi",
    "Veera",
    "Iida",
    "Pirjo",
]
FI_MALE = [
    "Juha",
    "Mikko",
    "Timo",
    "Jari",
    "Antti",
    "Matti",
    "Janne",
    "Petri",
    "Jukka",
    "Tuomas",
    "Lauri",
    "Eero",
    "Aleksi",
    "Sami",
    "Pekka",
    "Heikki",
    "Kari",
    "Olli",
    "Joonas",
    "Veikko",
    "Jussi",
    "Niko",
    "Arttu",
    "Markku",
]
FI_LAST = [
    "Virtanen",
    "Korhonen",
    "Mäkinen",
    "Hämäläinen",
    "Laine",
    "Heikkinen",
    "Järvinen",
    "Lehtonen",
    "Saarinen",
    "Heinonen",
    "Niemi",
    "Heikkilä",
    "Kinnunen",
    "Salonen",
    "Turunen",
    "Salo",
    "Laitinen",
    "Tuominen",
    "Rantanen",
    "Karjalainen",
    "Jokinen",
    "Mattila",
    "Savolainen",
    "Ahonen",
    "Pesonen",
    "Väisänen",
    "Räsänen",
    "Leinonen",
    "Hiltunen",
]
SV_FEMALE = [
    "Ebba",
    "Linnea",
    "Ulrika",
    "Camilla",
    "Sofia",
    "Ida",
    "Matilda",
    "Annika",
    "Karin",
    "Maria",
    "Elin",
    "Frida",
]
SV_MALE = [
    "Henrik",
    "Fredrik",
    "Johan",
    "Mats",
    "Anders",
    "Lars",
    "Mikael",
    "Patrik",
    "Ulf",
    "Tobias",
    "Axel",
    "Viktor",
]
SV_LAST = [
    "Lindholm",
    "Nyström",
    "Holmberg",
    "Sjöberg",
    "Forsström",
    "Backman",
    "Eriksson",
    "Johansson",
    "Karlsson",
    "Lindström",
    "Wikström",
    "Åberg",
    "Grönqvist",
    "Blomqvist",
    "Ekholm",
    "Sundström",
    "Öhman",
]

#: (type, smallest, largest area in m²); studios and one-bedroom flats of the asoy stock.
FLAT_TYPES = [("1h+kk", 20, 32), ("1h+k", 26, 38), ("2h+kk", 34, 45), ("2h+k", 40, 55)]

#: (kind, lowest, highest monthly fee in euros, weight).
PARKING_KINDS = [
    ("outdoor", 15, 25, 4),
    ("plug", 25, 35, 4),
    ("carport", 35, 45, 2),
    ("garage", 60, 90, 1),
    ("ev", 50, 70, 1),
]

SAUNA_HOURS = (17, 18, 19, 20)  # Mon-Sat 17-21
COMMON_HOURS = {(5, 17): "common_women", (5, 18): "common_men"}  # Saturday's shared turns

FLATS_TOTAL = 200

# --------------------------------------------------------------------------------------------
# Small pure helpers
# --------------------------------------------------------------------------------------------


def month_start(day: date, months: int = 0) -> date:
    """First day of the month ``months`` months from ``day``'s month."""
    index = day.year * 12 + day.month - 1 + months
    return date(index // 12, index % 12 + 1, 1)


def month_end(first: date) -> date:
    return month_start(first, 1) - timedelta(days=1)


def ascii_slug(text: str) -> str:
    """Lower-case ASCII for addresses and file names (ä -> a, å -> a, ö -> o)."""
    folded = unicodedata.normalize("NFKD", text).encode("ascii", "ignore").decode("ascii")
    return "".join(c if c.isalnum() else "-" for c in folded.lower()).strip("-")


def euros(value: float) -> Decimal:
    return Decimal(f"{value:.2f}")


def company_business_ids(count: int) -> list[str]:
    """Deterministic valid business IDs (seven digits spaced out, skipping the r = 1 gaps)."""
    ids: list[str] = []
    n7 = 1_764_301
    while len(ids) < count:
        bid = make_business_id(n7)
        if bid is not None:
            ids.append(bid)
        n7 += 104_729
    return ids


def chunks(rows: list, size: int = 500) -> list[list]:
    """Slices for ``insert_many``: SQLite caps the bound parameters of one statement."""
    return [rows[i : i + size] for i in range(0, len(rows), size)]


def split_flats(rng: random.Random, companies: int, total: int) -> list[int]:
    """Flats per company: 5-12 each, summing to ``total``."""
    sizes = [rng.randint(5, 12) for _ in range(companies)]
    while sum(sizes) != total:
        i = rng.randrange(companies)
        if sum(sizes) < total and sizes[i] < 12:
            sizes[i] += 1
        elif sum(sizes) > total and sizes[i] > 5:
            sizes[i] -= 1
    return sizes


# --------------------------------------------------------------------------------------------
# The rescue plan PDF
# --------------------------------------------------------------------------------------------


def write_wrapped(pdf: FPDF, text: str, line_height: float) -> None:
    """Greedy word wrap to the page width, one ``cell`` per line.

    fpdf2's ``multi_cell`` does the same but is several times slower, and the demo load (run
    by every test that needs demo data) writes 25 of these documents.
    """
    line = ""
    for word in text.split():
        candidate = f"{line} {word}" if line else word
        if line and pdf.get_string_width(candidate) > pdf.epw:
            pdf.cell(0, line_height, line, new_x="LMARGIN", new_y="NEXT")
            line = word
        else:
            line = candidate
    pdf.cell(0, line_height, line, new_x="LMARGIN", new_y="NEXT")


def rescue_plan_pdf(company: HousingCompany, buildings: list[Building], year: int) -> bytes:
    """A two-language (fi/sv) rescue plan for the housing company.

    Core Helvetica keeps the PDF small and needs no font file; every string is latin-1 safe
    (ä, ö, å are latin-1; dashes are plain hyphens).
    """
    maintenance = company.maintenance_company
    pdf = FPDF(format="A4")
    pdf.set_title(f"Pelastussuunnitelma - {company.name}")
    pdf.set_author("Heka demo")
    pdf.set_creation_date(datetime(year, 1, 15, 9, 0))
    pdf.set_margins(20, 20, 20)
    pdf.add_page()

    def heading(text: str) -> None:
        pdf.set_font("Helvetica", "B", 12)
        pdf.ln(3)
        write_wrapped(pdf, text, 7)
        pdf.set_font("Helvetica", size=10)

    def para(text: str) -> None:
        write_wrapped(pdf, text, 5)

    pdf.set_font("Helvetica", "B", 18)
    write_wrapped(pdf, "PELASTUSSUUNNITELMA", 9)
    write_wrapped(pdf, "RÄDDNINGSPLAN", 9)
    pdf.set_font("Helvetica", size=10)
    para(f"{company.name} ({company.business_id})")
    para(f"{company.street_address}, {company.postal_code} {company.city}")
    para(f"Päivitetty / Uppdaterad 15.1.{year}")

    heading("HÄTÄNUMERO / NÖDNUMMER 112")
    para(
        "Soita 112, kun henki, terveys, omaisuus tai ympäristö on vaarassa. Kerro mitä on "
        "tapahtunut, tarkka osoite ja kunta. Vastaa kysymyksiin ja toimi annettujen ohjeiden "
        "mukaan. Lopeta puhelu vasta, kun saat siihen luvan."
    )
    para("Ring 112 när liv, hälsa, egendom eller miljö är i fara.")

    heading("1. Kohteen tiedot / Uppgifter om fastigheten")
    for b in buildings:
        para(
            f"Talo {b.code}: {b.street_address}, {b.floors} kerrosta / våningar, "
            f"valmistunut / byggt {b.year_built}"
        )
    para(
        f"Väestönsuoja / Skyddsrum: A-talon kellarikerros. Kokoontumispaikka / "
        f"Samlingsplats: pihan leikkipaikka, {company.street_address}."
    )

    heading("2. Yhteystiedot / Kontaktuppgifter")
    para(f"Isännöitsijä / Disponent: {company.manager_name}, {company.manager_company}")
    para(f"  puh. / tfn {company.manager_phone}, {company.manager_email}")
    if maintenance is not None:
        para(f"Kiinteistöhuolto / Fastighetsservice: {maintenance.name}, puh. {maintenance.phone}")
    para(
        "Heka, asoy-asiakaspalvelu: 09 5767 4000 (ma-pe 9-12), asiakaspalvelu.asoyasunnot@hekaoy.fi"
    )
    para("Kiireelliset viat ma-pe 9-12: 09 5767 3000, muina aikoina päivystys 09 5767 3100")

    heading("3. Toiminta tulipalossa / Vid brand")
    for line in (
        "PELASTA ja varoita vaarassa olevia. Älä mene savuiseen porraskäytävään.",
        "SAMMUTA alkava palo sammutuspeitteellä tai käsisammuttimella, jos voit tehdä sen "
        "turvallisesti.",
        "RAJOITA paloa sulkemalla ovet ja ikkunat.",
        "HÄLYTÄ apua numerosta 112 ja OPASTA pelastuslaitos paikalle.",
        "Om trapphuset är fyllt av rök: stanna i bostaden, stäng dörren och ring 112.",
    ):
        para(f"- {line}")

    heading("4. Muut vaaratilanteet / Andra risker")
    para(
        "Vesivahinko: sulje huoneiston vesiventtiili ja soita heti kiireellisten vikojen "
        "numeroon. Sähkökatko: tarkista ensin huoneiston sulakkeet. Yleinen vaaramerkki: "
        "mene sisälle, sulje ovet, ikkunat ja ilmanvaihto ja seuraa Yle Radio Suomea."
    )
    para(
        "Vattenskada: stäng lägenhetens vattenventil och ring genast. Allmänt faroalarm: gå "
        "inomhus, stäng dörrar, fönster och ventilation och lyssna på Yle Radio Vega."
    )

    heading("5. Asukkaan velvollisuudet / Invånarens skyldigheter")
    para(
        "Jokaisessa asunnossa on oltava toimiva palovaroitin jokaista alkavaa 60 neliömetriä "
        "kohti. Porraskäytävissä ei saa säilyttää tavaroita. Pelastustiet pidetään vapaina."
    )
    return bytes(pdf.output())


def house_rules_pdf(company: HousingCompany, building: Building, year: int) -> bytes:
    """A one-page two-language (fi/sv) set of house rules for one building: the demo's
    building-level document (the flat page shows it only to that building's residents)."""
    pdf = FPDF(format="A4")
    pdf.set_title(f"Järjestyssäännöt - {company.name}, talo {building.code}")
    pdf.set_author("Heka demo")
    pdf.set_creation_date(datetime(year, 1, 15, 9, 0))
    pdf.set_margins(20, 20, 20)
    pdf.add_page()
    pdf.set_font("Helvetica", "B", 16)
    write_wrapped(pdf, f"JÄRJESTYSSÄÄNNÖT / ORDNINGSREGLER - TALO / HUS {building.code}", 8)
    pdf.set_font("Helvetica", size=10)
    write_wrapped(pdf, f"{company.name}, {building.street_address}", 5)
    for line in (
        "Hiljaisuus klo 22-7. / Nattro kl. 22-7.",
        "Tupakointi on kielletty porraskäytävissä ja parvekkeilla. / Rökning är förbjuden i "
        "trapphus och på balkonger.",
        "Polkupyörät säilytetään pyöräkellarissa. / Cyklar förvaras i cykelkällaren.",
        "Pyykit kuivataan kuivaushuoneessa. / Tvätt torkas i torkrummet.",
    ):
        write_wrapped(pdf, f"- {line}", 5)
    return bytes(pdf.output())


# --------------------------------------------------------------------------------------------
# The builder
# --------------------------------------------------------------------------------------------


@dataclass
class Household:
    """One flat's lease and the people in it, as the billing and booking steps need them."""

    flat: Flat
    lease: Lease
    parties: list[Resident]
    others: list[Resident]

    @property
    def persons(self) -> int:
        return len(self.parties) + len(self.others)


class DemoBuilder:
    """Creates the demo rows. One instance per load; all randomness from one seeded RNG."""

    def __init__(self, hetu_key: bytes, files: Storage, today: date | None) -> None:
        self.key = hetu_key
        self.files = files
        self.today = today or helsinki_today()
        # A given ``today`` (tests, time travel) also moves the timestamps with it.
        self.now = utcnow() if today is None else datetime.combine(today, time(9, 0))
        self.rng = random.Random(SEED)
        self.used_hetus: set[str] = {
            parse_hetu(p["personal_identity_code"]).canonical
            for p in (*DEMO_IDENTITIES, *ACCOUNT_IDENTITIES)
        }
        self.used_emails: set[str] = set()
        self.lease_seq = 0
        self.households: list[Household] = []
        self.special: dict[str, Resident] = {}
        self.water: dict[int, Decimal] = {}  # housing company id -> € per person per month
        #: The invoices charge the configured water fee per person; every company's lease
        #: terms say the same amount.
        self.water_rate = setting_money("WATER_FEE_PER_PERSON")

    # -- entry point -------------------------------------------------------------------------

    def run(self) -> None:
        staff = self.staff_users()
        companies = self.housing_companies()
        self.flats_and_households(companies)
        self.saunas(companies)
        self.parking(companies)
        self.base_fees()
        self.invoices()
        self.upcoming_invoices()
        self.door_and_keys(staff)
        import_demo_bank_file(staff, self.today)
        self.announcements(companies, staff)
        self.rescue_plans(companies)
        self.resident_accounts()
        from .household import household_rows

        household_rows(self.special["maija"], self.today, self.now)
        add_waiting_termination(
            self.households, self.today, self.now, hash_password(RESIDENT_PASSWORD)
        )
        add_closing_request(self.households, self.today, self.now, hash_password(RESIDENT_PASSWORD))
        self.powers_of_attorney(staff)
        from .mailbox import add_mailbox_cases

        add_mailbox_cases()
        from .service_requests import service_request_rows

        service_request_rows(
            self.special["maija"], self.special["oskari"], staff, self.today, self.now
        )
        from .messages import message_rows

        message_rows(self.special["maija"], self.special["oskari"], staff, self.now)
        from .responsibility import responsibility_rows

        responsibility_rows(companies, staff, self.special["maija"], self.now)
        from .inbox import inbox_rows

        inbox_rows(self.special["maija"], staff, self.now)
        from .announcements import announcement_rows as building_announcements

        building_announcements(self.special["maija"], staff, self.now)
        from .appointments import appointment_rows

        appointment_rows(self.special["maija"], staff, self.today, self.now)
        from .office import office_rows

        office_rows(self.special["maija"], staff, self.today, self.now)

    # -- companies, buildings, flats ---------------------------------------------------------

    def housing_companies(self) -> list[HousingCompany]:
        maintenance = [
            MaintenanceCompany.create(name=n, email=e, phone=p) for n, e, p in MAINTENANCE
        ]
        companies = []
        for i, (spec, bid) in enumerate(
            zip(COMPANIES, company_business_ids(len(COMPANIES)), strict=True)
        ):
            manager, manager_company, phone, domain = MANAGERS[i % len(MANAGERS)]
            first, last = manager.split(" ", 1)
            company = HousingCompany.create(
                name=spec.name,
                business_id=bid,
                street_address=f"{spec.street} {spec.number}",
                postal_code=spec.postal_code,
                maintenance_company=maintenance[i % len(maintenance)],
                manager_name=manager,
                manager_company=manager_company,
                manager_phone=phone,
                manager_email=f"{ascii_slug(first)}.{ascii_slug(last)}@{domain}",
                created_at=self.now - timedelta(days=400),
            )
            self.rng.choice([20, 20.5, 21, 22, 23, 24, 25])  # kept: the seed's sequence stays
            self.water[company.id] = self.water_rate
            companies.append(company)
        return companies

    def buildings(self, company: HousingCompany, spec: CompanySpec, flats: int) -> list[Building]:
        count = 1 if flats <= 6 else self.rng.choice([2, 2, 3]) if flats >= 10 else 2
        year = self.rng.randint(1955, 2018)
        return [
            Building.create(
                housing_company=company,
                code=code,
                street_address=f"{spec.street} {spec.number + 2 * i}",
                postal_code=spec.postal_code,
                year_built=year,
                floors=self.rng.randint(3, 8),
            )
            for i, code in enumerate("ABC"[:count])
        ]

    def flats_and_households(self, companies: list[HousingCompany]) -> None:
        sizes = split_flats(self.rng, len(companies), FLATS_TOTAL)
        seq = 0
        for c_index, (company, spec, size) in enumerate(
            zip(companies, COMPANIES, sizes, strict=True)
        ):
            buildings = self.buildings(company, spec, size)
            numbers = {b.id: 0 for b in buildings}
            for f_index in range(size):
                building = buildings[f_index % len(buildings)]
                numbers[building.id] += 1
                seq += 1
                flat = self.flat(company, building, numbers[building.id], seq)
                if f_index == 0 and c_index < 6:
                    self.special_household(c_index, flat)
                else:
                    self.random_household(flat)

    def flat(self, company: HousingCompany, building: Building, number: int, seq: int) -> Flat:
        flat_type, low, high = self.rng.choice(FLAT_TYPES)
        area = Decimal(f"{self.rng.uniform(low, high):.1f}")
        return Flat.create(
            housing_company=company,
            building=building,
            number=f"{building.code} {number}",
            flat_type=flat_type,
            area_m2=area,
            floor=min(building.floors, 1 + (number - 1) // 3),
            heka_code=f"DEMO-{seq:04d}",
        )

    # -- people and leases -------------------------------------------------------------------

    def special_household(self, index: int, flat: Flat) -> None:
        """The first flat of companies 0-5 belongs to the documented demo people."""
        t = self.today
        if index == 0:  # Maija (lease party) and Oskari (other resident), flat 1
            maija = self.known_person("demo-maija", "fi", "maija.lahtinen@example.fi")
            oskari = self.known_person("demo-oskari", "sv", "oskari.lahtinen@example.fi")
            self.special.update(maija=maija, oskari=oskari)
            self.household(flat, month_start(t, -38), [maija], [oskari])
        elif index == 1:  # Aino, a flat in another housing company
            aino = self.known_person("demo-aino", "en", "aino.nieminen@example.fi")
            self.special["aino"] = aino
            self.household(flat, month_start(t, -20), [aino], [])
        elif index == 2:  # Ville: the lease starts in 30 days
            ville = self.known_person("demo-ville", "fi", "ville.koskinen@example.fi")
            self.special["ville"] = ville
            self.household(flat, t + timedelta(days=30), [ville], [])
        elif index == 3:  # Katja: imported from the city's service as kaupunki.kayttaja@
            katja = self.known_person("demo-katja", "fi", "kaupunki.kayttaja@example.fi")
            self.household(flat, month_start(t, -50), [katja], [])
        elif index == 4:  # Liisa: lease party without an account
            liisa = self.known_person("demo-liisa", "fi", "liisa.makela@example.fi")
            self.household(flat, month_start(t, -14), [liisa], [])
        else:  # Erik: other resident without an account; Anna Lindqvist signed the lease
            anna = self.person("Anna", "Lindqvist", "sv", female=True, born=(1960, 1968))
            erik = self.known_person("demo-erik", "sv", "erik.lindqvist@example.fi")
            self.household(flat, month_start(t, -100), [anna], [erik])

    def random_household(self, flat: Flat) -> None:
        if self.rng.random() < 0.03:
            starts = month_start(self.today, self.rng.randint(1, 2))
        else:
            starts = month_start(self.today, -self.rng.randint(1, 180))
        swedish = self.rng.random() < 0.12
        first = self.random_person(swedish, born=(1945, 2001))
        parties = [first]
        if self.rng.random() < 0.3:
            parties.append(self.random_person(swedish, born=(1945, 2001), last=first.last_name))
        others = []
        if self.rng.random() < 0.25:
            others.append(self.random_person(swedish, born=(2005, 2020), last=first.last_name))
        household = self.household(flat, starts, parties, others)
        if starts < self.today and self.rng.random() < 0.02:
            self.give_notice(household.lease)

    def give_notice(self, lease: Lease) -> None:
        """A tenant who has given notice: the lease ends at the end of next month (§52)."""
        notice = self.today - timedelta(days=self.rng.randint(1, 10))
        lease.notice_given_on = notice
        lease.ends_on = month_end(month_start(notice, 1))
        lease.save()

    def household(
        self, flat: Flat, starts: date, parties: list[Resident], others: list[Resident]
    ) -> Household:
        rent = euros(min(900, max(450, float(flat.area_m2) * self.rng.uniform(14.5, 19.5))))
        self.lease_seq += 1
        lease = Lease.create(
            flat=flat,
            number=f"VS-{starts.year}-{self.lease_seq:05d}",
            starts_on=starts,
            monthly_rent=rent,
            deposit=rent * 2,
            terms=self.lease_terms(flat),
            created_at=self.now - timedelta(days=max(30, (self.today - starts).days + 30)),
        )
        for resident in parties:
            LeaseParty.create(lease=lease, resident=resident)
        for resident in parties + others:
            Occupancy.create(resident=resident, flat=flat, moved_in=starts)
        household = Household(flat, lease, parties, others)
        self.households.append(household)
        return household

    def lease_terms(self, flat: Flat) -> str:
        water = self.water[flat.housing_company_id]
        return (
            "Vuokrasopimus on voimassa toistaiseksi. Vuokralaisen irtisanomisaika on yksi "
            "kuukausi, joka lasketaan irtisanomiskuukauden viimeisestä päivästä.\n"
            "Vuokra maksetaan kuukausittain etukäteen viimeistään kuukauden 2. päivänä.\n"
            f"Vesimaksu {water} euroa henkilöltä kuukaudessa.\n"
            "Vakuus palautetaan sopimuksen päätyttyä, kun huoneisto on tarkastettu."
        )

    def known_person(self, sub: str, language: str, email: str) -> Resident:
        person = identity(sub)
        self.used_emails.add(email)
        return self.resident(
            person["given_name"],
            person["family_name"],
            person["personal_identity_code"],
            language,
            email,
        )

    def random_person(
        self, swedish: bool, born: tuple[int, int], last: str | None = None
    ) -> Resident:
        female = self.rng.random() < 0.5
        if swedish:
            first = self.rng.choice(SV_FEMALE if female else SV_MALE)
            last = last or self.rng.choice(SV_LAST)
            language = "sv"
        else:
            first = self.rng.choice(FI_FEMALE if female else FI_MALE)
            last = last or self.rng.choice(FI_LAST)
            language = "en" if self.rng.random() < 0.05 else "fi"
        return self.person(first, last, language, female, born)

    def person(
        self, first: str, last: str, language: str, female: bool, born: tuple[int, int]
    ) -> Resident:
        code = self.new_hetu(female, born)
        email = self.new_email(first, last)
        return self.resident(first, last, code, language, email)

    def new_hetu(self, female: bool, born: tuple[int, int]) -> str:
        """A synthetic code not used before; the individual number's parity follows the sex."""
        while True:
            birth = date(self.rng.randint(*born), 1, 1) + timedelta(days=self.rng.randint(0, 364))
            individual = self.rng.randrange(2, 899)
            if individual % 2 != (0 if female else 1):
                individual += 1
            code = make_hetu(birth, individual)
            canonical = parse_hetu(code).canonical
            if canonical not in self.used_hetus:
                self.used_hetus.add(canonical)
                return code

    def new_email(self, first: str, last: str) -> str:
        base = f"{ascii_slug(first)}.{ascii_slug(last)}"
        email, n = f"{base}@example.fi", 1
        while email in self.used_emails:
            n += 1
            email = f"{base}{n}@example.fi"
        self.used_emails.add(email)
        return email

    def resident(self, first: str, last: str, code: str, language: str, email: str) -> Resident:
        return Resident.create(
            first_names=first,
            last_name=last,
            hetu_hash=hetu_hash(code, self.key),
            hetu_masked=mask_hetu(code),
            birth_date=parse_hetu(code).birth_date,
            email=email,
            phone=self.phone(),
            language=language,
            created_at=self.now - timedelta(days=30),
        )

    def phone(self) -> str:
        prefix = self.rng.choice(["040", "041", "044", "045", "050"])
        return f"{prefix} {self.rng.randint(100, 999)} {self.rng.randint(1000, 9999)}"

    # -- saunas and parking ------------------------------------------------------------------

    def started(self, company: HousingCompany) -> list[Household]:
        return [
            h
            for h in self.households
            if h.flat.housing_company_id == company.id and h.lease.starts_on <= self.today
        ]

    def saunas(self, companies: list[HousingCompany]) -> None:
        for company in companies:
            building = Building.get(housing_company=company, code="A")
            sauna = Sauna.create(
                housing_company=company,
                building=building,
                name=f"Taloyhtiön sauna, {building.street_address}",
                monthly_fee=euros(self.rng.choice([10, 12, 15, 18, 20])),
            )
            hours = self.sauna_grid(sauna)
            self.sauna_turns(company, sauna, hours)

    def sauna_grid(self, sauna: Sauna) -> list[SaunaHour]:
        """Mon-Sat 17-21; Saturday's first two hours are the shared (common) turns."""
        bookable = []
        for weekday in range(6):
            for start in SAUNA_HOURS:
                label = COMMON_HOURS.get((weekday, start), "")
                hour = SaunaHour.create(
                    sauna=sauna, weekday=weekday, start_hour=start, bookable=not label, label=label
                )
                if not label:
                    bookable.append(hour)
        return bookable

    def sauna_turns(self, company: HousingCompany, sauna: Sauna, hours: list[SaunaHour]) -> None:
        free = list(hours)
        self.rng.shuffle(free)
        for household in self.started(company):
            wants = household.parties[0] == self.special.get("maija") or self.rng.random() < 0.3
            if not wants or not free:
                continue
            hour = free.pop()
            starts = max(household.lease.starts_on, month_start(self.today, -6))
            turn = SaunaTurn.create(
                hour=hour, flat=household.flat, starts_on=starts, hold_key=f"sauna_hour:{hour.id}"
            )
            days = "ma ti ke to pe la".split()[hour.weekday]
            Fee.create(
                lease=household.lease,
                kind="sauna",
                monthly_amount=sauna.monthly_fee,
                description=f"Saunavuoro {days} {hour.start_hour}-{hour.start_hour + 1}",
                starts_on=starts,
                source=f"sauna_turn:{turn.id}",
            )

    def parking(self, companies: list[HousingCompany]) -> None:
        kinds = [k for k in PARKING_KINDS for _ in range(k[3])]
        for company in companies:
            spaces = []
            for n in range(1, self.rng.randint(3, 8) + 1):
                kind, low, high, _ = self.rng.choice(kinds)
                spaces.append(
                    ParkingSpace.create(
                        housing_company=company,
                        code=f"P{n}",
                        kind=kind,
                        monthly_fee=euros(self.rng.randint(low, high)),
                    )
                )
            self.parking_contracts(company, spaces)

    def parking_contracts(self, company: HousingCompany, spaces: list[ParkingSpace]) -> None:
        households = self.started(company)
        self.rng.shuffle(households)
        # The demo lease parties' flats (first of their company) always have a space.
        households.sort(key=lambda h: h.parties[0] not in self.special.values())
        for space, household in zip(spaces, households, strict=False):
            is_demo = household.parties[0] in self.special.values()
            if not is_demo and self.rng.random() > 0.45:
                continue
            starts = max(household.lease.starts_on, month_start(self.today, -9))
            contract = ParkingContract.create(
                space=space,
                flat=household.flat,
                lease=household.lease,
                starts_on=starts,
                hold_key=f"parking_space:{space.id}",
            )
            Fee.create(
                lease=household.lease,
                kind="parking",
                monthly_amount=space.monthly_fee,
                description=f"Autopaikka {space.code}",
                starts_on=starts,
                source=f"parking_contract:{contract.id}",
            )

    # -- rent, water and invoices ------------------------------------------------------------

    def base_fees(self) -> None:
        for h in self.households:
            water = self.water[h.flat.housing_company_id]
            Fee.create(
                lease=h.lease,
                kind="rent",
                description="Vuokra",
                monthly_amount=h.lease.monthly_rent,
                starts_on=h.lease.starts_on,
                ends_on=h.lease.ends_on,
            )
            Fee.create(
                lease=h.lease,
                kind="water",
                description=f"Vesimaksu {h.persons} hlö x {water} €",
                monthly_amount=water * h.persons,
                starts_on=h.lease.starts_on,
                ends_on=h.lease.ends_on,
            )

    def periods(self) -> list[date]:
        """The last twelve months (next month's invoices come from the invoicing service)."""
        return [month_start(self.today, -m) for m in range(11, -1, -1)]

    @staticmethod
    def issue_date(period: date) -> date:
        """The invoicing day (the 15th) of the month before."""
        return month_start(period, -1).replace(day=15)

    def upcoming_invoices(self) -> None:
        """Next month's invoices through the invoicing service, as the daily job makes them
        from the invoicing day on (earlier in the month there are none yet)."""
        upcoming = month_start(self.today, 1)
        if self.issue_date(upcoming) <= self.today:
            issue_month(upcoming, issued_on=self.today)

    def invoices(self) -> None:
        """Monthly invoices; all past-due ones paid except one overdue (Maija's, two months
        ago) and a few partly paid ones from last month."""
        maija = self.special["maija"]
        overdue_period = month_start(self.today, -2)
        partly_paid = {h.lease.id for h in self.households if self.rng.random() < 0.03}
        partly_paid.add(self.household_of(self.special["aino"]).lease.id)
        rows, lines, payments = [], [], []
        for h in self.households:
            fees = list(Fee.select().where(Fee.lease == h.lease))
            for period in self.periods():
                if period < month_start(h.lease.starts_on) or self.ended_before(h.lease, period):
                    continue
                if maija in h.parties and period == overdue_period:
                    paid = Decimal(0)
                else:
                    paid = None  # decided below, once the amount is known
                self.invoice(
                    h.lease, period, fees, h.persons, paid, partly_paid, (rows, lines, payments)
                )
        ids: dict[str, int] = {}
        for chunk in chunks(rows):
            query = Invoice.insert_many(chunk).returning(Invoice.id, Invoice.number)
            ids.update((number, pk) for pk, number in query.tuples().execute())
        for chunk in chunks(lines):
            InvoiceLine.insert_many([{**r, "invoice": ids[r["invoice"]]} for r in chunk]).execute()
        for chunk in chunks(payments):
            Payment.insert_many([{**r, "invoice": ids[r["invoice"]]} for r in chunk]).execute()

    def household_of(self, resident: Resident) -> Household:
        return next(h for h in self.households if resident in h.parties)

    @staticmethod
    def ended_before(lease: Lease, period: date) -> bool:
        return lease.ends_on is not None and lease.ends_on < period

    def invoice(
        self,
        lease: Lease,
        period: date,
        fees: list[Fee],
        persons: int,
        paid: Decimal | None,
        partly_paid: set[int],
        out: tuple[list[dict], list[dict], list[dict]],
    ) -> None:
        """Plan one invoice with its lines and payment; rows refer to the invoice by number
        until the bulk insert has given it an id."""
        rows, lines, payments = out
        planned = plan_monthly_lines(
            period,
            lease.monthly_rent,
            [
                FeeRow(f.id, f.kind, f.description, f.monthly_amount, f.starts_on, f.ends_on)
                for f in fees
            ],
            persons,
            self.water_rate,
        )
        amount = total(planned)
        due = monthly_due_date(period, lease.due_day)
        if paid is None:
            paid = self.paid_amount(lease, period, due, amount, partly_paid)
        status = "paid" if paid >= amount else "partly_paid" if paid > 0 else "open"
        number = monthly_number(lease.id, period)
        reference = monthly_reference(lease.id, period)
        rows.append(
            {
                "lease": lease.id,
                "number": number,
                "reference": reference,
                "rf_reference": rf_form(reference),
                "period": period,
                "issued_on": self.issue_date(period),
                "due_on": due,
                "amount": amount,
                "paid_amount": paid,
                "status": status,
                "kind": "rent",
                "created_at": datetime.combine(self.issue_date(period), time(6, 0)),
            }
        )
        lines.extend(
            {
                "invoice": number,
                "fee": line.fee_id,
                "kind": line.kind,
                "description": line.description,
                "amount": line.amount,
            }
            for line in planned
        )
        if paid > 0:
            paid_on = min(self.today, due + timedelta(days=self.rng.randint(-6, 2)))
            payments.append(
                {
                    "lease": lease.id,
                    "invoice": number,
                    "paid_on": paid_on,
                    "amount": paid,
                    "reference": reference,
                    "source": "bank",
                    "archive_id": f"{paid_on:%y%m%d}{self.rng.randint(10**9, 10**10 - 1)}",
                    "created_at": datetime.combine(paid_on, time(12, 0)),
                }
            )

    def paid_amount(
        self, lease: Lease, period: date, due: date, amount: Decimal, partly_paid: set[int]
    ) -> Decimal:
        if due >= self.today:  # not yet due: most still open, some paid early
            return amount if self.rng.random() < 0.2 else Decimal(0)
        if lease.id in partly_paid and period == month_start(self.today, -1):
            return euros(float(amount) * 0.5)
        return amount

    def door_and_keys(self, staff: User) -> None:
        """Maija was locked out five weeks ago (the opening invoiced and paid) and collected a
        spare key at BLC Turva after it; the desk's flat page shows both."""
        household = self.household_of(self.special["maija"])
        opened = datetime.combine(self.today - timedelta(days=35), time(19, 40))  # UTC
        local = to_helsinki(opened.replace(tzinfo=UTC))
        line = Line("door_opening", door_opening_line_text(local), euros(60))
        invoice = issue_single(household.lease, "door_opening", [line], issued_on=opened.date())
        invoice.paid_amount, invoice.status = invoice.amount, "paid"
        invoice.save()
        Payment.create(
            lease=household.lease,
            invoice=invoice,
            paid_on=invoice.due_on,
            amount=invoice.amount,
            reference=invoice.reference,
            source="bank",
            archive_id=f"{invoice.due_on:%y%m%d}{self.rng.randint(10**9, 10**10 - 1)}",
        )
        DoorOpening.create(
            flat=household.flat,
            resident=self.special["maija"],
            opened_at=opened,
            performed_by="Jari Laaksonen",
            document_type="driving_licence",
            fee=invoice.amount,
            invoice=invoice,
            logged_by=staff,
            created_at=opened + timedelta(hours=14),
        )
        KeyHandover.create(
            flat=household.flat,
            lease=household.lease,
            direction="collected",
            keys_count=1,
            person_name=self.special["maija"].full_name,
            handled_at=opened + timedelta(days=2, hours=-6),
            logged_by=staff,
        )

    # -- announcements, documents, accounts --------------------------------------------------

    def announcements(self, companies: list[HousingCompany], staff: User) -> None:
        first = companies[0]
        building_a = Building.get(housing_company=first, code="A")
        talkoot = self.today + timedelta(days=12)
        cut = self.today + timedelta(days=5)
        for row in announcement_rows(first, companies[1], building_a, talkoot, cut):
            days_ago, expires_in = row.pop("days_ago"), row.pop("expires_in")
            Announcement.create(
                **row,
                published_at=self.now - timedelta(days=days_ago),
                expires_at=None if expires_in is None else self.now + timedelta(days=expires_in),
                created_by=staff,
            )

    def rescue_plans(self, companies: list[HousingCompany]) -> None:
        for company in companies:
            buildings = list(company.buildings.order_by(Building.code))
            content = rescue_plan_pdf(company, buildings, self.today.year)
            key = f"documents/rescue-plan-{company.business_id}.pdf"
            self.files.write(key, content, "application/pdf")
            Document.create(
                housing_company=company,
                kind="rescue_plan",
                title=f"Pelastussuunnitelma - {company.name}",
                filename=f"pelastussuunnitelma-{ascii_slug(company.name)}.pdf",
                storage_key=key,
                size=len(content),
                sha256=hashlib.sha256(content).hexdigest(),
                description="Taloyhtiön pelastussuunnitelma / Husbolagets räddningsplan",
            )
        # The first company's buildings also have house rules of their own (building-level).
        first = companies[0]
        for building in first.buildings.order_by(Building.code):
            content = house_rules_pdf(first, building, self.today.year)
            key = f"documents/house-rules-{first.business_id}-{building.code}.pdf"
            self.files.write(key, content, "application/pdf")
            Document.create(
                housing_company=first,
                building=building,
                kind="house_rules",
                title=f"Järjestyssäännöt - talo {building.code}",
                filename=f"jarjestyssaannot-talo-{ascii_slug(building.code)}.pdf",
                storage_key=key,
                size=len(content),
                sha256=hashlib.sha256(content).hexdigest(),
            )

    def staff_users(self) -> User:
        staff_hash = hash_password(STAFF_PASSWORD)
        staff = User.create(
            email=MARKER_EMAIL,
            password_hash=staff_hash,
            role="staff",
            name="Asoy-palvelu Demo",
            registered_via="staff",
            activated_at=self.now,
        )
        admin = User.create(
            email="admin@hekaoy.fi",
            password_hash=staff_hash,
            role="admin",
            name="Heka Admin Demo",
            registered_via="staff",
            activated_at=self.now,
        )
        # The admins' audit log (/staff/audit/) opens with the desk account's creation in it.
        from ..models import AuditLog

        AuditLog.create(
            actor=admin, action="create_staff_user", target_type="user", target_id=staff.id,
            data={"role": "staff"}, created_at=self.now,
        )  # fmt: skip
        return staff

    def resident_accounts(self) -> None:
        """The documented resident accounts; they identified strongly when they registered."""
        resident_hash = hash_password(RESIDENT_PASSWORD)
        for key, email in (
            ("maija", "maija.lahtinen@example.fi"),
            ("oskari", "oskari.lahtinen@example.fi"),
            ("aino", "aino.nieminen@example.fi"),
            ("ville", "ville.koskinen@example.fi"),
        ):
            resident = self.special[key]
            user = User.create(
                email=email,
                password_hash=resident_hash,
                resident=resident,
                language=resident.language,
                registered_via="strong",
                activated_at=self.now - timedelta(days=20),
            )
            Identification.create(
                method="strong",
                resident=resident,
                user=user,
                hetu_hash=resident.hetu_hash,
                name=resident.full_name,
                used_at=self.now - timedelta(days=20),
                created_at=self.now - timedelta(days=20),
            )
        User.create(
            email="kaupunki.kayttaja@example.fi",
            password_hash=resident_hash,
            registered_via="city",
            needs_strong_identification=True,
            resident=None,
            language="fi",
            activated_at=self.now - timedelta(days=200),
        )

    def powers_of_attorney(self, staff: User) -> None:
        """Two powers to see the feature: Maija's one-off power for a parking space and a sauna
        turn to Pekka Asiamies (an account of an agent who lives elsewhere, README), with the
        scanned form; Aino's general power to Kalle Nieminen, who has no account yet (he is
        linked when he registers with that address and logs in)."""
        agent = User.create(
            email="pekka.asiamies@example.fi",
            password_hash=hash_password(RESIDENT_PASSWORD),
            resident=None,
            name="Pekka Asiamies",
            language="fi",
            registered_via="strong",
            activated_at=self.now - timedelta(days=5),
        )
        maija, aino = self.special["maija"], self.special["aino"]
        key = "powers/demo/valtakirja-maija-lahtinen.pdf"
        self.files.write(
            key, scanned_power_pdf(maija.full_name, "Pekka Asiamies"), "application/pdf"
        )
        PowerOfAttorney.create(
            grantor=maija,
            lease=self.household_of(maija).lease,
            agent_name="Pekka Asiamies",
            agent_email=agent.email,
            agent_user=agent,
            kind="one_off",
            scopes="parking,sauna",
            valid_from=self.today - timedelta(days=3),
            valid_until=self.today + timedelta(days=60),
            received_via="email",
            registered_by=staff,
            document_path=key,
            document_mime="application/pdf",
            created_at=self.now - timedelta(days=3),
        )
        PowerOfAttorney.create(
            grantor=aino,
            lease=self.household_of(aino).lease,
            agent_name="Kalle Nieminen",
            agent_email="kalle.nieminen@example.fi",
            kind="general",
            scopes="general",
            valid_from=self.today - timedelta(days=40),
            received_via="office",
            registered_by=staff,
            created_at=self.now - timedelta(days=40),
        )


def scanned_power_pdf(grantor: str, agent: str) -> bytes:
    """A stand-in for a scanned, signed power-of-attorney form (core font, Latin-1 text)."""
    pdf = FPDF(format="A4")
    pdf.set_creation_date(datetime(2026, 1, 15, 9, 0))
    pdf.add_page()
    pdf.set_font("Helvetica", "B", 16)
    pdf.cell(0, 10, "VALTAKIRJA", new_x="LMARGIN", new_y="NEXT")
    pdf.set_font("Helvetica", size=11)
    pdf.cell(0, 8, f"Valtuuttaja: {grantor}", new_x="LMARGIN", new_y="NEXT")
    pdf.cell(0, 8, f"Valtuutettu: {agent}", new_x="LMARGIN", new_y="NEXT")
    pdf.cell(0, 8, "[x] Autopaikka   [x] Saunavuoro", new_x="LMARGIN", new_y="NEXT")
    return bytes(pdf.output())


def announcement_rows(
    first: HousingCompany, second: HousingCompany, building: Building, talkoot: date, cut: date
) -> list[dict]:
    """The demo announcements, written in all three languages."""
    t, c = f"{talkoot.day}.{talkoot.month}.{talkoot.year}", f"{cut.day}.{cut.month}.{cut.year}"
    return [
        {
            "audience": "all",
            "days_ago": 3,
            "expires_in": None,
            "title_fi": "Asoy-asiakaspalvelun puhelinajat",
            "title_sv": "Telefontider för bostadsaktiebolagens kundservice",
            "title_en": "Telephone hours of the housing-company customer service",
            "body_fi": "Asoy-asiakaspalvelu palvelee puhelimitse numerossa 09 5767 4000 "
            "maanantaista perjantaihin klo 9–12. Voit myös lähettää viestin "
            "asukassivujen kautta, ja vastaamme sinulle sivuilla. Kiireellisistä "
            "vioista, kuten vesivuodoista, ilmoita aina puhelimitse: arkisin "
            "klo 9–12 numeroon 09 5767 3000, muina aikoina päivystykseen "
            "09 5767 3100.",
            "body_sv": "Kundservicen för bostadsaktiebolagen betjänar per telefon på nummer "
            "09 5767 4000 måndag–fredag kl. 9–12. Du kan också skicka ett "
            "meddelande via invånarsidorna, så svarar vi dig där. Brådskande fel, "
            "till exempel vattenläckor, ska alltid anmälas per telefon: vardagar "
            "kl. 9–12 till 09 5767 3000, övriga tider till jouren 09 5767 3100.",
            "body_en": "The housing-company customer service answers the phone at "
            "09 5767 4000 Monday to Friday 9–12. You can also send a message "
            "through the resident pages and we will reply there. Always report "
            "urgent faults such as water leaks by phone: on weekdays 9–12 to "
            "09 5767 3000, at other times to the on-call number 09 5767 3100.",
        },
        {
            "audience": "all",
            "days_ago": 10,
            "expires_in": 60,
            "title_fi": "Tarkista yhteystietosi ja tilinumerosi",
            "title_sv": "Kontrollera dina kontaktuppgifter och ditt kontonummer",
            "title_en": "Check your contact details and bank account",
            "body_fi": "Pidäthän puhelinnumerosi, postiosoitteesi ja tilinumerosi ajan tasalla "
            "asukassivuilla. Tilinumeroa tarvitaan esimerkiksi vakuuden "
            "palauttamiseen vuokrasuhteen päättyessä.",
            "body_sv": "Håll ditt telefonnummer, din postadress och ditt kontonummer "
            "uppdaterade på invånarsidorna. Kontonumret behövs till exempel när "
            "hyresgarantin återbetalas efter att hyresförhållandet har upphört.",
            "body_en": "Please keep your phone number, postal address and bank account up to "
            "date on the resident pages. We need the account number, for example, "
            "to return your deposit when the tenancy ends.",
        },
        {
            "audience": "housing_company",
            "housing_company": first,
            "days_ago": 2,
            "expires_in": 14,
            "title_fi": f"Pihatalkoot lauantaina {t}",
            "title_sv": f"Gårdstalko lördagen den {t}",
            "title_en": f"Yard clean-up day on Saturday {t}",
            "body_fi": f"{first.name} järjestää kevään pihatalkoot lauantaina {t} klo 10–14. "
            "Haravoidaan, siivotaan pyörävarasto ja lopuksi grillataan yhdessä. "
            "Tervetuloa mukaan!",
            "body_sv": f"{first.name} ordnar vårens gårdstalko lördagen den {t} kl. 10–14. Vi "
            "krattar, städar cykelförrådet och grillar tillsammans till sist. "
            "Välkommen med!",
            "body_en": f"{first.name} holds its spring yard clean-up on Saturday {t} from 10 "
            "to 14. We will rake the yard, tidy the bicycle storage and finish with "
            "a barbecue together. Everyone is welcome!",
        },
        {
            "audience": "building",
            "housing_company": first,
            "building": building,
            "days_ago": 1,
            "expires_in": 7,
            "title_fi": f"Vesikatko {building.street_address} {c}",
            "title_sv": f"Vattenavbrott på {building.street_address} {c}",
            "title_en": f"Water cut at {building.street_address} on {c}",
            "body_fi": f"Talossa {building.code} on vesikatko {c} klo 8–14 "
            "runkoventtiilien vaihdon vuoksi. Varaathan vettä etukäteen. Vältä "
            "hanojen avaamista katkon aikana.",
            "body_sv": f"I hus {building.code} är vattnet avstängt {c} kl. 8–14 på grund av "
            "byte av stamventiler. Tappa upp vatten i förväg och undvik att öppna "
            "kranarna under avbrottet.",
            "body_en": f"Building {building.code} will have no water on {c} from 8 to 14 while "
            "the main valves are replaced. Please store some water in advance and "
            "avoid opening the taps during the cut.",
        },
        {
            "audience": "housing_company",
            "housing_company": second,
            "days_ago": 6,
            "expires_in": 30,
            "title_fi": "Linjasaneerauksen tiedotustilaisuus",
            "title_sv": "Informationsmöte om rörrenoveringen",
            "title_en": "Information meeting on the pipe renovation",
            "body_fi": f"{second.name} aloittaa linjasaneerauksen suunnittelun. Isännöitsijä "
            "kertoo aikataulusta, väistöasunnoista ja vaikutuksista asumiseen "
            "kerhohuoneella kuukauden lopussa. Heka tiedottaa vuokralaisiaan "
            "hyvissä ajoin ennen töiden alkua.",
            "body_sv": f"{second.name} börjar planera en rörrenovering. Disponenten berättar om "
            "tidtabellen, evakueringsbostäderna och hur boendet påverkas i "
            "klubbrummet i slutet av månaden. Heka informerar sina hyresgäster i "
            "god tid innan arbetena börjar.",
            "body_en": f"{second.name} is starting to plan a pipe renovation. The property "
            "manager will present the schedule, temporary housing and the effect on "
            "living in the club room at the end of the month. Heka will inform its "
            "tenants well before the work begins.",
        },
        {
            "audience": "all",
            "days_ago": 120,
            "expires_in": -90,
            "title_fi": "Asiakaspalvelu suljettu joulun aikaan",
            "title_sv": "Kundservicen stängd under julen",
            "title_en": "Customer service closed over Christmas",
            "body_fi": "Asiakaspalvelu on suljettu joulun pyhien ajan. Kiireellisissä vioissa "
            "soita päivystykseen 09 5767 3100.",
            "body_sv": "Kundservicen är stängd under julhelgerna. Vid brådskande fel, ring "
            "jouren 09 5767 3100.",
            "body_en": "Customer service is closed over the Christmas holidays. For urgent "
            "faults, call the on-call number 09 5767 3100.",
        },
    ]


# --------------------------------------------------------------------------------------------
# Public entry point
# --------------------------------------------------------------------------------------------


def table_counts() -> dict[str, int]:
    return {m._meta.table_name: m.select().count() for m in COUNTED_MODELS}


def load_demo_data(
    hetu_key: bytes, files: Storage | str | os.PathLike[str], today: date | None = None
) -> dict:
    """Load the demo data set once; returns how many rows of each table it created. Its PDFs
    go to ``files``: the app's storage, or an upload folder given by its path.

    Idempotent: when the demo desk account already exists every count is 0 and nothing is
    touched. The whole load is one transaction, so an interrupted load leaves nothing behind
    (except PDF files, which a retry overwrites).
    """
    if User.select().where(User.email == MARKER_EMAIL).exists():
        return {m._meta.table_name: 0 for m in COUNTED_MODELS}
    before = table_counts()
    with write_txn():
        DemoBuilder(hetu_key, _storage(files), today).run()
    after = table_counts()
    return {name: after[name] - before[name] for name in before}


def _storage(files: Storage | str | os.PathLike[str]) -> Storage:
    return LocalStorage(files) if isinstance(files, str | os.PathLike) else files
