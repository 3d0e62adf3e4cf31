"""The flat page and the desk's documents pages pass axe in Finnish, Swedish and English; the
rescue plan downloads by keyboard for one's own building and is 404 for another building's
document; the desk uploads a rescue plan by keyboard and hears a refusal in words.

Data is made with the factories: a company with buildings A and B, a tenant in A, the company's
rescue plan and a document of building B only.
"""

from __future__ import annotations

import pytest
from playwright.sync_api import expect

from heka_asoy.models import Building, Document
from tests.browser.a11y_helpers import (
    check,
    log_in,
    no_horizontal_scroll,
    open_page,
    page_in,
)
from tests.factories import (
    make_company,
    make_flat,
    make_flat_document,
    make_lease,
    make_resident,
    make_staff,
    make_user,
    scan_pdf,
)

pytestmark = pytest.mark.browser


def _data():
    company = make_company(
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
    resident = make_resident()
    make_lease(make_flat(company, building=a), [resident])
    tenant = make_user(resident)
    plan = make_flat_document(company, title="Pelastussuunnitelma 2026")
    other = make_flat_document(company, b, kind="house_rules", title="B-talon säännöt")
    return {
        "tenant": tenant.email,
        "staff": make_staff().email,
        "company": company.id,
        "plan": plan.id,
        "other": other.id,
    }


@pytest.mark.parametrize("lang", ["fi", "sv", "en"])
def test_flat_page_and_rescue_plan_download(browsing, in_app, lang):
    """Is the flat page accessible, reached from the dashboard by keyboard, does the rescue
    plan download by keyboard (a PDF under its name), and is another building's document 404?"""
    with in_app():
        data = _data()
    page = page_in(browsing, lang)
    log_in(browsing, page, data["tenant"])
    open_page(browsing, page, "/my/", lang, "dashboard")
    page.locator('a[href="/my/flat/"]').focus()
    page.keyboard.press("Enter")
    expect(page).to_have_url(browsing.url("/my/flat/"))
    check(browsing, page, lang, "flat page")
    expect(page.get_by_text("Isa Isännöitsijä")).to_be_visible()

    link = page.locator(f'a[href="/my/flat/documents/{data["plan"]}"]').first
    link.focus()
    with page.expect_download() as info:
        page.keyboard.press("Enter")
    download = info.value
    assert download.suggested_filename == "rescue-plan.pdf"
    with open(download.path(), "rb") as fh:
        assert fh.read(5) == b"%PDF-"
    expect(page.locator(f'a[href="/my/flat/documents/{data["other"]}"]')).to_have_count(0)

    answer = page.context.request.get(browsing.url(f"/my/flat/documents/{data['other']}"))
    assert answer.status == 404
    open_page(browsing, page, f"/my/flat/documents/{data['other']}", lang, "another building", 404)


def test_flat_page_fits_a_narrow_screen(browsing, in_app):
    with in_app():
        data = _data()
    page = page_in(browsing, "fi", viewport={"width": 390, "height": 844})
    log_in(browsing, page, data["tenant"])
    open_page(browsing, page, "/my/flat/", "fi", "flat page, 390 px")
    no_horizontal_scroll(page, "flat page, 390 px")


@pytest.mark.parametrize("lang", ["fi", "sv", "en"])
def test_desk_documents_by_keyboard(browsing, in_app, lang, tmp_path):
    """Are the desk's documents pages accessible; does a rescue plan upload by keyboard replace
    the current one, and is a file that is not a PDF refused in words?"""
    with in_app():
        data = _data()
    good = tmp_path / "suunnitelma.pdf"
    good.write_bytes(scan_pdf("Pelastussuunnitelma 2027"))
    bad = tmp_path / "kuva.pdf"
    bad.write_bytes(b"GIF89a this is no PDF")

    desk = page_in(browsing, lang)
    log_in(browsing, desk, data["staff"])
    open_page(browsing, desk, "/staff/", lang, "desk home")
    desk.locator('a[href="/staff/documents/"]').focus()
    desk.keyboard.press("Enter")
    expect(desk).to_have_url(browsing.url("/staff/documents/"))
    check(browsing, desk, lang, "desk documents search")

    company = f"/staff/documents/company/{data['company']}"
    open_page(browsing, desk, company, lang, "desk company documents")
    desk.locator("#scope").focus()
    desk.keyboard.press("ArrowDown")  # from the whole company to building A
    desk.keyboard.press("ArrowUp")  # and back: the select works by keyboard
    expect(desk.locator("#scope")).to_have_value("company")
    desk.locator("#kind-0").focus()
    desk.keyboard.press("Space")
    expect(desk.locator("#kind-0")).to_be_checked()
    desk.locator("#file").set_input_files(str(good))
    desk.locator("#title").fill("Pelastussuunnitelma 2027")
    desk.locator("#title").press("Enter")
    expect(desk.locator(".flash--success")).to_be_visible()
    check(browsing, desk, lang, "desk company documents after an upload")

    desk.locator("#file").set_input_files(str(bad))
    desk.locator("#title").fill("Kuva")
    desk.locator("#title").press("Enter")
    expect(desk.locator(".error-summary")).to_be_visible()
    expect(desk.locator("#file")).to_have_attribute("aria-invalid", "true")
    check(browsing, desk, lang, "desk upload refused")

    open_page(browsing, desk, f"/staff/documents/{data['plan']}", lang, "desk document page")

    with in_app():
        plans = list(Document.select().where(Document.kind == "rescue_plan"))
        assert [(d.id, d.title) for d in plans] == [(data["plan"], "Pelastussuunnitelma 2027")]
