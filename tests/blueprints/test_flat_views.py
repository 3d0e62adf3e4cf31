"""The flat page, the document download and the desk's documents pages (blueprints flat and
staff_documents): what they show, the download's headers, and that no URL reaches a second
flat's or another building's documents."""

from __future__ import annotations

import hashlib
import io
import re
from datetime import date
from pathlib import Path
from types import SimpleNamespace

import pytest

from heka_asoy.models import AuditLog, Building, Document, ParkingSpace, Sauna
from tests.factories import (
    flat_doc_pdf,
    login,
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


def _tenant_in(flat):
    resident = make_resident()
    make_lease(flat, [resident])
    user = make_user(resident)
    user.flat = flat
    return user


@pytest.fixture
def estate(app):
    company = make_company(
        name="Asunto Oy Koekatu",
        manager_name="Isa Isännöitsijä",
        manager_company="Isännöinti Oy",
        manager_phone="09 111 2222",
        manager_email="isa@example.fi",
    )
    a = Building.create(
        housing_company=company, code="A", street_address="Koekatu 1", postal_code="00500"
    )
    b = Building.create(
        housing_company=company, code="B", street_address="Koekatu 3", postal_code="00500"
    )

    class Estate:
        pass

    e = Estate()
    e.company, e.a, e.b = company, a, b
    e.in_a = _tenant_in(make_flat(company, building=a, number="A 7", floor=3))
    e.in_b = _tenant_in(make_flat(company, building=b, number="B 2"))
    e.elsewhere = make_tenant()
    e.plan = make_flat_document(company, title="Pelastussuunnitelma 2026")
    e.rules_b = make_flat_document(company, b, kind="house_rules", title="B-talon säännöt")
    e.foreign = make_flat_document(e.elsewhere.flat.housing_company, title="Vieras suunnitelma")
    return e


def _snapshot():
    return [
        (d.id, d.storage_key, d.sha256, d.title) for d in Document.select().order_by(Document.id)
    ]


def _files(app) -> list[Path]:
    folder = Path(app.config["UPLOAD_FOLDER"]) / "documents"
    return sorted(p for p in folder.rglob("*") if p.is_file()) if folder.exists() else []


# --- the resident's page ----------------------------------------------------------------------


def test_page_shows_flat_company_contacts_saunas_parking_and_documents(app, client, estate):
    Sauna.create(housing_company=estate.company, name="Talosauna", monthly_fee=15)
    ParkingSpace.create(housing_company=estate.company, code="P1", kind="plug", monthly_fee=30)
    login(client, estate.in_a)
    page = client.get("/my/flat/")
    assert page.status_code == 200
    text = page.text
    for expected in (
        "Koekatu 1, A 7, 00500",
        "1h+kk",
        "31.5\u00a0m²",
        "<dd>3</dd>",
        "Asunto Oy Koekatu",
        f"business ID {estate.company.business_id}",
        "Isa Isännöitsijä",
        "Isännöinti Oy",
        'href="tel:+35891112222"',
        "mailto:isa@example.fi",
        "Huolto Oy Testi",
        "mailto:huolto@example.fi",
        "Talosauna",
        "Heated space with a plug",
        "Pelastussuunnitelma 2026",
        f'href="/my/flat/documents/{estate.plan.id}"',
        "The whole housing company",
    ):
        assert expected in text, expected
    assert "B-talon säännöt" not in text
    assert "Vieras suunnitelma" not in text


def test_page_without_a_rescue_plan_says_whom_to_ask(app, client):
    tenant = make_tenant()
    login(client, tenant)
    text = client.get("/my/flat/").text
    assert "The rescue plan of your building is not on the pages yet." in text
    assert "No documents of your building on the pages yet." in text


def test_dashboard_card_links_to_the_page(app, client):
    login(client, make_tenant())
    assert 'href="/my/flat/"' in client.get("/my/").text


def test_download_sends_the_pdf_safely(app, client, estate):
    """Does the download send the file as an attachment with a safe name, the PDF type,
    nosniff and no shared caching?"""
    login(client, estate.in_a)
    answer = client.get(f"/my/flat/documents/{estate.plan.id}")
    assert answer.status_code == 200
    assert answer.data.startswith(b"%PDF-")
    assert answer.mimetype == "application/pdf"
    assert answer.headers["X-Content-Type-Options"] == "nosniff"
    assert answer.headers["Content-Disposition"] == "attachment; filename=rescue-plan.pdf"
    assert "no-store" in answer.headers["Cache-Control"]
    assert answer.headers["Content-Security-Policy"].startswith("sandbox")


@pytest.mark.parametrize(
    ("name", "stored"),
    [
        ("kansio/Pelastus suunnitelma ä.pdf", "Pelastus_suunnitelma_ä.pdf"),
        ('C:\\temp\\"Pelastus" suunnitelma.pdf', None),
        ('../../evil"\r\nSet-Cookie: x=1; ä.pdf', None),
    ],
)
def test_download_name_of_an_odd_upload_is_safe(app, client, estate, name, stored):
    """An uploaded name with a path, quotes, line breaks and non-ASCII letters: is the name
    kept without them, and the header one safe line (ASCII fallback and the UTF-8 form)?"""
    staff_client = app.test_client()
    login(staff_client, make_staff())
    staff_client.post(
        f"/staff/documents/company/{estate.company.id}",
        data={"scope": "company", "kind": "other", "title": "Outo",
              "file": (io.BytesIO(flat_doc_pdf()), name)},
        content_type="multipart/form-data",
    )  # fmt: skip
    doc = Document.get(Document.title == "Outo")
    if stored:
        assert doc.filename == stored
    assert doc.filename.endswith(".pdf")
    for bad in ('"', "/", "\\", "\r", "\n", ";", " "):
        assert bad not in doc.filename
    login(client, estate.in_a)
    answer = client.get(f"/my/flat/documents/{doc.id}")
    disposition = answer.headers["Content-Disposition"]
    assert disposition.startswith("attachment; filename=")
    assert "\r" not in disposition
    assert "\n" not in disposition
    assert "x=1" not in answer.headers.get("Set-Cookie", "")
    if stored:
        assert "filename*=UTF-8''Pelastus_suunnitelma_%C3%A4.pdf" in disposition


def test_other_resident_and_agent_in_scope_download(app, client, estate):
    from tests.factories import add_other_resident

    other = make_resident()
    add_other_resident(estate.in_a.flat, other)
    login(client, make_user(other))
    assert client.get(f"/my/flat/documents/{estate.plan.id}").status_code == 200
    assert client.get("/my/flat/").status_code == 200

    agent = make_user(None)
    make_power(estate.in_a, agent, kind="one_off", scopes="keys")
    agent_client = app.test_client()
    login(agent_client, agent)
    agent_page = agent_client.get("/my/flat/")
    assert agent_page.status_code == 200
    assert 'href="/my/faults/"' not in agent_page.text  # the keys power files no faults
    assert agent_client.get(f"/my/flat/documents/{estate.plan.id}").status_code == 200
    assert agent_client.get(f"/my/flat/documents/{estate.rules_b.id}").status_code == 404


def test_agent_outside_scope_gets_nothing(app, client, estate):
    agent = make_user(None)
    make_power(estate.in_a, agent, kind="one_off", scopes="parking")
    login(client, agent)
    assert client.get(f"/my/flat/?flat={estate.in_a.flat.id}").status_code == 403
    assert client.get(f"/my/flat/documents/{estate.plan.id}").status_code == 404


def test_second_flat_is_404_on_every_url(app, client, estate):
    """From a flat in building A: is another company's flat's page, the other building's
    document and another company's document 404, with nothing of them shown or changed?"""
    before = _snapshot()
    login(client, estate.in_a)
    page = client.get(f"/my/flat/?flat={estate.elsewhere.flat.id}")
    assert page.status_code == 404
    assert estate.elsewhere.flat.housing_company.name not in page.text
    assert client.get(f"/my/flat/?flat={estate.in_b.flat.id}").status_code == 404
    for doc in (estate.rules_b, estate.foreign):
        answer = client.get(f"/my/flat/documents/{doc.id}")
        assert answer.status_code == 404
        assert not answer.data.startswith(b"%PDF")
    assert client.get("/my/flat/documents/999999").status_code == 404
    assert client.get("/my/flat/?flat=abc").status_code == 404
    # the building B tenant does get B's rules: the 404 above is scope, not a broken link
    other = app.test_client()
    login(other, estate.in_b)
    assert other.get(f"/my/flat/documents/{estate.rules_b.id}").status_code == 200
    assert _snapshot() == before


def test_resident_gets_403_on_every_desk_url_and_nothing_changes(app, client, estate):
    before = _snapshot()
    login(client, estate.in_a)
    company = estate.company.id
    doc = estate.plan.id
    assert client.get("/staff/documents/").status_code == 403
    assert client.get(f"/staff/documents/company/{company}").status_code == 403
    assert client.get(f"/staff/documents/{doc}").status_code == 403
    assert client.get(f"/staff/documents/{doc}/file").status_code == 403
    upload = {"scope": "company", "kind": "rescue_plan", "title": "Väärennös",
              "file": (io.BytesIO(flat_doc_pdf()), "x.pdf")}  # fmt: skip
    assert (
        client.post(
            f"/staff/documents/company/{company}", data=upload, content_type="multipart/form-data"
        ).status_code
        == 403
    )
    replace = {"title": "Väärennös", "file": (io.BytesIO(flat_doc_pdf()), "x.pdf")}
    assert (
        client.post(
            f"/staff/documents/{doc}", data=replace, content_type="multipart/form-data"
        ).status_code
        == 403
    )
    assert client.post(f"/staff/documents/{doc}/delete").status_code == 403
    assert _snapshot() == before


def test_staff_gets_403_on_the_resident_page(app, client):
    login(client, make_staff())
    assert client.get("/my/flat/").status_code == 403


# --- the desk's pages -------------------------------------------------------------------------


@pytest.fixture
def desk(app, estate):
    client = app.test_client()
    staff = make_staff()
    login(client, staff)
    client.staff = staff
    return client


def _upload(desk, company_id, **fields):
    data = {"scope": "company", "kind": "rescue_plan", "title": "Pelastussuunnitelma 2027"}
    data.update(fields)
    data.setdefault("file", (io.BytesIO(flat_doc_pdf("2027")), "suunnitelma.pdf"))
    return desk.post(
        f"/staff/documents/company/{company_id}", data=data, content_type="multipart/form-data"
    )


def test_desk_finds_the_company_and_lists_its_documents(app, desk, estate):
    found = desk.get("/staff/documents/?q=Koekatu")
    assert found.status_code == 200
    assert f'href="/staff/documents/company/{estate.company.id}"' in found.text
    assert desk.get(f"/staff/documents/?company={estate.company.id}").status_code == 302
    page = desk.get(f"/staff/documents/company/{estate.company.id}")
    assert page.status_code == 200
    assert "Pelastussuunnitelma 2026" in page.text
    assert "B-talon säännöt" in page.text
    assert "Vieras suunnitelma" not in page.text
    assert "Building B" in page.text
    assert desk.get("/staff/documents/company/999999").status_code == 404
    home = desk.get("/staff/")
    assert 'href="/staff/documents/"' in home.text


def test_desk_upload_replaces_the_rescue_plan(app, desk, estate):
    old = Path(app.config["UPLOAD_FOLDER"]) / Document.get_by_id(estate.plan.id).storage_key
    answer = _upload(desk, estate.company.id)
    assert answer.status_code == 302
    follow = desk.get(answer.headers["Location"])
    assert "replaced the earlier document of its kind" in follow.text
    plans = list(
        Document.select().where(
            (Document.housing_company == estate.company.id) & (Document.kind == "rescue_plan")
        )
    )
    assert [(d.id, d.title) for d in plans] == [(estate.plan.id, "Pelastussuunnitelma 2027")]
    assert not old.exists()
    assert AuditLog.get(AuditLog.action == "document_replaced").actor_id == desk.staff.id


def test_desk_uploads_for_one_building(app, desk, estate):
    answer = _upload(desk, estate.company.id, scope=str(estate.a.id), kind="house_rules",
                     title="A-talon säännöt")  # fmt: skip
    assert answer.status_code == 302
    doc = Document.get(Document.title == "A-talon säännöt")
    assert doc.building_id == estate.a.id
    tenant = app.test_client()
    login(tenant, estate.in_a)
    assert tenant.get(f"/my/flat/documents/{doc.id}").status_code == 200
    other = app.test_client()
    login(other, estate.in_b)
    assert other.get(f"/my/flat/documents/{doc.id}").status_code == 404


@pytest.mark.parametrize(
    ("fields", "message"),
    [
        ({"file": (io.BytesIO(b"GIF89a not a pdf"), "plan.pdf")}, "The file is not a PDF."),
        ({"file": (io.BytesIO(b"%PDF-1.4\n" + b"0" * (10 * 1024 * 1024)), "plan.pdf")},
         "The file is too large"),
        ({"file": (io.BytesIO(b"%PDF-1.7\nbroken"), "plan.pdf")},
         "The PDF is damaged or incomplete."),
        ({"file": (io.BytesIO(b""), "")}, "Choose a PDF file."),
        ({"title": ""}, "This field is required."),
        ({"kind": "manual"}, "Not a valid choice"),
        ({"scope": "999999"}, "Not a valid choice"),
    ],
)  # fmt: skip
def test_desk_upload_refusal_is_said_and_changes_nothing(app, desk, estate, fields, message):
    before, files = _snapshot(), _files(app)
    answer = _upload(desk, estate.company.id, **fields)
    assert answer.status_code == 422
    assert message in answer.text
    assert "Check the following" in answer.text
    assert _snapshot() == before
    assert _files(app) == files
    assert AuditLog.select().count() == 0


def test_desk_cannot_upload_to_another_companys_building(app, desk, estate):
    """A building id of another company sent in the scope field is not among the choices."""
    before = _snapshot()
    foreign = estate.elsewhere.flat.building_id
    answer = _upload(desk, estate.company.id, scope=str(foreign))
    assert answer.status_code == 422
    assert _snapshot() == before


def test_desk_replaces_and_removes_a_document(app, desk, estate):
    page = desk.get(f"/staff/documents/{estate.rules_b.id}")
    assert page.status_code == 200
    assert 'value="B-talon säännöt"' in page.text
    new = flat_doc_pdf("Uudet säännöt")
    refused = desk.post(
        f"/staff/documents/{estate.rules_b.id}",
        data={"title": "Uudet", "file": (io.BytesIO(b"plain text"), "s.pdf")},
        content_type="multipart/form-data",
    )
    assert refused.status_code == 422
    assert "The file is not a PDF." in refused.text
    answer = desk.post(
        f"/staff/documents/{estate.rules_b.id}",
        data={"title": "Uudet säännöt", "file": (io.BytesIO(new), "saannot.pdf")},
        content_type="multipart/form-data",
    )
    assert answer.status_code == 302
    row = Document.get_by_id(estate.rules_b.id)
    assert (row.title, row.filename) == ("Uudet säännöt", "saannot.pdf")
    assert row.sha256 == hashlib.sha256(new).hexdigest()
    download = desk.get(f"/staff/documents/{row.id}/file")
    assert download.data == new
    assert download.headers["X-Content-Type-Options"] == "nosniff"

    removed = desk.post(f"/staff/documents/{row.id}/delete")
    assert removed.status_code == 302
    assert Document.get_or_none(Document.id == row.id) is None
    assert desk.get(f"/staff/documents/{row.id}").status_code == 404
    assert desk.post(f"/staff/documents/{row.id}/delete").status_code == 404
    assert AuditLog.get(AuditLog.action == "document_deleted").target_id == row.id


def test_missing_file_on_disk_is_404(app, client, estate):
    Path(app.config["UPLOAD_FOLDER"], Document.get_by_id(estate.plan.id).storage_key).unlink()
    login(client, estate.in_a)
    assert client.get(f"/my/flat/documents/{estate.plan.id}").status_code == 404


def test_lease_not_started_shows_only_the_start(app, client):
    tenant = make_tenant(starts_on=date(2099, 1, 1))
    doc = make_flat_document(tenant.flat.housing_company)
    login(client, tenant)
    assert "Pelastussuunnitelma" not in client.get("/my/flat/").text
    answer = client.get(f"/my/flat/documents/{doc.id}")
    assert not answer.data.startswith(b"%PDF")
    assert "Your pages open on" in answer.text or "starts" in answer.text


# --- the demo ---------------------------------------------------------------------------------


def test_demo_rescue_plan_downloads_for_maija_and_not_for_aino(app, client):
    """With the demo loaded: does Maija's flat page list her company's generated rescue plan
    and her building's house rules, both valid PDFs to download, while Aino (another company)
    gets 404 for them?"""
    from pypdf import PdfReader

    from heka_asoy.demo.data import RESIDENT_PASSWORD, load_demo_data

    load_demo_data(app.config["HETU_KEY"].encode(), app.config["UPLOAD_FOLDER"])
    login(client, SimpleNamespace(email="maija.lahtinen@example.fi"), RESIDENT_PASSWORD)
    page = client.get("/my/flat/")
    assert page.status_code == 200
    assert "Pelastussuunnitelma - " in page.text
    assert "Järjestyssäännöt - talo" in page.text
    links = sorted(set(re.findall(r'href="/my/flat/documents/(\d+)"', page.text)))
    assert len(links) == 2
    aino = app.test_client()
    login(aino, SimpleNamespace(email="aino.nieminen@example.fi"), RESIDENT_PASSWORD)
    for doc_id in links:
        answer = client.get(f"/my/flat/documents/{doc_id}")
        assert answer.status_code == 200
        assert len(PdfReader(io.BytesIO(answer.data)).pages) >= 1
        assert aino.get(f"/my/flat/documents/{doc_id}").status_code == 404


def test_desk_search_answers_htmx_with_the_list_only(app, desk, estate):
    answer = desk.get("/staff/documents/?q=Koekatu", headers={"HX-Request": "true"})
    assert answer.status_code == 200
    assert answer.text.lstrip().startswith('<section id="companies"')
    assert f'href="/staff/documents/company/{estate.company.id}"' in answer.text
    assert "<html" not in answer.text
