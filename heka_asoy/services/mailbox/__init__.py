"""The desk mailbox (issue 10 §3): the intake job that turns mails into cases
(``intake``), where mails come from (``sources``) and the desk's triage of unknown senders
(``triage``)."""

from .intake import find_sender, run, take

__all__ = ["find_sender", "run", "take"]
