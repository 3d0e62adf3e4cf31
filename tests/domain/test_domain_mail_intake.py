"""Reading one desk mail: robots, identity, thread hints, the person's own words."""

from __future__ import annotations

from email.message import EmailMessage

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from heka_asoy.domain.contacts import ASOY_DESK_EMAIL
from heka_asoy.domain.mail_intake import html_to_text, parse_mail, stable_message_id, strip_reply
from heka_asoy.domain.reply_tokens import reply_address


def build(body="Hei", **headers) -> bytes:
    msg = EmailMessage()
    msg["From"] = "Maija <maija@example.fi>"
    msg["To"] = ASOY_DESK_EMAIL
    msg["Subject"] = "Asia"
    for name, value in headers.items():
        name = name.replace("_", "-")
        del msg[name]
        msg[name] = value
    msg.set_content(body)
    return bytes(msg)


@pytest.mark.parametrize(
    ("headers", "reason"),
    [
        ({"Auto_Submitted": "auto-replied"}, "auto-submitted"),
        ({"Auto_Submitted": "auto-generated; owner-email=x@y"}, "auto-submitted"),
        ({"Precedence": "bulk"}, "precedence"),
        ({"Precedence": "junk"}, "precedence"),
        ({"Precedence": "list"}, "precedence"),
        ({"X_Autoreply": "yes"}, "autoreply"),
        ({"Return_Path": "<>"}, "bounce"),
        ({"From": "MAILER-DAEMON@mx.example.org"}, "bounce"),
        ({"From": "postmaster@example.org"}, "bounce"),
        ({"Auto_Submitted": "no"}, ""),
        ({"Precedence": "normal"}, ""),
        ({"Return_Path": "<maija@example.fi>"}, ""),
    ],
)
def test_automatic_mail(headers, reason):
    assert parse_mail(build(**headers)).automatic == reason


def test_delivery_report_is_automatic():
    msg = EmailMessage()
    msg["From"] = "mx@example.org"
    msg["Subject"] = "Delivery Status Notification"
    msg.set_content("Your mail could not be delivered")
    msg.add_attachment("Reporting-MTA: dns; mx\n", subtype="plain")
    msg.replace_header("Content-Type", "multipart/report; report-type=delivery-status")
    assert parse_mail(bytes(msg)).automatic == "report"


def test_message_id_or_a_stable_hash():
    with_id = parse_mail(build(Message_ID="<abc@example.fi>"))
    assert with_id.message_id == "<abc@example.fi>"
    raw = build()
    assert parse_mail(raw).message_id == parse_mail(raw).message_id == stable_message_id(raw)
    assert parse_mail(build(body="Other")).message_id != stable_message_id(raw)


def test_token_from_address_before_subject():
    mail = parse_mail(build(To=reply_address(ASOY_DESK_EMAIL, "abcdefghijkm"),
                            Subject="Re: Asia [#zzzzzzzzzzzz]"))
    assert mail.reply_token(ASOY_DESK_EMAIL) == "abcdefghijkm"
    cc = parse_mail(build(To="x@example.fi", Cc=reply_address(ASOY_DESK_EMAIL, "abcdefghijkm")))
    assert cc.reply_token(ASOY_DESK_EMAIL) == "abcdefghijkm"
    delivered = parse_mail(build(Delivered_To=reply_address(ASOY_DESK_EMAIL, "abcdefghijkm")))
    assert delivered.reply_token(ASOY_DESK_EMAIL) == "abcdefghijkm"
    subject = parse_mail(build(Subject="Re: Asia [#zzzzzzzzzzzz]"))
    assert subject.reply_token(ASOY_DESK_EMAIL) == "zzzzzzzzzzzz"
    assert parse_mail(build()).reply_token(ASOY_DESK_EMAIL) is None


def test_thread_ids_nearest_first():
    mail = parse_mail(build(In_Reply_To="<c@x>", References="<a@x> <b@x> <c@x>"))
    assert mail.thread_ids == ("<c@x>", "<b@x>", "<a@x>")


def test_sender_lower_case_and_name():
    mail = parse_mail(build(From='"Möttönen, Maija" <Maija@Example.FI>'))
    assert (mail.sender_email, mail.sender_name) == ("maija@example.fi", "Möttönen, Maija")


@pytest.mark.parametrize(
    "body",
    [
        "Kiitos!\n\nTerveisin\nMatti\n\nma 1.6.2026 klo 10.00 Asoy <a@hekaoy.fi> kirjoitti:\n> Hei",
        "Kiitos!\n\nLähettäjä: Asoy <a@hekaoy.fi>\nLähetetty: 1.6.2026\nAihe: Re\n\nHei",
        "Kiitos!\n\nOn Mon, 1 Jun 2026 at 10:00, Desk <a@hekaoy.fi> wrote:\n> Hello",
        "Kiitos!\n\nDen 1 jun 2026 skrev Desk <a@hekaoy.fi>:\n> Hej",
        "Kiitos!\n\n-- \nMatti Meikäläinen\n040 123 4567",
        "Kiitos!\n\n> vanha viesti\n> toinen rivi\n",
    ],
)
def test_quoted_history_and_signatures_cut(body):
    assert strip_reply(body) == "Kiitos!"


def test_lists_in_the_text_are_kept():
    assert strip_reply("Viat:\n- ovi\n- ikkuna") == "Viat:\n- ovi\n- ikkuna"


def test_html_only_mail_read_as_text():
    msg = EmailMessage()
    msg["From"] = "a@example.fi"
    msg.set_content("<html><head><style>p{}</style></head><body><p>Hei</p>"
                    "<p>Ovi &amp; ikkuna</p><script>x()</script></body></html>", subtype="html")
    assert parse_mail(bytes(msg)).body == "Hei\n\nOvi & ikkuna"
    assert html_to_text("<div>a</div><div>b</div>") == "a\n\nb"


def test_attachments_kept_or_dropped_and_robots_have_none():
    msg = EmailMessage()
    msg["From"] = "a@example.fi"
    msg.set_content("liitteet")
    msg.add_attachment(b"%PDF-1.4", maintype="application", subtype="pdf", filename="a.pdf")
    msg.add_attachment(b"%PDF-1.4", maintype="application", subtype="octet-stream",
                       filename="b.PDF")
    msg.add_attachment(b"MZ", maintype="application", subtype="x-msdownload", filename="c.exe")
    msg.add_attachment(b"<svg/>", maintype="image", subtype="svg+xml", filename="d.svg")
    mail = parse_mail(bytes(msg))
    assert [a.filename for a in mail.attachments] == ["a.pdf", "b.PDF"]
    assert mail.dropped == ("c.exe", "d.svg")
    msg["Auto-Submitted"] = "auto-replied"
    robot = parse_mail(bytes(msg))
    assert (robot.attachments, robot.dropped, robot.body) == ((), (), "")


@settings(max_examples=150, deadline=None)
@given(st.binary(max_size=2000))
def test_any_bytes_parse_without_crashing(raw):
    mail = parse_mail(raw)
    assert mail.message_id.startswith("<")


@pytest.mark.parametrize(
    ("address", "desk"),
    [
        (ASOY_DESK_EMAIL, True),
        (ASOY_DESK_EMAIL.upper(), True),
        (reply_address(ASOY_DESK_EMAIL, "abcdefghijkm"), True),
        (f"<{ASOY_DESK_EMAIL}>", True),
        ("asiakaspalvelu@hekaoy.fi", False),
        ("asiakaspalvelu.asoyasunnot@example.fi", False),
        ("", False),
    ],
)
def test_desk_address(address, desk):
    from heka_asoy.domain.mail_intake import is_desk_address

    assert is_desk_address(address, ASOY_DESK_EMAIL) is desk
