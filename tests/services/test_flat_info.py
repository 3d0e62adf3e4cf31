"""Flat information and the housing companies' documents: who sees which document, what an
upload must be, and what replacing and removing leave behind (services.flat_info)."""

from __future__ import annotations

import hashlib
import io
from datetime import date, timedelta
from pathlib import Path

import pytest
from PIL import Image

from heka_asoy.models import AuditLog, Building, Document, ParkingSpace, Sauna
from heka_asoy.services import flat_info
from heka_asoy.services.errors import NotFound, Refused
from heka_asoy.services.flat_info import DocumentsError, Upload
from heka_asoy.services.photos import MAX_BYTES
from tests.factories import (
    add_other_resident,
    flat_doc_pdf,
    make_company,
    make_flat,
    make_flat_document,
    make_lease,
    make_power,
    make_resident,
    make_staff,
    make_tenant,
    make_user,
)


def _files(app) -> list[Path]:
    folder = Path(app.config["UPLOAD_FOLDER"]) / "documents"
    return sorted(p for p in folder.rglob("*") if p.is_file()) if folder.exists() else []


def _tenant_in(flat):
    resident = make_resident()
    make_lease(flat, [resident])
    user = make_user(resident)
    user.flat = flat
    return user


class Estate:
    """A company with buildings A and B (a tenant in each), another company (a tenant), and
    documents: the company's rescue plan, A's house rules, B's other document, the other
    company's rescue plan."""

    def __init__(self):
        self.company = make_company(
            manager_name="Isa Isännöitsijä",
            manager_company="Isännöinti Oy",
            manager_phone="09 111 2222",
            manager_email="isa@example.fi",
        )
        self.a = Building.create(
            housing_company=self.company, code="A", street_address="Koekatu 1", postal_code="00500"
        )
        self.b = Building.create(
            housing_company=self.company, code="B", street_address="Koekatu 3", postal_code="00500"
        )
        self.in_a = _tenant_in(make_flat(self.company, building=self.a))
        self.in_b = _tenant_in(make_flat(self.company, building=self.b))
        self.elsewhere = make_tenant()
        self.plan = make_flat_document(self.company, title="Pelastussuunnitelma")
        self.rules_a = make_flat_document(
            self.company, self.a, kind="house_rules", title="Järjestyssäännöt A"
        )
        self.other_b = make_flat_document(self.company, self.b, kind="other", title="Pihakartta B")
        self.foreign = make_flat_document(
            self.elsewhere.flat.housing_company, title="Toisen yhtiön suunnitelma"
        )


@pytest.fixture
def estate(app):
    return Estate()


def _titles(page) -> list[str]:
    return [d.title for d in page.documents]


# --- scope ------------------------------------------------------------------------------------


def test_page_lists_company_documents_and_only_the_own_buildings(app, estate):
    """Does the page of a flat in A list the company's plan and A's rules, never B's document
    nor another company's?"""
    with app.test_request_context():
        in_a = flat_info.flat_page(estate.in_a, None)
        in_b = flat_info.flat_page(estate.in_b, None)
    assert _titles(in_a) == ["Pelastussuunnitelma", "Järjestyssäännöt A"]
    assert _titles(in_b) == ["Pelastussuunnitelma", "Pihakartta B"]
    assert [d.title for d in in_a.rescue_plans] == ["Pelastussuunnitelma"]


def test_download_is_scoped_to_the_own_buildings(app, estate):
    """May a tenant download the company's and their building's documents, and is every other
    id (the other building's, another company's, a missing one) NotFound?"""
    with app.test_request_context():
        assert flat_info.document_file(estate.in_a, estate.plan.id).data.startswith(b"%PDF")
        assert flat_info.document_file(estate.in_a, estate.rules_a.id).download_name
        assert flat_info.document_file(estate.in_b, estate.plan.id)
        assert flat_info.document_file(estate.in_b, estate.other_b.id)
        for user, doc_id in (
            (estate.in_a, estate.other_b.id),
            (estate.in_b, estate.rules_a.id),
            (estate.in_a, estate.foreign.id),
            (estate.elsewhere, estate.plan.id),
            (estate.in_a, estate.foreign.id + 1000),
        ):
            with pytest.raises(NotFound):
                flat_info.document_file(user, doc_id)


def test_other_resident_sees_and_downloads(app, estate):
    """Flat information is every resident's right (DOMAIN.md): may an other resident of the
    flat see the page and download its building's documents?"""
    other = make_resident()
    add_other_resident(estate.in_a.flat, other)
    user = make_user(other)
    with app.test_request_context():
        page = flat_info.flat_page(user, estate.in_a.flat.id)
        assert _titles(page) == ["Pelastussuunnitelma", "Järjestyssäännöt A"]
        assert flat_info.document_file(user, estate.rules_a.id)
        with pytest.raises(NotFound):
            flat_info.document_file(user, estate.other_b.id)


@pytest.mark.parametrize("scopes", ["keys", "manager_certificate", "general"])
def test_agent_within_scope_sees_the_documents(app, estate, scopes):
    """Does an agent whose power grants flat_info see the page and the documents?"""
    agent = make_user(None)
    make_power(
        estate.in_a, agent, kind="one_off" if scopes != "general" else "general", scopes=scopes
    )
    with app.test_request_context():
        assert _titles(flat_info.flat_page(agent, None)) == [
            "Pelastussuunnitelma",
            "Järjestyssäännöt A",
        ]
        assert flat_info.document_file(agent, estate.plan.id)
        with pytest.raises(NotFound):
            flat_info.document_file(agent, estate.other_b.id)


def test_agent_outside_scope_sees_nothing(app, estate):
    """A power for a parking space only: is the page refused and every document NotFound?"""
    agent = make_user(None)
    make_power(estate.in_a, agent, kind="one_off", scopes="parking")
    with app.test_request_context():
        with pytest.raises(Refused):
            flat_info.flat_page(agent, estate.in_a.flat.id)
        with pytest.raises(NotFound):
            flat_info.document_file(agent, estate.plan.id)


def test_not_started_lease_reaches_no_document(app, estate):
    """Before the lease starts the pages show nothing of the flat: is every document
    NotFound?"""
    future = make_resident()
    make_lease(
        make_flat(estate.company, building=estate.a),
        [future],
        starts_on=date.today() + timedelta(days=30),
    )
    user = make_user(future)
    with app.test_request_context():
        with pytest.raises(NotFound):
            flat_info.document_file(user, estate.plan.id)


def test_page_has_the_flat_company_contacts_saunas_and_parking(app, estate):
    """Does the page model carry the flat, its company with the manager, the maintenance
    company, the company's saunas and its parking by kind?"""
    Sauna.create(
        housing_company=estate.company, building=estate.a, name="A-saunan sauna", monthly_fee=12
    )
    for code, kind, fee in (("P1", "outdoor", 20), ("P2", "outdoor", 25), ("P3", "ev", 45)):
        ParkingSpace.create(housing_company=estate.company, code=code, kind=kind, monthly_fee=fee)
    with app.test_request_context():
        page = flat_info.flat_page(estate.in_a, None)
    assert page.flat.id == estate.in_a.flat.id
    assert page.flat.housing_company.manager_email == "isa@example.fi"
    assert page.flat.housing_company.maintenance_company.phone == "09 123 4567"
    assert [(s.name, s.building_code) for s in page.saunas] == [("A-saunan sauna", "A")]
    assert [(p.kind, p.count, int(p.lowest_fee), int(p.highest_fee)) for p in page.parking] == [
        ("ev", 1, 45, 45),
        ("outdoor", 2, 20, 25),
    ]
    assert page.can_book_sauna
    assert page.can_see_parking


def test_page_queries_do_not_grow_with_documents(app, estate, count_queries):
    """Is the page one fixed number of queries, however many documents there are?"""
    with app.test_request_context():
        flat_info.flat_page(estate.in_a, None)  # prepared statements are built on first use
    with app.test_request_context():
        with count_queries() as few:
            flat_info.flat_page(estate.in_a, None)
    for n in range(5):
        make_flat_document(estate.company, estate.a, kind="other", title=f"Liite {n}")
    with app.test_request_context():
        with count_queries() as many:
            page = flat_info.flat_page(estate.in_a, None)
    assert len(page.documents) == 7
    assert many.count == few.count


# --- uploads ----------------------------------------------------------------------------------


def _png() -> bytes:
    buffer = io.BytesIO()
    Image.new("RGB", (8, 8), (10, 20, 30)).save(buffer, "PNG")
    return buffer.getvalue()


def _pdf_with_script() -> bytes:
    """A PDF that runs a script when opened (its catalog's /OpenAction)."""
    from pypdf import PdfWriter
    from pypdf.generic import DictionaryObject, NameObject, TextStringObject

    writer = PdfWriter(clone_from=io.BytesIO(flat_doc_pdf()))
    writer._root_object[NameObject("/OpenAction")] = DictionaryObject(
        {NameObject("/S"): NameObject("/JavaScript"), NameObject("/JS"): TextStringObject("1")}
    )
    out = io.BytesIO()
    writer.write(out)
    return out.getvalue()


def _encrypted_pdf() -> bytes:
    from pypdf import PdfReader, PdfWriter

    writer = PdfWriter(clone_from=PdfReader(io.BytesIO(flat_doc_pdf())))
    writer.encrypt("salasana", algorithm="RC4-128")
    out = io.BytesIO()
    writer.write(out)
    return out.getvalue()


@pytest.mark.parametrize(
    ("name", "data", "code"),
    [
        ("kuva.pdf", _png(), "not_pdf"),  # an image named .pdf
        ("ohje.pdf", b"Just text, named as a PDF.\n", "not_pdf"),
        ("ohje.pdf", b"<html><script>alert(1)</script></html>", "not_pdf"),
        ("tyhja.pdf", b"", "empty"),
        ("iso.pdf", b"%PDF-1.4\n" + b"0" * MAX_BYTES, "too_large"),
        ("rikki.pdf", b"%PDF-1.4\nthis is not a PDF body at all\n%%EOF\n", "pdf_damaged"),
        ("puolikas.pdf", flat_doc_pdf()[:400], "pdf_damaged"),
        ("skripti.pdf", _pdf_with_script(), "pdf_active"),
        ("salattu.pdf", _encrypted_pdf(), "pdf_encrypted"),
    ],
)
def test_upload_refuses_what_is_not_a_clean_pdf(app, name, data, code):
    """Is a file refused by its content (not its name), and does the refusal leave neither a
    row, a file nor an audit entry?"""
    company = make_company()
    staff = make_staff()
    with app.test_request_context(), pytest.raises(DocumentsError) as refused:
        flat_info.upload_document(
            staff, company.id, None, "rescue_plan", "Suunnitelma", Upload(name, data)
        )
    assert refused.value.code == code
    assert Document.select().count() == 0
    assert AuditLog.select().count() == 0
    assert _files(app) == []


def test_upload_judges_the_content_not_the_name(app):
    """Is a real PDF named like an image taken (content sniffing), stored with a .pdf name?"""
    company = make_company()
    with app.test_request_context():
        doc, replaced = flat_info.upload_document(
            make_staff(), company.id, None, "other", "Liite", Upload("scan.png", flat_doc_pdf())
        )
    assert not replaced
    assert doc.filename == "scan.pdf"
    assert doc.content_type == "application/pdf"


@pytest.mark.parametrize(
    ("kind", "title", "code"),
    [("manual", "Ohje", "kind"), ("other", "   ", "title"), ("other", "x" * 201, "title")],
)
def test_upload_refuses_bad_kind_or_title(app, kind, title, code):
    company = make_company()
    with app.test_request_context(), pytest.raises(DocumentsError) as refused:
        flat_info.upload_document(
            make_staff(), company.id, None, kind, title, Upload("a.pdf", flat_doc_pdf())
        )
    assert refused.value.code == code
    assert Document.select().count() == 0
    assert _files(app) == []


def test_failed_transaction_leaves_no_row_and_no_file(app):
    """A building of another company, an unknown company: the file was written before the
    transaction; is it removed again, with no row?"""
    company = make_company()
    foreign = make_flat().building
    staff = make_staff()
    with app.test_request_context():
        with pytest.raises(DocumentsError) as refused:
            flat_info.upload_document(
                staff, company.id, foreign.id, "rescue_plan", "S", Upload("s.pdf", flat_doc_pdf())
            )
        assert refused.value.code == "building"
        with pytest.raises(NotFound):
            flat_info.upload_document(
                staff, company.id + 999, None, "rescue_plan", "S", Upload("s.pdf", flat_doc_pdf())
            )
    assert Document.select().count() == 0
    assert _files(app) == []


def test_upload_writes_file_row_and_audit(app):
    company = make_company()
    building = make_flat(company).building
    staff = make_staff()
    content = flat_doc_pdf("Järjestyssäännöt")
    with app.test_request_context():
        doc, replaced = flat_info.upload_document(
            staff,
            company.id,
            building.id,
            "house_rules",
            "  Järjestyssäännöt  ",
            Upload("C:\\Users\\x\\Järjestys säännöt.pdf", content),
        )
    assert not replaced
    row = Document.get_by_id(doc.id)
    assert (row.building_id, row.kind, row.title) == (
        building.id,
        "house_rules",
        "Järjestyssäännöt",
    )
    assert row.filename == "Järjestys_säännöt.pdf"
    assert row.size == len(content)
    assert row.sha256 == hashlib.sha256(content).hexdigest()
    assert row.storage_key.startswith("documents/")
    assert _files(app)[0].read_bytes() == content
    entry = AuditLog.get(AuditLog.action == "document_uploaded")
    assert (entry.actor_id, entry.target_id, entry.data["kind"]) == (
        staff.id,
        doc.id,
        "house_rules",
    )


# --- replacing and removing -------------------------------------------------------------------


def test_new_rescue_plan_replaces_the_current_one_of_its_scope(app):
    """Does a second rescue plan of the company replace the first (one row, same id, the new
    file, the old file deleted), while a building's own plan and other documents add up?"""
    company = make_company()
    building = make_flat(company).building
    staff = make_staff()
    first, second = flat_doc_pdf("Versio 1"), flat_doc_pdf("Versio 2")
    with app.test_request_context():
        doc1, _ = flat_info.upload_document(
            staff, company.id, None, "rescue_plan", "Suunnitelma", Upload("v1.pdf", first)
        )
        old_file = _files(app)[0]
        doc2, replaced = flat_info.upload_document(
            staff, company.id, None, "rescue_plan", "Suunnitelma 2026", Upload("v2.pdf", second)
        )
        flat_info.upload_document(
            staff, company.id, building.id, "rescue_plan", "A:n oma", Upload("a.pdf", first)
        )
        flat_info.upload_document(
            staff, company.id, None, "other", "Liite 1", Upload("1.pdf", first)
        )
        flat_info.upload_document(
            staff, company.id, None, "other", "Liite 2", Upload("2.pdf", first)
        )
    assert replaced
    assert doc2.id == doc1.id
    plans = list(
        Document.select().where(Document.kind == "rescue_plan", Document.building.is_null())
    )
    assert [(d.id, d.title, d.filename) for d in plans] == [(doc1.id, "Suunnitelma 2026", "v2.pdf")]
    assert plans[0].sha256 == hashlib.sha256(second).hexdigest()
    assert not old_file.exists()
    assert Document.select().count() == 4
    assert len(_files(app)) == 4
    entry = AuditLog.get(AuditLog.action == "document_replaced")
    assert entry.data["old_sha256"] == hashlib.sha256(first).hexdigest()
    assert entry.data["sha256"] == hashlib.sha256(second).hexdigest()


def test_replace_document_swaps_the_file(app):
    company = make_company()
    doc = make_flat_document(company, kind="other", title="Pihakartta")
    old = Document.get_by_id(doc.id).storage_key
    staff = make_staff()
    with app.test_request_context():
        flat_info.replace_document(
            staff, doc.id, "Pihakartta 2027", Upload("uusi.pdf", flat_doc_pdf("Uusi"))
        )
    row = Document.get_by_id(doc.id)
    assert (row.title, row.filename) == ("Pihakartta 2027", "uusi.pdf")
    assert row.storage_key != old
    assert not (Path(app.config["UPLOAD_FOLDER"]) / old).exists()
    assert len(_files(app)) == 1
    assert AuditLog.get(AuditLog.action == "document_replaced").data["old_title"] == "Pihakartta"


def test_refused_replacement_keeps_the_old_document(app):
    company = make_company()
    doc = make_flat_document(company)
    before = Document.get_by_id(doc.id)
    with app.test_request_context(), pytest.raises(DocumentsError):
        flat_info.replace_document(make_staff(), doc.id, "Uusi", Upload("x.pdf", _png()))
    after = Document.get_by_id(doc.id)
    assert (after.storage_key, after.sha256, after.title) == (
        before.storage_key,
        before.sha256,
        before.title,
    )
    assert len(_files(app)) == 1
    assert AuditLog.select().count() == 0


def test_delete_removes_row_and_file(app):
    company = make_company()
    doc = make_flat_document(company)
    staff = make_staff()
    with app.test_request_context():
        flat_info.delete_document(staff, doc.id)
        with pytest.raises(NotFound):
            flat_info.delete_document(staff, doc.id)
    assert Document.select().count() == 0
    assert _files(app) == []
    assert AuditLog.get(AuditLog.action == "document_deleted").data["title"] == doc.title


def test_failure_inside_the_transaction_keeps_the_old_and_drops_the_new(app, monkeypatch):
    """The database fails after the new file was written (here: the audit write): is the
    replacement rolled back, the new file removed and the old document and file kept?"""
    from heka_asoy.services import audit

    company = make_company()
    doc = make_flat_document(company)
    before = Document.get_by_id(doc.id)
    old_files = _files(app)

    def broken(*args, **kwargs):
        raise RuntimeError("database went away")

    monkeypatch.setattr(audit, "record", broken)
    with app.test_request_context():
        with pytest.raises(RuntimeError):
            flat_info.upload_document(
                make_staff(),
                company.id,
                None,
                "rescue_plan",
                "Uusi",
                Upload("u.pdf", flat_doc_pdf()),
            )
        with pytest.raises(RuntimeError):
            flat_info.replace_document(
                make_staff(), doc.id, "Uusi", Upload("u.pdf", flat_doc_pdf())
            )
        with pytest.raises(RuntimeError):
            flat_info.upload_document(
                make_staff(), company.id, None, "other", "Uusi", Upload("u.pdf", flat_doc_pdf())
            )
    after = Document.get_by_id(doc.id)
    assert (after.storage_key, after.sha256, after.title) == (
        before.storage_key,
        before.sha256,
        before.title,
    )
    assert Document.select().count() == 1
    assert _files(app) == old_files
