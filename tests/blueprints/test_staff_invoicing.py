"""The desk's invoicing page, the ``flask issue-invoices`` command and the daily job."""

from __future__ import annotations

from datetime import date

from heka_asoy.domain.invoicing import month_start
from heka_asoy.models import Invoice
from heka_asoy.services import billing
from tests.factories import login, make_flat, make_lease, make_resident, make_staff, make_tenant


def _leases(n: int) -> None:
    for _ in range(n):
        make_lease(make_flat(), [make_resident()], starts_on=date(2025, 1, 1))


def test_desk_runs_invoicing_for_a_month(app, client, next_month):
    """Can the desk run next month's invoicing from the page, see the count, and run it again
    without a second invoice?"""
    _leases(2)
    login(client, make_staff())
    page = client.get("/staff/invoicing/")
    assert page.status_code == 200
    assert f'selected value="{next_month:%Y-%m}"' in page.text
    answer = client.post("/staff/invoicing/", data={"period": f"{next_month:%Y-%m}"},
                         follow_redirects=True)
    assert "2 invoices issued; 0 leases had theirs already." in answer.text
    again = client.post("/staff/invoicing/", data={"period": f"{next_month:%Y-%m}"},
                        follow_redirects=True)
    assert "0 invoices issued; 2 leases had theirs already." in again.text
    assert Invoice.select().count() == 2


def test_admin_may_run_it_too_and_a_month_outside_the_list_is_refused(app, client):
    _leases(1)
    login(client, make_staff(role="admin"))
    bad = client.post("/staff/invoicing/", data={"period": "2031-01"})
    assert bad.status_code == 200
    assert "Not a valid choice" in bad.text
    assert Invoice.select().count() == 0


def test_residents_may_not_run_invoicing(app, client, next_month):
    """Does a resident get 403 and an anonymous visitor the login page, with nothing issued?"""
    _leases(1)
    period = {"period": f"{next_month:%Y-%m}"}
    assert client.post("/staff/invoicing/", data=period).status_code == 302
    login(client, make_tenant())
    assert client.get("/staff/invoicing/").status_code == 403
    assert client.post("/staff/invoicing/", data=period).status_code == 403
    assert Invoice.select().count() == 0


def test_overview_query_count_is_constant(app, client, count_queries, next_month):
    """Does the page read the months' totals in the same number of queries however many
    invoices there are?"""
    login(client, make_staff())
    _leases(1)
    billing.issue_month(next_month)
    with count_queries() as few:
        assert client.get("/staff/invoicing/").status_code == 200
    _leases(5)
    billing.issue_month(next_month)
    billing.issue_month(month_start(next_month, -1))
    with count_queries() as many:
        page = client.get("/staff/invoicing/")
    assert page.status_code == 200
    assert many.count == few.count


def test_issue_invoices_command(app, next_month):
    """Does ``flask issue-invoices`` invoice next month by default, a given month with
    --period, and refuse a malformed month?"""
    _leases(2)
    runner = app.test_cli_runner()
    result = runner.invoke(args=["issue-invoices"])
    assert result.exit_code == 0, result.output
    assert f"{next_month:%Y-%m}: issued 2, already there 0" in result.output
    again = runner.invoke(args=["issue-invoices", "--period", f"{next_month:%Y-%m}"])
    assert "issued 0, already there 2" in again.output
    bad = runner.invoke(args=["issue-invoices", "--period", "2026-13"])
    assert bad.exit_code != 0
    assert "YYYY-MM" in bad.output
    assert Invoice.select().count() == 2


def test_daily_job(app, monkeypatch):
    """Does the huey job invoice next month on the invoicing day, in the app (immediate mode)?"""
    from heka_asoy import tasks
    from heka_asoy.services.billing import monthly

    _leases(1)
    monkeypatch.setattr(monthly, "today", lambda: date(2026, 11, 15))
    app.config["INVOICE_DAY"] = 15
    tasks.issue_invoices.call_local()
    assert Invoice.get().period == date(2026, 12, 1)
    monkeypatch.setattr(monthly, "today", lambda: date(2026, 12, 3))
    assert tasks.issue_invoices.call_local() is None
