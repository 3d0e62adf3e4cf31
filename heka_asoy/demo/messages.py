"""Demo rows of the messages to the asoy desk: Maija asked about her rent reference and the
desk answered (read it at /my/messages as Maija, with an internal note at /staff/messages), and
Oskari's question about the residents' meeting waits for an answer."""

from __future__ import annotations

from datetime import datetime, timedelta

from ..domain import reply_tokens
from ..models import Message, MessageThread, Resident, User
from ..services.messages.common import new_message_id


def _message(thread, author, body, when, previous=None, **kw) -> Message:
    return Message.create(
        thread=thread,
        author=author,
        body=body,
        created_at=when,
        message_id=None if kw.get("internal") else new_message_id(),
        in_reply_to=previous.message_id if previous is not None else "",
        **kw,
    )


def message_rows(maija: Resident, oskari: Resident, staff: User, now: datetime) -> None:
    maija_user = User.get(User.resident == maija.id)
    flat = maija.occupancies.get().flat_id
    asked = now - timedelta(days=3, hours=2)
    answered = now - timedelta(days=2, hours=20)
    rent = MessageThread.create(
        user=maija_user, flat=flat, topic="rent", subject="Viitenumero vuokranmaksuun",
        status="answered", reply_token=reply_tokens.new_token(), assigned_to=staff,
        first_answered_at=answered, created_at=asked, updated_at=answered,
    )
    first = _message(rent, maija_user, "Mitä viitenumeroa käytän, kun maksan vuokran "
                     "toistuvana maksuna?", asked)
    _message(rent, staff, "Vuokrareskontrasta tarkistettu: viite on sama joka kuukausi.",
             answered - timedelta(minutes=5), from_staff=True, internal=True, source="staff")
    _message(rent, staff, "Hei Maija, käytä laskussa olevaa viitenumeroa; se on sama joka "
             "kuukausi, joten voit tehdä siitä toistuvan maksun.", answered, first,
             from_staff=True, source="staff")
    oskari_user = User.get_or_none(User.resident == oskari.id)
    if oskari_user is None:
        return
    when = now - timedelta(hours=5)
    meeting = MessageThread.create(
        user=oskari_user, flat=flat, topic="tenant_democracy",
        subject="Asukaskokous", status="open", reply_token=reply_tokens.new_token(),
        created_at=when, updated_at=when,
    )
    _message(meeting, oskari_user, "Milloin seuraava asukaskokous pidetään?", when)
