"""The availability tables on /reports/ and each month's page, opened in Chromium: cells
padded, columns apart, figures right-aligned, nothing wider than a phone, and accessible in
both colour schemes."""

from __future__ import annotations

import pytest
from axe_playwright_python.sync_playwright import Axe

from .chromium import served

PAGES = ("reports/", "reports/2026-10/", "de/reports/2026-10/")

# Per table row: each cell's box, its padding, and the box of the text inside it.
MEASURE = """() => [...document.querySelectorAll('table.ob-table tbody tr')].map(tr =>
  [...tr.children].map(cell => {
    const range = document.createRange();
    range.selectNodeContents(cell);
    const text = range.getBoundingClientRect(), box = cell.getBoundingClientRect();
    const style = getComputedStyle(cell);
    return {textLeft: text.left, textRight: text.right, right: box.right,
            padding: parseFloat(style.paddingLeft), number: cell.tagName === 'TD'};
  }))"""


@pytest.fixture(scope="module")
def root(example_site):
    with served(example_site) as url:
        yield url


@pytest.mark.parametrize("path", PAGES)
def test_columns_are_apart_and_figures_line_up(browser, root, path):
    page = browser.new_page(viewport={"width": 1280, "height": 900})
    page.goto(root + path, wait_until="networkidle")
    rows = page.evaluate(MEASURE)
    assert len(rows) >= 6
    for cells in rows:
        assert all(c["padding"] >= 8 for c in cells), cells
        for left, right in zip(cells, cells[1:], strict=False):
            assert right["textLeft"] - left["textRight"] > 12, (path, cells)
    for column in range(1, len(rows[0])):
        # Right-aligned: every figure ends at the same place, one padding from the cell's edge.
        ends = [cells[column]["textRight"] for cells in rows]
        assert max(ends) - min(ends) < 1.5, (path, column, ends)
        cell = rows[0][column]
        assert abs(cell["right"] - cell["padding"] - cell["textRight"]) < 1.5, (path, cell)
    numeric = page.eval_on_selector(
        "table.ob-table td", "td => getComputedStyle(td).fontVariantNumeric"
    )
    assert numeric == "tabular-nums"
    page.close()


def test_readable_on_a_phone_and_accessible(browser, root):
    found = {}
    for scheme in ("light", "dark"):
        page = browser.new_page(viewport={"width": 375, "height": 800}, color_scheme=scheme)
        for path in PAGES:
            page.goto(root + path, wait_until="networkidle")
            assert page.evaluate("document.documentElement.scrollWidth") <= 375, path
            frame = page.locator(".ob-table-scroll").first.bounding_box()
            assert frame["x"] >= 0 and frame["x"] + frame["width"] <= 375, (path, frame)
            violations = Axe().run(page).response["violations"]
            bad = [v["id"] for v in violations if v["impact"] in ("serious", "critical")]
            if bad:
                found[f"{scheme} {path}"] = bad
        page.close()
    assert found == {}
