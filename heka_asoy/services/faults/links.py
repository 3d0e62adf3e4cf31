"""The signed maintenance link: it names the report and the maintenance company it was sent to,
so the company needs no account. Kept apart from the maintenance page so that forwarding (which
puts the link in its mails) and the page (which checks it) both use it without depending on
each other."""

from __future__ import annotations

from flask import current_app
from itsdangerous import BadSignature, URLSafeSerializer

from ...domain import faults as rules
from ...domain import responsibility
from ...models import FaultReport, Flat
from .core import LinkClosed, LinkInvalid

MAINTENANCE_SALT = "maintenance-link"


def _serializer() -> URLSafeSerializer:
    return URLSafeSerializer(current_app.config["SECRET_KEY"], salt=MAINTENANCE_SALT)


def maintenance_token(report: FaultReport, flat: Flat | None = None) -> str:
    """A signed link token naming the report and the company it was sent to (``flat``: the
    report's flat with its companies, when the caller has it already)."""
    flat = flat or Flat.with_companies(report.flat_id)
    return _serializer().dumps({"r": report.id, "m": flat.housing_company.maintenance_company_id})


def report_for_maintenance(token: str, open_only: bool = True) -> tuple[FaultReport, Flat]:
    """The report behind a maintenance link and its flat with the companies: ``LinkInvalid`` if
    forged or signed for another company, ``LinkClosed`` once the report has closed (unless
    ``open_only`` is False: the page answering a change refused meanwhile still shows it) or once
    the desk has moved it to Heka (maintenance no longer handles it)."""
    try:
        data = _serializer().loads(token)
    except BadSignature as exc:
        raise LinkInvalid() from exc
    if not isinstance(data, dict):
        raise LinkInvalid()
    report = FaultReport.get_or_none(FaultReport.id == data.get("r"))
    if report is None:
        raise LinkInvalid()
    flat = Flat.with_companies(report.flat_id)
    if flat.housing_company.maintenance_company_id != data.get("m"):
        raise LinkInvalid()
    if open_only and (
        report.status in rules.CLOSED_STATUSES
        or not responsibility.forwarded(report.responsible)  # the desk took it off them
    ):
        raise LinkClosed()
    return report, flat
