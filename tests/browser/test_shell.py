from tests.browser.conftest import assert_accessible  # noqa


def test_smoke(browsing):
    page = browsing.new_page()
    page.goto(browsing.url("/"))
    print(page.title())
    browsing.check(page, "front")
