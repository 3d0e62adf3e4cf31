"""The synthetic people of the demo identity provider.

The codes are fixed strings (valid checksums, see ``tests/test_demo_data.py``) rather than
generated, so the provider (``demo.idp``) and the register (``demo.data``) agree without sharing
state, and the README can name them. ``load_demo_data`` creates a Resident for each of them,
matched by the keyed hash only, exactly as a real broker's answer would be matched.
"""

from __future__ import annotations

#: People in the register WITHOUT a portal account, who can try the registration paths:
#: Liisa (lease party, registers with strong identification), Katja (imported from the city's
#: housing-application service as ``kaupunki.kayttaja@example.fi``; her first login needs strong
#: identification) and Erik (other resident, for the office-identification path).
DEMO_IDENTITIES: list[dict[str, str]] = [
    {
        "sub": "demo-liisa",
        "name": "Liisa Mäkelä",
        "given_name": "Liisa",
        "family_name": "Mäkelä",
        "personal_identity_code": "170486-248C",
    },
    {
        "sub": "demo-katja",
        "name": "Katja Salminen",
        "given_name": "Katja",
        "family_name": "Salminen",
        "personal_identity_code": "031179-322K",
    },
    {
        "sub": "demo-erik",
        "name": "Erik Lindqvist",
        "given_name": "Erik",
        "family_name": "Lindqvist",
        "personal_identity_code": "240658-517Y",
    },
]

#: The people behind the ready-made demo accounts. They can identify too (e.g. to see the
#: "you already have an account" answer).
ACCOUNT_IDENTITIES: list[dict[str, str]] = [
    {
        "sub": "demo-maija",
        "name": "Maija Lahtinen",
        "given_name": "Maija",
        "family_name": "Lahtinen",
        "personal_identity_code": "090288-264M",
    },
    {
        "sub": "demo-oskari",
        "name": "Oskari Lahtinen",
        "given_name": "Oskari",
        "family_name": "Lahtinen",
        "personal_identity_code": "210806A135W",
    },
    {
        "sub": "demo-aino",
        "name": "Aino Nieminen",
        "given_name": "Aino",
        "family_name": "Nieminen",
        "personal_identity_code": "011295-406X",
    },
    {
        "sub": "demo-ville",
        "name": "Ville Koskinen",
        "given_name": "Ville",
        "family_name": "Koskinen",
        "personal_identity_code": "150799-373W",
    },
]

#: A valid identity that is NOT in the register: strong identification succeeds, matching fails.
UNKNOWN_IDENTITY: dict[str, str] = {
    "sub": "demo-teemu",
    "name": "Teemu Ulkopuolinen",
    "given_name": "Teemu",
    "family_name": "Ulkopuolinen",
    "personal_identity_code": "300190-571T",
}


def identity(sub: str) -> dict[str, str]:
    """The demo identity with this ``sub`` (KeyError when there is none)."""
    for person in (*DEMO_IDENTITIES, *ACCOUNT_IDENTITIES, UNKNOWN_IDENTITY):
        if person["sub"] == sub:
            return person
    raise KeyError(sub)
