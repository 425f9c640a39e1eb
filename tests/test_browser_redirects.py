"""An old address, opened in Chromium, lands on the page where it lives now."""

from __future__ import annotations

from datetime import UTC, datetime

from generator.build import build

from .chromium import served
from .conftest import add_incident


def test_an_old_address_lands_on_the_page(browser, content, tmp_path):
    path = add_incident(content, "incident_with_aliases.md")
    # A title that would run script if the redirect page did not escape it.
    path.write_text(
        path.read_text().replace("title: API errors", 'title: "<img src=x onerror=alert(1)>"')
    )
    portal = content / "portal.yml"
    portal.write_text(
        portal.read_text().replace(
            "title: Example Cloud Status", "title: Example Cloud Status\nallow_scripts: true"
        )
    )
    build(content, tmp_path / "www" / "status", datetime(2026, 11, 23, 12, 0, tzinfo=UTC))
    page = browser.new_page()
    dialogs = []
    page.on("dialog", lambda d: (dialogs.append(d.message), d.dismiss()))
    with served(tmp_path / "www") as url:
        for alias in (
            "issues/2026-11-20-api-errors/",
            "issues/2026-11-20-api-%C3%A9rrors/",
            "old/api.html",
        ):
            page.goto(url + "status/" + alias)
            page.wait_for_url("**/status/incidents/2026-11-20-api-errors/")
            assert page.locator("h1").first.inner_text() == "<img src=x onerror=alert(1)>"
    assert dialogs == []
    page.close()
