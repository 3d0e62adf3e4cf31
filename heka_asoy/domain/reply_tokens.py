"""The token that carries a desk answer's thread through the resident's reply.

An answer mailed from the desk says where its thread is twice, because mail clients keep one or
the other: in the reply address (``asiakaspalvelu.asoyasunnot+<token>@hekaoy.fi``, sub-addressing
that the desk mailbox delivers to its own inbox) and in the subject (``… [#<token>]``). The
intake looks for the token in the address first, then the subject, then the References and
In-Reply-To headers (matched against stored Message-IDs). Tokens are random and carry nothing
about the thread: guessing one is as hard as guessing 60 random bits.
"""

from __future__ import annotations

import re
import secrets

#: Lower-case letters and digits without the look-alikes 0/o and 1/l (read aloud on the phone).
ALPHABET = "abcdefghijkmnpqrstuvwxyz23456789"
LENGTH = 12
_TOKEN = f"[{ALPHABET}]{{{LENGTH}}}"
_IN_SUBJECT = re.compile(rf"\[#({_TOKEN})\]", re.IGNORECASE)


def new_token() -> str:
    """A fresh random token."""
    return "".join(secrets.choice(ALPHABET) for _ in range(LENGTH))


def is_token(value: str) -> bool:
    return re.fullmatch(_TOKEN, value or "") is not None


def reply_address(desk_address: str, token: str) -> str:
    """``local+token@domain`` of the desk's address."""
    local, _, domain = desk_address.partition("@")
    return f"{local}+{token}@{domain}"


def tag_subject(subject: str, token: str) -> str:
    """The subject with the token tag at the end, once (a reply's "Re: … [#t]" keeps one)."""
    if token_in_subject(subject) == token:
        return subject
    return f"{subject} [#{token}]".strip()


def token_in_address(address: str, desk_address: str) -> str | None:
    """The token of a ``local+token@domain`` address of the desk, else None."""
    local, _, domain = (address or "").strip().lower().partition("@")
    desk_local, _, desk_domain = desk_address.lower().partition("@")
    base, plus, token = local.partition("+")
    if domain != desk_domain or base != desk_local or not plus:
        return None
    return token if is_token(token) else None


def token_in_subject(subject: str) -> str | None:
    """The token of the last ``[#token]`` tag in a subject, else None."""
    found = _IN_SUBJECT.findall(subject or "")
    return found[-1].lower() if found else None
