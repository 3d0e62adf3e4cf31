"""Migration 007 (invoicing): existing invoices get their RF reference, and the partial unique
index that keeps one monthly invoice per lease and month is there on both databases."""

from __future__ import annotations

from heka_asoy.db import make_database
from heka_asoy.domain.references import rf_reference
from heka_asoy.migrate import router


def _insert(db, table: str, **values) -> None:
    """A row with ``values``; every other NOT NULL column without a default gets a dummy of
    its type (the schema of 006, whatever its columns are)."""
    for column in db.get_columns(table):
        if column.name in values or column.null or column.primary_key:
            continue
        kind = column.data_type.upper()
        if "INT" in kind or "DECIMAL" in kind or "REAL" in kind or "NUMERIC" in kind:
            values[column.name] = 0
        elif "DATE" in kind or "TIME" in kind:
            values[column.name] = "2025-01-01"
        else:
            values[column.name] = ""
    names = ", ".join(values)
    marks = ", ".join("?" for _ in values)
    db.execute_sql(f"INSERT INTO {table} ({names}) VALUES ({marks})",  # noqa: S608 - test data
                   list(values.values()))


def test_existing_invoices_keep_and_get_their_rf_reference(tmp_path):
    """Does an invoice written before 007 survive it (no table rebuild cascading deletes from
    the lease) with its RF form, is the index made, and does the rollback undo it all?"""
    db = make_database(f"sqlite:///{tmp_path / 'm.db'}")
    r = router(db)
    r.run("006_login_sessions")
    _insert(db, "maintenance_company", name="H")
    _insert(db, "housing_company", name="A", business_id="1234567-1", maintenance_company_id=1)
    _insert(db, "building", housing_company_id=1, code="A")
    _insert(db, "flat", housing_company_id=1, building_id=1, number="A 1", heka_code="T-1")
    _insert(db, "lease", flat_id=1, number="L1", starts_on="2025-01-01", monthly_rent=500)
    _insert(db, "invoice", lease_id=1, number="N1", reference="1232", period="2026-01-01",
            issued_on="2025-12-15", due_on="2026-01-02", amount=500, status="open", kind="rent")
    r.run("007_invoicing")
    rf, due_day = db.execute_sql(
        "SELECT i.rf_reference, l.due_day FROM invoice i JOIN lease l ON l.id = i.lease_id"
    ).fetchone()
    assert rf == rf_reference("1232")
    assert due_day == 2
    assert "invoice_monthly_once" in {i.name for i in db.get_indexes("invoice")}
    r.rollback()
    assert "due_day" not in {c.name for c in db.get_columns("lease")}
    assert "invoice_monthly_once" not in {i.name for i in db.get_indexes("invoice")}
    assert db.execute_sql("SELECT count(*) FROM invoice").fetchone() == (1,)
    db.close()


def test_index_is_partial_on_the_test_database(app):
    """Is the index there on the database the tests run on (SQLite or PostgreSQL), unique and
    limited to monthly invoices?"""
    db = app.config["DATABASE"]
    (index,) = [i for i in db.get_indexes("invoice") if i.name == "invoice_monthly_once"]
    assert index.unique
    assert index.columns == ["lease_id", "period", "kind"]
    assert "rent" in index.sql
