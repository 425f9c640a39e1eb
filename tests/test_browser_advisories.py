"""Advisory pages in Chromium, a normal and a hostile advisory: accessible in both colour
schemes (axe), no wider than a phone, and the hostile one's markup shown as text."""

from __future__ import annotations

import os
import shutil
from datetime import UTC, datetime
from pathlib import Path

import pytest

from generator.build import build

from .chromium import served, views_problems
from .conftest import FIXTURES
from .helpers.advisories import DISCLOSURES

NOW = datetime(2026, 11, 23, 12, 0, tzinfo=UTC)
PAGES = (
    "advisories/",
    "advisories/2026-11-02-advisory-normal/",
    "advisories/2026-11-02-advisory-hostile/",
    "incidents/2026-11-20-api-errors/",
)
SHOTS = Path(os.environ.get("OPENBOOK_SHOTS", Path(__file__).parent / "screenshots"))


@pytest.fixture(scope="module")
def root(tmp_path_factory):
    content = tmp_path_factory.mktemp("advisories") / "content"
    (content / "incidents").mkdir(parents=True)
    (content / "portal.yml").write_text(
        (FIXTURES / "portal.yml").read_text() + (DISCLOSURES / "security.yml").read_text()
    )
    shutil.copy(FIXTURES / "incident_valid.md", content / "incidents" / "2026-11-20-api-errors.md")
    (content / "advisories").mkdir()
    for name in ("advisory-normal", "advisory-hostile"):
        shutil.copy(
            DISCLOSURES / f"{name.replace('-', '_')}.md",
            content / "advisories" / f"2026-11-02-{name}.md",
        )
    (content / "pages").mkdir()
    shutil.copy(DISCLOSURES / "disclosure.md", content / "pages" / "disclosure.md")
    out = content.parent / "site"
    build(content, out, NOW, jobs=1)
    with served(out) as url:
        yield url


def test_hostile_text_is_shown_as_text(browser, root):
    page = browser.new_page()
    page.goto(root + "advisories/2026-11-02-advisory-hostile/", wait_until="networkidle")
    assert page.evaluate("document.querySelectorAll('.ob-page script, .ob-page img').length") == 0
    heading = page.evaluate("document.querySelector('.ob-advisory h1').textContent")
    assert heading == '</title><script>alert(1)</script> & "quotes" ü 日本'
    cells = page.evaluate(
        "[...document.querySelectorAll('.ob-advisory td')].map(t => t.textContent)"
    )
    assert cells[0] == '<img src=x onerror=alert(1)> Widget, "v2"'
    page.close()


def test_readable_on_a_phone_and_accessible_in_both_schemes(browser, root):
    assert (
        views_problems(
            browser,
            root,
            PAGES,
            (("light", 1280), ("dark", 1280), ("light", 375), ("dark", 375)),
            SHOTS,
        )
        == {}
    )
