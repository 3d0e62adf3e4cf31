"""Demo: two mails to the desk mailbox, taken by the real intake, so ``/staff/mailbox/`` and
the threads have something to show after ``make run``: one from a resident the register knows
(linked to her flat) and one from an unknown sender (waiting in triage); a third asks for an
office visit and becomes an appointment request (``/staff/office/``)."""

from __future__ import annotations

from email.message import EmailMessage

from ..domain.contacts import ASOY_DESK_EMAIL

DEMO_MAILS = (
    ("Maija Lahtinen <maija.lahtinen@example.fi>", "Vuokranmaksu heinäkuussa",
     "Hei,\n\nvoinko maksaa heinäkuun vuokran kahdessa erässä?\n\nTerveisin\nMaija Lahtinen\n\n"
     "-- \nLähetetty puhelimesta"),
    ("Kalle Korhonen <kalle.korhonen@example.org>", "Avain hukassa",
     "Hei,\n\nasun Helsingissä teidän asunnossanne mutta en löydä tunnuksiani. Avain on hukassa, "
     "mitä teen?\n\nKalle"),
    ("Sara Lindqvist <sara.lindqvist@example.org>", "Tidsbokning till kontoret",
     "Hej,\n\njag skulle vilja boka en tid till kontoret för att hämta nycklar. Onsdagar "
     "passar bäst.\n\nSara"),
)


def add_mailbox_cases() -> list[str]:
    """Take the demo mails through the intake; returns what happened to each."""
    from ..services.mailbox import take

    outcomes = []
    for n, (sender, subject, body) in enumerate(DEMO_MAILS, start=1):
        msg = EmailMessage()
        msg["From"] = sender
        msg["To"] = ASOY_DESK_EMAIL
        msg["Subject"] = subject
        msg["Message-ID"] = f"<demo-mailbox-{n}@example.org>"
        msg.set_content(body)
        outcomes.append(take(bytes(msg)))
    return outcomes
