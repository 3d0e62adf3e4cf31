"""A local SMTP server for the embedded default (``make run``): it accepts every mail and logs
its recipient and subject. The mails themselves are readable on the demo mailbox page."""

from __future__ import annotations

import argparse
import logging
import time

from aiosmtpd.controller import Controller

log = logging.getLogger("heka_asoy.demo.smtp")


class LogSink:
    async def handle_DATA(self, server, session, envelope):  # noqa: N802 - aiosmtpd's hook name
        log.info("mail to %s (%d bytes)", ", ".join(envelope.rcpt_tos), len(envelope.content))
        return "250 OK"


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__)
    parser.add_argument("--port", type=int, default=8025)
    args = parser.parse_args()
    logging.basicConfig(level=logging.INFO, format="%(message)s")
    controller = Controller(LogSink(), hostname="127.0.0.1", port=args.port)
    controller.start()
    log.info("local SMTP server on 127.0.0.1:%s", args.port)
    try:
        while True:
            time.sleep(3600)
    except KeyboardInterrupt:
        controller.stop()


if __name__ == "__main__":
    main()
