"""The example site built with real MkDocs + Material: golden facts, determinism, atomicity."""

from __future__ import annotations

import shutil
from datetime import UTC, datetime
from pathlib import Path

import pytest
from lxml import html as lhtml

from generator.build import build
from generator.errors import BuildError, ContentErrors

from .conftest import EXAMPLE, EXAMPLE_NOW
from .helpers.trees import tree_digest


def page(site: Path, url: str):
    return lhtml.fromstring((site / url / "index.html").read_text(encoding="utf-8"))


def text(element) -> str:
    return " ".join(element.text_content().split())


def test_home_page_banner_and_open_incident(example_site):
    home = page(example_site, "")
    assert home.findtext(".//title") == "Northwind Cloud Status"
    assert text(home.get_element_by_id("ob-banner-text")) == "Partial outage affecting Webhooks"
    updated = home.cssselect(".ob-banner__time time")[0]
    assert (updated.get("datetime"), updated.text) == ("2026-11-23T12:00:00Z", "13:00 CET")
    (card,) = home.get_element_by_id("ob-open").getparent().cssselect(".ob-card")
    assert text(card.cssselect("h3")[0]) == "Webhook deliveries delayed and failing"
    assert text(card.cssselect(".ob-update__meta")[0]) == "Identified 23 Nov 2026, 12:20 CET"
    assert "rolling back the release" in text(card.cssselect(".ob-update__text")[0])
    assert text(card.cssselect(".ob-next")[0]) == "Next update by 13:30 CET"
    assert (
        card.cssselect("h3 a")[0].get("href") == "./incidents/2026-11-23-webhook-delivery-failures/"
    )


@pytest.mark.slow
def test_an_overdue_promise_from_another_day_shows_its_date(tmp_path):
    out = tmp_path / "site"
    build(EXAMPLE, out, datetime(2026, 11, 24, 9, 0, tzinfo=UTC))
    (card,) = page(out, "").get_element_by_id("ob-open").getparent().cssselect(".ob-card")
    assert text(card.cssselect(".ob-next")[0]) == "Next update by 23 Nov 2026, 13:30 CET (overdue)"


def test_home_page_components_by_group_with_text_status(example_site):
    home = page(example_site, "")
    groups = {
        text(g.cssselect(".ob-group__name")[0]): [
            (text(c.cssselect(".ob-component__name")[0]), text(c.cssselect(".ob-status")[0]))
            for c in g.cssselect(".ob-component")
        ]
        for g in home.cssselect(".ob-group")
    }
    assert groups == {
        "Platform": [
            ("Public API", "✓ Operational"),
            ("Dashboard", "✓ Operational"),
            ("Login and SSO", "✓ Operational"),
            ("Webhooks", "! Partial outage"),
        ],
        "Data services": [
            ("Managed Postgres", "✓ Operational"),
            ("Object Storage", "✓ Operational"),
        ],
    }


def test_home_page_recent_history_day_by_day(example_site):
    days = page(example_site, "").cssselect(".ob-day")
    assert len(days) == 14
    assert days[0].cssselect("time")[0].get("datetime") == "2026-11-23"
    assert "Webhook deliveries delayed and failing" in text(days[0])
    assert days[11].cssselect("time")[0].get("datetime") == "2026-11-12"
    assert "Managed Postgres" in text(days[11])
    assert text(days[1]) == "22 Nov 2026 No incidents reported."


def test_status_pages_stay_out_of_the_navigation(example_site):
    home = page(example_site, "")
    nav_links = {a.get("href") for a in home.cssselect("nav.md-tabs a, nav.md-nav--primary a")}
    assert "./incidents/" in nav_links or "incidents/" in nav_links
    assert not any("2026-" in (href or "") for href in nav_links)


def test_incident_page_reads_like_a_postmortem(example_site):
    doc = page(example_site, "incidents/2026-10-08-postgres-eu-central-outage")
    assert text(doc.cssselect("h1")[0]) == "Managed Postgres unavailable in eu-central"
    facts = {
        text(d.cssselect("dt")[0]): text(d.cssselect("dd")[0])
        for d in doc.cssselect(".ob-facts > div")
    }
    assert facts == {
        "Status": "Resolved",
        "Impact": "Critical",
        "Affected": "Public API Dashboard Managed Postgres",
        "Started": "8 Oct 2026, 04:17 CEST",
        "Resolved": "8 Oct 2026, 07:22 CEST",
        "Duration": "3 h 5 min",
    }
    assert "25%" in text(doc.cssselect(".ob-remedy")[0])
    items = doc.cssselect(".ob-timeline__item")
    assert [text(i.cssselect(".ob-phase")[0]) for i in items] == [
        "Resolved",
        "Monitoring",
        "Monitoring",
        "Identified",
        "Identified",
        "Investigating",
    ]
    times = [i.cssselect("time")[0].get("datetime") for i in items]
    assert times == sorted(times, reverse=True)
    assert times[0] == "2026-10-08T05:22:00Z"
    assert items[0].get("id") == "update-6"
    assert [text(h) for h in doc.cssselect(".ob-report h2")] == ["Report"]
    # The report's own `##` headings sit one level below the page's "Report".
    assert [text(h) for h in doc.cssselect(".ob-report h3")][:2] == ["What happened", "Impact"]
    assert len(doc.cssselect(".ob-commitment")) >= 3


def test_open_incident_page_shows_next_update(example_site):
    doc = page(example_site, "incidents/2026-11-23-webhook-delivery-failures")
    facts = {
        text(d.cssselect("dt")[0]): text(d.cssselect("dd")[0])
        for d in doc.cssselect(".ob-facts > div")
    }
    assert facts["Status"] == "Identified"
    assert facts["Open for"] == "1 h 10 min"
    assert text(doc.cssselect(".ob-next")[0]) == "Next update by 13:30 CET"


def test_history_and_component_pages(example_site):
    history = page(example_site, "incidents")
    rows = history.cssselect(".ob-row__title")
    assert len(rows) == 8
    assert rows[0].get("href") == "../incidents/2026-11-23-webhook-delivery-failures/"
    assert [text(h) for h in history.cssselect(".ob-month h2")] == [
        "November 2026",
        "October 2026",
        "September 2026",
        "August 2026",
    ]
    component = page(example_site, "components/postgres")
    assert "Current status: ✓ Operational" in text(component)
    titles = [
        text(a)
        for a in component.get_element_by_id("ob-recent").getparent().cssselect(".ob-row__title")
    ]
    assert titles == [
        "Slow point-in-time restores for Managed Postgres",
        "Managed Postgres unavailable in eu-central",
    ]


def test_site_loads_nothing_from_other_hosts(example_site):
    for path in example_site.rglob("*.html"):
        doc = lhtml.fromstring(path.read_bytes())
        for element, attribute in (
            ("script", "src"),
            ("link", "href"),
            ("img", "src"),
            ("iframe", "src"),
        ):
            for node in doc.iter(element):
                value = node.get(attribute) or ""
                if node.get("rel") == "canonical" or node.get("hreflang"):
                    continue  # addresses of this page, not loaded
                assert not value.startswith(("http:", "https:", "//")), f"{path}: {value}"


@pytest.mark.slow
def test_two_builds_are_byte_identical(tmp_path):
    build(EXAMPLE, tmp_path / "a", EXAMPLE_NOW)
    build(EXAMPLE, tmp_path / "b", EXAMPLE_NOW)
    a, b = tree_digest(tmp_path / "a"), tree_digest(tmp_path / "b")
    for name in (
        "sitemap.xml",
        "search/search_index.json",
        "feeds/all.atom",
        "feeds/all.rss",
        "feeds/all.json",
        "feeds/maintenance.ics",
        "api/v2/summary.json",
        "badge.svg",
    ):
        assert name in a
    assert a == b


@pytest.mark.slow
def test_failed_build_leaves_the_previous_site_untouched(tmp_path, monkeypatch):
    monkeypatch.chdir(tmp_path)
    content = tmp_path / "content"
    shutil.copytree(EXAMPLE, content)
    out = tmp_path / "site"
    build(content, out, EXAMPLE_NOW)
    before = tree_digest(out)

    (content / "incidents" / "2026-11-23-broken.md").write_text("---\ntitle: [\n---\n")
    with pytest.raises(ContentErrors):
        build(content, out, EXAMPLE_NOW)
    assert tree_digest(out) == before

    # A failure inside MkDocs, after validation, also leaves it as it was.
    (content / "incidents" / "2026-11-23-broken.md").unlink()
    portal = content / "portal.yml"
    portal.write_text(
        portal.read_text() + "allow_scripts: true\nmkdocs:\n  plugins: [no-such-plugin]\n"
    )
    with pytest.raises(BuildError):
        build(content, out, EXAMPLE_NOW)
    assert tree_digest(out) == before
    assert [p.name for p in tmp_path.iterdir() if p.name.startswith(".site")] == []


@pytest.mark.slow
def test_successful_build_replaces_the_previous_site(tmp_path):
    out = tmp_path / "site"
    build(EXAMPLE, out, EXAMPLE_NOW)
    (out / "stale.html").write_text("old")
    build(EXAMPLE, out, EXAMPLE_NOW)
    assert not (out / "stale.html").exists()
    assert (out / "index.html").is_file()
    assert sorted(p.name for p in tmp_path.iterdir()) == ["site"]


@pytest.mark.slow
def test_subpath_url_is_used_for_canonical_links(tmp_path, monkeypatch):
    content = tmp_path / "content"
    shutil.copytree(EXAMPLE, content)
    portal = content / "portal.yml"
    portal.write_text(
        portal.read_text().replace(
            "https://status.northwind.example/", "https://org.github.io/status"
        )
    )
    build(content, tmp_path / "site", EXAMPLE_NOW)
    doc = page(tmp_path / "site", "incidents/2026-10-08-postgres-eu-central-outage")
    canonical = doc.cssselect("link[rel=canonical]")[0].get("href")
    assert (
        canonical == "https://org.github.io/status/incidents/2026-10-08-postgres-eu-central-outage/"
    )


def test_home_page_maintenance_and_pinned_announcements(example_site):
    home = page(example_site, "")
    windows = home.get_element_by_id("ob-maintenance").getparent().cssselect(".ob-card")
    assert [text(w.cssselect("h3")[0]) for w in windows] == [
        "Drive firmware update on Object Storage nodes in eu-central",
        "Database upgrade behind the Public API and Dashboard",
    ]
    state = windows[0].cssselect(".ob-mstate")[0]
    assert (state.text, state.get("data-ob-window-start"), state.get("data-ob-window-end")) == (
        "Scheduled",
        "2026-11-23T22:00:00Z",
        "2026-11-24T00:00:00Z",
    )
    assert text(windows[1].cssselect(".ob-window")[0]) == "1 Dec 2026, 03:00 CET – 05:00 CET (2 h)"
    pinned = home.get_element_by_id("ob-pinned").getparent()
    assert (
        text(pinned)
        == "Announcements New API rate limits from 1 January Change Takes effect 1 Jan 2027 (in 39 days)"
    )
    assert pinned.cssselect(".ob-countdown")[0].get("data-ob-countdown") == "2027-01-01"


def test_incident_row_reads_as_words(example_site):
    (row,) = page(example_site, "").cssselect(".ob-day")[0].cssselect(".ob-row")
    assert text(row) == (
        "Webhook deliveries delayed and failing Major Identified 11:50 CET · open for 1 h 10 min "
        "· Webhooks"
    )


def test_how_we_work_pages_in_order_and_in_the_navigation(example_site):
    index = page(example_site, "how-we-work")
    assert [text(a) for a in index.cssselect(".ob-row__title")] == [
        "How we handle incidents",
        "How we write incident updates",
        "How we handle your data",
        "Our pricing principles",
        "Reporting a vulnerability",
    ]
    standing = page(example_site, "how-we-work/data-handling")
    assert text(standing.cssselect(".ob-standing h1")[0]) == "How we handle your data"
    sidebar = [text(a) for a in standing.cssselect(".md-nav--primary .md-nav__link")]
    assert "How we write incident updates" in sidebar and "Our pricing principles" in sidebar


def test_uptime_bars_with_words_for_every_day(example_site):
    home = page(example_site, "")
    components = home.cssselect(".ob-component")
    assert [len(c.cssselect(".ob-bar")) for c in components] == [90] * 6
    postgres = components[4]
    bad = postgres.cssselect(".ob-bar a")
    assert [a.get("href") for a in bad] == [
        "./components/postgres/#day-2026-10-08",
        "./components/postgres/#day-2026-11-12",
    ]
    assert text(bad[0]) == (
        "8 Oct 2026: major outage 55 min and partial outage 2 h 10 min (1 h 34 min downtime); "
        "1 incident: Managed Postgres unavailable in eu-central"
    )
    assert text(postgres.cssselect(".ob-bar--operational .ob-tip")[0]).endswith(": no incidents")
    # 94 minutes down in 89 days and 13 hours.
    assert text(postgres.cssselect(".ob-uptime__pct")[0]) == "99.92% uptime"


def test_component_page_figures_and_bad_days(example_site):
    doc = page(example_site, "components/postgres")
    figures = {
        text(d.cssselect("dt")[0]): text(d.cssselect("dd")[0])
        for d in doc.cssselect(".ob-figures > div")
    }
    assert figures == {
        "Last 30 days": "100.00%",
        "Last 90 days": "99.92%",
        "Last 365 days": "99.98%",
    }
    day = doc.get_element_by_id("day-2026-10-08")
    assert "1 h 34 min downtime" in text(day)
    assert [a.get("href") for a in day.cssselect(".ob-row__title")] == [
        "../../incidents/2026-10-08-postgres-eu-central-outage/"
    ]


@pytest.mark.slow
def test_shared_navigation_fragments_match_rendering_every_page(tmp_path, monkeypatch):
    """Pages outside the navigation reuse one rendering of the nav and tabs per depth;
    the site must be byte-identical to one where every page renders its own."""
    from generator.site.mkdocs_engine import plugin as mkdocs_plugin

    shared: dict = {}
    on_env = mkdocs_plugin.OpenbookPlugin.on_env

    def keep_fragments(self, env, config, files):
        result = on_env(self, env, config, files)
        shared.update(fragments=env.globals["openbook_fragments"])
        return result

    monkeypatch.setattr(mkdocs_plugin.OpenbookPlugin, "on_env", keep_fragments)
    build(EXAMPLE, tmp_path / "shared", EXAMPLE_NOW)
    assert {"nav:incidents/", "tabs:incidents/", "nav:components/"} <= set(shared["fragments"])
    original = mkdocs_plugin.OpenbookPlugin.on_page_markdown

    def without_sharing(self, markdown, page, config, files):
        result = original(self, markdown, page, config, files)
        page.meta.pop("openbook_fragments", None)
        return result

    monkeypatch.setattr(mkdocs_plugin.OpenbookPlugin, "on_page_markdown", without_sharing)
    build(EXAMPLE, tmp_path / "each", EXAMPLE_NOW)
    assert tree_digest(tmp_path / "shared") == tree_digest(tmp_path / "each")


def test_forms_have_a_submit_button_and_toggles_a_name(example_site):
    history = page(example_site, "incidents")
    (form,) = history.cssselect("form.ob-filter")
    assert [b.get("type") for b in form.cssselect("button")] == ["submit"]
    for url in ("", "incidents", "how-we-work/incident-handling"):
        (toc,) = page(example_site, url).cssselect("#__toc")
        assert toc.get("aria-label") == "Table of contents"
