"""Our Chromium switches do what conftest.py says: the address bar's popup pages are gone, and
our ``--disable-features`` (the one Chromium keeps: the last) still holds every feature that
Playwright's own switch turns off."""

from __future__ import annotations

import pytest

from tests.browser.conftest import NO_ADDRESS_BAR_POPUPS

pytestmark = pytest.mark.browser


def _features(switch: str) -> set[str]:
    return set(switch.partition("=")[2].split(","))


def test_our_disabled_features_keep_playwrights_and_drop_the_popups(
    browser_type, browser_type_launch_args
):
    args = [*browser_type_launch_args["args"], "--enable-automation"]  # lets CDP show the line
    browser = browser_type.launch(**{**browser_type_launch_args, "args": args})
    try:
        context = browser.new_context()
        context.new_page().goto("about:blank")
        session = browser.new_browser_cdp_session()
        line = session.send("Browser.getBrowserCommandLine")["arguments"]
        targets = session.send("Target.getTargets")["targetInfos"]
    finally:
        browser.close()
    switches = [arg for arg in line if arg.startswith("--disable-features=")]
    assert len(switches) == 2, switches  # Playwright's, then ours
    playwrights, ours = (_features(s) for s in switches)
    assert playwrights <= ours, f"update PLAYWRIGHT_DISABLED_FEATURES: {playwrights - ours}"
    assert set(NO_ADDRESS_BAR_POPUPS) <= ours
    assert [t["type"] for t in targets] == ["page"], targets
