"""The Finnish KTL reference transfer file (viitesiirto, "Saapuvat viitemaksut").

Fixed 90-character records, one per line, as Finance Finland's record description lays out
(positions 1-based, inclusive):

* ``0`` batch record (erätietue): 2-7 date written YYMMDD, 8-11 time HHMM, 12-13 bank group
  code, 14-22 the creditor's service id, 23 currency code (``1`` = euro), 24-90 spaces.
* ``3`` reference payment (viitetietue) and ``5`` direct debit (suoraveloitustietue, same
  layout): 2-15 creditor account, 16-21 booking date, 22-27 payment date, 28-43 archive id
  (arkistointitunnus), 44-63 reference (zero-padded), 64-75 payer's name abbreviated,
  76 currency code (``1``), 77 name source, 78-87 amount in cents, 88 correction code
  (``0`` normal, ``1`` correction: the bank reverses an earlier payment), 89 channel,
  90 feedback code.
* ``9`` sum record (summatietue): 2-7 number of payments, 8-18 their sum in cents, 19-24 number
  of corrections, 25-35 their sum in cents, the rest reserved.

Decisions: every record must be exactly 90 characters (a shorter line means a truncated or
re-wrapped file, refused with its line number); the sum record is checked against the batch's
records (count and total, payments and corrections apart), so a file cut in the middle is
refused whole; a correction is not booked automatically (it names no original payment, only
its own archive id): it is listed for the desk as skipped; any currency other than euro
refuses the file, since the invoices are in euros. Files come in ISO-8859-1 from older services
and in UTF-8 from newer ones; both are read.
"""

from __future__ import annotations

from datetime import date
from decimal import Decimal

from .common import KTL, BankEntry, BankFile, BankFileError, SkippedEntry, check_size

RECORD_LENGTH = 90


def _decode(data: bytes) -> str:
    try:
        return data.decode("utf-8-sig")
    except UnicodeDecodeError:
        return data.decode("iso-8859-1")


def _field(record: str, first: int, last: int) -> str:
    """Positions ``first``..``last`` (1-based, inclusive) as in the record description."""
    return record[first - 1 : last]


def _digits(record: str, first: int, last: int, line: int, name: str) -> int:
    value = _field(record, first, last)
    if not (value.isascii() and value.isdigit()):
        raise BankFileError("bad_field", line=line, field=name, value=value.strip())
    return int(value)


def _date(record: str, first: int, line: int, name: str) -> date:
    value = _field(record, first, first + 5)
    if value.isascii() and value.isdigit():
        try:
            return date(2000 + int(value[:2]), int(value[2:4]), int(value[4:6]))
        except ValueError:
            pass
    raise BankFileError("bad_date", line=line, field=name, value=value.strip())


class _Batch:
    """The running counts of one batch, checked against its sum record."""

    def __init__(self, line: int, bank: str):
        self.line = line
        self.bank = bank
        self.count = 0
        self.cents = 0
        self.corrections = 0
        self.correction_cents = 0


def _payment(record: str, line: int, batch: _Batch, out: BankFile) -> None:
    if _field(record, 76, 76) != "1":
        raise BankFileError("currency", line=line, value=_field(record, 76, 76))
    archive_id = _field(record, 28, 43).strip()
    if not archive_id:
        raise BankFileError("missing_archive_id", line=line)
    booked_on = _date(record, 16, line, "booking_date")
    paid_on = _date(record, 22, line, "payment_date")
    del booked_on  # validated; the payment date is what the invoice cares about
    reference = _field(record, 44, 63).strip()
    if not (reference.isascii() and reference.isdigit()):
        raise BankFileError("bad_field", line=line, field="reference", value=reference)
    reference = reference.lstrip("0")
    cents = _digits(record, 78, 87, line, "amount")
    amount = Decimal(cents).scaleb(-2)
    correction = _field(record, 88, 88)
    position = f"line {line}"
    if correction == "0":
        batch.count += 1
        batch.cents += cents
        out.entries.append(
            BankEntry(
                archive_id=archive_id,
                reference=reference,
                amount=amount,
                paid_on=paid_on,
                payer_name=_field(record, 64, 75).strip(),
                bank=batch.bank,
                position=position,
            )
        )
    elif correction == "1":
        batch.corrections += 1
        batch.correction_cents += cents
        out.skipped.append(SkippedEntry(archive_id, "correction", amount, reference, position))
    else:
        raise BankFileError("bad_field", line=line, field="correction", value=correction)


def _close(record: str, line: int, batch: _Batch) -> None:
    found = (
        _digits(record, 2, 7, line, "count"),
        _digits(record, 8, 18, line, "total"),
        _digits(record, 19, 24, line, "correction_count"),
        _digits(record, 25, 35, line, "correction_total"),
    )
    expected = (batch.count, batch.cents, batch.corrections, batch.correction_cents)
    if found != expected:
        raise BankFileError(
            "sum_mismatch",
            line=line,
            count=found[0],
            total=Decimal(found[1]).scaleb(-2),
            counted=expected[0],
            summed=Decimal(expected[1]).scaleb(-2),
        )


def parse_ktl(data: bytes) -> BankFile:
    """Parse a KTL reference transfer file; refuse it whole on the first malformed record."""
    check_size(data)
    lines = _decode(data).rstrip("\x1a\r\n").split("\n")
    out = BankFile(kind=KTL)
    batch: _Batch | None = None
    batches = 0
    for number, raw in enumerate(lines, start=1):
        record = raw.removesuffix("\r")
        if len(record) != RECORD_LENGTH:
            raise BankFileError("record_length", line=number, length=len(record))
        kind = record[0]
        if kind == "0":
            if batch is not None:
                raise BankFileError("missing_sum_record", line=number)
            if _field(record, 23, 23) != "1":
                raise BankFileError("currency", line=number, value=_field(record, 23, 23))
            _date(record, 2, number, "written_on")
            batch = _Batch(number, _field(record, 12, 13).strip())
            batches += 1
        elif kind in "35":
            if batch is None:
                raise BankFileError("missing_batch_record", line=number)
            _payment(record, number, batch, out)
        elif kind == "9":
            if batch is None:
                raise BankFileError("missing_batch_record", line=number)
            _close(record, number, batch)
            batch = None
        else:
            raise BankFileError("record_type", line=number, value=kind)
    if batch is not None:
        raise BankFileError("missing_sum_record", line=len(lines))
    if not batches:
        raise BankFileError("empty")
    return out
