"""Searching the register: flats by housing company, address and flat, people by name or
identity code.

Speed at Heka's scale (50,000 flats, more residents): each list is one statement with a
``LIMIT`` of ``PAGE_SIZE + 1`` (the extra row only says "more; narrow the search"), and the
people's flats and accounts one statement each for the page's people, so a search is at most
four statements (and the audit row) whatever the register holds.

* Housing company and address are matched in the small tables (companies, buildings; a few
  thousand rows) and the flats are reached through their foreign-key indexes.
* A flat is its number (``A 12``; index on ``number``, migration 019) or Heka's flat code
  (unique index).
* A person: a full identity code is hashed with the register's key and matched on the unique
  hash (that reveals nothing the code did not); a birth date ``DDMMYY`` or a masked code
  ``DDMMYY-****`` is matched as equality on the indexed masked form (migration 019), never a
  pattern; a name is matched word by word, case ignored in every alphabet (``contains_text``;
  LIKE for ASCII words on SQLite): PostgreSQL reads the matches through trigram indexes
  (migration 019), SQLite scans the names in C; 3-40 ms over 70,000 residents either way, a
  one-letter word up to 150 ms.
"""

from __future__ import annotations

import re
from dataclasses import dataclass, field, replace
from datetime import date

from flask import current_app
from peewee import fn

from ...db import contains_text, is_sqlite, write_txn
from ...domain.clock import helsinki_today
from ...domain.hetu import CENTURY_SIGNS, InvalidHetu, hetu_hash, mask_hetu
from ...models import Building, Flat, HousingCompany, Occupancy, Resident, User
from .. import audit

PAGE_SIZE = 50
#: The longest text one search field takes (the form says the same).
MAX_TERM = 80
_BIRTH = re.compile(r"^(\d{6})(?:([-+A-FU-Y])\**)?$")


@dataclass(frozen=True)
class RegisterQuery:
    """What the admin asked for; empty fields are not used."""

    company: str = ""
    address: str = ""
    flat: str = ""
    person: str = ""

    def cleaned(self) -> RegisterQuery:
        def clean(text: str) -> str:
            return " ".join((text or "").split())[:MAX_TERM]

        return RegisterQuery(
            clean(self.company), clean(self.address), clean(self.flat), clean(self.person)
        )

    @property
    def asks_flats(self) -> bool:
        return bool(self.company or self.address or self.flat)

    @property
    def empty(self) -> bool:
        return not (self.asks_flats or self.person)


@dataclass(frozen=True)
class FlatHit:
    id: int
    number: str
    heka_code: str
    flat_type: str
    street_address: str
    postal_code: str
    company_id: int
    company_name: str


@dataclass(frozen=True)
class PersonFlat:
    flat_id: int
    place: str  # "Testikatu 5, A 12"


@dataclass(frozen=True)
class PersonHit:
    id: int
    name: str
    hetu_masked: str
    #: The username of the person's account, "" without one.
    account_email: str
    account_disabled: bool
    flats: list[PersonFlat] = field(default_factory=list)


@dataclass(frozen=True)
class SearchResult:
    #: What was searched; a full identity code in ``person`` is replaced by its masked form.
    query: RegisterQuery
    flats: list[FlatHit]
    flats_capped: bool
    people: list[PersonHit]
    people_capped: bool
    #: How the person was looked for: "code" (full identity code), "birth" or "name".
    person_mode: str


def _text_contains(field, word: str):
    """``field`` contains ``word``, case ignored. On SQLite an ASCII word goes through LIKE,
    which ignores ASCII case in C (several times faster over 70,000 residents than calling
    Python's casefold per row); a word with other letters (Ä, Ö, Å …) through
    ``contains_text``."""
    if is_sqlite() and word.isascii():
        return field.contains(word)
    return contains_text(field, word)


# --- flats -------------------------------------------------------------------------------------


def _flats(query: RegisterQuery) -> tuple[list[FlatHit], bool]:
    cond = None

    def both(part):
        return part if cond is None else cond & part

    if query.company:
        companies = HousingCompany.select(HousingCompany.id).where(
            _text_contains(HousingCompany.name, query.company)
            | (HousingCompany.business_id == query.company)
        )
        if not (query.address or query.flat):
            # alone, a broad name ("Asunto Oy") would sort every flat of the stock: the first
            # companies by name are enough for the page
            companies = companies.order_by(HousingCompany.name).limit(PAGE_SIZE + 1)
        cond = both(Flat.housing_company.in_(companies))
    if query.address:
        for word in query.address.split():
            cond = both(_text_contains(Building.street_address, word))
    if query.flat:
        number = query.flat.upper()
        cond = both((Flat.number == number) | (Flat.heka_code == query.flat))
    rows = (
        Flat.select(
            Flat.id,
            Flat.number,
            Flat.heka_code,
            Flat.flat_type,
            Building.street_address,
            Building.postal_code,
            HousingCompany.id,
            HousingCompany.name,
        )  # fmt: skip
        .join(Building)
        .switch(Flat)
        .join(HousingCompany)
        .where(cond)
        .order_by(Building.street_address, Flat.number, Flat.id)
        .limit(PAGE_SIZE + 1)
        .tuples()
    )
    hits = [FlatHit(*row) for row in rows]
    return hits[:PAGE_SIZE], len(hits) > PAGE_SIZE


# --- people ------------------------------------------------------------------------------------


def _person_condition(text: str) -> tuple[object, str]:
    """The condition for the person field, and how it was read."""
    try:
        digest = hetu_hash(text, current_app.config["HETU_KEY"].encode())
    except (InvalidHetu, ValueError):
        digest = None
    if digest:
        return Resident.hetu_hash == digest, "code"
    match = _BIRTH.match(text.upper())
    if match:
        birth, sign = match.groups()
        signs = [sign] if sign else list(CENTURY_SIGNS)
        return Resident.hetu_masked.in_([f"{birth}{s}****" for s in signs]), "birth"
    cond = None
    for word in text.split():
        part = _text_contains(Resident.last_name, word) | _text_contains(Resident.first_names, word)
        cond = part if cond is None else cond & part
    return cond, "name"


def _people(text: str, today: date) -> tuple[list[PersonHit], bool, str]:
    cond, mode = _person_condition(text)
    found = list(
        Resident.select(Resident.id, Resident.first_names, Resident.last_name, Resident.hetu_masked)
        .where(cond)
        # ordered by LOWER(): PostgreSQL then reads the names through the trigram indexes
        # (migration 019) and sorts the matches, instead of walking the (last_name, first_names)
        # index from "A" filtering every row
        .order_by(fn.LOWER(Resident.last_name), fn.LOWER(Resident.first_names), Resident.id)
        .limit(PAGE_SIZE + 1)
    )
    capped = len(found) > PAGE_SIZE
    found = found[:PAGE_SIZE]
    ids = [r.id for r in found]
    flats: dict[int, list[PersonFlat]] = {i: [] for i in ids}
    accounts: dict[int, tuple[str, bool]] = {}
    if ids:
        lived = (
            Occupancy.select(Occupancy.resident, Flat.id, Flat.number, Building.street_address)
            .join(Flat)
            .join(Building)
            .where(Occupancy.resident.in_(ids) & Occupancy.current_on(today))
            .order_by(Occupancy.resident, Building.street_address, Flat.number)
            .tuples()
        )
        for resident_id, flat_id, number, street in lived:
            flats[resident_id].append(PersonFlat(flat_id, f"{street}, {number}"))
        users = User.select(User.resident, User.email, User.disabled).where(User.resident.in_(ids))
        accounts = {rid: (email, disabled) for rid, email, disabled in users.tuples()}
    hits = [
        PersonHit(
            id=r.id,
            name=f"{r.first_names} {r.last_name}",
            hetu_masked=r.hetu_masked,
            account_email=accounts.get(r.id, ("", False))[0],
            account_disabled=accounts.get(r.id, ("", False))[1],
            flats=flats[r.id],
        )
        for r in found
    ]
    return hits, capped, mode


def _logged_person(text: str) -> str:
    """What the audit row keeps of the person field: a full identity code only masked."""
    try:
        return mask_hetu(text)
    except InvalidHetu:
        return text


def search(query: RegisterQuery, viewer: User, today: date | None = None) -> SearchResult:
    """Flats and people matching ``query`` (each list at most ``PAGE_SIZE``), audited as
    ``register_viewed``. An empty query finds nothing and is not audited."""
    query = query.cleaned()
    if query.empty:
        return SearchResult(query, [], False, [], False, "")
    today = today or helsinki_today()
    flats, flats_capped = _flats(query) if query.asks_flats else ([], False)
    people, people_capped, mode = _people(query.person, today) if query.person else ([], False, "")
    asked = {
        name: value
        for name, value in (
            ("company", query.company),
            ("address", query.address),
            ("flat", query.flat),
            ("person", _logged_person(query.person)),
        )
        if value
    }
    with write_txn():
        audit.record(
            "register_viewed", viewer, None, what="search", found=len(flats) + len(people), **asked
        )
    if mode == "code":  # the answer (and the form it fills) says the code masked only
        query = replace(query, person=asked["person"])
    return SearchResult(query, flats, flats_capped, people, people_capped, mode)
