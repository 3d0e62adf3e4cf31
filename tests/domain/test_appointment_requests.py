"""Which mails to the desk mailbox ask for an office visit (pure rules)."""

from __future__ import annotations

import pytest

from heka_asoy.domain.appointment_requests import (
    DETAILS_MAX,
    details_text,
    guess_reason,
    read_request,
)


@pytest.mark.parametrize(
    ("subject", "body", "language"),
    [
        ("Ajanvaraus", "", "fi"),
        ("Kysymys", "Haluaisin ajanvarauksen ensi viikolle.", "fi"),
        ("", "Voinko varata ajan toimistolle?", "fi"),
        ("", "Tarvitsen käynnin toimistolla allekirjoitusta varten.", "fi"),
        ("Toimistokäynti", "", "fi"),
        ("Tidsbokning", "", "sv"),
        ("", "Kan jag boka en tid på kontoret?", "sv"),
        ("", "Jag vill besöka kontoret nästa vecka.", "sv"),
        ("Appointment", "", "en"),
        ("", "Could I book a visit to your office?", "en"),
        ("", "I would like an office visit on Thursday.", "en"),
    ],
)
def test_requests_are_recognised_in_each_language(subject, body, language):
    hints = read_request(subject, body)
    assert hints is not None
    assert hints.language == language


@pytest.mark.parametrize(
    ("subject", "body", "in_reply_to", "references"),
    [
        ("Re: Ajanvaraus", "Kiitos!", "", ()),
        ("VS: Ajanvaraus", "Kiitos!", "", ()),
        ("SV: Tidsbokning", "Tack!", "", ()),
        ("Ajanvaraus", "Kiitos!", "<earlier@example.org>", ()),
        ("Tidsbokning", "Tack!", "", ("<a@example.org>",)),
        ("Vesivuoto", "Huoltomies voi tulla käymään huomenna.", "", ()),
        ("Disappointment", "The sauna was cold.", "", ()),
        ("Vuokra", "Voinko maksaa vuokran myöhemmin?", "", ()),
    ],
)
def test_replies_and_other_mails_are_not_requests(subject, body, in_reply_to, references):
    assert read_request(subject, body, in_reply_to, references) is None


@pytest.mark.parametrize(
    ("text", "reason"),
    [
        ("Haluan tunnistautua toimistolla", "identification"),
        ("I need to show my passport", "identification"),
        ("Jag vill hämta nycklar", "keys"),
        ("Avaimen palautus", "keys"),
        ("Vuokrasopimuksen allekirjoitus", "lease"),
        ("Fråga om hyresavtalet", "lease"),
        ("Muuta asiaa", "other"),
    ],
)
def test_the_reason_is_guessed_from_the_words(text, reason):
    assert guess_reason(text) == reason


def test_details_are_the_subject_and_the_body_cut():
    assert details_text(" Aihe ", " Viesti ") == "Aihe\n\nViesti"
    assert len(details_text("A", "x" * 10_000)) == DETAILS_MAX
