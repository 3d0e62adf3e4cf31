"""A local SMTP server for the embedded default (``make run``): it accepts every mail and logs
its recipient and subject. The mails themselves are readable on the demo mailbox page.

Mail to the asoy desk's address (also its ``+token`` reply addresses) is delivered into the
local Maildir folder the desk mailbox intake reads (``DESK_MAILDIR``, by default
``instance/desk-maildir``), so a person can try the desk mailbox without a mail server: send a
mail to 127.0.0.1:8025 and it is a case within a minute.
"""

from __future__ import annotations

import argparse
import logging
import mailbox
import os
import time

from aiosmtpd.controller import Controller

from ..config import DevelopmentConfig
from ..domain.contacts import ASOY_DESK_EMAIL
from ..domain.mail_intake import is_desk_address

log = logging.getLogger("heka_asoy.demo.smtp")


class LogSink:
    """Logs every mail; keeps the desk's mail in the Maildir folder ``desk_maildir``."""

    def __init__(self, desk_maildir: str | None = None):
        self.desk_maildir = desk_maildir

    async def handle_DATA(self, server, session, envelope):  # noqa: N802 - aiosmtpd's hook name
        log.info("mail to %s (%d bytes)", ", ".join(envelope.rcpt_tos), len(envelope.content))
        desk = [r for r in envelope.rcpt_tos if is_desk_address(r, ASOY_DESK_EMAIL)]
        if desk and self.desk_maildir:
            box = mailbox.Maildir(self.desk_maildir, create=True)
            content = envelope.content
            if isinstance(content, str):
                content = content.encode("utf-8", "surrogateescape")
            box.add(f"Delivered-To: {desk[0]}\r\n".encode() + content)
            log.info("delivered to the desk mailbox folder %s", self.desk_maildir)
        return "250 OK"


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__)
    parser.add_argument("--port", type=int, default=8025)
    parser.add_argument(
        "--desk-maildir",
        default=os.environ.get("DESK_MAILDIR") or DevelopmentConfig.DESK_MAILDIR,
        help="Maildir folder for mail to the desk's address",
    )
    args = parser.parse_args()
    logging.basicConfig(level=logging.INFO, format="%(message)s")
    controller = Controller(LogSink(args.desk_maildir), hostname="127.0.0.1", port=args.port)
    controller.start()
    log.info("local SMTP server on 127.0.0.1:%s", args.port)
    try:
        while True:
            time.sleep(3600)
    except KeyboardInterrupt:
        controller.stop()


if __name__ == "__main__":
    main()
