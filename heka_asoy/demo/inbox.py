"""Demo rows of the desk queue and the bell: three reply templates in fi/sv/en (see them at
/staff/inbox/templates as the desk) and two notifications for Maija, one unread (the bell in the
header shows 1 when she logs in; /notifications lists both)."""

from __future__ import annotations

from datetime import datetime, timedelta

from ..models import Notification, ReplyTemplate, Resident, User

TEMPLATES = (
    (
        "Kiitos viestistä / Thanks",
        "Kiitos viestistäsi. Olemme vastaanottaneet sen ja palaamme asiaan kahden arkipäivän "
        "kuluessa.\n\nYstävällisin terveisin\nHekan asoy-asiakaspalvelu",
        "Tack för ditt meddelande. Vi har tagit emot det och återkommer inom två vardagar.\n\n"
        "Med vänliga hälsningar\nHekas kundtjänst för bostadsaktiebolag",
        "Thank you for your message. We have received it and will get back to you within two "
        "business days.\n\nKind regards\nHeka's asoy desk",
    ),
    (
        "Vuokranmaksu / Rent payment",
        "Vuokra maksetaan kuukauden 2. päivään mennessä laskun viitenumerolla. Näet avoimet "
        "laskut Vuokra ja maksut -sivulla.",
        "Hyran betalas senast den 2 i månaden med fakturans referensnummer. Du ser de öppna "
        "fakturorna på sidan Hyra och avgifter.",
        "Rent is paid by the 2nd of the month with the invoice's reference number. You can see "
        "the open invoices on the Rent and fees page.",
    ),
    (
        "Remonttilupa: ehdot / Renovation conditions",
        "Remontin saa tehdä seuraavin ehdoin: työt arkisin klo 8-18, märkätilatyöt "
        "sertifioidun tekijän tekeminä, ja taloyhtiön isännöitsijälle ilmoitetaan ennen aloitusta.",
        "Renoveringen får göras på följande villkor: arbeten vardagar kl. 8-18, våtrumsarbeten "
        "av certifierad utförare, och disponenten meddelas innan arbetet börjar.",
        "",
    ),
)


def inbox_rows(maija: Resident, staff: User, now: datetime) -> None:
    for name, body_fi, body_sv, body_en in TEMPLATES:
        ReplyTemplate.create(name=name, body_fi=body_fi, body_sv=body_sv, body_en=body_en,
                             created_by=staff, updated_at=now)  # fmt: skip
    user = User.get_or_none(User.resident == maija.id)
    if user is None:
        return
    Notification.create(
        user=user, kind="announcement", text="Uusi tiedote taloyhtiöstäsi", url="/my/",
        created_at=now - timedelta(days=3), read_at=now - timedelta(days=2),
    )  # fmt: skip
    Notification.create(
        user=user, kind="fault_status", text="Vikailmoituksesi tila on muuttunut",
        url="/my/faults/", created_at=now - timedelta(hours=5),
    )  # fmt: skip
