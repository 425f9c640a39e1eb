"""A home page that sums up groups, opened in Chromium: accessible, and nothing wider than a
phone."""

from __future__ import annotations

from axe_playwright_python.sync_playwright import Axe

from generator.build import build

from .chromium import served
from .helpers.many_components import NOW, write


def test_summed_up_groups_read_well(browser, tmp_path):
    write(tmp_path / "content", groups=4, per_group=20, ungrouped=2, broken=("g1c3",))
    build(tmp_path / "content", tmp_path / "site", NOW)
    page = browser.new_page()
    with served(tmp_path / "site") as url:
        for path in ("", "groups/g1/", "components/"):
            page.set_viewport_size({"width": 1280, "height": 900})
            page.goto(url + path, wait_until="networkidle")
            violations = Axe().run(page).response["violations"]
            serious = [v["id"] for v in violations if v["impact"] in ("serious", "critical")]
            assert serious == [], (path, serious)
            page.set_viewport_size({"width": 375, "height": 800})
            assert page.evaluate("document.documentElement.scrollWidth") <= 375, path
        page.goto(url, wait_until="networkidle")
        row = page.locator(".ob-component--group").nth(1)
        assert "Major outage: 1" in row.inner_text()
        row.locator(".ob-component__name").click()
        page.wait_for_url("**/groups/g1/")
        assert page.locator(".ob-component").count() == 20
    page.close()
