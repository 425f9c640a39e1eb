"""A policy's redline and the subprocessor register in Chromium: accessible in both colour
schemes, no wider than a phone, and a change told by its line, not by colour alone."""

from __future__ import annotations

from pathlib import Path

import pytest

from generator.build import build

from .chromium import served, views_problems
from .helpers.policy_story import NOW, story

PAGES = (
    "policies/",
    "policies/privacy/",
    "policies/privacy/2027-01-01/",
    "policies/privacy/2027-01-01/changes/",
    "subprocessors/",
    "de/policies/privacy/2027-01-01/changes/",
)
SHOTS = Path(__file__).parent / "screenshots"

# Each mark's own line, and whether its screen-reader words take no room on the screen.
MARKS = """() => [...document.querySelectorAll('.ob-redline ins, .ob-redline del')].map(e => {
  const hidden = [...e.querySelectorAll('.ob-sr')].map(s => s.getBoundingClientRect());
  return {tag: e.tagName.toLowerCase(), line: getComputedStyle(e).textDecorationLine,
          hidden: hidden.length === 2 && hidden.every(r => r.width <= 1 && r.height <= 1)};
})"""


@pytest.fixture(scope="module")
def root(tmp_path_factory):
    out = tmp_path_factory.mktemp("policies-site") / "site"
    build(story(tmp_path_factory.mktemp("policies-story")), out, NOW, jobs=1)
    with served(out) as url:
        yield url


def test_a_change_is_told_by_its_line_and_to_screen_readers(browser, root):
    page = browser.new_page(viewport={"width": 1280, "height": 900})
    page.goto(root + "policies/privacy/2027-01-01/changes/", wait_until="networkidle")
    marks = page.evaluate(MARKS)
    assert {m["tag"] for m in marks} == {"ins", "del"}
    for mark in marks:
        wanted = "underline" if mark["tag"] == "ins" else "line-through"
        assert wanted in mark["line"], mark
        assert mark["hidden"], mark
    # What a screen reader reads: the hidden words around each change.
    text = page.evaluate("document.querySelector('.ob-redline del').textContent")
    assert text.startswith("[removed: ") and text.endswith("]")
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
