"""The desk's payment pages: upload, imports, unmatched payments and allocation, invoice lookup.
Staff only: residents get 403 and change nothing; without login, the login page."""

from __future__ import annotations

import io
import re
from decimal import Decimal

import pytest

from heka_asoy import create_app
from heka_asoy.models import AuditLog, BankFileImport, Invoice, Payment
from heka_asoy.services.billing.payment_import import import_bank_file
from tests.bank_files import fixture, ktl_file, ktl_payment
from tests.factories import login, make_payable_invoice, make_staff, make_tenant

UPLOAD = "/staff/billing/payments/import"
IMPORTS = "/staff/billing/payments/imports"
UNMATCHED = "/staff/billing/payments/unmatched"
LOOKUP = "/staff/billing/payments/invoices"


@pytest.fixture
def desk(client):
    staff = make_staff()
    login(client, staff)
    return staff


@pytest.fixture
def invoices(app):
    return [
        make_payable_invoice("20261100017", "450.00"),
        make_payable_invoice("20261100020", "450.00"),
        make_payable_invoice("20261100033", "300.00"),
    ]


def _upload(client, name: str, data: bytes | None = None):
    payload = fixture(name) if data is None else data
    return client.post(
        UPLOAD,
        data={"file": (io.BytesIO(payload), name)},
        content_type="multipart/form-data",
        follow_redirects=True,
    )


def test_upload_imports_and_shows_the_counts(client, desk, invoices):
    """Does an upload land on the import's page with paid, partly paid, overpaid, unmatched and
    duplicate counts and the skipped entry's reason?"""
    page = client.get(UPLOAD)
    assert page.status_code == 200
    assert 'accept=".xml,.txt"' in page.text
    answer = _upload(client, "camt054_001_02.xml")
    assert answer.status_code == 200
    text = answer.text
    assert "The file was imported." in text
    assert re.search(r"<dt>Paid in full</dt><dd>1</dd>", text)
    assert re.search(r"<dt>Partly paid</dt><dd>1</dd>", text)
    assert re.search(r"<dt>Overpaid</dt><dd>1</dd>", text)
    assert re.search(r"<dt>Already imported</dt><dd>1</dd>", text)
    assert "Debit (money out)" in text
    assert "Maija Meikäläinen" in text
    assert BankFileImport.select().count() == 1


@pytest.mark.parametrize(
    ("name", "words"),
    [
        ("camt054_bad_xml.xml", "not well-formed XML (line 55"),
        ("camt054_xxe.xml", "refused for safety"),
        ("camt054_non_eur.xml", "“SEK” is not euro"),
        ("ktl_wrong_length.txt", "Line 3: the record is 89 characters long"),
        ("ktl_sum_mismatch.txt", "Line 8: the sum record says 5 payments totalling"),
    ],
)
def test_refused_file_says_where_and_why_and_changes_nothing(client, desk, invoices, name,
                                                             words):
    answer = _upload(client, name)
    assert answer.status_code == 422
    assert "The file was refused" in answer.text
    assert words in answer.text
    assert Payment.select().count() == 0
    assert BankFileImport.select().count() == 0


def test_wrong_extension_and_missing_file_are_field_errors(client, desk):
    answer = _upload(client, "payments.csv", fixture("ktl_payments.txt"))
    assert answer.status_code == 422
    assert "Choose a camt.054 file (.xml) or a KTL file (.txt)." in answer.text
    answer = client.post(UPLOAD, data={}, content_type="multipart/form-data")
    assert answer.status_code == 422
    assert "Choose the file the bank sent." in answer.text
    assert BankFileImport.select().count() == 0


def test_imports_list_has_constant_queries(client, desk, invoices, count_queries):
    import_bank_file("a.txt", fixture("ktl_payments.txt"), desk)
    with count_queries() as one:
        assert client.get(IMPORTS).status_code == 200
    for n in range(3):
        import_bank_file(f"b{n}.xml", fixture("camt054_001_08.xml"), make_staff())
    with count_queries() as four:
        page = client.get(IMPORTS)
    assert page.text.count("camt.054") == 3
    assert one.count == four.count


def test_unmatched_list_and_allocation(client, desk, invoices, count_queries):
    import_bank_file("a.txt", fixture("ktl_payments.txt"), desk)
    payment = Payment.get(Payment.invoice.is_null())
    target = make_payable_invoice(amount="75.00")
    with count_queries() as one:
        page = client.get(UNMATCHED)
    assert "TUNTEMATON" in page.text
    assert f'for="key-{payment.id}"' in page.text
    import_bank_file("b.txt", ktl_file([ktl_payment(f"U{i}", "999999", "1") for i in range(4)]),
                     desk)
    with count_queries() as five:
        assert client.get(UNMATCHED).text.count("<form method=\"post\"") == 5
    assert one.count == five.count
    answer = client.post(f"{UNMATCHED}/{payment.id}/allocate", data={"key": target.number},
                         follow_redirects=True)
    assert f"allocated to invoice {target.number}" in answer.text
    fresh = Invoice.get_by_id(target.id)
    assert (fresh.status, fresh.paid_amount) == ("paid", Decimal("75.00"))
    assert AuditLog.get(AuditLog.action == "payment_allocated").actor_id == desk.id
    again = client.post(f"{UNMATCHED}/{payment.id}/allocate", data={"key": target.number},
                        follow_redirects=True)
    assert "already been allocated" in again.text
    unknown = client.post(f"{UNMATCHED}/{Payment.get(Payment.archive_id == 'U1').id}/allocate",
                          data={"key": "nope"}, follow_redirects=True)
    assert "No invoice has the number or reference nope." in unknown.text
    assert client.post(f"{UNMATCHED}/999999/allocate", data={"key": "x"}).status_code == 404


def test_invoice_lookup_by_rf_shows_the_excess(client, desk, invoices):
    import_bank_file("a.txt", fixture("ktl_payments.txt"), desk)
    page = client.get(LOOKUP, query_string={"q": "RF96 2026 1100 033"})
    assert page.status_code == 200
    assert f"Invoice {invoices[2].number}" in page.text
    assert "Overpaid" in page.text
    assert "Paid beyond the amount" in page.text
    assert "No invoice has" in client.get(LOOKUP, query_string={"q": "123"}).text


def test_import_page_unknown_is_404(client, desk):
    assert client.get(f"{IMPORTS}/424242").status_code == 404


PAGES = [("get", UPLOAD), ("get", IMPORTS), ("get", UNMATCHED), ("get", LOOKUP + "?q=x"),
         ("get", IMPORTS + "/1"), ("post", UNMATCHED + "/1/allocate"), ("post", UPLOAD)]


def _other_resident():
    from tests.factories import add_other_resident, make_resident, make_user

    tenant = make_tenant()
    resident = make_resident()
    add_other_resident(tenant.flat, resident)
    return make_user(resident)


@pytest.mark.parametrize("who", ["lease_party", "other_resident"])
@pytest.mark.parametrize(("method", "url"), PAGES)
def test_residents_get_403_and_change_nothing(client, invoices, method, url, who):
    """Is every payment page closed to a lease party and an other resident (403), and to a
    visitor (login)?"""
    staff = make_staff()
    import_bank_file("a.txt", fixture("ktl_payments.txt"), staff)
    before = (Payment.select().count(), [i.paid_amount for i in Invoice.select()])
    anonymous = getattr(client, method)(url)
    assert anonymous.status_code == 302
    assert "/login" in anonymous.headers["Location"]
    login(client, make_tenant() if who == "lease_party" else _other_resident())
    kwargs = {"data": {"key": invoices[0].number}} if method == "post" else {}
    if url == UPLOAD and method == "post":
        kwargs = {"data": {"file": (io.BytesIO(fixture("camt054_001_08.xml")), "x.xml")},
                  "content_type": "multipart/form-data"}
    assert getattr(client, method)(url, **kwargs).status_code == 403
    assert (Payment.select().count(), [i.paid_amount for i in Invoice.select()]) == before


@pytest.fixture
def strict_client(app_config):
    app_config.update(WTF_CSRF_ENABLED=True)
    from tests.conftest import _fresh_g_per_request

    strict = create_app(app_config)
    _fresh_g_per_request(strict)
    with strict.app_context():
        yield strict.test_client()


def test_upload_and_allocation_need_the_csrf_token(strict_client):
    staff = make_staff()
    token = re.search(r'name="csrf_token" type="hidden" value="([^"]+)"',
                      strict_client.get("/login").text).group(1)
    strict_client.post("/login", data={"email": staff.email, "password": "Salasana-1!",
                                       "csrf_token": token})
    make_payable_invoice("20261100017", "450.00")
    answer = strict_client.post(UPLOAD, data={"file": (io.BytesIO(fixture("ktl_payments.txt")),
                                                       "k.txt")},
                                content_type="multipart/form-data")
    assert answer.status_code in (400, 422)
    assert BankFileImport.select().count() == 0
    page = strict_client.get(UPLOAD).text
    token = re.search(r'name="csrf_token" type="hidden" value="([^"]+)"', page).group(1)
    answer = strict_client.post(UPLOAD, data={"file": (io.BytesIO(fixture("ktl_payments.txt")),
                                                       "k.txt"), "csrf_token": token},
                                content_type="multipart/form-data")
    assert answer.status_code == 302
    payment = Payment.get(Payment.invoice.is_null())
    target = make_payable_invoice(amount="75.00")
    assert strict_client.post(f"{UNMATCHED}/{payment.id}/allocate",
                              data={"key": target.number}).status_code in (302, 400)
    assert Payment.get_by_id(payment.id).invoice_id is None
    page = strict_client.get(UNMATCHED).text
    token = re.search(r'name="csrf_token" value="([^"]+)"', page).group(1)
    strict_client.post(f"{UNMATCHED}/{payment.id}/allocate",
                       data={"key": target.number, "csrf_token": token})
    assert Payment.get_by_id(payment.id).invoice_id == target.id


def test_invoice_lookup_names_the_flat_and_lease(client, desk, invoices):
    invoice = invoices[0]
    page = client.get(LOOKUP, query_string={"q": invoice.reference})
    assert f"lease {invoice.lease.number}" in page.text
    assert invoice.lease.flat.building.street_address in page.text


def test_import_page_queries_do_not_grow_with_its_payments(client, desk, invoices,
                                                           count_queries):
    small = import_bank_file("s.txt", ktl_file([ktl_payment("Q1", "20261100017", "1")]), desk)
    big = import_bank_file("b.txt", fixture("camt054_001_02.xml"), desk)
    with count_queries() as one:
        assert client.get(f"{IMPORTS}/{small.id}").status_code == 200
    with count_queries() as many:
        page = client.get(f"{IMPORTS}/{big.id}")
    assert page.text.count("261127593497A000") == 4
    assert one.count == many.count
