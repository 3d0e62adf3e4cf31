"""Two imports at once (two workers, or two desk members uploading overlapping files): every
archive id is booked once and no invoice loses an increment.

Two processes share the test's database (the SQLite file, or PostgreSQL in the PostgreSQL
pass) and import two files at the same moment. The files overlap: 10 payments are in both (same
archive ids: booked once, counted as a duplicate by whichever import comes second), and 10
invoices get a different payment from each file (both must count: 30 + 40 = 70). Three rounds,
each with files of their own; in the second the files list the payments in opposite orders,
which deadlocked PostgreSQL while each import wrote in file order (the import now writes in
archive-id and invoice-id order).
"""

from __future__ import annotations

from decimal import Decimal

import pytest

from heka_asoy.models import Invoice, Payment
from tests import processes
from tests.bank_files import ktl_file, ktl_payment
from tests.factories import make_payable_invoice, make_staff
from tests.services.test_concurrency import _run_app

pytestmark = pytest.mark.slow

ROUNDS = 3


def _import_worker(url, folder, staff_id, rounds, start, results):
    """Import this process's file of each round, starting each with the other process; put
    the counts."""
    try:
        app = _run_app(url, folder)
        with app.app_context():
            from heka_asoy.models import User
            from heka_asoy.services.billing.payment_import import import_bank_file

            staff = User.get_by_id(staff_id)
            app.config["DATABASE"].close()
            answers = []
            for name, data in rounds:
                start.wait(60)  # a barrier: both processes begin each round together
                batch = import_bank_file(name, data, staff)
                answers.append((batch.duplicates, batch.entries))
            results.put(answers)
    except Exception as exc:  # noqa: BLE001 - report anything to the parent
        results.put(repr(exc))


def _files(round_no: int) -> tuple[bytes, bytes, list[Invoice], list[Invoice]]:
    shared = [make_payable_invoice(amount="50.00") for _ in range(20)]
    both = [make_payable_invoice(amount="100.00") for _ in range(10)]
    tag = f"R{round_no}"
    # The payments to the same invoices come first: a shared archive id makes the second
    # import wait for the first one's commit (PostgreSQL), which would hide a lost update.
    first = [ktl_payment(f"{tag}A{i:03d}", inv.reference, "30.00") for i, inv in
             enumerate(both)]
    second = [ktl_payment(f"{tag}B{i:03d}", inv.reference, "40.00") for i, inv in
              enumerate(both)]
    first += [ktl_payment(f"{tag}S{i:03d}", inv.reference, "50.00") for i, inv in
              enumerate(shared[:15])]
    second += [ktl_payment(f"{tag}S{i:03d}", inv.reference, "50.00") for i, inv in
               enumerate(shared) if i >= 5]
    if round_no % 2:  # the other file in the opposite order: the import must not deadlock
        second.reverse()
    return ktl_file(first), ktl_file(second), shared, both


def test_overlapping_imports_at_once_book_each_payment_once(app, database_url, tmp_path):
    staff = make_staff()
    rounds = [_files(n) for n in range(ROUNDS)]
    app.config["DATABASE"].close()
    ctx = processes.context()
    start = ctx.Barrier(2)
    results = ctx.Queue()
    procs = [
        ctx.Process(
            target=_import_worker,
            args=(database_url, str(tmp_path), staff.id,
                  [(f"{side}-{n}.txt", r[side]) for n, r in enumerate(rounds)], start, results),
        )
        for side in (0, 1)
    ]
    for proc in procs:
        proc.start()
    answers = [results.get(timeout=180) for _ in procs]
    for proc in procs:
        proc.join(30)
    assert all(isinstance(a, list) for a in answers), answers
    for n in range(ROUNDS):
        duplicates = [a[n][0] for a in answers]
        assert sum(duplicates) == 10, duplicates  # each shared archive id booked by one side
    for _, _, shared, both in rounds:
        for invoice in shared:
            fresh = Invoice.get_by_id(invoice.id)
            assert (fresh.paid_amount, fresh.status) == (Decimal("50.00"), "paid")
        for invoice in both:
            fresh = Invoice.get_by_id(invoice.id)
            assert (fresh.paid_amount, fresh.status) == (Decimal("70.00"), "partly_paid")
    assert Payment.select().count() == ROUNDS * 40
