"""Where the desk's mail comes from: an IMAP mailbox, or a local Maildir folder.

Both are read the same way: ``unseen(limit)`` yields (key, raw bytes) of mails not yet taken,
without marking them; the intake stores a mail and commits, and only then calls ``done(key)``.
A crash between the two re-reads the mail on the next run, which the Message-ID makes harmless;
nothing is ever marked read before it is stored, so nothing is lost.

- IMAP (``DESK_IMAP_URL=imaps://user:password@host:993/INBOX``): unseen mails, fetched with
  ``BODY.PEEK[]`` (which does not set ``\\Seen``), flagged ``\\Seen`` when taken.
- Maildir (``DESK_MAILDIR``, the embedded default: the local SMTP server of ``make run``
  delivers there): mails in ``new/``, moved to ``cur/`` with the seen flag when taken.
"""

from __future__ import annotations

import mailbox
import os
import ssl
from collections.abc import Iterator
from dataclasses import dataclass
from typing import Protocol
from urllib.parse import unquote, urlsplit

from imapclient import IMAPClient

#: Seconds to wait for the IMAP server before the run gives up (the next run tries again).
IMAP_TIMEOUT = 20


class MailSource(Protocol):
    def unseen(self, limit: int) -> Iterator[tuple[str, bytes]]: ...
    def done(self, key: str) -> None: ...
    def close(self) -> None: ...


@dataclass(frozen=True)
class ImapSettings:
    host: str
    port: int
    username: str
    password: str
    folder: str
    tls: bool


def imap_settings(url: str) -> ImapSettings:
    """Read ``imap[s]://user:password@host[:port][/FOLDER]`` (user and password URL-quoted)."""
    parts = urlsplit(url)
    if parts.scheme not in ("imap", "imaps") or not parts.hostname:
        raise ValueError("DESK_IMAP_URL must look like imaps://user:password@host:993/INBOX")
    tls = parts.scheme == "imaps"
    return ImapSettings(
        host=parts.hostname,
        port=parts.port or (993 if tls else 143),
        username=unquote(parts.username or ""),
        password=unquote(parts.password or ""),
        folder=unquote(parts.path.lstrip("/")) or "INBOX",
        tls=tls,
    )


class ImapSource:
    """The desk mailbox on an IMAP server."""

    def __init__(self, settings: ImapSettings):
        self.client = IMAPClient(
            settings.host,
            port=settings.port,
            ssl=settings.tls,
            ssl_context=ssl.create_default_context() if settings.tls else None,
            timeout=IMAP_TIMEOUT,
        )
        try:
            self.client.login(settings.username, settings.password)
            self.client.select_folder(settings.folder)
        except BaseException:
            self.close()
            raise

    def unseen(self, limit: int) -> Iterator[tuple[str, bytes]]:
        uids = sorted(self.client.search(["UNSEEN"]))[:limit]
        for uid in uids:
            # One at a time: a big attachment does not hold the whole batch in memory.
            data = self.client.fetch([uid], ["BODY.PEEK[]"]).get(uid)
            if data and b"BODY[]" in data:
                yield str(uid), data[b"BODY[]"]

    def done(self, key: str) -> None:
        self.client.add_flags([int(key)], [b"\\Seen"])

    def close(self) -> None:
        try:
            self.client.logout()
        except Exception:  # noqa: BLE001,S110 - a dead connection has nothing to close
            pass


class MaildirSource:
    """A local Maildir folder (created when missing)."""

    def __init__(self, path: str):
        self.box = mailbox.Maildir(path, factory=None, create=True)
        self.new_dir = os.path.join(path, "new")

    def unseen(self, limit: int) -> Iterator[tuple[str, bytes]]:
        # Only new/ is listed: cur/ holds every mail taken before and is never read again.
        names = sorted(n for n in os.listdir(self.new_dir) if not n.startswith("."))
        for name in names[:limit]:
            key = name.split(self.box.colon)[0]
            try:
                yield key, self.box.get_bytes(key)
            except KeyError:  # taken meanwhile by another run
                continue

    def done(self, key: str) -> None:
        message = self.box.get_message(key)
        message.set_subdir("cur")
        message.add_flag("S")
        self.box[key] = message

    def close(self) -> None:
        self.box.close()


def open_source(config) -> MailSource | None:
    """The source the settings name: IMAP first, else the Maildir folder, else none."""
    if config.get("DESK_IMAP_URL"):
        return ImapSource(imap_settings(config["DESK_IMAP_URL"]))
    if config.get("DESK_MAILDIR"):
        return MaildirSource(config["DESK_MAILDIR"])
    return None
