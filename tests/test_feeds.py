"""Feeds parsed with feedparser: every update its own entry, stable ids, newest first."""

from __future__ import annotations

import json
from datetime import UTC, datetime

import feedparser
import pytest
from lxml import html as lhtml

from generator.build import build
from generator.content.load import load_content
from generator.facts import derive

from .conftest import EXAMPLE, EXAMPLE_NOW, add_incident
from .helpers.atom import atom_grammar

URL = "https://status.northwind.example/"


def parse(site, name):
    feed = feedparser.parse((site / "feeds" / name).read_bytes())
    assert not feed.bozo, f"{name}: {feed.get('bozo_exception')}"
    return feed


def body(entry) -> str:
    """An entry's HTML: Atom's <content>, RSS's <description>."""
    return entry.content[0].value if "content" in entry else entry.summary


def example_updates():
    content = derive.as_of(load_content(EXAMPLE), EXAMPLE_NOW)
    return [(i, u) for i in content.incidents for u in i.updates]


def example_counts() -> dict[str, int]:
    """Entries per kind: each incident update; each window's announcement and updates; each announcement."""
    content = derive.as_of(load_content(EXAMPLE), EXAMPLE_NOW)
    return {
        "incidents": sum(len(i.updates) for i in content.incidents),
        "maintenance": sum(1 + len(m.updates) for m in content.maintenance),
        "announcements": len(content.announcements),
    }


def test_every_update_is_an_entry_newest_first(example_site):
    counts = example_counts()
    assert counts == {"incidents": 30, "maintenance": 7, "announcements": 3}
    reports = 3  # August, September and October 2026 have closed; each announces its report
    for name, expected in (
        ("all.atom", 40 + reports),
        ("all.rss", 40 + reports),
        ("incidents.atom", 30),
        ("incidents.rss", 30),
        ("maintenance.atom", 7),
        ("announcements.rss", 3 + reports),
    ):
        feed = parse(example_site, name)
        assert len(feed.entries) == expected, name
        published = [e.published_parsed for e in feed.entries]
        assert published == sorted(published, reverse=True)
        assert len({e.id for e in feed.entries}) == len(feed.entries)
    first = parse(example_site, "all.atom").entries[0]
    assert first.title == "Identified: Webhook deliveries delayed and failing"
    assert (
        first.id == first.link == f"{URL}incidents/2026-11-23-webhook-delivery-failures/#update-2"
    )
    assert datetime(*first.published_parsed[:6], tzinfo=UTC) == datetime(
        2026, 11, 23, 11, 20, tzinfo=UTC
    )
    assert "<strong>Identified</strong> — Webhooks: partial outage" in first.content[0].value
    assert "rolling back the release" in first.content[0].value


def test_entry_links_point_at_anchors_that_exist(example_site):
    for entry in parse(example_site, "all.rss").entries:
        path, _, anchor = entry.link.removeprefix(URL).partition("#")
        page = lhtml.fromstring((example_site / path / "index.html").read_bytes())
        if anchor:
            assert page.get_element_by_id(anchor) is not None, entry.link


def test_relative_links_in_entries_become_absolute(example_site):
    for entry in parse(example_site, "announcements.atom").entries:
        for href in lhtml.fromstring(body(entry)).xpath("//a/@href"):
            assert href.startswith(("https://", "mailto:")), (entry.title, href)


def test_json_feed(example_site):
    feed = json.loads((example_site / "feeds" / "all.json").read_text(encoding="utf-8"))
    assert feed["version"] == "https://jsonfeed.org/version/1.1"
    assert feed["feed_url"] == f"{URL}feeds/all.json"
    assert len(feed["items"]) == 40 + 3  # the updates, and three monthly reports
    item = feed["items"][0]
    assert item["id"] == f"{URL}incidents/2026-11-23-webhook-delivery-failures/#update-2"
    assert item["date_published"] == "2026-11-23T11:20:00Z"
    assert item["tags"] == ["incident", "webhooks"]
    # feedparser 6 reads no JSON Feed; the spec's required fields are checked here instead.
    assert all(
        {"id", "url", "title", "content_html", "date_published"} <= set(i) for i in feed["items"]
    )
    atom = parse(example_site, "all.atom")
    assert [i["id"] for i in feed["items"]] == [e.id for e in atom.entries]


def test_component_feeds_hold_only_what_affected_the_component(example_site):
    webhooks = parse(example_site, "components/webhooks.atom")
    assert [e.title for e in webhooks.entries] == [
        "Identified: Webhook deliveries delayed and failing",
        "Investigating: Webhook deliveries delayed and failing",
    ]
    api = parse(example_site, "components/api.rss")
    expected = [
        (i, u)
        for i, u in example_updates()
        if "api" in i.components or any("api" in (x.components or {}) for x in i.updates)
    ]
    kinds = [e.id.removeprefix(URL).split("/")[0] for e in api.entries]
    # Incident updates, plus the API database upgrade's announcement and the rate-limit change.
    assert kinds.count("incidents") == len(expected)
    assert kinds.count("maintenance") == 1 and kinds.count("announcements") == 1


@pytest.mark.slow
def test_feed_size_limits_entries(content, tmp_path):
    add_incident(content, "incident_valid.md")
    portal = content / "portal.yml"
    portal.write_text(portal.read_text() + "feed_size: 2\n")
    build(content, tmp_path / "site", datetime(2026, 11, 21, tzinfo=UTC))
    feed = parse(tmp_path / "site", "all.atom")
    assert [e.title.split(":")[0] for e in feed.entries] == ["Resolved", "Identified"]


@pytest.mark.slow
def test_any_text_an_author_writes_keeps_feeds_valid(content, tmp_path):
    add_incident(content, "incident_with_hostile_text.md")
    build(content, tmp_path / "site", datetime(2026, 11, 21, tzinfo=UTC))
    title = 'Errors & <timeouts> in ]]> "quotes" 🔥 مرحبا'
    for name in ("all.atom", "all.rss", "incidents.atom", "components/api.rss"):
        feed = parse(tmp_path / "site", name)
        assert feed.entries[1].title == f"Investigating: {title}"
        assert "a &lt; b &amp;&amp; c &gt; d" in body(feed.entries[1])
        assert "fail ]]&gt; 🔥 — שלום עולם" in body(feed.entries[1])
    item = json.loads((tmp_path / "site" / "feeds" / "all.json").read_text(encoding="utf-8"))[
        "items"
    ][1]
    assert item["title"] == f"Investigating: {title}"
    assert "<code>a &lt; b &amp;&amp; c &gt; d</code> fail ]]&gt; 🔥" in item["content_html"]


def test_pages_announce_their_feeds(example_site):
    def alternates(url):
        page = lhtml.fromstring((example_site / url / "index.html").read_bytes())
        return [
            (link.get("type"), link.get("href"))
            for link in page.cssselect("link[rel=alternate][type]")
        ]

    site_wide = [
        ("application/atom+xml", "feeds/all.atom"),
        ("application/rss+xml", "feeds/all.rss"),
        ("application/feed+json", "feeds/all.json"),
    ]
    assert alternates("")[:3] == [(t, "./" + h) for t, h in site_wide]
    assert ("application/atom+xml", "./feeds/maintenance.atom") in alternates("")
    assert alternates("components/postgres") == [(t, "../../" + h) for t, h in site_wide] + [
        ("application/atom+xml", "../../feeds/components/postgres.atom"),
        ("application/rss+xml", "../../feeds/components/postgres.rss"),
    ]
    incident = alternates("incidents/2026-11-23-webhook-delivery-failures")
    assert ("application/atom+xml", "../../feeds/incidents.atom") in incident
    assert ("application/atom+xml", "../../feeds/components/webhooks.atom") in incident
    home = lhtml.fromstring((example_site / "index.html").read_bytes())
    subscribe = [a.get("href") for a in home.cssselect(".ob-subscribe a")]
    assert subscribe == [
        "./feeds/all.atom",
        "./feeds/all.rss",
        "./feeds/all.json",
        "./feeds/incidents.atom",
        "./feeds/incidents.rss",
        "./feeds/maintenance.atom",
        "./feeds/maintenance.rss",
        "./feeds/announcements.atom",
        "./feeds/announcements.rss",
        "./feeds/maintenance.ics",
        "./api/v2/summary.json",
        "./badge.svg",
    ]


def test_subscribe_page_lists_every_feed_the_api_and_the_calendar(example_site):
    page = lhtml.fromstring((example_site / "subscribe" / "index.html").read_bytes())
    hrefs = [a.get("href") for a in page.cssselect(".ob-page a")]
    for name in (
        "all.atom",
        "all.json",
        "incidents.rss",
        "maintenance.atom",
        "announcements.rss",
        "components/webhooks.atom",
        "maintenance.ics",
    ):
        assert f"../feeds/{name}" in hrefs, name
    assert (
        "../api/v2/summary.json" in hrefs
        and "../api/v2/scheduled-maintenances/active.json" in hrefs
    )
    for href in hrefs:
        if href.startswith("../"):
            assert (example_site / href[3:]).exists() or (
                example_site / href[3:] / "index.html"
            ).exists(), href


def test_a_title_that_carries_its_label_is_not_labelled_twice(example_site):
    feed = feedparser.parse((example_site / "feeds" / "announcements.atom").read_bytes())
    titles = [e.title for e in feed.entries]
    assert "Transparency report: Q3 2026" in titles
    assert not any(t.startswith("Transparency report: Transparency report") for t in titles)
    assert "Change: New API rate limits from 1 January" in titles
    rss = feedparser.parse((example_site / "feeds" / "all.rss").read_bytes())
    assert "Transparency report: Q3 2026" in [e.title for e in rss.entries]


def test_every_atom_feed_is_valid_rfc_4287(example_site):
    from lxml import etree

    grammar = atom_grammar()
    ns = {"a": "http://www.w3.org/2005/Atom"}
    feeds = sorted(example_site.joinpath("feeds").rglob("*.atom"))
    assert len(feeds) >= 10
    for path in feeds:
        doc = etree.parse(str(path))
        assert grammar.validate(doc), (path.name, str(grammar.error_log.last_error))
        # 4.1.1: an atom:feed has an atom:author unless every entry has one.
        assert doc.xpath(
            "/a:feed/a:author or not(/a:feed/a:entry[not(a:author)])", namespaces=ns
        ), path.name
        # 4.1.1.2: an entry without content has an alternate link.
        assert not doc.xpath(
            "//a:entry[not(a:content) and not(a:link[not(@rel) or @rel='alternate'])]",
            namespaces=ns,
        ), path.name
    author = etree.parse(str(feeds[0])).find("a:author", ns)
    assert [(child.tag.split("}")[1], child.text) for child in author] == [
        ("name", "Northwind Cloud Status"),
        ("email", "status@northwind.example"),
        ("uri", "https://status.northwind.example/"),
    ]


def test_the_grammar_refuses_a_feed_without_its_required_parts():
    from lxml import etree

    grammar = atom_grammar()
    atom = "http://www.w3.org/2005/Atom"
    assert not grammar.validate(
        etree.fromstring(f'<feed xmlns="{atom}"><title>x</title></feed>'.encode())
    )
    assert not grammar.validate(
        etree.fromstring(
            f'<feed xmlns="{atom}"><id>x</id><title>x</title><updated>20 Nov</updated></feed>'.encode()
        )
    )
    assert grammar.validate(
        etree.fromstring(
            f'<feed xmlns="{atom}"><id>x</id><title>x</title><updated>2026-11-20T14:10:00Z</updated></feed>'.encode()
        )
    )
