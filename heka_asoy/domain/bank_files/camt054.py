"""ISO 20022 camt.054 (BankToCustomerDebitCreditNotification), versions .001.02 to .001.08.

Finnish banks send incoming reference payments as one entry (``Ntry``) per booking batch with a
``TxDtls`` per payment: the payment's archive id in ``Refs/AcctSvcrRef``, its amount in
``AmtDtls/TxAmt/Amt`` (or ``Amt`` from .001.04 on), the reference in
``RmtInf/Strd/CdtrRefInf/Ref`` (national or RF) and the payer in ``RltdPties/Dbtr/Nm``
(``Dbtr/Pty/Nm`` in .001.08). An entry without details is one payment with the entry's own
``AcctSvcrRef`` and amount.

Parsed with ``defusedxml``: a DTD of any kind (and so any entity, external or not) refuses the
file, so neither an XXE nor an entity expansion bomb can run; the size is bounded before
parsing.

Decisions: only booked (``Sts`` BOOK) credits are booked. A debit, a reversal (``RvslInd``) or
a pending entry is skipped with its reason for the desk. An amount in any currency but euro
refuses the whole file (the invoices are in euros; a conversion is the bank's business). When
every payment of an entry carries its own amount, their sum must equal the entry's amount, so
a damaged or hand-edited file is refused rather than half-booked.
"""

from __future__ import annotations

import re
from datetime import date
from decimal import Decimal, InvalidOperation
from xml.etree.ElementTree import Element, ParseError

from defusedxml import DefusedXmlException
from defusedxml.ElementTree import fromstring

from .common import CAMT054, BankEntry, BankFile, BankFileError, SkippedEntry, check_size

_NAMESPACE = re.compile(r"^\{urn:iso:std:iso:20022:tech:xsd:camt\.054\.001\.0([2-8])\}Document$")
_AMOUNT = re.compile(r"^[0-9]{1,15}(\.[0-9]{1,2})?$")


class _Node:
    """An element with its path from the root, so an error can say where it is."""

    def __init__(self, element: Element, path: str, ns: str):
        self.element = element
        self.path = path
        self.ns = ns

    def children(self, name: str) -> list[_Node]:
        found = self.element.findall(f"{{{self.ns}}}{name}")
        if len(found) == 1:
            return [_Node(found[0], f"{self.path}/{name}", self.ns)]
        return [_Node(e, f"{self.path}/{name}[{i}]", self.ns) for i, e in enumerate(found, 1)]

    def child(self, *names: str) -> _Node | None:
        """The first element along ``names`` (a path of single children), or None."""
        node: _Node | None = self
        for name in names:
            found = node.children(name) if node else []
            node = found[0] if found else None
        return node

    def text(self, *names: str) -> str:
        node = self.child(*names)
        return (node.element.text or "").strip() if node is not None else ""


def _amount(node: _Node | None, where: _Node) -> Decimal:
    if node is None:
        raise BankFileError("missing_element", element=f"{where.path}/Amt")
    currency = node.element.get("Ccy", "")
    if currency != "EUR":
        raise BankFileError("currency", element=node.path, value=currency)
    text = (node.element.text or "").strip()
    if not _AMOUNT.match(text):
        raise BankFileError("bad_amount", element=node.path, value=text[:40])
    try:
        value = Decimal(text)
    except InvalidOperation as exc:  # pragma: no cover - the pattern admits only numbers
        raise BankFileError("bad_amount", element=node.path, value=text[:40]) from exc
    if value <= 0:
        raise BankFileError("bad_amount", element=node.path, value=text[:40])
    return value


def _booking_date(entry: _Node) -> date:
    node = entry.child("BookgDt", "Dt") or entry.child("BookgDt", "DtTm")
    if node is None:
        raise BankFileError("missing_element", element=f"{entry.path}/BookgDt")
    text = (node.element.text or "").strip()
    try:
        return date.fromisoformat(text[:10])
    except ValueError as exc:
        raise BankFileError("bad_date", element=node.path, value=text[:40]) from exc


def _status(entry: _Node) -> str:
    """``Sts`` is a code in .001.02-.001.07 and ``Sts/Cd`` from .001.08 on."""
    return entry.text("Sts", "Cd") or entry.text("Sts")


def _indicator(node: _Node, default: str = "") -> str:
    value = node.text("CdtDbtInd") or default
    if value not in ("CRDT", "DBIT"):
        raise BankFileError("bad_field", element=f"{node.path}/CdtDbtInd", value=value[:40])
    return value


def _reference(tx: _Node) -> str:
    for remittance in tx.children("RmtInf"):
        for structured in remittance.children("Strd"):
            ref = structured.text("CdtrRefInf", "Ref")
            if ref:
                return ref
    return ""


def _payer(tx: _Node) -> str:
    return tx.text("RltdPties", "Dbtr", "Nm") or tx.text("RltdPties", "Dbtr", "Pty", "Nm")


def _entry(entry: _Node, bank: str, out: BankFile) -> None:
    entry_amount = _amount(entry.child("Amt"), entry)
    entry_ref = entry.text("AcctSvcrRef")
    reason = ""
    if _indicator(entry) == "DBIT":
        reason = "debit"
    elif entry.text("RvslInd").lower() == "true":
        reason = "reversal"
    elif _status(entry) != "BOOK":
        reason = "not_booked"
    if reason:
        out.skipped.append(SkippedEntry(entry_ref, reason, entry_amount, "", entry.path))
        return
    paid_on = _booking_date(entry)
    txs = [tx for details in entry.children("NtryDtls") for tx in details.children("TxDtls")]
    if not txs:
        if not entry_ref:
            raise BankFileError("missing_archive_id", element=entry.path)
        out.entries.append(BankEntry(entry_ref, "", entry_amount, paid_on, "", bank, entry.path))
        return
    amounts = []
    for tx in txs:
        archive_id = tx.text("Refs", "AcctSvcrRef") or (entry_ref if len(txs) == 1 else "")
        if not archive_id:
            raise BankFileError("missing_archive_id", element=tx.path)
        amount_node = tx.child("AmtDtls", "TxAmt", "Amt") or tx.child("Amt")
        if amount_node is None and len(txs) == 1:
            amount = entry_amount
        else:
            amount = _amount(amount_node, tx)
        amounts.append(amount)
        reference = _reference(tx)
        if _indicator(tx, "CRDT") == "DBIT":
            out.skipped.append(SkippedEntry(archive_id, "debit", amount, reference, tx.path))
            continue
        out.entries.append(
            BankEntry(archive_id, reference, amount, paid_on, _payer(tx)[:140], bank, tx.path)
        )
    if sum(amounts, Decimal(0)) != entry_amount:
        raise BankFileError(
            "sum_mismatch",
            element=entry.path,
            total=entry_amount,
            summed=sum(amounts, Decimal(0)),
            counted=len(amounts),
        )


def parse_camt054(data: bytes) -> BankFile:
    """Parse a camt.054 notification; refuse it whole on anything malformed or unsafe."""
    check_size(data)
    try:
        root = fromstring(data, forbid_dtd=True, forbid_entities=True, forbid_external=True)
    except DefusedXmlException as exc:
        raise BankFileError("xml_forbidden", reason=type(exc).__name__) from exc
    except ParseError as exc:
        line, column = exc.position
        raise BankFileError("bad_xml", line=line, column=column) from exc
    except (LookupError, ValueError) as exc:  # an encoding expat does not know, or undecodable
        raise BankFileError("xml_encoding") from exc
    match = _NAMESPACE.match(root.tag)
    if match is None:
        raise BankFileError("not_camt054", element=root.tag[:120])
    ns = root.tag[1 : root.tag.index("}")]
    document = _Node(root, "Document", ns)
    message = document.child("BkToCstmrDbtCdtNtfctn")
    if message is None:
        raise BankFileError("not_camt054", element="Document")
    notifications = message.children("Ntfctn")
    if not notifications:
        raise BankFileError("missing_element", element=f"{message.path}/Ntfctn")
    out = BankFile(kind=CAMT054)
    for notification in notifications:
        bank = notification.text("Acct", "Svcr", "FinInstnId", "BICFI") or notification.text(
            "Acct", "Svcr", "FinInstnId", "BIC"
        )
        for entry in notification.children("Ntry"):
            _entry(entry, bank[:11], out)
    return out
