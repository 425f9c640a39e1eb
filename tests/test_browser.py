"""The example site in real headless Chromium, served under a subpath as GitHub Pages serves it."""

from __future__ import annotations

import gzip
import shutil
from datetime import timedelta
from urllib.parse import urlsplit

import pytest

from generator.build import build

from .chromium import served
from .conftest import EXAMPLE, EXAMPLE_NOW, ROOT

axe_module = pytest.importorskip(
    "axe_playwright_python.sync_playwright", reason="needs axe-playwright-python"
)

PAGES = {
    "home": "",
    "open incident": "incidents/2026-11-23-webhook-delivery-failures/",
    "resolved incident": "incidents/2026-10-08-postgres-eu-central-outage/",
    "history": "incidents/",
    "component": "components/postgres/",
    "components": "components/",
    "group": "groups/platform/",
    "maintenance": "maintenance/",
    "maintenance window": "maintenance/2026-12-01-api-database-upgrade/",
    "announcements": "announcements/",
    "announcement": "announcements/2026-11-02-new-api-rate-limits/",
    "commitments": "commitments/",
    "how we work": "how-we-work/incident-handling/",
    "subscribe": "subscribe/",
    "home de": "de/",
    "resolved incident de": "de/incidents/2026-10-08-postgres-eu-central-outage/",
    "announcement de": "de/announcements/2026-11-02-new-api-rate-limits/",
}
SHOTS = ROOT / "tests" / "screenshots"


@pytest.fixture(scope="module")
def root(tmp_path_factory):
    """The example site built for http://127.0.0.1/status/ and served there on a free port."""
    work = tmp_path_factory.mktemp("browser")
    content = work / "content"
    shutil.copytree(EXAMPLE, content)
    portal = content / "portal.yml"
    portal.write_text(
        portal.read_text().replace("https://status.northwind.example/", "http://127.0.0.1/status/")
    )
    build(content, work / "www" / "status", EXAMPLE_NOW)
    with served(work / "www") as url:
        yield url + "status/"


@pytest.fixture
def context(browser):
    context = browser.new_context(timezone_id="UTC", locale="en-GB")
    yield context
    context.close()


def test_pages_load_cleanly_and_only_from_this_host(context, root):
    page = context.new_page()
    problems: list[str] = []
    page.on(
        "console",
        lambda m: (
            problems.append(f"console {m.type}: {m.text}")
            if m.type in ("error", "warning")
            else None
        ),
    )
    page.on("pageerror", lambda e: problems.append(f"script error: {e}"))
    page.on("requestfailed", lambda r: problems.append(f"failed: {r.url}"))
    page.on(
        "response", lambda r: problems.append(f"{r.status}: {r.url}") if r.status >= 400 else None
    )
    page.on(
        "request",
        lambda r: (
            problems.append(f"other host: {r.url}")
            if urlsplit(r.url).hostname != "127.0.0.1" and not r.url.startswith("data:")
            else None
        ),
    )
    for name, url in PAGES.items():
        page.goto(root + url, wait_until="networkidle")
        assert page.title(), name
    assert problems == []


def test_feed_links_go_to_the_feeds(context, root):
    """Material treats rel=alternate links as translations; the site keeps them out of its way."""
    page = context.new_page()
    page.goto(root, wait_until="networkidle")
    with page.expect_response(lambda r: r.url.endswith("/feeds/all.atom")) as response:
        page.click(".ob-subscribe a[href$='feeds/all.atom']")
    assert response.value.status == 200


def test_no_serious_accessibility_violations(context, root):
    page = context.new_page()
    axe = axe_module.Axe()
    found = {}
    for scheme in ("light", "dark"):
        page.emulate_media(color_scheme=scheme)
        for name, url in PAGES.items():
            page.goto(root + url, wait_until="networkidle")
            violations = axe.run(page).response["violations"]
            bad = [
                f"{v['id']} ({len(v['nodes'])})"
                for v in violations
                if v["impact"] in ("serious", "critical")
            ]
            if bad:
                found[f"{scheme} {name}"] = bad
    assert found == {}


def test_readable_without_javascript(browser, root):
    context = browser.new_context(java_script_enabled=False)
    page = context.new_page()
    page.goto(root)
    assert page.inner_text("#ob-banner-text") == "Partial outage affecting Webhooks"
    assert (
        "Webhook deliveries delayed and failing"
        in page.locator("section", has=page.locator("#ob-open")).inner_text()
    )
    assert page.locator(".ob-component").count() == 6
    assert page.inner_text(".ob-banner__time time") == "13:00 CET"
    page.goto(root + PAGES["resolved incident"])
    assert page.locator(".ob-timeline__item").count() == 6
    assert page.inner_text(".ob-facts").count("CEST") >= 2
    page.goto(root + PAGES["maintenance"])
    upcoming = page.locator("section", has=page.locator("#ob-upcoming")).inner_text()
    assert "Scheduled" in upcoming and "1 Dec 2026, 03:00 CET" in upcoming
    context.close()


def test_nothing_scrolls_sideways_on_a_phone(browser, root):
    context = browser.new_context(
        viewport={"width": 375, "height": 800}, device_scale_factor=2, is_mobile=True
    )
    page = context.new_page()
    wide = {}
    for name, url in PAGES.items():
        page.goto(root + url, wait_until="networkidle")
        width = page.evaluate("document.documentElement.scrollWidth")
        if width > 375:
            wide[name] = width
    assert wide == {}
    bars = page.goto(root) and page.locator(".ob-bars").first.bounding_box()
    assert bars["width"] <= 375
    context.close()


def test_times_in_the_visitors_zone(browser, root):
    context = browser.new_context(timezone_id="America/New_York", locale="en-US")
    page = context.new_page()
    page.clock.set_fixed_time(EXAMPLE_NOW)
    page.goto(root, wait_until="networkidle")
    banner = page.inner_text(".ob-banner__time")
    assert "13:00 CET" in banner and "07:00 your time" in banner
    page.goto(root + PAGES["resolved incident"], wait_until="networkidle")
    started = page.inner_text(".ob-facts > div:nth-child(4) dd")
    assert (
        "8 Oct 2026, 04:17 CEST" in started and "10:17 PM" not in started
    )  # 7 Oct 22:17 in New York
    assert "7 Oct" in started or "Oct 7" in started
    context.close()


def test_a_promise_from_another_day_shows_its_date_in_the_visitors_zone(browser, root):
    """The build said "by 13:30 CET" on the day; a visitor reading it the next day sees the date."""
    context = browser.new_context(timezone_id="America/New_York", locale="en-GB")
    page = context.new_page()
    page.clock.set_fixed_time(EXAMPLE_NOW + timedelta(days=1))
    page.goto(root, wait_until="networkidle")
    promise = page.inner_text(".ob-card .ob-next")
    assert "13:30 CET" in promise and "(23 Nov, 07:30 your time)" in promise
    page.clock.set_fixed_time(EXAMPLE_NOW)
    page.goto(root, wait_until="networkidle")
    assert "(07:30 your time)" in page.inner_text(".ob-card .ob-next")
    context.close()


def test_keyboard_reaches_every_link_with_a_visible_focus_ring(context, root):
    page = context.new_page()
    page.goto(root + PAGES["resolved incident"], wait_until="networkidle")
    wanted = page.evaluate("[...document.querySelectorAll('.ob-page a[href]')].map(a => a.href)")
    reached, unringed = set(), []
    for _ in range(400):
        page.keyboard.press("Tab")
        info = page.evaluate("""() => {
            const e = document.activeElement; if (!e || e === document.body) return null;
            const shows = el => { const s = getComputedStyle(el);
                return (s.outlineStyle !== 'none' && parseFloat(s.outlineWidth) > 0) || s.boxShadow !== 'none'; };
            // A visually hidden control (Material's palette switch) shows its ring on its label.
            const next = e.nextElementSibling;
            const label = next && next.tagName === 'LABEL' ? next : null;
            return {href: e.href || `${e.tagName}#${e.id || e.className}`, ring: shows(e) || (label && shows(label))};
        }""")
        if info is None:
            continue
        if not info["ring"]:
            unringed.append(info["href"])
        reached.add(info["href"])
        if set(wanted) <= reached:
            break
    assert set(wanted) <= reached
    assert unringed == []


def test_dark_scheme_follows_the_system_and_has_a_toggle(browser, root):
    context = browser.new_context(color_scheme="dark")
    page = context.new_page()
    page.goto(root, wait_until="networkidle")
    assert page.get_attribute("body", "data-md-color-scheme") == "slate"
    page.click("label.md-header__button[for^='__palette']:visible")
    assert page.get_attribute("body", "data-md-color-scheme") == "default"
    context.close()


def test_print_shows_the_report_without_the_chrome(context, root):
    page = context.new_page()
    page.goto(root + PAGES["resolved incident"], wait_until="networkidle")
    page.emulate_media(media="print")
    assert not page.is_visible(".md-header")
    assert page.is_visible(".ob-report")


def test_home_page_weight_and_layout_shift(context, root):
    page = context.new_page()
    sizes: dict[str, int] = {}

    def count(response):
        if "/assets/stylesheets/" in response.url or "/assets/javascripts/" in response.url:
            return  # Material's theme files: the same on every page and cached
        try:
            sizes[response.url] = len(gzip.compress(response.body()))
        except Exception:  # noqa: BLE001 - a response without a body (a redirect) weighs nothing
            pass

    page.on("response", count)
    page.goto(root, wait_until="networkidle")
    assert sum(sizes.values()) < 150_000, sizes


_SHIFTS = """
    window.__shift = 0;
    new PerformanceObserver(list => { for (const e of list.getEntries()) window.__shift += e.value; })
        .observe({type: 'layout-shift', buffered: true});
"""


@pytest.mark.parametrize(
    "zone, width",
    [
        ("Europe/Berlin", 1280),
        ("America/New_York", 1280),
        ("America/New_York", 390),
        ("Asia/Kolkata", 390),
    ],
)
def test_no_layout_shift_in_any_zone(browser, root, zone, width):
    """Local times are added before the page is first shown, so nothing below them moves."""
    context = browser.new_context(
        timezone_id=zone,
        viewport={"width": width, "height": 800},
        is_mobile=width < 500,
        device_scale_factor=2 if width < 500 else 1,
    )
    page = context.new_page()
    page.add_init_script(_SHIFTS)
    shifts = {}
    for name in ("home", "open incident", "maintenance"):
        page.goto(root + PAGES[name], wait_until="networkidle")
        page.wait_for_timeout(300)
        shifts[name] = round(page.evaluate("window.__shift"), 4)
    context.close()
    assert max(shifts.values()) < 0.01, shifts


@pytest.mark.parametrize("name", ["home", "resolved incident", "commitments", "home de"])
@pytest.mark.parametrize("width", [1280, 390])
def test_screenshots(browser, root, name, width):
    SHOTS.mkdir(exist_ok=True)
    context = browser.new_context(
        viewport={"width": width, "height": 900}, timezone_id="Europe/Berlin"
    )
    page = context.new_page()
    page.goto(root + PAGES[name], wait_until="networkidle")
    path = SHOTS / f"{name.replace(' ', '-')}-{width}.png"
    page.screenshot(path=str(path), full_page=True)
    assert path.stat().st_size > 10_000
    context.close()


def test_the_history_filter_finds_incidents_and_links_them(context, root):
    page = context.new_page()
    page.goto(root + PAGES["history"], wait_until="networkidle")
    page.fill(".ob-filter input[name=q]", "Postgres unavailable")
    page.click(".ob-filter__go")
    link = page.locator(".ob-filter__results a").first
    link.wait_for()
    assert link.get_attribute("href") == "../incidents/2026-10-08-postgres-eu-central-outage/"
    link.click()
    page.wait_for_load_state()
    assert page.url == root + PAGES["resolved incident"]
