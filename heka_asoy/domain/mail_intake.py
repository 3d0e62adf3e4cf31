"""Reading one mail of the desk mailbox: who sent it, what it answers, what the person wrote.

Pure rules, no database: the intake service (``services/mailbox``) stores what this returns.

- **Automatic mail** (bounces, out-of-office replies, lists) never makes a case and is never
  answered, or two robots would write to each other forever (RFC 3834 §2, §5): a mail is
  automatic when ``Auto-Submitted`` is anything but ``no``, ``Precedence`` is bulk, junk, list
  or auto_reply, it carries ``X-Autoreply``/``X-Autorespond``, its envelope sender is empty
  (``Return-Path: <>``, as every bounce has) or MAILER-DAEMON/postmaster, or it is a
  ``multipart/report`` (delivery or read reports).
- **Identity**: the Message-ID; a mail without one gets a stable id made from a hash of its
  bytes, so the same mail fetched twice is still recognised.
- **Thread**: a reply token (``domain/reply_tokens``) in a recipient address (To, Cc,
  Delivered-To, X-Original-To) first, then in the subject; then References / In-Reply-To, which
  only the database can match.
- **Text**: the plain-text part (else the HTML part as text), with quoted history and the
  signature cut by ``mail-parser-reply`` — taught Finnish here, which it lacks.
- **Attachments**: PDFs and images are offered to the upload checks; anything else is dropped,
  and its name is listed so the desk sees a note of what was left out.
"""

from __future__ import annotations

import hashlib
import re
from dataclasses import dataclass, field
from email import policy
from email.message import EmailMessage
from email.parser import BytesParser
from email.utils import getaddresses, parseaddr
from html.parser import HTMLParser

from mailparser_reply import constants as reply_constants
from mailparser_reply.parser import EmailMessage as ReplyMessage

from . import reply_tokens

#: The attachment types kept (then checked like fault photos and power-of-attorney scans).
KEPT_TYPES = frozenset({"application/pdf", "image/jpeg", "image/png", "image/webp", "image/heic",
                        "image/heif"})
#: Languages whose reply headers ("… wrote:", "Från:", "Lähettäjä:") are recognised.
REPLY_LANGUAGES = ("fi", "sv", "en", "de")
#: A body longer than this is cut (the rest stays in the mailbox).
MAX_BODY = 20_000
_AUTO_PRECEDENCE = frozenset({"bulk", "junk", "list", "auto_reply"})
_ROBOT_SENDERS = frozenset({"mailer-daemon", "postmaster"})

_QUOTE = reply_constants.QUOTED_MATCH_INCLUDE
#: Finnish reply headers, as Outlook, Gmail and Apple Mail write them in Finnish.
reply_constants.MAIL_LANGUAGES.setdefault("fi", {
    # "ma 1.6.2026 klo 10.00 Asoy <a@b.fi> kirjoitti:" / "Matti kirjoitti 1.6.2026 kello 10:"
    "wrote_header": r"^(" + _QUOTE + r"[^\n]*\s(?:kirjoitti|kirjoittaa)(?:\s[^\n]*)?:)$",
    "from_header": r"((?:(?:^|\n|\n" + _QUOTE + r")[* ]*(?:Lähettäjä|Lähetetty|Vastaanottaja"
                   r"|Aihe|Päivämäärä|Kopio):[ *]*(?:\s{,2}).*){2,}(?:\n.*){,1})",
    "disclaimers": ["Huomio:", "Vastuuvapauslauseke:"],
    "signatures": ["Ystävällisin terveisin", "Ystävällisesti", "Parhain terveisin",
                   "Terveisin", "Terv\\.", "Yst\\. terv\\."],
    "sent_from": "Lähetetty (?:iPhonesta|Android|laitteesta|Outlook)",
})


@dataclass(frozen=True)
class MailAttachment:
    filename: str
    content_type: str
    data: bytes = field(repr=False)


@dataclass(frozen=True)
class ParsedMail:
    """What the intake needs of one mail."""

    message_id: str
    sender_email: str
    sender_name: str
    subject: str
    body: str
    recipients: tuple[str, ...]
    in_reply_to: str
    references: tuple[str, ...]
    #: Why the mail is automatic ("auto-submitted", "bounce" …), or "" for a person's mail.
    automatic: str
    attachments: tuple[MailAttachment, ...] = ()
    #: Names of attachments dropped for their type.
    dropped: tuple[str, ...] = ()

    def reply_token(self, desk_address: str) -> str | None:
        """The thread's token from a recipient address, else from the subject."""
        for address in self.recipients:
            token = reply_tokens.token_in_address(address, desk_address)
            if token:
                return token
        return reply_tokens.token_in_subject(self.subject)

    @property
    def thread_ids(self) -> tuple[str, ...]:
        """Message-IDs this mail answers, nearest first (In-Reply-To, then References from the
        newest)."""
        ids = [self.in_reply_to] if self.in_reply_to else []
        ids += [ref for ref in reversed(self.references) if ref not in ids]
        return tuple(ids)


_MSGID = re.compile(r"<[^<>\s]+>")


def _ids(value: str | None) -> list[str]:
    """Message-IDs in a header, normalised as ``<…>``; at most 255 characters each."""
    return [m for m in _MSGID.findall(str(value or "")) if len(m) <= 255]


def is_desk_address(address: str, desk: str) -> bool:
    """The desk's address or one of its ``local+anything@domain`` sub-addresses."""
    local, _, domain = (address or "").strip().strip("<>").lower().partition("@")
    desk_local, _, desk_domain = desk.lower().partition("@")
    return domain == desk_domain and local.partition("+")[0] == desk_local


def stable_message_id(raw: bytes) -> str:
    """The id of a mail that has none: a hash of its bytes, so a second fetch matches."""
    return f"<{hashlib.sha256(raw).hexdigest()[:40]}@no-message-id.invalid>"


def automatic_reason(msg: EmailMessage) -> str:
    """Why ``msg`` is a robot's mail, or ""."""
    auto = str(msg.get("Auto-Submitted", "") or "").split(";")[0].strip().lower()
    if auto and auto != "no":
        return "auto-submitted"
    if str(msg.get("Precedence", "") or "").strip().lower() in _AUTO_PRECEDENCE:
        return "precedence"
    if msg.get("X-Autoreply") is not None or msg.get("X-Autorespond") is not None:
        return "autoreply"
    if msg.get_content_type() == "multipart/report":
        return "report"
    return_path = msg.get("Return-Path")
    if return_path is not None and str(return_path).strip() in ("<>", ""):
        return "bounce"
    sender = parseaddr(str(msg.get("From", "") or ""))[1].lower()
    if sender.partition("@")[0] in _ROBOT_SENDERS:
        return "bounce"
    return ""


class _Text(HTMLParser):
    """Text of an HTML part: block ends become line breaks; scripts and styles are left out."""

    _BLOCKS = frozenset({"p", "div", "br", "li", "tr", "h1", "h2", "h3", "blockquote"})

    def __init__(self):
        super().__init__(convert_charrefs=True)
        self.parts: list[str] = []
        self._skip = 0

    def handle_starttag(self, tag, attrs):
        if tag in ("script", "style", "head"):
            self._skip += 1
        elif tag in self._BLOCKS:
            self.parts.append("\n")

    def handle_endtag(self, tag):
        if tag in ("script", "style", "head"):
            self._skip = max(self._skip - 1, 0)
        elif tag in self._BLOCKS:
            self.parts.append("\n")

    def handle_data(self, data):
        if not self._skip:
            self.parts.append(data)


def html_to_text(html: str) -> str:
    parser = _Text()
    parser.feed(html)
    parser.close()
    text = "".join(parser.parts)
    return re.sub(r"\n{3,}", "\n\n", "\n".join(line.strip() for line in text.splitlines())).strip()


def strip_reply(text: str) -> str:
    """The newest reply of a mail body: quoted history and the signature cut off."""
    text = (text or "").replace("\r\n", "\n").strip()
    if not text:
        return ""
    parsed = ReplyMessage(text=text, languages=list(REPLY_LANGUAGES), keep_hyphen_lists=True)
    replies = parsed.read().replies
    body = replies[0].body.strip() if replies else text
    if not body:  # the whole mail was a quote (or a signature): keep what was sent
        body = text
    # Quoted lines that the header rules did not catch ("> …" at the end) go as well.
    lines = body.split("\n")
    while lines and (lines[-1].startswith(">") or not lines[-1].strip()):
        lines.pop()
    return "\n".join(lines).strip() or body


def _body_text(msg: EmailMessage) -> str:
    part = msg.get_body(preferencelist=("plain", "html"))
    if part is None:
        return ""
    try:
        content = part.get_content()
    except (LookupError, ValueError):  # an unknown or broken charset
        content = (part.get_payload(decode=True) or b"").decode("utf-8", "replace")
    if part.get_content_type() == "text/html":
        content = html_to_text(content)
    return str(content)


def _attachments(msg: EmailMessage) -> tuple[list[MailAttachment], list[str]]:
    kept, dropped = [], []
    for part in msg.iter_attachments():
        if part.is_multipart():
            continue
        name = str(part.get_filename() or "") or "attachment"
        content_type = part.get_content_type()
        data = part.get_payload(decode=True) or b""
        if content_type in KEPT_TYPES or (content_type == "application/octet-stream"
                                          and name.lower().endswith(".pdf")):
            kept.append(MailAttachment(name[:200], content_type, data))
        else:
            dropped.append(name[:200])
    return kept, dropped


def _header(msg: EmailMessage, name: str) -> str:
    try:
        return str(msg.get(name, "") or "")
    except (ValueError, IndexError):  # a header the policy cannot parse
        return ""


def parse_mail(raw: bytes) -> ParsedMail:
    """Read one raw mail (RFC 5322 bytes)."""
    msg = BytesParser(policy=policy.default).parsebytes(raw)
    ids = _ids(_header(msg, "Message-ID"))
    name, address = parseaddr(_header(msg, "From"))
    recipients = tuple(
        addr.lower()
        for _, addr in getaddresses(
            [_header(msg, h) for h in ("To", "Cc", "Delivered-To", "X-Original-To")]
        )
        if addr
    )
    automatic = automatic_reason(msg)
    kept, dropped = ([], []) if automatic else _attachments(msg)
    body = "" if automatic else strip_reply(_body_text(msg))
    reply_ids = _ids(_header(msg, "In-Reply-To"))
    subject = " ".join(_header(msg, "Subject").split())
    return ParsedMail(
        message_id=ids[0] if ids else stable_message_id(raw),
        sender_email=address.strip().lower(),
        sender_name=name.strip()[:200],
        subject=subject[:250],
        body=body[:MAX_BODY],
        recipients=recipients,
        in_reply_to=reply_ids[0] if reply_ids else "",
        references=tuple(_ids(_header(msg, "References"))),
        automatic=automatic,
        attachments=tuple(kept),
        dropped=tuple(dropped),
    )
