"""Every kind of page of the example site in Chromium: light, dark (Material's slate) and a
phone's width, with the browser's clock at the build's "now". Nothing is wider than the phone.

OPENBOOK_SCREENSHOTS=DIR saves a full-page PNG of each, to look at after a change of templates
or CSS: `OPENBOOK_SCREENSHOTS=/tmp/shots python -m pytest tests/test_browser_screens.py`.
"""

from __future__ import annotations

import os
from pathlib import Path

import pytest

from .chromium import served
from .conftest import EXAMPLE_NOW

PAGES = {
    "home": "",
    "incident": "incidents/2026-10-08-postgres-eu-central-outage/",
    "history": "incidents/",
    "maintenance-list": "maintenance/",
    "maintenance": "maintenance/2026-12-01-api-database-upgrade/",
    "announcements": "announcements/",
    "announcement": "announcements/2026-11-02-new-api-rate-limits/",
    "commitments": "commitments/",
    "components": "components/",
    "component": "components/postgres/",
    "group": "groups/data/",
    "how-we-work": "how-we-work/",
    "how-we-work-page": "how-we-work/incident-handling/",
    "subscribe": "subscribe/",
    "reports": "reports/",
    "report-month": "reports/2026-10/",
    "changes": "changes/",
    "404": "404.html",
    "de-home": "de/",
    "de-report-month": "de/reports/2026-10/",
}
MODES = {"light": (1280, "light"), "dark": (1280, "dark"), "phone": (375, "light")}


@pytest.mark.parametrize("mode", MODES)
def test_every_page_kind_fits_and_renders(browser, example_site, mode):
    width, scheme = MODES[mode]
    folder = os.environ.get("OPENBOOK_SCREENSHOTS")
    context = browser.new_context(viewport={"width": width, "height": 900}, color_scheme=scheme)
    context.clock.install(time=EXAMPLE_NOW.timestamp())
    page = context.new_page()
    errors = []
    page.on("pageerror", lambda exc: errors.append(str(exc)))
    too_wide = {}
    with served(example_site) as root:
        for name, path in PAGES.items():
            page.goto(root + path, wait_until="networkidle")
            expected = "slate" if scheme == "dark" else "default"
            assert page.get_attribute("body", "data-md-color-scheme") == expected
            assert page.locator("h1").count() >= 1, name
            wide = page.evaluate("document.documentElement.scrollWidth")
            if wide > width:
                too_wide[name] = wide
            if folder:
                Path(folder).mkdir(parents=True, exist_ok=True)
                page.screenshot(path=f"{folder}/{name}-{mode}.png", full_page=True)
    context.close()
    assert too_wide == {} and errors == []
