"""Issue 9 §7: every text that gives the desk's weekday hours says they do not hold on public
holidays (the desk is closed then and the on-call number applies)."""

from __future__ import annotations

from pathlib import Path

import heka_asoy

TEMPLATES = Path(heka_asoy.__file__).parent / "templates"


def test_every_weekday_hours_text_excepts_public_holidays():
    """Does every template line with "Mon–Fri 9–12" also say "except public holidays"?"""
    missing = [
        f"{path.relative_to(TEMPLATES)}:{number}"
        for path in TEMPLATES.rglob("*.*")
        for number, line in enumerate(path.read_text(encoding="utf-8").splitlines(), 1)
        if "Mon–Fri 9–12" in line and "except public holidays" not in line
    ]
    assert missing == []


def test_front_page_and_footer_say_except_public_holidays(app, client):
    """Do the front page's urgent numbers and the footer's desk hours say it?"""
    page = client.get("/").get_data(as_text=True)
    assert "Mon–Fri 9–12 (except public holidays) call" in page
    assert "Mon–Fri 9–12, except public holidays" in page
