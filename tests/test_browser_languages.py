"""German and Arabic pages in real headless Chromium: accessible, in one language only (with
the words the script writes), right to left where Arabic is, and switchable to the same page."""

from __future__ import annotations

import pytest

from generator.build import build

from .chromium import served
from .helpers.languages import NOW, catalog_strings, neutral, whole_word

axe_module = pytest.importorskip(
    "axe_playwright_python.sync_playwright", reason="needs axe-playwright-python"
)

PAGES = ["", "incidents/2026-11-23-open/", "incidents/", "components/alpha/", "maintenance/"]


@pytest.fixture(scope="module")
def root(tmp_path_factory):
    """The neutral content in English, German and Arabic, served at /status/."""
    work = tmp_path_factory.mktemp("languages")
    content = neutral(work / "content", "languages: [en, de, ar]", url="http://127.0.0.1/status/")
    build(content, work / "www" / "status", NOW)
    with served(work / "www") as url:
        yield url + "status/"


@pytest.fixture
def page(browser):
    # A visitor in another zone than the site's, so the script adds their own times in words.
    context = browser.new_context(timezone_id="America/New_York", locale="en-US")
    yield context.new_page()
    context.close()


@pytest.mark.parametrize("language", ["de", "ar"])
def test_lang_dir_and_only_the_pages_language(page, root, language):
    foreign = {s for s in catalog_strings("en") - catalog_strings(language) if len(s) >= 4}
    foreign |= {"your time", "ago", "minutes", "hours", "days", "Scheduled", "In progress"}
    for url in PAGES:
        page.goto(f"{root}{language}/{url}", wait_until="networkidle")
        assert page.get_attribute("html", "lang") == language
        assert page.get_attribute("body", "dir") == ("rtl" if language == "ar" else "ltr")
        text = page.inner_text(".ob-page")
        labels = page.eval_on_selector_all(
            ".ob-page [aria-label], .ob-page [title]",
            "els => els.map(e => (e.getAttribute('aria-label') || '') + ' ' + (e.getAttribute('title') || ''))",
        )
        seen = text + "\n" + "\n".join(labels)
        assert page.locator(".ob-localtime").count() > 0  # the script wrote its words
        found = sorted(word for word in foreign if word in seen and whole_word(word, seen))
        assert found == [], (url, found)


def test_relative_times_in_the_pages_language(page, root):
    page.clock.set_fixed_time(NOW)  # the visitor reads the page when it was built
    page.goto(root + "de/", wait_until="networkidle")
    relative = page.inner_text(".ob-banner__time .ob-relative")
    assert relative and any(word in relative for word in ("vor", "gestern", "heute", "jetzt"))


@pytest.mark.parametrize("language", ["de", "ar"])
def test_no_serious_accessibility_violations(page, root, language):
    axe = axe_module.Axe()
    found = {}
    for url in PAGES:
        page.goto(f"{root}{language}/{url}", wait_until="networkidle")
        violations = axe.run(page).response["violations"]
        bad = [f"{v['id']}" for v in violations if v["impact"] in ("serious", "critical")]
        if bad:
            found[url] = bad
    assert found == {}


def test_arabic_bars_read_from_the_right(page, root):
    page.goto(root + "ar/", wait_until="networkidle")
    bars = page.locator(".ob-component").first.locator(".ob-bar")
    boxes = bars.evaluate_all("els => els.map(e => e.getBoundingClientRect().x)")
    assert len(boxes) == 90
    assert boxes[0] > boxes[-1]  # the oldest day on the right, today on the left


@pytest.mark.parametrize("start, choose, expected", [("de/", "en", ""), ("", "ar", "ar/")])
def test_the_switcher_reaches_the_same_page(page, root, start, choose, expected):
    incident = "incidents/2026-11-23-open/"
    page.goto(root + start + incident, wait_until="networkidle")
    page.click(".md-header__option .md-select > button")
    page.click(f".md-select__link[hreflang='{choose}']")
    page.wait_for_load_state("networkidle")
    assert page.url == root + expected + incident
    assert page.get_attribute("html", "lang") == choose


@pytest.mark.parametrize("language", ["en", "de", "fr", "ja", "ar"])
def test_badge_words_fit_their_halves(page, tmp_path, language):
    """Every status word of every badge, drawn by Chromium, fits inside its coloured half."""
    if language == "ja" and not _has_font_for("ja"):
        pytest.skip("no Japanese font to draw with (apt-get install fonts-ipafont-gothic)")
    from generator.content.vocab import ComponentStatus
    from generator.outputs.badges import badge
    from generator.words import Words

    words = Words(language)
    names = {"en": "Object Storage", "ja": "オブジェクトストレージ", "ar": "تخزين الكائنات"}
    label = names.get(language, "Object Storage")
    messages = [*words.badge.values(), *(words.phrase[s] for s in ComponentStatus)]
    for number, message in enumerate(messages):
        (tmp_path / f"{number}.svg").write_bytes(badge(label, message, "#1a7f37"))
    with served(tmp_path) as url:
        for number, message in enumerate(messages):
            page.goto(f"{url}{number}.svg")
            boxes = page.eval_on_selector_all(
                "svg > g[clip-path] > rect:not([fill^=url])",
                "rects => rects.map(r => r.width.baseVal.value)",
            )
            drawn = page.eval_on_selector_all(
                "text", "texts => texts.map(t => t.getComputedTextLength())"
            )
            assert len(boxes) == len(drawn) == 2
            for box, length, text in zip(boxes, drawn, [label, message], strict=True):
                assert length + 4 <= box, (language, text, length, box)


def _has_font_for(language: str) -> bool:
    """Whether fontconfig knows a font for `language`: without one, Chromium draws narrow boxes."""
    import shutil
    import subprocess

    if not shutil.which("fc-list"):
        return False
    listed = subprocess.run(["fc-list", f":lang={language}"], capture_output=True, text=True)
    return bool(listed.stdout.strip())
