"""Hostile content, built into a real site and opened in Chromium: no script runs, no handler or
injected element appears, nothing loads from another host, and every title still reads as text.

The check refuses most of these payloads (tests/test_safety.py); here it is switched off, so the
pages show what the sanitiser and the escaping alone do when a check misses something.
"""

from __future__ import annotations

from urllib.parse import urlsplit

import pytest

from generator.build import build
from generator.content import documents

from .chromium import served
from .conftest import EXAMPLE_NOW
from .helpers.hostile_texts import MARKDOWN, TITLES, quoted


def _portal() -> str:
    return "\n".join(
        [
            f"title: {quoted(TITLES[0] + ' Status')}",
            "url: http://127.0.0.1/status/",
            "timezone: Europe/Berlin",
            f"description: {quoted(TITLES[3])}",
            "groups:",
            f"  - {{id: core, name: {quoted(TITLES[2])}}}",
            "components:",
            f"  - {{id: api, name: {quoted(TITLES[1])}, group: core, description: {quoted(TITLES[3])}}}",
            f"  - {{id: web, name: {quoted(TITLES[4])}}}",
            "mkdocs:",
            f"  copyright: {quoted(TITLES[0])}",
            "",
        ]
    )


def _incident(n: int, payload: str) -> str:
    return "\n".join(
        [
            "---",
            f"title: {quoted(TITLES[n % len(TITLES)])}",
            "impact: major",
            "components: {api: partial_outage}",
            "updates:",
            "  - at: 2026-11-23T09:00:00Z",
            "    status: investigating",
            f"    text: {quoted(payload)}",
            f"remedy: {quoted(payload)}",
            "---",
            payload,
            "",
        ]
    )


@pytest.fixture(scope="module")
def hostile_site(tmp_path_factory):
    """Every payload in every kind of field, built with the check switched off, served at /status/."""
    work = tmp_path_factory.mktemp("hostile")
    content = work / "content"
    for kind in ("incidents", "maintenance", "announcements", "pages"):
        (content / kind).mkdir(parents=True)
    (content / "portal.yml").write_text(_portal())
    for n, payload in enumerate(MARKDOWN):
        (content / "incidents" / f"2026-11-23-hostile-{n}.md").write_text(_incident(n, payload))
    every = "\n\n".join(MARKDOWN)
    (content / "maintenance" / "2026-11-24-hostile.md").write_text(
        f"---\ntitle: {quoted(TITLES[1])}\npublished: 2026-11-20T09:00:00Z\nstart: 2026-11-24T02:00:00Z\n"
        f"end: 2026-11-24T04:00:00Z\ncomponents: [api]\nupdates:\n  - at: 2026-11-21T09:00:00Z\n"
        f"    status: scheduled\n    text: {quoted(MARKDOWN[0])}\n---\n{every}\n"
    )
    (content / "announcements" / "2026-11-20-hostile.md").write_text(
        f"---\ntitle: {quoted(TITLES[2])}\npublished: 2026-11-20T09:00:00Z\nkind: change\n"
        f"effective: 2027-01-01\npinned: true\ncomponents: [web]\n---\n{every}\n"
    )
    (content / "pages" / "hostile.md").write_text(
        f"---\ntitle: {quoted(TITLES[3])}\n---\n{every}\n"
    )
    patch = pytest.MonkeyPatch()
    patch.setattr(documents, "check_scripts", lambda *args, **kwargs: True)
    try:
        build(content, work / "www" / "status", EXAMPLE_NOW)
    finally:
        patch.undo()
    with served(work / "www") as url:
        yield url + "status/", work / "www" / "status"


# Elements and attributes that content can never add; Openbook's own history filter is a form.
_FOUND_IN_PAGE = """() => {
  const found = [];
  for (const el of document.querySelectorAll('*')) {
    for (const a of el.attributes) {
      if (/^on/i.test(a.name)) found.push(`${el.tagName} ${a.name}`);
      if (/^(href|src|action|formaction|xlink:href|data)$/i.test(a.name)
          && /^\\s*(javascript|vbscript|data:(?!image\\/(png|jpe?g|gif|webp|avif)))/i.test(a.value)) {
        found.push(`${el.tagName} ${a.name}=${a.value}`);
      }
    }
  }
  const dangerous = 'script, iframe, object, embed, svg, math, style, link, form, input, button, textarea, '
    + 'select, base, meta, animate, set, video, audio, xmp, noscript, template';
  for (const el of document.querySelectorAll('.ob-page :is(' + dangerous + ')')) {
    if (!el.closest('form.ob-filter')) found.push(`injected <${el.tagName.toLowerCase()}>`);
  }
  for (const el of document.querySelectorAll('base, meta[http-equiv]')) found.push(`<${el.tagName}> in the page`);
  return found;
}"""


def test_no_script_runs_and_nothing_loads_from_other_hosts(browser, hostile_site):
    root, folder = hostile_site
    pages = sorted(str(p.parent.relative_to(folder)) for p in folder.rglob("index.html"))
    assert len(pages) >= len(MARKDOWN) + 8  # every incident page, the lists, home, how we work …
    context = browser.new_context()
    dialogs: list[str] = []
    other_hosts: list[str] = []

    def route(request_route) -> None:
        if urlsplit(request_route.request.url).hostname == "127.0.0.1":
            request_route.continue_()
        else:
            other_hosts.append(request_route.request.url)
            request_route.abort()

    context.route("**/*", route)
    page = context.new_page()
    page.on(
        "dialog", lambda dialog: (dialogs.append(f"{page.url}: {dialog.message}"), dialog.dismiss())
    )
    found = {}
    for name in pages:
        page.goto(root + ("" if name == "." else name + "/"), wait_until="load")
        page.keyboard.press("Tab")  # focus handlers would fire now
        problems = page.evaluate(_FOUND_IN_PAGE)
        if problems:
            found[name] = problems
    context.close()
    assert dialogs == []
    assert other_hosts == []
    assert found == {}


def test_titles_and_names_read_as_written(browser, hostile_site):
    root, _ = hostile_site
    page = browser.new_page()
    site_title = TITLES[0] + " Status"
    for n in range(len(TITLES)):
        page.goto(root + f"incidents/2026-11-23-hostile-{n}/")
        assert page.title() == f"{TITLES[n]} – {site_title}"
        assert page.inner_text("h1") == TITLES[n]
        assert page.get_attribute("meta[name=description]", "content").startswith(
            page.inner_text(".ob-update__text >> nth=0")[:40]
        )
    page.goto(root)
    assert page.title() == site_title
    assert page.get_attribute("meta[name=description]", "content") == TITLES[3]
    assert TITLES[1] in page.inner_text(".ob-page")  # a component's name
    assert TITLES[2] in page.inner_text(".ob-page")  # a group's name
    assert page.inner_text(".md-copyright__highlight").strip() == TITLES[0]
    assert page.locator(".md-header__topic").first.inner_text().strip() == site_title
    feeds = page.eval_on_selector_all(
        "link[type='application/atom+xml']", "links => links.map(l => l.title)"
    )
    assert f"{site_title}: All updates (Atom)" in feeds
    page.goto(root + "how-we-work/hostile/")
    assert page.title() == f"{TITLES[3]} – {site_title}"
    nav = page.eval_on_selector_all(
        ".md-nav__link", "links => links.map(l => l.textContent.trim())"
    )
    assert TITLES[3] in nav
    page.close()


def test_new_tab_links_get_no_handle_on_the_page(hostile_site):
    _, folder = hostile_site
    html = (
        folder / "incidents" / f"2026-11-23-hostile-{len(MARKDOWN) - 1}" / "index.html"
    ).read_text()
    assert '<a rel="noopener noreferrer" href="https://evil.example/" target="_blank">' in html
