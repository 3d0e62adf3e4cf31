"""Heka's contact points for the asoy stock, exactly as the source text gives them.

They are shown in the UI and used for routing (which phone number is right at a given moment is
decided in :mod:`heka_asoy.domain.office_hours`). Kept as plain constants so templates, e-mails
and tests all use the same values. Street names are given in Swedish (the source text's language)
and, where the official Finnish name is certain, in Finnish too.
"""

from __future__ import annotations

from dataclasses import dataclass

# --- Phones -------------------------------------------------------------------------------------

#: The asoy desk (dedicated asoy service staff); Mon-Fri 9-12. Calls are recorded.
ASOY_DESK_PHONE = "09 5767 4000"
#: Heka customer service; Mon-Fri 9-12. Urgent faults and door openings during those hours.
HEKA_CUSTOMER_SERVICE_PHONE = "09 5767 3000"
#: On-call service (jour/päivystys); every other time, including public holidays.
ONCALL_PHONE = "09 5767 3100"
#: Maintenance staff call residents from numbers starting with this before any visit.
MAINTENANCE_CALLER_PREFIX = "09 5767"

# --- Mailboxes ----------------------------------------------------------------------------------

#: The asoy desk mailbox; always open. E-mail appointment requests go here.
ASOY_DESK_EMAIL = "asiakaspalvelu.asoyasunnot@hekaoy.fi"
#: General mailbox, ONLY for agents with a power of attorney and estates without portal access.
GENERAL_EMAIL = "asiakaspalvelu@hekaoy.fi"

# --- Customer service office --------------------------------------------------------------------

#: Street address of the customer service office (Swedish, as in the source).
OFFICE_ADDRESS_SV = "Viborgsgatan 2, Alphyddan"
#: The same address in Finnish.
OFFICE_ADDRESS_FI = "Viipurinkatu 2, Alppila"
#: Where in the building (source text, in English).
OFFICE_DIRECTIONS = "1st floor, door after the lifts; report at reception"
#: Opening hours in words; the machine-readable version is office_hours.DEFAULT_HOURS.
OFFICE_HOURS_TEXT = "Tue 9-15 walk-in; Wed 9-12 and Thu 12-15 by appointment; closed Mon and Fri"
#: Getting there (source text). No customer parking; nearest large car park is Borgbacken.
OFFICE_TRANSPORT = (
    "buses 500 and 510 (stop Sturegatan)",
    "tram 3 (Alphyddan)",
    "tram 9 (Sturegatan)",
    "10-15 min walk from Tripla and Sörnäinen metro",
)

# --- Key service point --------------------------------------------------------------------------

#: Keys are returned and collected here; returnable also when closed.
KEY_SERVICE_NAME = "BLC Turva Oy"
#: Swedish street names as in the source; check the official Finnish names before adding them.
KEY_SERVICE_ADDRESS_SV = "Backasgatan 2"
KEY_SERVICE_ENTRANCE_SV = "entrance at the corner of Vääksyvägen and Industrigatan"
#: The same in Finnish (DOMAIN.md: Backasgatan is Mäkelänkatu; Vääksyntie and Teollisuuskatu).
KEY_SERVICE_ADDRESS_FI = "Mäkelänkatu 2"
KEY_SERVICE_ENTRANCE_FI = "Vääksyntie / Teollisuuskatu"
_KEY_SERVICE_POINT = {
    "fi": (KEY_SERVICE_ADDRESS_FI, KEY_SERVICE_ENTRANCE_FI),
    "sv": (KEY_SERVICE_ADDRESS_SV, "Vääksyvägen / Industrigatan"),
    # English pages use the Finnish street names (as the city's English pages do), Swedish beside.
    "en": (f"{KEY_SERVICE_ADDRESS_FI} ({KEY_SERVICE_ADDRESS_SV})", KEY_SERVICE_ENTRANCE_FI),
}


def key_service_point(language: str) -> tuple[str, str]:
    """The key service point's street address and the corner of its entrance, in ``language``."""
    return _KEY_SERVICE_POINT.get(language, _KEY_SERVICE_POINT["fi"])


# --- Place names per language (the public contact page) ---------------------------------------


@dataclass(frozen=True)
class Places:
    """The office's and the key service point's place names in one language.

    Finnish pages use the Finnish names, Swedish pages the Swedish ones (as the source text), and
    English pages the Finnish name with the Swedish one in brackets. Nominative forms only, so a
    page shows them as labelled facts rather than inflecting them in a sentence.
    """

    office_street: str  # Viipurinkatu 2
    office_district: str  # Alppila
    bus_stop: str  # buses 500 and 510
    tram_3_stop: str
    tram_9_stop: str
    metro: str  # the metro station 10-15 minutes' walk away (beside Tripla)
    car_park: str  # the nearest large car park
    key_street: str
    key_corner: str  # the two streets whose corner has the entrance, "A / B"

    @property
    def office(self) -> str:
        """The office's address on one line: ``Viipurinkatu 2, Alppila``."""
        return f"{self.office_street}, {self.office_district}"


OFFICE_FLOOR = 1
#: The shopping centre beside Pasila station, the same name in every language.
TRIPLA = "Tripla"
OFFICE_BUSES = ("500", "510")

_PLACES = {
    "fi": Places(
        office_street="Viipurinkatu 2",
        office_district="Alppila",
        bus_stop="Sturenkatu",
        tram_3_stop="Alppila",
        tram_9_stop="Sturenkatu",
        metro="Sörnäinen",
        car_park="Linnanmäki",
        key_street=KEY_SERVICE_ADDRESS_FI,
        key_corner="Vääksyntie / Teollisuuskatu",
    ),
    "sv": Places(
        office_street="Viborgsgatan 2",
        office_district="Alphyddan",
        bus_stop="Sturegatan",
        tram_3_stop="Alphyddan",
        tram_9_stop="Sturegatan",
        metro="Sörnäs",
        car_park="Borgbacken",
        key_street=KEY_SERVICE_ADDRESS_SV,
        key_corner="Vääksyvägen / Industrigatan",
    ),
    "en": Places(
        office_street="Viipurinkatu 2 (Viborgsgatan 2)",
        office_district="Alppila (Alphyddan)",
        bus_stop="Sturenkatu (Sturegatan)",
        tram_3_stop="Alppila (Alphyddan)",
        tram_9_stop="Sturenkatu (Sturegatan)",
        metro="Sörnäinen (Sörnäs)",
        car_park="Linnanmäki (Borgbacken)",
        key_street=f"{KEY_SERVICE_ADDRESS_FI} ({KEY_SERVICE_ADDRESS_SV})",
        key_corner="Vääksyntie (Vääksyvägen) / Teollisuuskatu (Industrigatan)",
    ),
}


def places(language: str) -> Places:
    """The place names in ``language`` (fi, sv or en; Finnish for any other)."""
    return _PLACES.get(language, _PLACES["fi"])


def office_address(language: str) -> str:
    """The office's address as a letter or form gives it: Swedish in Swedish, else Finnish."""
    return places("sv" if language == "sv" else "fi").office
